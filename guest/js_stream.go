package guest

// Polyfills of node_stream.go, each compiled once per process and run once
// per runtime on first require. Like js_lib.go's, they evaluate to
// function(module, exports, require, binding), where binding is
// streamBinding, and hold no backquotes.
var jsStreamSources = map[string]string{
	"readline":    jsReadline,
	"stdin":       jsStdin,
	"module":      jsModule,
	"perf_hooks":  jsPerfHooks,
	"async_hooks": jsAsyncHooks,
}

// jsReadline reads lines from a readable stream, or from the exec's stdin
// when the input is process.stdin (which is not a stream in this runtime):
// all of it is there when the exec starts, and its lines arrive on the
// next turn of the event loop.
const jsReadline = `(function (module, exports, require, binding) {
'use strict';
var EventEmitter = require('events');
var timers = require('timers');
var kAsyncIterator = Symbol.asyncIterator || Symbol.for('Symbol.asyncIterator');
var lineEnding = /\r?\n|\r(?!\n)/;

function Interface(input, output, completer, terminal) {
  if (!(this instanceof Interface)) return new Interface(input, output, completer, terminal);
  EventEmitter.call(this);
  var opts = input;
  if (!(input && input.input)) {
    opts = { input: input, output: output, completer: completer, terminal: terminal };
  }
  this.input = opts.input;
  this.output = opts.output;
  this.terminal = false;
  this.line = '';
  this.cursor = 0;
  this.history = [];
  this.closed = false;
  this.crlfDelay = opts.crlfDelay === undefined ? 100 : Math.max(100, opts.crlfDelay);
  this._prompt = opts.prompt === undefined ? '> ' : String(opts.prompt);
  this._buf = '';
  this._questions = [];
  this._paused = false;
  var self = this;
  var input0 = this.input;
  if (input0 === undefined || input0 === null) {
    throw Object.assign(new TypeError('The "input" argument must be an instance of Stream. Received ' + input0), { code: 'ERR_INVALID_ARG_TYPE' });
  }
  if (typeof input0.on !== 'function' && binding.isStdin(input0)) {
    var text = binding.stdin();
    timers.setImmediate(function () {
      if (self.closed) return;
      self._feed(text);
      self._end();
    });
  } else {
    var decoder = new TextDecoder();
    this._ondata = function (chunk) {
      self._feed(typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true }));
    };
    this._onend = function () {
      self._feed(decoder.decode());
      self._end();
    };
    input0.on('data', this._ondata);
    input0.on('end', this._onend);
    if (typeof input0.resume === 'function') input0.resume();
  }
}
Object.setPrototypeOf(Interface.prototype, EventEmitter.prototype);
Object.setPrototypeOf(Interface, EventEmitter);

Interface.prototype._feed = function (s) {
  if (this.closed || s === '') return;
  var buf = this._buf + s;
  // a lone \r at the end may be half of \r\n
  var hold = buf.charAt(buf.length - 1) === '\r';
  if (hold) buf = buf.slice(0, -1);
  var parts = buf.split(lineEnding);
  this._buf = parts.pop() + (hold ? '\r' : '');
  for (var i = 0; i < parts.length && !this.closed; i++) this._online(parts[i]);
};
Interface.prototype._online = function (line) {
  var q = this._questions.shift();
  if (q) { q(line); return; }
  this.emit('line', line);
};
Interface.prototype._end = function () {
  if (this.closed) return;
  var rest = this._buf;
  this._buf = '';
  if (rest.charAt(rest.length - 1) === '\r') rest = rest.slice(0, -1) + '\n';
  if (rest.length > 0) {
    var parts = rest.split(lineEnding);
    if (parts[parts.length - 1] === '') parts.pop();
    for (var i = 0; i < parts.length && !this.closed; i++) this._online(parts[i]);
  }
  this.close();
};
Interface.prototype.close = function () {
  if (this.closed) return;
  this.closed = true;
  var input = this.input;
  if (this._ondata && typeof input.removeListener === 'function') {
    input.removeListener('data', this._ondata);
    input.removeListener('end', this._onend);
    if (typeof input.pause === 'function') input.pause();
  }
  this.emit('close');
};
Interface.prototype.pause = function () {
  if (this._paused) return this;
  this._paused = true;
  if (this._ondata && typeof this.input.pause === 'function') this.input.pause();
  this.emit('pause');
  return this;
};
Interface.prototype.resume = function () {
  if (!this._paused) return this;
  this._paused = false;
  if (this._ondata && typeof this.input.resume === 'function') this.input.resume();
  this.emit('resume');
  return this;
};
Interface.prototype.setPrompt = function (p) { this._prompt = String(p); };
Interface.prototype.getPrompt = function () { return this._prompt; };
Interface.prototype.prompt = function () {
  if (this.closed) throw Object.assign(new Error('readline was closed'), { code: 'ERR_USE_AFTER_CLOSE' });
  if (this.output && typeof this.output.write === 'function') this.output.write(this._prompt);
};
Interface.prototype.write = function (data) {
  if (this.closed) throw Object.assign(new Error('readline was closed'), { code: 'ERR_USE_AFTER_CLOSE' });
  this._feed(String(data));
};
Interface.prototype.getCursorPos = function () { return { rows: 0, cols: this.cursor }; };
Interface.prototype.question = function (query, opts, cb) {
  if (typeof opts === 'function') { cb = opts; opts = undefined; }
  if (this.closed) throw Object.assign(new Error('readline was closed'), { code: 'ERR_USE_AFTER_CLOSE' });
  if (typeof cb !== 'function') return;
  if (this.output && typeof this.output.write === 'function') this.output.write(String(query));
  this._questions.push(cb);
};
Interface.prototype[kAsyncIterator] = function () {
  var self = this;
  var lines = [];
  var waiting = [];
  var done = false;
  function onLine(l) {
    if (waiting.length) waiting.shift()({ value: l, done: false });
    else lines.push(l);
  }
  function finish() {
    done = true;
    self.removeListener('line', onLine);
    while (waiting.length) waiting.shift()({ value: undefined, done: true });
  }
  this.on('line', onLine);
  this.once('close', finish);
  if (this.closed) finish();
  var it = {
    next: function () {
      if (lines.length) return Promise.resolve({ value: lines.shift(), done: false });
      if (done) return Promise.resolve({ value: undefined, done: true });
      return new Promise(function (resolve) { waiting.push(resolve); });
    },
    return: function () {
      lines.length = 0;
      self.close();
      finish();
      return Promise.resolve({ value: undefined, done: true });
    }
  };
  it[kAsyncIterator] = function () { return this; };
  return it;
};

function createInterface(input, output, completer, terminal) {
  return new Interface(input, output, completer, terminal);
}

var CSI = '\x1b[';
function write(stream, s, cb) {
  if (!stream) { if (typeof cb === 'function') timers.setImmediate(cb); return true; }
  return stream.write(s, cb);
}
function cursorTo(stream, x, y, cb) {
  if (typeof y === 'function') { cb = y; y = undefined; }
  return write(stream, typeof y !== 'number' ? CSI + (x + 1) + 'G' : CSI + (y + 1) + ';' + (x + 1) + 'H', cb);
}
function moveCursor(stream, dx, dy, cb) {
  var s = '';
  if (dx < 0) s += CSI + -dx + 'D'; else if (dx > 0) s += CSI + dx + 'C';
  if (dy < 0) s += CSI + -dy + 'A'; else if (dy > 0) s += CSI + dy + 'B';
  return write(stream, s, cb);
}
function clearLine(stream, dir, cb) {
  return write(stream, dir < 0 ? CSI + '1K' : dir > 0 ? CSI + '0K' : CSI + '2K', cb);
}
function clearScreenDown(stream, cb) { return write(stream, CSI + '0J', cb); }

exports.Interface = Interface;
exports.createInterface = createInterface;
exports.cursorTo = cursorTo;
exports.moveCursor = moveCursor;
exports.clearLine = clearLine;
exports.clearScreenDown = clearScreenDown;
exports.emitKeypressEvents = function () {};

function PInterface(input, output, completer, terminal) {
  if (!(this instanceof PInterface)) return new PInterface(input, output, completer, terminal);
  Interface.call(this, input, output, completer, terminal);
}
Object.setPrototypeOf(PInterface.prototype, Interface.prototype);
Object.setPrototypeOf(PInterface, Interface);
PInterface.prototype.question = function (query, opts) {
  var self = this;
  return new Promise(function (resolve) { Interface.prototype.question.call(self, query, opts, resolve); });
};
exports.promises = {
  Interface: PInterface,
  createInterface: function (input, output, completer, terminal) { return new PInterface(input, output, completer, terminal); }
};
})`

