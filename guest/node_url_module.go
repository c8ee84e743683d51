package guest

import (
	"embed"
	"fmt"
	"slices"
	"strings"
	"sync"

	"github.com/dop251/goja"
	"github.com/evanw/esbuild/pkg/api"
)

// require('url'), URL and URLSearchParams are Node 20's own lib/url.js and
// lib/internal/url.js (third_party/node-url, MIT), bundled by esbuild once
// per process on first use with stand-ins for the Node internals they
// require (jsURLShims), over internalBinding('url') in Go (node_url.go), as
// Node runs them over ada. A runtime runs the bundle once, on first use.

//go:embed third_party/node-url/lib
var nodeURLFS embed.FS

// nodeURLReplacements move the loops that build a string a piece at a time
// into Go (goja copies a string on every +=, so those loops are quadratic
// in the input) and take String.prototype.toWellFormed, which goja lacks,
// from the binding. Each must still match the vendored file.
var nodeURLReplacements = map[string][][2]string{
	"lib/url.js": {
		// Backslashes before the first ? or # become slashes.
		{"  let rest = '';\n", "  let rest = '';\n  const restParts = [];\n"},
		{"          if (i - lastPos > 0)\n            rest += url.slice(lastPos, i);\n          rest += '/';\n",
			"          if (i - lastPos > 0)\n            restParts.push(url.slice(lastPos, i));\n          restParts.push('/');\n"},
		{"  // Check if string was non-empty (including strings with only whitespace)\n",
			"  rest = restParts.join('');\n  // Check if string was non-empty (including strings with only whitespace)\n"},
		{"function autoEscapeStr(rest) {\n", "function autoEscapeStr(rest) {\n  return bindingUrl.autoEscape(rest);\n}\nfunction autoEscapeStrJS(rest) {\n"},
		{"  let newPathname = '';\n", "  pathname = bindingUrl.escapeHashQuery(pathname);\n  let newPathname = '';\n"},
	},
	"lib/internal/url.js": {
		{"function parseParams(qs) {\n", "function parseParams(qs) {\n  return bindingUrl.parseParams(qs);\n}\nfunction parseParamsJS(qs) {\n"},
		{"function serializeParams(array) {\n", "function serializeParams(array) {\n  return bindingUrl.serializeParams(array);\n}\nfunction serializeParamsJS(array) {\n"},
	},
}

// nodeURLExternals are the built-ins the bundle requires from the guest;
// the Node internals are stand-ins (jsURLShims).
var nodeURLExternals = []string{"path", "querystring", "util"}

var urlProgram = sync.OnceValues(func() (*goja.Program, error) {
	code, err := bundleNodeURL()
	if err != nil {
		return nil, err
	}
	// The bundle runs in a function of its own: its top-level names
	// (Boolean, decodeURIComponent, ...) must not shadow the globals the
	// prelude reads.
	return goja.Compile("node:url", "(function (module, exports, require, binding) {"+jsURLPrelude+"(function () {"+code+"\n})();\n})", true)
})

