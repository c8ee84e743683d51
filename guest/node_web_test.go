package guest

import (
	"strings"
	"testing"
	"time"

	"github.com/dop251/goja"
	"github.com/natsexec/natsexec/jobs"
)

// Each testdata/web/NAME.js prints exactly what Node 20 printed for it.
func TestWebNode20(t *testing.T) {
	t.Parallel()
	matchNode20(t, "testdata/web")
}

// A getter that hands out a fresh object with ten more such getters, down
// to depth 30: a graph no clone finishes, built in microseconds.
const endlessGraph = `function node(d) {
	const o = {};
	for (let i = 0; i < 10; i++) Object.defineProperty(o, "k" + i, { enumerable: true, get: () => d < 30 ? node(d + 1) : 0 });
	return o;
}
structuredClone(node(0));`

// One structuredClone call is guest bytecode like any loop: a deadline
// stops it at once.
func TestWebCloneDeadline(t *testing.T) {
	v := newNodeVM(t, Config{Limits: jobs.Limits{Timeout: jobs.Duration(100 * time.Millisecond)}})
	start := time.Now()
	res := execJS(t, v, endlessGraph)
	if res.Kind != KindTimeout {
		t.Fatalf("kind %q: %s", res.Kind, res.Error)
	}
	if took := time.Since(start); took > 100*time.Millisecond+time.Second {
		t.Errorf("stopped after %s", took)
	}
	if res := execJS(t, v, `console.log(JSON.stringify(structuredClone({a: [1]})))`); res.Kind != KindNone || string(res.Stdout) != "{\"a\":[1]}\n" {
		t.Fatalf("after the deadline: %q %s %q", res.Kind, res.Error, res.Stdout)
	}
}

// ... and the memory watchdog stops it when the copy outgrows the budget.
// Not parallel: the watchdog reads the process heap (see
// TestNodeMemoryLimit).
func TestWebCloneMemory(t *testing.T) {
	v := newNodeVM(t, Config{Limits: jobs.Limits{MemoryBytes: 16 << 20, Timeout: jobs.Duration(20 * time.Second)}})
	res := execJS(t, v, endlessGraph)
	if res.Kind != KindMemory {
		t.Fatalf("kind %q: %s", res.Kind, res.Error)
	}
}

// Each runtime builds its own web globals: one VM's changes to them are
// not another's, and a reset starts afresh.
func TestWebGlobalsIsolated(t *testing.T) {
	t.Parallel()
	a, b := newNodeVM(t, Config{}), newNodeVM(t, Config{})
	res := execJS(t, a, `DOMException.prototype.leak = 1; AbortSignal.abort = null; globalThis.kept = new EventTarget()`)
	if res.Kind != KindNone {
		t.Fatalf("%q %s", res.Kind, res.Error)
	}
	check := `console.log(typeof DOMException.prototype.leak, typeof AbortSignal.abort, typeof kept)`
	wantStdout(t, execJS(t, b, check), "undefined function undefined\n")
	// Globals persist from one exec to the next in a VM, as the rest of the surface.
	wantStdout(t, execJS(t, a, check+`; console.log(kept instanceof EventTarget)`), "number object object\ntrue\n")
	if err := a.Reset(t.Context()); err != nil {
		t.Fatal(err)
	}
	wantStdout(t, execJS(t, a, check), "undefined function undefined\n")
}

// The guest's clock policy reaches performance and Event.timeStamp.
func TestWebFrozenClock(t *testing.T) {
	t.Parallel()
	v := newNodeVM(t, Config{Time: TimeFrozen})
	res := execJS(t, v, `const a = [performance.now(), new Event("x").timeStamp, performance.mark("m").startTime];
		let x = 0; for (let i = 0; i < 2e4; i++) x += i;
		const b = [performance.now(), new Event("y").timeStamp, performance.mark("n").startTime];
		console.log(a.every((v, i) => v === b[i]))`)
	wantStdout(t, res, "true\n")
}

// goja lacks these; the polyfills fill the gap. When goja gains one, this
// fails: drop the polyfill (js_web.go) and the note in doc.go.
func TestWebGojaGaps(t *testing.T) {
	t.Parallel()
	v, err := goja.New().RunString(`[typeof WeakRef, typeof FinalizationRegistry, typeof structuredClone].join()`)
	if err != nil {
		t.Fatal(err)
	}
	if got := v.String(); got != "undefined,undefined,undefined" {
		t.Errorf("goja now has %s", got)
	}
}

func TestWebDecodeUTF8(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{
		"abc":                  "abc",
		"\xff\xfe":             "\uFFFD\uFFFD",
		"a\xe2\x82b":           "a\uFFFDb",
		"\xf0\x9f\x98":         "\uFFFD",
		"\xed\xa0\x80":         "\uFFFD\uFFFD\uFFFD",
		"\xc0\xaf":             "\uFFFD\uFFFD",
		"\xf4\x90\x80\x80":     "\uFFFD\uFFFD\uFFFD\uFFFD",
		"x\xe2\x82\xacy\xe2":   "x€y\uFFFD",
		"\xf0\x9f\x98\x80\x80": "😀\uFFFD",
	} {
		if got := decodeUTF8([]byte(in)); got != want {
			t.Errorf("%q: got %q, want %q", in, got, want)
		}
	}
}

// Bytes too many for a string throw V8's RangeError rather than build it.
// No guest can make such a buffer under a small budget, so Go hands one in.
func TestWebDecodeBound(t *testing.T) {
	t.Parallel()
	v := newNodeVM(t, Config{Limits: jobs.Limits{MemoryBytes: 1 << 20}})
	execJS(t, v, `1`)
	js := v.node.js
	decode, _ := goja.AssertFunction(js.webBinding().Get("decode"))
	for n, want := range map[int]string{1 << 20: "", 1<<20 + 1: "RangeError: Invalid string length"} {
		_, err := decode(goja.Undefined(), js.rt.ToValue(js.rt.NewArrayBuffer(make([]byte, n))))
		if got := ""; err != nil {
			got = strings.SplitN(err.Error(), " at", 2)[0]
			if got != want {
				t.Errorf("%d bytes: %q, want %q", n, got, want)
			}
		} else if want != "" {
			t.Errorf("%d bytes decoded", n)
		}
	}
}
