// The WHATWG URL API: parsing and resolution, hosts, percent-encoding,
// setters, URLSearchParams and its link to the URL, errors, and the url
// module's WHATWG helpers. (url_wpt.js runs the standard's own cases.)
'use strict';
const url = require('url');

const show = (u) => [u.href, u.origin, u.protocol, u.username, u.password, u.host, u.hostname, u.port, u.pathname, u.search, u.hash].join(' | ');

console.log('-- relative resolution');
for (const [input, base] of [
  ['../c', 'http://h/a/b/'], ['../c', 'http://h/a/b'], ['./c/./d/../e', 'http://h/a/'], ['/x', 'http://h/a/b?q#f'],
  ['?q2', 'http://h/a/b?q#f'], ['#f2', 'http://h/a/b?q#f'], ['', 'http://h/a/b?q#f'], ['//other/p', 'https://h/a'],
  ['../../../../up', 'http://h/a/b/c'], ['%2e%2E/x', 'http://h/a/b/'], ['c:d', 'http://h/'], ['x', 'file:///C:/a/b'],
  ['/x', 'file:///C:/a/b'], ['..', 'file:///C:/'], ['\\\\server\\share', 'file:///'], ['  \t/p\n ', 'http://h/'],
  ['sc:x', 'http://h/'], ['g', 'sc://h/a/b'], ['g', 'sc:/a/b'],
]) {
  console.log(JSON.stringify(input), JSON.stringify(base), '->', new URL(input, base).href);
}

console.log('-- ports, origins, schemes');
for (const s of ['http://h:80/', 'http://h:8080/', 'https://h:443/', 'https://h:80/', 'ws://h:80/', 'wss://h:443/', 'ftp://h:21/',
  'ftp://h:22/', 'file:///p', 'blob:https://h:8443/uuid', 'blob:ftp://h/uuid', 'data:text/plain,hi', 'sc://h:80/', 'HTTP://H/',
  'http://h:0080/', 'http://h:/', 'mailto:Joe@Example.COM', 'javascript:alert(1)', 'urn:isbn:0451450523', 'web+demo:/.//not-a-host/']) {
  console.log(show(new URL(s)));
}

console.log('-- hosts');
for (const s of ['http://EXAMPLE.com./', 'http://0x7f.1/', 'http://127.0.0.1/', 'http://2130706433/', 'http://0300.0250.1.1/',
  'http://[::1]/', 'http://[0:0:0:0:0:ffff:192.168.1.1]/', 'http://[2001:db8:0:0:1:0:0:1]/', 'http://[::FFFF:1.2.3.4]:8080/',
  'http://bücher.example/', 'http://xn--bcher-kva.example/', 'http://faß.de/', 'http://ＥＸＡＭＰＬＥ.com/', 'http://a%2Eb/',
  'http://%F0%9F%98%80.com/', 'sc://%41%2f/', 'sc://ñ/', 'http://example.com:65535/']) {
  console.log(show(new URL(s)));
}
for (const s of ['http://1.2.3.4.5/', 'http://[::1', 'http://a b/', 'http://256.0.0.1/', 'http://1.2.3.09/', 'http://[1::2::3]/', 'http://xn--a/',
  'http://example.com:65536/', 'http://ex%00ample/', 'sc://a b/', 'http://', 'http:///', 'file://[/', '//x', 'http://@/', 'http://a:b@/']) {
  try { console.log('parsed?!', new URL(s).href); } catch (e) { console.log(JSON.stringify(s), e.name, e.code, JSON.stringify(e.input), e.message); }
}

console.log('-- percent-encoding per component');
const enc = new URL('http://us er:pa"ss@h/p a"th<>`{}^|?q u"e\'ry<>`{}#fr ag"<>`{}');
console.log(enc.href);
console.log(new URL('sc://h/p?q\'x').search, new URL('http://h/é?é#é').href, new URL('http://h/%zz%2F').pathname);
console.log(new URL('mailto:a b?c d#e f').href, new URL('data:x  ?q').href);

