// ramda: curried, point-free data transforms.
const R = require('ramda');

const people = [
  { name: 'Alice', age: 31, city: 'Paris' },
  { name: 'Bob', age: 25, city: 'Berlin' },
  { name: 'Carol', age: 42, city: 'Paris' },
];
const namesInParis = R.pipe(R.filter(R.propEq('Paris', 'city')), R.map(R.prop('name')));
console.log(namesInParis(people));
console.log(R.sortBy(R.prop('age'), people).map((p) => p.name));
console.log(R.groupBy(R.prop('city'), people));
console.log(R.compose(R.sum, R.map(R.multiply(2)))([1, 2, 3]));
console.log(R.assocPath(['a', 'b', 'c'], 42, { a: { b: { d: 1 } } }));
console.log(R.evolve({ age: R.inc, name: R.toUpper }, people[0]));
const lens = R.lensPath(['info', 'score']);
const rec = { info: { score: 7 } };
console.log(R.view(lens, rec), R.over(lens, R.add(3), rec), rec.info.score);
console.log(R.uniqBy(Math.abs, [-1, 1, 2, -2, 3]), R.splitEvery(2, [1, 2, 3, 4, 5]));
console.log(R.zipObj(['a', 'b'], [1, 2]), R.fromPairs([['x', 1]]), R.toPairs({ y: 2 }));
console.log(R.range(1, 6), R.reduce(R.add, 0, R.range(1, 101)), R.xprod([1, 2], ['a', 'b']));
console.log(R.mergeDeepRight({ a: { b: 1, c: 2 } }, { a: { c: 3 } }));
console.log(R.cond([[R.equals(0), R.always('zero')], [R.lt(0), R.always('positive')], [R.T, R.always('negative')]])(5));
console.log(R.equals({ a: [1, 2] }, { a: [1, 2] }), R.isEmpty([]), R.isNil(undefined));
console.log(R.partition(R.includes('s'), ['sss', 'ttt', 'foo', 'bars']));
console.log(R.transpose([[1, 'a'], [2, 'b'], [3, 'c']]));
console.log(R.toString({ a: [1, 'x', null], d: new Date(Date.UTC(2020, 1, 3)) }));
