package placement

import (
	"context"
	"fmt"
	"sync"
	"time"

	"github.com/natsexec/natsexec/jobs"
	"github.com/natsexec/natsexec/worker/sidecar"
)

// sharedPool is a fixed number of long-lived sidecars, spawned on first
// need and replaced when they die. New VMs go to the one hosting fewest.
type sharedPool struct {
	m     *Manager
	mu    sync.Mutex
	slots []*sharedSlot
}

type sharedSlot struct {
	// ready is closed once proc is spawned and its session open (or err).
	ready chan struct{}
	proc  *sidecar.Process
	err   error
	// spawnPhases are sidecar_spawn and session_open, given to the job that
	// caused the spawn.
	spawnPhases []jobs.Phase
	vms         int // guarded by sharedPool.mu
}

func newSharedPool(m *Manager) *sharedPool {
	return &sharedPool{m: m, slots: make([]*sharedSlot, m.opts.SharedSidecars)}
}

// pick returns the least-loaded live sidecar, starting one in an empty or
// dead slot. spawned is true when this call started it.
func (p *sharedPool) pick(ctx context.Context) (slot *sharedSlot, spawned bool, err error) {
	p.mu.Lock()
	best := -1
	for i, s := range p.slots {
		if s == nil || s.dead() {
			if s != nil && s.proc != nil {
				p.m.log.Warn("replacing dead shared sidecar", "sidecar_pid", s.proc.PID(), "reason", s.proc.ExitReason())
				p.m.opts.Observe.SidecarsLive(context.Background(), -1, jobs.PlacementShared)
			}
			// An empty slot beats any live one: spread load while the pool
			// is filling.
			best = i
			s = &sharedSlot{ready: make(chan struct{})}
			p.slots[i] = s
			spawned = true
			break
		}
		if best < 0 || s.vms < p.slots[best].vms {
			best = i
		}
	}
	slot = p.slots[best]
	if !spawned && slot.vms >= p.m.opts.MaxVMsPerSidecar {
		p.mu.Unlock()
		return nil, false, fmt.Errorf("placement: every shared sidecar hosts %d VMs", p.m.opts.MaxVMsPerSidecar)
	}
	slot.vms++
	p.mu.Unlock()

	if spawned {
		// The sidecar outlives the job that happened to start it: a job
		// cancelled mid-spawn must not leave the slot without one.
		// Not warmed: the job that caused the spawn waits on it, and would
		// pay the same costs in session_open instead of its own phases.
		slot.proc, slot.spawnPhases, slot.err = p.m.spawn(context.WithoutCancel(ctx), p.m.opts.Spawn, false)
		if slot.err == nil {
			p.m.opts.Observe.SidecarsLive(ctx, 1, jobs.PlacementShared)
		}
		close(slot.ready)
	}
	select {
	case <-slot.ready:
	case <-ctx.Done():
		p.unload(slot)
		return nil, false, ctx.Err()
	}
	if slot.err != nil {
		p.unload(slot)
		p.mu.Lock()
		if p.slots[best] == slot {
			p.slots[best] = nil
		}
		p.mu.Unlock()
		return nil, false, slot.err
	}
	return slot, spawned, nil
}

func (s *sharedSlot) dead() bool {
	select {
	case <-s.ready:
		return s.err != nil || s.proc.Err() != nil
	default:
		return false
	}
}

func (p *sharedPool) unload(s *sharedSlot) {
	p.mu.Lock()
	s.vms--
	p.mu.Unlock()
}

func (p *sharedPool) acquire(ctx context.Context, l *Lease) error {
	slot, spawned, err := p.pick(ctx)
	if err != nil {
		return err
	}
	if spawned {
		l.phases = append(l.phases, slot.spawnPhases...)
	}
	l.proc = slot.proc
	l.release = func(ctx context.Context, l *Lease) {
		l.dispose(ctx)
		p.unload(slot)
	}
	if err := l.provision(ctx); err != nil {
		l.release(ctx, l)
		return err
	}
	return nil
}

func (p *sharedPool) counts() (sidecars, vms int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	for _, s := range p.slots {
		if s != nil && !s.dead() {
			sidecars++
			vms += s.vms
		}
	}
	return sidecars, vms
}

func (p *sharedPool) close() {
	p.mu.Lock()
	slots := p.slots
	p.slots = make([]*sharedSlot, len(slots))
	p.mu.Unlock()
	var wg sync.WaitGroup
	for _, s := range slots {
		if s == nil {
			continue
		}
		wg.Go(func() {
			<-s.ready
			if s.err == nil {
				s.proc.Close(2 * time.Second)
				p.m.opts.Observe.SidecarsLive(context.Background(), -1, jobs.PlacementShared)
			}
		})
	}
	wg.Wait()
}

// spawn starts a sidecar and opens its session, timing both phases. warm
// is for sidecars started ahead of their jobs (see sidecar.Session.Warm).
func (m *Manager) spawn(ctx context.Context, opts sidecar.SpawnOptions, warm bool) (*sidecar.Process, []jobs.Phase, error) {
	if opts.Logger == nil {
		opts.Logger = m.log
	}
	proc, err := sidecar.Spawn(ctx, opts)
	if err != nil {
		return nil, nil, err
	}
	phases := []jobs.Phase{{Name: jobs.PhaseSidecarSpawn, Start: proc.Spawned, Duration: jobs.Duration(proc.SpawnTook)}}
	octx, cancel := m.opCtx(ctx)
	defer cancel()
	start := time.Now()
	if _, err := proc.Open(octx, sidecar.Session{MaxVMs: m.opts.MaxVMsPerSidecar, Warm: warm}); err != nil {
		proc.Kill()
		<-proc.Exited()
		return nil, nil, fmt.Errorf("session_open: %s", deathReason(proc, err))
	}
	phases = append(phases, jobs.Phase{Name: jobs.PhaseSessionOpen, Start: start, Duration: jobs.Duration(time.Since(start))})
	return proc, phases, nil
}
