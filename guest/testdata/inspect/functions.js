// Functions and classes.
const util = require('util');
function f() {}
const anon = (() => function () {})();
const arrow = () => {};
async function g() {}
function* h() {}
const asyncArrow = async () => {};
const obj = { method() {}, async am() {}, *gm() {}, ['computed' + 1]() {} };
console.log(f, anon, arrow, g, h, asyncArrow);
console.log(obj);
console.log([f, g], { f });
class Foo {}
class Bar extends Foo {}
class Baz extends Bar { static x = 1; }
const AnonClass = (() => class {})();
class WithStatic { static helper() {} }
console.log(Foo, Bar, Baz, AnonClass, WithStatic, class extends Foo {});
console.log(Math.max, Array.prototype.push, Function.prototype, Object, Map);
f.prop = 1;
console.log(f, { f });
const bound = f.bind(null);
console.log(bound, arrow.bind(null));
const named = function inner() {};
console.log(named, (function () {}).name, { x: function () {} });
const nullFn = function nf() {}; Object.setPrototypeOf(nullFn, null);
console.log(nullFn);
const renamed = function () {}; Object.defineProperty(renamed, 'name', { value: 'other' });
console.log(renamed);
console.log(util.inspect({ f }, { depth: 0 }));
class WithCtor { constructor(a) { this.a = a; } method() { return 1; } }
console.log(new WithCtor([1]), WithCtor);
console.log(h(), g());
console.log(Object.getPrototypeOf(h), Object.getPrototypeOf(g));
