package guest

import (
	"math"
	"math/big"
	"reflect"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode/utf16"

	"github.com/dop251/goja"
)

// util.format and util.inspect, after Node's lib/internal/util/inspect.js:
// the same quoting, depth cut-off, single-line/multi-line choice and array
// grouping and [util.inspect.custom] methods, without colours or hidden
// properties.

type inspectOpts struct {
	depth int // levels below the top shown in full; <0 means unlimited
}

const (
	inspectBreak    = 80
	inspectMaxArray = 100
	inspectMaxStr   = 10000
	inspectMaxOut   = 1 << 20 // stop building past this; output caps apply anyway
	// inspectMaxLevel bounds the recursion into nested values whatever the
	// depth asked for (depth: Infinity included): the inspector recurses on
	// the Go stack, where an overflow kills the process, and each level
	// copies the text of those below it. Past it a value prints as Node
	// prints one whose inspection overflowed V8's stack. 200 levels of
	// nested arrays make some 80 KB of text in 0.1 s.
	inspectMaxLevel = 200
)

type inspector struct {
	js      *jsState
	opts    inspectOpts
	seen    []*goja.Object
	indent  int
	curDep  int
	circ    map[*goja.Object]int
	written int
}

func (js *jsState) inspect(v goja.Value, o inspectOpts) string {
	in := &inspector{js: js, opts: o}
	return in.value(v, 0, true)
}

// format is util.format.
func (js *jsState) format(args []goja.Value) string {
	if len(args) == 0 {
		return ""
	}
	var b strings.Builder
	rest := args
	if s, ok := args[0].Export().(string); ok && isPrimitiveString(args[0]) {
		rest = args[1:]
		ai := 0
		for i := 0; i < len(s); i++ {
			c := s[i]
			if c != '%' || i+1 >= len(s) {
				b.WriteByte(c)
				continue
			}
			verb := s[i+1]
			if verb == '%' {
				b.WriteByte('%')
				i++
				continue
			}
			if ai >= len(rest) || !strings.ContainsRune("sdifjoOc", rune(verb)) {
				b.WriteByte(c)
				continue
			}
			a := rest[ai]
			ai++
			i++
			switch verb {
			case 's':
				switch {
				case isBigInt(a):
					b.WriteString(a.String() + "n")
				case isObject(a):
					b.WriteString(js.inspect(a, inspectOpts{depth: 1}))
				default:
					b.WriteString(primitiveString(a))
				}
			case 'd', 'i':
				switch {
				case isBigInt(a):
					b.WriteString(a.String() + "n")
				case isObject(a) && !isBoxedNumber(a):
					b.WriteString("NaN")
				default:
					f := a.ToFloat()
					if verb == 'i' {
						f = math.Trunc(f)
					}
					b.WriteString(numberString(f))
				}
			case 'f':
				b.WriteString(numberString(a.ToFloat()))
			case 'j':
				b.WriteString(js.jsonString(a))
			case 'o':
				b.WriteString(js.inspect(a, inspectOpts{depth: 4}))
			case 'O':
				b.WriteString(js.inspect(a, inspectOpts{depth: 2}))
			case 'c':
			}
		}
		rest = rest[ai:]
		for _, a := range rest {
			b.WriteByte(' ')
			js.formatArg(&b, a)
		}
		return b.String()
	}
	for i, a := range rest {
		if i > 0 {
			b.WriteByte(' ')
		}
		js.formatArg(&b, a)
	}
	return b.String()
}

func (js *jsState) formatArg(b *strings.Builder, a goja.Value) {
	if isPrimitiveString(a) {
		b.WriteString(a.String())
		return
	}
	b.WriteString(js.inspect(a, inspectOpts{depth: 2}))
}

