// Plain objects: nesting past the depth, line breaking, keys, getters,
// symbol keys, null prototypes and class instances.
const util = require('util');
console.log({ a: { b: { c: { d: 1 } } } });
console.log({ a: [[[[1]]]], b: { c: [{ d: [1] }] } });
console.log(util.inspect({ a: { b: { c: { d: { e: 1 } } } } }, { depth: 0 }), util.inspect({ a: { b: { c: { d: { e: 1 } } } } }, { depth: Infinity }));
console.log({ alpha: 'aaaaaaaaaa', beta: 'bbbbbbbbbb', gamma: 'cccccccccc', delta: 'dddddddddd', eps: 1 });
console.log({ alpha: 'aaaaaaaaaa', beta: 'bbbbbbbbbb', gamma: 'cccccccccc', delta: 'ddddddddd', eps: 1 });
console.log({ outer: { alpha: 'aaaaaaaaaa', beta: 'bbbbbbbbbb', gamma: 'cccccccccc', delta: 'dd' }, x: 1 });
console.log({ 'key with space': 1, 'dash-key': 2, valid_id: 3, $dollar: 4, '1abc': 5, 42: 6, '': 7, "it's": 8, __proto__x: 9 });
console.log({ ['__proto__']: 1 });
const sym = Symbol('sk');
console.log({ [sym]: 1, [Symbol()]: 2, [Symbol.iterator]: 3, plain: 4 });
const o = {};
Object.defineProperty(o, 'hidden', { value: 1, enumerable: false });
Object.defineProperty(o, 'visible', { value: 2, enumerable: true });
console.log(o, util.inspect(o, { showHidden: true }));
const g = { get a() { return 1; }, set b(v) {}, get c() { return 2; }, set c(v) {}, d: 4 };
console.log(g);
console.log(util.inspect(g, { getters: true }), util.inspect(g, { getters: 'get' }), util.inspect(g, { getters: 'set' }));
console.log(util.inspect({ get obj() { return { x: 1 }; }, get nul() { return null; }, get bad() { throw new Error('nope'); } }, { getters: true }));
console.log(Object.create(null), Object.assign(Object.create(null), { a: 1 }));
class Foo { constructor() { this.x = 1; } }
class Bar extends Foo { constructor() { super(); this.y = [1, 2]; } }
class Empty {}
console.log(new Foo(), new Bar(), new Empty(), [new Empty()], { e: new Empty() });
const tagged = { [Symbol.toStringTag]: 'Tagged', v: 1 };
class WithTag { get [Symbol.toStringTag]() { return 'TT'; } }
console.log(tagged, new WithTag(), Object.create(WithTag.prototype));
function OldStyle() { this.q = 1; }
console.log(new OldStyle(), Object.create(new OldStyle()));
const anon = new (class {})();
console.log(anon);
console.log({ f: undefined, n: null, nested: { arr: [], obj: {} } });
console.log([{}, [], { a: [] }, [{}]]);
console.log({ a: 1, b: 'two', c: [3], d: { e: 4 }, f: null, g: undefined, h: true, i: 5n, j: Symbol('k') });
const wide = {}; for (let i = 0; i < 30; i++) wide['k' + i] = i;
console.log(wide);
console.log(util.inspect({ a: 1, b: { c: 2 } }, { compact: false }));
console.log(util.inspect({ a: 1, b: { c: 2, d: [1, 2, 3] } }, { compact: true }));
console.log(util.inspect({ a: 1, b: { c: 2, d: [1, 2, 3] } }, { compact: 1 }));
console.log(util.inspect({ a: 'x'.repeat(30), b: 'y'.repeat(30), c: { d: 'z'.repeat(30) } }, { breakLength: 40 }));
console.log(util.inspect({ a: 'x'.repeat(30), b: 'y'.repeat(30), c: { d: 'z'.repeat(30) } }, { breakLength: Infinity }));
console.log(util.inspect({ c: 3, a: 1, b: { z: 1, y: 2 } }, { sorted: true }));
console.log(util.inspect({ c: 3, a: 1, b: 2 }, { sorted: (x, y) => (x < y ? 1 : -1) }));
console.log(util.inspect({ a: 1 }, false, 0, false), util.inspect({ a: { b: { c: {} } } }, true, 1));
