package guest

// Polyfills of the small built-in modules (node_modules2.go): string_decoder,
// querystring, punycode, util/types and timers/promises. Each evaluates to
// function(module, exports, require, binding), is plain ES2015+ that goja
// runs as is, and follows Node 20's own lib/ code (querystring.js,
// string_decoder.cc, punycode.js 2.1.0, timers/promises.js) in behaviour,
// messages and codes.
var jsModules2Sources = map[string]string{
	"string_decoder":  jsStringDecoder,
	"querystring":     jsQuerystring,
	"punycode":        jsPunycode,
	"util/types":      jsUtilTypes,
	"timers/promises": jsTimersPromises,
}

const jsStringDecoder = `(function (module, exports, require, binding) {
'use strict';
var Buffer = require('buffer').Buffer;
function normalize(enc) {
  if (enc === undefined || enc === null || enc === '') return 'utf8';
  switch (String(enc).toLowerCase()) {
    case 'utf8': case 'utf-8': return 'utf8';
    case 'ucs2': case 'ucs-2': case 'utf16le': case 'utf-16le': return 'utf16le';
    case 'latin1': case 'binary': return 'latin1';
    case 'base64': return 'base64';
    case 'base64url': return 'base64url';
    case 'hex': return 'hex';
    case 'ascii': return 'ascii';
  }
  var e = new TypeError('Unknown encoding: ' + enc);
  e.code = 'ERR_UNKNOWN_ENCODING';
  throw e;
}
function makeString(b, enc) {
  var s = '', i;
  switch (enc) {
    case 'utf8': return binding.utf8(b);
    case 'utf16le':
      for (i = 0; i + 1 < b.length; i += 2) s += String.fromCharCode(b[i] | (b[i + 1] << 8));
      return s;
    case 'latin1':
      for (i = 0; i < b.length; i++) s += String.fromCharCode(b[i]);
      return s;
    case 'ascii':
      for (i = 0; i < b.length; i++) s += String.fromCharCode(b[i] & 0x7f);
      return s;
  }
  if (enc === 'base64url') {
    return Buffer.from(b.buffer, b.byteOffset, b.length).toString('base64')
      .replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_');
  }
  return Buffer.from(b.buffer, b.byteOffset, b.length).toString(enc);
}
var kState = Symbol('kNativeDecoder');
function StringDecoder(encoding) {
  if (!(this instanceof StringDecoder)) return new StringDecoder(encoding);
  var enc = normalize(encoding);
  Object.defineProperty(this, 'encoding', { value: enc, enumerable: true, writable: true, configurable: true });
  this[kState] = { buf: new Uint8Array(4), buffered: 0, missing: 0 };
}
function decode(st, enc, data) {
  var nread = data.length, at = 0, prepend = null, body, i;
  if (enc !== 'utf8' && enc !== 'utf16le' && enc !== 'base64' && enc !== 'base64url') return makeString(data, enc);
  if (st.missing > 0) {
    if (enc === 'utf8') {
      for (i = 0; i < nread && i < st.missing; ++i) {
        if ((data[i] & 0xC0) !== 0x80) {
          st.missing = 0;
          st.buf.set(data.subarray(0, i), st.buffered);
          st.buffered += i;
          at += i; nread -= i;
          break;
        }
      }
    }
    var found = Math.min(nread, st.missing);
    st.buf.set(data.subarray(at, at + found), st.buffered);
    at += found; nread -= found;
    st.missing -= found;
    st.buffered += found;
    if (st.missing === 0) {
      prepend = makeString(st.buf.subarray(0, st.buffered), enc);
      st.buffered = 0;
    }
  }
  if (nread === 0) {
    body = prepend !== null ? prepend : '';
    prepend = null;
  } else {
    var end = at + nread;
    if (enc === 'utf8' && (data[end - 1] & 0x80)) {
      for (i = end - 1; ; --i) {
        st.buffered++;
        if ((data[i] & 0xC0) === 0x80) {
          if (st.buffered >= 4 || i === at) { st.buffered = 0; break; }
        } else {
          if ((data[i] & 0xE0) === 0xC0) st.missing = 2;
          else if ((data[i] & 0xF0) === 0xE0) st.missing = 3;
          else if ((data[i] & 0xF8) === 0xF0) st.missing = 4;
          else { st.buffered = 0; break; }
          if (st.buffered >= st.missing) { st.missing = 0; st.buffered = 0; }
          st.missing -= st.buffered;
          break;
        }
      }
    } else if (enc === 'utf16le') {
      if (nread % 2 === 1) { st.buffered = 1; st.missing = 1; }
      else if ((data[end - 1] & 0xFC) === 0xD8) { st.buffered = 2; st.missing = 2; }
    } else if (enc === 'base64' || enc === 'base64url') {
      st.buffered = nread % 3;
      if (st.buffered > 0) st.missing = 3 - st.buffered;
    }
    if (st.buffered > 0) {
      nread -= st.buffered;
      st.buf.set(data.subarray(at + nread, end), 0);
    }
    body = nread > 0 ? makeString(data.subarray(at, at + nread), enc) : '';
  }
  return prepend === null ? body : prepend + body;
}
function state(self) {
  var st = self !== null && typeof self === 'object' ? self[kState] : undefined;
  if (!st) {
    var e = new TypeError('Value of "this" must be of type StringDecoder');
    e.code = 'ERR_INVALID_THIS';
    throw e;
  }
  return st;
}
StringDecoder.prototype.write = function write(buf) {
  if (typeof buf === 'string') return buf;
  if (!ArrayBuffer.isView(buf)) {
    var e = new TypeError('The "buf" argument must be an instance of Buffer, TypedArray, or DataView.' + binding.received(buf));
    e.code = 'ERR_INVALID_ARG_TYPE';
    throw e;
  }
  var st = state(this);
  return decode(st, this.encoding, new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength));
};
StringDecoder.prototype.end = function end(buf) {
  var ret = '';
  if (buf !== undefined) ret = this.write(buf);
  var st = state(this);
  if (st.buffered > 0) {
    if (this.encoding === 'utf16le' && st.buffered % 2 === 1) { st.missing--; st.buffered--; }
    if (st.buffered > 0) ret += makeString(st.buf.subarray(0, st.buffered), this.encoding);
    st.missing = 0; st.buffered = 0;
  }
  return ret;
};
StringDecoder.prototype.text = function text(buf, offset) {
  var st = state(this);
  st.missing = 0; st.buffered = 0;
  return this.write(buf.slice(offset));
};
Object.defineProperties(StringDecoder.prototype, {
  lastChar: { configurable: true, enumerable: true, get: function () { return Buffer.from(state(this).buf); } },
  lastNeed: { configurable: true, enumerable: true, get: function () { return state(this).missing; } },
  lastTotal: { configurable: true, enumerable: true, get: function () { var st = state(this); return st.buffered + st.missing; } },
});
exports.StringDecoder = StringDecoder;
})`

