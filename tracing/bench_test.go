package tracing_test

import (
	"context"
	"testing"

	"github.com/nats-io/nats.go"
	"github.com/natsexec/natsexec/jobs"
	"github.com/natsexec/natsexec/tracing"
	sdkmetric "go.opentelemetry.io/otel/sdk/metric"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/trace"
	"go.opentelemetry.io/otel/trace/noop"
)

// jobHeader is a job message's header as a worker receives it.
func jobHeader(b *testing.B) nats.Header {
	_, span := sdktrace.NewTracerProvider().Tracer("b").Start(context.Background(), "publish")
	h := nats.Header{}
	h.Set(jobs.HeaderMsgID, "job-1")
	h.Set(jobs.HeaderContentType, jobs.ContentTypeMsgpack)
	h.Set(jobs.HeaderPlacement, string(jobs.PlacementShared))
	tracing.Inject(trace.ContextWithSpan(context.Background(), span), h)
	if h.Get("traceparent") == "" {
		b.Fatal("no traceparent")
	}
	return h
}

func BenchmarkCarrier(b *testing.B) {
	b.Run("inject", func(b *testing.B) {
		_, span := sdktrace.NewTracerProvider().Tracer("b").Start(context.Background(), "publish")
		ctx := trace.ContextWithSpan(context.Background(), span)
		h := nats.Header{}
		b.ReportAllocs()
		for b.Loop() {
			tracing.Inject(ctx, h)
		}
	})
	b.Run("extract", func(b *testing.B) {
		h := jobHeader(b)
		ctx := context.Background()
		b.ReportAllocs()
		for b.Loop() {
			if !trace.SpanContextFromContext(tracing.Extract(ctx, h)).IsValid() {
				b.Fatal("lost trace")
			}
		}
	})
}

func BenchmarkRecordPhases(b *testing.B) {
	phases := coldPhases()
	for _, tc := range []struct {
		name string
		tp   trace.TracerProvider
	}{
		// Sampled and recorded, no exporter: the cost of building spans.
		{"recording", sdktrace.NewTracerProvider(sdktrace.WithSampler(sdktrace.AlwaysSample()))},
		// What Setup installs with nothing configured.
		{"noop", noop.NewTracerProvider()},
	} {
		b.Run(tc.name, func(b *testing.B) {
			tracer := tracing.Tracer(tc.tp)
			ctx := tracing.Extract(context.Background(), jobHeader(b))
			b.ReportAllocs()
			for b.Loop() {
				tracing.RecordPhases(ctx, tracer, phases, tracing.AttrJobID.String("job-1"), tracing.AttrPlacement.String("shared"))
			}
		})
	}
}

func BenchmarkMetrics(b *testing.B) {
	mp := sdkmetric.NewMeterProvider(sdkmetric.WithReader(sdkmetric.NewManualReader()))
	m, err := tracing.NewMetrics(mp)
	if err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	phases := coldPhases()
	b.Run("JobDone", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			m.JobDone(ctx, jobs.StatusOK, jobs.PlacementShared, jobs.RuntimeJS)
		}
	})
	b.Run("Phases", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			m.Phases(ctx, phases)
		}
	})
}
