// for await over process.stdin (lowered by esbuild), with and without an
// encoding, and readline's async iterator over it.
async function main() {
  process.stdin.setEncoding('utf8');
  let text = '';
  for await (const chunk of process.stdin) text += chunk;
  const lines = text.split('\n');
  console.log('chunks read', lines.length, JSON.stringify(lines[0]), JSON.stringify(lines[lines.length - 2]));
  console.log('after loop', process.stdin.readableEnded);
}
main().then(() => console.log('done'));
