package client_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
	"go.opentelemetry.io/otel/propagation"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"
	"go.opentelemetry.io/otel/trace"

	"github.com/natsexec/natsexec/client"
	"github.com/natsexec/natsexec/client/clienttest"
	"github.com/natsexec/natsexec/jobs"
	"github.com/natsexec/natsexec/worker"
	"github.com/natsexec/natsexec/worker/sidecar"
)

// natsURL is the shared in-process worker's NATS server.
var natsURL string

func TestMain(m *testing.M) {
	// The worker's sidecars re-execute this test binary.
	if len(os.Args) > 1 && os.Args[1] == sidecar.Subcommand {
		os.Exit(sidecar.Main(os.Args[2:]))
	}
	os.Exit(testMain(m))
}

func testMain(m *testing.M) int {
	dir, err := os.MkdirTemp("", "natsexec-client-test")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	defer os.RemoveAll(dir)
	return clienttest.Run(m, dir, func(url string) { natsURL = url })
}

func connect(t testing.TB) *nats.Conn {
	t.Helper()
	nc, err := nats.Connect(natsURL)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(nc.Close)
	return nc
}

func newClient(t testing.TB, opts ...client.Option) *client.Client {
	t.Helper()
	c, err := client.New(connect(t), opts...)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = c.Close() })
	return c
}

func ctxFor(t testing.TB, d time.Duration) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), d)
	t.Cleanup(cancel)
	return ctx
}

// waitFor polls cond until it holds or d passes.
func waitFor(t testing.TB, d time.Duration, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(d)
	tick := time.NewTicker(10 * time.Millisecond)
	defer tick.Stop()
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out after %s waiting for %s", d, what)
		}
		<-tick.C
	}
}

func jsJob(src string) *jobs.Job {
	return &jobs.Job{Runtime: jobs.RuntimeJS, Source: src}
}

func TestRun(t *testing.T) {
	t.Parallel()
	c := newClient(t)
	for _, p := range []jobs.Placement{jobs.PlacementShared, jobs.PlacementResident, jobs.PlacementOwned} {
		for _, codec := range []jobs.Codec{jobs.Msgpack, jobs.JSON} {
			t.Run(fmt.Sprintf("%s/%s", p, codec.ContentType()), func(t *testing.T) {
				t.Parallel()
				j := jsJob(`console.log("hi", process.argv.slice(2).join(",")); console.error("e"); process.exit(3)`)
				j.Placement, j.Args = p, []string{"a", "b"}
				res, err := c.Run(ctxFor(t, time.Minute), j, client.SubmitOptions{Codec: codec})
				if err != nil {
					t.Fatal(err)
				}
				if res.Status != jobs.StatusOK || res.ExitCode != 3 || string(res.Stdout) != "hi a,b\n" || string(res.Stderr) != "e\n" {
					t.Fatalf("got %s exit %d stdout %q stderr %q err %q", res.Status, res.ExitCode, res.Stdout, res.Stderr, res.Error)
				}
				if j.ID != "" || j.Reply != "" {
					t.Errorf("Run modified the caller's job: id %q reply %q", j.ID, j.Reply)
				}
			})
		}
	}
}

