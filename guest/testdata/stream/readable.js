const { Readable, Writable } = require('stream');

// push-based Readable with read()
let n = 0;
const r = new Readable({
  read() {
    n++;
    if (n <= 3) this.push('chunk' + n);
    else this.push(null);
  },
});
const got = [];
r.on('data', (d) => got.push(Buffer.isBuffer(d) ? 'buf:' + d.toString() : d));
r.on('end', () => console.log('end', got.join(',')));

// object mode
const o = new Readable({ objectMode: true, read() {} });
o.push({ a: 1 });
o.push([2, 3]);
o.push(null);
o.on('data', (d) => console.log('obj', JSON.stringify(d)));
o.on('end', () => console.log('obj end', o.readableObjectMode, o.readableEnded));

// Readable.from an array and setEncoding
Readable.from(['x', 'y', 'z']).on('data', (d) => console.log('from', d));
const e = new Readable({ read() {} });
e.setEncoding('utf8');
const euro = Buffer.from('€');
e.push(euro.subarray(0, 1));
e.push(euro.subarray(1));
e.push(null);
e.on('data', (d) => console.log('enc', typeof d, d));

// paused mode: read(n)
const p = new Readable({ read() {} });
p.push('abcdef');
p.push(null);
p.once('readable', () => {
  console.log('read2', String(p.read(2)), 'rest', String(p.read()));
});

// backpressure: highWaterMark and drain
const chunks = [];
const w = new Writable({
  highWaterMark: 4,
  write(chunk, enc, cb) {
    chunks.push(chunk.toString());
    setTimeout(cb, 1);
  },
});
console.log('write1', w.write('ab'), w.writableLength);
console.log('write2', w.write('cd'), w.writableLength, w.writableNeedDrain);
w.on('drain', () => {
  console.log('drain', chunks.join('|'));
  w.end('ef', () => console.log('finished', chunks.join('|'), w.writableFinished));
});
console.log('hwm', w.writableHighWaterMark, new Readable().readableHighWaterMark, new Readable({ objectMode: true }).readableHighWaterMark);
