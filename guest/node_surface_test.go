package guest

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/natsexec/natsexec/jobs"
)

// One case per piece of the Node surface: the program's stdout must match.
func TestNodeSurface(t *testing.T) {
	t.Parallel()
	cases := []struct{ name, src, want string }{
		{"console.format", `console.log("%s=%d %i %f %j %o %%", "a", 42, 3.9, "1.5", {b: [1]}, [1]); console.info("x", "y")`,
			"a=42 3 1.5 {\"b\":[1]} [ 1, [length]: 1 ] %\nx y\n"},
		{"console.inspect", `console.log({a: 'x', b: [1, 2, {c: {d: {e: 1}}}], f() {}, n: null, u: undefined, s: Symbol('q'), big: 10n, neg: -0})`,
			"{\n  a: 'x',\n  b: [ 1, 2, { c: [Object] } ],\n  f: [Function: f],\n  n: null,\n  u: undefined,\n  s: Symbol(q),\n  big: 10n,\n  neg: -0\n}\n"},
		{"console.collections", `console.log(new Map([["k", 1]]), new Set([1, "a"]), [1,2,3,4,5,6,7,8,9,10], new Uint8Array([1, 2]))`,
			"Map(1) { 'k' => 1 } Set(2) { 1, 'a' } [\n  1, 2, 3, 4,  5,\n  6, 7, 8, 9, 10\n] Uint8Array(2) [ 1, 2 ]\n"},
		{"console.circular", `const a = {name: "a"}; a.self = a; console.log(a); class Foo { constructor(){ this.x = 1 } }; console.log(new Foo(), Object.create(null), [], {})`,
			"<ref *1> { name: 'a', self: [Circular *1] }\nFoo { x: 1 } [Object: null prototype] {} [] {}\n"},
		{"console.stderr", `console.error("e"); console.warn("w"); console.log("o")`, "o\n"},
		{"process.basics", `console.log(process.argv.join(","), process.cwd(), process.platform, typeof process.hrtime()[0], typeof process.hrtime.bigint(), process.env.FOO, Object.keys(process.env).length)`,
			"node,/main.js,a,b /tmp linux number bigint bar 1\n"},
		{"process.stdout.write", `process.stdout.write("a"); process.stdout.write(Buffer.from("b")); process.stdout.write(new Uint8Array([99, 10]))`, "abc\n"},
		// Node 20's order: ticks before promise jobs, again each time they
		// drain, and after every timer (third_party/goja/ticks.go).
		{"process.nextTick", `setTimeout(() => console.log("timeout"), 0);
			Promise.resolve().then(() => { console.log("promise"); process.nextTick(() => console.log("tick from promise")); Promise.resolve().then(() => console.log("promise from promise")); });
			queueMicrotask(() => console.log("microtask"));
			process.nextTick((x) => { console.log("tick", x); process.nextTick(() => console.log("tick from tick")); Promise.resolve().then(() => console.log("promise from tick")); }, 1);
			console.log("sync");
			setTimeout(() => { process.nextTick(() => console.log("tick in timeout")); Promise.resolve().then(() => console.log("promise in timeout")); console.log("timeout 2"); }, 0)`,
			"sync\ntick 1\ntick from tick\npromise\nmicrotask\npromise from tick\npromise from promise\ntick from promise\ntimeout\ntimeout 2\ntick in timeout\npromise in timeout\n"},
		{"timers", `setTimeout(() => console.log("t2"), 50); setTimeout(() => console.log("t1"), 1); setImmediate(() => console.log("imm")); queueMicrotask(() => console.log("mq"));
			const i = setInterval(() => { console.log("iv"); clearInterval(i) }, 1); const c = setTimeout(() => console.log("never"), 1); clearTimeout(c); setTimeout(() => {}, 100000).unref()`,
			"mq\nimm\nt1\niv\nt2\n"},
		{"async", `async function f(x) { await null; return x * 2 } (async () => { const v = await f(21); await new Promise(r => setTimeout(r, 1)); console.log(v) })()`, "42\n"},
		{"Buffer", `const b = Buffer.from("héllo"); console.log(b.length, b.toString("hex"), Buffer.from("aGk=", "base64").toString(), Buffer.isBuffer(b), Buffer.concat([Buffer.from("a"), Buffer.alloc(2, 1)]))`,
			"6 68c3a96c6c6f hi true <Buffer 61 01 01>\n"},
		{"TextEncoder", `const e = new TextEncoder().encode("€"); console.log(e.length, new TextDecoder().decode(e), atob(btoa("x")))`, "3 € x\n"},
		{"URL", `const u = new URL("https://a.b/c?d=1#e"); const p = new URLSearchParams("x=1&y=2"); p.append("z", "3"); console.log(u.hostname, u.searchParams.get("d"), u.hash, p.toString())`,
			"a.b 1 #e x=1&y=2&z=3\n"},
		{"require.path", `const path = require("path"); console.log(path.join("/a", "b", "../c"), path.resolve("x"), path.basename("/a/b.js", ".js"), path.extname("a.tar.gz"), path.dirname("/a/b"), path.relative("/a/b", "/a/c/d"), require("node:path") === path)`,
			"/a/c /x b .gz /a ../c/d true\n"},
		{"require.util", `const util = require("util"); console.log(util.format("%s!", "hi"), util.inspect({a: [1]}), util.isDeepStrictEqual({a: [1]}, {a: [1]}), typeof util.promisify)`,
			"hi! { a: [ 1 ] } true function\n"},
		{"require.events", `const EE = require("events"); const e = new EE(); e.on("x", (v) => console.log("x", v)); e.once("x", () => console.log("once")); e.emit("x", 1); e.emit("x", 2); console.log(e.listenerCount("x"))`,
			"x 1\nonce\nx 2\n1\n"},
		{"require.assert", `const assert = require("assert"); assert.strictEqual(1, 1); assert.deepStrictEqual({a: [1]}, {a: [1]}); try { assert.strictEqual(1, 2) } catch (e) { console.log(e.name, e.code) } assert.throws(() => { throw new TypeError("t") }, TypeError)`,
			"AssertionError ERR_ASSERTION\n"},
		{"require.buffer+url+process", `console.log(typeof require("buffer").Buffer, typeof require("url").URL, require("process") === process, require("node:process") === process)`,
			"function function true true\n"},
		{"exitCode", `process.exitCode = 0; console.log("ok")`, "ok\n"},
		{"globals", `console.log(typeof global, global === globalThis, typeof performance.now(), typeof structuredClone)`, "object true number function\n"},
		// The web globals (node_web.go); testdata/web holds their behaviour.
		{"web globals", `console.log([structuredClone, DOMException, Event, EventTarget, CustomEvent, AbortController, AbortSignal, Blob, File, Headers, Request, Response, FormData, WeakRef, FinalizationRegistry, PerformanceEntry, PerformanceMark, PerformanceMeasure].map((f) => typeof f + ":" + f.name).join(" "), typeof fetch)`,
			"function:structuredClone function:DOMException function:Event function:EventTarget function:CustomEvent function:AbortController function:AbortSignal function:Blob function:File function:Headers function:Request function:Response function:FormData function:WeakRef function:FinalizationRegistry function:PerformanceEntry function:PerformanceMark function:PerformanceMeasure undefined\n"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			v := newNodeVM(t, Config{Env: map[string]string{"FOO": "bar"}, Args: []string{"a", "b"}})
			if c.name == "process.basics" {
				c.want = strings.Replace(c.want, "/tmp", "/", 1)
			}
			res := execJS(t, v, c.src)
			if res.Kind != KindNone || res.ExitCode != 0 {
				t.Fatalf("kind %q exit %d: %s", res.Kind, res.ExitCode, res.Error)
			}
			wantStdout(t, res, c.want)
		})
	}
}

