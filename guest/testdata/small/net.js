// net: the addresses and classes are Node's; connecting cannot succeed in
// a guest, so only what a refused connection shares with Node is printed.
const net = require('net');
const EventEmitter = require('events');
const stream = require('stream');
console.log(require('node:net') === net, net.Stream === net.Socket, net.connect === net.createConnection);
console.log(['BlockList', 'Server', 'Socket', 'SocketAddress', 'connect', 'createConnection', 'createServer', 'isIP', 'isIPv4', 'isIPv6',
  'getDefaultAutoSelectFamily', 'setDefaultAutoSelectFamily', 'getDefaultAutoSelectFamilyAttemptTimeout', 'setDefaultAutoSelectFamilyAttemptTimeout']
  .map((k) => k + ':' + typeof net[k]).join(' '));

const ips = ['127.0.0.1', '0.0.0.0', '255.255.255.255', '256.0.0.1', '1.2.3', '01.2.3.4', '1.2.3.4 ', ' 1.2.3.4', '1.2.3.04',
  '::', '::1', '1::', '::ffff:1.2.3.4', '2001:db8::1', '2001:db8:0:0:0:0:2:1', 'fe80::1%eth0', 'fe80::1%', 'FE80::ABCD',
  '1:2:3:4:5:6:7:8', '1:2:3:4:5:6:7:8:9', '1:2:3:4:5:6:7::', '::1:2:3:4:5:6:7', '1::2::3', 'gggg::1', '12345::1',
  '::ffff:256.1.1.1', '1:2:3:4:5:6:1.2.3.4', '1:2:3:4:5:6:7:1.2.3.4', 'localhost', '', 'example.com', '[::1]'];
for (const ip of ips) console.log(JSON.stringify(ip), net.isIP(ip), net.isIPv4(ip), net.isIPv6(ip));
for (const v of [undefined, null, 123, { toString() { return '1.2.3.4'; } }, ['::1'], true]) console.log(String(v), net.isIP(v), net.isIPv4(v), net.isIPv6(v));

// BlockList and SocketAddress
const { BlockList, SocketAddress } = net;
const b = new BlockList();
b.addAddress('123.123.123.123');
b.addRange('10.0.0.1', '10.0.0.10');
b.addSubnet('8592:757c:efae:4e45::', 64, 'ipv6');
b.addSubnet('192.168.0.0', 16);
b.addAddress(new SocketAddress({ address: '::2', family: 'ipv6' }));
console.log(b.check('123.123.123.123'), b.check('10.0.0.3'), b.check('10.0.0.11'), b.check('222.111.111.222'),
  b.check('8592:757c:efae:4e45:f::', 'ipv6'), b.check('8592:757c:efae:4f45::f', 'ipv6'), b.check('::2', 'ipv6'), b.check('::3', 'IPv6'));
console.log(b.check('::ffff:7b7b:7b7b', 'ipv6'), b.check('::ffff:123.123.123.123', 'ipv6'), b.check('192.168.3.4'), b.check('bogus'), b.check('1.2.3.4', 'ipv6'));
console.log(b.check(new SocketAddress({ address: '10.0.0.5' })));
console.log(JSON.stringify(b.rules));
const b6 = new BlockList();
b6.addAddress('1.2.3.4');
b6.addSubnet('::ffff:0:0', 96, 'ipv6');
console.log(b6.check('::ffff:1.2.3.4', 'ipv6'), b6.check('9.9.9.9'), JSON.stringify(b6.rules));
const b7 = new BlockList();
b7.addRange('::1', '::9', 'ipv6');
b7.addSubnet('0.0.0.0', 0);
console.log(b7.check('::5', 'ipv6'), b7.check('::a', 'ipv6'), b7.check('8.8.8.8'), JSON.stringify(b7.rules));
for (const f of [() => b.addRange('10.0.0.10', '10.0.0.1'), () => b.addSubnet('1.2.3.4', 33), () => b.addSubnet('::', 129, 'ipv6'),
  () => b.addAddress(1), () => b.addAddress('1.2.3.4', 'ipv7'), () => b.addAddress('nope'), () => b.check(5), () => b.addSubnet('1.2.3.4', '8')]) {
  try { f(); console.log('no error'); } catch (e) { console.log(e.name, e.code, e.message); }
}

const s = new SocketAddress({ address: '::1', family: 'ipv6', port: 80, flowlabel: 5 });
console.log(s.address, s.port, s.family, s.flowlabel, JSON.stringify(s), SocketAddress.isSocketAddress(s), SocketAddress.isSocketAddress({}));
console.log(JSON.stringify(new SocketAddress()), JSON.stringify(new SocketAddress({ family: 'IPv6' })), JSON.stringify(new SocketAddress({ address: '1.2.3.4', port: 8080 })), new SocketAddress({ address: '::0001:0:0:0', family: 'ipv6' }).address, new SocketAddress({ address: '::1:2', family: 'ipv6' }).address, new SocketAddress({ address: '::ffff:1.2.3.4', family: 'ipv6' }).address, new SocketAddress({ address: 'fe80::1%eth0', family: 'ipv6' }).address);
for (const o of [{ address: 'x' }, { address: '1.2.3.4', family: 'x' }, { port: 70000 }, { port: -1 }, { address: 5 }, { flowlabel: -1 }, 'str', { address: '::1' }]) {
  try { console.log(JSON.stringify(new SocketAddress(o))); } catch (e) { console.log(e.name, e.code, e.message); }
}

// Socket and Server exist as Node's classes
const sock = new net.Socket();
console.log(sock instanceof stream.Duplex, sock instanceof EventEmitter, sock.connecting, sock.pending, sock.destroyed, sock.remoteAddress, sock.bytesWritten, sock.bytesRead, JSON.stringify(sock.address()));
console.log(sock.setNoDelay() === sock, sock.setKeepAlive(true) === sock, sock.ref() === sock, sock.unref() === sock, sock.setEncoding('utf8') === sock);
// Printed once the six expected events are in, in any order: no race with
// a clock.
const events = [];
events.push = function (...a) {
  Array.prototype.push.apply(this, a);
  if (this.length === 6) console.log(this.slice().sort().join('\n'));
  return this.length;
};
sock.on('error', (e) => events.push(['error', e instanceof Error, typeof e.code, typeof e.errno, e.syscall, e.address, e.port].join(' ')));
sock.on('close', (hadError) => events.push('close ' + hadError + ' ' + sock.destroyed));
sock.on('connect', () => events.push('connect'));
console.log(sock.connect(1, '127.0.0.1') === sock, sock.connecting, sock.pending);
process.nextTick(() => events.push('tick connecting=' + sock.connecting));

const c2 = net.createConnection({ port: 2, host: '127.0.0.1' }, () => events.push('connected?!'));
c2.on('error', (e) => events.push(['c2 error', e.syscall, e.address, e.port].join(' ')));
const c3 = net.connect(3, '127.0.0.1');
c3.on('error', (e) => events.push(['c3 error', e.syscall, e.address, e.port].join(' ')));

const srv = net.createServer((c) => events.push('connection?!'));
console.log(srv instanceof net.Server, srv instanceof EventEmitter, srv.listening, srv.address(), typeof srv.listen, typeof srv.getConnections);
srv.close((e) => events.push('server close cb ' + e.code + ' ' + e.message));
const srv2 = new net.Server({ pauseOnConnect: true });
console.log(srv2.listening, srv2.address());
console.log(net.getDefaultAutoSelectFamily(), net.getDefaultAutoSelectFamilyAttemptTimeout());
