package guest

import (
	"bytes"
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"io"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"github.com/tetratelabs/wazero"
	"github.com/tetratelabs/wazero/experimental"
	"github.com/tetratelabs/wazero/experimental/sysfs"
	wsys "github.com/tetratelabs/wazero/sys"

	"github.com/natsexec/natsexec/guest/commands"
)

// ErrUnknownCommand is returned by runCommand for a name the WASM command
// set does not have.
var ErrUnknownCommand = errors.New("guest: no such command in the WASM command set")

// Causes of a run context stopped for a limit.
var (
	errOutputLimit = errors.New("guest: output limit reached")
	errFileLimit   = errors.New("guest: file limit reached")
)

// wasmModuleName is argv[0] of a job's own module.
const wasmModuleName = "main.wasm"

// wasmRuntime is a VM's WASI mount. It holds no guest state between runs:
// every exec and every command instantiates a fresh module from code the
// host compiled once, with the VM's env, clocks and filesystem.
type wasmRuntime struct {
	v    *VM
	h    *wasmHost
	cmds wazero.CompiledModule
	// base has what is the same for every run of this VM: env and the
	// random source. Args, stdio, clocks and the filesystem are per run.
	base wazero.ModuleConfig
}

// newWASMRuntime mounts WASI in v (runtime_mount_wasm). The first mount in
// a process makes the host's runtime and compiles the command set (or loads
// it from the on-disk compilation cache); later mounts only build a config.
func newWASMRuntime(ctx context.Context, v *VM) (*wasmRuntime, error) {
	h := v.host.wasm
	if err := h.init(ctx); err != nil {
		return nil, err
	}
	base := wazero.NewModuleConfig().
		WithName(""). // anonymous: many instances may run at once
		WithRandSource(rand.Reader).
		WithOsyield(func() {})
	keys := make([]string, 0, len(v.cfg.Env))
	for k := range v.cfg.Env {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		base = base.WithEnv(k, v.cfg.Env[k])
	}
	return &wasmRuntime{v: v, h: h, cmds: h.cmds, base: base}, nil
}

func (w *wasmRuntime) reset(context.Context) error { return nil }
func (w *wasmRuntime) close(context.Context) error { return nil }

// runOutcome is how one run of a module ended.
type runOutcome struct {
	exitCode int
	kind     ErrorKind
	msg      string
	memPeak  uint64 // the most linear memory the instance had
}

// execModule runs a job's own module (runtime "wasm"). It never returns nil.
func (w *wasmRuntime) execModule(ctx context.Context, req ExecRequest) *ExecResult {
	res := &ExecResult{}
	if len(req.Module) == 0 {
		res.ExitCode, res.Kind, res.Error = 1, KindGuest, "no wasm module given"
		return res
	}
	// The compile runs on its own goroutine and get waits for it within
	// ctx: the module's check, its wait for a compile slot and its compile
	// count against the job's timeout (see moduleCache).
	entry, err := w.h.modules.get(ctx, req.Module)
	if err != nil {
		res.ExitCode = 1
		k := kindOf(ctx)
		switch {
		case k != KindNone && errors.Is(err, errCompileRunning):
			res.Kind, res.Error = k, w.stopMessage(k)+" while compiling the module"
			res.CompileOverrun = true
		case k != KindNone && errors.Is(err, errCompileQueued):
			res.Kind, res.Error = k, w.stopMessage(k)+" while waiting for a compile slot (other modules were compiling)"
		default:
			res.Kind, res.Error = KindGuest, err.Error()
		}
		return res
	}
	defer w.h.modules.release(entry)

	runCtx, stop := context.WithCancelCause(ctx)
	defer stop(nil)
	limit := w.v.cfg.Limits.OutputBytes
	onLimit := func() { stop(errOutputLimit) }
	stdout, stderr := newCapWriter(limit, onLimit), newCapWriter(limit, onLimit)
	args := req.Args
	if args == nil {
		args = w.v.cfg.Args
	}
	argv := append([]string{wasmModuleName}, args...)

	out := w.run(runCtx, w.h.userRT, entry.mod, argv, req.Stdin, stdout, stderr)
	res.Stdout, res.StdoutTruncated = stdout.take()
	res.Stderr, res.StderrTruncated = stderr.take()
	res.ExitCode, res.Kind, res.Error = out.exitCode, out.kind, out.msg
	res.Usage.HeapGrowthBytes = int64(out.memPeak)
	return res
}

