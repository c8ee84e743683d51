const dc = require('diagnostics_channel');
const { AsyncLocalStorage } = require('async_hooks');
console.log(Object.keys(dc).join(','), require('node:diagnostics_channel') === dc);

const ch = dc.channel('my-channel');
console.log(ch.name, ch.hasSubscribers, ch instanceof dc.Channel, dc.channel('my-channel') === ch, dc.hasSubscribers('my-channel'), dc.hasSubscribers('nope'));
ch.publish({ dropped: true });
const seen = [];
function onMessage(message, name) { seen.push([name, JSON.stringify(message)]); }
ch.subscribe(onMessage);
console.log(ch.hasSubscribers, dc.hasSubscribers('my-channel'), ch instanceof dc.Channel);
ch.publish({ a: 1 });
ch.publish('text');
console.log(ch.unsubscribe(onMessage), ch.unsubscribe(onMessage), ch.hasSubscribers);
ch.publish({ after: true });
console.log(JSON.stringify(seen));

// module-level subscribe/unsubscribe
const calls = [];
const fn = (m, n) => calls.push(n + ':' + m);
dc.subscribe('other', fn);
dc.channel('other').publish('x');
console.log(dc.hasSubscribers('other'), dc.unsubscribe('other', fn), dc.unsubscribe('other', fn), dc.hasSubscribers('other'), calls.join(' '));

// symbol names
const sym = Symbol('s');
const sc = dc.channel(sym);
console.log(typeof sc.name, sc.name === sym);
for (const bad of [1, null, {}, undefined]) {
  try { dc.channel(bad); } catch (e) { console.log(e.name, e.code, e.message); }
}
try { ch.subscribe('nope'); } catch (e) { console.log(e.name, e.code, e.message); }
console.log(ch.hasSubscribers);

// subscribers that unsubscribe while publishing do not disturb the loop
const c2 = dc.channel('c2');
const order = [];
const s1 = () => { order.push('s1'); c2.unsubscribe(s1); };
const s2 = () => order.push('s2');
c2.subscribe(s1); c2.subscribe(s2);
c2.publish(1); c2.publish(2);
console.log(order.join(','));

// bindStore / runStores
const als = new AsyncLocalStorage();
const c3 = dc.channel('c3');
console.log(c3.runStores({ id: 0 }, function (a, b) { return [this.t, a, b, als.getStore()].join('|'); }, { t: 'this' }, 1, 2));
c3.bindStore(als, (data) => ({ wrapped: data.id }));
console.log(c3.hasSubscribers);
const out = c3.runStores({ id: 7 }, function (a) { return JSON.stringify(als.getStore()) + ' ' + a + ' ' + this.t; }, { t: 'T' }, 'arg');
console.log(out, als.getStore());
c3.subscribe((m) => console.log('c3 message', JSON.stringify(m), JSON.stringify(als.getStore())));
c3.runStores({ id: 8 }, () => console.log('inside', JSON.stringify(als.getStore())));
console.log(c3.unbindStore(als), c3.unbindStore(als), c3.hasSubscribers);
const plain = { run(ctx, f) { console.log('plain store run', JSON.stringify(ctx)); return f(); } };
c3.bindStore(plain);
c3.runStores({ id: 9 }, () => console.log('body'));

// tracingChannel
const tc = dc.tracingChannel('op');
console.log(['start', 'end', 'asyncStart', 'asyncEnd', 'error'].map((k) => tc[k].name).join(','), tc.hasSubscribers);
console.log(tc.start === dc.channel('tracing:op:start'));
const log = [];
const handlers = {
  start(m) { log.push('start ' + JSON.stringify(m)); },
  end(m) { log.push('end ' + JSON.stringify(m)); },
  asyncStart(m) { log.push('asyncStart ' + JSON.stringify(m)); },
  asyncEnd(m) { log.push('asyncEnd ' + JSON.stringify(m)); },
  error(m) { log.push('error ' + m.error.message); },
};
console.log(tc.traceSync(() => 'untraced'));
tc.subscribe(handlers);
console.log(tc.hasSubscribers);
console.log(tc.traceSync(function (x) { return x * 2 + this.k; }, { n: 1 }, { k: 1 }, 20));
try { tc.traceSync(() => { throw new Error('boom'); }, { n: 2 }); } catch (e) { log.push('caught ' + e.message); }
tc.traceCallback(function (a, cb) { cb(null, a + 1); }, -1, { n: 3 }, undefined, 41, (err, res) => log.push('cb ' + err + ' ' + res));
tc.traceCallback(function (cb, a) { cb(new Error('cberr')); }, 0, { n: 4 }, undefined, (err) => log.push('cb2 ' + err.message), 1);
try { tc.traceCallback(() => {}, 0, {}, undefined, 'notfn'); } catch (e) { log.push(e.code + ' ' + e.message); }
const p1 = tc.tracePromise(async (v) => v + '!', { n: 5 }, undefined, 'ok');
const p2 = tc.tracePromise(() => Promise.reject(new Error('rej')), { n: 6 });
const p3 = tc.tracePromise(() => 'notapromise', { n: 7 });
Promise.allSettled([p1, p2, p3]).then((r) => {
  console.log(JSON.stringify(r.map((x) => x.status + ':' + (x.value || x.reason.message))));
  console.log(log.join('\n'));
  console.log(tc.unsubscribe(handlers), tc.unsubscribe(handlers), tc.hasSubscribers);
  const t2 = dc.tracingChannel({ start: dc.channel('a'), end: dc.channel('b'), asyncStart: dc.channel('c'), asyncEnd: dc.channel('d'), error: dc.channel('e') });
  console.log(t2.start.name, t2.error.name);
  try { dc.tracingChannel({ start: dc.channel('a') }); } catch (e) { console.log(e.name, e.code, e.message); }
  try { dc.tracingChannel(5); } catch (e) { console.log(e.name, e.code, e.message); }
});
