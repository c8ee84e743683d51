package guest

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/hmac"
	"crypto/md5"
	"crypto/rand"
	"crypto/sha1"
	"crypto/sha256"
	"crypto/sha3"
	"crypto/sha512"
	"crypto/subtle"
	"encoding/base64"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"hash"
	"math"
	"math/big"
	"math/bits"
	"reflect"
	"strconv"
	"strings"

	"github.com/dop251/goja"
)

// crypto is Node's crypto module and the global crypto (Web Crypto) on Go's
// standard library; randomness always comes from crypto/rand, never from the
// VM's clock. Key objects, signatures and key pairs are in
// node_crypto_keys.go; what Node has beyond those, hashes, HMAC, PBKDF2,
// scrypt, random values and the Web Crypto subset below (ciphers,
// Diffie-Hellman, HKDF, X509) is absent, not stubbed.
//
// Nothing here holds the runtime past an Interrupt or the job's memory: a
// result is allocated only if it fits limits.memory_bytes (a bigger one
// throws the RangeError Node throws past its own maximum, with the limit as
// the maximum), scrypt's maxmem is capped by the same limit, and the long
// loops (PBKDF2 iterations, scrypt's mixing, hashing or filling a large
// buffer) poll the exec's halt between rounds. PBKDF2 and scrypt are
// written out here for that reason: crypto/pbkdf2 and x/crypto/scrypt run
// to the end in one call. The callback forms do the work at once and call
// back from the event loop, as fs does; Web Crypto's promises settle at once.

// cryptoMod is the crypto module of one runtime.
type cryptoMod struct {
	js *jsState
	rt *goja.Runtime
	// slot is the hidden property of the objects with Go state (hashes,
	// keys). It holds a native function closing over the state, which hands
	// it over only to a call from Go with tag as this: a guest sees neither
	// a Go object nor a way to change the state.
	slot  *goja.Symbol
	tag   *goja.Object
	found any

	hashProto *goja.Object
	hmacProto *goja.Object
	keyProto  *goja.Object
	webcrypto *goja.Object
	subtle    *goja.Object
	keys      *cryptoKeyClasses // node_crypto_keys.go
}

func (js *jsState) cryptoModule(module *goja.Object) {
	rt := js.rt
	cm := &cryptoMod{js: js, rt: rt, slot: goja.NewSymbol("kState"), tag: rt.NewObject()}
	e := module.Get("exports").ToObject(rt)

	hashCtor := cm.ctor("Hash", func(c goja.ConstructorCall) *goja.Object {
		return cm.newHash(cm.protoFor(c, cm.hashProto), c.Argument(0), c.Argument(1))
	})
	cm.hashProto = hashCtor.Get("prototype").ToObject(rt)
	cm.hashMethods(cm.hashProto, false)
	hmacCtor := cm.ctor("Hmac", func(c goja.ConstructorCall) *goja.Object {
		return cm.newHmac(cm.protoFor(c, cm.hmacProto), c.Argument(0), c.Argument(1), c.Argument(2))
	})
	cm.hmacProto = hmacCtor.Get("prototype").ToObject(rt)
	cm.hashMethods(cm.hmacProto, true)
	e.Set("Hash", hashCtor)
	e.Set("Hmac", hmacCtor)
	e.Set("createHash", func(c goja.FunctionCall) goja.Value {
		return cm.newHash(cm.hashProto, c.Argument(0), c.Argument(1))
	})
	e.Set("createHmac", func(c goja.FunctionCall) goja.Value {
		return cm.newHmac(cm.hmacProto, c.Argument(0), c.Argument(1), c.Argument(2))
	})
	e.Set("hash", cm.oneShotHash)
	e.Set("getHashes", func(goja.FunctionCall) goja.Value {
		names := make([]any, len(cryptoHashNames))
		for i, n := range cryptoHashNames {
			names[i] = n
		}
		return rt.NewArray(names...)
	})
	e.Set("timingSafeEqual", cm.timingSafeEqual)

	e.Set("randomBytes", cm.randomBytes)
	e.Set("randomFillSync", cm.randomFillSync)
	e.Set("randomFill", cm.randomFill)
	e.Set("randomInt", cm.randomInt)
	e.Set("randomUUID", func(c goja.FunctionCall) goja.Value {
		if o := c.Argument(0); !cryptoUndef(o) {
			cm.validateObject(o, "options")
			if d := o.ToObject(rt).Get("disableEntropyCache"); !cryptoUndef(d) {
				if _, ok := d.Export().(bool); !ok || isObject(d) {
					panic(cm.argType("options.disableEntropyCache", "of type boolean", d))
				}
			}
		}
		return rt.ToValue(cryptoUUID())
	})
	e.Set("getRandomValues", func(c goja.FunctionCall) goja.Value {
		return cm.getRandomValues(c.Argument(0))
	})

	e.Set("pbkdf2Sync", func(c goja.FunctionCall) goja.Value {
		return cm.pbkdf2(c.Arguments, false)
	})
	e.Set("pbkdf2", func(c goja.FunctionCall) goja.Value {
		return cm.pbkdf2(c.Arguments, true)
	})
	e.Set("scryptSync", func(c goja.FunctionCall) goja.Value {
		return cm.scrypt(c.Arguments, false)
	})
	e.Set("scrypt", func(c goja.FunctionCall) goja.Value {
		return cm.scrypt(c.Arguments, true)
	})

	cm.buildWebCrypto()
	e.Set("webcrypto", cm.webcrypto)
	e.Set("subtle", cm.subtle)
	cm.keysModule(e)
}

// ---- plumbing ----

// ctor makes a constructor that also works when called without new, as
// Node's Hash and Hmac do.
func (cm *cryptoMod) ctor(name string, f func(goja.ConstructorCall) *goja.Object) *goja.Object {
	c := cm.rt.ToValue(f).ToObject(cm.rt)
	c.DefineDataProperty("name", cm.rt.ToValue(name), goja.FLAG_FALSE, goja.FLAG_FALSE, goja.FLAG_TRUE)
	return c
}

// protoFor is the prototype of an object made by a constructor call: the
// new.target's, so subclasses work, else the class's own.
func (cm *cryptoMod) protoFor(c goja.ConstructorCall, def *goja.Object) *goja.Object {
	if c.NewTarget != nil {
		if p, ok := c.NewTarget.Get("prototype").(*goja.Object); ok {
			return p
		}
	}
	return def
}

// illegalClass makes the class of objects guests cannot make themselves
// (Crypto, SubtleCrypto, CryptoKey) and returns its prototype.
func (cm *cryptoMod) illegalClass(name string) *goja.Object {
	c := cm.ctor(name, func(goja.ConstructorCall) *goja.Object {
		panic(cm.typeErr("ERR_ILLEGAL_CONSTRUCTOR", "Illegal constructor"))
	})
	proto := c.Get("prototype").ToObject(cm.rt)
	proto.DefineDataPropertySymbol(goja.SymToStringTag, cm.rt.ToValue(name), goja.FLAG_FALSE, goja.FLAG_FALSE, goja.FLAG_TRUE)
	return proto
}

func (cm *cryptoMod) attach(o *goja.Object, state any) {
	get := func(c goja.FunctionCall) goja.Value {
		if c.This == goja.Value(cm.tag) {
			cm.found = state
		}
		return goja.Undefined()
	}
	o.DefineDataPropertySymbol(cm.slot, cm.rt.ToValue(get), goja.FLAG_FALSE, goja.FLAG_FALSE, goja.FLAG_FALSE)
}

func (cm *cryptoMod) stateOf(v goja.Value) any {
	o, ok := v.(*goja.Object)
	if !ok {
		return nil
	}
	s := o.GetSymbol(cm.slot)
	if s == nil {
		return nil
	}
	get, ok := s.Export().(func(goja.FunctionCall) goja.Value)
	if !ok {
		return nil
	}
	cm.found = nil
	get(goja.FunctionCall{This: cm.tag})
	st := cm.found
	cm.found = nil
	return st
}

// later calls cb(args...) from the event loop, as an fs callback is.
func (cm *cryptoMod) later(cb goja.Value, args ...goja.Value) {
	fn, _ := goja.AssertFunction(cb)
	js := cm.js
	js.loop.nextID++
	js.loop.add(&timer{id: js.loop.nextID, fn: fn, index: -1, immed: true, args: args})
}

// promise runs f now and returns a promise settled with its outcome.
func (cm *cryptoMod) promise(f func() goja.Value) goja.Value {
	p, resolve, reject := cm.rt.NewPromise()
	v, thrown := cm.js.try(f)
	if thrown != nil {
		reject(thrown)
	} else {
		resolve(v)
	}
	return cm.rt.ToValue(p)
}

// cryptoPollEvery is how many rounds of a long loop (PBKDF2 iterations,
// scrypt block mixes, MiB hashed or filled) pass between two looks at the
// exec's halt.
const cryptoPollEvery = 256

// stop throws once the exec has been halted (deadline, cancel, a limit):
// the interrupt is already set, so the guest cannot catch what is thrown.
func (cm *cryptoMod) stop() {
	st := cm.js.n.st
	if st == nil {
		return
	}
	select {
	case <-st.halted:
		panic(cm.js.newError("crypto: operation stopped"))
	default:
	}
}

