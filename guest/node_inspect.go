package guest

import (
	"math"
	"math/big"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/dop251/goja"
)

// util.inspect and util.format are Node 20's lib/internal/util/inspect.js
// (MIT) ported function by function, under Node's names, so that what they
// print is Node's byte for byte. What Node reads from V8's internal slots
// (which built-in a value is, property descriptors, a boxed value, the
// entries of a Map or an iterator, a proxy's target) comes from goja's
// natsexec patch (third_party/goja/natsexec_inspect.go), so inspecting runs
// no guest code Node would not run. Where it differs: WeakMap and WeakSet
// entries are never listed (goja's are unordered), a stack trace has goja's
// frames, and string widths use Node's table for builds without ICU.
//
// A hostile value must not hold the runtime, the Go stack or the heap:
// past inspectMaxLevel nested levels a value prints as Node prints one
// whose inspection overflowed V8's stack; every inspectPollEvery values
// the exec's halt is checked, so its deadline and limits stop a long
// inspection; and past inspectMaxBuilt bytes of text the depth drops to
// nothing, as Node drops it once a level passes 2^27 characters.

const (
	// inspectMaxLevel bounds the recursion into nested values whatever the
	// depth asked for (depth: Infinity included): the inspector recurses on
	// the Go stack, where an overflow kills the process, and each level
	// copies the text of those below it. 200 levels of nested arrays make
	// some 80 KB of text in 0.1 s.
	inspectMaxLevel  = 200
	inspectPollEvery = 1024
	inspectMaxBuilt  = 64 << 20
	kMinLineLength   = 16
)

// Node's kObjectType, kArrayType and kArrayExtrasType.
const (
	kObjectType = iota
	kArrayType
	kArrayExtrasType
)

// inspectOpts is what the guest's own error messages ask of inspect.
type inspectOpts struct {
	depth int // levels below the top shown in full; <0 means unlimited
}

// inspectOptions are util.inspect's options after Node's coercions.
type inspectOptions struct {
	showHidden       bool
	depth            float64 // NaN (depth: undefined) never cuts, as in Node
	depthNull        bool
	colors           bool
	customInspect    bool
	showProxy        bool
	maxArrayLength   float64
	maxStringLength  float64
	breakLength      float64
	compact          float64 // 0 unless compact is a number
	compactTrue      bool
	sorted           bool
	sortFn           goja.Value
	getters          string // "", "true", "get" or "set"
	numericSeparator bool
	userOptions      *goja.Object // the guest's options, for custom inspectors
}

func defaultInspectOptions() inspectOptions {
	return inspectOptions{depth: 2, customInspect: true, maxArrayLength: 100, maxStringLength: 10000, breakLength: 80, compact: 3}
}

var inspectOptionNames = []string{"showHidden", "depth", "colors", "customInspect", "showProxy", "maxArrayLength",
	"maxStringLength", "breakLength", "compact", "sorted", "getters", "numericSeparator"}

// set assigns one option as Node's ctx[key] = opts[key] does, coercing
// where Node's comparisons would.
func (o *inspectOptions) set(key string, v goja.Value) {
	if v == nil {
		v = goja.Undefined()
	}
	switch key {
	case "showHidden":
		o.showHidden = v.ToBoolean()
	case "depth":
		o.depthNull = goja.IsNull(v)
		if !o.depthNull {
			o.depth = v.ToFloat()
		}
	case "colors":
		o.colors = v.ToBoolean()
	case "customInspect":
		o.customInspect = v.ToBoolean()
	case "showProxy":
		o.showProxy = v.ToBoolean()
	case "maxArrayLength":
		o.maxArrayLength = nullInf(v)
	case "maxStringLength":
		o.maxStringLength = nullInf(v)
	case "breakLength":
		o.breakLength = v.ToFloat()
	case "compact":
		o.compactTrue, o.compact = false, 0
		if b, ok := v.Export().(bool); ok && !isObject(v) {
			o.compactTrue = b
		} else if isNumber(v) {
			o.compact = v.ToFloat()
		}
	case "sorted":
		o.sortFn = nil
		if _, ok := goja.AssertFunction(v); ok {
			o.sorted, o.sortFn = true, v
		} else {
			o.sorted = v.ToBoolean()
		}
	case "getters":
		switch {
		case isPrimitiveString(v) && (v.String() == "get" || v.String() == "set"):
			o.getters = v.String()
		case isTrue(v):
			o.getters = "true"
		default:
			o.getters = ""
		}
	case "numericSeparator":
		o.numericSeparator = v.ToBoolean()
	}
}

func isTrue(v goja.Value) bool {
	b, ok := v.Export().(bool)
	return ok && b && !isObject(v)
}

func nullInf(v goja.Value) float64 {
	if goja.IsNull(v) {
		return math.Inf(1)
	}
	return v.ToFloat()
}

// apply copies the guest's options object in, as Node's inspect does.
func (o *inspectOptions) apply(opts *goja.Object) {
	for _, k := range opts.Keys() {
		if slices.Contains(inspectOptionNames, k) {
			o.set(k, opts.Get(k))
		} else if k != "stylize" && o.userOptions == nil {
			o.userOptions = opts
		}
	}
}

// get is the options as a guest sees them (Node's getUserOptions).
func (o *inspectOptions) get(js *jsState, nullProto bool) *goja.Object {
	rt := js.rt
	r := rt.NewObject()
	if nullProto {
		r.SetPrototype(nil)
	}
	depth := goja.Value(goja.Null())
	if !o.depthNull {
		depth = rt.ToValue(o.depth)
	}
	compact := rt.ToValue(o.compact)
	if o.compactTrue {
		compact = rt.ToValue(true)
	} else if o.compact == 0 {
		compact = rt.ToValue(false)
	}
	sorted := rt.ToValue(o.sorted)
	if o.sortFn != nil && !nullProto {
		sorted = o.sortFn
	}
	getters := rt.ToValue(false)
	switch o.getters {
	case "true":
		getters = rt.ToValue(true)
	case "get", "set":
		getters = rt.ToValue(o.getters)
	}
	r.Set("stylize", func(c goja.FunctionCall) goja.Value {
		if !o.colors {
			return c.Argument(0).ToString()
		}
		return rt.ToValue(stylizeWithColor(c.Argument(0).String(), c.Argument(1).String()))
	})
	r.Set("showHidden", o.showHidden)
	r.Set("depth", depth)
	r.Set("colors", o.colors)
	r.Set("customInspect", o.customInspect)
	r.Set("showProxy", o.showProxy)
	r.Set("maxArrayLength", o.maxArrayLength)
	r.Set("maxStringLength", o.maxStringLength)
	r.Set("breakLength", o.breakLength)
	r.Set("compact", compact)
	r.Set("sorted", sorted)
	r.Set("getters", getters)
	r.Set("numericSeparator", o.numericSeparator)
	if u := o.userOptions; u != nil {
		for _, k := range u.Keys() {
			v := u.Get(k)
			if nullProto && isObject(v) {
				continue
			}
			r.Set(k, v)
		}
	}
	return r
}

// inspectState is what a runtime keeps for inspect: util.inspect itself,
// its defaultOptions once touched, util.inspect.custom and the intrinsic
// prototypes.
type inspectState struct {
	fn        *goja.Object
	defaults  *goja.Object
	custom    *goja.Symbol
	objProto  *goja.Object
	funcProto *goja.Object
}

// inspectCtx is Node's ctx: the options and the state of one inspection.
type inspectCtx struct {
	inspectOptions
	js *jsState
	rt *goja.Runtime

	budget         map[int]int
	indentationLvl int
	seen           []*goja.Object
	currentDepth   int
	circular       map[*goja.Object]int
	levels         int // formatRaw calls under way, for inspectMaxLevel
	calls          int
	built          int
}

func (js *jsState) newInspectCtx(o inspectOptions) *inspectCtx {
	return &inspectCtx{inspectOptions: o, js: js, rt: js.rt}
}

// inspect is util.inspect(v, {depth}) for the bridge's own messages.
func (js *jsState) inspect(v goja.Value, o inspectOpts) string {
	opts := js.inspectDefaults()
	opts.depth = float64(o.depth)
	if o.depth < 0 {
		opts.depth = math.Inf(1)
	}
	return js.newInspectCtx(opts).formatValue(v, 0, false)
}

// inspectDefaults are util.inspect.defaultOptions, as the guest may have
// changed them.
func (js *jsState) inspectDefaults() inspectOptions {
	o := defaultInspectOptions()
	if d := js.insp.defaults; d != nil {
		for _, k := range inspectOptionNames {
			o.set(k, d.Get(k))
		}
	}
	return o
}

// inspectFunction is util.inspect, built once per runtime: custom
// inspectors get it as their third argument and Node tells it apart.
func (js *jsState) inspectFunction() *goja.Object {
	if js.insp.fn != nil {
		return js.insp.fn
	}
	rt := js.rt
	f := rt.ToValue(func(c goja.FunctionCall) goja.Value {
		opts := js.inspectDefaults()
		if len(c.Arguments) > 1 {
			if len(c.Arguments) > 2 {
				if d := c.Arguments[2]; !goja.IsUndefined(d) {
					opts.set("depth", d)
				}
				if len(c.Arguments) > 3 && !goja.IsUndefined(c.Arguments[3]) {
					opts.set("colors", c.Arguments[3])
				}
			}
			a := c.Arguments[1]
			if b, ok := a.Export().(bool); ok && !isObject(a) {
				opts.showHidden = b
			} else if o, ok := a.(*goja.Object); ok {
				opts.apply(o)
			}
		}
		return rt.ToValue(js.newInspectCtx(opts).formatValue(c.Argument(0), 0, false))
	}).ToObject(rt)
	f.DefineDataProperty("name", rt.ToValue("inspect"), goja.FLAG_FALSE, goja.FLAG_TRUE, goja.FLAG_FALSE)
	f.Set("custom", js.inspectCustom())
	// defaultOptions is an object the guest may change in place or replace
	// (Node's setter assigns into it).
	get := rt.ToValue(func(goja.FunctionCall) goja.Value { return js.inspectDefaultsObject() })
	set := rt.ToValue(func(c goja.FunctionCall) goja.Value {
		o, ok := c.Argument(0).(*goja.Object)
		if !ok {
			e := js.rt.NewTypeError("The \"options\" argument must be of type object. Received " + js.received(c.Argument(0)))
			e.Set("code", "ERR_INVALID_ARG_TYPE")
			panic(e)
		}
		d := js.inspectDefaultsObject()
		for _, k := range o.Keys() {
			d.Set(k, o.Get(k))
		}
		return d
	})
	f.DefineAccessorProperty("defaultOptions", get, set, goja.FLAG_FALSE, goja.FLAG_TRUE)
	js.insp.fn = f
	return f
}

func (js *jsState) inspectDefaultsObject() *goja.Object {
	if js.insp.defaults == nil {
		d := defaultInspectOptions()
		js.insp.defaults = d.get(js, false)
		js.insp.defaults.Delete("stylize")
	}
	return js.insp.defaults
}

