package bench

import (
	"bytes"
	"cmp"
	"context"
	"fmt"
	"maps"
	"os"
	"runtime"
	"slices"
	"strconv"
	"sync"
	"time"

	"github.com/natsexec/natsexec/jobs"
	"github.com/natsexec/natsexec/worker/placement"
)

// memorySettle is how long RSS is left to settle before each reading.
// releaseSettle gives the sidecar's Go runtime time to return freed
// memory to the OS before the after-release reading.
const (
	memorySettle  = 500 * time.Millisecond
	releaseSettle = 2 * time.Second
)

// Memory measures, for each n in sizes, the shared sidecars' RSS with n
// VMs live (each having run the guest once), per VM above the baseline,
// and after releasing them. Each point uses a fresh manager whose shared
// sidecars are spawned and have hosted one VM each (caches warm) before
// the baseline is read.
func (l *Local) Memory(ctx context.Context, sizes []int) ([]MemoryPoint, error) {
	var out []MemoryPoint
	for _, n := range sizes {
		p, err := l.memoryPoint(ctx, n)
		if err != nil {
			return out, fmt.Errorf("%d live VMs: %w", n, err)
		}
		out = append(out, p)
	}
	return out, nil
}

func (l *Local) memoryPoint(ctx context.Context, n int) (MemoryPoint, error) {
	opts := l.managerOptions(ScenarioShared)
	opts.SharedSidecars = cmp.Or(opts.SharedSidecars, runtime.NumCPU())
	m, err := placement.New(ctx, opts)
	if err != nil {
		return MemoryPoint{}, err
	}
	defer func() {
		cctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 30*time.Second)
		defer cancel()
		_ = m.Close(cctx)
	}()

	// Warm every shared sidecar: while leases are held, each Acquire picks
	// an empty slot until all are spawned.
	warm, err := openLeases(ctx, m, opts.SharedSidecars, 1)
	pids := leasePIDs(warm)
	releaseAll(ctx, warm)
	if err != nil {
		return MemoryPoint{}, fmt.Errorf("warm the shared sidecars: %w", err)
	}
	time.Sleep(memorySettle)
	base, err := sumRSS(pids)
	if err != nil {
		return MemoryPoint{}, err
	}

	leases, err := openLeases(ctx, m, n, DefaultConcurrency)
	if err != nil {
		releaseAll(ctx, leases)
		return MemoryPoint{}, err
	}
	for pid := range leasePIDs(leases) {
		pids[pid] = true
	}
	time.Sleep(memorySettle)
	live, err := sumRSS(pids)
	if err != nil {
		releaseAll(ctx, leases)
		return MemoryPoint{}, err
	}
	releaseAll(ctx, leases)
	time.Sleep(releaseSettle)
	released, err := sumRSS(pids)
	if err != nil {
		return MemoryPoint{}, err
	}
	p := MemoryPoint{LiveVMs: n, Sidecars: len(pids), Baseline: base, Live: live, Released: released}
	p.PerVM = (live - base) / int64(n)
	if grown := live - base; grown > 0 {
		p.Reclaimed = float64(live-released) / float64(grown)
	}
	return p, nil
}

// openLeases acquires n shared leases and runs the guest once in each, at
// most limit at a time. On error the leases opened so far are returned.
func openLeases(ctx context.Context, m *placement.Manager, n, limit int) ([]*placement.Lease, error) {
	var (
		mu     sync.Mutex
		leases []*placement.Lease
		errs   []error
		wg     sync.WaitGroup
		sem    = make(chan struct{}, limit)
	)
	job := Job(jobs.PlacementShared, "")
	for range n {
		sem <- struct{}{}
		wg.Go(func() {
			defer func() { <-sem }()
			lease, err := m.Acquire(ctx, job)
			if err == nil {
				mu.Lock()
				leases = append(leases, lease)
				mu.Unlock()
				err = resultErr("exec", lease.Exec(ctx, ExecRequest()))
			}
			if err != nil {
				mu.Lock()
				errs = append(errs, err)
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	if len(errs) > 0 {
		return leases, fmt.Errorf("%d of %d VMs failed, first: %w", len(errs), n, errs[0])
	}
	return leases, nil
}

func releaseAll(ctx context.Context, leases []*placement.Lease) {
	for _, l := range leases {
		l.Release(context.WithoutCancel(ctx))
	}
}

func leasePIDs(leases []*placement.Lease) map[int]bool {
	out := map[int]bool{}
	for _, l := range leases {
		if pid := l.SidecarPID(); pid > 0 {
			out[pid] = true
		}
	}
	return out
}

// sumRSS adds up the resident set sizes of pids from /proc, as the
// sidecar's own Stats reports its RSS.
func sumRSS(pids map[int]bool) (int64, error) {
	var total int64
	for _, pid := range slices.Sorted(maps.Keys(pids)) {
		b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/statm")
		if err != nil {
			return 0, fmt.Errorf("rss of sidecar %d: %w", pid, err)
		}
		f := bytes.Fields(b)
		if len(f) < 2 {
			return 0, fmt.Errorf("rss of sidecar %d: short statm %q", pid, b)
		}
		pages, err := strconv.ParseInt(string(f[1]), 10, 64)
		if err != nil {
			return 0, fmt.Errorf("rss of sidecar %d: %w", pid, err)
		}
		total += pages * int64(os.Getpagesize())
	}
	return total, nil
}
