// The v flag (unicodeSets): u semantics plus class set operations.
const show = (label, v) => console.log(label, JSON.stringify(v));

show('flags', [/x/v.unicodeSets, /x/v.unicode, /x/u.unicodeSets, /x/v.flags, String(/[a]/giv)]);
show('difference', 'aBcΓδ'.match(/[\p{L}--[a-z]]/gv));
show('intersection', 'hello world'.match(/[[a-z]&&[aeiou]]/gv));
show('nested', 'abcdef'.match(/[[a-f]--[[b-d]--c]]/gv));
show('negated nested', 'abc'.match(/[^[a-c]--[b]]/gv));
show('property ops', 'aé1٣'.replace(/[\p{Nd}&&\p{ASCII}]/gv, '#'));
show('class escapes', 'Ab1_ -'.replace(/[\w--\d]/gv, '.'));
show('strings', 'xabcy'.match(/[\q{abc}x]/gv));
show('longest first', 'xaby'.match(/[\q{ab|a|}y]/gv));
show('escaped', 'a.b-c&d'.match(/[\.\-\&]/gv));
show('ordinary', ['😀'.match(/./v)[0], /^\u{1F600}$/v.test('😀'), 'a😀b'.split(/(?:)/v)]);
show('P under i', ['aBc'.match(/\P{Lu}/giv), 'aBc'.match(/[^\p{Lu}]/giv)]);
for (const [p, f] of [['a', 'uv'], ['[^\\q{ab}]', 'v'], ['[a-z&&b]', 'v'], ['[(]', 'v'], ['[z-a]', 'v'], ['[a&&&b]', 'v']]) {
  try {
    new RegExp(p, f);
    console.log('accepted', p, f);
  } catch (e) {
    console.log(e.name + ': ' + e.message);
  }
}
