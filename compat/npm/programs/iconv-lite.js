// iconv-lite: legacy encodings to and from Buffers.
const iconv = require('iconv-lite');

const s = 'Grüße, café — €5 «quote»';
for (const enc of ['utf8', 'latin1', 'win1252', 'utf16le', 'utf16be', 'cp866', 'koi8-r', 'iso-8859-15', 'macintosh']) {
  const buf = iconv.encode(s, enc);
  console.log(enc, buf.length, buf.toString('hex').slice(0, 32), iconv.decode(buf, enc));
}
console.log(iconv.encode('Привет', 'win1251').toString('hex'), iconv.decode(Buffer.from('cff0e8e2e5f2', 'hex'), 'win1251'));
console.log(iconv.encode('日本語', 'shift_jis').toString('hex'), iconv.decode(Buffer.from([0x93, 0xfa, 0x96, 0x7b]), 'sjis'));
console.log(iconv.encode('中文', 'gbk').toString('hex'), iconv.encode('한국어', 'euc-kr').toString('hex'));
console.log(iconv.encodingExists('us-ascii'), iconv.encodingExists('nope'), iconv.decode(Buffer.from([0xff, 0xfe, 0x41, 0]), 'utf16'));
