package guest

import (
	"bytes"
	"crypto"
	"crypto/ecdh"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"crypto/subtle"
	"crypto/x509"
	"encoding/base64"
	"encoding/pem"
	"errors"
	"fmt"
	"hash"
	"math"
	"math/big"
	"sync"

	"github.com/dop251/goja"
)

// Key objects, signatures and key pairs of require('crypto'), after Node
// 20's lib/internal/crypto/keys.js, sig.js and keygen.js: createSecretKey,
// createPublicKey, createPrivateKey, KeyObject, createSign, createVerify,
// sign, verify, generateKeyPair(Sync) and generateKey(Sync), on Go's
// crypto/x509, rsa, ecdsa, ed25519 and ecdh. Keys are RSA, EC on P-224,
// P-256, P-384 and P-521, Ed25519 and X25519 (no signing) as PEM, DER
// (pkcs1, spki, pkcs8, sec1) or JWK. Not here: encrypted private keys
// (import or export), RSA-PSS keys, DSA, DH, Ed448, X448 and secp256k1;
// Sign and Verify are not streams (no write, end or pipe).
//
// Each operation is one bounded call: RSA moduli above 16384 bits are
// refused as OpenSSL refuses them, Go signs with none below 1024 (so
// Node's 512-bit test keys are refused), generateKeyPair takes
// modulusLength from 1024 to cryptoMaxRSABits, and its prime search stops
// at the exec's deadline.

// cryptoMaxRSABits is the largest modulusLength generateKeyPair accepts:
// bigger keys take minutes.
const cryptoMaxRSABits = 8192

// cryptoMaxRSAModulus is OpenSSL's OPENSSL_RSA_MAX_MODULUS_BITS: Node
// signs and verifies with no bigger RSA key, and Go's costs grow with the
// square of the size. A private key's DER past cryptoMaxPrivateDER holds a
// bigger one (a 16384-bit key takes about 9.3 KiB) and is refused before
// Go validates it, which takes a minute for a megabit.
const (
	cryptoMaxRSAModulus = 16384
	cryptoMaxPrivateDER = 12 << 10
)

// cryptoKeyObj is the state of a KeyObject.
type cryptoKeyObj struct {
	kind    string            // "secret", "public" or "private"
	secret  []byte            // secret
	pub     crypto.PublicKey  // public and private: *rsa.PublicKey, *ecdsa.PublicKey, ed25519.PublicKey or *ecdh.PublicKey
	priv    crypto.PrivateKey // private: *rsa.PrivateKey, *ecdsa.PrivateKey, ed25519.PrivateKey or *ecdh.PrivateKey
	details *goja.Object      // asymmetricKeyDetails, made once
}

// asymType is Node's asymmetricKeyType.
func (k *cryptoKeyObj) asymType() string {
	switch k.pub.(type) {
	case *rsa.PublicKey:
		return "rsa"
	case *ecdsa.PublicKey:
		return "ec"
	case ed25519.PublicKey:
		return "ed25519"
	case *ecdh.PublicKey:
		return "x25519"
	}
	return ""
}

// cryptoKeyClasses are the prototypes of the key objects of one runtime.
type cryptoKeyClasses struct {
	keyObject    *goja.Object
	secretProto  *goja.Object
	publicProto  *goja.Object
	privateProto *goja.Object
	signProto    *goja.Object
	verifyProto  *goja.Object
	from         map[*cryptoKey]*goja.Object // KeyObject.from answers the same object
	kKeyType     *goja.Symbol                // Node's own property, which inspect shows
}

// cryptoIsKeyObject keys, in jsState.builtins, util.types.isKeyObject's
// way into the crypto module of the runtime.
const cryptoIsKeyObject = "\x00cryptoIsKeyObject"

// Contexts of prepareAsymmetricKey.
const (
	cryptoConsumePublic = iota
	cryptoConsumePrivate
	cryptoCreatePublic
	cryptoCreatePrivate
)

var cryptoCurveNames = map[elliptic.Curve]string{
	elliptic.P224(): "secp224r1", elliptic.P256(): "prime256v1",
	elliptic.P384(): "secp384r1", elliptic.P521(): "secp521r1",
}

var cryptoJWKCurves = map[string]elliptic.Curve{"P-256": elliptic.P256(), "P-384": elliptic.P384(), "P-521": elliptic.P521()}

var cryptoCurveJWK = map[elliptic.Curve]string{elliptic.P256(): "P-256", elliptic.P384(): "P-384", elliptic.P521(): "P-521"}

// cryptoGenCurves are the namedCurve values generateKeyPair('ec') takes.
var cryptoGenCurves = map[string]elliptic.Curve{
	"P-224": elliptic.P224(), "secp224r1": elliptic.P224(),
	"P-256": elliptic.P256(), "prime256v1": elliptic.P256(), "secp256r1": elliptic.P256(),
	"P-384": elliptic.P384(), "secp384r1": elliptic.P384(),
	"P-521": elliptic.P521(), "secp521r1": elliptic.P521(),
}

// cryptoHashIDs are the crypto.Hash of each digest, for RSA signatures.
var cryptoHashIDs = map[string]crypto.Hash{
	"md5": crypto.MD5, "sha1": crypto.SHA1, "sha224": crypto.SHA224, "sha256": crypto.SHA256,
	"sha384": crypto.SHA384, "sha512": crypto.SHA512, "sha512-224": crypto.SHA512_224,
	"sha512-256": crypto.SHA512_256, "sha3-224": crypto.SHA3_224, "sha3-256": crypto.SHA3_256,
	"sha3-384": crypto.SHA3_384, "sha3-512": crypto.SHA3_512,
}

