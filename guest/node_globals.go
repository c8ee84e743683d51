package guest

import (
	"bytes"
	"container/heap"
	"encoding/base64"
	"fmt"
	"math/big"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/dop251/goja"
)

// jsState is what one goja.Runtime of a node mount carries besides the
// runtime itself: the event loop, promise bookkeeping, and the parts of the
// Node surface built so far. Everything here is built on first use.
type jsState struct {
	n          *nodeRuntime
	rt         *goja.Runtime
	origin     time.Time // performance.timeOrigin
	loop       eventLoop
	rejections rejectionSet

	process  *goja.Object
	console  *goja.Object
	builtins map[string]goja.Value // required built-in modules by name
	enqueue  goja.Callable         // queues a microtask: enqueue(fn, argsArray)
	timerPro *goja.Object
	textEnc  goja.Value
	textDec  goja.Value
	errCtor  goja.Value    // the intrinsic Error, before any guest code ran
	bufCtor  *goja.Object  // the Buffer this runtime built
	bufFrom  goja.Callable // its original Buffer.from
	insp     inspectState  // util.inspect's (node_inspect.go)
	stdin    struct {      // process.stdin and the exec it belongs to (stdinStream)
		stream goja.Value
		exec   *execState
	}

	stack      stackState // Error stacks in Node's form (node_stack.go)
	ticks      []tick     // process.nextTick's queue, oldest first
	tickRunner goja.Value // drains it; goja calls it (SetTickQueue)

	argvFile string
	argvArgs []string

	intl     *intlState     // Intl's library and collators (node_intl.go)
	zone     *time.Location // the guest's local zone: the job's TZ, else UTC
	zoneName string
}

// newRuntime builds a fresh runtime. Only what every program needs is set
// up eagerly; the rest of the surface is built by lazy globals.
func (n *nodeRuntime) newRuntime() {
	rt := goja.New()
	rt.SetParserOptions(guestParser...) // eval and new Function
	js := &jsState{n: n, rt: rt, origin: time.Now(), builtins: make(map[string]goja.Value)}
	n.rt, n.js = rt, js
	rt.SetMaxCallStackSize(n.v.cfg.MaxCallStackSize)
	rt.SetTimeSource(n.now)
	loc, _ := js.localZone()
	rt.SetTimeZone(loc)
	rt.SetLocaleHook(js.localeMethod)
	rt.SetPromiseRejectionTracker(js.rejections.track)
	js.errCtor = rt.Get("Error")
	rt.SetStackFormatter(js.formatStack)

	g := rt.GlobalObject()
	g.DefineDataProperty("global", g, goja.FLAG_TRUE, goja.FLAG_TRUE, goja.FLAG_FALSE)
	for name, build := range lazyGlobals {
		js.defineLazy(g, name, build)
	}
}

// lazyGlobals build the Node surface on first touch, so a program that never
// logs pays nothing for console.
var lazyGlobals map[string]func(js *jsState) goja.Value

// The tables of the Node surface refer to each other through the functions
// they hold, so they are filled in init rather than by initialisers.
func init() {
	lazyGlobals = map[string]func(js *jsState) goja.Value{
		"console":         func(js *jsState) goja.Value { return js.consoleObject() },
		"process":         func(js *jsState) goja.Value { return js.processObject() },
		"Buffer":          func(js *jsState) goja.Value { return js.builtin("buffer").ToObject(js.rt).Get("Buffer") },
		"URL":             func(js *jsState) goja.Value { return js.builtin("url").ToObject(js.rt).Get("URL") },
		"URLSearchParams": func(js *jsState) goja.Value { return js.builtin("url").ToObject(js.rt).Get("URLSearchParams") },
		"TextEncoder":     func(js *jsState) goja.Value { return js.textEncoder() },
		"TextDecoder":     func(js *jsState) goja.Value { return js.textDecoder() },
		"setTimeout":      func(js *jsState) goja.Value { return js.rt.ToValue(js.setTimer(false)) },
		"setInterval":     func(js *jsState) goja.Value { return js.rt.ToValue(js.setTimer(true)) },
		"setImmediate":    func(js *jsState) goja.Value { return js.rt.ToValue(js.setImmediate) },
		"clearTimeout":    func(js *jsState) goja.Value { return js.rt.ToValue(js.clearTimer) },
		"clearInterval":   func(js *jsState) goja.Value { return js.rt.ToValue(js.clearTimer) },
		"clearImmediate":  func(js *jsState) goja.Value { return js.rt.ToValue(js.clearTimer) },
		"queueMicrotask":  func(js *jsState) goja.Value { return js.rt.ToValue(js.queueMicrotask) },
		"performance":     func(js *jsState) goja.Value { return js.webPerformance() },
		"atob":            func(js *jsState) goja.Value { return js.rt.ToValue(js.atob) },
		"btoa":            func(js *jsState) goja.Value { return js.rt.ToValue(js.btoa) },
		"crypto":          func(js *jsState) goja.Value { return js.builtin("crypto").ToObject(js.rt).Get("webcrypto") },
		"Intl":            intlGlobal,

		// Web globals, in JavaScript (node_web.go, js_web.go).
		"structuredClone":      webGlobal("web_clone", "structuredClone"),
		"DOMException":         webGlobal("web_util", "DOMException"),
		"Event":                webGlobal("web_events", "Event"),
		"EventTarget":          webGlobal("web_events", "EventTarget"),
		"CustomEvent":          webGlobal("web_events", "CustomEvent"),
		"AbortController":      webGlobal("web_events", "AbortController"),
		"AbortSignal":          webGlobal("web_events", "AbortSignal"),
		"Blob":                 webGlobal("web_blob", "Blob"),
		"File":                 webGlobal("web_blob", "File"),
		"Headers":              webGlobal("web_fetch", "Headers"),
		"Request":              webGlobal("web_fetch", "Request"),
		"Response":             webGlobal("web_fetch", "Response"),
		"FormData":             webGlobal("web_fetch", "FormData"),
		"WeakRef":              webGlobal("web_weak", "WeakRef"),
		"FinalizationRegistry": webGlobal("web_weak", "FinalizationRegistry"),
		"PerformanceEntry":     webPerfGlobal("PerformanceEntry"),
		"PerformanceMark":      webPerfGlobal("PerformanceMark"),
		"PerformanceMeasure":   webPerfGlobal("PerformanceMeasure"),
	}
	initBuiltinModules()
	initFSOps()
}