// jsStdin is a Readable of the exec's standard input (stdinStream).
const jsStdin = `(function (module, exports, require, binding) {
'use strict';
var Readable = require('stream').Readable;
var Buffer = require('buffer').Buffer;
var done = false;
var s = new Readable({
  read: function () {
    if (done) return;
    done = true;
    var b = Buffer.from(binding.stdinBytes());
    if (b.length) this.push(b);
    this.push(null);
  }
});
s.fd = 0;
s.isTTY = false;
module.exports = s;
})`

const jsModule = `(function (module, exports, require, binding) {
'use strict';
var builtins = binding.builtinModules();
function Module(id, parent) {
  this.id = id === undefined ? '' : id;
  this.exports = {};
  this.filename = null;
  this.loaded = false;
  this.children = [];
  this.paths = [];
}
function invalid(f) {
  var e = new TypeError('The argument \'filename\' must be a file URL object, file URL string, or absolute path string. Received ' + (typeof f === 'string' ? '\'' + f + '\'' : String(f)));
  e.code = 'ERR_INVALID_ARG_VALUE';
  return e;
}
Module.createRequire = function createRequire(filename) {
  var f = filename;
  if (f && typeof f === 'object' && typeof f.href === 'string') f = f.href;
  if (typeof f !== 'string') throw invalid(filename);
  if (f.indexOf('file://') === 0) f = require('url').fileURLToPath(f);
  else if (f.charAt(0) !== '/') throw invalid(filename);
  var dir = f.charAt(f.length - 1) === '/' ? f : f.slice(0, f.lastIndexOf('/')) || '/';
  return binding.requireFrom(dir);
};
Module.builtinModules = builtins;
Module.isBuiltin = function isBuiltin(s) {
  s = String(s);
  if (s.indexOf('node:') === 0) s = s.slice(5);
  return builtins.indexOf(s) >= 0;
};
Module.Module = Module;
module.exports = Module;
})`

