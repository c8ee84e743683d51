// async (caolan): control flow with callbacks and promises, timers included.
const async = require('async');

const sleep = (ms, v) => new Promise((r) => setTimeout(() => r(v), ms));
(async () => {
  console.log(await async.mapLimit([30, 10, 20], 2, async (ms) => sleep(ms, ms * 2)));
  console.log(await async.series([async () => 1, async () => sleep(5, 2)]));
  console.log(await async.parallel({ a: async () => sleep(10, 'A'), b: async () => 'B' }));
  console.log(await async.filter([1, 2, 3, 4, 5], async (n) => n % 2));
  console.log(await async.reduce([1, 2, 3], 0, async (acc, n) => acc + n));
  console.log(await async.waterfall([(cb) => cb(null, 1, 2), (a, b, cb) => cb(null, a + b), (c, cb) => cb(null, c * 10)]));
  const order = [];
  // A task takes n turns of the event loop, so the order holds however slow the machine is.
  const turns = (n, cb) => (n === 0 ? cb() : setImmediate(() => turns(n - 1, cb)));
  const q = async.queue((task, cb) => { order.push('start ' + task); turns(task, () => { order.push('end ' + task); cb(); }); }, 2);
  q.push([6, 1, 2]);
  await q.drain();
  console.log(order);
  let n = 0;
  console.log(await async.retry({ times: 5, interval: 1 }, async () => { n++; if (n < 3) throw new Error('again'); return n; }));
  try {
    await async.eachSeries([1, 2, 3], async (x) => { if (x === 2) throw new Error('stop at ' + x); });
  } catch (e) {
    console.log(e.message);
  }
  console.log(await async.auto({ a: async () => 1, b: ['a', async (r) => r.a + 1], c: ['a', 'b', async (r) => r.a + r.b] }));
  async.times(3, (i, cb) => cb(null, i * i), (err, r) => console.log('times', err, r));
})();
