package placement

import (
	"context"
	"sync"
	"time"

	"github.com/natsexec/natsexec/jobs"
	"github.com/natsexec/natsexec/worker/sidecar"
)

// ownedPool gives each job a sidecar of its own, killed after the job.
// With PrespawnOwned > 0 it keeps that many started (and session-opened)
// sidecars waiting, so a job skips spawn time; each is still used once.
type ownedPool struct {
	m       *Manager
	readyCh chan *sidecar.Process
	stop    chan struct{}
	wg      sync.WaitGroup // prespawner and reapers
}

func newOwnedPool(m *Manager) *ownedPool {
	p := &ownedPool{m: m, stop: make(chan struct{})}
	if n := m.opts.PrespawnOwned; n > 0 {
		p.readyCh = make(chan *sidecar.Process, n)
		p.wg.Add(1)
		go p.prespawn()
	}
	return p
}

// spawnOpts is the owned sidecar's spawn template. A prespawned sidecar
// does not know its job yet, so its memory line is the default job's.
func (p *ownedPool) spawnOpts(memoryBytes int64) sidecar.SpawnOptions {
	o := p.m.opts.Spawn
	if memoryBytes <= 0 {
		memoryBytes = jobs.DefaultMemoryBytes
	}
	o.MemoryBytes = memoryBytes + p.m.opts.OwnedOverheadBytes
	return o
}

func (p *ownedPool) prespawn() {
	defer p.wg.Done()
	backoff := 10 * time.Millisecond
	for {
		proc, _, err := p.m.spawn(context.Background(), p.spawnOpts(0), true)
		if err != nil {
			p.m.log.Warn("prespawn owned sidecar", "err", err)
			select {
			case <-p.stop:
				return
			case <-time.After(backoff):
			}
			backoff = min(backoff*2, 5*time.Second)
			continue
		}
		backoff = 10 * time.Millisecond
		p.m.opts.Observe.SidecarsLive(context.Background(), 1, jobs.PlacementOwned)
		select {
		case p.readyCh <- proc:
		case <-p.stop:
			p.kill(proc)
			return
		}
	}
}

func (p *ownedPool) ready() int { return len(p.readyCh) }

func (p *ownedPool) acquire(ctx context.Context, l *Lease) error {
	var proc *sidecar.Process
	// A prespawned sidecar fits only a job with the default memory limit.
	if p.readyCh != nil && l.job.Limits.MemoryBytes == jobs.DefaultMemoryBytes {
		select {
		case proc = <-p.readyCh:
			if proc.Err() != nil {
				p.kill(proc)
				proc = nil
			}
		default:
		}
	}
	if proc == nil {
		var phases []jobs.Phase
		var err error
		proc, phases, err = p.m.spawn(ctx, p.spawnOpts(l.job.Limits.MemoryBytes), false)
		if err != nil {
			return err
		}
		p.m.opts.Observe.SidecarsLive(context.Background(), 1, jobs.PlacementOwned)
		l.phases = append(l.phases, phases...)
	}
	l.proc = proc
	l.release = func(_ context.Context, l *Lease) {
		// No dispose: the whole process goes, its VM with it.
		if l.vm != nil {
			l.vm = nil
			p.m.opts.Observe.VMsLive(context.Background(), -1, jobs.PlacementOwned)
		}
		p.kill(l.proc)
	}
	if err := l.provision(ctx); err != nil {
		l.release(ctx, l)
		return err
	}
	return nil
}

// kill ends an owned sidecar without waiting; a reaper collects it so no
// zombie is left, and close waits for the reapers.
func (p *ownedPool) kill(proc *sidecar.Process) {
	proc.Kill()
	p.wg.Go(func() {
		<-proc.Exited()
		p.m.opts.Observe.SidecarsLive(context.Background(), -1, jobs.PlacementOwned)
	})
}

func (p *ownedPool) close() {
	close(p.stop)
	// The prespawner exits on stop; then whatever it left ready is killed.
	p.wg.Wait()
	for drained := false; !drained; {
		select {
		case proc := <-p.readyCh:
			p.kill(proc)
		default:
			drained = true
		}
	}
	p.wg.Wait()
}
