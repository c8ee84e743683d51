package goja

// natsexec patch: V8's stack trace API. Error.stackTraceLimit (10 by
// default) bounds the frames every error captures; Error.captureStackTrace
// gives any object a stack, leaving out the frames above a given function;
// and an embedder's StackFormatter writes stacks (Node's form, and
// Error.prepareStackTrace, are the guest's business).

import (
	"math"

	"github.com/dop251/goja/unistring"
)

// StackFormatter returns the value of the stack property of obj, whose
// captured frames are frames, innermost first. It runs when the property is
// first read (an error's) or at once (Error.captureStackTrace on any other
// object), and may call into JavaScript.
type StackFormatter func(obj *Object, frames []StackFrame) Value

// SetStackFormatter replaces goja's stack text ("Name: message" and a
// "\tat ..." line per frame) with f; nil restores it.
func (r *Runtime) SetStackFormatter(f StackFormatter) {
	r.stackFormatter = f
}

// defaultStackTraceLimit is V8's.
const defaultStackTraceLimit = 10

// stackTraceLimit reads Error.stackTraceLimit as V8 does: without calling
// a getter, and when it is not a number no stack is captured at all.
func (r *Runtime) stackTraceLimit() (int, bool) {
	v := r.getError().self.getOwnPropStr("stackTraceLimit")
	if p, ok := v.(*valueProperty); ok {
		if p.accessor {
			return 0, false
		}
		v = p.value
	}
	var f float64
	switch n := v.(type) {
	case valueInt:
		f = float64(n)
	case valueFloat:
		f = float64(n)
	default:
		return 0, false
	}
	switch {
	case math.IsNaN(f) || f < 0:
		return 0, true
	case f > math.MaxInt32:
		return math.MaxInt32, true
	}
	return int(f), true
}

// captureFrames walks the call stack as captureStack does, innermost
// first, keeping at most limit frames. skipTop drops the innermost frame
// (the native captureStackTrace itself). With until set, the frames down
// to and including the innermost call of until are dropped, and if until is
// not on the stack there are none. The walk stops once limit frames are
// kept, so a deep stack costs no more than a shallow one.
func (vm *vm) captureFrames(limit int, skipTop bool, until *Object) []StackFrame {
	var frames []StackFrame
	found := until == nil
	var untilPrg *Program
	if until != nil {
		if f, ok := until.self.(*arrowFuncObject); ok {
			untilPrg = f.prg // arrow functions leave no callee on the stack
		}
	}
	visit := func(prg *Program, pc, sb int, stack valueStack, funcName unistring.String) bool {
		if prg == nil && sb <= 0 {
			return true
		}
		if skipTop {
			skipTop = false
			return true
		}
		if !found {
			if sb > 0 && sb-1 < len(stack) {
				if c := stack[sb-1]; c == until || (c == nil && untilPrg != nil && prg == untilPrg) {
					found = true
				}
			}
			return true
		}
		if len(frames) >= limit {
			return false
		}
		if frames == nil {
			frames = make([]StackFrame, 0, min(limit, len(vm.callStack)+1))
		}
		frames = append(frames, StackFrame{prg: prg, pc: pc, funcName: funcName})
		return true
	}
	name := func(prg *Program, stack valueStack, sb int) unistring.String {
		if prg != nil {
			return prg.funcName
		}
		return getFuncName(stack, sb)
	}
	if !visit(vm.prg, vm.pc, vm.sb, vm.stack, name(vm.prg, vm.stack, vm.sb)) {
		return frames
	}
	for i := len(vm.callStack) - 1; i >= 0; i-- {
		f := &vm.callStack[i]
		if !visit(f.prg, f.pc, f.sb, vm.stack, name(f.prg, vm.stack, f.sb)) {
			return frames
		}
	}
	// The async functions awaiting this one, as captureAsyncStack finds them.
	for runner := vm.curAsyncRunner; runner != nil; {
		promise, _ := runner.promiseCap.promise.self.(*Promise)
		if promise == nil || len(promise.fulfillReactions) != 1 {
			break
		}
		r := promise.fulfillReactions[0].asyncRunner
		if r == nil {
			break
		}
		ctx := &r.gen.ctx
		var fn unistring.String
		if ctx.prg != nil {
			fn = ctx.prg.funcName
		} else {
			fn = getFuncName(ctx.stack, 1)
		}
		if !visit(ctx.prg, ctx.pc, 0, nil, fn) {
			break
		}
		runner = r
	}
	return frames
}

// captureErrorStack is what a new error records: up to stackTraceLimit
// frames, or none at all (ok false) when the limit is not a number.
func (r *Runtime) captureErrorStack() (frames []StackFrame, ok bool) {
	limit, ok := r.stackTraceLimit()
	if !ok {
		return nil, false
	}
	return r.vm.captureFrames(limit, false, nil), true
}

// formatStack is the value of obj's stack property for frames.
func (r *Runtime) formatStack(obj *Object, frames []StackFrame) Value {
	if r.stackFormatter != nil {
		return r.stackFormatter(obj, frames)
	}
	var b StringBuilder
	if val := writeErrorString(&b, obj); val != nil {
		b.WriteString(val)
	}
	b.WriteRune('\n')
	for _, frame := range frames {
		b.writeASCII("\tat ")
		frame.WriteToValueBuilder(&b)
		b.WriteRune('\n')
	}
	return b.String()
}

// error_captureStackTrace is Error.captureStackTrace(obj[, fn]).
func (r *Runtime) error_captureStackTrace(call FunctionCall) Value {
	obj, ok := call.Argument(0).(*Object)
	if !ok {
		panic(r.NewTypeError("invalid_argument"))
	}
	var until *Object
	if fn, ok := call.Argument(1).(*Object); ok {
		if _, callable := fn.self.assertCallable(); callable {
			until = fn
		}
	}
	if !obj.self.isExtensible() {
		// V8 checks this first, whatever stack the object has.
		panic(r.NewTypeError("Cannot define property stack, object is not extensible"))
	}
	limit, ok := r.stackTraceLimit()
	var frames []StackFrame
	if ok {
		frames = r.vm.captureFrames(limit, true, until)
	}
	if e, isErr := obj.self.(*errorObject); isErr && (e.baseObject.getOwnPropStr(propNameStack) == nil || e.baseObject.deleteStr(propNameStack, false)) {
		// An error formats its new stack when it is read, as V8 does.
		e.stack, e.noStack, e.stackPropAdded = frames, !ok, false
		return _undefined
	}
	var v Value = _undefined
	if ok {
		v = r.formatStack(obj, frames)
	}
	// A stack V8 cannot redefine (non-configurable) stays, silently.
	obj.self.defineOwnPropertyStr(propNameStack, PropertyDescriptor{
		Value:        v,
		Writable:     FLAG_TRUE,
		Enumerable:   FLAG_FALSE,
		Configurable: FLAG_TRUE,
	}, false)
	return _undefined
}
