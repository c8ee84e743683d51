// lodash: collections, objects, strings, functions, templates.
const _ = require('lodash');

const users = [
  { user: 'barney', age: 36, active: true, tags: ['a', 'b'] },
  { user: 'fred', age: 40, active: false, tags: ['b'] },
  { user: 'pebbles', age: 1, active: true, tags: [] },
];
console.log(_.map(_.sortBy(users, ['age']), 'user'));
console.log(_.groupBy(users, 'active'));
console.log(_.keyBy(users, 'user').fred.age);
console.log(_.chunk([1, 2, 3, 4, 5, 6, 7], 3));
console.log(_.uniq([2, 1, 2, 3, 1]), _.difference([1, 2, 3, 4], [2, 4]));
console.log(_.flattenDeep([1, [2, [3, [4]], 5]]));
console.log(_.zipObject(['a', 'b', 'c'], [1, 2, 3]));
const obj = { a: [{ b: { c: 3 } }] };
console.log(_.get(obj, 'a[0].b.c'), _.get(obj, ['a', '0', 'b', 'x'], 'default'));
_.set(obj, 'x.y.z', 5);
console.log(JSON.stringify(obj));
console.log(_.merge({ a: [{ b: 2 }, { d: 4 }] }, { a: [{ c: 3 }, { e: 5 }] }));
console.log(_.cloneDeep({ d: new Date(Date.UTC(2020, 0, 2)), m: new Map([[1, 2]]) }).d.toISOString());
console.log(_.isEqual({ a: [1, { b: 2 }] }, { a: [1, { b: 2 }] }), _.isEqual([1], [2]));
console.log(_.camelCase('Foo Bar-baz'), _.kebabCase('fooBarBaz'), _.snakeCase('Foo Bar'), _.startCase('--foo-bar--'));
console.log(_.padStart('5', 3, '0'), _.truncate('hi-diddly-ho there, neighborino', { length: 24 }), _.escape('<a href="x">&</a>'));
console.log(_.words('fred, barney, & pebbles'), _.capitalize('FRED'), _.deburr('déjà vu'));
const t = _.template('hello <%= user %>! <% _.forEach(list, function(x) { %><li><%- x %></li><% }); %>');
console.log(t({ user: 'fred', list: ['<a>', 'b'] }));
console.log(_.range(0, 20, 5), _.sum([4, 2, 8, 6]), _.meanBy(users, 'age'), _.maxBy(users, 'age').user);
console.log(_.partition([1, 2, 3, 4, 5], (n) => n % 2));
console.log(_.countBy(['one', 'two', 'three'], 'length'));
console.log(_.pick({ a: 1, b: '2', c: 3 }, ['a', 'c']), _.omit({ a: 1, b: '2', c: 3 }, ['a']));
const memo = _.memoize((n) => n * 2);
console.log(memo(4), memo.cache.has(4));
const curried = _.curry((a, b, c) => [a, b, c]);
console.log(curried(1)(2)(3), curried(1, 2)(3));
console.log(_.debounce, typeof _.throttle(() => {}, 10));
console.log(_.VERSION);