// defineLazy installs name as an accessor that replaces itself with a plain
// data property on first read or write.
func (js *jsState) defineLazy(o *goja.Object, name string, build func(*jsState) goja.Value) {
	rt := js.rt
	get := rt.ToValue(func(goja.FunctionCall) goja.Value {
		v := build(js)
		if f, ok := v.(*goja.Object); ok && f.ClassName() == "Function" {
			if n := f.Get("name"); n != nil && strings.HasPrefix(n.String(), "github.com/") {
				f.DefineDataProperty("name", rt.ToValue(name), goja.FLAG_FALSE, goja.FLAG_TRUE, goja.FLAG_FALSE)
			}
		}
		o.DefineDataProperty(name, v, goja.FLAG_TRUE, goja.FLAG_TRUE, goja.FLAG_FALSE)
		return v
	})
	set := rt.ToValue(func(c goja.FunctionCall) goja.Value {
		o.DefineDataProperty(name, c.Argument(0), goja.FLAG_TRUE, goja.FLAG_TRUE, goja.FLAG_FALSE)
		return goja.Undefined()
	})
	o.DefineAccessorProperty(name, get, set, goja.FLAG_TRUE, goja.FLAG_FALSE)
}

// now is the guest's clock under the VM's time policy.
func (n *nodeRuntime) now() time.Time {
	switch n.v.cfg.Time {
	case TimeFrozen:
		if !n.start.IsZero() {
			return n.start
		}
	case TimeCoarse:
		return time.Now().Truncate(CoarseClock)
	}
	return time.Now()
}

// sinceOrigin is performance.now()'s clock under the time policy.
func (js *jsState) sinceOrigin() time.Duration {
	d := js.n.now().Sub(js.origin)
	if js.n.v.cfg.Time == TimeCoarse {
		d = d.Truncate(CoarseClock)
	}
	if d < 0 {
		d = 0
	}
	return d
}

// newError makes a plain JS Error. goja's NewGoError would hang the Go
// error on the object as a reflected value, handing the guest a Go object.
func (js *jsState) newError(msg string) *goja.Object {
	if ctor, ok := goja.AssertConstructor(js.errCtor); ok {
		if o, err := ctor(nil, js.rt.ToValue(msg)); err == nil {
			return o
		}
	}
	o := js.rt.NewObject()
	o.Set("message", msg)
	return o
}

func (js *jsState) newErrorf(format string, args ...any) *goja.Object {
	return js.newError(fmt.Sprintf(format, args...))
}

// nameFuncs gives the Go functions set on o their property names: goja
// names them after the Go symbol, which guests need not see.
func (js *jsState) nameFuncs(o *goja.Object) *goja.Object {
	for _, k := range o.Keys() {
		f, ok := o.Get(k).(*goja.Object)
		if !ok || f.ClassName() != "Function" {
			continue
		}
		if n := f.Get("name"); n != nil && strings.HasPrefix(n.String(), "github.com/") {
			f.DefineDataProperty("name", js.rt.ToValue(k), goja.FLAG_FALSE, goja.FLAG_TRUE, goja.FLAG_FALSE)
		}
	}
	return o
}

func (js *jsState) throwType(format string, args ...any) {
	panic(js.rt.NewTypeError(fmt.Sprintf(format, args...)))
}

// ---- microtasks and the event loop ----

// microtask queues fn(args...) as a promise job; goja runs those jobs when
// the outermost call returns, which is where Node drains its microtasks.
func (js *jsState) microtask(fn goja.Value, args []goja.Value) {
	if js.enqueue == nil {
		prg, err := js.n.host.libProgram("microtask")
		if err != nil {
			panic(js.newError(err.Error()))
		}
		v, err := js.rt.RunProgram(prg)
		if err != nil {
			panic(err)
		}
		js.enqueue, _ = goja.AssertFunction(v)
	}
	if _, ok := goja.AssertFunction(fn); !ok {
		js.throwType("The \"callback\" argument must be of type function")
	}
	if _, err := js.enqueue(goja.Undefined(), fn, js.rt.NewArray(valuesToAny(args)...)); err != nil {
		panic(err)
	}
}

func valuesToAny(vs []goja.Value) []any {
	out := make([]any, len(vs))
	for i, v := range vs {
		out[i] = v
	}
	return out
}

