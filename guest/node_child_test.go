package guest

import (
	"context"
	"strings"
	"testing"

	"github.com/natsexec/natsexec/jobs"
)

// child_process against the real WASM command set.
func TestNodeChildProcess(t *testing.T) {
	if testing.Short() {
		t.Skip("compiles the WASM command set")
	}
	t.Parallel()
	v := newNodeVM(t, Config{Files: []jobs.File{{Path: "words.txt", Data: []byte("b\na\nb\n")}}})
	if err := v.MountWASM(context.Background()); err != nil {
		t.Fatal(err)
	}
	res := execJS(t, v, `const cp = require("child_process");
		console.log(cp.execSync("echo 'hello world'", {encoding: "utf8"}).trim());
		console.log(cp.execSync("cat /words.txt | sort | uniq").toString().split("\n").join(","));
		const r = cp.spawnSync("wc", ["-l"], {input: "x\ny\n", encoding: "utf8"});
		console.log(r.status, r.stdout.trim());
		console.log(cp.spawnSync("false").status);
		try { cp.execSync("false") } catch (e) { console.log("threw", e.status) }
		const u = cp.spawnSync("no-such-command");
		console.log(u.status, u.error && u.error.code);
		console.log(cp.execFileSync("seq", ["3"], {encoding: "utf8"}).split("\n").join(""));`)
	if res.Kind != KindNone {
		t.Fatalf("%q %s\nstderr %s", res.Kind, res.Error, res.Stderr)
	}
	want := "hello world\na,b,\n0 2\n1\nthrew 1\nnull ENOENT\n123\n"
	if got := string(res.Stdout); got != want {
		t.Errorf("stdout %q, want %q\nstderr %q", got, want, res.Stderr)
	}
	if strings.Contains(string(res.Stderr), "github.com") {
		t.Errorf("stderr %q", res.Stderr)
	}
}
