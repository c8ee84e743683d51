package guest

import (
	"bytes"
	"fmt"
	"testing"

	"github.com/dop251/goja"
	"github.com/natsexec/natsexec/jobs"
)

// Each testdata/stream/NAME.js, with NAME.stdin as its standard input where
// there is one, prints exactly what Node 20 printed for it.
func TestStreamNode20(t *testing.T) {
	t.Parallel()
	matchNode20(t, "testdata/stream")
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

// process.stdin is a stream.Readable of the exec's input, as Node's is
// when stdin is a file: each testdata/stdin/NAME.js reads NAME.stdin.
func TestStdinNode20(t *testing.T) {
	t.Parallel()
	matchNode20(t, "testdata/stdin")
}

// process.stdin belongs to the exec: two execs on one VM (as a resident
// runner runs them) each read their own input, whether the first read all
// of it, some of it or none; a program that does not touch process.stdin
// builds no stream.
func TestStreamStdinPerExec(t *testing.T) {
	t.Parallel()
	v := newNodeVM(t, Config{})
	res := execReq(t, v, ExecRequest{Runtime: jobs.RuntimeJS, Source: `console.log(typeof process.exit)`, Stdin: []byte("unread")})
	wantStdout(t, res, "function\n")
	if _, ok := v.node.js.builtins["stream"]; ok {
		t.Error("stream built by a program that never touched process.stdin")
	}
	const readAll = `let got = ''; process.stdin.setEncoding('utf8');
process.stdin.on('data', (c) => { got += c; }).on('end', () => console.log(JSON.stringify(got), process.stdin.bytesRead, process.stdin instanceof require('stream').Readable));`
	for _, in := range []string{"first exec\n", "second, longer exec\n", ""} {
		res := execReq(t, v, ExecRequest{Runtime: jobs.RuntimeJS, Source: readAll, Stdin: []byte(in)})
		want := fmt.Sprintf("%q %d true\n", in, len(in))
		wantStdout(t, res, want)
	}
	// An exec that leaves its input half read, then one that keeps the
	// previous exec's stream in a global: the next exec's process.stdin is
	// new and holds only its own input.
	res = execReq(t, v, ExecRequest{Runtime: jobs.RuntimeJS, Source: `globalThis.old = process.stdin; process.stdin.once('data', (c) => { console.log(c.length); process.stdin.pause(); });`, Stdin: bytes.Repeat([]byte("x"), 70000)})
	wantStdout(t, res, "65536\n")
	res = execReq(t, v, ExecRequest{Runtime: jobs.RuntimeJS, Source: `console.log(old === process.stdin);
const rl = require('readline').createInterface({ input: process.stdin });
const lines = []; rl.on('line', (l) => lines.push(l)).on('close', () => console.log(lines));`, Stdin: []byte("a\nb")})
	wantStdout(t, res, "false\n[ 'a', 'b' ]\n")
}
