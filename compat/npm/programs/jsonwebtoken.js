// jsonwebtoken: HS256 sign and verify with a fixed iat and clock.
const jwt = require('jsonwebtoken');

const secret = 'shhhhh';
const iat = 1700000000;
const token = jwt.sign({ sub: 'user-1', role: 'admin', iat }, secret, { expiresIn: '1h', issuer: 'corpus', jwtid: 'j1' });
console.log(token);
console.log(jwt.decode(token), jwt.decode(token, { complete: true }).header);
console.log(jwt.verify(token, secret, { clockTimestamp: iat + 10, issuer: 'corpus' }));
for (const [what, fn] of [
  ['expired', () => jwt.verify(token, secret, { clockTimestamp: iat + 7200 })],
  ['bad secret', () => jwt.verify(token, 'nope', { clockTimestamp: iat })],
  ['bad issuer', () => jwt.verify(token, secret, { clockTimestamp: iat, issuer: 'other' })],
  ['malformed', () => jwt.verify('a.b', secret)],
]) {
  try {
    fn();
  } catch (e) {
    console.log(what, e.name, e.message);
  }
}
console.log(jwt.sign({ a: 1 }, 'k', { algorithm: 'HS512', noTimestamp: true }));
jwt.verify(token, secret, { clockTimestamp: iat }, (err, p) => console.log('callback', err, p && p.sub));
