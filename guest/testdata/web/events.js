// Event, CustomEvent and EventTarget, quirks of Node 20 included.
const show = (label, v) => console.log(label + ": " + JSON.stringify(v));
const fails = (label, f) => {
  try {
    f();
    console.log(label + ": no error");
  } catch (e) {
    console.log(label + ": " + e.name + " | " + e.message + " | " + e.code);
  }
};
const ev = new Event("foo", { cancelable: true, bubbles: 1 });
show("event", [ev.type, ev.bubbles, ev.cancelable, ev.composed, ev.defaultPrevented, ev.isTrusted, ev.eventPhase, ev.target, ev.currentTarget, ev.srcElement, ev.returnValue, ev.cancelBubble, typeof ev.timeStamp, ev.composedPath()]);
show("event shape", [Object.keys(ev), Object.getOwnPropertyNames(Event.prototype), Object.keys(Event.prototype).length, Object.keys(Event), Object.prototype.toString.call(ev), Event.length]);
show("constants", [Event.NONE, Event.CAPTURING_PHASE, Event.AT_TARGET, Event.BUBBLING_PHASE, ev.AT_TARGET]);
show("inherited options", new Event("x", Object.create({ bubbles: true })).bubbles);
fails("no type", () => new Event());
fails("symbol type", () => new Event(Symbol()));
fails("number options", () => new Event("x", 5));
fails("array options", () => new Event("x", [1]));
fails("null options", () => new Event("x", null));
fails("foreign this", () => Object.getOwnPropertyDescriptor(Event.prototype, "type").get.call({}));
show("isTrusted foreign", Object.getOwnPropertyDescriptor(Event.prototype, "isTrusted").get.call({}));
const pd = new Event("q", { cancelable: true });
pd.returnValue = false;
pd.cancelBubble = true;
show("setters", [pd.defaultPrevented, pd.cancelBubble]);
const np = new Event("n");
np.preventDefault();
show("not cancelable", np.defaultPrevented);
const si = new Event("s");
si.stopImmediatePropagation();
show("stopImmediate sets cancelBubble", si.cancelBubble);
const ie = new Event("s");
ie.initEvent("t", true, true);
show("initEvent", [ie.type, ie.bubbles, ie.cancelable]);
fails("initEvent no type", () => new Event("s").initEvent());

const et = new EventTarget();
show("target shape", [Object.getOwnPropertyNames(EventTarget.prototype), Object.keys(EventTarget.prototype), Object.prototype.toString.call(et), EventTarget.length, EventTarget.prototype.addEventListener.length, EventTarget.prototype.removeEventListener.length, EventTarget.prototype.dispatchEvent.length]);
const order = [];
function a(e) { order.push("a:" + e.eventPhase + ":" + (e.target === et) + ":" + (e.currentTarget === et) + ":" + (this === et)); }
const h = { handleEvent(e) { order.push("h:" + (this === h) + ":" + e.type); } };
et.addEventListener("foo", a);
et.addEventListener("foo", a);
et.addEventListener("foo", a, true);
et.addEventListener("foo", h);
et.addEventListener("foo", () => order.push("once"), { once: true });
et.addEventListener("foo", (e) => { order.push("pd"); e.preventDefault(); });
show("dispatch", [et.dispatchEvent(ev), ev.defaultPrevented, ev.eventPhase, ev.target === et, ev.currentTarget, ev.returnValue]);
show("order", order.splice(0));
show("redispatch", et.dispatchEvent(ev));
show("order again", order.splice(0));
et.removeEventListener("foo", a);
et.removeEventListener("foo", a, { capture: true });
show("after remove", [et.dispatchEvent(new Event("foo")), order.splice(0)]);
fails("dispatch string", () => et.dispatchEvent("foo"));
fails("dispatch object", () => et.dispatchEvent({ type: "foo" }));
fails("dispatch nothing", () => et.dispatchEvent());
fails("add one arg", () => et.addEventListener("x"));
fails("add number listener", () => et.addEventListener("x", 5));
fails("add null listener", () => et.addEventListener("x", null));
fails("add empty object", () => et.addEventListener("x", {}));
fails("dispatch to empty object", () => et.dispatchEvent(new Event("x")));
fails("number options", () => et.addEventListener("x", a, 5));
fails("string options", () => et.addEventListener("x", a, "s"));
fails("bad signal", () => et.addEventListener("x", a, { signal: 1 }));
fails("foreign target", () => EventTarget.prototype.addEventListener.call({}, "x", a));

