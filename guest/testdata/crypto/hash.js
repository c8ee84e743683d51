// Hashes and HMACs of fixed inputs in every encoding, and their errors.
const crypto = require('crypto');
const nodeCrypto = require('node:crypto');
console.log('same module', crypto === nodeCrypto);

function show(label, f) {
  try {
    const r = f();
    if (typeof r === 'string') console.log(label, JSON.stringify(r));
    else if (Buffer.isBuffer(r)) console.log(label, 'Buffer', r.toString('hex'));
    else console.log(label, typeof r, r);
  } catch (e) {
    console.log(label, 'threw', e.name, e.code, JSON.stringify(e.message),
      e instanceof TypeError, e instanceof RangeError, e instanceof Error);
  }
}

const algs = ['md5', 'sha1', 'sha224', 'sha256', 'sha384', 'sha512',
  'sha512-224', 'sha512-256', 'sha3-224', 'sha3-256', 'sha3-384', 'sha3-512'];
const inputs = ['', 'abc', 'The quick brown fox jumps over the lazy dog', 'h\u00e9llo \u{1F600} w\u00f6rld'];
for (const alg of algs) {
  for (const s of inputs) {
    show(alg + ' hex ' + JSON.stringify(s), () => crypto.createHash(alg).update(s).digest('hex'));
  }
  show(alg + ' base64', () => crypto.createHash(alg).update('abc').digest('base64'));
  show(alg + ' hmac', () => crypto.createHmac(alg, 'key').update('The quick brown fox jumps over the lazy dog').digest('hex'));
}

// Every output encoding, on a digest with bytes >= 0x80 and invalid UTF-8.
const outs = ['hex', 'base64', 'base64url', 'latin1', 'binary', 'ascii', 'utf8', 'utf-8', 'ucs2', 'utf16le',
  'HEX', 'Base64', 'buffer', undefined, '', null, 'bogus'];
for (const enc of outs) {
  show('md5 digest(' + enc + ')', () => {
    const r = crypto.createHash('md5').update('abc').digest(enc);
    return typeof r === 'string' ? [...r].map((c) => c.codePointAt(0).toString(16)).join(' ') : r;
  });
  show('sha256 digest(' + enc + ')', () => {
    const r = crypto.createHash('sha256').update('message').digest(enc);
    return typeof r === 'string' ? [...r].map((c) => c.codePointAt(0).toString(16)).join(' ') : r;
  });
}

// Every input encoding and input type.
const ins = [
  ['utf8', 'h\u00e9llo'], ['utf-8', 'h\u00e9llo'], ['UTF8', 'abc'], ['hex', '00ff10Ab'], ['hex', 'zz'], ['hex', '0g12'],
  ['base64', 'aGVsbG8gd29ybGQ='], ['base64', 'aGVs bG8-_w'], ['base64url', 'aGVsbG8gd29ybGQ'],
  ['latin1', 'ab\u00ffc\u0100'], ['binary', 'ab\u00ffc'], ['ascii', 'ab\u00ffc'],
  ['ucs2', 'h\u00e9\u{1F600}'], ['utf16le', 'abc'], ['bogus', 'abc'], [undefined, 'abc'], ['buffer', 'abc'],
];
for (const [enc, s] of ins) {
  show('update(' + JSON.stringify(s) + ', ' + enc + ')', () => crypto.createHash('sha1').update(s, enc).digest('hex'));
}
show('update(Buffer)', () => crypto.createHash('sha1').update(Buffer.from([1, 2, 3, 250])).digest('hex'));
show('update(Uint8Array)', () => crypto.createHash('sha1').update(new Uint8Array([1, 2, 3, 250])).digest('hex'));
show('update(Uint16Array)', () => crypto.createHash('sha1').update(new Uint16Array([1, 2, 0xfffe])).digest('hex'));
show('update(Float64Array)', () => crypto.createHash('sha1').update(new Float64Array([1.5])).digest('hex'));
show('update(DataView)', () => crypto.createHash('sha1').update(new DataView(new Uint8Array([9, 8, 7, 6]).buffer, 1, 2)).digest('hex'));
show('update(subarray)', () => crypto.createHash('sha1').update(new Uint8Array([9, 8, 7, 6]).subarray(1, 3)).digest('hex'));
show('update chain', () => crypto.createHash('sha256').update('a').update('b').update(Buffer.from('c')).digest('hex'));
show('update returns this', () => { const h = crypto.createHash('md5'); return h.update('x') === h; });
show('update(ArrayBuffer)', () => crypto.createHash('sha1').update(new ArrayBuffer(2)));
show('update(1)', () => crypto.createHash('sha1').update(1));
show('update()', () => crypto.createHash('sha1').update());
show('update({})', () => crypto.createHash('sha1').update({}));
show('update(odd hex)', () => crypto.createHash('sha1').update('abc', 'hex'));
show('update(odd HEX)', () => crypto.createHash('sha1').update('abc', 'HEX'));

