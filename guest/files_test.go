package guest

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/natsexec/natsexec/jobs"
)

// The VM's file limits and usage counters: the entry cap holds against a
// guest that creates files or directories in a loop (catching the errors,
// through every API it has), deleting gives entries back, and the counters
// an exec reports are what a walk of the tree finds.

// newFilesVM makes a VM with both runtimes mounted.
func newFilesVM(t *testing.T, cfg Config) *VM {
	t.Helper()
	v := newWASMVM(t, sharedWASMHost(), cfg)
	if err := v.MountNode(context.Background()); err != nil {
		t.Fatal(err)
	}
	return v
}

// walkUsage is what the VM's directory really holds.
func walkUsage(t *testing.T, v *VM) (bytes, entries int64) {
	t.Helper()
	bytes, entries, err := treeUsage(v.root)
	if err != nil {
		t.Fatal(err)
	}
	return bytes, entries
}

// checkUsage fails unless res reports what the tree holds.
func checkUsage(t *testing.T, v *VM, res *ExecResult) (bytes, entries int64) {
	t.Helper()
	bytes, entries = walkUsage(t, v)
	if res.Usage.FileBytes != bytes || res.Usage.Files != entries {
		t.Fatalf("usage says %d bytes in %d entries; the tree holds %d bytes in %d entries",
			res.Usage.FileBytes, res.Usage.Files, bytes, entries)
	}
	return bytes, entries
}

var filesSeed = []jobs.File{
	{Path: "in/a.txt", Data: []byte("seed a")},
	{Path: "b.txt", Data: []byte("seed b, longer")},
}

// The seed's entries: in, in/a.txt, b.txt.
const filesSeedEntries = 3

func TestFileCountJS(t *testing.T) {
	t.Parallel()
	const limit = 40
	attacks := map[string]string{
		"writeFile": `for (let i = 0; i < 100000; i++) { try { fs.writeFileSync("/f" + i, "") } catch (e) {} }`,
		"mkdir":     `for (let i = 0; i < 100000; i++) { try { fs.mkdirSync("/d" + i) } catch (e) {} }`,
		"mkdir -p":  `fs.mkdirSync("/x/" + "a/".repeat(200), {recursive: true})`,
		"copyFile":  `for (let i = 0; i < 100000; i++) { try { fs.copyFileSync("/b.txt", "/c" + i) } catch (e) {} }`,
		"append":    `for (let i = 0; i < 100000; i++) { try { fs.appendFileSync("/a" + i, "x") } catch (e) {} }`,
		"promises":  `(async () => { for (let i = 0; i < 100000; i++) { try { await fs.promises.writeFile("/p" + i, "y") } catch (e) {} } })()`,
		"callbacks": `let i = 0; const next = () => fs.writeFile("/cb" + i++, "z", () => next()); next();`,
		"nested":    `for (let i = 0; i < 100000; i++) { try { fs.mkdirSync("/n" + i); fs.writeFileSync("/n" + i + "/f", "q") } catch (e) {} }`,
		"rename":    `for (let i = 0; i < 100000; i++) { try { fs.writeFileSync("/tmp" + i, ""); fs.renameSync("/tmp" + i, "/r" + i) } catch (e) {} }`,
		"child_process": `const cp = require("child_process");
			const names = []; for (let i = 0; i < 200; i++) names.push("t" + i);
			for (let k = 0; k < 10; k++) { try { cp.execSync("touch " + names.map(n => n + "_" + k).join(" ")) } catch (e) {} }`,
	}
	for name, src := range attacks {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			v := newFilesVM(t, Config{Files: filesSeed, Limits: jobs.Limits{FileCount: limit}})
			res := execJS(t, v, `const fs = require("fs");`+src)
			if res.Kind != KindFileLimit || res.Kind.Status() != jobs.StatusKilled {
				t.Fatalf("kind %q (%s), want %q", res.Kind, res.Error, KindFileLimit)
			}
			if !strings.Contains(res.Error, "file count limit of 40") {
				t.Errorf("error %q does not name the count limit", res.Error)
			}
			// The guest filled the VM to the cap and not one entry past it.
			if _, entries := checkUsage(t, v, res); entries != limit {
				t.Fatalf("%d entries, want exactly the cap %d", entries, limit)
			}
		})
	}
}

