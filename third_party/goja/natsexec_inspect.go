package goja

import "math"

// natsexec patch: what guest/'s util.inspect needs to see of an object
// without running guest code, as Node's inspect reads V8's internal slots
// (internalBinding('util') and util.types): which built-in an object is,
// its own property descriptors, a boxed primitive's value and the entries
// left in a Map or Set iterator. Nothing here calls a getter, a proxy trap
// or a method a guest could replace.

// PropertyInfo is an own property as Object.getOwnPropertyDescriptor
// describes it.
type PropertyInfo struct {
	Value      Value // nil for an accessor
	Getter     *Object
	Setter     *Object
	Accessor   bool
	Enumerable bool
}

// OwnPropertyInfo returns o's own property key (a string, a number or a
// *Symbol). On a proxy it runs the getOwnPropertyDescriptor trap, as
// Object.getOwnPropertyDescriptor would.
func (o *Object) OwnPropertyInfo(key Value) (PropertyInfo, bool) {
	p := o.getOwnProp(toPropertyKey(key))
	if p == nil {
		return PropertyInfo{}, false
	}
	if v, ok := p.(*valueProperty); ok {
		if v.accessor {
			return PropertyInfo{Getter: v.getterFunc, Setter: v.setterFunc, Accessor: true, Enumerable: v.enumerable}, true
		}
		val := v.value
		if val == nil {
			// A mapped arguments entry or a Go-backed field keeps its value
			// elsewhere.
			val = o.get(toPropertyKey(key), o)
		}
		return PropertyInfo{Value: nilSafe(val), Enumerable: v.enumerable}, true
	}
	return PropertyInfo{Value: p, Enumerable: true}, true
}

// OwnKeys returns o's own property keys in Reflect.ownKeys order, strings
// (as String values) before symbols; only the enumerable ones unless all.
func (o *Object) OwnKeys(all bool) []Value {
	return o.self.keys(all, nil)
}

// InspectKind names the built-in o is by its internal slots, as V8's type
// checks see it: "Array", "Function", "AsyncFunction", "GeneratorFunction",
// "Map", "Set", "WeakMap", "WeakSet", "Map Iterator", "Set Iterator",
// "Arguments", "Error", "Date", "RegExp", "ArrayBuffer", "DataView", a typed
// array's name, "Promise", "Proxy", "Number", "String", "Boolean",
// "Symbol" or "BigInt" (boxed), "" for an ordinary object.
func (o *Object) InspectKind() string {
	switch s := o.self.(type) {
	case *proxyObject:
		return "Proxy"
	case *arrayObject, *sparseArrayObject, *templatedArrayObject:
		return "Array"
	case *mapObject:
		return "Map"
	case *setObject:
		return "Set"
	case *weakMapObject:
		return "WeakMap"
	case *weakSetObject:
		return "WeakSet"
	case *mapIterObject:
		return "Map Iterator"
	case *setIterObject:
		return "Set Iterator"
	case *argumentsObject:
		return "Arguments"
	case *errorObject:
		return "Error"
	case *dateObject:
		return "Date"
	case *regexpObject:
		return "RegExp"
	case *arrayBufferObject:
		return "ArrayBuffer"
	case *dataViewObject:
		return "DataView"
	case *typedArrayObject:
		return typedArrayName(s.typedArray)
	case *Promise:
		return "Promise"
	case *stringObject:
		return "String"
	case *primitiveValueObject:
		switch s.pValue.(type) {
		case valueInt, valueFloat:
			return "Number"
		case valueBool:
			return "Boolean"
		case *Symbol:
			return "Symbol"
		case *valueBigInt:
			return "BigInt"
		}
	case *generatorFuncObject, *generatorMethodFuncObject:
		return "GeneratorFunction"
	case *asyncFuncObject, *asyncMethodFuncObject, *asyncArrowFuncObject:
		return "AsyncFunction"
	}
	if _, ok := o.self.assertCallable(); ok {
		return "Function"
	}
	switch o.self.className() {
	case classArray:
		return "Array" // Go slices
	case "Arguments":
		return "Arguments" // unmapped (strict mode) arguments
	}
	return ""
}

