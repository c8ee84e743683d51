// PBKDF2 and scrypt: known vectors, every argument form, Node's errors.
const crypto = require('crypto');

function show(label, f) {
  try {
    const r = f();
    console.log(label, Buffer.isBuffer(r) ? r.toString('hex') : r);
  } catch (e) {
    console.log(label, 'threw', e.name, e.code, JSON.stringify(e.message),
      e instanceof TypeError, e instanceof RangeError, e instanceof Error);
  }
}

// RFC 6070 (PBKDF2-HMAC-SHA1) and the SHA-2 vectors commonly used with it.
show('rfc6070 1', () => crypto.pbkdf2Sync('password', 'salt', 1, 20, 'sha1'));
show('rfc6070 2', () => crypto.pbkdf2Sync('password', 'salt', 2, 20, 'sha1'));
show('rfc6070 3', () => crypto.pbkdf2Sync('password', 'salt', 4096, 20, 'sha1'));
show('rfc6070 5', () => crypto.pbkdf2Sync('passwordPASSWORDpassword', 'saltSALTsaltSALTsaltSALTsaltSALTsalt', 4096, 25, 'sha1'));
show('rfc6070 6', () => crypto.pbkdf2Sync('pass\0word', 'sa\0lt', 4096, 16, 'sha1'));
show('sha256 1', () => crypto.pbkdf2Sync('password', 'salt', 1, 32, 'sha256'));
show('sha256 4096', () => crypto.pbkdf2Sync('password', 'salt', 4096, 32, 'sha256'));
show('sha512 long key', () => crypto.pbkdf2Sync('password', 'salt', 3, 150, 'sha512'));
for (const d of ['md5', 'sha224', 'sha384', 'sha512-256', 'sha3-256', 'SHA256', 'RSA-SHA256', 'sha-1']) {
  show('digest ' + d, () => crypto.pbkdf2Sync('pw', 'salt', 10, 40, d));
}
show('Buffer password', () => crypto.pbkdf2Sync(Buffer.from([0, 1, 255]), new Uint8Array([1, 2]), 2, 16, 'sha256'));
show('ArrayBuffer salt', () => crypto.pbkdf2Sync('pw', new Uint8Array([1, 2]).buffer, 2, 16, 'sha256'));
show('DataView salt', () => crypto.pbkdf2Sync('pw', new DataView(new Uint8Array([1, 2, 3]).buffer, 1), 2, 16, 'sha256'));
show('unicode password', () => crypto.pbkdf2Sync('p\u00e4ss \u{1F511}', 'salt', 2, 16, 'sha256'));
show('keylen 0', () => crypto.pbkdf2Sync('a', 'b', 1, 0, 'sha1').length);
show('iterations 0', () => crypto.pbkdf2Sync('a', 'b', 0, 10, 'sha1'));
show('iterations 1.5', () => crypto.pbkdf2Sync('a', 'b', 1.5, 10, 'sha1'));
show('iterations "1"', () => crypto.pbkdf2Sync('a', 'b', '1', 10, 'sha1'));
show('iterations 2**31', () => crypto.pbkdf2Sync('a', 'b', 2 ** 31, 10, 'sha1'));
show('keylen -1', () => crypto.pbkdf2Sync('a', 'b', 1, -1, 'sha1'));
show('keylen 2**31', () => crypto.pbkdf2Sync('a', 'b', 1, 2 ** 31, 'sha1'));
show('digest nope', () => crypto.pbkdf2Sync('a', 'b', 1, 10, 'nope'));
show('digest missing', () => crypto.pbkdf2Sync('a', 'b', 1, 10));
show('password 5', () => crypto.pbkdf2Sync(5, 'b', 1, 10, 'sha1'));
show('salt null', () => crypto.pbkdf2Sync('a', null, 1, 10, 'sha1'));
show('pbkdf2 no callback', () => crypto.pbkdf2('a', 'b', 1, 10, 'sha1'));
show('pbkdf2 digest as callback', () => crypto.pbkdf2('a', 'b', 1, 10, () => {}));
show('pbkdf2 bad digest async', () => crypto.pbkdf2('a', 'b', 1, 10, 'nope', () => {}));

