const { createRequire, builtinModules, isBuiltin } = require('module');
const { performance, PerformanceMark } = require('perf_hooks');
const { AsyncLocalStorage, AsyncResource } = require('async_hooks');
const fs = require('fs');

fs.mkdirSync('/tmp/cr/lib', { recursive: true });
fs.writeFileSync('/tmp/cr/lib/helper.js', 'module.exports = "helper from " + __dirname;');
const req = createRequire('/tmp/cr/main.js');
console.log(req('./lib/helper'), typeof req.resolve, req('path') === require('path'));
console.log(createRequire('file:///tmp/cr/lib/')('./helper.js'));
try {
  createRequire('relative.js');
} catch (e) {
  console.log(e.code);
}
for (const m of ['stream', 'fs', 'node:path', 'readline', 'module', 'async_hooks', 'nope']) {
  console.log(m, isBuiltin(m), builtinModules.includes(m.replace('node:', '')));
}

console.log(performance === globalThis.performance, typeof performance.now());
console.log(performance.mark('m1') instanceof PerformanceMark);

const als = new AsyncLocalStorage();
console.log('outside', als.getStore());
als.run({ id: 1 }, async () => {
  console.log('sync', als.getStore());
  await null;
  console.log('after await', als.getStore());
  await new Promise((r) => setTimeout(r, 1));
  console.log('after timer promise', als.getStore());
  Promise.resolve().then(() => console.log('then', als.getStore()));
  queueMicrotask(() => console.log('microtask', als.getStore()));
  process.nextTick(() => console.log('tick', als.getStore()));
  setTimeout(() => console.log('timeout', als.getStore()), 1);
  als.exit(() => console.log('exit', als.getStore()));
  const res = new AsyncResource('X');
  als.run({ id: 2 }, () => {
    console.log('nested', als.getStore());
    res.runInAsyncScope(() => console.log('resource scope', als.getStore()));
  });
  console.log('restored', als.getStore());
});
console.log('after run', als.getStore());
const other = new AsyncLocalStorage();
other.run('o', () => als.run('a', async () => {
  await 0;
  console.log('two stores', other.getStore(), als.getStore());
}));