func bundleNodeURL() (string, error) {
	const ns, shimNS = "node-url", "node-url-shim"
	plugin := api.Plugin{
		Name: ns,
		Setup: func(b api.PluginBuild) {
			b.OnResolve(api.OnResolveOptions{Filter: ".*"}, func(a api.OnResolveArgs) (api.OnResolveResult, error) {
				switch {
				case a.Kind == api.ResolveEntryPoint:
					return api.OnResolveResult{Path: "lib/url.js", Namespace: ns}, nil
				case a.Path == "internal/url":
					return api.OnResolveResult{Path: "lib/internal/url.js", Namespace: ns}, nil
				case jsURLShims[a.Path] != "":
					return api.OnResolveResult{Path: a.Path, Namespace: shimNS}, nil
				case slices.Contains(nodeURLExternals, a.Path):
					return api.OnResolveResult{Path: a.Path, External: true}, nil
				}
				return api.OnResolveResult{}, fmt.Errorf("node-url: unexpected require %q", a.Path)
			})
			b.OnLoad(api.OnLoadOptions{Filter: ".*", Namespace: shimNS}, func(a api.OnLoadArgs) (api.OnLoadResult, error) {
				src := jsURLShims[a.Path]
				return api.OnLoadResult{Contents: &src, Loader: api.LoaderJS}, nil
			})
			b.OnLoad(api.OnLoadOptions{Filter: ".*", Namespace: ns}, func(a api.OnLoadArgs) (api.OnLoadResult, error) {
				src, err := loadVendored(nodeURLFS, "third_party/node-url/", a.Path, nodeURLReplacements)
				if err != nil {
					return api.OnLoadResult{}, err
				}
				return api.OnLoadResult{Contents: &src, Loader: api.LoaderJS}, nil
			})
		},
	}
	// KeepNames: URL.name must stay "URL" where esbuild renames the class.
	return bundleVendored(api.BuildOptions{EntryPoints: []string{"url"}, Plugins: []api.Plugin{plugin}, KeepNames: true})
}

// urlModule runs the bundle in this runtime.
func (js *jsState) urlModule(module *goja.Object) {
	prg, err := urlProgram()
	if err != nil {
		panic(js.newErrorf("url: %v", err))
	}
	fn, err := js.rt.RunProgram(prg)
	if err != nil {
		panic(err)
	}
	call, _ := goja.AssertFunction(fn)
	req := js.rt.ToValue(func(c goja.FunctionCall) goja.Value { return js.builtin(c.Argument(0).String()) })
	if _, err := call(goja.Undefined(), module, module.Get("exports"), req, js.urlBinding()); err != nil {
		panic(err)
	}
}

