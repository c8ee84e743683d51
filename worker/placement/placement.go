// Package placement decides where a job's VM lives and drives it there:
// owned (a fresh sidecar per job), shared (new VMs in a pool of long-lived
// sidecars) or resident (live VMs reused across jobs, reset between runs).
// It times every phase where it happens and turns everything that can go
// wrong, sidecar deaths included, into a Result.
package placement

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"runtime"
	"sync"
	"time"

	"github.com/natsexec/natsexec/guest"
	"github.com/natsexec/natsexec/jobs"
	"github.com/natsexec/natsexec/worker/sidecar"
)

// ErrClosed is returned once the manager is shutting down.
var ErrClosed = errors.New("placement: closed")

// Options configure a Manager. Zero fields take the defaults noted.
type Options struct {
	// Spawn is the template for every sidecar; MemoryBytes there is the
	// shared sidecars' limit (owned sidecars get the job's limit plus
	// OwnedOverheadBytes).
	Spawn sidecar.SpawnOptions
	// SharedSidecars is the size of the shared pool (default: cores).
	SharedSidecars int
	// MaxVMsPerSidecar bounds VMs in one shared sidecar (default 512).
	MaxVMsPerSidecar int
	// PrespawnOwned keeps this many never-used owned sidecars ready, each
	// still used for one job only (default 0: off).
	PrespawnOwned int
	// ResidentMaxRuns recycles a resident VM after this many runs (default 1000).
	ResidentMaxRuns int
	// ResidentMaxIdle bounds idle resident VMs per key (default 64).
	ResidentMaxIdle int
	// ResidentMaxIdleTotal bounds idle resident VMs across keys; past it the
	// longest idle is disposed (default 256).
	ResidentMaxIdleTotal int
	// ResidentIdleTTL disposes a resident VM idle this long (default 2m).
	ResidentIdleTTL time.Duration
	// OwnedOverheadBytes is added to a job's memory limit to get its owned
	// sidecar's memory cgroup limit (default DefaultOwnedOverheadBytes).
	OwnedOverheadBytes int64
	// OpTimeout bounds every request but exec (default 30s: a cold mount
	// may compile the command set).
	OpTimeout time.Duration
	// ExecGrace is how long past a job's own timeout an exec may go
	// unanswered before its sidecar counts as hung and is killed
	// (default sidecar.DeadlineGrace).
	ExecGrace time.Duration
	// CancelGrace is how long a cancelled exec may go unanswered before its
	// sidecar counts as hung (default 500ms).
	CancelGrace time.Duration
	// SharedMaxJobMemory is the most memory a job may ask for and still run
	// in a shared sidecar; a job asking more runs owned (default: an eighth
	// of Spawn.MemoryBytes, the shared sidecars' limit, or 512 MiB if that
	// is unset).
	SharedMaxJobMemory int64
	Logger             *slog.Logger
	// Observe, when set, hears about live sidecars and VMs (deltas), for
	// metrics.
	Observe Observer
}

// DefaultOwnedOverheadBytes is what an owned sidecar may use beyond its
// job's memory limit before the kernel kills it: the Go runtime and its
// collector's headroom (the sidecar's soft memory limit is 3/4 of its
// cgroup's), goja and wazero themselves, the compiled WASM command set,
// thread stacks, and the page cache of the VM's files. A sidecar that has
// run a small JS guest and a command-set program is charged 5–60 MiB.
// The job's own heap growth is held to its limit by the sidecar's heap
// watchdog, its WASM memory by its page limit; the cgroup is the line
// under both, for what one native call allocates at once.
const DefaultOwnedOverheadBytes = 64 << 20

// Observer is told when sidecars and VMs come and go; *tracing.Metrics is
// one.
type Observer interface {
	SidecarsLive(ctx context.Context, delta int64, placement jobs.Placement)
	VMsLive(ctx context.Context, delta int64, placement jobs.Placement)
}

type nopObserver struct{}

func (nopObserver) SidecarsLive(context.Context, int64, jobs.Placement) {}
func (nopObserver) VMsLive(context.Context, int64, jobs.Placement)      {}

func (o *Options) setDefaults() {
	if o.SharedSidecars <= 0 {
		o.SharedSidecars = runtime.NumCPU()
	}
	if o.MaxVMsPerSidecar <= 0 {
		o.MaxVMsPerSidecar = 512
	}
	if o.ResidentMaxRuns <= 0 {
		o.ResidentMaxRuns = 1000
	}
	if o.ResidentMaxIdle <= 0 {
		o.ResidentMaxIdle = 64
	}
	if o.ResidentMaxIdleTotal <= 0 {
		o.ResidentMaxIdleTotal = 256
	}
	if o.ResidentIdleTTL <= 0 {
		o.ResidentIdleTTL = 2 * time.Minute
	}
	if o.OwnedOverheadBytes <= 0 {
		o.OwnedOverheadBytes = DefaultOwnedOverheadBytes
	}
	if o.OpTimeout <= 0 {
		o.OpTimeout = 30 * time.Second
	}
	if o.ExecGrace <= 0 {
		o.ExecGrace = sidecar.DeadlineGrace
	}
	if o.CancelGrace <= 0 {
		o.CancelGrace = 500 * time.Millisecond
	}
	if o.SharedMaxJobMemory <= 0 {
		o.SharedMaxJobMemory = 512 << 20
		if o.Spawn.MemoryBytes > 0 {
			o.SharedMaxJobMemory = o.Spawn.MemoryBytes / 8
		}
	}
	if o.Logger == nil {
		o.Logger = slog.New(slog.DiscardHandler)
	}
	if o.Observe == nil {
		o.Observe = nopObserver{}
	}
}

