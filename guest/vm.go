package guest

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"sync/atomic"
	"time"

	"github.com/natsexec/natsexec/jobs"
)

// Errors a VM returns to its host (not to the guest).
var (
	ErrClosed     = errors.New("guest: vm closed")
	ErrNotMounted = errors.New("guest: runtime not mounted")
	ErrBusy       = errors.New("guest: vm is already running an exec")
)

// TimePolicy says how precise a guest's clocks are. The reference freezes
// timers to blunt timing attacks; coarse rounding keeps programs that measure
// elapsed time working.
type TimePolicy string

const (
	TimePrecise TimePolicy = ""       // real clocks
	TimeCoarse  TimePolicy = "coarse" // rounded to CoarseClock
	TimeFrozen  TimePolicy = "frozen" // fixed at the start of each exec
)

// CoarseClock is the rounding step under TimeCoarse.
const CoarseClock = 10 * time.Millisecond

// Config is what vm_configure applies: everything a guest can see of the
// job besides its program.
type Config struct {
	Env    map[string]string `msgpack:"env,omitempty"`
	Args   []string          `msgpack:"args,omitempty"`
	Files  []jobs.File       `msgpack:"files,omitempty"`
	Limits jobs.Limits       `msgpack:"limits"`
	Time   TimePolicy        `msgpack:"time,omitempty"`
	// MaxCallStackSize bounds JS recursion; zero takes a default.
	MaxCallStackSize int `msgpack:"max_call_stack_size,omitempty"`
}

// DefaultMaxCallStackSize bounds JS recursion depth.
const DefaultMaxCallStackSize = 2000

// VM is one isolated execution environment. Its methods other than Close
// and Interrupt must not be called concurrently; different VMs run in
// parallel freely.
type VM struct {
	host *Host
	dir  string
	root *os.Root
	cfg  Config

	node *nodeRuntime // set by MountNode
	wasm *wasmRuntime // set by MountWASM

	// files is what the VM's directory holds, against its limits; both
	// runtimes charge it (see fileQuota).
	files fileQuota
	// dirty is set whenever the guest may have changed its files, so Reset
	// re-seeds only when it must.
	dirty  atomic.Bool
	busy   atomic.Bool
	closed atomic.Bool
	// interrupt cancels the running exec, if any.
	interrupt atomic.Pointer[context.CancelCauseFunc]
	execs     int
}

// NewVM creates a VM with an empty private directory (vm_create).
func (h *Host) NewVM(ctx context.Context) (*VM, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	dir, err := os.MkdirTemp(h.opts.BaseDir, "vm-")
	if err != nil {
		return nil, fmt.Errorf("guest: vm dir: %w", err)
	}
	root, err := os.OpenRoot(dir)
	if err != nil {
		os.RemoveAll(dir)
		return nil, fmt.Errorf("guest: vm root: %w", err)
	}
	vm := &VM{host: h, dir: dir, root: root}
	vm.cfg.Limits = vm.cfg.Limits.WithDefaults()
	vm.files.setLimits(vm.cfg.Limits.FileBytes, vm.cfg.Limits.FileCount)
	return vm, nil
}

// Configure applies env, args, limits and seeds the VM's files
// (vm_configure). It may be called again before the first exec.
func (v *VM) Configure(cfg Config) error {
	if v.closed.Load() {
		return ErrClosed
	}
	cfg.Limits = cfg.Limits.WithDefaults()
	if cfg.MaxCallStackSize == 0 {
		cfg.MaxCallStackSize = DefaultMaxCallStackSize
	}
	var total int64
	for _, f := range cfg.Files {
		total += int64(len(f.Data))
	}
	if total > cfg.Limits.FileBytes {
		return fmt.Errorf("guest: %d bytes of files, over the file limit %d", total, cfg.Limits.FileBytes)
	}
	if n := jobs.SeedEntries(cfg.Files); n > cfg.Limits.FileCount {
		return fmt.Errorf("guest: %d files and directories, over the file count limit %d", n, cfg.Limits.FileCount)
	}
	v.cfg = cfg
	v.files.setLimits(cfg.Limits.FileBytes, cfg.Limits.FileCount)
	if err := v.seed(); err != nil {
		return err
	}
	return v.files.recount(v.root)
}

