package bench

import (
	"context"
	"strconv"
	"testing"
	"time"

	"github.com/natsexec/natsexec/jobs"
	"github.com/natsexec/natsexec/worker/placement"
)

// BenchmarkPlacement times cold starts (Acquire + first Exec) and warm
// execs on placement.Manager with real sidecars, as the matrix's local
// driver does. Allocations are the worker side's; p50-ns/op is the median
// iteration. Under -short only shared/warm runs (one sidecar, one VM), so
// CI's one-shot benchmark run still exercises the path.
func BenchmarkPlacement(b *testing.B) {
	for _, sc := range []struct {
		name     string
		scenario Scenario
	}{
		{"owned", ScenarioOwned},
		{"owned-prespawned", ScenarioOwnedPrespawned},
		{"shared", ScenarioShared},
		{"resident", ScenarioResident},
	} {
		b.Run(sc.name, func(b *testing.B) {
			b.Run("cold", func(b *testing.B) {
				if testing.Short() {
					b.Skip("spawns a sidecar per iteration (owned) or a VM per iteration; skipped under -short")
				}
				benchCold(b, sc.scenario)
			})
			b.Run("warm", func(b *testing.B) {
				if testing.Short() && sc.scenario != ScenarioShared {
					b.Skip("skipped under -short; shared/warm runs")
				}
				benchWarm(b, sc.scenario)
			})
		})
	}
}

const benchPrespawn = 4

func benchManager(b *testing.B, sc Scenario, residentMaxRuns int) *placement.Manager {
	b.Helper()
	l, err := NewLocal(LocalOptions{Dir: b.TempDir(), Prespawn: benchPrespawn})
	if err != nil {
		b.Fatal(err)
	}
	opts := l.managerOptions(sc)
	if residentMaxRuns > 0 {
		opts.ResidentMaxRuns = residentMaxRuns
	}
	m, err := placement.New(b.Context(), opts)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		_ = m.Close(ctx)
		_ = l.Close(ctx)
	})
	// Warm the compilation cache and spawn the shared sidecars, so the
	// first iteration is not the only one compiling the command set.
	lease, err := m.Acquire(b.Context(), Job(jobs.PlacementShared, ""))
	if err != nil {
		b.Fatal(err)
	}
	if err := resultErr("prime", lease.Exec(b.Context(), ExecRequest())); err != nil {
		b.Fatal(err)
	}
	lease.Release(b.Context())
	return m
}

func benchCold(b *testing.B, sc Scenario) {
	// Resident cold: each iteration is a fresh key; MaxRuns 1 disposes the
	// VM at release instead of parking it under a key never seen again.
	m := benchManager(b, sc, 1)
	ctx := b.Context()
	var times []time.Duration
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		if sc == ScenarioOwnedPrespawned {
			b.StopTimer()
			if err := waitPrespawned(ctx, m, benchPrespawn, time.Minute); err != nil {
				b.Fatal(err)
			}
			b.StartTimer()
		}
		i++
		job := Job(PlacementOf(sc), "b"+strconv.Itoa(i))
		start := time.Now()
		lease, err := m.Acquire(ctx, job)
		if err != nil {
			b.Fatal(err)
		}
		res := lease.Exec(ctx, ExecRequest())
		times = append(times, time.Since(start))
		b.StopTimer()
		lease.Release(ctx)
		if err := resultErr("cold exec", res); err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
	}
	b.ReportMetric(float64(Summarize(times).P50), "p50-ns/op")
}

func benchWarm(b *testing.B, sc Scenario) {
	m := benchManager(b, sc, 1<<30) // resident: never recycle the reused VM
	ctx := b.Context()
	req := ExecRequest()
	job := Job(PlacementOf(sc), "warm")
	lease, err := m.Acquire(ctx, job)
	if err != nil {
		b.Fatal(err)
	}
	if err := resultErr("first exec", lease.Exec(ctx, req)); err != nil {
		b.Fatal(err)
	}
	var times []time.Duration
	b.ReportAllocs()
	if sc == ScenarioResident {
		// Each iteration: reuse the parked VM (Acquire) and exec; the reset
		// at release is not timed.
		lease.Release(ctx)
		for b.Loop() {
			start := time.Now()
			lease, err := m.Acquire(ctx, job)
			if err != nil {
				b.Fatal(err)
			}
			res := lease.Exec(ctx, req)
			times = append(times, time.Since(start))
			b.StopTimer()
			lease.Release(ctx)
			if err := resultErr("warm exec", res); err != nil {
				b.Fatal(err)
			}
			if _, fresh := res.Phase(jobs.PhaseVMCreate); fresh {
				b.Fatal("resident VM not reused")
			}
			b.StartTimer()
		}
	} else {
		defer lease.Release(ctx)
		for b.Loop() {
			start := time.Now()
			res := lease.Exec(ctx, req)
			times = append(times, time.Since(start))
			if res.Status != jobs.StatusOK {
				b.Fatalf("warm exec: %s %s", res.Status, res.Error)
			}
		}
	}
	b.ReportMetric(float64(Summarize(times).P50), "p50-ns/op")
}

// BenchmarkSummarize is the statistics on a b=200 × 5 iterations cell.
func BenchmarkSummarize(b *testing.B) {
	in := make([]time.Duration, 1000)
	for i := range in {
		in[i] = time.Duration((i*7919)%1000) * time.Microsecond
	}
	b.ReportAllocs()
	for b.Loop() {
		Summarize(in)
	}
}
