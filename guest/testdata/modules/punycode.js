const punycode = require('punycode');
const show = (label, f) => { try { console.log(label, JSON.stringify(f())); } catch (e) { console.log(label, e.name, e.message); } };
for (const s of ['mañana', 'bücher', '☃-⌘', 'ليهمابتكلموشعربي؟', '他们为什么不说中文', 'abc', '', '😀']) {
  show('encode ' + s, () => { const e = punycode.encode(s); return [e, punycode.decode(e) === s]; });
}
show('toASCII', () => punycode.toASCII('mañana.com'));
show('toASCII email', () => punycode.toASCII('джумла@джpумлатест.bрфa'));
show('toASCII sep', () => punycode.toASCII('a\u3002b\uFF0Eñ'));
show('toUnicode', () => punycode.toUnicode('xn--maana-pta.com'));
show('toUnicode upper', () => punycode.toUnicode('XN--MAANA-PTA.com'));
show('toUnicode email', () => punycode.toUnicode('user@xn--bcher-kva.example'));
show('ucs2 decode', () => punycode.ucs2.decode('a😀\ud800b'));
show('ucs2 encode', () => punycode.ucs2.encode([0x61, 0x1f600, 0x62]));
show('bad decode', () => punycode.decode('ü-x'));
show('bad digit', () => punycode.decode('ab-!'));
show('invalid', () => punycode.decode('a-zz'));
show('overflow', () => punycode.decode('99999999999'));
console.log(punycode.version, Object.keys(punycode).join());
