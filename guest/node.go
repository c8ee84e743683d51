package guest

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"path"
	"regexp"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/dop251/goja"
	"github.com/natsexec/natsexec/jobs"
)

// The node mount: goja with a Node-compatible surface.
//
// Globals: console, process, Buffer, URL, URLSearchParams, TextEncoder,
// TextDecoder, timers, queueMicrotask, performance, atob/btoa, global,
// crypto (Web Crypto), structuredClone, DOMException, Event, EventTarget,
// CustomEvent, AbortController, AbortSignal, Blob, File, Headers, Request,
// Response, FormData, WeakRef, FinalizationRegistry (node_web.go).
// require: path, util, events, assert, buffer, url, fs, fs/promises,
// child_process, process, timers, os, console, crypto, zlib (node_zlib.go),
// string_decoder, querystring, punycode, util/types, timers/promises
// (node_modules2.go), stream, stream/promises, readline, readline/promises,
// module, perf_hooks, async_hooks (node_stream.go) (also as node:x), and the
// VM's own files (relative, absolute from the VM root, JSON, index files,
// package.json main, node_modules). TypeScript and ES modules go through
// esbuild to CommonJS.
//
// process.nextTick runs as in Node: before the promise jobs, and again each
// time they drain (goja's tick queue, third_party/goja/ticks.go).
//
// Known differences from Node: setTimeout
// clamps to 1 ms and timers are real time even under TimeFrozen; fs has no
// file descriptors, streams or watchers, and its callback/promise forms do
// the work synchronously; child_process has only the sync forms, over the
// WASM command set, with "|" pipes and no other shell syntax; top-level
// await is not supported (esbuild cannot emit it as CommonJS); util.inspect
// differs only where doc.go says.

// nodeRuntime is the node mount of one VM. Its goja.Runtime is created on
// the first exec and dropped by reset, so mounting costs almost nothing and
// a reset is the price of a fresh runtime. Globals persist from one exec to
// the next until reset; file modules are evaluated afresh by every exec.
type nodeRuntime struct {
	v    *VM
	host *jsHost
	log  *slog.Logger

	rt *goja.Runtime
	js *jsState // per-runtime state; nil with rt

	// Per exec, set by exec and read by the bridge.
	ctx    context.Context
	st     *execState
	stdout *capWriter
	stderr *capWriter
	stdin  []byte
	start  time.Time    // wall clock at exec start, for TimeFrozen
	cache  *goja.Object // require.cache: module objects by filename
	main   *goja.Object // require.main
}

func newNodeRuntime(ctx context.Context, v *VM) (*nodeRuntime, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	return &nodeRuntime{v: v, host: v.host.js, log: v.host.log}, nil
}

func (n *nodeRuntime) reset(ctx context.Context) error {
	n.rt, n.js = nil, nil
	return ctx.Err()
}

func (n *nodeRuntime) close() error {
	n.rt, n.js, n.cache, n.main = nil, nil, nil, nil
	return nil
}

// stopCause is why the bridge stopped a guest from outside its own code:
// a limit, the caller, or process.exit.
type stopCause struct {
	kind ErrorKind
	exit bool
	code int
	msg  string
}

// execState belongs to one exec. Everything that may stop the guest from
// another goroutine (deadline, watchdog, output cap) goes through halt,
// which refuses once the exec has finished so a late stop can never hit
// the next exec on the same runtime.
type execState struct {
	mu       sync.Mutex
	rt       *goja.Runtime
	finished bool
	cause    *stopCause
	// halted is closed with the first cause: an interrupt reaches guest
	// code only when it runs, and a guest idle on a timer must stop now.
	halted chan struct{}
}

func (s *execState) halt(c *stopCause) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.finished || s.cause != nil {
		return
	}
	s.cause = c
	s.rt.Interrupt(c)
	close(s.halted)
}

func (s *execState) stopped() *stopCause {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.cause
}

func (s *execState) finish() *stopCause {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.finished = true
	return s.cause
}