// Dir is the host directory behind the VM's root. Only the sidecar's own
// bookkeeping should need it.
func (v *VM) Dir() string { return v.dir }

// Config returns the configuration the VM runs with.
func (v *VM) Config() Config { return v.cfg }

func (v *VM) seed() error {
	for _, f := range v.cfg.Files {
		if err := writeRootFile(v.root, f); err != nil {
			return err
		}
	}
	return nil
}

func writeRootFile(root *os.Root, f jobs.File) error {
	p, err := jobs.CleanPath(f.Path)
	if err != nil {
		return fmt.Errorf("guest: file %q: %w", f.Path, err)
	}
	if d := path.Dir(p); d != "." {
		if err := root.MkdirAll(d, 0o755); err != nil {
			return fmt.Errorf("guest: file %q: %w", f.Path, err)
		}
	}
	mode := fs.FileMode(f.Mode).Perm()
	if mode == 0 {
		mode = 0o644
	}
	if err := root.WriteFile(p, f.Data, mode); err != nil {
		return fmt.Errorf("guest: file %q: %w", f.Path, err)
	}
	return nil
}

// MountNode mounts the JavaScript runtime (runtime_mount_node).
func (v *VM) MountNode(ctx context.Context) error {
	if v.closed.Load() {
		return ErrClosed
	}
	if v.node != nil {
		return nil
	}
	n, err := newNodeRuntime(ctx, v)
	if err != nil {
		return fmt.Errorf("guest: mount node: %w", err)
	}
	v.node = n
	return nil
}

// MountWASM mounts the WASI runtime and the WASM command set
// (runtime_mount_wasm).
func (v *VM) MountWASM(ctx context.Context) error {
	if v.closed.Load() {
		return ErrClosed
	}
	if v.wasm != nil {
		return nil
	}
	w, err := newWASMRuntime(ctx, v)
	if err != nil {
		return fmt.Errorf("guest: mount wasm: %w", err)
	}
	v.wasm = w
	return nil
}

// Exec runs one program. Guest failures come back in the result; the error
// is for misuse (closed VM, runtime not mounted, concurrent exec).
func (v *VM) Exec(ctx context.Context, req ExecRequest) (*ExecResult, error) {
	if v.closed.Load() {
		return nil, ErrClosed
	}
	if !v.busy.CompareAndSwap(false, true) {
		return nil, ErrBusy
	}
	defer v.busy.Store(false)
	defer func() {
		// A Close during the exec removed the directory while the guest
		// could still add to it: remove what it added.
		if v.closed.Load() {
			os.RemoveAll(v.dir)
		}
	}()

	timeout := v.cfg.Limits.Timeout.Std()
	ctx, cancel := context.WithTimeoutCause(ctx, timeout, errTimeout)
	defer cancel()
	ctx, interrupt := context.WithCancelCause(ctx)
	defer interrupt(nil)
	v.interrupt.Store(&interrupt)
	defer v.interrupt.Store(nil)

	var run func() *ExecResult
	switch req.Runtime {
	case jobs.RuntimeJS, jobs.RuntimeTS:
		if v.node == nil {
			return nil, fmt.Errorf("%w: node (exec of %s)", ErrNotMounted, req.Runtime)
		}
		run = func() *ExecResult { return v.node.exec(ctx, req) }
	case jobs.RuntimeWASM:
		if v.wasm == nil {
			return nil, fmt.Errorf("%w: wasm", ErrNotMounted)
		}
		run = func() *ExecResult { return v.wasm.execModule(ctx, req) }
	default:
		return nil, fmt.Errorf("guest: unknown runtime %q", req.Runtime)
	}
	start := time.Now()
	// A JS guest's memory is judged from the heap all VMs share; a WASM
	// guest's linear memory is its own, so its measure is always exact.
	res := measure(run, req.Runtime != jobs.RuntimeWASM)
	res.Start = start
	res.Duration = time.Since(start)
	// Exact counters, not a walk: cheap enough for every exec.
	res.Usage.FileBytes, res.Usage.Files = v.files.usage()
	if res.Kind == KindNone && len(req.OutputFiles) > 0 {
		v.collectFiles(res, req.OutputFiles)
	}
	v.execs++
	return res, nil
}

