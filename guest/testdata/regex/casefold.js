// Case-insensitive matching of non-ASCII text, with and without u.
const show = (label, v) => console.log(label, JSON.stringify(v));

show('latin', [/é/iu.test('É'), /É/i.test('é'), /straße/iu.test('STRAßE'), /ÿ/iu.test('Ÿ')]);
show('greek', [/σ/iu.test('Σ'), /σ/iu.test('ς'), /ς/i.test('Σ'), /Ω/iu.test('ω')]);
show('cyrillic', 'Привет МИР'.match(/[а-я]+/giu));
show('kelvin u', [/\u212a/iu.test('k'), /k/iu.test('\u212a'), /\u017f/iu.test('s')]);
show('class', 'ÀÉÎõü'.replace(/[à-ÿ]/giu, '.'));
show('astral', [/𐐀/iu.test('𐐨'), /[𐐀-𐐏]/iu.test('𐐨')]);
show('property', ['aBc'.match(/\p{Ll}/giu), /\p{Lt}/iu.test('ǆ')]);
show('backreference', /(\w+é) \1/iu.exec('CAFé café')[0]);
show('sticky', (() => { const re = /é/iyu; return [re.test('Éé'), re.lastIndex, re.test('Éé'), re.lastIndex]; })());