func (cm *cryptoMod) keysModule(e *goja.Object) {
	rt := cm.rt
	kc := &cryptoKeyClasses{from: map[*cryptoKey]*goja.Object{}, kKeyType: goja.NewSymbol("kKeyType")}
	cm.keys = kc

	class := func(name string, parent *goja.Object, f func(goja.ConstructorCall) *goja.Object) (*goja.Object, *goja.Object) {
		c := cm.ctor(name, f)
		p := c.Get("prototype").ToObject(rt)
		if parent != nil {
			c.SetPrototype(parent)
			p.SetPrototype(parent.Get("prototype").ToObject(rt))
		}
		return c, p
	}
	noHandle := func(c goja.ConstructorCall) *goja.Object {
		panic(cm.argType("handle", "of type object", c.Argument(0)))
	}
	keyObject, kp := class("KeyObject", nil, func(c goja.ConstructorCall) *goja.Object {
		t := c.Argument(0)
		if s := t.String(); !isPrimitiveString(t) || (s != "secret" && s != "public" && s != "private") {
			panic(cm.argValue("type", t, "is invalid"))
		}
		panic(cm.argType("handle", "of type object", c.Argument(1)))
	})
	kc.keyObject = keyObject
	kp.DefineDataPropertySymbol(goja.SymToStringTag, rt.ToValue("KeyObject"), goja.FLAG_FALSE, goja.FLAG_TRUE, goja.FLAG_FALSE)
	getter := func(o *goja.Object, name string, f func(goja.FunctionCall) goja.Value) {
		fn := rt.ToValue(f).ToObject(rt)
		fn.DefineDataProperty("name", rt.ToValue("get "+name), goja.FLAG_FALSE, goja.FLAG_FALSE, goja.FLAG_TRUE)
		o.DefineAccessorProperty(name, fn, nil, goja.FLAG_TRUE, goja.FLAG_FALSE)
	}
	method := func(o *goja.Object, name string, f func(goja.FunctionCall) goja.Value) {
		fn := rt.ToValue(f).ToObject(rt)
		fn.DefineDataProperty("name", rt.ToValue(name), goja.FLAG_FALSE, goja.FLAG_FALSE, goja.FLAG_TRUE)
		o.DefineDataProperty(name, fn, goja.FLAG_TRUE, goja.FLAG_TRUE, goja.FLAG_FALSE)
	}
	getter(kp, "type", func(c goja.FunctionCall) goja.Value {
		if k, ok := cm.keyOf(c.This); ok {
			return rt.ToValue(k.kind)
		}
		return goja.Undefined()
	})
	method(kp, "equals", func(c goja.FunctionCall) goja.Value {
		k := cm.thisKey(c.This)
		o, ok := cm.keyOf(c.Argument(0))
		if !ok {
			panic(cm.argType("otherKeyObject", "an instance of KeyObject", c.Argument(0)))
		}
		return rt.ToValue(cryptoKeysEqual(k, o))
	})
	keyObject.Set("from", func(c goja.FunctionCall) goja.Value {
		ck, ok := cm.stateOf(c.Argument(0)).(*cryptoKey)
		if !ok {
			panic(cm.argType("key", "an instance of CryptoKey", c.Argument(0)))
		}
		if o := kc.from[ck]; o != nil {
			return o
		}
		o := cm.newKeyObject(&cryptoKeyObj{kind: "secret", secret: ck.secret})
		kc.from[ck] = o
		return o
	})

	_, sp := class("SecretKeyObject", keyObject, noHandle)
	kc.secretProto = sp
	getter(sp, "symmetricKeySize", func(c goja.FunctionCall) goja.Value {
		return rt.ToValue(len(cm.thisKey(c.This).secret))
	})
	method(sp, "export", func(c goja.FunctionCall) goja.Value {
		k := cm.thisKey(c.This)
		if opts := c.Argument(0); !cryptoUndef(opts) {
			cm.validateObject(opts, "options")
			f := opts.ToObject(rt).Get("format")
			if !cryptoUndef(f) && !(isPrimitiveString(f) && (f.String() == "buffer" || f.String() == "jwk")) {
				panic(cm.argValue2("options.format", f, "must be one of: undefined, 'buffer', 'jwk'"))
			}
			if !cryptoUndef(f) && f.String() == "jwk" {
				j := rt.NewObject()
				j.Set("kty", "oct")
				j.Set("k", base64.RawURLEncoding.EncodeToString(k.secret))
				return j
			}
		}
		return cm.js.wrapBytes(bytes.Clone(k.secret))
	})

	asymCtor, ap := class("AsymmetricKeyObject", keyObject, noHandle)
	getter(ap, "asymmetricKeyType", func(c goja.FunctionCall) goja.Value {
		return rt.ToValue(cm.thisKey(c.This).asymType())
	})
	getter(ap, "asymmetricKeyDetails", func(c goja.FunctionCall) goja.Value {
		return cm.keyDetails(cm.thisKey(c.This))
	})
	_, pub := class("PublicKeyObject", asymCtor, noHandle)
	kc.publicProto = pub
	method(pub, "export", func(c goja.FunctionCall) goja.Value {
		return cm.exportAsym(cm.thisKey(c.This), c.Argument(0))
	})
	_, priv := class("PrivateKeyObject", asymCtor, noHandle)
	kc.privateProto = priv
	method(priv, "export", func(c goja.FunctionCall) goja.Value {
		return cm.exportAsym(cm.thisKey(c.This), c.Argument(0))
	})
	e.Set("KeyObject", keyObject)
	cm.js.builtins[cryptoIsKeyObject] = rt.ToValue(func(c goja.FunctionCall) goja.Value {
		_, ok := cm.keyOf(c.Argument(0))
		return rt.ToValue(ok)
	})

	e.Set("createSecretKey", func(c goja.FunctionCall) goja.Value {
		v := c.Argument(0)
		var b []byte
		switch {
		case isPrimitiveString(v):
			enc := "utf8"
			if x := c.Argument(1); isPrimitiveString(x) {
				enc = cryptoEncoding(x.String())
			}
			b = cm.decodeString(v, enc)
		default:
			w, ok := cm.viewOf(v)
			if !ok {
				panic(cm.argType("key", "an instance of ArrayBuffer, Buffer, TypedArray, or DataView", v))
			}
			b = w.b
		}
		return cm.newKeyObject(&cryptoKeyObj{kind: "secret", secret: bytes.Clone(b)})
	})
	e.Set("createPublicKey", func(c goja.FunctionCall) goja.Value {
		k := cm.prepareAsymmetric(c.Argument(0), cryptoCreatePublic)
		return cm.newKeyObject(&cryptoKeyObj{kind: "public", pub: k.pub})
	})
	e.Set("createPrivateKey", func(c goja.FunctionCall) goja.Value {
		return cm.newKeyObject(cm.prepareAsymmetric(c.Argument(0), cryptoCreatePrivate))
	})

	cm.signClasses(e)
	e.Set("sign", cm.signOneShot)
	e.Set("verify", cm.verifyOneShot)
	pair := func(pubV, privV goja.Value) goja.Value {
		o := rt.NewObject()
		o.Set("publicKey", pubV)
		o.Set("privateKey", privV)
		return o
	}
	e.Set("generateKeyPairSync", func(c goja.FunctionCall) goja.Value {
		return pair(cm.generateKeyPair(c.Argument(0), c.Argument(1))())
	})
	gen := rt.ToValue(func(c goja.FunctionCall) goja.Value {
		opts, cb := c.Argument(1), c.Argument(2)
		if _, ok := goja.AssertFunction(opts); ok {
			opts, cb = goja.Undefined(), opts
		}
		cm.validateFunction(cb, "callback")
		// Bad arguments throw; a failed generation calls back.
		generate := cm.generateKeyPair(c.Argument(0), opts)
		var pubV, privV goja.Value
		if _, thrown := cm.js.try(func() goja.Value { pubV, privV = generate(); return nil }); thrown != nil {
			cm.later(cb, thrown)
		} else {
			cm.later(cb, goja.Null(), pubV, privV)
		}
		return goja.Undefined()
	}).ToObject(rt)
	// util.promisify(generateKeyPair) resolves { publicKey, privateKey },
	// as Node's customPromisifyArgs makes it.
	if sym, ok := cm.symbolFor("nodejs.util.promisify.custom"); ok {
		gen.DefineDataPropertySymbol(sym, rt.ToValue(func(c goja.FunctionCall) goja.Value {
			// Settled from the event loop, where the callback form calls back.
			// Bad arguments reject, as they throw in Node's promise executor.
			p, resolve, reject := rt.NewPromise()
			v, thrown := cm.js.try(func() goja.Value { return pair(cm.generateKeyPair(c.Argument(0), c.Argument(1))()) })
			cm.later(rt.ToValue(func(goja.FunctionCall) goja.Value {
				if thrown != nil {
					reject(thrown)
				} else {
					resolve(v)
				}
				return goja.Undefined()
			}))
			return rt.ToValue(p)
		}), goja.FLAG_FALSE, goja.FLAG_FALSE, goja.FLAG_FALSE)
	}
	e.Set("generateKeyPair", gen)
	e.Set("generateKeySync", func(c goja.FunctionCall) goja.Value {
		return cm.generateSecret(c.Argument(0), c.Argument(1))
	})
	e.Set("generateKey", func(c goja.FunctionCall) goja.Value {
		opts, cb := c.Argument(1), c.Argument(2)
		if _, ok := goja.AssertFunction(opts); ok {
			opts, cb = goja.Undefined(), opts
		}
		cm.validateFunction(cb, "callback")
		k := cm.generateSecret(c.Argument(0), opts)
		cm.later(cb, goja.Null(), k)
		return goja.Undefined()
	})
	e.Set("constants", cm.constants())
}

// symbolFor is Symbol.for(key), which goja has no Go call for.
func (cm *cryptoMod) symbolFor(key string) (*goja.Symbol, bool) {
	sym, ok := cm.rt.Get("Symbol").(*goja.Object)
	if !ok {
		return nil, false
	}
	f, ok := goja.AssertFunction(sym.Get("for"))
	if !ok {
		return nil, false
	}
	v, err := f(sym, cm.rt.ToValue(key))
	if err != nil {
		return nil, false
	}
	s, ok := v.(*goja.Symbol)
	return s, ok
}

func (cm *cryptoMod) newKeyObject(k *cryptoKeyObj) *goja.Object {
	proto := cm.keys.secretProto
	switch k.kind {
	case "public":
		proto = cm.keys.publicProto
	case "private":
		proto = cm.keys.privateProto
	}
	o := cm.rt.CreateObject(proto)
	o.SetSymbol(cm.keys.kKeyType, k.kind)
	cm.attach(o, k)
	return o
}

func (cm *cryptoMod) keyOf(v goja.Value) (*cryptoKeyObj, bool) {
	k, ok := cm.stateOf(v).(*cryptoKeyObj)
	return k, ok
}

// thisKey is the key a KeyObject method is called on; Node's methods read
// a private field and throw a TypeError on anything else.
func (cm *cryptoMod) thisKey(v goja.Value) *cryptoKeyObj {
	k, ok := cm.keyOf(v)
	if !ok {
		panic(cm.rt.NewTypeError("Cannot read private member from an object whose class did not declare it"))
	}
	return k
}

func cryptoKeysEqual(a, b *cryptoKeyObj) bool {
	if a.kind != b.kind {
		return false
	}
	if a.kind == "secret" {
		return len(a.secret) == len(b.secret) && subtle.ConstantTimeCompare(a.secret, b.secret) == 1
	}
	// EVP_PKEY_eq compares the public halves, for private keys too.
	p, ok := a.pub.(interface{ Equal(crypto.PublicKey) bool })
	return ok && p.Equal(b.pub)
}

func (cm *cryptoMod) keyDetails(k *cryptoKeyObj) goja.Value {
	rt := cm.rt
	if k.details != nil {
		return k.details
	}
	d := rt.NewObject()
	switch p := k.pub.(type) {
	case *rsa.PublicKey:
		d.Set("modulusLength", p.N.BitLen())
		d.Set("publicExponent", rt.ToValue(big.NewInt(int64(p.E))))
	case *ecdsa.PublicKey:
		d.Set("namedCurve", cryptoCurveNames[p.Curve])
	default:
		return d // Node makes a new {} each time
	}
	k.details = d
	return d
}

// ---- errors ----

