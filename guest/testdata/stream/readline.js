const readline = require('readline');

const rl = readline.createInterface({ input: process.stdin });
let n = 0;
rl.on('line', (line) => console.log('line %d: %j', ++n, line));
rl.on('close', () => {
  console.log('close after', n, 'lines');
  iterate();
});
console.log('sync end');

async function iterate() {
  const { Readable } = require('stream');
  const rl2 = readline.createInterface({ input: Readable.from(['alpha\nbe', 'ta\r\ngamma\n\ndelta']), crlfDelay: Infinity });
  const lines = [];
  for await (const line of rl2) lines.push(line);
  console.log('iterated', lines);
  const rlp = require('readline/promises').createInterface({ input: Readable.from(['42\n']) });
  const answer = await rlp.question('');
  console.log('answer', answer);
  rlp.close();
}