func TestNodeConsoleStderr(t *testing.T) {
	t.Parallel()
	res := runJS(t, `console.error("e", 1); console.warn("w"); process.stderr.write("x\n")`)
	if got := string(res.Stderr); got != "e 1\nw\nx\n" {
		t.Errorf("stderr %q", got)
	}
}

func TestNodeOutputLimit(t *testing.T) {
	t.Parallel()
	v := newNodeVM(t, Config{Limits: jobs.Limits{OutputBytes: 1000}})
	res := execJS(t, v, `while (true) console.log("flood")`)
	if res.Kind != KindOutputLimit || !res.StdoutTruncated || len(res.Stdout) != 1000 {
		t.Fatalf("kind %q truncated %v len %d", res.Kind, res.StdoutTruncated, len(res.Stdout))
	}
	res = execJS(t, v, `process.stderr.write("x".repeat(2000)); console.log("after")`)
	if res.Kind != KindOutputLimit || !res.StderrTruncated || len(res.Stdout) != 0 {
		t.Fatalf("kind %q truncated %v stdout %q", res.Kind, res.StderrTruncated, res.Stdout)
	}
}

func TestNodeProcessEnvIsolation(t *testing.T) {
	t.Setenv("NATSEXEC_HOST_SECRET", "leak")
	v := newNodeVM(t, Config{Env: map[string]string{"ONLY": "1"}})
	res := execJS(t, v, `
		const seen = [process.env, require("process").env, require("node:process").env].map(e => JSON.stringify(e));
		console.log(seen.join("|"));
		console.log(String(Function("return this")().process.env.NATSEXEC_HOST_SECRET));`)
	if res.Kind != KindNone {
		t.Fatal(res.Error)
	}
	wantStdout(t, res, `{"ONLY":"1"}|{"ONLY":"1"}|{"ONLY":"1"}`+"\nundefined\n")
}