// ossl is an OpenSSL error as Node reports one, with the errors OpenSSL
// queued before it if any.
func (cm *cryptoMod) ossl(hexCode, lib, reason, code string, stack ...any) *goja.Object {
	e := cm.js.newError(fmt.Sprintf("error:%s:%s::%s", hexCode, lib, reason))
	if len(stack) > 0 {
		e.Set("opensslErrorStack", cm.rt.NewArray(stack...))
	}
	e.Set("library", lib)
	e.Set("reason", reason)
	e.Set("code", code)
	return e
}

func (cm *cryptoMod) modulusTooLarge() *goja.Object {
	return cm.ossl("0200006A", "rsa routines", "modulus too large", "ERR_OSSL_RSA_MODULUS_TOO_LARGE")
}

func (cm *cryptoMod) decoderErr() *goja.Object {
	return cm.ossl("1E08010C", "DECODER routines", "unsupported", "ERR_OSSL_UNSUPPORTED")
}

func (cm *cryptoMod) invalidKeyType(got, want string) *goja.Object {
	return cm.typeErr("ERR_CRYPTO_INVALID_KEY_OBJECT_TYPE", fmt.Sprintf("Invalid key object type %s, expected %s.", got, want))
}

func (cm *cryptoMod) incompatible(enc, why string) *goja.Object {
	return cm.plainErr("ERR_CRYPTO_INCOMPATIBLE_KEY_OPTIONS", fmt.Sprintf("The selected key encoding %s %s.", enc, why))
}

// unsupported is what this runtime says for what Node has and it has not.
func (cm *cryptoMod) unsupported(what string) *goja.Object {
	return cm.plainErr("ERR_CRYPTO_UNSUPPORTED_OPERATION", what+" is not supported in this runtime")
}

// argValue2 is ERR_INVALID_ARG_VALUE with Node's "property" wording for
// dotted names.
func (cm *cryptoMod) argValue2(name string, v goja.Value, reason string) *goja.Object {
	kind := "argument"
	for _, r := range name {
		if r == '.' || r == '[' {
			kind = "property"
			break
		}
	}
	return cm.typeErr("ERR_INVALID_ARG_VALUE", fmt.Sprintf("The %s '%s' %s. Received %s", kind, name, reason, cm.js.inspect(v, inspectOpts{depth: 2})))
}

// ---- reading keys ----

func (cm *cryptoMod) keyTypes(allowKeyObject bool) string {
	if allowKeyObject {
		return "of type string or an instance of ArrayBuffer, Buffer, TypedArray, DataView, KeyObject, or CryptoKey"
	}
	return "of type string or an instance of ArrayBuffer, Buffer, TypedArray, or DataView"
}

func (cm *cryptoMod) isStringOrBuffer(v goja.Value) bool {
	if isPrimitiveString(v) {
		return true
	}
	_, ok := cm.viewOf(v)
	return ok
}

// keyObjectFor is getKeyObjectHandle: a KeyObject (or CryptoKey) given
// where an asymmetric key is wanted.
func (cm *cryptoMod) keyObjectFor(v goja.Value, k *cryptoKeyObj, ctx int) *cryptoKeyObj {
	if ctx == cryptoCreatePrivate {
		panic(cm.argType("key", cm.keyTypes(false), v))
	}
	if k.kind != "private" {
		if ctx == cryptoConsumePrivate || ctx == cryptoCreatePublic {
			panic(cm.invalidKeyType(k.kind, "private"))
		}
		if k.kind != "public" {
			panic(cm.invalidKeyType(k.kind, "private or public"))
		}
	}
	return k
}

func (cm *cryptoMod) knownKey(v goja.Value) (*cryptoKeyObj, bool) {
	if k, ok := cm.keyOf(v); ok {
		return k, true
	}
	if ck, ok := cm.stateOf(v).(*cryptoKey); ok {
		return &cryptoKeyObj{kind: "secret", secret: ck.secret}, true
	}
	return nil, false
}

// prepareAsymmetric is Node's prepareAsymmetricKey followed by the key's
// parsing: the key in v, public or private by ctx.
func (cm *cryptoMod) prepareAsymmetric(v goja.Value, ctx int) *cryptoKeyObj {
	if k, ok := cm.knownKey(v); ok {
		return cm.keyObjectFor(v, k, ctx)
	}
	wantPrivate := ctx == cryptoConsumePrivate || ctx == cryptoCreatePrivate
	if cm.isStringOrBuffer(v) {
		return cm.parseKey(cm.bytesOrString(v, "key"), "pem", "", wantPrivate, ctx, false)
	}
	if goja.IsNull(v) {
		// Node destructures { key } from it.
		panic(cm.rt.NewTypeError("Cannot destructure property 'key' of 'key' as it is null."))
	}
	o, ok := v.(*goja.Object)
	if !ok {
		panic(cm.argType("key", cm.keyTypes(ctx != cryptoCreatePrivate), v))
	}
	data := o.Get("key")
	if k, ok := cm.knownKey(data); ok {
		return cm.keyObjectFor(data, k, ctx)
	}
	format := o.Get("format")
	if isPrimitiveString(format) && format.String() == "jwk" {
		cm.validateObject(data, "key.key")
		return cm.keyFromJWK(data.ToObject(cm.rt), ctx)
	}
	if !cm.isStringOrBuffer(data) {
		panic(cm.argType("key.key", cm.keyTypes(ctx != cryptoCreatePrivate), data))
	}
	var raw []byte
	if isPrimitiveString(data) {
		enc := "utf8"
		if e := o.Get("encoding"); isPrimitiveString(e) {
			enc = cryptoEncoding(e.String())
		}
		raw = cm.decodeString(data, enc)
	} else {
		raw = cm.bytesOrString(data, "key")
	}
	isPublic := 0 // undefined
	if wantPrivate {
		isPublic = -1 // false
	}
	f, t := cm.keyFormatAndType(o, "", isPublic, "")
	pass := false
	if isPublic != 1 {
		p := o.Get("passphrase")
		if !cryptoUndef(p) {
			if !cm.isStringOrBuffer(p) {
				panic(cm.argValue2("options.passphrase", p, "is invalid"))
			}
			pass = true
		}
	}
	return cm.parseKey(raw, f, t, wantPrivate, ctx, pass)
}

// keyFormatAndType is parseKeyFormatAndType and parseKeyType: keyType is
// "" for an input encoding; isPublic is 1 (true), -1 (false) or 0
// (undefined); objName prefixes the option names.
func (cm *cryptoMod) keyFormatAndType(enc *goja.Object, keyType string, isPublic int, objName string) (string, string) {
	opt := func(n string) string {
		if objName == "" {
			return "options." + n
		}
		return "options." + objName + "." + n
	}
	isInput := keyType == ""
	fv := enc.Get("format")
	format := ""
	switch {
	case cryptoUndef(fv) && isInput:
		format = "pem"
	case isPrimitiveString(fv) && (fv.String() == "pem" || fv.String() == "der" || fv.String() == "jwk"):
		format = fv.String()
	default:
		panic(cm.argValue2(opt("format"), fv, "is invalid"))
	}
	required := (!isInput || format == "der") && format != "jwk"
	tv := enc.Get("type")
	if cryptoUndef(tv) && !required {
		return format, ""
	}
	t := ""
	if isPrimitiveString(tv) {
		t = tv.String()
	}
	switch {
	case t == "pkcs1":
		if keyType != "" && keyType != "rsa" {
			panic(cm.incompatible(t, "can only be used for RSA keys"))
		}
		return format, t
	case t == "spki" && isPublic != -1:
		return format, t
	case t == "pkcs8" && isPublic != 1:
		return format, t
	case t == "sec1" && isPublic != 1:
		if keyType != "" && keyType != "ec" {
			panic(cm.incompatible(t, "can only be used for EC keys"))
		}
		return format, t
	}
	panic(cm.argValue2(opt("type"), tv, "is invalid"))
}

// parseKey reads a PEM or DER key. wantPrivate refuses public keys; a
// private key given for a public one becomes public when created
// (createPublicKey) and stays private to verify with.
func (cm *cryptoMod) parseKey(data []byte, format, typ string, wantPrivate bool, ctx int, pass bool) *cryptoKeyObj {
	var key any
	var err error
	if format == "pem" {
		key, err = cm.parsePEM(data, wantPrivate, pass)
	} else {
		if typ != "spki" && len(data) > cryptoMaxPrivateDER {
			panic(cm.modulusTooLarge())
		}
		key, err = cryptoParseDER(data, typ, wantPrivate)
	}
	if err != nil {
		panic(cm.decoderErr())
	}
	k, ok := cryptoKeyFromGo(key)
	if !ok {
		panic(cm.decoderErr())
	}
	if p, ok := k.pub.(*rsa.PublicKey); ok && p.N.BitLen() > cryptoMaxRSAModulus {
		panic(cm.modulusTooLarge())
	}
	if ctx == cryptoCreatePublic {
		k.kind, k.priv = "public", nil
	}
	return k
}

