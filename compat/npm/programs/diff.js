// diff (jsdiff): text diffs and unified patches.
const Diff = require('diff');

const a = 'the quick brown fox\njumps over\nthe lazy dog\n';
const b = 'the quick red fox\njumps over\nthe very lazy dog\nand runs\n';
console.log(Diff.diffWords('the quick brown fox', 'the slow brown cat').map((p) => (p.added ? '+' : p.removed ? '-' : '=') + p.value).join('|'));
console.log(Diff.diffChars('kitten', 'sitting').map((p) => (p.added ? '+' : p.removed ? '-' : '=') + p.value).join('|'));
console.log(Diff.diffLines(a, b).map((p) => [p.added, p.removed, p.count]));
const patch = Diff.createTwoFilesPatch('a.txt', 'b.txt', a, b, 'old', 'new');
console.log(patch);
console.log(Diff.applyPatch(a, patch) === b);
console.log(Diff.parsePatch(patch)[0].hunks.length, Diff.diffArrays([1, 2, 3], [1, 3, 4]).map((p) => p.value));
console.log(JSON.stringify(Diff.diffJson({ a: 1, b: [1, 2] }, { a: 2, b: [1, 2] })));
console.log(Diff.diffSentences('One. Two. Three.', 'One. Deux. Three.').filter((p) => p.added || p.removed).map((p) => p.value));
