package worker

import (
	"bytes"
	"context"
	"fmt"
	"net"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
	"github.com/vmihailenco/msgpack/v5"

	"github.com/natsexec/natsexec/jobs"
)

func TestDurableJobEachPlacement(t *testing.T) {
	ns := startNATS(t, "")
	nc := connect(t, ns.ClientURL())
	startWorker(t, nc, Config{Name: "w1"})
	js, _ := jetstream.New(nc)
	kv := resultsBucket(t, js)
	for _, p := range []jobs.Placement{jobs.PlacementShared, jobs.PlacementOwned, jobs.PlacementResident} {
		id := "hello-" + string(p)
		publishJob(t, js, &jobs.Job{ID: id, Runtime: jobs.RuntimeJS, Placement: p, Source: `console.log("hi from", process.argv[2]); process.exitCode = 3`, Args: []string{string(p)}}, nil)
		res := waitResult(t, kv, id, 30*time.Second)
		if res.Status != jobs.StatusOK || res.ExitCode != 3 || string(res.Stdout) != "hi from "+string(p)+"\n" {
			t.Errorf("%s: result %+v (stdout %q, err %q)", p, res.Status, res.Stdout, res.Error)
		}
		if res.Worker != "w1" || res.Attempt != 1 || res.SidecarPID == 0 || res.Placement != p {
			t.Errorf("%s: provenance worker=%q attempt=%d pid=%d placement=%q", p, res.Worker, res.Attempt, res.SidecarPID, res.Placement)
		}
		for _, ph := range []string{jobs.PhaseQueueWait, jobs.PhaseFirstExec} {
			if _, ok := res.Phase(ph); !ok && !(p == jobs.PlacementResident && ph == jobs.PhaseFirstExec) {
				t.Errorf("%s: no %s phase in %+v", p, ph, res.Phases)
			}
		}
	}
}

func TestReplySubjectGetsResult(t *testing.T) {
	ns := startNATS(t, "")
	nc := connect(t, ns.ClientURL())
	startWorker(t, nc, Config{})
	js, _ := jetstream.New(nc)
	inbox := nats.NewInbox()
	sub, err := nc.SubscribeSync(inbox)
	if err != nil {
		t.Fatal(err)
	}
	h := nats.Header{}
	h.Set(jobs.HeaderContentType, jobs.ContentTypeJSON)
	m := nats.NewMsg(jobs.JobSubject("default"))
	m.Header = h
	m.Data = []byte(fmt.Sprintf(`{"id":"json-1","runtime":"js","source":"console.log(40+2)","reply":%q}`, inbox))
	if _, err := js.PublishMsg(t.Context(), m); err != nil {
		t.Fatal(err)
	}
	msg, err := sub.NextMsg(30 * time.Second)
	if err != nil {
		t.Fatal(err)
	}
	if ct := msg.Header.Get(jobs.HeaderContentType); ct != jobs.ContentTypeJSON {
		t.Errorf("reply content type %q", ct)
	}
	res, err := jobs.DecodeResult(jobs.JSON, msg.Data)
	if err != nil {
		t.Fatal(err)
	}
	if res.Status != jobs.StatusOK || string(res.Stdout) != "42\n" {
		t.Errorf("result %+v", res)
	}
}