func (cm *cryptoMod) parsePEM(data []byte, wantPrivate, pass bool) (any, error) {
	rest := data
	for {
		var b *pem.Block
		b, rest = pem.Decode(rest)
		if b == nil {
			return nil, errors.New("no key")
		}
		switch b.Type {
		case "PRIVATE KEY", "RSA PRIVATE KEY", "EC PRIVATE KEY", "ENCRYPTED PRIVATE KEY":
			if len(b.Bytes) > cryptoMaxPrivateDER {
				panic(cm.modulusTooLarge())
			}
		}
		switch b.Type {
		case "PRIVATE KEY":
			return x509.ParsePKCS8PrivateKey(b.Bytes)
		case "RSA PRIVATE KEY", "EC PRIVATE KEY":
			if b.Headers["Proc-Type"] != "" {
				cm.encryptedKey(pass)
			}
			if b.Type == "EC PRIVATE KEY" {
				return x509.ParseECPrivateKey(b.Bytes)
			}
			return x509.ParsePKCS1PrivateKey(b.Bytes)
		case "ENCRYPTED PRIVATE KEY":
			if _, err := x509.ParsePKCS8PrivateKey(b.Bytes); err == nil {
				return nil, errors.New("not encrypted")
			}
			cm.encryptedKey(pass)
		}
		if wantPrivate {
			continue
		}
		switch b.Type {
		case "PUBLIC KEY":
			return x509.ParsePKIXPublicKey(b.Bytes)
		case "RSA PUBLIC KEY":
			return x509.ParsePKCS1PublicKey(b.Bytes)
		case "CERTIFICATE":
			c, err := x509.ParseCertificate(b.Bytes)
			if err != nil {
				return nil, err
			}
			return c.PublicKey, nil
		}
	}
}

// encryptedKey throws for an encrypted private key: Node's error without
// a passphrase, ours with one (Go has no PKCS#8 decryption).
func (cm *cryptoMod) encryptedKey(pass bool) {
	if !pass {
		panic(cm.typeErr("ERR_MISSING_PASSPHRASE", "Passphrase required for encrypted key"))
	}
	panic(cm.unsupported("An encrypted private key"))
}

func cryptoParseDER(der []byte, typ string, wantPrivate bool) (any, error) {
	switch typ {
	case "spki":
		return x509.ParsePKIXPublicKey(der)
	case "pkcs1":
		if !wantPrivate {
			if k, err := x509.ParsePKCS1PublicKey(der); err == nil {
				return k, nil
			}
		}
		return x509.ParsePKCS1PrivateKey(der)
	case "pkcs8":
		return x509.ParsePKCS8PrivateKey(der)
	case "sec1":
		return x509.ParseECPrivateKey(der)
	}
	return nil, errors.New("no type")
}

// cryptoKeyFromGo wraps a key from crypto/x509; ok is false for a kind
// not handled here.
func cryptoKeyFromGo(key any) (*cryptoKeyObj, bool) {
	switch k := key.(type) {
	case *rsa.PublicKey:
		return &cryptoKeyObj{kind: "public", pub: k}, true
	case *ecdsa.PublicKey:
		_, ok := cryptoCurveNames[k.Curve]
		return &cryptoKeyObj{kind: "public", pub: k}, ok
	case ed25519.PublicKey:
		return &cryptoKeyObj{kind: "public", pub: k}, true
	case *ecdh.PublicKey:
		return &cryptoKeyObj{kind: "public", pub: k}, k.Curve() == ecdh.X25519()
	case *rsa.PrivateKey:
		return &cryptoKeyObj{kind: "private", pub: &k.PublicKey, priv: k}, true
	case *ecdsa.PrivateKey:
		_, ok := cryptoCurveNames[k.Curve]
		return &cryptoKeyObj{kind: "private", pub: &k.PublicKey, priv: k}, ok
	case ed25519.PrivateKey:
		return &cryptoKeyObj{kind: "private", pub: k.Public(), priv: k}, true
	case *ecdh.PrivateKey:
		return &cryptoKeyObj{kind: "private", pub: k.PublicKey(), priv: k}, k.Curve() == ecdh.X25519()
	}
	return nil, false
}

// ---- JWK ----

func (cm *cryptoMod) jwkString(o *goja.Object, name string) []byte {
	return cryptoBase64Decode(cm.validateString(o.Get(name), "key."+name))
}

func (cm *cryptoMod) jwkOneOf(v goja.Value, name string, list ...string) string {
	if isPrimitiveString(v) {
		for _, s := range list {
			if v.String() == s {
				return s
			}
		}
	}
	quoted := ""
	for i, s := range list {
		if i > 0 {
			quoted += ", "
		}
		quoted += "'" + s + "'"
	}
	panic(cm.argValue2(name, v, "must be one of: "+quoted))
}

// keyFromJWK is getKeyObjectHandleFromJwk.
func (cm *cryptoMod) keyFromJWK(o *goja.Object, ctx int) *cryptoKeyObj {
	isPublic := ctx == cryptoConsumePublic || ctx == cryptoCreatePublic
	kind := "private"
	if isPublic {
		kind = "public"
	}
	invalid := func(what string) *goja.Object {
		msg := "Invalid JWK data"
		if what != "" {
			msg = "Invalid JWK " + what + " key"
		}
		return cm.typeErr("ERR_CRYPTO_INVALID_JWK", msg)
	}
	switch cm.jwkOneOf(o.Get("kty"), "key.kty", "RSA", "EC", "OKP") {
	case "OKP":
		cm.validateString(o.Get("crv"), "key.crv")
		crv := cm.jwkOneOf(o.Get("crv"), "key.crv", "Ed25519", "Ed448", "X25519", "X448")
		cm.validateString(o.Get("x"), "key.x")
		if !isPublic {
			cm.validateString(o.Get("d"), "key.d")
		}
		var data []byte
		if isPublic {
			data = cm.jwkString(o, "x")
		} else {
			data = cm.jwkString(o, "d")
		}
		if crv == "Ed448" || crv == "X448" {
			panic(cm.unsupported(crv))
		}
		if len(data) != 32 {
			panic(invalid(""))
		}
		if crv == "Ed25519" {
			if isPublic {
				return &cryptoKeyObj{kind: kind, pub: ed25519.PublicKey(data)}
			}
			p := ed25519.NewKeyFromSeed(data)
			return &cryptoKeyObj{kind: kind, pub: p.Public(), priv: p}
		}
		if isPublic {
			p, err := ecdh.X25519().NewPublicKey(data)
			if err != nil {
				panic(invalid(""))
			}
			return &cryptoKeyObj{kind: kind, pub: p}
		}
		p, err := ecdh.X25519().NewPrivateKey(data)
		if err != nil {
			panic(invalid(""))
		}
		return &cryptoKeyObj{kind: kind, pub: p.PublicKey(), priv: p}
	case "EC":
		cm.validateString(o.Get("crv"), "key.crv")
		crv := cm.jwkOneOf(o.Get("crv"), "key.crv", "P-256", "secp256k1", "P-384", "P-521")
		cm.validateString(o.Get("x"), "key.x")
		cm.validateString(o.Get("y"), "key.y")
		if !isPublic {
			cm.validateString(o.Get("d"), "key.d")
		}
		if crv == "secp256k1" {
			panic(cm.unsupported("The secp256k1 curve"))
		}
		curve := cryptoJWKCurves[crv]
		size := (curve.Params().BitSize + 7) / 8
		x, y := cm.jwkString(o, "x"), cm.jwkString(o, "y")
		if len(x) > size || len(y) > size {
			panic(invalid("EC"))
		}
		point := make([]byte, 1+2*size)
		point[0] = 4
		copy(point[1+size-len(x):], x)
		copy(point[1+2*size-len(y):], y)
		pub, err := ecdsa.ParseUncompressedPublicKey(curve, point)
		if err != nil {
			panic(invalid("EC"))
		}
		if isPublic {
			return &cryptoKeyObj{kind: kind, pub: pub}
		}
		d := cm.jwkString(o, "d")
		if len(d) > size {
			panic(invalid("EC"))
		}
		raw := make([]byte, size)
		copy(raw[size-len(d):], d)
		p, err := ecdsa.ParseRawPrivateKey(curve, raw)
		if err != nil || !p.PublicKey.Equal(pub) {
			panic(invalid("EC"))
		}
		return &cryptoKeyObj{kind: kind, pub: &p.PublicKey, priv: p}
	}
	n, e := cm.jwkString(o, "n"), cm.jwkString(o, "e")
	names := []string{"d", "p", "q", "dp", "dq", "qi"}
	var parts [][]byte
	if !isPublic {
		for _, name := range names {
			cm.validateString(o.Get(name), "key."+name)
		}
		for _, name := range names {
			parts = append(parts, cm.jwkString(o, name))
		}
	}
	if len(n) > cryptoMaxRSAModulus/8+1 {
		panic(cm.modulusTooLarge())
	}
	eb := new(big.Int).SetBytes(e)
	if len(n) == 0 || !eb.IsInt64() || eb.Int64() > math.MaxInt32 || eb.Int64() < 3 {
		panic(invalid("RSA"))
	}
	pub := &rsa.PublicKey{N: new(big.Int).SetBytes(n), E: int(eb.Int64())}
	if isPublic {
		return &cryptoKeyObj{kind: kind, pub: pub}
	}
	i := func(b []byte) *big.Int { return new(big.Int).SetBytes(b) }
	p := &rsa.PrivateKey{PublicKey: *pub, D: i(parts[0]), Primes: []*big.Int{i(parts[1]), i(parts[2])}}
	p.Precomputed.Dp, p.Precomputed.Dq, p.Precomputed.Qinv = i(parts[3]), i(parts[4]), i(parts[5])
	if p.Validate() != nil {
		panic(invalid("RSA"))
	}
	p.Precompute()
	return &cryptoKeyObj{kind: kind, pub: &p.PublicKey, priv: p}
}

