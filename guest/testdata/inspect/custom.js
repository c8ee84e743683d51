// util.inspect.custom, console.dir and inspect's defaultOptions.
const util = require('util');
class Money {
  constructor(n) { this.n = n; }
  [util.inspect.custom](depth, options, inspect) {
    return `Money<${this.n}> depth=${depth} ${typeof options.stylize} ${options.depth} ${inspect === util.inspect}`;
  }
}
console.log(new Money(5), [new Money(6)], { m: { m: new Money(7) } });
class Multi { [util.inspect.custom]() { return 'line1\nline2'; } }
console.log({ a: { b: new Multi() } });
class ReturnsObj { [util.inspect.custom]() { return { replaced: [1, 2] }; } }
console.log(new ReturnsObj(), [new ReturnsObj()]);
class ReturnsThis { constructor() { this.v = 1; } [util.inspect.custom]() { return this; } }
console.log(new ReturnsThis());
const viaSymbolFor = { [Symbol.for('nodejs.util.inspect.custom')]: () => 'via Symbol.for' };
console.log(viaSymbolFor);
class UsesInspect {
  constructor() { this.inner = { deep: { deeper: { deepest: 1 } } }; }
  [util.inspect.custom](depth, opts, inspect) { return 'UI(' + inspect(this.inner, { ...opts, depth: 1 }) + ')'; }
}
console.log(new UsesInspect());
console.log(util.inspect(new Money(1), { customInspect: false }));
console.dir(new Money(2));
console.dir({ a: { b: { c: { d: 1 } } } }, { depth: 0 });
console.dir({ a: { b: { c: { d: 1 } } } }, { depth: null });
console.dir('a string', { colors: false });
const opts = {};
class Captures { [util.inspect.custom](d, o) { Object.assign(opts, o); return 'captured'; } }
util.inspect(new Captures(), { depth: 5, custom1: 'kept', breakLength: 100 });
console.log(Object.keys(opts).sort().join(','), opts.depth, opts.custom1, opts.breakLength, opts.maxArrayLength, opts.compact);
console.log(util.inspect.defaultOptions);
util.inspect.defaultOptions.depth = 0;
console.log({ a: { b: 1 } });
util.inspect.defaultOptions = { depth: 2, breakLength: 20 };
console.log({ a: { b: 1 } }, { alpha: 1, beta: 2, gamma: 3 });
util.inspect.defaultOptions.breakLength = 80;
console.log(util.inspect('x', { colors: true }), util.inspect([1, 'a', null, undefined, true, Symbol('s'), 2n, /r/, new Date(0)], { colors: true }));
console.log(util.inspect({ a: [1, 2], f() {} }, { colors: true }));
console.log(util.inspect(new Map([['k', { v: 1 }]]), { colors: true, compact: false }));
