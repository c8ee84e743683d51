package worker

import (
	"context"
	"sync"
)

// slotPool shares a worker's slots between tenants. A freed slot goes to
// the waiting tenant with the fewest jobs running here (the longest waiter
// among equals), so one tenant's burst takes every slot only while nobody
// else waits, and another tenant's job waits at most for the next slot to
// free: one job's run time. maxPerTenant, when set, caps any one tenant's
// running jobs even when slots are idle.
type slotPool struct {
	mu           sync.Mutex
	free         int
	maxPerTenant int
	running      map[string]int
	waiters      []*slotWaiter // oldest first
}

type slotWaiter struct {
	tenant  string
	granted chan struct{}
}

func newSlotPool(slots, maxPerTenant int) *slotPool {
	return &slotPool{free: slots, maxPerTenant: maxPerTenant, running: map[string]int{}}
}

// acquire waits for a slot for tenant. It returns ctx's error if ctx ends
// first, holding nothing.
func (p *slotPool) acquire(ctx context.Context, tenant string) error {
	p.mu.Lock()
	if p.free > 0 && len(p.waiters) == 0 && p.eligible(tenant) {
		p.free--
		p.running[tenant]++
		p.mu.Unlock()
		return nil
	}
	w := &slotWaiter{tenant: tenant, granted: make(chan struct{})}
	p.waiters = append(p.waiters, w)
	p.grantLocked()
	p.mu.Unlock()

	select {
	case <-w.granted:
		return nil
	case <-ctx.Done():
		p.mu.Lock()
		defer p.mu.Unlock()
		for i, x := range p.waiters {
			if x == w {
				p.waiters = append(p.waiters[:i], p.waiters[i+1:]...)
				return ctx.Err()
			}
		}
		// Granted as ctx ended: give the slot back.
		p.releaseLocked(tenant)
		return ctx.Err()
	}
}

// release returns tenant's slot.
func (p *slotPool) release(tenant string) {
	p.mu.Lock()
	p.releaseLocked(tenant)
	p.mu.Unlock()
}

func (p *slotPool) releaseLocked(tenant string) {
	p.free++
	if p.running[tenant]--; p.running[tenant] <= 0 {
		delete(p.running, tenant)
	}
	p.grantLocked()
}

func (p *slotPool) eligible(tenant string) bool {
	return p.maxPerTenant <= 0 || p.running[tenant] < p.maxPerTenant
}

// grantLocked hands free slots to waiters, fewest running first.
func (p *slotPool) grantLocked() {
	for p.free > 0 {
		best := -1
		for i, w := range p.waiters {
			if !p.eligible(w.tenant) {
				continue
			}
			if best < 0 || p.running[w.tenant] < p.running[p.waiters[best].tenant] {
				best = i
			}
		}
		if best < 0 {
			return
		}
		w := p.waiters[best]
		p.waiters = append(p.waiters[:best], p.waiters[best+1:]...)
		p.free--
		p.running[w.tenant]++
		close(w.granted)
	}
}

// inUse reports the slots taken.
func (p *slotPool) inUse() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	n := 0
	for _, r := range p.running {
		n += r
	}
	return n
}

// byTenant reports the jobs running per tenant ("" without one).
func (p *slotPool) byTenant() map[string]int {
	p.mu.Lock()
	defer p.mu.Unlock()
	m := make(map[string]int, len(p.running))
	for t, r := range p.running {
		m[t] = r
	}
	return m
}
