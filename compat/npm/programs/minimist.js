// minimist: argument parsing.
const minimist = require('minimist');

console.log(minimist(['-x', '3', '-y', '4', '-n5', '-abc', '--beep=boop', 'foo', 'bar', 'baz']));
console.log(minimist(['--no-color', '--num', '010', '--str', '010', '--', '--not-a-flag'], { string: ['str'], boolean: ['color'], '--': true }));
console.log(minimist(['-v', '-v', '--name', 'a', '--name', 'b', '--x.y', '1'], { alias: { v: 'verbose' }, default: { port: 80 } }));
console.log(minimist(['--unknown', 'x'], { unknown: (a) => { console.log('unknown', a); return false; } }));
