package guest

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/natsexec/natsexec/jobs"
)

// Hostile guests: each program prints what it could reach; want is the
// only acceptable output.
func TestNodeHostileGuests(t *testing.T) {
	t.Parallel()
	cases := []struct{ name, src, want string }{
		{"etc/passwd", `try { require("fs").readFileSync("/etc/passwd"); console.log("READ") } catch (e) { console.log(e.code) }`, "ENOENT\n"},
		{"dotdot", `try { require("fs").readFileSync("../../../../etc/passwd"); console.log("READ") } catch (e) { console.log(e.code) }`, "ENOENT\n"},
		{"symlink escape", `try { console.log(require("fs").readFileSync("/escape/passwd", "utf8")) } catch (e) { console.log(e.code) }`, "EACCES\n"},
		{"symlink file escape", `try { console.log(require("fs").readFileSync("/hosts", "utf8")) } catch (e) { console.log(e.code) }`, "EACCES\n"},
		{"require host file", `try { require("/etc/passwd") } catch (e) { console.log(e.code) }`, "MODULE_NOT_FOUND\n"},
		{"require escape", `try { require("../../../../etc/hostname") } catch (e) { console.log(e.code) }`, "MODULE_NOT_FOUND\n"},
		{"write outside", `const fs = require("fs"); fs.mkdirSync("/tmp"); fs.writeFileSync("../../../tmp/natsexec-escape", "x"); console.log(fs.readdirSync("/tmp").join())`, "natsexec-escape\n"},
		{"no Go names", `const fs = require("fs"); console.log(fs.readFileSync.name, console.log.name, setTimeout.name); try { fs.readFileSync("/nope") } catch (e) { console.log(e.name, typeof e.value, /github|\.go/.test(e.stack)) }`, "readFileSync log setTimeout\nError undefined false\n"},
		{"Function this", `console.log(Function("return this")() === globalThis, typeof Function("return this")().process.env.HOME)`, "true undefined\n"},
		{"constructor chain", `const p = this.constructor.constructor("return process")(); console.log(p === process, JSON.stringify(p.env))`, "true {}\n"},
		{"no Go reflection", `console.log(typeof require("fs").readFileSync.call, Object.getOwnPropertyNames(process).some(k => /^[A-Z]/.test(k)))`, "function false\n"},
		{"Object.prototype pollution", `Object.prototype.env = {HOME: "/x"}; Object.prototype.exitCode = 3; Object.defineProperty(Object.prototype, "code", {get() { throw new Error("trap") }, configurable: true});
			console.log(typeof require("fs").existsSync, require("path").join("a", "b"))`, "function a/b\n"},
		{"override require", `require = () => ({ readFileSync: () => "fake" }); module.require = null; console.log(require("fs").readFileSync("/x"), typeof globalThis.require)`, "fake undefined\n"},
		{"Buffer.prototype patch", `Buffer.prototype.toString = () => "patched"; Buffer.from = () => { throw new Error("from") }; globalThis.Buffer = null;
			console.log(require("fs").readFileSync("/in.txt", "utf8"), require("fs").readFileSync("/in.txt").length)`, "seed 4\n"},
		{"JSON tamper", `JSON.stringify = () => "x"; JSON.parse = () => ({}); console.log(require("./data.json").v)`, "undefined\n"},
		{"process.binding", `console.log(typeof process.binding, typeof process.dlopen, typeof process.mainModule)`, "undefined undefined undefined\n"},
	}
	outside := t.TempDir()
	os.WriteFile(filepath.Join(outside, "passwd"), []byte("secret"), 0o644)
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			v := newNodeVM(t, Config{Files: []jobs.File{
				{Path: "in.txt", Data: []byte("seed")},
				{Path: "data.json", Data: []byte(`{"v": 1}`)},
			}})
			os.Symlink(outside, filepath.Join(v.Dir(), "escape"))
			os.Symlink("/etc/hosts", filepath.Join(v.Dir(), "hosts"))
			res := execJS(t, v, c.src)
			if string(res.Stdout) != c.want {
				t.Errorf("stdout %q, want %q (kind %q %s)", res.Stdout, c.want, res.Kind, res.Error)
			}
			if strings.Contains(string(res.Stdout), "secret") {
				t.Error("read a file outside the VM")
			}
		})
	}
	if _, err := os.Stat("/tmp/natsexec-escape"); err == nil {
		t.Error("a guest wrote outside its VM")
	}
}

// Two VMs in one process, and one VM across reset, never share globals,
// modules or files.
func TestNodeVMIsolation(t *testing.T) {
	t.Parallel()
	a := newNodeVM(t, Config{Files: []jobs.File{{Path: "lib.js", Data: []byte(`module.exports = "A"`)}}})
	b := newNodeVM(t, Config{Files: []jobs.File{{Path: "lib.js", Data: []byte(`module.exports = "B"`)}}})
	res := execJS(t, a, `globalThis.secret = 1; Object.prototype.polluted = 1; Array.prototype.push = null; require("fs").writeFileSync("/a-only", "x"); console.log(require("./lib"))`)
	wantStdout(t, res, "A\n")
	res = execJS(t, b, `console.log(typeof secret, ({}).polluted, typeof [].push, require("fs").existsSync("/a-only"), require("./lib"))`)
	wantStdout(t, res, "undefined undefined function false B\n")
	// Globals persist within a VM until reset.
	res = execJS(t, a, `console.log(typeof secret, require("fs").existsSync("/a-only"))`)
	wantStdout(t, res, "number true\n")
	if err := a.Reset(context.Background()); err != nil {
		t.Fatal(err)
	}
	res = execJS(t, a, `console.log(typeof secret, ({}).polluted, typeof [].push, require("fs").existsSync("/a-only"), require("./lib"))`)
	wantStdout(t, res, "undefined undefined function false A\n")
}

// A timer left behind by a stopped exec must not fire in the next one.
func TestNodeNoLeftoversBetweenExecs(t *testing.T) {
	t.Parallel()
	v := newNodeVM(t, Config{})
	res := execJS(t, v, `setTimeout(() => console.log("stale"), 1); process.exit(0)`)
	if res.Kind != KindNone {
		t.Fatal(res.Error)
	}
	res = execJS(t, v, `setTimeout(() => console.log("fresh"), 2)`)
	wantStdout(t, res, "fresh\n")
}
