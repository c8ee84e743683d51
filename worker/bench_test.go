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

	"github.com/natsexec/natsexec/jobs"
	"github.com/natsexec/natsexec/worker/placement"
	"github.com/natsexec/natsexec/worker/sidecar"
)

func benchWorker(b *testing.B) (*nats.Conn, jetstream.JetStream) {
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
	w, err := New(context.Background(), Config{Conn: nc, Runner: mgr})
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
