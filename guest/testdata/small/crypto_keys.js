// crypto key objects: secret keys, PEM/DER/JWK import and export, details
// and Node's errors. The keys were made once with Node 20 and kept here.
const crypto = require('crypto');
const keys = {
  rsaPkcs1: `-----BEGIN RSA PRIVATE KEY-----
MIIEpAIBAAKCAQEA4jRLeUFOELTHy4hlMpMsAlCmeuW9UG7V78BcnpiSFYIsmrLf
yv2vG4IYugE0ISX8IFplp+/PZdnhKCKw0tJpzVmQmnT6jwtdndo1XA3aKZyqge1G
eAXEioQe58/3tScLYso9djvDdavoQgR5SuB2c1RQIYuPU33yASzJi0+D72wfWcPK
yqqy2B9dgTn+AP06kzL3p/rGCLJnSANIg2a+cMDBdqBA4e7USzJgF1asekGROKrc
H5kjSzvW3WSkEAhqq4lDz9OS/PKmdQ76llcCtDcspSE0Sino/+Gu8vhH2QjB8EFp
tRfmmAGBjYKHBaxYbvq9BdG0eAXTg7tW5cTGxQIDAQABAoIBAAmFLm0Axt6UoTkL
eUje4VIKn2saOrTFKWthAvTo0nMlyqdLIniaYzGK8Ov5K36+qMUa0N73zJiKijuk
dCE3Wl0aaSfbBwWYspy3Z5oDejxYm+OCfz4DbiFvTJawjcoZxdSnUt1kSAZukQSg
SBOS7WFOud2jkElxCkuq3SOoGdMse0TQANrgNQ6Qtr8+oeH86JoDSHl8CdaKy4lw
UIrLkzTTy4gofLfPmecNDmLYFBZHf1FuogiTVBMo0RXsdTPZpoc4d3C7G2zPm1zT
jtebJCxx7p/Oow6VOWVWthm3OEWQ+ku1VYVfeU193wZRcqAd20NjClYhEN9kILKM
PndXCMkCgYEA91UHClj/z8JRsI60AegEfLqyHgWp2pzPV6AnMok/jNGTZISaSPve
GzCIggaxcMtUAhByONJYSMR6A8uJqdZLBXbFQ0ILvUjPAtBhK+gVkqs72AfNFz91
8S4WwzlbwRdpOvuLUmVeWOYDO8mRzbucLfXYI6nUXLfDSF47vpA2gs0CgYEA6iG3
SJCRfGLV+fxNlt/Xe7NveOAa04+nYBo37PGgbhMxUhc3VTeYO4+oUZRTkIbw8BVE
0p3loNJFJ5OOiN94WqkhN6SVuYrtcZ+gxlXmUPVFwnt5Y+gsgp1d6w8Vz2zWyV6B
ZhEZnw3uWomuCxMG60S8zzijGw4+3oWuR0clg9kCgYEAmq6fr5YHrsytwEkPRR3x
KHyuht4t414swnWT7iQuDYjIsJXJ1BlJSCHrTb6X3J4dVQkqFmVe92uBj7wMxZ4S
30Dvj+fPZbsSVIU0MHx+eXMEA1ClsINs5MBZVhEaVEGq+0t0T7y768c2gH7I5C0Q
OSJG4c8F1FLNHAZrQPv6S4UCgYBn7neR+rraYHVj9x/qLYtWGh0Np03BRC+kdX8F
62yv8E0gh7XEWl11cxvgutstePlTWd2nMPhSH4UbQGExWSHv/MwGC0V7i7RDj/yq
jk8i+P3yiyUjuFip0nlycsvXvBTMZutCB6078c8w2ZUszVFw9p5pzlZ5GCXIWcc3
VNnOYQKBgQC1j3eTs/GTj1sXd0DmmLqwYmarBrsW9jooQhfAiG1kB2pFOLJNa7kI
wcvcGfHny4sc+SnyXzVRzBTJ6y0r77aKIRuJwYkbHtpCZbQsE/yvOxn5eH6rmQ+V
jCT4Ibld7Hz849zGl6k2b4cZWigD2cvsdpCButSKTcJaiI8YldBeCA==
-----END RSA PRIVATE KEY-----
`,
  rsaSpki: `-----BEGIN PUBLIC KEY-----
MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA4jRLeUFOELTHy4hlMpMs
AlCmeuW9UG7V78BcnpiSFYIsmrLfyv2vG4IYugE0ISX8IFplp+/PZdnhKCKw0tJp
zVmQmnT6jwtdndo1XA3aKZyqge1GeAXEioQe58/3tScLYso9djvDdavoQgR5SuB2
c1RQIYuPU33yASzJi0+D72wfWcPKyqqy2B9dgTn+AP06kzL3p/rGCLJnSANIg2a+
cMDBdqBA4e7USzJgF1asekGROKrcH5kjSzvW3WSkEAhqq4lDz9OS/PKmdQ76llcC
tDcspSE0Sino/+Gu8vhH2QjB8EFptRfmmAGBjYKHBaxYbvq9BdG0eAXTg7tW5cTG
xQIDAQAB
-----END PUBLIC KEY-----
`,
  ec256Sec1: `-----BEGIN EC PRIVATE KEY-----
MHcCAQEEIL3fKOAhPac0x3zFDN6DyN6otal62XAD/Vm46tmF9KeeoAoGCCqGSM49
AwEHoUQDQgAEjSvseVeom8zXqrPysPaC/AKp+Jowl+DtNl912BQZsbxXaBAu7jtF
QKB1GoIJ0dWhYFKw4/cJNJSnEcyadudgDA==
-----END EC PRIVATE KEY-----
`,
  ec256Spki: `-----BEGIN PUBLIC KEY-----
MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEjSvseVeom8zXqrPysPaC/AKp+Jow
l+DtNl912BQZsbxXaBAu7jtFQKB1GoIJ0dWhYFKw4/cJNJSnEcyadudgDA==
-----END PUBLIC KEY-----
`,
  ec384Sec1: `-----BEGIN EC PRIVATE KEY-----
MIGkAgEBBDAasEPwQvwmykMR9jEKIbzzCGXNLAZjpmuR5p6dsz8Le6Rv4naSLqTp
yZuOJPUly2ygBwYFK4EEACKhZANiAAQv854q/Ia24CkdEQ25N502IhhNNfg9lhUS
r/A0ClrA9dCGFvb4NcRy1mtyxkn63vX5A3XkN2bgX9y73v3jn5x1Ue/LpIVVo9gs
TVhiJI9ozBPzyaqoJVaKEffe0JiDR3s=
-----END EC PRIVATE KEY-----
`,
  ec384Spki: `-----BEGIN PUBLIC KEY-----
MHYwEAYHKoZIzj0CAQYFK4EEACIDYgAEL/OeKvyGtuApHRENuTedNiIYTTX4PZYV
Eq/wNApawPXQhhb2+DXEctZrcsZJ+t71+QN15Ddm4F/cu97945+cdVHvy6SFVaPY
LE1YYiSPaMwT88mqqCVWihH33tCYg0d7
-----END PUBLIC KEY-----
`,
  ec521Sec1: `-----BEGIN EC PRIVATE KEY-----
MIHcAgEBBEIANFqoVdoF4UU8i9luQilYtiCmphDT0dzZiQKJDaecXARCxpaBJsdU
O/0IjSJP+1ZjGnWHw9uS+ZPwUG0QIp9XWZCgBwYFK4EEACOhgYkDgYYABAEaUU7W
psR+oDhitdRU72Nr6Zyd2Mc+MEfnDsprXxGW61M+a6U9XYu2zKGerDEPlZCn2l3S
6Rcu45OXh60HyJXakQBdA/tII76na3JOiA8Xi1Cwpop6+FfEt71k6LXJuOaWTRux
P25UFKJSYpPSeCdJKzL/OFDcH/5XS1esdXSRnHE8dg==
-----END EC PRIVATE KEY-----
`,
  ec521Spki: `-----BEGIN PUBLIC KEY-----
MIGbMBAGByqGSM49AgEGBSuBBAAjA4GGAAQBGlFO1qbEfqA4YrXUVO9ja+mcndjH
PjBH5w7Ka18RlutTPmulPV2LtsyhnqwxD5WQp9pd0ukXLuOTl4etB8iV2pEAXQP7
SCO+p2tyTogPF4tQsKaKevhXxLe9ZOi1ybjmlk0bsT9uVBSiUmKT0ngnSSsy/zhQ
3B/+V0tXrHV0kZxxPHY=
-----END PUBLIC KEY-----
`,
  edPkcs8: `-----BEGIN PRIVATE KEY-----
MC4CAQAwBQYDK2VwBCIEIFOq685OdpVB7MwwiTHgRhz/bxlt4UW3KH5vw1Bg7NhT
-----END PRIVATE KEY-----
`,
  edSpki: `-----BEGIN PUBLIC KEY-----
MCowBQYDK2VwAyEAnYE+pocylw8GozVZsojWlMxhvFE2HrnPGAzIMKmuMoQ=
-----END PUBLIC KEY-----
`,
  rsa1024Pkcs8: `-----BEGIN PRIVATE KEY-----
MIICdgIBADANBgkqhkiG9w0BAQEFAASCAmAwggJcAgEAAoGBAL+DFIicY7j1kpfn
cgVG7xFT0sNNPwEY+XNOYpS2rRGkxFJ1yA2fyzcKXsNVS54zc0KGrTUihfumJVkT
2WG6SetRTv/oWtOsKAugUI+CdgDCmYN/yTUBU+Ha/ZvPePADJ2zjOv6ScJdWa21v
ePK7IgtzsCb0oftGtTO4YOXOMsupAgMBAAECgYAHtLGF0a0dixwL6q8m0TTbYKER
ZLFNTQD0h8nlq/gIxrVzj/OtwKk/nLY1a+AwDGft3Fdp1OrJNmU4UVkk2ocQ1A7E
Qq8wSV04mr6OCsiZhArwzjffKTxCunTopkeBhdp0NRg1s98De9BJ5eKsarU+q13n
H+YXXk2nvnUZDWJ89QJBAOYNoKPu82LE9Q1IbUqdA4sCNURhZwxfFZnx7L8PNGLi
k74LbUPr25xt/DudqSMw/K3P/Mc/AhS0+f4EEVuITPMCQQDVHKUfAIIpl7VmjbyK
4sPgqP0noesq5Ew7pPZ/Ko2TQzEkwcowEBsTbD0Nvukn8bNcfP+UE4k5R5Mgs0dY
A3vzAkEA3IBzWK3P2vutZe3l035rxvF23PP/MXxx1/xqTzbjn2RM9/s7375R4L4K
5ZlYZMKvbmnMf62E8RQGCdMcT/90wQJATcashIn89w0FCS6FNvLXpfBGo+Y2G2tC
XyovQ+3VyX7mOpH3Jl9aYlZIWfHoyckuOnzsEbCnjh4PFgoX6Ykr/QJAf/9NE2QN
O21bkCbJg6t3jChD1f+umpDfdlGpCmme1t+2pGg1xZFbOnrBjbueRvWyrIVXpnty
4nn4A6q2gb9t+A==
-----END PRIVATE KEY-----
`,
};
function t(name, f) {
  try {
    const r = f();
    console.log(name, '=>', typeof r === 'string' ? JSON.stringify(r) : Buffer.isBuffer(r) ? 'Buffer ' + r.toString('base64') : r && typeof r === 'object' ? JSON.stringify(r, (k, v) => typeof v === 'bigint' ? v + 'n' : v) : r);
  } catch (e) {
    console.log(name, 'throws', e.name, e.code, JSON.stringify(e.message), Object.keys(e).join(','));
  }
}

