package guest

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"testing"

	"github.com/natsexec/natsexec/jobs"
)

// TestMiscMatchesNode20 runs the programs of testdata/misc (URL, stacks,
// require.main, Symbol.asyncIterator, atob, process.version) and compares
// their output with Node 20's.
func TestMiscMatchesNode20(t *testing.T) {
	matchNode20(t, "testdata/misc")
}

// testdata/misc/require is a program of several files (main.js requires
// the others); matchNode20 runs single files, so this seeds the VM with the
// whole directory and runs main.js, which prints paths relative to its own
// directory so Node's run in the tree and the VM's at / compare. Regenerate
// with `cd testdata/misc/require && node main.js > main.out`.
func TestMiscRequireMatchesNode20(t *testing.T) {
	t.Parallel()
	const dir = "testdata/misc/require"
	var files []jobs.File
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || filepath.Ext(p) == ".out" {
			return err
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		files = append(files, jobs.File{Path: filepath.ToSlash(rel), Data: data})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	want, err := os.ReadFile(filepath.Join(dir, "main.out"))
	if err != nil {
		t.Fatal(err)
	}
	src, err := os.ReadFile(filepath.Join(dir, "main.js"))
	if err != nil {
		t.Fatal(err)
	}
	v := newNodeVM(t, Config{Files: files})
	// Twice: each exec evaluates the files afresh, with an empty cache.
	for range 2 {
		res := execReq(t, v, ExecRequest{Runtime: jobs.RuntimeJS, Filename: "/main.js", Source: string(src)})
		if res.Kind != KindNone || res.ExitCode != 0 {
			t.Fatalf("kind %q exit %d: %s\nstdout:\n%s\nstderr:\n%s", res.Kind, res.ExitCode, res.Error, res.Stdout, res.Stderr)
		}
		if !bytes.Equal(res.Stdout, want) {
			t.Fatalf("stdout differs from Node's:\n%s", lineDiff(string(want), string(res.Stdout)))
		}
	}
}

// Streams still answer to the key they iterated under before goja had
// Symbol.asyncIterator (Node has no such key, so no Node output to match).
func TestMiscStreamFallbackKey(t *testing.T) {
	res := runJS(t, `
		const { Readable } = require('stream');
		const key = Symbol.for('Symbol.asyncIterator');
		console.log(Readable.prototype[key] === Readable.prototype[Symbol.asyncIterator]);
		const it = Readable.from(['a', 'b'])[key]();
		(async () => { let s = ''; for (let r; !(r = await it.next()).done;) s += r.value; console.log(s); })();`)
	wantStdout(t, res, "true\nab\n")
}