// urlBinding is what the prelude turns into internalBinding('url') and
// internalBinding('encoding_binding').
func (js *jsState) urlBinding() *goja.Object {
	rt := js.rt
	b := rt.NewObject()
	str := func(v goja.Value) string {
		s := v.String()
		js.checkStringBytes(len(s))
		return s
	}
	// result hands a serialized URL to the prelude: its href, with the
	// offsets written into comps (a Uint32Array of 9).
	result := func(u *urlRecord, comps goja.Value) goja.Value {
		href, c := u.serialize(false)
		js.checkStringBytes(len(href))
		if o, ok := comps.(*goja.Object); ok {
			for i, v := range [...]uint32{c.protocolEnd, c.usernameEnd, c.hostStart, c.hostEnd, c.port, c.pathnameStart, c.searchStart, c.hashStart, c.schemeType} {
				o.Set(fmt.Sprint(i), v)
			}
		}
		return rt.ToValue(href)
	}
	parse := func(input, base goja.Value) (*urlRecord, bool) {
		var b *urlRecord
		if !goja.IsUndefined(base) {
			var ok bool
			if b, ok = parseURL(str(base), nil); !ok {
				return nil, false
			}
		}
		return parseURL(str(input), b)
	}
	b.Set("parse", func(c goja.FunctionCall) goja.Value {
		u, ok := parse(c.Argument(0), c.Argument(1))
		if !ok {
			return goja.Null()
		}
		return result(u, c.Argument(2))
	})
	b.Set("canParse", func(c goja.FunctionCall) goja.Value {
		_, ok := parse(c.Argument(0), c.Argument(1))
		return rt.ToValue(ok)
	})
	b.Set("update", func(c goja.FunctionCall) goja.Value {
		u, ok := parseURL(c.Argument(0).String(), nil)
		if !ok {
			return rt.ToValue(false)
		}
		v, _ := u.set(int(c.Argument(1).ToInteger()), str(c.Argument(2)))
		if v == nil {
			return rt.ToValue(false)
		}
		return result(v, c.Argument(3))
	})
	b.Set("format", func(c goja.FunctionCall) goja.Value {
		u, ok := parseURL(c.Argument(0).String(), nil)
		if !ok {
			return c.Argument(0)
		}
		fragment, unicode, search, auth := c.Argument(1).ToBoolean(), c.Argument(2).ToBoolean(), c.Argument(3).ToBoolean(), c.Argument(4).ToBoolean()
		if !fragment {
			u.fragment, u.hasFrag = "", false
		}
		if unicode && u.hasHost {
			u.host = domainToUnicode(u.host)
		}
		if !search {
			u.query, u.hasQuery = "", false
		}
		if !auth {
			u.username, u.password = "", ""
		}
		href, _ := u.serialize(false)
		return rt.ToValue(href)
	})
	// domainToASCII and domainToUnicode are Node's: the hostname setter on
	// ws://x, "" when it fails.
	hostname := func(v goja.Value) (string, bool) {
		in := str(v)
		if in == "" {
			return "", false
		}
		u, _ := parseURL("ws://x", nil)
		w, ok := u.set(urlSetHostname, in)
		if !ok {
			return "", false
		}
		return w.host, true
	}
	b.Set("domainToASCII", func(c goja.FunctionCall) goja.Value {
		h, _ := hostname(c.Argument(0))
		return rt.ToValue(h)
	})
	b.Set("domainToUnicode", func(c goja.FunctionCall) goja.Value {
		h, ok := hostname(c.Argument(0))
		if !ok {
			return rt.ToValue("")
		}
		return rt.ToValue(domainToUnicode(h))
	})
	// Node hands ada's result back as a C string, so it ends at a NUL
	// (url.parse('http://a\0b/') has host "a").
	b.Set("toASCII", func(c goja.FunctionCall) goja.Value {
		s, _, _ := strings.Cut(idnaToASCII(str(c.Argument(0))), "\x00")
		return rt.ToValue(s)
	})
	// goja's String() of a string with lone surrogates writes U+FFFD for
	// them: toWellFormed.
	b.Set("toUSVString", func(c goja.FunctionCall) goja.Value { return rt.ToValue(str(c.Argument(0))) })
	b.Set("parseParams", func(c goja.FunctionCall) goja.Value {
		list := parseURLEncoded(str(c.Argument(0)))
		vals := make([]any, len(list))
		for i, s := range list {
			vals[i] = s
		}
		return rt.NewArray(vals...)
	})
	b.Set("serializeParams", func(c goja.FunctionCall) goja.Value {
		arr, ok := c.Argument(0).(*goja.Object)
		if !ok {
			return rt.ToValue("")
		}
		n := int(arr.Get("length").ToInteger())
		var out []byte
		for i := 0; i+1 < n; i += 2 {
			if i > 0 {
				out = append(out, '&')
			}
			out = appendFormEncoded(out, arr.Get(fmt.Sprint(i)).String())
			out = append(out, '=')
			out = appendFormEncoded(out, arr.Get(fmt.Sprint(i+1)).String())
			js.checkStringBytes(len(out))
		}
		return rt.ToValue(string(out))
	})
	b.Set("autoEscape", func(c goja.FunctionCall) goja.Value { return rt.ToValue(legacyAutoEscape(str(c.Argument(0)))) })
	b.Set("escapeHashQuery", func(c goja.FunctionCall) goja.Value {
		s := str(c.Argument(0))
		if !strings.ContainsAny(s, "#?") {
			return c.Argument(0)
		}
		return rt.ToValue(strings.NewReplacer("#", "%23", "?", "%3F").Replace(s))
	})
	return b
}

// parseURLEncoded is the application/x-www-form-urlencoded parser, as a
// flat [name, value, ...] list.
func parseURLEncoded(s string) []string {
	s = strings.TrimPrefix(s, "?")
	var out []string
	for len(s) > 0 {
		var pair string
		if i := strings.IndexByte(s, '&'); i >= 0 {
			pair, s = s[:i], s[i+1:]
		} else {
			pair, s = s, ""
		}
		if pair == "" {
			continue
		}
		name, value, _ := strings.Cut(pair, "=")
		out = append(out, formDecode(name), formDecode(value))
	}
	return out
}

