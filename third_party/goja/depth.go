package goja

import "github.com/dop251/goja/unistring"

// natsexec patch: bounds on recursion that runs on the Go stack. A goroutine
// stack overflow is fatal to the whole process (it cannot be recovered), so
// every path where a guest value can make Go code recurse without limit must
// be cut off first and turned into a catchable RangeError, as V8 does. See
// PATCHES.md.

// maxNativeDepth bounds nativeDepth whatever the runtime's max call stack
// size (goja's default is unlimited). The deepest native recursion costs
// about 1.5 KB of Go stack a level (String() of nested arrays goes through
// toString, toPrimitive and join for each), so this holds the stack under
// some 15 MB.
const maxNativeDepth = 10000

const errMsgStackExceeded = "Maximum call stack size exceeded"

// enterNative counts one level of recursion that happens in Go: a native
// function called from Go rather than from the VM (toString from join, a
// replacer from JSON.stringify, ...), or one step of a native's own descent
// into a guest value (JSON, Array.prototype.flat, bound function chains).
// Such levels count against the runtime's max call stack size together with
// the JS frames, so recursion through natives ends like recursion in JS;
// past either bound it throws RangeError: Maximum call stack size exceeded.
// Pair it with leaveNative, deferred, so that a throw unwinds the count.
func (r *Runtime) enterNative() {
	vm := r.vm
	vm.nativeDepth++
	if vm.nativeDepth > maxNativeDepth || len(vm.callStack)+vm.nativeDepth > vm.maxCallStackSize {
		vm.nativeDepth--
		panic(r.newError(r.getRangeError(), errMsgStackExceeded))
	}
}

func (r *Runtime) leaveNative() {
	r.vm.nativeDepth--
}

// guardNative wraps a native function for callers in Go. The VM calls
// natives through vmCall, which pushes a frame and so is already counted.
func guardNative(r *Runtime, f func(FunctionCall) Value) func(FunctionCall) Value {
	return func(call FunctionCall) Value {
		r.enterNative()
		defer r.leaveNative()
		return f(call)
	}
}

// flattenNested is flattenIntoArray's descent into a nested array, counted:
// flat(Infinity) recurses once a level of nesting.
func (r *Runtime) flattenNested(target, source *Object, sourceLen, start, depth int64) int64 {
	r.enterNative()
	defer r.leaveNative()
	return r.flattenIntoArray(target, source, sourceLen, start, depth, nil, nil)
}

// The proto* functions count one step of the object model's own recursion:
// a property lookup or assignment going on to the prototype. Prototype
// chains (and proxy chains, see proxyObject.hop) of any length take O(1)
// work a link to build (Object.create, Reflect.construct, new Proxy), and a
// few million links overflowed the goroutine stack on a single o.x = 1.
// These steps are not calls, so they count only against maxNativeDepth,
// never against the JS call stack: 10000 links, far past anything real code
// builds. Property lookups are hot, so the count is taken back on return
// without a defer; when a throw unwinds through them instead, the VM puts
// the count back to what it was where the exception is caught (tryFrame)
// or to zero when nothing runs any more (leaveAbrupt).
func (r *Runtime) enterHop() {
	vm := r.vm
	if vm.nativeDepth >= maxNativeDepth {
		r.stackExceeded()
	}
	vm.nativeDepth++
}

func (r *Runtime) stackExceeded() {
	panic(r.newError(r.getRangeError(), errMsgStackExceeded))
}

func protoGetStr(p *Object, name unistring.String, receiver Value) Value {
	vm := p.runtime.vm
	if vm.nativeDepth >= maxNativeDepth {
		p.runtime.stackExceeded()
	}
	vm.nativeDepth++
	res := p.self.getStr(name, receiver)
	vm.nativeDepth--
	return res
}

func protoGetIdx(p *Object, idx valueInt, receiver Value) Value {
	vm := p.runtime.vm
	if vm.nativeDepth >= maxNativeDepth {
		p.runtime.stackExceeded()
	}
	vm.nativeDepth++
	res := p.self.getIdx(idx, receiver)
	vm.nativeDepth--
	return res
}

func protoGet(p *Object, key, receiver Value) Value {
	vm := p.runtime.vm
	if vm.nativeDepth >= maxNativeDepth {
		p.runtime.stackExceeded()
	}
	vm.nativeDepth++
	res := p.get(key, receiver)
	vm.nativeDepth--
	return res
}

func protoHasStr(p *Object, name unistring.String) bool {
	vm := p.runtime.vm
	if vm.nativeDepth >= maxNativeDepth {
		p.runtime.stackExceeded()
	}
	vm.nativeDepth++
	res := p.self.hasPropertyStr(name)
	vm.nativeDepth--
	return res
}

func protoHasIdx(p *Object, idx valueInt) bool {
	vm := p.runtime.vm
	if vm.nativeDepth >= maxNativeDepth {
		p.runtime.stackExceeded()
	}
	vm.nativeDepth++
	res := p.self.hasPropertyIdx(idx)
	vm.nativeDepth--
	return res
}

func protoHasSym(p *Object, s *Symbol) bool {
	vm := p.runtime.vm
	if vm.nativeDepth >= maxNativeDepth {
		p.runtime.stackExceeded()
	}
	vm.nativeDepth++
	res := p.self.hasPropertySym(s)
	vm.nativeDepth--
	return res
}

func protoSetForeignStr(p *Object, name unistring.String, val, receiver Value, throw bool) (bool, bool) {
	vm := p.runtime.vm
	if vm.nativeDepth >= maxNativeDepth {
		p.runtime.stackExceeded()
	}
	vm.nativeDepth++
	res, handled := p.self.setForeignStr(name, val, receiver, throw)
	vm.nativeDepth--
	return res, handled
}

func protoSetForeignIdx(p *Object, idx valueInt, val, receiver Value, throw bool) (bool, bool) {
	vm := p.runtime.vm
	if vm.nativeDepth >= maxNativeDepth {
		p.runtime.stackExceeded()
	}
	vm.nativeDepth++
	res, handled := p.self.setForeignIdx(idx, val, receiver, throw)
	vm.nativeDepth--
	return res, handled
}

func protoSetForeignSym(p *Object, s *Symbol, val, receiver Value, throw bool) (bool, bool) {
	vm := p.runtime.vm
	if vm.nativeDepth >= maxNativeDepth {
		p.runtime.stackExceeded()
	}
	vm.nativeDepth++
	res, handled := p.self.setForeignSym(s, val, receiver, throw)
	vm.nativeDepth--
	return res, handled
}

// hop counts a proxy's step to its target; use: defer p.hop().leaveNative().
func (p *proxyObject) hop() *Runtime {
	r := p.val.runtime
	r.enterHop()
	return r
}

// maxExportDepth bounds Export's descent into nested objects; deeper values
// export as nil. Export is called from Go, often outside any JS call, where
// a throw would have nowhere to go.
const maxExportDepth = maxNativeDepth
