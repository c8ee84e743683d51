package placement

import (
	"context"
	"crypto/sha256"
	"sync"

	"github.com/natsexec/natsexec/jobs"
)

// Fault containment: which run of a job is its answer.
//
// A sidecar that hosts many VMs (shared, resident) dies or hangs for all of
// them at once, and its memory is one heap. So a failure seen there is not
// proof against the job that saw it:
//
//   - A job whose exec hung its sidecar (no answer by its deadline plus the
//     grace, or none after a cancel), or that was in a sidecar that crashed
//     for a reason nobody was blamed for, or whose memory check saw a heap
//     it shared with other VMs pass its budget, is a suspect. It runs again
//     once, in an owned sidecar, where whatever it does harms only itself
//     and every measurement is its own; that run's result is final, and
//     says what killed it (timeout, killed).
//   - A job whose sidecar the worker killed on another job's account, or
//     whose sidecar died before the job's own code ran (while its VM was
//     made), is innocent: it runs again where it ran, transparently.
//   - An owned sidecar is a job's own domain: a hang there is its timeout,
//     the kernel's OOM kill its memory limit, both final at once. A SIGKILL
//     no one in reach of the guest sent (an operator, a supervisor) makes
//     it innocent. Any other death of an owned sidecar (a crash) gets the
//     one owned retry; a second is final.
//
// Every set-aside run is listed in Result.Retries. Retries here happen in
// the worker, within the job's delivery: JetStream redelivery stays for
// what the worker cannot finish (spawn failures, shutdown, its own death).

// verdict is what a run's failure says about the job that saw it.
type verdict int

const (
	// final: the result is the job's answer.
	final verdict = iota
	// suspect: the job may have caused the failure; run it again owned.
	suspect
	// innocent: another job caused it; run it again where it ran.
	innocent
)

// Bounds on one delivery's runs: a suspect is re-run once; an innocent job
// a few times, as several neighbours in a row may each kill its sidecar.
const (
	maxSuspectRetries  = 1
	maxInnocentRetries = 3
)

// Run executes a validated job in its placement and returns its result,
// re-running it as the fault-containment rules above say. It never returns
// nil, and reports every failure inside the result.
func (m *Manager) Run(ctx context.Context, job *jobs.Job) *jobs.Result {
	run := *job
	run.Placement = m.admit(job)
	var retries []jobs.Retry
	suspects, innocents := 0, 0
	for {
		res, v := m.runOnce(ctx, &run, suspects > 0)
		switch {
		case v == final || ctx.Err() != nil:
		case v == suspect && suspects < maxSuspectRetries:
			suspects++
			retries = append(retries, retryOf(res, true))
			run.Placement = jobs.PlacementOwned
			m.log.Info("job suspected of its sidecar's failure; running it again in an owned sidecar",
				"job", job.ID, "placement", res.Placement, "sidecar_pid", res.SidecarPID, "err", res.Error)
			continue
		case v == innocent && innocents < maxInnocentRetries:
			innocents++
			retries = append(retries, retryOf(res, false))
			m.log.Info("job's sidecar was killed for another job; running it again",
				"job", job.ID, "placement", res.Placement, "sidecar_pid", res.SidecarPID)
			continue
		}
		res.Retries = retries
		if run.Runtime == jobs.RuntimeWASM && (res.Status == jobs.StatusOK || res.Status == jobs.StatusGuestError) {
			m.modules.add(job.Module)
		}
		return res
	}
}

func retryOf(res *jobs.Result, suspected bool) jobs.Retry {
	return jobs.Retry{Placement: res.Placement, SidecarPID: res.SidecarPID, Status: res.Status, Error: res.Error, Suspect: suspected}
}

// runOnce is one run of a job in run.Placement. retry marks the owned run
// of a suspect, whose failure is final whatever it is.
func (m *Manager) runOnce(ctx context.Context, job *jobs.Job, retry bool) (*jobs.Result, verdict) {
	lease, err := m.Acquire(ctx, job)
	lease.retry = retry
	if err != nil {
		return lease.failure(err), lease.verdict
	}
	res := lease.Exec(ctx, execRequest(job))
	lease.Release(ctx)
	return res, lease.verdict
}

// admit chooses where a job runs before it runs at all. Two kinds of job
// would make a shared sidecar's failure ambiguous, and go owned instead:
//
//   - one that asks for more memory than a shared sidecar can give a VM
//     (Options.SharedMaxJobMemory): its allocations could make the kernel
//     or the heap check strike its neighbours;
//   - a WASM job whose module this worker has not yet run: compiling a
//     module cannot be interrupted, and one that overruns its deadline is
//     stopped only by killing its process, which must cost that job alone.
func (m *Manager) admit(job *jobs.Job) jobs.Placement {
	p := job.Placement
	if p == "" {
		p = jobs.PlacementShared
	}
	if p == jobs.PlacementOwned {
		return p
	}
	if job.Limits.MemoryBytes > m.opts.SharedMaxJobMemory {
		return jobs.PlacementOwned
	}
	if job.Runtime == jobs.RuntimeWASM && !m.modules.has(job.Module) {
		return jobs.PlacementOwned
	}
	return p
}

// moduleSet remembers which WASM modules have run to a final result on
// this worker, by content hash, bounded: forgetting one only costs its
// next job an owned sidecar.
type moduleSet struct {
	mu   sync.Mutex
	max  int
	seen map[[32]byte]struct{}
	fifo [][32]byte
}

func newModuleSet(max int) *moduleSet {
	return &moduleSet{max: max, seen: make(map[[32]byte]struct{}, max)}
}

func (s *moduleSet) has(module []byte) bool {
	k := sha256.Sum256(module)
	s.mu.Lock()
	defer s.mu.Unlock()
	_, ok := s.seen[k]
	return ok
}

func (s *moduleSet) add(module []byte) {
	k := sha256.Sum256(module)
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.seen[k]; ok {
		return
	}
	if len(s.fifo) >= s.max {
		delete(s.seen, s.fifo[0])
		s.fifo = s.fifo[1:]
	}
	s.seen[k] = struct{}{}
	s.fifo = append(s.fifo, k)
}
