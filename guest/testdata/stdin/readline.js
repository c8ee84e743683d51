// readline over process.stdin: 'line' events, then for await over a
// second interface would see nothing (stdin has ended).
const readline = require('readline');
const rl = readline.createInterface({ input: process.stdin, crlfDelay: Infinity });
let n = 0;
const words = new Map();
rl.on('line', (line) => {
  n++;
  for (const w of line.split(/\s+/).filter(Boolean)) words.set(w, (words.get(w) || 0) + 1);
});
rl.on('close', () => {
  console.log(n, 'lines');
  console.log([...words].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, 5));
});
