// immutable: persistent List, Map, Set, Record, Seq.
const { List, Map, Set, Record, Seq, fromJS, is, OrderedMap, Range } = require('immutable');

const m1 = Map({ a: 1, b: 2, c: 3 });
const m2 = m1.set('b', 50);
console.log(m1.get('b'), m2.get('b'), m1 === m1.set('a', 1), String(m2));
const l = List([1, 2, 3]).push(4).unshift(0).delete(2);
console.log(l.toJS(), l.size, String(l.map((x) => x * 2)));
const deep = fromJS({ user: { name: 'Ann', langs: ['js', 'go'] } });
const deep2 = deep.updateIn(['user', 'langs'], (ls) => ls.push('rust')).setIn(['user', 'name'], 'Bob');
console.log(JSON.stringify(deep2), deep.getIn(['user', 'langs']).size);
console.log(is(Map({ x: [1] }), Map({ x: [1] })), is(fromJS({ x: [1] }), fromJS({ x: [1] })));
console.log(Set([1, 2, 2, 3]).union([4]).intersect([2, 3, 4, 5]).toArray());
const Point = Record({ x: 0, y: 0 }, 'Point');
const p = Point({ x: 3 });
console.log(p.x, p.y, p.set('y', 4).toJS(), String(p));
console.log(Seq([1, 2, 3, 4, 5, 6]).filter((x) => x % 2).map((x) => x * x).toArray());
console.log(Range(0, 10, 3).toArray(), OrderedMap([['z', 1], ['a', 2]]).keySeq().toArray());
console.log(List([3, 1, 2]).sort().reverse().join('-'), Map({ a: 1 }).merge({ b: 2 }, Map({ a: 3 })).toObject());
console.log(m1.groupBy((v) => (v % 2 ? 'odd' : 'even')).toJS());
