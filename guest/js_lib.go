package guest

// The parts of the Node surface that read best in JavaScript. Each is
// compiled once per process (jsHost.libProgram) and run in a runtime only
// when a guest first needs it. Module sources evaluate to
// function(module, exports, require, binding); they are plain ES2015+ that
// goja runs as is, and contain no backquotes so they fit Go raw strings.
var jsLibSources = map[string]string{
	"microtask": jsMicrotask,
	"ticks":     jsTicks,
	"events":    jsEvents,
	"util":      jsUtil,
	"assert":    jsAssert,
	"buffer":    jsBuffer,
}

const jsMicrotask = `(function () {
  'use strict';
  var resolved = Promise.resolve();
  var then = Promise.prototype.then;
  return function (fn, args) {
    then.call(resolved, function () { fn.apply(undefined, args); });
  };
})()`

// jsTicks makes the runner of the process.nextTick queue: take() hands the
// next [fn, args] or undefined; what a callback throws goes to fail().
const jsTicks = `(function (take, fail) {
  'use strict';
  return function runTicks() {
    for (var t = take(); t !== undefined; t = take()) {
      try { t[0].apply(undefined, t[1]); } catch (e) { fail(e); }
    }
  };
})`

const jsEvents = `(function (module, exports, require, binding) {
'use strict';
function EventEmitter(opts) { EventEmitter.init.call(this, opts); }
EventEmitter.prototype._events = undefined;
EventEmitter.prototype._maxListeners = undefined;
EventEmitter.defaultMaxListeners = 10;
EventEmitter.init = function () {
  if (this._events === undefined || this._events === Object.getPrototypeOf(this)._events) {
    this._events = Object.create(null);
  }
  this._maxListeners = this._maxListeners || undefined;
};
EventEmitter.prototype.setMaxListeners = function (n) { this._maxListeners = n; return this; };
EventEmitter.prototype.getMaxListeners = function () {
  return this._maxListeners === undefined ? EventEmitter.defaultMaxListeners : this._maxListeners;
};
function checkListener(l) {
  if (typeof l !== 'function') {
    throw new TypeError('The "listener" argument must be of type function. Received type ' + typeof l);
  }
}
function addListener(target, type, listener, prepend) {
  checkListener(listener);
  var events = target._events;
  if (events === undefined) {
    events = target._events = Object.create(null);
  } else if (events.newListener !== undefined) {
    target.emit('newListener', type, listener.listener ? listener.listener : listener);
    events = target._events;
  }
  var list = events[type];
  if (list === undefined) events[type] = [listener];
  else if (prepend) list.unshift(listener);
  else list.push(listener);
  return target;
}
EventEmitter.prototype.addListener = function (t, l) { return addListener(this, t, l, false); };
EventEmitter.prototype.on = EventEmitter.prototype.addListener;
EventEmitter.prototype.prependListener = function (t, l) { return addListener(this, t, l, true); };
function onceWrapper(target, type, listener) {
  var fired = false;
  function w() {
    if (!fired) {
      target.removeListener(type, w);
      fired = true;
      return listener.apply(target, arguments);
    }
  }
  w.listener = listener;
  return w;
}
EventEmitter.prototype.once = function (t, l) { checkListener(l); return this.on(t, onceWrapper(this, t, l)); };
EventEmitter.prototype.prependOnceListener = function (t, l) {
  checkListener(l);
  return this.prependListener(t, onceWrapper(this, t, l));
};
EventEmitter.prototype.removeListener = function (type, listener) {
  checkListener(listener);
  var events = this._events;
  if (events === undefined) return this;
  var list = events[type];
  if (list === undefined) return this;
  for (var i = list.length - 1; i >= 0; i--) {
    if (list[i] === listener || list[i].listener === listener) {
      list.splice(i, 1);
      if (list.length === 0) delete events[type];
      if (events.removeListener !== undefined) this.emit('removeListener', type, listener);
      break;
    }
  }
  return this;
};
EventEmitter.prototype.off = EventEmitter.prototype.removeListener;
EventEmitter.prototype.removeAllListeners = function (type) {
  if (this._events === undefined) return this;
  if (arguments.length === 0) this._events = Object.create(null);
  else delete this._events[type];
  return this;
};
EventEmitter.prototype.emit = function (type) {
  var args = Array.prototype.slice.call(arguments, 1);
  var events = this._events;
  var list = events !== undefined ? events[type] : undefined;
  if (type === 'error' && list === undefined) {
    var er = args[0];
    if (er instanceof Error) throw er;
    var err = new Error('Unhandled error.' + (er === undefined ? '' : ' (' + er + ')'));
    err.context = er;
    throw err;
  }
  if (list === undefined) return false;
  list = list.slice();
  for (var i = 0; i < list.length; i++) list[i].apply(this, args);
  return true;
};
EventEmitter.prototype.listeners = function (t) {
  var l = this._events && this._events[t];
  return l ? l.map(function (x) { return x.listener || x; }) : [];
};
EventEmitter.prototype.rawListeners = function (t) {
  var l = this._events && this._events[t];
  return l ? l.slice() : [];
};
EventEmitter.prototype.listenerCount = function (t) {
  var l = this._events && this._events[t];
  return l ? l.length : 0;
};
EventEmitter.listenerCount = function (em, t) { return em.listenerCount(t); };
EventEmitter.prototype.eventNames = function () { return this._events ? Reflect.ownKeys(this._events) : []; };
EventEmitter.once = function (em, name) {
  return new Promise(function (resolve, reject) {
    function onErr(err) { em.removeListener(name, onEv); reject(err); }
    function onEv() {
      if (name !== 'error') em.removeListener('error', onErr);
      resolve(Array.prototype.slice.call(arguments));
    }
    em.once(name, onEv);
    if (name !== 'error') em.once('error', onErr);
  });
};
EventEmitter.EventEmitter = EventEmitter;
module.exports = EventEmitter;
})`

