// An arrow function sees its enclosing (non-arrow) function's arguments
// object, even when the arrow is the only code that names it.
function f() { const g = () => arguments[0] + arguments.length; return g(); }
console.log(f(5, 6));
function h(a) { return [1, 2].map(() => arguments[1]); }
console.log(h('x', 'y'));
function noParams() { return (() => arguments[1])(); }
console.log(noParams('x', 'y'));
function later() { return () => arguments; }
const args = later(1, 2, 3);
console.log(args().length, args()[2], Object.prototype.toString.call(args()));
function many(a, b, c, d, e, f, g, h, i, j) { var x = 1, y = 2; return () => arguments[9] + x + y; }
console.log(many(1, 2, 3, 4, 5, 6, 7, 8, 9, 10)());
function rest(a, ...r) { return () => [arguments.length, r.length, arguments[3]]; }
console.log(rest(1, 2, 3, 4)());
function nested() { return () => () => () => arguments[0]; }
console.log(nested('deep')()()());
function dflt(a, b = () => arguments[2]) { return b(); }
console.log(dflt('x', undefined, 'z'));
function mapped(a) { (() => { a = 3; })(); return arguments[0]; }
console.log('sloppy param write', mapped(1));
function mapped2(a) { (() => { arguments[0] = 9; })(); return a; }
console.log('sloppy arguments write', mapped2(1));
function unmapped(a) { 'use strict'; (() => { a = 3; })(); return (() => arguments[0])(); }
console.log('strict', unmapped(1));
class C {
  m(a) { return (() => arguments[0])(); }
  static s() { return [0].map(() => arguments.length); }
}
console.log(new C().m('method'), C.s(1, 2));
function* gen(a) { yield (() => arguments[1])(); }
console.log(gen(1, 'generator').next().value);
function ev(a) { return (() => eval('arguments[1]'))(); }
console.log(ev(1, 'eval'));
function shadow(a) { { let arguments = 'inner'; return (() => arguments)(); } }
console.log(shadow(1));
const vs = [];
for (let i = 0; i < 200; i++) vs.push('v' + i + '=' + i);
const big = new Function('a', 'let ' + vs.join(',') + '; return () => arguments[0] + v199;');
console.log(big(1)());
// In a CommonJS module, top-level 'arguments' is the module wrapper's.
const top = () => arguments.length;
console.log('module wrapper arguments', top(), typeof arguments[1], arguments[2] === module);
(async function (a) { return (() => arguments[1])(); })(1, 'async').then((v) => console.log(v));
