// util.format and console.log with every specifier.
const util = require('util');
class Foo { constructor() { this.a = 1; } }
class WithToString { toString() { return 'custom toString'; } }
const tests = [
  ['%s', 'str'], ['%s', 42], ['%s', -0], ['%s', 12n], ['%s', Symbol('sym')], ['%s', null], ['%s', undefined],
  ['%s', { a: { b: { c: 1 } } }], ['%s', [1, [2, [3]]]], ['%s', new Foo()], ['%s', new WithToString()],
  ['%s', { toString() { return 'own'; } }], ['%s', new Date(0)], ['%s', Object.assign(new Error('e'), { stack: 'Error: e' })], ['%s', () => 1],
  ['%s', new Map([[1, 2]])], ['%s', Object.create(null)], ['%s', [1, 2, 3]], ['%s', true],
  ['%d', 42], ['%d', '42'], ['%d', 4.7], ['%d', -0], ['%d', 12n], ['%d', Symbol('x')], ['%d', {}], ['%d', '0x10'], ['%d', ''], ['%d', null],
  ['%i', 42.9], ['%i', '-42.9px'], ['%i', 12n], ['%i', Symbol('x')], ['%i', '0x1F'], ['%i', 'abc'], ['%i', -0.5],
  ['%f', '3.25abc'], ['%f', 1e21], ['%f', Symbol('x')], ['%f', '-Infinityx'], ['%f', '.5'], ['%f', 'x'],
  ['%j', { a: [1, 'b'] }], ['%j', 'str'], ['%j', undefined], ['%j', () => 1], ['%j', { toJSON() { return 'tj'; } }],
  ['%o', [1, 2]], ['%o', { a: { b: { c: { d: { e: { f: 1 } } } } } }], ['%o', 'str'], ['%o', { x: [1] }],
  ['%O', { a: { b: { c: { d: 1 } } } }], ['%O', 'str'],
  ['%c', 'color: red'], ['%%'], ['%%', 1], ['100%'], ['%x', 1], ['%', 1], ['a%sb%sc', 1], ['%s %s', 'only'],
  ['%s:%s', 'a', 'b', 'extra', { e: 1 }], ['%s%%%s', 1, 2], ['no specifiers', 1, 'two', { three: 3 }],
];
for (const t of tests) console.log(util.format(...t));
console.log(util.format(1, 2, '3'), util.format({ a: 1 }, 'x'), util.format(), util.format(''), util.format('%s'));
console.log('%s is %d years', 'Bob', 42, 'extra');
console.log('%o', { o: 1 });
console.log(util.formatWithOptions({ compact: false }, '%O and %s', { a: 1 }, 'x'), util.formatWithOptions({ depth: 0 }, { a: { b: 1 } }));
console.log(util.format('%s', 'é%s', 'x'), util.format('%s€', 'x'));
console.log(util.format('%d %i %f', 1.5, 1.5, 1.5), util.format('%s', 1e21), util.format('%s', 0.1 + 0.2));
