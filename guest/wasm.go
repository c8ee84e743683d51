package guest

import (
	"container/list"
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"runtime"
	"sync"
	"time"

	"github.com/tetratelabs/wazero"
	"github.com/tetratelabs/wazero/imports/wasi_snapshot_preview1"

	"github.com/natsexec/natsexec/guest/commands"
	"github.com/natsexec/natsexec/jobs"
)

// wasmPageSize is the size of a WebAssembly memory page.
const wasmPageSize = 65536

// wasmRuntimeMaxPages is the memory ceiling of the one wazero runtime a host
// keeps: jobs.MaxMemoryBytes, the most any job may ask for. Each instance is
// held to its own VM's Limits.MemoryBytes by a memory allocator (see
// capAllocator), not by a runtime per limit.
//
// Why one runtime: WithMemoryLimitPages is runtime-wide and becomes part of
// every module compiled in that runtime, so a runtime per distinct limit
// would compile (or at best decode, validate and fetch from the cache) the
// command set and each user module once per limit. The per-instance
// allocator costs nothing measurable and reports exactly when a guest was
// refused memory, so the result can say KindMemory.
const wasmRuntimeMaxPages = uint32(jobs.MaxMemoryBytes / wasmPageSize)

// Bounds of the host's cache of compiled user modules. Compiled code is
// several times its module's size; evicted modules are closed once no run
// uses them.
const (
	wasmModuleCacheEntries = 32
	wasmModuleCacheBytes   = 64 << 20 // of module bytes (jobs.MaxModuleBytes is 32 MiB)
)

// wasmHost is what every VM of a process shares for WASM: two wazero
// runtimes with WASI, the compiled command set, and a bounded cache of
// compiled user modules keyed by their sha256.
//
// The command set is compiled in rt, whose compilation cache is in memory
// and, when HostOptions.CacheDir is set, on disk, so a fresh process loads
// it instead of compiling it. Users' modules are compiled in userRT, which
// has no compilation cache: wazero's on-disk cache never evicts, so jobs
// sending ever new modules would fill the disk, and an in-memory one would
// keep every module's code alive; without one, a module's code is freed
// when moduleCache evicts it. The cost: a user module is compiled once per
// process (per sidecar), not once per machine.
//
// Nothing is compiled when the host is made: runtimes and the command set
// are made on first use (warm, or the first mount). So the first
// runtime_mount_wasm in a fresh process pays for compiling the command set
// or, with a warm on-disk cache, for loading it: see wasm_bench_test.go and
// TestWASMFreshProcessMount for the figures.
type wasmHost struct {
	opts HostOptions
	log  *slog.Logger

	once  sync.Once
	err   error
	cache wazero.CompilationCache
	rt    wazero.Runtime
	cmds  wazero.CompiledModule

	userOnce sync.Once
	userErr  error
	userRT   wazero.Runtime

	modules *moduleCache
}

func newWASMHost(_ context.Context, opts HostOptions) (*wasmHost, error) {
	log := opts.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	h := &wasmHost{opts: opts, log: log}
	h.modules = newModuleCache(h, wasmModuleCacheEntries, wasmModuleCacheBytes)
	return h, nil
}

// warm makes the runtime and compiles the command set now.
func (h *wasmHost) warm(ctx context.Context) error {
	return h.init(ctx)
}

// init makes the runtime and compiles the command set, once per host. A
// failure is kept: it means a broken build or cache directory, and every
// mount reports it.
func (h *wasmHost) init(ctx context.Context) error {
	h.once.Do(func() { h.err = h.build(context.WithoutCancel(ctx)) })
	return h.err
}

func (h *wasmHost) build(ctx context.Context) error {
	start := time.Now()
	err := h.compileCommands(ctx, h.opts.CacheDir)
	if err != nil && h.opts.CacheDir != "" {
		// A sandboxed sidecar sees the cache read-only: a missing entry
		// cannot be written, and wazero then fails the compile. Compile
		// in memory instead; the worker fills the cache (PrepareCache).
		h.log.Warn("wasm compilation cache unusable; compiling the command set in memory", "cache_dir", h.opts.CacheDir, "err", err)
		err = h.compileCommands(ctx, "")
	}
	if err != nil {
		return err
	}
	h.log.Debug("wasm host ready", "took", time.Since(start),
		"command_set_bytes", len(commands.Module), "cache_dir", h.opts.CacheDir)
	return nil
}

