const { Transform, PassThrough, Duplex, Writable, Readable, Stream } = require('node:stream');

console.log(typeof Stream, Stream === require('stream'), new PassThrough() instanceof Stream);
const upper = new Transform({
  transform(chunk, enc, cb) {
    cb(null, chunk.toString().toUpperCase());
  },
  flush(cb) {
    this.push('!');
    cb();
  },
});
const out = [];
const sink = new Writable({
  write(c, e, cb) { out.push(c.toString()); cb(); },
});
sink.on('finish', () => console.log('sink', out.join('')));
Readable.from(['hello ', 'world']).pipe(upper).pipe(new PassThrough()).pipe(sink);

// object-mode transform
const double = new Transform({
  objectMode: true,
  transform(n, enc, cb) { this.push(n * 2); cb(); },
});
const nums = [];
double.on('data', (n) => nums.push(n));
double.on('end', () => console.log('double', nums));
[1, 2, 3].forEach((n) => double.write(n));
double.end();

// Duplex with separate sides
const d = new Duplex({
  read() { this.push('from-read'); this.push(null); },
  write(c, e, cb) { console.log('duplex got', c.toString()); cb(); },
});
d.on('data', (c) => console.log('duplex data', c.toString()));
d.write('to-write');
d.end();
d.on('finish', () => console.log('duplex finish'));

// errors
const bad = new Transform({
  transform(c, e, cb) { cb(new Error('boom')); },
});
bad.on('error', (err) => console.log('error event', err.message, bad.destroyed));
bad.write('x');

const w = new Writable({ write(c, e, cb) { cb(); } });
w.end();
w.write('late', (err) => console.log('write after end cb', err && err.code));
w.on('error', (err) => console.log('write after end', err.code, err.message));
