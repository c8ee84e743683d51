// structuredClone: what it copies, what it keeps, what it refuses.
const show = (label, v) => console.log(label + ": " + JSON.stringify(v));
const fails = (label, f) => {
  try {
    f();
    console.log(label + ": no error");
  } catch (e) {
    console.log(label + ": " + e.name + " | " + e.message + " | " + e.code + " | " + (e instanceof DOMException) + " | " + (e instanceof Error));
  }
};
const tag = (v) => Object.prototype.toString.call(v);

// Primitives.
show("primitives", [structuredClone(1), structuredClone("s"), structuredClone(true), structuredClone(null), structuredClone(undefined) === undefined, String(structuredClone(10n)), Object.is(structuredClone(-0), -0), Number.isNaN(structuredClone(NaN))]);

// Plain objects: own enumerable string keys in order; getters run; prototype dropped.
class Foo { constructor() { this.x = 1; } get y() { return 2; } }
const foo = structuredClone(new Foo());
show("class instance", [foo, Object.getPrototypeOf(foo) === Object.prototype]);
const o = { b: 1, a: 2, 1: 3, [Symbol("s")]: 4 };
Object.defineProperty(o, "hidden", { value: 1, enumerable: false });
Object.defineProperty(o, "g", { get() { return 42; }, enumerable: true });
show("keys", Object.keys(structuredClone(o)));
show("getter value", structuredClone(o).g);
const np = Object.create(null); np.x = 1;
show("null proto", Object.getPrototypeOf(structuredClone(np)) === Object.prototype);
const proto = JSON.parse('{"__proto__": {"evil": 1}}');
const pc = structuredClone(proto);
show("__proto__ key", [Object.keys(pc), pc.evil, Object.getPrototypeOf(pc) === Object.prototype]);
const order = [];
const side = { get a() { order.push("a"); return { get c() { order.push("c"); return 1; } }; }, get b() { order.push("b"); return 2; } };
structuredClone(side);
show("getter order", order);

// Arrays: holes and extra properties kept.
const sparse = [1, , 3]; sparse[10] = 9; sparse.prop = "p";
const sc = structuredClone(sparse);
show("sparse", [sc.length, 1 in sc, Object.keys(sc)]);

// Cycles and shared references.
const shared = { v: 1 };
const g = { x: shared, y: shared, list: [shared] }; g.self = g;
const gc = structuredClone(g);
show("graph", [gc.x === gc.y, gc.list[0] === gc.x, gc.self === gc, gc.x !== shared]);

// Date, RegExp, Map, Set, boxed primitives: internal value only.
const d = new Date(123456); d.x = 1;
show("date", [structuredClone(d).getTime(), structuredClone(d).x, tag(structuredClone(d))]);
const re = /a+b/gi; re.lastIndex = 3; re.x = 1;
const rc = structuredClone(re);
show("regexp", [rc.source, rc.flags, rc.lastIndex, rc.x, rc !== re]);
const m = new Map([[{ k: 1 }, new Set([1, "a"])]]); m.set("self", m);
const mc = structuredClone(m);
show("map", [mc.size, mc.get("self") === mc, [...mc.keys()][0].k, [...[...mc.values()][0]]]);
const s = new Set([1]); s.add(s); s.x = 1;
const setc = structuredClone(s);
show("set", [setc.size, setc.has(setc), setc.x]);
show("boxed", [typeof structuredClone(Object(1)), structuredClone(Object(1)).valueOf(), structuredClone(Object("ab")).length, structuredClone(Object(false)).valueOf(), String(structuredClone(Object(5n)).valueOf()), tag(structuredClone(Object(5n)))]);

// Buffers: views over one copied buffer keep sharing it.
const ab = new ArrayBuffer(8);
const u8 = new Uint8Array(ab, 2, 4); u8[0] = 7;
const dv = new DataView(ab, 1, 3);
const pack = structuredClone({ u8, dv, ab });
show("buffers", [pack.u8.buffer === pack.ab, pack.dv.buffer === pack.ab, pack.ab !== ab, pack.u8.byteOffset, pack.u8.length, pack.dv.byteOffset, pack.dv.byteLength, pack.ab.byteLength, pack.u8[0], tag(pack.dv)]);
const kinds = [new Int8Array([-1]), new Uint8ClampedArray([300]), new Int16Array([-2]), new Uint16Array([2]), new Int32Array([-3]), new Uint32Array([3]), new Float32Array([1.5]), new Float64Array([2.5]), new BigInt64Array([-4n]), new BigUint64Array([4n])];
show("typed arrays", kinds.map((t) => { const c = structuredClone(t); return c.constructor.name + "=" + String(c[0]); }));
const ta = new Uint8Array([1, 2]); ta.extra = 1;
show("typed extra", structuredClone(ta).extra);
show("buffer", [structuredClone(Buffer.from("hi")).constructor.name, Buffer.isBuffer(structuredClone(Buffer.from("hi")))]);