// inspectCustom is util.inspect.custom.
func (js *jsState) inspectCustom() *goja.Symbol {
	if js.insp.custom == nil {
		js.insp.custom = js.rt.SymbolFor("nodejs.util.inspect.custom")
	}
	return js.insp.custom
}

func (c *inspectCtx) stylize(s, style string) string {
	if !c.colors {
		return s
	}
	return stylizeWithColor(s, style)
}

func stylizeNoColor(s, _ string) string { return s }

var inspectStyles = map[string][2]int{
	"special": {36, 39}, "number": {33, 39}, "bigint": {33, 39}, "boolean": {33, 39}, "undefined": {90, 39},
	"null": {1, 22}, "string": {32, 39}, "symbol": {32, 39}, "date": {35, 39}, "regexp": {31, 39}, "module": {4, 24},
}

func stylizeWithColor(s, style string) string {
	c, ok := inspectStyles[style]
	if !ok {
		return s
	}
	return "\x1b[" + strconv.Itoa(c[0]) + "m" + s + "\x1b[" + strconv.Itoa(c[1]) + "m"
}

var ansiRE = regexp.MustCompile(`[\x1b\x{9b}][[\]()#;?]*(?:(?:(?:(?:;[-a-zA-Z\d\/#&.:=?%@~_]+)*|[a-zA-Z\d]+(?:;[-a-zA-Z\d\/#&.:=?%@~_]*)*)?\x07)|(?:(?:\d{1,4}(?:;\d{0,4})*)?[\dA-PR-TZcf-nq-uy=><~]))`)

func removeColors(s string) string {
	if !strings.ContainsAny(s, "\x1b\u009b") {
		return s
	}
	return ansiRE.ReplaceAllString(s, "")
}

// poll stops a long inspection once the exec is halted: the interrupt is
// already set, so the guest cannot catch what is thrown.
func (c *inspectCtx) poll() {
	c.calls++
	if c.calls%inspectPollEvery != 0 || c.js.n == nil || c.js.n.st == nil {
		return
	}
	select {
	case <-c.js.n.st.halted:
		panic(c.js.newError("inspect: stopped"))
	default:
	}
}

func (c *inspectCtx) depthExceeded(recurseTimes int) bool {
	return !c.depthNull && float64(recurseTimes) > c.depth
}

// ---- formatValue ----

func (c *inspectCtx) formatValue(value goja.Value, recurseTimes int, typedArray bool) string {
	c.poll()
	o, ok := value.(*goja.Object)
	if !ok {
		return c.formatPrimitive(c.stylize, value)
	}
	context := o
	kind := o.InspectKind()
	isProxy := false
	if kind == "Proxy" {
		p, _ := o.Export().(goja.Proxy)
		target := p.Target()
		if target == nil {
			return c.stylize("<Revoked Proxy>", "special")
		}
		if c.showProxy {
			return c.formatProxy(target, p.Handler(), recurseTimes)
		}
		o, kind, isProxy = target, target.InspectKind(), true
	}

	if c.customInspect {
		if kind == "Uint8Array" && c.js.isBuffer(o) && !c.hasOwnCustom(o) {
			return c.formatBuffer(o)
		}
		maybeCustom := o.GetSymbol(c.js.inspectCustom())
		if fn, ok := goja.AssertFunction(maybeCustom); ok && !maybeCustom.SameAs(c.js.inspectFunction()) && !isOwnPrototype(o) {
			depth := goja.Value(goja.Null())
			if !c.depthNull {
				depth = c.rt.ToValue(c.depth - float64(recurseTimes))
			}
			crossContext := isProxy || !inChain(context, c.intrinsicObjectProto())
			ret, err := fn(context, depth, c.get(c.js, crossContext), c.js.inspectFunction())
			if err != nil {
				panic(err)
			}
			if !ret.SameAs(context) {
				if !isPrimitiveString(ret) {
					return c.formatValue(ret, recurseTimes, false)
				}
				return strings.ReplaceAll(ret.String(), "\n", "\n"+strings.Repeat(" ", c.indentationLvl))
			}
		}
	}

	if slices.Contains(c.seen, o) {
		index := 1
		if c.circular == nil {
			c.circular = map[*goja.Object]int{o: index}
		} else if i, ok := c.circular[o]; ok {
			index = i
		} else {
			index = len(c.circular) + 1
			c.circular[o] = index
		}
		return c.stylize("[Circular *"+strconv.Itoa(index)+"]", "special")
	}
	return c.formatRaw(o, kind, recurseTimes, typedArray)
}

// hasOwnCustom reports whether a Buffer has an inspector of the guest's
// own; Node's Buffer.prototype has one, ours is formatBuffer.
func (c *inspectCtx) hasOwnCustom(o *goja.Object) bool {
	_, ok := goja.AssertFunction(o.GetSymbol(c.js.inspectCustom()))
	return ok
}

func isOwnPrototype(o *goja.Object) bool {
	ctor, ok := o.Get("constructor").(*goja.Object)
	if !ok || !ctor.ToBoolean() {
		return false
	}
	p := ctor.Get("prototype")
	return p != nil && p.SameAs(o)
}

// The intrinsic prototypes, which guest code cannot replace: those of a
// new object and of a new native function.
func (c *inspectCtx) intrinsicObjectProto() *goja.Object {
	if c.js.insp.objProto == nil {
		c.js.insp.objProto = c.rt.NewObject().Prototype()
	}
	return c.js.insp.objProto
}

func (c *inspectCtx) intrinsicFunctionProto() *goja.Object {
	if c.js.insp.funcProto == nil {
		c.js.insp.funcProto = c.rt.ToValue(func(goja.FunctionCall) goja.Value { return nil }).(*goja.Object).Prototype()
	}
	return c.js.insp.funcProto
}

func (c *inspectCtx) formatProxy(target, handler *goja.Object, recurseTimes int) string {
	if c.depthExceeded(recurseTimes) {
		return c.stylize("Proxy [Array]", "special")
	}
	recurseTimes++
	c.indentationLvl += 2
	var h goja.Value = goja.Null()
	if handler != nil {
		h = handler
	}
	res := []string{c.formatValue(target, recurseTimes, false), c.formatValue(h, recurseTimes, false)}
	c.indentationLvl -= 2
	return c.reduceToSingleString(res, "", [2]string{"Proxy [", "]"}, kArrayExtrasType, recurseTimes, nil)
}

// ---- formatRaw ----

// formatter is Node's formatter argument of formatRaw.
type formatter func(o *goja.Object, recurseTimes int) []string

func (c *inspectCtx) formatRaw(value *goja.Object, kind string, recurseTimes int, typedArray bool) string {
	var keys []goja.Value
	var protoProps *[]string
	if c.showHidden && !c.depthExceeded(recurseTimes) {
		protoProps = &[]string{}
	}
	constructor, ctorNull := c.getConstructorName(value, recurseTimes, protoProps)
	if protoProps != nil && len(*protoProps) == 0 {
		protoProps = nil
	}
	noProto := protoProps == nil

	tag := ""
	if t := value.GetSymbol(goja.SymToStringTag); t != nil && isPrimitiveString(t) {
		tag = t.String()
		if tag != "" {
			info, own := value.OwnPropertyInfo(goja.SymToStringTag)
			if own && (c.showHidden || info.Enumerable) {
				tag = ""
			}
		}
	}
	base := ""
	format := formatter(func(*goja.Object, int) []string { return nil })
	braces := [2]string{"{", "}"}
	noIterator := true
	extrasType := kObjectType

	if ctorNull || c.hasProperty(value, goja.SymIterator) {
		noIterator = false
		switch {
		case kind == "Array":
			prefix := ""
			if constructor != "Array" || ctorNull || tag != "" {
				prefix = getPrefix(constructor, ctorNull, tag, "Array", "("+c.lengthOf(value)+")")
			}
			keys = c.ownNonIndexKeys(value)
			braces = [2]string{prefix + "[", "]"}
			if value.Get("length").ToInteger() == 0 && len(keys) == 0 && noProto {
				return braces[0] + "]"
			}
			extrasType = kArrayExtrasType
			format = c.formatArray
		case kind == "Set" || kind == "Map":
			entries, _, _ := value.PreviewEntries()
			size := len(entries)
			if kind == "Map" {
				size /= 2
			}
			prefix := getPrefix(constructor, ctorNull, tag, kind, "("+strconv.Itoa(size)+")")
			keys = c.getKeys(value)
			if kind == "Set" {
				format = func(_ *goja.Object, r int) []string { return c.formatSet(entries, r) }
			} else {
				format = func(_ *goja.Object, r int) []string { return c.formatMap(entries, r) }
			}
			if size == 0 && len(keys) == 0 && noProto {
				return prefix + "{}"
			}
			braces = [2]string{prefix + "{", "}"}
		case isTypedArrayKind(kind):
			keys = c.ownNonIndexKeys(value)
			fallback := ""
			if ctorNull {
				fallback = kind
			}
			size := int(value.Get("length").ToInteger())
			prefix := getPrefix(constructor, ctorNull, tag, fallback, "("+strconv.Itoa(size)+")")
			braces = [2]string{prefix + "[", "]"}
			if size == 0 && len(keys) == 0 && !c.showHidden {
				return braces[0] + "]"
			}
			format = func(o *goja.Object, r int) []string { return c.formatTypedArray(o, kind, size, r) }
			extrasType = kArrayExtrasType
		case kind == "Map Iterator" || kind == "Set Iterator":
			keys = c.getKeys(value)
			braces = getIteratorBraces(strings.TrimSuffix(kind, " Iterator"), tag)
			format = func(o *goja.Object, r int) []string { return c.formatIterator(&braces, o, r) }
		default:
			noIterator = true
		}
	}
	if noIterator {
		keys = c.getKeys(value)
		braces = [2]string{"{", "}"}
		switch {
		case strings.HasSuffix(kind, "Function"):
			base = c.getFunctionBase(value, kind, constructor, ctorNull, tag)
			if len(keys) == 0 && noProto {
				return c.stylize(base, "special")
			}
		case constructor == "Object" && !ctorNull:
			if kind == "Arguments" {
				braces[0] = "[Arguments] {"
			} else if tag != "" {
				braces[0] = getPrefix(constructor, ctorNull, tag, "Object", "") + "{"
			}
			if len(keys) == 0 && noProto {
				return braces[0] + "}"
			}
		case kind == "RegExp":
			base = regexpString(value)
			if prefix := getPrefix(constructor, ctorNull, tag, "RegExp", ""); prefix != "RegExp " {
				base = prefix + base
			}
			if (len(keys) == 0 && noProto) || c.depthExceeded(recurseTimes) {
				return c.stylize(base, "regexp")
			}
		case kind == "Date":
			base = dateString(value)
			if prefix := getPrefix(constructor, ctorNull, tag, "Date", ""); prefix != "Date " {
				base = prefix + base
			}
			if len(keys) == 0 && noProto {
				return c.stylize(base, "date")
			}
		case c.isError(value, kind):
			base = c.formatError(value, constructor, ctorNull, tag, &keys)
			if len(keys) == 0 && noProto {
				return base
			}
		case kind == "ArrayBuffer":
			prefix := getPrefix(constructor, ctorNull, tag, "ArrayBuffer", "")
			if !typedArray {
				format = c.formatArrayBuffer
			} else if len(keys) == 0 && noProto {
				return prefix + "{ byteLength: " + c.formatNumber(c.stylize, value.Get("byteLength"), false) + " }"
			}
			braces[0] = prefix + "{"
			keys = append([]goja.Value{c.rt.ToValue("byteLength")}, keys...)
		case kind == "DataView":
			braces[0] = getPrefix(constructor, ctorNull, tag, "DataView", "") + "{"
			keys = append([]goja.Value{c.rt.ToValue("byteLength"), c.rt.ToValue("byteOffset"), c.rt.ToValue("buffer")}, keys...)
		case kind == "Promise":
			braces[0] = getPrefix(constructor, ctorNull, tag, "Promise", "") + "{"
			format = c.formatPromise
		case kind == "WeakSet" || kind == "WeakMap":
			braces[0] = getPrefix(constructor, ctorNull, tag, kind, "") + "{"
			format = func(*goja.Object, int) []string { return []string{c.stylize("<items unknown>", "special")} }
		case isBoxedKind(kind):
			base = c.getBoxedBase(value, kind, &keys, constructor, ctorNull, tag)
			if len(keys) == 0 && noProto {
				return base
			}
		default:
			if len(keys) == 0 && noProto {
				return c.getCtxStyle(value, kind, constructor, ctorNull, tag) + "{}"
			}
			braces[0] = c.getCtxStyle(value, kind, constructor, ctorNull, tag) + "{"
		}
	}

	if c.depthExceeded(recurseTimes) {
		name := strings.TrimSuffix(c.getCtxStyle(value, kind, constructor, ctorNull, tag), " ")
		if !ctorNull {
			name = "[" + name + "]"
		}
		return c.stylize(name, "special")
	}
	recurseTimes++
	if c.levels >= inspectMaxLevel {
		// Node catches V8's stack overflow here and says so.
		name := strings.TrimSuffix(c.getCtxStyle(value, kind, constructor, ctorNull, tag), " ")
		return c.stylize("["+name+": Inspection interrupted prematurely. Maximum call stack size exceeded.]", "special")
	}
	c.levels++
	c.seen = append(c.seen, value)
	c.currentDepth = recurseTimes
	output := format(value, recurseTimes)
	for _, k := range keys {
		output = append(output, c.formatProperty(value, recurseTimes, k, extrasType, nil, nil))
	}
	if protoProps != nil {
		output = append(output, *protoProps...)
	}
	c.levels--
	if c.circular != nil {
		if index, ok := c.circular[value]; ok {
			reference := c.stylize("<ref *"+strconv.Itoa(index)+">", "special")
			if !c.compactTrue {
				if base == "" {
					base = reference
				} else {
					base = reference + " " + base
				}
			} else {
				braces[0] = reference + " " + braces[0]
			}
		}
	}
	c.seen = c.seen[:len(c.seen)-1]

	if c.sorted {
		if extrasType == kObjectType {
			c.sortStrings(output)
		} else if len(keys) > 1 {
			c.sortStrings(output[len(output)-len(keys):])
		}
	}

	res := c.reduceToSingleString(output, base, braces, extrasType, recurseTimes, value)
	if c.budget == nil {
		c.budget = map[int]int{}
	}
	newLength := c.budget[c.indentationLvl] + len(res)
	c.budget[c.indentationLvl] = newLength
	c.built += len(res)
	if newLength > 1<<27 || c.built > inspectMaxBuilt {
		c.depth, c.depthNull = -1, false
	}
	return res
}