const jsQuerystring = `(function (module, exports, require, binding) {
'use strict';
var Buffer = require('buffer').Buffer;
var hexTable = new Array(256);
for (var h = 0; h < 256; ++h) hexTable[h] = '%' + ((h < 16 ? '0' : '') + h.toString(16)).toUpperCase();
var isHexTable = new Int8Array(256), unhexTable = new Int8Array(256).fill(-1);
for (var d = 0; d < 10; d++) { isHexTable[48 + d] = 1; unhexTable[48 + d] = d; }
for (var x = 0; x < 6; x++) { isHexTable[65 + x] = isHexTable[97 + x] = 1; unhexTable[65 + x] = unhexTable[97 + x] = 10 + x; }
var noEscape = new Int8Array(128);
'!\'()*-._~'.split('').forEach(function (c) { noEscape[c.charCodeAt(0)] = 1; });
for (var a = 0; a < 128; a++) {
  if ((a >= 48 && a <= 57) || (a >= 65 && a <= 90) || (a >= 97 && a <= 122)) noEscape[a] = 1;
}
function encodeStr(str, noEscapeTable, hexTable) {
  var len = str.length;
  if (len === 0) return '';
  var out = '', lastPos = 0, i = 0, c;
  outer:
  for (; i < len; i++) {
    c = str.charCodeAt(i);
    while (c < 0x80) {
      if (noEscapeTable[c] !== 1) {
        if (lastPos < i) out += str.slice(lastPos, i);
        lastPos = i + 1;
        out += hexTable[c];
      }
      if (++i === len) break outer;
      c = str.charCodeAt(i);
    }
    if (lastPos < i) out += str.slice(lastPos, i);
    if (c < 0x800) {
      lastPos = i + 1;
      out += hexTable[0xC0 | (c >> 6)] + hexTable[0x80 | (c & 0x3F)];
      continue;
    }
    if (c < 0xD800 || c >= 0xE000) {
      lastPos = i + 1;
      out += hexTable[0xE0 | (c >> 12)] + hexTable[0x80 | ((c >> 6) & 0x3F)] + hexTable[0x80 | (c & 0x3F)];
      continue;
    }
    ++i;
    if (i >= len) {
      var e = new URIError('URI malformed');
      e.code = 'ERR_INVALID_URI';
      throw e;
    }
    var c2 = str.charCodeAt(i) & 0x3FF;
    lastPos = i + 1;
    c = 0x10000 + (((c & 0x3FF) << 10) | c2);
    out += hexTable[0xF0 | (c >> 18)] + hexTable[0x80 | ((c >> 12) & 0x3F)] +
      hexTable[0x80 | ((c >> 6) & 0x3F)] + hexTable[0x80 | (c & 0x3F)];
  }
  if (lastPos === 0) return str;
  if (lastPos < len) return out + str.slice(lastPos);
  return out;
}
function unescapeBuffer(s, decodeSpaces) {
  var out = Buffer.allocUnsafe(s.length);
  var index = 0, outIndex = 0, currentChar, nextChar, hexHigh, hexLow;
  var maxLength = s.length - 2, hasHex = false;
  while (index < s.length) {
    currentChar = s.charCodeAt(index);
    if (currentChar === 43 && decodeSpaces) {
      out[outIndex++] = 32;
      index++;
      continue;
    }
    if (currentChar === 37 && index < maxLength) {
      currentChar = s.charCodeAt(++index);
      hexHigh = unhexTable[currentChar];
      if (!(hexHigh >= 0)) {
        out[outIndex++] = 37;
        continue;
      } else {
        nextChar = s.charCodeAt(++index);
        hexLow = unhexTable[nextChar];
        if (!(hexLow >= 0)) {
          out[outIndex++] = 37;
          index--;
        } else {
          hasHex = true;
          currentChar = hexHigh * 16 + hexLow;
        }
      }
    }
    out[outIndex++] = currentChar;
    index++;
  }
  return hasHex ? out.slice(0, outIndex) : out;
}
function qsUnescape(s, decodeSpaces) {
  try {
    return decodeURIComponent(s);
  } catch (e) {
    return exports.unescapeBuffer(s, decodeSpaces).toString();
  }
}
function qsEscape(str) {
  if (typeof str !== 'string') {
    if (typeof str === 'object') str = String(str);
    else str += '';
  }
  return encodeStr(str, noEscape, hexTable);
}
function stringifyPrimitive(v) {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' && isFinite(v)) return '' + v;
  if (typeof v === 'bigint') return '' + v;
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  return '';
}
function encodeStringified(v, encode) {
  if (typeof v === 'string') return (v.length ? encode(v) : '');
  if (typeof v === 'number' && isFinite(v)) return (Math.abs(v) < 1e21 ? '' + v : encode('' + v));
  if (typeof v === 'bigint') return '' + v;
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  return '';
}
function encodeStringifiedCustom(v, encode) { return encode(stringifyPrimitive(v)); }
function stringify(obj, sep, eq, options) {
  sep = sep || '&';
  eq = eq || '=';
  var encode = exports.escape;
  if (options && typeof options.encodeURIComponent === 'function') encode = options.encodeURIComponent;
  var convert = (encode === qsEscape ? encodeStringified : encodeStringifiedCustom);
  if (obj !== null && typeof obj === 'object') {
    var keys = Object.keys(obj), len = keys.length, fields = '';
    for (var i = 0; i < len; ++i) {
      var k = keys[i], v = obj[k], ks = convert(k, encode);
      ks += eq;
      if (Array.isArray(v)) {
        var vlen = v.length;
        if (vlen === 0) continue;
        if (fields) fields += sep;
        for (var j = 0; j < vlen; ++j) {
          if (j) fields += sep;
          fields += ks;
          fields += convert(v[j], encode);
        }
      } else {
        if (fields) fields += sep;
        fields += ks;
        fields += convert(v, encode);
      }
    }
    return fields;
  }
  return '';
}
function charCodes(str) {
  var ret = new Array(str.length);
  for (var i = 0; i < str.length; ++i) ret[i] = str.charCodeAt(i);
  return ret;
}
function decodeStr(s, decoder) {
  try {
    return decoder(s);
  } catch (e) {
    return exports.unescape(s, true);
  }
}
function addKeyVal(obj, key, value, keyEncoded, valEncoded, decode) {
  if (key.length > 0 && keyEncoded) key = decodeStr(key, decode);
  if (value.length > 0 && valEncoded) value = decodeStr(value, decode);
  if (obj[key] === undefined) {
    obj[key] = value;
  } else {
    var cur = obj[key];
    if (cur.pop) cur[cur.length] = value;
    else obj[key] = [cur, value];
  }
}
function parse(qs, sep, eq, options) {
  var obj = Object.create(null);
  if (typeof qs !== 'string' || qs.length === 0) return obj;
  var sepCodes = (!sep ? [38] : charCodes(String(sep)));
  var eqCodes = (!eq ? [61] : charCodes(String(eq)));
  var sepLen = sepCodes.length, eqLen = eqCodes.length;
  var pairs = 1000;
  if (options && typeof options.maxKeys === 'number') pairs = (options.maxKeys > 0 ? options.maxKeys : -1);
  var decode = exports.unescape;
  if (options && typeof options.decodeURIComponent === 'function') decode = options.decodeURIComponent;
  var customDecode = (decode !== qsUnescape);
  var lastPos = 0, sepIdx = 0, eqIdx = 0, key = '', value = '';
  var keyEncoded = customDecode, valEncoded = customDecode;
  var plusChar = (customDecode ? '%20' : ' ');
  var encodeCheck = 0;
  for (var i = 0; i < qs.length; ++i) {
    var code = qs.charCodeAt(i);
    if (code === sepCodes[sepIdx]) {
      if (++sepIdx === sepLen) {
        var end = i - sepIdx + 1;
        if (eqIdx < eqLen) {
          if (lastPos < end) {
            key += qs.slice(lastPos, end);
          } else if (key.length === 0) {
            if (--pairs === 0) return obj;
            lastPos = i + 1;
            sepIdx = eqIdx = 0;
            continue;
          }
        } else if (lastPos < end) {
          value += qs.slice(lastPos, end);
        }
        addKeyVal(obj, key, value, keyEncoded, valEncoded, decode);
        if (--pairs === 0) return obj;
        keyEncoded = valEncoded = customDecode;
        key = value = '';
        encodeCheck = 0;
        lastPos = i + 1;
        sepIdx = eqIdx = 0;
      }
    } else {
      sepIdx = 0;
      if (eqIdx < eqLen) {
        if (code === eqCodes[eqIdx]) {
          if (++eqIdx === eqLen) {
            var end2 = i - eqIdx + 1;
            if (lastPos < end2) key += qs.slice(lastPos, end2);
            encodeCheck = 0;
            lastPos = i + 1;
          }
          continue;
        } else {
          eqIdx = 0;
          if (!keyEncoded) {
            if (code === 37) {
              encodeCheck = 1;
              continue;
            } else if (encodeCheck > 0) {
              if (isHexTable[code] === 1) {
                if (++encodeCheck === 3) keyEncoded = true;
                continue;
              } else {
                encodeCheck = 0;
              }
            }
          }
        }
        if (code === 43) {
          if (lastPos < i) key += qs.slice(lastPos, i);
          key += plusChar;
          lastPos = i + 1;
          continue;
        }
      }
      if (code === 43) {
        if (lastPos < i) value += qs.slice(lastPos, i);
        value += plusChar;
        lastPos = i + 1;
      } else if (!valEncoded) {
        if (code === 37) {
          encodeCheck = 1;
        } else if (encodeCheck > 0) {
          if (isHexTable[code] === 1) {
            if (++encodeCheck === 3) valEncoded = true;
          } else {
            encodeCheck = 0;
          }
        }
      }
    }
  }
  if (lastPos < qs.length) {
    if (eqIdx < eqLen) key += qs.slice(lastPos);
    else if (sepIdx < sepLen) value += qs.slice(lastPos);
  } else if (eqIdx === 0 && key.length === 0) {
    return obj;
  }
  addKeyVal(obj, key, value, keyEncoded, valEncoded, decode);
  return obj;
}
exports.unescapeBuffer = unescapeBuffer;
exports.unescape = qsUnescape;
exports.escape = qsEscape;
exports.stringify = stringify;
exports.encode = stringify;
exports.parse = parse;
exports.decode = parse;
})`

