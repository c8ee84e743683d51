package guest

// The web globals Node 20 has besides its own API (see node_web.go), in
// JavaScript. Each source is a polyfill module like those in js_lib.go,
// evaluated as function(module, exports, require, binding) once per runtime
// when a guest first touches one of its globals; binding is webBinding's
// object (lib, kind, transfer, ...). They follow Node 20's own sources
// (lib/internal/event_target.js, abort_controller.js, blob.js,
// per_context/domexception.js, perf/usertiming.js) and undici 6 for the
// fetch classes, down to error messages and codes, so that programs
// written against Node see the same behaviour. Internal state lives in
// WeakMaps, never on the objects, so structuredClone and Object.keys see
// what they see in Node.
//
// They are not in jsLibSources: libProgram compiles every source there on
// its first call, and these would add some 40 ms to it. webPrograms
// compiles each on its first use instead.
var jsWebSources = map[string]string{
	"web_util":   jsWebUtil,
	"web_events": jsWebEvents,
	"web_clone":  jsWebClone,
	"web_blob":   jsWebBlob,
	"web_fetch":  jsWebFetch,
	"web_weak":   jsWebWeak,
	"web_perf":   jsWebPerf,
}

// jsWebUtil holds Node's error helpers, DOMException, and the hooks
// structuredClone asks about platform objects.
const jsWebUtil = `(function (module, exports, require, binding) {
'use strict';
var utilMod;
function inspect(v) {
  if (utilMod === undefined) utilMod = require('util');
  return utilMod.inspect(v);
}
function toStr(v) {
  if (typeof v === 'symbol') throw new TypeError('Cannot convert a Symbol value to a string');
  return String(v);
}
// nodeError builds an error as Node's internal/errors does: the usual
// class, an own enumerable code, and the code in the stack's first line.
function nodeError(Ctor, code, msg) {
  var e = new Ctor(msg);
  e.code = code;
  var s = e.stack;
  if (typeof s === 'string') {
    var i = s.indexOf('\n');
    Object.defineProperty(e, 'stack', { value: e.name + ' [' + code + ']: ' + msg + (i < 0 ? '' : s.slice(i)), writable: true, configurable: true });
  }
  return e;
}
function received(v) {
  if (v == null) return ' Received ' + v;
  if (typeof v === 'function') return ' Received function ' + v.name;
  if (typeof v === 'object') {
    var c = v.constructor;
    if (c && c.name) return ' Received an instance of ' + c.name;
    return ' Received ' + inspect(v);
  }
  var s = inspect(v);
  if (s.length > 28) s = s.slice(0, 25) + '...';
  return ' Received type ' + typeof v + ' (' + s + ')';
}
// argType: expected reads "of type object", "an instance of Event", ...
function argType(name, expected, v) {
  var what = name.indexOf('.') >= 0 ? 'property' : 'argument';
  return nodeError(TypeError, 'ERR_INVALID_ARG_TYPE', 'The "' + name + '" ' + what + ' must be ' + expected + '.' + received(v));
}
function missingArgs() {
  var n = [];
  for (var i = 0; i < arguments.length; i++) n.push('"' + arguments[i] + '"');
  var msg = 'The ';
  if (n.length === 1) msg += n[0] + ' argument';
  else if (n.length === 2) msg += n[0] + ' and ' + n[1] + ' arguments';
  else msg += n.slice(0, -1).join(', ') + ', and ' + n[n.length - 1] + ' arguments';
  return nodeError(TypeError, 'ERR_MISSING_ARGS', msg + ' must be specified');
}
function invalidThis(type) {
  return nodeError(TypeError, 'ERR_INVALID_THIS', 'Value of "this" must be of type ' + type);
}
function separated(s) {
  var out = '', i = s.length, start = s[0] === '-' ? 1 : 0;
  for (; i >= start + 4; i -= 3) out = '_' + s.slice(i - 3, i) + out;
  return s.slice(0, i) + out;
}
function outOfRange(name, range, v) {
  var r;
  if (Number.isInteger(v) && Math.abs(v) > 4294967296) r = separated(String(v));
  else if (typeof v === 'bigint') r = (v > 4294967296n || v < -4294967296n ? separated(String(v)) : String(v)) + 'n';
  else r = inspect(v);
  return nodeError(RangeError, 'ERR_OUT_OF_RANGE', 'The value of "' + name + '" is out of range. It must be ' + range + '. Received ' + r);
}
function invalidArgValue(name, v) {
  var what = name.indexOf('.') >= 0 ? 'property' : 'argument';
  return nodeError(TypeError, 'ERR_INVALID_ARG_VALUE', 'The ' + what + " '" + name + "' is invalid. Received " + inspect(v));
}
function enumerable(o, names) {
  for (var i = 0; i < names.length; i++) {
    var d = Object.getOwnPropertyDescriptor(o, names[i]);
    d.enumerable = true;
    Object.defineProperty(o, names[i], d);
  }
}
function tag(o, name) {
  Object.defineProperty(o, Symbol.toStringTag, { value: name, configurable: true });
}

// The names the standard gives a legacy code; other names have code 0.
var codes = {
  IndexSizeError: 1, HierarchyRequestError: 3, WrongDocumentError: 4,
  InvalidCharacterError: 5, NoModificationAllowedError: 7, NotFoundError: 8,
  NotSupportedError: 9, InUseAttributeError: 10, InvalidStateError: 11, SyntaxError: 12,
  InvalidModificationError: 13, NamespaceError: 14, InvalidAccessError: 15,
  TypeMismatchError: 17, SecurityError: 18, NetworkError: 19, AbortError: 20, URLMismatchError: 21,
  QuotaExceededError: 22, TimeoutError: 23, InvalidNodeTypeError: 24, DataCloneError: 25
};
var constants = ['INDEX_SIZE_ERR', 'DOMSTRING_SIZE_ERR', 'HIERARCHY_REQUEST_ERR', 'WRONG_DOCUMENT_ERR',
  'INVALID_CHARACTER_ERR', 'NO_DATA_ALLOWED_ERR', 'NO_MODIFICATION_ALLOWED_ERR', 'NOT_FOUND_ERR',
  'NOT_SUPPORTED_ERR', 'INUSE_ATTRIBUTE_ERR', 'INVALID_STATE_ERR', 'SYNTAX_ERR', 'INVALID_MODIFICATION_ERR',
  'NAMESPACE_ERR', 'INVALID_ACCESS_ERR', 'VALIDATION_ERR', 'TYPE_MISMATCH_ERR', 'SECURITY_ERR',
  'NETWORK_ERR', 'ABORT_ERR', 'URL_MISMATCH_ERR', 'QUOTA_EXCEEDED_ERR', 'TIMEOUT_ERR',
  'INVALID_NODE_TYPE_ERR', 'DATA_CLONE_ERR'];
var domState = new WeakMap();
function domThis(o) {
  var s = domState.get(o);
  if (s === undefined) throw nodeError(TypeError, 'ERR_INVALID_THIS', 'Value of "this" must be of DOMException');
  return s;
}
class DOMException {
  constructor(message = '', options = 'Error') {
    var name, hasCause = false, cause;
    message = toStr(message);
    if (options !== null && typeof options === 'object') {
      name = toStr(options.name);
      if ('cause' in options) {
        hasCause = true;
        cause = options.cause;
      }
    } else {
      name = toStr(options);
    }
    domState.set(this, { name: name, message: message });
    var s = new Error(message).stack, i = typeof s === 'string' ? s.indexOf('\n') : -1;
    var head = name === '' ? message : message === '' ? name : name + ': ' + message;
    Object.defineProperty(this, 'stack', { value: head + (i < 0 ? '' : s.slice(i)), writable: true, configurable: true });
    if (hasCause) Object.defineProperty(this, 'cause', { value: cause, writable: true, configurable: true });
  }
  get name() { return domThis(this).name; }
  get message() { return domThis(this).message; }
  get code() { return codes[domThis(this).name] || 0; }
}
Object.setPrototypeOf(DOMException.prototype, Error.prototype);
enumerable(DOMException.prototype, ['name', 'message', 'code']);
constants.forEach(function (c, i) {
  var d = { value: i + 1, enumerable: true };
  Object.defineProperty(DOMException, c, d);
  Object.defineProperty(DOMException.prototype, c, d);
});
tag(DOMException.prototype, 'DOMException');

exports.DOMException = DOMException;
exports.nodeError = nodeError;
exports.argType = argType;
exports.missingArgs = missingArgs;
exports.invalidThis = invalidThis;
exports.outOfRange = outOfRange;
exports.invalidArgValue = invalidArgValue;
exports.toStr = toStr;
exports.enumerable = enumerable;
exports.tag = tag;
// Platform objects structuredClone copies, {test, clone}, or refuses,
// {test, clone: null}.
exports.cloneHooks = [];
})`