// Deleting, renaming over and removing trees give entries back, so a guest
// that keeps its count under the cap never meets it.
func TestFileCountJSFreeing(t *testing.T) {
	t.Parallel()
	const limit = 20
	v := newFilesVM(t, Config{Limits: jobs.Limits{FileCount: limit}})
	res := execJS(t, v, `const fs = require("fs");
		for (let i = 0; i < 15; i++) fs.writeFileSync("/f" + i, "x".repeat(i));
		for (let i = 0; i < 10; i++) fs.unlinkSync("/f" + i);       // 5
		for (let i = 0; i < 10; i++) fs.writeFileSync("/g" + i, "y"); // 15
		fs.writeFileSync("/h", "hhh"); fs.renameSync("/h", "/g0");    // 15: renamed over
		fs.mkdirSync("/t/u/v", {recursive: true});                    // 18
		fs.writeFileSync("/t/u/v/w", "w");                            // 19
		fs.rmSync("/t", {recursive: true});                           // 15
		fs.mkdirSync("/e"); fs.rmdirSync("/e");                       // 15
		for (let i = 0; i < 5; i++) fs.writeFileSync("/k" + i, "");   // 20: the cap, reached
		console.log("done")`)
	if res.Kind != KindNone || string(res.Stdout) != "done\n" {
		t.Fatalf("under the cap: kind %q %s, stdout %q", res.Kind, res.Error, res.Stdout)
	}
	if _, entries := checkUsage(t, v, res); entries != limit {
		t.Fatalf("%d entries, want %d", entries, limit)
	}
	// One more is one too many, in the next exec as in the same one.
	res = execJS(t, v, `require("fs").writeFileSync("/one-more", "")`)
	if res.Kind != KindFileLimit {
		t.Fatalf("past the cap: kind %q %s", res.Kind, res.Error)
	}
	checkUsage(t, v, res)
	// Rewriting an existing file makes no entry.
	res = execJS(t, v, `require("fs").writeFileSync("/k0", "rewritten")`)
	if res.Kind != KindNone {
		t.Fatalf("rewrite at the cap: kind %q %s", res.Kind, res.Error)
	}
	checkUsage(t, v, res)
	// A reset gives the whole budget back.
	if err := v.Reset(context.Background()); err != nil {
		t.Fatal(err)
	}
	res = execJS(t, v, `const fs = require("fs"); for (let i = 0; i < 20; i++) fs.writeFileSync("/z" + i, "")`)
	if res.Kind != KindNone {
		t.Fatalf("after reset: kind %q %s", res.Kind, res.Error)
	}
	checkUsage(t, v, res)
}

