// Error stacks: Node's form, Error.stackTraceLimit, Error.captureStackTrace
// and Error.prepareStackTrace. Frames are printed only from this file and
// only for named functions (Node names the module's top level
// "Object.<anonymous>", which prints here as "top").
const path = require('path');

function frames(stack) {
  return stack.split('\n').slice(1).filter((l) => l.includes(path.basename(__filename))).map((l) => {
    const m = /^ {4}at (?:([\w$]+) \()?.*?([\w.]+\.js):(\d+):(\d+)\)?$/.exec(l);
    return m ? `${m[1] || 'top'}@${m[3]}:${m[4]}` : 'unparsed ' + JSON.stringify(l);
  }).join(' ');
}

function outer() { return middle(); }
function middle() { return inner(); }
function inner() { return new Error('boom'); }
const e = outer();
console.log(e.stack.split('\n')[0], '|', frames(e.stack));
console.log(/^Error: boom\n {4}at inner \(/.test(e.stack), e.stack.endsWith('\n'));
const d = Object.getOwnPropertyDescriptor(e, 'stack');
console.log(typeof d.value, d.writable, d.enumerable, d.configurable);
e.name = 'Renamed';
console.log(e.stack.split('\n')[0]);
const late = new TypeError('late');
late.name = 'LateName';
console.log(late.stack.split('\n')[0]);

// captureStackTrace on plain objects.
const plain = {};
function capturePlain() { Error.captureStackTrace(plain); }
capturePlain();
const pd = Object.getOwnPropertyDescriptor(plain, 'stack');
console.log(JSON.stringify(plain.stack.split('\n')[0]), frames(plain.stack), pd.writable, pd.enumerable, pd.configurable);
const named = { name: 'Foo', message: 'bar' };
Error.captureStackTrace(named);
console.log(named.stack.split('\n')[0], Object.keys(named));
const onlyMessage = { message: 'just a message' };
Error.captureStackTrace(onlyMessage);
console.log(onlyMessage.stack.split('\n')[0]);

// Leaving out the frames above a function.
function a() { return b(); }
function b() { return c(); }
function c() { const o = {}; Error.captureStackTrace(o, b); return o.stack; }
console.log('skip b:', frames(a()));
const arrow = () => { const o = {}; Error.captureStackTrace(o, arrow); return o.stack; };
function callsArrow() { return arrow(); }
console.log('skip arrow:', frames(callsArrow()));
function notOnStack() {}
function captureMissing() { const o = {}; Error.captureStackTrace(o, notOnStack); return o.stack; }
console.log('fn not on the stack:', JSON.stringify(captureMissing()));
const nonFn = {};
(function withNonFunction() { Error.captureStackTrace(nonFn, 42); })();
console.log('non-function ignored:', frames(nonFn.stack));

// The common custom error class.
class ValidationError extends Error {
  constructor(message) {
    super(message);
    this.name = 'ValidationError';
    Error.captureStackTrace(this, ValidationError);
  }
}
function validate() { return new ValidationError('bad input'); }
const ve = validate();
console.log(ve.stack.split('\n')[0], '|', frames(ve.stack), ve instanceof ValidationError, String(ve));
const again = new Error('again');
void again.stack;
function recapture() { Error.captureStackTrace(again); }
recapture();
console.log('recaptured:', again.stack.split('\n')[0], frames(again.stack));

for (const bad of [undefined, null, 1, 'str']) {
  try { Error.captureStackTrace(bad); } catch (err) { console.log(err.name, err.message); }
}
try { Error.captureStackTrace(Object.freeze({})); } catch (err) { console.log(err.name, err.message); }
try { Error.captureStackTrace(Object.preventExtensions({ stack: 'old' })); } catch (err) { console.log(err.message); }
const fixed = Object.defineProperty({}, 'stack', { value: 'fixed' });
Error.captureStackTrace(fixed);
console.log(fixed.stack);

// Error.stackTraceLimit.
function deep(n) { return n ? deep(n - 1) : new Error('deep'); }
const count = (err) => err.stack.split('\n').length - 1;
const ld = Object.getOwnPropertyDescriptor(Error, 'stackTraceLimit');
console.log(Error.stackTraceLimit, ld.writable, ld.enumerable, ld.configurable, count(deep(30)), frames(deep(30).stack).split(' ').length);
Error.stackTraceLimit = 3;
console.log(count(deep(30)), frames(deep(30).stack));
Error.stackTraceLimit = 0;
console.log(JSON.stringify(deep(30).stack));
Error.stackTraceLimit = 'none';
console.log(typeof deep(1).stack, 'stack' in deep(1));
const noStack = {};
Error.captureStackTrace(noStack);
console.log('stack' in noStack, noStack.stack);
delete Error.stackTraceLimit;
console.log(typeof deep(1).stack);
Error.stackTraceLimit = 10;

// Error.prepareStackTrace and CallSite objects.
Error.prepareStackTrace = (err, callSites) => callSites;
function sites() { return new Error('sites').stack; }
const cs = sites();
Error.prepareStackTrace = undefined;
const first = cs[0];
console.log(Array.isArray(cs), first.getFunctionName(), path.basename(first.getFileName()), first.getLineNumber(), first.getColumnNumber());
console.log(first.isEval(), first.isNative(), first.isConstructor(), first.isAsync(), first.getEvalOrigin(), first.getMethodName());
console.log(String(first).replace(/\(.*[\/\\]/, '('), typeof first.getScriptNameOrSourceURL());
console.log(['getThis', 'getTypeName', 'getFunction', 'getFileName', 'getLineNumber', 'getColumnNumber', 'isToplevel', 'toString']
  .every((m) => typeof first[m] === 'function'));

// depd's way of finding its caller.
function getStack() {
  const limit = Error.stackTraceLimit;
  const obj = {};
  const prep = Error.prepareStackTrace;
  Error.prepareStackTrace = (o, stack) => stack;
  Error.stackTraceLimit = Math.max(10, limit);
  Error.captureStackTrace(obj);
  const stack = obj.stack.slice(1);
  Error.prepareStackTrace = prep;
  Error.stackTraceLimit = limit;
  return stack;
}
function caller() { return getStack()[0]; }
const site = caller();
console.log('depd:', site.getFunctionName(), path.basename(site.getFileName()), site.getLineNumber());

const lazy = new Error('lazy');
Error.prepareStackTrace = (err, s) => `${err.message} via prepare, ${s.length > 0}`;
console.log(lazy.stack);
console.log(lazy.stack);
Error.prepareStackTrace = (err) => err.stack;
console.log('recursive:', new Error('rec').stack.split('\n')[0]);
Error.prepareStackTrace = () => { throw new Error('prepare threw'); };
try { console.log(new Error('t').stack); } catch (err) { console.log('threw:', err.message); }
Error.prepareStackTrace = 5;
console.log(new Error('not a function').stack.split('\n')[0]);
Error.prepareStackTrace = undefined;
console.log(new Error('plain again').stack.split('\n')[0]);
