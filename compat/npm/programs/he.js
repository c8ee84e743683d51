// he: HTML entity encoding and decoding.
const he = require('he');

console.log(he.encode('foo © bar ≠ baz 𝌆 qux <>&"\''));
console.log(he.encode('foo © bar ≠ baz 𝌆 qux', { useNamedReferences: true }));
console.log(he.encode('<a>', { allowUnsafeSymbols: true }), he.encode('é', { decimal: true }));
console.log(he.decode('foo &copy; bar &ne; baz &#x1D306; qux &amp;lt; &notanentity; &lt'));
console.log(he.decode('&#0;&#x110000;&#65;'), he.escape('<img src=\'x\' onerror="y">'), he.unescape('&lt;b&gt;'));
console.log(he.version);
