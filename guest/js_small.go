package guest

// Polyfills of tty, diagnostics_channel, net and dns (node_small.go). Each
// evaluates to function(module, exports, require, binding) and is plain
// ES2015+ that goja runs as is. They follow Node 20's lib/ code in
// behaviour, messages and codes; diagnostics_channel is Node's own file,
// adapted. Guests have no network: net and dns keep Node's shapes and
// argument checks, and every connect, listen and name lookup fails with
// EACCES (jsSmallNoNetwork).
var jsSmallSources = map[string]string{
	"tty":                 jsSmallWrap(jsTTY),
	"diagnostics_channel": jsSmallWrap(jsDiagnosticsChannel),
	"net":                 jsSmallWrap(jsNet),
	"dns":                 jsSmallWrap(jsDNS),
}

func jsSmallWrap(body string) string {
	return "(function (module, exports, require, binding) {\n'use strict';\n" + jsSmallErrors + body + "\n})"
}

// jsSmallErrors are Node's error codes and validators (internal/errors.js,
// internal/validators.js) that the polyfills share.
const jsSmallErrors = `
function nodeError(Base, code, msg) {
  const e = new Base(msg);
  e.code = code;
  return e;
}
function kind(name) { return name.indexOf('.') >= 0 ? 'property' : 'argument'; }
function argType(name, expected, v) {
  return nodeError(TypeError, 'ERR_INVALID_ARG_TYPE', 'The "' + name + '" ' + kind(name) + ' must be ' + expected + '. Received ' + binding.received(v));
}
function argValue(name, v, reason, shown) {
  let s = shown === undefined ? binding.inspect(v) : shown;
  if (s.length > 128) s = s.slice(0, 128) + '...';
  return nodeError(TypeError, 'ERR_INVALID_ARG_VALUE', 'The ' + kind(name) + " '" + name + "' " + (reason || 'is invalid') + '. Received ' + s);
}
function separate(s) {
  let res = '', i = s.length;
  const start = s[0] === '-' ? 1 : 0;
  for (; i >= start + 4; i -= 3) res = '_' + s.slice(i - 3, i) + res;
  return s.slice(0, i) + res;
}
function outOfRange(name, range, v) {
  const got = Number.isInteger(v) && Math.abs(v) > 2 ** 32 ? separate(String(v)) : binding.inspect(v);
  return nodeError(RangeError, 'ERR_OUT_OF_RANGE', 'The value of "' + name + '" is out of range. It must be ' + range + '. Received ' + got);
}
function validateFunction(v, name) { if (typeof v !== 'function') throw argType(name, 'of type function', v); }
function validateString(v, name) { if (typeof v !== 'string') throw argType(name, 'of type string', v); }
function validateBoolean(v, name) { if (typeof v !== 'boolean') throw argType(name, 'of type boolean', v); }
function validateNumber(v, name) { if (typeof v !== 'number') throw argType(name, 'of type number', v); }
function validateObject(v, name) {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) throw argType(name, 'of type object', v);
}
function validateInteger(v, name, min = Number.MIN_SAFE_INTEGER, max = Number.MAX_SAFE_INTEGER) {
  validateNumber(v, name);
  if (!Number.isInteger(v)) throw outOfRange(name, 'an integer', v);
  if (v < min || v > max) throw outOfRange(name, '>= ' + min + ' && <= ' + max, v);
}
function validateInt32(v, name, min = -2147483648, max = 2147483647) { validateInteger(v, name, min, max); }
function validateUint32(v, name, positive) { validateInteger(v, name, positive ? 1 : 0, 4294967295); }
function validateOneOf(v, name, list) {
  if (list.indexOf(v) < 0) {
    const allowed = list.map((x) => typeof x === 'string' ? "'" + x + "'" : String(x)).join(', ');
    throw argValue(name, v, 'must be one of: ' + allowed);
  }
}
function validatePort(port, name = 'Port', allowZero = true) {
  if ((typeof port !== 'number' && typeof port !== 'string') ||
      (typeof port === 'string' && port.trim().length === 0) ||
      +port !== (+port >>> 0) || port > 0xFFFF || (port === 0 && !allowZero)) {
    throw nodeError(RangeError, 'ERR_SOCKET_BAD_PORT', name + ' should be ' + (allowZero ? '>=' : '>') + ' 0 and < 65536. Received ' + binding.received(port) + '.');
  }
  return port | 0;
}
function missingArgs(names) {
  const q = names.map((n) => '"' + n + '"');
  let s;
  if (q.length === 1) s = q[0] + ' argument';
  else if (q.length === 2) s = q[0] + ' and ' + q[1] + ' arguments';
  else s = q.slice(0, -1).join(', ') + ', and ' + q[q.length - 1] + ' arguments';
  return nodeError(TypeError, 'ERR_MISSING_ARGS', 'The ' + s + ' must be specified');
}
// Node's isIP (internal/net.js).
const v4Seg = '(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9][0-9]|[0-9])';
const v4Str = '(?:' + v4Seg + '\\.){3}' + v4Seg;
const IPv4Reg = new RegExp('^' + v4Str + '$');
const v6Seg = '(?:[0-9a-fA-F]{1,4})';
const IPv6Reg = new RegExp('^(?:' +
  '(?:' + v6Seg + ':){7}(?:' + v6Seg + '|:)|' +
  '(?:' + v6Seg + ':){6}(?:' + v4Str + '|:' + v6Seg + '|:)|' +
  '(?:' + v6Seg + ':){5}(?::' + v4Str + '|(?::' + v6Seg + '){1,2}|:)|' +
  '(?:' + v6Seg + ':){4}(?:(?::' + v6Seg + '){0,1}:' + v4Str + '|(?::' + v6Seg + '){1,3}|:)|' +
  '(?:' + v6Seg + ':){3}(?:(?::' + v6Seg + '){0,2}:' + v4Str + '|(?::' + v6Seg + '){1,4}|:)|' +
  '(?:' + v6Seg + ':){2}(?:(?::' + v6Seg + '){0,3}:' + v4Str + '|(?::' + v6Seg + '){1,5}|:)|' +
  '(?:' + v6Seg + ':){1}(?:(?::' + v6Seg + '){0,4}:' + v4Str + '|(?::' + v6Seg + '){1,6}|:)|' +
  '(?::(?:(?::' + v6Seg + '){0,5}:' + v4Str + '|(?::' + v6Seg + '){1,7}|:))' +
')(?:%[0-9a-zA-Z-.:]{1,})?$');

function isIPv4(s) { return IPv4Reg.test(s); }
function isIPv6(s) { return IPv6Reg.test(s); }
function isIP(s) {
  if (isIPv4(s)) return 4;
  if (isIPv6(s)) return 6;
  return 0;
}

// jsSmallNoNetwork: what a guest gets for any attempt to use the network.
function noNetwork(syscall, target, extra) {
  const e = new Error(syscall + ' EACCES ' + target + ' - guests have no network access');
  e.errno = -13;
  e.code = 'EACCES';
  e.syscall = syscall;
  if (extra) Object.assign(e, extra);
  return e;
}
`