// jsWebEvents is Event, CustomEvent, EventTarget, AbortSignal and
// AbortController, with Node 20's own quirks: after the first listener has
// run, eventPhase reads 0 and currentTarget null; removeEventListener(type,
// fn, true) removes only a listener added without capture; passive does not
// stop preventDefault.
const jsWebEvents = `(function (module, exports, require, binding) {
'use strict';
var u = binding.lib('web_util');
var DOMException = u.DOMException;
// A listener's error surfaces as an unhandled rejection, which ends the exec
// as Node's uncaught exception ends the process.
var reject = Promise.reject.bind(Promise);
function report(err) { reject(err); }

var events = new WeakMap();
function evState(e, type) {
  var s = e !== null && (typeof e === 'object' || typeof e === 'function') ? events.get(e) : undefined;
  if (s === undefined) throw u.invalidThis(type || 'Event');
  return s;
}
function eventOptions(o) {
  if (o === undefined) return {};
  if (o !== null && (typeof o !== 'object' || Array.isArray(o))) throw u.argType('options', 'of type object', o);
  return o === null ? {} : o;
}
class Event {
  constructor(type, options = undefined) {
    if (arguments.length === 0) throw u.missingArgs('type');
    var o = eventOptions(options);
    var st = { bubbles: !!o.bubbles, cancelable: !!o.cancelable, composed: !!o.composed };
    st.type = u.toStr(type);
    st.defaultPrevented = false;
    st.propagationStopped = false;
    st.stop = false;
    st.trusted = false;
    st.timeStamp = binding.now();
    st.target = null;
    st.dispatching = false;
    events.set(this, st);
  }
  initEvent(type, bubbles = false, cancelable = false) {
    var st = evState(this);
    if (arguments.length === 0) throw u.missingArgs('type');
    if (st.dispatching) return;
    st.type = u.toStr(type);
    st.bubbles = !!bubbles;
    st.cancelable = !!cancelable;
  }
  stopImmediatePropagation() { var st = evState(this); st.propagationStopped = true; st.stop = true; }
  preventDefault() { evState(this).defaultPrevented = true; }
  get target() { return evState(this).target; }
  get currentTarget() { var st = evState(this); return st.dispatching ? st.target : null; }
  get srcElement() { return evState(this).target; }
  get type() { return evState(this).type; }
  get cancelable() { return evState(this).cancelable; }
  get defaultPrevented() { var st = evState(this); return st.cancelable && st.defaultPrevented; }
  get timeStamp() { return evState(this).timeStamp; }
  composedPath() { var st = evState(this); return st.dispatching ? [st.target] : []; }
  get returnValue() { var st = evState(this); return !(st.cancelable && st.defaultPrevented); }
  get bubbles() { return evState(this).bubbles; }
  get composed() { return evState(this).composed; }
  get eventPhase() { return evState(this).dispatching ? 2 : 0; }
  get cancelBubble() { return evState(this).propagationStopped; }
  set cancelBubble(v) { if (v) evState(this).propagationStopped = true; }
  stopPropagation() { evState(this).propagationStopped = true; }
  get isTrusted() { var st = events.get(this); return st !== undefined && st.trusted; }
}
u.enumerable(Event.prototype, ['initEvent', 'stopImmediatePropagation', 'preventDefault', 'target',
  'currentTarget', 'srcElement', 'type', 'cancelable', 'defaultPrevented', 'timeStamp', 'composedPath',
  'returnValue', 'bubbles', 'composed', 'eventPhase', 'cancelBubble', 'stopPropagation', 'isTrusted']);
['NONE', 'CAPTURING_PHASE', 'AT_TARGET', 'BUBBLING_PHASE'].forEach(function (n, i) {
  Object.defineProperty(Event, n, { value: i, enumerable: true });
});
u.tag(Event.prototype, 'Event');

var details = new WeakMap();
class CustomEvent extends Event {
  constructor(type, options = undefined) {
    if (arguments.length === 0) throw u.missingArgs('type');
    super(type, options);
    var d = options == null ? undefined : options.detail;
    details.set(this, d === undefined || d === null ? null : d);
  }
  get detail() {
    if (!details.has(this)) throw u.invalidThis('CustomEvent');
    return details.get(this);
  }
}
u.enumerable(CustomEvent.prototype, ['detail']);
u.tag(CustomEvent.prototype, 'CustomEvent');

function trustedEvent(type) {
  var e = new Event(type);
  events.get(e).trusted = true;
  return e;
}

// A target's listeners per type are a linked list from a root, as in
// Node: a listener added while an event is dispatched runs in the same
// dispatch, one removed before its turn does not.
var targets = new WeakMap();
function targetState(t) {
  var s = t !== null && (typeof t === 'object' || typeof t === 'function') ? targets.get(t) : undefined;
  if (s === undefined) throw u.invalidThis('EventTarget');
  return s;
}
function initTarget(t) { targets.set(t, { events: new Map(), handlers: new Map() }); }
function validListener(l) {
  if (typeof l === 'function' || (l != null && typeof l.handleEvent === 'function')) return true;
  if (l == null) return false;
  if (typeof l === 'object') return true;
  throw u.argType('listener', 'an instance of EventListener', l);
}
function listenerOptions(o) {
  if (typeof o === 'boolean') return { capture: o };
  if (o === null || o === undefined) return {};
  if (typeof o !== 'object' && typeof o !== 'function') throw u.argType('options', 'of type object', o);
  return { once: !!o.once, capture: !!o.capture, passive: !!o.passive, signal: o.signal };
}
function makeListener(previous, listener, opts) {
  var l = { next: undefined, previous: previous, listener: listener, once: !!opts.once, capture: !!opts.capture, passive: !!opts.passive, removed: false, resist: !!opts.resist };
  if (previous !== undefined) previous.next = l;
  if (typeof listener === 'function') {
    l.callback = listener;
  } else {
    l.callback = async function () {
      if (listener.handleEvent) await Reflect.apply(listener.handleEvent, listener, arguments);
    };
  }
  return l;
}
function unlink(l) {
  if (l.previous !== undefined) l.previous.next = l.next;
  if (l.next !== undefined) l.next.previous = l.previous;
  l.removed = true;
}
function addListener(t, st, type, listener, opts) {
  var root = st.events.get(type);
  if (root === undefined) {
    root = { size: 1, next: undefined, resist: !!opts.resist };
    makeListener(root, listener, opts);
    st.events.set(type, root);
    return;
  }
  var h = root.next, prev = root;
  while (h !== undefined && !(h.listener === listener && h.capture === !!opts.capture)) {
    prev = h;
    h = h.next;
  }
  if (h !== undefined) return;
  makeListener(prev, listener, opts);
  root.size++;
  root.resist = root.resist || !!opts.resist;
}
function removeListener(st, type, listener, capture) {
  var root = st.events.get(type);
  if (root === undefined || root.next === undefined) return;
  for (var h = root.next; h !== undefined; h = h.next) {
    if (h.listener === listener && h.capture === capture) {
      unlink(h);
      root.size--;
      if (root.size === 0) st.events.delete(type);
      return;
    }
  }
}
function dispatch(t, st, event) {
  var es = events.get(event);
  es.target = t;
  es.dispatching = true;
  var root = st.events.get(es.type);
  if (root === undefined || root.next === undefined) {
    es.dispatching = false;
    return;
  }
  var h = root.next;
  while (h !== undefined && (root.resist || es.stop !== true)) {
    var next = h.next;
    if (h.removed || (es.stop === true && !h.resist)) {
      h = next;
      continue;
    }
    if (h.once) {
      unlink(h);
      root.size--;
      if (root.size === 0 && st.events.get(es.type) === root) st.events.delete(es.type);
    }
    try {
      var res = h.callback.call(t, event);
      // Node clears the flag after the first listener: later listeners
      // see eventPhase 0 and no currentTarget.
      es.dispatching = false;
      if (res !== undefined && res !== null && typeof res.then === 'function') res.then(undefined, report);
    } catch (err) {
      report(err);
    }
    h = next;
  }
  es.dispatching = false;
}
class EventTarget {
  constructor() { initTarget(this); }
  addEventListener(type, listener, options = undefined) {
    var st = targetState(this);
    if (arguments.length < 2) throw u.missingArgs('type', 'listener');
    var opts = listenerOptions(options);
    var signal = opts.signal;
    if (signal !== undefined && (signal === null || typeof signal !== 'object' || !('aborted' in signal))) {
      throw u.argType('options.signal', 'an instance of AbortSignal', signal);
    }
    if (!validListener(listener)) {
      binding.warn('AddEventListenerArgumentTypeWarning: addEventListener called with ' + listener + ' which has no effect.');
      return;
    }
    type = u.toStr(type);
    if (signal) {
      if (signal.aborted) return;
      var self = this;
      var sst = targets.get(signal);
      var onAbort = function () { self.removeEventListener(type, listener, options); };
      if (sst !== undefined) addListener(signal, sst, 'abort', onAbort, { once: true, resist: true });
      else signal.addEventListener('abort', onAbort, { once: true });
    }
    addListener(this, st, type, listener, opts);
  }
  removeEventListener(type, listener, options = undefined) {
    var st = targetState(this);
    if (arguments.length < 2) throw u.missingArgs('type', 'listener');
    if (!validListener(listener)) return;
    type = u.toStr(type);
    removeListener(st, type, listener, options != null && options.capture === true);
  }
  dispatchEvent(event) {
    var st = targetState(this);
    if (arguments.length < 1) throw u.missingArgs('event');
    if (!(event instanceof Event) || !events.has(event)) throw u.argType('event', 'an instance of Event', event);
    var es = events.get(event);
    if (es.dispatching) throw u.nodeError(Error, 'ERR_EVENT_RECURSION', 'The event "' + es.type + '" is already being dispatched');
    dispatch(this, st, event);
    return !(es.cancelable && es.defaultPrevented);
  }
}
u.enumerable(EventTarget.prototype, ['addEventListener', 'removeEventListener', 'dispatchEvent']);
u.tag(EventTarget.prototype, 'EventTarget');

// on<event> attributes: the wrapper keeps the place of the first set.
function defineEventHandler(proto, name) {
  Object.defineProperty(proto, 'on' + name, {
    get: function () {
      var h = targetState(this).handlers.get(name);
      return h === undefined || h.handler === undefined ? null : h.handler;
    },
    set: function (value) {
      var st = targetState(this);
      var w = st.handlers.get(name);
      if (w !== undefined) {
        w.handler = value;
        return;
      }
      w = function () {
        if (typeof w.handler !== 'function') return;
        return Reflect.apply(w.handler, this, arguments);
      };
      w.handler = value;
      addListener(this, st, name, w, {});
      st.handlers.set(name, w);
    },
    enumerable: true,
    configurable: true
  });
}

var signals = new WeakMap();
function sigState(s) {
  var st = s !== null && typeof s === 'object' ? signals.get(s) : undefined;
  if (st === undefined) throw u.invalidThis('AbortSignal');
  return st;
}
function createSignal(aborted, reason) {
  var s = Object.create(AbortSignal.prototype);
  initTarget(s);
  signals.set(s, { aborted: aborted, reason: reason, dependants: [] });
  return s;
}
function abortSignal(s, reason) {
  var st = signals.get(s);
  if (st.aborted) return;
  st.aborted = true;
  st.reason = reason;
  s.dispatchEvent(trustedEvent('abort'));
  var deps = st.dependants;
  st.dependants = [];
  for (var i = 0; i < deps.length; i++) abortSignal(deps[i], reason);
}
function abortError() { return new DOMException('This operation was aborted', 'AbortError'); }
class AbortSignal extends EventTarget {
  constructor() {
    throw u.nodeError(TypeError, 'ERR_ILLEGAL_CONSTRUCTOR', 'Illegal constructor');
  }
  get aborted() { return sigState(this).aborted; }
  get reason() { return sigState(this).reason; }
  throwIfAborted() {
    var st = sigState(this);
    if (st.aborted) throw st.reason;
  }
  static abort(reason = abortError()) { return createSignal(true, reason); }
  static timeout(delay) {
    if (typeof delay !== 'number') throw u.argType('delay', 'of type number', delay);
    if (!Number.isInteger(delay)) throw u.outOfRange('delay', 'an integer', delay);
    if (delay < 0 || delay > 4294967295) throw u.outOfRange('delay', '>= 0 && <= 4294967295', delay);
    var s = createSignal(false, undefined);
    // Unref'd as in Node: a pending timeout does not keep the job alive.
    binding.setTimeout(function () {
      abortSignal(s, new DOMException('The operation was aborted due to timeout', 'TimeoutError'));
    }, delay).unref();
    return s;
  }
  static any(list) {
    if (!Array.isArray(list)) throw u.argType('signals', 'an instance of Array', list);
    var i, s;
    for (i = 0; i < list.length; i++) {
      s = list[i];
      if (s === null || typeof s !== 'object' || !('aborted' in s)) throw u.argType('signals[' + i + ']', 'an instance of AbortSignal', s);
    }
    var result = createSignal(false, undefined);
    for (i = 0; i < list.length; i++) {
      if (list[i].aborted) {
        abortSignal(result, list[i].reason);
        return result;
      }
    }
    for (i = 0; i < list.length; i++) {
      s = list[i];
      var st = signals.get(s);
      if (st !== undefined) {
        st.dependants.push(result);
      } else {
        s.addEventListener('abort', (function (src) {
          return function () { abortSignal(result, src.reason); };
        })(s), { once: true });
      }
    }
    return result;
  }
}
u.enumerable(AbortSignal.prototype, ['aborted']);
defineEventHandler(AbortSignal.prototype, 'abort');
u.tag(AbortSignal.prototype, 'AbortSignal');

var controllers = new WeakMap();
function ctlSignal(c) {
  var s = c !== null && typeof c === 'object' ? controllers.get(c) : undefined;
  if (s === undefined) throw new TypeError('Cannot read private member #signal from an object whose class did not declare it');
  return s;
}
class AbortController {
  constructor() { controllers.set(this, createSignal(false, undefined)); }
  get signal() { return ctlSignal(this); }
  abort(reason = abortError()) { abortSignal(ctlSignal(this), reason); }
}
u.enumerable(AbortController.prototype, ['signal', 'abort']);
u.tag(AbortController.prototype, 'AbortController');

exports.Event = Event;
exports.CustomEvent = CustomEvent;
exports.EventTarget = EventTarget;
exports.AbortSignal = AbortSignal;
exports.AbortController = AbortController;
exports.initTarget = initTarget;
})`

