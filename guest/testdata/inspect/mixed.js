// Realistic data and corner cases of keys, classes and nesting.
const util = require('util');
const response = {
  status: 200,
  headers: { 'content-type': 'application/json', 'x-request-id': 'abc-123' },
  data: {
    users: [
      { id: 1, name: 'Ada Lovelace', roles: ['admin', 'dev'], address: { city: 'London', zip: 'N1' } },
      { id: 2, name: 'Grace Hopper', roles: [], address: null, tags: new Set(['navy']) },
    ],
    page: { n: 1, of: 10 },
  },
};
console.log(response);
console.log(JSON.parse(JSON.stringify(response)).data.users);
console.log(util.inspect(response, { depth: 4, breakLength: 120 }));
console.log({ b: 1, 10: 'ten', 2: 'two', a: 0, '-1': 'neg', '1.5': 'frac', '007': 'bond' });
console.log({ 'ключ': 1, café: 2, 'a-b': 3, a_b: 4, A1: 5, '': 6, '\n': 7 });
console.log({ [Symbol("it's")]: 1, [Symbol('a\nb')]: 2 });
const arr = [1, 2]; arr['-1'] = 'neg'; arr[1.5] = 'frac'; arr.name = 'n';
console.log(arr);
const getArr = []; Object.defineProperty(getArr, 0, { get() { return 1; }, enumerable: true }); getArr[1] = 2;
console.log(getArr);
console.log(['日本語', '中文字', '한국어', 'emoji😀', 'ascii', 'x', 'y', 'z']);
console.log(Array.from({ length: 12 }, (_, i) => '字'.repeat(i % 4 + 1)));
console.log([[1, 2, [3, 4, [5, [6, [7]]]]], { a: [{ b: [{ c: 1 }] }] }]);
console.log([['a fairly long string number one', 'a fairly long string number two'], 'x']);
console.log({ list: ['a string that is longer than sixteen', 'another string of some length here', 'third'] });
class Cfg { static defaults = { a: 1 }; static version = '1.0'; }
console.log(Cfg, [Cfg], { Cfg });
class N extends null {}
console.log(N, class extends Object {}, class A extends Array {});
function fnWithClassProp() {} fnWithClassProp.Inner = class Inner {};
console.log(fnWithClassProp);
console.log(Object.create(Array.prototype), Object.create(Map.prototype), Object.create(Cfg.prototype), { constructor: 'not a fn' }, { constructor: function X() {} });
const pending = new Promise(() => {});
console.log(Promise.resolve(pending), [Promise.resolve([1, [2, [3]]])]);
function* counter() { yield 1; yield 2; }
const gen = counter(); gen.next();
console.log(gen, [counter]);
const e1 = new Error('in a map'); e1.stack = 'Error: in a map\n    at somewhere (x.js:1:1)';
console.log(new Map([['err', e1]]), { deep: { er: e1 } });
const multi = new Error('line one\nline two'); multi.stack = 'Error: line one\nline two\n    at f (a.js:1:1)';
console.log(multi);
const e2 = new Error('tagged'); e2.stack = 'Error: tagged'; e2[Symbol.toStringTag] = 'Tag';
console.log(e2, Object.assign(new Error('n'), { name: 42, stack: 'Error: n' }));
const bs = new String('hey'); bs.x = 1;
console.log(bs, new Number(NaN), Object(Symbol.iterator), [new Number(-0)]);
const inv = new Date('nope'); inv.k = 1;
console.log(inv, -0, [-0], util.format('%d %i %s', -0, -0, -0));
const pp = new Proxy(new Proxy({ deep: 1 }, {}), {});
console.log(pp, util.inspect(pp, { showProxy: true }));
console.log({ [Symbol.toStringTag]: 'OwnTag' }, Object.defineProperty({}, Symbol.toStringTag, { value: 'Hidden' }));
console.log([undefined, null, , NaN], [, 'a'], [,]);
console.log({ a: [1, 2, 3].map(String), b: new Array(3).fill({ x: 1 }) });
console.log(Array.from({ length: 8 }, (_, i) => (i % 2 ? { i } : [i])));
console.log(Array.from({ length: 7 }, (_, i) => -i * 1.5));
console.log(new Float32Array([0.1, 1 / 3, -0, 1e-10, 3.4e38, NaN, Infinity]));
console.log(Array.from({ length: 27 }, (_, i) => 10n ** BigInt(i)));
