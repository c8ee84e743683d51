package guest

import (
	"encoding/json"
	"io/fs"
	"path"
	"strings"

	"github.com/dop251/goja"
	"github.com/dop251/goja_nodejs/buffer"
	"github.com/natsexec/natsexec/jobs"
)

// require is ours rather than goja_nodejs/require's: that registry caches
// compiled files by path across every runtime sharing it (two VMs with
// different /lib.js would see each other's), reads the host filesystem by
// default, and falls back to globally registered core modules, among them
// a "process" that copies the host's environment. Here files come only from
// the VM root, programs are cached by content, and built-ins are a closed
// list.

// builtinModules are the modules require finds by name (also as "node:x").
var builtinModules map[string]func(js *jsState, module *goja.Object)

func initBuiltinModules() {
	builtinModules = map[string]func(js *jsState, module *goja.Object){
		"path":          (*jsState).pathModule,
		"path/posix":    (*jsState).pathModule,
		"util":          (*jsState).utilWithTypes,
		"events":        libModule("events"),
		"assert":        (*jsState).assertModule,
		"assert/strict": (*jsState).assertModule,
		"buffer":        (*jsState).bufferModule,
		"url":           (*jsState).urlModule,
		"fs":            (*jsState).fsModule,
		"fs/promises":   func(js *jsState, m *goja.Object) { m.Set("exports", js.builtin("fs").ToObject(js.rt).Get("promises")) },
		"child_process": (*jsState).childProcessModule,
		"process":       func(js *jsState, m *goja.Object) { m.Set("exports", js.processObject()) },
		"timers":        (*jsState).timersModule,
		"os":            (*jsState).osModule,
		"console":       func(js *jsState, m *goja.Object) { m.Set("exports", js.consoleObject()) },
		"crypto":        (*jsState).cryptoModule,

		"zlib":            (*jsState).zlibModule,
		"string_decoder":  module2("string_decoder"),
		"querystring":     module2("querystring"),
		"punycode":        module2("punycode"),
		"util/types":      module2("util/types"),
		"timers/promises": module2("timers/promises"),

		"stream":            (*jsState).streamModule,
		"stream/promises":   builtinProp("stream", "promises"),
		"readline":          streamLibModule("readline"),
		"readline/promises": builtinProp("readline", "promises"),
		"module":            streamLibModule("module"),
		"perf_hooks":        streamLibModule("perf_hooks"),
		"async_hooks":       streamLibModule("async_hooks"),

		"tty":                 smallModule("tty"),
		"diagnostics_channel": smallModule("diagnostics_channel"),
		"net":                 smallModule("net"),
		"dns":                 smallModule("dns"),
		"dns/promises":        builtinProp("dns", "promises"),
	}
}

// builtin returns the exports of a built-in module, building it once per
// runtime.
func (js *jsState) builtin(name string) goja.Value {
	if v, ok := js.builtins[name]; ok {
		return v
	}
	build := builtinModules[name]
	if build == nil {
		panic(js.moduleNotFound(name))
	}
	m := js.rt.NewObject()
	m.Set("exports", js.rt.NewObject())
	build(js, m)
	v := m.Get("exports")
	if o, ok := v.(*goja.Object); ok && o != js.process && o != js.console {
		js.nameFuncs(o)
		if p, ok := o.Get("promises").(*goja.Object); ok {
			js.nameFuncs(p)
		}
	}
	js.builtins[name] = v
	return v
}

// libModule builds a built-in from a polyfill in js_lib.go.
func libModule(name string) func(js *jsState, module *goja.Object) {
	return func(js *jsState, module *goja.Object) {
		js.runLib(name, module, js.rt.NewObject())
	}
}

func (js *jsState) runLib(name string, module, binding *goja.Object) {
	prg, err := js.n.host.libProgram(name)
	if err != nil {
		panic(js.newError(err.Error()))
	}
	fn, err := js.rt.RunProgram(prg)
	if err != nil {
		panic(err)
	}
	call, _ := goja.AssertFunction(fn)
	req := js.rt.ToValue(func(c goja.FunctionCall) goja.Value { return js.builtin(c.Argument(0).String()) })
	if _, err := call(goja.Undefined(), module, module.Get("exports"), req, binding); err != nil {
		panic(err)
	}
}

func (js *jsState) assertModule(module *goja.Object) {
	js.builtin("util") // fills in the binding's deepEqual
	js.runLib("assert", module, js.utilBinding())
}