// jsWebClone is structuredClone, after V8's ValueSerializer: the same kinds
// copied (own enumerable string keys of plain objects and arrays, holes
// kept; Date, RegExp, Map, Set, boxed primitives, ArrayBuffers and views
// over the same copied buffer, errors by name with message, stack and
// cause), the same refused, getters run in the same depth-first order.
// The walk keeps its own stack, so a deep graph needs no call stack; it is
// plain bytecode, so a deadline or the memory watchdog stops it like any
// other guest loop.
const jsWebClone = `(function (module, exports, require, binding) {
'use strict';
var u = binding.lib('web_util');
var DOMException = u.DOMException;
var keys = Object.keys, hasOwn = Object.prototype.hasOwnProperty, isArray = Array.isArray;
var getDesc = Object.getOwnPropertyDescriptor, defProp = Object.defineProperty, getProto = Object.getPrototypeOf;
var objToString = Object.prototype.toString, fnToString = Function.prototype.toString;
function getter(o, k) { return getDesc(o, k).get; }
var TypedArrayProto = getProto(Uint8Array.prototype);
var taTag = getter(TypedArrayProto, Symbol.toStringTag);
var taBuffer = getter(TypedArrayProto, 'buffer'), taOffset = getter(TypedArrayProto, 'byteOffset'), taLength = getter(TypedArrayProto, 'length');
var dvBuffer = getter(DataView.prototype, 'buffer'), dvOffset = getter(DataView.prototype, 'byteOffset'), dvLength = getter(DataView.prototype, 'byteLength');
var abSlice = ArrayBuffer.prototype.slice;
var mapForEach = Map.prototype.forEach, setForEach = Set.prototype.forEach;
var mapSet = Map.prototype.set, setAdd = Set.prototype.add;
var dateTime = Date.prototype.getTime, reSource = getter(RegExp.prototype, 'source'), reFlags = getter(RegExp.prototype, 'flags');
var numValue = Number.prototype.valueOf, strValue = String.prototype.valueOf, boolValue = Boolean.prototype.valueOf;
var bigValue = BigInt.prototype.valueOf, isView = ArrayBuffer.isView;
// WeakMap, WeakSet and the built-in iterators are told by their prototype:
// goja's class does not tell them from plain objects.
var WeakMapProto = WeakMap.prototype, WeakSetProto = WeakSet.prototype;
var IteratorProto = getProto(getProto([][Symbol.iterator]()));
var typed = {};
[Int8Array, Uint8Array, Uint8ClampedArray, Int16Array, Uint16Array, Int32Array, Uint32Array,
  Float32Array, Float64Array, BigInt64Array, BigUint64Array].forEach(function (C) { typed[C.name] = C; });
var errorCtors = { EvalError: EvalError, RangeError: RangeError, ReferenceError: ReferenceError,
  SyntaxError: SyntaxError, TypeError: TypeError, URIError: URIError };
var MapC = Map, SetC = Set, DateC = Date, RegExpC = RegExp, DataViewC = DataView, ErrorC = Error, RangeErrorC = RangeError;

// dataProp reads a property through the prototype chain without running
// getters, as V8 does when it names an object in an error.
function dataProp(o, k) {
  for (var p = o; p !== null; p = getProto(p)) {
    var d = getDesc(p, k);
    if (d !== undefined) return 'value' in d ? d.value : undefined;
  }
  return undefined;
}
function describe(v) {
  if (typeof v === 'function') return fnToString.call(v);
  if (typeof v === 'symbol') return v.toString();
  if (binding.kind(v) === 'Proxy') return isArray(v) ? '[object Array]' : '#<Object>';
  if (dataProp(v, 'toString') === objToString) {
    var c = dataProp(v, 'constructor');
    if (typeof c === 'function' && typeof c.name === 'string' && c.name !== '') return '#<' + c.name + '>';
  }
  var t = dataProp(v, Symbol.toStringTag);
  return '[object ' + (typeof t === 'string' ? t : 'Object') + ']';
}
function refuse(v) { return new DOMException(describe(v) + ' could not be cloned.', 'DataCloneError'); }

var OBJ = 0, MAP = 1, SET = 2, ERR = 3;

function structuredClone(value, options) {
  if (arguments.length === 0) throw u.nodeError(TypeError, 'ERR_MISSING_ARGS', 'The value argument must be specified');
  var transfer = [];
  if (options !== undefined && options !== null) {
    if (typeof options !== 'object' && typeof options !== 'function') {
      throw u.nodeError(TypeError, 'ERR_INVALID_ARG_TYPE', 'The options argument must be either an object or undefined');
    }
    var list = options.transfer;
    if (list !== undefined && list !== null) {
      if ((typeof list !== 'object' && typeof list !== 'function') || typeof list[Symbol.iterator] !== 'function') {
        throw u.nodeError(TypeError, 'ERR_INVALID_ARG_TYPE', 'Optional transferList argument must be an iterable');
      }
      for (var x of list) {
        if (binding.kind(x) !== 'ArrayBuffer') {
          throw u.nodeError(TypeError, 'ERR_INVALID_TRANSFER_OBJECT', 'Found invalid object in transferList');
        }
        if (transfer.indexOf(x) >= 0) throw new DOMException('Transfer list contains duplicate ArrayBuffer', 'DataCloneError');
        transfer.push(x);
      }
    }
  }
  var memo = new MapC();
  var i;
  for (i = 0; i < transfer.length; i++) memo.set(transfer[i], binding.transfer(transfer[i]));
  var stack = [], maxDepth = binding.maxDepth();

  function shell(v) {
    var t = typeof v;
    if (t === 'symbol' || t === 'function') throw refuse(v);
    if (t !== 'object' || v === null) return v;
    var c = memo.get(v);
    if (c !== undefined) return c;
    var f;
    switch (binding.kind(v)) {
    case 'Array':
      c = new Array(v.length);
      f = { kind: OBJ, src: v, dst: c, keys: keys(v), i: 0 };
      break;
    case 'Object':
      if (isView(v)) {
        c = new DataViewC(shell(dvBuffer.call(v)), dvOffset.call(v), dvLength.call(v));
        break;
      }
      if (WeakMapProto.isPrototypeOf(v) || WeakSetProto.isPrototypeOf(v) || IteratorProto.isPrototypeOf(v)) throw refuse(v);
      var hooks = u.cloneHooks;
      for (var h = 0; h < hooks.length; h++) {
        if (hooks[h].test(v)) {
          if (hooks[h].clone === null) throw refuse(v);
          c = hooks[h].clone(v);
          memo.set(v, c);
          return c;
        }
      }
      c = {};
      f = { kind: OBJ, src: v, dst: c, keys: keys(v), i: 0 };
      break;
    case 'Date':
      c = new DateC(dateTime.call(v));
      break;
    case 'RegExp':
      c = new RegExpC(reSource.call(v), reFlags.call(v));
      break;
    case 'Map':
      c = new MapC();
      var pairs = [];
      mapForEach.call(v, function (val, key) { pairs.push(key, val); });
      f = { kind: MAP, src: v, dst: c, keys: pairs, i: 0, key: undefined };
      break;
    case 'Set':
      c = new SetC();
      var items = [];
      setForEach.call(v, function (val) { items.push(val); });
      f = { kind: SET, src: v, dst: c, keys: items, i: 0 };
      break;
    case 'ArrayBuffer':
      if (binding.isDetached(v)) throw new DOMException('An ArrayBuffer is detached and could not be cloned.', 'DataCloneError');
      c = abSlice.call(v, 0);
      break;
    case 'View':
      var buf = shell(taBuffer.call(v));
      c = new typed[taTag.call(v)](buf, taOffset.call(v), taLength.call(v));
      break;
    case 'Number': c = Object(numValue.call(v)); break;
    case 'String': c = Object(strValue.call(v)); break;
    case 'Boolean': c = Object(boolValue.call(v)); break;
    case 'BigInt': c = Object(bigValue.call(v)); break;
    case 'Error': return errorShell(v);
    default: throw refuse(v);
    }
    memo.set(v, c);
    if (f !== undefined) push(f);
    return c;
  }

  // V8 runs out of stack near 2000 nested objects; the walk stops at the
  // VM's call stack size with V8's (catchable) error.
  function push(f) {
    if (stack.length >= maxDepth) throw new RangeErrorC('Maximum call stack size exceeded');
    stack.push(f);
  }

  function errorShell(v) {
    var md = getDesc(v, 'message'), cd = getDesc(v, 'cause');
    var name = u.toStr(v.name);
    var C = hasOwn.call(errorCtors, name) ? errorCtors[name] : ErrorC;
    var e = new C();
    var st = v.stack;
    if (typeof st === 'string') defProp(e, 'stack', { value: st, writable: true, configurable: true });
    else delete e.stack;
    if (md !== undefined && 'value' in md) defProp(e, 'message', { value: u.toStr(md.value), writable: true, configurable: true });
    memo.set(v, e);
    if (cd !== undefined && 'value' in cd) push({ kind: ERR, src: v, dst: e, keys: [cd.value], i: 0 });
    return e;
  }

  var root = shell(value);
  while (stack.length > 0) {
    var f = stack[stack.length - 1];
    if (f.i >= f.keys.length) {
      stack.pop();
      continue;
    }
    var k = f.keys[f.i++];
    switch (f.kind) {
    case OBJ:
      if (!hasOwn.call(f.src, k)) continue;
      var val = shell(f.src[k]);
      if (k === '__proto__') defProp(f.dst, k, { value: val, writable: true, enumerable: true, configurable: true });
      else f.dst[k] = val;
      break;
    case MAP:
      if ((f.i & 1) === 1) f.key = shell(k);
      else mapSet.call(f.dst, f.key, shell(k));
      break;
    case SET:
      setAdd.call(f.dst, shell(k));
      break;
    case ERR:
      defProp(f.dst, 'cause', { value: shell(k), writable: true, configurable: true });
      break;
    }
  }
  for (i = 0; i < transfer.length; i++) binding.detach(transfer[i]);
  return root;
}
defProp(structuredClone, 'length', { value: 0 });
exports.structuredClone = structuredClone;
})`