// Seeds count against the cap: a seed over it is refused, one at it leaves
// no room.
func TestFileCountSeed(t *testing.T) {
	t.Parallel()
	v, err := sharedWASMHost().NewVM(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	defer v.Close()
	if err := v.Configure(Config{Files: filesSeed, Limits: jobs.Limits{FileCount: filesSeedEntries - 1}}); err == nil {
		t.Fatal("a seed of 3 entries was accepted under a cap of 2")
	}
	v = newFilesVM(t, Config{Files: filesSeed, Limits: jobs.Limits{FileCount: filesSeedEntries}})
	res := execJS(t, v, `require("fs").mkdirSync("/d")`)
	if res.Kind != KindFileLimit {
		t.Fatalf("kind %q %s", res.Kind, res.Error)
	}
	if _, entries := checkUsage(t, v, res); entries != filesSeedEntries {
		t.Fatalf("%d entries", entries)
	}
}

// The counters stay exact through a long random mix of every operation
// that changes the tree, failing ones included, over several execs.
func TestFileUsageExactJS(t *testing.T) {
	t.Parallel()
	v := newFilesVM(t, Config{Files: filesSeed, Limits: jobs.Limits{FileBytes: 4 << 20, FileCount: 5000}})
	bytes, entries := walkUsage(t, v)
	if b, e := v.files.usage(); b != bytes || e != entries || e != filesSeedEntries {
		t.Fatalf("after the seed: counters %d/%d, tree %d/%d", b, e, bytes, entries)
	}
	const src = `const fs = require("fs"), cp = require("child_process");
		let s = SEED;
		const rnd = n => { s = (s * 1103515245 + 12345) % 2147483648; return s % n; };
		const name = () => ["/", "/d0/", "/d1/", "/d0/e/", "/in/"][rnd(5)] + "n" + rnd(12);
		const dir = () => ["/d0", "/d1", "/d0/e", "/in", "/d1/f/g"][rnd(5)];
		const ops = [
			() => fs.writeFileSync(name(), "w".repeat(rnd(3000))),
			() => fs.appendFileSync(name(), "a".repeat(rnd(2000))),
			() => fs.writeFileSync(name(), "x".repeat(rnd(100)), {flag: "a"}),
			() => fs.writeFileSync(name(), "e", {flag: "wx"}),
			() => fs.unlinkSync(name()),
			() => fs.renameSync(name(), name()),
			() => fs.renameSync(dir(), dir()),
			() => fs.copyFileSync(name(), name()),
			() => fs.mkdirSync(dir()),
			() => fs.mkdirSync(dir(), {recursive: true}),
			() => fs.rmdirSync(dir()),
			() => fs.rmSync(dir(), {recursive: true, force: true}),
			() => fs.rmSync(name(), {force: true}),
			() => cp.execSync("rm -f " + name().slice(1)),
			() => cp.execSync("tee " + name().slice(1), {input: "t".repeat(rnd(500))}),
			() => cp.execSync("mkdir -p " + dir().slice(1)),
			() => cp.execSync("touch " + name().slice(1)),
		];
		let ok = 0;
		for (let i = 0; i < 400; i++) { try { ops[rnd(ops.length)](); ok++ } catch (e) {} }
		console.log(ok);`
	for seed := 1; seed <= 6; seed++ {
		res := execJS(t, v, strings.Replace(src, "SEED", fmt.Sprint(seed*7919), 1))
		if res.Kind != KindNone {
			t.Fatalf("seed %d: kind %q %s", seed, res.Kind, res.Error)
		}
		bytes, entries := checkUsage(t, v, res)
		t.Logf("seed %d: %s ops succeeded; %d bytes in %d entries", seed, strings.TrimSpace(string(res.Stdout)), bytes, entries)
		if seed == 3 {
			// Back to the seed, counters too.
			if err := v.Reset(context.Background()); err != nil {
				t.Fatal(err)
			}
			if b, e := v.files.usage(); e != filesSeedEntries || b != int64(len("seed a")+len("seed b, longer")) {
				t.Fatalf("after reset: %d bytes in %d entries", b, e)
			}
		}
	}
}

// The byte limit is on what the tree holds, not on what was written: a
// guest may rewrite and delete freely within it, and never pass it.
func TestFileBytesNetJS(t *testing.T) {
	t.Parallel()
	const limit = 100 << 10
	v := newFilesVM(t, Config{Limits: jobs.Limits{FileBytes: limit}})
	res := execJS(t, v, `const fs = require("fs");
		for (let i = 0; i < 50; i++) { fs.writeFileSync("/f", "x".repeat(60 << 10)); fs.unlinkSync("/f") }
		fs.writeFileSync("/g", "y".repeat(90 << 10));
		fs.writeFileSync("/g", "y".repeat(10 << 10));
		fs.appendFileSync("/g", "z".repeat(80 << 10));
		console.log("ok")`)
	if res.Kind != KindNone {
		t.Fatalf("within the limit: kind %q %s", res.Kind, res.Error)
	}
	checkUsage(t, v, res)
	res = execJS(t, v, `const fs = require("fs"); try { fs.appendFileSync("/g", "z".repeat(20 << 10)) } catch (e) {} console.log("caught")`)
	if res.Kind != KindFileLimit || len(res.Stdout) != 0 {
		t.Fatalf("past the limit: kind %q %s, stdout %q", res.Kind, res.Error, res.Stdout)
	}
	if bytes, _ := checkUsage(t, v, res); bytes > limit {
		t.Fatalf("the tree holds %d bytes, limit %d", bytes, limit)
	}
}

func TestFileCountWASM(t *testing.T) {
	t.Parallel()
	const limit = 50
	for name, mod := range map[string][]byte{
		"path_open O_CREAT":     createLoopModule("path_open"),
		"path_create_directory": createLoopModule("path_create_directory"),
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			v := newFilesVM(t, Config{Files: filesSeed, Limits: jobs.Limits{FileCount: limit}})
			res := execWASM(t, v, mod, "")
			if res.Kind != KindFileLimit || res.Kind.Status() != jobs.StatusKilled {
				t.Fatalf("kind %q exit %d (%s), want %q", res.Kind, res.ExitCode, res.Error, KindFileLimit)
			}
			if !strings.Contains(res.Error, "file count limit of 50") {
				t.Errorf("error %q does not name the count limit", res.Error)
			}
			// The guest saw the refusal as an errno (EIO, 29), unless the
			// stop reached it first.
			if res.ExitCode != 29 && res.ExitCode != 1 {
				t.Errorf("exit code %d", res.ExitCode)
			}
			if _, entries := checkUsage(t, v, res); entries != limit {
				t.Fatalf("%d entries, want exactly the cap %d", entries, limit)
			}
		})
	}
}