// utilBinding is shared between util and assert (deep equality).
func (js *jsState) utilBinding() *goja.Object {
	if b, ok := js.builtins["\x00utilBinding"]; ok {
		return b.(*goja.Object)
	}
	b := js.rt.NewObject()
	js.builtins["\x00utilBinding"] = b
	return b
}

func (js *jsState) utilModule(module *goja.Object) {
	rt := js.rt
	exports := module.Get("exports").ToObject(rt)
	exports.Set("format", func(c goja.FunctionCall) goja.Value { return rt.ToValue(js.format(c.Arguments)) })
	exports.Set("formatWithOptions", func(c goja.FunctionCall) goja.Value {
		o, ok := c.Argument(0).(*goja.Object)
		if !ok {
			e := rt.NewTypeError("The \"inspectOptions\" argument must be of type object. Received " + js.received(c.Argument(0)))
			e.Set("code", "ERR_INVALID_ARG_TYPE")
			panic(e)
		}
		return rt.ToValue(js.formatWithOptions(o, c.Arguments[1:]))
	})
	exports.Set("inspect", js.inspectFunction())
	exports.Set("TextEncoder", js.textEncoder())
	exports.Set("TextDecoder", js.textDecoder())
	js.runLib("util", module, js.utilBinding())
	// assert needs the binding filled in by the util polyfill.
}

func (js *jsState) bufferModule(module *goja.Object) {
	rt := js.rt
	buffer.Require(rt, module)
	exports := module.Get("exports").ToObject(rt)
	ctor := exports.Get("Buffer").ToObject(rt)
	// A single Buffer.alloc could otherwise take gigabytes in one native
	// call, which no watchdog can interrupt.
	limit := js.n.v.cfg.Limits.MemoryBytes
	alloc, _ := goja.AssertFunction(ctor.Get("alloc"))
	ctor.Set("alloc", func(c goja.FunctionCall) goja.Value {
		if size := c.Argument(0).ToFloat(); size > float64(limit) {
			panic(js.rangeError("ERR_OUT_OF_RANGE", "The value of \"size\" is out of range: buffers are limited to the memory limit"))
		}
		v, err := alloc(c.This, c.Arguments...)
		if err != nil {
			panic(err)
		}
		return v
	})
	js.bufCtor = ctor
	ctor.DefineDataProperty("name", rt.ToValue("Buffer"), goja.FLAG_FALSE, goja.FLAG_TRUE, goja.FLAG_FALSE)
	js.bufFrom, _ = goja.AssertFunction(ctor.Get("from"))
	b := rt.NewObject()
	b.Set("maxLength", limit)
	js.runLib("buffer", module, b)
}

func (js *jsState) timersModule(module *goja.Object) {
	exports := module.Get("exports").ToObject(js.rt)
	for _, n := range []string{"setTimeout", "setInterval", "setImmediate", "clearTimeout", "clearInterval", "clearImmediate"} {
		exports.Set(n, lazyGlobals[n](js))
	}
}

func (js *jsState) osModule(module *goja.Object) {
	rt := js.rt
	e := module.Get("exports").ToObject(rt)
	e.Set("EOL", "\n")
	str := func(s string) func(goja.FunctionCall) goja.Value {
		return func(goja.FunctionCall) goja.Value { return rt.ToValue(s) }
	}
	e.Set("platform", str("linux"))
	e.Set("type", str("Linux"))
	e.Set("arch", str("x64"))
	e.Set("release", str("6.0.0"))
	e.Set("hostname", str("localhost"))
	e.Set("homedir", str("/"))
	e.Set("tmpdir", str("/tmp"))
	e.Set("endianness", str("LE"))
	e.Set("cpus", func(goja.FunctionCall) goja.Value { return rt.NewArray() })
	e.Set("totalmem", func(goja.FunctionCall) goja.Value { return rt.ToValue(js.n.v.cfg.Limits.MemoryBytes) })
	e.Set("freemem", func(goja.FunctionCall) goja.Value { return rt.ToValue(js.n.v.cfg.Limits.MemoryBytes) })
	e.Set("uptime", func(goja.FunctionCall) goja.Value { return rt.ToValue(js.sinceOrigin().Seconds()) })
}

func (js *jsState) rangeError(code, msg string) *goja.Object {
	ctor, _ := goja.AssertConstructor(js.rt.Get("RangeError"))
	var e *goja.Object
	if ctor != nil {
		e, _ = ctor(nil, js.rt.ToValue(msg))
	}
	if e == nil {
		e = js.newError(msg)
	}
	e.Set("code", code)
	return e
}