const jsUtil = `(function (module, exports, require, binding) {
'use strict';
exports.inherits = function (ctor, superCtor) {
  if (typeof ctor !== 'function' || typeof superCtor !== 'function') {
    throw new TypeError('The "ctor" and "superCtor" arguments must be of type function');
  }
  Object.defineProperty(ctor, 'super_', { value: superCtor, writable: true, configurable: true });
  Object.setPrototypeOf(ctor.prototype, superCtor.prototype);
};
var kCustom = Symbol.for('nodejs.util.promisify.custom');
exports.promisify = function (fn) {
  if (typeof fn !== 'function') throw new TypeError('The "original" argument must be of type function');
  if (typeof fn[kCustom] === 'function') return fn[kCustom];
  return function () {
    var self = this, args = Array.prototype.slice.call(arguments);
    return new Promise(function (resolve, reject) {
      args.push(function (err, v) { if (err) reject(err); else resolve(v); });
      fn.apply(self, args);
    });
  };
};
exports.promisify.custom = kCustom;
exports.callbackify = function (fn) {
  return function () {
    var args = Array.prototype.slice.call(arguments), cb = args.pop();
    fn.apply(this, args).then(function (v) { process.nextTick(cb, null, v); },
      function (e) { process.nextTick(cb, e); });
  };
};
exports.deprecate = function (fn, msg) {
  var warned = false;
  return function () {
    if (!warned) { warned = true; process.emitWarning(msg); }
    return fn.apply(this, arguments);
  };
};
var toStr = Object.prototype.toString, hasOwn = Object.prototype.hasOwnProperty;
function deq(a, b, strict, memo) {
  if (strict ? Object.is(a, b) : (a == b || (a !== a && b !== b))) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (strict && Object.getPrototypeOf(a) !== Object.getPrototypeOf(b)) return false;
  if (toStr.call(a) !== toStr.call(b)) return false;
  for (var i = 0; i < memo.length; i++) if (memo[i][0] === a && memo[i][1] === b) return true;
  memo.push([a, b]);
  try {
    if (a instanceof Date) return a.getTime() === b.getTime();
    if (a instanceof RegExp) return String(a) === String(b);
    if (a instanceof Error && (a.message !== b.message || a.name !== b.name)) return false;
    if (ArrayBuffer.isView(a)) {
      if (a.length !== b.length) return false;
      for (var j = 0; j < a.length; j++) if (a[j] !== b[j]) return false;
      return true;
    }
    if (a instanceof Map) {
      if (a.size !== b.size) return false;
      var okm = true;
      a.forEach(function (v, k) { if (okm && (!b.has(k) || !deq(v, b.get(k), strict, memo))) okm = false; });
      return okm;
    }
    if (a instanceof Set) {
      if (a.size !== b.size) return false;
      var oks = true;
      a.forEach(function (v) {
        if (!oks || b.has(v)) return;
        var found = false;
        b.forEach(function (w) { if (!found && deq(v, w, strict, memo)) found = true; });
        if (!found) oks = false;
      });
      return oks;
    }
    var ka = Object.keys(a), kb = Object.keys(b);
    if (ka.length !== kb.length) return false;
    for (var k = 0; k < ka.length; k++) {
      if (!hasOwn.call(b, ka[k])) return false;
      if (!deq(a[ka[k]], b[ka[k]], strict, memo)) return false;
    }
    return true;
  } finally {
    memo.pop();
  }
}
exports.isDeepStrictEqual = function (a, b) { return deq(a, b, true, []); };
binding.deepEqual = deq;
function tag(t) { return function (v) { return toStr.call(v) === '[object ' + t + ']'; }; }
exports.types = {
  isPromise: tag('Promise'), isDate: tag('Date'), isRegExp: tag('RegExp'), isMap: tag('Map'),
  isSet: tag('Set'), isNativeError: function (v) { return v instanceof Error; },
  isTypedArray: function (v) { return ArrayBuffer.isView(v) && !(v instanceof DataView); },
  isUint8Array: tag('Uint8Array'), isArrayBuffer: tag('ArrayBuffer'),
  isAsyncFunction: tag('AsyncFunction'), isGeneratorFunction: tag('GeneratorFunction'),
};
exports.isArray = Array.isArray;
})`