// The command set meets the same cap, and what it deletes it may create
// again.
func TestFileCountWASMCommands(t *testing.T) {
	t.Parallel()
	const limit = 30
	v := newFilesVM(t, Config{Limits: jobs.Limits{FileCount: limit}})
	names := func(prefix string, n int) []string {
		var out []string
		for i := range n {
			out = append(out, fmt.Sprintf("%s%d", prefix, i))
		}
		return out
	}
	if code, _, stderr, err := runCmd(t, v, "", "touch", names("f", 25)...); err != nil || code != 0 {
		t.Fatalf("touch 25: %d %v %s", code, err, stderr)
	}
	_, _, _, err := runCmd(t, v, "", "touch", names("g", 10)...)
	var ce *CommandError
	if !errors.As(err, &ce) || ce.Kind != KindFileLimit {
		t.Fatalf("touch past the cap: %v", err)
	}
	if b, e := v.files.usage(); e != limit {
		t.Fatalf("%d entries (%d bytes) after the refused touch, want %d", e, b, limit)
	}
	if code, _, stderr, err := runCmd(t, v, "", "rm", names("f", 10)...); err != nil || code != 0 {
		t.Fatalf("rm: %d %v %s", code, err, stderr)
	}
	if code, _, stderr, err := runCmd(t, v, "", "mkdir", "-p", "a/b/c/d"); err != nil || code != 0 {
		t.Fatalf("mkdir -p: %d %v %s", code, err, stderr)
	}
	if code, _, stderr, err := runCmd(t, v, "", "touch", names("g", 10)...); err != nil || code != 0 {
		t.Fatalf("touch after rm: %d %v %s", code, err, stderr)
	}
	bytes, entries := walkUsage(t, v)
	if b, e := v.files.usage(); b != bytes || e != entries || e != 29 {
		t.Fatalf("counters %d bytes in %d entries, tree %d in %d (want 29 entries)", b, e, bytes, entries)
	}
}

