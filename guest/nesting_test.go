package guest

import (
	"strings"
	"testing"
	"time"

	"github.com/natsexec/natsexec/jobs"
	"github.com/vmihailenco/msgpack/v5"
)

// Deep nesting, in a source or in a value, used to overflow the goroutine
// stack: a fatal error that ends the whole sidecar with every job in it.
// Each attack below must end as an ordinary guest error with V8's words (or
// a documented bound), and leave the VM fit for the next exec.

// deepVM has room for a million nested arrays: with the garbage made while
// building them, the process heap grows by some 600 MB. The watchdog reads
// the process heap, so the tests that use it do not run in parallel.
func deepVM(t *testing.T) *VM {
	return newNodeVM(t, Config{Limits: jobs.Limits{MemoryBytes: 2 << 30, Timeout: jobs.Duration(time.Minute)}})
}

func wantAlive(t *testing.T, v *VM) {
	t.Helper()
	res := execJS(t, v, `console.log("alive")`)
	if res.Kind != KindNone || string(res.Stdout) != "alive\n" {
		t.Fatalf("VM after the attack: %q %s %q", res.Kind, res.Error, res.Stdout)
	}
}

const stackExceeded = "Maximum call stack size exceeded"

func TestNestingDeepSourceFailsToCompile(t *testing.T) {
	t.Parallel()
	rep := strings.Repeat
	deep := func(open, x, close string, n int) string { return rep(open, n) + x + rep(close, n) }
	cases := map[string]ExecRequest{
		// goja's parser.
		"parens":   {Runtime: jobs.RuntimeJS, Source: "x = " + deep("(", "1", ")", 200_000)},
		"brackets": {Runtime: jobs.RuntimeJS, Source: "x = " + deep("[", "", "]", 300_000)},
		"blocks":   {Runtime: jobs.RuntimeJS, Source: deep("{", "", "}", 200_000)},
		"ternary":  {Runtime: jobs.RuntimeJS, Source: "x = " + rep("a ? b : ", 100_000) + "c"},
		"unary":    {Runtime: jobs.RuntimeJS, Source: "x = " + rep("!", 400_000) + "1"},
		"regexp":   {Runtime: jobs.RuntimeJS, Source: "x = /" + rep("(", 200_000) + rep(")", 200_000) + "/"},
		// goja's compiler: chains parse in a loop but compile recursively.
		"members": {Runtime: jobs.RuntimeJS, Source: "x = a" + rep(".b", 200_000)},
		"calls":   {Runtime: jobs.RuntimeJS, Source: "x = a" + rep("()", 200_000)},
		"sums":    {Runtime: jobs.RuntimeJS, Source: "x = 1" + rep(" + 1", 200_000)},
		// Object literals compile their values while emitting; the count
		// goes on across them.
		"in literals": {Runtime: jobs.RuntimeJS, Source: "x = " + rep("({a: ", 500) + "a" + rep(".b", 11800) + rep("})", 500)},
		// esbuild, for TypeScript and ES modules.
		"ts parens":    {Runtime: jobs.RuntimeTS, Source: "const x: number = " + deep("(", "1", ")", 200_000)},
		"ts generics":  {Runtime: jobs.RuntimeTS, Source: "type T = " + deep("A<", "B", ">", 200_000) + "; export {}"},
		"esm brackets": {Runtime: jobs.RuntimeJS, Source: "export const x = " + deep("[", "", "]", 200_000)},
		"esm members":  {Runtime: jobs.RuntimeJS, Source: "export const x = a" + rep(".b", 200_000)},
		"esm ternary":  {Runtime: jobs.RuntimeJS, Source: "export const x = " + rep("a ? b : ", 100_000) + "c"},
		// A script goja cannot parse goes to esbuild: not when it is too deep.
		"fallback": {Runtime: jobs.RuntimeJS, Source: "async function* g() {}\nx = " + deep("(", "1", ")", 200_000)},
	}
	for name, req := range cases {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			v := deepVM(t) // under -race on two cores, a big parse takes seconds
			res := execReq(t, v, req)
			if res.Kind != KindGuest || res.ExitCode != 1 || !strings.Contains(res.Error, stackExceeded) || !strings.Contains(res.Error, "SyntaxError") {
				t.Fatalf("%q exit %d: %.300s", res.Kind, res.ExitCode, res.Error)
			}
			wantAlive(t, v)
		})
	}
	// Nesting real code has compiles.
	res := runJS(t, "x = "+deep("(", "1", ")", 500)+"; y = "+deep("[", "", "]", 500)+"; z = a => a"+rep(".b", 11800)+"; console.log(x, y.length)")
	wantStdout(t, res, "1 1\n")
}

