package guest

import (
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
