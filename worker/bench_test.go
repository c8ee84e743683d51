package worker

import (
	"context"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
	"github.com/vmihailenco/msgpack/v5"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/trace"
	tracenoop "go.opentelemetry.io/otel/trace/noop"

	"github.com/natsexec/natsexec/jobs"
	"github.com/natsexec/natsexec/worker/placement"
	"github.com/natsexec/natsexec/worker/sidecar"
)

func benchWorker(b *testing.B) (*nats.Conn, jetstream.JetStream) {
	return benchWorkerTraced(b, nil)
}

// benchWorkerTraced runs a worker on its own embedded server with tp as its
// tracer provider (nil: the global, a no-op unless set).
func benchWorkerTraced(b *testing.B, tp trace.TracerProvider) (*nats.Conn, jetstream.JetStream) {
	b.Helper()
	ns, err := StartEmbedded(EmbeddedOptions{Port: -1, StoreDir: b.TempDir()})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { shutdownEmbedded(ns) })
	nc, err := nats.Connect(ns.ClientURL())
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(nc.Close)
	mgr, err := placement.New(context.Background(), placement.Options{Spawn: sidecar.SpawnOptions{Dir: b.TempDir()}})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { mgr.Close(context.Background()) })
	w, err := New(context.Background(), Config{Conn: nc, Runner: mgr, TracerProvider: tp})
	if err != nil {
		b.Fatal(err)
	}
	ctx, stop := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- w.Run(ctx, context.Background()) }()
	<-w.Ready()
	b.Cleanup(func() { stop(); <-done })
	js, _ := jetstream.New(nc)
	return nc, js
}

func reportPercentiles(b *testing.B, samples []time.Duration) {
	if len(samples) == 0 {
		return
	}
	slices.Sort(samples)
	b.ReportMetric(float64(samples[len(samples)/2].Microseconds()), "p50-µs")
	b.ReportMetric(float64(samples[len(samples)*95/100].Microseconds()), "p95-µs")
}

// BenchmarkRoundTrip is a trivial resident job end to end, as a client sees
// it: publish, worker, sidecar, guest, result back.
func BenchmarkRoundTrip(b *testing.B) {
	nc, js := benchWorker(b)
	src := `export const x = 1;`
	b.Run("jetstream", func(b *testing.B) {
		inbox := nats.NewInbox()
		sub, err := nc.SubscribeSync(inbox)
		if err != nil {
			b.Fatal(err)
		}
		defer sub.Unsubscribe()
		var samples []time.Duration
		b.ReportAllocs()
		for i := 0; b.Loop(); i++ {
			body, _ := msgpack.Marshal(&jobs.Job{Runtime: jobs.RuntimeJS, Placement: jobs.PlacementResident, Source: src, Reply: inbox})
			m := nats.NewMsg(jobs.JobSubject(""))
			m.Data = body
			m.Header.Set(jobs.HeaderMsgID, fmt.Sprintf("rt-%d-%d", time.Now().UnixNano(), i))
			start := time.Now()
			if _, err := js.PublishMsg(context.Background(), m); err != nil {
				b.Fatal(err)
			}
			if _, err := sub.NextMsg(10 * time.Second); err != nil {
				b.Fatal(err)
			}
			samples = append(samples, time.Since(start))
		}
		reportPercentiles(b, samples)
	})
	b.Run("request", func(b *testing.B) {
		body, _ := msgpack.Marshal(&jobs.Job{Runtime: jobs.RuntimeJS, Placement: jobs.PlacementResident, Source: src})
		var samples []time.Duration
		b.ReportAllocs()
		for b.Loop() {
			start := time.Now()
			if _, err := nc.Request(jobs.ServiceSubject, body, 10*time.Second); err != nil {
				b.Fatal(err)
			}
			samples = append(samples, time.Since(start))
		}
		reportPercentiles(b, samples)
	})
}

// BenchmarkThroughput publishes trivial jobs as fast as JetStream takes
// them and waits for every result: jobs/s on one worker.
func BenchmarkThroughput(b *testing.B) {
	if testing.Short() {
		b.Skip("throughput: skipped under -short")
	}
	nc, js := benchWorker(b)
	for _, p := range []jobs.Placement{jobs.PlacementResident, jobs.PlacementShared} {
		b.Run(string(p), func(b *testing.B) {
			const n = 2000
			inbox := nats.NewInbox()
			got := make(chan struct{}, n)
			sub, err := nc.Subscribe(inbox, func(*nats.Msg) { got <- struct{}{} })
			if err != nil {
				b.Fatal(err)
			}
			defer sub.Unsubscribe()
			body, _ := msgpack.Marshal(&jobs.Job{Runtime: jobs.RuntimeJS, Placement: p, Source: `export const x = 1;`, Reply: inbox})
			for b.Loop() {
				start := time.Now()
				for i := range n {
					m := nats.NewMsg(jobs.JobSubject(""))
					m.Data = body
					m.Header.Set(jobs.HeaderMsgID, fmt.Sprintf("tp-%s-%d-%d", p, start.UnixNano(), i))
					if _, err := js.PublishMsgAsync(m); err != nil {
						b.Fatal(err)
					}
				}
				for range n {
					<-got
				}
				b.ReportMetric(n/time.Since(start).Seconds(), "jobs/s")
			}
		})
	}
}

// discardExporter is an exporter that drops spans after the SDK has done
// all its work on them, so the benchmark measures tracing, not a backend.
type discardExporter struct{}

func (discardExporter) ExportSpans(context.Context, []sdktrace.ReadOnlySpan) error { return nil }
func (discardExporter) Shutdown(context.Context) error                             { return nil }

// BenchmarkTracingOverhead runs the resident warm path with tracing off and
// on (100% sampling, batched export) side by side: requests alternate
// between two otherwise identical workers, so machine noise hits both.
func BenchmarkTracingOverhead(b *testing.B) {
	tp := sdktrace.NewTracerProvider(sdktrace.WithSampler(sdktrace.AlwaysSample()), sdktrace.WithBatcher(discardExporter{}))
	b.Cleanup(func() { tp.Shutdown(context.Background()) })
	off, _ := benchWorkerTraced(b, tracenoop.NewTracerProvider())
	on, _ := benchWorkerTraced(b, tp)
	body, _ := msgpack.Marshal(&jobs.Job{Runtime: jobs.RuntimeJS, Placement: jobs.PlacementResident, Source: `export const x = 1;`})
	for _, nc := range []*nats.Conn{off, on} { // make both VMs resident
		if _, err := nc.Request(jobs.ServiceSubject, body, 10*time.Second); err != nil {
			b.Fatal(err)
		}
	}
	var offS, onS []time.Duration
	for b.Loop() {
		for i, nc := range []*nats.Conn{off, on} {
			start := time.Now()
			if _, err := nc.Request(jobs.ServiceSubject, body, 10*time.Second); err != nil {
				b.Fatal(err)
			}
			if i == 0 {
				offS = append(offS, time.Since(start))
			} else {
				onS = append(onS, time.Since(start))
			}
		}
	}
	slices.Sort(offS)
	slices.Sort(onS)
	p50off, p50on := offS[len(offS)/2], onS[len(onS)/2]
	b.ReportMetric(float64(p50off.Microseconds()), "off-p50-µs")
	b.ReportMetric(float64(p50on.Microseconds()), "on-p50-µs")
	b.ReportMetric(100*(float64(p50on)/float64(p50off)-1), "overhead-%")
}