// Interrupt stops the running exec, if any, which then ends with
// KindCancelled. Safe to call from any goroutine.
func (v *VM) Interrupt() {
	if f := v.interrupt.Load(); f != nil {
		(*f)(errInterrupted)
	}
}

var errInterrupted = errors.New("guest: exec interrupted")

// errTimeout is the cause of an exec context that ran out of wall time, so
// runtimes can tell a timeout from a cancellation.
var errTimeout = errors.New("guest: wall-time limit reached")

// kindOf classifies why an exec context ended.
func kindOf(ctx context.Context) ErrorKind {
	if ctx.Err() == nil {
		return KindNone
	}
	if errors.Is(context.Cause(ctx), errTimeout) {
		return KindTimeout
	}
	return KindCancelled
}

func (v *VM) collectFiles(res *ExecResult, paths []string) {
	var total int64
	for _, p := range paths {
		clean, err := jobs.CleanPath(p)
		if err != nil {
			res.Kind, res.Error = KindGuest, fmt.Sprintf("output file %q: %v", p, err)
			return
		}
		data, err := v.root.ReadFile(clean)
		if err != nil {
			res.Kind, res.Error = KindGuest, fmt.Sprintf("output file %q: %v", p, err)
			return
		}
		total += int64(len(data))
		if total > v.cfg.Limits.FileBytes {
			res.Kind, res.Error = KindFileLimit, fmt.Sprintf("output files pass the file limit of %d bytes", v.cfg.Limits.FileBytes)
			res.Files = nil
			return
		}
		res.Files = append(res.Files, jobs.File{Path: clean, Data: data})
	}
}

// Execs is how many execs the VM has run since it was created or reset.
func (v *VM) Execs() int { return v.execs }

// Reset gives the VM fresh guest state while keeping its mounts, so a
// resident runner can reuse it: new JS globals, files back to their seed.
func (v *VM) Reset(ctx context.Context) error {
	if v.closed.Load() {
		return ErrClosed
	}
	if v.dirty.Swap(false) {
		if err := clearRoot(v.root); err != nil {
			return fmt.Errorf("guest: reset files: %w", err)
		}
		if err := v.seed(); err != nil {
			return err
		}
		if err := v.files.recount(v.root); err != nil {
			return fmt.Errorf("guest: reset files: %w", err)
		}
	}
	if v.node != nil {
		if err := v.node.reset(ctx); err != nil {
			return fmt.Errorf("guest: reset node: %w", err)
		}
	}
	if v.wasm != nil {
		if err := v.wasm.reset(ctx); err != nil {
			return fmt.Errorf("guest: reset wasm: %w", err)
		}
	}
	v.execs = 0
	return nil
}

func clearRoot(root *os.Root) error {
	d, err := root.Open(".")
	if err != nil {
		return err
	}
	names, err := d.Readdirnames(-1)
	d.Close()
	if err != nil {
		return err
	}
	for _, n := range names {
		if err := root.RemoveAll(n); err != nil {
			return err
		}
	}
	return nil
}

// Close frees everything the VM holds, its directory included.
func (v *VM) Close() error {
	if v.closed.Swap(true) {
		return nil
	}
	var errs []error
	if v.node != nil {
		errs = append(errs, v.node.close())
	}
	if v.wasm != nil {
		errs = append(errs, v.wasm.close(context.Background()))
	}
	errs = append(errs, v.root.Close(), os.RemoveAll(v.dir))
	return errors.Join(errs...)
}