// compileCommands makes the runtime, with a compilation cache in cacheDir
// (or in memory), and compiles the command set in it.
func (h *wasmHost) compileCommands(ctx context.Context, cacheDir string) error {
	var cache wazero.CompilationCache
	if cacheDir != "" {
		c, err := wazero.NewCompilationCacheWithDir(cacheDir)
		if err != nil {
			return fmt.Errorf("wasm compilation cache in %s: %w", cacheDir, err)
		}
		cache = c
	} else {
		cache = wazero.NewCompilationCache()
	}
	rt, err := newWASIRuntime(ctx, wasmRuntimeConfig().WithCompilationCache(cache))
	if err != nil {
		cache.Close(ctx)
		return err
	}
	cmds, err := rt.CompileModule(ctx, commands.Module)
	if err != nil {
		rt.Close(ctx)
		cache.Close(ctx)
		return fmt.Errorf("compile the command set: %w", err)
	}
	h.cache, h.rt, h.cmds = cache, rt, cmds
	return nil
}

// PrepareCache compiles the WASM command set into the on-disk compilation
// cache in dir and makes the cache readable by everyone and writable by its
// owner alone. Sandboxed sidecars see the cache read-only, so this is how an
// entry gets there; and a sidecar that could write it could plant machine
// code that every other sidecar would run.
func PrepareCache(ctx context.Context, dir string) error {
	h := &wasmHost{opts: HostOptions{CacheDir: dir}, log: slog.New(slog.DiscardHandler)}
	if err := h.compileCommands(ctx, dir); err != nil {
		return err
	}
	if err := h.close(ctx); err != nil {
		return err
	}
	return filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		mode := fs.FileMode(0o644)
		switch {
		case d.IsDir():
			mode = 0o755
		case !d.Type().IsRegular():
			return nil // a link would have chmod act on its target
		}
		return os.Chmod(path, mode)
	})
}

// wasmRuntimeConfig is the configuration of both runtimes. Every guest is
// stoppable by its context (WithCloseOnContextDone: a deadline stops even a
// loop that never calls out), and linear memory is bounded by the most any
// job may have; the job's own bound is its VM's (capAllocator).
func wasmRuntimeConfig() wazero.RuntimeConfig {
	return wazero.NewRuntimeConfig().
		WithCloseOnContextDone(true).
		WithMemoryLimitPages(wasmRuntimeMaxPages)
}

func newWASIRuntime(ctx context.Context, cfg wazero.RuntimeConfig) (wazero.Runtime, error) {
	rt := wazero.NewRuntimeWithConfig(ctx, cfg)
	if _, err := wasi_snapshot_preview1.Instantiate(ctx, rt); err != nil {
		rt.Close(ctx)
		return nil, fmt.Errorf("wasi: %w", err)
	}
	return rt, nil
}

// userRuntime returns the runtime users' modules are compiled in, making it
// on first use.
func (h *wasmHost) userRuntime(ctx context.Context) (wazero.Runtime, error) {
	h.userOnce.Do(func() {
		h.userRT, h.userErr = newWASIRuntime(context.WithoutCancel(ctx), wasmRuntimeConfig())
	})
	return h.userRT, h.userErr
}

func (h *wasmHost) close(ctx context.Context) error {
	var errs []error
	// Make sure a later init cannot build what is being torn down.
	h.once.Do(func() { h.err = errors.New("wasm host closed") })
	h.userOnce.Do(func() { h.userErr = errors.New("wasm host closed") })
	if h.userRT != nil {
		errs = append(errs, h.userRT.Close(ctx))
	}
	if h.rt != nil {
		errs = append(errs, h.rt.Close(ctx))
	}
	if h.cache != nil {
		errs = append(errs, h.cache.Close(ctx))
	}
	return errors.Join(errs...)
}

// errNotCommand reports a module that is not a WASI command.
var errNotCommand = errors.New("not a WASI command module")

