// qs: nested query strings.
const qs = require('qs');

console.log(qs.parse('a[b][c]=d&e[]=1&e[]=2&f=%E2%9C%93&g[0][h]=i'));
console.log(qs.stringify({ a: { b: { c: 'd' } }, e: [1, 2], f: '✓ &=', n: null, u: undefined }));
console.log(qs.stringify({ a: [1, 2] }, { arrayFormat: 'brackets' }), qs.stringify({ a: [1, 2] }, { arrayFormat: 'repeat' }), qs.stringify({ a: [1, 2] }, { indices: false }));
console.log(qs.parse('?x=1&y=2', { ignoreQueryPrefix: true }), qs.parse('a.b.c=1', { allowDots: true }));
console.log(qs.parse('a=1;b=2', { delimiter: ';' }), qs.parse('a[]=b&a[]=c', { parseArrays: false }));
console.log(qs.stringify({ date: new Date(Date.UTC(2020, 0, 1)) }), qs.stringify({ a: 'b c' }, { format: 'RFC1738' }));
console.log(qs.parse('a[1]=b&a[15]=c'), qs.parse('a=%82%A0', { charset: 'iso-8859-1' }));