// The counters stay exact through what only WASI can do: a file unlinked
// while open and written after, a rename over another file, ftruncate, and
// descriptors left open at exit.
func TestFileUsageExactWASM(t *testing.T) {
	t.Parallel()
	v := newFilesVM(t, Config{Files: filesSeed, Limits: jobs.Limits{FileBytes: 1 << 20}})
	res := execWASM(t, v, scriptModule(), "")
	if res.Kind != KindNone || res.ExitCode != 0 {
		t.Fatalf("kind %q exit %d: %s", res.Kind, res.ExitCode, res.Error)
	}
	bytes, entries := checkUsage(t, v, res)
	seedBytes := int64(len("seed a") + len("seed b, longer"))
	// What is left: d (b's 3000 bytes, renamed twice) and t (777).
	if wantB, wantE := seedBytes+3000+777, int64(filesSeedEntries+2); bytes != wantB || entries != wantE {
		t.Fatalf("%d bytes in %d entries, want %d in %d", bytes, entries, wantB, wantE)
	}
	// The orphan's 10000 bytes were given back when the module closed it:
	// all but the tree's bytes are free again.
	res = execWASM(t, v, hostile(t), "", "write", "fill.bin", fmt.Sprint((1<<20)-bytes))
	if res.Kind != KindNone {
		t.Fatalf("filling to the limit: kind %q %s", res.Kind, res.Error)
	}
	if b, _ := checkUsage(t, v, res); b != 1<<20 {
		t.Fatalf("%d bytes after filling, want %d", b, 1<<20)
	}
}

// wasmAsm is just enough of a WebAssembly assembler for the modules above:
// one function, _start, that calls WASI.
type wasmAsm struct {
	code []byte
	data []byte // placed at dataBase
}

const dataBase = 1024

type wasiFunc struct {
	name    string
	params  string // one letter a value: i (i32), I (i64)
	results string
}

var wasiFuncs = []wasiFunc{
	{"path_open", "iiiiiIIii", "i"},
	{"fd_write", "iiii", "i"},
	{"fd_close", "i", "i"},
	{"path_unlink_file", "iii", "i"},
	{"path_rename", "iiiiii", "i"},
	{"path_create_directory", "iii", "i"},
	{"path_remove_directory", "iii", "i"},
	{"fd_filestat_set_size", "iI", "i"},
	{"proc_exit", "i", ""},
}

func uleb(v uint64) []byte {
	var b []byte
	for {
		c := byte(v & 0x7f)
		v >>= 7
		if v != 0 {
			b = append(b, c|0x80)
			continue
		}
		return append(b, c)
	}
}

func sleb(v int64) []byte {
	var b []byte
	for {
		c := byte(v & 0x7f)
		v >>= 7
		if (v == 0 && c&0x40 == 0) || (v == -1 && c&0x40 != 0) {
			return append(b, c)
		}
		b = append(b, c|0x80)
	}
}

func (a *wasmAsm) op(b ...byte)     { a.code = append(a.code, b...) }
func (a *wasmAsm) i32(v int32)      { a.op(0x41); a.op(sleb(int64(v))...) }
func (a *wasmAsm) i64(v int64)      { a.op(0x42); a.op(sleb(v)...) }
func (a *wasmAsm) get(local uint32) { a.op(0x20); a.op(uleb(uint64(local))...) }
func (a *wasmAsm) set(local uint32) { a.op(0x21); a.op(uleb(uint64(local))...) }
func (a *wasmAsm) load(addr int32)  { a.i32(addr); a.op(0x28, 2, 0) } // i32.load
func (a *wasmAsm) call(name string) {
	for i, f := range wasiFuncs {
		if f.name == name {
			a.op(0x10)
			a.op(uleb(uint64(i))...)
			return
		}
	}
	panic("no wasi function " + name)
}

// str puts s in the data segment and returns its address and length.
func (a *wasmAsm) str(s string) (int32, int32) {
	addr := int32(dataBase + len(a.data))
	a.data = append(a.data, s...)
	return addr, int32(len(s))
}

// check exits with code when the errno on the stack is not zero.
func (a *wasmAsm) check(code int32) {
	a.set(0)
	a.get(0)
	a.op(0x04, 0x40) // if
	a.i32(code)
	a.call("proc_exit")
	a.op(0x0b)
}

const (
	rightsAll = int64(0x1fffffff)
	oCreat    = 1
	oTrunc    = 8
)