const jsPunycode = `(function (module, exports, require, binding) {
'use strict';
var maxInt = 2147483647, base = 36, tMin = 1, tMax = 26, skew = 38, damp = 700;
var initialBias = 72, initialN = 128, delimiter = '-';
var regexPunycode = /^xn--/, regexNonASCII = /[^\0-\x7E]/, regexSeparators = /[\x2E\u3002\uFF0E\uFF61]/g;
var errors = {
  'overflow': 'Overflow: input needs wider integers to process',
  'not-basic': 'Illegal input >= 0x80 (not a basic code point)',
  'invalid-input': 'Invalid input'
};
var baseMinusTMin = base - tMin, floor = Math.floor, stringFromCharCode = String.fromCharCode;
function error(type) { throw new RangeError(errors[type]); }
function map(array, fn) {
  var result = [], length = array.length;
  while (length--) result[length] = fn(array[length]);
  return result;
}
function mapDomain(string, fn) {
  var parts = string.split('@'), result = '';
  if (parts.length > 1) {
    result = parts[0] + '@';
    string = parts[1];
  }
  string = string.replace(regexSeparators, '\x2E');
  var labels = string.split('.');
  return result + map(labels, fn).join('.');
}
function ucs2decode(string) {
  var output = [], counter = 0, length = string.length;
  while (counter < length) {
    var value = string.charCodeAt(counter++);
    if (value >= 0xD800 && value <= 0xDBFF && counter < length) {
      var extra = string.charCodeAt(counter++);
      if ((extra & 0xFC00) == 0xDC00) {
        output.push(((value & 0x3FF) << 10) + (extra & 0x3FF) + 0x10000);
      } else {
        output.push(value);
        counter--;
      }
    } else {
      output.push(value);
    }
  }
  return output;
}
function fromCodePoints(array) {
  var s = '';
  for (var i = 0; i < array.length; i += 4096) s += String.fromCodePoint.apply(String, array.slice(i, i + 4096));
  return s;
}
var ucs2encode = function (array) { return fromCodePoints(array); };
function basicToDigit(codePoint) {
  if (codePoint - 0x30 < 0x0A) return codePoint - 0x16;
  if (codePoint - 0x41 < 0x1A) return codePoint - 0x41;
  if (codePoint - 0x61 < 0x1A) return codePoint - 0x61;
  return base;
}
function digitToBasic(digit, flag) { return digit + 22 + 75 * (digit < 26) - ((flag != 0) << 5); }
function adapt(delta, numPoints, firstTime) {
  var k = 0;
  delta = firstTime ? floor(delta / damp) : delta >> 1;
  delta += floor(delta / numPoints);
  for (; delta > baseMinusTMin * tMax >> 1; k += base) delta = floor(delta / baseMinusTMin);
  return floor(k + (baseMinusTMin + 1) * delta / (delta + skew));
}
function decode(input) {
  var output = [], inputLength = input.length, i = 0, n = initialN, bias = initialBias;
  var basic = input.lastIndexOf(delimiter);
  if (basic < 0) basic = 0;
  for (var j = 0; j < basic; ++j) {
    if (input.charCodeAt(j) >= 0x80) error('not-basic');
    output.push(input.charCodeAt(j));
  }
  for (var index = basic > 0 ? basic + 1 : 0; index < inputLength;) {
    var oldi = i;
    for (var w = 1, k = base; ; k += base) {
      if (index >= inputLength) error('invalid-input');
      var digit = basicToDigit(input.charCodeAt(index++));
      if (digit >= base || digit > floor((maxInt - i) / w)) error('overflow');
      i += digit * w;
      var t = k <= bias ? tMin : (k >= bias + tMax ? tMax : k - bias);
      if (digit < t) break;
      var baseMinusT = base - t;
      if (w > floor(maxInt / baseMinusT)) error('overflow');
      w *= baseMinusT;
    }
    var out = output.length + 1;
    bias = adapt(i - oldi, out, oldi == 0);
    if (floor(i / out) > maxInt - n) error('overflow');
    n += floor(i / out);
    i %= out;
    output.splice(i++, 0, n);
  }
  return fromCodePoints(output);
}
function encode(input) {
  var output = [];
  input = ucs2decode(input);
  var inputLength = input.length, n = initialN, delta = 0, bias = initialBias, c, q, k, t;
  for (c = 0; c < inputLength; c++) if (input[c] < 0x80) output.push(stringFromCharCode(input[c]));
  var basicLength = output.length, handledCPCount = basicLength;
  if (basicLength) output.push(delimiter);
  while (handledCPCount < inputLength) {
    var m = maxInt;
    for (c = 0; c < inputLength; c++) if (input[c] >= n && input[c] < m) m = input[c];
    var handledCPCountPlusOne = handledCPCount + 1;
    if (m - n > floor((maxInt - delta) / handledCPCountPlusOne)) error('overflow');
    delta += (m - n) * handledCPCountPlusOne;
    n = m;
    for (c = 0; c < inputLength; c++) {
      var cur = input[c];
      if (cur < n && ++delta > maxInt) error('overflow');
      if (cur == n) {
        q = delta;
        for (k = base; ; k += base) {
          t = k <= bias ? tMin : (k >= bias + tMax ? tMax : k - bias);
          if (q < t) break;
          var qMinusT = q - t, baseMinusT = base - t;
          output.push(stringFromCharCode(digitToBasic(t + qMinusT % baseMinusT, 0)));
          q = floor(qMinusT / baseMinusT);
        }
        output.push(stringFromCharCode(digitToBasic(q, 0)));
        bias = adapt(delta, handledCPCountPlusOne, handledCPCount == basicLength);
        delta = 0;
        ++handledCPCount;
      }
    }
    ++delta;
    ++n;
  }
  return output.join('');
}
function toUnicode(input) {
  return mapDomain(input, function (s) { return regexPunycode.test(s) ? decode(s.slice(4).toLowerCase()) : s; });
}
function toASCII(input) {
  return mapDomain(input, function (s) { return regexNonASCII.test(s) ? 'xn--' + encode(s) : s; });
}
module.exports = {
  version: '2.1.0',
  ucs2: { decode: ucs2decode, encode: ucs2encode },
  decode: decode,
  encode: encode,
  toASCII: toASCII,
  toUnicode: toUnicode
};
})`