console.log('-- setters');
const u = new URL('https://user:pw@example.com:8443/a/b?x=1#top');
const steps = [
  ['protocol', 'http'], ['protocol', 'mailto'], ['protocol', 'wss:extra'], ['username', 'new user'], ['password', 'p@ss'],
  ['host', 'other.org:81'], ['host', 'third.org'], ['hostname', 'h.example:99'], ['hostname', 'four.example'], ['port', '8000'],
  ['port', '443'], ['port', 'abc'], ['port', '12ab'], ['port', '99999'], ['port', ''], ['pathname', '/new path/ü'],
  ['pathname', 'no-slash'], ['search', 'a=1&b=2'], ['search', '?c=3'], ['search', ''], ['hash', 'frag ment'], ['hash', '#h2'],
  ['hash', ''], ['href', 'http://reset.example/'], ['host', 'example.com:'], ['host', 'example.net:65536'],
];
for (const [k, v] of steps) {
  u[k] = v;
  console.log(k, JSON.stringify(v), '->', u.href);
}
try { u.href = 'not a url'; } catch (e) { console.log('href setter:', e.name, e.code, e.input, e.message, e.stack.split('\n')[0]); }
const opaque = new URL('mailto:someone@example.com');
opaque.host = 'x.com';
opaque.pathname = '/p';
opaque.port = '8';
opaque.username = 'u';
console.log(opaque.href);
const spaces = new URL('data:space    ?query#frag');
spaces.hash = '';
console.log(JSON.stringify(spaces.href));
spaces.search = '';
console.log(JSON.stringify(spaces.href));
const f = new URL('file://host/p');
f.port = '80';
f.username = 'u';
f.host = 'localhost';
console.log(f.href);

console.log('-- searchParams linked to the URL');
const l = new URL('http://h/p?a=1&b=2&a=3#f');
const sp = l.searchParams;
console.log(sp.get('a'), sp.getAll('a'), sp.has('b'), sp.has('a', '3'), sp.has('a', '4'), sp.size, sp === l.searchParams);
sp.append('c', 'x y&z=é');
console.log(l.href, l.search);
sp.delete('a', '1');
console.log(l.href);
sp.set('a', 'only');
sp.sort();
console.log(l.href);
l.search = '?z=26&y=25';
console.log([...sp], sp.toString());
l.href = 'http://h/?k=v';
console.log([...sp.keys()], [...sp.values()], [...sp.entries()]);
sp.delete('k');
console.log(JSON.stringify(l.href), JSON.stringify(l.search));

console.log('-- URLSearchParams');
const ctor = [
  new URLSearchParams('?a=1&b=2&&c&=d&e=f=g'), new URLSearchParams('a+b=c+d&%41=%zz&%C3%A9=%E2%82%AC'),
  new URLSearchParams({ x: '1', y: 2, z: undefined }), new URLSearchParams([['k', 'v'], ['k', 'w']]),
  new URLSearchParams(new Map([['m', 'n']])), new URLSearchParams(new URLSearchParams('copy=1')), new URLSearchParams(),
  new URLSearchParams('\uD800=lone'),
];
for (const p of ctor) console.log(JSON.stringify(p.toString()), JSON.stringify([...p]));
const ps = new URLSearchParams('b=2&a=1&c=3&a=0');
ps.sort();
console.log(ps.toString(), ps.size);
const seen = [];
ps.forEach(function (v, k, obj) { seen.push(k + v, obj === ps, this.tag); }, { tag: 't' });
console.log(seen.join(','));
console.log(new URLSearchParams({ sp: 'a b', plus: '+', amp: '&', star: '*-._~!\'()', uni: 'ü€😀' }).toString());
const it = ps.keys();
console.log(Object.prototype.toString.call(it), typeof it[Symbol.iterator], it.next(), it[Symbol.iterator]() === it);
for (const bad of [[['only-one']], [['a', 'b', 'c']], [1], 'ok']) {
  try { console.log(new URLSearchParams(bad).toString()); } catch (e) { console.log(e.name, e.code, e.message); }
}
try { ps.append('x'); } catch (e) { console.log(e.name, e.code, e.message); }
try { ps.get(); } catch (e) { console.log(e.name, e.code, e.message); }
try { URLSearchParams.prototype.get.call({}, 'a'); } catch (e) { console.log(e.name, e.code, e.message); }
try { ps.forEach(5); } catch (e) { console.log(e.name, e.code, e.message); }