// sortStrings is Array.prototype.sort on the output, with the guest's
// comparator if it gave one.
func (c *inspectCtx) sortStrings(s []string) {
	if c.sortFn == nil {
		slices.SortStableFunc(s, compareUTF16)
		return
	}
	cmp, _ := goja.AssertFunction(c.sortFn)
	slices.SortStableFunc(s, func(a, b string) int {
		r, err := cmp(goja.Undefined(), c.rt.ToValue(a), c.rt.ToValue(b))
		if err != nil {
			panic(err)
		}
		f := r.ToFloat()
		switch {
		case f < 0:
			return -1
		case f > 0:
			return 1
		}
		return 0
	})
}

// compareUTF16 orders strings by UTF-16 code units, as JavaScript does.
func compareUTF16(a, b string) int {
	ua, ub := utf16.Encode([]rune(a)), utf16.Encode([]rune(b))
	return slices.Compare(ua, ub)
}

func (c *inspectCtx) lengthOf(o *goja.Object) string {
	return c.numberString(o.Get("length"))
}

func isTypedArrayKind(kind string) bool {
	return strings.HasSuffix(kind, "Array") && kind != "Array"
}

func isBoxedKind(kind string) bool {
	switch kind {
	case "Number", "String", "Boolean", "Symbol", "BigInt":
		return true
	}
	return false
}

// hasProperty is the in operator without proxy traps or getters.
func (c *inspectCtx) hasProperty(o *goja.Object, key goja.Value) bool {
	for p, n := o, 0; p != nil && n < 10000; p, n = p.Prototype(), n+1 {
		if _, ok := p.OwnPropertyInfo(key); ok {
			return true
		}
	}
	return false
}

func hasOwn(o *goja.Object, key goja.Value) bool {
	_, ok := o.OwnPropertyInfo(key)
	return ok
}

func getIteratorBraces(typ, tag string) [2]string {
	if tag != typ+" Iterator" {
		if tag != "" {
			tag += "] ["
		}
		tag += typ + " Iterator"
	}
	return [2]string{"[" + tag + "] {", "}"}
}

func getPrefix(constructor string, ctorNull bool, tag, fallback, size string) string {
	if ctorNull {
		if tag != "" && fallback != tag {
			return "[" + fallback + size + ": null prototype] [" + tag + "] "
		}
		return "[" + fallback + size + ": null prototype] "
	}
	if tag != "" && constructor != tag {
		return constructor + size + " [" + tag + "] "
	}
	return constructor + size + " "
}

// internalGetConstructorName stands in for V8's: goja knows the built-in
// an object is, not the class that made it.
func internalGetConstructorName(o *goja.Object, kind string) string {
	switch {
	case kind == "" || kind == "Arguments" || kind == "Proxy" || strings.HasSuffix(kind, "Iterator"):
		return "Object"
	case strings.HasSuffix(kind, "Function"):
		return "Function"
	}
	return kind
}

func (c *inspectCtx) getCtxStyle(value *goja.Object, kind, constructor string, ctorNull bool, tag string) string {
	fallback := ""
	if ctorNull {
		fallback = internalGetConstructorName(value, kind)
		if fallback == tag {
			fallback = "Object"
		}
	}
	return getPrefix(constructor, ctorNull, tag, fallback, "")
}

// builtInObjects are the globals Node's inspect counts as built-in: V8's
// own, before Node adds its.
var builtInObjects = map[string]bool{}

func init() {
	for _, n := range strings.Fields(`Object Function Array Number Infinity NaN Boolean String Symbol Date Promise RegExp
		Error AggregateError EvalError RangeError ReferenceError SyntaxError TypeError URIError JSON Math Intl ArrayBuffer
		Uint8Array Int8Array Uint16Array Int16Array Uint32Array Int32Array Float32Array Float64Array Uint8ClampedArray
		BigUint64Array BigInt64Array DataView Map BigInt Set WeakMap WeakSet Proxy Reflect FinalizationRegistry WeakRef
		SharedArrayBuffer Atomics WebAssembly`) {
		builtInObjects[n] = true
	}
}

// funcName is a function's name property as a string ("" if it has none).
func funcName(f *goja.Object) string {
	n := f.Get("name")
	if n == nil || goja.IsUndefined(n) {
		return ""
	}
	return n.String()
}

func (c *inspectCtx) instanceOf(o *goja.Object, ctor *goja.Object) (r bool) {
	defer func() {
		if recover() != nil {
			r = false
		}
	}()
	return c.rt.InstanceOf(o, ctor)
}

// getConstructorName is Node's: the name of the first constructor up the
// prototype chain that o is an instance of; ctorNull for a chain that ends
// without one.
func (c *inspectCtx) getConstructorName(obj *goja.Object, recurseTimes int, protoProps *[]string) (string, bool) {
	var firstProto *goja.Object
	firstSet := false
	tmp := obj
	objProto, funcProto := c.intrinsicObjectProto(), c.intrinsicFunctionProto()
	for n := 0; obj != nil && n < 10000; n++ {
		// Object.prototype and Function.prototype name their constructors
		// even if a guest replaced the constructor property.
		if (obj == objProto || obj == funcProto) && inChain(tmp, obj) {
			name := "Object"
			if obj == funcProto {
				name = "Function"
			}
			if protoProps != nil && firstProto != obj {
				c.addPrototypeProperties(tmp, firstOr(firstProto, tmp), recurseTimes, protoProps)
			}
			return name, false
		}
		if d, ok := obj.OwnPropertyInfo(c.rt.ToValue("constructor")); ok {
			if f, isFn := d.Value.(*goja.Object); isFn && f.InspectKind() != "" && strings.HasSuffix(f.InspectKind(), "Function") {
				if name := funcName(f); name != "" && c.instanceOf(tmp, f) {
					if protoProps != nil && (firstProto != obj || !builtInObjects[name]) {
						c.addPrototypeProperties(tmp, firstOr(firstProto, tmp), recurseTimes, protoProps)
					}
					return name, false
				}
			}
		}
		obj = obj.Prototype()
		if !firstSet {
			firstProto, firstSet = obj, true
		}
	}
	if firstProto == nil {
		return "", true
	}
	res := internalGetConstructorName(tmp, tmp.InspectKind())
	if c.depthExceeded(recurseTimes) {
		return res + " <Complex prototype>", false
	}
	protoConstr, null := c.getConstructorName(firstProto, recurseTimes+1, protoProps)
	if null {
		opts := c.inspectOptions
		opts.customInspect, opts.depth, opts.depthNull = false, -1, false
		return res + " <" + c.js.newInspectCtx(opts).formatValue(firstProto, 0, false) + ">", false
	}
	return res + " <" + protoConstr + ">", false
}

// inChain is OrdinaryHasInstance for a constructor whose prototype is
// proto: whether proto is on o's prototype chain.
func inChain(o, proto *goja.Object) bool {
	for p, n := o.Prototype(), 0; p != nil && n < 10000; p, n = p.Prototype(), n+1 {
		if p == proto {
			return true
		}
	}
	return false
}

func firstOr(a, b *goja.Object) *goja.Object {
	if a != nil {
		return a
	}
	return b
}

