// Collator options and String.prototype.localeCompare.
const words = ['résumé', 'resume', 'Resume', 'RÉSUMÉ', 'apple', 'Äpfel', 'zebra', 'Zürich', 'item10', 'item2', 'item1', 'a', 'B', 'b', 'A', 'ä', 'z', 'école', 'eclair', 'Ölfass', 'öl', 'ol'];
const sorted = (o, l = 'en') => [...words].sort(new Intl.Collator(l, o).compare).join(' ');
console.log(sorted(undefined));
console.log(sorted({ numeric: true }));
console.log(sorted({ sensitivity: 'base' }));
console.log(sorted({ caseFirst: 'upper' }));
console.log(sorted(undefined, 'de'));
console.log(sorted(undefined, 'fr'));
console.log(sorted(undefined, 'es'));
const pairs = [['a', 'b'], ['a', 'A'], ['a', 'á'], ['a', 'a'], ['resume', 'résumé'], ['Resume', 'resume'], ['item2', 'item10'], ['', 'a'], ['ß', 'ss'], ['a-b', 'ab']];
for (const s of ['base', 'accent', 'case', 'variant']) {
  const c = new Intl.Collator('en', { sensitivity: s });
  console.log(s, pairs.map(([x, y]) => c.compare(x, y)).join(' '));
}
const np = new Intl.Collator('en', { numeric: true });
console.log(pairs.map(([x, y]) => np.compare(x, y)).join(' '), ['10', '9', '2', '1', '100'].sort(np.compare).join(' '));
console.log('a'.localeCompare('b'), 'b'.localeCompare('a'), 'a'.localeCompare('a'), 'a'.localeCompare('A'), 'ä'.localeCompare('z', 'de'));
console.log('a'.localeCompare('A', undefined, { sensitivity: 'base' }), 'item2'.localeCompare('item10', undefined, { numeric: true }), ['b', 'a', 'C', 'c', 'B', 'A'].sort((x, y) => x.localeCompare(y)).join(''));
console.log(JSON.stringify(new Intl.Collator('de', { numeric: true, caseFirst: 'upper', sensitivity: 'accent' }).resolvedOptions()));
console.log(JSON.stringify(new Intl.Collator('en-US-u-kn-true').resolvedOptions()), JSON.stringify(new Intl.Collator().resolvedOptions()));
console.log(Intl.Collator.supportedLocalesOf(['en', 'de-CH', 'tlh']), typeof new Intl.Collator().compare, new Intl.Collator().compare.length, Intl.Collator('ja') instanceof Intl.Collator);