// jsWebBlob is Blob and File. A Blob's bytes are one private Uint8Array,
// shared by its slices and clones and never handed out.
const jsWebBlob = `(function (module, exports, require, binding) {
'use strict';
var u = binding.lib('web_util');
var blobs = new WeakMap();
var disallowed = /[^\u0020-\u007E]/;
var isView = ArrayBuffer.isView;
function isAB(v) { return binding.kind(v) === 'ArrayBuffer'; }
function blobState(b) {
  var s = b !== null && typeof b === 'object' ? blobs.get(b) : undefined;
  if (s === undefined) throw u.invalidThis('Blob');
  return s;
}
function normType(t) {
  t = u.toStr(t);
  return disallowed.test(t) ? '' : t.toLowerCase();
}
function viewBytes(v) {
  return new Uint8Array(v.buffer, v.byteOffset, v.byteLength);
}
// partBytes copies a part's bytes now, so later writes to a source buffer
// do not reach the Blob; a Blob's own bytes never change and are shared.
function partBytes(p, endings) {
  var s = blobs.get(p);
  if (s !== undefined) return s.bytes;
  if (isAB(p)) return new Uint8Array(p.slice(0));
  if (isView(p)) return viewBytes(p).slice();
  p = u.toStr(p);
  if (endings === 'native') p = p.replace(/\n|\r\n/g, '\n');
  return binding.encode(p);
}
function makeBlob(bytes, type) {
  var b = Object.create(Blob.prototype);
  blobs.set(b, { bytes: bytes, type: type });
  return b;
}
function concat(parts, total) {
  if (parts.length === 1 && parts[0].byteLength === total) return parts[0];
  var out = new Uint8Array(total), off = 0;
  for (var i = 0; i < parts.length; i++) {
    out.set(parts[i], off);
    off += parts[i].byteLength;
  }
  return out;
}
class Blob {
  constructor(sources = [], options = undefined) {
    if (sources === null || typeof sources === 'string' || (typeof sources !== 'object' && typeof sources !== 'function') || typeof sources[Symbol.iterator] !== 'function') {
      throw u.argType('sources', 'a sequence', sources);
    }
    if (options != null && typeof options !== 'object' && typeof options !== 'function') throw u.argType('options', 'a dictionary', options);
    var o = options == null ? {} : options;
    var type = o.type === undefined ? '' : o.type;
    var endings = o.endings === undefined ? 'transparent' : u.toStr(o.endings);
    if (endings !== 'transparent' && endings !== 'native') throw u.invalidArgValue('options.endings', endings);
    var parts = [], total = 0;
    for (var p of sources) {
      var b = partBytes(p, endings);
      parts.push(b);
      total += b.byteLength;
    }
    blobs.set(this, { bytes: concat(parts, total), type: normType(type) });
  }
  get type() { return blobState(this).type; }
  get size() { return blobState(this).bytes.byteLength; }
  slice(start = 0, end = undefined, contentType = '') {
    var s = blobState(this), len = s.bytes.byteLength;
    if (end === undefined) end = len;
    start = +start < 0 ? Math.max(len + Math.trunc(+start), 0) : Math.min(Math.trunc(+start) || 0, len);
    end = +end < 0 ? Math.max(len + Math.trunc(+end), 0) : Math.min(Math.trunc(+end) || 0, len);
    var span = Math.max(end - start, 0);
    return makeBlob(s.bytes.subarray(start, start + span), normType(contentType));
  }
  arrayBuffer() {
    var s = blobs.get(this);
    if (s === undefined) return Promise.reject(u.invalidThis('Blob'));
    return Promise.resolve(s.bytes.slice().buffer);
  }
  text() {
    var s = blobs.get(this);
    if (s === undefined) return Promise.reject(u.invalidThis('Blob'));
    return Promise.resolve(binding.decode(s.bytes));
  }
  bytes() {
    var s = blobs.get(this);
    if (s === undefined) return Promise.reject(u.invalidThis('Blob'));
    return Promise.resolve(s.bytes.slice());
  }
}
u.enumerable(Blob.prototype, ['type', 'size', 'slice', 'arrayBuffer', 'text']);
u.tag(Blob.prototype, 'Blob');

var files = new WeakMap();
function fileState(f, field) {
  var s = f !== null && typeof f === 'object' ? files.get(f) : undefined;
  if (s === undefined) throw new TypeError('Cannot read private member #' + field + ' from an object whose class did not declare it');
  return s;
}
class File extends Blob {
  constructor(fileBits, fileName, options = undefined) {
    if (arguments.length < 2) throw u.missingArgs('fileBits', 'fileName');
    super(fileBits, options);
    var lm = options == null ? undefined : options.lastModified;
    if (lm !== undefined) {
      lm = +lm;
      if (lm !== lm) lm = 0;
    } else {
      lm = Date.now();
    }
    files.set(this, { name: binding.usv(u.toStr(fileName)), lastModified: lm });
  }
  get name() { return fileState(this, 'name').name; }
  get lastModified() { return fileState(this, 'lastModified').lastModified; }
}
u.enumerable(File.prototype, ['name', 'lastModified']);
u.tag(File.prototype, 'File');

// structuredClone copies a Blob (a File too, into a plain Blob, as Node 20).
u.cloneHooks.push({
  test: function (v) { return blobs.has(v); },
  clone: function (v) { var s = blobs.get(v); return makeBlob(s.bytes, s.type); }
});

exports.Blob = Blob;
exports.File = File;
exports.isBlob = function (v) { return v !== null && typeof v === 'object' && blobs.has(v); };
exports.blobBytes = function (v) { return blobs.get(v).bytes; };
exports.makeBlob = makeBlob;
})`