func (js *jsState) jsonString(v goja.Value) (s string) {
	defer func() {
		if r := recover(); r != nil {
			s = "[Circular]"
		}
	}()
	j, ok := js.rt.Get("JSON").(*goja.Object)
	if !ok {
		return "undefined"
	}
	f, ok := goja.AssertFunction(j.Get("stringify"))
	if !ok {
		return "undefined"
	}
	r, err := f(j, v)
	if err != nil {
		if _, isEx := err.(*goja.Exception); isEx {
			return "[Circular]"
		}
		panic(err)
	}
	if goja.IsUndefined(r) {
		return "undefined"
	}
	return r.String()
}

func isObject(v goja.Value) bool { _, ok := v.(*goja.Object); return ok }

func isPrimitiveString(v goja.Value) bool {
	if isObject(v) || v == nil {
		return false
	}
	_, ok := v.Export().(string)
	return ok
}

func isBigInt(v goja.Value) bool {
	if isObject(v) || v == nil {
		return false
	}
	_, ok := v.Export().(*big.Int)
	return ok
}

func isBoxedNumber(v goja.Value) bool {
	o, ok := v.(*goja.Object)
	return ok && o.ClassName() == "Number"
}

func primitiveString(v goja.Value) string {
	if f, ok := v.Export().(float64); ok {
		return numberString(f)
	}
	if i, ok := v.Export().(int64); ok && i == 0 {
		return "0"
	}
	return v.String()
}

// numberString formats f as JavaScript's Number#toString does, except that
// -0 shows as "-0" as util.inspect shows it.
func numberString(f float64) string {
	switch {
	case math.IsNaN(f):
		return "NaN"
	case math.IsInf(f, 1):
		return "Infinity"
	case math.IsInf(f, -1):
		return "-Infinity"
	case f == 0:
		if math.Signbit(f) {
			return "-0"
		}
		return "0"
	}
	if a := math.Abs(f); a >= 1e21 || a < 1e-6 {
		s := strconv.FormatFloat(f, 'e', -1, 64)
		mant, exp, _ := strings.Cut(s, "e")
		sign := exp[:1]
		exp = strings.TrimLeft(exp[1:], "0")
		return mant + "e" + sign + exp
	}
	return strconv.FormatFloat(f, 'f', -1, 64)
}

func (in *inspector) value(v goja.Value, level int, top bool) string {
	if in.written > inspectMaxOut {
		return "..."
	}
	s := in.valueInner(v, level, top)
	in.written += len(s)
	return s
}

func (in *inspector) valueInner(v goja.Value, level int, top bool) string {
	switch {
	case v == nil || goja.IsUndefined(v):
		return "undefined"
	case goja.IsNull(v):
		return "null"
	}
	o, ok := v.(*goja.Object)
	if !ok {
		if sym, ok := v.(*goja.Symbol); ok {
			return "Symbol(" + sym.String() + ")"
		}
		switch x := v.Export().(type) {
		case string:
			if len(x) > inspectMaxStr {
				return quoteJS(x[:inspectMaxStr]) + "... " + strconv.Itoa(len(x)-inspectMaxStr) + " more characters"
			}
			return quoteJS(x)
		case *big.Int:
			return x.String() + "n"
		case float64:
			return numberString(x)
		}
		return v.String()
	}
	return in.object(o, level)
}

var identRE = regexp.MustCompile(`^[A-Za-z_$][A-Za-z0-9_$]*$`)

func quoteKey(k string) string {
	if identRE.MatchString(k) {
		return k
	}
	return quoteJS(k)
}

