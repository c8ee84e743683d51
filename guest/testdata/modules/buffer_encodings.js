const s = 'héllo €𝄞';
for (const enc of ['latin1', 'binary', 'ascii', 'ucs2', 'ucs-2', 'utf16le', 'utf-16le', 'UTF16LE', 'Latin1']) {
  const b = Buffer.from(s, enc);
  console.log(enc, b.length, b.toString('hex'), JSON.stringify(b.toString(enc)), Buffer.byteLength(s, enc));
}
const bytes = Buffer.from([0x68, 0xe9, 0x80, 0xff, 0x41, 0x00]);
for (const enc of ['latin1', 'binary', 'ascii', 'utf16le', 'ucs2']) {
  console.log(enc, JSON.stringify(bytes.toString(enc)), JSON.stringify(bytes.toString(enc, 1, 4)));
}
console.log(Buffer.from('abc', 'utf16le').toString('utf16le', 2), Buffer.from('\u00ff\u0100', 'latin1').toString('hex'));
console.log(Buffer.isEncoding('latin1'), Buffer.isEncoding('UCS2'), Buffer.isEncoding('nope'));
