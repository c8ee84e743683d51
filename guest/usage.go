package guest

import (
	"runtime"
	"sync/atomic"
	"time"

	"golang.org/x/sys/unix"
)

// execTally counts the execs running in this process. The memory watchdog
// reads the process heap, which every VM shares, so an exec can call a heap
// figure its own only if no other exec ran at any time during it. That is
// what lets the worker give a final "killed for memory" only where the
// measurement was exact, and move a suspect to a sidecar of its own where it
// was not.
var execTally struct {
	running atomic.Int64
	started atomic.Uint64
}

// execWindow is one exec's view of the tally.
type execWindow struct {
	seq   uint64 // execTally.started just after this exec started
	alone bool   // no other exec was running when it started
}

func beginExec() execWindow {
	seq := execTally.started.Add(1)
	return execWindow{seq: seq, alone: execTally.running.Add(1) == 1}
}

// end reports whether any other exec ran at some time during this one:
// one already running at its start, or one started since.
func (w execWindow) end() (shared bool) {
	shared = !w.alone || execTally.started.Load() != w.seq
	execTally.running.Add(-1)
	return shared
}

// threadCPU is the processor time of the calling OS thread, or 0 where the
// clock cannot be read. The caller holds its thread with LockOSThread, so
// the figure is the guest's: goja and wazero run the guest on the calling
// goroutine. Work on other threads (the garbage collector's background
// marking, a WASM compile) is not in it.
func threadCPU() time.Duration {
	var ts unix.Timespec
	if err := unix.ClockGettime(unix.CLOCK_THREAD_CPUTIME_ID, &ts); err != nil {
		return 0
	}
	return time.Duration(ts.Nano())
}

// measure runs an exec with its costs taken: thread CPU and, when its
// memory is measured on the shared heap, whether it had the process to
// itself.
func measure(run func() *ExecResult, sharedHeap bool) *ExecResult {
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	w := beginExec()
	cpu0 := threadCPU()
	res := run()
	res.Usage.CPU = threadCPU() - cpu0
	res.Usage.MemoryShared = w.end() && sharedHeap
	return res
}