func cryptoB64(b []byte) string { return base64.RawURLEncoding.EncodeToString(b) }

func (cm *cryptoMod) exportJWK(k *cryptoKeyObj) *goja.Object {
	j := cm.rt.NewObject()
	private := k.kind == "private"
	switch p := k.pub.(type) {
	case *rsa.PublicKey:
		j.Set("kty", "RSA")
		j.Set("n", cryptoB64(p.N.Bytes()))
		j.Set("e", cryptoB64(big.NewInt(int64(p.E)).Bytes()))
		if private {
			r := k.priv.(*rsa.PrivateKey)
			r.Precompute()
			j.Set("d", cryptoB64(r.D.Bytes()))
			j.Set("p", cryptoB64(r.Primes[0].Bytes()))
			j.Set("q", cryptoB64(r.Primes[1].Bytes()))
			j.Set("dp", cryptoB64(r.Precomputed.Dp.Bytes()))
			j.Set("dq", cryptoB64(r.Precomputed.Dq.Bytes()))
			j.Set("qi", cryptoB64(r.Precomputed.Qinv.Bytes()))
		}
	case *ecdsa.PublicKey:
		crv, ok := cryptoCurveJWK[p.Curve]
		if !ok {
			panic(cm.plainErr("ERR_CRYPTO_JWK_UNSUPPORTED_CURVE", "Unsupported JWK EC curve: "+cryptoCurveNames[p.Curve]+"."))
		}
		b, _ := p.Bytes()
		size := (len(b) - 1) / 2
		j.Set("kty", "EC")
		j.Set("x", cryptoB64(b[1:1+size]))
		j.Set("y", cryptoB64(b[1+size:]))
		j.Set("crv", crv)
		if private {
			d, _ := k.priv.(*ecdsa.PrivateKey).Bytes()
			j.Set("d", cryptoB64(d))
		}
	case ed25519.PublicKey:
		j.Set("crv", "Ed25519")
		if private {
			j.Set("d", cryptoB64(k.priv.(ed25519.PrivateKey).Seed()))
		}
		j.Set("x", cryptoB64(p))
		j.Set("kty", "OKP")
	case *ecdh.PublicKey:
		j.Set("crv", "X25519")
		if private {
			j.Set("d", cryptoB64(k.priv.(*ecdh.PrivateKey).Bytes()))
		}
		j.Set("x", cryptoB64(p.Bytes()))
		j.Set("kty", "OKP")
	}
	return j
}

// ---- writing keys ----

// exportAsym is PublicKeyObject's and PrivateKeyObject's export.
func (cm *cryptoMod) exportAsym(k *cryptoKeyObj, opts goja.Value) goja.Value {
	if o, ok := opts.(*goja.Object); ok {
		if f := o.Get("format"); isPrimitiveString(f) && f.String() == "jwk" {
			if k.kind == "private" && !cryptoUndef(o.Get("passphrase")) {
				panic(cm.incompatible("jwk", "does not support encryption"))
			}
			return cm.exportJWK(k)
		}
	}
	format, typ := cm.outputEncoding(opts, k, "")
	der, label := cm.marshalKey(k, typ)
	return cm.encodeKey(der, label, format)
}

// outputEncoding is parsePublicKeyEncoding / parsePrivateKeyEncoding for
// an output: the format and type, after Node's checks; a cipher (an
// encrypted export) is refused.
func (cm *cryptoMod) outputEncoding(opts goja.Value, k *cryptoKeyObj, objName string) (string, string) {
	cm.validateObject(opts, "options")
	o := opts.ToObject(cm.rt)
	isPublic := 1
	if k.kind == "private" {
		isPublic = -1
	}
	format, typ := cm.keyFormatAndType(o, k.asymType(), isPublic, objName)
	if isPublic == -1 {
		opt := "options.cipher"
		if objName != "" {
			opt = "options." + objName + ".cipher"
		}
		cipherV, pass := o.Get("cipher"), o.Get("passphrase")
		if !cryptoUndef(cipherV) && !goja.IsNull(cipherV) {
			if !isPrimitiveString(cipherV) {
				panic(cm.argValue2(opt, cipherV, "is invalid"))
			}
			if format == "der" && (typ == "pkcs1" || typ == "sec1") {
				panic(cm.incompatible(typ, "does not support encryption"))
			}
			if !cm.isStringOrBuffer(pass) {
				panic(cm.argValue2(opt[:len(opt)-len("cipher")]+"passphrase", pass, "is invalid"))
			}
			panic(cm.unsupported("Encrypting a private key"))
		} else if !cryptoUndef(pass) {
			panic(cm.argValue2(opt, cipherV, "is invalid"))
		}
	}
	return format, typ
}

func (cm *cryptoMod) marshalKey(k *cryptoKeyObj, typ string) ([]byte, string) {
	var der []byte
	var err error
	var label string
	switch typ {
	case "spki":
		der, err = x509.MarshalPKIXPublicKey(k.pub)
		label = "PUBLIC KEY"
	case "pkcs1":
		if k.kind == "private" {
			der, label = x509.MarshalPKCS1PrivateKey(k.priv.(*rsa.PrivateKey)), "RSA PRIVATE KEY"
		} else {
			der, label = x509.MarshalPKCS1PublicKey(k.pub.(*rsa.PublicKey)), "RSA PUBLIC KEY"
		}
	case "pkcs8":
		der, err = x509.MarshalPKCS8PrivateKey(k.priv)
		label = "PRIVATE KEY"
	case "sec1":
		der, err = x509.MarshalECPrivateKey(k.priv.(*ecdsa.PrivateKey))
		label = "EC PRIVATE KEY"
	}
	if err != nil {
		panic(cm.plainErr("ERR_CRYPTO_OPERATION_FAILED", err.Error()))
	}
	return der, label
}

func (cm *cryptoMod) encodeKey(der []byte, label, format string) goja.Value {
	if format == "der" {
		return cm.js.wrapBytes(der)
	}
	return cm.rt.ToValue(string(pem.EncodeToMemory(&pem.Block{Type: label, Bytes: der})))
}

// ---- Sign and Verify ----

// cryptoSigner is the state of a Sign or Verify object.
type cryptoSigner struct {
	alg  *cryptoAlg
	h    hash.Hash
	done bool
}

func (cm *cryptoMod) signClasses(e *goja.Object) {
	rt := cm.rt
	kc := cm.keys
	newSigner := func(c goja.ConstructorCall, proto *goja.Object) *goja.Object {
		name := cm.validateString(c.Argument(0), "algorithm")
		alg := cryptoHashByName(name)
		if alg == nil {
			panic(cm.typeErr("ERR_CRYPTO_INVALID_DIGEST", "Invalid digest"))
		}
		o := rt.CreateObject(cm.protoFor(c, proto))
		cm.attach(o, &cryptoSigner{alg: alg, h: alg.newH()})
		return o
	}
	signCtor := cm.ctor("Sign", func(c goja.ConstructorCall) *goja.Object { return newSigner(c, kc.signProto) })
	verifyCtor := cm.ctor("Verify", func(c goja.ConstructorCall) *goja.Object { return newSigner(c, kc.verifyProto) })
	kc.signProto = signCtor.Get("prototype").ToObject(rt)
	kc.verifyProto = verifyCtor.Get("prototype").ToObject(rt)
	signerOf := func(this goja.Value) *cryptoSigner {
		s, ok := cm.stateOf(this).(*cryptoSigner)
		if !ok {
			panic(rt.NewTypeError("Cannot read properties of undefined (reading 'update')"))
		}
		return s
	}
	notInit := func() *goja.Object { return cm.plainErr("ERR_CRYPTO_INVALID_STATE", "Not initialised") }
	update := func(c goja.FunctionCall) goja.Value {
		s := signerOf(c.This)
		data := cm.updateData(c.Argument(0), c.Argument(1))
		if s.done {
			panic(notInit())
		}
		cm.write(s.h, data)
		return c.This
	}
	kc.signProto.Set("update", update)
	kc.verifyProto.Set("update", update)
	kc.signProto.Set("sign", func(c goja.FunctionCall) goja.Value {
		s := signerOf(c.This)
		opts := c.Argument(0)
		if !opts.ToBoolean() {
			panic(cm.plainErr("ERR_CRYPTO_SIGN_KEY_REQUIRED", "No key provided to sign"))
		}
		k := cm.prepareAsymmetric(opts, cryptoConsumePrivate)
		so := cm.signOptions(opts)
		if s.done {
			panic(notInit())
		}
		s.done = true
		if _, ok := k.pub.(ed25519.PublicKey); ok {
			panic(cm.plainErr("ERR_CRYPTO_UNSUPPORTED_OPERATION", "Unsupported crypto operation"))
		}
		sig := cm.signDigest(k, s.alg, s.h.Sum(nil), so)
		enc := c.Argument(1)
		if enc.ToBoolean() && enc.String() != "buffer" {
			return cm.encode(sig, cryptoEncoding(enc.String()))
		}
		return cm.js.wrapBytes(sig)
	})
	kc.verifyProto.Set("verify", func(c goja.FunctionCall) goja.Value {
		s := signerOf(c.This)
		opts := c.Argument(0)
		k := cm.prepareAsymmetric(opts, cryptoConsumePublic)
		so := cm.signOptions(opts)
		sigV := c.Argument(1)
		var sig []byte
		if isPrimitiveString(sigV) {
			enc := "utf8"
			if e := c.Argument(2); isPrimitiveString(e) {
				enc = cryptoEncoding(e.String())
			}
			sig = cm.decodeString(sigV, enc)
		} else if w, ok := cm.viewOf(sigV); ok {
			sig = w.b
		} else {
			panic(cm.argType("signature", "of type string or an instance of ArrayBuffer, Buffer, TypedArray, or DataView", sigV))
		}
		if s.done {
			panic(notInit())
		}
		s.done = true
		if _, ok := k.pub.(ed25519.PublicKey); ok {
			panic(cm.plainErr("ERR_CRYPTO_UNSUPPORTED_OPERATION", "Unsupported crypto operation"))
		}
		return cm.rt.ToValue(cm.verifyDigest(k, s.alg, s.h.Sum(nil), sig, so))
	})
	cm.js.nameFuncs(kc.signProto)
	cm.js.nameFuncs(kc.verifyProto)
	e.Set("Sign", signCtor)
	e.Set("Verify", verifyCtor)
	e.Set("createSign", func(c goja.FunctionCall) goja.Value {
		return newSigner(goja.ConstructorCall{Arguments: c.Arguments}, kc.signProto)
	})
	e.Set("createVerify", func(c goja.FunctionCall) goja.Value {
		return newSigner(goja.ConstructorCall{Arguments: c.Arguments}, kc.verifyProto)
	})
}

