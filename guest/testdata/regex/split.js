// String.prototype.split and replace with regexes that match empty strings,
// with and without u (the engine's global match keeps JS's empty matches).
const show = (label, v) => console.log(label, JSON.stringify(v));
for (const [s, re] of [['abc', /b*/], ['a,b,', /,*/], ['abc', /(b)*/], ['test', /(?:)/], ['aXbX', /X*/], ['aXXb', /X*/], ['aXbX', /(X)*/], ['éXé', /X*/u], ['😀X😀', /X*/u], ['', /x*/], ['ab', /$/], ['ab', /^/m], ['a\nb', /$/m], ['abab', /(?=b)/], ['ababX', /b*/y]]) {
  show(String(re) + ' ' + s, s.split(re));
}
show('limit', 'a1b2c3'.split(/\d/, 2));
show('replace empties', ['abc'.replace(/x*/g, '-'), 'abc'.replace(/b*/g, '-'), 'é😀'.replace(/(?:)/gu, '-'), 'é😀'.replace(/(?:)/g, '-').length]);
show('match empties', ['aaa'.match(/a*?/g), 'aaa'.match(/a|/g), 'baaac'.match(/a*/g)]);
show('sticky global 2', 'aab'.replace(/a*/gy, '-'));
show('sticky global 3', 'baa'.match(/a*/gy));
show('sticky global 4', 'aéb'.match(/a*/gyu));
show('sticky global 5', 'aab'.match(/(?:)/gy));
show('sticky global 6', 'aéb'.match(/a*/gy));
show('sticky global 7', 'éaa😀'.match(/a*/gy));
show('sticky global 8', 'é😀a'.match(/(?:)/gyu));
show('sticky global 9', 'x😀a'.replace(/a*/gyu, '-'));
show('sticky global 10', '😀a'.match(/(?=a)|a/gyu));