// limit is the most bytes one result may take: the job's memory.
func (cm *cryptoMod) limit() int64 { return cm.js.n.v.cfg.Limits.MemoryBytes }

// write feeds b to w a MiB at a time, watching for a halt between.
func (cm *cryptoMod) write(w hash.Hash, b []byte) {
	for len(b) > 0 {
		n := min(len(b), 1<<20)
		w.Write(b[:n])
		b = b[n:]
		if len(b) > 0 {
			cm.stop()
		}
	}
}

// fill fills b from the OS's generator, a MiB at a time.
func (cm *cryptoMod) fill(b []byte) {
	for len(b) > 0 {
		n := min(len(b), 1<<20)
		rand.Read(b[:n])
		b = b[n:]
		if len(b) > 0 {
			cm.stop()
		}
	}
}

// ---- errors, worded as Node words them ----

func (cm *cryptoMod) typeErr(code, msg string) *goja.Object {
	e := cm.rt.NewTypeError("%s", msg)
	e.Set("code", code)
	return e
}

func (cm *cryptoMod) plainErr(code, msg string) *goja.Object {
	e := cm.js.newError(msg)
	if code != "" {
		e.Set("code", code)
	}
	return e
}

var cryptoDOMCodes = map[string]int{
	"SyntaxError": 12, "NotSupportedError": 9, "InvalidAccessError": 15,
	"TypeMismatchError": 17, "QuotaExceededError": 22,
}

func (cm *cryptoMod) domErr(name, msg string) *goja.Object {
	e := cm.js.domError(name, msg)
	if cryptoUndef(e.Get("code")) { // a DOMException has it from its name
		e.Set("code", cryptoDOMCodes[name])
	}
	return e
}

// argType is ERR_INVALID_ARG_TYPE; want is what follows "must be".
func (cm *cryptoMod) argType(name, want string, v goja.Value) *goja.Object {
	kind := "argument"
	if strings.Contains(name, ".") {
		kind = "property"
	}
	return cm.typeErr("ERR_INVALID_ARG_TYPE", fmt.Sprintf("The %q %s must be %s. Received %s", name, kind, want, cm.js.received(v)))
}

// argValue is ERR_INVALID_ARG_VALUE.
func (cm *cryptoMod) argValue(name string, v goja.Value, reason string) *goja.Object {
	return cm.typeErr("ERR_INVALID_ARG_VALUE", fmt.Sprintf("The argument '%s' %s. Received %s", name, reason, cm.js.inspect(v, inspectOpts{depth: 2})))
}

// outOfRange is ERR_OUT_OF_RANGE for the number x.
func (cm *cryptoMod) outOfRange(name, want string, x float64) *goja.Object {
	v := cm.rt.ToValue(x)
	got := cm.js.inspect(v, inspectOpts{depth: 2})
	if x == math.Trunc(x) && math.Abs(x) > 1<<32 {
		got = cryptoSeparate(v.String())
	}
	return cm.js.rangeError("ERR_OUT_OF_RANGE", fmt.Sprintf("The value of %q is out of range. It must be %s. Received %s", name, want, got))
}

// cryptoSeparate is Node's addNumericalSeparator.
func cryptoSeparate(s string) string {
	res := ""
	i := len(s)
	start := 0
	if strings.HasPrefix(s, "-") {
		start = 1
	}
	for ; i >= start+4; i -= 3 {
		res = "_" + s[i-3:i] + res
	}
	return s[:i] + res
}

func cryptoUndef(v goja.Value) bool { return v == nil || goja.IsUndefined(v) }

func cryptoTypeof(v goja.Value) string {
	switch v.(type) {
	case *goja.Object:
		if _, ok := goja.AssertFunction(v); ok {
			return "function"
		}
		return "object"
	case *goja.Symbol:
		return "symbol"
	}
	switch v.Export().(type) {
	case bool:
		return "boolean"
	case string:
		return "string"
	case *big.Int:
		return "bigint"
	case int64, float64:
		return "number"
	}
	if goja.IsNull(v) {
		return "object"
	}
	return "undefined"
}

// number reads a primitive number; ok is false for anything else.
func cryptoNumber(v goja.Value) (float64, bool) {
	if v == nil || isObject(v) {
		return 0, false
	}
	switch x := v.Export().(type) {
	case int64:
		return float64(x), true
	case float64:
		return x, true
	}
	return 0, false
}

func cryptoIsInteger(x float64) bool { return !math.IsInf(x, 0) && x == math.Trunc(x) }

func (cm *cryptoMod) validateObject(v goja.Value, name string) {
	o, ok := v.(*goja.Object)
	_, fn := goja.AssertFunction(v)
	if !ok || fn || o.ClassName() == "Array" {
		panic(cm.argType(name, "of type object", v))
	}
}

func (cm *cryptoMod) validateString(v goja.Value, name string) string {
	if !isPrimitiveString(v) {
		panic(cm.argType(name, "of type string", v))
	}
	return v.String()
}

func (cm *cryptoMod) validateFunction(v goja.Value, name string) {
	if _, ok := goja.AssertFunction(v); !ok {
		panic(cm.argType(name, "of type function", v))
	}
}

// validateInt is Node's validateInt32/validateUint32/validateInteger.
func (cm *cryptoMod) validateInt(v goja.Value, name string, lo, hi float64) int64 {
	x, ok := cryptoNumber(v)
	if !ok {
		panic(cm.argType(name, "of type number", v))
	}
	if !cryptoIsInteger(x) {
		panic(cm.outOfRange(name, "an integer", x))
	}
	if x < lo || x > hi {
		panic(cm.outOfRange(name, fmt.Sprintf(">= %s && <= %s", cryptoNum(lo), cryptoNum(hi)), x))
	}
	return int64(x)
}

func cryptoNum(x float64) string { return strconv.FormatFloat(x, 'f', -1, 64) }

// ---- bytes in and out ----

// cryptoView is the bytes under an ArrayBuffer, typed array or DataView.
type cryptoView struct {
	b      []byte // live: writes reach the guest's buffer
	elem   int    // BYTES_PER_ELEMENT, 1 for ArrayBuffer and DataView
	buffer bool   // an ArrayBuffer, not a view of one
	typed  bool   // a typed array
	float  bool   // Float32Array or Float64Array
}

var cryptoTypedElem = map[reflect.Type]int{
	reflect.TypeOf([]byte(nil)):    1,
	reflect.TypeOf([]int8(nil)):    1,
	reflect.TypeOf([]uint16(nil)):  2,
	reflect.TypeOf([]int16(nil)):   2,
	reflect.TypeOf([]uint32(nil)):  4,
	reflect.TypeOf([]int32(nil)):   4,
	reflect.TypeOf([]float32(nil)): 4,
	reflect.TypeOf([]float64(nil)): 8,
	reflect.TypeOf([]int64(nil)):   8,
	reflect.TypeOf([]uint64(nil)):  8,
}

func (cm *cryptoMod) viewOf(v goja.Value) (cryptoView, bool) {
	o, ok := v.(*goja.Object)
	if !ok {
		return cryptoView{}, false
	}
	if ab, ok := o.Export().(goja.ArrayBuffer); ok {
		return cryptoView{b: ab.Bytes(), elem: 1, buffer: true}, true
	}
	if elem, ok := cryptoTypedElem[o.ExportType()]; ok {
		var b []byte
		if cm.rt.ExportTo(o, &b) != nil {
			return cryptoView{}, false
		}
		k := o.ExportType().Elem().Kind()
		return cryptoView{b: b, elem: elem, typed: true, float: k == reflect.Float32 || k == reflect.Float64}, true
	}
	if o.ClassName() == "Array" {
		return cryptoView{}, false
	}
	if buf := o.Get("buffer"); buf == nil {
		return cryptoView{}, false
	} else if _, ok := buf.Export().(goja.ArrayBuffer); ok {
		// A DataView: bufferSource checks its offset and length.
		return cryptoView{b: cm.js.bufferSource(o), elem: 1}, true
	}
	return cryptoView{}, false
}

// isView is ArrayBuffer.isView.
func (cm *cryptoMod) isView(v goja.Value) ([]byte, bool) {
	w, ok := cm.viewOf(v)
	if !ok || w.buffer {
		return nil, false
	}
	return w.b, true
}

// bytesOrString reads Node's getArrayBufferOrView: a string (utf8), an
// ArrayBuffer or a view.
func (cm *cryptoMod) bytesOrString(v goja.Value, name string) []byte {
	if isPrimitiveString(v) {
		return []byte(v.String())
	}
	if w, ok := cm.viewOf(v); ok {
		return w.b
	}
	panic(cm.argType(name, "of type string or an instance of ArrayBuffer, Buffer, TypedArray, or DataView", v))
}

// cryptoEncoding normalizes an encoding name as Node does; "" if unknown.
func cryptoEncoding(s string) string {
	switch strings.ToLower(s) {
	case "utf8", "utf-8":
		return "utf8"
	case "hex":
		return "hex"
	case "base64":
		return "base64"
	case "base64url":
		return "base64url"
	case "latin1", "binary":
		return "latin1"
	case "ascii":
		return "ascii"
	case "ucs2", "ucs-2", "utf16le", "utf-16le":
		return "utf16le"
	case "buffer":
		return "buffer"
	}
	return ""
}