// addPrototypeProperties lists, for showHidden, the properties classes up
// to three layers above main define that are not methods.
func (c *inspectCtx) addPrototypeProperties(main, obj *goja.Object, recurseTimes int, output *[]string) {
	var keys []goja.Value
	keySet := map[any]bool{}
	for depth := 0; depth < 3; depth++ {
		if depth != 0 || main == obj {
			obj = obj.Prototype()
			if obj == nil {
				return
			}
			if d, ok := obj.OwnPropertyInfo(c.rt.ToValue("constructor")); ok {
				if f, isFn := d.Value.(*goja.Object); isFn && strings.HasSuffix(f.InspectKind(), "Function") && builtInObjects[funcName(f)] {
					return
				}
			}
		}
		if depth != 0 {
			for _, k := range keys {
				keySet[keyID(k)] = true
			}
		}
		keys = obj.OwnKeys(true)
		c.seen = append(c.seen, main)
		for _, k := range keys {
			if (isPrimitiveString(k) && k.String() == "constructor") || hasOwn(main, k) || (depth != 0 && keySet[keyID(k)]) {
				continue
			}
			d, ok := obj.OwnPropertyInfo(k)
			if !ok {
				continue
			}
			if _, isFn := goja.AssertFunction(d.Value); isFn {
				continue
			}
			v := c.formatProperty(obj, recurseTimes, k, kObjectType, &d, main)
			if c.colors {
				v = "\x1b[2m" + v + "\x1b[22m"
			}
			*output = append(*output, v)
		}
		c.seen = c.seen[:len(c.seen)-1]
	}
}

func keyID(k goja.Value) any {
	if s, ok := k.(*goja.Symbol); ok {
		return s
	}
	return k.String()
}

// getKeys is Node's: own enumerable keys then enumerable symbols, or all
// of them with showHidden.
func (c *inspectCtx) getKeys(o *goja.Object) []goja.Value {
	return o.OwnKeys(c.showHidden)
}

// ownNonIndexKeys is V8's GetOwnNonIndexProperties.
func (c *inspectCtx) ownNonIndexKeys(o *goja.Object) []goja.Value {
	return o.OwnNonIndexKeys(c.showHidden)
}

func isArrayIndex(s string) bool {
	if s == "" || len(s) > 10 || (len(s) > 1 && s[0] == '0') {
		return false
	}
	n, err := strconv.ParseUint(s, 10, 64)
	return err == nil && n < 1<<32-1
}

func (c *inspectCtx) isError(o *goja.Object, kind string) bool {
	if kind == "Error" {
		return true
	}
	ctor, ok := c.js.errCtor.(*goja.Object)
	return ok && c.instanceOf(o, ctor)
}

// ---- bases ----

func (c *inspectCtx) getBoxedBase(value *goja.Object, kind string, keys *[]goja.Value, constructor string, ctorNull bool, tag string) string {
	pv := value.PrimitiveValue()
	if kind == "String" {
		// The indices of a boxed string are noise.
		n := 0
		if s, ok := pv.(goja.String); ok {
			n = s.Length()
		}
		*keys = (*keys)[min(n, len(*keys)):]
	}
	base := "[" + kind
	if kind != constructor || ctorNull {
		if ctorNull {
			base += " (null prototype)"
		} else {
			base += " (" + constructor + ")"
		}
	}
	opts := *c
	opts.colors = false
	base += ": " + opts.formatPrimitive(stylizeNoColor, pv) + "]"
	if tag != "" && tag != constructor {
		base += " [" + tag + "]"
	}
	if len(*keys) != 0 || !c.colors {
		return base
	}
	return c.stylize(base, strings.ToLower(kind))
}

var (
	classRegExp         = regexp.MustCompile(`^(\s+[^(]*?)\s*{`)
	stripCommentsRegExp = regexp.MustCompile(`(?s)(//.*?\n)|(/\*.*?\*/)`)
)

func (c *inspectCtx) getFunctionBase(value *goja.Object, kind, constructor string, ctorNull bool, tag string) string {
	if src, ok := value.FunctionSource(); ok && strings.HasPrefix(src, "class") && strings.HasSuffix(src, "}") {
		slice := src[5 : len(src)-1]
		if i := strings.IndexByte(slice, '{'); i != -1 &&
			(!strings.Contains(slice[:i], "(") || classRegExp.MatchString(stripCommentsRegExp.ReplaceAllString(slice, ""))) {
			return c.getClassBase(value, constructor, ctorNull, tag)
		}
	}
	typ := kind
	base := "[" + typ
	if ctorNull {
		base += " (null prototype)"
	}
	if name := funcName(value); name == "" {
		base += " (anonymous)"
	} else {
		base += ": " + name
	}
	base += "]"
	if constructor != typ && !ctorNull {
		base += " " + constructor
	}
	if tag != "" && constructor != tag {
		base += " [" + tag + "]"
	}
	return base
}

func (c *inspectCtx) getClassBase(value *goja.Object, constructor string, ctorNull bool, tag string) string {
	name := ""
	if hasOwn(value, c.rt.ToValue("name")) {
		if n := value.Get("name"); n != nil && n.ToBoolean() {
			name = n.String()
		}
	}
	if name == "" {
		name = "(anonymous)"
	}
	base := "class " + name
	if constructor != "Function" && !ctorNull {
		base += " [" + constructor + "]"
	}
	if tag != "" && constructor != tag {
		base += " [" + tag + "]"
	}
	if !ctorNull {
		if p := value.Prototype(); p != nil {
			if sn := p.Get("name"); sn != nil && sn.ToBoolean() {
				base += " extends " + sn.String()
			}
		}
	} else {
		base += " extends [null prototype]"
	}
	return "[" + base + "]"
}

// regexpString is RegExp.prototype.toString: it reads source and flags.
func regexpString(o *goja.Object) string {
	return "/" + o.Get("source").String() + "/" + o.Get("flags").String()
}

// dateString is toISOString for a valid date, toString ("Invalid Date")
// for one that is not.
func dateString(o *goja.Object) string {
	t, ok := o.Export().(time.Time)
	if !ok {
		return "Invalid Date"
	}
	t = t.UTC()
	y := t.Year()
	ys := strconv.Itoa(y)
	switch {
	case y < 0:
		ys = "-" + pad(strconv.Itoa(-y), 6, '0')
	case y > 9999:
		ys = "+" + pad(ys, 6, '0')
	default:
		ys = pad(ys, 4, '0')
	}
	return ys + t.Format("-01-02T15:04:05.000Z")
}

func pad(s string, n int, c byte) string {
	for len(s) < n {
		s = string(c) + s
	}
	return s
}

// ---- errors ----

func (c *inspectCtx) getStackString(err *goja.Object) string {
	if st := err.Get("stack"); st != nil && st.ToBoolean() {
		return nodeStack(st.String())
	}
	return errorToString(err)
}

// errorToString is Error.prototype.toString.
func errorToString(o *goja.Object) string {
	name, msg := "Error", ""
	if n := o.Get("name"); n != nil && !goja.IsUndefined(n) {
		name = n.String()
	}
	if m := o.Get("message"); m != nil && !goja.IsUndefined(m) {
		msg = m.String()
	}
	switch {
	case name == "":
		return msg
	case msg == "":
		return name
	}
	return name + ": " + msg
}

func (c *inspectCtx) getStackFrames(err *goja.Object, stack string) []string {
	frames := strings.Split(stack, "\n")
	var cause goja.Value
	func() {
		defer func() { recover() }()
		cause = err.Get("cause")
	}()
	if co, ok := cause.(*goja.Object); ok && c.isError(co, co.InspectKind()) {
		causeStack := c.getStackString(co)
		if i := strings.Index(causeStack, "\n    at"); i != -1 {
			causeFrames := strings.Split(causeStack[i+1:], "\n")
			if n, offset := identicalSequenceRange(frames, causeFrames); n > 0 {
				skipped := n - 2
				msg := c.stylize("    ... "+strconv.Itoa(skipped)+" lines matching cause stack trace ...", "undefined")
				frames = slices.Replace(frames, offset+1, offset+1+skipped, msg)
			}
		}
	}
	return frames
}

func identicalSequenceRange(a, b []string) (int, int) {
	for i := 0; i < len(a)-3; i++ {
		pos := slices.Index(b, a[i])
		if pos == -1 {
			continue
		}
		rest := len(b) - pos
		if rest > 3 {
			n := 1
			maxLen := min(len(a)-i, rest)
			for maxLen > n && a[i+n] == b[pos+n] {
				n++
			}
			if n > 3 {
				return n, i
			}
		}
	}
	return 0, 0
}

var (
	errorNameStart = regexp.MustCompile(`^([A-Z][a-z_ A-Z0-9[\]()-]+)(?::|\n {4}at)`)
	errorNameOnly  = regexp.MustCompile(`^([a-z_A-Z0-9-]*Error)$`)
)

func improveStack(stack, constructor string, ctorNull bool, name, tag string) string {
	n := len(name)
	if ctorNull || (strings.HasSuffix(name, "Error") && strings.HasPrefix(stack, name) &&
		(len(stack) == n || stack[n] == ':' || stack[n] == '\n')) {
		fallback := "Error"
		if ctorNull {
			m := errorNameStart.FindStringSubmatch(stack)
			if m == nil {
				m = errorNameOnly.FindStringSubmatch(stack)
			}
			fallback = ""
			if m != nil {
				fallback = m[1]
			}
			n = len(fallback)
			if fallback == "" {
				fallback = "Error"
			}
		}
		prefix := strings.TrimSuffix(getPrefix(constructor, ctorNull, tag, fallback, ""), " ")
		if name != prefix {
			if strings.Contains(prefix, name) {
				if n == 0 {
					stack = prefix + ": " + stack
				} else {
					stack = prefix + stack[n:]
				}
			} else {
				stack = prefix + " [" + name + "]" + stack[n:]
			}
		}
	}
	return stack
}

func (c *inspectCtx) removeDuplicateErrorKeys(keys *[]goja.Value, err *goja.Object, stack string) {
	if c.showHidden || len(*keys) == 0 {
		return
	}
	for _, name := range []string{"name", "message", "stack"} {
		i := slices.IndexFunc(*keys, func(k goja.Value) bool { return isPrimitiveString(k) && k.String() == name })
		if i != -1 {
			v := err.Get(name)
			s := "undefined"
			if v != nil {
				s = v.String()
			}
			if strings.Contains(stack, s) {
				*keys = slices.Delete(*keys, i, i+1)
			}
		}
	}
}

