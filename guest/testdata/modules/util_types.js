const types = require('node:util/types');
console.log(types === require('util').types, types === require('util/types'));
function* gen() {}
async function af() {}
const vals = {
  date: new Date(), regexp: /x/, regexpProto: RegExp.prototype, map: new Map(), set: new Set(), weakmap: new WeakMap(), weakset: new WeakSet(),
  promise: Promise.resolve(), thenable: { then() {} }, u8: new Uint8Array(2), u8c: new Uint8ClampedArray(1), f64: new Float64Array(1),
  i32: new Int32Array(1), buf: Buffer.alloc(1), ab: new ArrayBuffer(1), dv: new DataView(new ArrayBuffer(1)), error: new TypeError('x'),
  subError: new (class E extends Error {})(), fakeError: Object.create(Error.prototype), fn: function () {}, arrow: () => {}, af, gen,
  genObj: gen(), num: new Number(1), str: new String('s'), bool: new Boolean(false), sym: Object(Symbol('s')), big: Object(1n),
  prim: 1, primStr: 's', nul: null, undef: undefined, obj: {}, arr: [], args: (function () { return arguments; })(),
  mapIter: new Map().keys(), setIter: new Set().values(), arrIter: [].values(), proxy: new Proxy({}, {}), proxyDate: new Proxy(new Date(), {}),
  fakeDate: Object.create(Date.prototype), tagged: { [Symbol.toStringTag]: 'Date' }, fakeMap: Object.create(Map.prototype),
};
const fns = Object.keys(types).filter((k) => !['isExternal', 'isModuleNamespaceObject', 'isKeyObject', 'isCryptoKey', 'isSharedArrayBuffer'].includes(k)).sort();
for (const [name, v] of Object.entries(vals)) {
  console.log(name.padEnd(12), fns.filter((f) => types[f](v)).join(' '));
}
console.log(fns.length, typeof types.isExternal, types.isKeyObject({}), types.isSharedArrayBuffer(new ArrayBuffer(1)));
