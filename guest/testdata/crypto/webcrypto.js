// crypto.subtle: digest, HMAC keys, sign/verify, AES-GCM, generateKey,
// exportKey, and the errors Node gives (as rejections).
const subtle = globalThis.crypto.subtle;
const enc = new TextEncoder();
const hex = (b) => Buffer.from(b).toString('hex');

async function show(label, f) {
  try {
    const r = await f();
    console.log(label, r instanceof ArrayBuffer ? 'ArrayBuffer ' + hex(r) : r);
  } catch (e) {
    console.log(label, 'rejected', e.name, e.code, JSON.stringify(e.message), e instanceof TypeError, e instanceof Error);
  }
}

(async () => {
  // digest
  for (const alg of ['SHA-1', 'SHA-256', 'SHA-384', 'SHA-512', 'sha-256', { name: 'SHA-512' }, { name: 'sHa-1', extra: 1 }]) {
    await show('digest ' + JSON.stringify(alg), () => subtle.digest(alg, enc.encode('abc')));
  }
  await show('digest empty ArrayBuffer', () => subtle.digest('SHA-256', new ArrayBuffer(0)));
  await show('digest DataView', () => subtle.digest('SHA-256', new DataView(enc.encode('xabcx').buffer, 1, 3)));
  await show('digest Buffer', () => subtle.digest('SHA-256', Buffer.from('abc')));
  await show('digest Uint32Array', () => subtle.digest('SHA-1', new Uint32Array([1, 2])));
  await show('digest returns promise', () => { const p = subtle.digest('SHA-1', new Uint8Array(1)); return p instanceof Promise; });
  await show('digest MD5', () => subtle.digest('MD5', enc.encode('abc')));
  await show('digest SHA256', () => subtle.digest('SHA256', enc.encode('abc')));
  await show('digest 5', () => subtle.digest(5, enc.encode('abc')));
  await show('digest null', () => subtle.digest(null, enc.encode('abc')));
  await show('digest {}', () => subtle.digest({}, enc.encode('abc')));
  await show('digest string data', () => subtle.digest('SHA-256', 'abc'));
  await show('digest array data', () => subtle.digest('SHA-256', [1, 2]));
  await show('digest no args', () => subtle.digest());
  await show('digest one arg', () => subtle.digest('SHA-256'));
  await show('digest this', () => subtle.digest.call({}, 'SHA-256', new Uint8Array(1)));
  await show('digest MD5 is a rejection', () => { let threw = false; let p; try { p = subtle.digest('MD5', new Uint8Array(1)); } catch { threw = true; } p.catch(() => {}); return threw; });

  // HMAC keys: import, sign, verify, export
  const k = await subtle.importKey('raw', enc.encode('key'), { name: 'HMAC', hash: 'SHA-256' }, true, ['sign', 'verify']);
  console.log('hmac key', k.type, k.extractable, JSON.stringify(k.algorithm), k.usages, Object.prototype.toString.call(k));
  console.log('hmac key shape', Object.keys(k).length, k.algorithm === k.algorithm, k.usages === k.usages, JSON.stringify(k));
  await show('sign', () => subtle.sign('HMAC', k, enc.encode('The quick brown fox jumps over the lazy dog')));
  await show('sign object alg', () => subtle.sign({ name: 'hmac' }, k, enc.encode('data')));
  const sig = await subtle.sign('HMAC', k, enc.encode('data'));
  await show('verify good', () => subtle.verify('HMAC', k, sig, enc.encode('data')));
  await show('verify bad data', () => subtle.verify('HMAC', k, sig, enc.encode('datb')));
  await show('verify short sig', () => subtle.verify('HMAC', k, sig.slice(0, 31), enc.encode('data')));
  await show('verify empty sig', () => subtle.verify('HMAC', k, new Uint8Array(0), enc.encode('data')));
  await show('export raw', async () => hex(await subtle.exportKey('raw', k)));
  await show('export jwk', async () => JSON.stringify(await subtle.exportKey('jwk', k)));
  for (const h of ['SHA-1', 'SHA-384', { name: 'sha-512' }]) {
    await show('hmac ' + JSON.stringify(h), async () => {
      const key = await subtle.importKey('raw', Buffer.alloc(20, 0x0b), { name: 'HMAC', hash: h }, false, ['sign']);
      return JSON.stringify(key.algorithm) + ' ' + hex(await subtle.sign('HMAC', key, enc.encode('Hi There')));
    });
  }
  await show('hmac length given', async () => JSON.stringify((await subtle.importKey('raw', new Uint8Array(3), { name: 'HMAC', hash: 'SHA-1', length: 24 }, true, ['sign'])).algorithm));
  await show('hmac usages kept', async () => (await subtle.importKey('raw', enc.encode('key'), { name: 'hmac', hash: 'sha-384' }, true, ['verify', 'sign', 'sign'])).usages);
  await show('hmac from Buffer', async () => hex(await subtle.sign('HMAC', await subtle.importKey('raw', Buffer.from('key'), { name: 'HMAC', hash: 'SHA-256' }, true, ['sign']), Buffer.from('data'))));
  const nx = await subtle.importKey('raw', enc.encode('key'), { name: 'HMAC', hash: 'SHA-1' }, false, ['sign']);
  await show('export not extractable', () => subtle.exportKey('raw', nx));
  await show('verify without usage', () => subtle.verify('HMAC', nx, sig, enc.encode('data')));
  const vk = await subtle.importKey('raw', enc.encode('key'), { name: 'HMAC', hash: 'SHA-256' }, true, ['verify']);
  await show('sign without usage', () => subtle.sign('HMAC', vk, enc.encode('x')));
  await show('export pkcs8', () => subtle.exportKey('pkcs8', k));
  await show('export foo', () => subtle.exportKey('foo', k));
  await show('export non-key', () => subtle.exportKey('raw', {}));
  await show('import no hash', () => subtle.importKey('raw', enc.encode('key'), { name: 'HMAC' }, true, ['sign']));
  await show('import string HMAC', () => subtle.importKey('raw', enc.encode('key'), 'HMAC', true, ['sign']));
  await show('import hash MD5', () => subtle.importKey('raw', enc.encode('key'), { name: 'HMAC', hash: 'MD5' }, true, ['sign']));
  await show('import hash {}', () => subtle.importKey('raw', enc.encode('key'), { name: 'HMAC', hash: {} }, true, ['sign']));
  await show('import bad usage', () => subtle.importKey('raw', enc.encode('key'), { name: 'HMAC', hash: 'SHA-256' }, true, ['encrypt']));
  await show('import unknown usage', () => subtle.importKey('raw', enc.encode('key'), { name: 'HMAC', hash: 'SHA-256' }, true, ['foo']));
  await show('import usages string', () => subtle.importKey('raw', enc.encode('key'), { name: 'HMAC', hash: 'SHA-256' }, true, 'sign'));
  await show('import empty usages', () => subtle.importKey('raw', enc.encode('key'), { name: 'HMAC', hash: 'SHA-256' }, true, []));
  await show('import empty key', () => subtle.importKey('raw', new Uint8Array(0), { name: 'HMAC', hash: 'SHA-256' }, true, ['sign']));
  await show('import wrong length', () => subtle.importKey('raw', new Uint8Array(16), { name: 'HMAC', hash: 'SHA-256', length: 8 }, true, ['sign']));
  await show('import FOO', () => subtle.importKey('raw', enc.encode('key'), { name: 'FOO' }, true, ['sign']));
  await show('import null alg', () => subtle.importKey('raw', enc.encode('key'), null, true, ['sign']));
  await show('import format foo', () => subtle.importKey('foo', enc.encode('key'), { name: 'HMAC', hash: 'SHA-256' }, true, ['sign']));
  await show('import string data', () => subtle.importKey('raw', 'key', { name: 'HMAC', hash: 'SHA-256' }, true, ['sign']));
  await show('import 4 args', () => subtle.importKey('raw', enc.encode('key'), { name: 'HMAC', hash: 'SHA-256' }, true));
  await show('import extractable 0', async () => (await subtle.importKey('raw', enc.encode('k'), { name: 'HMAC', hash: 'SHA-256' }, 0, ['sign'])).extractable);
  await show('sign with non-key', () => subtle.sign('HMAC', {}, enc.encode('x')));
  await show('sign FOO', () => subtle.sign('FOO', k, enc.encode('x')));
  await show('sign string data', () => subtle.sign('HMAC', k, 'x'));
  await show('verify 3 args', () => subtle.verify('HMAC', k, sig));
  await show('verify string sig', () => subtle.verify('HMAC', k, 'x', new Uint8Array(1)));

  // AES-GCM with a fixed key and iv, then back.
  const raw = new Uint8Array(16).map((_, i) => i);
  const ak = await subtle.importKey('raw', raw, 'AES-GCM', true, ['encrypt', 'decrypt']);
  console.log('aes key', ak.type, ak.extractable, JSON.stringify(ak.algorithm), ak.usages);
  const iv = new Uint8Array(12).fill(7);
  const ct = await subtle.encrypt({ name: 'AES-GCM', iv }, ak, enc.encode('hello, world'));
  console.log('encrypt', ct instanceof ArrayBuffer, hex(ct));
  await show('decrypt', async () => new TextDecoder().decode(await subtle.decrypt({ name: 'AES-GCM', iv }, ak, ct)));
  const aad = enc.encode('header');
  for (const tagLength of [32, 64, 96, 104, 112, 120, 128]) {
    await show('tag ' + tagLength, async () => {
      const c = await subtle.encrypt({ name: 'AES-GCM', iv, additionalData: aad, tagLength }, ak, enc.encode('tagged'));
      const back = await subtle.decrypt({ name: 'AES-GCM', iv, additionalData: aad, tagLength }, ak, c);
      const bad = new Uint8Array(c); bad[bad.length - 1] ^= 1;
      const refused = await subtle.decrypt({ name: 'AES-GCM', iv, additionalData: aad, tagLength }, ak, bad).then(() => 'accepted', (e) => e.name);
      return hex(c) + ' ' + new TextDecoder().decode(back) + ' ' + refused;
    });
  }
  for (const n of [1, 8, 11, 12, 13, 16, 64, 128, 129]) {
    await show('iv ' + n, async () => {
      const v = new Uint8Array(n).fill(3);
      const c = await subtle.encrypt({ name: 'AES-GCM', iv: v }, ak, new Uint8Array([1, 2, 3]));
      return hex(c) + ' ' + hex(await subtle.decrypt({ name: 'AES-GCM', iv: v }, ak, c));
    });
  }
  for (const bits of [192, 256]) {
    await show('aes-' + bits, async () => {
      const key = await subtle.importKey('raw', new Uint8Array(bits / 8).fill(9), { name: 'aes-gcm' }, true, ['encrypt']);
      return JSON.stringify(key.algorithm) + ' ' + hex(await subtle.encrypt({ name: 'AES-GCM', iv: Buffer.alloc(12) }, key, Buffer.from('x')));
    });
  }
  await show('encrypt empty', () => subtle.encrypt({ name: 'AES-GCM', iv }, ak, new Uint8Array(0)));
  await show('encrypt aad ArrayBuffer', () => subtle.encrypt({ name: 'AES-GCM', iv: iv.buffer, additionalData: aad.buffer }, ak, enc.encode('x').buffer));
  const flipped = new Uint8Array(ct); flipped[0] ^= 1;
  await show('decrypt tampered', () => subtle.decrypt({ name: 'AES-GCM', iv }, ak, flipped));
  await show('decrypt wrong aad', () => subtle.decrypt({ name: 'AES-GCM', iv, additionalData: aad }, ak, ct));
  await show('decrypt too small', () => subtle.decrypt({ name: 'AES-GCM', iv }, ak, new Uint8Array(5)));
  await show('decrypt wrong tagLength', () => subtle.decrypt({ name: 'AES-GCM', iv, tagLength: 96 }, ak, ct));
  await show('encrypt tagLength 100', () => subtle.encrypt({ name: 'AES-GCM', iv, tagLength: 100 }, ak, new Uint8Array(1)));
  await show('encrypt tagLength 300', () => subtle.encrypt({ name: 'AES-GCM', iv, tagLength: 300 }, ak, new Uint8Array(1)));
  await show('encrypt tagLength 128.7', async () => (await subtle.encrypt({ name: 'AES-GCM', iv, tagLength: 128.7 }, ak, new Uint8Array(1))).byteLength);
  await show('encrypt no iv', () => subtle.encrypt({ name: 'AES-GCM' }, ak, new Uint8Array(1)));
  await show('encrypt string alg', () => subtle.encrypt('AES-GCM', ak, new Uint8Array(1)));
  await show('encrypt string iv', () => subtle.encrypt({ name: 'AES-GCM', iv: 'abc' }, ak, new Uint8Array(1)));
  await show('encrypt string aad', () => subtle.encrypt({ name: 'AES-GCM', iv, additionalData: 'x' }, ak, new Uint8Array(1)));
  await show('encrypt string data', () => subtle.encrypt({ name: 'AES-GCM', iv }, ak, 'abc'));
  await show('encrypt with HMAC key', () => subtle.encrypt({ name: 'AES-GCM', iv }, k, new Uint8Array(1)));
  await show('encrypt non-key', () => subtle.encrypt({ name: 'AES-GCM', iv }, {}, new Uint8Array(1)));
  const ek = await subtle.importKey('raw', raw, 'AES-GCM', false, ['encrypt']);
  await show('decrypt without usage', () => subtle.decrypt({ name: 'AES-GCM', iv }, ek, ct));
  await show('sign with AES key', () => subtle.sign('HMAC', ak, new Uint8Array(1)));
  await show('aes export raw', async () => hex(await subtle.exportKey('raw', ak)));
  await show('aes export jwk', async () => JSON.stringify(await subtle.exportKey('jwk', ak)));
  await show('aes import 15 bytes', () => subtle.importKey('raw', new Uint8Array(15), 'AES-GCM', true, ['encrypt']));
  await show('aes import empty', () => subtle.importKey('raw', new Uint8Array(0), 'AES-GCM', true, ['encrypt']));
  await show('aes import sign', () => subtle.importKey('raw', new Uint8Array(16), 'AES-GCM', true, ['encrypt', 'sign']));
  await show('aes import no usages', () => subtle.importKey('raw', new Uint8Array(16), 'AES-GCM', true, []));
  await show('aes import wrapKey', async () => (await subtle.importKey('raw', new Uint8Array(16), 'AES-GCM', true, ['wrapKey', 'unwrapKey'])).usages);
  await show('aes usages kept', async () => (await subtle.importKey('raw', new Uint8Array(16), 'AES-GCM', true, ['decrypt', 'encrypt', 'decrypt'])).usages);

  // generateKey
  await show('gen hmac sha-512', async () => { const g = await subtle.generateKey({ name: 'HMAC', hash: 'SHA-512' }, true, ['sign']); return [g.type, JSON.stringify(g.algorithm), g.usages, (await subtle.exportKey('raw', g)).byteLength]; });
  await show('gen hmac sha-1', async () => (await subtle.generateKey({ name: 'HMAC', hash: 'SHA-1' }, true, ['sign'])).algorithm.length);
  await show('gen hmac sha-384', async () => (await subtle.generateKey({ name: 'HMAC', hash: 'SHA-384' }, true, ['sign'])).algorithm.length);
  await show('gen hmac length 8', async () => { const g = await subtle.generateKey({ name: 'HMAC', hash: 'SHA-256', length: 8 }, true, ['sign']); return [g.algorithm.length, (await subtle.exportKey('raw', g)).byteLength]; });
  await show('gen hmac dedupes usages', async () => (await subtle.generateKey({ name: 'HMAC', hash: 'SHA-1' }, true, ['verify', 'sign', 'verify'])).usages);
  await show('gen hmac works', async () => { const g = await subtle.generateKey({ name: 'HMAC', hash: 'SHA-256' }, false, ['sign', 'verify']); const s = await subtle.sign('HMAC', g, enc.encode('m')); return [g.extractable, s.byteLength, await subtle.verify('HMAC', g, s, enc.encode('m'))]; });
  await show('gen hmac keys differ', async () => { const a = await subtle.generateKey({ name: 'HMAC', hash: 'SHA-256' }, true, ['sign']); const b = await subtle.generateKey({ name: 'HMAC', hash: 'SHA-256' }, true, ['sign']); return hex(await subtle.exportKey('raw', a)) === hex(await subtle.exportKey('raw', b)); });
  await show('gen hmac length 100', () => subtle.generateKey({ name: 'HMAC', hash: 'SHA-1', length: 100 }, true, ['sign']));
  await show('gen hmac length 0', () => subtle.generateKey({ name: 'HMAC', hash: 'SHA-256', length: 0 }, true, ['sign']));
  await show('gen hmac no hash', () => subtle.generateKey({ name: 'HMAC' }, true, ['sign']));
  await show('gen hmac encrypt', () => subtle.generateKey({ name: 'HMAC', hash: 'SHA-256' }, true, ['encrypt']));
  await show('gen hmac no usages', () => subtle.generateKey({ name: 'HMAC', hash: 'SHA-256' }, true, []));
  for (const length of [128, 192, 256]) {
    await show('gen aes ' + length, async () => { const g = await subtle.generateKey({ name: 'AES-GCM', length }, true, ['encrypt', 'decrypt']); const c = await subtle.encrypt({ name: 'AES-GCM', iv }, g, enc.encode('round trip')); return [JSON.stringify(g.algorithm), g.usages, (await subtle.exportKey('raw', g)).byteLength, new TextDecoder().decode(await subtle.decrypt({ name: 'AES-GCM', iv }, g, c))]; });
  }
  await show('gen aes dedupes usages', async () => (await subtle.generateKey({ name: 'AES-GCM', length: 128 }, true, ['decrypt', 'encrypt', 'decrypt'])).usages);
  await show('gen aes length string', async () => (await subtle.generateKey({ name: 'AES-GCM', length: '128' }, true, ['encrypt'])).algorithm.length);
  await show('gen aes length 100', () => subtle.generateKey({ name: 'AES-GCM', length: 100 }, true, ['encrypt']));
  await show('gen aes length -1', () => subtle.generateKey({ name: 'AES-GCM', length: -1 }, true, ['encrypt']));
  await show('gen aes length 70000', () => subtle.generateKey({ name: 'AES-GCM', length: 70000 }, true, ['encrypt']));
  await show('gen aes no length', () => subtle.generateKey({ name: 'AES-GCM' }, true, ['encrypt']));
  await show('gen aes sign', () => subtle.generateKey({ name: 'AES-GCM', length: 128 }, true, ['sign']));
  await show('gen aes no usages', () => subtle.generateKey({ name: 'AES-GCM', length: 128 }, true, []));
  await show('gen 2 args', () => subtle.generateKey({ name: 'AES-GCM', length: 128 }, true));

  // CryptoKey itself
  await show('CryptoKey ctor', () => { const C = Object.getPrototypeOf(k).constructor; return [typeof C, C.name, k instanceof C]; });
  await show('new CryptoKey', () => new (Object.getPrototypeOf(k).constructor)());
})();
