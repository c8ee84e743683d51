// Segmenter: graphemes (combining marks, emoji sequences, flags), words
// with isWordLike, sentences, containing(), and the iterator protocol.
const show = (gran, s, l = 'en') => {
  const seg = new Intl.Segmenter(l, { granularity: gran }).segment(s);
  console.log(gran, JSON.stringify([...seg].map((x) => gran === 'word' ? [x.segment, x.index, x.isWordLike] : [x.segment, x.index])));
};
show('grapheme', 'héllo');
show('grapheme', 'e\u0301a\u0308');
show('grapheme', '👨‍👩‍👧‍👦👍🏽🇫🇷🇯🇵x');
show('grapheme', '한국어\r\n!');
show('word', 'Hello, world! It\'s 3.14 o\'clock... e-mail: a@b.co');
show('word', 'Grüße aus Köln, 2026.');
show('word', 'l\'homme et l’été');
show('sentence', 'Hello there. How are you? I am fine! Mr. Smith said "no." Then left.');
show('sentence', 'Erster Satz. Zweiter Satz!');
const segs = new Intl.Segmenter('en', { granularity: 'word' }).segment('The quick brown fox');
console.log(JSON.stringify(segs.containing(5)), JSON.stringify(segs.containing(0)), JSON.stringify(segs.containing(19)), JSON.stringify(segs.containing(-1)), JSON.stringify(segs.containing(3)));
const g = new Intl.Segmenter().segment('a👍b');
console.log(JSON.stringify(g.containing(2)), JSON.stringify(g.containing(1)), [...g].length, 'a👍b'.length);
const it = g[Symbol.iterator]();
console.log(JSON.stringify(it.next()), Object.prototype.toString.call(it), typeof it[Symbol.iterator]);
let n = 0;
for (const s of new Intl.Segmenter('en', { granularity: 'word' }).segment('one two three')) if (s.isWordLike) n++;
console.log(n, JSON.stringify(new Intl.Segmenter('fr', { granularity: 'sentence' }).resolvedOptions()), JSON.stringify(new Intl.Segmenter().resolvedOptions()));
console.log([...new Intl.Segmenter().segment('')].length, [...new Intl.Segmenter().segment(12345)].map((s) => s.segment).join(','));
