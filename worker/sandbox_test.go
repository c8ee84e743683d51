package worker

import (
	"slices"
	"testing"
	"time"

	"github.com/nats-io/nats.go/jetstream"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"

	"github.com/natsexec/natsexec/jobs"
	"github.com/natsexec/natsexec/tracing"
	"github.com/natsexec/natsexec/worker/sidecar"
)

// An owned job through NATS: its stored result and its trace say which
// sandbox layers held its sidecar (session_open carries them).
func TestResultAndSpanCarrySandbox(t *testing.T) {
	ns := startNATS(t, "")
	nc := connect(t, ns.ClientURL())
	rec := tracetest.NewSpanRecorder()
	tp := sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(rec))
	t.Cleanup(func() { _ = tp.Shutdown(t.Context()) })
	startWorker(t, nc, Config{TracerProvider: tp})
	js, _ := jetstream.New(nc)
	kv := resultsBucket(t, js)
	publishJob(t, js, &jobs.Job{ID: "sandboxed", Runtime: jobs.RuntimeJS, Placement: jobs.PlacementOwned, Source: `console.log(1)`}, nil)
	res := waitResult(t, kv, "sandboxed", 30*time.Second)
	sb := res.Sandbox
	if res.Status != jobs.StatusOK || sb == nil {
		t.Fatalf("result %s %q, sandbox %+v", res.Status, res.Error, sb)
	}
	if sb.Mode != string(sidecar.TestSandbox()) || sb.Seccomp == "" || sb.Landlock == 0 || sb.Cgroup == "" {
		t.Errorf("sandbox %+v", sb)
	}
	deadline := time.Now().Add(5 * time.Second)
	for time.Now().Before(deadline) {
		for _, s := range rec.Ended() {
			if s.Name() != jobs.PhaseSessionOpen {
				continue
			}
			attrs := map[string]bool{}
			for _, a := range s.Attributes() {
				attrs[string(a.Key)] = true
				if a.Key == tracing.AttrSandboxNamespaces && !slices.Equal(a.Value.AsStringSlice(), sb.Namespaces) {
					t.Errorf("span namespaces %v, result %v", a.Value.AsStringSlice(), sb.Namespaces)
				}
			}
			for _, k := range []string{"natsexec.sandbox.mode", "natsexec.sandbox.uid", "natsexec.sandbox.landlock", "natsexec.sandbox.seccomp", "natsexec.sandbox.cgroup"} {
				if !attrs[k] {
					t.Errorf("session_open span lacks %s", k)
				}
			}
			return
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Fatal("no session_open span recorded")
}