func TestNodeProcessExit(t *testing.T) {
	t.Parallel()
	v := newNodeVM(t, Config{})
	for _, c := range []struct {
		src  string
		code int
		out  string
	}{
		{`console.log("a"); process.exit(7); console.log("b")`, 7, "a\n"},
		{`try { process.exit(2) } catch (e) { console.log("caught") } finally { console.log("finally") }`, 2, ""},
		{`process.exitCode = 4`, 4, ""},
		{`setTimeout(() => process.exit(), 1); process.exitCode = 5; setInterval(() => {}, 1)`, 5, ""},
		{`async function f() { await null; process.exit(9) } f()`, 9, ""},
	} {
		res := execJS(t, v, c.src)
		if res.Kind != KindNone || res.ExitCode != c.code || string(res.Stdout) != c.out {
			t.Errorf("%s: kind %q exit %d out %q err %s", c.src, res.Kind, res.ExitCode, res.Stdout, res.Error)
		}
	}
}

func TestNodeGuestErrors(t *testing.T) {
	t.Parallel()
	v := newNodeVM(t, Config{})
	for _, c := range []struct{ src, want string }{
		{`function f() { throw new Error("boom") }\nf()`, "Error: boom\n    at f (/main.js:1:22)"},
		{`throw "str"`, "Uncaught 'str'"},
		{`Promise.reject(new RangeError("r"))`, "RangeError: r"},
		{`(async () => { await null; null.x })()`, "TypeError: Cannot read property 'x'"},
		{`setTimeout(() => { throw new Error("late") }, 1)`, "Error: late"},
		{`Promise.reject(42)`, "Unhandled promise rejection: 42"},
		{`let x = ;`, "SyntaxError"},
		{`function r() { return r() + 1 } r()`, "RangeError: Maximum call stack size exceeded"},
	} {
		src := strings.ReplaceAll(c.src, `\n`, "\n")
		res := execJS(t, v, src)
		if res.Kind != KindGuest || res.ExitCode != 1 || !strings.Contains(res.Error, c.want) {
			t.Errorf("%s: kind %q exit %d error %q, want %q", c.src, res.Kind, res.ExitCode, res.Error, c.want)
		}
		if !strings.Contains(string(res.Stderr), c.want) {
			t.Errorf("%s: stderr %q", c.src, res.Stderr)
		}
	}
	// A handled rejection is not an error.
	if res := execJS(t, v, `const p = Promise.reject(1); p.catch(() => {})`); res.Kind != KindNone {
		t.Errorf("handled rejection: %q %s", res.Kind, res.Error)
	}
}

