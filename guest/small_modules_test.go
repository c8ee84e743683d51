package guest

import (
	"testing"
	"time"

	"github.com/natsexec/natsexec/jobs"
)

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
// Printed when all 21 lines are in, so no clock is raced.
out.push = function (...a) {
  Array.prototype.push.apply(this, a);
  if (this.length === 21) console.log(this.join('\n'));
  return this.length;
};
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

// Key generation and key formats this runtime bounds or lacks, where Node
// would go on: RSA moduli outside 1024 to cryptoMaxRSABits, other public
// exponents, encrypted keys; RSA keys past 16384 bits as OpenSSL refuses
// them (Node when it uses one), before Go's costly checks; RSA generation
// stops at the deadline.
func TestSmallCryptoKeyBounds(t *testing.T) {
	t.Parallel()
	res := execJS(t, newNodeVM(t, Config{Limits: jobs.Limits{MemoryBytes: 64 << 20}}), `
const c = require('crypto');
const show = (f) => { try { f(); console.log('no error'); } catch (e) { console.log(e.name, e.code, e.message); } };
show(() => c.generateKeyPairSync('rsa', { modulusLength: 16384 }));
show(() => c.generateKeyPairSync('rsa', { modulusLength: 512 }));
show(() => c.generateKeyPairSync('rsa', { modulusLength: 2048, publicExponent: 3 }));
show(() => c.generateKeyPairSync('dsa', { modulusLength: 2048 }));
show(() => c.generateKeyPairSync('ec', { namedCurve: 'P-256', privateKeyEncoding: { type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase: 'x' } }));
show(() => c.generateKeySync('hmac', { length: 8 * (65 << 20) }));
const key = c.generateKeyPairSync('ed25519').privateKey;
show(() => key.export({ type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase: 'x' }));
show(() => c.createPrivateKey('-----BEGIN ENCRYPTED PRIVATE KEY-----\nMAMCAQA=\n-----END ENCRYPTED PRIVATE KEY-----\n'));
show(() => c.createPrivateKey({ key: '-----BEGIN ENCRYPTED PRIVATE KEY-----\nMAMCAQA=\n-----END ENCRYPTED PRIVATE KEY-----\n', passphrase: 'x' }));
const rsa = c.generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey;
show(() => c.createSign('sha256').update('x').sign({ key: rsa, padding: 6, saltLength: 0 }));
// RSA keys past OpenSSL's 16384 bits, refused before Go validates them.
const n = Buffer.alloc(2600, 0xff).toString('base64').replace(/=+$/, '');
show(() => c.createPublicKey({ key: { kty: 'RSA', n, e: 'AQAB' }, format: 'jwk' }));
show(() => c.createPrivateKey('-----BEGIN RSA PRIVATE KEY-----\n' + Buffer.alloc(13 << 10).toString('base64') + '\n-----END RSA PRIVATE KEY-----\n'));
show(() => c.createPrivateKey({ key: Buffer.alloc(13 << 10), format: 'der', type: 'pkcs8' }));
show(() => c.createPublicKey({ key: Buffer.concat([Buffer.from([0x30, 0x82, 0x0a, 0x0e, 0x02, 0x82, 0x0a, 0x05, 0x00]), Buffer.alloc(2564, 0xff), Buffer.from([0x02, 0x03, 1, 0, 1])]), format: 'der', type: 'pkcs1' }));
c.generateKeyPair('rsa', { modulusLength: 1024 }, (err, pub) => console.log('callback', err, pub.asymmetricKeyDetails.modulusLength));
`)
	want := "RangeError ERR_OUT_OF_RANGE The value of \"options.modulusLength\" is out of range. It must be >= 1024 && <= 8192. Received 16384\n" +
		"RangeError ERR_OUT_OF_RANGE The value of \"options.modulusLength\" is out of range. It must be >= 1024 && <= 8192. Received 512\n" +
		"Error ERR_CRYPTO_UNSUPPORTED_OPERATION A publicExponent other than 65537 is not supported in this runtime\n" +
		"Error ERR_CRYPTO_UNSUPPORTED_OPERATION Key type 'dsa' is not supported in this runtime\n" +
		"Error ERR_CRYPTO_UNSUPPORTED_OPERATION Encrypting a private key is not supported in this runtime\n" +
		"RangeError ERR_OUT_OF_RANGE The value of \"options.length\" is out of range. It must be >= 8 && <= 536870912. Received 545259520\n" +
		"Error ERR_CRYPTO_UNSUPPORTED_OPERATION Encrypting a private key is not supported in this runtime\n" +
		"TypeError ERR_MISSING_PASSPHRASE Passphrase required for encrypted key\n" +
		"Error ERR_CRYPTO_UNSUPPORTED_OPERATION An encrypted private key is not supported in this runtime\n" +
		"Error ERR_CRYPTO_UNSUPPORTED_OPERATION A PSS salt length of 0 is not supported in this runtime\n" +
		"Error ERR_OSSL_RSA_MODULUS_TOO_LARGE error:0200006A:rsa routines::modulus too large\n" +
		"Error ERR_OSSL_RSA_MODULUS_TOO_LARGE error:0200006A:rsa routines::modulus too large\n" +
		"Error ERR_OSSL_RSA_MODULUS_TOO_LARGE error:0200006A:rsa routines::modulus too large\n" +
		"Error ERR_OSSL_RSA_MODULUS_TOO_LARGE error:0200006A:rsa routines::modulus too large\n" +
		"callback null 1024\n"
	if res.Kind != KindNone || string(res.Stdout) != want {
		t.Errorf("kind %q %s\nstdout:\n%s\nwant:\n%s", res.Kind, res.Error, res.Stdout, want)
	}

	const timeout = 150 * time.Millisecond
	v := newNodeVM(t, Config{Limits: jobs.Limits{Timeout: jobs.Duration(timeout)}})
	for name, src := range map[string]string{
		// Seconds to minutes of work; the exec stops at its deadline.
		"sync":   `for (;;) require('crypto').generateKeyPairSync('rsa', { modulusLength: 8192 })`,
		"async":  `require('crypto').generateKeyPair('rsa', { modulusLength: 8192 }, () => {})`,
		"caught": `for (;;) try { require('crypto').generateKeyPairSync('rsa', { modulusLength: 8192 }) } catch (e) { console.log('caught') }`,
	} {
		start := time.Now()
		res := execJS(t, v, src)
		if res.Kind != KindTimeout || len(res.Stdout) != 0 {
			t.Errorf("%s: kind %q stdout %q: %s", name, res.Kind, res.Stdout, res.Error)
		}
		if d := time.Since(start); d > timeout+time.Second {
			t.Errorf("%s: stopped after %s", name, d)
		}
	}
	if res := execJS(t, v, `require('crypto').generateKeyPairSync('ed25519')`); res.Kind != KindNone {
		t.Errorf("after the stops: %q %s", res.Kind, res.Error)
	}
}
