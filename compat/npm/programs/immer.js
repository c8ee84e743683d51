// immer: immutable updates through drafts, patches, frozen results.
const { produce, enablePatches, produceWithPatches, applyPatches, current, original, freeze, enableMapSet } = require('immer');
enablePatches();
enableMapSet();

const base = { todos: [{ id: 1, text: 'learn', done: false }, { id: 2, text: 'build', done: false }], meta: { n: 2 } };
const next = produce(base, (d) => {
  d.todos[0].done = true;
  d.todos.push({ id: 3, text: 'ship', done: false });
  d.meta.n = 3;
});
console.log(JSON.stringify(next), base.todos.length, next.todos[1] === base.todos[1], Object.isFrozen(next));
const [res, patches, inverse] = produceWithPatches({ a: 1, list: [1, 2] }, (d) => {
  d.a = 2;
  d.list.splice(0, 1);
  d.b = { c: 3 };
});
console.log(res, patches, inverse);
console.log(applyPatches({ a: 1, list: [1, 2] }, patches));
produce(base, (d) => {
  d.meta.n = 10;
  console.log(current(d).meta.n, original(d).meta.n);
});
const withMap = produce({ m: new Map([['a', 1]]), s: new Set([1]) }, (d) => {
  d.m.set('b', 2);
  d.s.add(2);
});
console.log(withMap.m, withMap.s);
console.log(produce(base, () => {}) === base, Object.isFrozen(freeze({ x: 1 })));
