// tty: no guest fd is a terminal, so isatty is false and a tty stream
// cannot be made on any fd (as Node says for a file or /dev/null).
const tty = require('tty');
const net = require('net');
console.log(Object.keys(tty).join(','), require('node:tty') === tty);
for (const fd of [0, 1, 2, 3, -1, 1.5, '1', undefined, 2 ** 31])
  console.log('isatty', String(fd), tty.isatty(fd));
console.log('stdout.isTTY', process.stdout.isTTY, process.stderr.isTTY, 'isTTY' in process.stdout);

for (const [name, C] of [['WriteStream', tty.WriteStream], ['ReadStream', tty.ReadStream]]) {
  console.log(name, typeof C, C.name, C.length, Object.getPrototypeOf(C) === net.Socket,
    Object.getPrototypeOf(C.prototype) === net.Socket.prototype);
  for (const fd of [0, 1, 2, -1, 1.5, '1']) {
    try {
      new C(fd);
      console.log('  made on', fd);
    } catch (e) {
      console.log(' ', String(fd), e.name, e.code, e.message, e instanceof Error);
      if (e.info) console.log('   ', JSON.stringify(e.info), e.errno, e.syscall, Object.keys(e).join(','), String(e));
    }
  }
  try { C(1); } catch (e) { console.log('  call', e.code); }
}
console.log(Object.getOwnPropertyNames(tty.WriteStream.prototype).join(','));
console.log(Object.getOwnPropertyNames(tty.ReadStream.prototype).join(','));
console.log(tty.WriteStream.prototype.isTTY);

const { getColorDepth, hasColors } = tty.WriteStream.prototype;
const envs = [
  {}, { FORCE_COLOR: '' }, { FORCE_COLOR: '0' }, { FORCE_COLOR: '1' }, { FORCE_COLOR: '2' }, { FORCE_COLOR: '3' },
  { FORCE_COLOR: 'yes' }, { NO_COLOR: '1' }, { NODE_DISABLE_COLORS: '1' }, { TERM: 'dumb' }, { TMUX: '1' },
  { CI: 'true' }, { CI: 'true', GITHUB_ACTIONS: 'true' }, { CI: '1', CI_NAME: 'codeship' }, { TEAMCITY_VERSION: '9.1.0' },
  { TEAMCITY_VERSION: '8.0' }, { TERM_PROGRAM: 'iTerm.app' }, { TERM_PROGRAM: 'iTerm.app', TERM_PROGRAM_VERSION: '3.4' },
  { TERM_PROGRAM: 'Apple_Terminal' }, { TERM_PROGRAM: 'HyperTerm' }, { COLORTERM: 'truecolor' }, { COLORTERM: '24bit' },
  { COLORTERM: 'yes' }, { TERM: 'xterm-256color' }, { TERM: 'xterm' }, { TERM: 'screen' }, { TERM: 'ETERM' },
  { TERM: 'mosh' }, { TERM: 'vt100' }, { TERM: 'unknown' }, { TERM: 'con132x43' },
];
for (const env of envs)
  console.log(JSON.stringify(env), getColorDepth(env), hasColors(env), hasColors(256, env), hasColors(2 ** 24, env));
console.log(hasColors(2, {}), hasColors(3, {}));
for (const bad of [1, '16', 1.5, -5]) {
  try { hasColors(bad, {}); } catch (e) { console.log(e.name, e.code, e.message); }
}
