package guest

import (
	"math/big"
	"reflect"
	"strings"
	"sync"
	"time"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/dop251/goja"
)

// The web globals of Node 20 that are not Node's own API: structuredClone,
// DOMException, Event, EventTarget, CustomEvent, AbortController,
// AbortSignal, Blob, File, Headers, Request, Response, FormData, WeakRef,
// FinalizationRegistry, and performance's user timing. They are written in
// JavaScript (js_web.go); this file builds them per runtime on first touch
// and gives them the few things JavaScript cannot do by itself (binding).

// webGlobal is a lazy global read from a web polyfill's exports.
func webGlobal(lib, name string) func(*jsState) goja.Value {
	return func(js *jsState) goja.Value { return js.webLib(lib).Get(name) }
}

// webPerfGlobal is a lazy global of the user timing polyfill, which
// extends the runtime's performance object.
func webPerfGlobal(name string) func(*jsState) goja.Value {
	return func(js *jsState) goja.Value {
		js.webPerformance()
		return js.webLib("web_perf").Get(name)
	}
}

// webPrograms compile each web polyfill once per process, on first use.
// Programs are immutable and run in any number of runtimes at once.
var webPrograms = func() map[string]func() (*goja.Program, error) {
	m := make(map[string]func() (*goja.Program, error), len(jsWebSources))
	for name, src := range jsWebSources {
		m[name] = sync.OnceValues(func() (*goja.Program, error) {
			return goja.Compile("node:"+name, src, true)
		})
	}
	return m
}()

// webLib runs the web polyfill called name once per runtime and returns
// its exports. The exports are cached before the polyfill runs, so two
// polyfills that need each other see each other's exports as they fill.
func (js *jsState) webLib(name string) *goja.Object {
	key := "\x00web:" + name
	if v, ok := js.builtins[key]; ok {
		return v.(*goja.Object)
	}
	compile := webPrograms[name]
	if compile == nil {
		panic(js.newErrorf("no web polyfill %s", name))
	}
	prg, err := compile()
	if err != nil {
		panic(js.newErrorf("polyfill %s: %v", name, err))
	}
	rt := js.rt
	m := rt.NewObject()
	exports := rt.NewObject()
	m.Set("exports", exports)
	js.builtins[key] = exports
	fn, err := rt.RunProgram(prg)
	if err != nil {
		panic(err)
	}
	call, _ := goja.AssertFunction(fn)
	req := rt.ToValue(func(c goja.FunctionCall) goja.Value { return js.builtin(c.Argument(0).String()) })
	if _, err := call(goja.Undefined(), m, exports, req, js.webBinding()); err != nil {
		panic(err)
	}
	return exports
}

// webBinding is what the web polyfills get from Go, shared by all of them.
func (js *jsState) webBinding() *goja.Object {
	const key = "\x00webBinding"
	if v, ok := js.builtins[key]; ok {
		return v.(*goja.Object)
	}
	rt := js.rt
	b := rt.NewObject()
	js.builtins[key] = b
	b.Set("lib", func(c goja.FunctionCall) goja.Value { return js.webLib(c.Argument(0).String()) })
	b.Set("kind", func(c goja.FunctionCall) goja.Value { return rt.ToValue(cloneKind(c.Argument(0))) })
	b.Set("transfer", func(c goja.FunctionCall) goja.Value {
		// The copy shares the bytes; the original is detached only once the
		// whole clone has succeeded.
		return rt.ToValue(rt.NewArrayBuffer(js.arrayBufferArg(c.Argument(0)).Bytes()))
	})
	b.Set("detach", func(c goja.FunctionCall) goja.Value {
		js.arrayBufferArg(c.Argument(0)).Detach()
		return goja.Undefined()
	})
	b.Set("isDetached", func(c goja.FunctionCall) goja.Value {
		return rt.ToValue(js.arrayBufferArg(c.Argument(0)).Detached())
	})
	b.Set("encode", func(c goja.FunctionCall) goja.Value { return js.uint8Array([]byte(c.Argument(0).String())) })
	b.Set("decode", func(c goja.FunctionCall) goja.Value {
		bs := trimBOM(js.bufferSource(c.Argument(0)))
		js.checkStringBytes(len(bs))
		return rt.ToValue(decodeUTF8(bs))
	})
	// usv replaces lone surrogates with U+FFFD (goja's String does).
	b.Set("usv", func(c goja.FunctionCall) goja.Value { return rt.ToValue(c.Argument(0).String()) })
	b.Set("latin1", func(c goja.FunctionCall) goja.Value {
		bs := js.bufferSource(c.Argument(0))
		js.checkStringBytes(len(bs))
		r := make([]uint16, len(bs))
		for i, x := range bs {
			r[i] = uint16(x)
		}
		return rt.ToValue(string(utf16.Decode(r)))
	})
	b.Set("latin1Bytes", func(c goja.FunctionCall) goja.Value {
		s := c.Argument(0).String()
		out := make([]byte, 0, len(s))
		for _, r := range s {
			out = append(out, byte(r))
		}
		return js.uint8Array(out)
	})
	b.Set("setTimeout", js.setTimer(false))
	b.Set("maxDepth", func(goja.FunctionCall) goja.Value { return rt.ToValue(js.n.v.cfg.MaxCallStackSize) })
	b.Set("now", func(goja.FunctionCall) goja.Value {
		return rt.ToValue(float64(js.sinceOrigin()) / float64(time.Millisecond))
	})
	b.Set("warn", func(c goja.FunctionCall) goja.Value {
		if w := js.n.stderr; w != nil {
			w.Write([]byte("(node:1) " + c.Argument(0).String() + "\n"))
		}
		return goja.Undefined()
	})
	return b
}