// nextTick queues a process.nextTick callback. The queue is goja's tick
// queue (third_party/goja/ticks.go): it runs when the current macrotask
// returns, before the promise jobs, and again whenever they drain, as in
// Node.
func (js *jsState) nextTick(c goja.FunctionCall) goja.Value {
	fn := c.Argument(0)
	if _, ok := goja.AssertFunction(fn); !ok {
		js.throwType("The \"callback\" argument must be of type function. Received %s", js.received(fn))
	}
	if js.tickRunner == nil {
		prg, err := js.n.host.libProgram("ticks")
		if err != nil {
			panic(js.newError(err.Error()))
		}
		factory, err := js.rt.RunProgram(prg)
		if err != nil {
			panic(err)
		}
		newRunner, _ := goja.AssertFunction(factory)
		take := js.rt.ToValue(func(goja.FunctionCall) goja.Value {
			if len(js.ticks) == 0 {
				return goja.Undefined()
			}
			t := js.ticks[0]
			js.ticks[0] = tick{}
			js.ticks = js.ticks[1:]
			return js.rt.NewArray(t.fn, js.rt.NewArray(valuesToAny(t.args)...))
		})
		// A callback that throws fails the job as an unhandled rejection
		// does: Node's uncaught exception.
		fail := js.rt.ToValue(func(c goja.FunctionCall) goja.Value {
			js.ticks = nil // the process is dying: no later tick runs
			p, _, reject := js.rt.NewPromise()
			_ = reject(c.Argument(0))
			return js.rt.ToValue(p)
		})
		run, err := newRunner(goja.Undefined(), take, fail)
		if err != nil {
			panic(err)
		}
		js.tickRunner = run
		js.rt.SetTickQueue(run, func() bool { return len(js.ticks) > 0 })
	}
	var args []goja.Value
	if len(c.Arguments) > 1 {
		args = append(args, c.Arguments[1:]...)
	}
	// An AsyncLocalStorage store set when the tick was queued is the
	// store when it runs.
	js.ticks = append(js.ticks, tick{fn: js.bindAsyncContext(fn), args: args})
	return goja.Undefined()
}

type tick struct {
	fn   goja.Value
	args []goja.Value
}

func (js *jsState) queueMicrotask(c goja.FunctionCall) goja.Value {
	js.microtask(c.Argument(0), nil)
	return goja.Undefined()
}

type timer struct {
	id       int64
	when     time.Time
	every    time.Duration
	repeat   bool
	fn       goja.Callable
	args     []goja.Value
	obj      *goja.Object
	unref    bool
	index    int // in the heap; -1 when not scheduled
	immed    bool
	canceled bool
}

type timerHeap []*timer

func (h timerHeap) Len() int { return len(h) }
func (h timerHeap) Less(i, j int) bool {
	if h[i].when.Equal(h[j].when) {
		return h[i].id < h[j].id
	}
	return h[i].when.Before(h[j].when)
}
func (h timerHeap) Swap(i, j int) { h[i], h[j] = h[j], h[i]; h[i].index = i; h[j].index = j }
func (h *timerHeap) Push(x any)   { t := x.(*timer); t.index = len(*h); *h = append(*h, t) }
func (h *timerHeap) Pop() any {
	old := *h
	t := old[len(old)-1]
	old[len(old)-1] = nil
	*h = old[:len(old)-1]
	t.index = -1
	return t
}

// eventLoop holds timers and immediates. It runs on the exec's goroutine;
// nothing else touches it.
type eventLoop struct {
	nextID     int64
	timers     timerHeap
	immediates []*timer
	byID       map[int64]*timer
	wait       *time.Timer
}

func (l *eventLoop) add(t *timer) {
	if l.byID == nil {
		l.byID = make(map[int64]*timer)
	}
	l.byID[t.id] = t
	if t.immed {
		l.immediates = append(l.immediates, t)
	} else {
		heap.Push(&l.timers, t)
	}
}

func (l *eventLoop) cancel(id int64) {
	t := l.byID[id]
	if t == nil {
		return
	}
	t.canceled = true
	delete(l.byID, id)
	if t.index >= 0 && !t.immed {
		heap.Remove(&l.timers, t.index)
	}
}

// clear drops whatever an exec left behind: a stopped program's timers must
// not fire in the next exec.
func (l *eventLoop) clear() {
	l.timers, l.immediates, l.byID = nil, nil, nil
}

func (l *eventLoop) refTimers() bool {
	for _, t := range l.timers {
		if !t.unref {
			return true
		}
	}
	return false
}

func (js *jsState) timerProto() *goja.Object {
	if js.timerPro != nil {
		return js.timerPro
	}
	rt := js.rt
	p := rt.NewObject()
	self := func(c goja.FunctionCall) *timer {
		if o, ok := c.This.(*goja.Object); ok {
			if id := o.Get("_id"); id != nil {
				return js.loop.byID[id.ToInteger()]
			}
		}
		return nil
	}
	p.Set("ref", func(c goja.FunctionCall) goja.Value {
		if t := self(c); t != nil {
			t.unref = false
		}
		return c.This
	})
	p.Set("unref", func(c goja.FunctionCall) goja.Value {
		if t := self(c); t != nil {
			t.unref = true
		}
		return c.This
	})
	p.Set("hasRef", func(c goja.FunctionCall) goja.Value {
		t := self(c)
		return rt.ToValue(t != nil && !t.unref)
	})
	p.Set("refresh", func(c goja.FunctionCall) goja.Value {
		if t := self(c); t != nil && t.index >= 0 && !t.immed {
			t.when = time.Now().Add(t.every)
			heap.Fix(&js.loop.timers, t.index)
		}
		return c.This
	})
	p.SetSymbol(goja.SymToPrimitive, func(c goja.FunctionCall) goja.Value {
		if o, ok := c.This.(*goja.Object); ok {
			return o.Get("_id")
		}
		return goja.Undefined()
	})
	js.timerPro = js.nameFuncs(p)
	return p
}

