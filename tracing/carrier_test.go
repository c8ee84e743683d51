package tracing_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/nats-io/nats-server/v2/server"
	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
	"github.com/natsexec/natsexec/jobs"
	"github.com/natsexec/natsexec/tracing"
	"go.opentelemetry.io/otel/baggage"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"
	"go.opentelemetry.io/otel/trace"
)

func newRecorder() (*tracetest.SpanRecorder, *sdktrace.TracerProvider) {
	sr := tracetest.NewSpanRecorder()
	return sr, sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(sr))
}

func TestHeaderCarrierKeepsKeyCase(t *testing.T) {
	t.Parallel()
	_, tp := newRecorder()
	ctx, span := tp.Tracer("test").Start(context.Background(), "publish")
	defer span.End()
	m, err := baggage.NewMember("tenant", "acme")
	if err != nil {
		t.Fatal(err)
	}
	bag, err := baggage.New(m)
	if err != nil {
		t.Fatal(err)
	}
	ctx = baggage.ContextWithBaggage(ctx, bag)

	h := nats.Header{}
	h.Set(jobs.HeaderPlacement, "owned")
	tracing.Inject(ctx, h)

	for _, k := range []string{"traceparent", "baggage"} {
		if _, ok := h[k]; !ok {
			t.Errorf("header %q missing; have %v", k, h)
		}
	}
	for _, k := range []string{"Traceparent", "Baggage"} {
		if _, ok := h[k]; ok {
			t.Errorf("header %q canonicalised", k)
		}
	}
	if got := h.Get(jobs.HeaderPlacement); got != "owned" {
		t.Errorf("other header disturbed: %q", got)
	}
	keys := tracing.HeaderCarrier(h).Keys()
	slices.Sort(keys)
	if want := []string{"Natsexec-Placement", "baggage", "traceparent"}; !slices.Equal(keys, want) {
		t.Errorf("Keys() = %v, want %v", keys, want)
	}

	got := tracing.Extract(context.Background(), h)
	sc := trace.SpanContextFromContext(got)
	if !sc.IsRemote() || sc.TraceID() != span.SpanContext().TraceID() || sc.SpanID() != span.SpanContext().SpanID() {
		t.Errorf("extracted %v, want remote copy of %v", sc, span.SpanContext())
	}
	if v := baggage.FromContext(got).Member("tenant").Value(); v != "acme" {
		t.Errorf("baggage tenant = %q", v)
	}
}

func TestHeaderCarrierCaseVariants(t *testing.T) {
	t.Parallel()
	const tp = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"
	// A peer that canonicalised the key still propagates.
	h := nats.Header{"Traceparent": {tp}}
	c := tracing.HeaderCarrier(h)
	if got := c.Get("traceparent"); got != tp {
		t.Fatalf("Get(traceparent) = %q", got)
	}
	sc := trace.SpanContextFromContext(tracing.Extract(context.Background(), h))
	if sc.TraceID().String() != "0af7651916cd43dd8448eb211c80319c" {
		t.Fatalf("trace id %v", sc.TraceID())
	}
	// Re-injecting leaves exactly one, lower-case, key.
	c.Set("traceparent", "x")
	if len(h) != 1 || h["traceparent"][0] != "x" {
		t.Fatalf("after Set: %v", h)
	}
	if got := c.Get("tracestate"); got != "" {
		t.Fatalf("Get(absent) = %q", got)
	}
	// Nil headers: Extract reads nothing, Inject leaves it alone.
	if sc := trace.SpanContextFromContext(tracing.Extract(context.Background(), nil)); sc.IsValid() {
		t.Fatal("extracted from nil header")
	}
	tracing.Inject(context.Background(), nil)
	msg := &nats.Msg{Subject: "s"}
	_, span := sdktrace.NewTracerProvider().Tracer("t").Start(context.Background(), "x")
	tracing.InjectMsg(trace.ContextWithSpan(context.Background(), span), msg)
	if msg.Header.Get("traceparent") == "" {
		t.Fatal("InjectMsg did not allocate the header")
	}
}

