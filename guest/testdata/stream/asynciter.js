const { Readable, PassThrough } = require('stream');

async function* gen() {
  yield 'one';
  await null;
  yield 'two';
}

(async () => {
  const seen = [];
  for await (const chunk of Readable.from(gen())) seen.push(chunk);
  console.log('from async generator', seen);

  const p = new PassThrough();
  p.write('a');
  p.end('b');
  let s = '';
  for await (const c of p) s += c;
  console.log('iterate passthrough', s);

  const obj = Readable.from([{ k: 1 }, { k: 2 }, { k: 3 }]);
  for await (const o of obj) {
    console.log('obj', o.k);
    if (o.k === 2) break;
  }
  console.log('destroyed after break', obj.destroyed);

  const arr = await Readable.from([1, 2, 3, 4]).filter((x) => x % 2 === 0).map((x) => x * 10).toArray();
  console.log('operators', arr);
})();