func formDecode(s string) string {
	if strings.IndexByte(s, '+') < 0 && strings.IndexByte(s, '%') < 0 {
		return s
	}
	return decodeUTF8([]byte(percentDecode(strings.ReplaceAll(s, "+", " "))))
}

// formSafe are the bytes the urlencoded serializer leaves alone: *-._,
// digits and letters.
func formSafe(c byte) bool {
	return isASCIIAlpha(c) || isASCIIDigit(c) || c == '*' || c == '-' || c == '.' || c == '_'
}

func appendFormEncoded(b []byte, s string) []byte {
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == ' ':
			b = append(b, '+')
		case formSafe(c):
			b = append(b, c)
		default:
			b = append(b, '%', upperHex[c>>4], upperHex[c&15])
		}
	}
	return b
}

// legacyAutoEscape is url.js's autoEscapeStr: the delimiters and unwise
// characters of RFC 2396 and the single quote, escaped.
func legacyAutoEscape(s string) string {
	const escape = "\t\n\r \"'<>\\^`{|}"
	if !strings.ContainsAny(s, escape) {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if c := s[i]; strings.IndexByte(escape, c) >= 0 {
			b.WriteByte('%')
			b.WriteByte(upperHex[c>>4])
			b.WriteByte(upperHex[c&15])
		} else {
			b.WriteByte(c)
		}
	}
	return b.String()
}

// jsURLPrelude runs inside the bundle's wrapper, before the bundle: the
// primordials the vendored files destructure and internalBinding.
const jsURLPrelude = `
'use strict';
var primordials = (function () {
  var uncurry = function (f) { return function (self) { return Reflect.apply(f, self, Array.prototype.slice.call(arguments, 1)); }; };
  var iterProto = Object.getPrototypeOf(Object.getPrototypeOf([][Symbol.iterator]()));
  return {
    Array: Array, ArrayIsArray: Array.isArray,
    ArrayPrototypeJoin: uncurry(Array.prototype.join), ArrayPrototypeMap: uncurry(Array.prototype.map),
    ArrayPrototypePush: uncurry(Array.prototype.push), ArrayPrototypeReduce: uncurry(Array.prototype.reduce),
    ArrayPrototypeSlice: uncurry(Array.prototype.slice), Boolean: Boolean, Int8Array: Int8Array,
    IteratorPrototype: iterProto, Number: Number, ObjectAssign: Object.assign,
    ObjectDefineProperties: Object.defineProperties, ObjectKeys: Object.keys,
    ObjectSetPrototypeOf: Object.setPrototypeOf, ReflectGetOwnPropertyDescriptor: Reflect.getOwnPropertyDescriptor,
    ReflectOwnKeys: Reflect.ownKeys, RegExpPrototypeSymbolReplace: uncurry(RegExp.prototype[Symbol.replace]),
    SafeMap: Map, SafeSet: Set,
    StringPrototypeCharAt: uncurry(String.prototype.charAt), StringPrototypeCharCodeAt: uncurry(String.prototype.charCodeAt),
    StringPrototypeCodePointAt: uncurry(String.prototype.codePointAt), StringPrototypeIncludes: uncurry(String.prototype.includes),
    StringPrototypeIndexOf: uncurry(String.prototype.indexOf), StringPrototypeSlice: uncurry(String.prototype.slice),
    StringPrototypeStartsWith: uncurry(String.prototype.startsWith),
    StringPrototypeToWellFormed: function (s) { return binding.toUSVString(s); },
    Symbol: Symbol, SymbolIterator: Symbol.iterator, SymbolToStringTag: Symbol.toStringTag,
    decodeURIComponent: decodeURIComponent
  };
})();
var internalBinding = (function () {
  function invalidURL(input, base) {
    var e = new TypeError('Invalid URL');
    e.code = 'ERR_INVALID_URL';
    e.input = input;
    if (base !== undefined) e.base = base;
    return e;
  }
  var url = {
    urlComponents: new Uint32Array(9),
    parse: function (input, base, raiseException) {
      var href = binding.parse(input, base, this.urlComponents);
      if (href === null) {
        if (raiseException) throw invalidURL(input, base);
        return undefined;
      }
      return href;
    },
    canParse: function (input, base) { return binding.canParse(input, base); },
    update: function (href, action, value) { return binding.update(href, action, value, this.urlComponents); },
    format: binding.format, domainToASCII: binding.domainToASCII, domainToUnicode: binding.domainToUnicode,
    parseParams: binding.parseParams, serializeParams: binding.serializeParams,
    autoEscape: binding.autoEscape, escapeHashQuery: binding.escapeHashQuery
  };
  var bindings = { url: url, encoding_binding: { toASCII: binding.toASCII } };
  return function internalBinding(name) { return bindings[name]; };
})();
`