// quoteJS quotes a string the way util.inspect does.
func quoteJS(s string) string {
	q := byte('\'')
	if strings.IndexByte(s, '\'') >= 0 {
		if strings.IndexByte(s, '"') < 0 {
			q = '"'
		} else if strings.IndexByte(s, '`') < 0 && !strings.Contains(s, "${") {
			q = '`'
		}
	}
	var b strings.Builder
	b.WriteByte(q)
	for _, r := range s {
		switch {
		case r == rune(q):
			b.WriteByte('\\')
			b.WriteRune(r)
		case r == '\\':
			b.WriteString(`\\`)
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\t':
			b.WriteString(`\t`)
		case r == '\r':
			b.WriteString(`\r`)
		case r == '\b':
			b.WriteString(`\b`)
		case r == '\f':
			b.WriteString(`\f`)
		case r == '\v':
			b.WriteString(`\v`)
		case r < 0x20 || r == 0x7f:
			b.WriteString(`\x` + strconv.FormatInt(int64(r)+0x100, 16)[1:])
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte(q)
	return b.String()
}

// ctorName is Node's getConstructorName: the name of the first
// constructor up the prototype chain that is a named function o is an
// instance of (Node reads own data properties only; goja's API has Get).
// The bool is false for an object without a prototype.
func (in *inspector) ctorName(o *goja.Object) (string, bool) {
	if o.Prototype() == nil {
		return "", false
	}
	for p, steps := o.Prototype(), 0; p != nil && steps < 1000; p, steps = p.Prototype(), steps+1 {
		c, ok := p.Get("constructor").(*goja.Object)
		if !ok {
			continue
		}
		n := c.Get("name")
		if n == nil || !isPrimitiveString(n) || n.String() == "" {
			continue
		}
		if cp, ok := c.Get("prototype").(*goja.Object); ok && protoChainHas(o, cp) {
			return n.String(), true
		}
	}
	return "", true
}

func protoChainHas(o, proto *goja.Object) bool {
	for p, steps := o.Prototype(), 0; p != nil && steps < 1000; p, steps = p.Prototype(), steps+1 {
		if p == proto {
			return true
		}
	}
	return false
}

// inspectEmpty: o has no own enumerable keys and, for an array, map or
// set, no elements.
func inspectEmpty(o *goja.Object, class string) bool {
	if len(o.Keys()) > 0 {
		return false
	}
	switch {
	case class == "Array" || isTypedArray(class):
		return o.Get("length").ToInteger() == 0
	case class == "Map" || class == "Set":
		return o.Get("size").ToInteger() == 0
	}
	return true
}

// custom calls o's [util.inspect.custom](depth, options, inspect) as
// Node's formatValue does: a string it returns is the output (indented to
// where it lands), another value is inspected in its place, and o itself
// means "inspect me as usual".
func (in *inspector) custom(o *goja.Object, level int) (string, bool) {
	js := in.js
	rt := js.rt
	if js.inspectCustom == nil {
		v, err := rt.RunString("Symbol.for('nodejs.util.inspect.custom')")
		if err != nil {
			return "", false
		}
		js.inspectCustom, _ = v.(*goja.Symbol)
	}
	fn, ok := goja.AssertFunction(o.GetSymbol(js.inspectCustom))
	if !ok {
		return "", false
	}
	if c, ok := o.Get("constructor").(*goja.Object); ok && c.Get("prototype") == o {
		return "", false // a prototype prints as itself
	}
	util, _ := js.builtin("util").(*goja.Object)
	if util == nil {
		return "", false
	}
	var depth goja.Value = goja.Null()
	if in.opts.depth >= 0 {
		depth = rt.ToValue(in.opts.depth - level)
	}
	opts := rt.NewObject()
	opts.Set("depth", depth)
	opts.Set("breakLength", inspectBreak)
	opts.Set("colors", false)
	opts.Set("showHidden", false)
	opts.Set("customInspect", true)
	opts.Set("stylize", func(c goja.FunctionCall) goja.Value { return c.Argument(0) })
	ret, err := fn(o, depth, opts, util.Get("inspect"))
	if err != nil {
		panic(err)
	}
	if ret == o {
		return "", false
	}
	if isPrimitiveString(ret) {
		return strings.ReplaceAll(ret.String(), "\n", "\n"+strings.Repeat(" ", in.indent)), true
	}
	return in.value(ret, level, false), true
}

func (in *inspector) object(o *goja.Object, level int) string {
	for _, s := range in.seen {
		if s == o {
			if in.circ == nil {
				in.circ = map[*goja.Object]int{}
			}
			if _, ok := in.circ[o]; !ok {
				in.circ[o] = len(in.circ) + 1
			}
			return "[Circular *" + strconv.Itoa(in.circ[o]) + "]"
		}
	}
	if s, ok := in.custom(o, level); ok {
		return s
	}
	class := jsClass(o)
	ctor, hasProto := in.ctorName(o)
	if class == "Uint8Array" && in.js.isBuffer(o) {
		ctor = "Buffer"
	}
	if level > inspectMaxLevel {
		name := ctor
		if name == "" {
			name = "Object"
		}
		return "[" + name + ": Inspection interrupted prematurely. Maximum call stack size exceeded.]"
	}

	switch class {
	case "Function":
		return in.function(o, ctor)
	case "Error":
		if s := safeStack(o); s != "" {
			if level > 0 {
				return "[" + strings.SplitN(s, "\n", 2)[0] + "]"
			}
			return s
		}
		return "[" + o.String() + "]"
	case "RegExp":
		return o.String()
	case "Date":
		if t, ok := o.Export().(time.Time); ok {
			return t.UTC().Format("2006-01-02T15:04:05.000Z")
		}
		return "Invalid Date"
	case "Symbol":
		return "[Symbol: " + o.String() + "]"
	case "String":
		return "[String: " + quoteJS(o.String()) + "]"
	case "Number":
		return "[Number: " + numberString(o.ToFloat()) + "]"
	case "Boolean":
		return "[Boolean: " + o.String() + "]"
	case "Promise":
		if p, ok := o.Export().(*goja.Promise); ok {
			switch p.State() {
			case goja.PromiseStatePending:
				return "Promise { <pending> }"
			case goja.PromiseStateRejected:
				return "Promise { <rejected> " + in.value(p.Result(), level+1, false) + " }"
			default:
				return "Promise { " + in.value(p.Result(), level+1, false) + " }"
			}
		}
	}

	// Past the depth an empty object still prints whole, as in Node
	// (formatRaw returns "{}", "[]", "Map(0) {}" before it looks at depth).
	if in.opts.depth >= 0 && level > in.opts.depth && !inspectEmpty(o, class) {
		switch {
		case class == "Array":
			return "[Array]"
		case ctor == "" && !hasProto:
			return "[Object: null prototype]"
		case ctor == "":
			return "[Object]"
		}
		return "[" + ctor + "]"
	}

	in.seen = append(in.seen, o)
	defer func() { in.seen = in.seen[:len(in.seen)-1] }()
	// Node returns an empty object's braces before it records the depth
	// that decides whether the objects around fit on one line.
	if !inspectEmpty(o, class) {
		in.curDep = level
	}

	var out []string
	var braces [2]string
	prefix := ""
	isArray := false
	grouped := false
	var numeric bool

	switch {
	case class == "Array":
		isArray = true
		braces = [2]string{"[", "]"}
		if ctor != "Array" {
			prefix = ctor + "(" + strconv.FormatInt(o.Get("length").ToInteger(), 10) + ") "
		}
		out, numeric = in.arrayItems(o, level)
	case isTypedArray(class):
		isArray = true
		length := o.Get("length").ToInteger()
		if ctor == "Buffer" {
			b := in.js.bufferSource(o)
			var sb strings.Builder
			sb.WriteString("<Buffer")
			for i, x := range b {
				if i >= 50 {
					sb.WriteString(" ... " + strconv.Itoa(len(b)-50) + " more bytes")
					break
				}
				sb.WriteString(" " + strconv.FormatInt(int64(x)+0x100, 16)[1:])
			}
			return sb.String() + ">"
		}
		if ctor == "" || in.js.isBuffer(o) {
			ctor = class
		}
		prefix = ctor + "(" + strconv.FormatInt(length, 10) + ") "
		braces = [2]string{"[", "]"}
		out, numeric = in.arrayItems(o, level)
	case class == "ArrayBuffer":
		b := in.js.bufferSource(o)
		var sb strings.Builder
		sb.WriteString("<")
		for i, x := range b {
			if i >= 50 {
				sb.WriteString(" ... " + strconv.Itoa(len(b)-50) + " more bytes")
				break
			}
			if i > 0 {
				sb.WriteByte(' ')
			}
			sb.WriteString(strconv.FormatInt(int64(x)+0x100, 16)[1:])
		}
		sb.WriteString(">")
		return "ArrayBuffer { [Uint8Contents]: " + sb.String() + ", byteLength: " + strconv.Itoa(len(b)) + " }"
	case class == "Map" || class == "Set":
		size := o.Get("size").ToInteger()
		if ctor == "" {
			ctor = class
		}
		prefix = ctor + "(" + strconv.FormatInt(size, 10) + ") "
		braces = [2]string{"{", "}"}
		out = in.collection(o, class == "Map", level)
	default:
		braces = [2]string{"{", "}"}
		switch {
		case !hasProto:
			prefix = "[Object: null prototype] "
		case ctor != "Object" && ctor != "":
			prefix = ctor + " "
		}
	}
	for _, k := range o.Keys() {
		if isArray {
			if _, err := strconv.ParseUint(k, 10, 32); err == nil {
				continue
			}
		}
		in.indent += 2
		val := in.value(o.Get(k), level+1, false)
		in.indent -= 2
		out = append(out, quoteKey(k)+": "+val)
	}
	if len(out) == 0 {
		if isArray || class == "Array" {
			return prefix + "[]"
		}
		return prefix + "{}"
	}
	entries := len(out)
	if isArray && entries > 6 {
		out = groupArrayElements(out, in.indent, numeric, len(out) > inspectMaxArray)
		grouped = len(out) != entries
	}
	if !grouped && in.curDep-level < 3 {
		start := len(out) + in.indent + len(braces[0]) + len(prefix) + 10
		if belowBreak(out, start) {
			j := strings.Join(out, ", ")
			if !strings.Contains(j, "\n") {
				return prefix + braces[0] + " " + j + " " + braces[1]
			}
		}
	}
	ind := "\n" + strings.Repeat(" ", in.indent)
	return prefix + braces[0] + ind + "  " + strings.Join(out, ","+ind+"  ") + ind + braces[1]
}

func belowBreak(out []string, start int) bool {
	total := len(out) + start
	if total+len(out) > inspectBreak {
		return false
	}
	for _, s := range out {
		total += len(s)
		if total > inspectBreak {
			return false
		}
	}
	return true
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

func (in *inspector) arrayItems(o *goja.Object, level int) ([]string, bool) {
	n := o.Get("length").ToInteger()
	shown := n
	if shown > inspectMaxArray {
		shown = inspectMaxArray
	}
	out := make([]string, 0, shown+1)
	numeric := true
	in.indent += 2
	for i := int64(0); i < shown; i++ {
		v := o.Get(strconv.FormatInt(i, 10))
		if v == nil {
			v = goja.Undefined()
		}
		if isObject(v) || isPrimitiveString(v) || goja.IsUndefined(v) || goja.IsNull(v) {
			numeric = false
		} else if _, isBool := v.Export().(bool); isBool {
			numeric = false
		}
		out = append(out, in.value(v, level+1, false))
	}
	in.indent -= 2
	if n > shown {
		more := n - shown
		s := "s"
		if more == 1 {
			s = ""
		}
		out = append(out, "... "+strconv.FormatInt(more, 10)+" more item"+s)
	}
	return out, numeric
}

func (in *inspector) collection(o *goja.Object, isMap bool, level int) []string {
	var out []string
	forEach, ok := goja.AssertFunction(o.Get("forEach"))
	if !ok {
		return nil
	}
	count := 0
	in.indent += 2
	cb := in.js.rt.ToValue(func(c goja.FunctionCall) goja.Value {
		count++
		if count > inspectMaxArray {
			return goja.Undefined()
		}
		if isMap {
			out = append(out, in.value(c.Argument(1), level+1, false)+" => "+in.value(c.Argument(0), level+1, false))
		} else {
			out = append(out, in.value(c.Argument(0), level+1, false))
		}
		return goja.Undefined()
	})
	if _, err := forEach(o, cb); err != nil {
		panic(err)
	}
	in.indent -= 2
	if count > inspectMaxArray {
		out = append(out, "... "+strconv.Itoa(count-inspectMaxArray)+" more items")
	}
	return out
}

func (in *inspector) function(o *goja.Object, ctor string) string {
	name := ""
	if n := o.Get("name"); n != nil && isPrimitiveString(n) {
		name = n.String()
	}
	src := ""
	if ts, ok := goja.AssertFunction(o.Get("toString")); ok {
		if v, err := ts(o); err == nil {
			src = v.String()
		}
	}
	if strings.HasPrefix(src, "class") && len(src) > 5 && (src[5] == ' ' || src[5] == '{') {
		if name == "" {
			return "[class (anonymous)]"
		}
		return "[class " + name + "]"
	}
	kind := "Function"
	switch ctor {
	case "AsyncFunction", "GeneratorFunction", "AsyncGeneratorFunction":
		kind = ctor
	}
	if name == "" {
		return "[" + kind + " (anonymous)]"
	}
	return "[" + kind + ": " + name + "]"
}

// groupArrayElements is Node's: short entries of long arrays go in columns.
func groupArrayElements(out []string, indent int, numeric, hasMore bool) []string {
	totalLength, maxLength := 0, 0
	outputLength := len(out)
	if hasMore {
		outputLength--
	}
	const sep = 2
	dataLen := make([]int, outputLength)
	for i := 0; i < outputLength; i++ {
		l := len(out[i])
		dataLen[i] = l
		totalLength += l + sep
		if maxLength < l {
			maxLength = l
		}
	}
	actualMax := maxLength + sep
	if actualMax*3+indent < inspectBreak && (float64(totalLength)/float64(actualMax) > 5 || maxLength <= 6) {
		averageBias := math.Sqrt(float64(actualMax) - float64(totalLength)/float64(len(out)))
		biasedMax := math.Max(float64(actualMax)-3-averageBias, 1)
		columns := min(
			int(math.Round(math.Sqrt(2.5*biasedMax*float64(outputLength))/biasedMax)),
			(inspectBreak-indent)/actualMax,
			3*4,
			15,
		)
		if columns <= 1 {
			return out
		}
		var maxLine []int
		for i := 0; i < columns; i++ {
			lineLength := 0
			for j := i; j < len(out); j += columns {
				if j < outputLength && dataLen[j] > lineLength {
					lineLength = dataLen[j]
				}
			}
			maxLine = append(maxLine, lineLength+sep)
		}
		var tmp []string
		for i := 0; i < outputLength; i += columns {
			end := min(i+columns, outputLength)
			var b strings.Builder
			j := i
			for ; j < end-1; j++ {
				cell := out[j] + ", "
				b.WriteString(pad(cell, maxLine[j-i], numeric))
			}
			if numeric {
				b.WriteString(pad(out[j], maxLine[j-i]-sep, true))
			} else {
				b.WriteString(out[j])
			}
			tmp = append(tmp, b.String())
		}
		if hasMore {
			tmp = append(tmp, out[outputLength])
		}
		return tmp
	}
	return out
}

func pad(s string, width int, left bool) string {
	if len(s) >= width {
		return s
	}
	if left {
		return strings.Repeat(" ", width-len(s)) + s
	}
	return s + strings.Repeat(" ", width-len(s))
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
