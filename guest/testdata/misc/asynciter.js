// Symbol.asyncIterator is a real well-known symbol: lowered for await and
// async generators use it, and so do streams, readline and timers/promises.
const { Readable, PassThrough } = require('stream');
const readline = require('readline');
const { setInterval: every } = require('timers/promises');

const d = Object.getOwnPropertyDescriptor(Symbol, 'asyncIterator');
console.log(typeof Symbol.asyncIterator, String(Symbol.asyncIterator), Symbol.asyncIterator.description);
console.log(d.writable, d.enumerable, d.configurable, Symbol.keyFor(Symbol.asyncIterator));
console.log(Symbol.asyncIterator === Symbol.for('Symbol.asyncIterator'));
console.log(typeof Readable.prototype[Symbol.asyncIterator]);

async function* gen(n) {
  for (let i = 0; i < n; i++) {
    await null;
    yield 'g' + i;
  }
}

// Hand-written async iterable, keyed by the real symbol.
const countdown = {
  [Symbol.asyncIterator]() {
    let n = 3;
    return {
      next: () => Promise.resolve(n > 0 ? { value: n--, done: false } : { value: undefined, done: true }),
      return: () => { console.log('countdown return'); return Promise.resolve({ done: true }); },
    };
  },
};

(async () => {
  const g = gen(2);
  console.log('generator is its own async iterator', g[Symbol.asyncIterator]() === g);
  const out = [];
  for await (const x of gen(3)) out.push(x);
  console.log('async generator', out);

  const seen = [];
  for await (const n of countdown) seen.push(n);
  console.log('hand-written', seen);
  for await (const n of countdown) { console.log('first', n); break; }

  const sync = [];
  for await (const v of [Promise.resolve('p'), 's']) sync.push(v);
  console.log('sync iterable', sync);

  const chunks = [];
  for await (const c of Readable.from(gen(3))) chunks.push(c);
  console.log('Readable.from(async generator)', chunks);

  const fromHand = [];
  for await (const c of Readable.from(countdown)) fromHand.push(c);
  console.log('Readable.from(hand-written)', fromHand);

  const p = new PassThrough();
  p.write('a');
  p.end('b');
  let s = '';
  for await (const c of p) s += c;
  console.log('passthrough', s);

  // Without for await: the iterator object straight from the symbol.
  const r = Readable.from(['x', 'y']);
  const it = r[Symbol.asyncIterator]();
  console.log('manual', await it.next(), await it.next(), await it.next());

  const rl = readline.createInterface({ input: Readable.from(['l1\nl2\n', 'l3']) });
  const lines = [];
  for await (const line of rl) lines.push(line);
  console.log('readline', lines);

  let ticks = 0;
  for await (const v of every(1, 'tick')) {
    if (++ticks === 3) { console.log('timers/promises', v, ticks); break; }
  }

  try {
    for await (const x of { [Symbol.asyncIterator]: 5 }) console.log(x);
  } catch (e) {
    console.log(e.constructor.name);
  }
})();
