// Sign, Verify, crypto.sign and crypto.verify. RSA PKCS#1 v1.5 and Ed25519
// signatures are deterministic and printed; ECDSA and RSA-PSS ones are
// random, so only what verify says of them is.
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
    console.log(name, '=>', Buffer.isBuffer(r) ? 'Buffer ' + r.toString('base64') : typeof r === 'string' ? JSON.stringify(r) : r);
  } catch (e) {
    console.log(name, 'throws', e.name, e.code, JSON.stringify(e.message), Object.keys(e).join(','));
  }
}
const msg = 'The quick brown fox jumps over the lazy dog';
const rsaPriv = crypto.createPrivateKey(keys.rsaPkcs1);
const rsaPub = crypto.createPublicKey(keys.rsaSpki);

// RSA PKCS#1 v1.5: the same bytes as Node's
for (const alg of ['RSA-SHA256', 'sha256', 'SHA384', 'SHA512', 'sha1', 'RSA-SHA1', 'md5', 'sha224', 'sha3-256', 'sha512-256', 'sha256WithRSAEncryption', 'RSA-SHA512/256']) {
  const sig = crypto.createSign(alg).update(msg).sign(keys.rsaPkcs1, 'base64');
  const v = crypto.createVerify(alg).update(msg).verify(keys.rsaSpki, sig, 'base64');
  console.log(alg, sig.slice(0, 44), sig.length, v);
}
const s1 = crypto.createSign('RSA-SHA256');
s1.update('The quick brown ');
s1.update(Buffer.from('fox jumps over '));
s1.update('746865206c617a7920646f67', 'hex');
const sig1 = s1.sign(rsaPriv);
console.log('chunks', sig1.toString('hex').slice(0, 40), sig1.equals(crypto.createSign('sha256').update(msg).sign(keys.rsaPkcs1)));
console.log('key forms', [
  crypto.createSign('sha256').update(msg).sign(rsaPriv, 'hex'),
  crypto.createSign('sha256').update(msg).sign({ key: keys.rsaPkcs1 }, 'hex'),
  crypto.createSign('sha256').update(msg).sign({ key: rsaPriv, padding: crypto.constants.RSA_PKCS1_PADDING }, 'hex'),
  crypto.createSign('sha256').update(msg).sign(Buffer.from(keys.rsaPkcs1), 'hex'),
  crypto.createSign('sha256').update(msg).sign({ key: rsaPriv.export({ format: 'der', type: 'pkcs8' }), format: 'der', type: 'pkcs8' }, 'hex'),
  crypto.createSign('sha256').update(msg).sign({ key: rsaPriv.export({ format: 'jwk' }), format: 'jwk' }, 'hex'),
  crypto.sign('sha256', Buffer.from(msg), rsaPriv).toString('hex'),
  crypto.sign(null, Buffer.from(msg), rsaPriv).toString('hex'),
  crypto.sign(undefined, msg, keys.rsaPkcs1).toString('hex'),
].every((x, i, a) => x === a[0]));
console.log('sign encodings', crypto.createSign('sha256').update(msg).sign(rsaPriv, 'base64url').slice(0, 20), crypto.createSign('sha256').update(msg).sign(rsaPriv, 'buffer').length, crypto.createSign('sha256').update(msg).sign(rsaPriv, 'latin1').length);
console.log('verify forms', [
  crypto.createVerify('sha256').update(msg).verify(rsaPub, sig1),
  crypto.createVerify('sha256').update(msg).verify(rsaPriv, sig1),
  crypto.createVerify('sha256').update(msg).verify(keys.rsaPkcs1, sig1),
  crypto.createVerify('sha256').update(msg).verify({ key: keys.rsaSpki, format: 'pem' }, sig1),
  crypto.createVerify('sha256').update(msg).verify(keys.rsaSpki, sig1.toString('hex'), 'hex'),
  crypto.createVerify('sha256').update(msg).verify(keys.rsaSpki, new Uint8Array(sig1)),
  crypto.createVerify('sha256').update(msg).verify({ key: rsaPub.export({ format: 'jwk' }), format: 'jwk' }, sig1),
  crypto.createVerify('sha256').update(msg).verify({ key: rsaPub.export({ format: 'der', type: 'pkcs1' }), format: 'der', type: 'pkcs1' }, sig1),
  crypto.verify('sha256', Buffer.from(msg), rsaPub, sig1),
  crypto.verify(null, Buffer.from(msg), keys.rsaSpki, sig1),
].join(','));
console.log('verify false', [
  crypto.createVerify('sha256').update(msg + '.').verify(rsaPub, sig1),
  crypto.createVerify('sha512').update(msg).verify(rsaPub, sig1),
  crypto.createVerify('sha256').update(msg).verify(rsaPub, Buffer.alloc(5)),
  crypto.createVerify('sha256').update(msg).verify(rsaPub, Buffer.alloc(256)),
  crypto.createVerify('sha256').update(msg).verify(crypto.createPublicKey(keys.rsa1024Pkcs8), sig1),
  crypto.createVerify('sha256').update(msg).verify({ key: rsaPub, padding: 6 }, sig1),
].join(','));

