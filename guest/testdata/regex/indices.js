// The d flag (hasIndices): match.indices, with groups.
const show = (label, v) => console.log(label, JSON.stringify(v));

const re = /(?<year>\d{4})-(?<month>\d\d)(-(?<day>\d\d))?/d;
const m = re.exec('due 2024-05 or later');
show('hasIndices', [re.hasIndices, /a/.hasIndices, re.flags]);
show('indices', m.indices);
show('groups', m.indices.groups);
show('unmatched', [m.indices[3], m.indices.groups.day]);
show('keys', [Object.keys(m), Object.keys(m.indices)]);
show('null prototype', Object.getPrototypeOf(m.indices.groups));
show('no groups', /a(b)?/d.exec('xa').indices.groups);
show('flags order', [new RegExp('a', 'ysmigd').flags, String(new RegExp('a', 'ydg'))]);
show('matchAll', [...'a1b22c333'.matchAll(/(?<n>\d+)/dg)].map((x) => [x.index, x.indices[0], x.indices.groups.n]));
show('unicode', /😀(.)/du.exec('x😀yz').indices);
show('utf16', /😀(.)/d.exec('x😀yz').indices);
show('lookbehind', /(?<=\$)(\d+)/d.exec('cost: $42').indices);
show('sticky', (() => { const r = /\w/dy; r.lastIndex = 2; const x = r.exec('abc'); return [x.indices, r.lastIndex]; })());
show('replace', 'a-b'.replace(/(?<x>\w)/dg, '[$<x>]'));
show('descriptor', Object.getOwnPropertyDescriptor(RegExp.prototype, 'hasIndices').get.name);
console.log(/(a)|(b)/d.exec('b'));
