package guest

import (
	"bytes"
	"embed"
	"fmt"
	"io/fs"
	"path"
	"slices"
	"strings"
	"sync"

	"github.com/dop251/goja"
	"github.com/evanw/esbuild/pkg/api"
)

// stream, stream/promises, readline, module, perf_hooks and async_hooks.
//
// stream is Node's own implementation as the readable-stream package ships
// it (third_party/readable-stream, MIT): esbuild bundles those files into
// one program the first time any runtime in the process requires stream,
// lowering the async generators and for await goja cannot parse, and each
// runtime runs that program once, on its first require. A program that never
// requires stream pays nothing. The rest are small polyfills in
// js_stream.go built the same way as js_lib.go's.

//go:embed third_party/readable-stream/lib
var readableStreamFS embed.FS

// readableStreamEntry gives the bundle its exports: stream, whose promises
// property is stream/promises.
const readableStreamEntry = `module.exports = require('./lib/stream.js');`

// readableStreamReplacements adapt the vendored files to goja, as
// readable-stream's own build/replacements.mjs adapts Node's files to it.
// The patched goja has Symbol.asyncIterator; on one without it, streams
// would use the key esbuild's lowered for await falls back to,
// Symbol.for('Symbol.asyncIterator'). Streams answer that key too, as
// they did before goja had the symbol, so code written to it still works.
var readableStreamReplacements = map[string][][2]string{
	"lib/ours/primordials.js": {
		{"SymbolAsyncIterator: Symbol.asyncIterator,", "SymbolAsyncIterator: Symbol.asyncIterator || Symbol.for('Symbol.asyncIterator'),"},
	},
	"lib/internal/streams/readable.js": {
		{"Readable.prototype[SymbolAsyncIterator] = function", "Readable.prototype[Symbol.for('Symbol.asyncIterator')] = Readable.prototype[SymbolAsyncIterator] = function"},
	},
}

// readableStreamExternals are the packages the vendored files require from
// outside; the bundle's require maps them to built-ins (streamRequire).
var readableStreamExternals = []string{"buffer", "events", "process/", "abort-controller", "string_decoder/"}

// streamProgram bundles and compiles readable-stream once per process.
var streamProgram = sync.OnceValues(func() (*goja.Program, error) {
	code, err := bundleReadableStream()
	if err != nil {
		return nil, err
	}
	return goja.Compile("node:stream", "(function (module, exports, require, binding) {"+code+"\n})", true)
})

func bundleReadableStream() (string, error) {
	const ns = "readable-stream"
	plugin := api.Plugin{
		Name: ns,
		Setup: func(b api.PluginBuild) {
			b.OnResolve(api.OnResolveOptions{Filter: ".*"}, func(a api.OnResolveArgs) (api.OnResolveResult, error) {
				if slices.Contains(readableStreamExternals, a.Path) {
					return api.OnResolveResult{Path: a.Path, External: true}, nil
				}
				if a.Kind == api.ResolveEntryPoint {
					return api.OnResolveResult{Path: "entry.js", Namespace: ns}, nil
				}
				if !strings.HasPrefix(a.Path, ".") {
					return api.OnResolveResult{}, fmt.Errorf("readable-stream: unexpected require %q", a.Path)
				}
				p := path.Join(path.Dir(a.Importer), a.Path)
				if !strings.HasSuffix(p, ".js") {
					p += ".js"
				}
				return api.OnResolveResult{Path: p, Namespace: ns}, nil
			})
			b.OnLoad(api.OnLoadOptions{Filter: ".*", Namespace: ns}, func(a api.OnLoadArgs) (api.OnLoadResult, error) {
				src := readableStreamEntry
				if a.Path != "entry.js" {
					var err error
					if src, err = loadVendored(readableStreamFS, "third_party/readable-stream/", a.Path, readableStreamReplacements); err != nil {
						return api.OnLoadResult{}, err
					}
				}
				return api.OnLoadResult{Contents: &src, Loader: api.LoaderJS}, nil
			})
		},
	}
	return bundleVendored(api.BuildOptions{EntryPoints: []string{"entry.js"}, Plugins: []api.Plugin{plugin}})
}

// loadVendored reads dir+name from fsys and applies its replacements, each
// of which must still find its text: an update of the vendored code cannot
// drop one without notice.
func loadVendored(fsys fs.FS, dir, name string, replacements map[string][][2]string) (string, error) {
	data, err := fs.ReadFile(fsys, dir+name)
	if err != nil {
		return "", err
	}
	src := string(data)
	for _, r := range replacements[name] {
		if !strings.Contains(src, r[0]) {
			return "", fmt.Errorf("%s%s no longer has %q", dir, name, r[0])
		}
		src = strings.Replace(src, r[0], r[1], 1)
	}
	return src, nil
}

