// util.inspect's options one by one, and %o (showHidden, showProxy, depth 4).
const util = require('util');
const v = { s: 'abcdefghij', arr: [1, 2, 3, 4, 5], nested: { a: { b: { c: { d: { e: 1 } } } } } };
console.log(util.inspect(v, { maxStringLength: 4 }), util.inspect('abc', { maxStringLength: 0 }), util.inspect('ab', { maxStringLength: 1 }), util.inspect(['xyz'], { maxStringLength: null }));
console.log(util.inspect(v, { maxArrayLength: 2, depth: 1 }));
console.log(util.inspect(v, { depth: null }));
console.log(util.inspect(v, { depth: 3, breakLength: 120 }));
console.log(util.inspect(v, { compact: false, depth: 1 }));
console.log(util.inspect(v, { compact: true, breakLength: 30 }));
console.log(util.inspect([[1, 2, [3, 4, [5, [6]]]]], { compact: 2 }));
console.log(util.inspect(Array.from({ length: 30 }, (_, i) => i), { compact: 1 }));
console.log(util.inspect(Array.from({ length: 30 }, (_, i) => i), { compact: false }));
console.log(util.inspect(Array.from({ length: 30 }, (_, i) => i), { breakLength: 40 }));
console.log(util.inspect({ b: 2, a: 1, c: [3, 1, 2], m: new Map([['z', 1], ['a', 2]]), s: new Set([3, 1]) }, { sorted: true }));
console.log(util.inspect({ a: 1 }, { showHidden: true }), util.inspect([1], { showHidden: true }), util.inspect(new Set([1]), { showHidden: true }));
class Point {
  constructor() { this.x = 1; }
  get len() { return 5; }
  set len(v) {}
  get ro() { return 1; }
  method() {}
  static st() {}
}
Point.prototype.shared = 'proto value';
class Point3 extends Point { get z() { return 3; } }
console.log(util.inspect(new Point(), { showHidden: true }), util.inspect(new Point3(), { showHidden: true }));
console.log('%o', new Point());
console.log('%o', { a: [1, { b: 2 }], s: 'str', n: null });
console.log('%o', new Proxy({ t: 1 }, {}));
console.log('%o', [[1, [2, [3, [4, [5, [6]]]]]]]);
console.log('%o', new Map([[1, { a: 1 }]]), '%O');
console.log('%O', [[1, [2, [3, [4]]]]]);
console.log(util.inspect({ a: { b: 1 } }, { depth: -1 }), util.inspect([1, [2]], { depth: 0 }), util.inspect(new Map([[1, [2]]]), { depth: 0 }));
console.log(util.inspect({ a: 1, b: 'x' }, { breakLength: 3 }), util.inspect('a long string with no newline'.repeat(3), { breakLength: 20 }));
console.log(util.inspect({ text: 'first line\nsecond line is here\nthird' }, { breakLength: 20 }));
console.log(util.inspect(['aaaa\nbbbb'.repeat(5)]));
console.log(util.inspect({ a: 1, b: 2 }, { unknownOption: true }), util.inspect({ a: 1 }, {}), util.inspect({ a: 1 }, null), util.inspect({ a: 1 }, undefined));
console.log(util.inspect(1234567.891, { numericSeparator: true }), util.inspect([10000, 0.12345], { numericSeparator: true }), util.inspect(new Uint32Array([123456]), { numericSeparator: true }));
