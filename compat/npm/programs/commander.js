// commander: parse a fixed argv.
const { Command, Option, InvalidArgumentError } = require('commander');

const program = new Command();
program.name('tool').version('1.2.3').description('A test CLI').exitOverride().configureOutput({ writeOut: (s) => console.log('OUT:' + s.trimEnd()), writeErr: (s) => console.log('ERR:' + s.trimEnd()) });
program
  .option('-d, --debug', 'output extra debugging')
  .option('-p, --port <number>', 'port', (v) => { const n = parseInt(v, 10); if (isNaN(n)) throw new InvalidArgumentError('Not a number.'); return n; }, 80)
  .option('--no-color', 'disable colour')
  .addOption(new Option('-m, --mode <mode>').choices(['fast', 'slow']).default('fast'))
  .option('-t, --tag <tags...>', 'tags');
program.command('serve <dir> [extra...]').description('serve a dir').option('--host <h>', 'host', 'localhost').action((dir, extra, opts, cmd) => {
  console.log('serve', dir, extra, opts, cmd.parent.opts());
});
program.parse(['node', 'tool', '-d', '--port', '8080', '--no-color', '-t', 'a', 'b', '--mode', 'slow', 'serve', 'www', 'x', 'y', '--host', '0.0.0.0']);
console.log(program.opts());
for (const argv of [['--port', 'abc'], ['--mode', 'medium'], ['--help'], ['--version'], ['nosuch']]) {
  const p = new Command().name('t').version('9.9.9').exitOverride().configureOutput({ writeOut: (s) => console.log('OUT:' + s.trimEnd()), writeErr: (s) => console.log('ERR:' + s.trimEnd()) });
  p.option('-p, --port <n>', 'port', (v) => { if (isNaN(+v)) throw new InvalidArgumentError('Not a number.'); return +v; });
  p.addOption(new Option('--mode <m>').choices(['fast']));
  p.command('run').action(() => {});
  try {
    p.parse(argv, { from: 'user' });
  } catch (e) {
    console.log('exit', e.code, e.exitCode);
  }
}