// secret keys
const s = crypto.createSecretKey(Buffer.from('secret!'));
console.log(s.type, s.symmetricKeySize, s instanceof crypto.KeyObject, Object.prototype.toString.call(s), s.constructor.name, s.asymmetricKeyType);
t('export', () => s.export());
t('export buffer', () => s.export({ format: 'buffer' }));
t('export jwk', () => s.export({ format: 'jwk' }));
t('export pem', () => s.export({ format: 'pem' }));
t('export str', () => s.export('x'));
t('from hex', () => crypto.createSecretKey('736563726574', 'hex').export().toString());
t('from base64', () => crypto.createSecretKey('c2VjcmV0IQ==', 'base64').equals(s));
t('from string', () => crypto.createSecretKey('secret!').equals(s));
t('from u8', () => crypto.createSecretKey(new Uint8Array([1, 2, 3])).symmetricKeySize);
t('from arraybuffer', () => crypto.createSecretKey(new Uint8Array([1, 2]).buffer).symmetricKeySize);
t('empty', () => crypto.createSecretKey(Buffer.alloc(0)).symmetricKeySize);
t('copy is independent', () => { const b = Buffer.from('abc'); const k = crypto.createSecretKey(b); b[0] = 0; return k.export().toString(); });
t('bad', () => crypto.createSecretKey(5));
t('bad KO', () => crypto.createSecretKey(s));
t('equals other', () => s.equals(crypto.createSecretKey(Buffer.from('secret?'))));
t('equals shorter', () => s.equals(crypto.createSecretKey(Buffer.from('secret'))));
t('equals bad', () => s.equals('secret!'));
t('hmac KO', () => crypto.createHmac('sha256', s).update('data').digest('hex'));
t('hmac buf', () => crypto.createHmac('sha256', Buffer.from('secret!')).update('data').digest('hex'));
t('hmac public', () => crypto.createHmac('sha256', crypto.createPublicKey(keys.rsaSpki)));
t('hmac number', () => crypto.createHmac('sha256', 5));
t('new KeyObject', () => new crypto.KeyObject('secret', {}));
t('new KeyObject bad', () => new crypto.KeyObject('x', {}));
t('new subclass', () => new s.constructor(Buffer.alloc(1)));
t('KeyObject.from bad', () => crypto.KeyObject.from({}));
console.log(Object.getOwnPropertyNames(crypto.KeyObject.prototype).join(','), Object.getOwnPropertyNames(Object.getPrototypeOf(s)).join(','));
console.log(typeof crypto.KeyObject.from, crypto.KeyObject.name);
crypto.subtle.importKey('raw', Buffer.from('web'), { name: 'HMAC', hash: 'SHA-256' }, true, ['sign']).then((ck) => {
  const k = crypto.KeyObject.from(ck);
  console.log('from CryptoKey', k.type, k.symmetricKeySize, k.export().toString(), crypto.KeyObject.from(ck) === k);
  t('hmac CryptoKey', () => crypto.createHmac('sha1', ck).update('x').digest('hex'));
  t('hmac from(CryptoKey)', () => crypto.createHmac('sha1', k).update('x').digest('hex'));
});