// Names Node (OpenSSL) accepts.
for (const n of ['SHA256', 'RSA-SHA256', 'sha-256', 'SHA-256', 'sha2-256', 'sha256WithRSAEncryption', 'MD5', 'RSA-MD5',
  'ssl3-md5', 'sha-1', 'SHA1', 'ssl3-sha1', 'RSA-SHA1-2', 'sha-512/256', 'SHA512-224', 'RSA-SHA512/224',
  'SHA3-256', 'RSA-SHA3-512', 'id-rsassa-pkcs1-v1_5-with-sha3-224', 'sha-384', 'sha2-512']) {
  show('name ' + n, () => crypto.createHash(n).update('abc').digest('hex').slice(0, 16));
}

// copy, finalization.
show('copy', () => {
  const h = crypto.createHash('sha256').update('part one ');
  const c = h.copy();
  h.update('left');
  c.update('right');
  return [h.digest('hex'), c.digest('hex'), c instanceof crypto.Hash].join(' ');
});
show('digest twice', () => { const h = crypto.createHash('md5'); h.digest(); return h.digest(); });
show('update after digest', () => { const h = crypto.createHash('md5'); h.digest(); return h.update('x'); });
show('copy after digest', () => { const h = crypto.createHash('md5'); h.digest(); return h.copy(); });
show('hmac digest twice hex', () => { const h = crypto.createHmac('sha256', 'k'); h.digest(); return h.digest('hex'); });
show('hmac digest twice buffer', () => { const h = crypto.createHmac('sha256', 'k'); h.digest(); return h.digest(); });
show('hmac update after digest', () => { const h = crypto.createHmac('sha256', 'k'); h.digest(); return h.update('x'); });
show('hmac copy', () => typeof crypto.createHmac('sha256', 'k').copy);

// Constructors and shapes.
show('Hash()', () => crypto.Hash('md5').update('a').digest('hex'));
show('new Hash', () => new crypto.Hash('md5').update('a').digest('hex'));
show('instanceof', () => [crypto.createHash('md5') instanceof crypto.Hash, crypto.createHmac('md5', 'k') instanceof crypto.Hmac].join());
show('Hmac()', () => crypto.Hmac('sha1', 'k').update('a').digest('hex'));
show('hash keys', () => Object.keys(crypto.createHash('md5')).length);
show('hash methods', () => ['update', 'digest', 'copy'].map((m) => typeof crypto.createHash('md5')[m]).join());
show('hmac methods', () => ['update', 'digest'].map((m) => typeof crypto.createHmac('md5', 'k')[m]).join());
show('method names', () => [crypto.createHash.name, crypto.createHmac.name, crypto.Hash.name, crypto.Hmac.name, crypto.randomBytes.name].join());

