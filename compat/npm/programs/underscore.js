// underscore: functional helpers, templates, chaining.
const _ = require('underscore');

const stooges = [{ name: 'moe', age: 40 }, { name: 'larry', age: 50 }, { name: 'curly', age: 60 }];
console.log(_.pluck(stooges, 'name'));
console.log(_.max(stooges, (s) => s.age));
console.log(_.groupBy([1.3, 2.1, 2.4], Math.floor));
console.log(_.indexBy(stooges, 'age')[50].name);
console.log(_.countBy([1, 2, 3, 4, 5], (n) => (n % 2 === 0 ? 'even' : 'odd')));
console.log(_.shuffle.length, _.sample.length);
console.log(_.chain(stooges).sortBy('age').map((s) => s.name + ' is ' + s.age).first().value());
console.log(_.intersection([1, 2, 3], [101, 2, 1, 10], [2, 1]), _.union([1, 2, 3], [101, 2, 1, 10]));
console.log(_.zip(['moe', 'larry'], [30, 40], [true, false]));
console.log(_.range(10).filter((n) => n % 3 === 0), _.without([1, 2, 1, 0, 3, 1, 4], 0, 1));
console.log(_.invert({ Moe: 'Moses', Larry: 'Louis' }), _.pairs({ one: 1, two: 2 }));
console.log(_.defaults({ flavor: 'chocolate' }, { flavor: 'vanilla', sprinkles: 'lots' }));
console.log(_.isEmpty({}), _.isArray([]), _.isString('x'), _.isDate(new Date(0)), _.isRegExp(/x/));
const tpl = _.template('<% _.each(people, function(name) { %><li><%= name %></li><% }); %>|<%- esc %>');
console.log(tpl({ people: ['moe', 'curly'], esc: '<b>&</b>' }));
console.log(_.escape('Curly, Larry & Moe'), _.unescape('&lt;p&gt;'));
const once = _.once(() => 42);
console.log(once(), once());
console.log(_.partial((a, b) => a - b, 20)(5));
console.log(_.uniqueId('contact_'), _.uniqueId('contact_'));
console.log(_.VERSION);
