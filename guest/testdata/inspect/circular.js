// Circular references: <ref *n> at the top, [Circular *n] at the cycle.
const util = require('util');
const a = { name: 'a' }; a.self = a;
console.log(a);
const b = { list: [] }; b.list.push(b, { back: b });
console.log(b);
const x = { n: 'x' }, y = { n: 'y', x }; x.y = y;
console.log([x, y]);
const arr = [1]; arr.push(arr);
console.log(arr);
const m = new Map(); m.set('me', m);
console.log(m);
const s = new Set(); s.add(s);
console.log(s);
const p = { c: { d: {} } }; p.c.d.up = p.c; p.c.d.top = p;
console.log(p);
const two = { a: {}, b: {} }; two.a.me = two.a; two.b.me = two.b; two.a.b = two.b;
console.log(two);
const shared = { v: 1 }; console.log({ s1: shared, s2: shared });
class Node1 { constructor() { this.next = this; } }
console.log(new Node1());
console.log(util.inspect(a, { compact: true }));
const e = new Error('circ'); e.stack = 'Error: circ'; e.self = e;
console.log(e);
const fn = function f() {}; fn.me = fn;
console.log(fn);
console.log(util.format('%j', a), util.format('%j %j', { ok: 1 }, 'str'));