// Bad payloads get a rejected result naming the field, and nothing else
// happens: the worker keeps serving.
func TestBadPayloadsAreRejected(t *testing.T) {
	ns := startNATS(t, "")
	nc := connect(t, ns.ClientURL())
	startWorker(t, nc, Config{})
	js, _ := jetstream.New(nc)
	kv := resultsBucket(t, js)
	wrongTypes, _ := msgpack.Marshal(map[string]any{"runtime": "js", "source": 42})
	// Past the source cap once inflated. Plain, it would not reach the
	// worker: JetStream's file store takes no message of 32 MiB.
	big := jobs.Job{Runtime: jobs.RuntimeJS, Source: strings.Repeat("a", jobs.MaxSourceBytes+1)}
	_ = big.CompressSource()
	oversized, _ := jobs.JSON.Marshal(&big)
	// msgpack's decoder recurses per level and allocates what a length
	// says: 16 MiB of arrays in arrays under an unknown field overflowed the
	// worker's stack (a fatal error, not a panic), and an env claiming 800
	// million entries took 0.7 s and the map's memory.
	deep := append([]byte("\x82\xa7runtime\xa2js\xa3zzz"), bytes.Repeat([]byte{0x91}, 16<<20)...)
	deep = append(deep, 0xc0)
	hugeEnv := []byte("\x83\xa7runtime\xa2js\xa6source\xa11\xa3env\xdf\x30\x30\x30\x30")
	cases := []struct {
		id, ct string
		body   []byte
		want   string
	}{
		{"garbage", "", []byte{0xc1, 0x00, 0xff}, "body"},
		{"wrongtypes", "", wrongTypes, "source"},
		{"unknown-runtime", jobs.ContentTypeJSON, []byte(`{"runtime":"cobol","source":"x"}`), "runtime"},
		{"oversized", jobs.ContentTypeJSON, oversized, "source_gzip"},
		{"bad-json", jobs.ContentTypeJSON, []byte(`{"runtime":`), "body"},
		{"deep", "", deep, "nested too deeply"},
		{"huge-env", "", hugeEnv, "a length past the end"},
	}
	for _, c := range cases {
		m := nats.NewMsg(jobs.JobSubject(""))
		m.Data = c.body
		m.Header.Set(jobs.HeaderMsgID, c.id)
		if c.ct != "" {
			m.Header.Set(jobs.HeaderContentType, c.ct)
		}
		if _, err := js.PublishMsg(t.Context(), m); err != nil {
			t.Fatal(err)
		}
	}
	for _, c := range cases {
		res := waitResult(t, kv, c.id, 30*time.Second)
		if res.Status != jobs.StatusRejected || !strings.Contains(res.Error, c.want) {
			t.Errorf("%s: status %s error %q, want rejected naming %q", c.id, res.Status, res.Error, c.want)
		}
	}
	// Still serving.
	publishJob(t, js, &jobs.Job{ID: "after", Runtime: jobs.RuntimeJS, Source: "1"}, nil)
	if res := waitResult(t, kv, "after", 30*time.Second); res.Status != jobs.StatusOK {
		t.Errorf("after bad payloads: %+v", res)
	}
}

func TestDuplicateSubmissionRunsOnce(t *testing.T) {
	ns := startNATS(t, "")
	nc := connect(t, ns.ClientURL())
	startWorker(t, nc, Config{})
	js, _ := jetstream.New(nc)
	kv := resultsBucket(t, js)
	job := &jobs.Job{ID: "dup", Runtime: jobs.RuntimeJS, Source: "console.log(Math.random())"}
	first := publishJob(t, js, job, nil)
	second := publishJob(t, js, job, nil)
	if first.Duplicate || !second.Duplicate {
		t.Fatalf("acks: first dup=%v second dup=%v", first.Duplicate, second.Duplicate)
	}
	res := waitResult(t, kv, "dup", 30*time.Second)
	if res.Status != jobs.StatusOK {
		t.Fatalf("%+v", res)
	}
	hist, err := kv.History(t.Context(), "dup")
	if err != nil {
		t.Fatal(err)
	}
	if len(hist) != 1 {
		t.Errorf("%d results stored for one job", len(hist))
	}
}