func (n *nodeRuntime) exec(ctx context.Context, req ExecRequest) (res *ExecResult) {
	res = &ExecResult{}
	if err := ctx.Err(); err != nil {
		res.Kind, res.Error = kindOf(ctx), err.Error()
		return res
	}
	if n.rt == nil {
		n.newRuntime()
	}
	rt := n.rt
	st := &execState{rt: rt, halted: make(chan struct{})}
	n.ctx, n.st, n.start = ctx, st, time.Now()
	limits := n.v.cfg.Limits
	n.stdout = newCapWriter(limits.OutputBytes, func() {
		st.halt(&stopCause{kind: KindOutputLimit, msg: fmt.Sprintf("stdout passed its limit of %d bytes", limits.OutputBytes)})
	})
	n.stderr = newCapWriter(limits.OutputBytes, func() {
		st.halt(&stopCause{kind: KindOutputLimit, msg: fmt.Sprintf("stderr passed its limit of %d bytes", limits.OutputBytes)})
	})
	n.stdin = req.Stdin
	n.cache, n.main = rt.NewObject(), nil
	rt.ClearInterrupt()
	setNativeLimits(rt, limits)

	stopDeadline := context.AfterFunc(ctx, func() { n.haltCtx(ctx, st) })
	wd := startWatchdog(st, limits.MemoryBytes)

	defer func() {
		// A panic here is a fault of the bridge, not of the guest; keep the
		// process alive and drop the runtime, whose state is now unknown.
		if p := recover(); p != nil {
			n.log.Error("node exec panicked", "panic", p, "stack", string(debug.Stack()))
			res.Kind, res.Error, res.ExitCode = KindInternal, fmt.Sprintf("internal error: %v", p), 1
			n.rt, n.js = nil, nil
		}
		stopDeadline()
		res.Usage.HeapGrowthBytes = wd.stop()
		st.finish()
		rt.ClearInterrupt()
		res.Stdout, res.StdoutTruncated = n.stdout.take()
		res.Stderr, res.StderrTruncated = n.stderr.take()
		n.ctx, n.st, n.stdin, n.cache, n.main = nil, nil, nil, nil, nil
		if n.js != nil {
			n.js.loop.clear()
			n.js.rejections.clear()
		}
	}()

	n.run(req, res)

	if ctx.Err() != nil {
		// The deadline hook runs on its own goroutine and may not have
		// fired yet when the loop saw ctx end.
		n.haltCtx(ctx, st)
	}
	if c := st.finish(); c != nil {
		switch {
		case c.exit:
			res.Kind, res.Error, res.ExitCode = KindNone, "", c.code
		default:
			res.Kind, res.Error, res.Exports = c.kind, c.msg, nil
			if res.ExitCode == 0 {
				res.ExitCode = 1
			}
		}
	}
	return res
}

// haltCtx stops the guest because ctx ended: timeout or cancellation.
func (n *nodeRuntime) haltCtx(ctx context.Context, st *execState) {
	k := kindOf(ctx)
	msg := "cancelled"
	if k == KindTimeout {
		msg = fmt.Sprintf("wall-time limit of %s reached", n.v.cfg.Limits.Timeout)
	}
	st.halt(&stopCause{kind: k, msg: msg})
}

// run loads and runs the main module, then the event loop, then reads the
// exports. Guest failures land in res.
func (n *nodeRuntime) run(req ExecRequest, res *ExecResult) {
	ts := req.Runtime == jobs.RuntimeTS
	filename := req.Filename
	if filename == "" {
		filename = "/main.js"
		if ts {
			filename = "/main.ts"
		}
	}
	filename = path.Clean("/" + filename)
	if !ts {
		ts = isTSFile(filename)
	}
	js := n.js
	js.setArgv(filename, n.execArgs(req))

	prg, err := n.host.compileModule(filename, req.Source, ts)
	if err != nil {
		n.guestFailed(res, err)
		return
	}
	module, err := n.runModule(prg, filename)
	if err == nil {
		err = n.checkRejections()
	}
	if err == nil {
		err = n.runLoop()
	}
	if err != nil {
		n.guestFailed(res, err)
		return
	}
	res.ExitCode = js.exitCode()
	exports, err := n.collectExports(module)
	if err != nil {
		n.guestFailed(res, err)
		return
	}
	res.Exports = exports
}

func (n *nodeRuntime) execArgs(req ExecRequest) []string {
	if req.Args != nil {
		return req.Args
	}
	return n.v.cfg.Args
}

