package worker

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/nats-io/nats.go/jetstream"

	"github.com/natsexec/natsexec/jobs"
)

// The attack of issue #12: a job whose reply names the JetStream API (purge
// the job queue, purge the results bucket) or another job's cancel subject,
// queued among ordinary jobs. Each is rejected naming reply, nothing is
// sent there: every other job runs and keeps its result, and the running
// job the attacker aimed at is not cancelled.
func TestHostileReplySubjectsAreRefused(t *testing.T) {
	ns := startNATS(t, "")
	nc := connect(t, ns.ClientURL())
	js, _ := jetstream.New(nc)
	startWorker(t, nc, Config{Concurrency: 2})
	kv := resultsBucket(t, js)

	victim := &jobs.Job{ID: "victim", Runtime: jobs.RuntimeJS, Source: `setTimeout(() => console.log("victim done"), 1500)`}
	publishJob(t, js, victim, nil)
	time.Sleep(300 * time.Millisecond) // the victim is running
	hostile := []string{
		"$JS.API.STREAM.PURGE." + jobs.JobsStream,
		"$JS.API.STREAM.PURGE.KV_" + jobs.ResultsBucket,
		"$KV." + jobs.ResultsBucket + ".victim",
		jobs.CancelSubject + ".victim",
		"jobs.default",
	}
	for i, reply := range hostile {
		publishJob(t, js, &jobs.Job{ID: fmt.Sprintf("hostile-%d", i), Runtime: jobs.RuntimeJS, Source: `1`, Reply: reply}, nil)
		for k := range 4 {
			publishJob(t, js, &jobs.Job{ID: fmt.Sprintf("after-%d-%d", i, k), Runtime: jobs.RuntimeJS, Source: fmt.Sprintf(`console.log(%d)`, i*10+k)}, nil)
		}
	}
	for i, reply := range hostile {
		res := waitResult(t, kv, fmt.Sprintf("hostile-%d", i), 30*time.Second)
		if res.Status != jobs.StatusRejected || !strings.Contains(res.Error, "field reply") {
			t.Errorf("reply %q: %s %q, want rejected naming reply", reply, res.Status, res.Error)
		}
		for k := range 4 {
			id := fmt.Sprintf("after-%d-%d", i, k)
			if r := waitResult(t, kv, id, 30*time.Second); r.Status != jobs.StatusOK || string(r.Stdout) != fmt.Sprintf("%d\n", i*10+k) {
				t.Errorf("%s: %s %q %q", id, r.Status, r.Stdout, r.Error)
			}
		}
	}
	if r := waitResult(t, kv, "victim", 30*time.Second); r.Status != jobs.StatusOK || string(r.Stdout) != "victim done\n" {
		t.Errorf("victim: %s %q %q", r.Status, r.Stdout, r.Error)
	}
}

// The same attack through the request path: a request whose own reply
// subject names the JetStream API is not answered and does not run; an
// ordinary request still is.
func TestHostileRequestReplyIsRefused(t *testing.T) {
	ns := startNATS(t, "")
	nc := connect(t, ns.ClientURL())
	js, _ := jetstream.New(nc)
	startWorker(t, nc, Config{Concurrency: 1})
	// One job runs; three wait in the stream, where a purge would take them.
	for i := range 4 {
		publishJob(t, js, &jobs.Job{ID: fmt.Sprintf("queued-%d", i), Runtime: jobs.RuntimeJS, Source: `setTimeout(() => console.log("kept"), 500)`}, nil)
	}
	time.Sleep(200 * time.Millisecond)
	body, _ := jobs.Msgpack.Marshal(&jobs.Job{ID: "req", Runtime: jobs.RuntimeJS, Source: `1`})
	if err := nc.PublishRequest(jobs.ServiceSubject, "$JS.API.STREAM.PURGE."+jobs.JobsStream, body); err != nil {
		t.Fatal(err)
	}
	for i := range 4 {
		id := fmt.Sprintf("queued-%d", i)
		if r := waitResult(t, resultsBucket(t, js), id, 30*time.Second); r.Status != jobs.StatusOK || string(r.Stdout) != "kept\n" {
			t.Errorf("%s: %s %q %q", id, r.Status, r.Stdout, r.Error)
		}
	}
	msg, err := nc.Request(jobs.ServiceSubject, body, 20*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	if st := msg.Header.Get(jobs.HeaderStatus); st != string(jobs.StatusOK) {
		t.Errorf("ordinary request: status %q", st)
	}
}
