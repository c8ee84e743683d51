package tracing

import (
	"context"
	"time"

	"github.com/natsexec/natsexec/jobs"
	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/trace"
)

// ScopeName is the instrumentation scope of the tracer and meter this
// package hands out.
const ScopeName = "github.com/natsexec/natsexec/tracing"

// Tracer returns the natsexec tracer of tp, or of the global provider when
// tp is nil.
func Tracer(tp trace.TracerProvider) trace.Tracer {
	if tp == nil {
		tp = otel.GetTracerProvider()
	}
	return tp.Tracer(ScopeName)
}

// SetError records err on span and marks the span failed. A nil err is a
// no-op, so it can sit in a defer.
func SetError(span trace.Span, err error) {
	if err == nil {
		return
	}
	span.RecordError(err)
	span.SetStatus(codes.Error, err.Error())
}

// phaseSlack absorbs the skew between a phase's wall-clock Start and its
// monotonic Duration, so a sub-phase measured inside runtime_create_total is
// not pushed out of it by a few microseconds.
const phaseSlack = time.Millisecond

// underTotal reports whether a phase of this name nests under
// runtime_create_total when its time range falls within it.
func underTotal(name string) bool {
	switch name {
	case jobs.PhaseVMCreate, jobs.PhaseVMConfigure, jobs.PhaseRuntimeMountNode, jobs.PhaseRuntimeMountWASM:
		return true
	}
	return false
}

func phaseEnd(p *jobs.Phase) time.Time { return p.Start.Add(time.Duration(p.Duration)) }

// totalFor returns the index of the first runtime_create_total phase whose
// range holds phases[i], or -1.
func totalFor(phases []jobs.Phase, i int) int {
	p := &phases[i]
	if !underTotal(p.Name) {
		return -1
	}
	for j := range phases {
		t := &phases[j]
		if t.Name != jobs.PhaseRuntimeCreateTotal || t.Start.IsZero() {
			continue
		}
		if !p.Start.Before(t.Start.Add(-phaseSlack)) && !phaseEnd(p).After(phaseEnd(t).Add(phaseSlack)) {
			return j
		}
	}
	return -1
}

// RecordPhases turns phases measured elsewhere (a sidecar, with wall-clock
// starts) into spans with their true start and end, children of the span in
// ctx. vm_create, vm_configure and runtime_mount_* become children of
// runtime_create_total when their range falls within it; every other phase
// is a sibling. Phases with a zero Start cannot be placed and are skipped.
// A nil tracer means Tracer(nil). attrs go on every span.
//
// If the first span is not recording (a no-op provider, or the sampler
// dropped this trace) the rest are not started: samplers decide per trace,
// so they would not record either, and the untraced path stays cheap.
func RecordPhases(ctx context.Context, tracer trace.Tracer, phases []jobs.Phase, attrs ...attribute.KeyValue) {
	RecordPhasesWith(ctx, tracer, phases, nil, attrs...)
}

// RecordPhasesWith is RecordPhases with attributes for particular phases
// besides those on every span: phaseAttrs[name] go on the spans of that
// phase (the sidecar's sandbox on session_open, say).
func RecordPhasesWith(ctx context.Context, tracer trace.Tracer, phases []jobs.Phase, phaseAttrs map[string][]attribute.KeyValue, attrs ...attribute.KeyValue) {
	if len(phases) == 0 {
		return
	}
	if tracer == nil {
		tracer = Tracer(nil)
	}
	// One options array reused for every span, rather than a fresh
	// variadic slice per Start and End.
	var startOpts [2]trace.SpanStartOption
	startOpts[1] = trace.WithAttributes(attrs...)
	var endOpts [1]trace.SpanEndOption
	record := func(ctx context.Context, p *jobs.Phase) (context.Context, trace.Span) {
		startOpts[0] = trace.WithTimestamp(p.Start)
		ctx, span := tracer.Start(ctx, p.Name, startOpts[:]...)
		if extra := phaseAttrs[p.Name]; len(extra) > 0 {
			span.SetAttributes(extra...)
		}
		return ctx, span
	}
	end := func(span trace.Span, p *jobs.Phase) {
		endOpts[0] = trace.WithTimestamp(phaseEnd(p))
		span.End(endOpts[:]...)
	}
	first := true
	for i := range phases {
		p := &phases[i]
		if p.Start.IsZero() || totalFor(phases, i) >= 0 {
			continue
		}
		pctx, span := record(ctx, p)
		if first && !span.IsRecording() {
			end(span, p)
			return
		}
		first = false
		if p.Name == jobs.PhaseRuntimeCreateTotal {
			for j := range phases {
				if totalFor(phases, j) == i {
					_, child := record(pctx, &phases[j])
					end(child, &phases[j])
				}
			}
		}
		end(span, p)
	}
}

// SandboxAttrs describes a sidecar's sandbox as span attributes.
func SandboxAttrs(sb *jobs.Sandbox) []attribute.KeyValue {
	if sb == nil {
		return nil
	}
	attrs := []attribute.KeyValue{
		AttrSandboxMode.String(sb.Mode),
		AttrSandboxNamespaces.StringSlice(sb.Namespaces),
		AttrSandboxUID.Int(sb.UID),
		AttrSandboxGID.Int(sb.GID),
		AttrSandboxPrivateRoot.Bool(sb.PrivateRoot),
		AttrSandboxNoCapabilities.Bool(sb.NoCapabilities),
		AttrSandboxNoNewPrivs.Bool(sb.NoNewPrivs),
		AttrSandboxLandlock.Int(sb.Landlock),
		AttrSandboxSeccomp.String(sb.Seccomp),
		AttrSandboxCgroup.String(sb.Cgroup),
	}
	if len(sb.Missing) > 0 {
		attrs = append(attrs, AttrSandboxMissing.StringSlice(sb.Missing))
	}
	return attrs
}

// UsageAttrs describes what a job cost, and the runs of it that were set
// aside, as span attributes.
func UsageAttrs(u *jobs.Usage, retries []jobs.Retry) []attribute.KeyValue {
	var attrs []attribute.KeyValue
	if u != nil {
		attrs = append(attrs,
			AttrUsageCPU.Float64(float64(u.CPU)/1e6),
			AttrUsagePeakMemory.Int64(u.PeakMemoryBytes),
			AttrUsageMemoryEstimate.Bool(u.MemoryEstimate),
			AttrUsageFileBytes.Int64(u.FileBytes),
			AttrUsageFiles.Int64(u.Files),
		)
	}
	if len(retries) > 0 {
		reasons := make([]string, len(retries))
		for i, r := range retries {
			reasons[i] = string(r.Placement) + ": " + r.Error
		}
		attrs = append(attrs, AttrRetries.Int(len(retries)), AttrRetryReasons.StringSlice(reasons))
	}
	return attrs
}