// decodeString turns a JS string into bytes as Buffer.from(s, enc) does in
// Node; an unknown encoding is utf8.
func (cm *cryptoMod) decodeString(v goja.Value, enc string) []byte {
	switch enc {
	case "hex":
		s := v.String()
		out := make([]byte, 0, len(s)/2)
		for i := 0; i+1 < len(s); i += 2 {
			b, err := hex.DecodeString(s[i : i+2])
			if err != nil {
				break
			}
			out = append(out, b[0])
		}
		return out
	case "base64", "base64url":
		return cryptoBase64Decode(v.String())
	case "latin1", "ascii", "utf16le":
		s, ok := v.(goja.String)
		if !ok {
			return []byte(v.String())
		}
		n := s.Length()
		if enc == "utf16le" {
			out := make([]byte, 2*n)
			for i := range n {
				binary.LittleEndian.PutUint16(out[2*i:], s.CharAt(i))
			}
			return out
		}
		out := make([]byte, n)
		for i := range n {
			out[i] = byte(s.CharAt(i))
		}
		return out
	}
	return []byte(v.String())
}

// cryptoBase64Decode is Node's forgiving decoder: both alphabets, other
// characters skipped, stopping at the first '='.
func cryptoBase64Decode(s string) []byte {
	out := make([]byte, 0, len(s)*3/4)
	var acc uint32
	n := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		var d byte
		switch {
		case c >= 'A' && c <= 'Z':
			d = c - 'A'
		case c >= 'a' && c <= 'z':
			d = c - 'a' + 26
		case c >= '0' && c <= '9':
			d = c - '0' + 52
		case c == '+' || c == '-':
			d = 62
		case c == '/' || c == '_':
			d = 63
		case c == '=':
			i = len(s)
			continue
		default:
			continue
		}
		acc = acc<<6 | uint32(d)
		n++
		if n == 4 {
			out = append(out, byte(acc>>16), byte(acc>>8), byte(acc))
			acc, n = 0, 0
		}
	}
	switch n {
	case 2:
		out = append(out, byte(acc>>4))
	case 3:
		out = append(out, byte(acc>>10), byte(acc>>2))
	}
	return out
}

// encode returns b as a string in enc, or as a Buffer for "buffer" and
// encodings Node does not know.
func (cm *cryptoMod) encode(b []byte, enc string) goja.Value {
	switch enc {
	case "hex":
		return cm.rt.ToValue(hex.EncodeToString(b))
	case "base64":
		return cm.rt.ToValue(base64.StdEncoding.EncodeToString(b))
	case "base64url":
		return cm.rt.ToValue(base64.RawURLEncoding.EncodeToString(b))
	case "latin1", "ascii":
		u := make([]uint16, len(b))
		for i, x := range b {
			if enc == "ascii" {
				x &= 0x7f
			}
			u[i] = uint16(x)
		}
		return goja.StringFromUTF16(u)
	case "utf16le":
		u := make([]uint16, len(b)/2)
		for i := range u {
			u[i] = binary.LittleEndian.Uint16(b[2*i:])
		}
		return goja.StringFromUTF16(u)
	case "utf8":
		return cm.rt.ToValue(decodeUTF8(b))
	}
	return cm.js.wrapBytes(b)
}

// ---- hash functions ----

type cryptoAlg struct {
	name  string // Node's lower-case name
	web   string // the Web Crypto name, "" if none
	jwk   string // the JWK alg of an HMAC key, "" if none
	block int    // block size in bits
	newH  func() hash.Hash
}

var cryptoAlgs = []*cryptoAlg{
	{"md5", "", "", 512, md5.New},
	{"sha1", "SHA-1", "HS1", 512, sha1.New},
	{"sha224", "", "", 512, sha256.New224},
	{"sha256", "SHA-256", "HS256", 512, sha256.New},
	{"sha384", "SHA-384", "HS384", 1024, sha512.New384},
	{"sha512", "SHA-512", "HS512", 1024, sha512.New},
	{"sha512-224", "", "", 1024, sha512.New512_224},
	{"sha512-256", "", "", 1024, sha512.New512_256},
	{"sha3-224", "", "", 1152, func() hash.Hash { return sha3.New224() }},
	{"sha3-256", "", "", 1088, func() hash.Hash { return sha3.New256() }},
	{"sha3-384", "", "", 832, func() hash.Hash { return sha3.New384() }},
	{"sha3-512", "", "", 576, func() hash.Hash { return sha3.New512() }},
}

// cryptoHashNames is what getHashes lists: Node's own list, less the
// digests not here (ripemd160, blake2, sm3, shake, md5-sha1).
var cryptoHashNames = []string{
	"RSA-MD5", "RSA-SHA1", "RSA-SHA1-2", "RSA-SHA224", "RSA-SHA256",
	"RSA-SHA3-224", "RSA-SHA3-256", "RSA-SHA3-384", "RSA-SHA3-512",
	"RSA-SHA384", "RSA-SHA512", "RSA-SHA512/224", "RSA-SHA512/256",
	"id-rsassa-pkcs1-v1_5-with-sha3-224", "id-rsassa-pkcs1-v1_5-with-sha3-256",
	"id-rsassa-pkcs1-v1_5-with-sha3-384", "id-rsassa-pkcs1-v1_5-with-sha3-512",
	"md5", "md5WithRSAEncryption", "sha1", "sha1WithRSAEncryption",
	"sha224", "sha224WithRSAEncryption", "sha256", "sha256WithRSAEncryption",
	"sha3-224", "sha3-256", "sha3-384", "sha3-512",
	"sha384", "sha384WithRSAEncryption", "sha512", "sha512-224",
	"sha512-224WithRSAEncryption", "sha512-256", "sha512-256WithRSAEncryption",
	"sha512WithRSAEncryption", "ssl3-md5", "ssl3-sha1",
}

// cryptoHashAlias maps every name OpenSSL (and so Node) accepts for a
// digest, lower-cased, to it.
var cryptoHashAlias = func() map[string]*cryptoAlg {
	m := map[string]*cryptoAlg{}
	for _, a := range cryptoAlgs {
		m[a.name] = a
		m["rsa-"+a.name] = a
		m[a.name+"withrsaencryption"] = a
	}
	by := func(n string) *cryptoAlg { return m[n] }
	for _, s := range []string{"224", "256", "384", "512"} {
		m["sha-"+s] = by("sha" + s)
		m["sha2-"+s] = by("sha" + s)
		m["id-rsassa-pkcs1-v1_5-with-sha3-"+s] = by("sha3-" + s)
		delete(m, "sha3-"+s+"withrsaencryption")
	}
	for _, s := range []string{"224", "256"} {
		a := by("sha512-" + s)
		m["sha-512/"+s] = a
		m["sha2-512/"+s] = a
		m["rsa-sha512/"+s] = a
		delete(m, "rsa-sha512-"+s)
	}
	m["sha-1"] = by("sha1")
	m["rsa-sha1-2"] = by("sha1")
	m["ssl3-sha1"] = by("sha1")
	m["ssl3-md5"] = by("md5")
	return m
}()

func cryptoHashByName(name string) *cryptoAlg { return cryptoHashAlias[strings.ToLower(name)] }

// cryptoHash is the state of a Hash or Hmac object.
type cryptoHash struct {
	h    hash.Hash
	alg  *cryptoAlg
	done bool
}

func (cm *cryptoMod) newHash(proto *goja.Object, algV, opts goja.Value) *goja.Object {
	name := cm.validateString(algV, "algorithm")
	alg := cryptoHashByName(name)
	if alg == nil {
		panic(cm.plainErr("", "Digest method not supported"))
	}
	o := cm.rt.CreateObject(proto)
	o.Set("_options", opts) // as Node's LazyTransform has it
	cm.attach(o, &cryptoHash{h: alg.newH(), alg: alg})
	return o
}

func (cm *cryptoMod) newHmac(proto *goja.Object, algV, keyV, opts goja.Value) *goja.Object {
	name := cm.validateString(algV, "hmac")
	enc := ""
	if o, ok := opts.(*goja.Object); ok {
		if e := o.Get("encoding"); isPrimitiveString(e) {
			enc = cryptoEncoding(e.String())
		}
	}
	key := cm.secretKey(keyV, enc)
	alg := cryptoHashByName(name)
	if alg == nil {
		panic(cm.typeErr("ERR_CRYPTO_INVALID_DIGEST", "Invalid digest: "+name))
	}
	o := cm.rt.CreateObject(proto)
	o.Set("_options", opts)
	cm.attach(o, &cryptoHash{h: hmac.New(alg.newH, key), alg: alg})
	return o
}

// secretKey reads an HMAC key: a string, a buffer, or a secret KeyObject
// or CryptoKey.
func (cm *cryptoMod) secretKey(v goja.Value, enc string) []byte {
	if isPrimitiveString(v) {
		return cm.decodeString(v, enc)
	}
	if w, ok := cm.viewOf(v); ok {
		return w.b
	}
	if k, ok := cm.keyOf(v); ok {
		if k.kind != "secret" {
			panic(cm.invalidKeyType(k.kind, "secret"))
		}
		return k.secret
	}
	if k, ok := cm.stateOf(v).(*cryptoKey); ok {
		return k.secret
	}
	panic(cm.argType("key", "of type string or an instance of ArrayBuffer, Buffer, TypedArray, DataView, KeyObject, or CryptoKey", v))
}