const jsTTY = `
// Node 20's lib/tty.js and lib/internal/tty.js (getColorDepth is after
// chalk's supports-color, MIT, Sindre Sorhus). No guest fd is a terminal:
// isatty is false and making a tty stream fails as Node's does on a file.
const net = require('net');
let readline;

function isatty(fd) {
  return false;
}

class SystemError extends Error {
  constructor(code, prefix, info) {
    super(prefix + ': ' + info.syscall + ' returned ' + info.code + ' (' + info.message + ')');
    this.code = code;
    Object.defineProperties(this, {
      name: { value: 'SystemError', enumerable: false, writable: true, configurable: true },
      info: { value: info, enumerable: true, configurable: true, writable: false },
      errno: { get() { return info.errno; }, set(v) { info.errno = v; }, enumerable: true, configurable: true },
      syscall: { get() { return info.syscall; }, set(v) { info.syscall = v; }, enumerable: true, configurable: true },
    });
  }
  toString() { return this.name + ' [' + this.code + ']: ' + this.message; }
}

function initTTY(fd) {
  if (fd >> 0 !== fd || fd < 0) {
    throw nodeError(RangeError, 'ERR_INVALID_FD', '"fd" must be a positive integer: ' + fd);
  }
  throw new SystemError('ERR_TTY_INIT_FAILED', 'TTY initialization failed',
    { errno: -22, code: 'EINVAL', message: 'invalid argument', syscall: 'uv_tty_init' });
}

function ReadStream(fd, options) {
  if (!(this instanceof ReadStream)) return new ReadStream(fd, options);
  initTTY(fd);
}
Object.setPrototypeOf(ReadStream.prototype, net.Socket.prototype);
Object.setPrototypeOf(ReadStream, net.Socket);
ReadStream.prototype.setRawMode = function setRawMode(flag) {
  this.isRaw = !!flag;
  return this;
};

function WriteStream(fd) {
  if (!(this instanceof WriteStream)) return new WriteStream(fd);
  initTTY(fd);
}
Object.setPrototypeOf(WriteStream.prototype, net.Socket.prototype);
Object.setPrototypeOf(WriteStream, net.Socket);

const COLORS_2 = 1, COLORS_16 = 4, COLORS_256 = 8, COLORS_16m = 24;
const TERM_ENVS = {
  'eterm': COLORS_16, 'cons25': COLORS_16, 'console': COLORS_16, 'cygwin': COLORS_16, 'dtterm': COLORS_16,
  'gnome': COLORS_16, 'hurd': COLORS_16, 'jfbterm': COLORS_16, 'konsole': COLORS_16, 'kterm': COLORS_16,
  'mlterm': COLORS_16, 'mosh': COLORS_16m, 'putty': COLORS_16, 'st': COLORS_16,
  'rxvt-unicode-24bit': COLORS_16m, 'terminator': COLORS_16m,
};
const TERM_ENVS_REG_EXP = [/ansi/, /color/, /linux/, /^con[0-9]*x[0-9]/, /^rxvt/, /^screen/, /^xterm/, /^vt100/];

let warned = false;
function warnOnDeactivatedColors(env) {
  if (warned) return;
  let name = '';
  if (env.NODE_DISABLE_COLORS !== undefined) name = 'NODE_DISABLE_COLORS';
  if (env.NO_COLOR !== undefined) {
    if (name !== '') name += "' and '";
    name += 'NO_COLOR';
  }
  if (name !== '') {
    process.emitWarning("The '" + name + "' env is ignored due to the 'FORCE_COLOR' env being set.", 'Warning');
    warned = true;
  }
}

function getColorDepth(env = process.env) {
  if (env.FORCE_COLOR !== undefined) {
    switch (env.FORCE_COLOR) {
      case '': case '1': case 'true':
        warnOnDeactivatedColors(env);
        return COLORS_16;
      case '2':
        warnOnDeactivatedColors(env);
        return COLORS_256;
      case '3':
        warnOnDeactivatedColors(env);
        return COLORS_16m;
      default:
        return COLORS_2;
    }
  }
  if (env.NODE_DISABLE_COLORS !== undefined || env.NO_COLOR !== undefined || env.TERM === 'dumb') return COLORS_2;
  if (env.TMUX) return COLORS_256;
  if (env.CI) {
    if (['APPVEYOR', 'BUILDKITE', 'CIRCLECI', 'DRONE', 'GITHUB_ACTIONS', 'GITLAB_CI', 'TRAVIS'].some((sign) => sign in env) ||
        env.CI_NAME === 'codeship') {
      return COLORS_256;
    }
    return COLORS_2;
  }
  if ('TEAMCITY_VERSION' in env) {
    return /^(9\.(0*[1-9]\d*)\.|\d{2,}\.)/.exec(env.TEAMCITY_VERSION) !== null ? COLORS_16 : COLORS_2;
  }
  switch (env.TERM_PROGRAM) {
    case 'iTerm.app':
      if (!env.TERM_PROGRAM_VERSION || /^[0-2]\./.exec(env.TERM_PROGRAM_VERSION) !== null) return COLORS_256;
      return COLORS_16m;
    case 'HyperTerm':
    case 'MacTerm':
      return COLORS_16m;
    case 'Apple_Terminal':
      return COLORS_256;
  }
  if (env.COLORTERM === 'truecolor' || env.COLORTERM === '24bit') return COLORS_16m;
  if (env.TERM) {
    if (/^xterm-256/.exec(env.TERM) !== null) return COLORS_256;
    const termEnv = String(env.TERM).toLowerCase();
    if (TERM_ENVS[termEnv]) return TERM_ENVS[termEnv];
    if (TERM_ENVS_REG_EXP.some((term) => term.exec(termEnv) !== null)) return COLORS_16;
  }
  if (env.COLORTERM) return COLORS_16;
  return COLORS_2;
}

function hasColors(count, env) {
  if (env === undefined && (count === undefined || (typeof count === 'object' && count !== null))) {
    env = count;
    count = 16;
  } else {
    validateInteger(count, 'count', 2);
  }
  return count <= 2 ** getColorDepth(env);
}

WriteStream.prototype.isTTY = true;
WriteStream.prototype.getColorDepth = getColorDepth;
WriteStream.prototype.hasColors = hasColors;
WriteStream.prototype._refreshSize = function _refreshSize() {};
WriteStream.prototype.cursorTo = function cursorTo(x, y, callback) {
  if (readline === undefined) readline = require('readline');
  return readline.cursorTo(this, x, y, callback);
};
WriteStream.prototype.moveCursor = function moveCursor(dx, dy, callback) {
  if (readline === undefined) readline = require('readline');
  return readline.moveCursor(this, dx, dy, callback);
};
WriteStream.prototype.clearLine = function clearLine(dir, callback) {
  if (readline === undefined) readline = require('readline');
  return readline.clearLine(this, dir, callback);
};
WriteStream.prototype.clearScreenDown = function clearScreenDown(callback) {
  if (readline === undefined) readline = require('readline');
  return readline.clearScreenDown(this, callback);
};
WriteStream.prototype.getWindowSize = function getWindowSize() {
  return [this.columns, this.rows];
};

module.exports = { isatty, ReadStream, WriteStream };
`

