// eventemitter3: a fast EventEmitter.
const EventEmitter = require('eventemitter3');

const ee = new EventEmitter();
const log = [];
function a(x, y) { log.push(['a', x, y, this === ctx]); }
const ctx = { name: 'ctx' };
ee.on('ev', a, ctx);
ee.once('ev', (x) => log.push(['once', x]));
ee.on(Symbol.for('sym'), () => log.push(['sym']));
console.log(ee.emit('ev', 1, 2), ee.emit('ev', 3), ee.emit('nothing'), ee.emit(Symbol.for('sym')));
console.log(JSON.stringify(log));
console.log(ee.eventNames().map(String), ee.listenerCount('ev'), ee.listeners('ev').length);
ee.removeListener('ev', a, ctx);
console.log(ee.listenerCount('ev'), ee.eventNames().length);
ee.removeAllListeners();
console.log(ee.eventNames().length, typeof EventEmitter.prefixed);
class Child extends EventEmitter {}
const c = new Child();
c.on('x', (v) => console.log('child got', v));
c.emit('x', 'hello');