func (cm *cryptoMod) hashOf(this goja.Value, class string) *cryptoHash {
	h, ok := cm.stateOf(this).(*cryptoHash)
	if !ok {
		panic(cm.typeErr("ERR_INVALID_THIS", fmt.Sprintf("Value of \"this\" must be of type %s", class)))
	}
	return h
}

func (cm *cryptoMod) finalized() *goja.Object {
	return cm.plainErr("ERR_CRYPTO_HASH_FINALIZED", "Digest already called")
}

func (cm *cryptoMod) hashMethods(proto *goja.Object, isHmac bool) {
	class := "Hash"
	if isHmac {
		class = "Hmac"
	}
	proto.Set("update", func(c goja.FunctionCall) goja.Value {
		h := cm.hashOf(c.This, class)
		if h.done {
			panic(cm.finalized())
		}
		cm.write(h.h, cm.updateData(c.Argument(0), c.Argument(1)))
		return c.This
	})
	proto.Set("digest", func(c goja.FunctionCall) goja.Value {
		h := cm.hashOf(c.This, class)
		enc := "buffer"
		if a := c.Argument(0); a.ToBoolean() {
			enc = cryptoEncoding(a.String())
		}
		if h.done {
			if !isHmac {
				panic(cm.finalized())
			}
			return cm.encode(nil, enc) // Node's Hmac gives an empty digest
		}
		h.done = true
		return cm.encode(h.h.Sum(nil), enc)
	})
	if !isHmac {
		proto.Set("copy", func(c goja.FunctionCall) goja.Value {
			h := cm.hashOf(c.This, class)
			if h.done {
				panic(cm.finalized())
			}
			clone, err := h.h.(hash.Cloner).Clone()
			if err != nil {
				panic(cm.plainErr("", err.Error()))
			}
			o := cm.rt.CreateObject(cm.hashProto)
			o.Set("_options", c.Argument(0))
			cm.attach(o, &cryptoHash{h: clone, alg: h.alg})
			return o
		})
	}
	cm.js.nameFuncs(proto)
}

// updateData reads what update is given: a string in an encoding, or a
// view (an ArrayBuffer is refused, as Node refuses it).
func (cm *cryptoMod) updateData(data, encV goja.Value) []byte {
	if isPrimitiveString(data) {
		enc := "utf8"
		if isPrimitiveString(encV) && encV.String() != "" {
			enc = cryptoEncoding(encV.String())
		}
		if enc == "hex" {
			if n := data.(goja.String).Length(); n%2 != 0 {
				panic(cm.argValue("encoding", encV, fmt.Sprintf("is invalid for data of length %d", n)))
			}
		}
		return cm.decodeString(data, enc)
	}
	if b, ok := cm.isView(data); ok {
		return b
	}
	panic(cm.argType("data", "of type string or an instance of Buffer, TypedArray, or DataView", data))
}

// oneShotHash is crypto.hash(algorithm, data[, outputEncoding]).
func (cm *cryptoMod) oneShotHash(c goja.FunctionCall) goja.Value {
	name := cm.validateString(c.Argument(0), "algorithm")
	in := c.Argument(1)
	var data []byte
	if isPrimitiveString(in) {
		data = []byte(in.String())
	} else if b, ok := cm.isView(in); ok {
		data = b
	} else {
		panic(cm.argType("input", "of type string or an instance of Buffer, TypedArray, or DataView", in))
	}
	enc := "hex"
	if e := c.Argument(2); !cryptoUndef(e) && !(isPrimitiveString(e) && e.String() == "hex") {
		s := cm.validateString(e, "outputEncoding")
		if enc = cryptoEncoding(s); enc == "" {
			panic(cm.argValue("outputEncoding", e, "is invalid"))
		}
	}
	alg := cryptoHashByName(name)
	if alg == nil {
		panic(cm.plainErr("", "Digest method "+name+" is not supported"))
	}
	h := alg.newH()
	cm.write(h, data)
	return cm.encode(h.Sum(nil), enc)
}

func (cm *cryptoMod) timingSafeEqual(c goja.FunctionCall) goja.Value {
	var bufs [2][]byte
	for i := range bufs {
		w, ok := cm.viewOf(c.Argument(i))
		if !ok {
			panic(cm.typeErr("ERR_INVALID_ARG_TYPE", fmt.Sprintf("The \"buf%d\" argument must be an instance of ArrayBuffer, Buffer, TypedArray, or DataView.", i+1)))
		}
		bufs[i] = w.b
	}
	if len(bufs[0]) != len(bufs[1]) {
		panic(cm.js.rangeError("ERR_CRYPTO_TIMING_SAFE_EQUAL_LENGTH", "Input buffers must have the same byte length"))
	}
	return cm.rt.ToValue(subtle.ConstantTimeCompare(bufs[0], bufs[1]) == 1)
}

// ---- random values ----

const cryptoMaxSize = math.MaxInt32 // Node's kMaxPossibleLength for random fills

func (cm *cryptoMod) assertSize(v goja.Value, elem, offset, length float64) int {
	x, ok := cryptoNumber(v)
	if !ok {
		panic(cm.argType("size", "of type number", v))
	}
	x *= elem
	if math.IsNaN(x) || x > cryptoMaxSize || x < 0 {
		panic(cm.outOfRange("size", fmt.Sprintf(">= 0 && <= %d", cryptoMaxSize), x))
	}
	if x+offset > length {
		panic(cm.outOfRange("size + offset", "<= "+cryptoNum(length), x+offset))
	}
	return int(x)
}

func (cm *cryptoMod) assertOffset(v goja.Value, elem, length float64) int {
	x, ok := cryptoNumber(v)
	if !ok {
		panic(cm.argType("offset", "of type number", v))
	}
	x *= elem
	maxLen := math.Min(length, cryptoMaxSize)
	if math.IsNaN(x) || x > maxLen || x < 0 {
		panic(cm.outOfRange("offset", ">= 0 && <= "+cryptoNum(maxLen), x))
	}
	return int(x)
}

func (cm *cryptoMod) randomBytes(c goja.FunctionCall) goja.Value {
	n := cm.assertSize(c.Argument(0), 1, 0, math.Inf(1))
	cb := c.Argument(1)
	if !cryptoUndef(cb) {
		cm.validateFunction(cb, "callback")
	}
	if int64(n) > cm.limit() {
		panic(cm.outOfRange("size", fmt.Sprintf(">= 0 && <= %d", cm.limit()), float64(n)))
	}
	b := make([]byte, n)
	cm.fill(b)
	buf := cm.js.wrapBytes(b)
	if cryptoUndef(cb) {
		return buf
	}
	cm.later(cb, goja.Null(), buf)
	return goja.Undefined()
}

func (cm *cryptoMod) fillView(v goja.Value) cryptoView {
	w, ok := cm.viewOf(v)
	if !ok {
		panic(cm.argType("buf", "an instance of ArrayBuffer or ArrayBufferView", v))
	}
	return w
}

func (cm *cryptoMod) randomFillSync(c goja.FunctionCall) goja.Value {
	buf := c.Argument(0)
	w := cm.fillView(buf)
	elem, length := float64(w.elem), float64(len(w.b))
	off := 0
	if o := c.Argument(1); !cryptoUndef(o) {
		off = cm.assertOffset(o, elem, length)
	}
	size := len(w.b) - off
	if s := c.Argument(2); !cryptoUndef(s) {
		size = cm.assertSize(s, elem, float64(off), length)
	}
	cm.fill(w.b[off : off+size])
	return buf
}

func (cm *cryptoMod) randomFill(c goja.FunctionCall) goja.Value {
	buf := c.Argument(0)
	w := cm.fillView(buf)
	elem, length := float64(w.elem), float64(len(w.b))
	offV, sizeV, cb := c.Argument(1), c.Argument(2), c.Argument(3)
	var off, size int
	_, offFn := goja.AssertFunction(offV)
	_, sizeFn := goja.AssertFunction(sizeV)
	switch {
	case offFn:
		cb = offV
		size = cm.assertSize(cm.rt.ToValue(length/elem), elem, 0, length)
	case sizeFn:
		cb = sizeV
		off = cm.assertOffset(offV, elem, length)
		size = cm.assertSize(cm.rt.ToValue((length-float64(off))/elem), elem, float64(off), length)
	default:
		cm.validateFunction(cb, "callback")
		off = cm.assertOffset(offV, elem, length)
		size = cm.assertSize(sizeV, elem, float64(off), length)
	}
	cm.fill(w.b[off : off+size])
	cm.later(cb, goja.Null(), buf)
	return goja.Undefined()
}

const cryptoRandMax = 1<<48 - 1 // Node's RAND_MAX for randomInt

