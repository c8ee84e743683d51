package goja

// natsexec patch: V8's stack trace API (stacktrace.go).

import (
	"strings"
	"testing"
)

func runStackJS(t *testing.T, r *Runtime, src string) string {
	t.Helper()
	v, err := r.RunScript("s.js", src)
	if err != nil {
		t.Fatal(err)
	}
	return v.String()
}

func TestNatsexecStackTraceLimit(t *testing.T) {
	r := New()
	got := runStackJS(t, r, `
		function deep(n) { return n ? deep(n - 1) : new Error('d'); }
		const frames = e => e.stack.split('\n').filter(l => l.startsWith('\tat ')).length;
		const d = Object.getOwnPropertyDescriptor(Error, 'stackTraceLimit');
		const out = [Error.stackTraceLimit, d.writable, d.enumerable, d.configurable, frames(deep(30))];
		Error.stackTraceLimit = 3; out.push(frames(deep(30)));
		Error.stackTraceLimit = 0; out.push(JSON.stringify(deep(30).stack));
		Error.stackTraceLimit = Infinity; out.push(frames(deep(30)));
		Error.stackTraceLimit = -1; out.push(frames(deep(30)));
		Error.stackTraceLimit = 'x'; out.push(typeof deep(1).stack, 'stack' in deep(1));
		Object.defineProperty(Error, 'stackTraceLimit', { get() { throw new Error('getter called'); }, configurable: true });
		out.push(typeof deep(1).stack);
		delete Error.stackTraceLimit; out.push(typeof deep(1).stack);
		Error.stackTraceLimit = 10;
		try { null.x } catch (e) { out.push(frames(e)) }
		out.join()`)
	if want := "10,true,true,true,10,3,\"Error: d\\n\",32,0,undefined,true,undefined,undefined,1"; got != want {
		t.Fatalf("got  %s\nwant %s", got, want)
	}
}

func TestNatsexecCaptureStackTrace(t *testing.T) {
	r := New()
	got := runStackJS(t, r, `
		const out = [];
		const names = s => s.split('\n').slice(1).filter(Boolean).map(l => l.replace(/^\tat (\S+) .*|^\tat .*/, (m, n) => n || 'anon')).join('>');
		const o = {};
		function top() { Error.captureStackTrace(o); }
		top();
		const d = Object.getOwnPropertyDescriptor(o, 'stack');
		out.push(d.writable, d.enumerable, d.configurable, names(o.stack), o.stack.split('\n')[0]);
		const named = { name: 'Foo', message: 'bar' };
		Error.captureStackTrace(named);
		out.push(named.stack.split('\n')[0], Object.keys(named).join('+'));

		function a() { return b(); }
		function b() { return c(); }
		function c() { const x = {}; Error.captureStackTrace(x, b); return x.stack; }
		out.push(names(a()));
		const arrow = () => { const x = {}; Error.captureStackTrace(x, arrow); return x.stack; };
		function callsArrow() { return arrow(); }
		out.push(names(callsArrow()));
		function notCalled() {}
		function e() { const x = {}; Error.captureStackTrace(x, notCalled); return JSON.stringify(x.stack); }
		out.push(e());
		function ignoresNonFunction() { const x = {}; Error.captureStackTrace(x, 5); return names(x.stack); }
		out.push(ignoresNonFunction());

		class MyErr extends Error {
			constructor(m) { super(m); this.name = 'MyErr'; Error.captureStackTrace(this, MyErr); }
		}
		function make() { return new MyErr('q'); }
		const me = make();
		out.push(me.stack.split('\n')[0], names(me.stack), Object.getOwnPropertyDescriptor(me, 'stack').enumerable);
		const read = new Error('r'); read.stack;
		function recapture() { Error.captureStackTrace(read); }
		recapture();
		out.push(names(read.stack));

		for (const bad of [undefined, 1, 'x']) {
			try { Error.captureStackTrace(bad); } catch (err) { out.push(err.name + ':' + err.message); }
		}
		try { Error.captureStackTrace(Object.freeze({})); } catch (err) { out.push(err.message); }
		try { Error.captureStackTrace(Object.preventExtensions({ stack: 'old' })); } catch (err) { out.push('refused'); }
		const fixed = Object.defineProperty({}, 'stack', { value: 'fixed' });
		Error.captureStackTrace(fixed);
		out.push(fixed.stack);
		Error.stackTraceLimit = 'off';
		const off = {}; Error.captureStackTrace(off);
		out.push('stack' in off, typeof off.stack);
		out.join('|')`)
	want := "true|false|true|top>anon|Error|Foo: bar|name+message|a>anon|callsArrow>anon|\"Error\\n\"|ignoresNonFunction>anon|MyErr: q|make>anon|false|recapture>anon" +
		"|TypeError:invalid_argument|TypeError:invalid_argument|TypeError:invalid_argument|Cannot define property stack, object is not extensible|refused|fixed|true|undefined"
	if got != want {
		t.Fatalf("got  %s\nwant %s", got, want)
	}
}

// The formatter sees the captured frames and runs when the stack is first
// read, so it sees what the error is by then.
func TestNatsexecStackFormatter(t *testing.T) {
	r := New()
	calls := 0
	r.SetStackFormatter(func(obj *Object, frames []StackFrame) Value {
		calls++
		var b strings.Builder
		name := "Error"
		if n := obj.Get("name"); n != nil {
			name = n.String()
		}
		b.WriteString(name)
		for _, f := range frames {
			b.WriteString(" " + f.FuncName())
		}
		return r.ToValue(b.String())
	})
	got := runStackJS(t, r, `
		function f() { return new TypeError('x'); }
		const e = f();
		e.name = 'Renamed';
		const o = {};
		(function g() { Error.captureStackTrace(o); })();
		[e.stack, e.stack, o.stack].join('|')`)
	if want := "Renamed f <anonymous>|Renamed f <anonymous>|Error g <anonymous>"; got != want {
		t.Fatalf("got %s, want %s", got, want)
	}
	if calls != 2 {
		t.Errorf("formatter ran %d times, want 2", calls)
	}
}

// A capture costs the frames it keeps: an error at the bottom of a deep
// stack does not copy the whole stack.
func TestNatsexecStackCaptureBounded(t *testing.T) {
	r := New()
	r.SetMaxCallStackSize(1 << 20)
	got := runStackJS(t, r, `
		let n = 0;
		function deep(k) { if (k) return deep(k - 1); for (let i = 0; i < 5000; i++) { new Error('x'); n++; } return new Error('y'); }
		const e = deep(20000);
		[n, e.stack.split('\n').length].join()`)
	if got != "5000,12" {
		t.Fatalf("got %s", got)
	}
}