// Manager owns every sidecar of a worker.
type Manager struct {
	opts     Options
	log      *slog.Logger
	shared   *sharedPool
	resident *residentPool
	owned    *ownedPool
	// modules are the WASM modules that ran here (see admit).
	modules *moduleSet

	mu     sync.Mutex
	closed bool
	wg     sync.WaitGroup // in-flight leases
}

// New starts a manager. Sidecars are spawned on demand, except the
// pre-spawned owned pool, which starts filling at once.
func New(ctx context.Context, opts Options) (*Manager, error) {
	opts.setDefaults()
	if dir := opts.Spawn.CacheDir; dir != "" {
		// Sidecars see the cache read-only: fill it first.
		if err := guest.PrepareCache(ctx, dir); err != nil {
			return nil, fmt.Errorf("placement: wasm compilation cache %s: %w", dir, err)
		}
	}
	m := &Manager{opts: opts, log: opts.Logger, modules: newModuleSet(4096)}
	m.shared = newSharedPool(m)
	m.resident = newResidentPool(m)
	m.owned = newOwnedPool(m)
	return m, nil
}

// Acquire provisions (or reuses) a VM for job, recording phases up to
// runtime_create_total. The lease must be released. On error the lease is
// still returned, carrying the phases so far, and needs no release.
func (m *Manager) Acquire(ctx context.Context, job *jobs.Job) (*Lease, error) {
	l := &Lease{m: m, job: job, placement: job.Placement}
	m.mu.Lock()
	if m.closed {
		m.mu.Unlock()
		return l, ErrClosed
	}
	m.wg.Add(1)
	m.mu.Unlock()

	var err error
	switch job.Placement {
	case jobs.PlacementOwned:
		err = m.owned.acquire(ctx, l)
	case jobs.PlacementResident:
		err = m.resident.acquire(ctx, l)
	default:
		l.placement = jobs.PlacementShared
		err = m.shared.acquire(ctx, l)
	}
	if err != nil {
		m.wg.Done()
		return l, err
	}
	return l, nil
}

// Close stops taking leases, waits for the running ones (or ctx), then
// shuts every sidecar down.
func (m *Manager) Close(ctx context.Context) error {
	m.mu.Lock()
	m.closed = true
	m.mu.Unlock()
	done := make(chan struct{})
	go func() { m.wg.Wait(); close(done) }()
	select {
	case <-done:
	case <-ctx.Done():
	}
	m.owned.close()
	m.resident.close(ctx)
	m.shared.close()
	return nil
}

// Stats summarises the manager's sidecars.
type Stats struct {
	SharedSidecars int `json:"shared_sidecars"`
	LiveVMs        int `json:"live_vms"`
	IdleResident   int `json:"idle_resident"`
	Prespawned     int `json:"prespawned"`
}

// Stats reports live counts.
func (m *Manager) Stats() Stats {
	s := Stats{Prespawned: m.owned.ready()}
	s.SharedSidecars, s.LiveVMs = m.shared.counts()
	s.IdleResident = m.resident.idleCount()
	return s
}

func execRequest(job *jobs.Job) guest.ExecRequest {
	return guest.ExecRequest{
		Runtime:     job.Runtime,
		Source:      job.Source,
		Module:      job.Module,
		Args:        job.Args,
		Stdin:       job.Stdin,
		OutputFiles: job.OutputFiles,
	}
}

func vmConfig(job *jobs.Job) guest.Config {
	return guest.Config{
		Env:    job.Env,
		Args:   job.Args,
		Files:  job.Files,
		Limits: job.Limits,
	}
}

func (m *Manager) opCtx(ctx context.Context) (context.Context, context.CancelFunc) {
	return context.WithTimeout(ctx, m.opts.OpTimeout)
}

// errorf builds an infra failure message with the sidecar's exit reason
// when it died.
func deathReason(p *sidecar.Process, err error) string {
	if p != nil && errors.Is(err, sidecar.ErrSidecarDied) {
		select {
		case <-p.Exited():
			return fmt.Sprintf("%v (sidecar %d %s)", err, p.PID(), p.ExitReason())
		case <-time.After(100 * time.Millisecond):
		}
	}
	return err.Error()
}
