// zlib: round trips, Node-made fixtures, errors with Node's messages and codes.
const zlib = require('node:zlib');
const show = (label, f) => {
  try { const r = f(); console.log(label, Buffer.isBuffer(r) ? r.toString() : r); }
  catch (e) { console.log(label, e.name, e.code, e.errno, e.message); }
};
const text = 'hello world '.repeat(50) + 'ünïcödé ✓';
for (const [c, d] of [['gzipSync', 'gunzipSync'], ['deflateSync', 'inflateSync'], ['deflateRawSync', 'inflateRawSync'], ['gzipSync', 'unzipSync'], ['deflateSync', 'unzipSync']]) {
  for (const level of [undefined, 0, 1, 9]) {
    const z = zlib[c](text, { level });
    console.log(c, d, level, zlib[d](z).toString() === text, z.length < 700 || level === 0);
  }
}
console.log('huffman', zlib.inflateSync(zlib.deflateSync(text, { strategy: zlib.constants.Z_HUFFMAN_ONLY })).toString() === text);
const bytes = new Uint8Array(256).map((_, i) => i);
console.log('typed', zlib.gunzipSync(zlib.gzipSync(bytes)).equals(Buffer.from(bytes)));
console.log('arraybuffer', zlib.inflateRawSync(zlib.deflateRawSync(bytes.buffer)).length);
console.log('dataview', zlib.inflateSync(zlib.deflateSync(new DataView(bytes.buffer, 10, 20))).toString('hex'));
console.log('empty', zlib.gunzipSync(zlib.gzipSync('')).length, zlib.inflateSync(zlib.deflateSync(Buffer.alloc(0))).length);
// Made by Node 20: gzip, deflate level 9, deflateRaw, a gzip with a file name.
show('fixture gzip', () => zlib.gunzipSync(Buffer.from('H4sIAAAAAAAAA8tIzcnJBwCGphA2BQAAAA==', 'base64')));
show('fixture deflate', () => zlib.inflateSync(Buffer.from('eNrLSM3JyQcABiwCFQ==', 'base64')));
show('fixture raw', () => zlib.inflateRawSync(Buffer.from('y0jNyckHAA==', 'base64')));
show('fixture unzip', () => zlib.unzipSync(Buffer.from('eNrLSM3JyQcABiwCFQ==', 'base64')));
show('fixture fname', () => zlib.gunzipSync(Buffer.from('H4sICAAAAAAAA2EudHh0AMtIzcnJBwCGphA2BQAAAA==', 'base64')));
const gz = zlib.gzipSync('hello world');
show('concat', () => zlib.gunzipSync(Buffer.concat([gz, gz])));
show('trailing zeros', () => zlib.gunzipSync(Buffer.concat([gz, Buffer.alloc(3)])));
show('trailing junk', () => zlib.gunzipSync(Buffer.concat([gz, Buffer.from('junk')])));
show('garbage gunzip', () => zlib.gunzipSync(Buffer.from('garbage')));
show('garbage inflate', () => zlib.inflateSync(Buffer.from('garbage')));
show('garbage raw', () => zlib.inflateRawSync(Buffer.from('garbage')));
show('truncated', () => zlib.gunzipSync(gz.subarray(0, gz.length - 3)));
const bad = Buffer.from(gz); bad[bad.length - 5] ^= 1;
show('bad crc', () => zlib.gunzipSync(bad));
const bad2 = Buffer.from(gz); bad2[bad2.length - 1] ^= 1;
show('bad length', () => zlib.gunzipSync(bad2));
const df = zlib.deflateSync('hello world'); const bad3 = Buffer.from(df); bad3[bad3.length - 1] ^= 1;
show('bad adler', () => zlib.inflateSync(bad3));
show('short inflate', () => zlib.inflateSync(df.subarray(0, 5)));
show('empty gunzip', () => zlib.gunzipSync(Buffer.alloc(0)));
show('empty unzip', () => zlib.unzipSync(Buffer.alloc(0)));
show('one byte unzip', () => zlib.unzipSync(Buffer.from('x')));
show('partial sync flush', () => zlib.gunzipSync(zlib.gzipSync('abc').subarray(0, 12), { finishFlush: zlib.constants.Z_SYNC_FLUSH }));
show('window', () => zlib.inflateSync(zlib.deflateSync('a'), { windowBits: 9 }));
show('maxOutputLength', () => zlib.gunzipSync(zlib.gzipSync('x'.repeat(100)), { maxOutputLength: 10 }));
show('maxOutputLength exact', () => zlib.gunzipSync(zlib.gzipSync('x'.repeat(10)), { maxOutputLength: 10 }));
const dict = Buffer.from('hello world');
show('dict', () => zlib.inflateSync(zlib.deflateSync('hello hello world', { dictionary: dict }), { dictionary: dict }));
show('raw dict', () => zlib.inflateRawSync(zlib.deflateRawSync('hello hello world', { dictionary: dict }), { dictionary: dict }));
show('missing dict', () => zlib.inflateSync(zlib.deflateSync('hello', { dictionary: dict })));
show('bad dict', () => zlib.inflateSync(zlib.deflateSync('hello', { dictionary: dict }), { dictionary: Buffer.from('x') }));
show('bad input', () => zlib.gzipSync(123));
show('bad input2', () => zlib.gunzipSync({}));
show('level 10', () => zlib.gzipSync('a', { level: 10 }));
show('level x', () => zlib.gzipSync('a', { level: 'x' }));
show('level inf', () => zlib.gzipSync('a', { level: Infinity }));
show('level nan', () => zlib.gunzipSync(zlib.gzipSync('a', { level: NaN })));
show('window 8 gzip', () => zlib.gzipSync('a', { windowBits: 8 }));
show('window 16', () => zlib.deflateSync('a', { windowBits: 16 }));
show('memLevel', () => zlib.gzipSync('a', { memLevel: 10 }));
show('strategy', () => zlib.gzipSync('a', { strategy: 5 }));
show('maxOutputLength 0', () => zlib.gzipSync('a', { maxOutputLength: 0 }));
show('chunkSize', () => zlib.gzipSync('a', { chunkSize: 10 }));
show('finishFlush', () => zlib.gzipSync('a', { finishFlush: 9 }));
show('dictionary type', () => zlib.deflateSync('a', { dictionary: 'x' }));
show('no callback', () => zlib.gzip('a'));
show('bad callback', () => zlib.gzip('a', {}, 3));
show('info', () => { const r = zlib.gzipSync('a', { info: true }); return Buffer.isBuffer(r.buffer) && zlib.gunzipSync(r.buffer).toString(); });
console.log('crc32', zlib.crc32('hello'), zlib.crc32('world', 12345), zlib.crc32(Buffer.from('abc')), zlib.crc32(''));
console.log('constants', zlib.constants.Z_BEST_COMPRESSION, zlib.constants.Z_SYNC_FLUSH, zlib.constants.Z_DATA_ERROR, zlib.constants.GZIP, zlib.Z_OK, zlib.Z_BUF_ERROR);
console.log('codes', zlib.codes.Z_DATA_ERROR, zlib.codes['-5'], zlib.codes.Z_NEED_DICT);
zlib.gunzip(Buffer.from('zz'), (e, r) => console.log('cb error', e.code, e.errno, e.message, r));
zlib.gzip('hi', (e, r) => console.log('cb gzip', e, zlib.gunzipSync(r).toString()));
zlib.deflate('opts', { level: 1 }, (e, r) => zlib.inflate(r, (e2, r2) => console.log('cb nested', e, e2, r2.toString())));
zlib.unzip(gz, (e, r) => console.log('cb unzip', e, r.toString()));
require('util').promisify(zlib.gunzip)(gz).then((r) => console.log('promisified', r.toString()));
console.log('sync end');