type cryptoSignOpts struct {
	padding  int64 // 0 if not given
	salt     int64
	saltSet  bool
	p1363    bool
	hasOpts  bool
	explicit bool // padding given
}

// signOptions reads padding, saltLength and dsaEncoding as Node's
// getPadding, getSaltLength and getDSASignatureEncoding do.
func (cm *cryptoMod) signOptions(v goja.Value) cryptoSignOpts {
	var so cryptoSignOpts
	o, isObj := v.(*goja.Object)
	intOpt := func(name string) (int64, bool) {
		if !isObj {
			return 0, false
		}
		x := o.Get(name)
		if cryptoUndef(x) {
			return 0, false
		}
		n, ok := cryptoNumber(x)
		if !ok || n != float64(int32(n)) {
			panic(cm.argValue2("options."+name, x, "is invalid"))
		}
		return int64(n), true
	}
	so.padding, so.explicit = intOpt("padding")
	so.salt, so.saltSet = intOpt("saltLength")
	if so.explicit && so.padding == 6 && !so.saltSet {
		so.salt, so.saltSet = -2, true // RSA_PSS_SALTLEN_MAX_SIGN
	}
	if isObj {
		d := o.Get("dsaEncoding")
		switch {
		case cryptoUndef(d) || (isPrimitiveString(d) && d.String() == "der"):
		case isPrimitiveString(d) && d.String() == "ieee-p1363":
			so.p1363 = true
		default:
			panic(cm.argValue2("options.dsaEncoding", d, "is invalid"))
		}
	}
	return so
}

func (cm *cryptoMod) rsaPadding(so cryptoSignOpts) bool {
	if !so.explicit || so.padding == 1 {
		return false
	}
	if so.padding == 6 {
		return true
	}
	panic(cm.ossl("1C8000A8", "Provider routines", "invalid padding mode", "ERR_OSSL_INVALID_PADDING_MODE"))
}

func (cm *cryptoMod) pssSalt(so cryptoSignOpts, signing bool) int {
	switch {
	case !so.saltSet || so.salt == -2:
		return rsa.PSSSaltLengthAuto
	case so.salt == -1:
		return rsa.PSSSaltLengthEqualsHash
	case so.salt == 0:
		if signing {
			// Go's 0 means "as long as possible", and there is no other way
			// to ask for no salt.
			panic(cm.unsupported("A PSS salt length of 0"))
		}
		return rsa.PSSSaltLengthAuto
	}
	return int(so.salt)
}

func (cm *cryptoMod) keytypeErr() *goja.Object {
	return cm.ossl("03000096", "digital envelope routines", "operation not supported for this keytype", "ERR_OSSL_EVP_OPERATION_NOT_SUPPORTED_FOR_THIS_KEYTYPE")
}

func (cm *cryptoMod) rsaErr(err error) *goja.Object {
	if errors.Is(err, rsa.ErrMessageTooLong) || err.Error() == "crypto/rsa: key size too small for PSS signature" {
		return cm.ossl("0200006E", "rsa routines", "data too large for key size", "ERR_OSSL_RSA_DATA_TOO_LARGE_FOR_KEY_SIZE",
			"error:1C880004:Provider routines::RSA lib")
	}
	return cm.plainErr("ERR_CRYPTO_OPERATION_FAILED", err.Error())
}

// signDigest signs a digest made with alg (not Ed25519, which signs the
// message).
func (cm *cryptoMod) signDigest(k *cryptoKeyObj, alg *cryptoAlg, digest []byte, so cryptoSignOpts) []byte {
	switch p := k.priv.(type) {
	case *rsa.PrivateKey:
		id := cryptoHashIDs[alg.name]
		if cm.rsaPadding(so) {
			sig, err := rsa.SignPSS(rand.Reader, p, id, digest, &rsa.PSSOptions{SaltLength: cm.pssSalt(so, true)})
			if err != nil {
				panic(cm.rsaErr(err))
			}
			return sig
		}
		sig, err := rsa.SignPKCS1v15(nil, p, id, digest)
		if err != nil {
			panic(cm.rsaErr(err))
		}
		return sig
	case *ecdsa.PrivateKey:
		if so.p1363 {
			r, s, err := ecdsa.Sign(rand.Reader, p, digest)
			if err != nil {
				panic(cm.plainErr("ERR_CRYPTO_OPERATION_FAILED", err.Error()))
			}
			n := (p.Curve.Params().N.BitLen() + 7) / 8
			out := make([]byte, 2*n)
			r.FillBytes(out[:n])
			s.FillBytes(out[n:])
			return out
		}
		sig, err := ecdsa.SignASN1(rand.Reader, p, digest)
		if err != nil {
			panic(cm.plainErr("ERR_CRYPTO_OPERATION_FAILED", err.Error()))
		}
		return sig
	}
	panic(cm.keytypeErr())
}

func (cm *cryptoMod) verifyDigest(k *cryptoKeyObj, alg *cryptoAlg, digest, sig []byte, so cryptoSignOpts) bool {
	switch p := k.pub.(type) {
	case *rsa.PublicKey:
		id := cryptoHashIDs[alg.name]
		if cm.rsaPadding(so) {
			return rsa.VerifyPSS(p, id, digest, sig, &rsa.PSSOptions{SaltLength: cm.pssSalt(so, false)}) == nil
		}
		return rsa.VerifyPKCS1v15(p, id, digest, sig) == nil
	case *ecdsa.PublicKey:
		if so.p1363 {
			n := (p.Curve.Params().N.BitLen() + 7) / 8
			if len(sig) != 2*n {
				panic(cm.plainErr("ERR_CRYPTO_OPERATION_FAILED", "Malformed signature"))
			}
			r, s := new(big.Int).SetBytes(sig[:n]), new(big.Int).SetBytes(sig[n:])
			return ecdsa.Verify(p, digest, r, s)
		}
		return ecdsa.VerifyASN1(p, digest, sig)
	}
	panic(cm.keytypeErr())
}

// oneShotAlg is the digest of crypto.sign and crypto.verify: none for
// Ed25519 (an algorithm is OpenSSL's invalid digest), SHA-256 for RSA and
// EC when not given, as OpenSSL defaults.
func (cm *cryptoMod) oneShotAlg(k *cryptoKeyObj, name string, given bool) *cryptoAlg {
	switch k.pub.(type) {
	case ed25519.PublicKey:
		if given {
			panic(cm.ossl("1C80007A", "Provider routines", "invalid digest", "ERR_OSSL_INVALID_DIGEST"))
		}
		return nil
	case *ecdh.PublicKey:
		panic(cm.keytypeErr())
	}
	if !given {
		name = "sha256"
	}
	alg := cryptoHashByName(name)
	if alg == nil {
		panic(cm.typeErr("ERR_CRYPTO_INVALID_DIGEST", "Invalid digest: "+name))
	}
	return alg
}

func (cm *cryptoMod) oneShotArgs(c goja.FunctionCall, cbIndex int) (string, bool, goja.Value) {
	algV := c.Argument(0)
	given := !cryptoUndef(algV) && !goja.IsNull(algV)
	name := ""
	if given {
		name = cm.validateString(algV, "algorithm")
	}
	cb := c.Argument(cbIndex)
	if !cryptoUndef(cb) {
		cm.validateFunction(cb, "callback")
	}
	return name, given, cb
}

