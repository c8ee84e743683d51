// \b and \B: only [A-Za-z0-9_] are word characters (and, under u with i, ſ
// and K (Kelvin), which fold into them). A global match, a sticky one, one
// from a lastIndex, and any pattern with lookaround go to goja's regexp2
// engine, which took every Unicode letter as a word character and would not
// let a run of one repeated character give back before \B. A match without
// g from index 0 goes to Go's regexp; both must give the same first match.
const show = (label, v) => console.log(label, JSON.stringify(v));
const first = (re, s) => { const m = re.exec(s); return m && [m.index, m[0]]; };

const cases = [
  ['caféx', /\b\w+\b/g],
  ['naïve café', /\b\w+\b/g],
  ['Straße über', /\b\w+\b/g],
  ['éfoo', /\bfoo/g],
  ['éfoo', /\Bfoo/g],
  ['Σx ١y _z', /\b[xyz]/g],
  ['_é1', /\b/g],
  ['é!!!a', /!+\B/g],
  ['é  x', / +\B/g],
  ['é!!!', /!+\B/g],
  ['é!!!a', /!+?\B/g],
  ['é!!!a', /\W+\B/g],
  ['éab!c', /\D+\B/g],
  ['éaaa!', /a+\b/g],
  ['éaaab', /a+\B/g],
  ['ſx xſ', /\bx/g],
  ['ſx xſ', /\bx/gi],
  ['ſx xſ', /\bx/gu],
  ['ſx xſ', /\bx/giu],
  ['ſx xſ', /x\B/giu],
  ['\u212Ax x\u212A', /\bx/giu],
  ['\u212Ax x\u212A', /x\b/giu],
  ['éſ\u212A', /\b/giu],
  ['😀a😀', /\b/gu],
];
for (const [s, re] of cases) {
  const all = [...s.matchAll(re)].map((m) => [m.index, m[0]]);
  const once = first(new RegExp(re.source, re.flags.replace('g', '')), s);
  show(`${JSON.stringify(s)} ${re}`, all);
  if (JSON.stringify(once) !== JSON.stringify(all[0] ?? null)) show('  first match differs without g', once);
}

// The brief's own cases, as code would write them.
show('replace', 'éfoo'.replace(/\bfoo/g, 'X'));
show('lookahead', [/\bfoo(?=!)/.test('éfoo!'), /\bfoo(?=!)/.test('afoo!'), /(?<=é)\bfoo/.test('éfoo')]);
show('split', 'café-au-lait'.split(/\b/));
show('words', 'déjà vu, naïve résumé'.replace(/\b(\w)/g, (c) => c.toUpperCase()));

// Sticky and lastIndex matches.
const y = /\w+\b/y;
y.lastIndex = 1;
show('sticky', [y.exec('éab cd')?.[0], y.lastIndex]);
const g = /!+\B/g;
g.lastIndex = 2;
show('lastIndex', [g.exec('é!!!!a')?.[0], g.lastIndex]);