const jsDiagnosticsChannel = `
// Adapted from Node 20's lib/diagnostics_channel.js:
// Copyright Node.js contributors. All rights reserved.
// Permission is hereby granted, free of charge, to any person obtaining a
// copy of this software and associated documentation files (the
// "Software"), to deal in the Software without restriction, including
// without limitation the rights to use, copy, modify, merge, publish,
// distribute, sublicense, and/or sell copies of the Software, and to permit
// persons to whom the Software is furnished to do so, subject to the
// following conditions:
// The above copyright notice and this permission notice shall be included
// in all copies or substantial portions of the Software.
// THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS
// OR IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF
// MERCHANTABILITY, FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN
// NO EVENT SHALL THE AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM,
// DAMAGES OR OTHER LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR
// OTHERWISE, ARISING FROM, OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE
// USE OR OTHER DEALINGS IN THE SOFTWARE.
//
// Changes: no primordials; channels are held strongly (goja cannot observe
// garbage collection, so Node's WeakRefMap would be a Map anyway); an
// exception in a subscriber is rethrown from process.nextTick, which ends
// the exec as Node's triggerUncaughtException ends the process.

const channels = new Map();

function markActive(channel) {
  Object.setPrototypeOf(channel, ActiveChannel.prototype);
  channel._subscribers = [];
  channel._stores = new Map();
}

function maybeMarkInactive(channel) {
  if (!channel._subscribers.length && !channel._stores.size) {
    Object.setPrototypeOf(channel, Channel.prototype);
    channel._subscribers = undefined;
    channel._stores = undefined;
  }
}

function defaultTransform(data) {
  return data;
}

function rethrow(err) {
  process.nextTick(() => { throw err; });
}

function wrapStoreRun(store, data, next, transform = defaultTransform) {
  return () => {
    let context;
    try {
      context = transform(data);
    } catch (err) {
      rethrow(err);
      return next();
    }
    return store.run(context, next);
  };
}

class ActiveChannel {
  subscribe(subscription) {
    validateFunction(subscription, 'subscription');
    this._subscribers = this._subscribers.slice();
    this._subscribers.push(subscription);
  }

  unsubscribe(subscription) {
    const index = this._subscribers.indexOf(subscription);
    if (index === -1) return false;
    const before = this._subscribers.slice(0, index);
    const after = this._subscribers.slice(index + 1);
    this._subscribers = before;
    this._subscribers.push(...after);
    maybeMarkInactive(this);
    return true;
  }

  bindStore(store, transform) {
    this._stores.set(store, transform);
  }

  unbindStore(store) {
    if (!this._stores.has(store)) return false;
    this._stores.delete(store);
    maybeMarkInactive(this);
    return true;
  }

  get hasSubscribers() {
    return true;
  }

  publish(data) {
    const subscribers = this._subscribers;
    for (let i = 0; i < ((subscribers && subscribers.length) || 0); i++) {
      try {
        const onMessage = subscribers[i];
        onMessage(data, this.name);
      } catch (err) {
        rethrow(err);
      }
    }
  }

  runStores(data, fn, thisArg, ...args) {
    let run = () => {
      this.publish(data);
      return Reflect.apply(fn, thisArg, args);
    };
    for (const entry of this._stores.entries()) {
      run = wrapStoreRun(entry[0], data, run, entry[1]);
    }
    return run();
  }
}

class Channel {
  constructor(name) {
    this._subscribers = undefined;
    this._stores = undefined;
    this.name = name;
    channels.set(name, this);
  }

  static [Symbol.hasInstance](instance) {
    const prototype = Object.getPrototypeOf(instance);
    return prototype === Channel.prototype || prototype === ActiveChannel.prototype;
  }

  subscribe(subscription) {
    markActive(this);
    this.subscribe(subscription);
  }

  unsubscribe() {
    return false;
  }

  bindStore(store, transform) {
    markActive(this);
    this.bindStore(store, transform);
  }

  unbindStore() {
    return false;
  }

  get hasSubscribers() {
    return false;
  }

  publish() {}

  runStores(data, fn, thisArg, ...args) {
    return Reflect.apply(fn, thisArg, args);
  }
}

function channel(name) {
  const ch = channels.get(name);
  if (ch) return ch;
  if (typeof name !== 'string' && typeof name !== 'symbol') {
    throw argType('channel', 'one of type string or symbol', name);
  }
  return new Channel(name);
}

function subscribe(name, subscription) {
  return channel(name).subscribe(subscription);
}

function unsubscribe(name, subscription) {
  return channel(name).unsubscribe(subscription);
}

function hasSubscribers(name) {
  const ch = channels.get(name);
  if (!ch) return false;
  return ch.hasSubscribers;
}

const traceEvents = ['start', 'end', 'asyncStart', 'asyncEnd', 'error'];

function assertChannel(value, name) {
  if (!(value instanceof Channel)) {
    throw argType(name, 'an instance of Channel', value);
  }
}

function tracingChannelFrom(nameOrChannels, name) {
  if (typeof nameOrChannels === 'string') {
    return channel('tracing:' + nameOrChannels + ':' + name);
  }
  if (typeof nameOrChannels === 'object' && nameOrChannels !== null) {
    const ch = nameOrChannels[name];
    assertChannel(ch, 'nameOrChannels.' + name);
    return ch;
  }
  throw argType('nameOrChannels', 'of type string or an instance of TracingChannel or Object', nameOrChannels);
}

class TracingChannel {
  constructor(nameOrChannels) {
    for (const eventName of traceEvents) {
      Object.defineProperty(this, eventName, {
        __proto__: null,
        value: tracingChannelFrom(nameOrChannels, eventName),
      });
    }
  }

  get hasSubscribers() {
    return this.start.hasSubscribers ||
      this.end.hasSubscribers ||
      this.asyncStart.hasSubscribers ||
      this.asyncEnd.hasSubscribers ||
      this.error.hasSubscribers;
  }

  subscribe(handlers) {
    for (const name of traceEvents) {
      if (!handlers[name]) continue;
      if (this[name]) this[name].subscribe(handlers[name]);
    }
  }

  unsubscribe(handlers) {
    let done = true;
    for (const name of traceEvents) {
      if (!handlers[name]) continue;
      if (!(this[name] && this[name].unsubscribe(handlers[name]))) done = false;
    }
    return done;
  }

  traceSync(fn, context = {}, thisArg, ...args) {
    if (!this.hasSubscribers) return Reflect.apply(fn, thisArg, args);
    const { start, end, error } = this;
    return start.runStores(context, () => {
      try {
        const result = Reflect.apply(fn, thisArg, args);
        context.result = result;
        return result;
      } catch (err) {
        context.error = err;
        error.publish(context);
        throw err;
      } finally {
        end.publish(context);
      }
    });
  }

  tracePromise(fn, context = {}, thisArg, ...args) {
    if (!this.hasSubscribers) return Reflect.apply(fn, thisArg, args);
    const { start, end, asyncStart, asyncEnd, error } = this;
    function reject(err) {
      context.error = err;
      error.publish(context);
      asyncStart.publish(context);
      asyncEnd.publish(context);
      return Promise.reject(err);
    }
    function resolve(result) {
      context.result = result;
      asyncStart.publish(context);
      asyncEnd.publish(context);
      return result;
    }
    return start.runStores(context, () => {
      try {
        let promise = Reflect.apply(fn, thisArg, args);
        if (!(promise instanceof Promise)) promise = Promise.resolve(promise);
        return Promise.prototype.then.call(promise, resolve, reject);
      } catch (err) {
        context.error = err;
        error.publish(context);
        throw err;
      } finally {
        end.publish(context);
      }
    });
  }

  traceCallback(fn, position = -1, context = {}, thisArg, ...args) {
    if (!this.hasSubscribers) return Reflect.apply(fn, thisArg, args);
    const { start, end, asyncStart, asyncEnd, error } = this;
    function wrappedCallback(err, res) {
      // Not arguments inside the arrow below: goja gets an arrow's
      // enclosing arguments wrong.
      const cbArgs = arguments;
      if (err) {
        context.error = err;
        error.publish(context);
      } else {
        context.result = res;
      }
      asyncStart.runStores(context, () => {
        try {
          return Reflect.apply(callback, this, cbArgs);
        } finally {
          asyncEnd.publish(context);
        }
      });
    }
    const callback = args.at(position);
    validateFunction(callback, 'callback');
    args.splice(position, 1, wrappedCallback);
    return start.runStores(context, () => {
      try {
        return Reflect.apply(fn, thisArg, args);
      } catch (err) {
        context.error = err;
        error.publish(context);
        throw err;
      } finally {
        end.publish(context);
      }
    });
  }
}

function tracingChannel(nameOrChannels) {
  return new TracingChannel(nameOrChannels);
}

module.exports = { channel, hasSubscribers, subscribe, tracingChannel, unsubscribe, Channel };
`