// util/types decides from brand checks (a getter or method that throws
// for anything but the real thing) where JavaScript has one, from Go
// (binding.classOf: promises, proxies, errors, arguments) where goja knows,
// and from the prototype where neither can tell: async and generator
// functions, generator objects and Map/Set iterators are recognised by
// their intrinsic prototypes, so Object.setPrototypeOf can fool those.
const jsUtilTypes = `(function (module, exports, require, binding) {
'use strict';
var classOf = binding.classOf;
function brand(fn) {
  return function (v) {
    if (v === null || (typeof v !== 'object' && typeof v !== 'function')) return false;
    try { fn(v); return true; } catch (e) { return false; }
  };
}
function getter(proto, name) { return Object.getOwnPropertyDescriptor(proto, name).get; }
var TypedArray = Object.getPrototypeOf(Uint8Array);
var taTag = getter(TypedArray.prototype, Symbol.toStringTag);
var abLen = getter(ArrayBuffer.prototype, 'byteLength');
var dvLen = getter(DataView.prototype, 'byteLength');
var mapSize = getter(Map.prototype, 'size'), setSize = getter(Set.prototype, 'size');
var reSource = getter(RegExp.prototype, 'source');
function kind(name) { return function (v) { return classOf(v) === name; }; }
function typed(name) { return function (v) { return taTag.call(v) === name; }; }
function boxed(proto, type) {
  var valueOf = proto.valueOf;
  return function (v) {
    if (v === null || typeof v !== 'object') return false;
    try { valueOf.call(v); return true; } catch (e) { return false; }
  };
}
var t = exports;
t.isExternal = function () { return false; };
t.isDate = brand(function (v) { Date.prototype.getTime.call(v); });
t.isArgumentsObject = kind('Arguments');
t.isBigIntObject = typeof BigInt === 'function' ? boxed(BigInt.prototype) : function () { return false; };
t.isBooleanObject = boxed(Boolean.prototype);
t.isNumberObject = boxed(Number.prototype);
t.isStringObject = boxed(String.prototype);
t.isSymbolObject = boxed(Symbol.prototype);
t.isBoxedPrimitive = function (v) {
  return t.isNumberObject(v) || t.isStringObject(v) || t.isBooleanObject(v) || t.isBigIntObject(v) || t.isSymbolObject(v);
};
t.isNativeError = kind('Error');
t.isRegExp = function (v) { return v !== RegExp.prototype && brand(function (x) { reSource.call(x); })(v); };
function protoIs(p) { return function (v) { return v !== null && (typeof v === 'object' || typeof v === 'function') && Object.getPrototypeOf(v) === p; }; }
function inherits(p) { return function (v) { return v !== null && typeof v === 'object' && p.isPrototypeOf(v); }; }
var genFn = function* () {};
t.isAsyncFunction = protoIs(Object.getPrototypeOf(async function () {}));
t.isGeneratorFunction = protoIs(Object.getPrototypeOf(genFn));
t.isGeneratorObject = inherits(Object.getPrototypeOf(genFn.prototype));
t.isPromise = kind('Promise');
t.isMap = brand(function (v) { mapSize.call(v); });
t.isSet = brand(function (v) { setSize.call(v); });
t.isMapIterator = inherits(Object.getPrototypeOf(new Map().keys()));
t.isSetIterator = inherits(Object.getPrototypeOf(new Set().values()));
t.isWeakMap = brand(function (v) { WeakMap.prototype.has.call(v, {}); });
t.isWeakSet = brand(function (v) { WeakSet.prototype.has.call(v, {}); });
t.isArrayBuffer = brand(function (v) { abLen.call(v); });
t.isDataView = brand(function (v) { dvLen.call(v); });
t.isSharedArrayBuffer = function () { return false; };
t.isProxy = kind('Proxy');
t.isModuleNamespaceObject = function () { return false; };
t.isAnyArrayBuffer = function (v) { return t.isArrayBuffer(v) || t.isSharedArrayBuffer(v); };
t.isCryptoKey = function (v) { return typeof CryptoKey === 'function' && v instanceof CryptoKey; };
t.isKeyObject = function (v) { return binding.isKeyObject(v); };
t.isArrayBufferView = function (v) { return ArrayBuffer.isView(v); };
t.isTypedArray = function (v) { return taTag.call(v) !== undefined; };
['Uint8Array', 'Uint8ClampedArray', 'Uint16Array', 'Uint32Array', 'Int8Array', 'Int16Array', 'Int32Array',
  'Float32Array', 'Float64Array', 'BigInt64Array', 'BigUint64Array'].forEach(function (n) { t['is' + n] = typed(n); });
})`

