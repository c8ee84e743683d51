// nanoid: id lengths and alphabets (values are random).
const { nanoid, customAlphabet, urlAlphabet } = require('nanoid');

const id = nanoid();
console.log(id.length, /^[A-Za-z0-9_-]+$/.test(id));
console.log(nanoid(10).length, nanoid(64).length);
const hex = customAlphabet('0123456789abcdef', 12);
const h = hex();
console.log(h.length, /^[0-9a-f]{12}$/.test(h), hex(5).length);
console.log(urlAlphabet.length, new Set(urlAlphabet).size);
console.log(new Set(Array.from({ length: 1000 }, () => nanoid())).size);