func (c *inspectCtx) formatError(err *goja.Object, constructor string, ctorNull bool, tag string, keys *[]goja.Value) string {
	name := "Error"
	if n := err.Get("name"); n != nil && !goja.IsUndefined(n) && !goja.IsNull(n) {
		name = n.String()
	}
	stack := c.getStackString(err)
	c.removeDuplicateErrorKeys(keys, err, stack)
	hasKey := func(k string) bool {
		return slices.ContainsFunc(*keys, func(v goja.Value) bool { return isPrimitiveString(v) && v.String() == k })
	}
	if c.hasProperty(err, c.rt.ToValue("cause")) && !hasKey("cause") {
		*keys = append(*keys, c.rt.ToValue("cause"))
	}
	if errs, ok := err.Get("errors").(*goja.Object); ok && errs.InspectKind() == "Array" && !hasKey("errors") {
		*keys = append(*keys, c.rt.ToValue("errors"))
	}
	stack = improveStack(stack, constructor, ctorNull, name, tag)

	// The message is left out of the search for the first frame.
	pos := -1
	if m := err.Get("message"); m != nil && m.ToBoolean() {
		if i := strings.Index(stack, m.String()); i > 0 {
			pos = i + len(m.String())
		}
	}
	stackStart := -1
	if from := max(pos, 0); from <= len(stack) {
		if i := strings.Index(stack[from:], "\n    at"); i != -1 {
			stackStart = from + i
		}
	}
	if stackStart == -1 {
		stack = "[" + stack + "]"
	} else {
		lines := c.getStackFrames(err, stack[stackStart+1:])
		stack = stack[:stackStart] + "\n" + strings.Join(lines, "\n")
	}
	if c.indentationLvl != 0 {
		stack = strings.ReplaceAll(stack, "\n", "\n"+strings.Repeat(" ", c.indentationLvl))
	}
	return stack
}

// ---- formatters ----

func remainingText(remaining int) string {
	s := "... " + strconv.Itoa(remaining) + " more item"
	if remaining > 1 {
		s += "s"
	}
	return s
}

// maxLength is Node's MathMin(MathMax(0, ctx.maxArrayLength), n).
func (c *inspectCtx) maxLength(n int) int {
	m := math.Max(0, c.maxArrayLength)
	if math.IsNaN(m) {
		m = 0
	}
	if m < float64(n) {
		return int(m)
	}
	return n
}

func (c *inspectCtx) formatArray(value *goja.Object, recurseTimes int) []string {
	valLen := value.Get("length").ToInteger()
	n := int(min(valLen, 1<<31))
	length := c.maxLength(n)
	remaining := int(valLen) - length
	output := make([]string, 0, min(length, 1024)+1)
	for i := 0; i < length; i++ {
		k := c.rt.ToValue(i)
		d, ok := value.OwnPropertyInfo(k)
		if !ok {
			return c.formatSpecialArray(value, recurseTimes, length, output, i, valLen)
		}
		output = append(output, c.formatProperty(value, recurseTimes, k, kArrayType, &d, nil))
	}
	if remaining > 0 {
		output = append(output, remainingText(remaining))
	}
	return output
}

// formatSpecialArray is for sparse arrays: runs of holes print as
// "<n empty items>".
func (c *inspectCtx) formatSpecialArray(value *goja.Object, recurseTimes, maxLength int, output []string, i int, valLen int64) []string {
	keys := value.Keys()
	index := int64(i)
	for ; i < len(keys) && len(output) < maxLength; i++ {
		key := keys[i]
		tmp, err := strconv.ParseFloat(key, 64)
		if err != nil || tmp > 1<<32-2 {
			break
		}
		if strconv.FormatInt(index, 10) != key {
			if !isArrayIndex(key) {
				break
			}
			emptyItems := int64(tmp) - index
			msg := "<" + strconv.FormatInt(emptyItems, 10) + " empty item"
			if emptyItems > 1 {
				msg += "s"
			}
			output = append(output, c.stylize(msg+">", "undefined"))
			index = int64(tmp)
			if len(output) == maxLength {
				break
			}
		}
		output = append(output, c.formatProperty(value, recurseTimes, c.rt.ToValue(key), kArrayType, nil, nil))
		index++
	}
	remaining := valLen - index
	if len(output) != maxLength {
		if remaining > 0 {
			msg := "<" + strconv.FormatInt(remaining, 10) + " empty item"
			if remaining > 1 {
				msg += "s"
			}
			output = append(output, c.stylize(msg+">", "undefined"))
		}
	} else if remaining > 0 {
		output = append(output, remainingText(int(remaining)))
	}
	return output
}

func (c *inspectCtx) formatArrayBuffer(value *goja.Object, _ int) []string {
	ab, _ := value.Export().(goja.ArrayBuffer)
	if ab.Detached() {
		return []string{c.stylize("(detached)", "special")}
	}
	b := ab.Bytes()
	n := c.maxLength(len(b))
	var sb strings.Builder
	for i, x := range b[:n] {
		c.poll()
		if i > 0 {
			sb.WriteByte(' ')
		}
		sb.WriteString(strconv.FormatInt(int64(x)+0x100, 16)[1:])
	}
	str := sb.String()
	if remaining := float64(len(b)) - c.maxArrayLength; remaining > 0 {
		str += " ... " + strconv.FormatFloat(remaining, 'f', -1, 64) + " more byte"
		if remaining > 1 {
			str += "s"
		}
	}
	return []string{c.stylize("[Uint8Contents]", "special") + ": <" + str + ">"}
}

func (c *inspectCtx) formatTypedArray(value *goja.Object, kind string, length, recurseTimes int) []string {
	maxLength := c.maxLength(length)
	remaining := length - maxLength
	output := make([]string, maxLength, maxLength+6)
	bigint := kind == "BigInt64Array" || kind == "BigUint64Array"
	for i := range maxLength {
		c.poll()
		v := value.Get(strconv.Itoa(i))
		if bigint {
			output[i] = c.formatBigInt(c.stylize, v, c.numericSeparator)
		} else {
			output[i] = c.formatNumber(c.stylize, v, c.numericSeparator)
		}
	}
	if remaining > 0 {
		output = append(output, remainingText(remaining))
	}
	if c.showHidden {
		c.indentationLvl += 2
		for _, key := range []string{"BYTES_PER_ELEMENT", "length", "byteLength", "byteOffset", "buffer"} {
			str := c.formatValue(value.Get(key), recurseTimes, true)
			output = append(output, "["+key+"]: "+str)
		}
		c.indentationLvl -= 2
	}
	return output
}

func (c *inspectCtx) formatSet(entries []goja.Value, recurseTimes int) []string {
	maxLength := c.maxLength(len(entries))
	output := make([]string, 0, maxLength+1)
	c.indentationLvl += 2
	for _, v := range entries[:maxLength] {
		output = append(output, c.formatValue(v, recurseTimes, false))
	}
	if remaining := len(entries) - maxLength; remaining > 0 {
		output = append(output, remainingText(remaining))
	}
	c.indentationLvl -= 2
	return output
}

func (c *inspectCtx) formatMap(entries []goja.Value, recurseTimes int) []string {
	size := len(entries) / 2
	maxLength := c.maxLength(size)
	output := make([]string, 0, maxLength+1)
	c.indentationLvl += 2
	for i := range maxLength {
		output = append(output, c.formatValue(entries[2*i], recurseTimes, false)+" => "+c.formatValue(entries[2*i+1], recurseTimes, false))
	}
	if remaining := size - maxLength; remaining > 0 {
		output = append(output, remainingText(remaining))
	}
	c.indentationLvl -= 2
	return output
}

func (c *inspectCtx) formatIterator(braces *[2]string, value *goja.Object, recurseTimes int) []string {
	entries, kv, _ := value.PreviewEntries()
	if kv {
		braces[0] = strings.Replace(braces[0], " Iterator] {", " Entries] {", 1)
		return c.formatMapIterInner(entries, recurseTimes)
	}
	// A set iterator's values print as a set's (Node's formatSetIterInner).
	return c.formatSet(entries, recurseTimes)
}

func (c *inspectCtx) formatMapIterInner(entries []goja.Value, recurseTimes int) []string {
	n := len(entries) / 2
	maxLength := c.maxLength(n)
	output := make([]string, 0, maxLength+1)
	c.indentationLvl += 2
	for i := range maxLength {
		res := []string{c.formatValue(entries[2*i], recurseTimes, false), c.formatValue(entries[2*i+1], recurseTimes, false)}
		output = append(output, c.reduceToSingleString(res, "", [2]string{"[", "]"}, kArrayExtrasType, recurseTimes, nil))
	}
	c.indentationLvl -= 2
	if remaining := n - maxLength; remaining > 0 {
		output = append(output, remainingText(remaining))
	}
	return output
}

func (c *inspectCtx) formatPromise(value *goja.Object, recurseTimes int) []string {
	p, _ := value.Export().(*goja.Promise)
	if p == nil || p.State() == goja.PromiseStatePending {
		return []string{c.stylize("<pending>", "special")}
	}
	c.indentationLvl += 2
	str := c.formatValue(p.Result(), recurseTimes, false)
	c.indentationLvl -= 2
	if p.State() == goja.PromiseStateRejected {
		return []string{c.stylize("<rejected>", "special") + " " + str}
	}
	return []string{str}
}

// formatBuffer is Node's Buffer.prototype[inspect.custom].
func (c *inspectCtx) formatBuffer(o *goja.Object) string {
	b := c.js.bufferSource(o)
	const maxBytes = 50 // buffer.INSPECT_MAX_BYTES
	var sb strings.Builder
	for i, x := range b[:min(len(b), maxBytes)] {
		if i > 0 {
			sb.WriteByte(' ')
		}
		sb.WriteString(strconv.FormatInt(int64(x)+0x100, 16)[1:])
	}
	str := sb.String()
	if remaining := len(b) - maxBytes; remaining > 0 {
		str += " ... " + strconv.Itoa(remaining) + " more byte"
		if remaining > 1 {
			str += "s"
		}
	}
	extras := c.rt.NewObject()
	extras.SetPrototype(nil)
	has := false
	for _, k := range c.ownNonIndexKeys(o) {
		has = true
		if s, ok := k.(*goja.Symbol); ok {
			extras.SetSymbol(s, o.GetSymbol(s))
		} else {
			extras.Set(k.String(), o.Get(k.String()))
		}
	}
	if has {
		if len(b) != 0 {
			str += ", "
		}
		opts := c.inspectOptions
		opts.breakLength, opts.compactTrue = math.Inf(1), true
		s := c.js.newInspectCtx(opts).formatValue(extras, 0, false)
		if len(s) >= 29 {
			str += s[27 : len(s)-2]
		}
	}
	name := "Buffer"
	if ctor, ok := o.Get("constructor").(*goja.Object); ok {
		name = funcName(ctor)
	}
	return "<" + name + " " + str + ">"
}

// ---- properties ----