// jsWebFetch is Headers, Request, Response and FormData after undici 6,
// without the network: bodies are bytes in memory, and body is a minimal
// reader rather than a ReadableStream.
const jsWebFetch = `(function (module, exports, require, binding) {
'use strict';
var u = binding.lib('web_util');
var ev = binding.lib('web_events');
var bl = binding.lib('web_blob');
var urlMod = require('url');
var URLC = urlMod.URL, URLSearchParamsC = urlMod.URLSearchParams;
var Blob = bl.Blob, File = bl.File;

function exception(header, message) { return new TypeError(header + ': ' + message); }
function argCount(args, min, ctx) {
  if (args.length < min) {
    throw exception(ctx, min + ' argument' + (min !== 1 ? 's' : '') + ' required, but' + (args.length ? ' only' : '') + ' ' + args.length + ' found.');
  }
}
function illegal() {
  var e = new TypeError('Illegal invocation');
  e.code = 'ERR_INVALID_THIS';
  return e;
}
function domString(v, prefix, arg) {
  if (typeof v === 'symbol') throw exception(prefix, arg + ' is a symbol, which cannot be converted to a DOMString.');
  return String(v);
}
function byteString(v, prefix, arg) {
  var x = domString(v, prefix, arg);
  for (var i = 0; i < x.length; i++) {
    var c = x.charCodeAt(i);
    if (c > 255) throw new TypeError('Cannot convert argument to a ByteString because the character at index ' + i + ' has a value of ' + c + ' which is greater than 255.');
  }
  return x;
}
function usv(v, prefix, arg) { return binding.usv(domString(v, prefix, arg)); }

// ---- Headers ----

function isTokenChar(c) {
  switch (c) {
  case 0x22: case 0x28: case 0x29: case 0x2c: case 0x2f: case 0x3a: case 0x3b: case 0x3c:
  case 0x3d: case 0x3e: case 0x3f: case 0x40: case 0x5b: case 0x5c: case 0x5d: case 0x7b: case 0x7d:
    return false;
  default:
    return c >= 0x21 && c <= 0x7e;
  }
}
function isToken(s) {
  if (s.length === 0) return false;
  for (var i = 0; i < s.length; i++) if (!isTokenChar(s.charCodeAt(i))) return false;
  return true;
}
function isHTTPSpace(c) { return c === 0x0a || c === 0x0d || c === 0x09 || c === 0x20; }
function normValue(v) {
  var i = 0, j = v.length;
  while (j > i && isHTTPSpace(v.charCodeAt(j - 1))) --j;
  while (j > i && isHTTPSpace(v.charCodeAt(i))) ++i;
  return i === 0 && j === v.length ? v : v.substring(i, j);
}
function isValue(v) {
  var l = v.length;
  return !(v[0] === '\t' || v[0] === ' ' || v[l - 1] === '\t' || v[l - 1] === ' ' ||
    v.indexOf('\n') >= 0 || v.indexOf('\r') >= 0 || v.indexOf('\0') >= 0);
}
function invalid(prefix, value, type) { return exception(prefix, '"' + value + '" is an invalid ' + type + '.'); }

// A header list: lower-cased name -> {name, value}, in insertion order,
// with set-cookie values kept apart; sorted is rebuilt after a change.
function newList() { return { map: new Map(), cookies: null, sorted: null }; }
function copyList(l) {
  return { map: new Map(l.map), cookies: l.cookies === null ? null : l.cookies.slice(), sorted: l.sorted };
}
function listAppend(l, name, value) {
  l.sorted = null;
  var lower = name.toLowerCase(), ex = l.map.get(lower);
  if (ex) l.map.set(lower, { name: ex.name, value: ex.value + (lower === 'cookie' ? '; ' : ', ') + value });
  else l.map.set(lower, { name: name, value: value });
  if (lower === 'set-cookie') (l.cookies = l.cookies || []).push(value);
}
function listSet(l, name, value) {
  l.sorted = null;
  var lower = name.toLowerCase();
  if (lower === 'set-cookie') l.cookies = [value];
  l.map.set(lower, { name: name, value: value });
}
function listDelete(l, name) {
  l.sorted = null;
  name = name.toLowerCase();
  if (name === 'set-cookie') l.cookies = null;
  l.map.delete(name);
}
function listGet(l, name) {
  var e = l.map.get(name.toLowerCase());
  return e === undefined ? null : e.value;
}
function listSorted(l) {
  if (l.sorted) return l.sorted;
  var names = [];
  l.map.forEach(function (e, lower) { names.push([lower, e.value]); });
  names.sort(function (a, b) { return a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0; });
  if (l.cookies === null || l.cookies.length === 1) return (l.sorted = names);
  var out = [];
  for (var i = 0; i < names.length; i++) {
    if (names[i][0] === 'set-cookie') {
      for (var j = 0; j < l.cookies.length; j++) out.push(['set-cookie', l.cookies[j]]);
    } else {
      out.push(names[i]);
    }
  }
  return (l.sorted = out);
}
function entriesList(l) {
  var out = [];
  l.map.forEach(function (e, lower) {
    if (lower === 'set-cookie') l.cookies.forEach(function (c) { out.push([e.name, c]); });
    else out.push([e.name, e.value]);
  });
  return out;
}

var headersState = new WeakMap();
function hState(h) {
  var s = h !== null && typeof h === 'object' ? headersState.get(h) : undefined;
  if (s === undefined) throw illegal();
  return s;
}
function appendHeader(s, name, value) {
  value = normValue(value);
  if (!isToken(name)) throw invalid('Headers.append', name, 'header name');
  if (!isValue(value)) throw invalid('Headers.append', value, 'header value');
  if (s.guard === 'immutable') throw new TypeError('immutable');
  listAppend(s.list, name, value);
}
function headersInit(init) {
  if (init === null || (typeof init !== 'object' && typeof init !== 'function')) {
    throw exception('Headers constructor', 'Argument 1 could not be converted to one of: sequence<sequence<ByteString>>, record<ByteString, ByteString>.');
  }
  var hs = headersState.get(init);
  if (hs !== undefined && init[Symbol.iterator] === Headers.prototype.entries) return entriesList(hs.list);
  var out = [], i;
  if (typeof init[Symbol.iterator] === 'function') {
    for (var pair of init) {
      if (pair === null || (typeof pair !== 'object' && typeof pair !== 'function') || typeof pair[Symbol.iterator] !== 'function') {
        throw exception('Headers constructor', 'Argument 1 could not be converted to one of: sequence<sequence<ByteString>>, record<ByteString, ByteString>.');
      }
      var p = [];
      for (var x of pair) p.push(byteString(x, 'Header constructor', 'header'));
      out.push(p);
    }
    return out;
  }
  var ks = Reflect.ownKeys(init), rec = {};
  for (i = 0; i < ks.length; i++) {
    var d = Reflect.getOwnPropertyDescriptor(init, ks[i]);
    if (d === undefined || !d.enumerable) continue;
    var k = byteString(ks[i], 'Headers constructor', 'Key');
    rec[k] = byteString(init[ks[i]], 'Headers constructor', 'Value');
  }
  return rec;
}
function fill(s, init) {
  if (Array.isArray(init)) {
    for (var i = 0; i < init.length; i++) {
      if (init[i].length !== 2) throw exception('Headers constructor', 'expected name/value pair to be length 2, found ' + init[i].length + '.');
      appendHeader(s, init[i][0], init[i][1]);
    }
    return;
  }
  var ks = Object.keys(init);
  for (var j = 0; j < ks.length; j++) appendHeader(s, ks[j], init[ks[j]]);
}
function newHeaders(list, guard) {
  var h = Object.create(Headers.prototype);
  headersState.set(h, { list: list, guard: guard });
  return h;
}
class Headers {
  constructor(init = undefined) {
    var s = { list: newList(), guard: 'none' };
    headersState.set(this, s);
    if (init !== undefined) fill(s, headersInit(init));
  }
  append(name, value) {
    var s = hState(this);
    argCount(arguments, 2, 'Headers.append');
    appendHeader(s, byteString(name, 'Headers.append', 'name'), byteString(value, 'Headers.append', 'value'));
  }
  delete(name) {
    var s = hState(this);
    argCount(arguments, 1, 'Headers.delete');
    name = byteString(name, 'Headers.delete', 'name');
    if (!isToken(name)) throw invalid('Headers.delete', name, 'header name');
    if (s.guard === 'immutable') throw new TypeError('immutable');
    if (!s.list.map.has(name.toLowerCase())) return;
    listDelete(s.list, name);
  }
  get(name) {
    var s = hState(this);
    argCount(arguments, 1, 'Headers.get');
    name = byteString(name, 'Headers.get', 'name');
    if (!isToken(name)) throw invalid('Headers.get', name, 'header name');
    return listGet(s.list, name);
  }
  has(name) {
    var s = hState(this);
    argCount(arguments, 1, 'Headers.has');
    name = byteString(name, 'Headers.has', 'name');
    if (!isToken(name)) throw invalid('Headers.has', name, 'header name');
    return s.list.map.has(name.toLowerCase());
  }
  set(name, value) {
    var s = hState(this);
    argCount(arguments, 2, 'Headers.set');
    name = byteString(name, 'Headers.set', 'name');
    value = normValue(byteString(value, 'Headers.set', 'value'));
    if (!isToken(name)) throw invalid('Headers.set', name, 'header name');
    if (!isValue(value)) throw invalid('Headers.set', value, 'header value');
    if (s.guard === 'immutable') throw new TypeError('immutable');
    listSet(s.list, name, value);
  }
  getSetCookie() {
    var c = hState(this).list.cookies;
    return c ? c.slice() : [];
  }
}
u.enumerable(Headers.prototype, ['append', 'delete', 'get', 'has', 'set', 'getSetCookie']);

// iteratorMixin: keys/values/entries/forEach over a live list, as WebIDL's
// default iterators.
function iteratorMixin(name, C, check, pairs) {
  var IterProto = Object.create(Object.getPrototypeOf(Object.getPrototypeOf([][Symbol.iterator]())));
  var iters = new WeakMap();
  Object.defineProperty(IterProto, 'next', {
    value: function next() {
      var it = this !== null && typeof this === 'object' ? iters.get(this) : undefined;
      if (it === undefined) throw new TypeError("'next' called on an object that does not implement interface " + name + ' Iterator.');
      var values = pairs(it.target);
      if (it.index >= values.length) return { value: undefined, done: true };
      var p = values[it.index++];
      return { value: it.kind === 'key' ? p[0] : it.kind === 'value' ? p[1] : [p[0], p[1]], done: false };
    },
    writable: true, enumerable: true, configurable: true
  });
  u.tag(IterProto, name + ' Iterator');
  function make(target, kind) {
    var it = Object.create(IterProto);
    iters.set(it, { target: target, kind: kind, index: 0 });
    return it;
  }
  var methods = {
    keys: function keys() { check(this); return make(this, 'key'); },
    values: function values() { check(this); return make(this, 'value'); },
    entries: function entries() { check(this); return make(this, 'key+value'); },
    forEach: function forEach(callbackfn, thisArg = globalThis) {
      check(this);
      argCount(arguments, 1, name + '.forEach');
      if (typeof callbackfn !== 'function') {
        throw new TypeError("Failed to execute 'forEach' on '" + name + "': parameter 1 is not of type 'Function'.");
      }
      var it = make(this, 'key+value');
      for (var r = it.next(); !r.done; r = it.next()) callbackfn.call(thisArg, r.value[1], r.value[0], this);
    }
  };
  ['keys', 'values', 'entries', 'forEach'].forEach(function (m) {
    Object.defineProperty(C.prototype, m, { value: methods[m], writable: true, enumerable: true, configurable: true });
  });
  Object.defineProperty(C.prototype, Symbol.iterator, { value: methods.entries, writable: true, configurable: true });
}
iteratorMixin('Headers', Headers, hState, function (h) { return listSorted(headersState.get(h).list); });
u.tag(Headers.prototype, 'Headers');

// ---- bodies ----

// A body is {bytes, source, used}; extract gives it and its content type.
function extract(object) {
  var type = null, bytes;
  if (typeof object === 'string') {
    bytes = binding.encode(object);
    type = 'text/plain;charset=UTF-8';
  } else if (object instanceof URLSearchParamsC) {
    bytes = binding.encode(object.toString());
    type = 'application/x-www-form-urlencoded;charset=UTF-8';
  } else if (bl.isBlob(object)) {
    bytes = bl.blobBytes(object);
    if (object.type) type = object.type;
  } else if (ArrayBuffer.isView(object)) {
    bytes = new Uint8Array(object.buffer.slice(object.byteOffset, object.byteOffset + object.byteLength));
  } else if (isAB(object)) {
    bytes = new Uint8Array(object.slice(0));
  } else if (formState.has(object)) {
    var boundary = '----formdata-undici-0' + String(Math.floor(Math.random() * 1e11)).padStart(11, '0');
    bytes = multipart(formState.get(object), boundary);
    type = 'multipart/form-data; boundary=' + boundary;
  } else {
    bytes = binding.encode(domString(object, 'BodyInit', 'body'));
    type = 'text/plain;charset=UTF-8';
  }
  return { body: { bytes: bytes, used: false }, type: type };
}
function isAB(v) { return binding.kind(v) === 'ArrayBuffer'; }
function multipart(entries, boundary) {
  var prefix = '--' + boundary + '\r\nContent-Disposition: form-data';
  var esc = function (s) { return s.replace(/\n/g, '%0A').replace(/\r/g, '%0D').replace(/"/g, '%22'); };
  var lf = function (s) { return s.replace(/\r?\n|\r/g, '\r\n'); };
  var parts = [], total = 0;
  var push = function (b) { parts.push(b); total += b.byteLength; };
  for (var i = 0; i < entries.length; i++) {
    var name = entries[i].name, value = entries[i].value;
    if (typeof value === 'string') {
      push(binding.encode(prefix + '; name="' + esc(lf(name)) + '"\r\n\r\n' + lf(value) + '\r\n'));
    } else {
      push(binding.encode(prefix + '; name="' + esc(lf(name)) + '"' + (value.name ? '; filename="' + esc(value.name) + '"' : '') +
        '\r\nContent-Type: ' + (value.type || 'application/octet-stream') + '\r\n\r\n'));
      push(bl.blobBytes(value));
      push(binding.encode('\r\n'));
    }
  }
  push(binding.encode('--' + boundary + '--\r\n'));
  var out = new Uint8Array(total), off = 0;
  for (var j = 0; j < parts.length; j++) { out.set(parts[j], off); off += parts[j].byteLength; }
  return out;
}
function mimeEssence(list) {
  var ct = listGet(list, 'content-type');
  if (ct === null) return null;
  var i = ct.indexOf(';');
  return { essence: normValue(i < 0 ? ct : ct.slice(0, i)).toLowerCase(), full: ct };
}
function parseMultipart(bytes, ct) {
  var m = /boundary=("?)([^";]+)\1/i.exec(ct);
  if (!m) return null;
  var text = binding.latin1(bytes), delim = '--' + m[2];
  var pos = text.indexOf(delim);
  if (pos < 0) return null;
  var out = [];
  for (;;) {
    pos += delim.length;
    if (text.substr(pos, 2) === '--') return out;
    if (text.substr(pos, 2) !== '\r\n') return null;
    pos += 2;
    var headEnd = text.indexOf('\r\n\r\n', pos);
    if (headEnd < 0) return null;
    var head = text.slice(pos, headEnd).split('\r\n'), name = null, filename = null, type = '';
    for (var i = 0; i < head.length; i++) {
      var h = head[i], c = h.indexOf(':');
      if (c < 0) continue;
      var hn = h.slice(0, c).trim().toLowerCase(), hv = h.slice(c + 1).trim();
      if (hn === 'content-disposition') {
        var nm = /;\s*name="([^"]*)"/i.exec(hv), fm = /;\s*filename="([^"]*)"/i.exec(hv);
        if (nm) name = nm[1];
        if (fm) filename = fm[1];
      } else if (hn === 'content-type') {
        type = hv;
      }
    }
    if (name === null) return null;
    var next = text.indexOf('\r\n' + delim, headEnd + 4);
    if (next < 0) return null;
    var raw = bytes.subarray(headEnd + 4, next);
    name = unescapeName(binding.decode(binding.latin1Bytes(name)));
    if (filename !== null) {
      out.push({ name: name, value: new File([raw], unescapeName(binding.decode(binding.latin1Bytes(filename))), { type: type }) });
    } else {
      out.push({ name: name, value: binding.decode(raw) });
    }
    pos = next + 2;
  }
}
function unescapeName(s) { return s.replace(/%0A/ig, '\n').replace(/%0D/ig, '\r').replace(/%22/g, '"'); }
// mimeType parses a content type as far as Blob types need: the essence
// and parameters lower-cased, without spaces.
function mimeType(ct) {
  var parts = ct.split(';'), out = normValue(parts[0]).toLowerCase(), seen = {};
  if (!/^[^\s\/]+\/[^\s\/]+$/.test(out)) return null;
  for (var i = 1; i < parts.length; i++) {
    var p = normValue(parts[i]), eq = p.indexOf('=');
    if (eq <= 0) continue;
    var n = p.slice(0, eq).toLowerCase();
    if (seen[n]) continue;
    seen[n] = true;
    out += ';' + n + '=' + p.slice(eq + 1);
  }
  return out;
}
// consume reads a body whole, as undici's consumeBody.
function consume(self, state, convert) {
  var s;
  try {
    s = state(self);
  } catch (e) {
    return Promise.reject(e);
  }
  var body = s.body;
  if (body !== null && body.used) return Promise.reject(new TypeError('Body is unusable: Body has already been read'));
  if (s.signal !== undefined && s.signal.aborted) return Promise.reject(new u.DOMException('The operation was aborted.', 'AbortError'));
  var bytes = body === null ? new Uint8Array(0) : body.bytes;
  if (body !== null) body.used = true;
  return new Promise(function (resolve) { resolve(convert(bytes, s)); });
}
function bodyMixin(C, state) {
  var methods = {
    blob: function blob() {
      return consume(this, state, function (bytes, s) {
        var m = mimeEssence(s.headers), t = m === null ? null : mimeType(m.full);
        return bl.makeBlob(bytes, t === null ? '' : t.toLowerCase());
      });
    },
    arrayBuffer: function arrayBuffer() { return consume(this, state, function (bytes) { return bytes.slice().buffer; }); },
    text: function text() { return consume(this, state, function (bytes) { return binding.decode(bytes); }); },
    json: function json() { return consume(this, state, function (bytes) { return JSON.parse(binding.decode(bytes)); }); },
    formData: function formData() {
      return consume(this, state, function (bytes, s) {
        var m = mimeEssence(s.headers);
        if (m !== null && m.essence === 'multipart/form-data') {
          var parsed = parseMultipart(bytes, m.full);
          if (parsed === null) throw new TypeError('Failed to parse body as FormData.');
          var fd = new FormData();
          formState.set(fd, parsed);
          return fd;
        }
        if (m !== null && m.essence === 'application/x-www-form-urlencoded') {
          var f = new FormData();
          for (var e of new URLSearchParamsC(binding.decode(bytes))) f.append(e[0], e[1]);
          return f;
        }
        throw new TypeError('Content-Type was not one of "multipart/form-data" or "application/x-www-form-urlencoded".');
      });
    },
    bytes: function bytes() { return consume(this, state, function (b) { return b.slice(); }); }
  };
  Object.keys(methods).forEach(function (k) {
    Object.defineProperty(C.prototype, k, { value: methods[k], writable: true, enumerable: true, configurable: true });
  });
}
// bodyStream stands in for a ReadableStream: one chunk, then done.
function bodyStream(s) {
  if (s.body === null) return null;
  if (s.stream) return s.stream;
  var body = s.body, done = false;
  var stream = {
    get locked() { return body.used; },
    getReader: function () {
      body.used = true;
      return {
        read: function () {
          if (done || body.bytes.byteLength === 0) return Promise.resolve({ value: undefined, done: true });
          done = true;
          return Promise.resolve({ value: body.bytes.slice(), done: false });
        },
        releaseLock: function () {},
        cancel: function () { done = true; return Promise.resolve(); },
        get closed() { return Promise.resolve(); }
      };
    }
  };
  u.tag(stream, 'ReadableStream');
  s.stream = stream;
  return stream;
}

// ---- Response ----

var responses = new WeakMap();
function rState(r) {
  var s = r !== null && typeof r === 'object' ? responses.get(r) : undefined;
  if (s === undefined) throw illegal();
  return s;
}
function unsignedShort(v) {
  var x = +v;
  if (x !== x || x === Infinity || x === -Infinity) return 0;
  x = Math.trunc(x) % 65536;
  return x < 0 ? x + 65536 : x;
}
function responseInit(init) {
  if (init === null || init === undefined) return { status: 200, statusText: '' };
  if (typeof init !== 'object' && typeof init !== 'function') throw exception(undefined, 'Expected ' + init + ' to be one of: Null, Undefined, Object.');
  var d = {};
  d.headers = init.headers === undefined ? undefined : headersInit(init.headers);
  d.status = init.status === undefined ? 200 : unsignedShort(init.status);
  d.statusText = init.statusText === undefined ? '' : byteString(init.statusText, 'Response constructor', 'init.statusText');
  return d;
}
function isReason(s) {
  for (var i = 0; i < s.length; i++) {
    var c = s.charCodeAt(i);
    if (!(c === 0x09 || (c >= 0x20 && c <= 0x7e) || (c >= 0x80 && c <= 0xff))) return false;
  }
  return true;
}
function newResponseState(guard) {
  var list = newList();
  return { type: 'default', status: 200, statusText: '', url: '', headers: list, h: newHeaders(list, guard), body: null };
}
function initialize(s, init, body) {
  if (init.status !== null && (init.status < 200 || init.status > 599)) {
    throw new RangeError('init["status"] must be in the range of 200 to 599, inclusive.');
  }
  if (init.statusText != null && !isReason(String(init.statusText))) throw new TypeError('Invalid statusText');
  if (init.status != null) s.status = init.status;
  if (init.statusText != null) s.statusText = init.statusText;
  if (init.headers != null) fill(headersState.get(s.h), init.headers);
  if (body) {
    if (s.status === 101 || s.status === 204 || s.status === 205 || s.status === 304) {
      throw exception('Response constructor', 'Invalid response status code ' + s.status);
    }
    s.body = body.body;
    if (body.type != null && !s.headers.map.has('content-type')) listAppend(s.headers, 'content-type', body.type);
  }
}
function makeResponse(s) {
  var r = Object.create(Response.prototype);
  responses.set(r, s);
  return r;
}
class Response {
  constructor(body = null, init = {}) {
    var b = body === null || body === undefined ? null : extract(body);
    var i = responseInit(init);
    var s = newResponseState('response');
    responses.set(this, s);
    initialize(s, i, b);
  }
  static error() {
    var s = newResponseState('immutable');
    s.type = 'error';
    s.status = 0;
    return makeResponse(s);
  }
  static json(data, init = {}) {
    argCount(arguments, 1, 'Response.json');
    var i = init === null ? { status: 200, statusText: '' } : responseInit(init);
    var text = JSON.stringify(data);
    if (text === undefined) throw new TypeError('Value is not JSON serializable');
    var s = newResponseState('response');
    initialize(s, i, { body: { bytes: binding.encode(text), used: false }, type: 'application/json' });
    return makeResponse(s);
  }
  static redirect(url, status = 302) {
    argCount(arguments, 1, 'Response.redirect');
    url = usv(url);
    status = unsignedShort(status);
    var parsed;
    try {
      parsed = new URLC(url);
    } catch (err) {
      throw new TypeError('Failed to parse URL from ' + url, { cause: err });
    }
    if (status !== 301 && status !== 302 && status !== 303 && status !== 307 && status !== 308) {
      throw new RangeError('Invalid status code ' + status);
    }
    var s = newResponseState('immutable');
    s.status = status;
    listAppend(s.headers, 'location', parsed.href);
    return makeResponse(s);
  }
  get type() { return rState(this).type; }
  get url() { return rState(this).url; }
  get redirected() { rState(this); return false; }
  get status() { return rState(this).status; }
  get ok() { var s = rState(this); return s.status >= 200 && s.status <= 299; }
  get statusText() { return rState(this).statusText; }
  get headers() { return rState(this).h; }
  get body() { return bodyStream(rState(this)); }
  get bodyUsed() { var s = rState(this); return s.body !== null && s.body.used; }
  clone() {
    var s = rState(this);
    if (s.body !== null && s.body.used) throw exception('Response.clone', 'Body has already been consumed.');
    var list = copyList(s.headers);
    var c = { type: s.type, status: s.status, statusText: s.statusText, url: s.url, headers: list,
      h: newHeaders(list, headersState.get(s.h).guard), body: s.body === null ? null : { bytes: s.body.bytes, used: false } };
    return makeResponse(c);
  }
}
bodyMixin(Response, rState);
u.enumerable(Response.prototype, ['type', 'url', 'redirected', 'status', 'ok', 'statusText', 'headers', 'body', 'bodyUsed', 'clone']);
u.enumerable(Response, ['error', 'json', 'redirect']);
u.tag(Response.prototype, 'Response');

// ---- Request ----

var requests = new WeakMap();
function qState(r) {
  var s = r !== null && typeof r === 'object' ? requests.get(r) : undefined;
  if (s === undefined) throw illegal();
  return s;
}
var normalMethods = { delete: 'DELETE', DELETE: 'DELETE', get: 'GET', GET: 'GET', head: 'HEAD', HEAD: 'HEAD',
  options: 'OPTIONS', OPTIONS: 'OPTIONS', post: 'POST', POST: 'POST', put: 'PUT', PUT: 'PUT' };
var enums = {
  referrerPolicy: ['', 'no-referrer', 'no-referrer-when-downgrade', 'same-origin', 'origin', 'strict-origin',
    'origin-when-cross-origin', 'strict-origin-when-cross-origin', 'unsafe-url'],
  mode: ['navigate', 'same-origin', 'no-cors', 'cors'],
  credentials: ['omit', 'same-origin', 'include'],
  cache: ['default', 'no-store', 'reload', 'no-cache', 'force-cache', 'only-if-cached'],
  redirect: ['follow', 'manual', 'error'],
  duplex: ['half']
};
var warnedPatch = false;
function requestInit(init, prefix) {
  if (init === null || init === undefined) return {};
  if (typeof init !== 'object' && typeof init !== 'function') throw exception(prefix, 'Expected ' + init + ' to be one of: Null, Undefined, Object.');
  var d = {}, v;
  if ((v = init.method) !== undefined) d.method = byteString(v, prefix, 'init.method');
  if ((v = init.headers) !== undefined) d.headers = headersInit(v);
  if ((v = init.body) !== undefined) d.body = v;
  if ((v = init.referrer) !== undefined) d.referrer = usv(v, prefix, 'init.referrer');
  ['referrerPolicy', 'mode', 'credentials', 'cache', 'redirect'].forEach(function (k) {
    var x = init[k];
    if (x === undefined) return;
    x = domString(x, prefix, 'init.' + k);
    if (enums[k].indexOf(x) < 0) throw exception(prefix, x + ' is not an accepted type. Expected one of ' + enums[k].join(', ') + '.');
    d[k] = x;
  });
  if ((v = init.integrity) !== undefined) d.integrity = domString(v, prefix, 'init.integrity');
  if ((v = init.keepalive) !== undefined) d.keepalive = !!v;
  if ((v = init.signal) !== undefined) d.signal = v;
  if ('window' in init) d.window = init.window;
  if ((v = init.duplex) !== undefined) {
    v = domString(v, prefix, 'init.duplex');
    if (enums.duplex.indexOf(v) < 0) throw exception(prefix, v + ' is not an accepted type. Expected one of half.');
    d.duplex = v;
  }
  return d;
}
class Request {
  constructor(input, init = {}) {
    var prefix = 'Request constructor';
    argCount(arguments, 1, prefix);
    var inState = requests.get(input);
    if (inState === undefined) input = usv(input, prefix, 'input');
    var o = requestInit(init, prefix);
    var s, signal = null;
    if (inState === undefined) {
      var parsed;
      try {
        parsed = new URLC(input);
      } catch (err) {
        throw new TypeError('Failed to parse URL from ' + input, { cause: err });
      }
      if (parsed.username || parsed.password) {
        throw new TypeError('Request cannot be constructed from a URL that includes credentials: ' + input);
      }
      s = { method: 'GET', url: parsed.href, headers: newList(), referrer: 'client', referrerPolicy: '', mode: 'cors',
        credentials: 'same-origin', cache: 'default', redirect: 'follow', integrity: '', keepalive: false, body: null };
    } else {
      signal = inState.signal;
      s = { method: inState.method, url: inState.url, headers: inState.headers, referrer: inState.referrer,
        referrerPolicy: inState.referrerPolicy, mode: inState.mode, credentials: inState.credentials, cache: inState.cache,
        redirect: inState.redirect, integrity: inState.integrity, keepalive: inState.keepalive, body: null };
    }
    if (o.window != null) throw new TypeError("'window' option 'client' must be null");
    var initHasKey = Object.keys(init == null ? {} : init).length !== 0;
    if (initHasKey) {
      if (s.mode === 'navigate') s.mode = 'same-origin';
      s.referrer = 'client';
      s.referrerPolicy = '';
    }
    if (o.referrer !== undefined) {
      if (o.referrer === '') {
        s.referrer = 'no-referrer';
      } else {
        var ref;
        try {
          ref = new URLC(o.referrer);
        } catch (err) {
          throw new TypeError('Referrer "' + o.referrer + '" is not a valid URL.', { cause: err });
        }
        s.referrer = ref.protocol === 'about:' && ref.hostname === 'client' ? 'client' : ref.href;
      }
    }
    if (o.referrerPolicy !== undefined) s.referrerPolicy = o.referrerPolicy;
    if (o.mode === 'navigate') throw exception(prefix, 'invalid request mode navigate.');
    if (o.mode !== undefined) s.mode = o.mode;
    if (o.credentials !== undefined) s.credentials = o.credentials;
    if (o.cache !== undefined) s.cache = o.cache;
    if (s.cache === 'only-if-cached' && s.mode !== 'same-origin') {
      throw new TypeError("'only-if-cached' can be set only with 'same-origin' mode");
    }
    if (o.redirect !== undefined) s.redirect = o.redirect;
    if (o.integrity != null) s.integrity = String(o.integrity);
    if (o.keepalive !== undefined) s.keepalive = o.keepalive;
    if (o.method !== undefined) {
      var method = o.method;
      if (normalMethods[method] !== undefined && Object.prototype.hasOwnProperty.call(normalMethods, method)) {
        s.method = normalMethods[method];
      } else if (method === 'patch' || method === 'PATCH') {
        s.method = method;
      } else {
        if (!isToken(method)) throw new TypeError("'" + method + "' is not a valid HTTP method.");
        var upper = method.toUpperCase();
        if (upper === 'CONNECT' || upper === 'TRACE' || upper === 'TRACK') throw new TypeError("'" + method + "' HTTP method is unsupported.");
        s.method = Object.prototype.hasOwnProperty.call(normalMethods, upper) ? normalMethods[upper] : method;
      }
      if (!warnedPatch && s.method === 'patch') {
        warnedPatch = true;
        binding.warn('[UNDICI-FETCH-patch] Warning: Using ' + String.fromCharCode(96) + 'patch' + String.fromCharCode(96) +
          ' is highly likely to result in a ' + String.fromCharCode(96) + '405 Method Not Allowed' + String.fromCharCode(96) +
          '. ' + String.fromCharCode(96) + 'PATCH' + String.fromCharCode(96) + ' is much more likely to succeed.');
      }
    }
    if (o.signal !== undefined) signal = o.signal;
    var ac = new ev.AbortController();
    s.signal = ac.signal;
    if (signal != null) {
      if (typeof signal.aborted !== 'boolean' || typeof signal.addEventListener !== 'function') {
        throw new TypeError("Failed to construct 'Request': member signal is not of type AbortSignal.");
      }
      if (signal.aborted) ac.abort(signal.reason);
      else signal.addEventListener('abort', function () { ac.abort(this.reason); }, { once: true });
    }
    if (s.mode === 'no-cors' && s.method !== 'GET' && s.method !== 'HEAD' && s.method !== 'POST') {
      throw new TypeError("'" + s.method + ' is unsupported in no-cors mode.');
    }
    var list = inState === undefined ? s.headers : copyList(s.headers);
    if (initHasKey) {
      var old = list;
      list = newList();
      if (o.headers === undefined) {
        old.map.forEach(function (e) { listAppend(list, e.name, e.value); });
        list.cookies = old.cookies === null ? null : old.cookies.slice();
      }
    }
    s.headers = list;
    s.h = newHeaders(list, 'request');
    if (initHasKey && o.headers !== undefined) fill(headersState.get(s.h), o.headers);
    var inputBody = inState === undefined ? null : inState.body;
    if ((o.body != null || inputBody != null) && (s.method === 'GET' || s.method === 'HEAD')) {
      throw new TypeError('Request with GET/HEAD method cannot have body.');
    }
    if (o.body != null) {
      var b = extract(o.body);
      s.body = b.body;
      if (b.type && !list.map.has('content-type')) listAppend(list, 'content-type', b.type);
    } else if (inputBody != null) {
      if (inputBody.used) throw new TypeError('Cannot construct a Request with a Request object that has already been used.');
      s.body = { bytes: inputBody.bytes, used: false };
      inputBody.used = true;
    }
    requests.set(this, s);
  }
  get method() { return qState(this).method; }
  get url() { return qState(this).url; }
  get headers() { return qState(this).h; }
  get destination() { qState(this); return ''; }
  get referrer() {
    var r = qState(this).referrer;
    return r === 'no-referrer' ? '' : r === 'client' ? 'about:client' : r;
  }
  get referrerPolicy() { return qState(this).referrerPolicy; }
  get mode() { return qState(this).mode; }
  get credentials() { return qState(this).credentials; }
  get cache() { return qState(this).cache; }
  get redirect() { return qState(this).redirect; }
  get integrity() { return qState(this).integrity; }
  get keepalive() { return qState(this).keepalive; }
  get isReloadNavigation() { qState(this); return false; }
  get isHistoryNavigation() { qState(this); return false; }
  get signal() { return qState(this).signal; }
  get body() { return bodyStream(qState(this)); }
  get bodyUsed() { var s = qState(this); return s.body !== null && s.body.used; }
  get duplex() { qState(this); return 'half'; }
  clone() {
    var s = qState(this);
    if (s.body !== null && s.body.used) throw new TypeError('unusable');
    var c = Object.assign({}, s);
    c.headers = copyList(s.headers);
    c.h = newHeaders(c.headers, 'request');
    c.body = s.body === null ? null : { bytes: s.body.bytes, used: false };
    c.stream = undefined;
    var ac = new ev.AbortController();
    c.signal = ac.signal;
    if (s.signal.aborted) ac.abort(s.signal.reason);
    else s.signal.addEventListener('abort', function () { ac.abort(this.reason); }, { once: true });
    var r = Object.create(Request.prototype);
    requests.set(r, c);
    return r;
  }
}
bodyMixin(Request, qState);
u.enumerable(Request.prototype, ['method', 'url', 'headers', 'destination', 'referrer', 'referrerPolicy', 'mode',
  'credentials', 'cache', 'redirect', 'integrity', 'keepalive', 'isReloadNavigation', 'isHistoryNavigation',
  'signal', 'body', 'bodyUsed', 'duplex', 'clone']);
u.tag(Request.prototype, 'Request');

// ---- FormData ----

var formState = new WeakMap();
function fState(f) {
  var s = f !== null && typeof f === 'object' ? formState.get(f) : undefined;
  if (s === undefined) throw illegal();
  return s;
}
function makeEntry(name, value, filename) {
  if (typeof value !== 'string') {
    var isFile = value instanceof File;
    if (!isFile) value = new File([value], 'blob', { type: value.type });
    if (filename !== undefined) value = new File([value], filename, { type: value.type, lastModified: value.lastModified });
  }
  return { name: name, value: value };
}
function entryArgs(self, args, method) {
  var prefix = 'FormData.' + method;
  argCount(args, 2, prefix);
  var value = args[1];
  var isBlob = bl.isBlob(value);
  if (args.length === 3 && !isBlob) {
    throw new TypeError("Failed to execute '" + method + "' on 'FormData': parameter 2 is not of type 'Blob'");
  }
  var name = usv(args[0], prefix, 'name');
  value = isBlob ? value : usv(value, prefix, 'value');
  var filename = args.length === 3 ? usv(args[2], prefix, 'filename') : undefined;
  return makeEntry(name, value, filename);
}
class FormData {
  constructor(form) {
    if (form !== undefined) {
      throw exception('FormData constructor', 'Argument 1 could not be converted to: undefined.');
    }
    formState.set(this, []);
  }
  append(name, value, filename = undefined) {
    var s = fState(this);
    s.push(entryArgs(this, arguments, 'append'));
  }
  delete(name) {
    var s = fState(this);
    argCount(arguments, 1, 'FormData.delete');
    name = usv(name, 'FormData.delete', 'name');
    formState.set(this, s.filter(function (e) { return e.name !== name; }));
  }
  get(name) {
    var s = fState(this);
    argCount(arguments, 1, 'FormData.get');
    name = usv(name, 'FormData.get', 'name');
    for (var i = 0; i < s.length; i++) if (s[i].name === name) return s[i].value;
    return null;
  }
  getAll(name) {
    var s = fState(this);
    argCount(arguments, 1, 'FormData.getAll');
    name = usv(name, 'FormData.getAll', 'name');
    return s.filter(function (e) { return e.name === name; }).map(function (e) { return e.value; });
  }
  has(name) {
    var s = fState(this);
    argCount(arguments, 1, 'FormData.has');
    name = usv(name, 'FormData.has', 'name');
    return s.some(function (e) { return e.name === name; });
  }
  set(name, value, filename = undefined) {
    var s = fState(this);
    var entry = entryArgs(this, arguments, 'set');
    var idx = -1;
    for (var i = 0; i < s.length; i++) if (s[i].name === entry.name) { idx = i; break; }
    if (idx < 0) {
      s.push(entry);
      return;
    }
    formState.set(this, s.slice(0, idx).concat([entry], s.slice(idx + 1).filter(function (e) { return e.name !== entry.name; })));
  }
}
u.enumerable(FormData.prototype, ['append', 'delete', 'get', 'getAll', 'has', 'set']);
iteratorMixin('FormData', FormData, fState, function (f) {
  return formState.get(f).map(function (e) { return [e.name, e.value]; });
});
u.tag(FormData.prototype, 'FormData');

exports.Headers = Headers;
exports.Request = Request;
exports.Response = Response;
exports.FormData = FormData;
})`

