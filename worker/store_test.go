package worker

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
	"github.com/vmihailenco/msgpack/v5"

	"github.com/natsexec/natsexec/jobs"
)

// The first final result stored for a key wins; a non-final one never
// replaces it, and a final one replaces a non-final one.
func TestResultsAreWriteOnce(t *testing.T) {
	ns := startNATS(t, "")
	nc := connect(t, ns.ClientURL())
	w, err := New(t.Context(), Config{Conn: nc, Runner: &failingRunner{}, Logger: testLogger(t)})
	if err != nil {
		t.Fatal(err)
	}
	store := func(status jobs.Status, out string) *jobs.Result {
		t.Helper()
		body, err := jobs.EncodeResult(jobs.Msgpack, &jobs.Result{JobID: "k", Status: status, Stdout: []byte(out)})
		if err != nil {
			t.Fatal(err)
		}
		standing, err := w.storeResult(t.Context(), "k", body)
		if err != nil {
			t.Fatal(err)
		}
		return standing
	}
	stored := func() string {
		t.Helper()
		res, ok := w.storedResult(t.Context(), "k")
		if !ok {
			t.Fatal("nothing stored")
		}
		return string(res.Stdout)
	}
	if s := store(jobs.StatusInfraError, "infra-1"); s != nil || stored() != "infra-1" {
		t.Fatalf("first store: standing %v, stored %q", s, stored())
	}
	if s := store(jobs.StatusInfraError, "infra-2"); s != nil || stored() != "infra-2" {
		t.Fatalf("non-final over non-final: standing %v, stored %q", s, stored())
	}
	if s := store(jobs.StatusOK, "first"); s != nil || stored() != "first" {
		t.Fatalf("final over non-final: standing %v, stored %q", s, stored())
	}
	for _, st := range []jobs.Status{jobs.StatusOK, jobs.StatusGuestError, jobs.StatusInfraError} {
		if s := store(st, "second"); s == nil || string(s.Stdout) != "first" || stored() != "first" {
			t.Fatalf("%s over final: standing %v, stored %q", st, s, stored())
		}
	}
}

// A second job reusing an id that has a final result (after the dedupe
// window, or under another Nats-Msg-Id) neither runs nor replaces the
// result: it is answered with the standing result, marked Duplicate. A
// body id that disagrees with its Nats-Msg-Id is rejected naming id.
func TestTakenIDIsAnsweredNotRun(t *testing.T) {
	ns := startNATS(t, "")
	nc := connect(t, ns.ClientURL())
	startWorker(t, nc, Config{Concurrency: 2, DisableService: true})
	js, _ := jetstream.New(nc)
	kv := resultsBucket(t, js)

	publishJob(t, js, &jobs.Job{ID: "taken", Runtime: jobs.RuntimeJS, Source: `console.log("first")`}, nil)
	if r := waitResult(t, kv, "taken", 30*time.Second); r.Status != jobs.StatusOK || string(r.Stdout) != "first\n" {
		t.Fatalf("first: %+v", r)
	}
	before, err := kv.Get(t.Context(), "taken")
	if err != nil {
		t.Fatal(err)
	}

	replies, err := nc.SubscribeSync("_INBOX.taken.>")
	if err != nil {
		t.Fatal(err)
	}
	// No Nats-Msg-Id: as the stream sees a job resubmitted after its
	// dedupe window.
	body, _ := msgpack.Marshal(&jobs.Job{ID: "taken", Runtime: jobs.RuntimeJS, Source: `console.log("second")`, Reply: "_INBOX.taken.1"})
	if _, err := js.PublishMsg(t.Context(), &nats.Msg{Subject: jobs.JobSubject(""), Data: body, Header: nats.Header{}}); err != nil {
		t.Fatal(err)
	}
	m, err := replies.NextMsg(30 * time.Second)
	if err != nil {
		t.Fatal(err)
	}
	res, err := jobs.DecodeResult(jobs.Msgpack, m.Data)
	if err != nil {
		t.Fatal(err)
	}
	if !res.Duplicate || string(res.Stdout) != "first\n" {
		t.Errorf("second job answered %+v, want the first result marked duplicate", res)
	}

	// Body and header disagree: rejected under the header's id.
	body, _ = msgpack.Marshal(&jobs.Job{ID: "taken", Runtime: jobs.RuntimeJS, Source: `console.log("third")`})
	m2 := &nats.Msg{Subject: jobs.JobSubject(""), Data: body, Header: nats.Header{}}
	m2.Header.Set(jobs.HeaderMsgID, "other")
	if _, err := js.PublishMsg(t.Context(), m2); err != nil {
		t.Fatal(err)
	}
	if r := waitResult(t, kv, "other", 30*time.Second); r.Status != jobs.StatusRejected || !strings.Contains(r.Error, "field id") {
		t.Errorf("disagreeing ids: %+v", r)
	}
	after, err := kv.Get(t.Context(), "taken")
	if err != nil {
		t.Fatal(err)
	}
	if after.Revision() != before.Revision() {
		t.Errorf("the taken id's result was rewritten (revision %d → %d)", before.Revision(), after.Revision())
	}
}

