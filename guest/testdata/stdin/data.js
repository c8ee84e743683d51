// Flowing mode: 'data' chunks of at most 64 KiB (process.stdin is an
// fs.ReadStream when stdin is a file), then 'end' and 'close'.
const chunks = [];
let sum = 0;
process.stdin.on('data', (c) => {
  chunks.push(c.length);
  for (const b of c) sum = (sum * 31 + b) % 1000003;
});
process.stdin.on('end', () => console.log('end', chunks, Buffer.isBuffer(Buffer.alloc(0)), sum));
process.stdin.on('close', () => console.log('close', process.stdin.bytesRead, process.stdin.readableEnded));
console.log('fd', process.stdin.fd, process.stdin.isTTY, process.stdin.readable, process.stdin.constructor.name, process.stdin.readableHighWaterMark);
console.log('same object', process.stdin === process.stdin, require('process').stdin === process.stdin);
