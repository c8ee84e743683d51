// The legacy url API: url.parse, url.format, url.resolve, url.resolveObject
// and Url objects, as Node 20's lib/url.js has them.
'use strict';
const url = require('url');

const inputs = [
  'http://user:pass@host.com:8080/p/a/t/h?query=string#hash', 'HTTP://EXAMPLE.com/A?B#C', '//host/path', '/just/a/path?x=1',
  'mailto:someone@example.com', 'javascript:alert(1)', 'file:///etc/passwd', 'http://[::1]:3000/x', 'http://a b.com/ c?d e',
  'http://x.com\\path\\to?q\\x#h\\i', 'http://bücher.de/ö', 'http://ex"ample.com/<>', "http://x/'quote'`tick`{brace}|pipe^",
  '  http://trim.me/  ', 'http://user@:80', 'https://a.b/c?', 'https://a.b/c#', 'ws://h/?a=1&a=2&b', 'foo:bar', 'http://x.com?q',
  'http://x.com#f', 'www.example.com', 'http://a.com:xyz/', '?only=query', '#only-hash', '', 'http://a.b/%zz%41',
];
for (const s of inputs) {
  console.log(JSON.stringify(s));
  console.log(' ', JSON.stringify(url.parse(s)));
}
console.log(JSON.stringify(url.parse('http://h/p?a=1&b=2&a=3&c', true).query));
console.log(JSON.stringify(url.parse('//host/path', false, true)), JSON.stringify(url.parse('//host/path', true, false).query));
console.log(url.parse('http://x/') instanceof url.Url, url.parse(url.parse('http://y/')).href);
console.log(url.parse('http://h/p'));
try { url.parse(5); } catch (e) { console.log(e.name, e.code, e.message); }
try { url.parse('http://a\u0000b/'); console.log('no throw'); } catch (e) { console.log(e.name, e.code, e.message); }

console.log('-- format');
const objs = [
  { protocol: 'https', hostname: 'example.com', pathname: '/some/path', query: { page: 1, format: 'json' } },
  { protocol: 'http:', host: 'h:81', pathname: 'rel', search: 'a=1', hash: 'x' },
  { protocol: 'mailto', auth: 'a b:c@d', host: 'h' }, { protocol: 'file', pathname: '/x y#?' },
  { hostname: 'h', port: 8080, pathname: '/p' }, { protocol: 'javascript', pathname: 'alert(1)' },
  { protocol: 'http', slashes: true, host: 'x', query: 'raw=string' }, { href: 'ignored', pathname: '/only' }, {},
];
for (const o of objs) console.log(JSON.stringify(url.format(o)));
console.log(url.format('http://Example.com/a b'), url.format(url.parse('http://a.com/x?y#z')));
try { url.format(null); } catch (e) { console.log(e.name, e.code, e.message); }

console.log('-- resolve');
const pairs = [
  ['/one/two/three', 'four'], ['http://example.com/', '/one'], ['http://example.com/one', '/two'], ['http://a/b/c/d;p?q', 'g;x?y#s'],
  ['http://a/b/c/d;p?q', '../../../g'], ['http://a/b/c/d;p?q', '//g'], ['http://a/b/c/d;p?q', '?y'], ['http://a/b/c/d;p?q', '#s'],
  ['http://a/b/c/d;p?q', '.'], ['http://a/b/c/d;p?q', 'g/../h'], ['mailto:a@b', 'c'], ['http://a/b', 'https://other/x'],
  ['http://a/b', 'http:rel'], ['/a/b', '../../..'], ['', 'x'], ['http://u:p@h/a', 'b'],
];
for (const [from, to] of pairs) console.log(JSON.stringify(from), JSON.stringify(to), '->', JSON.stringify(url.resolve(from, to)));
const ro = url.resolveObject('http://a/b/c?q', '../d?e#f');
console.log(ro instanceof url.Url, JSON.stringify(ro));
console.log(url.parse('http://h/a/b').resolve('../c'), JSON.stringify(url.parse('http://h/a/b').resolveObject('x')));
