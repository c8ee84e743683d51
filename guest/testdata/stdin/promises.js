// readline/promises question() answered from process.stdin, and
// stream/promises pipeline from it.
const readline = require('readline/promises');
const { pipeline } = require('stream/promises');
const { Writable } = require('stream');
async function main() {
  const rl = readline.createInterface({ input: process.stdin });
  const name = await rl.question('');
  console.log('name:', name);
  rl.close();
  let rest = '';
  await pipeline(process.stdin, new Writable({ write(c, e, cb) { rest += c; cb(); } }));
  console.log('rest:', JSON.stringify(rest));
}
main().catch((e) => console.log('error', e.message));