// RSA-PSS: random salt, so verify only
for (const [salt, vsalt] of [[undefined, undefined], [-1, -1], [32, 32], [-2, -2], [-1, -2], [32, -2], [20, 32], [-1, 20]]) {
  const sig = crypto.createSign('sha256').update(msg).sign({ key: rsaPriv, padding: crypto.constants.RSA_PKCS1_PSS_PADDING, saltLength: salt });
  const ok = crypto.createVerify('sha256').update(msg).verify({ key: rsaPub, padding: crypto.constants.RSA_PKCS1_PSS_PADDING, saltLength: vsalt }, sig);
  const pkcs1 = crypto.createVerify('sha256').update(msg).verify(rsaPub, sig);
  const again = crypto.createSign('sha256').update(msg).sign({ key: rsaPriv, padding: 6, saltLength: salt });
  console.log('pss', salt, vsalt, sig.length, ok, pkcs1, again.equals(sig));
}
console.log('pss sha512 1024', crypto.verify('sha512', Buffer.from(msg), { key: keys.rsa1024Pkcs8, padding: 6 },
  crypto.sign('sha512', Buffer.from(msg), { key: keys.rsa1024Pkcs8, padding: 6 })));

// ECDSA: DER and IEEE P1363
for (const [priv, pub] of [['ec256Sec1', 'ec256Spki'], ['ec384Sec1', 'ec384Spki'], ['ec521Sec1', 'ec521Spki']]) {
  for (const alg of ['sha256', 'SHA384', 'sha512', 'RSA-SHA1']) {
    const der = crypto.createSign(alg).update(msg).sign(keys[priv]);
    const p1363 = crypto.createSign(alg).update(msg).sign({ key: keys[priv], dsaEncoding: 'ieee-p1363' });
    console.log(priv, alg, der[0] === 0x30, p1363.length,
      crypto.createVerify(alg).update(msg).verify(keys[pub], der),
      crypto.createVerify(alg).update(msg).verify({ key: keys[pub], dsaEncoding: 'der' }, der),
      crypto.createVerify(alg).update(msg).verify({ key: keys[pub], dsaEncoding: 'ieee-p1363' }, p1363),
      crypto.createVerify(alg).update(msg).verify(keys[pub], p1363),
      crypto.createVerify(alg).update(msg + '!').verify(keys[pub], der),
      crypto.verify(alg, Buffer.from(msg), { key: keys[priv], dsaEncoding: 'ieee-p1363' }, p1363));
  }
}
console.log('ec null', crypto.verify(null, Buffer.from(msg), keys.ec256Spki, crypto.sign(null, Buffer.from(msg), keys.ec256Sec1)),
  crypto.verify('sha256', Buffer.from(msg), keys.ec256Spki, crypto.sign(undefined, Buffer.from(msg), keys.ec256Sec1)));
console.log('ec garbage', crypto.createVerify('sha256').update(msg).verify(keys.ec256Spki, Buffer.alloc(5)));
t('ec p1363 garbage', () => crypto.createVerify('sha256').update(msg).verify({ key: keys.ec256Spki, dsaEncoding: 'ieee-p1363' }, Buffer.alloc(5)));

// Ed25519: one-shot only, deterministic
const edSig = crypto.sign(null, Buffer.from(msg), keys.edPkcs8);
console.log('ed25519', edSig.toString('hex'));
console.log('ed25519 verify', crypto.verify(null, Buffer.from(msg), keys.edSpki, edSig), crypto.verify(undefined, Buffer.from(msg), crypto.createPrivateKey(keys.edPkcs8), edSig),
  crypto.verify(null, Buffer.from(msg + '!'), keys.edSpki, edSig), crypto.verify(null, Buffer.from(msg), keys.edSpki, Buffer.alloc(64)), crypto.verify(null, Buffer.from(msg), keys.edSpki, Buffer.alloc(3)));
