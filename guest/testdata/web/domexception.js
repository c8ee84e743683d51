// DOMException: constructor, name/message/code, legacy constants, shape.
const show = (label, v) => console.log(label + ": " + JSON.stringify(v));
const fails = (label, f) => {
  try {
    f();
    console.log(label + ": no error");
  } catch (e) {
    console.log(label + ": " + e.name + " | " + e.message + " | " + e.code);
  }
};
const e = new DOMException("m", "AbortError");
show("basic", [e.name, e.message, e.code, e instanceof DOMException, e instanceof Error, String(e), Error.prototype.toString.call(e)]);
show("stack head", e.stack.split("\n")[0]);
show("own", [Object.keys(e), Object.getOwnPropertyNames(e), Object.prototype.toString.call(e)]);
show("defaults", [new DOMException().name, new DOMException().message, new DOMException().code]);
show("undefined args", [new DOMException(undefined, undefined).name, new DOMException(undefined, undefined).message]);
const opt = new DOMException(5, { name: "DataCloneError", cause: 7 });
show("options", [opt.name, opt.message, opt.code, opt.cause, Object.getOwnPropertyNames(opt)]);
show("options no name", new DOMException("x", {}).name);
show("null name", [new DOMException("x", null).name, new DOMException("x", null).code]);
show("stack empty message", new DOMException("", "NotFoundError").stack.split("\n")[0]);
const names = ["IndexSizeError", "HierarchyRequestError", "WrongDocumentError", "InvalidCharacterError", "NoModificationAllowedError", "NotFoundError", "NotSupportedError", "InvalidStateError", "SyntaxError", "InvalidModificationError", "NamespaceError", "InvalidAccessError", "TypeMismatchError", "SecurityError", "NetworkError", "AbortError", "URLMismatchError", "QuotaExceededError", "TimeoutError", "InvalidNodeTypeError", "DataCloneError", "EncodingError", "NotReadableError", "UnknownError", "ConstraintError", "DataError", "TransactionInactiveError", "ReadOnlyError", "VersionError", "OperationError", "NotAllowedError", "InUseAttributeError", "ValidationError", "Error", "abortError"];
show("codes", names.map((n) => n + "=" + new DOMException("", n).code));
show("constants", Object.keys(DOMException));
show("constant values", [DOMException.INDEX_SIZE_ERR, DOMException.ABORT_ERR, DOMException.DATA_CLONE_ERR, e.TIMEOUT_ERR, DOMException.prototype.NETWORK_ERR]);
show("constant descriptor", Object.getOwnPropertyDescriptor(DOMException, "ABORT_ERR"));
show("prototype", Object.getOwnPropertyNames(DOMException.prototype).slice(0, 6));
show("prototype keys", Object.keys(DOMException.prototype).length);
show("getter", [typeof Object.getOwnPropertyDescriptor(DOMException.prototype, "name").get, Object.getOwnPropertyDescriptor(DOMException.prototype, "name").enumerable]);
show("chain", [Object.getPrototypeOf(DOMException.prototype) === Error.prototype, DOMException.name, DOMException.length, DOMException.prototype[Symbol.toStringTag]]);
fails("foreign this", () => Object.getOwnPropertyDescriptor(DOMException.prototype, "name").get.call({}));
class NotFound extends DOMException { constructor() { super("sub", "NotFoundError"); } }
const sub = new NotFound();
show("subclass", [sub.name, sub.code, sub.message, sub instanceof DOMException, sub.constructor.name]);
// Node's own DOMExceptions come from the same constructor.
for (const [label, f] of [["atob", () => atob("%")], ["btoa", () => btoa("\u0100")]]) {
  try { f(); } catch (err) { show(label, [err.name, err.code, err instanceof DOMException, err.constructor === DOMException]); }
}
try { throw new DOMException("thrown", "TimeoutError"); } catch (err) { show("caught", [err.name, err.message]); }