// RFC 7914 section 12's first vector (the others cost too much time for CI
// or, the fourth, 1 GiB); Node's output is the reference anyway.
show('rfc7914 1', () => crypto.scryptSync('', '', 64, { N: 16, r: 1, p: 1 }));
show('N 1024 r 8 p 2', () => crypto.scryptSync('password', 'NaCl', 64, { N: 1024, r: 8, p: 2 }));
show('cost blockSize parallelization', () => crypto.scryptSync('pw', 'salt', 24, { cost: 32, blockSize: 2, parallelization: 3 }));
show('N r p', () => crypto.scryptSync('pw', 'salt', 24, { N: 32, r: 2, p: 3 }));
show('zero N is the default', () => crypto.scryptSync('a', 'b', 10, { N: 0, r: 1, p: 1, maxmem: 2 ** 24 + 1024 }));
show('zero r p maxmem are defaults', () => crypto.scryptSync('a', 'b', 10, { N: 16, r: 0, p: 0, maxmem: 0 }));
show('r 8 p 1', () => crypto.scryptSync('a', 'b', 10, { N: 16, r: 8, p: 1 }));
show('r 1 N 2**12', () => crypto.scryptSync('a', 'b', 8, { N: 2 ** 12, r: 1 }));
show('Buffer inputs', () => crypto.scryptSync(Buffer.from('pw'), new Uint16Array([1, 2]), 16, { N: 16 }));
show('keylen 0', () => crypto.scryptSync('a', 'b', 0, { N: 16 }).length);
// OpenSSL reports these without a reason; before any other failure, as Node
// would otherwise print a stale reason from OpenSSL's error queue.
show('N 3', () => crypto.scryptSync('a', 'b', 10, { N: 3 }));
show('N 1', () => crypto.scryptSync('a', 'b', 10, { N: 1 }));
show('scrypt bad params async', () => crypto.scrypt('a', 'b', 10, { N: 3 }, () => {}));
show('maxmem exact', () => crypto.scryptSync('a', 'b', 10, { N: 1024, r: 8, maxmem: 128 * 8 * 1026 + 1024 }));
show('maxmem one short', () => crypto.scryptSync('a', 'b', 10, { N: 1024, r: 8, maxmem: 128 * 8 * 1026 + 1023 }));
show('default maxmem', () => crypto.scryptSync('a', 'b', 10, { N: 2 ** 15, r: 8 }));
show('N 2**16 r 1', () => crypto.scryptSync('a', 'b', 10, { N: 2 ** 16, r: 1 }));
show('p 2**30', () => crypto.scryptSync('a', 'b', 10, { N: 16, r: 1, p: 2 ** 30 }));
show('N and cost', () => crypto.scryptSync('a', 'b', 10, { N: 16, cost: 16 }));
show('r and blockSize', () => crypto.scryptSync('a', 'b', 10, { r: 1, blockSize: 2 }));
show('p and parallelization', () => crypto.scryptSync('a', 'b', 10, { p: 1, parallelization: 2 }));
show('N -1', () => crypto.scryptSync('a', 'b', 10, { N: -1 }));
show('N "16"', () => crypto.scryptSync('a', 'b', 10, { N: '16' }));
show('N 16.5', () => crypto.scryptSync('a', 'b', 10, { N: 16.5 }));
show('N 2**32', () => crypto.scryptSync('a', 'b', 10, { N: 2 ** 32 }));
show('maxmem -1', () => crypto.scryptSync('a', 'b', 10, { maxmem: -1 }));
show('maxmem 1.5', () => crypto.scryptSync('a', 'b', 10, { maxmem: 1.5 }));
show('keylen -1', () => crypto.scryptSync('a', 'b', -1));
show('keylen "1"', () => crypto.scryptSync('a', 'b', '1'));
show('password {}', () => crypto.scryptSync({}, 'b', 10));
show('scrypt no callback', () => crypto.scrypt('a', 'b', 10));
show('scrypt options as callback', () => crypto.scrypt('a', 'b', 10, {}));
show('scrypt bad callback after undefined', () => crypto.scrypt('a', 'b', 10, undefined, 5));

// The callback forms call back later with (null, key).
const p = (f) => new Promise((resolve) => f((err, key) => resolve([err, key.toString('hex')])));
(async () => {
  let sync = true;
  const late = p((cb) => crypto.pbkdf2('password', 'salt', 2, 20, 'sha1', (e, k) => { console.log('pbkdf2 callback sync?', sync); cb(e, k); }));
  sync = false;
  console.log('pbkdf2 cb', ...await late);
  console.log('scrypt cb', ...await p((cb) => crypto.scrypt('', '', 64, { N: 16, r: 1, p: 1 }, cb)));
  console.log('scrypt cb defaults', ...await p((cb) => crypto.scrypt('a', 'b', 10, cb)));
})();
