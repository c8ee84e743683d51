package placement

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/natsexec/natsexec/guest"
	"github.com/natsexec/natsexec/jobs"
	"github.com/natsexec/natsexec/worker/sidecar"
)

// Lease is one job's hold on a provisioned VM. Exec may be called more than
// once (the first is timed as first_exec, later ones as warm_exec, as the
// reference measures them); Release hands the VM back to its placement.
type Lease struct {
	m         *Manager
	job       *jobs.Job
	placement jobs.Placement
	proc      *sidecar.Process
	vm        *sidecar.VM
	phases    []jobs.Phase
	execs     int
	// broken means the VM or its sidecar can't be trusted again.
	broken  bool
	release func(context.Context, *Lease)
	// reused marks a resident VM that ran jobs before this one, so its
	// first exec here is a warm one.
	reused bool
	// retry marks the owned re-run of a suspect (see contain.go): its
	// failures are final.
	retry bool
	// verdict is what the lease's failure, if any, says about its job.
	verdict verdict
	// execing is set while Exec runs: a hang then is the guest's doing, a
	// hang while provisioning is not.
	execing bool
}

// Phases are the phases recorded so far.
func (l *Lease) Phases() []jobs.Phase { return l.phases }

// Placement is where the VM lives.
func (l *Lease) Placement() jobs.Placement { return l.placement }

// SidecarPID is the pid of the sidecar hosting the VM.
func (l *Lease) SidecarPID() int {
	if l.proc == nil {
		return 0
	}
	return l.proc.PID()
}

func (l *Lease) addPhase(name string, start time.Time, d time.Duration) {
	l.phases = append(l.phases, jobs.Phase{Name: name, Start: start, Duration: jobs.Duration(d)})
}

// addRemote records a phase with the sidecar's own timing of the request.
func (l *Lease) addRemote(name string, f *sidecar.Frame) {
	if f != nil {
		l.addPhase(name, f.Start, f.Took)
	}
}

// provision creates and mounts a VM in l.proc, recording vm_create through
// runtime_create_total.
func (l *Lease) provision(ctx context.Context) error {
	ctx, cancel := l.m.opCtx(ctx)
	defer cancel()
	start := time.Now()
	vm, f, err := l.proc.CreateVM(ctx)
	l.addRemote(jobs.PhaseVMCreate, f)
	if err != nil {
		return fmt.Errorf("vm_create: %w", err)
	}
	l.vm = vm
	l.m.opts.Observe.VMsLive(ctx, 1, l.placement)
	f, err = vm.Configure(ctx, vmConfig(l.job))
	l.addRemote(jobs.PhaseVMConfigure, f)
	if err != nil {
		return fmt.Errorf("vm_configure: %w", err)
	}
	f, err = vm.MountNode(ctx)
	l.addRemote(jobs.PhaseRuntimeMountNode, f)
	if err != nil {
		return fmt.Errorf("runtime_mount_node: %w", err)
	}
	f, err = vm.MountWASM(ctx)
	l.addRemote(jobs.PhaseRuntimeMountWASM, f)
	if err != nil {
		return fmt.Errorf("runtime_mount_wasm: %w", err)
	}
	l.addPhase(jobs.PhaseRuntimeCreateTotal, start, time.Since(start))
	return nil
}

// Exec runs req in the leased VM and returns a complete result. A cancelled
// ctx interrupts the guest (the result says cancelled); a sidecar that does
// not answer within the guest's timeout plus a grace is killed.
func (l *Lease) Exec(ctx context.Context, req guest.ExecRequest) *jobs.Result {
	name := jobs.PhaseFirstExec
	if l.execs > 0 || l.reused {
		name = jobs.PhaseWarmExec
	}
	l.execs++

	limit := l.job.Limits.WithDefaults().Timeout.Std() + l.m.opts.ExecGrace
	execCtx, ignored := context.WithCancelCause(context.WithoutCancel(ctx))
	execCtx, cancel := context.WithTimeout(execCtx, limit)
	defer cancel()
	done := make(chan struct{})
	defer close(done)
	// Cancellation travels to the sidecar as its own request, so the guest
	// stops and the exec still answers with what it had. A guest that does
	// not stop within CancelGrace counts as hung, like one that passes its
	// deadline: a cancel is as prompt as a timeout.
	stop := context.AfterFunc(ctx, func() {
		cctx, ccancel := context.WithTimeout(context.Background(), l.m.opts.CancelGrace)
		defer ccancel()
		_ = l.vm.Cancel(cctx)
		select {
		case <-done:
		case <-cctx.Done():
			ignored(errCancelIgnored)
		}
	})
	defer stop()
	l.execing = true
	defer func() { l.execing = false }()

	start := time.Now()
	res, f, err := l.vm.Exec(execCtx, req)
	if f != nil {
		l.addRemote(name, f)
	} else {
		l.addPhase(name, start, time.Since(start))
	}
	if err != nil {
		return l.failure(err)
	}
	if res.Kind != guest.KindNone {
		// A VM that timed out, was cancelled or hit a limit may hold
		// half-done state; it is not handed to another job.
		l.broken = l.broken || res.Kind != guest.KindGuest
	}
	if res.CompileOverrun && l.proc != nil {
		return l.compileOverrun(res)
	}
	return l.result(res)
}

