package guest

import (
	"strconv"
	"strings"
	"sync"

	"github.com/dop251/goja"
)

// Error stacks as V8 writes them. goja captures the frames (at most
// Error.stackTraceLimit, and Error.captureStackTrace, both patches in
// third_party/goja/stacktrace.go); this writes them in Node's form,
// "Name: message\n    at f (/file.js:3:7)", or hands them to
// Error.prepareStackTrace as CallSite objects. Frame names are goja's: a
// function's own name, without V8's receiver type ("Foo.bar", "new Foo",
// "Object.<anonymous>"), and built-ins show as "name (<anonymous>)".

// stackState is a runtime's stack formatting state.
type stackState struct {
	// preparing is set while Error.prepareStackTrace runs: stacks read
	// meanwhile get the default form, as in V8, rather than recursing.
	preparing bool
	callSites goja.Callable // turns frame records into CallSite objects
}

// formatStack is the runtime's goja.StackFormatter.
func (js *jsState) formatStack(obj *goja.Object, frames []goja.StackFrame) goja.Value {
	if !js.stack.preparing {
		if prep, ok := goja.AssertFunction(js.errCtor.ToObject(js.rt).Get("prepareStackTrace")); ok {
			sites := js.makeCallSites(frames)
			js.stack.preparing = true
			defer func() { js.stack.preparing = false }()
			v, err := prep(js.errCtor, obj, sites)
			if err != nil {
				panic(err)
			}
			return v
		}
	}
	var b strings.Builder
	b.WriteString(errorToString(obj)) // V8 writes the first line as Error.prototype.toString
	for i := range frames {
		b.WriteString("\n    at ")
		b.WriteString(frameText(&frames[i]))
	}
	return js.rt.ToValue(b.String())
}

// framePosition is where a frame is, in the file's own columns: a module's
// first line has the CommonJS wrapper in front of it (js_host.go).
func framePosition(f *goja.StackFrame) (file string, line, col int) {
	p := f.Position()
	file, line, col = p.Filename, p.Line, p.Column
	if file == "" {
		file = f.SrcName()
	}
	if line == 1 && strings.HasPrefix(file, "/") && col > len(cjsHead) {
		col -= len(cjsHead)
	}
	return file, line, col
}

func isNativeFrame(f *goja.StackFrame) bool { return f.SrcName() == "<native>" }

// frameText is one frame as V8 prints it after "at ".
func frameText(f *goja.StackFrame) string {
	name := f.FuncName()
	if isNativeFrame(f) {
		if name == "<native>" {
			return "<anonymous>"
		}
		return name + " (<anonymous>)"
	}
	file, line, col := framePosition(f)
	loc := file + ":" + strconv.Itoa(line) + ":" + strconv.Itoa(col)
	if name == "<anonymous>" {
		return loc
	}
	return name + " (" + loc + ")"
}

// makeCallSites builds the array Error.prepareStackTrace receives.
func (js *jsState) makeCallSites(frames []goja.StackFrame) goja.Value {
	rt := js.rt
	if js.stack.callSites == nil {
		prg, err := callSiteProgram()
		if err != nil {
			panic(js.newErrorf("callsite: %v", err))
		}
		v, err := rt.RunProgram(prg)
		if err != nil {
			panic(err)
		}
		js.stack.callSites, _ = goja.AssertFunction(v)
	}
	recs := make([]any, len(frames))
	for i := range frames {
		f := &frames[i]
		var fn any = goja.Null()
		if n := f.FuncName(); n != "<anonymous>" && n != "<native>" {
			fn = n
		}
		if isNativeFrame(f) {
			recs[i] = rt.NewArray(goja.Null(), goja.Null(), goja.Null(), fn, false, frameText(f))
			continue
		}
		file, line, col := framePosition(f)
		recs[i] = rt.NewArray(file, line, col, fn, true, frameText(f))
	}
	v, err := js.stack.callSites(goja.Undefined(), rt.NewArray(recs...))
	if err != nil {
		panic(err)
	}
	return v
}

// callSiteProgram makes V8's CallSite objects from frame records
// [fileName, line, column, functionName, isToplevel, text]. What goja does
// not know (this, the function, the receiver's type, eval origins) is
// undefined or null, as V8 gives it for strict code.
var callSiteProgram = sync.OnceValues(func() (*goja.Program, error) {
	return goja.Compile("node:callsite", jsCallSite, true)
})

const jsCallSite = `(function () {
'use strict';
class CallSite {
  #d;
  constructor(d) { this.#d = d; }
  getThis() { return undefined; }
  getTypeName() { return null; }
  getFunction() { return undefined; }
  getFunctionName() { return this.#d[3]; }
  getMethodName() { return null; }
  getFileName() { return this.#d[0]; }
  getLineNumber() { return this.#d[1]; }
  getColumnNumber() { return this.#d[2]; }
  getEnclosingLineNumber() { return null; }
  getEnclosingColumnNumber() { return null; }
  getEvalOrigin() { return undefined; }
  getPosition() { return null; }
  getPromiseIndex() { return null; }
  getScriptNameOrSourceURL() { return this.#d[0]; }
  getScriptHash() { return ''; }
  isAsync() { return false; }
  isConstructor() { return false; }
  isEval() { return false; }
  isNative() { return false; }
  isPromiseAll() { return false; }
  isToplevel() { return this.#d[4]; }
  toString() { return this.#d[5]; }
}
return function (records) { return records.map(function (d) { return new CallSite(d); }); };
})()`