// jsURLShims stand in for the Node internals lib/url.js and
// lib/internal/url.js require, with Node's own messages and codes.
var jsURLShims = map[string]string{
	"internal/errors":       jsURLErrors,
	"internal/util":         jsURLUtil,
	"internal/util/inspect": jsURLInspect,
	"internal/validators":   jsURLValidators,
	"internal/constants":    jsURLConstants,
	"internal/querystring":  jsURLQuerystring,
	"internal/options":      "'use strict';\nexports.getOptionValue = function () { return false; };\n",
	// Only URL.createObjectURL reaches these, and it is not installed.
	"internal/blob":          "'use strict';\n",
	"internal/crypto/random": "'use strict';\n",
}

const jsURLErrors = `'use strict';
var inspectMod;
function inspect(v, opts) {
  if (inspectMod === undefined) inspectMod = require('util');
  return inspectMod.inspect(v, opts);
}
var kIsNodeError = Symbol('kIsNodeError');
var classRegExp = /^[A-Z][a-zA-Z0-9]*$/;
var kTypes = ['string', 'function', 'number', 'object', 'Function', 'Object', 'boolean', 'bigint', 'symbol'];
function formatList(array, type) {
  if (type === undefined) type = 'and';
  switch (array.length) {
    case 0: return '';
    case 1: return '' + array[0];
    case 2: return array[0] + ' ' + type + ' ' + array[1];
    case 3: return array[0] + ', ' + array[1] + ', ' + type + ' ' + array[2];
    default: return array.slice(0, -1).join(', ') + ', ' + type + ' ' + array[array.length - 1];
  }
}
function determineSpecificType(value) {
  if (value === null) return 'null';
  if (value === undefined) return 'undefined';
  var type = typeof value;
  switch (type) {
    case 'bigint': return 'type bigint (' + value + 'n)';
    case 'number':
      if (value === 0) return 1 / value === -Infinity ? 'type number (-0)' : 'type number (0)';
      if (value !== value) return 'type number (NaN)';
      if (value === Infinity) return 'type number (Infinity)';
      if (value === -Infinity) return 'type number (-Infinity)';
      return 'type number (' + value + ')';
    case 'boolean': return value ? 'type boolean (true)' : 'type boolean (false)';
    case 'symbol': return 'type symbol (' + String(value) + ')';
    case 'function': return 'function ' + value.name;
    case 'object':
      if (value.constructor && 'name' in value.constructor) return 'an instance of ' + value.constructor.name;
      return inspect(value, { depth: -1 });
    case 'string':
      if (value.length > 28) value = value.slice(0, 25) + '...';
      if (value.indexOf("'") === -1) return "type string ('" + value + "')";
      return 'type string (' + JSON.stringify(value) + ')';
  }
  var s = inspect(value, { colors: false });
  if (s.length > 28) s = s.slice(0, 25) + '...';
  return 'type ' + type + ' (' + s + ')';
}
var messages = new Map();
var codes = {};
function format(msg, args) {
  var i = 0;
  return msg.replace(/%s/g, function () { return String(args[i++]); });
}
function makeNodeErrorWithCode(Base, key) {
  class NodeError extends Base {
    code = key;
    constructor() {
      var args = Array.prototype.slice.call(arguments);
      super();
      var msg = messages.get(key);
      Object.defineProperty(this, 'message', {
        value: typeof msg === 'function' ? Reflect.apply(msg, this, args) : format(msg, args),
        enumerable: false, writable: true, configurable: true
      });
      // Node writes the code into the stack's first line.
      var s = this.stack;
      if (typeof s === 'string') {
        var nl = s.indexOf('\n');
        Object.defineProperty(this, 'stack', {
          value: this.name + ' [' + key + ']: ' + this.message + (nl < 0 ? '' : s.slice(nl)),
          enumerable: false, writable: true, configurable: true
        });
      }
    }
    get ['constructor']() { return Base; }
    get [kIsNodeError]() { return true; }
    toString() { return this.name + ' [' + key + ']: ' + this.message; }
  }
  return NodeError;
}
function E(key, msg, Base) {
  messages.set(key, msg);
  codes[key] = makeNodeErrorWithCode(Base, key);
}
E('ERR_ARG_NOT_ITERABLE', '%s must be iterable', TypeError);
E('ERR_INVALID_ARG_TYPE', function (name, expected, actual) {
  if (!Array.isArray(expected)) expected = [expected];
  var msg = 'The ';
  if (name.endsWith(' argument')) {
    msg += name + ' ';
  } else {
    msg += '"' + name + '" ' + (name.includes('.') ? 'property' : 'argument') + ' ';
  }
  msg += 'must be ';
  var types = [], instances = [], other = [];
  for (var value of expected) {
    if (kTypes.includes(value)) types.push(value.toLowerCase());
    else if (classRegExp.exec(value) !== null) instances.push(value);
    else other.push(value);
  }
  if (instances.length > 0) {
    var pos = types.indexOf('object');
    if (pos !== -1) {
      types.splice(pos, 1);
      instances.push('Object');
    }
  }
  if (types.length > 0) {
    msg += (types.length > 1 ? 'one of type' : 'of type') + ' ' + formatList(types, 'or');
    if (instances.length > 0 || other.length > 0) msg += ' or ';
  }
  if (instances.length > 0) {
    msg += 'an instance of ' + formatList(instances, 'or');
    if (other.length > 0) msg += ' or ';
  }
  if (other.length > 0) {
    if (other.length > 1) {
      msg += 'one of ' + formatList(other, 'or');
    } else {
      if (other[0].toLowerCase() !== other[0]) msg += 'an ';
      msg += '' + other[0];
    }
  }
  return msg + '. Received ' + determineSpecificType(actual);
}, TypeError);
E('ERR_INVALID_ARG_VALUE', function (name, value, reason) {
  if (reason === undefined) reason = 'is invalid';
  var inspected = inspect(value);
  if (inspected.length > 128) inspected = inspected.slice(0, 128) + '...';
  var type = name.includes('.') ? 'property' : 'argument';
  return 'The ' + type + " '" + name + "' " + reason + '. Received ' + inspected;
}, TypeError);
E('ERR_INVALID_FILE_URL_HOST', 'File URL host must be "localhost" or empty on %s', TypeError);
E('ERR_INVALID_FILE_URL_PATH', 'File URL path %s', TypeError);
E('ERR_INVALID_THIS', 'Value of "this" must be of type %s', TypeError);
E('ERR_INVALID_TUPLE', '%s must be an iterable %s tuple', TypeError);
E('ERR_INVALID_URI', 'URI malformed', URIError);
E('ERR_INVALID_URL', function (input, base) {
  this.input = input;
  if (base != null) this.base = base;
  return 'Invalid URL';
}, TypeError);
E('ERR_INVALID_URL_SCHEME', function (expected) {
  if (typeof expected === 'string') expected = [expected];
  var res = expected.length === 2 ? 'one of scheme ' + expected[0] + ' or ' + expected[1] : 'of scheme ' + expected[0];
  return 'The URL must be ' + res;
}, TypeError);
E('ERR_MISSING_ARGS', function () {
  var args = Array.prototype.slice.call(arguments);
  var len = args.length;
  var wrap = function (a) { return '"' + a + '"'; };
  args = args.map(function (a) { return Array.isArray(a) ? a.map(wrap).join(' or ') : wrap(a); });
  return 'The ' + formatList(args) + ' argument' + (len > 1 ? 's' : '') + ' must be specified';
}, TypeError);
E('ERR_NO_CRYPTO', 'Node.js is not compiled with OpenSSL crypto support', Error);
exports.codes = codes;
`