func (c *inspectCtx) formatProperty(value *goja.Object, recurseTimes int, key goja.Value, typ int, desc *goja.PropertyInfo, original *goja.Object) string {
	if original == nil {
		original = value
	}
	var d goja.PropertyInfo
	if desc != nil {
		d = *desc
	} else if info, ok := value.OwnPropertyInfo(key); ok {
		d = info
	} else {
		d = goja.PropertyInfo{Value: c.getKey(value, key), Enumerable: true}
	}
	var str string
	extra := " "
	switch {
	case d.Value != nil && !goja.IsUndefined(d.Value):
		diff := 2
		if c.compactTrue && typ == kObjectType {
			diff = 3
		}
		c.indentationLvl += diff
		str = c.formatValue(d.Value, recurseTimes, false)
		if diff == 3 && c.breakLength < float64(getStringWidth(str, c.colors)) {
			extra = "\n" + strings.Repeat(" ", c.indentationLvl)
		}
		c.indentationLvl -= diff
	case d.Getter != nil:
		label := "Getter"
		if d.Setter != nil {
			label = "Getter/Setter"
		}
		if c.getters == "true" || (c.getters == "get" && d.Setter == nil) || (c.getters == "set" && d.Setter != nil) {
			str = c.callGetter(d.Getter, original, label, recurseTimes)
		} else {
			str = c.stylize("["+label+"]", "special")
		}
	case d.Setter != nil:
		str = c.stylize("[Setter]", "special")
	default:
		str = c.stylize("undefined", "undefined")
	}
	if typ == kArrayType {
		return str
	}
	var name string
	switch {
	case isSymbol(key):
		name = "[" + c.stylize(escapeAll(toJSString(symbolString(key.(*goja.Symbol)))), "symbol") + "]"
	case key.String() == "__proto__":
		name = "['__proto__']"
	case !d.Enumerable:
		name = "[" + escapeAll(keyString(key)) + "]"
	case keyStrRegExp(key.String()):
		name = c.stylize(key.String(), "name")
	default:
		name = c.stylize(strEscape(keyString(key)), "string")
	}
	return name + ":" + extra + str
}

// keyString is a string key as a JavaScript string, lone surrogates kept.
func keyString(k goja.Value) goja.String {
	if s, ok := k.(goja.String); ok {
		return s
	}
	return toJSString(k.String())
}

func (c *inspectCtx) getKey(o *goja.Object, key goja.Value) goja.Value {
	if s, ok := key.(*goja.Symbol); ok {
		return o.GetSymbol(s)
	}
	return o.Get(key.String())
}

func (c *inspectCtx) callGetter(getter, original *goja.Object, label string, recurseTimes int) (str string) {
	s, sp := c.stylize, "special"
	fn, _ := goja.AssertFunction(getter)
	tmp, err := fn(original)
	if err != nil {
		msg := ""
		if ex, ok := err.(*goja.Exception); ok {
			if o, ok := ex.Value().(*goja.Object); ok {
				if m := o.Get("message"); m != nil {
					msg = m.String()
				} else {
					msg = "undefined"
				}
			} else {
				msg = "undefined"
			}
		} else {
			panic(err)
		}
		return s("["+label+":", sp) + " <Inspection threw (" + msg + ")>" + s("]", sp)
	}
	c.indentationLvl += 2
	defer func() { c.indentationLvl -= 2 }()
	switch {
	case goja.IsNull(tmp):
		return s("["+label+":", sp) + " " + s("null", "null") + s("]", sp)
	case isObject(tmp):
		return s("["+label+"]", sp) + " " + c.formatValue(tmp, recurseTimes, false)
	}
	return s("["+label+":", sp) + " " + c.formatPrimitive(s, tmp) + s("]", sp)
}

func keyStrRegExp(k string) bool {
	if k == "" || (k[0] >= '0' && k[0] <= '9') {
		return false
	}
	for i := 0; i < len(k); i++ {
		b := k[i]
		if !(b == '_' || b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' || b >= '0' && b <= '9') {
			return false
		}
	}
	return true
}

func isSymbol(v goja.Value) bool { _, ok := v.(*goja.Symbol); return ok }

// symbolString is Symbol.prototype.toString.
func symbolString(s *goja.Symbol) string {
	return "Symbol(" + s.String() + ")"
}

// ---- reduceToSingleString ----

func (c *inspectCtx) isBelowBreakLength(output []string, start int, base string) bool {
	total := float64(len(output) + start)
	if total+float64(len(output)) > c.breakLength {
		return false
	}
	for _, s := range output {
		if c.colors {
			s = removeColors(s)
		}
		total += float64(jsLen(s))
		if total > c.breakLength {
			return false
		}
	}
	return base == "" || !strings.Contains(base, "\n")
}

func (c *inspectCtx) reduceToSingleString(output []string, base string, braces [2]string, extrasType, recurseTimes int, value *goja.Object) string {
	if !c.compactTrue {
		if c.compact >= 1 {
			entries := len(output)
			if extrasType == kArrayExtrasType && entries > 6 {
				output = c.groupArrayElements(output, value)
			}
			if float64(c.currentDepth-recurseTimes) < c.compact && entries == len(output) {
				start := len(output) + c.indentationLvl + jsLen(braces[0]) + jsLen(base) + 10
				if c.isBelowBreakLength(output, start, base) {
					joined := strings.Join(output, ", ")
					if !strings.Contains(joined, "\n") {
						b := ""
						if base != "" {
							b = base + " "
						}
						return b + braces[0] + " " + joined + " " + braces[1]
					}
				}
			}
		}
		indentation := "\n" + strings.Repeat(" ", c.indentationLvl)
		b := ""
		if base != "" {
			b = base + " "
		}
		return b + braces[0] + indentation + "  " + strings.Join(output, ","+indentation+"  ") + indentation + braces[1]
	}
	if c.isBelowBreakLength(output, 0, base) {
		b := ""
		if base != "" {
			b = " " + base
		}
		return braces[0] + b + " " + strings.Join(output, ", ") + " " + braces[1]
	}
	indentation := strings.Repeat(" ", c.indentationLvl)
	ln := " "
	if base != "" || jsLen(braces[0]) != 1 {
		ln = "\n" + indentation + "  "
		if base != "" {
			ln = " " + base + ln
		}
	}
	return braces[0] + ln + strings.Join(output, ",\n"+indentation+"  ") + " " + braces[1]
}

func (c *inspectCtx) groupArrayElements(output []string, value *goja.Object) []string {
	totalLength, maxLength := 0, 0
	outputLength := len(output)
	if c.maxArrayLength < float64(len(output)) {
		// The "... n more items" entry is not grouped.
		outputLength--
	}
	const separatorSpace = 2
	dataLen := make([]int, outputLength)
	for i := range outputLength {
		c.poll()
		l := getStringWidth(output[i], c.colors)
		dataLen[i] = l
		totalLength += l + separatorSpace
		maxLength = max(maxLength, l)
	}
	actualMax := maxLength + separatorSpace
	if float64(actualMax*3+c.indentationLvl) < c.breakLength &&
		(float64(totalLength)/float64(actualMax) > 5 || maxLength <= 6) {
		const approxCharHeights = 2.5
		averageBias := math.Sqrt(float64(actualMax) - float64(totalLength)/float64(len(output)))
		biasedMax := math.Max(float64(actualMax)-3-averageBias, 1)
		columns := math.Min(math.Min(
			math.Round(math.Sqrt(approxCharHeights*biasedMax*float64(outputLength))/biasedMax),
			math.Floor((c.breakLength-float64(c.indentationLvl))/float64(actualMax))),
			math.Min(c.compact*4, 15))
		if columns <= 1 || math.IsNaN(columns) {
			return output
		}
		cols := int(columns)
		var tmp []string
		maxLineLength := make([]int, 0, cols)
		for i := range cols {
			lineMax := 0
			for j := i; j < len(output); j += cols {
				if j < outputLength && dataLen[j] > lineMax {
					lineMax = dataLen[j]
				}
			}
			maxLineLength = append(maxLineLength, lineMax+separatorSpace)
		}
		padStart := true
		if value != nil {
			for i := range output {
				c.poll()
				v := value.Get(strconv.Itoa(i))
				if !isNumber(v) && !isBigInt(v) {
					padStart = false
					break
				}
			}
		}
		for i := 0; i < outputLength; i += cols {
			c.poll()
			maxI := min(i+cols, outputLength)
			var sb strings.Builder
			j := i
			for ; j < maxI-1; j++ {
				padding := maxLineLength[j-i] + jsLen(output[j]) - dataLen[j]
				sb.WriteString(padStr(output[j]+", ", padding, padStart))
			}
			if padStart {
				padding := maxLineLength[j-i] + jsLen(output[j]) - dataLen[j] - separatorSpace
				sb.WriteString(padStr(output[j], padding, true))
			} else {
				sb.WriteString(output[j])
			}
			tmp = append(tmp, sb.String())
		}
		if c.maxArrayLength < float64(len(output)) {
			tmp = append(tmp, output[outputLength])
		}
		output = tmp
	}
	return output
}

// padStr pads s with spaces to width (in JavaScript string length).
func padStr(s string, width int, start bool) string {
	n := width - jsLen(s)
	if n <= 0 {
		return s
	}
	if start {
		return strings.Repeat(" ", n) + s
	}
	return s + strings.Repeat(" ", n)
}