func isTSFile(name string) bool {
	return strings.HasSuffix(name, ".ts") || strings.HasSuffix(name, ".mts") || strings.HasSuffix(name, ".cts")
}

// guestFailed records an error that escaped the guest. Stops by the bridge
// are classified by exec from the stop cause, so here only the guest's own
// failures matter.
func (n *nodeRuntime) guestFailed(res *ExecResult, err error) {
	if n.st.stopped() != nil {
		return
	}
	var ie *goja.InterruptedError
	if errors.As(err, &ie) {
		// Interrupted without a cause we set: treat as ours.
		res.Kind, res.Error, res.ExitCode = KindInternal, err.Error(), 1
		return
	}
	msg := errorText(err)
	res.Kind, res.Error, res.ExitCode = KindGuest, msg, 1
	// Node prints what killed it on stderr; a guest reading its own stderr
	// expects to see it there.
	fmt.Fprintf(n.stderr, "%s\n", msg)
}

// errorText renders a guest error as Node would: the stack if it has one.
func errorText(err error) string {
	var so *goja.StackOverflowError
	if errors.As(err, &so) {
		return "RangeError: Maximum call stack size exceeded" + nodeStack(stackSuffix(so.Exception.String()))
	}
	var ex *goja.Exception
	if errors.As(err, &ex) {
		if o, ok := ex.Value().(*goja.Object); ok {
			if s := safeStack(o); s != "" {
				return s
			}
		}
		v := ex.Value()
		if v == nil {
			return ex.Error()
		}
		return "Uncaught " + safeInspect(v) + nodeStack(stackSuffix(ex.String()))
	}
	return err.Error()
}

func stackSuffix(s string) string {
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		return s[i:]
	}
	return ""
}

func safeStack(o *goja.Object) (s string) {
	defer func() {
		if recover() != nil {
			s = ""
		}
	}()
	if st := o.Get("stack"); st != nil && !goja.IsUndefined(st) && !goja.IsNull(st) {
		if _, isObj := st.(*goja.Object); !isObj {
			return nodeStack(st.String())
		}
	}
	return ""
}

// goja writes frames as "\tat f (file:line:col(pc))" with the module wrapper
// counted in line 1's columns; Node writes "    at f (file:line:col)".
var framePos = regexp.MustCompile(`:(\d+):(\d+)\(\d+\)`)

func nodeStack(s string) string {
	s = strings.ReplaceAll(s, "\n\tat ", "\n    at ")
	s = strings.TrimRight(s, "\n")
	return framePos.ReplaceAllStringFunc(s, func(m string) string {
		sm := framePos.FindStringSubmatch(m)
		line, col := sm[1], sm[2]
		if line == "1" {
			if c, err := strconv.Atoi(col); err == nil && c > len(cjsHead) {
				col = strconv.Itoa(c - len(cjsHead))
			}
		}
		return ":" + line + ":" + col
	})
}

func safeInspect(v goja.Value) (s string) {
	defer func() {
		if recover() != nil {
			s = "[value]"
		}
	}()
	if _, ok := v.(*goja.Object); ok {
		return "[object]"
	}
	return quoteJS(v.String())
}

// runModule runs a compiled module wrapper as the main module.
func (n *nodeRuntime) runModule(prg *goja.Program, filename string) (*goja.Object, error) {
	rt := n.rt
	fn, err := rt.RunProgram(prg)
	if err != nil {
		return nil, err
	}
	call, ok := goja.AssertFunction(fn)
	if !ok {
		return nil, fmt.Errorf("module %s did not compile to a function", filename)
	}
	module := n.newModule(filename, nil)
	module.Set("id", ".")
	n.main = module
	n.cache.Set(filename, module)
	exports := module.Get("exports")
	_, err = call(exports, exports, n.requireFor(module, path.Dir(filename)), module, rt.ToValue(filename), rt.ToValue(path.Dir(filename)))
	if err == nil {
		module.Set("loaded", true)
	}
	return module, err
}

