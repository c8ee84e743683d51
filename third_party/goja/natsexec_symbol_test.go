package goja

// natsexec patch: Symbol.asyncIterator (builtin_symbol.go).

import "testing"

// esbuildForAwait is esbuild's lowering of
//
//	async function* gen() { yield 1; yield 2 }
//	for await (const x of gen()) out.push(x)
//
// (Supported: async-generator and for-await false), which is how guest code
// runs for await: goja parses neither.
const esbuildForAwait = `
var __knownSymbol = (name, symbol) => (symbol = Symbol[name]) ? symbol : Symbol.for("Symbol." + name);
var __await = function(promise, isYieldStar) { this[0] = promise; this[1] = isYieldStar; };
var __asyncGenerator = (__this, __arguments, generator) => {
  var resume = (k, v, yes, no) => {
    try {
      var x = generator[k](v), isAwait = (v = x.value) instanceof __await, done = x.done;
      Promise.resolve(isAwait ? v[0] : v).then((y) => isAwait ? resume(k === "return" ? k : "next", v[1] ? { done: y.done, value: y.value } : y, yes, no) : yes({ value: y, done })).catch((e) => resume("throw", e, yes, no));
    } catch (e) {
      no(e);
    }
  }, method = (k, call, wait, clear) => it[k] = (x) => (call = new Promise((yes, no, run) => (run = () => resume(k, x, yes, no), q ? q.then(run) : run())), clear = () => q === wait && (q = 0), q = wait = call.then(clear, clear), call), q, it = {};
  return generator = generator.apply(__this, __arguments), it[__knownSymbol("asyncIterator")] = () => it, method("next"), method("throw"), method("return"), it;
};
var __forAwait = (obj, it, method) => (it = obj[__knownSymbol("asyncIterator")]) ? it.call(obj) : (obj = obj[__knownSymbol("iterator")](), it = {}, method = (key, fn) => (fn = obj[key]) && (it[key] = (arg) => new Promise((yes, no, done) => (arg = fn.call(obj, arg), done = arg.done, Promise.resolve(arg.value).then((value) => yes({ value, done }), no)))), method("next"), method("return"), it);
function gen() {
  return __asyncGenerator(this, null, function* () { yield 1; yield 2; });
}
async function collect(src) {
  const out = [];
  for (var iter = __forAwait(src), more, temp; more = !(temp = await iter.next()).done; more = false) {
    out.push(temp.value);
  }
  return out;
}
`

func TestNatsexecSymbolAsyncIterator(t *testing.T) {
	r := New()
	v, err := r.RunString(`
		const d = Object.getOwnPropertyDescriptor(Symbol, "asyncIterator");
		[typeof Symbol.asyncIterator, String(Symbol.asyncIterator), Symbol.asyncIterator.description,
		 d.writable, d.enumerable, d.configurable,
		 Symbol.asyncIterator === Symbol.for("Symbol.asyncIterator"), Symbol.keyFor(Symbol.asyncIterator)].join()`)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := v.String(), "symbol,Symbol(Symbol.asyncIterator),Symbol.asyncIterator,false,false,false,false,"; got != want {
		t.Fatalf("got %s, want %s", got, want)
	}

	// Lowered async generators carry the real symbol, and lowered for await
	// takes it from a hand-written async iterable too.
	if _, err := r.RunString(esbuildForAwait + `
		var results = [];
		var g = gen();
		results.push(typeof g[Symbol.asyncIterator], g[Symbol.asyncIterator]() === g);
		const manual = { [Symbol.asyncIterator]() {
			let i = 0;
			return { next: () => Promise.resolve(i < 3 ? { value: "m" + i++, done: false } : { done: true }) };
		} };
		(async () => {
			for (const src of [gen(), manual, ["s1", Promise.resolve("s2")]]) results.push((await collect(src)).join("+"));
		})();
	`); err != nil {
		t.Fatal(err)
	}
	if got, want := r.Get("results").String(), "function,true,1+2,m0+m1+m2,s1+s2"; got != want {
		t.Fatalf("got %s, want %s", got, want)
	}
}