// asymmetric keys from PEM
const pairs = [['rsaPkcs1', 'rsaSpki'], ['ec256Sec1', 'ec256Spki'], ['ec384Sec1', 'ec384Spki'], ['ec521Sec1', 'ec521Spki'], ['edPkcs8', 'edSpki'], ['rsa1024Pkcs8', null]];
for (const [privName, pubName] of pairs) {
  const priv = crypto.createPrivateKey(keys[privName]);
  const pub = pubName ? crypto.createPublicKey(keys[pubName]) : crypto.createPublicKey(priv);
  const derived = crypto.createPublicKey(keys[privName]);
  console.log(privName, priv.type, priv.asymmetricKeyType, pub.type, pub.asymmetricKeyType, priv instanceof crypto.KeyObject, priv.constructor.name, pub.constructor.name,
    pub.equals(derived), priv.equals(pub), pub.equals(crypto.createPublicKey(priv)), priv.symmetricKeySize);
  t('  details', () => priv.asymmetricKeyDetails);
  console.log('  same details', priv.asymmetricKeyDetails === priv.asymmetricKeyDetails);
  const kt = priv.asymmetricKeyType;
  const pubTypes = kt === 'rsa' ? ['spki', 'pkcs1'] : ['spki'];
  const privTypes = kt === 'rsa' ? ['pkcs8', 'pkcs1'] : kt === 'ec' ? ['pkcs8', 'sec1'] : ['pkcs8'];
  for (const type of pubTypes) {
    const pem = pub.export({ type, format: 'pem' });
    const der = pub.export({ type, format: 'der' });
    console.log('  pub', type, pubName && type === 'spki' ? pem === keys[pubName] : pem.split('\n')[0], der.length,
      crypto.createPublicKey({ key: der, format: 'der', type }).equals(pub), crypto.createPublicKey(pem).equals(pub));
  }
  for (const type of privTypes) {
    const pem = priv.export({ type, format: 'pem' });
    const der = priv.export({ type, format: 'der' });
    console.log('  priv', type, pem === keys[privName] ? 'same' : pem.split('\n')[0], der.length, crypto.createHash('sha256').update(der).digest('hex').slice(0, 16),
      crypto.createPrivateKey({ key: der, format: 'der', type }).equals(priv), crypto.createPrivateKey(pem).equals(priv),
      crypto.createPublicKey({ key: der, format: 'der', type }).type);
  }
  const jwkPub = pub.export({ format: 'jwk' });
  const jwkPriv = priv.export({ format: 'jwk' });
  console.log('  jwk', JSON.stringify(jwkPub), Object.keys(jwkPriv).join(','));
  console.log('  jwk back', crypto.createPublicKey({ key: jwkPub, format: 'jwk' }).equals(pub), crypto.createPrivateKey({ key: jwkPriv, format: 'jwk' }).equals(priv),
    crypto.createPublicKey({ key: jwkPriv, format: 'jwk' }).type,
    crypto.createPrivateKey({ key: jwkPriv, format: 'jwk' }).export({ format: 'pem', type: 'pkcs8' }) === priv.export({ format: 'pem', type: 'pkcs8' }));
}
console.log(crypto.createPrivateKey(keys.rsaPkcs1).export({ format: 'jwk' }).qi);