func TestGuestErrorsAreFinal(t *testing.T) {
	ns := startNATS(t, "")
	nc := connect(t, ns.ClientURL())
	startWorker(t, nc, Config{})
	js, _ := jetstream.New(nc)
	kv := resultsBucket(t, js)
	publishJob(t, js, &jobs.Job{ID: "throws", Runtime: jobs.RuntimeJS, Source: `throw new Error("nope")`}, nil)
	publishJob(t, js, &jobs.Job{ID: "loops", Runtime: jobs.RuntimeJS, Source: `while(true){}`, Limits: jobs.Limits{Timeout: jobs.Duration(200 * time.Millisecond)}}, nil)
	if res := waitResult(t, kv, "throws", 30*time.Second); res.Status != jobs.StatusGuestError || res.Attempt != 1 || !strings.Contains(res.Error, "nope") {
		t.Errorf("throws: %+v", res)
	}
	if res := waitResult(t, kv, "loops", 30*time.Second); res.Status != jobs.StatusTimeout || res.Attempt != 1 {
		t.Errorf("loops: %+v", res)
	}
}

func TestCancelRunningAndQueuedJobs(t *testing.T) {
	ns := startNATS(t, "")
	nc := connect(t, ns.ClientURL())
	w := startWorker(t, nc, Config{})
	js, _ := jetstream.New(nc)
	kv := resultsBucket(t, js)

	publishJob(t, js, &jobs.Job{ID: "spin", Runtime: jobs.RuntimeJS, Source: `while(true){}`, Limits: jobs.Limits{Timeout: jobs.Duration(time.Minute)}}, nil)
	waitFor(t, 30*time.Second, func() error {
		w.mu.Lock()
		defer w.mu.Unlock()
		if _, ok := w.running["spin"]; !ok {
			return fmt.Errorf("not running yet")
		}
		return nil
	})
	if err := nc.Publish(jobs.CancelSubject+".spin", nil); err != nil {
		t.Fatal(err)
	}
	if res := waitResult(t, kv, "spin", 30*time.Second); res.Status != jobs.StatusCancelled {
		t.Errorf("running job: %+v", res)
	}

	cancels, _ := js.KeyValue(t.Context(), jobs.CancelBucket)
	if _, err := cancels.Put(t.Context(), "later", []byte("user")); err != nil {
		t.Fatal(err)
	}
	publishJob(t, js, &jobs.Job{ID: "later", Runtime: jobs.RuntimeJS, Source: `console.log("ran")`}, nil)
	if res := waitResult(t, kv, "later", 30*time.Second); res.Status != jobs.StatusCancelled || len(res.Stdout) != 0 {
		t.Errorf("queued job: %+v", res)
	}
}

