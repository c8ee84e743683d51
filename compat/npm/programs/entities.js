// entities: encode and decode HTML and XML entities.
const entities = require('entities');

console.log(entities.decodeHTML('&lt;p&gt;caf&eacute; &amp; &#x263A; &NotAnEntity; &amp'));
console.log(entities.decodeXML('&lt;x a=&quot;1&quot;&gt;&apos;'), entities.encodeXML('<x a="1">\'&'));
console.log(entities.encodeHTML('café <&> ☺ 𝌆'), entities.encodeNonAsciiHTML('café <&> ☺'));
console.log(entities.escapeUTF8('<a href="x">é</a>'), entities.escapeAttribute('a"b&c'), entities.escapeText('<t>&'));
console.log(entities.decode('&amp;&gt;', entities.EntityLevel.XML), entities.encode('ü', { level: entities.EntityLevel.HTML, mode: entities.EncodingMode.ASCII }));
