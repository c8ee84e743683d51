package placement

import (
	"context"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"slices"
	"sync"
	"time"

	"github.com/natsexec/natsexec/jobs"
)

// residentPool keeps provisioned VMs in the shared sidecars, idle between
// jobs, keyed by everything that makes two jobs' VMs interchangeable. A VM
// is reset after each run and recycled after ResidentMaxRuns runs or any
// failure.
type residentPool struct {
	m     *Manager
	mu    sync.Mutex
	idle  map[string][]*residentVM
	total int // idle VMs across keys
	stop  chan struct{}
	done  chan struct{}
}

type residentVM struct {
	lease     *Lease
	slot      *sharedSlot
	runs      int
	idleSince time.Time
}

func newResidentPool(m *Manager) *residentPool {
	p := &residentPool{m: m, idle: make(map[string][]*residentVM), stop: make(chan struct{}), done: make(chan struct{})}
	go p.janitor()
	return p
}

// janitor disposes of VMs idle past the TTL, so keys that stop coming do
// not hold sidecar memory forever.
func (p *residentPool) janitor() {
	defer close(p.done)
	every := max(p.m.opts.ResidentIdleTTL/4, 10*time.Millisecond)
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-p.stop:
			return
		case now := <-t.C:
			p.evict(func(rv *residentVM) bool { return now.Sub(rv.idleSince) >= p.m.opts.ResidentIdleTTL })
		}
	}
}

// evict disposes of every idle VM for which old says so.
func (p *residentPool) evict(old func(*residentVM) bool) {
	var victims []*residentVM
	p.mu.Lock()
	for key, list := range p.idle {
		kept := list[:0]
		for _, rv := range list {
			if old(rv) {
				victims = append(victims, rv)
			} else {
				kept = append(kept, rv)
			}
		}
		if len(kept) == 0 {
			delete(p.idle, key)
		} else {
			p.idle[key] = kept
		}
	}
	p.total -= len(victims)
	p.mu.Unlock()
	p.dispose(victims)
}

func (p *residentPool) dispose(victims []*residentVM) {
	for _, rv := range victims {
		rv.lease.dispose(context.Background())
		p.m.shared.unload(rv.slot)
	}
}

// popOldestLocked removes the longest-idle VM across keys.
func (p *residentPool) popOldestLocked() *residentVM {
	var oldKey string
	oldIdx := -1
	var oldest *residentVM
	for key, list := range p.idle {
		for i, rv := range list {
			if oldest == nil || rv.idleSince.Before(oldest.idleSince) {
				oldest, oldKey, oldIdx = rv, key, i
			}
		}
	}
	if oldest == nil {
		return nil
	}
	list := p.idle[oldKey]
	p.idle[oldKey] = append(list[:oldIdx], list[oldIdx+1:]...)
	if len(p.idle[oldKey]) == 0 {
		delete(p.idle, oldKey)
	}
	p.total--
	return oldest
}

// residentKey hashes what a VM is configured with: runtime, limits, env,
// args and files. Two jobs with equal keys may share a VM across a reset.
func residentKey(job *jobs.Job) string {
	h := sha256.New()
	var n [8]byte
	str := func(s string) {
		binary.LittleEndian.PutUint64(n[:], uint64(len(s)))
		h.Write(n[:])
		h.Write([]byte(s))
	}
	num := func(v int64) {
		binary.LittleEndian.PutUint64(n[:], uint64(v))
		h.Write(n[:])
	}
	str(string(job.Runtime))
	l := job.Limits.WithDefaults()
	num(int64(l.Timeout))
	num(l.MemoryBytes)
	num(l.OutputBytes)
	num(l.FileBytes)
	num(l.FileCount)
	keys := make([]string, 0, len(job.Env))
	for k := range job.Env {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	num(int64(len(keys)))
	for _, k := range keys {
		str(k)
		str(job.Env[k])
	}
	num(int64(len(job.Args)))
	for _, a := range job.Args {
		str(a)
	}
	num(int64(len(job.Files)))
	for _, f := range job.Files {
		str(f.Path)
		num(int64(f.Mode))
		str(string(f.Data))
	}
	return hex.EncodeToString(h.Sum(nil))
}

func (p *residentPool) acquire(ctx context.Context, l *Lease) error {
	key := residentKey(l.job)
	p.mu.Lock()
	var rv *residentVM
	for list := p.idle[key]; len(list) > 0 && rv == nil; list = p.idle[key] {
		rv = list[len(list)-1]
		p.idle[key] = list[:len(list)-1]
		p.total--
		if rv.slot.dead() {
			rv = nil // its sidecar died while it idled
		}
	}
	if len(p.idle[key]) == 0 {
		delete(p.idle, key)
	}
	p.mu.Unlock()

	if rv != nil {
		// A reused VM: no provisioning phases, and its first exec here is
		// a warm one.
		l.proc, l.vm, l.reused = rv.lease.proc, rv.lease.vm, true
	} else {
		slot, spawned, err := p.m.shared.pick(ctx)
		if err != nil {
			return err
		}
		if spawned {
			l.phases = append(l.phases, slot.spawnPhases...)
		}
		l.proc = slot.proc
		rv = &residentVM{slot: slot}
		if err := l.provision(ctx); err != nil {
			l.dispose(ctx)
			p.m.shared.unload(slot)
			return err
		}
	}
	rv.lease = l
	l.release = func(ctx context.Context, l *Lease) { p.release(ctx, key, rv) }
	return nil
}

// release resets the VM and parks it, or disposes of it when it failed, ran
// its quota, or the key already has enough idle VMs.
func (p *residentPool) release(ctx context.Context, key string, rv *residentVM) {
	l := rv.lease
	rv.runs += l.execs
	keep := !l.broken && rv.runs < p.m.opts.ResidentMaxRuns && !rv.slot.dead()
	if keep {
		rctx, cancel := p.m.opCtx(ctx)
		_, err := l.vm.Reset(rctx)
		cancel()
		if err != nil {
			p.m.log.Warn("reset resident vm", "sidecar_pid", l.SidecarPID(), "err", err)
			keep = false
		}
	}
	if keep {
		p.mu.Lock()
		if p.idle != nil && len(p.idle[key]) < p.m.opts.ResidentMaxIdle {
			var evicted *residentVM
			if p.total >= p.m.opts.ResidentMaxIdleTotal {
				evicted = p.popOldestLocked()
			}
			// The next lease starts from a clean record.
			rv.lease = &Lease{m: p.m, proc: l.proc, vm: l.vm, placement: jobs.PlacementResident}
			rv.idleSince = time.Now()
			p.idle[key] = append(p.idle[key], rv)
			p.total++
			p.mu.Unlock()
			if evicted != nil {
				p.dispose([]*residentVM{evicted})
			}
			return
		}
		p.mu.Unlock()
	}
	l.dispose(ctx)
	p.m.shared.unload(rv.slot)
}

func (p *residentPool) idleCount() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.total
}

func (p *residentPool) close(ctx context.Context) {
	close(p.stop)
	<-p.done
	p.evict(func(*residentVM) bool { return true })
	p.mu.Lock()
	p.idle = nil
	p.mu.Unlock()
}
