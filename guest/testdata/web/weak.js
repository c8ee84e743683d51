// WeakRef and FinalizationRegistry (goja has neither: see the package doc).
const show = (label, v) => console.log(label + ": " + JSON.stringify(v));
const fails = (label, f) => {
  try {
    f();
    console.log(label + ": no error");
  } catch (e) {
    console.log(label + ": " + e.name + " | " + e.message);
  }
};
const target = {};
const wr = new WeakRef(target);
show("weakref", [wr.deref() === target, Object.prototype.toString.call(wr), WeakRef.length, Object.getOwnPropertyNames(WeakRef.prototype), Object.keys(wr), typeof new WeakRef(Symbol("s")).deref()]);
fails("primitive target", () => new WeakRef(1));
fails("registered symbol", () => new WeakRef(Symbol.for("x")));
fails("no new", () => WeakRef({}));
fails("foreign deref", () => WeakRef.prototype.deref.call({}));
const fr = new FinalizationRegistry(() => console.log("never called"));
const token = {};
show("registry", [Object.prototype.toString.call(fr), FinalizationRegistry.length, Object.getOwnPropertyNames(FinalizationRegistry.prototype), FinalizationRegistry.prototype.register.length, FinalizationRegistry.prototype.unregister.length]);
show("register", [fr.register(target, 1, token), fr.register({}, "held"), fr.unregister(token), fr.unregister(token), fr.unregister({})]);
fails("bad cleanup", () => new FinalizationRegistry(1));
fails("same holdings", () => fr.register(target, target));
fails("primitive target", () => fr.register(1, 2));
fails("bad token", () => fr.register(target, 1, 5));
fails("bad unregister", () => fr.unregister(5));
fails("no new", () => FinalizationRegistry(() => {}));
class Cache extends WeakRef { constructor(v) { super(v); this.tag = "c"; } }
const c = new Cache(target);
show("subclass", [c.deref() === target, c.tag, c instanceof WeakRef]);
try { structuredClone(c); } catch (e) { show("clone subclass", [e.name, e.message]); }