// key inputs and errors
t('buffer PEM', () => crypto.createPublicKey(Buffer.from(keys.edSpki)).asymmetricKeyType);
t('object PEM', () => crypto.createPublicKey({ key: keys.edSpki }).asymmetricKeyType);
t('object PEM format', () => crypto.createPublicKey({ key: keys.edSpki, format: 'pem' }).asymmetricKeyType);
t('PEM with text around', () => crypto.createPrivateKey('leading text\n' + keys.ec256Sec1 + 'trailing').asymmetricKeyType);
t('two PEMs, public first', () => crypto.createPrivateKey(keys.ec256Spki + keys.edPkcs8).asymmetricKeyType);
t('base64 encoding', () => crypto.createPublicKey({ key: crypto.createPublicKey(keys.edSpki).export({ format: 'der', type: 'spki' }).toString('base64'), format: 'der', type: 'spki', encoding: 'base64' }).asymmetricKeyType);
t('garbage priv', () => crypto.createPrivateKey('garbage'));
t('garbage pub', () => crypto.createPublicKey('garbage'));
t('spki as private', () => crypto.createPrivateKey(keys.rsaSpki));
t('pub from pub KO', () => crypto.createPublicKey(crypto.createPublicKey(keys.rsaSpki)));
t('pub from priv KO', () => crypto.createPublicKey(crypto.createPrivateKey(keys.rsaPkcs1)).type);
t('priv from KO', () => crypto.createPrivateKey(crypto.createPrivateKey(keys.rsaPkcs1)));
t('priv from obj KO', () => crypto.createPrivateKey({ key: crypto.createPrivateKey(keys.rsaPkcs1) }));
t('pub from secret', () => crypto.createPublicKey(s));
t('priv number', () => crypto.createPrivateKey(5));
t('pub number', () => crypto.createPublicKey(5));
t('pub null', () => crypto.createPublicKey(null));
t('pub empty obj', () => crypto.createPublicKey({}));
t('pub der no type', () => crypto.createPublicKey({ key: Buffer.alloc(3), format: 'der' }));
t('pub bad format', () => crypto.createPublicKey({ key: keys.rsaSpki, format: 'xyz' }));
t('priv type spki', () => crypto.createPrivateKey({ key: keys.rsaPkcs1, format: 'pem', type: 'spki' }));
t('priv type pkcs1', () => crypto.createPrivateKey({ key: keys.rsaPkcs1, format: 'pem', type: 'pkcs1' }).type);
t('priv bad passphrase', () => crypto.createPrivateKey({ key: keys.rsaPkcs1, passphrase: 5 }));
t('export no options', () => crypto.createPublicKey(keys.rsaSpki).export());
t('export bad type', () => crypto.createPublicKey(keys.rsaSpki).export({ format: 'pem', type: 'pkcs8' }));
t('export no type', () => crypto.createPublicKey(keys.rsaSpki).export({ format: 'pem' }));
t('export bad format', () => crypto.createPublicKey(keys.rsaSpki).export({ format: 'txt', type: 'spki' }));
t('export pkcs1 ec', () => crypto.createPublicKey(keys.ec256Spki).export({ format: 'pem', type: 'pkcs1' }));
t('export sec1 rsa', () => crypto.createPrivateKey(keys.rsaPkcs1).export({ format: 'pem', type: 'sec1' }));
t('export pkcs1 ed', () => crypto.createPrivateKey(keys.edPkcs8).export({ format: 'der', type: 'pkcs1' }));
t('export priv spki', () => crypto.createPrivateKey(keys.edPkcs8).export({ format: 'der', type: 'spki' }));
t('export passphrase no cipher', () => crypto.createPrivateKey(keys.edPkcs8).export({ format: 'pem', type: 'pkcs8', passphrase: 'x' }));
t('export cipher not string', () => crypto.createPrivateKey(keys.edPkcs8).export({ format: 'pem', type: 'pkcs8', cipher: 5, passphrase: 'x' }));
t('export cipher der sec1', () => crypto.createPrivateKey(keys.ec256Sec1).export({ format: 'der', type: 'sec1', cipher: 'aes-256-cbc', passphrase: 'x' }));
t('export cipher no passphrase', () => crypto.createPrivateKey(keys.ec256Sec1).export({ format: 'pem', type: 'pkcs8', cipher: 'aes-256-cbc' }));
t('export jwk passphrase', () => crypto.createPrivateKey(keys.edPkcs8).export({ format: 'jwk', passphrase: 'x' }));
t('jwk no n', () => crypto.createPublicKey({ key: { kty: 'RSA' }, format: 'jwk' }));
t('jwk bad kty', () => crypto.createPublicKey({ key: { kty: 'oct' }, format: 'jwk' }));
t('jwk not object', () => crypto.createPublicKey({ key: 'x', format: 'jwk' }));
t('jwk bad ec', () => crypto.createPublicKey({ key: { kty: 'EC', crv: 'P-256', x: 'AA', y: 'AA' }, format: 'jwk' }));
t('jwk bad crv', () => crypto.createPublicKey({ key: { kty: 'EC', crv: 'P-999', x: 'AA', y: 'AA' }, format: 'jwk' }));
t('jwk okp short', () => crypto.createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: 'AAAA' }, format: 'jwk' }));
t('jwk okp no d', () => crypto.createPrivateKey({ key: { kty: 'OKP', crv: 'Ed25519', x: 'AAAA' }, format: 'jwk' }));
t('jwk rsa priv missing', () => crypto.createPrivateKey({ key: { kty: 'RSA', n: 'AQAB', e: 'AQAB', d: 'AQAB' }, format: 'jwk' }));
t('x25519 jwk', () => { const k = crypto.createPublicKey({ key: { kty: 'OKP', crv: 'X25519', x: 'hSDwCYkwp1R0i33ctD73Wg2_Og0mOBr066SpjqqbTmo' }, format: 'jwk' }); return [k.asymmetricKeyType, k.export({ format: 'der', type: 'spki' }).toString('base64'), JSON.stringify(k.asymmetricKeyDetails)]; });
const types = require('util/types');
console.log('isKeyObject', types.isKeyObject(s), types.isKeyObject(crypto.createPublicKey(keys.edSpki)), types.isKeyObject({}), types.isKeyObject(Object.create(crypto.KeyObject.prototype)), require('util').types.isKeyObject(s));
console.log(Object.getOwnPropertySymbols(s).length > 0, Object.keys(s).length, JSON.stringify(s));