// bundleVendored bundles vendored JavaScript, as opts' entry point and
// plugin find it, into one CommonJS file goja runs (its lowering).
func bundleVendored(opts api.BuildOptions) (string, error) {
	opts.Bundle = true
	opts.Format = api.FormatCommonJS
	opts.Platform = api.PlatformNeutral
	opts.Target = api.ESNext
	opts.Supported = gojaUnsupported
	opts.LogLevel = api.LogLevelSilent
	opts.Write = false
	opts.Charset = api.CharsetUTF8
	res := api.Build(opts)
	if len(res.Errors) > 0 {
		return "", &transformError{msgs: res.Errors}
	}
	if len(res.OutputFiles) != 1 {
		return "", fmt.Errorf("%v: no bundle", opts.EntryPoints)
	}
	return string(res.OutputFiles[0].Contents), nil
}

// streamModule runs the bundle in this runtime.
func (js *jsState) streamModule(module *goja.Object) {
	prg, err := streamProgram()
	if err != nil {
		panic(js.newErrorf("stream: %v", err))
	}
	fn, err := js.rt.RunProgram(prg)
	if err != nil {
		panic(err)
	}
	call, _ := goja.AssertFunction(fn)
	req := js.rt.ToValue(func(c goja.FunctionCall) goja.Value { return js.streamRequire(c.Argument(0).String()) })
	if _, err := call(goja.Undefined(), module, module.Get("exports"), req, js.rt.NewObject()); err != nil {
		panic(err)
	}
}

// streamRequire gives the bundle the guest's own built-ins for the npm
// packages readable-stream depends on.
func (js *jsState) streamRequire(name string) goja.Value {
	switch name {
	case "process/":
		return js.processObject()
	case "abort-controller":
		o := js.rt.NewObject()
		o.Set("AbortController", js.rt.Get("AbortController"))
		o.Set("AbortSignal", js.rt.Get("AbortSignal"))
		return o
	case "string_decoder/":
		return js.builtin("string_decoder")
	}
	return js.builtin(name)
}

// streamLib runs a polyfill of js_stream.go once per runtime and returns
// its exports.
func (js *jsState) streamLib(name string) goja.Value {
	key := "\x00stream:" + name
	if v, ok := js.builtins[key]; ok {
		return v
	}
	compile := streamLibPrograms[name]
	if compile == nil {
		panic(js.newErrorf("no polyfill %s", name))
	}
	prg, err := compile()
	if err != nil {
		panic(js.newErrorf("polyfill %s: %v", name, err))
	}
	rt := js.rt
	m := rt.NewObject()
	m.Set("exports", rt.NewObject())
	fn, err := rt.RunProgram(prg)
	if err != nil {
		panic(err)
	}
	call, _ := goja.AssertFunction(fn)
	req := rt.ToValue(func(c goja.FunctionCall) goja.Value { return js.builtin(c.Argument(0).String()) })
	if _, err := call(goja.Undefined(), m, m.Get("exports"), req, js.streamBinding()); err != nil {
		panic(err)
	}
	v := m.Get("exports")
	js.builtins[key] = v
	return v
}

// streamLibPrograms compile each polyfill of js_stream.go once per process,
// on first use.
var streamLibPrograms = func() map[string]func() (*goja.Program, error) {
	m := make(map[string]func() (*goja.Program, error), len(jsStreamSources))
	for name, src := range jsStreamSources {
		m[name] = sync.OnceValues(func() (*goja.Program, error) {
			return goja.Compile("node:"+name, src, true)
		})
	}
	return m
}()

func streamLibModule(name string) func(js *jsState, module *goja.Object) {
	return func(js *jsState, module *goja.Object) { module.Set("exports", js.streamLib(name)) }
}

// stdinStream is process.stdin (node_globals.go): a stream.Readable of
// this exec's standard input, built on first touch. A runtime outlives its
// execs and each has its own input, so the stream belongs to the exec that
// built it and the next exec to touch process.stdin gets a new one.
func (js *jsState) stdinStream() goja.Value {
	if js.stdin.stream != nil && js.stdin.exec == js.n.st {
		return js.stdin.stream
	}
	build, _ := goja.AssertFunction(js.streamLib("stdin"))
	// A copy: the guest may write into the Buffer it reads.
	s, err := build(goja.Undefined(), js.rt.ToValue(js.rt.NewArrayBuffer(bytes.Clone(js.n.stdin))))
	if err != nil {
		panic(err)
	}
	js.stdin.stream, js.stdin.exec = s, js.n.st
	return s
}