// compileOverrun ends a run whose WASM module was still compiling at its
// deadline or cancel. A compile cannot be stopped in its process, and would
// go on holding a compile slot and the CPU: the sidecar is killed on this
// job's account, its neighbours being innocents (see contain.go). A timeout
// in a shared sidecar, where the compile shared the CPU, makes the job a
// suspect; owned, or on its owned retry, the timeout is final.
func (l *Lease) compileOverrun(res *guest.ExecResult) *jobs.Result {
	why := "was still compiling its WASM module at its deadline"
	if res.Kind == guest.KindCancelled {
		why = "was still compiling its WASM module when cancelled"
	}
	l.proc.KillFor(l.job.ID, why)
	l.broken = true
	r := l.result(res)
	r.Error += fmt.Sprintf("; a compile cannot be stopped, so the job's sidecar %d was killed", l.SidecarPID())
	if res.Kind == guest.KindTimeout && l.placement != jobs.PlacementOwned && !l.retry {
		l.verdict = suspect
	}
	return r
}

func (l *Lease) result(res *guest.ExecResult) *jobs.Result {
	r := l.base()
	r.Status = res.Kind.Status()
	r.ExitCode = res.ExitCode
	r.Error = res.Error
	r.Stdout, r.Stderr = res.Stdout, res.Stderr
	r.StdoutTruncated, r.StderrTruncated = res.StdoutTruncated, res.StderrTruncated
	r.Exports = res.Exports
	r.Files = res.Files
	r.Usage = l.usage(res)
	if res.Kind == guest.KindMemory && res.Usage.MemoryShared && l.placement != jobs.PlacementOwned {
		// Another VM's exec ran beside this one and its allocations count
		// in the heap the verdict was drawn from: not proof enough for a
		// final "killed". The job runs again alone, where it is.
		r.Error = "not final: another job ran beside this one in its shared sidecar, whose heap it judged by: " + res.Error
		l.verdict = suspect
	}
	return r
}

// usage is what the run cost. Memory is exact in an owned sidecar (the
// kernel's peak for its cgroup or process, runtime included) and for WASM
// (its linear memory); for JS in a shared or resident one it is the
// watchdog's peak heap growth, an estimate (garbage not yet collected,
// other VMs' work).
func (l *Lease) usage(res *guest.ExecResult) *jobs.Usage {
	u := &jobs.Usage{
		CPU:             jobs.Duration(res.Usage.CPU),
		PeakMemoryBytes: res.Usage.HeapGrowthBytes,
		MemoryEstimate:  l.job.Runtime != jobs.RuntimeWASM,
		FileBytes:       res.Usage.FileBytes,
		Files:           res.Usage.Files,
	}
	if l.placement == jobs.PlacementOwned && l.proc != nil {
		if peak := l.proc.PeakMemory(); peak > 0 {
			u.PeakMemoryBytes, u.MemoryEstimate = peak, false
		}
	}
	return u
}

func (l *Lease) base() *jobs.Result {
	r := &jobs.Result{
		JobID:      l.job.ID,
		Placement:  l.placement,
		SidecarPID: l.SidecarPID(),
		FinishedAt: time.Now(),
	}
	if l.proc != nil {
		r.Sandbox = l.proc.Sandbox()
	}
	r.Phases = append(r.Phases, l.phases...)
	return r
}

// errCancelIgnored is the cause of an exec abandoned because its guest did
// not stop after a cancel.
var errCancelIgnored = errors.New("the guest did not stop after a cancel")