// The ids issue 12 found unstorable run and are stored under their
// escaped keys, which is what `nats kv get natsexec-results KEY` reads.
func TestOddIDsAreStored(t *testing.T) {
	ns := startNATS(t, "")
	nc := connect(t, ns.ClientURL())
	startWorker(t, nc, Config{Concurrency: 4, DisableService: true})
	js, _ := jetstream.New(nc)
	kv := resultsBucket(t, js)
	ids := map[string]string{"a:b": "a=3Ab", "x$y": "x=24y", "café": "caf=C3=A9", "caf%C3%A9": "caf=25C3=25A9"}
	for id := range ids {
		publishJob(t, js, &jobs.Job{ID: id, Runtime: jobs.RuntimeJS, Source: `console.log(1)`}, nil)
	}
	for id, key := range ids {
		r := waitResult(t, kv, key, 30*time.Second)
		if r.Status != jobs.StatusOK || r.JobID != id || r.Attempt != 1 {
			t.Errorf("%s (key %s): %+v", id, key, r)
		}
	}
}

// A job out of attempts lands in NATSEXEC_DEAD even when it was published
// as submit publishes (with Nats-Expected-Stream, which the copy used to
// inherit and fail on), with the reason, attempts and last status.
func TestInfraErrorsRetryThenDeadLetter(t *testing.T) {
	ns := startNATS(t, "")
	nc := connect(t, ns.ClientURL())
	runner := &failingRunner{}
	startWorker(t, nc, Config{Runner: runner, MaxDeliver: 2, DisableService: true})
	js, _ := jetstream.New(nc)
	kv := resultsBucket(t, js)
	hdr := nats.Header{}
	hdr.Set("Nats-Expected-Stream", jobs.JobsStream)
	hdr.Set(jobs.HeaderContentType, jobs.Msgpack.ContentType())
	publishJob(t, js, &jobs.Job{ID: "doomed", Runtime: jobs.RuntimeJS, Source: "1"}, hdr)
	res := waitResult(t, kv, "doomed", 30*time.Second)
	if res.Status != jobs.StatusInfraError || res.Attempt != 2 || !strings.Contains(res.Error, "gave up after 2 attempts") {
		t.Errorf("final result %+v", res)
	}
	runner.mu.Lock()
	calls := runner.calls
	runner.mu.Unlock()
	if calls != 2 {
		t.Errorf("runner called %d times, want 2 (--max-deliver)", calls)
	}
	dead, err := js.Stream(t.Context(), jobs.DeadStream)
	if err != nil {
		t.Fatal(err)
	}
	msg, err := dead.GetLastMsgForSubject(t.Context(), jobs.DeadSubjectFor("default", ""))
	if err != nil {
		t.Fatal(err)
	}
	h := msg.Header
	if h.Get(jobs.HeaderDeadJobID) != "doomed" || !strings.Contains(h.Get(jobs.HeaderDeadReason), "exploded") ||
		h.Get(jobs.HeaderAttempt) != "2" || h.Get(jobs.HeaderDeadLastStatus) != string(jobs.StatusInfraError) ||
		h.Get(jobs.HeaderDeadSubject) != "jobs.default" || h.Get("Nats-Expected-Stream") != "" {
		t.Errorf("dead letter headers %v", h)
	}
	var job jobs.Job
	if err := msgpack.Unmarshal(msg.Data, &job); err != nil || job.ID != "doomed" {
		t.Errorf("dead letter body: %v %+v", err, job)
	}
}