const jsNet = `
// Node 20's lib/net.js less the sockets: Socket and Server keep their
// shapes, argument checks and events, but a connect fails with 'error'
// then 'close' (hadError true) and a listen with 'error', each on a later
// tick, with an EACCES system error that says why. isIP is Node's own
// regular expressions (in jsSmallErrors); BlockList and SocketAddress parse and print
// addresses as libuv does (binding.inetPton/inetNtop).
const EventEmitter = require('events');
const stream = require('stream');
const dns = require('dns');

// ---- SocketAddress and BlockList ----

const kHandle = Symbol('kHandle');
const kInspect = Symbol.for('nodejs.util.inspect.custom');

class SocketAddress {
  static isSocketAddress(value) {
    return value != null && value[kHandle] !== undefined;
  }

  constructor(options = {}) {
    validateObject(options, 'options');
    let { family = 'ipv4' } = options;
    const { address = (family === 'ipv4' ? '127.0.0.1' : '::'), port = 0, flowlabel = 0 } = options;
    if (family != null && typeof family.toLowerCase === 'function') family = family.toLowerCase();
    if (family !== 'ipv4' && family !== 'ipv6') throw argValue('options.family', options.family);
    validateString(address, 'options.address');
    validatePort(port, 'options.port');
    validateUint32(flowlabel, 'options.flowlabel', false);
    const bytes = binding.inetPton(family, address);
    if (bytes === null) throw nodeError(Error, 'ERR_INVALID_ADDRESS', 'Invalid socket address');
    this[kHandle] = { bytes, family, address: binding.inetNtop(bytes), port: +port, flowlabel };
  }

  get address() { return this[kHandle].address; }
  get port() { return this[kHandle].port; }
  get family() { return this[kHandle].family; }
  get flowlabel() { return this[kHandle].flowlabel; }

  toJSON() {
    return { address: this.address, port: this.port, family: this.family, flowlabel: this.flowlabel };
  }

  [kInspect](depth, options) {
    return depth < 0 ? this : 'SocketAddress ' + require('util').inspect(this.toJSON(), options);
  }
}

// A v4 address against a v6 one: equal only if the v6 is v4-mapped
// (node_sockaddr.cc).
function mapped(b) {
  for (let i = 0; i < 10; i++) if (b[i] !== 0) return null;
  return b[10] === 0xff && b[11] === 0xff ? b.slice(12) : null;
}
// compare is -1, 0, 1, or NaN when not comparable.
function compare(a, b) {
  if (a.length !== b.length) {
    if (a.length === 16) { a = mapped(a); if (a === null) return NaN; }
    else { b = mapped(b); if (b === null) return NaN; }
  }
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i] < b[i] ? -1 : 1;
  return 0;
}
function inNetwork(addr, net, prefix) {
  if (addr.length !== net.length) {
    if (addr.length === 4) addr = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff].concat(addr);
    else { addr = mapped(addr); if (addr === null) return false; }
  }
  let i = 0;
  for (; prefix >= 8; prefix -= 8, i++) if (addr[i] !== net[i]) return false;
  if (prefix > 0) {
    const mask = (0xff << (8 - prefix)) & 0xff;
    if ((addr[i] & mask) !== (net[i] & mask)) return false;
  }
  return true;
}
function familyName(a) { return a.family === 'ipv4' ? 'IPv4' : 'IPv6'; }

const kRules = Symbol('kRules');
class BlockList {
  constructor() {
    this[kRules] = [];
  }

  addAddress(address, family = 'ipv4') {
    if (!SocketAddress.isSocketAddress(address)) {
      validateString(address, 'address');
      validateString(family, 'family');
      address = new SocketAddress({ address, family });
    }
    const a = address[kHandle];
    this[kRules].unshift({ text: 'Address: ' + familyName(a) + ' ' + a.address, test: (x) => compare(x, a.bytes) === 0 });
  }

  addRange(start, end, family = 'ipv4') {
    if (!SocketAddress.isSocketAddress(start)) {
      validateString(start, 'start');
      validateString(family, 'family');
      start = new SocketAddress({ address: start, family });
    }
    if (!SocketAddress.isSocketAddress(end)) {
      validateString(end, 'end');
      validateString(family, 'family');
      end = new SocketAddress({ address: end, family });
    }
    const s = start[kHandle], e = end[kHandle];
    if (compare(s.bytes, e.bytes) > 0) throw argValue('start', start, 'must come before end', 'SocketAddress ' + binding.inspect(start.toJSON()));
    this[kRules].unshift({
      text: 'Range: ' + familyName(s) + ' ' + s.address + '-' + e.address,
      test: (x) => compare(x, s.bytes) >= 0 && compare(x, e.bytes) <= 0,
    });
  }

  addSubnet(network, prefix, family = 'ipv4') {
    if (!SocketAddress.isSocketAddress(network)) {
      validateString(network, 'network');
      validateString(family, 'family');
      network = new SocketAddress({ address: network, family });
    }
    switch (network.family) {
      case 'ipv4': validateInt32(prefix, 'prefix', 0, 32); break;
      case 'ipv6': validateInt32(prefix, 'prefix', 0, 128); break;
    }
    const n = network[kHandle];
    this[kRules].unshift({ text: 'Subnet: ' + familyName(n) + ' ' + n.address + '/' + prefix, test: (x) => inNetwork(x, n.bytes, prefix) });
  }

  check(address, family = 'ipv4') {
    if (!SocketAddress.isSocketAddress(address)) {
      validateString(address, 'address');
      validateString(family, 'family');
      try {
        address = new SocketAddress({ address, family });
      } catch {
        return false;
      }
    }
    const bytes = address[kHandle].bytes;
    return this[kRules].some((r) => r.test(bytes));
  }

  get rules() {
    return this[kRules].map((r) => r.text);
  }

  [kInspect](depth, options) {
    return depth < 0 ? this : 'BlockList ' + require('util').inspect({ rules: this.rules }, options);
  }
}

// ---- Socket ----

const normalizedArgsSymbol = Symbol('normalizedArgs');

function toNumber(x) { return (x = Number(x)) >= 0 ? x : false; }
function isPipeName(s) { return typeof s === 'string' && toNumber(s) === false; }

function normalizeArgs(args) {
  let arr;
  if (args.length === 0) {
    arr = [{}, null];
    arr[normalizedArgsSymbol] = true;
    return arr;
  }
  const arg0 = args[0];
  let options = {};
  if (typeof arg0 === 'object' && arg0 !== null) {
    options = arg0;
  } else if (isPipeName(arg0)) {
    options.path = arg0;
  } else {
    options.port = arg0;
    if (args.length > 1 && typeof args[1] === 'string') options.host = args[1];
  }
  const cb = args[args.length - 1];
  arr = typeof cb !== 'function' ? [options, null] : [options, cb];
  arr[normalizedArgsSymbol] = true;
  return arr;
}

let autoSelectFamilyDefault = true;
let autoSelectFamilyAttemptTimeoutDefault = 250;

function Socket(options) {
  if (!(this instanceof Socket)) return new Socket(options);
  if (typeof options === 'number') options = { fd: options };
  else options = { ...options };
  if (options.fd !== undefined) {
    // The guest's descriptors are its stdio and files, none a socket.
    throw nodeError(TypeError, 'ERR_INVALID_FD_TYPE', 'Unsupported fd type: FILE');
  }
  options.allowHalfOpen = Boolean(options.allowHalfOpen);
  options.emitClose = false;
  options.autoDestroy = true;
  options.decodeStrings = false;
  stream.Duplex.call(this, options);
  this.connecting = false;
  this._hadError = false;
  this._handle = null;
  this._parent = null;
  this._host = null;
  this._pendingWrite = null;
  this._timer = null;
  this.server = null;
  this._server = null;
  this[kBytesRead] = 0;
  this[kBytesWritten] = 0;
}
const kBytesRead = Symbol('kBytesRead');
const kTried = Symbol('kTried'); // connect was called: Node would have a handle
const kBytesWritten = Symbol('kBytesWritten');
Object.setPrototypeOf(Socket.prototype, stream.Duplex.prototype);
Object.setPrototypeOf(Socket, stream.Duplex);

function getter(proto, name, get) {
  Object.defineProperty(proto, name, { __proto__: null, get, configurable: true, enumerable: true });
}
getter(Socket.prototype, 'pending', function () { return !this._handle || this.connecting; });
getter(Socket.prototype, 'readyState', function () {
  if (this.connecting) return 'opening';
  if (this.readable && this.writable) return 'open';
  if (this.readable && !this.writable) return 'readOnly';
  if (!this.readable && this.writable) return 'writeOnly';
  return 'closed';
});
getter(Socket.prototype, 'bufferSize', function () { return undefined; });
getter(Socket.prototype, 'bytesRead', function () { return this[kBytesRead]; });
getter(Socket.prototype, 'bytesWritten', function () { return this[kBytesWritten]; });
for (const k of ['remoteAddress', 'remoteFamily', 'remotePort', 'localAddress', 'localPort', 'localFamily']) {
  getter(Socket.prototype, k, function () { return undefined; });
}
getter(Socket.prototype, '_connecting', function () { return this.connecting; });

Socket.prototype.address = function address() { return {}; };
Socket.prototype.setNoDelay = function setNoDelay() { return this; };
Socket.prototype.setKeepAlive = function setKeepAlive() { return this; };
Socket.prototype.ref = function ref() { return this; };
Socket.prototype.unref = function unref() { return this; };
Socket.prototype.setTimeout = function setTimeout(msecs, callback) {
  if (this.destroyed) return this;
  this.timeout = msecs;
  if (this._timer) { clearTimeout(this._timer); this._timer = null; }
  if (msecs === 0) {
    if (callback !== undefined) { validateFunction(callback, 'callback'); this.removeListener('timeout', callback); }
    return this;
  }
  validateNumber(msecs, 'msecs');
  if (callback !== undefined) { validateFunction(callback, 'callback'); this.once('timeout', callback); }
  // Node's socket timers do not keep the process alive either.
  this._timer = globalThis.setTimeout(() => { this._timer = null; this.emit('timeout'); }, msecs);
  if (this._timer && this._timer.unref) this._timer.unref();
  return this;
};
Socket.prototype._read = function _read() {};
Socket.prototype._write = function _write(chunk, encoding, cb) {
  if (this.connecting) {
    this._pendingWrite = cb;
    return;
  }
  cb(nodeError(Error, 'ERR_SOCKET_CLOSED', 'Socket is closed'));
};
Socket.prototype._final = function _final(cb) {
  if (this.pending && this.connecting) return this.once('connect', () => this._final(cb));
  cb();
};
Socket.prototype._destroy = function _destroy(exception, cb) {
  const connected = this[kTried];
  this.connecting = false;
  this[kTried] = false;
  if (this._timer) { clearTimeout(this._timer); this._timer = null; }
  cb(exception);
  // Node's 'close' says hadError only for a socket that had a handle.
  if (connected) process.nextTick(() => this.emit('close', !!exception));
  else process.nextTick(() => this.emit('close'));
};
Socket.prototype.destroySoon = function destroySoon() {
  if (this.writable) this.end();
  if (this.writableFinished) this.destroy();
  else this.once('finish', this.destroy);
};
Socket.prototype.resetAndDestroy = function resetAndDestroy() {
  return this.destroy();
};

function connectFailed(self, err) {
  if (!self.connecting) return;
  self._hadError = true;
  const cb = self._pendingWrite;
  self._pendingWrite = null;
  self.connecting = false;
  if (cb) cb(err);
  self.destroy(err);
}

Socket.prototype.connect = function connect(...args) {
  let normalized;
  if (Array.isArray(args[0]) && args[0][normalizedArgsSymbol]) normalized = args[0];
  else normalized = normalizeArgs(args);
  const options = normalized[0];
  const cb = normalized[1];
  if (cb !== null) this.once('connect', cb);
  if (options.port === undefined && options.path == null) throw missingArgs(['options', 'port', 'path']);
  if (this.destroyed) {
    this._undestroy();
    this._handle = null;
  }
  const { path } = options;
  this.connecting = true;
  this[kTried] = true;
  if (path) {
    validateString(path, 'options.path');
    setImmediate(connectFailed, this, noNetwork('connect', path, { address: path }));
    return this;
  }
  const { localAddress, localPort } = options;
  const host = options.host || 'localhost';
  let { port, autoSelectFamily, autoSelectFamilyAttemptTimeout } = options;
  if (localAddress && !isIP(localAddress)) throw nodeError(TypeError, 'ERR_INVALID_IP_ADDRESS', 'Invalid IP address: ' + localAddress);
  if (localPort) validateNumber(localPort, 'options.localPort');
  if (typeof port !== 'undefined') {
    if (typeof port !== 'number' && typeof port !== 'string') throw argType('options.port', 'of type number or string', port);
    validatePort(port);
  }
  port |= 0;
  if (autoSelectFamily != null) validateBoolean(autoSelectFamily, 'options.autoSelectFamily');
  if (autoSelectFamilyAttemptTimeout != null) validateInt32(autoSelectFamilyAttemptTimeout, 'options.autoSelectFamilyAttemptTimeout', 1);
  const fail = (ip) => connectFailed(this, noNetwork('connect', ip + ':' + port, { address: ip, port }));
  // A refused connect reaches Node after a turn of its event loop.
  if (isIP(host)) {
    setImmediate(fail, host);
    return this;
  }
  if (options.lookup != null) validateFunction(options.lookup, 'options.lookup');
  this._host = host;
  const lookup = options.lookup || dns.lookup;
  const family = options.family === 'IPv4' ? 4 : options.family === 'IPv6' ? 6 : (options.family | 0);
  lookup(host, { family, hints: options.hints || 0 }, (err, ip, addressType) => {
    this.emit('lookup', err, ip, addressType, host);
    if (!this.connecting) return;
    if (err) {
      process.nextTick(connectFailed, this, err);
    } else if (!isIP(ip)) {
      process.nextTick(connectFailed, this, nodeError(TypeError, 'ERR_INVALID_IP_ADDRESS', 'Invalid IP address: ' + ip));
    } else {
      setImmediate(fail, ip);
    }
  });
  return this;
};

function connect(...args) {
  const normalized = normalizeArgs(args);
  const [options] = normalized;
  if (options.timeout) {
    const socket = new Socket(options);
    socket.setTimeout(options.timeout);
    return socket.connect(normalized);
  }
  const socket = new Socket(options);
  return socket.connect(normalized);
}

// ---- Server ----

function Server(options, connectionListener) {
  if (!(this instanceof Server)) return new Server(options, connectionListener);
  EventEmitter.call(this);
  if (typeof options === 'function') {
    connectionListener = options;
    options = {};
    this.on('connection', connectionListener);
  } else if (options == null || typeof options === 'object') {
    options = { ...options };
    if (typeof connectionListener === 'function') this.on('connection', connectionListener);
  } else {
    throw argType('options', 'of type object', options);
  }
  if (options.highWaterMark !== undefined) validateNumber(options.highWaterMark, 'options.highWaterMark');
  this._connections = 0;
  this._handle = null;
  this._usingWorkers = false;
  this._workers = [];
  this._unref = false;
  this._listening = false;
  this.allowHalfOpen = options.allowHalfOpen || false;
  this.pauseOnConnect = !!options.pauseOnConnect;
  this.noDelay = Boolean(options.noDelay);
  this.keepAlive = Boolean(options.keepAlive);
  this.keepAliveInitialDelay = ~~(options.keepAliveInitialDelay / 1000);
  this.highWaterMark = options.highWaterMark !== undefined ? options.highWaterMark : 16384;
}
Object.setPrototypeOf(Server.prototype, EventEmitter.prototype);
Object.setPrototypeOf(Server, EventEmitter);

getter(Server.prototype, 'listening', function () { return !!this._handle; });

Server.prototype.listen = function listen(...args) {
  const normalized = normalizeArgs(args);
  let options = normalized[0];
  const cb = normalized[1];
  if (cb !== null) this.once('listening', cb);
  options = options._handle || options.handle || options;
  if (args.length === 0 || typeof args[0] === 'function' ||
      (typeof options.port === 'undefined' && 'port' in options) || options.port === null) {
    options.port = 0;
  }
  const fail = (address, port) => {
    const target = port === undefined ? address : address + ':' + port;
    const extra = port === undefined ? { address } : { address, port };
    process.nextTick(() => this.emit('error', noNetwork('listen', target, extra)));
  };
  if (typeof options.port === 'number' || typeof options.port === 'string') {
    validatePort(options.port, 'options.port');
    const port = options.port | 0;
    if (!options.host) {
      fail('::', port);
    } else if (isIP(options.host)) {
      fail(options.host, port);
    } else {
      dns.lookup(options.host, (err, ip) => (err ? this.emit('error', err) : fail(ip, port)));
    }
    return this;
  }
  if (options.path && isPipeName(options.path)) {
    fail(options.path);
    return this;
  }
  if (!(('port' in options) || ('path' in options))) {
    throw argValue('options', options, 'must have the property "port" or "path"');
  }
  throw argValue('options', options);
};
Server.prototype.address = function address() { return null; };
Server.prototype.close = function close(cb) {
  if (typeof cb === 'function') {
    this.once('close', function onclose() {
      cb(nodeError(Error, 'ERR_SERVER_NOT_RUNNING', 'Server is not running.'));
    });
  }
  process.nextTick(() => this.emit('close'));
  return this;
};
Server.prototype.getConnections = function getConnections(cb) {
  process.nextTick(cb, null, this._connections);
  return this;
};
Server.prototype.ref = function ref() { this._unref = false; return this; };
Server.prototype.unref = function unref() { this._unref = true; return this; };

function createServer(options, connectionListener) {
  return new Server(options, connectionListener);
}

module.exports = {
  _normalizeArgs: normalizeArgs,
  _setSimultaneousAccepts() {},
  BlockList,
  SocketAddress,
  connect,
  createConnection: connect,
  createServer,
  isIP,
  isIPv4,
  isIPv6,
  Server,
  Socket,
  Stream: Socket,
  getDefaultAutoSelectFamily() { return autoSelectFamilyDefault; },
  setDefaultAutoSelectFamily(value) {
    validateBoolean(value, 'value');
    autoSelectFamilyDefault = value;
  },
  getDefaultAutoSelectFamilyAttemptTimeout() { return autoSelectFamilyAttemptTimeoutDefault; },
  setDefaultAutoSelectFamilyAttemptTimeout(value) {
    validateInt32(value, 'value', 1);
    if (value < 10) value = 10;
    autoSelectFamilyAttemptTimeoutDefault = value;
  },
};
`

