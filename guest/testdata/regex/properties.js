// Unicode property escapes (\p{...}, \P{...}) with the u flag.
const show = (label, v) => console.log(label, JSON.stringify(v));

show('L', /\p{L}/u.test('é'));
show('Lu', [/\p{Lu}/u.test('É'), /\p{Lu}/u.test('é'), /\p{Ll}/u.test('é')]);
show('Letter', /\p{Letter}+/u.exec('héllo wörld')[0]);
show('P{L}', 'ab1c2 é!'.replace(/\P{L}/gu, '_'));
show('Script=Greek', 'abc αβγ def'.match(/\p{Script=Greek}+/u)[0]);
show('sc=Han', '中文 and 日本語'.match(/\p{sc=Han}/gu));
show('scx=Hira', [/\p{scx=Hira}/u.test('ー'), /\p{sc=Hira}/u.test('ー')]);
show('Emoji_Presentation', 'a😀b✨c#'.match(/\p{Emoji_Presentation}/gu));
show('Emoji', '#1😀'.match(/\p{Emoji}/gu));
show('Extended_Pictographic', /\p{Extended_Pictographic}/u.test('©'));
show('gc=Nd', '٣٤5x'.match(/\p{General_Category=Decimal_Number}+/u)[0]);
show('aliases', [/\p{gc=Lu}/u.test('A'), /\p{digit}/u.test('7'), /\p{punct}/u.test('!'), /\p{Alpha}/u.test('ß'), /\p{WSpace}/u.test('\u3000')]);
show('binary', [/\p{Any}/u.test('\uD800'), /\p{ASCII}/u.test('é'), /\p{Assigned}/u.test('\u0378'), /\p{Uppercase}/u.test('Ⅻ'), /\p{Math}/u.test('∑')]);
show('class', /^[\p{L}\p{N}_$]+$/u.test('héllo٣_$'));
show('negated class', 'aé😀1'.match(/[^\p{L}]/gu));
show('P in class', 'aé😀1'.match(/[\P{L}]/gu));
show('lookahead (regexp2)', /(?=\p{Lu})\p{L}+/u.exec('abcDef')[0]);
show('backreference (regexp2)', /(\p{L})\1/u.exec('xééy')[0]);
show('iu', ['aBc'.match(/\p{Lu}/giu), 'aBc'.match(/\P{Lu}/giu)]);
show('split', 'αβγ abc'.split(/(\p{sc=Grek})/u));
show('replace fn', 'Hello Wörld'.replace(/\p{Lu}/gu, (c) => c.toLowerCase()));
show('without u', [/\p{L}/.test('p{L}'), /\p{L}/.test('é')]);
show('source', [/\p{L}/u.source, String(/\P{Script=Latin}/giu)]);
for (const [p, f] of [['\\p{Foo}', 'u'], ['\\p{L', 'u'], ['\\p{letter}', 'u'], ['\\p{Script=Klingon}', 'u'], ['[\\p{L}-z]', 'u']]) {
  try {
    new RegExp(p, f);
    console.log('accepted', p);
  } catch (e) {
    console.log(e.name + ': ' + e.message);
  }
}
