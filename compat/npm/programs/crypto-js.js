// crypto-js: hashes, HMAC, AES with fixed key and IV, encodings, PBKDF2.
const CryptoJS = require('crypto-js');

console.log(CryptoJS.MD5('hello').toString(), CryptoJS.SHA1('hello').toString());
console.log(CryptoJS.SHA256('hello').toString(), CryptoJS.SHA512('hello').toString().slice(0, 32));
console.log(CryptoJS.SHA3('hello', { outputLength: 256 }).toString(), CryptoJS.RIPEMD160('hello').toString());
console.log(CryptoJS.HmacSHA256('message', 'secret').toString(CryptoJS.enc.Base64));
const key = CryptoJS.enc.Hex.parse('000102030405060708090a0b0c0d0e0f');
const iv = CryptoJS.enc.Hex.parse('0f0e0d0c0b0a09080706050403020100');
const enc = CryptoJS.AES.encrypt('secret message', key, { iv, mode: CryptoJS.mode.CBC, padding: CryptoJS.pad.Pkcs7 });
console.log(enc.toString(), enc.ciphertext.toString());
console.log(CryptoJS.AES.decrypt(enc.toString(), key, { iv }).toString(CryptoJS.enc.Utf8));
console.log(CryptoJS.TripleDES.encrypt('x', key, { iv }).ciphertext.toString(), CryptoJS.RC4.encrypt('x', key).ciphertext.toString());
console.log(CryptoJS.PBKDF2('password', 'salt', { keySize: 256 / 32, iterations: 100, hasher: CryptoJS.algo.SHA256 }).toString());
console.log(CryptoJS.enc.Base64.stringify(CryptoJS.enc.Utf8.parse('héllo')), CryptoJS.enc.Utf8.stringify(CryptoJS.enc.Base64.parse('aMOpbGxv')));
const h = CryptoJS.algo.SHA256.create();
h.update('part1');
h.update('part2');
console.log(h.finalize().toString() === CryptoJS.SHA256('part1part2').toString());
console.log(CryptoJS.lib.WordArray.random(16).sigBytes);
