package worker

import (
	"cmp"
	"context"
	"time"

	"github.com/nats-io/nats.go"
	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/trace"

	"github.com/natsexec/natsexec/jobs"
	"github.com/natsexec/natsexec/tracing"
)

func otelTracerProvider() trace.TracerProvider { return otel.GetTracerProvider() }

// startJobSpan opens the consumer span of a job, a child of the submitter's
// publish span carried in the message headers.
func (w *Worker) startJobSpan(ctx context.Context, h nats.Header, subject string, published time.Time) (context.Context, trace.Span) {
	ctx = tracing.Extract(ctx, h)
	attrs := tracing.MessagingAttrs(subject, h.Get(jobs.HeaderMsgID))
	attrs = append(attrs, tracing.AttrMessagingOperationType.String("process"), tracing.AttrWorker.String(w.cfg.Name))
	if b := h.Get(jobs.HeaderBatch); b != "" {
		attrs = append(attrs, tracing.AttrBatchID.String(b))
	}
	opts := []trace.SpanStartOption{trace.WithSpanKind(trace.SpanKindConsumer), trace.WithAttributes(attrs...)}
	if !published.IsZero() {
		// The job span covers its queue wait, which starts at publication.
		opts = append(opts, trace.WithTimestamp(published))
	}
	return w.tracer.Start(ctx, "job "+subject, opts...)
}

// annotate puts the job's outcome on its span and turns its phases,
// measured wherever they happened, into child spans.
func (w *Worker) annotate(ctx context.Context, span trace.Span, job *jobs.Job, res *jobs.Result) {
	if !span.IsRecording() {
		return
	}
	span.SetAttributes(
		tracing.AttrJobID.String(job.ID),
		tracing.AttrPlacement.String(string(cmp.Or(res.Placement, job.Placement))),
		tracing.AttrRuntime.String(string(job.Runtime)),
		tracing.AttrSidecarPID.Int(res.SidecarPID),
		tracing.AttrAttempt.Int(res.Attempt),
		tracing.AttrStatus.String(string(res.Status)),
		tracing.AttrExitCode.Int(res.ExitCode),
	)
	if res.Tenant != "" {
		span.SetAttributes(tracing.AttrTenant.String(res.Tenant))
	}
	if res.Duplicate {
		span.SetAttributes(tracing.AttrDuplicate.Bool(true))
	}
	switch res.Status {
	case jobs.StatusOK:
	case jobs.StatusInfraError, jobs.StatusRejected:
		span.SetStatus(codes.Error, res.Error)
	default:
		// The platform did its job; the guest failed. Say so without
		// marking the span as our error... but make it findable.
		span.SetStatus(codes.Error, string(res.Status)+": "+res.Error)
	}
	span.SetAttributes(tracing.UsageAttrs(res.Usage, res.Retries)...)
	sandbox := tracing.SandboxAttrs(res.Sandbox)
	span.SetAttributes(sandbox...)
	tracing.RecordPhasesWith(ctx, w.tracer, res.Phases, map[string][]attribute.KeyValue{jobs.PhaseSessionOpen: sandbox},
		tracing.AttrJobID.String(job.ID))
}
