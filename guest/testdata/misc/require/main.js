// require.main, require.cache, require.resolve and the module object, run
// with lib.js, cycle_a.js, cycle_b.js, data.json and node_modules/pkg beside
// it. Paths print relative to this directory.
const path = require('path');
const rel = (p) => (typeof p === 'string' ? path.relative(__dirname, p) || '.' : p);

console.log('main:', require.main === module, module.id, rel(module.filename), rel(module.path));
console.log('loaded while running:', module.loaded, 'parent:', module.parent, 'children:', module.children.length);
console.log('paths[0]:', rel(module.paths[0]), module.paths.every((p) => p.endsWith('node_modules')));
console.log('keys:', Object.keys(module).join(','));
console.log('cache:', typeof require.cache, Object.keys(require.cache).map(rel));
console.log('cache has main:', require.cache[__filename] === module);

const lib = require('./lib');
console.log('lib:', lib.isMain, lib.mainIsMain, rel(lib.id), lib.loadedWhileRunning, lib.parentIsMain, rel(lib.paths0));
console.log('after require, lib loaded:', require.cache[require.resolve('./lib')].loaded);
console.log('children:', module.children.map((m) => rel(m.id)));
console.log('same object again:', require('./lib') === lib, require('./lib.js') === lib, lib.count(), lib.count());

delete require.cache[require.resolve('./lib')];
const fresh = require('./lib');
console.log('after delete:', fresh === lib, fresh.count(), 'children:', module.children.length);

require.cache[require.resolve('./lib')] = { exports: 'mocked', loaded: true };
console.log('planted entry:', require('./lib'));
delete require.cache[require.resolve('./lib')];

const data = require('./data.json');
const dm = require.cache[require.resolve('./data.json')];
console.log('json:', data.answer, dm.loaded, rel(dm.id), dm.exports === data);

console.log('resolve:', rel(require.resolve('./lib')), rel(require.resolve('./data')), rel(require.resolve('pkg')));
console.log('builtins:', require.resolve('fs'), require.resolve('node:fs'), require.resolve('path'));
console.log('resolve.paths:', require.resolve.paths('fs'), require.resolve.paths('./x').map(rel), rel(require.resolve.paths('pkg')[0]));
for (const spec of ['./missing', 'missing-package']) {
  for (const how of [require, require.resolve]) {
    try { how(spec); } catch (e) {
      console.log(how.name || 'require', e.code, JSON.stringify(e.message.replace(/- (.*)/g, (m, p) => '- ' + rel(p))), (e.requireStack || []).map(rel));
    }
  }
}
try { require('node:no-such-module'); } catch (e) { console.log(e.code, e.message); }
try { require(42); } catch (e) { console.log(e.name, e.code, e.message); }
console.log('names:', require.name, require.resolve.name, typeof require.resolve.paths);

const pkg = require('pkg');
console.log('pkg:', pkg.name, pkg.deep, rel(pkg.paths0));

const a = require('./cycle_a');
console.log('cycle:', a.done, a.sawB, a.bSawPartialA);

console.log('module.require:', module.require('./data.json').answer, typeof module.require);
console.log('createRequire:', require('module').createRequire(__filename)('./data.json') === data);

setTimeout(() => console.log('main loaded after it ran:', module.loaded));