func (cm *cryptoMod) randomInt(c goja.FunctionCall) goja.Value {
	minV, maxV, cb := c.Argument(0), c.Argument(1), c.Argument(2)
	_, maxFn := goja.AssertFunction(maxV)
	minNotSpecified := cryptoUndef(maxV) || maxFn
	if minNotSpecified {
		cb, maxV, minV = maxV, minV, cm.rt.ToValue(0)
	}
	if !cryptoUndef(cb) {
		cm.validateFunction(cb, "callback")
	}
	safe := func(v goja.Value, name string) float64 {
		x, ok := cryptoNumber(v)
		if !ok || !cryptoIsInteger(x) || math.Abs(x) > 1<<53-1 {
			panic(cm.argType(name, "a safe integer", v))
		}
		return x
	}
	lo, hi := safe(minV, "min"), safe(maxV, "max")
	if hi <= lo {
		panic(cm.outOfRange("max", fmt.Sprintf("greater than the value of \"min\" (%s)", cm.rt.ToValue(lo).String()), hi))
	}
	span := hi - lo
	if !(span <= cryptoRandMax) {
		name := "max - min"
		if minNotSpecified {
			name = "max"
		}
		panic(cm.outOfRange(name, fmt.Sprintf("<= %d", cryptoRandMax), span))
	}
	r, err := rand.Int(rand.Reader, big.NewInt(int64(span)))
	if err != nil {
		panic(cm.plainErr("", err.Error()))
	}
	n := cm.rt.ToValue(int64(lo) + r.Int64())
	if cryptoUndef(cb) {
		return n
	}
	// Node answers from a cache of random bytes, on the next tick.
	cm.js.microtask(cb, []goja.Value{goja.Undefined(), n})
	return goja.Undefined()
}

func cryptoUUID() string {
	var u [16]byte
	rand.Read(u[:])
	u[6] = u[6]&0x0f | 0x40
	u[8] = u[8]&0x3f | 0x80
	h := hex.EncodeToString(u[:])
	return h[:8] + "-" + h[8:12] + "-" + h[12:16] + "-" + h[16:20] + "-" + h[20:]
}

func (cm *cryptoMod) getRandomValues(v goja.Value) goja.Value {
	w, ok := cm.viewOf(v)
	if !ok || !w.typed || w.float {
		panic(cm.domErr("TypeMismatchError", "The data argument must be an integer-type TypedArray"))
	}
	if len(w.b) > 65536 {
		panic(cm.domErr("QuotaExceededError", "The requested length exceeds 65,536 bytes"))
	}
	rand.Read(w.b)
	return v
}

// ---- PBKDF2 and scrypt ----

// pbkdf2 is pbkdf2Sync (and pbkdf2 with async) after Node's argument
// checks.
func (cm *cryptoMod) pbkdf2(args []goja.Value, async bool) goja.Value {
	a := func(i int) goja.Value {
		if i < len(args) {
			return args[i]
		}
		return goja.Undefined()
	}
	digest, cb := a(4), a(5)
	if _, ok := goja.AssertFunction(digest); ok && async {
		cb, digest = digest, goja.Undefined()
	}
	name := cm.validateString(digest, "digest")
	password := cm.bytesOrString(a(0), "password")
	salt := cm.bytesOrString(a(1), "salt")
	iter := cm.validateInt(a(2), "iterations", 1, math.MaxInt32)
	keyLen := cm.validateInt(a(3), "keylen", 0, math.MaxInt32)
	if async {
		cm.validateFunction(cb, "callback")
	}
	alg := cryptoHashByName(name)
	if alg == nil {
		panic(cm.typeErr("ERR_CRYPTO_INVALID_DIGEST", "Invalid digest: "+name))
	}
	if keyLen > cm.limit() {
		panic(cm.outOfRange("keylen", fmt.Sprintf(">= 0 && <= %d", cm.limit()), float64(keyLen)))
	}
	key := cm.js.wrapBytes(cm.pbkdf2Key(alg.newH, password, salt, int(iter), int(keyLen)))
	if !async {
		return key
	}
	cm.later(cb, goja.Null(), key)
	return goja.Undefined()
}

// pbkdf2Key is PBKDF2 (RFC 8018) with HMAC over newH, polling for a halt
// every few hundred HMACs.
func (cm *cryptoMod) pbkdf2Key(newH func() hash.Hash, password, salt []byte, iter, keyLen int) []byte {
	prf := hmac.New(newH, password)
	hLen := prf.Size()
	out := make([]byte, 0, keyLen)
	u := make([]byte, 0, hLen)
	t := make([]byte, hLen)
	var ctr [4]byte
	rounds := 0
	for block := uint32(1); len(out) < keyLen; block++ {
		prf.Reset()
		prf.Write(salt)
		binary.BigEndian.PutUint32(ctr[:], block)
		prf.Write(ctr[:])
		u = prf.Sum(u[:0])
		copy(t, u)
		for range iter - 1 {
			prf.Reset()
			prf.Write(u)
			u = prf.Sum(u[:0])
			subtle.XORBytes(t, t, u)
			if rounds++; rounds%(16*cryptoPollEvery) == 0 {
				cm.stop()
			}
		}
		if rounds++; rounds%(16*cryptoPollEvery) == 0 {
			cm.stop()
		}
		out = append(out, t[:min(hLen, keyLen-len(out))]...)
	}
	return out
}

func (cm *cryptoMod) scrypt(args []goja.Value, async bool) goja.Value {
	a := func(i int) goja.Value {
		if i < len(args) {
			return args[i]
		}
		return goja.Undefined()
	}
	opts, cb := a(3), a(4)
	if async && cryptoUndef(cb) {
		opts, cb = goja.Undefined(), a(3)
	}
	password := cm.bytesOrString(a(0), "password")
	salt := cm.bytesOrString(a(1), "salt")
	keyLen := cm.validateInt(a(2), "keylen", 0, math.MaxInt32)
	N, r, p, maxmem := uint64(16384), uint64(8), uint64(1), uint64(32<<20)
	if o, ok := opts.(*goja.Object); ok {
		u32 := func(v goja.Value, name string) uint64 { return uint64(cm.validateInt(v, name, 0, math.MaxUint32)) }
		pair := func(dst *uint64, short, long string) {
			v := o.Get(short)
			has := !cryptoUndef(v)
			if has {
				*dst = u32(v, short)
			}
			if l := o.Get(long); !cryptoUndef(l) {
				if has {
					panic(cm.plainErr("ERR_CRYPTO_SCRYPT_INVALID_PARAMETER", "Invalid scrypt parameter"))
				}
				*dst = u32(l, long)
			}
		}
		pair(&N, "N", "cost")
		pair(&r, "r", "blockSize")
		pair(&p, "p", "parallelization")
		if m := o.Get("maxmem"); !cryptoUndef(m) {
			maxmem = uint64(cm.validateInt(m, "maxmem", 0, 1<<53-1))
		}
		if N == 0 {
			N = 16384
		}
		if r == 0 {
			r = 8
		}
		if p == 0 {
			p = 1
		}
		if maxmem == 0 {
			maxmem = 32 << 20
		}
	}
	if async {
		cm.validateFunction(cb, "callback")
	}
	switch cryptoScryptCheck(N, r, p, min(maxmem, uint64(cm.limit()))) {
	case cryptoScryptInvalid:
		panic(cm.js.rangeError("ERR_CRYPTO_INVALID_SCRYPT_PARAMS", "Invalid scrypt params"))
	case cryptoScryptMemory:
		panic(cm.js.rangeError("ERR_CRYPTO_INVALID_SCRYPT_PARAMS", "Invalid scrypt params: error:030000AC:digital envelope routines::memory limit exceeded"))
	}
	if keyLen > cm.limit() {
		panic(cm.outOfRange("keylen", fmt.Sprintf(">= 0 && <= %d", cm.limit()), float64(keyLen)))
	}
	key := cm.js.wrapBytes(cm.scryptKey(password, salt, int(N), int(r), int(p), int(keyLen)))
	if !async {
		return key
	}
	cm.later(cb, goja.Null(), key)
	return goja.Undefined()
}

const (
	cryptoScryptOK = iota
	cryptoScryptInvalid
	cryptoScryptMemory
)

// cryptoScryptCheck is OpenSSL's check of scrypt's parameters, which Node
// reports: invalid ones, and those whose memory passes maxmem.
func cryptoScryptCheck(N, r, p, maxmem uint64) int {
	if r == 0 || p == 0 || N < 2 || N&(N-1) != 0 {
		return cryptoScryptInvalid
	}
	const prMax = 1<<30 - 1
	if p > prMax/r {
		return cryptoScryptMemory
	}
	if 16*r <= 63 && N >= 1<<(16*r) {
		return cryptoScryptMemory
	}
	bLen := p * 128 * r
	if bLen > math.MaxInt32 {
		return cryptoScryptMemory
	}
	if N+2 > (math.MaxUint64/128)/r {
		return cryptoScryptMemory
	}
	vLen := 128 * r * (N + 2)
	if bLen > math.MaxUint64-vLen || bLen+vLen > maxmem {
		return cryptoScryptMemory
	}
	return cryptoScryptOK
}

// scryptKey is scrypt (RFC 7914); the parameters have passed
// cryptoScryptCheck, so its memory fits the job.
func (cm *cryptoMod) scryptKey(password, salt []byte, N, r, p, keyLen int) []byte {
	b := cm.pbkdf2Key(sha256.New, password, salt, 1, p*128*r)
	x := make([]uint32, 32*r)
	y := make([]uint32, 32*r)
	v := make([]uint32, 32*r*N)
	for i := range p {
		blk := b[i*128*r : (i+1)*128*r]
		for k := range x {
			x[k] = binary.LittleEndian.Uint32(blk[4*k:])
		}
		cm.scryptROMix(x, y, v, r, N)
		for k, w := range x {
			binary.LittleEndian.PutUint32(blk[4*k:], w)
		}
	}
	return cm.pbkdf2Key(sha256.New, password, b, 1, keyLen)
}