func (js *jsState) moduleNotFound(name string) *goja.Object {
	e := js.newError("Cannot find module '" + name + "'")
	e.Set("code", "MODULE_NOT_FOUND")
	return e
}

// moduleNotFoundFrom is Node's error for a module that parent could not
// find: the message and requireStack name the chain of requiring files.
func (n *nodeRuntime) moduleNotFoundFrom(name string, parent *goja.Object) *goja.Object {
	var stack []any
	for m, seen := parent, 0; m != nil && seen < 1000; seen++ {
		f := m.Get("filename")
		if f == nil || goja.IsUndefined(f) || goja.IsNull(f) {
			break
		}
		stack = append(stack, f.String())
		p, _ := m.Get("parent").(*goja.Object)
		m = p
	}
	msg := "Cannot find module '" + name + "'"
	if len(stack) > 0 {
		msg += "\nRequire stack:"
		for _, f := range stack {
			msg += "\n- " + f.(string)
		}
	}
	e := n.js.newError(msg)
	e.Set("code", "MODULE_NOT_FOUND")
	e.Set("requireStack", n.rt.NewArray(stack...))
	return e
}

// newModule makes a module object as Node's Module has it: id, path,
// exports, filename, loaded, children and paths, and parent (the module
// that first required it, null for the main one) and require on its
// prototype.
func (n *nodeRuntime) newModule(filename string, parent *goja.Object) *goja.Object {
	rt := n.rt
	m := rt.NewObject()
	m.SetPrototype(n.moduleProto())
	dir := path.Dir(filename)
	m.Set("id", filename)
	m.Set("path", dir)
	m.Set("exports", rt.NewObject())
	m.Set("filename", filename)
	m.Set("loaded", false)
	m.Set("children", rt.NewArray())
	m.Set("paths", rt.ToValue(nodeModulePaths(dir)))
	var p goja.Value = goja.Null()
	if parent != nil {
		p = parent
	}
	m.DefineDataProperty("parent", p, goja.FLAG_TRUE, goja.FLAG_TRUE, goja.FLAG_FALSE)
	return m
}

// argTypeError is Node's ERR_INVALID_ARG_TYPE for an argument that must be
// a string.
func (js *jsState) argTypeError(name string, v goja.Value) *goja.Object {
	e := js.rt.NewTypeError("The \"%s\" argument must be of type string. Received %s", name, js.received(v))
	e.Set("code", "ERR_INVALID_ARG_TYPE")
	return e
}

// nameFunc gives a Go function its JavaScript name.
func (js *jsState) nameFunc(f *goja.Object, name string) {
	f.DefineDataProperty("name", js.rt.ToValue(name), goja.FLAG_FALSE, goja.FLAG_FALSE, goja.FLAG_TRUE)
}

// moduleProto is the runtime's Module.prototype: module.require loads
// relative to the module's own file.
func (n *nodeRuntime) moduleProto() *goja.Object {
	js := n.js
	if p, ok := js.builtins["\x00moduleProto"].(*goja.Object); ok {
		return p
	}
	rt := n.rt
	ctor := rt.ToValue(func(goja.ConstructorCall) *goja.Object {
		panic(rt.NewTypeError("Module is not constructible here"))
	}).ToObject(rt)
	ctor.DefineDataProperty("name", rt.ToValue("Module"), goja.FLAG_FALSE, goja.FLAG_FALSE, goja.FLAG_TRUE)
	proto := rt.NewObject()
	proto.DefineDataProperty("constructor", ctor, goja.FLAG_TRUE, goja.FLAG_FALSE, goja.FLAG_TRUE)
	req := rt.ToValue(func(c goja.FunctionCall) goja.Value {
		m, ok := c.This.(*goja.Object)
		if !ok {
			js.throwType("module.require called on a non-module")
		}
		spec := c.Argument(0)
		if !isPrimitiveString(spec) {
			panic(js.argTypeError("id", spec))
		}
		return n.require(spec.String(), path.Dir(m.Get("filename").String()), m)
	}).ToObject(rt)
	js.nameFunc(req, "require")
	proto.DefineDataProperty("require", req, goja.FLAG_TRUE, goja.FLAG_FALSE, goja.FLAG_TRUE)
	ctor.DefineDataProperty("prototype", proto, goja.FLAG_FALSE, goja.FLAG_FALSE, goja.FLAG_FALSE)
	js.builtins["\x00moduleProto"] = proto
	return proto
}

