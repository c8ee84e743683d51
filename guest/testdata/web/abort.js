// AbortController and AbortSignal, with timeout on the guest's timers.
const show = (label, v) => console.log(label + ": " + JSON.stringify(v));
const fails = (label, f) => {
  try {
    f();
    console.log(label + ": no error");
  } catch (e) {
    console.log(label + ": " + (e && e.name) + " | " + (e && e.message) + " | " + (e && e.code) + " | " + (typeof e === "string" ? e : ""));
  }
};
const ac = new AbortController();
const s = ac.signal;
show("shape", [Object.prototype.toString.call(ac), Object.prototype.toString.call(s), s instanceof EventTarget, s.aborted, s.reason === undefined, s.onabort, Object.getOwnPropertyNames(AbortSignal.prototype), Object.getOwnPropertyNames(AbortController.prototype), Object.getOwnPropertyNames(AbortSignal), Object.keys(AbortSignal.prototype), Object.keys(AbortController.prototype), ac.signal === s]);
show("lengths", [AbortSignal.length, AbortController.length, AbortSignal.timeout.length, AbortSignal.any.length, AbortSignal.abort.length]);
const seen = [];
s.onabort = function (e) { seen.push("onabort:" + e.type + ":" + e.isTrusted + ":" + (e.target === s) + ":" + (this === s)); };
s.addEventListener("abort", function (e) { seen.push("listener:" + (this === s) + ":" + s.aborted + ":" + e.eventPhase); });
show("onabort type", typeof s.onabort);
ac.abort();
ac.abort("again");
show("aborted", [seen, s.aborted, s.reason.name, s.reason.message, s.reason.code, s.reason instanceof DOMException]);
fails("throwIfAborted", () => s.throwIfAborted());
const ac2 = new AbortController();
ac2.abort("why");
fails("string reason", () => ac2.signal.throwIfAborted());
show("reasons", [(() => { const c = new AbortController(); c.abort(undefined); return c.signal.reason.name; })(), (() => { const c = new AbortController(); c.abort(null); return c.signal.reason; })(), (() => { const c = new AbortController(); c.abort(0); return c.signal.reason; })()]);
fails("constructor", () => new AbortSignal());
fails("foreign throwIfAborted", () => s.throwIfAborted.call({}));
fails("foreign aborted", () => Object.getOwnPropertyDescriptor(AbortSignal.prototype, "aborted").get.call({}));
fails("foreign abort", () => AbortController.prototype.abort.call({}));
const sa = AbortSignal.abort();
show("static abort", [sa.aborted, sa.reason.name, sa.reason.message, AbortSignal.abort(42).reason]);
fails("timeout -1", () => AbortSignal.timeout(-1));
fails("timeout string", () => AbortSignal.timeout("x"));
fails("timeout 2**32", () => AbortSignal.timeout(2 ** 32));
fails("timeout 2**33", () => AbortSignal.timeout(2 ** 33));
fails("timeout 1.5", () => AbortSignal.timeout(1.5));
fails("timeout NaN", () => AbortSignal.timeout(NaN));
fails("timeout none", () => AbortSignal.timeout());
show("any empty", AbortSignal.any([]).aborted);
const c1 = new AbortController(), c2 = new AbortController();
const any = AbortSignal.any([c1.signal, c2.signal]);
c2.signal.addEventListener("abort", () => seen.push("c2 listener, any aborted " + any.aborted));
any.addEventListener("abort", () => seen.push("any: " + any.reason));
seen.length = 0;
c2.abort("c2");
c1.abort("c1");
show("any", [seen, any.reason]);
const pre = AbortSignal.any([AbortSignal.abort("pre"), new AbortController().signal]);
show("any pre-aborted", [pre.aborted, pre.reason]);
fails("any number", () => AbortSignal.any([1]));
fails("any not array", () => AbortSignal.any(1));
fails("any nothing", () => AbortSignal.any());

// onabort keeps the place of its first assignment; non-functions are stored, not called.
const out = [];
const h1 = new AbortController();
h1.signal.onabort = 5;
out.push(String(h1.signal.onabort));
h1.signal.onabort = { handleEvent() { out.push("object handler"); } };
h1.abort();
out.push(typeof h1.signal.onabort);
const h2 = new AbortController();
h2.signal.addEventListener("abort", () => out.push("first"));
h2.signal.onabort = () => out.push("onabort");
h2.signal.addEventListener("abort", () => out.push("third"));
h2.abort();
const h3 = new AbortController();
h3.signal.onabort = () => out.push("A");
h3.signal.addEventListener("abort", () => out.push("B"));
h3.signal.onabort = () => out.push("A2");
h3.abort();
const h4 = new AbortController();
h4.signal.onabort = () => out.push("X");
h4.signal.addEventListener("abort", () => out.push("Z"));
h4.signal.onabort = null;
out.push(String(h4.signal.onabort));
h4.signal.onabort = () => out.push("Y");
h4.abort();
show("handlers", out);

// Timers: a timeout signal fires on the guest's clock and does not keep the job alive.
const ts = AbortSignal.timeout(5);
ts.onabort = () => show("timeout fired", [ts.aborted, ts.reason.name, ts.reason.message, ts.reason.code]);
setTimeout(() => show("after", ts.aborted), 30);
AbortSignal.timeout(100000).onabort = () => console.log("never: unref'd");
const race = AbortSignal.any([AbortSignal.timeout(10), new AbortController().signal]);
race.addEventListener("abort", () => show("any timeout", race.reason.name));