// scryptROMix mixes the block x (32r words) in place through v (N blocks),
// with y as scratch.
func (cm *cryptoMod) scryptROMix(x, y, v []uint32, r, N int) {
	n := 32 * r
	for i := range N {
		copy(v[i*n:], x)
		cryptoBlockMix(y, x, nil, r)
		x, y = y, x
		if i%cryptoPollEvery == 0 {
			cm.stop()
		}
	}
	for i := range N {
		j := int(x[n-16] & uint32(N-1))
		cryptoBlockMix(y, x, v[j*n:(j+1)*n], r)
		x, y = y, x
		if i%cryptoPollEvery == 0 {
			cm.stop()
		}
	}
	// 2N mixes: an even number of swaps, so x is the caller's slice again.
}

// cryptoBlockMix is scryptBlockMix of in (xor vj, if given): out gets the
// Salsa20/8 chain over the 2r 64-byte blocks, even outputs first. The state
// stays in locals: a mix is most of scrypt's time.
func cryptoBlockMix(out, in, vj []uint32, r int) {
	last := (*[16]uint32)(in[(2*r-1)*16:])
	x0, x1, x2, x3, x4, x5, x6, x7 := last[0], last[1], last[2], last[3], last[4], last[5], last[6], last[7]
	x8, x9, x10, x11, x12, x13, x14, x15 := last[8], last[9], last[10], last[11], last[12], last[13], last[14], last[15]
	if vj != nil {
		l := (*[16]uint32)(vj[(2*r-1)*16:])
		x0, x1, x2, x3, x4, x5, x6, x7 = x0^l[0], x1^l[1], x2^l[2], x3^l[3], x4^l[4], x5^l[5], x6^l[6], x7^l[7]
		x8, x9, x10, x11, x12, x13, x14, x15 = x8^l[8], x9^l[9], x10^l[10], x11^l[11], x12^l[12], x13^l[13], x14^l[14], x15^l[15]
	}
	for i := range 2 * r {
		b := (*[16]uint32)(in[i*16:])
		if vj != nil {
			// The caller's x ^= V[j], folded in: in keeps its value, which
			// ROMix no longer needs.
			c := (*[16]uint32)(vj[i*16:])
			b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7] = b[0]^c[0], b[1]^c[1], b[2]^c[2], b[3]^c[3], b[4]^c[4], b[5]^c[5], b[6]^c[6], b[7]^c[7]
			b[8], b[9], b[10], b[11], b[12], b[13], b[14], b[15] = b[8]^c[8], b[9]^c[9], b[10]^c[10], b[11]^c[11], b[12]^c[12], b[13]^c[13], b[14]^c[14], b[15]^c[15]
		}
		x0, x1, x2, x3, x4, x5, x6, x7 = x0^b[0], x1^b[1], x2^b[2], x3^b[3], x4^b[4], x5^b[5], x6^b[6], x7^b[7]
		x8, x9, x10, x11, x12, x13, x14, x15 = x8^b[8], x9^b[9], x10^b[10], x11^b[11], x12^b[12], x13^b[13], x14^b[14], x15^b[15]
		w0, w1, w2, w3, w4, w5, w6, w7 := x0, x1, x2, x3, x4, x5, x6, x7
		w8, w9, w10, w11, w12, w13, w14, w15 := x8, x9, x10, x11, x12, x13, x14, x15
		for range 4 {
			x4 ^= bits.RotateLeft32(x0+x12, 7)
			x8 ^= bits.RotateLeft32(x4+x0, 9)
			x12 ^= bits.RotateLeft32(x8+x4, 13)
			x0 ^= bits.RotateLeft32(x12+x8, 18)
			x9 ^= bits.RotateLeft32(x5+x1, 7)
			x13 ^= bits.RotateLeft32(x9+x5, 9)
			x1 ^= bits.RotateLeft32(x13+x9, 13)
			x5 ^= bits.RotateLeft32(x1+x13, 18)
			x14 ^= bits.RotateLeft32(x10+x6, 7)
			x2 ^= bits.RotateLeft32(x14+x10, 9)
			x6 ^= bits.RotateLeft32(x2+x14, 13)
			x10 ^= bits.RotateLeft32(x6+x2, 18)
			x3 ^= bits.RotateLeft32(x15+x11, 7)
			x7 ^= bits.RotateLeft32(x3+x15, 9)
			x11 ^= bits.RotateLeft32(x7+x3, 13)
			x15 ^= bits.RotateLeft32(x11+x7, 18)

			x1 ^= bits.RotateLeft32(x0+x3, 7)
			x2 ^= bits.RotateLeft32(x1+x0, 9)
			x3 ^= bits.RotateLeft32(x2+x1, 13)
			x0 ^= bits.RotateLeft32(x3+x2, 18)
			x6 ^= bits.RotateLeft32(x5+x4, 7)
			x7 ^= bits.RotateLeft32(x6+x5, 9)
			x4 ^= bits.RotateLeft32(x7+x6, 13)
			x5 ^= bits.RotateLeft32(x4+x7, 18)
			x11 ^= bits.RotateLeft32(x10+x9, 7)
			x8 ^= bits.RotateLeft32(x11+x10, 9)
			x9 ^= bits.RotateLeft32(x8+x11, 13)
			x10 ^= bits.RotateLeft32(x9+x8, 18)
			x12 ^= bits.RotateLeft32(x15+x14, 7)
			x13 ^= bits.RotateLeft32(x12+x15, 9)
			x14 ^= bits.RotateLeft32(x13+x12, 13)
			x15 ^= bits.RotateLeft32(x14+x13, 18)
		}
		x0, x1, x2, x3, x4, x5, x6, x7 = x0+w0, x1+w1, x2+w2, x3+w3, x4+w4, x5+w5, x6+w6, x7+w7
		x8, x9, x10, x11, x12, x13, x14, x15 = x8+w8, x9+w9, x10+w10, x11+w11, x12+w12, x13+w13, x14+w14, x15+w15
		o := (*[16]uint32)(out[(i/2+(i&1)*r)*16:])
		o[0], o[1], o[2], o[3], o[4], o[5], o[6], o[7] = x0, x1, x2, x3, x4, x5, x6, x7
		o[8], o[9], o[10], o[11], o[12], o[13], o[14], o[15] = x8, x9, x10, x11, x12, x13, x14, x15
	}
}

// ---- Web Crypto ----

// cryptoKey is the state of a CryptoKey: always a secret key here.
type cryptoKey struct {
	alg         string     // "HMAC" or "AES-GCM"
	hash        *cryptoAlg // HMAC's
	secret      []byte
	extractable bool
	usages      []string
	algorithm   *goja.Object // what key.algorithm returns, every time
	usagesArr   *goja.Object
}

func (cm *cryptoMod) buildWebCrypto() {
	rt := cm.rt
	ro := func(o *goja.Object, name string, get func(goja.FunctionCall) goja.Value) {
		o.DefineAccessorProperty(name, rt.ToValue(get), nil, goja.FLAG_TRUE, goja.FLAG_TRUE)
	}

	kp := cm.illegalClass("CryptoKey")
	key := func(c goja.FunctionCall) *cryptoKey {
		k, ok := cm.stateOf(c.This).(*cryptoKey)
		if !ok {
			panic(cm.typeErr("ERR_INVALID_THIS", "Value of \"this\" must be of type CryptoKey"))
		}
		return k
	}
	ro(kp, "type", func(c goja.FunctionCall) goja.Value { key(c); return rt.ToValue("secret") })
	ro(kp, "extractable", func(c goja.FunctionCall) goja.Value { return rt.ToValue(key(c).extractable) })
	ro(kp, "algorithm", func(c goja.FunctionCall) goja.Value { return key(c).algorithm })
	ro(kp, "usages", func(c goja.FunctionCall) goja.Value { return key(c).usagesArr })
	cm.keyProto = kp

	sp := cm.illegalClass("SubtleCrypto")
	cm.subtle = rt.CreateObject(sp)
	method := func(name string, nargs int, f func(args []goja.Value) goja.Value) {
		sp.Set(name, func(c goja.FunctionCall) goja.Value {
			return cm.promise(func() goja.Value {
				if c.This != goja.Value(cm.subtle) {
					panic(cm.typeErr("ERR_INVALID_THIS", "Value of \"this\" must be of type SubtleCrypto"))
				}
				if len(c.Arguments) < nargs {
					panic(cm.typeErr("ERR_MISSING_ARGS", fmt.Sprintf("Failed to execute '%s' on 'SubtleCrypto': %d arguments required, but only %d present.", name, nargs, len(c.Arguments))))
				}
				args := make([]goja.Value, max(len(c.Arguments), 5))
				for i := range args {
					args[i] = c.Argument(i)
				}
				return f(args)
			})
		})
	}
	method("encrypt", 3, func(a []goja.Value) goja.Value { return cm.aesGCM("encrypt", a) })
	method("decrypt", 3, func(a []goja.Value) goja.Value { return cm.aesGCM("decrypt", a) })
	method("sign", 3, cm.sign)
	method("verify", 4, cm.verify)
	method("digest", 2, cm.digest)
	method("generateKey", 3, cm.generateKey)
	method("importKey", 4, cm.importKey)
	method("exportKey", 2, cm.exportKey)
	cm.js.nameFuncs(sp)

	cp := cm.illegalClass("Crypto")
	cm.webcrypto = rt.CreateObject(cp)
	self := func(c goja.FunctionCall) {
		if c.This != goja.Value(cm.webcrypto) {
			panic(cm.typeErr("ERR_INVALID_THIS", "Value of \"this\" must be of type Crypto"))
		}
	}
	cp.Set("getRandomValues", func(c goja.FunctionCall) goja.Value {
		self(c)
		if len(c.Arguments) < 1 {
			panic(cm.typeErr("ERR_MISSING_ARGS", "Failed to execute 'getRandomValues' on 'Crypto': 1 argument required, but only 0 present."))
		}
		return cm.getRandomValues(c.Argument(0))
	})
	cp.Set("randomUUID", func(c goja.FunctionCall) goja.Value {
		self(c)
		return rt.ToValue(cryptoUUID())
	})
	cm.js.nameFuncs(cp) // before the getter, which nameFuncs would call
	ro(cp, "subtle", func(c goja.FunctionCall) goja.Value { self(c); return cm.subtle })
}