// runCommand runs one command of the WASM command set in v, streaming its
// output to stdout and stderr; the JS child_process uses it. It is safe to
// call from several goroutines at once, and while an exec runs.
//
// A command that ran to its end gives its exit code and a nil error, even
// when the code is not zero. Otherwise the error is a *CommandError with
// the kind of stop (timeout, cancelled, memory, file limit, trap), or
// ErrUnknownCommand (exit code 127), or wraps ErrNotMounted or ErrClosed.
// The caller caps stdout and stderr; a failing writer gives the command EIO.
func (v *VM) runCommand(ctx context.Context, name string, args []string, stdin []byte, stdout, stderr io.Writer) (int, error) {
	if v.closed.Load() {
		return -1, ErrClosed
	}
	w := v.wasm
	if w == nil {
		return -1, fmt.Errorf("%w: wasm (command %s)", ErrNotMounted, name)
	}
	if _, ok := slices.BinarySearch(commands.Names, name); !ok {
		return 127, fmt.Errorf("%w: %q", ErrUnknownCommand, name)
	}
	if stdout == nil {
		stdout = io.Discard
	}
	if stderr == nil {
		stderr = io.Discard
	}
	argv := append([]string{name}, args...)
	out := w.run(ctx, w.h.rt, w.cmds, argv, stdin, stdout, stderr)
	if out.kind == KindNone {
		return out.exitCode, nil
	}
	return out.exitCode, &CommandError{Command: name, Kind: out.kind, Msg: out.msg}
}

// CommandError says why a command of the set did not run to its end (or
// ran past a file limit).
type CommandError struct {
	Command string
	Kind    ErrorKind
	Msg     string
}

func (e *CommandError) Error() string { return fmt.Sprintf("guest: command %s: %s", e.Command, e.Msg) }

// run instantiates mod (compiled in rt) with the VM's WASI surface and runs
// its _start.
// ctx bounds it: when ctx ends the guest is stopped within a few
// milliseconds (WithCloseOnContextDone), and the cause of ctx tells a
// timeout (errTimeout) from an output flood (errOutputLimit) or a cancel.
func (w *wasmRuntime) run(ctx context.Context, rt wazero.Runtime, mod wazero.CompiledModule, argv []string, stdin []byte, stdout, stderr io.Writer) (out runOutcome) {
	v := w.v
	memLimit := uint64(v.cfg.Limits.MemoryBytes)
	for _, m := range mod.ExportedMemories() {
		if need := uint64(m.Min()) * wasmPageSize; need > memLimit {
			return runOutcome{exitCode: 1, kind: KindMemory,
				msg: fmt.Sprintf("the module needs %d bytes of linear memory to start, over the memory limit of %d bytes", need, memLimit)}
		}
	}
	ctx, stop := context.WithCancelCause(ctx)
	defer stop(nil)
	rfs := &rootFS{root: v.root, dirty: &v.dirty, quota: &v.files, onHit: func() { stop(errFileLimit) }}
	alloc := &capAllocator{limit: memLimit}

	cfg := w.base.
		WithArgs(argv...).
		WithStdin(bytes.NewReader(stdin)).
		WithStdout(stdout).
		WithStderr(stderr).
		WithFSConfig(wazero.NewFSConfig().(sysfs.FSConfig).WithSysFSMount(rfs, "/")).
		WithNanosleep(func(ns int64) { sleepCtx(ctx, ns) })
	cfg = w.withClocks(cfg)

	defer func() {
		if p := recover(); p != nil {
			out = runOutcome{exitCode: 1, kind: KindInternal, msg: fmt.Sprintf("wasm runtime panic: %v", p)}
			if alloc.denied.Load() {
				out.kind, out.msg = KindMemory, w.memoryMessage()
			}
		}
	}()
	m, err := rt.InstantiateModule(experimental.WithMemoryAllocator(ctx, alloc), mod, cfg)
	if m != nil {
		defer m.Close(context.Background())
	}
	out = w.outcome(ctx, err, alloc.denied.Load())
	out.memPeak = alloc.peak.Load()
	return out
}

// outcome classifies how a run ended.
func (w *wasmRuntime) outcome(ctx context.Context, err error, memDenied bool) runOutcome {
	var exit *wsys.ExitError
	isExit := errors.As(err, &exit)
	stopped := isExit && (exit.ExitCode() == wsys.ExitCodeDeadlineExceeded || exit.ExitCode() == wsys.ExitCodeContextCanceled)
	// Once ctx has ended, why it ended is the story, even if the guest got
	// to exit first (a sleep cut short returns, and the guest may exit
	// before its next check of ctx). The exit code is kept when there is one.
	if kind := stopKind(ctx); kind != KindNone {
		out := runOutcome{exitCode: 1, kind: kind, msg: w.stopMessage(kind)}
		if err == nil {
			out.exitCode = 0
		} else if isExit && !stopped {
			out.exitCode = int(exit.ExitCode())
		}
		return out
	}
	out := runOutcome{}
	switch {
	case err == nil:
	case isExit:
		out.exitCode = int(exit.ExitCode())
	default:
		out.exitCode = 1
		out.kind, out.msg = KindGuest, "wasm trap: "+err.Error()
	}
	if memDenied && (out.exitCode != 0 || out.kind != KindNone) {
		detail := ""
		if out.kind == KindGuest {
			detail = " (" + out.msg + ")"
		}
		out.kind, out.msg = KindMemory, w.memoryMessage()+detail
	}
	return out
}

