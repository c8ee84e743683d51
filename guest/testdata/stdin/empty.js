// Empty standard input: 'end' at once, readline closes with no lines.
const rl = require('readline').createInterface({ input: process.stdin });
let lines = 0;
rl.on('line', () => lines++).on('close', () => console.log('closed after', lines, 'lines'));
process.stdin.on('end', () => console.log('end, read', process.stdin.bytesRead));