const jsURLUtil = `'use strict';
var colorRegExp = /\u001b\[\d\d?m/g;
exports.getConstructorOf = function getConstructorOf(obj) {
  while (obj) {
    var d = Object.getOwnPropertyDescriptor(obj, 'constructor');
    if (d !== undefined && typeof d.value === 'function' && d.value.name !== '') return d.value;
    obj = Object.getPrototypeOf(obj);
  }
  return null;
};
exports.removeColors = function removeColors(str) { return String.prototype.replace.call(str, colorRegExp, ''); };
exports.kEnumerableProperty = Object.freeze({ __proto__: null, enumerable: true });
exports.kEmptyObject = Object.freeze({ __proto__: null });
exports.SideEffectFreeRegExpPrototypeSymbolReplace = function (regex, string, replacement) {
  return String.prototype.replace.call(string, regex, replacement);
};
exports.spliceOne = function spliceOne(list, index) {
  for (; index + 1 < list.length; index++) list[index] = list[index + 1];
  list.pop();
};
`

// jsURLInspect is util.inspect, required when first called: URL's
// classes only need its custom symbol to load.
const jsURLInspect = `'use strict';
var utilMod;
function inspect(v, opts) {
  if (utilMod === undefined) utilMod = require('util');
  return utilMod.inspect(v, opts);
}
inspect.custom = Symbol.for('nodejs.util.inspect.custom');
exports.inspect = inspect;
`