const jsAssert = `(function (module, exports, require, binding) {
'use strict';
var util = require('util');
var deq = binding.deepEqual;
class AssertionError extends Error {
  constructor(options) {
    super(options.message);
    this.name = 'AssertionError';
    this.code = 'ERR_ASSERTION';
    this.actual = options.actual;
    this.expected = options.expected;
    this.operator = options.operator;
    this.generatedMessage = !options.userMessage;
  }
}
function insp(v) { return util.inspect(v); }
function fail(actual, expected, message, operator, defaultMsg) {
  if (message instanceof Error) throw message;
  throw new AssertionError({
    message: message !== undefined ? String(message) : defaultMsg(),
    actual: actual, expected: expected, operator: operator, userMessage: message !== undefined,
  });
}
function ok(value, message) {
  if (!value) {
    fail(value, true, message, '==', function () {
      return 'The expression evaluated to a falsy value:\n\n  assert.ok(' + insp(value) + ')\n';
    });
  }
}
function assert(value, message) { ok(value, message); }
assert.ok = ok;
assert.AssertionError = AssertionError;
assert.fail = function (message) {
  if (message instanceof Error) throw message;
  throw new AssertionError({ message: message === undefined ? 'Failed' : String(message), operator: 'fail', userMessage: message !== undefined });
};
assert.equal = function (a, b, m) {
  if (!(a == b || (a !== a && b !== b))) fail(a, b, m, '==', function () { return insp(a) + ' == ' + insp(b); });
};
assert.notEqual = function (a, b, m) {
  if (a == b || (a !== a && b !== b)) fail(a, b, m, '!=', function () { return insp(a) + ' != ' + insp(b); });
};
assert.strictEqual = function (a, b, m) {
  if (!Object.is(a, b)) {
    fail(a, b, m, 'strictEqual', function () {
      return 'Expected values to be strictly equal:\n\n' + insp(a) + ' !== ' + insp(b) + '\n';
    });
  }
};
assert.notStrictEqual = function (a, b, m) {
  if (Object.is(a, b)) {
    fail(a, b, m, 'notStrictEqual', function () { return 'Expected "actual" to be strictly unequal to: ' + insp(b); });
  }
};
assert.deepEqual = function (a, b, m) {
  if (!deq(a, b, false, [])) {
    fail(a, b, m, 'deepEqual', function () { return 'Expected values to be loosely deep-equal:\n\n' + insp(a) + '\n\nshould loosely deep-equal\n\n' + insp(b); });
  }
};
assert.deepStrictEqual = function (a, b, m) {
  if (!deq(a, b, true, [])) {
    fail(a, b, m, 'deepStrictEqual', function () { return 'Expected values to be strictly deep-equal:\n' + insp(a) + '\n\nshould equal\n\n' + insp(b); });
  }
};
assert.notDeepEqual = function (a, b, m) {
  if (deq(a, b, false, [])) fail(a, b, m, 'notDeepEqual', function () { return '"actual" deepEqual "expected"'; });
};
assert.notDeepStrictEqual = function (a, b, m) {
  if (deq(a, b, true, [])) fail(a, b, m, 'notDeepStrictEqual', function () { return 'Expected "actual" not to be strictly deep-equal to: ' + insp(b); });
};
function matches(err, expected) {
  if (expected === undefined) return true;
  if (expected instanceof RegExp) return expected.test(String(err));
  if (typeof expected === 'function') {
    if (expected.prototype !== undefined && err instanceof expected) return true;
    if (Error.isPrototypeOf(expected) || expected === Error) return false;
    return expected.call({}, err) === true;
  }
  if (typeof expected === 'object' && expected !== null) {
    return Object.keys(expected).every(function (k) {
      var e = expected[k], v = err != null ? err[k] : undefined;
      if (e instanceof RegExp && typeof v === 'string') return e.test(v);
      return deq(v, e, true, []);
    });
  }
  return true;
}
assert.throws = function (fn, expected, message) {
  if (typeof expected === 'string') { message = expected; expected = undefined; }
  try { fn(); } catch (e) {
    if (!matches(e, expected)) throw e;
    return;
  }
  fail(undefined, expected, message, 'throws', function () { return 'Missing expected exception.'; });
};
assert.doesNotThrow = function (fn, message) {
  try { fn(); } catch (e) {
    fail(e, undefined, message, 'doesNotThrow', function () { return 'Got unwanted exception.\nActual message: "' + (e && e.message) + '"'; });
  }
};
assert.rejects = async function (p, expected, message) {
  if (typeof expected === 'string') { message = expected; expected = undefined; }
  try { await (typeof p === 'function' ? p() : p); } catch (e) {
    if (!matches(e, expected)) throw e;
    return;
  }
  fail(undefined, expected, message, 'rejects', function () { return 'Missing expected rejection.'; });
};
assert.doesNotReject = async function (p, message) {
  try { await (typeof p === 'function' ? p() : p); } catch (e) {
    fail(e, undefined, message, 'doesNotReject', function () { return 'Got unwanted rejection.\nActual message: "' + (e && e.message) + '"'; });
  }
};
assert.match = function (s, re, m) {
  if (!re.test(s)) fail(s, re, m, 'match', function () { return 'The input did not match the regular expression ' + String(re) + '. Input:\n\n' + insp(s) + '\n'; });
};
assert.doesNotMatch = function (s, re, m) {
  if (re.test(s)) fail(s, re, m, 'doesNotMatch', function () { return 'The input was expected to not match the regular expression ' + String(re) + '. Input:\n\n' + insp(s) + '\n'; });
};
assert.ifError = function (e) { if (e !== null && e !== undefined) throw e; };
assert.strict = assert;
module.exports = assert;
})`