// stopKind says why ctx ended: KindNone while it has not.
func stopKind(ctx context.Context) ErrorKind {
	if ctx.Err() == nil {
		return KindNone
	}
	switch cause := context.Cause(ctx); {
	case errors.Is(cause, errOutputLimit):
		return KindOutputLimit
	case errors.Is(cause, errFileLimit):
		return KindFileLimit
	case errors.Is(cause, errTimeout):
		return KindTimeout
	}
	return KindCancelled
}

func (w *wasmRuntime) memoryMessage() string {
	return fmt.Sprintf("linear memory limit of %d bytes reached", w.v.cfg.Limits.MemoryBytes)
}

func (w *wasmRuntime) stopMessage(k ErrorKind) string {
	switch k {
	case KindTimeout:
		return fmt.Sprintf("wall-time limit of %s reached", w.v.cfg.Limits.Timeout)
	case KindOutputLimit:
		return fmt.Sprintf("output passed the limit of %d bytes", w.v.cfg.Limits.OutputBytes)
	case KindFileLimit:
		return w.v.files.refusalMessage()
	}
	return "cancelled"
}

// withClocks applies the VM's time policy. wazero's defaults are fake
// clocks, so even the precise policy is set explicitly.
func (w *wasmRuntime) withClocks(cfg wazero.ModuleConfig) wazero.ModuleConfig {
	switch w.v.cfg.Time {
	case TimeFrozen:
		now := time.Now()
		sec, nsec := now.Unix(), int32(now.Nanosecond())
		mono := time.Since(monoEpoch).Nanoseconds()
		// wazero wants a resolution under a second; the step of the
		// coarse policy says "do not expect fine time" as well as any.
		res := wsys.ClockResolution(CoarseClock)
		return cfg.
			WithWalltime(func() (int64, int32) { return sec, nsec }, res).
			WithNanotime(func() int64 { return mono }, res)
	case TimeCoarse:
		step := CoarseClock
		return cfg.
			WithWalltime(func() (int64, int32) {
				t := time.Now().Truncate(step)
				return t.Unix(), int32(t.Nanosecond())
			}, wsys.ClockResolution(step)).
			WithNanotime(func() int64 {
				return time.Since(monoEpoch).Truncate(step).Nanoseconds()
			}, wsys.ClockResolution(step))
	}
	return cfg.WithSysWalltime().WithSysNanotime()
}

// monoEpoch is the zero of guests' monotonic clocks.
var monoEpoch = time.Now()

// sleepCtx sleeps ns or until ctx ends, whichever is first; the guest is
// then stopped at its next check of ctx.
func sleepCtx(ctx context.Context, ns int64) {
	if ns <= 0 {
		return
	}
	t := time.NewTimer(time.Duration(ns))
	defer t.Stop()
	select {
	case <-t.C:
	case <-ctx.Done():
	}
}

// capAllocator backs each linear memory of one run, refusing to grow past
// limit bytes: the guest's memory.grow returns -1 (malloc returns NULL),
// and denied records it so the result can say KindMemory.
//
// Buffers are recycled through memPool once the instance is closed (wazero
// calls Free then, after the guest has stopped): a fresh zeroed buffer per
// run was most of a command's cost (allocation and the GC work after it).
// Every byte a guest can see is zeroed before it is handed out, so nothing
// of one run reaches the next.
type capAllocator struct {
	limit  uint64
	denied atomic.Bool
	peak   atomic.Uint64 // the largest size granted
}

func (a *capAllocator) Allocate(capHint, _ uint64) experimental.LinearMemory {
	return &capMemory{a: a, capHint: capHint}
}

type capMemory struct {
	a       *capAllocator
	capHint uint64
	buf     []byte
}

// Pooled buffers: at least memPoolMinCap so that the first few grows of a
// small guest fit, and at most memPoolMaxCap kept, so the pool never holds
// on to a big guest's memory.
const (
	memPoolMinCap = 1 << 20
	memPoolMaxCap = 8 << 20
)

var memPool sync.Pool // of *[]byte, length 0

func (m *capMemory) Reallocate(size uint64) []byte {
	if size > m.a.limit {
		m.a.denied.Store(true)
		return nil
	}
	if size > m.a.peak.Load() {
		m.a.peak.Store(size) // one guest thread grows a memory at a time
	}
	old := uint64(len(m.buf))
	if m.buf == nil {
		if p, ok := memPool.Get().(*[]byte); ok && uint64(cap(*p)) >= size {
			m.buf = (*p)[:0]
		}
	}
	if size <= uint64(cap(m.buf)) {
		m.buf = m.buf[:size]
		clear(m.buf[old:]) // a pooled buffer holds an earlier guest's bytes
		return m.buf
	}
	newCap := max(size, min(2*uint64(cap(m.buf)), m.a.limit), min(m.capHint, m.a.limit))
	if newCap <= memPoolMinCap {
		newCap = min(uint64(memPoolMinCap), max(size, m.a.limit))
	}
	nb := make([]byte, size, newCap)
	copy(nb, m.buf)
	m.buf = nb
	return nb
}

func (m *capMemory) Free() {
	if c := cap(m.buf); c >= memPoolMinCap && c <= memPoolMaxCap {
		b := m.buf[:0]
		memPool.Put(&b)
	}
	m.buf = nil
}
