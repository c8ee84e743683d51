package goja

import (
	"testing"
)

// The introspection guest/'s util.inspect relies on: kinds by internal
// slot, descriptors without running getters, previews that leave an
// iterator where it was.
func TestNatsexecInspect(t *testing.T) {
	r := New()
	v, err := r.RunString(`
		const m = new Map([["a", 1], ["b", 2], ["c", 3]]);
		const it = m.keys(); it.next();
		let ran = false;
		const o = { get g() { ran = true; return 1; }, d: 2, [Symbol("s")]: 3 };
		Object.defineProperty(o, "h", { value: 4, enumerable: false });
		({ m, it, o, ents: new Set([1]).entries(), arr: [1, , 3], p: new Proxy({}, {}),
		   am: { async f() {} }.f, gf: function* () {}, af: async () => {}, u8: new Uint8Array(1),
		   boxed: Object(1n), ran: () => ran })`)
	if err != nil {
		t.Fatal(err)
	}
	o := v.(*Object)
	get := func(k string) *Object { return o.Get(k).(*Object) }
	for k, want := range map[string]string{"m": "Map", "it": "Map Iterator", "o": "", "ents": "Set Iterator", "arr": "Array",
		"p": "Proxy", "am": "AsyncFunction", "gf": "GeneratorFunction", "af": "AsyncFunction", "u8": "Uint8Array", "boxed": "BigInt"} {
		if got := get(k).InspectKind(); got != want {
			t.Errorf("%s: kind %q, want %q", k, got, want)
		}
	}
	entries, kv, ok := get("it").PreviewEntries()
	if !ok || kv || len(entries) != 2 || entries[0].String() != "b" {
		t.Errorf("iterator preview %v %v %v", entries, kv, ok)
	}
	if n := get("it").self.(*mapIterObject).next().(*Object).Get("value"); n.String() != "b" {
		t.Errorf("preview moved the iterator: next is %v", n)
	}
	entries, kv, _ = get("m").PreviewEntries()
	if !kv || len(entries) != 6 {
		t.Errorf("map preview %v %v", entries, kv)
	}
	entries, kv, _ = get("ents").PreviewEntries()
	if !kv || len(entries) != 2 {
		t.Errorf("set entries preview %v %v", entries, kv)
	}
	obj := get("o")
	g, ok := obj.OwnPropertyInfo(r.ToValue("g"))
	if !ok || !g.Accessor || g.Getter == nil || g.Value != nil {
		t.Errorf("getter %+v", g)
	}
	if h, _ := obj.OwnPropertyInfo(r.ToValue("h")); h.Enumerable || h.Value.ToInteger() != 4 {
		t.Errorf("hidden %+v", h)
	}
	ran, _ := AssertFunction(o.Get("ran"))
	if res, _ := ran(nil); res.ToBoolean() {
		t.Error("a getter ran")
	}
	if keys := obj.OwnKeys(false); len(keys) != 3 {
		t.Errorf("enumerable keys %v", keys)
	}
	if keys := obj.OwnKeys(true); len(keys) != 4 {
		t.Errorf("all keys %v", keys)
	}
	if keys := get("arr").OwnNonIndexKeys(true); len(keys) != 1 || keys[0].String() != "length" {
		t.Errorf("array non-index keys %v", keys)
	}
	if pv := get("boxed").PrimitiveValue(); pv == nil || pv.String() != "1" {
		t.Errorf("boxed %v", pv)
	}
	if src, ok := get("gf").FunctionSource(); !ok || src != "function* () {}" {
		t.Errorf("source %q", src)
	}
	// An async method's prototype is AsyncFunction.prototype, as for any
	// async function (it was Function.prototype).
	if p := get("am").Prototype(); p != get("af").Prototype() {
		t.Error("async method's prototype differs from an async arrow's")
	}
	if r.SymbolFor("k") != r.SymbolFor("k") {
		t.Error("SymbolFor is not the registry")
	}
}