func TestRunWASM(t *testing.T) {
	t.Parallel()
	c := newClient(t)
	res, err := c.Run(ctxFor(t, time.Minute), &jobs.Job{Runtime: jobs.RuntimeWASM, Module: clienttest.WASIModule("hello wasm\n", 7)}, client.SubmitOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if res.Status != jobs.StatusOK || res.ExitCode != 7 || string(res.Stdout) != "hello wasm\n" {
		t.Fatalf("got %s exit %d stdout %q err %q", res.Status, res.ExitCode, res.Stdout, res.Error)
	}
}

func TestRequest(t *testing.T) {
	t.Parallel()
	for _, codec := range []jobs.Codec{jobs.Msgpack, jobs.JSON} {
		c := newClient(t, client.WithCodec(codec))
		j := &jobs.Job{Runtime: jobs.RuntimeTS, Source: `const n: number = 21; console.log(n * 2)`, Placement: jobs.PlacementResident}
		res, err := c.Request(ctxFor(t, time.Minute), j)
		if err != nil {
			t.Fatal(err)
		}
		if res.Status != jobs.StatusOK || string(res.Stdout) != "42\n" {
			t.Fatalf("%s: got %s stdout %q err %q", codec.ContentType(), res.Status, res.Stdout, res.Error)
		}
	}
}

// TestSubmitHeaders reads the job message as any subscriber of jobs.<queue>
// sees it: id, content type, batch and the trace context of the producer
// span.
func TestSubmitHeaders(t *testing.T) {
	t.Parallel()
	rec := tracetest.NewSpanRecorder()
	tp := sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(rec))
	c := newClient(t, client.WithTracerProvider(tp), client.WithPropagator(propagation.TraceContext{}))
	sub, err := c.Conn().SubscribeSync(jobs.JobSubject("headers"))
	if err != nil {
		t.Fatal(err)
	}
	ctx := ctxFor(t, time.Minute)
	id, err := c.Submit(ctx, jsJob(`1`), client.SubmitOptions{Queue: "headers", Codec: jobs.JSON, BatchID: "b1", Wait: true})
	if err != nil {
		t.Fatal(err)
	}
	m, err := sub.NextMsgWithContext(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for k, want := range map[string]string{
		jobs.HeaderMsgID:       id,
		jobs.HeaderContentType: jobs.ContentTypeJSON,
		jobs.HeaderBatch:       "b1",
	} {
		if got := m.Header.Get(k); got != want {
			t.Errorf("header %s = %q, want %q", k, got, want)
		}
	}
	spans := rec.Ended()
	if len(spans) != 1 {
		t.Fatalf("%d spans ended, want 1", len(spans))
	}
	s := spans[0]
	if s.Name() != "publish jobs.headers" || s.SpanKind() != trace.SpanKindProducer {
		t.Errorf("span %q kind %s", s.Name(), s.SpanKind())
	}
	want := fmt.Sprintf("00-%s-%s-01", s.SpanContext().TraceID(), s.SpanContext().SpanID())
	if got := m.Header.Get("traceparent"); got != want {
		t.Errorf("traceparent %q, want %q", got, want)
	}
	job, _, err := jobs.FromMessage(m.Header, m.Data)
	if err != nil || job.ID != id {
		t.Errorf("job message does not decode to the job: %v, id %q", err, job.ID)
	}
	// And the worker stores its result, which Wait and Get see.
	res, err := c.Wait(ctx, id)
	if err != nil || res.JobID != id || res.Status != jobs.StatusOK {
		t.Fatalf("wait: %v %+v", err, res)
	}
	if _, err := c.Get(ctx, id); err != nil {
		t.Fatal(err)
	}
}

// TestRunDuplicate resubmits a finished job: the stream drops it, so no
// worker replies and Run must find the stored result.
func TestRunDuplicate(t *testing.T) {
	t.Parallel()
	c := newClient(t, client.WithFallbackAfter(time.Hour))
	ctx := ctxFor(t, time.Minute)
	j := jsJob(`console.log(Math.random())`)
	j.ID = "dup-" + t.Name()
	first, err := c.Run(ctx, j, client.SubmitOptions{})
	if err != nil {
		t.Fatal(err)
	}
	second, err := c.Run(ctx, j, client.SubmitOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if string(first.Stdout) != string(second.Stdout) {
		t.Fatalf("the duplicate ran again: %q then %q", first.Stdout, second.Stdout)
	}
}

// TestRunLostReply sends the reply where nobody listens (a job published
// by hand, then Run for the same id while it runs): the bucket poll after
// the fallback delay must deliver.
func TestRunLostReply(t *testing.T) {
	t.Parallel()
	c := newClient(t, client.WithFallbackAfter(20*time.Millisecond))
	ctx := ctxFor(t, time.Minute)
	id := "lost-" + t.Name()
	j := jsJob(`const t = Date.now(); while (Date.now() - t < 300) {} console.log("late")`)
	j.ID, j.Reply = id, "natsexec.reply.nobody-listens"
	body, _ := jobs.JSON.Marshal(j)
	m := nats.NewMsg(jobs.JobSubject(""))
	m.Data = body
	m.Header.Set(jobs.HeaderMsgID, id)
	m.Header.Set(jobs.HeaderContentType, jobs.ContentTypeJSON)
	if err := c.Conn().PublishMsg(m); err != nil {
		t.Fatal(err)
	}
	j.Reply = ""
	res, err := c.Run(ctx, j, client.SubmitOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if string(res.Stdout) != "late\n" {
		t.Fatalf("got %+v", res)
	}
}

func TestGetNotFound(t *testing.T) {
	t.Parallel()
	c := newClient(t)
	_, err := c.Get(ctxFor(t, time.Minute), "no-such-job")
	if !errors.Is(err, client.ErrNotFound) {
		t.Fatalf("err = %v, want ErrNotFound", err)
	}
}

func TestInvalid(t *testing.T) {
	t.Parallel()
	c := newClient(t)
	ctx := ctxFor(t, time.Minute)
	if _, err := c.Submit(ctx, &jobs.Job{Runtime: "cobol", Source: "x"}, client.SubmitOptions{Wait: true}); !errors.Is(err, jobs.ErrInvalidJob) {
		t.Errorf("bad runtime: %v, want ErrInvalidJob", err)
	}
	j := jsJob("1")
	j.ID = "has space"
	if _, err := c.Run(ctx, j, client.SubmitOptions{}); !errors.Is(err, jobs.ErrInvalidJob) || !errors.Is(err, client.ErrInvalidID) {
		t.Errorf("bad id: %v, want ErrInvalidJob and ErrInvalidID", err)
	}
	if _, err := c.Request(ctx, &jobs.Job{Runtime: jobs.RuntimeJS}); !errors.Is(err, jobs.ErrInvalidJob) {
		t.Errorf("no source: %v, want ErrInvalidJob", err)
	}
	if err := c.Cancel(ctx, "a.b"); !errors.Is(err, client.ErrInvalidID) {
		t.Errorf("cancel a.b: %v, want ErrInvalidID", err)
	}
}

// TestRejected publishes a malformed job by hand, as a buggy submitter in
// another language might: the worker stores a rejected result.
func TestRejected(t *testing.T) {
	t.Parallel()
	c := newClient(t)
	ctx := ctxFor(t, time.Minute)
	js, err := jetstream.New(c.Conn())
	if err != nil {
		t.Fatal(err)
	}
	m := nats.NewMsg(jobs.JobSubject(""))
	m.Data = []byte(`{"runtime":"js","source":42}`)
	m.Header.Set(jobs.HeaderMsgID, "malformed-1")
	m.Header.Set(jobs.HeaderContentType, jobs.ContentTypeJSON)
	ack, err := js.PublishMsg(ctx, m)
	if err != nil {
		t.Fatal(err)
	}
	if ack.Duplicate {
		t.Fatal("a job id from an earlier run")
	}
	res, err := c.Wait(ctx, "malformed-1")
	if err != nil {
		t.Fatal(err)
	}
	if res.Status != jobs.StatusRejected || !strings.Contains(res.Error, "source") {
		t.Fatalf("got %s %q", res.Status, res.Error)
	}
}

// TestCancelRunning is not parallel: it waits for its job to be the one
// delivered.
func TestCancelRunning(t *testing.T) {
	c := newClient(t)
	ctx := ctxFor(t, time.Minute)
	j := jsJob(`while (true) {}`)
	j.ID, j.Limits.Timeout = "cancel-"+t.Name(), jobs.Duration(time.Minute)
	done := make(chan struct{})
	var res *jobs.Result
	var err error
	go func() {
		defer close(done)
		res, err = c.Run(ctx, j, client.SubmitOptions{})
	}()
	waitDelivered(t, c.Conn())
	if err := c.Cancel(ctx, j.ID); err != nil {
		t.Fatal(err)
	}
	<-done
	if err != nil {
		t.Fatal(err)
	}
	if res.Status != jobs.StatusCancelled {
		t.Fatalf("got %s %q", res.Status, res.Error)
	}
}

// waitDelivered waits until a worker holds a job of the durable path.
func waitDelivered(t *testing.T, nc *nats.Conn) {
	t.Helper()
	js, err := jetstream.New(nc)
	if err != nil {
		t.Fatal(err)
	}
	waitFor(t, 30*time.Second, "a job delivered to a worker", func() bool {
		cons, err := js.Consumer(context.Background(), jobs.JobsStream, worker.ConsumerName(""))
		if err != nil {
			return false
		}
		info, err := cons.Info(context.Background())
		return err == nil && info.NumAckPending > 0
	})
}

func TestCancelQueued(t *testing.T) {
	t.Parallel()
	c := newClient(t)
	ctx := ctxFor(t, time.Minute)
	// Marked before it is published: the worker must not run it.
	id := "queued-" + t.Name()
	if err := c.Cancel(ctx, id); err != nil {
		t.Fatal(err)
	}
	j := jsJob(`console.log("ran")`)
	j.ID = id
	res, err := c.Run(ctx, j, client.SubmitOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if res.Status != jobs.StatusCancelled || len(res.Stdout) != 0 {
		t.Fatalf("got %s stdout %q", res.Status, res.Stdout)
	}
}

func TestAsyncSubmitFlush(t *testing.T) {
	t.Parallel()
	c := newClient(t)
	ctx := ctxFor(t, time.Minute)
	var ids []string
	for i := range 5 {
		id, err := c.Submit(ctx, jsJob(fmt.Sprintf("console.log(%d)", i)), client.SubmitOptions{BatchID: "async"})
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, id)
	}
	if err := c.Flush(ctx); err != nil {
		t.Fatal(err)
	}
	for i, id := range ids {
		res, err := c.Wait(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		if want := fmt.Sprintf("%d\n", i); string(res.Stdout) != want {
			t.Errorf("job %d: stdout %q", i, res.Stdout)
		}
	}
}

// TestUnavailable talks to a NATS server no worker ever used.
func TestUnavailable(t *testing.T) {
	t.Parallel()
	ns, err := worker.StartEmbedded(worker.EmbeddedOptions{Port: -1, StoreDir: filepath.Join(t.TempDir(), "js")})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ns.Shutdown(); ns.WaitForShutdown() })
	nc, err := nats.Connect(ns.ClientURL())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(nc.Close)
	c, err := client.New(nc)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	ctx := ctxFor(t, time.Minute)
	if _, err := c.Run(ctx, jsJob("1"), client.SubmitOptions{}); !errors.Is(err, client.ErrUnavailable) {
		t.Errorf("run: %v, want ErrUnavailable", err)
	}
	if _, err := c.Request(ctx, jsJob("1")); !errors.Is(err, client.ErrUnavailable) {
		t.Errorf("request: %v, want ErrUnavailable", err)
	}
	if _, err := c.Get(ctx, "x"); !errors.Is(err, client.ErrUnavailable) {
		t.Errorf("get: %v, want ErrUnavailable", err)
	}
}

func TestDecodeStoredResult(t *testing.T) {
	r := &jobs.Result{JobID: "x", Status: jobs.StatusOK, Stdout: []byte("{")}
	for _, codec := range []jobs.Codec{jobs.Msgpack, jobs.JSON} {
		b, _ := jobs.EncodeResult(codec, r)
		got, err := client.DecodeStoredResult(b)
		want, werr := jobs.DecodeStoredResult(b)
		if err != nil || werr != nil || got.JobID != want.JobID || string(got.Stdout) != "{" {
			t.Errorf("%s: %v %v %+v", codec.ContentType(), err, werr, got)
		}
	}
	if _, err := client.DecodeStoredResult([]byte("{nope")); !errors.Is(err, client.ErrBadResult) {
		t.Errorf("garbage: %v, want ErrBadResult", err)
	}
}

// BenchmarkRun measures the durable and request paths end to end for a
// trivial resident job, the latency a submitter adds over NATS round trips.
func BenchmarkRun(b *testing.B) {
	if testing.Short() {
		b.Skip("end-to-end benchmark")
	}
	c := newClient(b)
	ctx := context.Background()
	j := &jobs.Job{Runtime: jobs.RuntimeJS, Source: `1`, Placement: jobs.PlacementResident}
	b.Run("durable", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			res, err := c.Run(ctx, j, client.SubmitOptions{})
			if err != nil || res.Status != jobs.StatusOK {
				b.Fatal(err, res)
			}
		}
	})
	b.Run("request", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			res, err := c.Request(ctx, j)
			if err != nil || res.Status != jobs.StatusOK {
				b.Fatal(err, res)
			}
		}
	})
}

