// generateKeyPair(Sync) and generateKey(Sync): the keys are random, so
// what is printed is their shape and that they work.
const crypto = require('crypto');
const util = require('util');
function t(name, f) {
  try {
    const r = f();
    console.log(name, '=>', typeof r === 'string' ? JSON.stringify(r) : r);
  } catch (e) {
    console.log(name, 'throws', e.name, e.code, JSON.stringify(e.message));
  }
}
const msg = Buffer.from('message');
function show(name, { publicKey, privateKey }) {
  const sign = privateKey.asymmetricKeyType === 'ed25519' ? null : 'sha256';
  let works = 'no signing';
  if (privateKey.asymmetricKeyType !== 'x25519') works = crypto.verify(sign, msg, publicKey, crypto.sign(sign, msg, privateKey));
  console.log(name, publicKey.type, privateKey.type, publicKey.asymmetricKeyType, JSON.stringify(privateKey.asymmetricKeyDetails, (k, v) => typeof v === 'bigint' ? v + 'n' : v),
    publicKey.equals(crypto.createPublicKey(privateKey)), works, publicKey instanceof crypto.KeyObject);
}
show('ed25519', crypto.generateKeyPairSync('ed25519'));
show('ed25519 {}', crypto.generateKeyPairSync('ed25519', {}));
show('x25519', crypto.generateKeyPairSync('x25519'));
for (const c of ['P-256', 'prime256v1', 'P-384', 'secp384r1', 'P-521', 'secp521r1']) show('ec ' + c, crypto.generateKeyPairSync('ec', { namedCurve: c }));
show('ec named', crypto.generateKeyPairSync('ec', { namedCurve: 'P-256', paramEncoding: 'named' }));
show('rsa 2048', crypto.generateKeyPairSync('rsa', { modulusLength: 2048 }));
show('rsa e', crypto.generateKeyPairSync('rsa', { modulusLength: 1024, publicExponent: 65537 }));

const enc = crypto.generateKeyPairSync('rsa', {
  modulusLength: 1024,
  publicKeyEncoding: { type: 'spki', format: 'pem' },
  privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
});
console.log('pem', enc.publicKey.split('\n')[0], enc.privateKey.split('\n')[0], crypto.createPublicKey(enc.privateKey).export({ type: 'spki', format: 'pem' }) === enc.publicKey);
const enc2 = crypto.generateKeyPairSync('ec', {
  namedCurve: 'P-384',
  publicKeyEncoding: { type: 'spki', format: 'der' },
  privateKeyEncoding: { type: 'sec1', format: 'pem' },
});
console.log('der', Buffer.isBuffer(enc2.publicKey), enc2.publicKey.length, enc2.privateKey.split('\n')[0],
  crypto.createPublicKey(enc2.privateKey).equals(crypto.createPublicKey({ key: enc2.publicKey, format: 'der', type: 'spki' })));
const enc3 = crypto.generateKeyPairSync('rsa', { modulusLength: 1024, publicKeyEncoding: { type: 'pkcs1', format: 'pem' }, privateKeyEncoding: { format: 'jwk' } });
console.log('pkcs1+jwk', enc3.publicKey.split('\n')[0], Object.keys(enc3.privateKey).join(','), enc3.privateKey.e);
const enc4 = crypto.generateKeyPairSync('ed25519', { publicKeyEncoding: { format: 'jwk' }, privateKeyEncoding: { type: 'pkcs8', format: 'der' } });
console.log('ed jwk+der', Object.keys(enc4.publicKey).join(','), enc4.privateKey.length);
const enc5 = crypto.generateKeyPairSync('ec', { namedCurve: 'P-256', publicKeyEncoding: null, privateKeyEncoding: undefined });
console.log('null encodings', enc5.publicKey.type, enc5.privateKey.type);