const jsPerfHooks = `(function (module, exports, require, binding) {
'use strict';
exports.performance = binding.performance();
var lib = binding.perfLib();
exports.PerformanceEntry = lib.PerformanceEntry;
exports.PerformanceMark = lib.PerformanceMark;
exports.PerformanceMeasure = lib.PerformanceMeasure;
})`

// jsAsyncHooks is AsyncLocalStorage and AsyncResource over the context
// asyncContext (node_stream.go) carries through promise jobs. A context is
// a Map from storage to store that is copied, never changed.
const jsAsyncHooks = `(function (module, exports, require, binding) {
'use strict';
var get = binding.getContext, set = binding.setContext;
function withContext(ctx, fn, thisArg, args) {
  var prev = get();
  set(ctx);
  try { return fn.apply(thisArg, args); } finally { set(prev); }
}
function changed(als, store, remove) {
  var m = new Map(get());
  if (remove) m.delete(als); else m.set(als, store);
  return m.size ? m : undefined;
}
function checkFn(fn) {
  if (typeof fn !== 'function') {
    var e = new TypeError('The "fn" argument must be of type function. Received ' + (fn === null ? 'null' : typeof fn));
    e.code = 'ERR_INVALID_ARG_TYPE';
    throw e;
  }
}
class AsyncLocalStorage {
  static bind(fn) { checkFn(fn); return AsyncResource.bind(fn); }
  static snapshot() {
    var ctx = get();
    return function runInAsyncScope(fn) {
      return withContext(ctx, fn, this, Array.prototype.slice.call(arguments, 1));
    };
  }
  disable() {
    var c = get();
    if (c && c.has(this)) set(changed(this, undefined, true));
  }
  getStore() {
    var c = get();
    return c ? c.get(this) : undefined;
  }
  enterWith(store) { set(changed(this, store, false)); }
  run(store, callback) {
    return withContext(changed(this, store, false), callback, undefined, Array.prototype.slice.call(arguments, 2));
  }
  exit(callback) {
    return withContext(changed(this, undefined, true), callback, undefined, Array.prototype.slice.call(arguments, 1));
  }
}
class AsyncResource {
  constructor(type) {
    if (typeof type !== 'string') {
      var e = new TypeError('The "type" argument must be of type string. Received ' + (type === null ? 'null' : typeof type));
      e.code = 'ERR_INVALID_ARG_TYPE';
      throw e;
    }
    this.type = type;
    this._ctx = get();
  }
  runInAsyncScope(fn, thisArg) {
    return withContext(this._ctx, fn, thisArg, Array.prototype.slice.call(arguments, 2));
  }
  emitDestroy() { return this; }
  bind(fn, thisArg) {
    checkFn(fn);
    var res = this;
    var bound = function () {
      return res.runInAsyncScope.apply(res, [fn, thisArg === undefined ? this : thisArg].concat(Array.prototype.slice.call(arguments)));
    };
    Object.defineProperty(bound, 'length', { value: fn.length, configurable: true });
    bound.asyncResource = this;
    return bound;
  }
  static bind(fn, type, thisArg) {
    return new AsyncResource(type || fn.name || 'bound-anonymous-fn').bind(fn, thisArg);
  }
}
exports.AsyncLocalStorage = AsyncLocalStorage;
exports.AsyncResource = AsyncResource;
})`