// bigProgram is a js program of about n bytes, mostly a table of strings
// with a function every so often, as a data-heavy bundle has, that prints
// a checksum of it.
func bigProgram(n int) string {
	var b strings.Builder
	b.WriteString("const table = [\n")
	for i := 0; b.Len() < n; i++ {
		if i%64 == 0 {
			fmt.Fprintf(&b, "  function f%d(x) { return x + %d; },\n", i, i%97)
		}
		fmt.Fprintf(&b, "  %q,\n", fmt.Sprintf("entry-%d-%x", i, uint32(i)*2654435761))
	}
	b.WriteString("];\nlet sum = 0;\nfor (const e of table) sum = (sum + (typeof e === 'function' ? e(1) : e.length)) % 1000003;\nconsole.log(table.length, sum);\n")
	return b.String()
}

// A large program is a normal job: the client sends it compressed, the
// worker inflates it, on both paths. (cmd/submit's TestRunLargeBundle
// sends 10 MB.)
func TestLargeSourceCompressed(t *testing.T) {
	t.Parallel()
	src := bigProgram(2 << 20)
	c := newClient(t)
	sub, err := c.Conn().SubscribeSync(jobs.JobSubject("big"))
	if err != nil {
		t.Fatal(err)
	}
	ctx := ctxFor(t, 5*time.Minute)
	j := jsJob(src)
	j.Limits.Timeout = jobs.Duration(time.Minute)
	res, err := c.Run(ctx, j, client.SubmitOptions{Queue: "big"})
	if err != nil {
		t.Fatal(err)
	}
	if res.Status != jobs.StatusOK || !strings.HasSuffix(string(res.Stdout), "\n") || len(res.Stdout) < 8 {
		t.Fatalf("run: %s stdout %q error %s", res.Status, res.Stdout, res.Error)
	}
	if j.Source != src || j.SourceGzip != nil {
		t.Error("Run changed the caller's job")
	}
	m, err := sub.NextMsgWithContext(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(m.Data) > len(src)/3 {
		t.Errorf("the job travelled as %d bytes for a %d byte source", len(m.Data), len(src))
	}
	res2, err := c.Request(ctx, j)
	if err != nil {
		t.Fatal(err)
	}
	if res2.Status != jobs.StatusOK || string(res2.Stdout) != string(res.Stdout) {
		t.Fatalf("request: %s stdout %q error %s", res2.Status, res2.Stdout, res2.Error)
	}
}

// Against a server with NATS's default 1 MiB max_payload: a source that
// compresses under it gets through (here to no stream at all); one that
// does not is refused before sending, saying why.
func TestTooLargeForServer(t *testing.T) {
	t.Parallel()
	ns, err := worker.StartEmbedded(worker.EmbeddedOptions{Port: -1, StoreDir: filepath.Join(t.TempDir(), "js"), MaxPayload: 1 << 20})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ns.Shutdown(); ns.WaitForShutdown() })
	nc, err := nats.Connect(ns.ClientURL())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(nc.Close)
	c, err := client.New(nc)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	ctx := ctxFor(t, 5*time.Minute)
	if _, err := c.Run(ctx, jsJob(strings.Repeat("console.log(1);\n", 100_000)), client.SubmitOptions{}); !errors.Is(err, client.ErrUnavailable) {
		t.Errorf("1.6 MB that compress well: %v, want ErrUnavailable (sent, but no stream)", err)
	}
	noisy := make([]byte, 0, 3<<20)
	for i := 0; len(noisy) < 3<<20; i++ {
		noisy = fmt.Appendf(noisy, "%08x", uint32(i)*2654435761)
	}
	big := jsJob("//" + string(noisy))
	for name, err := range map[string]error{
		"run":     func() error { _, err := c.Run(ctx, big, client.SubmitOptions{}); return err }(),
		"async":   func() error { _, err := c.Submit(ctx, big, client.SubmitOptions{}); return err }(),
		"request": func() error { _, err := c.Request(ctx, big); return err }(),
	} {
		if !errors.Is(err, client.ErrTooLarge) || !errors.Is(err, jobs.ErrInvalidJob) || !strings.Contains(err.Error(), "max_payload") {
			t.Errorf("%s: %v, want ErrTooLarge naming max_payload", name, err)
		}
	}
}