var cryptoOrdinals = []string{"1st", "2nd", "3rd", "4th", "5th"}

func (cm *cryptoMod) webPrefix(method string) string {
	return fmt.Sprintf("Failed to execute '%s' on 'SubtleCrypto'", method)
}

// webBytes reads a BufferSource argument, copied.
func (cm *cryptoMod) webBytes(method string, i int, v goja.Value) []byte {
	w, ok := cm.viewOf(v)
	if !ok {
		panic(cm.typeErr("ERR_INVALID_ARG_TYPE", fmt.Sprintf("%s: %s argument is not instance of ArrayBuffer, Buffer, TypedArray, or DataView.", cm.webPrefix(method), cryptoOrdinals[i])))
	}
	return append([]byte(nil), w.b...)
}

func (cm *cryptoMod) webKey(method string, i int, v goja.Value) *cryptoKey {
	k, ok := cm.stateOf(v).(*cryptoKey)
	if !ok {
		panic(cm.typeErr("ERR_INVALID_ARG_TYPE", fmt.Sprintf("%s: %s argument is not of type CryptoKey.", cm.webPrefix(method), cryptoOrdinals[i])))
	}
	return k
}

var cryptoKeyFormats = map[string]bool{"raw": true, "spki": true, "pkcs8": true, "jwk": true}

func (cm *cryptoMod) webFormat(method string, v goja.Value) string {
	s := v.String()
	if !cryptoKeyFormats[s] {
		panic(cm.typeErr("ERR_INVALID_ARG_VALUE", fmt.Sprintf("%s: 1st argument value '%s' is not a valid enum value of type KeyFormat.", cm.webPrefix(method), s)))
	}
	return s
}

var cryptoKeyUsages = map[string]bool{
	"encrypt": true, "decrypt": true, "sign": true, "verify": true,
	"deriveKey": true, "deriveBits": true, "wrapKey": true, "unwrapKey": true,
}

// webUsages reads a sequence<KeyUsage> argument.
func (cm *cryptoMod) webUsages(method string, i int, v goja.Value) []string {
	o, ok := v.(*goja.Object)
	if ok {
		_, ok = goja.AssertFunction(o.GetSymbol(goja.SymIterator))
	}
	if !ok {
		panic(cm.typeErr("ERR_INVALID_ARG_TYPE", fmt.Sprintf("%s: %s argument can not be converted to sequence.", cm.webPrefix(method), cryptoOrdinals[i])))
	}
	var out []string
	cm.rt.ForOf(v, func(u goja.Value) bool {
		s := u.String()
		if !cryptoKeyUsages[s] {
			panic(cm.typeErr("ERR_INVALID_ARG_VALUE", fmt.Sprintf("%s: %s argument, index %d value '%s' is not a valid enum value of type KeyUsage.", cm.webPrefix(method), cryptoOrdinals[i], len(out), s)))
		}
		out = append(out, s)
		return true
	})
	return out
}

// webAlg is a normalized algorithm.
type webAlg struct {
	name   string
	hash   *cryptoAlg // HMAC
	length int64      // HMAC, AES: -1 if not given
	iv     []byte     // AES-GCM
	aad    []byte
	tagLen int64
}

var cryptoWebOps = map[string][]string{
	"digest":      {"SHA-1", "SHA-256", "SHA-384", "SHA-512"},
	"importKey":   {"HMAC", "AES-GCM"},
	"generateKey": {"HMAC", "AES-GCM"},
	"sign":        {"HMAC"},
	"verify":      {"HMAC"},
	"encrypt":     {"AES-GCM"},
	"decrypt":     {"AES-GCM"},
}

const cryptoNormPrefix = "Failed to normalize algorithm: "

// normalize is Web Crypto's normalizeAlgorithm for op, over the
// algorithms implemented here; others are NotSupportedError.
func (cm *cryptoMod) normalize(v goja.Value, op string) *webAlg {
	o, isObj := v.(*goja.Object)
	var name string
	if isObj {
		n := o.Get("name")
		if cryptoUndef(n) {
			panic(cm.missing("Algorithm", "name"))
		}
		name = n.String()
	} else {
		name = v.String()
	}
	a := &webAlg{length: -1, tagLen: 128}
	for _, c := range cryptoWebOps[op] {
		if strings.EqualFold(c, name) {
			a.name = c
		}
	}
	if a.name == "" {
		panic(cm.domErr("NotSupportedError", "Unrecognized algorithm name"))
	}
	get := func(k string) goja.Value {
		if !isObj {
			return goja.Undefined()
		}
		return o.Get(k)
	}
	switch op + "/" + a.name {
	case "importKey/HMAC", "generateKey/HMAC":
		dict := "HmacImportParams"
		if op == "generateKey" {
			dict = "HmacKeyGenParams"
		}
		h := get("hash")
		if cryptoUndef(h) {
			panic(cm.missing(dict, "hash"))
		}
		if l := get("length"); !cryptoUndef(l) {
			a.length = cm.enforceRange(l, "length", dict, math.MaxUint32)
		}
		a.hash = cryptoHashByName(cm.normalize(h, "digest").name)
	case "generateKey/AES-GCM":
		l := get("length")
		if cryptoUndef(l) {
			panic(cm.missing("AesKeyGenParams", "length"))
		}
		a.length = cm.enforceRange(l, "length", "AesKeyGenParams", math.MaxUint16)
	case "encrypt/AES-GCM", "decrypt/AES-GCM":
		if d := get("additionalData"); !cryptoUndef(d) {
			a.aad = cm.dictBytes(d, "additionalData", "AesGcmParams")
		}
		iv := get("iv")
		if cryptoUndef(iv) {
			panic(cm.missing("AesGcmParams", "iv"))
		}
		a.iv = cm.dictBytes(iv, "iv", "AesGcmParams")
		if t := get("tagLength"); !cryptoUndef(t) {
			a.tagLen = cm.enforceRange(t, "tagLength", "AesGcmParams", math.MaxUint8)
		}
	}
	return a
}

func (cm *cryptoMod) missing(dict, member string) *goja.Object {
	return cm.typeErr("ERR_MISSING_OPTION", fmt.Sprintf("%spassed algorithm can not be converted to '%s' because '%s' is required in '%s'.", cryptoNormPrefix, dict, member, dict))
}

func (cm *cryptoMod) dictBytes(v goja.Value, member, dict string) []byte {
	w, ok := cm.viewOf(v)
	if !ok {
		panic(cm.typeErr("ERR_INVALID_ARG_TYPE", fmt.Sprintf("%s'%s' of '%s' (passed algorithm) is not instance of ArrayBuffer, Buffer, TypedArray, or DataView.", cryptoNormPrefix, member, dict)))
	}
	return append([]byte(nil), w.b...)
}

// enforceRange is WebIDL's [EnforceRange] conversion to an integer type.
func (cm *cryptoMod) enforceRange(v goja.Value, member, dict string, hi float64) int64 {
	x := v.ToFloat()
	if math.IsNaN(x) || math.IsInf(x, 0) {
		panic(cm.typeErr("ERR_INVALID_ARG_VALUE", fmt.Sprintf("%s'%s' of '%s' (passed algorithm) is not a finite number.", cryptoNormPrefix, member, dict)))
	}
	x = math.Trunc(x)
	if x < 0 || x > hi {
		panic(cm.typeErr("ERR_OUT_OF_RANGE", fmt.Sprintf("%s'%s' of '%s' (passed algorithm) is outside the expected range of 0 to %s.", cryptoNormPrefix, member, dict, cryptoNum(hi))))
	}
	return int64(x)
}

func (cm *cryptoMod) arrayBuffer(b []byte) goja.Value {
	return cm.rt.ToValue(cm.rt.NewArrayBuffer(b))
}

func (cm *cryptoMod) digest(a []goja.Value) goja.Value {
	data := cm.webBytes("digest", 1, a[1])
	alg := cryptoHashByName(cm.normalize(a[0], "digest").name)
	h := alg.newH()
	cm.write(h, data)
	return cm.arrayBuffer(h.Sum(nil))
}