func (js *jsState) newTimer(c goja.FunctionCall, argFrom int, immed bool) *timer {
	fn, ok := goja.AssertFunction(js.bindAsyncContext(c.Argument(0)))
	if !ok {
		js.throwType("The \"callback\" argument must be of type function. Received %s", js.received(c.Argument(0)))
	}
	js.loop.nextID++
	t := &timer{id: js.loop.nextID, fn: fn, index: -1, immed: immed}
	if len(c.Arguments) > argFrom {
		t.args = append([]goja.Value(nil), c.Arguments[argFrom:]...)
	}
	o := js.rt.NewObject()
	o.SetPrototype(js.timerProto())
	o.Set("_id", t.id)
	t.obj = o
	return t
}

func (js *jsState) setTimer(repeat bool) func(goja.FunctionCall) goja.Value {
	return func(c goja.FunctionCall) goja.Value {
		t := js.newTimer(c, 2, false)
		d := time.Duration(c.Argument(1).ToFloat() * float64(time.Millisecond))
		// Node clamps to 1 ms, which also keeps a zero interval from
		// starving the loop's deadline checks.
		if !(d >= time.Millisecond) || d > 1<<31*time.Millisecond {
			d = time.Millisecond
		}
		t.every, t.repeat = d, repeat
		t.when = time.Now().Add(d)
		js.loop.add(t)
		return t.obj
	}
}

func (js *jsState) setImmediate(c goja.FunctionCall) goja.Value {
	t := js.newTimer(c, 1, true)
	js.loop.add(t)
	return t.obj
}

func (js *jsState) clearTimer(c goja.FunctionCall) goja.Value {
	v := c.Argument(0)
	if o, ok := v.(*goja.Object); ok {
		v = o.Get("_id")
		if v == nil {
			return goja.Undefined()
		}
	}
	if goja.IsUndefined(v) || goja.IsNull(v) {
		return goja.Undefined()
	}
	js.loop.cancel(v.ToInteger())
	return goja.Undefined()
}

// runLoop runs immediates and timers until nothing is left that keeps the
// loop alive, the guest fails, or a stop cause is set. Microtasks run inside
// each callback's call.
func (n *nodeRuntime) runLoop() error {
	js := n.js
	l := &js.loop
	for {
		if n.st.stopped() != nil {
			return nil
		}
		if len(l.immediates) > 0 {
			batch := l.immediates
			l.immediates = nil
			for _, t := range batch {
				if t.canceled {
					continue
				}
				delete(l.byID, t.id)
				if _, err := t.fn(goja.Undefined(), t.args...); err != nil {
					return err
				}
				if err := n.checkRejections(); err != nil {
					return err
				}
			}
			continue
		}
		if len(l.timers) == 0 || !l.refTimers() {
			return nil
		}
		t := l.timers[0]
		if d := time.Until(t.when); d > 0 {
			if l.wait == nil {
				l.wait = time.NewTimer(d)
			} else {
				l.wait.Reset(d)
			}
			select {
			case <-l.wait.C:
			case <-n.ctx.Done():
				l.wait.Stop()
				return nil // the stop cause is set by the deadline hook
			case <-n.st.halted:
				l.wait.Stop()
				return nil // a limit stopped the guest while it waited
			}
			continue
		}
		heap.Pop(&l.timers)
		if t.repeat {
			t.when = time.Now().Add(t.every)
			heap.Push(&l.timers, t)
		} else {
			delete(l.byID, t.id)
		}
		if _, err := t.fn(goja.Undefined(), t.args...); err != nil {
			return err
		}
		if err := n.checkRejections(); err != nil {
			return err
		}
	}
}

// rejectionSet tracks rejected promises without a handler, in order.
type rejectionSet struct {
	order []*goja.Promise
}

func (s *rejectionSet) track(p *goja.Promise, op goja.PromiseRejectionOperation) {
	switch op {
	case goja.PromiseRejectionReject:
		s.order = append(s.order, p)
	case goja.PromiseRejectionHandle:
		for i, q := range s.order {
			if q == p {
				s.order = append(s.order[:i], s.order[i+1:]...)
				return
			}
		}
	}
}

func (s *rejectionSet) first() *goja.Promise {
	if len(s.order) == 0 {
		return nil
	}
	return s.order[0]
}

func (s *rejectionSet) clear() { s.order = nil }

// ---- console ----