// callbacks and promises
crypto.generateKeyPair('ed25519', (err, pub, priv) => console.log('cb', err, pub.type, priv.type, this === undefined));
crypto.generateKeyPair('ec', { namedCurve: 'P-256', publicKeyEncoding: { type: 'spki', format: 'pem' } }, (err, pub, priv) => console.log('cb enc', err, typeof pub, priv.type));
util.promisify(crypto.generateKeyPair)('ed25519').then((r) => console.log('promisified', Object.keys(r).join(','), r.publicKey.type, r.privateKey.type));
console.log('after');

// secret keys
const h = crypto.generateKeySync('hmac', { length: 256 });
console.log('hmac', h.type, h.symmetricKeySize, crypto.generateKeySync('hmac', { length: 13 }).symmetricKeySize, crypto.generateKeySync('aes', { length: 192 }).symmetricKeySize);
crypto.generateKey('aes', { length: 128 }, (err, k) => console.log('generateKey cb', err, k.symmetricKeySize));

// errors
t('no type', () => crypto.generateKeyPairSync());
t('bad type', () => crypto.generateKeyPairSync('foo', {}));
t('rsa no options', () => crypto.generateKeyPairSync('rsa'));
t('rsa no length', () => crypto.generateKeyPairSync('rsa', {}));
t('rsa bad length', () => crypto.generateKeyPairSync('rsa', { modulusLength: -1 }));
t('rsa float length', () => crypto.generateKeyPairSync('rsa', { modulusLength: 2048.5 }));
t('rsa bad exponent', () => crypto.generateKeyPairSync('rsa', { modulusLength: 1024, publicExponent: 'x' }));
t('ec no curve', () => crypto.generateKeyPairSync('ec', {}));
t('ec bad curve', () => crypto.generateKeyPairSync('ec', { namedCurve: 'nope' }));
t('ec bad paramEncoding', () => crypto.generateKeyPairSync('ec', { namedCurve: 'P-256', paramEncoding: 'x' }));
t('options not object', () => crypto.generateKeyPairSync('ed25519', 'x'));
t('pub encoding string', () => crypto.generateKeyPairSync('ed25519', { publicKeyEncoding: 'pem' }));
t('pub encoding no type', () => crypto.generateKeyPairSync('ed25519', { publicKeyEncoding: { format: 'pem' } }));
t('pub encoding bad format', () => crypto.generateKeyPairSync('ed25519', { publicKeyEncoding: { format: 'x', type: 'spki' } }));
t('priv encoding pkcs1 ed', () => crypto.generateKeyPairSync('ed25519', { privateKeyEncoding: { format: 'pem', type: 'pkcs1' } }));
t('priv encoding spki', () => crypto.generateKeyPairSync('ed25519', { privateKeyEncoding: { format: 'pem', type: 'spki' } }));
t('pub encoding pkcs8', () => crypto.generateKeyPairSync('ed25519', { publicKeyEncoding: { format: 'pem', type: 'pkcs8' } }));
t('sec1 for rsa', () => crypto.generateKeyPairSync('rsa', { modulusLength: 1024, privateKeyEncoding: { format: 'pem', type: 'sec1' } }));
t('unknown type pkcs1', () => crypto.generateKeyPairSync('foo', { publicKeyEncoding: { format: 'pem', type: 'pkcs1' } }));
t('callback missing', () => crypto.generateKeyPair('ed25519', {}));
t('callback bad args', () => crypto.generateKeyPair('rsa', {}, () => console.log('never')));
t('generateKey hmac short', () => crypto.generateKeySync('hmac', { length: 7 }));
t('generateKey hmac float', () => crypto.generateKeySync('hmac', { length: 8.5 }));
t('generateKey aes bad', () => crypto.generateKeySync('aes', { length: 100 }));
t('generateKey bad type', () => crypto.generateKeySync('des', { length: 64 }));
t('generateKey no options', () => crypto.generateKeySync('hmac'));
t('generateKey no callback', () => crypto.generateKey('hmac', { length: 64 }));