// nodeModulePaths is Module._nodeModulePaths: node_modules in dir and each
// directory above it, skipping directories themselves named node_modules.
func nodeModulePaths(dir string) []string {
	var out []string
	for d := path.Clean(dir); ; d = path.Dir(d) {
		if path.Base(d) != "node_modules" && d != "/" {
			out = append(out, d+"/node_modules")
		}
		if d == "/" || d == "." {
			break
		}
	}
	return append(out, "/node_modules")
}

// requireFor returns the require function of module (nil for one made by
// module.createRequire), which resolves from dir.
func (n *nodeRuntime) requireFor(module *goja.Object, dir string) goja.Value {
	rt := n.rt
	js := n.js
	req := rt.ToValue(func(c goja.FunctionCall) goja.Value {
		spec := c.Argument(0)
		if !isPrimitiveString(spec) {
			panic(js.argTypeError("id", spec))
		}
		return n.require(spec.String(), dir, module)
	}).ToObject(rt)
	resolve := rt.ToValue(func(c goja.FunctionCall) goja.Value {
		spec := c.Argument(0)
		if !isPrimitiveString(spec) {
			panic(js.argTypeError("request", spec))
		}
		s := spec.String()
		if !isPathSpec(s) {
			if _, ok := builtinName(s); ok {
				return spec
			}
		}
		file, _ := n.resolveFile(s, dir)
		if file == "" {
			panic(n.moduleNotFoundFrom(s, module))
		}
		return rt.ToValue(file)
	}).ToObject(rt)
	resolve.Set("paths", func(c goja.FunctionCall) goja.Value {
		s := c.Argument(0).String()
		if _, ok := builtinName(s); ok && !isPathSpec(s) {
			return goja.Null()
		}
		if s == "." || s == ".." || strings.HasPrefix(s, "./") || strings.HasPrefix(s, "../") {
			return rt.NewArray(dir)
		}
		// Node adds the global folders ($HOME/.node_modules, ...), which
		// are not searched here.
		return rt.ToValue(nodeModulePaths(dir))
	})
	js.nameFunc(req, "require")
	js.nameFunc(resolve, "resolve")
	js.nameFuncs(resolve)
	req.Set("resolve", resolve)
	req.Set("cache", n.cache)
	if n.main != nil {
		req.Set("main", n.main)
	} else {
		req.Set("main", goja.Undefined())
	}
	return req
}

func builtinName(spec string) (string, bool) {
	name := strings.TrimPrefix(spec, "node:")
	_, ok := builtinModules[name]
	return name, ok
}

func isPathSpec(spec string) bool {
	return spec == "." || spec == ".." || strings.HasPrefix(spec, "./") || strings.HasPrefix(spec, "../") || strings.HasPrefix(spec, "/")
}

// require loads spec for parent (nil for a createRequire function) as
// Node's Module._load does: built-ins first, then require.cache by
// resolved filename (whatever the guest put there), then the file.
func (n *nodeRuntime) require(spec, dir string, parent *goja.Object) goja.Value {
	js := n.js
	if !isPathSpec(spec) {
		if name, ok := builtinName(spec); ok {
			return js.builtin(name)
		}
		if strings.HasPrefix(spec, "node:") {
			e := js.newError("No such built-in module: " + spec)
			e.Set("code", "ERR_UNKNOWN_BUILTIN_MODULE")
			panic(e)
		}
	}
	file, kind := n.resolveFile(spec, dir)
	if file == "" {
		panic(n.moduleNotFoundFrom(spec, parent))
	}
	if m, ok := n.cache.Get(file).(*goja.Object); ok {
		addChild(parent, m)
		return m.Get("exports")
	}
	src, err := n.readSource(file)
	if err != nil {
		panic(js.fsErrorFrom(err, "open", file))
	}
	module := n.newModule(file, parent)
	n.cache.Set(file, module)
	addChild(parent, module)
	// A module that fails to load leaves the cache and its parent's
	// children, as in Node.
	drop := func() {
		n.cache.Delete(file)
		if parent == nil {
			return
		}
		if children, ok := parent.Get("children").(*goja.Object); ok {
			if splice, ok := goja.AssertFunction(children.Get("splice")); ok {
				if idx, ok := goja.AssertFunction(children.Get("indexOf")); ok {
					if i, err := idx(children, module); err == nil && i.ToInteger() >= 0 {
						splice(children, i, n.rt.ToValue(1))
					}
				}
			}
		}
	}
	if kind == "json" {
		var probe any
		if err := json.Unmarshal(src, &probe); err != nil {
			drop()
			panic(n.js.newError(file + ": " + err.Error()))
		}
		j := n.rt.Get("JSON").ToObject(n.rt)
		parse, _ := goja.AssertFunction(j.Get("parse"))
		v, err := parse(j, n.rt.ToValue(string(src)))
		if err != nil {
			drop()
			panic(err)
		}
		module.Set("exports", v)
		module.Set("loaded", true)
		return v
	}
	prg, err := n.host.compileModule(file, string(src), isTSFile(file))
	if err != nil {
		drop()
		panic(n.js.newError(err.Error()))
	}
	fn, err := n.rt.RunProgram(prg)
	if err != nil {
		drop()
		panic(err)
	}
	call, _ := goja.AssertFunction(fn)
	exports := module.Get("exports")
	d := path.Dir(file)
	if _, err := call(exports, exports, n.requireFor(module, d), module, n.rt.ToValue(file), n.rt.ToValue(d)); err != nil {
		drop()
		panic(err)
	}
	module.Set("loaded", true)
	return module.Get("exports")
}