func typedArrayName(a typedArray) string {
	switch a.(type) {
	case *uint8Array:
		return "Uint8Array"
	case *uint8ClampedArray:
		return "Uint8ClampedArray"
	case *int8Array:
		return "Int8Array"
	case *uint16Array:
		return "Uint16Array"
	case *int16Array:
		return "Int16Array"
	case *uint32Array:
		return "Uint32Array"
	case *int32Array:
		return "Int32Array"
	case *float32Array:
		return "Float32Array"
	case *float64Array:
		return "Float64Array"
	case *bigInt64Array:
		return "BigInt64Array"
	case *bigUint64Array:
		return "BigUint64Array"
	}
	return "TypedArray"
}

// PrimitiveValue is a boxed primitive's [[PrimitiveValue]] (nil if o is
// not one), read without calling valueOf.
func (o *Object) PrimitiveValue() Value {
	switch s := o.self.(type) {
	case *primitiveValueObject:
		return s.pValue
	case *stringObject:
		return s.value
	}
	return nil
}

// PreviewEntries lists what a Map, Set, or Map or Set iterator holds, in
// order, without calling anything: for a Map and for an entries iterator
// keys and values alternate (kv true). An iterator lists only what it has
// yet to yield and stays where it was. ok is false for anything else.
func (o *Object) PreviewEntries() (entries []Value, kv bool, ok bool) {
	var it orderedMapIter
	keysOnly := true
	switch s := o.self.(type) {
	case *mapObject:
		it, kv = orderedMapIter{m: s.m}, true
	case *setObject:
		it = orderedMapIter{m: s.m}
	case *mapIterObject:
		if s.iter == nil {
			return nil, s.kind == iterationKindKeyValue, true
		}
		it = *s.iter
		kv = s.kind == iterationKindKeyValue
		keysOnly = s.kind == iterationKindKey
		if !kv && !keysOnly {
			return previewValues(it), false, true
		}
	case *setIterObject:
		if s.iter == nil {
			return nil, s.kind == iterationKindKeyValue, true
		}
		it = *s.iter
		kv = s.kind == iterationKindKeyValue
	default:
		return nil, false, false
	}
	// it is a copy: walking it leaves the guest's iterator where it was.
	for e := it.next(); e != nil; e = it.next() {
		if kv {
			if _, isSet := o.self.(*setIterObject); isSet {
				entries = append(entries, e.key, e.key)
			} else {
				entries = append(entries, e.key, e.value)
			}
		} else {
			entries = append(entries, e.key)
		}
	}
	return entries, kv, true
}

func previewValues(it orderedMapIter) (entries []Value) {
	for e := it.next(); e != nil; e = it.next() {
		entries = append(entries, e.value)
	}
	return entries
}

// SymbolFor is Symbol.for(key), which a guest may have replaced.
func (r *Runtime) SymbolFor(key string) *Symbol {
	return r.symbol_for(FunctionCall{Arguments: []Value{newStringValue(key)}}).(*Symbol)
}

// FunctionSource is what the intrinsic Function.prototype.toString gives
// for o; ok is false if o is not a function.
func (o *Object) FunctionSource() (string, bool) {
	if f, ok := o.self.(funcObjectImpl); ok {
		return f.source().String(), true
	}
	return "", false
}

// OwnNonIndexKeys is OwnKeys without array indices, as V8's
// GetOwnNonIndexProperties: for an array or typed array it does not list
// the elements only to drop them.
func (o *Object) OwnNonIndexKeys(all bool) []Value {
	var keys []Value
	switch s := o.self.(type) {
	case *arrayObject:
		keys = s.baseObject.stringKeys(all, nil)
	case *sparseArrayObject:
		keys = s.baseObject.stringKeys(all, nil)
	case *typedArrayObject:
		keys = s.baseObject.stringKeys(all, nil)
	default:
		for _, k := range o.self.stringKeys(all, nil) {
			if strToArrayIdx(k.string()) == math.MaxUint32 {
				keys = append(keys, k)
			}
		}
	}
	return o.self.symbols(all, keys)
}