func (js *jsState) consoleObject() goja.Value {
	if js.console != nil {
		return js.console
	}
	rt := js.rt
	n := js.n
	c := rt.NewObject()
	indent := ""
	counts := map[string]int{}
	timers := map[string]time.Duration{}
	out := func(toErr bool) func(goja.FunctionCall) goja.Value {
		return func(call goja.FunctionCall) goja.Value {
			s := js.format(call.Arguments)
			if indent != "" {
				s = indent + strings.ReplaceAll(s, "\n", "\n"+indent)
			}
			w := n.stdout
			if toErr {
				w = n.stderr
			}
			if w != nil {
				w.Write([]byte(s + "\n"))
			}
			return goja.Undefined()
		}
	}
	log, errf := out(false), out(true)
	c.Set("log", log)
	c.Set("info", log)
	c.Set("debug", log)
	c.Set("error", errf)
	c.Set("warn", errf)
	c.Set("dir", func(call goja.FunctionCall) goja.Value {
		// Node's console.dir: inspect without custom inspectors, then the
		// options given.
		o := js.inspectDefaults()
		o.customInspect = false
		if opts, ok := call.Argument(1).(*goja.Object); ok {
			o.apply(opts)
		}
		s := js.newInspectCtx(o).formatValue(call.Argument(0), 0, false)
		return log(goja.FunctionCall{This: call.This, Arguments: []goja.Value{rt.ToValue(s)}})
	})
	c.Set("trace", func(call goja.FunctionCall) goja.Value {
		s := "Trace: " + js.format(call.Arguments)
		for _, f := range rt.CaptureCallStack(0, nil) {
			var b bytes.Buffer
			f.Write(&b)
			s += "\n    at " + b.String()
		}
		return errf(goja.FunctionCall{Arguments: []goja.Value{rt.ToValue(s)}})
	})
	c.Set("assert", func(call goja.FunctionCall) goja.Value {
		if call.Argument(0).ToBoolean() {
			return goja.Undefined()
		}
		args := []goja.Value{rt.ToValue("Assertion failed")}
		if len(call.Arguments) > 1 {
			args = call.Arguments[1:]
			if _, isStr := args[0].Export().(string); isStr {
				args = append([]goja.Value{rt.ToValue("Assertion failed: " + args[0].String())}, args[1:]...)
			} else {
				args = append([]goja.Value{rt.ToValue("Assertion failed:")}, args...)
			}
		}
		return errf(goja.FunctionCall{Arguments: args})
	})
	label := func(call goja.FunctionCall) string {
		if a := call.Argument(0); !goja.IsUndefined(a) {
			return a.String()
		}
		return "default"
	}
	c.Set("count", func(call goja.FunctionCall) goja.Value {
		l := label(call)
		counts[l]++
		return log(goja.FunctionCall{Arguments: []goja.Value{rt.ToValue(fmt.Sprintf("%s: %d", l, counts[l]))}})
	})
	c.Set("countReset", func(call goja.FunctionCall) goja.Value { delete(counts, label(call)); return goja.Undefined() })
	c.Set("time", func(call goja.FunctionCall) goja.Value {
		timers[label(call)] = js.sinceOrigin()
		return goja.Undefined()
	})
	timeLog := func(end bool) func(goja.FunctionCall) goja.Value {
		return func(call goja.FunctionCall) goja.Value {
			l := label(call)
			t0, ok := timers[l]
			if !ok {
				return goja.Undefined()
			}
			if end {
				delete(timers, l)
			}
			ms := float64(js.sinceOrigin()-t0) / float64(time.Millisecond)
			return log(goja.FunctionCall{Arguments: []goja.Value{rt.ToValue(fmt.Sprintf("%s: %.3fms", l, ms))}})
		}
	}
	c.Set("timeLog", timeLog(false))
	c.Set("timeEnd", timeLog(true))
	c.Set("group", func(call goja.FunctionCall) goja.Value {
		if len(call.Arguments) > 0 {
			log(call)
		}
		indent += "  "
		return goja.Undefined()
	})
	c.Set("groupEnd", func(goja.FunctionCall) goja.Value {
		if len(indent) >= 2 {
			indent = indent[2:]
		}
		return goja.Undefined()
	})
	c.Set("table", func(call goja.FunctionCall) goja.Value {
		if s, ok := js.consoleTable(call.Argument(0), call.Argument(1)); ok {
			return log(goja.FunctionCall{Arguments: []goja.Value{rt.ToValue(s)}})
		}
		return log(goja.FunctionCall{Arguments: []goja.Value{call.Argument(0)}})
	})
	js.console = js.nameFuncs(c)
	return c
}

// ---- process ----

// nodeVersion is the Node release whose behaviour the guest follows (and
// whose output its tests compare with).
const nodeVersion = "20.20.2"