// open opens path (relative to the root, fd 3) with oflags and leaves the
// descriptor at fdAddr.
func (a *wasmAsm) open(path string, oflags int32, fdAddr int32, code int32) {
	p, n := a.str(path)
	a.i32(3)
	a.i32(0)
	a.i32(p)
	a.i32(n)
	a.i32(oflags)
	a.i64(rightsAll)
	a.i64(rightsAll)
	a.i32(0)
	a.i32(fdAddr)
	a.call("path_open")
	a.check(code)
}

// write writes n bytes (zeros, from address 0x8000) to the descriptor at
// fdAddr.
func (a *wasmAsm) write(fdAddr int32, n int32, code int32) {
	iov, _ := a.str("\x00\x80\x00\x00" + string([]byte{byte(n), byte(n >> 8), byte(n >> 16), byte(n >> 24)}))
	a.load(fdAddr)
	a.i32(iov)
	a.i32(1)
	a.i32(16) // nwritten
	a.call("fd_write")
	a.check(code)
}

func (a *wasmAsm) pathCall(name string, path string, code int32) {
	p, n := a.str(path)
	a.i32(3)
	a.i32(p)
	a.i32(n)
	a.call(name)
	a.check(code)
}

func (a *wasmAsm) rename(from, to string, code int32) {
	p, n := a.str(from)
	q, m := a.str(to)
	a.i32(3)
	a.i32(p)
	a.i32(n)
	a.i32(3)
	a.i32(q)
	a.i32(m)
	a.call("path_rename")
	a.check(code)
}

func (a *wasmAsm) close(fdAddr int32, code int32) {
	a.load(fdAddr)
	a.call("fd_close")
	a.check(code)
}

// module assembles the code as _start, with locals 0 and 1 (i32), one
// page of memory and the data segment.
func (a *wasmAsm) module() []byte {
	section := func(id byte, body []byte) []byte {
		return append(append([]byte{id}, uleb(uint64(len(body)))...), body...)
	}
	name := func(s string) []byte { return append(uleb(uint64(len(s))), s...) }
	valtypes := func(s string) []byte {
		b := uleb(uint64(len(s)))
		for _, c := range s {
			if c == 'I' {
				b = append(b, 0x7e)
			} else {
				b = append(b, 0x7f)
			}
		}
		return b
	}
	types := uleb(uint64(len(wasiFuncs) + 1))
	imports := uleb(uint64(len(wasiFuncs)))
	for i, f := range wasiFuncs {
		types = append(types, 0x60)
		types = append(types, valtypes(f.params)...)
		types = append(types, valtypes(f.results)...)
		imports = append(imports, name("wasi_snapshot_preview1")...)
		imports = append(imports, name(f.name)...)
		imports = append(imports, 0)
		imports = append(imports, uleb(uint64(i))...)
	}
	types = append(types, 0x60, 0, 0)
	start := uint64(len(wasiFuncs))
	body := append([]byte{1, 2, 0x7f}, a.code...) // two i32 locals
	body = append(body, 0x0b)
	m := []byte{0, 'a', 's', 'm', 1, 0, 0, 0}
	m = append(m, section(1, types)...)
	m = append(m, section(2, imports)...)
	m = append(m, section(3, append([]byte{1}, uleb(start)...))...)
	m = append(m, section(5, []byte{1, 0, 1})...) // one page
	exports := append([]byte{2}, name("memory")...)
	exports = append(exports, 2, 0)
	exports = append(exports, name("_start")...)
	exports = append(exports, 0)
	exports = append(exports, uleb(start)...)
	m = append(m, section(7, exports)...)
	m = append(m, section(10, append([]byte{1}, append(uleb(uint64(len(body))), body...)...))...)
	seg := []byte{1, 0, 0x41}
	seg = append(seg, sleb(dataBase)...)
	seg = append(seg, 0x0b)
	seg = append(seg, uleb(uint64(len(a.data)))...)
	seg = append(seg, a.data...)
	m = append(m, section(11, seg)...)
	return m
}

