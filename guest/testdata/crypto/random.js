// The random functions: shapes, lengths, ranges, formats, and Node's errors.
// Values are random, so only their properties are printed.
const crypto = require('crypto');

function show(label, f) {
  try {
    console.log(label, f());
  } catch (e) {
    console.log(label, 'threw', e.name, e.code, JSON.stringify(e.message),
      e instanceof TypeError, e instanceof RangeError, e instanceof Error);
  }
}
const uuidV4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

// randomBytes
show('randomBytes(16)', () => { const b = crypto.randomBytes(16); return [Buffer.isBuffer(b), b.length]; });
show('randomBytes(0)', () => crypto.randomBytes(0).length);
show('randomBytes(1.5)', () => crypto.randomBytes(1.5).length);
show('randomBytes differ', () => crypto.randomBytes(32).equals(crypto.randomBytes(32)));
show('randomBytes(-1)', () => crypto.randomBytes(-1));
show('randomBytes(NaN)', () => crypto.randomBytes(NaN));
show('randomBytes(2**31)', () => crypto.randomBytes(2 ** 31));
show('randomBytes(2**40)', () => crypto.randomBytes(2 ** 40));
show('randomBytes("a")', () => crypto.randomBytes('a'));
show('randomBytes(4, 5)', () => crypto.randomBytes(4, 5));

// randomFillSync
show('randomFillSync(Buffer)', () => { const b = Buffer.alloc(64); return [crypto.randomFillSync(b) === b, b.some((x) => x !== 0)]; });
show('randomFillSync offset', () => { const b = Buffer.alloc(64); crypto.randomFillSync(b, 60); return [b.subarray(0, 60).every((x) => x === 0), b.subarray(60).some((x) => x !== 0)]; });
show('randomFillSync offset size', () => { const b = Buffer.alloc(64); crypto.randomFillSync(b, 10, 40); return [b.subarray(0, 10).every((x) => x === 0), b.subarray(50).every((x) => x === 0)]; });
show('randomFillSync Uint32Array elems', () => { const b = new Uint32Array(8); crypto.randomFillSync(b, 2, 4); return [b[0], b[1], b[6], b[7], b.subarray(2, 6).some((x) => x !== 0)]; });
show('randomFillSync ArrayBuffer', () => { const b = new ArrayBuffer(16); return [crypto.randomFillSync(b) === b, new Uint8Array(b).some((x) => x !== 0)]; });
show('randomFillSync DataView', () => { const d = new DataView(new ArrayBuffer(16), 4, 8); crypto.randomFillSync(d); const u = new Uint8Array(d.buffer); return [u.subarray(0, 4).every((x) => x === 0), u.subarray(12).every((x) => x === 0)]; });
show('randomFillSync Float64Array', () => crypto.randomFillSync(new Float64Array(4)).length);
show('randomFillSync offset 1.5', () => crypto.randomFillSync(Buffer.alloc(4), 1.5).length);
show('randomFillSync([1])', () => crypto.randomFillSync([1]));
show('randomFillSync("ab")', () => crypto.randomFillSync('ab'));
show('randomFillSync offset 5', () => crypto.randomFillSync(new Uint8Array(4), 5));
show('randomFillSync offset -1', () => crypto.randomFillSync(new Uint8Array(4), -1));
show('randomFillSync offset "a"', () => crypto.randomFillSync(new Uint8Array(4), 'a'));
show('randomFillSync size 4', () => crypto.randomFillSync(new Uint8Array(4), 1, 4));
show('randomFillSync u32 size', () => crypto.randomFillSync(new Uint32Array(4), 1, 4));
show('randomFillSync size NaN', () => crypto.randomFillSync(new Uint8Array(4), 0, NaN));

// randomInt
show('randomInt(10) range', () => { for (let i = 0; i < 200; i++) { const n = crypto.randomInt(10); if (!Number.isInteger(n) || n < 0 || n >= 10) return n; } return 'ok'; });
show('randomInt(-5, -1) range', () => { for (let i = 0; i < 200; i++) { const n = crypto.randomInt(-5, -1); if (n < -5 || n >= -1) return n; } return 'ok'; });
show('randomInt(0, 1)', () => crypto.randomInt(0, 1));
show('randomInt big', () => { const n = crypto.randomInt(2 ** 48 - 1); return Number.isSafeInteger(n) && n >= 0; });
show('randomInt covers', () => { const seen = new Set(); for (let i = 0; i < 400; i++) seen.add(crypto.randomInt(3, 7)); return [...seen].sort().join(); });
show('randomInt(5, 5)', () => crypto.randomInt(5, 5));
show('randomInt(3, 1)', () => crypto.randomInt(3, 1));
show('randomInt(-1)', () => crypto.randomInt(-1));
show('randomInt(1.5)', () => crypto.randomInt(1.5));
show('randomInt(0, 2**48+1)', () => crypto.randomInt(0, 2 ** 48 + 1));
show('randomInt(2**48+1)', () => crypto.randomInt(2 ** 48 + 1));
show('randomInt(2**53)', () => crypto.randomInt(2 ** 53));
show('randomInt(-(2**53), 0)', () => crypto.randomInt(-(2 ** 53), 0));
show('randomInt("a")', () => crypto.randomInt('a'));
show('randomInt()', () => crypto.randomInt());
show('randomInt(1, 3, 5)', () => crypto.randomInt(1, 3, 5));

