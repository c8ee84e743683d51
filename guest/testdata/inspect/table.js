// console.table.
console.table([{ a: 1, b: 'x' }, { a: 2, c: true }]);
console.table([1, 'two', { three: 3 }]);
console.table({ row1: { col: 1 }, row2: { col: 2, other: [1, 2, 3, 4] } });
console.table([{ a: 1, b: 2 }, { a: 3, b: 4 }], ['a']);
console.table([[1, 2], [3, 4, 5]]);
console.table(new Map([['k1', { v: 1 }], ['k2', 'str']]));
console.table(new Set(['s1', 's2']));
console.table(new Map([[1, 2]]).entries());
console.table(new Set([3]).values());
console.table('not tabular');
console.table(42);
console.table(null);
console.table([]);
console.table({});
console.table([{ 'é': 'ü', wide: '日本' }]);
console.table([{ nested: { a: 1, b: 2, c: 3 } }, { nested: { a: 1 } }]);
console.table([{ 2: 'b', 1: 'a', z: 'z' }]);
try { console.table([], 'x'); } catch (e) { console.log(e.code, e.message); }
