package guest

import (
	"bytes"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dop251/goja"
	"github.com/natsexec/natsexec/jobs"
)

// Each testdata/stream/NAME.js runs in a fresh VM, with NAME.stdin (if
// any) as its standard input, and must print exactly what Node 20 printed
// for it, kept beside it as NAME.out (`node NAME.js < NAME.stdin > NAME.out`).
func TestStreamNode20(t *testing.T) {
	t.Parallel()
	files, err := filepath.Glob("testdata/stream/*.js")
	if err != nil || len(files) == 0 {
		t.Fatalf("no programs: %v", err)
	}
	for _, file := range files {
		name := strings.TrimSuffix(filepath.Base(file), ".js")
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			base := strings.TrimSuffix(file, ".js")
			src, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			want, err := os.ReadFile(base + ".out")
			if err != nil {
				t.Fatal(err)
			}
			stdin, err := os.ReadFile(base + ".stdin")
			if err != nil && !errors.Is(err, fs.ErrNotExist) {
				t.Fatal(err)
			}
			res := execReq(t, newNodeVM(t, Config{}), ExecRequest{Runtime: jobs.RuntimeJS, Filename: "/" + name + ".js", Source: string(src), Stdin: stdin})
			if res.Kind != KindNone || res.ExitCode != 0 {
				t.Fatalf("kind %q exit %d: %s\nstdout:\n%s", res.Kind, res.ExitCode, res.Error, res.Stdout)
			}
			if !bytes.Equal(res.Stdout, want) {
				t.Errorf("stdout differs from Node's:\n%s", lineDiff(string(want), string(res.Stdout)))
			}
		})
	}
}

// A program that never requires stream does not build it.
func TestStreamLazy(t *testing.T) {
	t.Parallel()
	v := newNodeVM(t, Config{})
	wantStdout(t, execJS(t, v, `console.log(typeof require('events'))`), "function\n")
	js := v.node.js
	for _, k := range []string{"stream", "\x00streamBinding"} {
		if _, ok := js.builtins[k]; ok {
			t.Errorf("%q built without a require", k)
		}
	}
}

// bindAsyncContext carries an AsyncLocalStorage context to callbacks that
// are not promise jobs, and a throw in them still reaches the guest.
func TestStreamBindAsyncContext(t *testing.T) {
	t.Parallel()
	v := newNodeVM(t, Config{})
	wantStdout(t, execJS(t, v, `console.log(1)`), "1\n")
	js := v.node.js
	v.node.rt.Set("bindTest", func(c goja.FunctionCall) goja.Value { return js.bindAsyncContext(c.Argument(0)) })
	res := execJS(t, v, `const { AsyncLocalStorage } = require('async_hooks');
const als = new AsyncLocalStorage();
const plain = bindTest(() => 0);
let bound;
als.run('kept', () => { bound = bindTest(() => als.getStore()); });
console.log(bound(), als.getStore(), typeof plain);
const thrower = als.run('x', () => bindTest(() => { throw new RangeError('inside'); }));
try { thrower(); } catch (e) { console.log(e instanceof RangeError, e.message, als.getStore()); }`)
	wantStdout(t, res, "kept undefined function\ntrue inside undefined\n")
}

// stdinStream is ready to be process.stdin: a Readable of the exec's
// input that readline reads too.
func TestStreamStdinReadable(t *testing.T) {
	t.Parallel()
	v := newNodeVM(t, Config{})
	wantStdout(t, execJS(t, v, `0`), "")
	js := v.node.js
	v.node.rt.Set("stdinTest", func(goja.FunctionCall) goja.Value { return js.stdinStream() })
	res := execReq(t, v, ExecRequest{Runtime: jobs.RuntimeJS, Filename: "/s.js", Stdin: []byte("a\nb"), Source: `const s = stdinTest();
const rl = require('readline').createInterface({ input: s });
const seen = [];
rl.on('line', (l) => seen.push(l)).on('close', () => console.log(s.fd, s instanceof require('stream').Readable, seen));`})
	wantStdout(t, res, "0 true [ 'a', 'b' ]\n")
}