func (cm *cryptoMod) keyFor(k *cryptoKey, usage string, alg *webAlg) {
	if alg.name != k.alg || !cryptoHas(k.usages, usage) {
		msg := "Unable to use this key to " + usage
		if usage == "encrypt" || usage == "decrypt" {
			msg = "The requested operation is not valid for the provided key"
		}
		panic(cm.domErr("InvalidAccessError", msg))
	}
}

func cryptoHas(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func (cm *cryptoMod) sign(a []goja.Value) goja.Value {
	k := cm.webKey("sign", 1, a[1])
	data := cm.webBytes("sign", 2, a[2])
	cm.keyFor(k, "sign", cm.normalize(a[0], "sign"))
	m := hmac.New(k.hash.newH, k.secret)
	cm.write(m, data)
	return cm.arrayBuffer(m.Sum(nil))
}

func (cm *cryptoMod) verify(a []goja.Value) goja.Value {
	k := cm.webKey("verify", 1, a[1])
	sig := cm.webBytes("verify", 2, a[2])
	data := cm.webBytes("verify", 3, a[3])
	cm.keyFor(k, "verify", cm.normalize(a[0], "verify"))
	m := hmac.New(k.hash.newH, k.secret)
	cm.write(m, data)
	return cm.rt.ToValue(hmac.Equal(m.Sum(nil), sig))
}

var cryptoGCMTags = map[int64]bool{32: true, 64: true, 96: true, 104: true, 112: true, 120: true, 128: true}

// aesGCM is encrypt or decrypt with AES-GCM. Tags shorter than Go's 16
// bytes are the full tag cut short; to check one, decrypt first computes
// the plaintext from the keystream (the seal of zeros) and seals it again.
func (cm *cryptoMod) aesGCM(op string, a []goja.Value) goja.Value {
	k := cm.webKey(op, 1, a[1])
	data := cm.webBytes(op, 2, a[2])
	alg := cm.normalize(a[0], op)
	cm.keyFor(k, op, alg)
	failed := func() *goja.Object {
		return cm.domErr("OperationError", "The operation failed for an operation-specific reason")
	}
	if !cryptoGCMTags[alg.tagLen] {
		panic(cm.domErr("OperationError", fmt.Sprintf("%d is not a valid AES-GCM tag length", alg.tagLen)))
	}
	tagLen := int(alg.tagLen / 8)
	if op == "decrypt" && len(data) < tagLen {
		panic(cm.domErr("OperationError", "The provided data is too small."))
	}
	if len(alg.iv) < 12 || len(alg.iv) > 128 {
		panic(failed())
	}
	if int64(len(data))+16 > cm.limit() {
		panic(failed())
	}
	block, err := aes.NewCipher(k.secret)
	if err != nil {
		panic(failed())
	}
	var gcm cipher.AEAD
	if len(alg.iv) == 12 {
		gcm, err = cipher.NewGCM(block)
	} else {
		gcm, err = cipher.NewGCMWithNonceSize(block, len(alg.iv))
	}
	if err != nil {
		panic(failed())
	}
	if op == "encrypt" {
		out := gcm.Seal(nil, alg.iv, data, alg.aad)
		return cm.arrayBuffer(out[:len(data)+tagLen])
	}
	if tagLen == gcm.Overhead() {
		out, err := gcm.Open(nil, alg.iv, data, alg.aad)
		if err != nil {
			panic(failed())
		}
		return cm.arrayBuffer(out)
	}
	ct, tag := data[:len(data)-tagLen], data[len(data)-tagLen:]
	plain := gcm.Seal(nil, alg.iv, make([]byte, len(ct)), alg.aad)[:len(ct)]
	subtle.XORBytes(plain, plain, ct)
	sealed := gcm.Seal(nil, alg.iv, plain, alg.aad)
	if !hmac.Equal(sealed[len(ct):len(ct)+tagLen], tag) {
		panic(failed())
	}
	return cm.arrayBuffer(plain)
}

// newKey makes a CryptoKey; algorithm members go in Node's order.
func (cm *cryptoMod) newKey(k *cryptoKey, generated bool) goja.Value {
	rt := cm.rt
	alg := rt.NewObject()
	alg.Set("name", k.alg)
	bitLen := len(k.secret) * 8
	if k.alg == "HMAC" {
		h := rt.NewObject()
		h.Set("name", k.hash.web)
		if generated {
			alg.Set("length", bitLen)
			alg.Set("hash", h)
		} else {
			alg.Set("hash", h)
			alg.Set("length", bitLen)
		}
	} else {
		alg.Set("length", bitLen)
	}
	k.algorithm = alg
	us := make([]any, len(k.usages))
	for i, u := range k.usages {
		us[i] = u
	}
	k.usagesArr = rt.NewArray(us...)
	o := rt.CreateObject(cm.keyProto)
	cm.attach(o, k)
	return o
}

func (cm *cryptoMod) checkUsages(alg string, usages []string) {
	allowed := []string{"sign", "verify"}
	kind := "an HMAC"
	if alg == "AES-GCM" {
		allowed = []string{"wrapKey", "unwrapKey", "encrypt", "decrypt"}
		kind = "an AES"
	}
	for _, u := range usages {
		if !cryptoHas(allowed, u) {
			panic(cm.domErr("SyntaxError", "Unsupported key usage for "+kind+" key"))
		}
	}
}

func (cm *cryptoMod) importKey(a []goja.Value) goja.Value {
	const m = "importKey"
	format := cm.webFormat(m, a[0])
	var data []byte
	if format != "jwk" {
		data = cm.webBytes(m, 1, a[1])
	}
	extractable := a[3].ToBoolean()
	usages := cm.webUsages(m, 4, a[4])
	alg := cm.normalize(a[2], m)
	cm.checkUsages(alg.name, usages)
	kind := "AES"
	if alg.name == "HMAC" {
		kind = "HMAC"
	}
	if format != "raw" {
		panic(cm.domErr("NotSupportedError", fmt.Sprintf("Unable to import %s key with format %s", kind, format)))
	}
	k := &cryptoKey{alg: alg.name, hash: alg.hash, secret: data, extractable: extractable, usages: usages}
	if alg.name == "HMAC" {
		if len(data) == 0 {
			panic(cm.domErr("DataError", "Zero-length key is not supported"))
		}
		if alg.length >= 0 && alg.length != int64(len(data))*8 {
			panic(cm.domErr("DataError", "Invalid key length"))
		}
	} else if n := len(data); n != 16 && n != 24 && n != 32 {
		panic(cm.domErr("DataError", "Invalid key length"))
	}
	if len(usages) == 0 {
		panic(cm.domErr("SyntaxError", "Usages cannot be empty when importing a secret key."))
	}
	return cm.newKey(k, false)
}

func (cm *cryptoMod) generateKey(a []goja.Value) goja.Value {
	const m = "generateKey"
	extractable := a[1].ToBoolean()
	usages := cm.webUsages(m, 2, a[2])
	alg := cm.normalize(a[0], m)
	length := alg.length
	if alg.name == "HMAC" {
		if length < 0 {
			length = int64(alg.hash.block)
		}
		if length%8 != 0 {
			panic(cm.typeErr("ERR_INVALID_ARG_VALUE", fmt.Sprintf("The property 'algorithm.length' must be a multiple of 8. Received %d", length)))
		}
	} else if length != 128 && length != 192 && length != 256 {
		panic(cm.domErr("OperationError", "AES key length must be 128, 192, or 256 bits"))
	}
	cm.checkUsages(alg.name, usages)
	if length == 0 || length > math.MaxInt32 || length/8 > cm.limit() {
		panic(cm.domErr("OperationError", "The operation failed for an operation-specific reason"))
	}
	secret := make([]byte, length/8)
	cm.fill(secret)
	var set []string
	for _, u := range usages {
		if !cryptoHas(set, u) {
			set = append(set, u)
		}
	}
	if len(set) == 0 {
		panic(cm.domErr("SyntaxError", "Usages cannot be empty when creating a key."))
	}
	return cm.newKey(&cryptoKey{alg: alg.name, hash: alg.hash, secret: secret, extractable: extractable, usages: set}, true)
}

func (cm *cryptoMod) exportKey(a []goja.Value) goja.Value {
	const m = "exportKey"
	format := cm.webFormat(m, a[0])
	k := cm.webKey(m, 1, a[1])
	if !k.extractable {
		panic(cm.domErr("InvalidAccessException", "key is not extractable")) // sic, Node 20
	}
	switch format {
	case "raw":
		return cm.arrayBuffer(append([]byte(nil), k.secret...))
	case "jwk":
		rt := cm.rt
		j := rt.NewObject()
		us := make([]any, len(k.usages))
		for i, u := range k.usages {
			us[i] = u
		}
		j.Set("key_ops", rt.NewArray(us...))
		j.Set("ext", k.extractable)
		j.Set("kty", "oct")
		j.Set("k", base64.RawURLEncoding.EncodeToString(k.secret))
		if k.alg == "HMAC" {
			j.Set("alg", k.hash.jwk)
		} else {
			j.Set("alg", fmt.Sprintf("A%dGCM", len(k.secret)*8))
		}
		return j
	}
	what := format
	if format == "spki" {
		what = "raw" // sic, Node 20
	}
	panic(cm.domErr("InvalidAccessError", fmt.Sprintf("Unable to export a %s %s secret key", what, k.alg)))
}