// builtinProp is a built-in that is a property of another's exports, as
// stream/promises is stream.promises.
func builtinProp(name, prop string) func(js *jsState, module *goja.Object) {
	return func(js *jsState, m *goja.Object) { m.Set("exports", js.builtin(name).ToObject(js.rt).Get(prop)) }
}

// streamBinding is what the polyfills of js_stream.go get from Go.
func (js *jsState) streamBinding() *goja.Object {
	const key = "\x00streamBinding"
	if v, ok := js.builtins[key]; ok {
		return v.(*goja.Object)
	}
	rt := js.rt
	b := rt.NewObject()
	js.builtins[key] = b
	b.Set("builtinModules", func(goja.FunctionCall) goja.Value {
		names := make([]string, 0, len(builtinModules))
		for n := range builtinModules {
			names = append(names, n)
		}
		slices.Sort(names)
		return rt.ToValue(names)
	})
	b.Set("requireFrom", func(c goja.FunctionCall) goja.Value {
		dir := c.Argument(0).String()
		return js.n.requireFor(nil, path.Clean("/"+dir))
	})
	b.Set("performance", func(goja.FunctionCall) goja.Value { return js.webPerformance() })
	b.Set("perfLib", func(goja.FunctionCall) goja.Value { return js.webLib("web_perf") })
	b.Set("getContext", func(goja.FunctionCall) goja.Value { return js.captureAsyncContext() })
	b.Set("setContext", func(c goja.FunctionCall) goja.Value {
		js.asyncContext().set(c.Argument(0))
		return goja.Undefined()
	})
	return b
}

// asyncContext carries the current AsyncLocalStorage frame (a Map from
// storage to store, never changed once made) into promise reactions: goja
// grabs it when a reaction is queued and resumes it when the reaction runs,
// async functions' continuations included. Timers and setImmediate run
// their callbacks outside it (they are not promise jobs).
type asyncContext struct {
	cur goja.Value
}

func (a *asyncContext) set(v goja.Value) {
	if v != nil && goja.IsUndefined(v) {
		v = nil
	}
	a.cur = v
}

// asyncContext returns the runtime's context tracker, installing it on
// first use (async_hooks only).
func (js *jsState) asyncContext() *asyncContext {
	const key = "\x00asyncContext"
	if v, ok := js.builtins[key]; ok {
		return v.Export().(*asyncContext)
	}
	a := &asyncContext{}
	js.rt.SetAsyncContextTracker(a)
	js.builtins[key] = js.rt.ToValue(a)
	return a
}

// captureAsyncContext is the AsyncLocalStorage context a callback queued
// now should run in: undefined until async_hooks is used. Queues that are
// not promise jobs (process.nextTick, timers) can keep it with the callback
// and call it inside enterAsyncContext.
func (js *jsState) captureAsyncContext() goja.Value {
	if _, ok := js.builtins["\x00asyncContext"]; !ok {
		return goja.Undefined()
	}
	if v := js.asyncContext().cur; v != nil {
		return v
	}
	return goja.Undefined()
}

// bindAsyncContext returns fn bound to the current AsyncLocalStorage
// context, for a queue that is not goja's promise jobs (process.nextTick,
// timers) to call later; fn itself while async_hooks is unused.
func (js *jsState) bindAsyncContext(fn goja.Value) goja.Value {
	ctx := js.captureAsyncContext()
	call, ok := goja.AssertFunction(fn)
	if goja.IsUndefined(ctx) || !ok {
		return fn
	}
	return js.rt.ToValue(func(c goja.FunctionCall) goja.Value {
		exit := js.enterAsyncContext(ctx)
		defer exit()
		v, err := call(c.This, c.Arguments...)
		if err != nil {
			panic(err)
		}
		return v
	})
}

// enterAsyncContext makes ctx (from captureAsyncContext) current until
// the returned exit is called.
func (js *jsState) enterAsyncContext(ctx goja.Value) (exit func()) {
	if _, ok := js.builtins["\x00asyncContext"]; !ok {
		return func() {}
	}
	a := js.asyncContext()
	prev := a.cur
	a.set(ctx)
	return func() { a.cur = prev }
}

func (a *asyncContext) Grab() any { return a.cur }

func (a *asyncContext) Resumed(v any) {
	a.cur, _ = v.(goja.Value)
}

func (a *asyncContext) Exited() { a.cur = nil }