// randomUUID
show('randomUUID', () => { const u = crypto.randomUUID(); return [typeof u, u.length, uuidV4.test(u)]; });
show('randomUUID differ', () => crypto.randomUUID() === crypto.randomUUID());
show('randomUUID many', () => { for (let i = 0; i < 100; i++) if (!uuidV4.test(crypto.randomUUID())) return 'bad'; return 'ok'; });
show('randomUUID(options)', () => uuidV4.test(crypto.randomUUID({ disableEntropyCache: true })));
show('randomUUID(5)', () => crypto.randomUUID(5));
show('randomUUID(null)', () => crypto.randomUUID(null));
show('randomUUID bad option', () => crypto.randomUUID({ disableEntropyCache: 1 }));

// getRandomValues, on the module and on the global
for (const [name, gv] of [['module', (a) => crypto.getRandomValues(a)], ['global', (a) => globalThis.crypto.getRandomValues(a)]]) {
  for (const T of [Int8Array, Uint8Array, Uint8ClampedArray, Int16Array, Uint16Array, Int32Array, Uint32Array, BigInt64Array, BigUint64Array, Buffer]) {
    show(name + ' getRandomValues ' + T.name, () => { const a = T === Buffer ? Buffer.alloc(16) : new T(16); const r = gv(a); return [r === a, r.length]; });
  }
  show(name + ' getRandomValues 65536 bytes', () => gv(new Uint32Array(16384)).length);
  show(name + ' getRandomValues 65537 bytes', () => gv(new Uint8Array(65537)));
  show(name + ' getRandomValues Float32Array', () => gv(new Float32Array(2)));
  show(name + ' getRandomValues Float64Array', () => gv(new Float64Array(2)));
  show(name + ' getRandomValues DataView', () => gv(new DataView(new ArrayBuffer(2))));
  show(name + ' getRandomValues ArrayBuffer', () => gv(new ArrayBuffer(2)));
  show(name + ' getRandomValues Array', () => gv([1, 2]));
  show(name + ' getRandomValues huge Float', () => gv(new Float32Array(16385)));
}
show('getRandomValues DOMException code', () => { try { crypto.getRandomValues(new Uint8Array(70000)); } catch (e) { return e.code; } });
show('getRandomValues TypeMismatch code', () => { try { crypto.getRandomValues(new Float32Array(1)); } catch (e) { return e.code; } });
show('global getRandomValues()', () => globalThis.crypto.getRandomValues());
show('getRandomValues detached this', () => { const { getRandomValues } = globalThis.crypto; return getRandomValues(new Uint8Array(1)); });
show('module getRandomValues detached', () => { const { getRandomValues } = crypto; return getRandomValues(new Uint8Array(3)).length; });
show('global randomUUID', () => uuidV4.test(globalThis.crypto.randomUUID()));
show('global randomUUID detached', () => globalThis.crypto.randomUUID.call({}));

// The global crypto is Web Crypto, shared with the module.
show('webcrypto', () => [typeof crypto.webcrypto, crypto.webcrypto === globalThis.crypto, crypto.subtle === globalThis.crypto.subtle, crypto.webcrypto.subtle === crypto.subtle]);
show('toStringTag', () => [Object.prototype.toString.call(globalThis.crypto), Object.prototype.toString.call(crypto.subtle)]);
show('own keys', () => [Object.keys(globalThis.crypto).length, Object.keys(crypto.subtle).length]);
show('Crypto ctor', () => { const C = Object.getPrototypeOf(globalThis.crypto).constructor; return [typeof C, C.name]; });
show('new Crypto', () => new (Object.getPrototypeOf(globalThis.crypto).constructor)());
show('subtle getter this', () => Object.getOwnPropertyDescriptor(Object.getPrototypeOf(globalThis.crypto), 'subtle').get.call({}));
show('subtle methods', () => ['digest', 'importKey', 'exportKey', 'sign', 'verify', 'encrypt', 'decrypt', 'generateKey'].map((m) => typeof crypto.subtle[m]).join());
show('typeof', () => [typeof crypto.randomBytes, typeof crypto.randomFill, typeof crypto.randomFillSync, typeof crypto.randomInt, typeof crypto.randomUUID, typeof crypto.getRandomValues, typeof crypto.timingSafeEqual].join());

// Callbacks come later, from the event loop, with Node's arguments. Node
// runs them on its thread pool, so only the set is compared, not the order.
const order = [];
let syncDone = false;
const record = (label, err, x) => order.push([label, String(err), x, syncDone ? 'async' : 'SYNC'].join(' '));
crypto.randomBytes(8, (err, buf) => record('randomBytes', err, buf.length));
crypto.randomFill(Buffer.alloc(8), (err, buf) => record('randomFill', err, buf.length));
crypto.randomFill(new Uint32Array(4), 1, (err, buf) => record('randomFill offset', err, buf.length));
crypto.randomFill(new Uint8Array(4), 1, 2, (err, buf) => record('randomFill size', err, buf.length));
crypto.randomFill(new ArrayBuffer(4), (err, buf) => record('randomFill ArrayBuffer', err, buf.byteLength));
crypto.randomInt(10, (err, n) => record('randomInt', err, typeof n));
crypto.randomInt(5, 6, (err, n) => record('randomInt min', err, n));
syncDone = true;
show('randomFill no callback', () => crypto.randomFill(new Uint8Array(4)));
show('randomFill bad callback', () => crypto.randomFill(new Uint8Array(4), 0, 2, 5));
setTimeout(() => {
  for (const o of order.sort()) console.log(o);
}, 20);