// jsWebWeak is WeakRef and FinalizationRegistry for goja, which has
// neither. goja cannot observe collection, so a WeakRef holds its target
// strongly (deref always returns it) and a FinalizationRegistry never calls
// back: what Node does for objects that stay reachable, which is all a
// program can rely on.
const jsWebWeak = `(function (module, exports, require, binding) {
'use strict';
var u = binding.lib('web_util');
function canBeHeldWeakly(v) {
  if (v !== null && (typeof v === 'object' || typeof v === 'function')) return true;
  return typeof v === 'symbol' && Symbol.keyFor(v) === undefined;
}
function method(C, name, fn) {
  Object.defineProperty(C.prototype, name, { value: fn, writable: true, configurable: true });
}
function receiver(v) {
  if (v === null || (typeof v !== 'object' && typeof v !== 'function')) return String(v);
  var c = v.constructor;
  return '#<' + (typeof c === 'function' && c.name ? c.name : 'Object') + '>';
}
// Functions rather than classes, for V8's message when called without new.
var refs = new WeakMap();
function WeakRef(target) {
  if (new.target === undefined) throw new TypeError("Constructor WeakRef requires 'new'");
  if (!canBeHeldWeakly(target)) throw new TypeError('WeakRef: invalid target');
  refs.set(this, target);
}
method(WeakRef, 'deref', function deref() {
  if (this === null || typeof this !== 'object' || !refs.has(this)) {
    throw new TypeError('Method WeakRef.prototype.deref called on incompatible receiver ' + receiver(this));
  }
  return refs.get(this);
});
u.tag(WeakRef.prototype, 'WeakRef');
var regs = new WeakMap();
function regState(r, name) {
  var s = r !== null && typeof r === 'object' ? regs.get(r) : undefined;
  if (s === undefined) throw new TypeError('Method FinalizationRegistry.prototype.' + name + ' called on incompatible receiver ' + receiver(r));
  return s;
}
function FinalizationRegistry(cleanup) {
  if (new.target === undefined) throw new TypeError("Constructor FinalizationRegistry requires 'new'");
  if (typeof cleanup !== 'function') throw new TypeError('FinalizationRegistry: cleanup must be callable');
  regs.set(this, { tokens: [] });
}
method(FinalizationRegistry, 'register', function register(target, held) {
  var s = regState(this, 'register'), token = arguments[2];
  if (!canBeHeldWeakly(target)) throw new TypeError('FinalizationRegistry.prototype.register: invalid target');
  if (target === held) throw new TypeError('FinalizationRegistry.prototype.register: target and holdings must not be same');
  if (token !== undefined) {
    if (!canBeHeldWeakly(token)) throw new TypeError("Invalid unregisterToken ('" + String(token) + "')");
    s.tokens.push(token);
  }
});
method(FinalizationRegistry, 'unregister', function unregister(token) {
  var s = regState(this, 'unregister');
  if (!canBeHeldWeakly(token)) throw new TypeError("Invalid unregisterToken ('" + String(token) + "')");
  var n = s.tokens.length;
  s.tokens = s.tokens.filter(function (t) { return t !== token; });
  return s.tokens.length !== n;
});
u.tag(FinalizationRegistry.prototype, 'FinalizationRegistry');
exports.WeakRef = WeakRef;
exports.FinalizationRegistry = FinalizationRegistry;
// structuredClone refuses them, as V8 does.
u.cloneHooks.push({ test: function (v) { return refs.has(v) || regs.has(v); }, clone: null });
})`