func startNATS(t *testing.T) *server.Server {
	t.Helper()
	s, err := server.NewServer(&server.Options{
		Host: "127.0.0.1", Port: -1, NoLog: true, NoSigs: true,
		JetStream: true, StoreDir: t.TempDir(),
	})
	if err != nil {
		t.Fatal(err)
	}
	go s.Start()
	if !s.ReadyForConnections(10 * time.Second) {
		t.Fatal("nats-server not ready")
	}
	t.Cleanup(func() {
		s.Shutdown()
		s.WaitForShutdown()
	})
	return s
}

// TestCarrierThroughNATS sends the trace context through a real server, over
// core NATS and through a JetStream stream, and checks a span started on the
// receiving side is a child of the publisher's span.
func TestCarrierThroughNATS(t *testing.T) {
	t.Parallel()
	s := startNATS(t)
	nc, err := nats.Connect(s.ClientURL())
	if err != nil {
		t.Fatal(err)
	}
	defer nc.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()

	check := func(t *testing.T, pubCtx context.Context, h nats.Header) {
		t.Helper()
		sr, tp := newRecorder()
		_, child := tp.Tracer("test").Start(tracing.Extract(context.Background(), h), "process")
		child.End()
		got := sr.Ended()[0]
		want := trace.SpanContextFromContext(pubCtx)
		if got.SpanContext().TraceID() != want.TraceID() {
			t.Errorf("trace id %v, want %v", got.SpanContext().TraceID(), want.TraceID())
		}
		if got.Parent().SpanID() != want.SpanID() || !got.Parent().IsRemote() {
			t.Errorf("parent %v, want remote %v", got.Parent(), want.SpanID())
		}
	}
	_, tp := newRecorder()

	t.Run("core", func(t *testing.T) {
		sub, err := nc.SubscribeSync("jobs.core")
		if err != nil {
			t.Fatal(err)
		}
		pubCtx, span := tp.Tracer("test").Start(ctx, "publish")
		defer span.End()
		msg := nats.NewMsg("jobs.core")
		msg.Data = []byte("{}")
		tracing.InjectMsg(pubCtx, msg)
		if err := nc.PublishMsg(msg); err != nil {
			t.Fatal(err)
		}
		got, err := sub.NextMsg(5 * time.Second)
		if err != nil {
			t.Fatal(err)
		}
		if got.Header.Get("traceparent") == "" {
			t.Fatalf("no lower-case traceparent on the wire: %v", got.Header)
		}
		check(t, pubCtx, got.Header)
	})

	t.Run("jetstream", func(t *testing.T) {
		js, err := jetstream.New(nc)
		if err != nil {
			t.Fatal(err)
		}
		stream, err := js.CreateStream(ctx, jetstream.StreamConfig{Name: "JOBS", Subjects: []string{"jobs.js"}})
		if err != nil {
			t.Fatal(err)
		}
		pubCtx, span := tp.Tracer("test").Start(ctx, "publish")
		defer span.End()
		msg := nats.NewMsg("jobs.js")
		msg.Header.Set(jobs.HeaderMsgID, "job-1")
		tracing.InjectMsg(pubCtx, msg)
		if _, err := js.PublishMsg(ctx, msg); err != nil {
			t.Fatal(err)
		}
		cons, err := stream.CreateConsumer(ctx, jetstream.ConsumerConfig{AckPolicy: jetstream.AckExplicitPolicy})
		if err != nil {
			t.Fatal(err)
		}
		batch, err := cons.Fetch(1, jetstream.FetchMaxWait(5*time.Second))
		if err != nil {
			t.Fatal(err)
		}
		var n int
		for m := range batch.Messages() {
			n++
			check(t, pubCtx, m.Headers())
			if err := m.Ack(); err != nil {
				t.Fatal(err)
			}
		}
		if err := batch.Error(); err != nil {
			t.Fatal(err)
		}
		if n != 1 {
			t.Fatalf("fetched %d messages", n)
		}
	})
}