// done returns v, or calls back with it from the event loop. An error
// reaches the callback bare, as Node's crypto jobs report OpenSSL's.
func (cm *cryptoMod) done(cb goja.Value, f func() goja.Value) goja.Value {
	if cryptoUndef(cb) {
		return f()
	}
	v, thrown := cm.js.try(f)
	if thrown != nil {
		if o, ok := thrown.(*goja.Object); ok {
			thrown = cm.js.newError(o.Get("message").String())
		}
		cm.later(cb, thrown)
	} else {
		cm.later(cb, goja.Null(), v)
	}
	return goja.Undefined()
}

func (cm *cryptoMod) signOneShot(c goja.FunctionCall) goja.Value {
	name, given, cb := cm.oneShotArgs(c, 3)
	data := cm.bytesOrString(c.Argument(1), "data")
	keyV := c.Argument(2)
	if !keyV.ToBoolean() {
		panic(cm.plainErr("ERR_CRYPTO_SIGN_KEY_REQUIRED", "No key provided to sign"))
	}
	so := cm.signOptions(keyV)
	k := cm.prepareAsymmetric(keyV, cryptoConsumePrivate)
	return cm.done(cb, func() goja.Value {
		alg := cm.oneShotAlg(k, name, given)
		if alg == nil {
			return cm.js.wrapBytes(ed25519.Sign(k.priv.(ed25519.PrivateKey), data))
		}
		h := alg.newH()
		cm.write(h, data)
		return cm.js.wrapBytes(cm.signDigest(k, alg, h.Sum(nil), so))
	})
}

func (cm *cryptoMod) verifyOneShot(c goja.FunctionCall) goja.Value {
	name, given, cb := cm.oneShotArgs(c, 4)
	dataV := c.Argument(1)
	data := cm.bytesOrString(dataV, "data")
	if w, ok := cm.viewOf(dataV); ok && w.buffer {
		panic(cm.argType("data", "an instance of Buffer, TypedArray, or DataView", dataV))
	}
	keyV := c.Argument(2)
	so := cm.signOptions(keyV)
	sig, ok := cm.isView(c.Argument(3))
	if !ok {
		panic(cm.argType("signature", "an instance of Buffer, TypedArray, or DataView", c.Argument(3)))
	}
	k := cm.prepareAsymmetric(keyV, cryptoConsumePublic)
	return cm.done(cb, func() goja.Value {
		alg := cm.oneShotAlg(k, name, given)
		if alg == nil {
			return cm.rt.ToValue(ed25519.Verify(k.pub.(ed25519.PublicKey), data, sig))
		}
		h := alg.newH()
		cm.write(h, data)
		return cm.rt.ToValue(cm.verifyDigest(k, alg, h.Sum(nil), sig, so))
	})
}

// ---- key generation ----

// generateKeyPair checks generateKeyPair's arguments as Node does and
// returns the generation: the two keys as KeyObjects, or encoded as the
// options ask.
func (cm *cryptoMod) generateKeyPair(typeV, opts goja.Value) func() (goja.Value, goja.Value) {
	rt := cm.rt
	typ := cm.validateString(typeV, "type")
	// Encodings are checked before the options, as Node does.
	probe := &cryptoKeyObj{kind: "public"}
	probePriv := &cryptoKeyObj{kind: "private"}
	switch typ {
	case "rsa":
		probe.pub = &rsa.PublicKey{}
	case "ec":
		probe.pub = &ecdsa.PublicKey{}
	case "ed25519":
		probe.pub = ed25519.PublicKey(nil)
	case "x25519":
		probe.pub = &ecdh.PublicKey{}
	}
	probePriv.pub = probe.pub
	var formats, types [2]string
	if o, ok := opts.(*goja.Object); ok {
		for i, name := range []string{"publicKeyEncoding", "privateKeyEncoding"} {
			v := o.Get(name)
			if cryptoUndef(v) || goja.IsNull(v) {
				continue
			}
			eo, ok := v.(*goja.Object)
			if !ok {
				panic(cm.argValue2("options."+name, v, "is invalid"))
			}
			k := probe
			if i == 1 {
				k = probePriv
			}
			if f := eo.Get("format"); isPrimitiveString(f) && f.String() == "jwk" {
				formats[i] = "jwk"
				continue
			}
			formats[i], types[i] = cm.outputEncodingFor(eo, k, typ, name)
		}
	}
	if !cryptoUndef(opts) {
		cm.validateObject(opts, "options")
	}
	var gen func() any
	switch typ {
	case "rsa":
		cm.validateObject(opts, "options")
		o := opts.ToObject(rt)
		bits := cm.validateInt(o.Get("modulusLength"), "options.modulusLength", 0, math.MaxUint32)
		if e := o.Get("publicExponent"); !cryptoUndef(e) && !goja.IsNull(e) {
			if x := cm.validateInt(e, "options.publicExponent", 0, math.MaxUint32); x != 65537 {
				panic(cm.unsupported("A publicExponent other than 65537"))
			}
		}
		// Go signs with no key under 1024 bits.
		if bits < 1024 || bits > cryptoMaxRSABits {
			panic(cm.outOfRange("options.modulusLength", fmt.Sprintf(">= 1024 && <= %d", cryptoMaxRSABits), float64(bits)))
		}
		gen = func() any { return cm.generateRSA(int(bits)) }
	case "ec":
		cm.validateObject(opts, "options")
		o := opts.ToObject(rt)
		crv := cm.validateString(o.Get("namedCurve"), "options.namedCurve")
		if pe := o.Get("paramEncoding"); !cryptoUndef(pe) && !goja.IsNull(pe) && !(isPrimitiveString(pe) && pe.String() == "named") {
			if isPrimitiveString(pe) && pe.String() == "explicit" {
				panic(cm.unsupported("paramEncoding 'explicit'"))
			}
			panic(cm.argValue2("options.paramEncoding", pe, "is invalid"))
		}
		curve, ok := cryptoGenCurves[crv]
		if !ok {
			panic(cm.typeErr("ERR_CRYPTO_INVALID_CURVE", "Invalid EC curve name"))
		}
		gen = func() any {
			p, err := ecdsa.GenerateKey(curve, rand.Reader)
			if err != nil {
				panic(cm.plainErr("ERR_CRYPTO_OPERATION_FAILED", err.Error()))
			}
			return p
		}
	case "ed25519":
		gen = func() any {
			_, p, err := ed25519.GenerateKey(rand.Reader)
			if err != nil {
				panic(cm.plainErr("ERR_CRYPTO_OPERATION_FAILED", err.Error()))
			}
			return p
		}
	case "x25519":
		gen = func() any {
			p, err := ecdh.X25519().GenerateKey(rand.Reader)
			if err != nil {
				panic(cm.plainErr("ERR_CRYPTO_OPERATION_FAILED", err.Error()))
			}
			return p
		}
	case "rsa-pss", "dsa", "ed448", "x448", "dh":
		panic(cm.unsupported("Key type '" + typ + "'"))
	default:
		panic(cm.argValue2("type", typeV, "must be a supported key type"))
	}
	return func() (goja.Value, goja.Value) {
		k, _ := cryptoKeyFromGo(gen())
		pubK := &cryptoKeyObj{kind: "public", pub: k.pub}
		var out [2]goja.Value
		for i, kk := range []*cryptoKeyObj{pubK, k} {
			switch {
			case formats[i] == "jwk":
				out[i] = cm.exportJWK(kk)
			case formats[i] != "":
				der, label := cm.marshalKey(kk, types[i])
				out[i] = cm.encodeKey(der, label, formats[i])
			default:
				out[i] = cm.newKeyObject(kk)
			}
		}
		return out[0], out[1]
	}
}

// outputEncodingFor checks a key pair's encoding option before the key
// exists; probe has the kind and key type.
func (cm *cryptoMod) outputEncodingFor(enc *goja.Object, probe *cryptoKeyObj, typ, name string) (string, string) {
	switch typ {
	case "rsa", "ec", "ed25519", "x25519":
		return cm.outputEncoding(enc, probe, name)
	}
	// Types not generated here still get Node's checks of the encoding.
	isPublic := 1
	if probe.kind == "private" {
		isPublic = -1
	}
	return cm.keyFormatAndType(enc, typ, isPublic, name)
}