func (js *jsState) processObject() goja.Value {
	if js.process != nil {
		return js.process
	}
	rt := js.rt
	n := js.n
	p := rt.NewObject()
	// Only the job's env: never the host's os.Environ.
	env := rt.NewObject()
	for k, v := range n.v.cfg.Env {
		env.Set(k, v)
	}
	p.Set("env", env)
	p.Set("argv0", "node")
	p.Set("execArgv", rt.NewArray())
	p.Set("execPath", "/usr/local/bin/node")
	p.Set("platform", "linux")
	p.Set("arch", "x64")
	p.Set("version", "v"+nodeVersion)
	versions := rt.NewObject()
	versions.Set("node", nodeVersion)
	// The ABI and engine figures of that release, which packages read to
	// pick code paths; the guest runs none of those components.
	versions.Set("modules", "115")
	versions.Set("napi", "9")
	versions.Set("v8", "11.3.244.8-node.38")
	versions.Set("uv", "1.46.0")
	versions.Set("zlib", "1.3.1-e00f703")
	p.Set("versions", versions)
	release := rt.NewObject()
	release.Set("name", "node")
	release.Set("lts", "Iron")
	p.Set("release", release)
	p.Set("pid", 1)
	p.Set("ppid", 0)
	p.Set("title", "node")
	p.Set("exitCode", goja.Undefined())
	p.Set("cwd", func(goja.FunctionCall) goja.Value { return rt.ToValue("/") })
	p.Set("chdir", func(c goja.FunctionCall) goja.Value {
		if d := c.Argument(0).String(); d != "/" && d != "." {
			panic(js.fsError("ENOTSUP", "chdir", d, "operation not supported (the working directory is always /)"))
		}
		return goja.Undefined()
	})
	p.Set("umask", func(goja.FunctionCall) goja.Value { return rt.ToValue(0o022) })
	p.Set("uptime", func(goja.FunctionCall) goja.Value { return rt.ToValue(js.sinceOrigin().Seconds()) })
	p.Set("exit", func(c goja.FunctionCall) goja.Value {
		code := 0
		if a := c.Argument(0); !goja.IsUndefined(a) {
			code = int(a.ToInteger())
		} else {
			code = js.exitCode()
		}
		// An interrupt, not a throw: a guest's catch must not swallow exit.
		n.st.halt(&stopCause{exit: true, code: code})
		return goja.Undefined()
	})
	p.Set("abort", func(goja.FunctionCall) goja.Value {
		n.st.halt(&stopCause{exit: true, code: 134})
		return goja.Undefined()
	})
	p.Set("nextTick", js.nextTick)
	hrtime := rt.ToValue(func(c goja.FunctionCall) goja.Value {
		d := js.sinceOrigin()
		sec, nsec := int64(d/time.Second), int64(d%time.Second)
		if prev, ok := c.Argument(0).(*goja.Object); ok {
			ps, pn := prev.Get("0").ToInteger(), prev.Get("1").ToInteger()
			sec, nsec = sec-ps, nsec-pn
			if nsec < 0 {
				sec, nsec = sec-1, nsec+int64(time.Second)
			}
		}
		return rt.NewArray(sec, nsec)
	}).ToObject(rt)
	hrtime.Set("bigint", func(goja.FunctionCall) goja.Value {
		return rt.ToValue(big.NewInt(int64(js.sinceOrigin())))
	})
	p.Set("hrtime", hrtime)
	p.Set("memoryUsage", func(goja.FunctionCall) goja.Value {
		objects, _ := readHeap()
		m := rt.NewObject()
		m.Set("rss", objects)
		m.Set("heapTotal", objects)
		m.Set("heapUsed", objects)
		m.Set("external", 0)
		m.Set("arrayBuffers", 0)
		return m
	})
	p.Set("stdout", js.stream(1))
	p.Set("stderr", js.stream(2))
	noop := func(c goja.FunctionCall) goja.Value { return c.This }
	for _, m := range []string{"on", "once", "off", "addListener", "removeListener", "removeAllListeners", "prependListener", "setMaxListeners"} {
		p.Set(m, noop)
	}
	p.Set("emit", func(goja.FunctionCall) goja.Value { return rt.ToValue(false) })
	p.Set("listeners", func(goja.FunctionCall) goja.Value { return rt.NewArray() })
	p.Set("emitWarning", func(c goja.FunctionCall) goja.Value {
		if n.stderr != nil {
			fmt.Fprintf(n.stderr, "(node:1) Warning: %s\n", c.Argument(0).String())
		}
		return goja.Undefined()
	})
	js.nameFuncs(hrtime)
	js.process = js.nameFuncs(p)
	// A getter, as in Node, defined after nameFuncs has read the rest: the
	// stream is built on first touch, and per exec (stdinStream).
	getStdin := rt.ToValue(func(goja.FunctionCall) goja.Value { return js.stdinStream() }).ToObject(rt)
	getStdin.DefineDataProperty("name", rt.ToValue("getStdin"), goja.FLAG_FALSE, goja.FLAG_TRUE, goja.FLAG_FALSE)
	p.DefineAccessorProperty("stdin", getStdin, nil, goja.FLAG_TRUE, goja.FLAG_TRUE)
	js.setArgv(js.argvFile, js.argvArgs)
	return p
}

func (js *jsState) stream(fd int) *goja.Object {
	rt := js.rt
	s := rt.NewObject()
	s.Set("fd", fd)
	// No isTTY: Node leaves it undefined when stdio is not a terminal,
	// which a guest's never is (tty.isatty is false).
	s.Set("writable", true)
	s.Set("write", func(c goja.FunctionCall) goja.Value {
		w := js.n.stdout
		if fd == 2 {
			w = js.n.stderr
		}
		b := js.bytesArg(c.Argument(0), c.Argument(1))
		if w != nil {
			w.Write(b)
		}
		for _, a := range c.Arguments[1:] {
			if _, ok := goja.AssertFunction(a); ok {
				js.microtask(a, nil)
				break
			}
		}
		return rt.ToValue(true)
	})
	noop := func(c goja.FunctionCall) goja.Value { return c.This }
	for _, m := range []string{"on", "once", "off", "end", "removeListener", "cork", "uncork", "addListener", "prependListener", "removeAllListeners", "setMaxListeners"} {
		s.Set(m, noop)
	}
	// Enough of an emitter for src.pipe(process.stdout).
	s.Set("emit", func(goja.FunctionCall) goja.Value { return rt.ToValue(false) })
	s.Set("listenerCount", func(goja.FunctionCall) goja.Value { return rt.ToValue(0) })
	return js.nameFuncs(s)
}