// A job whose workers die holding it (here: delivered MaxDeliver times and
// never settled) is dead-lettered by whichever worker hears the server's
// max-deliveries advisory, gets an infra-error result and leaves the queue;
// a tenant's job, in its tenant's stream, as well.
func TestJobOutOfDeliveriesIsDeadLettered(t *testing.T) {
	ns := startNATS(t, "")
	nc := connect(t, ns.ClientURL())
	startWorker(t, nc, Config{Queue: "served", DisableService: true})
	// The consumers of a queue nobody serves: the test plays their workers.
	if _, err := New(t.Context(), Config{Conn: nc, Runner: &failingRunner{}, Queue: "orphans", Tenants: []string{"t1"}, MaxDeliver: 2, AckWait: 500 * time.Millisecond}); err != nil {
		t.Fatal(err)
	}
	js, _ := jetstream.New(nc)
	kv := resultsBucket(t, js)
	for _, tenant := range []string{"", "t1"} {
		stream := jobs.JobsStreamFor(tenant)
		body, _ := msgpack.Marshal(&jobs.Job{ID: "orphan", Runtime: jobs.RuntimeJS, Source: "1"})
		m := &nats.Msg{Subject: jobs.JobSubjectFor("orphans", tenant), Data: body, Header: nats.Header{}}
		m.Header.Set(jobs.HeaderMsgID, "orphan")
		m.Header.Set("Nats-Expected-Stream", stream)
		if _, err := js.PublishMsg(t.Context(), m); err != nil {
			t.Fatal(err)
		}
		cons, err := js.Consumer(t.Context(), stream, ConsumerName("orphans"))
		if err != nil {
			t.Fatal(err)
		}
		for range 2 { // taken twice, answered never
			batch, err := cons.Fetch(1, jetstream.FetchMaxWait(5*time.Second))
			if err != nil {
				t.Fatal(err)
			}
			n := 0
			for range batch.Messages() {
				n++
			}
			if n != 1 {
				t.Fatalf("%s: fetched %d", stream, n)
			}
			time.Sleep(700 * time.Millisecond)
		}
		// The server notices a pending job ran out of deliveries when
		// someone pulls, as a live fleet always does.
		batch, err := cons.Fetch(1, jetstream.FetchMaxWait(2*time.Second))
		if err != nil {
			t.Fatal(err)
		}
		for m := range batch.Messages() {
			t.Errorf("%s: delivered a third time: %s", stream, m.Subject())
		}
		res := waitResult(t, kv, jobs.TenantKey(tenant, "orphan"), 30*time.Second)
		if res.Status != jobs.StatusInfraError || !strings.Contains(res.Error, "gave up after 2 deliveries") || res.Tenant != tenant {
			t.Errorf("%s: result %+v", stream, res)
		}
		dead, _ := js.Stream(t.Context(), jobs.DeadStream)
		dl, err := dead.GetLastMsgForSubject(t.Context(), jobs.DeadSubjectFor("orphans", tenant))
		if err != nil {
			t.Fatal(err)
		}
		if dl.Header.Get(jobs.HeaderDeadJobID) != "orphan" || dl.Header.Get(jobs.HeaderDeadTenant) != tenant || dl.Header.Get("Nats-Expected-Stream") != "" {
			t.Errorf("%s: dead letter %v", stream, dl.Header)
		}
		waitFor(t, 10*time.Second, func() error {
			s, err := js.Stream(context.Background(), stream)
			if err != nil {
				return err
			}
			if n := s.CachedInfo().State.Msgs; n != 0 {
				return fmt.Errorf("%s still holds %d messages", stream, n)
			}
			return nil
		})
	}
}
