// base64url works wherever base64 does (and encoding names ignore case).
function t(name, f) {
  try {
    const r = f();
    console.log(name, '=>', r);
  } catch (e) {
    console.log(name, 'throws', e.name, e.code, JSON.stringify(e.message));
  }
}
const bytes = Buffer.from([0xfb, 0xff, 0xbf, 0x00, 0x3e, 0x3f, 0x7e]);
t('toString base64', () => bytes.toString('base64'));
t('toString base64url', () => bytes.toString('base64url'));
t('toString BASE64URL', () => bytes.toString('BASE64URL'));
t('toString Base64', () => bytes.toString('Base64'));
t('toString base64url range', () => bytes.toString('base64url', 1, 5));
for (const n of [0, 1, 2, 3, 4, 5]) t('toString base64url len ' + n, () => Buffer.from('hello').subarray(0, n).toString('base64url'));
t('from base64url', () => Buffer.from('-_-_AD4_fg', 'base64url'));
t('from base64url padded', () => Buffer.from('-_-_AD4_fg==', 'base64url'));
t('from base64 with url alphabet', () => Buffer.from('-_-_AD4_fg', 'base64'));
t('from base64url with std alphabet', () => Buffer.from('+/+/AD4/fg==', 'base64url'));
t('from base64url whitespace', () => Buffer.from('aGVs bG8', 'base64url').toString());
for (const s of ['aGk=aGk', 'aG=k', 'a!G#k', 'aGk==x', 'aGVsbG8=\n', '=aGk', 'aGVsbA=', 'aGVsbA', 'aGVsb', 'a', '']) {
  t('from/byteLength ' + JSON.stringify(s), () => [Buffer.from(s, 'base64'), Buffer.from(s, 'base64url'), Buffer.byteLength(s, 'base64'), Buffer.byteLength(s, 'base64url')]);
}
t('byteLength unknown encoding', () => Buffer.byteLength('h\u00e9', 'base65'));
t('fill string', () => Buffer.alloc(5).fill('ab'));
t('fill string offset', () => Buffer.alloc(5).fill('ab', 1));
t('fill string offset end encoding', () => Buffer.alloc(6).fill('aGk', 1, 4, 'base64url'));
t('fill empty string', () => Buffer.alloc(3, 1).fill(''));
t('fill invalid', () => Buffer.alloc(3).fill('!!', 'hex'));
t('fill out of range', () => Buffer.alloc(3).fill('a', 0, 4));
t('fill unknown encoding', () => Buffer.alloc(3).fill('a', 'base65'));
t('write latin1', () => { const b = Buffer.alloc(3); return [b.write('\u00e9a', 'latin1'), b]; });
t('write utf16le odd length', () => { const b = Buffer.alloc(3); return [b.write('ab', 'utf16le'), b]; });
t('write base64 past end', () => { const b = Buffer.alloc(3); return [b.write('aGVsbG8', 1, 'base64'), b]; });
t('write bad offset', () => Buffer.alloc(3).write('aGk', 4, 'base64url'));
t('from BASE64URL', () => Buffer.from('aGk', 'BASE64URL').toString());
t('from UTF8', () => Buffer.from('h\u00e9', 'UTF8'));
t('round trip', () => Buffer.from(Buffer.from('any carnal pleas\u00fcre.').toString('base64url'), 'base64url').toString());
t('byteLength base64url', () => Buffer.byteLength('-_-_AD4_fg', 'base64url'));
t('byteLength base64', () => Buffer.byteLength('aGVsbG8=', 'base64'));
t('isEncoding base64url', () => Buffer.isEncoding('base64url'));
t('isEncoding BASE64URL', () => Buffer.isEncoding('BASE64URL'));
t('isEncoding base64urls', () => Buffer.isEncoding('base64urls'));
t('write base64url', () => { const b = Buffer.alloc(8); const n = b.write('-_-_AD4', 'base64url'); return [n, b]; });
t('write base64url offset', () => { const b = Buffer.alloc(8); const n = b.write('aGk', 2, 'base64url'); return [n, b]; });
t('write base64url offset length', () => { const b = Buffer.alloc(8); const n = b.write('aGVsbG8', 1, 3, 'base64url'); return [n, b]; });
t('write base64 unpadded', () => { const b = Buffer.alloc(4); const n = b.write('aGk', 'base64'); return [n, b]; });
t('alloc fill base64url', () => Buffer.alloc(7, '-_8', 'base64url'));
t('fill base64url', () => Buffer.alloc(5).fill('aGk', 'base64url'));
t('indexOf base64url', () => Buffer.from('xxhixx').indexOf('aGk', 0, 'base64url'));
t('includes base64url', () => Buffer.from('xxhixx').includes('aGk', 0, 'base64url'));
t('toString unknown', () => bytes.toString('base65'));
t('from unknown', () => Buffer.from('aa', 'base65'));
t('StringDecoder base64url', () => {
  const { StringDecoder } = require('string_decoder');
  const d = new StringDecoder('base64url');
  return d.write(Buffer.from([0xfb, 0xff])) + '|' + d.write(Buffer.from([0xbf, 0x00])) + '|' + d.end();
});
t('crypto digest base64url', () => require('crypto').createHash('sha256').update('x').digest('base64url'));
