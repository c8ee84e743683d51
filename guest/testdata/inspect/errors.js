// Errors. Stack frames differ between engines, so each error's stack is
// cut to its first line, or removed, before it is shown.
const util = require('util');
function cut(e) { e.stack = e.stack.split('\n')[0]; return e; }
function nostack(e) { delete e.stack; return e; }
console.log(cut(new Error('plain')), cut(new TypeError('typed')), cut(new RangeError('')));
console.log(nostack(new Error('gone')), nostack(new SyntaxError('x')));
const withProps = cut(new Error('props'));
withProps.code = 'E_CODE'; withProps.details = { a: 1 };
console.log(withProps);
const withCause = cut(new Error('outer', { cause: cut(new Error('inner')) }));
console.log(withCause);
console.log(cut(new Error('prim cause', { cause: 'just a string' })), cut(new Error('undef cause', { cause: undefined })));
console.log({ err: cut(new Error('nested')) }, [cut(new Error('in array'))]);
class ValidationError extends Error {
  constructor(m) { super(m); this.name = 'ValidationError'; this.field = 'email'; }
}
console.log(cut(new ValidationError('bad email')));
class PlainSub extends Error {}
console.log(cut(new PlainSub('sub')));
class NamedSub extends Error {}
NamedSub.prototype.name = 'NamedSub';
console.log(cut(new NamedSub('named')));
const renamed = cut(new Error('msg')); renamed.name = 'Custom';
console.log(renamed);
const agg = cut(new AggregateError([cut(new Error('a')), cut(new Error('b'))], 'many'));
console.log(agg);
const noMsg = new Error(); noMsg.stack = 'Error';
console.log(noMsg);
const custom = new Error('x'); custom.stack = 'totally custom stack';
console.log(custom);
const framed = new Error('framed'); framed.stack = 'Error: framed\n    at fake (file.js:1:1)\n    at other (file.js:2:2)';
console.log(framed, { framed });
const nullProto = cut(new Error('np')); Object.setPrototypeOf(nullProto, null);
console.log(nullProto);
console.log(util.inspect(cut(new Error('depth')), { depth: -1 }), util.inspect({ e: cut(new Error('d0')) }, { depth: 0 }));
const msgChanged = cut(new Error('orig')); msgChanged.message = 'changed';
console.log(msgChanged);
try { null.x; } catch (e) { console.log(e.name, e instanceof TypeError); }
console.log(Object.keys(cut(new Error('k'))));