const jsBuffer = `(function (module, exports, require, binding) {
'use strict';
var Buffer = exports.Buffer;
Buffer.isBuffer = function (b) { return b instanceof Buffer; };
Buffer.allocUnsafe = Buffer.allocUnsafeSlow = function (n) { return Buffer.alloc(n); };
Buffer.byteLength = function (s, enc) {
  if (typeof s !== 'string') return s.byteLength;
  var e = lower(enc), n = s.length;
  if (e === 'base64' || e === 'base64url') {
    // Node's estimate from the length, not the decoded bytes.
    if (n > 0 && s.charCodeAt(n - 1) === 61) n--;
    if (n > 1 && s.charCodeAt(n - 1) === 61) n--;
    return (n * 3) >>> 2;
  }
  // An unknown encoding counts UTF-8 bytes, as in Node.
  return Buffer.from(s, Buffer.isEncoding(enc) ? enc : 'utf8').length;
};
Buffer.compare = function (a, b) {
  var n = Math.min(a.length, b.length);
  for (var i = 0; i < n; i++) if (a[i] !== b[i]) return a[i] < b[i] ? -1 : 1;
  return a.length < b.length ? -1 : a.length > b.length ? 1 : 0;
};
var encodings = ['utf8', 'utf-8', 'hex', 'base64', 'base64url', 'ascii', 'latin1', 'binary', 'ucs2', 'ucs-2', 'utf16le', 'utf-16le'];
Buffer.isEncoding = function (e) { return encodings.indexOf(String(e).toLowerCase()) >= 0; };
var P = Buffer.prototype;
P.toJSON = function () { return { type: 'Buffer', data: Array.prototype.slice.call(this) }; };
P.copy = function (target, tStart, sStart, sEnd) {
  tStart = tStart || 0; sStart = sStart || 0;
  sEnd = sEnd === undefined ? this.length : sEnd;
  var n = Math.min(sEnd - sStart, target.length - tStart);
  for (var i = 0; i < n; i++) target[tStart + i] = this[sStart + i];
  return Math.max(n, 0);
};
P.compare = function (o) { return Buffer.compare(this, o); };
P.slice = function (s, e) { return this.subarray(s, e); };
var u8indexOf = Uint8Array.prototype.indexOf;
P.indexOf = function (v, off, enc) {
  if (typeof v === 'number') return u8indexOf.call(this, v & 255, off);
  var needle = typeof v === 'string' ? Buffer.from(v, enc) : v;
  off = off | 0;
  if (off < 0) off = Math.max(this.length + off, 0);
  outer: for (var i = off; i + needle.length <= this.length; i++) {
    for (var j = 0; j < needle.length; j++) if (this[i + j] !== needle[j]) continue outer;
    return i;
  }
  return -1;
};
P.includes = function (v, off, enc) { return this.indexOf(v, off, enc) !== -1; };
// The single-byte and UTF-16 encodings, which the base Buffer treats as
// UTF-8: ascii and latin1 keep each UTF-16 unit's low byte, as Node does.
var byteEnc = { latin1: 1, binary: 1, ascii: 1 };
var wideEnc = { ucs2: 1, 'ucs-2': 1, utf16le: 1, 'utf-16le': 1 };
function lower(enc) { return typeof enc === 'string' ? enc.toLowerCase() : ''; }
var from = Buffer.from;
Buffer.from = function (v, enc) {
  if (typeof v === 'string') {
    var e = lower(enc), b, i, c;
    if (byteEnc[e] === 1) {
      b = Buffer.alloc(v.length);
      for (i = 0; i < v.length; i++) b[i] = v.charCodeAt(i) & 255;
      return b;
    }
    if (wideEnc[e] === 1) {
      b = Buffer.alloc(v.length * 2);
      for (i = 0; i < v.length; i++) { c = v.charCodeAt(i); b[2 * i] = c & 255; b[2 * i + 1] = c >>> 8; }
      return b;
    }
    if (typeof enc === 'string' && enc !== '' && !Buffer.isEncoding(enc)) throw unknownEncoding(enc);
    if (e === 'base64' || e === 'base64url') {
      // Node decodes up to the first '=' and skips any character outside
      // both alphabets (whitespace included); goja_nodejs stops at them.
      i = v.indexOf('=');
      if (i >= 0) v = v.slice(0, i);
      v = v.replace(/[^A-Za-z0-9+\/_-]+/g, '');
    }
    return from.call(this, v, native(enc));
  }
  return from.apply(this, arguments);
};
var toString = P.toString;
P.toString = function (enc, start, end) {
  var e = lower(enc);
  if (byteEnc[e] !== 1 && wideEnc[e] !== 1) return toString.call(this, native(enc), start, end);
  var b = this.subarray(start === undefined ? 0 : start, end === undefined ? this.length : end);
  var units = [], i, out = '';
  if (wideEnc[e] === 1) {
    for (i = 0; i + 1 < b.length; i += 2) units.push(b[i] | (b[i + 1] << 8));
  } else {
    var mask = e === 'ascii' ? 127 : 255;
    for (i = 0; i < b.length; i++) units.push(b[i] & mask);
  }
  for (i = 0; i < units.length; i += 8192) out += String.fromCharCode.apply(null, units.slice(i, i + 8192));
  return out;
};
// goja_nodejs matches encoding names exactly and spells base64url
// 'base64Url'; Node ignores case. An unknown name is passed on as given, so
// the native error names it as the guest wrote it.
var nativeEnc = Object.create(null);
nativeEnc.utf8 = nativeEnc['utf-8'] = 'utf8';
nativeEnc.hex = 'hex';
nativeEnc.base64 = 'base64';
nativeEnc.base64url = 'base64Url';
function native(enc) { var n = nativeEnc[lower(enc)]; return n === undefined ? enc : n; }
function unknownEncoding(enc) {
  var err = new TypeError('Unknown encoding: ' + enc);
  err.code = 'ERR_UNKNOWN_ENCODING';
  return err;
}
// Bytes a string decodes to in an encoding goja_nodejs's write and fill do
// not decode as Node does (its base64 write wants strict padded base64, it
// knows no single-byte or UTF-16 encoding), or null to leave it to them.
function decodeFor(s, enc) {
  var e = lower(enc);
  if (e === 'base64' || e === 'base64url' || byteEnc[e] === 1 || wideEnc[e] === 1) return Buffer.from(s, e);
  return null;
}
// write(string[, offset[, length]][, encoding]), as Node reads its arguments.
var write = P.write;
P.write = function (s, offset, length, enc) {
  if (typeof offset === 'string') { enc = offset; offset = undefined; length = undefined; }
  else if (typeof length === 'string') { enc = length; length = undefined; }
  if (offset !== undefined) checkOffset(offset, 'offset', this.length);
  if (length !== undefined) checkOffset(length, 'length', this.length);
  var bytes = typeof s === 'string' ? decodeFor(s, enc) : null;
  if (bytes === null) return write.call(this, s, offset, length, native(enc));
  var off = offset === undefined ? 0 : offset;
  var n = Math.min(bytes.length, this.length - off, length === undefined ? Infinity : length);
  if (wideEnc[lower(enc)] === 1) n -= n & 1; // whole UTF-16 units only
  for (var i = 0; i < n; i++) this[off + i] = bytes[i];
  return n;
};
// fill(string[, offset[, end]][, encoding]) repeats the string's bytes; other
// values keep Uint8Array's fill.
var u8fill = Uint8Array.prototype.fill;
P.fill = function (v, offset, end, enc) {
  if (typeof v !== 'string') return u8fill.call(this, v, offset, end);
  if (typeof offset === 'string') { enc = offset; offset = undefined; end = undefined; }
  else if (typeof end === 'string') { enc = end; end = undefined; }
  if (enc !== undefined && !Buffer.isEncoding(enc)) throw unknownEncoding(enc);
  var bytes = v === '' ? Buffer.alloc(1) : Buffer.from(v, enc);
  if (bytes.length === 0) {
    var err = new TypeError("The argument 'value' is invalid. Received '" + v + "'");
    err.code = 'ERR_INVALID_ARG_VALUE';
    throw err;
  }
  var from = offset === undefined ? 0 : checkOffset(offset, 'offset', this.length);
  var to = end === undefined ? this.length : checkOffset(end, 'end', this.length);
  for (var i = from, j = 0; i < to; i++, j = (j + 1) % bytes.length) this[i] = bytes[j];
  return this;
};
function checkOffset(v, name, max) {
  if (typeof v !== 'number') {
    var te = new TypeError('The "' + name + '" argument must be of type number. Received ' + (v === null ? 'null' : 'type ' + typeof v));
    te.code = 'ERR_INVALID_ARG_TYPE';
    throw te;
  }
  if (!Number.isInteger(v) || v < 0 || v > max) {
    var re = new RangeError('The value of "' + name + '" is out of range. It must be ' +
      (Number.isInteger(v) ? '>= 0 && <= ' + max : 'an integer') + '. Received ' + v);
    re.code = 'ERR_OUT_OF_RANGE';
    throw re;
  }
  return v;
}
var alloc = Buffer.alloc;
Buffer.alloc = function (n, fill, enc) {
  if (typeof fill !== 'string') return alloc.apply(this, arguments);
  var b = alloc.call(this, n);
  return b.length > 0 ? b.fill(fill, enc) : b;
};
exports.kMaxLength = binding.maxLength;
exports.constants = { MAX_LENGTH: binding.maxLength, MAX_STRING_LENGTH: 536870888 };
})`