// setArgv records argv for this exec and updates process.argv if built.
func (js *jsState) setArgv(file string, args []string) {
	js.argvFile, js.argvArgs = file, args
	if js.process == nil {
		return
	}
	argv := make([]any, 0, 2+len(args))
	argv = append(argv, "node", file)
	for _, a := range args {
		argv = append(argv, a)
	}
	js.process.Set("argv", js.rt.NewArray(argv...))
}

// exitCode reads process.exitCode as Node does at a normal end.
func (js *jsState) exitCode() int {
	if js.process == nil {
		return 0
	}
	v := js.process.Get("exitCode")
	if v == nil || goja.IsUndefined(v) || goja.IsNull(v) {
		return 0
	}
	return int(v.ToInteger())
}

// ---- small globals ----

func (js *jsState) performance() goja.Value {
	rt := js.rt
	p := rt.NewObject()
	p.Set("now", func(goja.FunctionCall) goja.Value {
		return rt.ToValue(float64(js.sinceOrigin()) / float64(time.Millisecond))
	})
	p.Set("timeOrigin", float64(js.origin.UnixNano())/1e6)
	return p
}

// atob is WHATWG's forgiving-base64 decode as Node 20 words its failures:
// a character outside the alphabet (a misplaced "=" included) is "Invalid
// character", a lone leftover character is "not correctly encoded", and
// non-zero trailing bits are accepted.
func (js *jsState) atob(c goja.FunctionCall) goja.Value {
	if len(c.Arguments) == 0 {
		e := js.rt.NewTypeError("The \"input\" argument must be specified")
		e.Set("code", "ERR_MISSING_ARGS")
		panic(e)
	}
	in := c.Argument(0).String()
	b := make([]byte, 0, len(in))
	for i := 0; i < len(in); i++ {
		switch ch := in[i]; ch {
		case ' ', '\t', '\n', '\f', '\r':
		default:
			b = append(b, ch)
		}
	}
	if len(b)%4 == 0 {
		for k := 0; k < 2 && len(b) > 0 && b[len(b)-1] == '='; k++ {
			b = b[:len(b)-1]
		}
	}
	out := make([]byte, 0, len(b)*3/4+1)
	var acc uint32
	n := 0
	for _, ch := range b {
		v := base64Value(ch)
		if v < 0 {
			panic(js.domError("InvalidCharacterError", "Invalid character"))
		}
		acc = acc<<6 | uint32(v)
		if n++; n == 4 {
			out = append(out, byte(acc>>16), byte(acc>>8), byte(acc))
			acc, n = 0, 0
		}
	}
	switch n {
	case 1:
		panic(js.domError("InvalidCharacterError", "The string to be decoded is not correctly encoded."))
	case 2:
		out = append(out, byte(acc>>4))
	case 3:
		out = append(out, byte(acc>>10), byte(acc>>2))
	}
	r := make([]rune, len(out))
	for i, x := range out {
		r[i] = rune(x)
	}
	return js.rt.ToValue(string(r))
}

func base64Value(ch byte) int {
	switch {
	case ch >= 'A' && ch <= 'Z':
		return int(ch - 'A')
	case ch >= 'a' && ch <= 'z':
		return int(ch-'a') + 26
	case ch >= '0' && ch <= '9':
		return int(ch-'0') + 52
	case ch == '+':
		return 62
	case ch == '/':
		return 63
	}
	return -1
}

func (js *jsState) btoa(c goja.FunctionCall) goja.Value {
	if len(c.Arguments) == 0 {
		e := js.rt.NewTypeError("The \"input\" argument must be specified")
		e.Set("code", "ERR_MISSING_ARGS")
		panic(e)
	}
	s := c.Argument(0).String()
	b := make([]byte, 0, len(s))
	for _, r := range s {
		if r > 0xff {
			panic(js.domError("InvalidCharacterError", "Invalid character"))
		}
		b = append(b, byte(r))
	}
	return js.rt.ToValue(base64.StdEncoding.EncodeToString(b))
}

func (js *jsState) domError(name, msg string) *goja.Object {
	return js.newDOMException(name, msg)
}

func (js *jsState) textEncoder() goja.Value {
	if js.textEnc != nil {
		return js.textEnc
	}
	rt := js.rt
	ctor := rt.ToValue(func(c goja.ConstructorCall) *goja.Object {
		c.This.Set("encoding", "utf-8")
		return nil
	}).ToObject(rt)
	proto := ctor.Get("prototype").ToObject(rt)
	proto.Set("encode", func(c goja.FunctionCall) goja.Value {
		s := ""
		if a := c.Argument(0); !goja.IsUndefined(a) {
			s = a.String()
		}
		return js.uint8Array([]byte(s))
	})
	proto.Set("encodeInto", func(c goja.FunctionCall) goja.Value {
		src := []byte(c.Argument(0).String())
		dst, ok := c.Argument(1).Export().([]byte)
		if !ok {
			js.throwType("The \"dest\" argument must be an instance of Uint8Array.")
		}
		// Copy whole characters only, as the standard says.
		k := 0
		for k < len(src) {
			_, size := utf8.DecodeRune(src[k:])
			if k+size > len(dst) {
				break
			}
			k += size
		}
		copy(dst, src[:k])
		res := rt.NewObject()
		res.Set("read", utf8.RuneCount(src[:k]))
		res.Set("written", k)
		return res
	})
	js.textEnc = ctor
	return ctor
}

