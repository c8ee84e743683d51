// fuse.js: fuzzy search.
const Fuse = require('fuse.js');

const books = [
  { title: "Old Man's War", author: { name: 'John Scalzi', tags: ['sf'] } },
  { title: 'The Lock Artist', author: { name: 'Steve Hamilton', tags: ['thriller'] } },
  { title: 'HTML5', author: { name: 'Remy Sharp', tags: ['web'] } },
  { title: 'Right Ho Jeeves', author: { name: 'P.D. Woodhouse', tags: ['humor'] } },
  { title: 'The Code of the Wooster', author: { name: 'P.D. Woodhouse', tags: ['humor'] } },
];
const fuse = new Fuse(books, { keys: ['title', 'author.name'], includeScore: true, includeMatches: true, threshold: 0.4 });
for (const q of ['jon', 'woodhose', 'lock', 'wooster code']) {
  console.log(q, JSON.stringify(fuse.search(q).map((r) => [r.item.title, r.score.toFixed(4), r.matches.map((m) => m.key)])));
}
const ext = new Fuse(books, { keys: ['title', 'author.tags'], useExtendedSearch: true });
console.log(ext.search("'Man | ^The").map((r) => r.item.title));
console.log(ext.search({ 'author.tags': '=humor' }).length);
console.log(new Fuse(['apple', 'apply', 'ape', 'maple']).search('appl').map((r) => r.item));
