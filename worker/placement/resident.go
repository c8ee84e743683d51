package placement

import (
	"context"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"slices"
	"sync"

	"github.com/natsexec/natsexec/jobs"
)

// residentPool keeps provisioned VMs in the shared sidecars, idle between
// jobs, keyed by everything that makes two jobs' VMs interchangeable. A VM
// is reset after each run and recycled after ResidentMaxRuns runs or any
// failure.
type residentPool struct {
	m    *Manager
	mu   sync.Mutex
	idle map[string][]*residentVM
}

type residentVM struct {
	lease *Lease
	slot  *sharedSlot
	runs  int
}

func newResidentPool(m *Manager) *residentPool {
	return &residentPool{m: m, idle: make(map[string][]*residentVM)}
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
			// The next lease starts from a clean record.
			rv.lease = &Lease{m: p.m, proc: l.proc, vm: l.vm}
			p.idle[key] = append(p.idle[key], rv)
			p.mu.Unlock()
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
	n := 0
	for _, list := range p.idle {
		n += len(list)
	}
	return n
}

func (p *residentPool) close(ctx context.Context) {
	p.mu.Lock()
	idle := p.idle
	p.idle = nil
	p.mu.Unlock()
	for _, list := range idle {
		for _, rv := range list {
			rv.lease.dispose(ctx)
			p.m.shared.unload(rv.slot)
		}
	}
}