func TestNodeStackDepth(t *testing.T) {
	t.Parallel()
	v := newNodeVM(t, Config{MaxCallStackSize: 100})
	res := execJS(t, v, `let d = 0; function r() { d++; r() } try { r() } catch (e) { console.log("caught") } console.log(d)`)
	if res.Kind != KindGuest || !strings.Contains(res.Error, "RangeError") {
		t.Fatalf("kind %q %s", res.Kind, res.Error)
	}
	if res := execJS(t, v, `function r(n) { return n ? r(n - 1) : 0 } r(50)`); res.Kind != KindNone {
		t.Fatalf("shallow recursion: %q %s", res.Kind, res.Error)
	}
}

func TestNodeCancel(t *testing.T) {
	t.Parallel()
	v := newNodeVM(t, Config{})
	ctx, cancel := context.WithCancel(context.Background())
	go func() {
		// Cancel once the guest is surely running: it logs first.
		time.Sleep(0)
		cancel()
	}()
	res, err := v.Exec(ctx, ExecRequest{Runtime: jobs.RuntimeJS, Source: `while (true) {}`})
	if err != nil {
		t.Fatal(err)
	}
	if res.Kind != KindCancelled {
		t.Fatalf("kind %q: %s", res.Kind, res.Error)
	}
}

func TestNodeTimePolicy(t *testing.T) {
	t.Parallel()
	src := `const a = [Date.now(), new Date().getTime(), performance.now(), Number(process.hrtime.bigint())];
		let x = 0; for (let i = 0; i < 2e5; i++) x += i;
		const b = [Date.now(), new Date().getTime(), performance.now(), Number(process.hrtime.bigint())];
		export const same = a.every((v, i) => v === b[i]);
		export const coarse = a.every(v => v % 10 === 0);`
	v := newNodeVM(t, Config{Time: TimeFrozen})
	res := execJS(t, v, src)
	if res.Kind != KindNone || res.Exports["same"] != true {
		t.Fatalf("frozen: %q %s %v", res.Kind, res.Error, res.Exports)
	}
	v = newNodeVM(t, Config{Time: TimeCoarse})
	res = execJS(t, v, `const t = [Date.now(), performance.now(), Number(process.hrtime.bigint()) / 1e6];
		export const ok = t.every(v => v % 10 === 0)`)
	if res.Kind != KindNone || res.Exports["ok"] != true {
		t.Fatalf("coarse: %q %s %v", res.Kind, res.Error, res.Exports)
	}
}

func TestNodeExports(t *testing.T) {
	t.Parallel()
	res := runJS(t, `export const x = 1; export const f = 1.5; export const s = "s"; export const b = true; export const n = null;
		export const arr = [1, "a", () => 1, undefined]; export const obj = {k: {j: [1]}, fn() {}};
		export function fn() {}; export const d = new Date(0); export const big = 2n ** 70n;
		export const cyc = {}; cyc.self = cyc; export const m = new Map([["a", 1]]); export default 5`)
	e := res.Exports
	checks := map[string]any{"x": int64(1), "f": 1.5, "s": "s", "b": true, "n": nil, "d": "1970-01-01T00:00:00.000Z", "big": "1180591620717411303424", "default": int64(5)}
	for k, want := range checks {
		if e[k] != want {
			t.Errorf("%s = %#v, want %#v", k, e[k], want)
		}
	}
	if _, ok := e["fn"]; ok {
		t.Error("function exported")
	}
	if arr := e["arr"].([]any); len(arr) != 4 || arr[2] != nil || arr[1] != "a" {
		t.Errorf("arr = %#v", arr)
	}
	if e["cyc"].(map[string]any)["self"] != "[Circular]" {
		t.Errorf("cyc = %#v", e["cyc"])
	}
	if e["m"].(map[string]any)["a"] != int64(1) {
		t.Errorf("m = %#v", e["m"])
	}
	// CommonJS module.exports of a non-object.
	res = runJS(t, `module.exports = "hello"`)
	if res.Exports["default"] != "hello" {
		t.Errorf("cjs: %#v", res.Exports)
	}
	// msgpack round trip.
	if _, err := jobs.Msgpack.Marshal(res.Exports); err != nil {
		t.Fatal(err)
	}
	// A throwing getter is a guest error, not a crash.
	res = execJS(t, newNodeVM(t, Config{}), `Object.defineProperty(exports, "x", {enumerable: true, get() { throw new Error("getter") }})`)
	if res.Kind != KindGuest || !strings.Contains(res.Error, "getter") {
		t.Errorf("throwing getter: %q %s", res.Kind, res.Error)
	}
}