// failure turns an error of the platform into a result, and sets the
// lease's verdict on its job as the rules in contain.go say.
func (l *Lease) failure(err error) *jobs.Result {
	r := l.base()
	r.ExitCode = -1
	l.broken = true
	l.verdict = final
	owned := l.placement == jobs.PlacementOwned
	switch {
	case errors.Is(err, ErrClosed):
		r.Status, r.Error = jobs.StatusInfraError, "worker is shutting down"
	case errors.Is(err, sidecar.ErrHung) && l.proc != nil:
		l.hung(r, err)
	case errors.Is(err, sidecar.ErrSidecarDied) && l.proc != nil:
		r.Status, r.Error = jobs.StatusInfraError, deathReason(l.proc, err)
		if b := l.proc.Blamed(); b != nil && b.Job != l.job.ID {
			// Never name the other job: it may be another user's.
			r.Error = fmt.Sprintf("sidecar %d was killed because another job in it %s", l.SidecarPID(), b.Reason)
			l.verdict = innocent
			break
		}
		if !l.execing {
			// It died while the job's VM was being made: no guest code of
			// this job had run.
			l.verdict = innocent
			break
		}
		if !owned {
			l.verdict = suspect
			break
		}
		if limit, cgroup, ok := l.proc.CgroupOOM(); ok {
			r.Status = jobs.StatusKilled
			r.Error = fmt.Sprintf("memory limit: the kernel killed the job's sidecar at its memory cgroup's limit of %d bytes "+
				"(the job's %d plus %d for the runtime; cgroup %s)",
				limit, l.job.Limits.MemoryBytes, limit-l.job.Limits.MemoryBytes, cgroup)
		} else if l.proc.OutOfMemory() {
			r.Status = jobs.StatusKilled
			r.Error = fmt.Sprintf("memory limit: the job's sidecar ran out of memory (the job's limit is %d bytes): %s",
				l.job.Limits.MemoryBytes, l.proc.ExitReason())
		} else if l.proc.KilledFromOutside() {
			// Its own sidecar, but the SIGKILL came from someone the job
			// cannot reach: run it again as it was.
			r.Error = fmt.Sprintf("the job's sidecar %d was killed from outside (not by the worker, not for memory): %s", l.SidecarPID(), r.Error)
			l.verdict = innocent
		} else if l.retry {
			r.Status = jobs.StatusKilled
			r.Error = fmt.Sprintf("the job's own sidecar died while running it: %s", r.Error)
		} else {
			// Killed from outside, or the job crashed it: one more owned run
			// tells which.
			l.verdict = suspect
		}
	case errors.Is(err, sidecar.ErrSidecarDied) && l.execing:
		r.Status, r.Error = jobs.StatusInfraError, err.Error()
		l.verdict = suspect
	default:
		r.Status, r.Error = jobs.StatusInfraError, err.Error()
		if !l.execing && !errors.Is(err, context.Canceled) {
			// Spawning or provisioning failed (a sidecar killed while it
			// started, say): nothing of the job had run yet.
			l.verdict = innocent
		}
	}
	return r
}

// hung handles a sidecar that did not answer in time: it is killed on the
// job's account. A guest that overran its exec is the job's doing: final in
// its own sidecar, a suspect in a shared one. Provisioning that hangs is
// not the job's doing.
func (l *Lease) hung(r *jobs.Result, err error) {
	timeout := l.job.Limits.WithDefaults().Timeout
	why := fmt.Sprintf("did not answer within %s after its wall-time limit of %s", l.m.opts.ExecGrace, timeout)
	if errors.Is(err, errCancelIgnored) {
		why = fmt.Sprintf("did not stop within %s of being cancelled", l.m.opts.CancelGrace)
	}
	if !l.execing {
		why = fmt.Sprintf("did not answer while its VM was provisioned (%v)", err)
	}
	l.proc.KillFor(l.job.ID, why)
	r.Status = jobs.StatusInfraError
	r.Error = fmt.Sprintf("the job's sidecar %d %s, and was killed", l.SidecarPID(), why)
	switch {
	case !l.execing:
		l.verdict = innocent
	case errors.Is(err, errCancelIgnored):
		// Cancelled: there is nothing to run again.
		r.Status = jobs.StatusCancelled
		r.Error = fmt.Sprintf("the guest %s; its sidecar %d was killed", why, l.SidecarPID())
	case l.placement == jobs.PlacementOwned || l.retry:
		r.Status = jobs.StatusTimeout
		r.Error = fmt.Sprintf("the guest %s; its sidecar %d was killed", why, l.SidecarPID())
	default:
		l.verdict = suspect
	}
}

// Release hands the VM back: disposed, reset for reuse, or its sidecar
// killed, as the placement decides.
func (l *Lease) Release(ctx context.Context) {
	defer l.m.wg.Done()
	if l.release != nil {
		l.release(ctx, l)
	}
}

// dispose closes the lease's VM in its sidecar.
func (l *Lease) dispose(ctx context.Context) {
	if l.vm == nil {
		return
	}
	ctx, cancel := l.m.opCtx(ctx)
	defer cancel()
	if err := l.vm.Dispose(ctx); err != nil && !errors.Is(err, sidecar.ErrSidecarDied) {
		l.m.log.Warn("dispose vm", "sidecar_pid", l.SidecarPID(), "err", err)
	}
	l.vm = nil
	l.m.opts.Observe.VMsLive(ctx, -1, l.placement)
}