// checkModule refuses modules that could not run as a WASI command here:
// imports other than wasi_snapshot_preview1, or no _start.
func checkModule(m wazero.CompiledModule) error {
	for _, f := range m.ImportedFunctions() {
		mod, name, _ := f.Import()
		if mod != wasi_snapshot_preview1.ModuleName {
			return fmt.Errorf("%w: it imports %s.%s, and only %s is provided", errNotCommand, mod, name, wasi_snapshot_preview1.ModuleName)
		}
	}
	for _, mem := range m.ImportedMemories() {
		mod, name, _ := mem.Import()
		return fmt.Errorf("%w: it imports memory %s.%s; a command must define its own", errNotCommand, mod, name)
	}
	if _, ok := m.ExportedFunctions()["_start"]; !ok {
		return fmt.Errorf("%w: it exports no _start function (reactor modules are not supported)", errNotCommand)
	}
	return nil
}

// moduleCache holds compiled user modules by sha256 of their bytes, least
// recently used first out. Compiling a module happens once however many
// jobs ask for it at the same time.
//
// Compile slots: sem bounds the compiles running at once to the cores, so
// that compiles cannot take all of a process's memory and CPU together. A
// module passes checkWASM before it queues for a slot, and one the check
// finds cheap (wasmCheapCompile) compiles without one: it is done in
// milliseconds, and a tiny module must not wait behind big ones. A run
// waits for the compile of its module, slot included, within its own
// deadline; at the deadline it reports whether the compile had a slot and
// was running (ExecResult.CompileOverrun: the worker then kills the
// process, as only that stops a compile) or was still queued ("waiting for
// a compile slot": nothing of it ran, and if no run wants it any more it
// leaves the queue). A slot is held until its compile ends, however long:
// a running compile cannot be stopped, so freeing its slot early would let
// more compiles run than the bound says. The slot of an overrunning
// compile is freed by the death of its process, and the runs queued behind
// it in that process end with it and are run again elsewhere by the
// worker, as innocents of the kill.
type moduleCache struct {
	h          *wasmHost
	maxEntries int
	maxBytes   int64
	sem        chan struct{} // compile slots

	mu      sync.Mutex
	bytes   int64
	entries map[[sha256.Size]byte]*moduleEntry
	lru     list.List // of *moduleEntry, most recent in front
}

type moduleEntry struct {
	key   [sha256.Size]byte
	size  int64
	ready chan struct{} // closed when mod or err is set
	mod   wazero.CompiledModule
	err   error
	// quit is closed when every run waiting for the entry gave up before
	// its compile got a slot: the compile leaves the queue.
	quit chan struct{}

	// Guarded by moduleCache.mu.
	refs      int
	evicted   bool
	compiling bool // the compile has its slot (or needs none) and runs
	abandoned bool // quit is closed
	elem      *list.Element
}

// Why a run gave up on its module's compile at its deadline or cancel.
var (
	errCompileRunning = errors.New("the module was still compiling")
	errCompileQueued  = errors.New("the module was waiting for a compile slot")
	errCompileDropped = errors.New("compile dropped: no run waits for it")
)

// wasmCheapCompile says a module compiles in milliseconds, by its size and
// what checkWASM measured (about 100 ms at most on a loaded 2-core machine
// for a module at these figures), so it needs no compile slot.
func wasmCheapCompile(size int, shape *wasmShape) bool {
	return size <= 64<<10 && shape.TotalCost <= 1<<24
}

func newModuleCache(h *wasmHost, maxEntries int, maxBytes int64) *moduleCache {
	return &moduleCache{
		h:          h,
		maxEntries: maxEntries,
		maxBytes:   maxBytes,
		sem:        make(chan struct{}, max(runtime.GOMAXPROCS(0), 1)),
		entries:    make(map[[sha256.Size]byte]*moduleEntry),
	}
}