// jsLen is a string's length in JavaScript: UTF-16 code units.
func jsLen(s string) int {
	n := 0
	for i := 0; i < len(s); {
		b := s[i]
		if b < utf8.RuneSelf {
			n++
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r >= 0x10000 {
			n += 2
		} else {
			n++
		}
		i += size
	}
	return n
}

// getStringWidth is Node's for builds without ICU: full-width characters
// count two columns, zero-width ones none.
func getStringWidth(s string, removeControlChars bool) int {
	if removeControlChars {
		s = removeColors(s)
	}
	width := 0
	for _, r := range s {
		switch {
		case isFullWidthCodePoint(r):
			width += 2
		case !isZeroWidthCodePoint(r):
			width++
		}
	}
	return width
}

func isZeroWidthCodePoint(code rune) bool {
	return code <= 0x1F || (code >= 0x7F && code <= 0x9F) || (code >= 0x300 && code <= 0x36F) ||
		(code >= 0x200B && code <= 0x200F) || (code >= 0x20D0 && code <= 0x20FF) ||
		(code >= 0xFE00 && code <= 0xFE0F) || (code >= 0xFE20 && code <= 0xFE2F) ||
		(code >= 0xE0100 && code <= 0xE01EF)
}

func isFullWidthCodePoint(code rune) bool {
	return code >= 0x1100 && (code <= 0x115f || code == 0x2329 || code == 0x232a ||
		(code >= 0x2e80 && code <= 0x3247 && code != 0x303f) || (code >= 0x3250 && code <= 0x4dbf) ||
		(code >= 0x4e00 && code <= 0xa4c6) || (code >= 0xa960 && code <= 0xa97c) ||
		(code >= 0xac00 && code <= 0xd7a3) || (code >= 0xf900 && code <= 0xfaff) ||
		(code >= 0xfe10 && code <= 0xfe19) || (code >= 0xfe30 && code <= 0xfe6b) ||
		(code >= 0xff01 && code <= 0xff60) || (code >= 0xffe0 && code <= 0xffe6) ||
		(code >= 0x1b000 && code <= 0x1b001) || (code >= 0x1f200 && code <= 0x1f251) ||
		(code >= 0x1f300 && code <= 0x1f64f) || (code >= 0x20000 && code <= 0x3fffd))
}

// ---- primitives ----

func (c *inspectCtx) formatPrimitive(fn func(string, string) string, v goja.Value) string {
	switch {
	case v == nil || goja.IsUndefined(v):
		return fn("undefined", "undefined")
	case goja.IsNull(v):
		return fn("null", "null")
	}
	switch x := v.(type) {
	case *goja.Symbol:
		return fn(symbolString(x), "symbol")
	case goja.String:
		trailer := ""
		if float64(x.Length()) > c.maxStringLength {
			n := int(math.Max(0, c.maxStringLength))
			remaining := x.Length() - n
			x = x.Substring(0, n)
			trailer = "... " + strconv.Itoa(remaining) + " more character"
			if remaining > 1 {
				trailer += "s"
			}
		}
		if !c.compactTrue && x.Length() > kMinLineLength && float64(x.Length()) > c.breakLength-float64(c.indentationLvl)-4 {
			var parts []string
			for _, line := range splitAfterNewline(x) {
				parts = append(parts, fn(strEscape(line), "string"))
			}
			return strings.Join(parts, " +\n"+strings.Repeat(" ", c.indentationLvl+2)) + trailer
		}
		return fn(strEscape(x), "string") + trailer
	}
	switch {
	case isBigInt(v):
		return c.formatBigInt(fn, v, c.numericSeparator)
	case isNumber(v):
		return c.formatNumber(fn, v, c.numericSeparator)
	}
	return fn(v.String(), "boolean")
}

func splitAfterNewline(s goja.String) []goja.String {
	var out []goja.String
	start := 0
	for i := 0; i < s.Length(); i++ {
		if s.CharAt(i) == '\n' && i+1 < s.Length() {
			out = append(out, s.Substring(start, i+1))
			start = i + 1
		}
	}
	return append(out, s.Substring(start, s.Length()))
}

func isNumber(v goja.Value) bool {
	if v == nil || isObject(v) {
		return false
	}
	switch v.Export().(type) {
	case int64, float64:
		return true
	}
	return false
}

// numberString is Number.prototype.toString, but "-0" for -0.
func (c *inspectCtx) numberString(v goja.Value) string {
	if f, ok := v.Export().(float64); ok && f == 0 && math.Signbit(f) {
		return "-0"
	}
	return v.String()
}

func (c *inspectCtx) formatNumber(fn func(string, string) string, v goja.Value, numericSeparator bool) string {
	s := c.numberString(v)
	if !numericSeparator {
		return fn(s, "number")
	}
	f := v.ToFloat()
	if f == math.Trunc(f) {
		if math.IsInf(f, 0) || strings.Contains(s, "e") {
			return fn(s, "number")
		}
		return fn(addNumericSeparator(s), "number")
	}
	if math.IsNaN(f) {
		return fn(s, "number")
	}
	i := strings.IndexByte(s, '.')
	if i < 0 {
		return fn(s, "number")
	}
	return fn(addNumericSeparator(s[:i])+"."+addNumericSeparatorEnd(s[i+1:]), "number")
}

func (c *inspectCtx) formatBigInt(fn func(string, string) string, v goja.Value, numericSeparator bool) string {
	s := v.String()
	if numericSeparator {
		s = addNumericSeparator(s)
	}
	return fn(s+"n", "bigint")
}

func addNumericSeparator(s string) string {
	result := ""
	i := len(s)
	start := 0
	if strings.HasPrefix(s, "-") {
		start = 1
	}
	for ; i >= start+4; i -= 3 {
		result = "_" + s[i-3:i] + result
	}
	if i == len(s) {
		return s
	}
	return s[:i] + result
}

func addNumericSeparatorEnd(s string) string {
	result := ""
	i := 0
	for ; i < len(s)-3; i += 3 {
		result += s[i:i+3] + "_"
	}
	if i == 0 {
		return s
	}
	return result + s[i:]
}

// meta is Node's table of escapes for the characters below 0xA0.
var meta = func() [0xa0]string {
	var m [0xa0]string
	for i := range m {
		switch {
		case i < 0x20 || i >= 0x7f:
			m[i] = `\x` + strings.ToUpper(strconv.FormatInt(int64(i)+0x100, 16)[1:])
		}
	}
	m['\b'], m['\t'], m['\n'], m['\f'], m['\r'] = `\b`, `\t`, `\n`, `\f`, `\r`
	m['\''], m['\\'] = `\'`, `\\`
	return m
}()

// strEscape quotes a string as Node does: single quotes, or double quotes
// or backticks when that spares escaping single quotes; control
// characters, the quote, backslashes and lone surrogates escaped.
func strEscape(s goja.String) string {
	n := s.Length()
	hasSingle, hasDouble, hasBacktick, hasInterp := false, false, false, false
	for i := range n {
		switch s.CharAt(i) {
		case '\'':
			hasSingle = true
		case '"':
			hasDouble = true
		case '`':
			hasBacktick = true
		case '$':
			if i+1 < n && s.CharAt(i+1) == '{' {
				hasInterp = true
			}
		}
	}
	quote := '\''
	if hasSingle {
		if !hasDouble {
			quote = '"'
		} else if !hasBacktick && !hasInterp {
			quote = '`'
		}
	}
	var b strings.Builder
	b.WriteRune(quote)
	escapeUnits(&b, s, quote == '\'')
	b.WriteRune(quote)
	return b.String()
}

// escapeAll escapes a key as Node's strEscapeSequencesReplacer does,
// single quotes included, without quoting it.
func escapeAll(s goja.String) string {
	var b strings.Builder
	escapeUnits(&b, s, true)
	return b.String()
}

func escapeUnits(b *strings.Builder, s goja.String, single bool) {
	n := s.Length()
	for i := 0; i < n; i++ {
		u := s.CharAt(i)
		switch {
		case u == '\'' && single, u == '\\', u < 0x20, u >= 0x7f && u < 0xa0:
			b.WriteString(meta[u])
		case u >= 0xd800 && u <= 0xdbff && i+1 < n && s.CharAt(i+1) >= 0xdc00 && s.CharAt(i+1) <= 0xdfff:
			b.WriteRune(utf16.DecodeRune(rune(u), rune(s.CharAt(i+1))))
			i++
		case u >= 0xd800 && u <= 0xdfff:
			b.WriteString(`\u` + strconv.FormatInt(int64(u), 16))
		default:
			b.WriteRune(rune(u))
		}
	}
}

// quoteJS quotes a Go string the way util.inspect does.
func quoteJS(s string) string {
	return strEscape(toJSString(s))
}

func toJSString(s string) goja.String { return goja.StringFromUTF16(utf16.Encode([]rune(s))) }

// ---- util.format ----

// format is util.format.
func (js *jsState) format(args []goja.Value) string {
	return js.formatWithOptions(nil, args)
}

func (js *jsState) formatWithOptions(userOpts *goja.Object, args []goja.Value) string {
	opts := func() inspectOptions {
		o := js.inspectDefaults()
		if userOpts != nil {
			o.apply(userOpts)
		}
		return o
	}
	inspect := func(v goja.Value, o inspectOptions) string { return js.newInspectCtx(o).formatValue(v, 0, false) }
	if len(args) == 0 {
		return ""
	}
	first := args[0]
	a := 0
	var str strings.Builder
	join := ""
	if isPrimitiveString(first) {
		if len(args) == 1 {
			return first.String()
		}
		f := first.String()
		lastPos := 0
		for i := 0; i < len(f)-1; i++ {
			if f[i] != '%' {
				continue
			}
			i++
			next := f[i]
			if a+1 != len(args) {
				var tempStr string
				switch next {
				case 's':
					a++
					arg := args[a]
					switch {
					case isNumber(arg):
						tempStr = js.newInspectCtx(opts()).formatNumber(stylizeNoColor, arg, opts().numericSeparator)
					case isBigInt(arg):
						tempStr = js.newInspectCtx(opts()).formatBigInt(stylizeNoColor, arg, opts().numericSeparator)
					case !isObject(arg) || isCallable(arg) || !js.hasBuiltInToString(arg.(*goja.Object)):
						tempStr = jsString(arg)
					default:
						o := opts()
						o.compact, o.compactTrue, o.colors, o.depth, o.depthNull = 3, false, false, 0, false
						tempStr = inspect(arg, o)
					}
				case 'j':
					a++
					tempStr = js.tryStringify(args[a])
				case 'd':
					a++
					arg := args[a]
					switch {
					case isBigInt(arg):
						tempStr = js.newInspectCtx(opts()).formatBigInt(stylizeNoColor, arg, opts().numericSeparator)
					case isSymbol(arg):
						tempStr = "NaN"
					default:
						tempStr = js.newInspectCtx(opts()).formatNumber(stylizeNoColor, arg.ToNumber(), opts().numericSeparator)
					}
				case 'O':
					a++
					tempStr = inspect(args[a], opts())
				case 'o':
					a++
					o := opts()
					o.showHidden, o.showProxy, o.depth, o.depthNull = true, true, 4, false
					tempStr = inspect(args[a], o)
				case 'i':
					a++
					arg := args[a]
					switch {
					case isBigInt(arg):
						tempStr = js.newInspectCtx(opts()).formatBigInt(stylizeNoColor, arg, opts().numericSeparator)
					case isSymbol(arg):
						tempStr = "NaN"
					default:
						tempStr = js.newInspectCtx(opts()).formatNumber(stylizeNoColor, js.rt.ToValue(parseIntJS(jsString(arg))), opts().numericSeparator)
					}
				case 'f':
					a++
					arg := args[a]
					if isSymbol(arg) {
						tempStr = "NaN"
					} else {
						tempStr = js.newInspectCtx(opts()).formatNumber(stylizeNoColor, js.rt.ToValue(parseFloatJS(jsString(arg))), opts().numericSeparator)
					}
				case 'c':
					a++
					tempStr = ""
				case '%':
					str.WriteString(f[lastPos:i])
					lastPos = i + 1
					continue
				default:
					continue
				}
				if lastPos != i-1 {
					str.WriteString(f[lastPos : i-1])
				}
				str.WriteString(tempStr)
				lastPos = i + 1
			} else if next == '%' {
				str.WriteString(f[lastPos:i])
				lastPos = i + 1
			}
		}
		if lastPos != 0 {
			a++
			join = " "
			if lastPos < len(f) {
				str.WriteString(f[lastPos:])
			}
		}
	}
	for ; a < len(args); a++ {
		v := args[a]
		str.WriteString(join)
		if isPrimitiveString(v) {
			str.WriteString(v.String())
		} else {
			str.WriteString(inspect(v, opts()))
		}
		join = " "
	}
	return str.String()
}

// jsString is String(v).
func jsString(v goja.Value) string {
	if s, ok := v.(*goja.Symbol); ok {
		return symbolString(s)
	}
	return v.String()
}

// hasBuiltInToString is Node's: whether %s should inspect o rather than
// call its own toString.
func (js *jsState) hasBuiltInToString(value *goja.Object) bool {
	if value.InspectKind() == "Proxy" {
		p, _ := value.Export().(goja.Proxy)
		if p.Target() == nil {
			return true
		}
		value = p.Target()
	}
	toPrim := goja.SymToPrimitive
	_, hasToString := goja.AssertFunction(value.Get("toString"))
	_, hasToPrim := goja.AssertFunction(value.GetSymbol(toPrim))
	checkString, checkPrim := true, true
	switch {
	case !hasToString:
		if !hasToPrim {
			return true
		} else if hasOwn(value, toPrim) {
			return false
		}
		checkString = false
	case hasOwn(value, js.rt.ToValue("toString")):
		return false
	case !hasToPrim:
		checkPrim = false
	case hasOwn(value, toPrim):
		return false
	}
	pointer := value
	for {
		pointer = pointer.Prototype()
		if pointer == nil {
			return true
		}
		if (checkString && hasOwn(pointer, js.rt.ToValue("toString"))) || (checkPrim && hasOwn(pointer, toPrim)) {
			break
		}
	}
	d, ok := pointer.OwnPropertyInfo(js.rt.ToValue("constructor"))
	if !ok {
		return false
	}
	f, isFn := d.Value.(*goja.Object)
	return isFn && strings.HasSuffix(f.InspectKind(), "Function") && builtInObjects[funcName(f)]
}

// tryStringify is %j: JSON.stringify, "[Circular]" for a circular value.
func (js *jsState) tryStringify(v goja.Value) string {
	j, _ := js.rt.Get("JSON").(*goja.Object)
	var stringify goja.Callable
	if j != nil {
		stringify, _ = goja.AssertFunction(j.Get("stringify"))
	}
	if stringify == nil {
		return "undefined"
	}
	r, err := stringify(j, v)
	if err != nil {
		if ex, ok := err.(*goja.Exception); ok {
			if o, ok := ex.Value().(*goja.Object); ok {
				msg, _, _ := strings.Cut(o.Get("message").String(), "\n")
				if o.Get("name").String() == "TypeError" && strings.HasPrefix(msg, "Converting circular structure to JSON") {
					return "[Circular]"
				}
			}
		}
		panic(err)
	}
	if goja.IsUndefined(r) {
		return "undefined"
	}
	return r.String()
}

// parseIntJS is parseInt(s) with no radix.
func parseIntJS(s string) float64 {
	s = strings.TrimLeft(s, " \t\n\v\f\r\u00a0\ufeff\u2028\u2029\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000")
	sign := 1.0
	if s != "" && (s[0] == '-' || s[0] == '+') {
		if s[0] == '-' {
			sign = -1
		}
		s = s[1:]
	}
	base := 10
	if len(s) > 1 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X') {
		base, s = 16, s[2:]
	}
	end := 0
	for end < len(s) && digitVal(s[end]) < base {
		end++
	}
	if end == 0 {
		return math.NaN()
	}
	n, ok := new(big.Int).SetString(s[:end], base)
	if !ok {
		return math.NaN()
	}
	f, _ := new(big.Float).SetInt(n).Float64()
	return sign * f
}

