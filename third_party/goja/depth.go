package goja

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
