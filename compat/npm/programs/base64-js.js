// base64-js: base64 to and from byte arrays.
const base64 = require('base64-js');

const bytes = new Uint8Array([0, 1, 2, 250, 251, 252, 253, 254, 255]);
const s = base64.fromByteArray(bytes);
console.log(s, base64.byteLength(s), Array.from(base64.toByteArray(s)));
const text = new TextEncoder().encode('héllo wörld ✓');
console.log(base64.fromByteArray(text), new TextDecoder().decode(base64.toByteArray(base64.fromByteArray(text))));
console.log(Array.from(base64.toByteArray('SGk=')), Array.from(base64.toByteArray('SGk-_w==')));
const big = new Uint8Array(100000).map((_, i) => (i * 31) & 255);
const enc = base64.fromByteArray(big);
console.log(enc.length, enc.slice(0, 40), base64.toByteArray(enc).every((b, i) => b === big[i]));