func digitVal(b byte) int {
	switch {
	case b >= '0' && b <= '9':
		return int(b - '0')
	case b >= 'a' && b <= 'z':
		return int(b-'a') + 10
	case b >= 'A' && b <= 'Z':
		return int(b-'A') + 10
	}
	return 99
}

var floatPrefix = regexp.MustCompile(`^[+-]?(?:Infinity|(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)`)

// parseFloatJS is parseFloat(s).
func parseFloatJS(s string) float64 {
	s = strings.TrimLeft(s, " \t\n\v\f\r\u00a0\ufeff\u2028\u2029\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000")
	m := floatPrefix.FindString(s)
	switch strings.TrimLeft(m, "+-") {
	case "":
		return math.NaN()
	case "Infinity":
		if m[0] == '-' {
			return math.Inf(-1)
		}
		return math.Inf(1)
	}
	f, err := strconv.ParseFloat(m, 64)
	if err != nil {
		// Out of range: ParseFloat gives ±Inf or 0 as JavaScript does.
		return f
	}
	return f
}

func isCallable(v goja.Value) bool { _, ok := goja.AssertFunction(v); return ok }

func isObject(v goja.Value) bool { _, ok := v.(*goja.Object); return ok }

func isPrimitiveString(v goja.Value) bool {
	_, ok := v.(goja.String)
	return ok
}

func isBigInt(v goja.Value) bool {
	if isObject(v) || v == nil {
		return false
	}
	_, ok := v.Export().(*big.Int)
	return ok
}

var (
	typeMapExport   = reflect.TypeOf([][2]any(nil))
	typeSetExport   = reflect.TypeOf([]any(nil))
	typePromise     = reflect.TypeOf((*goja.Promise)(nil))
	typeArrayBuffer = reflect.TypeOf(goja.ArrayBuffer{})
)

// jsClass names an object's built-in kind. goja reports "Object" for Map,
// Set, typed arrays and promises; their export types tell them apart.
func jsClass(o *goja.Object) string {
	c := o.ClassName()
	if c != "Object" {
		return c
	}
	t := o.ExportType()
	switch {
	case t == nil:
		return c
	case t == typeMapExport:
		return "Map"
	case t == typeSetExport:
		return "Set"
	case t == typePromise:
		return "Promise"
	case t == typeArrayBuffer:
		return "ArrayBuffer"
	case t.Kind() == reflect.Slice:
		switch t.Elem().Kind() {
		case reflect.Uint8:
			return "Uint8Array"
		case reflect.Int8:
			return "Int8Array"
		case reflect.Int16:
			return "Int16Array"
		case reflect.Uint16:
			return "Uint16Array"
		case reflect.Int32:
			return "Int32Array"
		case reflect.Uint32:
			return "Uint32Array"
		case reflect.Float32:
			return "Float32Array"
		case reflect.Float64:
			return "Float64Array"
		case reflect.Int64:
			return "BigInt64Array"
		case reflect.Uint64:
			return "BigUint64Array"
		}
	}
	return c
}

func isTypedArray(class string) bool {
	switch class {
	case "Uint8Array", "Int8Array", "Uint8ClampedArray", "Int16Array", "Uint16Array",
		"Int32Array", "Uint32Array", "Float32Array", "Float64Array", "BigInt64Array", "BigUint64Array":
		return true
	}
	return false
}

func utf16Decode(u []uint16) []rune { return utf16.Decode(u) }

// ---- exports ----

// Bounds on what exportModule copies out of the guest.
const (
	exportMaxDepth = 32
	exportMaxNodes = 100000
)

type exporter struct {
	rt    *goja.Runtime
	nodes int
	bytes int64
	limit int64
	path  []*goja.Object
}

// exportModule converts module.exports to msgpack-able Go values: string,
// int64, float64, bool, nil, []any and map[string]any. Functions and
// symbols are dropped (null inside arrays), cycles become "[Circular]",
// and past the depth, node or byte bounds values are cut to "[Truncated]".
// A non-object export comes back as {"default": value}.
func exportModule(rt *goja.Runtime, v goja.Value, limit int64) map[string]any {
	if v == nil || goja.IsUndefined(v) || goja.IsNull(v) {
		return nil
	}
	e := &exporter{rt: rt, limit: limit}
	o, ok := v.(*goja.Object)
	if !ok || o.ClassName() != "Object" {
		x, keep := e.value(v, 0)
		if !keep {
			return nil
		}
		return map[string]any{"default": x}
	}
	m, _ := e.value(o, 0)
	mm, _ := m.(map[string]any)
	if len(mm) == 0 {
		return nil
	}
	return mm
}

func (e *exporter) value(v goja.Value, depth int) (any, bool) {
	e.nodes++
	if e.nodes > exportMaxNodes || e.bytes > e.limit {
		return "[Truncated]", true
	}
	switch {
	case v == nil || goja.IsUndefined(v):
		return nil, false
	case goja.IsNull(v):
		return nil, true
	}
	o, isObj := v.(*goja.Object)
	if !isObj {
		if _, isSym := v.(*goja.Symbol); isSym {
			return nil, false
		}
		switch x := v.Export().(type) {
		case string:
			e.bytes += int64(len(x))
			if e.bytes > e.limit {
				return "[Truncated]", true
			}
			return x, true
		case int64:
			return x, true
		case float64:
			if x == math.Trunc(x) && math.Abs(x) < 1<<53 && !(x == 0 && math.Signbit(x)) {
				return int64(x), true
			}
			return x, true
		case bool:
			return x, true
		case *big.Int:
			if x.IsInt64() {
				return x.Int64(), true
			}
			return x.String(), true
		}
		return v.String(), true
	}
	if depth >= exportMaxDepth {
		return "[Truncated]", true
	}
	for _, p := range e.path {
		if p == o {
			return "[Circular]", true
		}
	}
	e.path = append(e.path, o)
	defer func() { e.path = e.path[:len(e.path)-1] }()

	switch class := jsClass(o); {
	case class == "Function":
		return nil, false
	case class == "Date":
		if t, ok := o.Export().(time.Time); ok {
			return t.UTC().Format("2006-01-02T15:04:05.000Z"), true
		}
		return nil, true
	case class == "Error":
		return o.String(), true
	case class == "String" || class == "Number" || class == "Boolean":
		if vo, ok := goja.AssertFunction(o.Get("valueOf")); ok {
			if x, err := vo(o); err == nil && !isObject(x) {
				return e.value(x, depth)
			}
		}
		return nil, true
	case class == "Array" || isTypedArray(class):
		n := o.Get("length").ToInteger()
		out := make([]any, 0, min(n, 1024))
		for i := int64(0); i < n; i++ {
			if e.nodes > exportMaxNodes || e.bytes > e.limit {
				out = append(out, "[Truncated]")
				break
			}
			x, keep := e.value(o.Get(strconv.FormatInt(i, 10)), depth+1)
			if !keep {
				x = nil
			}
			out = append(out, x)
		}
		return out, true
	case class == "Map":
		m := map[string]any{}
		if forEach, ok := goja.AssertFunction(o.Get("forEach")); ok {
			cb := e.rt.ToValue(func(c goja.FunctionCall) goja.Value {
				if x, keep := e.value(c.Argument(0), depth+1); keep {
					m[c.Argument(1).String()] = x
				}
				return goja.Undefined()
			})
			if _, err := forEach(o, cb); err != nil {
				panic(err)
			}
		}
		return m, true
	}
	// Objects (and anything else) export their own enumerable properties, as
	// JSON.stringify would; toJSON is honoured for things like URL.
	if tj, ok := goja.AssertFunction(o.Get("toJSON")); ok {
		r, err := tj(o)
		if err != nil {
			panic(err)
		}
		if r != goja.Value(o) {
			return e.value(r, depth+1)
		}
	}
	keys := o.Keys()
	m := make(map[string]any, len(keys))
	for _, k := range keys {
		e.bytes += int64(len(k))
		x, keep := e.value(o.Get(k), depth+1)
		if keep {
			m[k] = x
		}
	}
	return m, true
}

// isBuffer reports whether o is a Buffer of this runtime (not merely an
// object whose constructor is named so).
func (js *jsState) isBuffer(o *goja.Object) bool {
	if js.bufCtor == nil {
		return false
	}
	bp, _ := js.bufCtor.Get("prototype").(*goja.Object)
	for p := o.Prototype(); p != nil && bp != nil; p = p.Prototype() {
		if p == bp {
			return true
		}
	}
	return false
}