// Source made at run time (eval, Function, RegExp) fails with a catchable
// SyntaxError.
func TestNestingDeepEvalIsCatchable(t *testing.T) {
	t.Parallel()
	v := deepVM(t)
	res := execJS(t, v, `
		const deep = (o, c, n) => o.repeat(n) + c.repeat(n)
		const cases = {
			"eval parens": () => eval(deep("(", ")", 1e6)),
			"eval members": () => eval("a" + ".b".repeat(1e6)),
			"eval and-chain": () => eval("1" + "&&1".repeat(1e6)),
			"Function": () => new Function(deep("{", "}", 1e6)),
			"RegExp": () => new RegExp("(".repeat(1e7)),
		}
		for (const [name, f] of Object.entries(cases)) {
			try { f(); console.log(name, "no error") }
			catch (e) { console.log(name, e instanceof SyntaxError, e.message.includes("Maximum call stack size exceeded")) }
		}`)
	if res.Kind != KindNone {
		t.Fatalf("%q %s", res.Kind, res.Error)
	}
	for _, line := range strings.Split(strings.TrimSpace(string(res.Stdout)), "\n") {
		if !strings.HasSuffix(line, " true true") {
			t.Errorf("%s", line)
		}
	}
	// A chain of logical operators on constants used to take time
	// exponential in its length to compile: 25 operands took 12 s.
	start := time.Now()
	res = execJS(t, v, `console.log(eval("(1" + "&&1".repeat(60) + "||0) + (null" + "??1".repeat(60) + ")"))`)
	if res.Kind != KindNone || string(res.Stdout) != "2\n" {
		t.Fatalf("%q %s %q", res.Kind, res.Error, res.Stdout)
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("constant chain compiled in %s", d)
	}
}

// Natives that recurse into a deep value throw RangeError, which the guest
// can catch, as in V8.
func TestNestingDeepValuesThrowRangeError(t *testing.T) {
	v := deepVM(t)
	res := execJS(t, v, `
		let a = []; for (let i = 0; i < 1e6; i++) a = [a]
		let o = {}; for (let i = 0; i < 1e5; i++) o = {o}
		let f = function () {}; for (let i = 0; i < 3000; i++) f = f.bind(null)
		const call = Function.prototype.call
		const cases = {
			"String": () => String(a),
			"template": () => `+"`${a}`"+`,
			"concat": () => a + "",
			"join": () => a.join(),
			"toString": () => a.toString(),
			"toLocaleString": () => a.toLocaleString(),
			"flat": () => a.flat(Infinity),
			"stringify array": () => JSON.stringify(a),
			"stringify object": () => JSON.stringify(o),
			"stringify replacer": () => JSON.stringify(o, (k, v) => v),
			"parse": () => JSON.parse("[".repeat(5e6) + "]".repeat(5e6)),
			"parse objects": () => JSON.parse('{"a":'.repeat(1e6) + "1" + "}".repeat(1e6)),
			"revive": () => JSON.parse("[1, 2]", function (k, v) { if (k === "0") this[1] = a; return v }),
			"bound call": () => f(),
			"bound new": () => new f(),
			"bound instanceof": () => ({}) instanceof f,
			"call chain": () => call.apply(call, new Array(1e6).fill(call)),
		}
		for (const [name, fn] of Object.entries(cases)) {
			try { fn(); console.log(name, "no error") }
			catch (e) { console.log(name, e instanceof RangeError, e.message) }
		}
		const util = require("util")
		console.log("inspect", util.inspect(a, {depth: Infinity}).includes("[Array: Inspection interrupted prematurely. Maximum call stack size exceeded.]"))
		console.log("inspect object", util.inspect(o, {depth: null}).includes("[Object: Inspection interrupted prematurely. Maximum call stack size exceeded.]"))
		try { util.format("%j", a) } catch (e) { console.log("format", e instanceof RangeError, e.message) }
		console.log(a)`)
	if res.Kind != KindNone {
		t.Fatalf("%q %s", res.Kind, res.Error)
	}
	lines := strings.Split(strings.TrimSpace(string(res.Stdout)), "\n")
	for _, line := range lines[:len(lines)-4] {
		if !strings.HasSuffix(line, " true "+stackExceeded) {
			t.Errorf("%s", line)
		}
	}
	// %j rethrows what JSON.stringify throws unless it is the circular
	// TypeError, as in Node.
	want := "inspect true\ninspect object true\nformat true " + stackExceeded + "\n[ [ [ [Array] ] ] ]"
	if got := strings.Join(lines[len(lines)-4:], "\n"); got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
	wantAlive(t, v)

	// Uncaught, it ends the exec as Node ends.
	res = execJS(t, v, `let a = []; for (let i = 0; i < 1e6; i++) a = [a]; String(a)`)
	if res.Kind != KindGuest || !strings.HasPrefix(res.Error, "RangeError: "+stackExceeded) {
		t.Fatalf("%q %.300s", res.Kind, res.Error)
	}
	wantAlive(t, v)
}