func (js *jsState) textDecoder() goja.Value {
	if js.textDec != nil {
		return js.textDec
	}
	rt := js.rt
	ctor := rt.ToValue(func(c goja.ConstructorCall) *goja.Object {
		enc := "utf-8"
		if a := c.Argument(0); !goja.IsUndefined(a) {
			enc = strings.ToLower(a.String())
		}
		switch enc {
		case "utf-8", "utf8", "unicode-1-1-utf-8":
			enc = "utf-8"
		case "latin1", "ascii", "us-ascii", "iso-8859-1", "windows-1252":
			enc = "latin1"
		case "utf-16le", "utf-16":
			enc = "utf-16le"
		default:
			panic(js.newErrorf("The \"%s\" encoding is not supported", enc))
		}
		fatal := false
		if o, ok := c.Argument(1).(*goja.Object); ok {
			fatal = o.Get("fatal") != nil && o.Get("fatal").ToBoolean()
		}
		c.This.Set("encoding", enc)
		c.This.Set("fatal", fatal)
		return nil
	}).ToObject(rt)
	proto := ctor.Get("prototype").ToObject(rt)
	proto.Set("decode", func(c goja.FunctionCall) goja.Value {
		a := c.Argument(0)
		if goja.IsUndefined(a) {
			return rt.ToValue("")
		}
		b := js.bufferSource(a)
		enc, fatal := "utf-8", false
		if this, ok := c.This.(*goja.Object); ok {
			if e := this.Get("encoding"); e != nil {
				enc = e.String()
			}
			if f := this.Get("fatal"); f != nil {
				fatal = f.ToBoolean()
			}
		}
		switch enc {
		case "latin1":
			r := make([]rune, len(b))
			for i, x := range b {
				r[i] = rune(x)
			}
			return rt.ToValue(string(r))
		case "utf-16le":
			u := make([]uint16, len(b)/2)
			for i := range u {
				u[i] = uint16(b[2*i]) | uint16(b[2*i+1])<<8
			}
			return rt.ToValue(string(utf16Decode(u)))
		}
		if fatal && !utf8.Valid(b) {
			js.throwType("The encoded data was not valid for encoding utf-8")
		}
		b = trimBOM(b)
		return rt.ToValue(strings.ToValidUTF8(string(b), "\uFFFD"))
	})
	js.textDec = ctor
	return ctor
}

func trimBOM(b []byte) []byte {
	if len(b) >= 3 && b[0] == 0xef && b[1] == 0xbb && b[2] == 0xbf {
		return b[3:]
	}
	return b
}

// bufferSource reads the bytes of an ArrayBuffer, typed array or DataView.
func (js *jsState) bufferSource(v goja.Value) []byte {
	switch x := v.Export().(type) {
	case []byte:
		return x
	case goja.ArrayBuffer:
		return x.Bytes()
	}
	if o, ok := v.(*goja.Object); ok {
		if buf, ok := o.Get("buffer").Export().(goja.ArrayBuffer); ok {
			off, n := o.Get("byteOffset").ToInteger(), o.Get("byteLength").ToInteger()
			b := buf.Bytes()
			if off >= 0 && n >= 0 && off+n <= int64(len(b)) {
				return b[off : off+n]
			}
		}
	}
	js.throwType("The \"input\" argument must be an instance of ArrayBuffer or ArrayBufferView.")
	return nil
}

// uint8Array makes a Uint8Array over a copy of b.
func (js *jsState) uint8Array(b []byte) goja.Value {
	rt := js.rt
	ab := rt.NewArrayBuffer(b)
	ctor, _ := goja.AssertConstructor(rt.Get("Uint8Array"))
	if ctor == nil {
		js.throwType("Uint8Array is not a constructor")
	}
	o, err := ctor(nil, rt.ToValue(ab))
	if err != nil {
		panic(err)
	}
	return o
}

// received is how Node's ERR_INVALID_ARG_TYPE describes the value it got.
func (js *jsState) received(v goja.Value) string {
	if cryptoUndef(v) || goja.IsNull(v) {
		if goja.IsNull(v) {
			return "null"
		}
		return "undefined"
	}
	if o, ok := v.(*goja.Object); ok {
		if _, fn := goja.AssertFunction(o); fn {
			if n := o.Get("name"); n != nil && n.String() != "" {
				return "function " + n.String()
			}
		}
		if c, ok := o.Get("constructor").(*goja.Object); ok {
			if n := c.Get("name"); n != nil && !cryptoUndef(n) && n.String() != "" {
				return "an instance of " + n.String()
			}
		}
		return js.inspect(v, inspectOpts{depth: 0})
	}
	s := js.inspect(v, inspectOpts{depth: 2})
	if r := []rune(s); len(r) > 28 {
		s = string(r[:25]) + "..."
	}
	return fmt.Sprintf("type %s (%s)", cryptoTypeof(v), s)
}