// Errors.
show('createHash(nope)', () => crypto.createHash('nope'));
show('createHash(sha512/224)', () => crypto.createHash('sha512/224'));
show('createHash()', () => crypto.createHash());
show('createHash(5)', () => crypto.createHash(5));
show('createHash(obj)', () => crypto.createHash({}));
show('createHmac(nope)', () => crypto.createHmac('nope', 'k'));
show('createHmac(no key)', () => crypto.createHmac('sha256'));
show('createHmac(key 5)', () => crypto.createHmac('sha256', 5));
show('createHmac(5)', () => crypto.createHmac(5, 'k'));
show('createHmac(null)', () => crypto.createHmac(null, 'k'));

// HMAC keys of every kind (RFC 4231 case 1 and 2 among them).
const key20 = Buffer.alloc(20, 0x0b);
show('rfc4231 1', () => crypto.createHmac('sha256', key20).update('Hi There').digest('hex'));
show('rfc4231 1 sha512', () => crypto.createHmac('sha512', key20).update('Hi There').digest('hex'));
show('rfc4231 2', () => crypto.createHmac('sha256', 'Jefe').update('what do ya want for nothing?').digest('hex'));
show('hmac long key', () => crypto.createHmac('sha256', 'k'.repeat(200)).update('x').digest('base64'));
show('hmac empty key', () => crypto.createHmac('sha256', '').update('x').digest('hex'));
show('hmac ArrayBuffer key', () => crypto.createHmac('sha256', new Uint8Array([1, 2, 3]).buffer).update('x').digest('hex'));
show('hmac DataView key', () => crypto.createHmac('sha256', new DataView(new Uint8Array([1, 2, 3]).buffer)).update('x').digest('hex'));
show('hmac hex key option', () => crypto.createHmac('sha256', '010203', { encoding: 'hex' }).update('x').digest('hex'));
show('hmac SHA256', () => crypto.createHmac('SHA256', 'k').update('x').digest('hex'));
show('hmac RSA-SHA1', () => crypto.createHmac('RSA-SHA1', 'k').update('x').digest('hex'));

// crypto.hash (one shot).
show('hash default hex', () => crypto.hash('sha1', 'abc'));
show('hash base64', () => crypto.hash('sha1', 'abc', 'base64'));
show('hash buffer', () => crypto.hash('sha1', 'abc', 'buffer'));
show('hash BUFFER', () => crypto.hash('sha1', 'abc', 'BUFFER'));
show('hash of Buffer', () => crypto.hash('sha256', Buffer.from('abc')));
show('hash SHA-256', () => crypto.hash('SHA-256', 'a'));
show('hash(5)', () => crypto.hash('sha1', 5));
show('hash(ArrayBuffer)', () => crypto.hash('sha1', new ArrayBuffer(1)));
show('hash(nope)', () => crypto.hash('nope', 'a'));
show('hash bogus enc', () => crypto.hash('sha1', 'a', 'bogus'));
show('hash enc 5', () => crypto.hash('sha1', 'a', 5));
show('hash alg 5', () => crypto.hash(5, 'a'));

// timingSafeEqual.
show('tse equal', () => crypto.timingSafeEqual(Buffer.from('abc'), Buffer.from('abc')));
show('tse differ', () => crypto.timingSafeEqual(Buffer.from('abc'), Buffer.from('abd')));
show('tse views', () => crypto.timingSafeEqual(new Uint16Array([0x6261]), Buffer.from('ab')));
show('tse ArrayBuffer', () => crypto.timingSafeEqual(new ArrayBuffer(2), new Uint8Array(2)));
show('tse length', () => crypto.timingSafeEqual(Buffer.from('a'), Buffer.from('ab')));
show('tse string', () => crypto.timingSafeEqual('a', 'a'));
show('tse buf2', () => crypto.timingSafeEqual(Buffer.from('a'), [1]));

// getHashes.
show('getHashes', () => {
  const h = crypto.getHashes();
  return Array.isArray(h) && algs.every((a) => h.includes(a)) && h.includes('RSA-SHA256') && h.includes('sha256WithRSAEncryption');
});
