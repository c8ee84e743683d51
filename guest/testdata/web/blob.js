// Blob and File.
const show = (label, v) => console.log(label + ": " + JSON.stringify(v));
const fails = (label, f) => {
  try {
    f();
    console.log(label + ": no error");
  } catch (e) {
    console.log(label + ": " + e.name + " | " + e.message + " | " + e.code);
  }
};
(async () => {
  const b = new Blob(["héllo ", new Uint8Array([65, 66]), new ArrayBuffer(1), new Blob(["z"]), 12, { a: 1 }, new DataView(new Uint8Array([67, 68, 69]).buffer, 1, 1)], { type: "Text/Plain" });
  show("blob", [b.size, b.type, Object.prototype.toString.call(b), Object.keys(b), Blob.length, typeof Blob.prototype.bytes]);
  show("text", await b.text());
  const ab = await b.arrayBuffer();
  show("arrayBuffer", [ab instanceof ArrayBuffer, ab.byteLength, Array.from(new Uint8Array(ab, 7, 4))]);
  const bytes = await b.bytes();
  show("bytes", [bytes.constructor.name, bytes.length, bytes[0]]);
  const sl = b.slice(1, -2, "X/Y");
  show("slice", [sl.size, sl.type, await sl.text(), Object.prototype.toString.call(sl)]);
  show("slice bounds", [b.slice(-3).size, b.slice(100).size, b.slice(5, 2).size, b.slice().type, b.slice(0, 3, "é").type, b.slice(-100, 2).size]);
  show("types", [new Blob().size, new Blob([], { type: "a\u00ffb" }).type, new Blob([], { type: "ab\x7f" }).type, new Blob([], { type: "ok/ OK" }).type, new Blob([], null).type, new Blob(undefined).size]);
  fails("string sources", () => new Blob("abc"));
  fails("number sources", () => new Blob(5));
  fails("null sources", () => new Blob(null));
  fails("array-like sources", () => new Blob({ length: 1, 0: "a" }));
  fails("number options", () => new Blob([], 5));
  fails("bad endings", () => new Blob([], { endings: "bad" }));
  fails("foreign size", () => Object.getOwnPropertyDescriptor(Blob.prototype, "size").get.call({}));
  try { await Blob.prototype.text.call({}); } catch (e) { show("foreign text rejects", [e.name, e.code, e.message]); }
  show("native endings", await new Blob(["a\nb\r\nc"], { endings: "native" }).text());
  show("transparent endings", await new Blob(["a\nb\r\nc"], { endings: "transparent" }).text());
  show("iterable sources", await new Blob(new Set(["it", "er"])).text());
  const u = new Uint8Array([1, 2, 3]);
  const bu = new Blob([u]);
  u[0] = 9;
  show("copied at construction", new Uint8Array(await bu.arrayBuffer())[0]);
  const out = await bu.arrayBuffer();
  new Uint8Array(out)[1] = 7;
  show("arrayBuffer is a copy", new Uint8Array(await bu.arrayBuffer())[1]);
  show("lone surrogate", Array.from(new Uint8Array(await new Blob(["\ud800"]).arrayBuffer())));
  show("invalid utf-8", await new Blob([new Uint8Array([0x61, 0xff, 0xe2, 0x82, 0x62, 0xef, 0xbb, 0xbf])]).text());
  show("bom", (await new Blob([new Uint8Array([0xef, 0xbb, 0xbf, 0x68, 0x69])]).text()).length);

  const f = new File(["abc"], "name.txt", { type: "text/plain", lastModified: 42 });
  show("file", [f.name, f.size, f.type, f.lastModified, f instanceof Blob, Object.prototype.toString.call(f), Object.getOwnPropertyNames(File.prototype), Object.keys(File.prototype), File.length, await f.text()]);
  const f2 = new File([], 5);
  show("file defaults", [f2.name, typeof f2.lastModified, f2.lastModified > 0, new File([], "x", { lastModified: "7" }).lastModified, new File([], "x", { lastModified: "no" }).lastModified]);
  fails("file one arg", () => new File(["a"]));
  fails("file foreign name", () => Object.getOwnPropertyDescriptor(File.prototype, "name").get.call(new Blob()));
  const fs = f.slice(1);
  show("file slice", [Object.prototype.toString.call(fs), await fs.text()]);
})();