// jsWebPerf is the performance object, shaped as Node's (everything on
// Performance.prototype, an EventTarget) with user timing: mark, measure
// and the entry buffer, PerformanceEntry, PerformanceMark and
// PerformanceMeasure. binding.perf holds now and timeOrigin from Go.
const jsWebPerf = `(function (module, exports, require, binding) {
'use strict';
var u = binding.lib('web_util');
// now and timeOrigin come from Go, under the VM's time policy.
var now = binding.perf.now, timeOrigin = binding.perf.timeOrigin;
var entries = new WeakMap();
var marks = new Map();
var buffer = [];
var clone;
function eState(e, type) {
  var s = e !== null && typeof e === 'object' ? entries.get(e) : undefined;
  if (s === undefined) throw u.invalidThis(type || 'PerformanceEntry');
  return s;
}
function copyDetail(d) {
  if (d == null) return null;
  if (clone === undefined) clone = binding.lib('web_clone').structuredClone;
  return clone(d);
}
// Entries are made only here: kInternal opens the constructors.
var kInternal = {};
function illegalCtor() { return u.nodeError(TypeError, 'ERR_ILLEGAL_CONSTRUCTOR', 'Illegal constructor'); }
class PerformanceEntry {
  constructor(token, state) {
    if (token !== kInternal) throw illegalCtor();
    entries.set(this, state);
  }
  get name() { return eState(this).name; }
  get entryType() { return eState(this).entryType; }
  get startTime() { return eState(this).startTime; }
  get duration() { return eState(this).duration; }
  toJSON() {
    var s = eState(this);
    return { name: s.name, entryType: s.entryType, startTime: s.startTime, duration: s.duration };
  }
}
u.enumerable(PerformanceEntry.prototype, ['name', 'entryType', 'startTime', 'duration', 'toJSON']);
u.tag(PerformanceEntry.prototype, 'PerformanceEntry');
function timestamp(v) {
  return u.nodeError(TypeError, 'ERR_PERFORMANCE_INVALID_TIMESTAMP', v + ' is not a valid timestamp');
}
function markState(args) {
  if (args.length === 0) throw u.missingArgs('name');
  var name = args[0], o = args[1];
  if (o === undefined) o = {};
  else if (o === null || typeof o !== 'object' || Array.isArray(o)) throw u.argType('options', 'of type object', o);
  name = u.toStr(name);
  var start = o.startTime == null ? now() : o.startTime;
  if (typeof start !== 'number') throw u.argType('startTime', 'of type number', start);
  if (start < 0) throw timestamp(start);
  var detail = copyDetail(o.detail);
  marks.set(name, start);
  return { name: name, entryType: 'mark', startTime: start, duration: 0, detail: detail };
}
class PerformanceMark extends PerformanceEntry {
  constructor(name, options = undefined) {
    super(kInternal, markState(arguments));
  }
  get detail() { return eState(this, 'PerformanceMark').detail; }
  toJSON() {
    var s = eState(this, 'PerformanceMark');
    return { name: s.name, entryType: s.entryType, startTime: s.startTime, duration: s.duration, detail: s.detail };
  }
}
u.enumerable(PerformanceMark.prototype, ['detail']);
u.tag(PerformanceMark.prototype, 'PerformanceMark');
class PerformanceMeasure extends PerformanceEntry {
  constructor(token, state) {
    if (token !== kInternal) throw illegalCtor();
    super(token, state);
  }
  get detail() { return eState(this, 'PerformanceMeasure').detail; }
}
u.enumerable(PerformanceMeasure.prototype, ['detail']);
u.tag(PerformanceMeasure.prototype, 'PerformanceMeasure');

function getMark(name) {
  if (name === undefined) return undefined;
  if (typeof name === 'number') {
    if (name < 0) throw timestamp(name);
    return name;
  }
  name = u.toStr(name);
  var ts = marks.get(name);
  if (ts === undefined) throw new u.DOMException('The "' + name + '" performance mark has not been set', 'SyntaxError');
  return ts;
}
function invalidOptions(msg) {
  return u.nodeError(TypeError, 'ERR_PERFORMANCE_MEASURE_INVALID_OPTIONS', msg);
}
function startDuration(so, endMark) {
  if (so === null || (typeof so === 'object' && Object.keys(so).length === 0)) so = undefined;
  var start, end, duration, valid = false;
  if (typeof so === 'object') {
    start = so.start;
    end = so.end;
    duration = so.duration;
    valid = start !== undefined || end !== undefined;
  }
  if (valid) {
    if (endMark !== undefined) throw invalidOptions('endMark must not be specified');
    if (start !== undefined && end !== undefined && duration !== undefined) {
      throw invalidOptions('Must not have options.start, options.end, and options.duration specified');
    }
  }
  if (endMark !== undefined) end = getMark(endMark);
  else if (valid && end !== undefined) end = getMark(end);
  else if (valid && start !== undefined && duration !== undefined) end = getMark(start) + getMark(duration);
  else end = now();
  if (typeof so === 'string') start = getMark(so);
  else if (valid && start !== undefined) start = getMark(start);
  else if (valid && duration !== undefined && end !== undefined) start = end - getMark(duration);
  else start = 0;
  return { start: start, duration: end - start };
}
function sorted(list) {
  return list.map(function (e, i) { return [e, i]; }).sort(function (a, b) {
    var x = entries.get(a[0]).startTime, y = entries.get(b[0]).startTime;
    return x < y ? -1 : x > y ? 1 : a[1] - b[1];
  }).map(function (p) { return p[0]; });
}
function filtered(name, type) {
  return sorted(buffer.filter(function (e) {
    var s = entries.get(e);
    return (name === undefined || s.name === name) && (type === undefined || s.entryType === type);
  }));
}
function clearType(type, name) {
  if (name !== undefined) name = u.toStr(name);
  buffer = buffer.filter(function (e) {
    var s = entries.get(e);
    return !(s.entryType === type && (name === undefined || s.name === name));
  });
  if (type === 'mark') {
    if (name === undefined) marks.clear();
    else marks.delete(name);
  }
}
var ev = binding.lib('web_events');
class Performance extends ev.EventTarget {
  constructor() { throw illegalCtor(); }
  clearMarks(name = undefined) { clearType('mark', name); }
  clearMeasures(name = undefined) { clearType('measure', name); }
  getEntries() { return filtered(); }
  getEntriesByName(name, type = undefined) {
    if (arguments.length === 0) throw u.missingArgs('name');
    return filtered(u.toStr(name), type === undefined ? undefined : u.toStr(type));
  }
  getEntriesByType(type) {
    if (arguments.length === 0) throw u.missingArgs('type');
    return filtered(undefined, u.toStr(type));
  }
  mark(name, options = undefined) {
    var m = Reflect.construct(PerformanceMark, arguments);
    buffer.push(m);
    return m;
  }
  measure(name, startOrOptions = undefined, endMark = undefined) {
    if (typeof name !== 'string') throw u.argType('name', 'of type string', name);
    var sd = startDuration(startOrOptions, endMark);
    var detail = copyDetail(startOrOptions !== null && typeof startOrOptions === 'object' ? startOrOptions.detail : undefined);
    var m = new PerformanceMeasure(kInternal, { name: name, entryType: 'measure', startTime: sd.start, duration: sd.duration, detail: detail });
    buffer.push(m);
    return m;
  }
  now() { return now(); }
  get timeOrigin() { return timeOrigin; }
  toJSON() { return { timeOrigin: timeOrigin }; }
}
u.enumerable(Performance.prototype, ['clearMarks', 'clearMeasures', 'getEntries', 'getEntriesByName',
  'getEntriesByType', 'mark', 'measure', 'now', 'timeOrigin', 'toJSON']);
u.tag(Performance.prototype, 'Performance');
var performance = Object.create(Performance.prototype);
ev.initTarget(performance);
exports.performance = performance;
exports.PerformanceEntry = PerformanceEntry;
exports.PerformanceMark = PerformanceMark;
exports.PerformanceMeasure = PerformanceMeasure;
})`