console.log('ed25519 string data', crypto.sign(null, msg, keys.edPkcs8).equals(edSig), crypto.verify(null, msg, keys.edSpki, edSig));
t('ed25519 with digest', () => crypto.sign('sha256', Buffer.from(msg), keys.edPkcs8));
t('ed25519 Sign', () => crypto.createSign('sha256').update(msg).sign(keys.edPkcs8));
t('ed25519 Verify', () => crypto.createVerify('sha256').update(msg).verify(keys.edSpki, edSig));

// callbacks
crypto.sign(null, Buffer.from(msg), keys.edPkcs8, (err, sig) => console.log('sign cb', err, sig.equals(edSig)));
crypto.verify(null, Buffer.from(msg), keys.edSpki, edSig, (err, ok) => console.log('verify cb', err, ok));
crypto.sign('sha256', Buffer.from(msg), keys.edPkcs8, (err, sig) => console.log('sign cb error', err.code, sig));
console.log('after callbacks');

// errors
t('no key', () => crypto.createSign('sha256').update('x').sign());
t('no key oneshot', () => crypto.sign('sha256', Buffer.from('x')));
t('bad alg', () => crypto.createSign('nope'));
t('ecdsa-with name', () => crypto.createSign('ecdsa-with-SHA256'));
t('alg not string', () => crypto.createSign(5));
t('Verify bad alg', () => crypto.createVerify('nope'));
t('sign with public', () => crypto.createSign('sha256').update('x').sign(keys.rsaSpki));
t('sign with public KO', () => crypto.createSign('sha256').update('x').sign(rsaPub));
t('sign with secret', () => crypto.createSign('sha256').update('x').sign(crypto.createSecretKey(Buffer.alloc(3))));
t('verify with secret', () => crypto.createVerify('sha256').update('x').verify(crypto.createSecretKey(Buffer.alloc(3)), Buffer.alloc(3)));
t('bad dsaEncoding', () => crypto.createSign('sha256').update('x').sign({ key: keys.ec256Sec1, dsaEncoding: 'x' }));
t('bad padding', () => crypto.createSign('sha256').update('x').sign({ key: keys.rsaPkcs1, padding: 'x' }));
t('bad saltLength', () => crypto.createSign('sha256').update('x').sign({ key: keys.rsaPkcs1, padding: 6, saltLength: 1.5 }));
t('padding 3', () => crypto.createSign('sha256').update('x').sign({ key: keys.rsaPkcs1, padding: 3 }));
t('pss salt too big', () => crypto.createSign('sha256').update('x').sign({ key: keys.rsaPkcs1, padding: 6, saltLength: 1000 }));
t('sign twice', () => { const s = crypto.createSign('sha256'); s.update('x'); s.sign(keys.rsaPkcs1); return s.sign(keys.rsaPkcs1); });
t('update after sign', () => { const s = crypto.createSign('sha256'); s.update('x'); s.sign(keys.rsaPkcs1); return s.update('y'); });
t('verify twice', () => { const v = crypto.createVerify('sha256'); v.update('x'); v.verify(keys.rsaSpki, Buffer.alloc(1)); return v.verify(keys.rsaSpki, Buffer.alloc(1)); });
t('update number', () => crypto.createSign('sha256').update(5));
t('update odd hex', () => crypto.createSign('sha256').update('abc', 'hex'));
t('verify bad signature type', () => crypto.createVerify('sha256').update('x').verify(keys.rsaSpki, 5));
t('oneshot data type', () => crypto.sign(null, 5, keys.edPkcs8));
t('oneshot alg type', () => crypto.sign(5, Buffer.from('x'), keys.edPkcs8));
t('oneshot callback type', () => crypto.sign(null, Buffer.from('x'), keys.edPkcs8, 5));
t('verify oneshot sig type', () => crypto.verify(null, Buffer.from('x'), keys.edSpki, 'abc'));
t('verify oneshot arraybuffer', () => crypto.verify(null, new ArrayBuffer(3), keys.edSpki, Buffer.alloc(64)));
t('Sign without new', () => typeof crypto.Sign('sha256').update);
t('Sign instanceof', () => crypto.createSign('sha256') instanceof crypto.Sign && crypto.createVerify('sha1') instanceof crypto.Verify);
console.log(crypto.constants.RSA_PKCS1_PSS_PADDING, crypto.constants.RSA_PSS_SALTLEN_DIGEST, crypto.constants.RSA_PSS_SALTLEN_MAX_SIGN, crypto.constants.RSA_PSS_SALTLEN_AUTO, crypto.constants.RSA_PKCS1_PADDING);
console.log(JSON.stringify(Object.getOwnPropertyDescriptor(crypto.constants, 'RSA_PKCS1_PADDING')), Object.keys(crypto.constants).length);
