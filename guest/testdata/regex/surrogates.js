// Patterns without u that spell surrogates (UTF-16 code units), as the he
// package's do. A global match, a sticky one or one from a lastIndex goes to
// goja's regexp2 engine, which once lost every surrogate in the pattern.
const show = (label, v) => console.log(label, JSON.stringify(v));
const hex = (s) => [...s].map((c) => c.codePointAt(0).toString(16)).join(' ');
const s = 'a\u{1D306}b\u{1F600}c\u{10000}d';

// The he package's own patterns (he 1.2.0).
const regexAstralSymbols = /[\uD800-\uDBFF][\uDC00-\uDFFF]/g;
const regexAsciiWhitelist = /[\x01-\x7F]/g;
const regexBmpWhitelist = /[\x01-\t\x0B\f\x0E-\x1F\x7F\x81\x8D\x8F\x90\x9D\xA0-\uFFFF]/g;
const regexInvalidRawCodePoint = /[\0-\x08\x0B\x0E-\x1F\x7F-\x9F\uFDD0-\uFDEF\uFFFE\uFFFF]|[\uD83F\uD87F\uD8BF\uD8FF\uD93F\uD97F\uD9BF\uD9FF\uDA3F\uDA7F\uDABF\uDAFF\uDB3F\uDB7F\uDBBF\uDBFF][\uDFFE\uDFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?:[^\uD800-\uDBFF]|^)[\uDC00-\uDFFF]/;
// The end of he's regexEncodeNonAscii: mathematical script letters are one
// high surrogate and a class of low ones.
const regexEncodeTail = /[\u2985\u2986]|\uD835[\uDC9C\uDC9E\uDC9F\uDCA2\uDCA5\uDCA6\uDCA9-\uDCAC\uDCAE-\uDCB9\uDCBB\uDCBD-\uDCC3\uDCC5-\uDCCF\uDD04\uDD05\uDD07-\uDD0A\uDD0D-\uDD14\uDD16-\uDD1C\uDD1E-\uDD39\uDD3B-\uDD3E\uDD40-\uDD44\uDD46\uDD4A-\uDD50\uDD52-\uDD6B]/g;

const codePoint = ($0) => (($0.charCodeAt(0) - 0xd800) * 0x400 + $0.charCodeAt(1) - 0xdc00 + 0x10000);
show('he astral replace', 'foo \u{1D306} bar \u{1F4A9} baz'.replace(regexAstralSymbols, ($0) => '&#x' + codePoint($0).toString(16).toUpperCase() + ';'));
show('he astral match', s.match(regexAstralSymbols));
show('he astral or ascii', 'a\u{1D306}é<\u{1F600}'.replace(/[\uD800-\uDBFF][\uDC00-\uDFFF]|[\x01-\x7F]/g, (m) => '[' + hex(m) + ']'));
show('he encodeEverything order', 'a\u{1D306}é<'.replace(regexAsciiWhitelist, (c) => '&#' + c.charCodeAt(0) + ';').replace(regexAstralSymbols, ($0) => '&#' + codePoint($0) + ';').replace(regexBmpWhitelist, (c) => '&#' + c.charCodeAt(0) + ';'));
show('he invalid raw code point', ['ok \u{1D306}', 'lone \uD800 high', 'lone \uDC00 low', '\uDC00 first', '\u{1FFFE}', 'x\uFFFF', 'é\uD834'].map((t) => regexInvalidRawCodePoint.test(t)));
show('he encode tail', 'x \u{1D49C} \u{1D4A2} \u2985 \u{1D49D} \u{1D56B}'.replace(regexEncodeTail, (m) => '&' + hex(m) + ';'));

