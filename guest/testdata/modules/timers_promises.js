const tp = require('node:timers/promises');
const { setTimeout: sleep, setImmediate: immediate, setInterval: every } = tp;
const fail = (label) => (e) => console.log(label, e.name, e.code, e.message, e.cause === undefined ? '' : String(e.cause));
(async () => {
  console.log('timeout', await sleep(5, 'value'));
  console.log('timeout undefined', await sleep(1));
  console.log('immediate', await immediate('imm'));
  const order = [];
  await Promise.all([sleep(20).then(() => order.push('20')), sleep(1).then(() => order.push('1')), immediate().then(() => order.push('imm'))]);
  console.log('order', order.join());
  const ac = new AbortController();
  const p = sleep(10000, 'never', { signal: ac.signal });
  ac.abort();
  await p.catch(fail('aborted'));
  const ac2 = new AbortController();
  ac2.abort('why');
  await sleep(1, 'x', { signal: ac2.signal }).catch(fail('pre-aborted'));
  await immediate('x', { signal: ac2.signal }).catch(fail('pre-aborted immediate'));
  await sleep(1, 'x', 'opts').catch(fail('bad options'));
  await sleep(1, 'x', { signal: {} }).catch(fail('bad signal'));
  await sleep(1, 'x', { ref: 1 }).catch(fail('bad ref'));
  console.log('unref', (await Promise.all([sleep(1, 'ok', { ref: false }), sleep(5)]))[0]);
  let n = 0;
  for await (const v of every(2, 'tick')) {
    console.log('interval', v, ++n);
    if (n === 3) break;
  }
  const ac3 = new AbortController();
  let m = 0;
  try {
    for await (const v of every(2, 'x', { signal: ac3.signal })) {
      if (++m === 2) ac3.abort(new Error('stop'));
    }
  } catch (e) { fail('interval aborted')(e); }
  console.log('interval count', m);
  const it = every(1, 'manual');
  console.log(typeof it.next, typeof it.return);
  console.log(JSON.stringify(await it.next()), JSON.stringify(await it.return('r')), JSON.stringify(await it.next()));
  await every(1, 'x', { signal: ac2.signal }).next().catch(fail('interval pre-aborted'));
  await tp.scheduler.wait(1);
  console.log('scheduler', typeof tp.scheduler.yield, await tp.scheduler.yield());
  console.log('done');
})();
