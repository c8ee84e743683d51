// chalk: with colours forced off (level 0) and forced on (level 1-3) by instance.
const chalk = require('chalk').default;
const { Chalk } = require('chalk');

const off = new Chalk({ level: 0 });
console.log(off.red.bold('plain'), off.bgBlue.white.underline('still plain'));
for (const level of [1, 2, 3]) {
  const c = new Chalk({ level });
  console.log(level, JSON.stringify(c.red('r')), JSON.stringify(c.bold.hex('#ff8800')('h')), JSON.stringify(c.bgRgb(10, 20, 30).italic('x')));
}
console.log(JSON.stringify(new Chalk({ level: 1 }).red(`a ${new Chalk({ level: 1 }).blue('b')} c`)));
console.log(typeof chalk.level);
