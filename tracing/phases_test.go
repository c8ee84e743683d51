package tracing_test

import (
	"context"
	"testing"
	"time"

	"github.com/natsexec/natsexec/jobs"
	"github.com/natsexec/natsexec/tracing"
	"go.opentelemetry.io/otel/attribute"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"
	"go.opentelemetry.io/otel/trace"
	"go.opentelemetry.io/otel/trace/noop"
)

var t0 = time.Date(2026, 3, 4, 5, 6, 7, 0, time.UTC)

func phase(name string, startMs, durMs float64) jobs.Phase {
	return jobs.Phase{
		Name:     name,
		Start:    t0.Add(time.Duration(startMs * float64(time.Millisecond))),
		Duration: jobs.Duration(time.Duration(durMs * float64(time.Millisecond))),
	}
}

// coldPhases is an owned-placement cold start as a sidecar reports it.
func coldPhases() []jobs.Phase {
	return []jobs.Phase{
		phase(jobs.PhaseSidecarSpawn, 0, 10),
		phase(jobs.PhaseSessionOpen, 10, 2),
		phase(jobs.PhaseVMCreate, 12, 3),
		phase(jobs.PhaseVMConfigure, 15, 3),
		phase(jobs.PhaseRuntimeMountNode, 18, 12),
		phase(jobs.PhaseRuntimeMountWASM, 30, 9.9),
		phase(jobs.PhaseRuntimeCreateTotal, 12, 28),
		phase(jobs.PhaseFirstExec, 40, 20),
		phase(jobs.PhaseWarmExec, 60, 5),
	}
}

func spansByName(spans []sdktrace.ReadOnlySpan) map[string]sdktrace.ReadOnlySpan {
	m := make(map[string]sdktrace.ReadOnlySpan, len(spans))
	for _, s := range spans {
		m[s.Name()] = s
	}
	return m
}

func TestRecordPhasesTree(t *testing.T) {
	t.Parallel()
	sr, tp := newRecorder()
	ctx, job := tp.Tracer("test").Start(context.Background(), "job")
	phases := coldPhases()
	tracing.RecordPhases(ctx, tracing.Tracer(tp), phases, tracing.AttrJobID.String("j1"), tracing.AttrPlacement.String("owned"))
	job.End()

	got := spansByName(sr.Ended())
	if len(got) != len(phases)+1 {
		t.Fatalf("%d spans, want %d", len(got), len(phases)+1)
	}
	jobID := job.SpanContext().SpanID()
	totalID := got[jobs.PhaseRuntimeCreateTotal].SpanContext().SpanID()
	for _, p := range phases {
		s := got[p.Name]
		if s == nil {
			t.Errorf("no span %s", p.Name)
			continue
		}
		want := jobID
		switch p.Name {
		case jobs.PhaseVMCreate, jobs.PhaseVMConfigure, jobs.PhaseRuntimeMountNode, jobs.PhaseRuntimeMountWASM:
			want = totalID
		}
		if s.Parent().SpanID() != want {
			t.Errorf("%s: parent %v, want %v", p.Name, s.Parent().SpanID(), want)
		}
		if s.SpanContext().TraceID() != job.SpanContext().TraceID() {
			t.Errorf("%s: other trace", p.Name)
		}
		if !s.StartTime().Equal(p.Start) || !s.EndTime().Equal(p.Start.Add(time.Duration(p.Duration))) {
			t.Errorf("%s: [%v, %v], want [%v, +%v]", p.Name, s.StartTime(), s.EndTime(), p.Start, time.Duration(p.Duration))
		}
		attrs := attribute.NewSet(s.Attributes()...)
		if v, _ := attrs.Value(tracing.AttrJobID); v.AsString() != "j1" {
			t.Errorf("%s: attributes %v", p.Name, s.Attributes())
		}
	}
}

func TestRecordPhasesOutsideTotalAreSiblings(t *testing.T) {
	t.Parallel()
	sr, tp := newRecorder()
	ctx, job := tp.Tracer("test").Start(context.Background(), "job")
	phases := []jobs.Phase{
		// Resident VM: the VM was created long before this job's runtime
		// work, so it does not nest.
		phase(jobs.PhaseVMCreate, 0, 3),
		phase(jobs.PhaseRuntimeCreateTotal, 100, 10),
		// Ends 0.2ms past the total: clock skew, still nested.
		phase(jobs.PhaseRuntimeMountNode, 101, 9.2),
		// Zero start: cannot be placed, skipped.
		{Name: jobs.PhaseVMConfigure, Duration: jobs.Duration(time.Millisecond)},
		phase(jobs.PhaseWarmExec, 111, 1),
	}
	tracing.RecordPhases(ctx, tracing.Tracer(tp), phases)
	job.End()

	got := spansByName(sr.Ended())
	if len(got) != 5 {
		t.Fatalf("%d spans: %v", len(got), got)
	}
	if _, ok := got[jobs.PhaseVMConfigure]; ok {
		t.Error("zero-start phase recorded")
	}
	jobID := job.SpanContext().SpanID()
	totalID := got[jobs.PhaseRuntimeCreateTotal].SpanContext().SpanID()
	for name, want := range map[string]trace.SpanID{
		jobs.PhaseVMCreate:           jobID,
		jobs.PhaseRuntimeCreateTotal: jobID,
		jobs.PhaseRuntimeMountNode:   totalID,
		jobs.PhaseWarmExec:           jobID,
	} {
		if p := got[name].Parent().SpanID(); p != want {
			t.Errorf("%s: parent %v, want %v", name, p, want)
		}
	}
}

func TestRecordPhasesRemoteParent(t *testing.T) {
	t.Parallel()
	// The worker records phases under a context extracted from NATS when it
	// has no span of its own yet.
	sr, tp := newRecorder()
	_, pub := tp.Tracer("test").Start(context.Background(), "publish")
	ctx := trace.ContextWithRemoteSpanContext(context.Background(), pub.SpanContext())
	tracing.RecordPhases(ctx, tracing.Tracer(tp), coldPhases()[:1])
	s := sr.Ended()[0]
	if s.Parent().SpanID() != pub.SpanContext().SpanID() || s.SpanContext().TraceID() != pub.SpanContext().TraceID() {
		t.Fatalf("parent %v", s.Parent())
	}
	tracing.RecordPhases(ctx, tracing.Tracer(tp), nil)
	if n := len(sr.Ended()); n != 1 {
		t.Fatalf("nil phases made spans: %d", n)
	}
}

func TestRecordPhasesUnsampledTrace(t *testing.T) {
	t.Parallel()
	sr := tracetest.NewSpanRecorder()
	tp := sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(sr), sdktrace.WithSampler(sdktrace.ParentBased(sdktrace.AlwaysSample())))
	// The submitter did not sample this trace: the worker records nothing.
	parent := trace.NewSpanContext(trace.SpanContextConfig{
		TraceID: trace.TraceID{1}, SpanID: trace.SpanID{2}, Remote: true,
	})
	ctx := trace.ContextWithRemoteSpanContext(context.Background(), parent)
	tracing.RecordPhases(ctx, tracing.Tracer(tp), coldPhases())
	if n := len(sr.Ended()); n != 0 {
		t.Fatalf("%d spans recorded in an unsampled trace", n)
	}
	// A no-op provider is fine too.
	tracing.RecordPhases(ctx, tracing.Tracer(noop.NewTracerProvider()), coldPhases())
}