// Capture as a boolean is not matched by removeEventListener(..., true) in Node 20.
let n = 0;
const count = () => n++;
et.addEventListener("c1", count, true);
et.removeEventListener("c1", count, true);
et.dispatchEvent(new Event("c1"));
et.addEventListener("c2", count, { capture: true });
et.removeEventListener("c2", count, { capture: true });
et.dispatchEvent(new Event("c2"));
et.addEventListener("c3", count, true);
et.addEventListener("c3", count, { capture: true });
et.dispatchEvent(new Event("c3"));
show("capture", n);

const et2 = new EventTarget();
et2.addEventListener("s", (e) => { order.push(1); e.stopImmediatePropagation(); });
et2.addEventListener("s", () => order.push(2));
et2.addEventListener("p", (e) => { e.preventDefault(); order.push("passive:" + e.defaultPrevented); }, { passive: true });
const pe = new Event("p", { cancelable: true });
et2.dispatchEvent(new Event("s"));
et2.dispatchEvent(pe);
show("stop and passive", [order.splice(0), pe.defaultPrevented]);

const et3 = new EventTarget();
function l2() { order.push("l2"); }
et3.addEventListener("d", () => { order.push("l1"); et3.addEventListener("d", () => order.push("late")); et3.removeEventListener("d", l2); });
et3.addEventListener("d", l2);
et3.dispatchEvent(new Event("d"));
show("change during dispatch", order.splice(0));
et3.dispatchEvent(new Event("d"));
show("next dispatch", order.splice(0));

const et4 = new EventTarget();
const rec = new Event("r");
et4.addEventListener("r", () => fails("recursion", () => et4.dispatchEvent(rec)));
et4.dispatchEvent(rec);

const ac = new AbortController();
et4.addEventListener("z", () => order.push("z"), { signal: ac.signal });
et4.dispatchEvent(new Event("z"));
ac.abort();
et4.dispatchEvent(new Event("z"));
et4.addEventListener("z", () => order.push("z2"), { signal: ac.signal });
et4.dispatchEvent(new Event("z"));
show("signal", order.splice(0));

class MyTarget extends EventTarget { constructor() { super(); this.x = 1; } }
const mt = new MyTarget();
mt.addEventListener("q", function (e) { show("subclass", [this === mt, e.target === mt, Object.keys(mt)]); });
mt.dispatchEvent(new Event("q"));

const obj = { handleEvent(e) { order.push("handle:" + (this === obj)); } };
const et5 = new EventTarget();
et5.addEventListener("h", obj);
et5.dispatchEvent(new Event("h"));
obj.handleEvent = function () { order.push("replaced"); };
et5.dispatchEvent(new Event("h"));
show("handleEvent", order.splice(0));

const ce = new CustomEvent("c", { detail: { x: 1 } });
show("custom", [ce.detail, ce.type, ce instanceof Event, Object.getOwnPropertyNames(CustomEvent.prototype), new CustomEvent("c").detail, new CustomEvent("c", { detail: undefined }).detail, Object.prototype.toString.call(ce), CustomEvent.length]);
fails("custom no type", () => new CustomEvent());
fails("custom number options", () => new CustomEvent("c", 5));
fails("custom foreign", () => Object.getOwnPropertyDescriptor(CustomEvent.prototype, "detail").get.call(new Event("x")));
