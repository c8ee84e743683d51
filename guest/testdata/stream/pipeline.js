const { pipeline, finished, Readable, Writable, Transform, PassThrough } = require('stream');
const sp = require('stream/promises');

console.log(sp === require('stream').promises, typeof sp.pipeline, typeof sp.finished);

const collected = [];
pipeline(
  Readable.from(['a', 'b', 'c']),
  new Transform({ transform(c, e, cb) { cb(null, c + c); } }),
  new Writable({ write(c, e, cb) { collected.push(c.toString()); cb(); } }),
  (err) => console.log('pipeline done', err, collected.join(','))
);

pipeline(
  new Readable({ read() { this.destroy(new Error('source failed')); } }),
  new PassThrough(),
  (err) => console.log('pipeline error', err.message)
);

const r = new Readable({ read() {} });
finished(r, (err) => console.log('finished', err ? err.code : 'ok'));
r.resume();
r.push('x');
r.push(null);

const r2 = new Readable({ read() {} });
finished(r2, (err) => console.log('premature', err.code, err.message));
r2.destroy();

(async () => {
  const parts = [];
  await sp.pipeline(
    Readable.from([1, 2, 3]),
    new Transform({ objectMode: true, transform(n, e, cb) { cb(null, String(n * 10)); } }),
    new Writable({ objectMode: true, write(c, e, cb) { parts.push(c); cb(); } })
  );
  console.log('promises pipeline', parts);
  const p = new PassThrough();
  setTimeout(() => p.end('bye'), 1);
  p.resume();
  await sp.finished(p);
  console.log('promises finished');
  try {
    await sp.pipeline(Readable.from(['x']), new Writable({ write(c, e, cb) { cb(new Error('sink failed')); } }));
  } catch (e) {
    console.log('rejected', e.message);
  }
})();