func TestNodeTypeScript(t *testing.T) {
	t.Parallel()
	v := newNodeVM(t, Config{Files: []jobs.File{
		{Path: "lib/math.ts", Data: []byte(`export function add(a: number, b: number): number { return a + b }`)},
		{Path: "lib/data.json", Data: []byte(`{"n": 2}`)},
	}})
	res := execReq(t, v, ExecRequest{Runtime: jobs.RuntimeTS, Source: `
		import { add } from "./lib/math";
		import data from "./lib/data.json";
		import * as path from "node:path";
		interface P { x: number }
		enum E { A = 1 }
		const p: P = { x: add(data.n, E.A) };
		async function* gen() { yield 1; yield 2 }
		(async () => { for await (const v of gen()) console.log(v) })();
		export const result: number = p.x;
		export const sep = path.sep;`})
	if res.Kind != KindNone {
		t.Fatalf("%q %s", res.Kind, res.Error)
	}
	wantStdout(t, res, "1\n2\n")
	if res.Exports["result"] != int64(3) || res.Exports["sep"] != "/" {
		t.Errorf("exports %#v", res.Exports)
	}
	// Errors in TypeScript point at TypeScript lines.
	res = execReq(t, v, ExecRequest{Runtime: jobs.RuntimeTS, Source: "const a: number = 1;\n\nfunction f(): never { throw new Error('ts') }\nf()"})
	if res.Kind != KindGuest || !strings.Contains(res.Error, "main.ts:3") {
		t.Errorf("ts stack: %s", res.Error)
	}
	res = execReq(t, v, ExecRequest{Runtime: jobs.RuntimeTS, Source: "const a: = 1"})
	if res.Kind != KindGuest || !strings.Contains(res.Error, "SyntaxError") {
		t.Errorf("ts syntax: %q %s", res.Kind, res.Error)
	}
}

func TestNodeRequireFiles(t *testing.T) {
	t.Parallel()
	v := newNodeVM(t, Config{Files: []jobs.File{
		{Path: "a.js", Data: []byte(`exports.name = "a"; exports.b = require("./sub/b").name`)},
		{Path: "sub/b.js", Data: []byte(`module.exports = { name: "b:" + require("../c.json").v + ":" + __dirname }`)},
		{Path: "c.json", Data: []byte(`{"v": 3}`)},
		{Path: "pkg/index.js", Data: []byte(`module.exports = "index"`)},
		{Path: "node_modules/dep/package.json", Data: []byte(`{"main": "lib/main.js"}`)},
		{Path: "node_modules/dep/lib/main.js", Data: []byte(`module.exports = "dep"`)},
		{Path: "cycle1.js", Data: []byte(`exports.one = 1; exports.two = require("./cycle2").two`)},
		{Path: "cycle2.js", Data: []byte(`exports.two = 2; exports.seen = require("./cycle1").one`)},
	}})
	res := execJS(t, v, `const a = require("./a"); console.log(a.name, a.b, require("./pkg"), require("dep"), require("/a.js") === a, require("./cycle1").two, require.resolve("./a"));
		try { require("./missing") } catch (e) { console.log(e.code) }
		try { require("left-pad") } catch (e) { console.log(e.code) }`)
	if res.Kind != KindNone {
		t.Fatalf("%q %s", res.Kind, res.Error)
	}
	wantStdout(t, res, "a b:3:/sub index dep true 2 /a.js\nMODULE_NOT_FOUND\nMODULE_NOT_FOUND\n")
}