// createLoopModule makes files (path_open with O_CREAT, closing each) or
// directories (path_create_directory), named "f" and four letters from a
// counter, until a call fails (it then exits with the errno) or 65536 are
// made.
func createLoopModule(call string) []byte {
	a := &wasmAsm{}
	name, n := a.str("f????")
	const i = 1      // the counter, local 1
	a.op(0x02, 0x40) // block
	a.op(0x03, 0x40) // loop
	for k := range int32(4) {
		a.i32(name + 1 + k)
		a.get(i)
		a.i32(4 * k)
		a.op(0x76) // i32.shr_u
		a.i32(15)
		a.op(0x71) // i32.and
		a.i32('a')
		a.op(0x6a)       // i32.add
		a.op(0x3a, 0, 0) // i32.store8
	}
	a.i32(3)
	if call == "path_open" {
		a.i32(0)
		a.i32(name)
		a.i32(n)
		a.i32(oCreat)
		a.i64(rightsAll)
		a.i64(rightsAll)
		a.i32(0)
		a.i32(8)
		a.call("path_open")
	} else {
		a.i32(name)
		a.i32(n)
		a.call("path_create_directory")
	}
	a.set(0)
	a.get(0)
	a.op(0x04, 0x40) // if errno
	a.get(0)
	a.call("proc_exit")
	a.op(0x0b)
	if call == "path_open" {
		a.load(8)
		a.call("fd_close")
		a.op(0x1a) // drop
	}
	a.get(i)
	a.i32(1)
	a.op(0x6a)
	a.op(0x22, i) // local.tee
	a.i32(1 << 16)
	a.op(0x49)       // i32.lt_u
	a.op(0x0d, 0)    // br_if loop
	a.op(0x0b, 0x0b) // end loop, end block
	return a.module()
}

// scriptModule runs the steps of TestFileUsageExactWASM; a failing step
// exits with its number.
func scriptModule() []byte {
	a := &wasmAsm{}
	a.open("a", oCreat|oTrunc, 8, 101) // a: left open
	a.write(8, 5000, 102)
	a.open("b", oCreat, 12, 103)
	a.write(12, 3000, 104)
	a.close(12, 105)
	a.rename("b", "c", 106)
	a.open("d", oCreat, 12, 107)
	a.write(12, 100, 108)
	a.close(12, 109)
	a.rename("c", "d", 110)                  // over d: its entry and 100 bytes go
	a.pathCall("path_unlink_file", "a", 111) // a is open: an orphan
	a.write(8, 5000, 112)                    // the orphan grows to 10000
	a.pathCall("path_create_directory", "dir", 113)
	a.open("dir/x", oCreat, 12, 114)
	a.write(12, 10, 115)
	a.close(12, 116)
	a.pathCall("path_unlink_file", "dir/x", 117)
	a.pathCall("path_remove_directory", "dir", 118)
	a.open("t", oCreat, 12, 119)
	a.load(12)
	a.i64(777)
	a.call("fd_filestat_set_size")
	a.check(120)
	a.close(12, 121)
	// a (the orphan) is never closed: the module's end closes it.
	return a.module()
}

// A guest cannot make a tree deep enough that one fs call (mkdir -p, each
// level resolved from the root) runs for long past its deadline: a path
// past maxPathDepth levels is ENAMETOOLONG, at once.
func TestDeepMkdirRefused(t *testing.T) {
	v := newNodeVM(t, Config{Limits: jobs.Limits{Timeout: jobs.Duration(10 * time.Second)}})
	start := time.Now()
	res := execJS(t, v, `
		const fs = require("fs");
		let code = "";
		try { fs.mkdirSync("/" + "a/".repeat(20000), {recursive: true}) } catch (e) { code = e.code }
		fs.mkdirSync("/" + "b/".repeat(200), {recursive: true});
		console.log(code, fs.existsSync("/" + "b/".repeat(200)))`)
	if res.Kind != KindNone || string(res.Stdout) != "ENAMETOOLONG true\n" {
		t.Fatalf("%s %q %q", res.Kind, res.Stdout, res.Error)
	}
	if d := time.Since(start); d > 8*time.Second {
		t.Errorf("took %s", d)
	}
}