// Lone surrogate classes, global and sticky.
show('high class g', s.match(/[\uD800-\uDBFF]/g).map(hex));
show('low class g', s.match(/[\uDC00-\uDFFF]/g).map(hex));
show('pair class y', ['\u{1D306}\u{1F600}a\u{10000}'.match(/[\uD800-\uDBFF][\uDC00-\uDFFF]/gy), 'a\u{1D306}'.match(/[\uD800-\uDBFF][\uDC00-\uDFFF]/gy)]);
show('narrow ranges', ['a\u{1D306}b'.match(/[\uD800-\uD834][\uDF00-\uDF10]/g), 'a\u{1D306}b'.match(/[\uD834][\uDC00-\uDFFF]/g), 'é\u{10401}'.match(/[\uD800\uD801][\uDC00\uDC01]/g)]);
show('lone halves', ['x\uD800y\uDC00z\u{1D306}'.match(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?:[^\uD800-\uDBFF]|^)[\uDC00-\uDFFF]/g).map(hex)]);
show('repeat', ['é\uD834\uD834\uD834'.match(/\uD834{2}/g).map(hex), 'éx\uD834\uD834\uD834'.match(/x\uD834{3}/g).map(hex), 'é\uD800\uD801\uD802'.match(/[\uD800-\uDBFF]+/g).map(hex)]);
show('pair literals', ['é\u{1D306}a\u{1D707}'.match(/\uD834\uDF06.\uD835\uDF07/g), 'éb\u{1D306}'.match(/(?:a|b)\uD834\uDF06/g), 'éa\u{1D306}'.match(/a\uD835\uDF07|a\uD834\uDF06/g)]);
show('not U+FFFD', ['é\uFFFD\uFFFD'.match(/\uD834{2}/g), 'é\uFFFD\uFFFD'.match(/\uD834\uDF06/g), 'é\u{1D306}'.match(/\uFFFD/g), 'é\uFFFD\u{10000}'.match(/[\uD800-\uDBFF][\uDC00-\uDFFF]/g)]);
show('ignore case', ['A\u{1D306}b'.match(/[\uD800-\uDBFF][\uDC00-\uDFFF]/gi), 'é\uD834\uD834'.match(/\uD834{2}/gi).map(hex)]);

// Replace with functions: arguments and offsets.
show('replace fn args', s.replace(/([\uD800-\uDBFF])([\uDC00-\uDFFF])/g, (m, hi, lo, off, str) => `<${hex(hi)}|${hex(lo)}@${off}/${str.length}>`));
show('replace $ patterns', s.replace(/([\uD800-\uDBFF])([\uDC00-\uDFFF])/g, '[$2$1]').length);
show('replaceAll', s.replaceAll(/[\uD800-\uDBFF][\uDC00-\uDFFF]/g, '*'));

// split, matchAll, search.
show('split', [s.split(/[\uD800-\uDBFF][\uDC00-\uDFFF]/), s.split(/([\uD800-\uDBFF])[\uDC00-\uDFFF]/).map(hex), s.split(/[\uD800-\uDBFF][\uDC00-\uDFFF]/, 2)]);
show('matchAll', [...s.matchAll(/[\uD800-\uDBFF]([\uDC00-\uDFFF])/g)].map((m) => [m.index, hex(m[1])]));
show('search', [s.search(/[\uDC00-\uDFFF]/), s.search(/[\uD800-\uDBFF][\uDC00-\uDFFF]/)]);

// lastIndex from exec and test, global and sticky.
show('exec loop g', (() => { const re = /[\uD800-\uDBFF][\uDC00-\uDFFF]/g, out = []; let m; while ((m = re.exec(s))) out.push([m.index, re.lastIndex]); return out; })());
show('exec loop low g', (() => { const re = /[\uDC00-\uDFFF]/g, out = []; let m; while ((m = re.exec(s))) out.push([m.index, re.lastIndex]); return out; })());
show('exec from mid pair', (() => { const re = /[\uD800-\uDBFF][\uDC00-\uDFFF]/g; re.lastIndex = 2; const m = re.exec(s); return [m && m.index, re.lastIndex]; })());
show('test loop y', (() => { const re = /[\uD800-\uDBFF][\uDC00-\uDFFF]/y, out = [], t = '\u{1D306}\u{1F600}a'; for (let i = 0; i < 4; i++) out.push(re.test(t), re.lastIndex); return out; })());
show('sticky low', (() => { const re = /[\uDC00-\uDFFF]/y; re.lastIndex = 1; const a = re.test('\u{1D306}'); const b = re.lastIndex; re.lastIndex = 0; return [a, b, re.test('\u{1D306}'), re.lastIndex]; })());
