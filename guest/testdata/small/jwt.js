// JSON Web Tokens as jsonwebtoken (through jws and jwa) makes and checks
// them: HS256 with createSecretKey and createHmac, RS256 and PS256 with
// createPrivateKey and createSign, ES256 with a DER signature turned into
// JOSE's r||s. RS256 and HS256 tokens are deterministic.
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
};
const b64url = (b) => Buffer.from(b).toString('base64').replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_');
function derToJose(der, size) {
  // ecdsa-sig-formatter: SEQUENCE { INTEGER r, INTEGER s } to fixed-size r||s
  let off = 2;
  if (der[1] & 0x80) off += der[1] & 0x7f;
  const rLen = der[off + 1];
  let r = der.subarray(off + 2, off + 2 + rLen);
  off += 2 + rLen;
  let s = der.subarray(off + 2, off + 2 + der[off + 1]);
  const fix = (x) => { while (x.length > size && x[0] === 0) x = x.subarray(1); return Buffer.concat([Buffer.alloc(size - x.length), x]); };
  return Buffer.concat([fix(r), fix(s)]);
}
function joseToDer(sig, size) {
  const int = (x) => { let i = 0; while (i < x.length - 1 && x[i] === 0) i++; x = x.subarray(i); if (x[0] & 0x80) x = Buffer.concat([Buffer.from([0]), x]); return Buffer.concat([Buffer.from([2, x.length]), x]); };
  const body = Buffer.concat([int(sig.subarray(0, size)), int(sig.subarray(size))]);
  return Buffer.concat([Buffer.from([0x30, body.length]), body]);
}
const algs = {
  HS256: { sign: (input, key) => b64url(crypto.createHmac('sha256', key).update(input).digest()), verify: (input, sig, key) => crypto.timingSafeEqual(Buffer.from(algs.HS256.sign(input, key)), Buffer.from(sig)) },
  RS256: { sign: (input, key) => b64url(crypto.createSign('RSA-SHA256').update(input).sign(key)), verify: (input, sig, key) => crypto.createVerify('RSA-SHA256').update(input).verify(key, Buffer.from(sig, 'base64')) },
  PS256: {
    sign: (input, key) => b64url(crypto.createSign('RSA-SHA256').update(input).sign({ key, padding: crypto.constants.RSA_PKCS1_PSS_PADDING, saltLength: crypto.constants.RSA_PSS_SALTLEN_DIGEST })),
    verify: (input, sig, key) => crypto.createVerify('RSA-SHA256').update(input).verify({ key, padding: crypto.constants.RSA_PKCS1_PSS_PADDING, saltLength: crypto.constants.RSA_PSS_SALTLEN_DIGEST }, Buffer.from(sig, 'base64')),
  },
  ES256: {
    sign: (input, key) => b64url(derToJose(crypto.createSign('RSA-SHA256').update(input).sign(key), 32)),
    verify: (input, sig, key) => crypto.createVerify('RSA-SHA256').update(input).verify(key, joseToDer(Buffer.from(sig, 'base64'), 32)),
  },
};
function sign(payload, key, alg) {
  const input = b64url(JSON.stringify({ alg, typ: 'JWT' })) + '.' + b64url(JSON.stringify(payload));
  return input + '.' + algs[alg].sign(input, key);
}
function verify(token, key) {
  const [h, p, s] = token.split('.');
  const { alg } = JSON.parse(Buffer.from(h, 'base64'));
  if (!algs[alg].verify(h + '.' + p, s, key)) throw new Error('invalid signature');
  return JSON.parse(Buffer.from(p, 'base64'));
}
const payload = { sub: 'user-1', iat: 1700000000, exp: 1700003600 };

const secret = crypto.createSecretKey(Buffer.from('shhhhh'));
const hs = sign(payload, secret, 'HS256');
console.log(hs, hs === sign(payload, 'shhhhh', 'HS256'));
console.log(JSON.stringify(verify(hs, secret)), secret.type, secret.symmetricKeySize);

const priv = crypto.createPrivateKey(keys.rsaPkcs1);
const pub = crypto.createPublicKey(keys.rsaSpki);
// what jsonwebtoken checks of a key before it signs
console.log(priv.type, priv.asymmetricKeyType, priv.asymmetricKeyDetails.modulusLength, pub.type);
const rs = sign(payload, priv, 'RS256');
console.log(rs);
console.log(rs === sign(payload, keys.rsaPkcs1, 'RS256'), JSON.stringify(verify(rs, pub)), JSON.stringify(verify(rs, keys.rsaSpki)));
const ps = sign(payload, priv, 'PS256');
console.log('PS256', ps.split('.')[2].length, ps !== sign(payload, priv, 'PS256'), JSON.stringify(verify(ps, pub)));

const ecPriv = crypto.createPrivateKey(keys.ec256Sec1);
console.log(ecPriv.asymmetricKeyType, ecPriv.asymmetricKeyDetails.namedCurve);
const es = sign(payload, ecPriv, 'ES256');
console.log('ES256', es.split('.')[2].length, JSON.stringify(verify(es, crypto.createPublicKey(keys.ec256Spki))), JSON.stringify(verify(es, keys.ec256Sec1)));
for (const [what, token, key] of [['tampered', rs.slice(0, -6) + 'AAAAAA', pub], ['wrong key', es, crypto.createPublicKey(keys.rsaSpki).export({ format: 'pem', type: 'spki' })], ['wrong secret', hs, crypto.createSecretKey(Buffer.from('nope!!'))]]) {
  try { verify(token, key); console.log(what, 'verified?!'); } catch (e) { console.log(what, e.message); }
}