func TestRequestReplyService(t *testing.T) {
	ns := startNATS(t, "")
	nc := connect(t, ns.ClientURL())
	startWorker(t, nc, Config{})
	body, _ := msgpack.Marshal(&jobs.Job{ID: "rr", Runtime: jobs.RuntimeJS, Placement: jobs.PlacementResident, Source: "console.log('fast')"})
	msg, err := nc.Request(jobs.ServiceSubject, body, 30*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	res, err := jobs.DecodeResult(jobs.Msgpack, msg.Data)
	if err != nil {
		t.Fatal(err)
	}
	if res.Status != jobs.StatusOK || string(res.Stdout) != "fast\n" || msg.Header.Get(jobs.HeaderStatus) != "ok" {
		t.Errorf("reply %+v", res)
	}
	// A bad request gets a rejected reply, not silence.
	msg, err = nc.Request(jobs.ServiceSubject, []byte("junk"), 30*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	if res, _ := jobs.DecodeResult(jobs.Msgpack, msg.Data); res.Status != jobs.StatusRejected {
		t.Errorf("bad request: %+v", res)
	}
	// The service is discoverable like any NATS micro service.
	info, err := nc.Request("$SRV.INFO."+jobs.ServiceName, nil, 5*time.Second)
	if err != nil || !strings.Contains(string(info.Data), jobs.ServiceSubject) {
		t.Errorf("$SRV.INFO: %v %s", err, info.Data)
	}
}

// Three workers share 2,000 jobs; every job gets exactly one final result.
func TestFleetSharesTwoThousandJobs(t *testing.T) {
	if testing.Short() {
		t.Skip("2,000 jobs: skipped under -short")
	}
	ns := startNATS(t, "")
	nc := connect(t, ns.ClientURL())
	for i := range 3 {
		startWorker(t, connect(t, ns.ClientURL()), Config{Name: fmt.Sprintf("w%d", i), DisableService: true})
	}
	js, _ := jetstream.New(nc)
	kv := resultsBucket(t, js)
	const n = 2000
	placements := []jobs.Placement{jobs.PlacementResident, jobs.PlacementShared}
	var wg sync.WaitGroup
	for i := range n {
		body, _ := msgpack.Marshal(&jobs.Job{ID: fmt.Sprintf("j%d", i), Runtime: jobs.RuntimeJS, Placement: placements[i%2],
			Source: fmt.Sprintf("console.log(%d * 2)", i)})
		m := nats.NewMsg(jobs.JobSubject(""))
		m.Data = body
		m.Header.Set(jobs.HeaderMsgID, fmt.Sprintf("j%d", i))
		f, err := js.PublishMsgAsync(m)
		if err != nil {
			t.Fatal(err)
		}
		wg.Go(func() {
			select {
			case <-f.Ok():
			case err := <-f.Err():
				t.Error(err)
			}
		})
	}
	wg.Wait()
	byWorker := map[string]int{}
	waitFor(t, 3*time.Minute, func() error {
		st, err := kv.Status(context.Background())
		if err != nil {
			return err
		}
		if st.Values() < n {
			return fmt.Errorf("%d of %d results", st.Values(), n)
		}
		return nil
	})
	for i := range n {
		id := fmt.Sprintf("j%d", i)
		res := waitResult(t, kv, id, time.Second)
		if res.Status != jobs.StatusOK || string(res.Stdout) != fmt.Sprintf("%d\n", i*2) {
			t.Fatalf("%s: %+v", id, res)
		}
		hist, err := kv.History(t.Context(), id)
		if err != nil || len(hist) != 1 {
			t.Fatalf("%s: %d results (%v)", id, len(hist), err)
		}
		byWorker[res.Worker]++
	}
	if len(byWorker) != 3 {
		t.Errorf("jobs by worker %v: want all three workers busy", byWorker)
	}
	t.Logf("jobs by worker: %v", byWorker)
}

// A NATS server restart (same store) loses no job: workers reconnect and
// every job published before and after gets its result.
func TestNATSRestartLosesNothing(t *testing.T) {
	store := t.TempDir()
	ns := startNATS(t, store)
	url := ns.ClientURL()
	nc := connect(t, url)
	startWorker(t, connect(t, url), Config{DisableService: true})
	js, _ := jetstream.New(nc)
	for i := range 50 {
		publishJob(t, js, &jobs.Job{ID: fmt.Sprintf("before%d", i), Runtime: jobs.RuntimeJS, Source: "for (let i=0;i<2e5;i++){}"}, nil)
	}
	addr := ns.Addr().(*net.TCPAddr)
	ns.Shutdown()
	ns.WaitForShutdown()
	ns2, err := StartEmbedded(EmbeddedOptions{Host: addr.IP.String(), Port: addr.Port, StoreDir: store, Logger: testLogger(t)})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { shutdownEmbedded(ns2) })
	waitFor(t, 20*time.Second, func() error {
		if !nc.IsConnected() {
			return fmt.Errorf("not reconnected")
		}
		return nil
	})
	for i := range 50 {
		publishJob(t, js, &jobs.Job{ID: fmt.Sprintf("after%d", i), Runtime: jobs.RuntimeJS, Source: "1"}, nil)
	}
	kv := resultsBucket(t, js)
	for i := range 50 {
		for _, p := range []string{"before", "after"} {
			if res := waitResult(t, kv, fmt.Sprintf("%s%d", p, i), time.Minute); res.Status != jobs.StatusOK {
				t.Errorf("%s%d: %+v", p, i, res)
			}
		}
	}
}