const jsURLValidators = `'use strict';
var ERR_INVALID_ARG_TYPE = require('internal/errors').codes.ERR_INVALID_ARG_TYPE;
exports.validateFunction = function validateFunction(value, name) {
  if (typeof value !== 'function') throw new ERR_INVALID_ARG_TYPE(name, 'Function', value);
};
exports.validateString = function validateString(value, name) {
  if (typeof value !== 'string') throw new ERR_INVALID_ARG_TYPE(name, 'string', value);
};
exports.validateObject = function validateObject(value, name) {
  if (value === null || Array.isArray(value) || typeof value !== 'object') throw new ERR_INVALID_ARG_TYPE(name, 'Object', value);
};
`

const jsURLConstants = `'use strict';
module.exports = {
  CHAR_UPPERCASE_A: 65, CHAR_LOWERCASE_A: 97, CHAR_UPPERCASE_Z: 90, CHAR_LOWERCASE_Z: 122,
  CHAR_UPPERCASE_C: 67, CHAR_LOWERCASE_B: 98, CHAR_LOWERCASE_E: 101, CHAR_LOWERCASE_N: 110,
  CHAR_DOT: 46, CHAR_FORWARD_SLASH: 47, CHAR_BACKWARD_SLASH: 92, CHAR_VERTICAL_LINE: 124,
  CHAR_COLON: 58, CHAR_QUESTION_MARK: 63, CHAR_UNDERSCORE: 95, CHAR_LINE_FEED: 10,
  CHAR_CARRIAGE_RETURN: 13, CHAR_TAB: 9, CHAR_FORM_FEED: 12, CHAR_EXCLAMATION_MARK: 33,
  CHAR_HASH: 35, CHAR_SPACE: 32, CHAR_NO_BREAK_SPACE: 160, CHAR_ZERO_WIDTH_NOBREAK_SPACE: 65279,
  CHAR_LEFT_SQUARE_BRACKET: 91, CHAR_RIGHT_SQUARE_BRACKET: 93, CHAR_LEFT_ANGLE_BRACKET: 60,
  CHAR_RIGHT_ANGLE_BRACKET: 62, CHAR_LEFT_CURLY_BRACKET: 123, CHAR_RIGHT_CURLY_BRACKET: 125,
  CHAR_HYPHEN_MINUS: 45, CHAR_PLUS: 43, CHAR_DOUBLE_QUOTE: 34, CHAR_SINGLE_QUOTE: 39,
  CHAR_PERCENT: 37, CHAR_SEMICOLON: 59, CHAR_CIRCUMFLEX_ACCENT: 94, CHAR_GRAVE_ACCENT: 96,
  CHAR_AT: 64, CHAR_AMPERSAND: 38, CHAR_EQUAL: 61, CHAR_0: 48, CHAR_9: 57, EOL: '\n'
};
`