func TestNodeFS(t *testing.T) {
	t.Parallel()
	v := newNodeVM(t, Config{Files: []jobs.File{{Path: "in.txt", Data: []byte("seed")}}})
	res := execJS(t, v, `const fs = require("fs");
		console.log(fs.readFileSync("/in.txt", "utf8"), fs.readFileSync("in.txt").length, fs.existsSync("/nope"));
		fs.mkdirSync("/d/e", { recursive: true });
		fs.writeFileSync("/d/e/f.txt", "hello");
		fs.appendFileSync("/d/e/f.txt", Buffer.from(" world"));
		console.log(fs.readFileSync("/d/e/f.txt", "utf8"), fs.statSync("/d/e/f.txt").size, fs.statSync("/d").isDirectory());
		console.log(fs.readdirSync("/d/e").join(), fs.readdirSync("/", { withFileTypes: true }).map(d => d.name + ":" + d.isDirectory()).join());
		fs.renameSync("/d/e/f.txt", "/g.txt");
		fs.unlinkSync("/in.txt");
		try { fs.readFileSync("/in.txt") } catch (e) { console.log(e.code, e.syscall) }
		fs.rmSync("/d", { recursive: true });
		fs.rmSync("/nothing", { force: true });
		console.log(fs.readdirSync("/").join());
		fs.promises.readFile("/g.txt", "utf8").then(s => console.log("p", s));
		fs.readFile("/g.txt", "utf8", (err, s) => console.log("cb", err, s));
		require("fs/promises").readFile("/missing").catch(e => console.log("rej", e.code));`)
	if res.Kind != KindNone {
		t.Fatalf("%q %s", res.Kind, res.Error)
	}
	wantStdout(t, res, "seed 4 false\nhello world 11 true\nf.txt d:true,in.txt:false\nENOENT open\ng.txt\np hello world\nrej ENOENT\ncb null hello world\n")
	if !v.dirty.Load() {
		t.Error("writes did not mark the VM dirty")
	}
}

func TestNodeFSStdin(t *testing.T) {
	t.Parallel()
	v := newNodeVM(t, Config{})
	res := execReq(t, v, ExecRequest{Runtime: jobs.RuntimeJS, Stdin: []byte("in put"), Source: `console.log(require("fs").readFileSync(0, "utf8"))`})
	wantStdout(t, res, "in put\n")
}

func TestNodeFileLimit(t *testing.T) {
	t.Parallel()
	v := newNodeVM(t, Config{Limits: jobs.Limits{FileBytes: 100}})
	res := execJS(t, v, `const fs = require("fs"); fs.writeFileSync("/a", "x".repeat(60)); try { fs.writeFileSync("/b", "x".repeat(60)) } catch (e) { console.log("caught") }`)
	if res.Kind != KindFileLimit {
		t.Fatalf("kind %q %s", res.Kind, res.Error)
	}
	if len(res.Stdout) != 0 {
		t.Errorf("guest caught the limit: %q", res.Stdout)
	}
	if _, err := v.root.Stat("b"); err == nil {
		t.Error("the write past the limit happened")
	}
}

func TestNodeChildProcessWithoutWASM(t *testing.T) {
	t.Parallel()
	res := runJS(t, `try { require("child_process").execSync("echo hi") } catch (e) { console.log(e.message) }`)
	wantStdout(t, res, "wasm runtime not mounted in this VM\n")
}

func TestNodeSplitCommand(t *testing.T) {
	t.Parallel()
	got, err := splitCommand(`echo "a b" 'c|d' e\ f | wc -c`)
	if err != nil {
		t.Fatal(err)
	}
	want := [][]string{{"echo", "a b", "c|d", "e f"}, {"wc", "-c"}}
	if len(got) != 2 || strings.Join(got[0], ",") != strings.Join(want[0], ",") || strings.Join(got[1], ",") != strings.Join(want[1], ",") {
		t.Errorf("got %q", got)
	}
	for _, bad := range []string{"", "| wc", "echo |", `echo "x`} {
		if _, err := splitCommand(bad); err == nil {
			t.Errorf("%q: no error", bad)
		}
	}
}

// A nextTick callback that throws ends the job as Node's uncaught
// exception ends the process: the error reported, no later tick run.
func TestNextTickThrows(t *testing.T) {
	t.Parallel()
	res := execJS(t, newNodeVM(t, Config{}), `process.nextTick(() => { throw new Error("boom") }); process.nextTick(() => console.log("not after a throw"))`)
	if res.Kind != KindGuest || !strings.Contains(res.Error, "Error: boom") || strings.Contains(string(res.Stdout), "not after") {
		t.Errorf("kind %q error %q stdout %q", res.Kind, res.Error, res.Stdout)
	}
}