// generateRSA makes an RSA key of bits (1024 to cryptoMaxRSABits) with
// e = 65537, as OpenSSL does: two primes of half the size whose top two
// bits are set, so that n has exactly bits bits, and d = e⁻¹ mod
// lcm(p-1, q-1). It is written out rather than rsa.GenerateKey, which
// nothing can interrupt and which takes minutes for 8192 bits: the prime
// search looks at the exec's halt between candidates.
func (cm *cryptoMod) generateRSA(bits int) *rsa.PrivateKey {
	e := big.NewInt(65537)
	one := big.NewInt(1)
	for {
		p := cm.rsaPrime((bits + 1) / 2)
		q := cm.rsaPrime(bits / 2)
		if p.Cmp(q) < 0 {
			p, q = q, p
		}
		n := new(big.Int).Mul(p, q)
		// FIPS 186-5: |p - q| > 2^(bits/2 - 100).
		if n.BitLen() != bits || new(big.Int).Sub(p, q).BitLen() <= bits/2-100 {
			continue
		}
		pm1, qm1 := new(big.Int).Sub(p, one), new(big.Int).Sub(q, one)
		g := new(big.Int).GCD(nil, nil, pm1, qm1)
		lambda := new(big.Int).Div(new(big.Int).Mul(pm1, qm1), g)
		d := new(big.Int).ModInverse(e, lambda)
		if d == nil || d.BitLen() <= bits/2 {
			continue
		}
		k := &rsa.PrivateKey{PublicKey: rsa.PublicKey{N: n, E: 65537}, D: d, Primes: []*big.Int{p, q}}
		k.Precompute()
		if k.Validate() != nil {
			continue
		}
		return k
	}
}

// cryptoSmallPrimes are the odd primes below 2^13, for the prime search's
// sieve.
var cryptoSmallPrimes = sync.OnceValue(func() []uint64 {
	const limit = 1 << 13
	composite := make([]bool, limit)
	var ps []uint64
	for i := 3; i < limit; i += 2 {
		if composite[i] {
			continue
		}
		ps = append(ps, uint64(i))
		for j := i * i; j < limit; j += 2 * i {
			composite[j] = true
		}
	}
	return ps
})

// rsaPrime is a prime of exactly bits bits with its top two bits set and
// p-1 prime to 65537: random odd starts from crypto/rand, stepped past
// multiples of small primes, then Miller-Rabin and Baillie-PSW
// (ProbablyPrime(20), as crypto/rand.Prime does), with a look at the
// exec's halt before each test.
func (cm *cryptoMod) rsaPrime(bits int) *big.Int {
	small := cryptoSmallPrimes()
	rem := make([]uint64, len(small))
	buf := make([]byte, (bits+7)/8)
	top := uint(bits % 8)
	if top == 0 {
		top = 8
	}
	m, r := new(big.Int), new(big.Int)
	for {
		cm.fill(buf)
		buf[0] &= uint8(int(1<<top) - 1)
		if top >= 2 {
			buf[0] |= 3 << (top - 2)
		} else {
			buf[0] |= 1
			if len(buf) > 1 {
				buf[1] |= 0x80
			}
		}
		buf[len(buf)-1] |= 1
		base := new(big.Int).SetBytes(buf)
		for i, sp := range small {
			rem[i] = r.Mod(base, m.SetUint64(sp)).Uint64()
		}
		remE := r.Mod(base, m.SetUint64(65537)).Uint64()
	next:
		for delta := uint64(0); delta < 1<<20; delta += 2 {
			for i, sp := range small {
				if (rem[i]+delta)%sp == 0 {
					continue next
				}
			}
			if (remE+delta)%65537 == 1 {
				continue
			}
			cand := new(big.Int).Add(base, m.SetUint64(delta))
			if cand.BitLen() != bits {
				break
			}
			cm.stop()
			if cand.ProbablyPrime(20) {
				return cand
			}
		}
	}
}

// generateSecret is generateKeySync.
func (cm *cryptoMod) generateSecret(typeV, opts goja.Value) goja.Value {
	typ := cm.validateString(typeV, "type")
	cm.validateObject(opts, "options")
	lv := opts.ToObject(cm.rt).Get("length")
	var bits int64
	switch typ {
	case "hmac":
		bits = cm.validateInt(lv, "options.length", 8, math.MaxInt32)
	case "aes":
		x, ok := cryptoNumber(lv)
		if !ok || (x != 128 && x != 192 && x != 256) {
			panic(cm.argValue2("options.length", lv, "must be one of: 128, 192, 256"))
		}
		bits = int64(x)
	default:
		panic(cm.argValue2("type", typeV, "must be a supported key type"))
	}
	if bits/8 > cm.limit() {
		panic(cm.outOfRange("options.length", fmt.Sprintf(">= 8 && <= %d", cm.limit()*8), float64(bits)))
	}
	b := make([]byte, bits/8)
	cm.fill(b)
	return cm.newKeyObject(&cryptoKeyObj{kind: "secret", secret: b})
}

// constants is Node 20's crypto.constants (OpenSSL 3.0's values).
func (cm *cryptoMod) constants() *goja.Object {
	c := cm.rt.NewObject()
	for _, kv := range []struct {
		k string
		v any
	}{
		{"OPENSSL_VERSION_NUMBER", 805306672}, {"SSL_OP_ALL", 2147485776}, {"SSL_OP_ALLOW_NO_DHE_KEX", 1024},
		{"SSL_OP_ALLOW_UNSAFE_LEGACY_RENEGOTIATION", 262144}, {"SSL_OP_CIPHER_SERVER_PREFERENCE", 4194304},
		{"SSL_OP_CISCO_ANYCONNECT", 32768}, {"SSL_OP_COOKIE_EXCHANGE", 8192}, {"SSL_OP_CRYPTOPRO_TLSEXT_BUG", 2147483648},
		{"SSL_OP_DONT_INSERT_EMPTY_FRAGMENTS", 2048}, {"SSL_OP_LEGACY_SERVER_CONNECT", 4}, {"SSL_OP_NO_COMPRESSION", 131072},
		{"SSL_OP_NO_ENCRYPT_THEN_MAC", 524288}, {"SSL_OP_NO_QUERY_MTU", 4096}, {"SSL_OP_NO_RENEGOTIATION", 1073741824},
		{"SSL_OP_NO_SESSION_RESUMPTION_ON_RENEGOTIATION", 65536}, {"SSL_OP_NO_SSLv2", 0}, {"SSL_OP_NO_SSLv3", 33554432},
		{"SSL_OP_NO_TICKET", 16384}, {"SSL_OP_NO_TLSv1", 67108864}, {"SSL_OP_NO_TLSv1_1", 268435456},
		{"SSL_OP_NO_TLSv1_2", 134217728}, {"SSL_OP_NO_TLSv1_3", 536870912}, {"SSL_OP_PRIORITIZE_CHACHA", 2097152},
		{"SSL_OP_TLS_ROLLBACK_BUG", 8388608}, {"ENGINE_METHOD_RSA", 1}, {"ENGINE_METHOD_DSA", 2}, {"ENGINE_METHOD_DH", 4},
		{"ENGINE_METHOD_RAND", 8}, {"ENGINE_METHOD_EC", 2048}, {"ENGINE_METHOD_CIPHERS", 64}, {"ENGINE_METHOD_DIGESTS", 128},
		{"ENGINE_METHOD_PKEY_METHS", 512}, {"ENGINE_METHOD_PKEY_ASN1_METHS", 1024}, {"ENGINE_METHOD_ALL", 65535},
		{"ENGINE_METHOD_NONE", 0}, {"DH_CHECK_P_NOT_SAFE_PRIME", 2}, {"DH_CHECK_P_NOT_PRIME", 1},
		{"DH_UNABLE_TO_CHECK_GENERATOR", 4}, {"DH_NOT_SUITABLE_GENERATOR", 8}, {"RSA_PKCS1_PADDING", 1},
		{"RSA_NO_PADDING", 3}, {"RSA_PKCS1_OAEP_PADDING", 4}, {"RSA_X931_PADDING", 5}, {"RSA_PKCS1_PSS_PADDING", 6},
		{"RSA_PSS_SALTLEN_DIGEST", -1}, {"RSA_PSS_SALTLEN_MAX_SIGN", -2}, {"RSA_PSS_SALTLEN_AUTO", -2},
		{"defaultCoreCipherList", cryptoDefaultCiphers}, {"TLS1_VERSION", 769}, {"TLS1_1_VERSION", 770},
		{"TLS1_2_VERSION", 771}, {"TLS1_3_VERSION", 772}, {"POINT_CONVERSION_COMPRESSED", 2},
		{"POINT_CONVERSION_UNCOMPRESSED", 4}, {"POINT_CONVERSION_HYBRID", 6}, {"defaultCipherList", cryptoDefaultCiphers},
	} {
		c.DefineDataProperty(kv.k, cm.rt.ToValue(kv.v), goja.FLAG_FALSE, goja.FLAG_FALSE, goja.FLAG_TRUE)
	}
	return c
}

const cryptoDefaultCiphers = "TLS_AES_256_GCM_SHA384:TLS_CHACHA20_POLY1305_SHA256:TLS_AES_128_GCM_SHA256:ECDHE-RSA-AES128-GCM-SHA256:ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES256-GCM-SHA384:ECDHE-ECDSA-AES256-GCM-SHA384:DHE-RSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-SHA256:DHE-RSA-AES128-SHA256:ECDHE-RSA-AES256-SHA384:DHE-RSA-AES256-SHA384:ECDHE-RSA-AES256-SHA256:DHE-RSA-AES256-SHA256:HIGH:!aNULL:!eNULL:!EXPORT:!DES:!RC4:!MD5:!PSK:!SRP:!CAMELLIA"