// Recursion in JS ends as it did before natives were counted; recursion that
// goes through natives ends too.
func TestNestingRecursion(t *testing.T) {
	t.Parallel()
	v := newNodeVM(t, Config{})
	for name, src := range map[string]string{
		"js":           `function f(n) { return f(n + 1) + 1 } f(0)`,
		"through map":  `function f(n) { return [n].map(f) } f(0)`,
		"toString":     `const o = {toString() { return String(o) }}; String(o)`,
		"getter chain": `const o = {get x() { return JSON.stringify(this) }, toJSON() { return this.x }}; o.x`,
	} {
		res := execJS(t, v, src)
		if res.Kind != KindGuest || !strings.HasPrefix(res.Error, "RangeError: "+stackExceeded) {
			t.Errorf("%s: %q %.300s", name, res.Kind, res.Error)
		}
		wantAlive(t, v)
	}
	// The bound is the VM's call stack size: natives count against it.
	v = newNodeVM(t, Config{MaxCallStackSize: 100})
	res := execJS(t, v, `
		const depth = n => { let a = []; for (let i = 0; i < n; i++) a = [a]; return a }
		for (const n of [20, 200]) {
			try { String(depth(n)); JSON.stringify(depth(n)); console.log(n, "ok") }
			catch (e) { console.log(n, e.message) }
		}`)
	wantStdout(t, res, "20 ok\n200 "+stackExceeded+"\n")
}

// module.exports of a deep value comes out cut at a fixed depth, and the
// sidecar's msgpack (and the worker's) handles what comes out.
func TestNestingDeepExports(t *testing.T) {
	v := deepVM(t)
	res := execJS(t, v, `let a = []; for (let i = 0; i < 1e6; i++) a = [a]; module.exports = {a}`)
	if res.Kind != KindNone {
		t.Fatalf("%q %s", res.Kind, res.Error)
	}
	depth := 0
	x := res.Exports["a"]
	for {
		s, ok := x.([]any)
		if !ok || len(s) != 1 {
			break
		}
		x, depth = s[0], depth+1
	}
	if x != "[Truncated]" || depth > exportMaxDepth {
		t.Fatalf("cut at depth %d with %#v", depth, x)
	}
	b, err := msgpack.Marshal(res)
	if err != nil {
		t.Fatal(err)
	}
	var back ExecResult
	if err := msgpack.Unmarshal(b, &back); err != nil {
		t.Fatal(err)
	}
	wantAlive(t, v)
}

// path.resolve over a huge argument list is linear: it used to concatenate
// once per argument (12 s for 1e5, with no way to interrupt it).
func TestNestingPathResolveIsLinear(t *testing.T) {
	t.Parallel()
	v := newNodeVM(t, Config{Limits: jobs.Limits{Timeout: jobs.Duration(time.Minute)}})
	start := time.Now()
	res := execJS(t, v, `const path = require("path"); const a = new Array(1e5).fill("a")
		console.log(path.resolve(...a).length, path.join(...a).length, path.resolve("x", "/a", "b", "", "c/../d"), path.resolve("a", "b"), path.resolve())`)
	wantStdout(t, res, "200000 199999 /a/b/d /a/b /\n")
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("took %s", d)
	}
}