// get returns the compiled module for bin, compiling it if needed. The
// caller must release the entry. A module checkWASM refuses is not
// compiled (nor cached: the check is cheap). If ctx ends first, get
// returns errCompileRunning or errCompileQueued with ctx's cause; a
// running compile goes on, for the next job that asks. An invalid
// module's error is cached like a compiled module.
func (c *moduleCache) get(ctx context.Context, bin []byte) (*moduleEntry, error) {
	key := sha256.Sum256(bin)
	c.mu.Lock()
	e, ok := c.entries[key]
	c.mu.Unlock()
	var shape *wasmShape
	if !ok {
		// A cached module passed the check before; a new one is checked
		// here, in the run's own time, before anything is queued.
		var err error
		if shape, err = inspectWASM(bin); err != nil {
			return nil, err
		}
	}
	c.mu.Lock()
	e, ok = c.entries[key]
	if ok {
		c.lru.MoveToFront(e.elem)
	} else {
		e = &moduleEntry{key: key, size: int64(len(bin)), ready: make(chan struct{}), quit: make(chan struct{})}
		e.elem = c.lru.PushFront(e)
		c.entries[key] = e
		c.bytes += e.size
		go c.compile(e, bin, !wasmCheapCompile(len(bin), shape))
	}
	e.refs++
	c.evictLocked()
	c.mu.Unlock()

	select {
	case <-e.ready:
	case <-ctx.Done():
		select {
		case <-e.ready: // done just now: the run goes on, and meets ctx's end
		default:
			return nil, c.giveUp(e, context.Cause(ctx))
		}
	}
	if e.err != nil {
		c.release(e)
		return nil, e.err
	}
	return e, nil
}

// giveUp releases e for a run whose ctx ended while it waited, and says
// whether the compile was running or still queued. The last run to leave
// a queued compile takes it out of the queue and the cache.
func (c *moduleCache) giveUp(e *moduleEntry, cause error) error {
	c.mu.Lock()
	running := e.compiling
	e.refs--
	if e.refs == 0 && !running && !e.abandoned {
		e.abandoned = true
		close(e.quit)
		if !e.evicted {
			c.lru.Remove(e.elem)
			delete(c.entries, e.key)
			c.bytes -= e.size
			e.evicted = true
		}
	}
	closeIt := e.evicted && e.refs == 0 && running
	c.mu.Unlock()
	if closeIt {
		go e.closeModule() // waits for the compile to end
	}
	if running {
		return fmt.Errorf("%w: %w", errCompileRunning, cause)
	}
	return fmt.Errorf("%w: %w", errCompileQueued, cause)
}

// compile compiles bin into e, first taking a compile slot if slot is set.
func (c *moduleCache) compile(e *moduleEntry, bin []byte, slot bool) {
	defer close(e.ready)
	if slot {
		select {
		case c.sem <- struct{}{}:
			defer func() { <-c.sem }()
		case <-e.quit:
			e.err = errCompileDropped
			return
		}
	}
	c.mu.Lock()
	dropped := e.abandoned // the slot came as the last run left
	e.compiling = !dropped
	c.mu.Unlock()
	if dropped {
		e.err = errCompileDropped
		return
	}
	ctx := context.Background()
	rt, err := c.h.userRuntime(ctx)
	if err != nil {
		e.err = fmt.Errorf("wasm runtime unavailable: %w", err)
		return
	}
	m, err := rt.CompileModule(ctx, bin)
	if err != nil {
		e.err = fmt.Errorf("invalid wasm module: %w", err)
		return
	}
	if err := checkModule(m); err != nil {
		m.Close(ctx)
		e.err = err
		return
	}
	e.mod = m
}

func (c *moduleCache) release(e *moduleEntry) {
	c.mu.Lock()
	e.refs--
	closeIt := e.evicted && e.refs == 0
	c.mu.Unlock()
	if closeIt {
		e.closeModule()
	}
}

// evictLocked drops least recently used entries that no run holds until
// the cache is within its bounds.
func (c *moduleCache) evictLocked() {
	for el := c.lru.Back(); el != nil && (c.lru.Len() > c.maxEntries || c.bytes > c.maxBytes); {
		e := el.Value.(*moduleEntry)
		prev := el.Prev()
		if e.refs == 0 {
			c.lru.Remove(el)
			delete(c.entries, e.key)
			c.bytes -= e.size
			e.evicted = true
			go e.closeModule() // waits for its compile to finish
		}
		el = prev
	}
}

func (e *moduleEntry) closeModule() {
	<-e.ready
	if e.mod != nil {
		e.mod.Close(context.Background())
	}
}

// len reports how many modules the cache holds (for tests).
func (c *moduleCache) len() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.lru.Len()
}