const jsDNS = `
// Node 20's lib/dns.js argument checks and answers for what needs no
// network (an IP address looks up as itself); every query that would leave
// the guest fails on a later tick with EACCES (noNetwork).
const validFamilies = [0, 4, 6];
const validDnsOrders = ['verbatim', 'ipv4first', 'ipv6first'];
const ADDRCONFIG = 32, ALL = 16, V4MAPPED = 8;
let dnsOrder = 'verbatim';

const codes = {
  NODATA: 'ENODATA', FORMERR: 'EFORMERR', SERVFAIL: 'ESERVFAIL', NOTFOUND: 'ENOTFOUND', NOTIMP: 'ENOTIMP',
  REFUSED: 'EREFUSED', BADQUERY: 'EBADQUERY', BADNAME: 'EBADNAME', BADFAMILY: 'EBADFAMILY', BADRESP: 'EBADRESP',
  CONNREFUSED: 'ECONNREFUSED', TIMEOUT: 'ETIMEOUT', EOF: 'EOF', FILE: 'EFILE', NOMEM: 'ENOMEM',
  DESTRUCTION: 'EDESTRUCTION', BADSTR: 'EBADSTR', BADFLAGS: 'EBADFLAGS', NONAME: 'ENONAME', BADHINTS: 'EBADHINTS',
  NOTINITIALIZED: 'ENOTINITIALIZED', LOADIPHLPAPI: 'ELOADIPHLPAPI', ADDRGETNETWORKPARAMS: 'EADDRGETNETWORKPARAMS',
  CANCELLED: 'ECANCELLED',
};

function validateHints(hints) {
  if ((hints & ~(ADDRCONFIG | ALL | V4MAPPED)) !== 0) throw argValue('hints', hints);
}

function lookupArgs(hostname, options, callback, nargs) {
  let family = 0, all = false;
  if (hostname) validateString(hostname, 'hostname');
  if (typeof options === 'function') {
    callback = options;
  } else if (typeof options === 'number') {
    validateFunction(callback, 'callback');
    validateOneOf(options, 'family', validFamilies);
    family = options;
  } else if (options !== undefined && typeof options !== 'object') {
    validateFunction(nargs === 2 ? options : callback, 'callback');
    throw argType('options', 'of type object or integer', options);
  } else {
    if (nargs >= 0) validateFunction(callback, 'callback');
    if (options != null && options.hints != null) {
      validateNumber(options.hints, 'options.hints');
      validateHints(options.hints >>> 0);
    }
    if (options != null && options.family != null) {
      switch (options.family) {
        case 'IPv4': family = 4; break;
        case 'IPv6': family = 6; break;
        default:
          validateOneOf(options.family, 'options.family', validFamilies);
          family = options.family;
      }
    }
    if (options != null && options.all != null) {
      validateBoolean(options.all, 'options.all');
      all = options.all;
    }
    if (options != null && options.verbatim != null) validateBoolean(options.verbatim, 'options.verbatim');
    if (options != null && options.order != null) validateOneOf(options.order, 'options.order', validDnsOrders);
  }
  return { family, all, callback };
}

function invalidHostnameWarning(hostname) {
  process.emitWarning('The provided hostname "' + hostname + '" is not a valid hostname, and is supported in the dns module solely for compatibility.',
    'DeprecationWarning', 'DEP0118');
}

// answer is lookup's result without the network, or the error.
function answer(hostname, family, all) {
  if (!hostname) {
    invalidHostnameWarning(hostname);
    return all ? [null, []] : [null, null, family === 6 ? 6 : 4];
  }
  const matched = isIP(hostname);
  if (matched) return all ? [null, [{ address: hostname, family: matched }]] : [null, hostname, matched];
  return [noNetwork('getaddrinfo', hostname, { hostname })];
}

// later calls back as Node does: at once (next tick) with what needs no
// network, after a turn of the loop with a failed query.
function later(callback, args) {
  if (args[0]) setImmediate(callback, ...args);
  else process.nextTick(callback, ...args);
}

function lookup(hostname, options, callback) {
  const a = lookupArgs(hostname, options, callback, arguments.length);
  later(a.callback, answer(hostname, a.family, a.all));
  return {};
}

// util.promisify resolves { address, family } and { hostname, service }
// (a lone value as is), as Node's customPromisifyArgs makes it.
function promisifyArgs(f, names) {
  Object.defineProperty(f, Symbol.for('nodejs.util.promisify.custom'), {
    __proto__: null,
    enumerable: false,
    value: function (...args) {
      return new Promise((resolve, reject) => {
        f.call(this, ...args, (err, ...values) => {
          if (err) return reject(err);
          if (values.length < 2) return resolve(values[0]);
          resolve({ [names[0]]: values[0], [names[1]]: values[1] });
        });
      });
    },
  });
}
promisifyArgs(lookup, ['address', 'family']);

function lookupService(address, port, callback) {
  if (arguments.length !== 3) throw missingArgs(['address', 'port', 'callback']);
  if (isIP(address) === 0) throw argValue('address', address);
  validatePort(port);
  validateFunction(callback, 'callback');
  later(callback, [noNetwork('getnameinfo', address, { hostname: address })]);
  return {};
}

promisifyArgs(lookupService, ['hostname', 'service']);

const rrtypes = {
  ANY: 'resolveAny', A: 'resolve4', AAAA: 'resolve6', CAA: 'resolveCaa', CNAME: 'resolveCname', MX: 'resolveMx',
  NS: 'resolveNs', TXT: 'resolveTxt', SRV: 'resolveSrv', PTR: 'resolvePtr', NAPTR: 'resolveNaptr', SOA: 'resolveSoa',
};
// In the order of Node's Resolver.prototype.
const syscalls = {
  resolveAny: 'queryAny', resolve4: 'queryA', resolve6: 'queryAaaa', resolveCaa: 'queryCaa', resolveCname: 'queryCname',
  resolveMx: 'queryMx', resolveNs: 'queryNs', resolveTxt: 'queryTxt', resolveSrv: 'querySrv', resolvePtr: 'queryPtr',
  resolveNaptr: 'queryNaptr', resolveSoa: 'querySoa', reverse: 'getHostByAddr',
};
// In the order of Node's exports.
const bound = ['resolve', 'resolve4', 'resolve6', 'resolveAny', 'resolveCaa', 'resolveCname', 'resolveMx', 'resolveNaptr',
  'resolveNs', 'resolvePtr', 'resolveSoa', 'resolveSrv', 'resolveTxt', 'reverse'];

function checkServers(servers) {
  if (!Array.isArray(servers)) throw argType('servers', 'an instance of Array', servers);
  servers.forEach((serv, index) => {
    validateString(serv, 'servers[' + index + ']');
    let s = serv;
    const m = /^\[([^\]]+)\](?::(\d+))?$/.exec(s);
    if (m) s = m[1];
    else if (isIP(s) === 0) s = s.replace(/:\d+$/, '');
    if (isIP(s) === 0) throw nodeError(TypeError, 'ERR_INVALID_IP_ADDRESS', 'Invalid IP address: ' + serv);
  });
  return servers.slice();
}

class ResolverBase {
  constructor(options = undefined) {
    this._servers = [];
  }
  cancel() {}
  getServers() { return this._servers.slice(); }
  setServers(servers) { this._servers = checkServers(servers); }
  setLocalAddress(ipv4, ipv6) {
    validateString(ipv4, 'ipv4');
    if (ipv6 !== undefined) validateString(ipv6, 'ipv6');
  }
}

function query(method) {
  return function (name, options, callback) {
    if (typeof options === 'function') callback = options;
    validateString(name, 'name');
    validateFunction(callback, 'callback');
    later(callback, [noNetwork(syscalls[method], name, { hostname: name })]);
    return {};
  };
}

class Resolver extends ResolverBase {}
for (const m of Object.keys(syscalls)) Resolver.prototype[m] = query(m);
Resolver.prototype.resolve = function resolve(hostname, rrtype, callback) {
  let method;
  if (typeof rrtype === 'string') {
    method = rrtypes[rrtype];
  } else if (typeof rrtype === 'function') {
    method = 'resolve4';
    callback = rrtype;
  } else {
    throw argType('rrtype', 'of type string', rrtype);
  }
  if (typeof method !== 'string') throw argValue('rrtype', rrtype);
  return this[method](hostname, callback);
};

class PromiseResolver extends ResolverBase {}
for (const m of Object.keys(syscalls).concat(['resolve'])) {
  PromiseResolver.prototype[m] = function (...args) {
    const r = new Resolver();
    return new Promise((resolve, reject) => {
      if (m === 'resolve' && args.length < 2) args.push('A');
      r[m](...args, (err, res) => (err ? reject(err) : resolve(res)));
    });
  };
}

const defaultResolver = new Resolver();
const defaultPromiseResolver = new PromiseResolver();

function getDefaultResultOrder() { return dnsOrder; }
function setDefaultResultOrder(order) {
  validateOneOf(order, 'dnsOrder', validDnsOrders);
  dnsOrder = order;
}

const promises = {
  lookup(hostname, options) {
    const a = lookupArgs(hostname, options, undefined, -1);
    const r = answer(hostname, a.family, a.all);
    if (r[0]) return Promise.reject(r[0]);
    return Promise.resolve(a.all ? r[1] : { address: r[1], family: r[2] });
  },
  lookupService(address, port) {
    if (arguments.length !== 2) throw missingArgs(['address', 'port']);
    if (isIP(address) === 0) throw argValue('address', address);
    validatePort(port);
    return Promise.reject(noNetwork('getnameinfo', address, { hostname: address }));
  },
  Resolver: PromiseResolver,
  getDefaultResultOrder,
  setDefaultResultOrder,
  setServers(servers) { defaultPromiseResolver.setServers(servers); },
};
Object.assign(promises, codes);
promises.getServers = () => defaultPromiseResolver.getServers();
for (const m of bound) promises[m] = PromiseResolver.prototype[m].bind(defaultPromiseResolver);

module.exports = {
  lookup,
  lookupService,
  Resolver,
  getDefaultResultOrder,
  setDefaultResultOrder,
  setServers(servers) { defaultResolver.setServers(servers); },
  ADDRCONFIG, ALL, V4MAPPED,
};
Object.assign(module.exports, codes);
module.exports.getServers = () => defaultResolver.getServers();
for (const m of bound) module.exports[m] = Resolver.prototype[m].bind(defaultResolver);
module.exports.promises = promises;
`
