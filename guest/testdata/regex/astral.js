// Classes with astral (surrogate pair) characters, with and without u.
const show = (label, v) => console.log(label, JSON.stringify(v));
const s = 'a😀b😁c😂d😃';

show('match gu', 'a😀b😀'.match(/[😀]/gu));
show('replace gu', 'x😀y'.replace(/[😀-😂]/gu, '*'));
show('match g (halves)', 'a😀b😀'.match(/[😀]/g));
show('replace g (halves)', s.replace(/[😀😁]/g, '*'));
show('range escapes', [s.match(/[\u{1F600}-\u{1F602}]/gu), s.match(/[\uD83D\uDE00-\uD83D\uDE02]/gu)]);
show('negated', [s.replace(/[^😀]/gu, '.'), s.replace(/[^😀]/g, '.').length]);
show('exec loop', (() => { const re = /[😀]/gu, out = []; let m; while ((m = re.exec('a😀b😀'))) out.push([m.index, re.lastIndex]); return out; })());
show('exec loop g', (() => { const re = /[😀]/g, out = []; let m; while ((m = re.exec('a😀b😀'))) out.push([m.index, re.lastIndex]); return out; })());
show('matchAll', [...s.matchAll(/[😀-😂]/gu)].map((m) => [m[0], m.index]));
show('matchAll g', [...'a😀b😀'.matchAll(/[😀]/g)].map((m) => m.index));
show('lastIndex mid pair', (() => { const re = /[😀]/gu; re.lastIndex = 2; const m = re.exec('a😀'); return [m && m.index, re.lastIndex]; })());
show('sticky mid pair', (() => { const re = /[😀]/yu; re.lastIndex = 2; const m = re.exec('a😀'); return [m && m.index, re.lastIndex]; })());
show('sticky u', (() => { const re = /\p{L}/yu, out = []; for (let i = 0; i < 3; i++) out.push(re.test('éa😀'), re.lastIndex); return out; })());
show('sticky replace', (() => { const re = /[😀a]/gyu; return 'a😀a😀xa'.replace(re, '.'); })());
show('search', [s.search(/[😁]/u), s.search(/[😁]/)]);
show('split u', [s.split(/[😁😂]/u), 'a😀b'.split(/(?:)/u), 'a😀b'.split('')]);
show('split g', s.split(/[😁😂]/));
show('empty after match', ['ab'.match(/b*/g), 'ab'.replace(/b*/g, '-'), 'aéb'.match(/b*/gu), [...'ab'.matchAll(/b*/g)].map((m) => m.index)]);
show('empty class', [/[]/u.test('\u{20000}'), /^[^]$/u.test('\u{20000}'), /[^]/.exec('\u{20000}')[0].length]);
show('dot', [s.match(/./gu).length, s.match(/./g).length, s.match(/[\s\S]/gu).length]);
try {
  new RegExp('[😀-😂]', 'g');
} catch (e) {
  console.log(e.name + ': ' + e.message);
}
console.log('ab'.match(/b/));