// checkRejections fails the exec on a rejection nobody handled, as Node
// does once the microtask queue is empty.
func (n *nodeRuntime) checkRejections() error {
	p := n.js.rejections.first()
	if p == nil {
		return nil
	}
	reason := p.Result()
	if o, ok := reason.(*goja.Object); ok {
		if s := safeStack(o); s != "" {
			return &rejectionError{text: s}
		}
	}
	// Inspecting may run guest code (a custom inspector) that throws; here
	// no guest frame is there to catch it.
	var text string
	if ex := n.rt.Try(func() { text = n.js.inspect(reason, inspectOpts{depth: 2}) }); ex != nil {
		text = errorText(ex)
	}
	return &rejectionError{text: "Unhandled promise rejection: " + text}
}

// rejectionError is a promise rejection nobody handled.
type rejectionError struct{ text string }

func (e *rejectionError) Error() string { return e.text }

// collectExports turns module.exports into plain Go values. It runs as a
// native call so getters that throw or spin are caught and interrupted like
// any other guest code.
func (n *nodeRuntime) collectExports(module *goja.Object) (out map[string]any, err error) {
	rt := n.rt
	fn, _ := goja.AssertFunction(rt.ToValue(func(goja.FunctionCall) goja.Value {
		out = exportModule(rt, module.Get("exports"), n.v.cfg.Limits.OutputBytes)
		return goja.Undefined()
	}))
	_, err = fn(goja.Undefined())
	return out, err
}

// Memory watchdog. goja has no allocation hook, so the check samples the
// process heap every few milliseconds against its size at exec start. When
// growth passes the budget it forces a GC and judges by the live heap, so
// garbage does not count against a guest. It cannot attribute memory: in a
// process running several VMs at once, another VM's growth counts here too
// (and a budget can be passed by one large native allocation, such as
// "x".repeat(n), before the next sample). The sidecar's process limit is the
// hard line; this check makes a runaway guest fail alone and early.
const watchdogEvery = 2 * time.Millisecond

type watchdog struct {
	mu   sync.Mutex // orders the timer's creation before its first tick
	t    *time.Timer
	base uint64 // the heap's objects at the start, less garbage since collected
	peak int64  // the most the heap was seen grown over base
}

// sample reads the heap and returns its growth over base, kept in peak.
func (w *watchdog) sample() int64 {
	objects, _ := readHeap()
	w.mu.Lock()
	defer w.mu.Unlock()
	grown := int64(objects) - int64(w.base)
	w.peak = max(w.peak, grown)
	return grown
}

var heapSamples = []string{"/memory/classes/heap/objects:bytes", "/gc/heap/live:bytes"}

func readHeap() (objects, live uint64) {
	s := [2]metrics.Sample{{Name: heapSamples[0]}, {Name: heapSamples[1]}}
	metrics.Read(s[:])
	return s[0].Value.Uint64(), s[1].Value.Uint64()
}

func startWatchdog(st *execState, budget int64) *watchdog {
	baseObjects, baseLive := readHeap()
	w := &watchdog{base: baseObjects}
	var tick func()
	tick = func() {
		st.mu.Lock()
		done := st.finished || st.cause != nil
		st.mu.Unlock()
		if done {
			return
		}
		if grown := w.sample(); grown > budget {
			runtime.GC()
			after, live := readHeap()
			grown := int64(live) - int64(baseLive)
			w.mu.Lock()
			w.peak = max(w.peak, grown)
			switch {
			case grown > budget:
			case grown > 0:
				w.base = after - uint64(grown)
			default:
				w.base = after
			}
			w.mu.Unlock()
			if grown > budget {
				st.halt(&stopCause{kind: KindMemory, msg: fmt.Sprintf("heap grew by %d bytes, over the memory limit of %d", grown, budget)})
				return
			}
		}
		w.mu.Lock()
		w.t.Reset(watchdogEvery)
		w.mu.Unlock()
	}
	w.mu.Lock()
	w.t = time.AfterFunc(watchdogEvery, tick)
	w.mu.Unlock()
	return w
}

// stop ends the sampling and returns the peak growth seen: garbage the
// collector had not yet freed counts in it, so it is an upper estimate.
func (w *watchdog) stop() (peak int64) {
	w.mu.Lock()
	w.t.Stop()
	w.mu.Unlock()
	w.sample() // an exec shorter than one period has no other sample
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.peak
}