// jsURLQuerystring is Node's internal/querystring with encodeStr
// collecting its pieces in an array (goja's += copies).
const jsURLQuerystring = `'use strict';
var hexTable = new Array(256);
for (var i = 0; i < 256; ++i) hexTable[i] = '%' + ((i < 16 ? '0' : '') + i.toString(16)).toUpperCase();
var isHexTable = new Int8Array(256);
for (var c = 48; c <= 57; c++) isHexTable[c] = 1;
for (var c = 65; c <= 70; c++) isHexTable[c] = 1;
for (var c = 97; c <= 102; c++) isHexTable[c] = 1;
function encodeStr(str, noEscapeTable, hexTable) {
  var len = str.length;
  if (len === 0) return '';
  var out = [];
  var lastPos = 0;
  for (var i = 0; i < len; i++) {
    var c = str.charCodeAt(i);
    if (c < 0x80) {
      if (noEscapeTable[c] !== 1) {
        if (lastPos < i) out.push(str.slice(lastPos, i));
        lastPos = i + 1;
        out.push(hexTable[c]);
      }
      continue;
    }
    if (lastPos < i) out.push(str.slice(lastPos, i));
    if (c < 0x800) {
      lastPos = i + 1;
      out.push(hexTable[0xC0 | (c >> 6)] + hexTable[0x80 | (c & 0x3F)]);
      continue;
    }
    if (c < 0xD800 || c >= 0xE000) {
      lastPos = i + 1;
      out.push(hexTable[0xE0 | (c >> 12)] + hexTable[0x80 | ((c >> 6) & 0x3F)] + hexTable[0x80 | (c & 0x3F)]);
      continue;
    }
    ++i;
    if (i >= len) throw new (require('internal/errors').codes.ERR_INVALID_URI)();
    var c2 = str.charCodeAt(i) & 0x3FF;
    lastPos = i + 1;
    c = 0x10000 + (((c & 0x3FF) << 10) | c2);
    out.push(hexTable[0xF0 | (c >> 18)] + hexTable[0x80 | ((c >> 12) & 0x3F)] +
      hexTable[0x80 | ((c >> 6) & 0x3F)] + hexTable[0x80 | (c & 0x3F)]);
  }
  if (lastPos === 0) return str;
  if (lastPos < len) out.push(str.slice(lastPos));
  return out.join('');
}
module.exports = { encodeStr: encodeStr, hexTable: hexTable, isHexTable: isHexTable };
`
