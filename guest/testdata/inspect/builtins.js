// Dates, regular expressions, promises, proxies, arguments and other
// built-ins.
const util = require('util');
console.log(new Date(0), new Date(Date.UTC(2024, 1, 29, 13, 45, 6, 789)), new Date(NaN), new Date(-62198755200000), new Date(8.64e15));
const d = new Date(86400000); d.note = 'x';
console.log(d, { d: new Date(1e12) }, [new Date('invalid')]);
class MyDate extends Date {}
console.log(new MyDate(0));
console.log(/abc/g, /a\/b[c]/imsuy, new RegExp('x+', 'gi'), new RegExp(''), { r: /r/ });
const r = /tagged/; r.extra = 1;
console.log(r);
console.log(Promise.resolve(1), Promise.reject(new Error('no')).catch(() => {}) && undefined, new Promise(() => {}));
const rej = Promise.reject(3); rej.catch(() => {});
console.log(rej, Promise.resolve({ a: [1, 2] }), Promise.resolve(Promise.resolve('inner')));
const pe = Promise.reject(Object.assign(new Error('boom'), { stack: 'Error: boom' })); pe.catch(() => {});
console.log(pe, [Promise.resolve()]);
const pp = Promise.resolve(2); pp.tag = 't';
console.log(pp);
const target = { t: 1 };
const proxy = new Proxy(target, { get() { return 'trap'; }, ownKeys() { throw new Error('trap ran'); } });
console.log(proxy, [proxy]);
console.log(util.inspect(proxy, { showProxy: true }), util.inspect(new Proxy([1, 2], {}), { showProxy: true }));
const fnProxy = new Proxy(function named() {}, {});
console.log(fnProxy, new Proxy(new Map([[1, 2]]), {}));
const { proxy: revoked, revoke } = Proxy.revocable({}, {}); revoke();
console.log(revoked);
(function () { console.log(arguments); })(1, 'two');
(function () { 'use strict'; console.log(arguments); })();
function* gen() { yield 1; }
console.log(gen(), Object.prototype.toString.call(gen()));
console.log(Math, JSON, Reflect, globalThis === global);
console.log(Object.prototype, Array.prototype, Map.prototype, Date.prototype, RegExp.prototype);
console.log([new Boolean(true), new String(''), Object(1n)]);
console.log(util.inspect(new Date(0), { depth: -1 }), util.inspect({ r: /x/ }, { depth: 0 }));
console.log(new URLSearchParams('a=1').toString(), typeof util.inspect.custom, util.inspect.custom === Symbol.for('nodejs.util.inspect.custom'));
