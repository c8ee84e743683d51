// slugify: URL slugs with transliteration.
const slugify = require('slugify');

for (const s of ['Hello World!', 'Ünïcödé & Spëcial ©harß', 'some_string--with   spaces', 'Привет мир', '€100 > $5 | 50%', '  Trim me  ']) {
  console.log(JSON.stringify(slugify(s)), JSON.stringify(slugify(s, { lower: true, strict: true })));
}
console.log(slugify('a.b/c', { replacement: '_', remove: /[.]/g }), slugify('Ä Ö', { locale: 'de' }), slugify('ü', { locale: 'xx' }));
slugify.extend({ '☢': 'radioactive' });
console.log(slugify('unicode ♥ is ☢'));