// Errors: the class by name, message, stack and cause; other properties dropped.
const e = new RangeError("r", { cause: { why: 1 } }); e.extra = 5;
const ec = structuredClone(e);
show("error", [ec.name, ec.message, ec.constructor.name, ec.cause, ec.extra, ec.stack === e.stack, Object.keys(ec), tag(ec), ec instanceof RangeError]);
class MyErr extends TypeError { constructor(msg) { super(msg); this.name = "MyErr"; } }
const me = structuredClone(new MyErr("m"));
show("subclass error", [me.name, me.constructor.name, me.message]);
const renamed = new Error("x"); renamed.name = "SyntaxError";
show("renamed", [structuredClone(renamed).constructor.name, structuredClone(renamed).name]);
show("no message", Object.prototype.hasOwnProperty.call(structuredClone(new Error()), "message"));
show("fake error", tag(structuredClone(Object.create(Error.prototype))));

// Refused values.
fails("function", () => structuredClone(function () {}));
fails("arrow", () => structuredClone(() => 1));
fails("method", () => structuredClone({ f() {} }));
fails("class", () => structuredClone(class A {}));
fails("symbol", () => structuredClone(Symbol("x")));
fails("nested symbol", () => structuredClone({ a: [Symbol("q")] }));
fails("boxed symbol", () => structuredClone(Object(Symbol("s"))));
fails("weakmap", () => structuredClone(new WeakMap()));
fails("weakset", () => structuredClone(new WeakSet()));
fails("promise", () => structuredClone(Promise.resolve()));
fails("proxy", () => structuredClone(new Proxy({}, {})));
fails("array proxy", () => structuredClone(new Proxy([], {})));
fails("generator", () => structuredClone((function* () {})()));
fails("map iterator", () => structuredClone(new Map().entries()));
fails("arguments", () => structuredClone((function () { return arguments; })(1)));
fails("weakref", () => structuredClone(new WeakRef({})));
fails("registry", () => structuredClone(new FinalizationRegistry(() => {})));
fails("getter throws", () => structuredClone({ get a() { throw new TypeError("getter"); } }));
let deep = {};
for (let i = 0; i < 5000; i++) deep = { deep };
fails("deep", () => structuredClone(deep));
let fine = {};
for (let i = 0; i < 500; i++) fine = { fine };
fails("500 deep", () => structuredClone(fine));

// Arguments and options.
fails("no value", () => structuredClone());
fails("options null", () => structuredClone(1, null));
fails("options number", () => structuredClone(1, 5));
fails("options string", () => structuredClone(1, "x"));
fails("transfer number", () => structuredClone(1, { transfer: 5 }));
fails("transfer string", () => structuredClone(1, { transfer: "ab" }));
fails("transfer null", () => structuredClone(1, { transfer: null }));
fails("transfer item", () => structuredClone(1, { transfer: [5] }));
fails("transfer view", () => structuredClone(1, { transfer: [new Uint8Array(1)] }));
const dup = new ArrayBuffer(4);
fails("transfer duplicate", () => structuredClone(dup, { transfer: [dup, dup] }));
const keep = new ArrayBuffer(4);
fails("failed clone keeps buffer", () => structuredClone({ keep, f() {} }, { transfer: [keep] }));
show("kept", keep.byteLength);
const tb = new ArrayBuffer(4); const tv = new Uint8Array(tb); tv[1] = 9;
const moved = structuredClone({ tv, tb }, { transfer: [tb] });
show("transfer", [tb.byteLength, tv.length, moved.tv.buffer === moved.tb, moved.tb.byteLength, moved.tv[1]]);
fails("detached", () => structuredClone(tb));
show("shape", [typeof structuredClone, structuredClone.length, structuredClone.name]);

// Platform objects clone to their own enumerable properties, as in Node.
show("platform", [new Event("x"), new EventTarget(), new AbortController(), new Headers({ a: "1" }), new DOMException("m")].map((v) => JSON.stringify(structuredClone(v))));
const blob = structuredClone(new Blob(["abc"], { type: "text/plain" }));
show("blob", [blob instanceof Blob, blob.size, blob.type]);
const file = structuredClone(new File(["x"], "f.txt"));
show("file", [file instanceof Blob, file instanceof File, file.size]);
