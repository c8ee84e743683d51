package guest

import "testing"

// The programs of testdata/small print what Node 20 prints for them: tty,
// diagnostics_channel, net and dns without a network, and crypto's key
// objects, signatures and key pairs.
func TestSmallModulesMatchNode20(t *testing.T) {
	t.Parallel()
	matchNode20(t, "testdata/small")
}

// Guests have no network: where Node would reach one, net and dns fail with
// EACCES and say why. Node's output differs here by design, so the
// expectation is ours.
func TestSmallNoNetwork(t *testing.T) {
	t.Parallel()
	src := `
const net = require('net'), dns = require('dns');
const out = [];
const show = (tag) => (e) => out.push([tag, e.name, e.code, e.errno, e.syscall, e.address, e.port, e.hostname, e.message].join('|'));
const s = net.connect(80, '10.0.0.1');
s.on('error', show('connect'));
s.on('close', (hadError) => out.push('close ' + hadError + ' ' + s.destroyed));
s.write('queued', (e) => out.push('write cb ' + (e && e.code)));
net.connect({ port: 443, host: 'example.com' }).on('error', show('connect host')).on('lookup', (e) => out.push('lookup ' + (e && e.code)));
net.connect({ port: 1, host: 'example.com', lookup: (h, o, cb) => cb(null, '::1', 6) }).on('error', show('custom lookup'));
net.connect('/tmp/sock').on('error', show('ipc'));
net.createServer().listen(3000).on('error', show('listen'));
net.createServer().listen(0, '127.0.0.1').on('error', show('listen host'));
net.createServer().listen({ path: '/tmp/s' }).on('error', show('listen ipc'));
dns.lookup('example.com', show('lookup'));
dns.resolve4('example.com', show('resolve4'));
dns.reverse('1.2.3.4', show('reverse'));
dns.lookupService('1.2.3.4', 22, show('lookupService'));
dns.promises.resolveMx('example.com').catch(show('promises.resolveMx'));
dns.promises.lookup('example.com').catch(show('promises.lookup'));
try { new net.Socket().connect({}); } catch (e) { out.push(e.code + ' ' + e.message); }
try { new net.Socket({ fd: 1 }); } catch (e) { out.push(e.code + ' ' + e.message); }
const u = new net.Socket();
u.on('error', (e) => out.push('unconnected error ' + e.code)).on('close', (h) => out.push('unconnected close ' + h));
u.write('x', (e) => out.push('unconnected write ' + e.code));
setTimeout(() => console.log(out.join('\n')), 20);
`
	want := `ERR_MISSING_ARGS The "options", "port", and "path" arguments must be specified
ERR_INVALID_FD_TYPE Unsupported fd type: FILE
listen|Error|EACCES|-13|listen|::|3000||listen EACCES :::3000 - guests have no network access
listen host|Error|EACCES|-13|listen|127.0.0.1|0||listen EACCES 127.0.0.1:0 - guests have no network access
listen ipc|Error|EACCES|-13|listen|/tmp/s|||listen EACCES /tmp/s - guests have no network access
unconnected write ERR_SOCKET_CLOSED
unconnected error ERR_SOCKET_CLOSED
unconnected close undefined
promises.lookup|Error|EACCES|-13|getaddrinfo|||example.com|getaddrinfo EACCES example.com - guests have no network access
write cb EACCES
connect|Error|EACCES|-13|connect|10.0.0.1|80||connect EACCES 10.0.0.1:80 - guests have no network access
close true true
lookup EACCES
connect host|Error|EACCES|-13|getaddrinfo|||example.com|getaddrinfo EACCES example.com - guests have no network access
custom lookup|Error|EACCES|-13|connect|::1|1||connect EACCES ::1:1 - guests have no network access
ipc|Error|EACCES|-13|connect|/tmp/sock|||connect EACCES /tmp/sock - guests have no network access
lookup|Error|EACCES|-13|getaddrinfo|||example.com|getaddrinfo EACCES example.com - guests have no network access
resolve4|Error|EACCES|-13|queryA|||example.com|queryA EACCES example.com - guests have no network access
reverse|Error|EACCES|-13|getHostByAddr|||1.2.3.4|getHostByAddr EACCES 1.2.3.4 - guests have no network access
lookupService|Error|EACCES|-13|getnameinfo|||1.2.3.4|getnameinfo EACCES 1.2.3.4 - guests have no network access
promises.resolveMx|Error|EACCES|-13|queryMx|||example.com|queryMx EACCES example.com - guests have no network access
`
	res := runJS(t, src)
	if res.Kind != KindNone || res.ExitCode != 0 {
		t.Fatalf("kind %q exit %d: %s\nstderr: %s", res.Kind, res.ExitCode, res.Error, res.Stderr)
	}
	wantStdout(t, res, want)
}
