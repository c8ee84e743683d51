package goja

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/dop251/goja/parser"
)

// natsexec patch tests: deep nesting ends as an error, never as a goroutine
// stack overflow (fatal to the process). See depth.go and PATCHES.md.

func TestNatsexecNestingParser(t *testing.T) {
	rep := strings.Repeat
	for name, src := range map[string]string{
		"parens":    "x = " + rep("(", 1e6) + "1" + rep(")", 1e6),
		"arrays":    "x = " + rep("[", 1e6) + rep("]", 1e6),
		"blocks":    rep("{", 1e6) + rep("}", 1e6),
		"unary":     "x = " + rep("!", 1e6) + "1",
		"ternaries": "x = " + rep("a ? b : ", 1e6) + "c",
		"templates": "x = " + rep("`${", 1e5) + rep("}`", 1e5),
		"classes":   "x = " + rep("class extends ", 1e5) + "Object" + rep("{}", 1e5),
		"news":      "x = " + rep("new ", 1e6) + "X",
		"arrows":    "x = " + rep("a => ", 1e6) + "1",
		"exponents": "x = " + rep("2 ** ", 1e6) + "1",
	} {
		_, err := parser.ParseFile(nil, "x.js", src, 0)
		if err == nil || !strings.Contains(err.Error(), parser.ErrNestingTooDeep) {
			t.Errorf("%s: %v", name, err)
		}
	}
	// Nesting V8 accepts parses.
	if _, err := parser.ParseFile(nil, "x.js", "x = "+rep("(", 1000)+"1"+rep(")", 1000), 0); err != nil {
		t.Error(err)
	}
	// Duplicate labels: one error each, not one per enclosing duplicate.
	_, err := parser.ParseFile(nil, "x.js", rep("a: ", 3000)+";", 0)
	var el parser.ErrorList
	if !errors.As(err, &el) || len(el) > 3000 {
		t.Errorf("%d errors", len(el))
	}
	if _, err := parser.TransformRegExp(rep("(", 1e7), false, false); err == nil || !strings.Contains(err.Error(), parser.ErrNestingTooDeep) {
		t.Errorf("regexp: %v", err)
	}
}

func TestNatsexecNestingCompiler(t *testing.T) {
	rep := strings.Repeat
	for name, src := range map[string]string{
		"members":  "x = a" + rep(".b", 1e6),
		"calls":    "x = a" + rep("()", 1e6),
		"sums":     "x = 1" + rep(" + 1", 1e6),
		"ands":     "x = 1" + rep(" && 1", 1e6),
		"literals": "x = " + rep("({a: ", 1000) + "a" + rep(".b", 11500) + rep("})", 1000),
		"bodies":   "x = " + rep("function () { return ", 1000) + "a" + rep(".b", 11500) + rep("}", 1000),
	} {
		_, err := Compile("x.js", src, false)
		var se *CompilerSyntaxError
		if !errors.As(err, &se) || !strings.Contains(err.Error(), parser.ErrNestingTooDeep) {
			t.Errorf("%s: %v", name, err)
		}
	}
	if _, err := Compile("x.js", "x = a"+rep(".b", 11000), false); err != nil {
		t.Error(err)
	}
	// Folding constants was exponential in the length of a logical chain.
	start := time.Now()
	r := New()
	v, err := r.RunString("(1" + rep(" && 1", 200) + " || 0) + (null" + rep(" ?? 1", 200) + ")")
	if err != nil || v.ToInteger() != 2 {
		t.Fatal(v, err)
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("%s", d)
	}
}

func TestNatsexecNestingNatives(t *testing.T) {
	r := New()
	r.SetMaxCallStackSize(2000)
	_, err := r.RunString(`
		let a = []; for (let i = 0; i < 2e4; i++) a = [a]
		let p = {}; for (let i = 0; i < 2e4; i++) p = Object.create(p)
		let px = {}; for (let i = 0; i < 2e4; i++) px = new Proxy(px, {})
		let arr = []; function NT() {}; for (let i = 0; i < 2e4; i++) { NT.prototype = arr; arr = Reflect.construct(Array, [], NT) }
		let f = function () {}; for (let i = 0; i < 3000; i++) f = f.bind(null)
		const call = Function.prototype.call
		const cases = {
			String: () => String(a),
			join: () => a.join(),
			toLocaleString: () => a.toLocaleString(),
			flat: () => a.flat(Infinity),
			stringify: () => JSON.stringify(a),
			parse: () => JSON.parse("[".repeat(1e5) + "]".repeat(1e5)),
			revive: () => JSON.parse("[1, 2]", function (k, v) { if (k === "0") this[1] = a; return v }),
			"proto get": () => p.x,
			"proto set": () => { p.x = 1 },
			"proto has": () => "x" in p,
			"array proto get": () => arr[5],
			"array proto set": () => { arr[5] = 1 },
			"proxy get": () => px.x,
			"proxy set": () => { px.x = 1 },
			"proxy keys": () => Object.keys(px),
			"bound call": () => f(),
			"bound new": () => new f(),
			"bound instanceof": () => ({}) instanceof f,
			"call chain": () => call.apply(call, new Array(1e4).fill(call)),
		}
		for (const [name, fn] of Object.entries(cases)) {
			let msg = "no error"
			try { fn() } catch (e) { msg = e instanceof RangeError ? e.message : String(e) }
			if (msg !== "Maximum call stack size exceeded") throw new Error(name + ": " + msg)
		}`)
	if err != nil {
		t.Fatal(err)
	}
	// JS recursion still ends with the uncatchable StackOverflowError.
	_, err = r.RunString(`function rec() { return rec() } rec()`)
	var so *StackOverflowError
	if !errors.As(err, &so) {
		t.Fatalf("%T %v", err, err)
	}
	if n := r.vm.nativeDepth; n != 0 {
		t.Fatalf("nativeDepth %d after the run", n)
	}
}

// Lookups count prototype steps without a defer; a throw through them must
// not leave the count behind, or a runtime that catches enough of them would
// refuse lookups it should make.
func TestNatsexecNestingCountRestoredOnThrow(t *testing.T) {
	r := New()
	v, err := r.RunString(`
		const base = { get x() { throw new Error("boom") } }
		let o = base; for (let i = 0; i < 100; i++) o = Object.create(o)
		let caught = 0
		for (let i = 0; i < 1000; i++) { try { o.x } catch (e) { caught++ } }
		let deep = {y: 1}; for (let i = 0; i < 9000; i++) deep = Object.create(deep)
		caught + deep.y`)
	if err != nil || v.ToInteger() != 1001 {
		t.Fatal(v, err)
	}
	if n := r.vm.nativeDepth; n != 0 {
		t.Fatalf("nativeDepth %d after the run", n)
	}
}

func TestNatsexecNestingExport(t *testing.T) {
	r := New()
	v, err := r.RunString(`let o = {}; for (let i = 0; i < 3e4; i++) o = {o}; o`)
	if err != nil {
		t.Fatal(err)
	}
	x := v.Export()
	depth := 0
	for {
		m, ok := x.(map[string]interface{})
		if !ok {
			break
		}
		x, depth = m["o"], depth+1
	}
	if x != nil || depth > maxExportDepth+1 {
		t.Fatalf("depth %d, leaf %#v", depth, x)
	}
}