// addChild records child in parent.children once, as Node's
// updateChildren does.
func addChild(parent, child *goja.Object) {
	if parent == nil || parent == child {
		return
	}
	children, ok := parent.Get("children").(*goja.Object)
	if !ok {
		return
	}
	push, ok := goja.AssertFunction(children.Get("push"))
	if !ok {
		return
	}
	includes, ok := goja.AssertFunction(children.Get("includes"))
	if ok {
		if v, err := includes(children, child); err == nil && v.ToBoolean() {
			return
		}
	}
	push(children, child)
}

// resolveFile finds a module file in the VM per Node's algorithm: the path
// as is, with an extension, as a directory (package.json main, index), and
// bare names in node_modules up the tree. It returns the absolute VM path.
func (n *nodeRuntime) resolveFile(spec, dir string) (file, kind string) {
	if isPathSpec(spec) {
		p := spec
		if !strings.HasPrefix(p, "/") {
			p = path.Join(dir, p)
		}
		return n.loadAsFileOrDir(path.Clean(p))
	}
	for d := dir; ; d = path.Dir(d) {
		if path.Base(d) != "node_modules" {
			if f, k := n.loadAsFileOrDir(path.Join(d, "node_modules", spec)); f != "" {
				return f, k
			}
		}
		if d == "/" || d == "." {
			return "", ""
		}
	}
}

var moduleExts = []string{"", ".js", ".ts", ".json", ".mjs", ".cjs", ".mts", ".cts"}

func (n *nodeRuntime) loadAsFileOrDir(p string) (string, string) {
	for _, ext := range moduleExts {
		if n.isFile(p + ext) {
			return p + ext, kindOfModule(p + ext)
		}
	}
	if data, err := n.readSource(path.Join(p, "package.json")); err == nil {
		var pkg struct {
			Main string `json:"main"`
		}
		if json.Unmarshal(data, &pkg) == nil && pkg.Main != "" {
			m := path.Join(p, pkg.Main)
			for _, ext := range moduleExts {
				if n.isFile(m + ext) {
					return m + ext, kindOfModule(m + ext)
				}
			}
			for _, idx := range []string{"index.js", "index.ts", "index.json"} {
				if n.isFile(path.Join(m, idx)) {
					return path.Join(m, idx), kindOfModule(idx)
				}
			}
		}
	}
	for _, idx := range []string{"index.js", "index.ts", "index.json"} {
		if f := path.Join(p, idx); n.isFile(f) {
			return f, kindOfModule(f)
		}
	}
	return "", ""
}

func kindOfModule(f string) string {
	if strings.HasSuffix(f, ".json") {
		return "json"
	}
	return "js"
}

// rootPath maps a guest path to a path inside the VM root. Guest paths are
// resolved against "/", which is the root, so ".." cannot climb out of it;
// os.Root refuses symlinks that point outside.
func rootPath(p string) string {
	c := path.Clean("/" + p)
	if c == "/" {
		return "."
	}
	return c[1:]
}

func (n *nodeRuntime) isFile(p string) bool {
	fi, err := n.v.root.Stat(rootPath(p))
	return err == nil && fi.Mode().IsRegular()
}

func (n *nodeRuntime) readSource(p string) ([]byte, error) {
	rel := rootPath(p)
	fi, err := n.v.root.Stat(rel)
	if err != nil {
		return nil, err
	}
	if fi.IsDir() {
		return nil, &fs.PathError{Op: "read", Path: p, Err: errIsDir}
	}
	if fi.Size() > jobs.MaxSourceBytes {
		return nil, &fs.PathError{Op: "read", Path: p, Err: errTooBig}
	}
	return n.v.root.ReadFile(rel)
}
