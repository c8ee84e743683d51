// process.stdin piped through a Transform to process.stdout, and into a
// Writable.
const { Transform, Writable } = require('stream');
const upper = new Transform({
  transform(chunk, enc, cb) { cb(null, chunk.toString().toUpperCase()); },
});
process.stdin.pipe(upper).pipe(process.stdout);
let total = 0;
process.stdin.pipe(new Writable({
  write(chunk, enc, cb) { total += chunk.length; cb(); },
  final(cb) { console.log('\nwritable saw', total, 'bytes'); cb(); },
}));