const jsTimersPromises = `(function (module, exports, require, binding) {
'use strict';
var timers = require('timers');
var asyncIterator = Symbol.asyncIterator || Symbol.for('Symbol.asyncIterator');
function AbortError(message, options) {
  var e = new Error(message === undefined ? 'The operation was aborted' : message, options);
  Object.setPrototypeOf(e, AbortError.prototype);
  e.code = 'ABORT_ERR';
  e.name = 'AbortError';
  return e;
}
AbortError.prototype = Object.create(Error.prototype, { constructor: { value: AbortError, writable: true, configurable: true } });
function argType(name, what, v) {
  var e = new TypeError('The "' + name + '" ' + (name.indexOf('.') >= 0 ? 'property' : 'argument') + ' must be ' + what + '.' + binding.received(v));
  e.code = 'ERR_INVALID_ARG_TYPE';
  return e;
}
function check(options) {
  if (options === null || typeof options !== 'object') throw argType('options', 'of type object', options);
  var signal = options.signal, ref = options.ref === undefined ? true : options.ref;
  if (signal !== undefined && (signal === null || typeof signal !== 'object' || !('aborted' in signal))) {
    throw argType('options.signal', 'an instance of AbortSignal', signal);
  }
  if (typeof ref !== 'boolean') throw argType('options.ref', 'of type boolean', ref);
  if (signal && signal.aborted) throw new AbortError(undefined, { cause: signal.reason });
  return { signal: signal, ref: ref };
}
function once(set, clear, args, options) {
  var o;
  try { o = check(options === undefined ? {} : options); } catch (e) { return Promise.reject(e); }
  var signal = o.signal, oncancel;
  var ret = new Promise(function (resolve, reject) {
    var handle = set.apply(undefined, [resolve].concat(args));
    if (!o.ref && handle && typeof handle.unref === 'function') handle.unref();
    if (signal) {
      oncancel = function () { clear(handle); reject(new AbortError(undefined, { cause: signal.reason })); };
      signal.addEventListener('abort', oncancel);
    }
  });
  return oncancel === undefined ? ret : ret.finally(function () { signal.removeEventListener('abort', oncancel); });
}
exports.setTimeout = function setTimeout(after, value, options) {
  return once(timers.setTimeout, timers.clearTimeout, [after, value], options);
};
exports.setImmediate = function setImmediate(value, options) {
  return once(timers.setImmediate, timers.clearImmediate, [value], options);
};
// setInterval is an async generator in Node; goja has none, so this is the
// same state machine written out, iterable with for await.
exports.setInterval = function setInterval(after, value, options) {
  if (options === undefined) options = {};
  var started = false, done = false, failed = null, notYielded = 0;
  var waiting = [], handle, signal, onCancel;
  function cleanup() {
    done = true;
    if (handle !== undefined) timers.clearInterval(handle);
    if (signal && onCancel) signal.removeEventListener('abort', onCancel);
  }
  function pump() {
    while (waiting.length > 0) {
      if (done) { waiting.shift().resolve({ value: undefined, done: true }); continue; }
      if (notYielded > 0) { notYielded--; waiting.shift().resolve({ value: value, done: false }); continue; }
      if (signal && signal.aborted) {
        var err = new AbortError(undefined, { cause: signal.reason });
        cleanup();
        waiting.shift().reject(err);
        continue;
      }
      return;
    }
  }
  function start() {
    started = true;
    var o;
    try { o = check(options); } catch (e) { done = true; failed = e; return; }
    signal = o.signal;
    handle = timers.setInterval(function () { notYielded++; pump(); }, after);
    if (!o.ref) handle.unref();
    if (signal) {
      onCancel = function () { timers.clearInterval(handle); handle = undefined; pump(); };
      signal.addEventListener('abort', onCancel, { once: true });
    }
  }
  var it = {
    next: function () {
      return new Promise(function (resolve, reject) {
        if (!started) start();
        if (failed) { var f = failed; failed = null; reject(f); return; }
        waiting.push({ resolve: resolve, reject: reject });
        pump();
      });
    },
    return: function (v) {
      cleanup();
      pump();
      return Promise.resolve({ value: v, done: true });
    },
    throw: function (e) {
      var wasStarted = started;
      started = true;
      cleanup();
      pump();
      return wasStarted ? Promise.reject(e) : Promise.reject(e);
    }
  };
  it[asyncIterator] = function () { return this; };
  return it;
};
exports.scheduler = {
  wait: function wait(delay, options) { return exports.setTimeout(delay, undefined, options); },
  yield: function () { return exports.setImmediate(); }
};
})`
