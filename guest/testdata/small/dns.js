// dns without a network: an IP address looks up as itself, and the
// argument checks are Node's. (Queries that need a network are in
// small_modules_test.go: they fail differently on purpose.)
const dns = require('dns');
console.log(require('node:dns') === dns, require('dns/promises') === dns.promises, require('node:dns/promises') === dns.promises);
console.log(Object.keys(dns).join(' '));
console.log(Object.keys(dns.promises).join(' '));
for (const k of Object.keys(dns)) if (typeof dns[k] !== 'function' && k !== 'promises') process.stdout.write(k + '=' + JSON.stringify(dns[k]) + ' ');
console.log();
const r = new dns.Resolver();
console.log(Object.getOwnPropertyNames(Object.getPrototypeOf(r)).join(' '));
console.log(Object.getOwnPropertyNames(Object.getPrototypeOf(Object.getPrototypeOf(r))).join(' '));
console.log(typeof dns.promises.Resolver, dns.getDefaultResultOrder(), typeof r.getServers());
const order = [];
dns.lookup('1.2.3.4', (e, a, f) => order.push(['a', e, a, f].join(' ')));
dns.lookup('::1', { all: true }, (e, a) => order.push('b ' + e + ' ' + JSON.stringify(a)));
dns.lookup('fe80::1%eth0', { family: 'IPv6' }, (e, a, f) => order.push(['c', e, a, f].join(' ')));
dns.lookup('1.2.3.4', 6, (e, a, f) => order.push(['d', e, a, f].join(' ')));
dns.lookup('1.2.3.4', { all: true, family: 4, hints: dns.ADDRCONFIG | dns.V4MAPPED, verbatim: false }, (e, a) => order.push('e ' + JSON.stringify(a)));
process.nextTick(() => order.push('tick'));
dns.promises.lookup('1.2.3.4').then((x) => order.push('p ' + JSON.stringify(x)));
dns.promises.lookup('::ffff:1.2.3.4', { all: true }).then((x) => order.push('p2 ' + JSON.stringify(x)));
const bad = [
  () => dns.lookup(5, () => {}),
  () => dns.lookup('x'),
  () => dns.lookup('x', { family: 5 }, () => {}),
  () => dns.lookup('x', 5, () => {}),
  () => dns.lookup('x', 'b', () => {}),
  () => dns.lookup('x', 'b'),
  () => dns.lookup('x', { hints: 12345 }, () => {}),
  () => dns.lookup('x', { hints: '1' }, () => {}),
  () => dns.lookup('x', { all: 1 }, () => {}),
  () => dns.lookup('x', { order: 'random' }, () => {}),
  () => dns.setDefaultResultOrder('x'),
  () => dns.lookupService('x', 80, () => {}),
  () => dns.lookupService('1.2.3.4', 80),
  () => dns.lookupService('1.2.3.4', 70000, () => {}),
  () => dns.resolve4(5, () => {}),
  () => dns.resolve4('x'),
  () => dns.resolve('a', 'X', () => {}),
  () => dns.resolve('a', 5, () => {}),
  () => dns.setServers(['x']),
  () => dns.setServers('1.1.1.1'),
  () => r.setServers([5]),
  () => dns.promises.lookup(5),
  () => dns.promises.lookupService('1.2.3.4'),
  () => dns.setDefaultAutoSelectFamily,
];
for (const f of bad) {
  try { const v = f(); console.log('no error', typeof v); } catch (e) { console.log(e.name, e.code, e.message); }
}
dns.setServers(['1.1.1.1', '[::1]:53', '8.8.8.8:53']);
r.setServers(['9.9.9.9']);
console.log(JSON.stringify(r.getServers()));
dns.setDefaultResultOrder('ipv4first');
console.log(dns.getDefaultResultOrder(), dns.promises.getDefaultResultOrder());
setTimeout(() => console.log(order.join('\n')), 10);
const util = require('util');
util.promisify(dns.lookup)('1.2.3.4').then((r) => console.log('promisify', JSON.stringify(r)));
util.promisify(dns.lookup)('::1', { all: true }).then((r) => console.log('promisify all', JSON.stringify(r)));