// checkStringBytes throws V8's RangeError before bytes become a string
// longer than the runtime allows its strings (natives.go): goja checks its
// own built-ins, not strings made in Go.
func (js *jsState) checkStringBytes(n int) {
	limit := int64(goja.DefaultMaxStringLength)
	if m := js.n.v.cfg.Limits.MemoryBytes; m > 0 {
		limit = min(limit, m)
	}
	if int64(n) <= limit {
		return
	}
	if ctor, ok := goja.AssertConstructor(js.rt.Get("RangeError")); ok {
		if e, err := ctor(nil, js.rt.ToValue("Invalid string length")); err == nil {
			panic(e)
		}
	}
	panic(js.newError("Invalid string length"))
}

func (js *jsState) arrayBufferArg(v goja.Value) goja.ArrayBuffer {
	ab, ok := v.Export().(goja.ArrayBuffer)
	if !ok {
		js.throwType("not an ArrayBuffer")
	}
	return ab
}

// webPerformance is the performance global: user timing from web_perf
// over now and timeOrigin from Go (node_globals.go), which keep the VM's
// time policy.
func (js *jsState) webPerformance() goja.Value {
	if b := js.webBinding(); b.Get("perf") == nil {
		b.Set("perf", js.performance())
	}
	return js.webLib("web_perf").Get("performance")
}

// newDOMException makes a DOMException as the guest's own constructor does.
func (js *jsState) newDOMException(name, msg string) *goja.Object {
	if ctor, ok := goja.AssertConstructor(js.webLib("web_util").Get("DOMException")); ok {
		if o, err := ctor(nil, js.rt.ToValue(msg), js.rt.ToValue(name)); err == nil {
			return o
		}
	}
	e := js.newError(msg)
	e.Set("name", name)
	return e
}

// The types goja exports its objects as, which tell them apart.
var (
	cloneProxy   = reflect.TypeOf(goja.Proxy{})
	clonePromise = reflect.TypeOf((*goja.Promise)(nil))
	cloneArrBuf  = reflect.TypeOf(goja.ArrayBuffer{})
	cloneBigInt  = reflect.TypeOf((*big.Int)(nil))
	cloneMap     = reflect.TypeOf([][2]any{})
	cloneSet     = reflect.TypeOf([]any{})
	cloneSymbol  = reflect.TypeOf("")
	cloneObject  = reflect.TypeOf(map[string]any{})
)

// cloneKind tells structuredClone what an object is from goja's internal
// class, which no guest can fake; JavaScript has no cheap test for most of
// these. "Object" is any other ordinary object, "View" a typed array,
// "Host" a Go value reflected into the runtime.
func cloneKind(v goja.Value) string {
	o, ok := v.(*goja.Object)
	if !ok {
		return ""
	}
	t := o.ExportType()
	switch t {
	case cloneProxy:
		return "Proxy"
	case clonePromise:
		return "Promise"
	case cloneArrBuf:
		return "ArrayBuffer"
	}
	switch c := o.ClassName(); c {
	case "Array", "Date", "RegExp", "Error", "Arguments", "Number", "String", "Boolean", "Function":
		return c
	case "Object":
	default:
		return "Host"
	}
	switch t {
	case cloneObject:
		return "Object"
	case cloneMap:
		return "Map"
	case cloneSet:
		return "Set"
	case cloneBigInt:
		return "BigInt"
	case cloneSymbol:
		return "Symbol"
	}
	if t != nil && t.Kind() == reflect.Slice {
		switch t.Elem().Kind() {
		case reflect.Uint8, reflect.Int8, reflect.Uint16, reflect.Int16, reflect.Uint32, reflect.Int32,
			reflect.Float32, reflect.Float64, reflect.Int64, reflect.Uint64:
			return "View"
		}
	}
	return "Host"
}

// decodeUTF8 decodes as the WHATWG UTF-8 decoder does: each maximal
// invalid subsequence becomes one U+FFFD (Go's strings.ToValidUTF8 folds a
// whole run into one).
func decodeUTF8(b []byte) string {
	if utf8.Valid(b) {
		return string(b)
	}
	var s strings.Builder
	s.Grow(len(b) + 8)
	for len(b) > 0 {
		r, n := utf8.DecodeRune(b)
		if r != utf8.RuneError || n > 1 {
			s.WriteRune(r)
			b = b[n:]
			continue
		}
		s.WriteRune(utf8.RuneError)
		b = b[invalidPrefix(b):]
	}
	return s.String()
}

// invalidPrefix is the length of the maximal subpart of an ill-formed
// sequence at the start of b: a lead byte and the continuation bytes that
// were valid so far.
func invalidPrefix(b []byte) int {
	c := b[0]
	var need int
	lo, hi := byte(0x80), byte(0xBF)
	switch {
	case c >= 0xC2 && c <= 0xDF:
		need = 1
	case c >= 0xE0 && c <= 0xEF:
		need = 2
		if c == 0xE0 {
			lo = 0xA0
		} else if c == 0xED {
			hi = 0x9F
		}
	case c >= 0xF0 && c <= 0xF4:
		need = 3
		if c == 0xF0 {
			lo = 0x90
		} else if c == 0xF4 {
			hi = 0x8F
		}
	default:
		return 1
	}
	i := 1
	for ; i <= need && i < len(b); i++ {
		if b[i] < lo || b[i] > hi {
			break
		}
		lo, hi = 0x80, 0xBF
	}
	return i
}
