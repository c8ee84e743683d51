// performance: Node's shape and user timing. Times are set explicitly so
// the output does not depend on the clock.
const show = (label, v) => console.log(label + ": " + JSON.stringify(v));
const fails = (label, f) => {
  try {
    f();
    console.log(label + ": no error");
  } catch (e) {
    console.log(label + ": " + e.name + " | " + e.message + " | " + e.code);
  }
};
show("shape", [Object.getOwnPropertyNames(performance), Object.prototype.toString.call(performance), performance instanceof EventTarget, typeof performance.now(), typeof performance.timeOrigin, performance.now() >= 0, Object.keys(performance.toJSON()).includes("timeOrigin")]);
const a = performance.mark("a", { startTime: 10, detail: { x: 1 } });
show("mark", [Object.keys(a), a.name, a.entryType, a.startTime, a.duration, a.detail, a.toJSON(), Object.prototype.toString.call(a), a instanceof PerformanceEntry, a instanceof PerformanceMark]);
const b = performance.mark("b", { startTime: 25 });
show("mark b", [b.startTime, b.detail]);
show("mark now", typeof performance.mark("c").startTime);
const ab = performance.measure("ab", "a", "b");
show("measure", [ab.name, ab.entryType, ab.startTime, ab.duration, ab.detail, Object.prototype.toString.call(ab), ab instanceof PerformanceMeasure]);
const m2 = performance.measure("x", { start: 1, end: 4, detail: "d" });
show("measure options", [m2.startTime, m2.duration, m2.detail]);
const m3 = performance.measure("y", { start: 2, duration: 3 });
show("measure duration", [m3.startTime, m3.duration]);
const m4 = performance.measure("z", { end: "b", duration: 5 });
show("measure end", [m4.startTime, m4.duration]);
show("by type", performance.getEntriesByType("mark").map((e) => e.name).filter((n) => n !== "c"));
show("by name", [performance.getEntriesByName("ab").length, performance.getEntriesByName("a", "measure").length]);
show("entries", performance.getEntries().filter((e) => e.name !== "c").map((e) => e.name + ":" + e.entryType + ":" + e.startTime));
const pm = new PerformanceMark("direct", { startTime: 3 });
show("constructed mark", [pm.name, pm.startTime, performance.getEntriesByName("direct").length]);
performance.clearMarks("a");
show("cleared a", performance.getEntriesByType("mark").map((e) => e.name).filter((n) => n !== "c"));
fails("measure from cleared", () => performance.measure("q", "a"));
performance.clearMarks();
performance.clearMeasures();
show("cleared", performance.getEntries().length);
fails("missing mark", () => performance.measure("z", "nope"));
fails("mark no name", () => performance.mark());
fails("negative start", () => performance.mark("q", { startTime: -1 }));
fails("measure name", () => performance.measure(5));
fails("three options", () => performance.measure("w", { start: 1, end: 2, duration: 3 }));
fails("entry constructor", () => new PerformanceEntry());
fails("measure constructor", () => new PerformanceMeasure());
show("types", [typeof PerformanceEntry, typeof PerformanceMark, typeof PerformanceMeasure]);