console.log('-- errors and statics');
for (const args of [['foo'], ['foo', 'bar'], ['/x', 'not a base'], ['http://[x]/']]) {
  try { new URL(...args); } catch (e) {
    console.log(e instanceof TypeError, e.name, e.message, e.code, JSON.stringify(e.input), JSON.stringify(e.base), Object.keys(e), e.stack.split('\n')[0], String(e));
  }
}
try { new URL(); } catch (e) { console.log(e.name, e.code, e.message, e.stack.split('\n')[0], String(e)); }
try { URL.canParse(); } catch (e) { console.log(e.name, e.code, e.message); }
console.log(URL.canParse('https://x'), URL.canParse('x'), URL.canParse('x', 'https://b/'), URL.canParse('x', 'bad'));
console.log(URL.parse('nope'), URL.parse('/rel', 'https://b/x').href, URL.parse('https://ok/').href);
console.log(new URL({ toString() { return 'https://from-object/'; } }).href, new URL(new URL('https://copy/')).href);

console.log('-- object shape');
const o = new URL('https://a.example/x?y#z');
console.log(Object.keys(o), JSON.stringify(o), String(o), o.toJSON(), `${o}`);
console.log(Object.prototype.toString.call(o), Object.prototype.toString.call(o.searchParams), o instanceof URL);
console.log(URL.name, URL.length, URLSearchParams.name, URLSearchParams.length, typeof URL.canParse, typeof URL.parse);
const d = Object.getOwnPropertyDescriptor(URL.prototype, 'href');
console.log(typeof d.get, typeof d.set, d.enumerable, d.configurable);
console.log(Object.getOwnPropertyNames(URL.prototype).join(','));
console.log(Object.getOwnPropertyNames(URLSearchParams.prototype).join(','));
console.log(URL === url.URL, URLSearchParams === url.URLSearchParams, globalThis.URL === URL);
console.log(o);
console.log([o, new URLSearchParams('a=1&b=2')]);
console.log({ nested: { deeper: { url: o } } });
console.log(new URLSearchParams());
console.log(new URLSearchParams('long=' + 'x'.repeat(40) + '&more=' + 'y'.repeat(40)));

console.log('-- url module helpers');
console.log(url.fileURLToPath('file:///a%20b/c%2Bd'), url.fileURLToPath(new URL('file:///tmp/x')), url.fileURLToPath('file://localhost/etc/'));
for (const bad of ['http://x/', 'file://host/x', 'file:///a%2Fb', 5]) {
  try { url.fileURLToPath(bad); } catch (e) { console.log(e.name, e.code, e.message); }
}
console.log(url.pathToFileURL('/a b/c#d?e%f[g]^h|i~j\\k').href, url.pathToFileURL('/dir/').href, url.pathToFileURL('/x/../y').href);
try { url.pathToFileURL(5); } catch (e) { console.log(e.name, e.code, e.message); }
for (const dom of ['español.com', 'xn--espaol-zwa.com', 'EXAMPLE.com', 'a b', 'xn--iñvalid.com', '', '1.2.3', 'münchen.de:80', 'ex/ample']) {
  console.log(JSON.stringify(dom), JSON.stringify(url.domainToASCII(dom)), JSON.stringify(url.domainToUnicode(dom)));
}
const full = new URL('https://us%20er:pw@xn--espaol-zwa.com:8080/p?q=1#h');
console.log(url.format(full), url.format(full, { unicode: true }), url.format(full, { auth: false, search: false, fragment: false }));
console.log(JSON.stringify(url.urlToHttpOptions(new URL('https://a:b@[::1]:8443/p?q#h'))));
