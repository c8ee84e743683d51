package guest

// jsIntl is the guest's Intl in JavaScript: the constructors, their option
// reading in ECMA-402's order with V8's messages, resolvedOptions, and the
// helpers behind Number, BigInt and Date toLocaleString and String
// localeCompare. What they format with is Go's (node_intl.go), reached
// through binding. Internal state lives in a WeakMap, never on the
// objects. Evaluated as function(binding) once per runtime; returns
// {Intl, helpers...}.
const jsIntl = `(function (binding) {
'use strict';
var slots = new WeakMap();
var ObjectCreate = Object.create;
var defineProperty = Object.defineProperty;

// slot is o's internal state if o is a kind; else V8's TypeError. For
// NumberFormat and DateTimeFormat V8 names its Unwrap step when o is an
// object (and the receiver as undefined for NumberFormat).
function slot(o, kind, method, unwrap) {
  var s = (typeof o === 'object' && o !== null) ? slots.get(o) : undefined;
  if (s === undefined || s.kind !== kind) {
    if (unwrap && typeof o === 'object' && o !== null) {
      throw new TypeError('Method Unwrap' + kind + ' called on incompatible receiver ' + (kind === 'NumberFormat' ? 'undefined' : describe(o)));
    }
    throw new TypeError('Method ' + method + ' called on incompatible receiver ' + describe(o));
  }
  return s;
}
function describe(v) {
  if (v === undefined || v === null) return String(v);
  if (typeof v === 'object' || typeof v === 'function') {
    var c = v.constructor;
    return '#<' + (c && typeof c.name === 'string' && c.name ? c.name : 'Object') + '>';
  }
  if (typeof v === 'string') return v;
  if (typeof v === 'symbol') return v.toString();
  return String(v);
}
function setMethods(proto, methods) {
  Object.keys(methods).forEach(function (k) {
    defineProperty(proto, k, { value: methods[k], writable: true, enumerable: false, configurable: true });
  });
}
function setTag(o, tag) {
  defineProperty(o, Symbol.toStringTag, { value: tag, writable: false, enumerable: false, configurable: true });
}
function getter(proto, name, fn) {
  defineProperty(proto, name, { get: fn, enumerable: false, configurable: true });
}
function named(fn, name) {
  defineProperty(fn, 'name', { value: name, configurable: true });
  return fn;
}

// ---- locales ----

function isLocaleObject(v) {
  var s = (typeof v === 'object' && v !== null) ? slots.get(v) : undefined;
  return s !== undefined && s.kind === 'Locale';
}
function canonicalizeLocaleList(locales) {
  if (locales === undefined) return [];
  var seen = [];
  var O;
  if (typeof locales === 'string' || isLocaleObject(locales)) {
    O = [locales];
  } else {
    if (locales === null) throw new TypeError('Cannot convert undefined or null to object');
    O = Object(locales);
  }
  var len = toLength(O.length);
  for (var k = 0; k < len; k++) {
    if (!(k in O)) continue;
    var v = O[k];
    if (typeof v !== 'string' && (typeof v !== 'object' || v === null)) {
      throw new TypeError('Language ID should be string or object.');
    }
    var tag = isLocaleObject(v) ? slots.get(v).tag : binding.canonicalize(String(v));
    if (seen.indexOf(tag) < 0) seen.push(tag);
  }
  return seen;
}
function toLength(v) {
  var n = Number(v);
  if (!(n > 0)) return 0;
  n = Math.floor(n);
  return n > 9007199254740991 ? 9007199254740991 : n;
}
// splitExtension parts a canonical tag into the tag without its -u-
// extension and that extension's keywords.
function splitExtension(tag) {
  var priv = '';
  var xi = tag.indexOf('-x-');
  if (xi >= 0) { priv = tag.slice(xi); tag = tag.slice(0, xi); }
  var m = /-u((?:-[a-z0-9]{2,8})+)/.exec(tag);
  var kw = {};
  if (!m) return { base: tag + priv, kw: kw };
  var subs = m[1].slice(1).split('-');
  var i = 0;
  while (i < subs.length && subs[i].length !== 2) i++;
  while (i < subs.length) {
    var key = subs[i++];
    var vals = [];
    while (i < subs.length && subs[i].length !== 2) vals.push(subs[i++]);
    if (!(key in kw)) kw[key] = vals.length ? vals.join('-') : 'true';
  }
  return { base: tag.slice(0, m.index) + tag.slice(m.index + m[0].length) + priv, kw: kw };
}
var keyValid = {
  nu: function (v) { return v === 'latn'; },
  ca: function (v) { return v === 'gregory'; },
  hc: function (v) { return v === 'h11' || v === 'h12' || v === 'h23' || v === 'h24'; },
  kn: function (v) { return v === 'true' || v === 'false'; },
  kf: function (v) { return v === 'upper' || v === 'lower' || v === 'false'; },
  co: function (v) { return false; }
};
// resolveLocale is ECMA-402's ResolveLocale with the lookup matcher over
// the locales the guest has data for. opts holds the options that
// override a keyword of the same key.
function resolveLocale(requested, relevantKeys, opts, service) {
  var found, kw = {};
  for (var i = 0; i < requested.length && !found; i++) {
    var sp = splitExtension(requested[i]);
    var r = binding.lookup(sp.base, service);
    if (r !== undefined) { found = r; kw = sp.kw; }
  }
  if (!found) found = binding.lookup(binding.defaultLocale, service);
  var result = { locale: found[0], dataLocale: found[1] };
  var ext = '';
  for (var k = 0; k < relevantKeys.length; k++) {
    var key = relevantKeys[k];
    var value;
    var inExt = false;
    if (key in kw && keyValid[key](kw[key])) { value = kw[key]; inExt = true; }
    var ov = opts && opts[key];
    if (ov !== undefined && ov !== null) {
      if (ov !== value) inExt = false;
      value = ov;
    }
    result[key] = value;
    if (inExt) ext += '-' + key + (value === 'true' ? '' : '-' + value);
  }
  if (ext) result.locale += '-u' + ext;
  return result;
}
function supportedLocales(locales, options) {
  var requested = canonicalizeLocaleList(locales);
  if (options !== undefined) {
    options = toObject(options);
    getOption(options, 'localeMatcher', 'string', ['lookup', 'best fit'], 'best fit', 'Intl');
  }
  return requested.filter(function (tag) { return binding.lookup(splitExtension(tag).base, '') !== undefined; });
}

// ---- options ----

function toObject(v) {
  if (v === undefined || v === null) throw new TypeError('Cannot convert undefined or null to object');
  return Object(v);
}
// coerceOptions is CoerceOptionsToObject, with V8's message per service
// for null.
function coerceOptions(options, service) {
  if (options === undefined) return ObjectCreate(null);
  if (options === null) {
    if (service === 'Intl.DateTimeFormat' || service === undefined) throw new TypeError('Cannot convert undefined or null to object');
    if (service === 'Intl.ListFormat' || service === 'Intl.Segmenter') throw new TypeError('invalid_argument');
    throw new TypeError(service + ' called on null or undefined');
  }
  return Object(options);
}
function getOption(options, prop, type, values, fallback, service) {
  var v = options[prop];
  if (v === undefined) return fallback;
  if (type === 'boolean') v = Boolean(v);
  else {
    if (typeof v === 'symbol') throw new TypeError('Cannot convert a Symbol value to a string');
    v = String(v);
  }
  if (values !== undefined && values.indexOf(v) < 0) {
    throw new RangeError('Value ' + v + ' out of range for ' + service + ' options property ' + prop);
  }
  return v;
}
function defaultNumberOption(v, min, max, fallback, prop) {
  if (v === undefined) return fallback;
  v = Number(v);
  if (isNaN(v) || v < min || v > max) throw new RangeError(prop + ' value is out of range.');
  return Math.floor(v);
}
function getNumberOption(options, prop, min, max, fallback) {
  return defaultNumberOption(options[prop], min, max, fallback, prop);
}
function checkType(v, what, service) {
  if (v !== undefined && !/^[a-zA-Z0-9]{3,8}(-[a-zA-Z0-9]{3,8})*$/.test(v)) {
    throw new RangeError('Invalid ' + what + ' : ' + v);
  }
}
// unsupported throws for a well-formed option value the guest has no data
// for, rather than format with another.
function unsupported(service, what, v) {
  throw new RangeError(service + ': ' + what + ' ' + v + ' is not supported here');
}

// setDigitOptions is ECMA-402's SetNumberFormatDigitOptions (ES2023).
function setDigitOptions(s, options, mnfdDefault, mxfdDefault, notation) {
  var mnid = getNumberOption(options, 'minimumIntegerDigits', 1, 21, 1);
  var mnfd = options.minimumFractionDigits;
  var mxfd = options.maximumFractionDigits;
  var mnsd = options.minimumSignificantDigits;
  var mxsd = options.maximumSignificantDigits;
  s.minimumIntegerDigits = mnid;
  var inc = getNumberOption(options, 'roundingIncrement', 1, 5000, 1);
  if ([1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 2500, 5000].indexOf(inc) < 0) {
    throw new RangeError('roundingIncrement value is out of range.');
  }
  var roundingMode = getOption(options, 'roundingMode', 'string',
    ['ceil', 'floor', 'expand', 'trunc', 'halfCeil', 'halfFloor', 'halfExpand', 'halfTrunc', 'halfEven'], 'halfExpand', s.service);
  var priority = getOption(options, 'roundingPriority', 'string', ['auto', 'morePrecision', 'lessPrecision'], 'auto', s.service);
  var tzd = getOption(options, 'trailingZeroDisplay', 'string', ['auto', 'stripIfInteger'], 'auto', s.service);
  if (inc !== 1) mxfdDefault = mnfdDefault;
  s.roundingIncrement = inc;
  s.roundingMode = roundingMode;
  s.trailingZeroDisplay = tzd;
  var hasSd = mnsd !== undefined || mxsd !== undefined;
  var hasFd = mnfd !== undefined || mxfd !== undefined;
  var needSd = true, needFd = true;
  if (priority === 'auto') {
    needSd = hasSd;
    if (needSd || (!hasFd && notation === 'compact')) needFd = false;
  }
  if (needSd) {
    if (hasSd) {
      mnsd = defaultNumberOption(mnsd, 1, 21, 1, 'minimumSignificantDigits');
      mxsd = defaultNumberOption(mxsd, mnsd, 21, 21, 'maximumSignificantDigits');
      s.minimumSignificantDigits = mnsd;
      s.maximumSignificantDigits = mxsd;
    } else {
      s.minimumSignificantDigits = 1;
      s.maximumSignificantDigits = 21;
    }
  }
  if (needFd) {
    if (hasFd) {
      mnfd = defaultNumberOption(mnfd, 0, 100, undefined, 'minimumFractionDigits');
      mxfd = defaultNumberOption(mxfd, 0, 100, undefined, 'maximumFractionDigits');
      if (mnfd === undefined) mnfd = Math.min(mnfdDefault, mxfd);
      else if (mxfd === undefined) mxfd = Math.max(mxfdDefault, mnfd);
      else if (mnfd > mxfd) throw new RangeError('maximumFractionDigits value is out of range.');
      s.minimumFractionDigits = mnfd;
      s.maximumFractionDigits = mxfd;
    } else {
      s.minimumFractionDigits = mnfdDefault;
      s.maximumFractionDigits = mxfdDefault;
    }
  }
  if (!needSd && !needFd) {
    s.minimumFractionDigits = 0;
    s.maximumFractionDigits = 0;
    s.minimumSignificantDigits = 1;
    s.maximumSignificantDigits = 2;
    s.roundingType = 'morePrecision';
    s.roundingPriority = 'morePrecision';
  } else if (priority === 'auto') {
    s.roundingType = needSd ? 'significant' : 'fraction';
    s.roundingPriority = 'auto';
  } else {
    s.roundingType = priority;
    s.roundingPriority = priority;
  }
  if (inc !== 1) unsupported(s.service, 'roundingIncrement', inc);
}

// ---- NumberFormat ----

var sanctionedUnits = ['acre', 'bit', 'byte', 'celsius', 'centimeter', 'day', 'degree', 'fahrenheit', 'fluid-ounce', 'foot',
  'gallon', 'gigabit', 'gigabyte', 'gram', 'hectare', 'hour', 'inch', 'kilobit', 'kilobyte', 'kilogram', 'kilometer', 'liter',
  'megabit', 'megabyte', 'meter', 'microsecond', 'mile', 'mile-scandinavian', 'milliliter', 'millimeter', 'millisecond',
  'minute', 'month', 'nanosecond', 'ounce', 'percent', 'petabyte', 'pound', 'second', 'stone', 'terabit', 'terabyte', 'week',
  'yard', 'year'];
function wellFormedUnit(u) {
  if (sanctionedUnits.indexOf(u) >= 0) return true;
  var i = u.indexOf('-per-');
  return i > 0 && sanctionedUnits.indexOf(u.slice(0, i)) >= 0 && sanctionedUnits.indexOf(u.slice(i + 5)) >= 0;
}

function initNumberFormat(nf, locales, options) {
  var requested = canonicalizeLocaleList(locales);
  var S = 'Intl.NumberFormat';
  options = coerceOptions(options, S);
  getOption(options, 'localeMatcher', 'string', ['lookup', 'best fit'], 'best fit', S);
  var nu = getOption(options, 'numberingSystem', 'string', undefined, undefined, S);
  checkType(nu, 'numberingSystem', S);
  if (nu !== undefined && nu !== 'latn') unsupported(S, 'numberingSystem', nu);
  var r = resolveLocale(requested, ['nu'], { nu: nu }, 'NumberFormat');
  var s = { kind: 'NumberFormat', service: S, locale: r.locale, dataLocale: r.dataLocale, numberingSystem: 'latn' };
  var style = getOption(options, 'style', 'string', ['decimal', 'percent', 'currency', 'unit'], 'decimal', S);
  s.style = style;
  var currency = getOption(options, 'currency', 'string', undefined, undefined, S);
  if (currency !== undefined && !/^[a-zA-Z]{3}$/.test(currency)) throw new RangeError('Invalid currency code : ' + currency);
  var currencyDisplay = getOption(options, 'currencyDisplay', 'string', ['code', 'symbol', 'narrowSymbol', 'name'], 'symbol', S);
  var currencySign = getOption(options, 'currencySign', 'string', ['standard', 'accounting'], 'standard', S);
  var unit = getOption(options, 'unit', 'string', undefined, undefined, S);
  if (unit !== undefined && !wellFormedUnit(unit)) throw new RangeError('Invalid unit argument for Intl.NumberFormat() \'' + unit + '\'');
  var unitDisplay = getOption(options, 'unitDisplay', 'string', ['short', 'narrow', 'long'], 'short', S);
  if (style === 'currency') {
    if (currency === undefined) throw new TypeError('Currency code is required with currency style.');
    s.currency = currency.toUpperCase();
    s.currencyDisplay = currencyDisplay;
    s.currencySign = currencySign;
  }
  if (style === 'unit') {
    if (unit === undefined) throw new TypeError('Invalid unit argument for Intl.NumberFormat() \'\'');
    if (!binding.isUnit(unit)) unsupported(S, 'unit', unit);
    s.unit = unit;
    s.unitDisplay = unitDisplay;
  }
  var notation = getOption(options, 'notation', 'string', ['standard', 'scientific', 'engineering', 'compact'], 'standard', S);
  var mnfdDefault, mxfdDefault;
  // V8 keeps the currency's digits whatever the notation (ECMA-402 asks
  // for 0 and 3 outside the standard notation).
  if (style === 'currency') {
    mnfdDefault = mxfdDefault = binding.currencyDigits(s.currency);
  } else {
    mnfdDefault = 0;
    mxfdDefault = style === 'percent' ? 0 : 3;
  }
  setDigitOptions(s, options, mnfdDefault, mxfdDefault, notation);
  s.notation = notation;
  var compactDisplay = getOption(options, 'compactDisplay', 'string', ['short', 'long'], 'short', S);
  if (notation === 'compact') s.compactDisplay = compactDisplay;
  var defaultGrouping = notation === 'compact' ? 'min2' : 'auto';
  var g = options.useGrouping;
  if (g === undefined) g = defaultGrouping;
  else if (g === true) g = 'always';
  else if (!g) g = false;
  else {
    g = String(g);
    if (g === 'true' || g === 'false') g = defaultGrouping;
    else if (['min2', 'auto', 'always'].indexOf(g) < 0) throw new RangeError('Value ' + g + ' out of range for Intl.NumberFormat options property useGrouping');
  }
  s.useGrouping = g;
  s.signDisplay = getOption(options, 'signDisplay', 'string', ['auto', 'never', 'always', 'exceptZero', 'negative'], 'auto', S);
  s.fmt = binding.numberFormat(s.dataLocale, goOptions(s));
  slots.set(nf, s);
  return nf;
}
function goOptions(s) {
  return {
    style: s.style, currency: s.currency, currencyDisplay: s.currencyDisplay, currencySign: s.currencySign,
    unit: s.unit, unitDisplay: s.unitDisplay, notation: s.notation, compactDisplay: s.compactDisplay,
    signDisplay: s.signDisplay, useGrouping: s.useGrouping === false ? 'false' : s.useGrouping,
    roundingMode: s.roundingMode, trailingZeroDisplay: s.trailingZeroDisplay, roundingType: s.roundingType,
    minimumIntegerDigits: s.minimumIntegerDigits, minimumFractionDigits: s.minimumFractionDigits,
    maximumFractionDigits: s.maximumFractionDigits, minimumSignificantDigits: s.minimumSignificantDigits,
    maximumSignificantDigits: s.maximumSignificantDigits, plural: s.plural
  };
}
// toIntlMathematicalValue keeps BigInts and strings exact.
function mathValue(v) {
  if (typeof v === 'object' && v !== null || typeof v === 'function') {
    v = toPrimitiveNumber(v);
  }
  if (typeof v === 'bigint' || typeof v === 'string') return v;
  if (typeof v === 'symbol') throw new TypeError('Cannot convert a Symbol value to a number');
  return Number(v);
}
function toPrimitiveNumber(o) {
  var ex = o[Symbol.toPrimitive];
  if (ex !== undefined && ex !== null) {
    var r = ex.call(o, 'number');
    if (typeof r !== 'object' || r === null) return r;
    throw new TypeError('Cannot convert object to primitive value');
  }
  var names = ['valueOf', 'toString'];
  for (var i = 0; i < 2; i++) {
    var f = o[names[i]];
    if (typeof f === 'function') {
      var v = f.call(o);
      if (typeof v !== 'object' || v === null) return v;
    }
  }
  throw new TypeError('Cannot convert object to primitive value');
}

function NumberFormat(locales, options) {
  var nf = new.target === undefined ? ObjectCreate(NumberFormat.prototype) : this;
  return initNumberFormat(nf, locales, options);
}
setMethods(NumberFormat, { supportedLocalesOf: named(function supportedLocalesOf(locales) { return supportedLocales(locales, arguments[1]); }, 'supportedLocalesOf') });
getter(NumberFormat.prototype, 'format', named(function () {
  var s = slot(this, 'NumberFormat', 'get Intl.NumberFormat.prototype.format', true);
  if (!s.bound) {
    s.bound = function (x) { return s.fmt(mathValue(x), false); };
    defineProperty(s.bound, 'name', { value: '' });
  }
  return s.bound;
}, 'get format'));
setMethods(NumberFormat.prototype, {
  formatToParts: named(function formatToParts(x) {
    var s = slot(this, 'NumberFormat', 'Intl.NumberFormat.prototype.formatToParts');
    return s.fmt(mathValue(x), true);
  }, 'formatToParts'),
  resolvedOptions: named(function resolvedOptions() {
    var s = slot(this, 'NumberFormat', 'Intl.NumberFormat.prototype.resolvedOptions', true);
    var o = { locale: s.locale, numberingSystem: s.numberingSystem, style: s.style };
    if (s.style === 'currency') { o.currency = s.currency; o.currencyDisplay = s.currencyDisplay; o.currencySign = s.currencySign; }
    if (s.style === 'unit') { o.unit = s.unit; o.unitDisplay = s.unitDisplay; }
    o.minimumIntegerDigits = s.minimumIntegerDigits;
    digitsOut(s, o);
    o.useGrouping = s.useGrouping;
    o.notation = s.notation;
    if (s.notation === 'compact') o.compactDisplay = s.compactDisplay;
    o.signDisplay = s.signDisplay;
    o.roundingMode = s.roundingMode;
    o.roundingIncrement = s.roundingIncrement;
    o.trailingZeroDisplay = s.trailingZeroDisplay;
    o.roundingPriority = s.roundingPriority;
    return o;
  }, 'resolvedOptions')
});
function digitsOut(s, o) {
  if (s.roundingType !== 'fraction') {
    o.minimumSignificantDigits = s.minimumSignificantDigits;
    o.maximumSignificantDigits = s.maximumSignificantDigits;
  }
  if (s.roundingType !== 'significant') {
    o.minimumFractionDigits = s.minimumFractionDigits;
    o.maximumFractionDigits = s.maximumFractionDigits;
  }
}
setTag(NumberFormat.prototype, 'Intl.NumberFormat');

// ---- DateTimeFormat ----

var dateFields = ['weekday', 'era', 'year', 'month', 'day', 'dayPeriod', 'hour', 'minute', 'second', 'fractionalSecondDigits', 'timeZoneName'];
var fieldValues = {
  weekday: ['narrow', 'short', 'long'], era: ['narrow', 'short', 'long'], year: ['2-digit', 'numeric'],
  month: ['2-digit', 'numeric', 'narrow', 'short', 'long'], day: ['2-digit', 'numeric'], dayPeriod: ['narrow', 'short', 'long'],
  hour: ['2-digit', 'numeric'], minute: ['2-digit', 'numeric'], second: ['2-digit', 'numeric'],
  timeZoneName: ['short', 'long', 'shortOffset', 'longOffset', 'shortGeneric', 'longGeneric']
};

// initDateTimeFormat is CreateDateTimeFormat; required and defaults are
// ToDateTimeOptions' (any/date/time and date/time/all).
function initDateTimeFormat(dtf, locales, options, required, defaults) {
  var requested = canonicalizeLocaleList(locales);
  var S = 'Intl.DateTimeFormat';
  options = coerceOptions(options, S);
  getOption(options, 'localeMatcher', 'string', ['lookup', 'best fit'], 'best fit', S);
  var ca = getOption(options, 'calendar', 'string', undefined, undefined, S);
  checkType(ca, 'calendar', S);
  if (ca !== undefined && ca !== 'gregory' && ca !== 'gregorian') unsupported(S, 'calendar', ca);
  var nu = getOption(options, 'numberingSystem', 'string', undefined, undefined, S);
  checkType(nu, 'numberingSystem', S);
  if (nu !== undefined && nu !== 'latn') unsupported(S, 'numberingSystem', nu);
  var hour12 = getOption(options, 'hour12', 'boolean', undefined, undefined, S);
  var hourCycle = getOption(options, 'hourCycle', 'string', ['h11', 'h12', 'h23', 'h24'], undefined, S);
  if (hour12 !== undefined) hourCycle = null;
  var r = resolveLocale(requested, ['ca', 'hc', 'nu'], { hc: hourCycle, ca: ca === 'gregorian' ? 'gregory' : ca, nu: nu }, 'DateTimeFormat');
  var s = { kind: 'DateTimeFormat', locale: r.locale, dataLocale: r.dataLocale, calendar: 'gregory', numberingSystem: 'latn' };
  var tz = options.timeZone;
  s.timeZone = tz === undefined ? binding.defaultTimeZone() : binding.timeZone(String(tz));
  var go = { timeZone: s.timeZone };
  var any = false;
  for (var i = 0; i < dateFields.length; i++) {
    var f = dateFields[i];
    var v;
    if (f === 'fractionalSecondDigits') {
      v = getNumberOption(options, f, 1, 3, undefined);
    } else {
      v = getOption(options, f, 'string', fieldValues[f], undefined, S);
    }
    if (v !== undefined) {
      go[f] = v;
      if (f !== 'timeZoneName') any = true;
      if (f === 'dayPeriod') unsupported(S, 'option', 'dayPeriod');
    }
  }
  getOption(options, 'formatMatcher', 'string', ['basic', 'best fit'], 'best fit', S);
  var dateStyle = getOption(options, 'dateStyle', 'string', ['full', 'long', 'medium', 'short'], undefined, S);
  var timeStyle = getOption(options, 'timeStyle', 'string', ['full', 'long', 'medium', 'short'], undefined, S);
  if (dateStyle !== undefined || timeStyle !== undefined) {
    for (var j = 0; j < dateFields.length; j++) {
      if (go[dateFields[j]] !== undefined) {
        throw new TypeError('Can\'t set option ' + dateFields[j] + ' when ' + (dateStyle !== undefined ? 'dateStyle' : 'timeStyle') + ' is used');
      }
    }
    if (required === 'date' && dateStyle === undefined) throw new TypeError('Invalid option : timeStyle');
    if (required === 'time' && timeStyle === undefined) throw new TypeError('Invalid option : dateStyle');
    go.dateStyle = dateStyle;
    go.timeStyle = timeStyle;
  } else {
    var needDefaults = true;
    if (required === 'date' || required === 'any') {
      if (go.weekday !== undefined || go.year !== undefined || go.month !== undefined || go.day !== undefined) needDefaults = false;
    }
    if (required === 'time' || required === 'any') {
      if (go.dayPeriod !== undefined || go.hour !== undefined || go.minute !== undefined || go.second !== undefined ||
        go.fractionalSecondDigits !== undefined) needDefaults = false;
    }
    if (needDefaults && (defaults === 'date' || defaults === 'all')) { go.year = go.month = go.day = 'numeric'; }
    if (needDefaults && (defaults === 'time' || defaults === 'all')) { go.hour = go.minute = go.second = 'numeric'; }
  }
  if (hour12 !== undefined) go.hour12 = String(hour12);
  else if (r.hc !== undefined && r.hc !== null) go.hourCycle = r.hc;
  var made = binding.dateFormat(s.dataLocale, go);
  s.fmt = made.format;
  s.resolved = made.resolved;
  s.dateStyle = dateStyle;
  s.timeStyle = timeStyle;
  if (r.hc && made.resolved.hourCycle !== r.hc) {
    s.locale = s.locale.replace(/-hc-h[0-9]{2}/, '').replace(/-u$/, '');
  }
  slots.set(dtf, s);
  return dtf;
}
function timeValue(date) {
  var x = date === undefined ? Date.now() : Number(date);
  if (!isFinite(x) || Math.abs(x) > 8.64e15) throw new RangeError('Invalid time value');
  x = Math.trunc(x) + 0;
  return x;
}
function DateTimeFormat(locales, options) {
  var dtf = new.target === undefined ? ObjectCreate(DateTimeFormat.prototype) : this;
  return initDateTimeFormat(dtf, locales, options, 'any', 'date');
}
setMethods(DateTimeFormat, { supportedLocalesOf: named(function supportedLocalesOf(locales) { return supportedLocales(locales, arguments[1]); }, 'supportedLocalesOf') });
getter(DateTimeFormat.prototype, 'format', named(function () {
  var s = slot(this, 'DateTimeFormat', 'get Intl.DateTimeFormat.prototype.format', true);
  if (!s.bound) {
    s.bound = function (date) { return s.fmt(timeValue(date), false); };
    defineProperty(s.bound, 'name', { value: '' });
  }
  return s.bound;
}, 'get format'));
setMethods(DateTimeFormat.prototype, {
  formatToParts: named(function formatToParts(date) {
    var s = slot(this, 'DateTimeFormat', 'Intl.DateTimeFormat.prototype.formatToParts');
    return s.fmt(timeValue(date), true);
  }, 'formatToParts'),
  resolvedOptions: named(function resolvedOptions() {
    var s = slot(this, 'DateTimeFormat', 'Intl.DateTimeFormat.prototype.resolvedOptions', true);
    var o = { locale: s.locale, calendar: s.calendar, numberingSystem: s.numberingSystem, timeZone: s.timeZone };
    var rs = s.resolved;
    if (rs.hourCycle !== undefined) { o.hourCycle = rs.hourCycle; o.hour12 = rs.hourCycle === 'h11' || rs.hourCycle === 'h12'; }
    for (var i = 0; i < dateFields.length; i++) {
      if (rs[dateFields[i]] !== undefined) o[dateFields[i]] = rs[dateFields[i]];
    }
    if (s.dateStyle !== undefined) o.dateStyle = s.dateStyle;
    if (s.timeStyle !== undefined) o.timeStyle = s.timeStyle;
    return o;
  }, 'resolvedOptions')
});
setTag(DateTimeFormat.prototype, 'Intl.DateTimeFormat');

// ---- Collator ----

function Collator(locales, options) {
  var c = new.target === undefined ? ObjectCreate(Collator.prototype) : this;
  var requested = canonicalizeLocaleList(locales);
  var S = 'Intl.Collator';
  options = coerceOptions(options, S);
  var usage = getOption(options, 'usage', 'string', ['sort', 'search'], 'sort', S);
  getOption(options, 'localeMatcher', 'string', ['lookup', 'best fit'], 'best fit', S);
  var collation = getOption(options, 'collation', 'string', undefined, undefined, S);
  checkType(collation, 'collation', S);
  var numeric = getOption(options, 'numeric', 'boolean', undefined, undefined, S);
  var caseFirst = getOption(options, 'caseFirst', 'string', ['upper', 'lower', 'false'], undefined, S);
  var r = resolveLocale(requested, ['co', 'kf', 'kn'], { kn: numeric === undefined ? undefined : String(numeric), kf: caseFirst }, 'Collator');
  var sensitivity = getOption(options, 'sensitivity', 'string', ['base', 'accent', 'case', 'variant'], 'variant', S);
  var ignorePunctuation = getOption(options, 'ignorePunctuation', 'boolean', undefined, false, S);
  var s = {
    kind: 'Collator', locale: r.locale, dataLocale: r.dataLocale, usage: usage, sensitivity: sensitivity,
    ignorePunctuation: ignorePunctuation, collation: 'default', numeric: r.kn === 'true', caseFirst: r.kf === undefined ? 'false' : r.kf
  };
  s.cmp = binding.collator(s.dataLocale, sensitivity, ignorePunctuation, s.numeric, s.caseFirst);
  slots.set(c, s);
  return c;
}
setMethods(Collator, { supportedLocalesOf: named(function supportedLocalesOf(locales) { return supportedLocales(locales, arguments[1]); }, 'supportedLocalesOf') });
getter(Collator.prototype, 'compare', named(function () {
  var s = slot(this, 'Collator', 'get Intl.Collator.prototype.compare');
  if (!s.bound) {
    s.bound = function (x, y) { return s.cmp(String(x), String(y)); };
    defineProperty(s.bound, 'name', { value: '' });
  }
  return s.bound;
}, 'get compare'));
setMethods(Collator.prototype, {
  resolvedOptions: named(function resolvedOptions() {
    var s = slot(this, 'Collator', 'Intl.Collator.prototype.resolvedOptions');
    return { locale: s.locale, usage: s.usage, sensitivity: s.sensitivity, ignorePunctuation: s.ignorePunctuation,
      collation: s.collation, numeric: s.numeric, caseFirst: s.caseFirst };
  }, 'resolvedOptions')
});
setTag(Collator.prototype, 'Intl.Collator');

// ---- PluralRules ----

function PluralRules(locales, options) {
  if (new.target === undefined) throw new TypeError('Constructor Intl.PluralRules requires \'new\'');
  var requested = canonicalizeLocaleList(locales);
  var S = 'Intl.PluralRules';
  options = coerceOptions(options, S);
  getOption(options, 'localeMatcher', 'string', ['lookup', 'best fit'], 'best fit', S);
  var type = getOption(options, 'type', 'string', ['cardinal', 'ordinal'], 'cardinal', S);
  var s = { kind: 'PluralRules', service: S, type: type };
  setDigitOptions(s, options, 0, 3, 'standard');
  var r = resolveLocale(requested, [], {}, 'PluralRules');
  s.locale = r.locale;
  s.dataLocale = r.dataLocale;
  s.plural = type;
  s.useGrouping = false;
  s.style = 'decimal';
  s.select = binding.numberFormat(s.dataLocale, goOptions(s));
  slots.set(this, s);
}
setMethods(PluralRules, { supportedLocalesOf: named(function supportedLocalesOf(locales) { return supportedLocales(locales, arguments[1]); }, 'supportedLocalesOf') });
setMethods(PluralRules.prototype, {
  select: named(function select(n) {
    var s = slot(this, 'PluralRules', 'Intl.PluralRules.prototype.select');
    return s.select(Number(n));
  }, 'select'),
  resolvedOptions: named(function resolvedOptions() {
    var s = slot(this, 'PluralRules', 'Intl.PluralRules.prototype.resolvedOptions');
    var o = { locale: s.locale, type: s.type, minimumIntegerDigits: s.minimumIntegerDigits };
    digitsOut(s, o);
    o.pluralCategories = binding.pluralCategories(s.dataLocale, s.type);
    return o;
  }, 'resolvedOptions')
});
setTag(PluralRules.prototype, 'Intl.PluralRules');

// ---- RelativeTimeFormat ----

var relUnits = ['second', 'minute', 'hour', 'day', 'week', 'month', 'quarter', 'year'];
function RelativeTimeFormat(locales, options) {
  if (new.target === undefined) throw new TypeError('Constructor Intl.RelativeTimeFormat requires \'new\'');
  var requested = canonicalizeLocaleList(locales);
  var S = 'Intl.RelativeTimeFormat';
  options = coerceOptions(options, S);
  getOption(options, 'localeMatcher', 'string', ['lookup', 'best fit'], 'best fit', S);
  var nu = getOption(options, 'numberingSystem', 'string', undefined, undefined, S);
  checkType(nu, 'numberingSystem', S);
  if (nu !== undefined && nu !== 'latn') unsupported(S, 'numberingSystem', nu);
  var r = resolveLocale(requested, ['nu'], { nu: nu }, 'RelativeTimeFormat');
  var style = getOption(options, 'style', 'string', ['long', 'short', 'narrow'], 'long', S);
  var numeric = getOption(options, 'numeric', 'string', ['always', 'auto'], 'always', S);
  slots.set(this, { kind: 'RelativeTimeFormat', locale: r.locale, dataLocale: r.dataLocale, style: style, numeric: numeric });
}
function relFormat(s, value, unit, parts, method) {
  value = Number(value);
  unit = String(unit);
  var u = unit;
  if (u.length > 1 && u[u.length - 1] === 's' && relUnits.indexOf(u.slice(0, -1)) >= 0) u = u.slice(0, -1);
  if (relUnits.indexOf(u) < 0) throw new RangeError('Invalid unit argument for ' + method + '() \'' + unit + '\'');
  if (!isFinite(value)) throw new RangeError('Value need to be finite number for ' + method + '()');
  return binding.relativeTime(s.dataLocale, s.style, s.numeric === 'auto', value, u, parts);
}
setMethods(RelativeTimeFormat, { supportedLocalesOf: named(function supportedLocalesOf(locales) { return supportedLocales(locales, arguments[1]); }, 'supportedLocalesOf') });
setMethods(RelativeTimeFormat.prototype, {
  format: named(function format(value, unit) {
    var s = slot(this, 'RelativeTimeFormat', 'Intl.RelativeTimeFormat.prototype.format');
    return relFormat(s, value, unit, false, 'Intl.RelativeTimeFormat.prototype.format');
  }, 'format'),
  formatToParts: named(function formatToParts(value, unit) {
    var s = slot(this, 'RelativeTimeFormat', 'Intl.RelativeTimeFormat.prototype.formatToParts');
    return relFormat(s, value, unit, true, 'Intl.RelativeTimeFormat.prototype.formatToParts');
  }, 'formatToParts'),
  resolvedOptions: named(function resolvedOptions() {
    var s = slot(this, 'RelativeTimeFormat', 'Intl.RelativeTimeFormat.prototype.resolvedOptions');
    return { locale: s.locale, style: s.style, numeric: s.numeric, numberingSystem: 'latn' };
  }, 'resolvedOptions')
});
setTag(RelativeTimeFormat.prototype, 'Intl.RelativeTimeFormat');

// ---- ListFormat ----

function ListFormat(locales, options) {
  if (new.target === undefined) throw new TypeError('Constructor Intl.ListFormat requires \'new\'');
  var requested = canonicalizeLocaleList(locales);
  var S = 'Intl.ListFormat';
  options = coerceOptions(options, S);
  getOption(options, 'localeMatcher', 'string', ['lookup', 'best fit'], 'best fit', S);
  var r = resolveLocale(requested, [], {}, 'ListFormat');
  var type = getOption(options, 'type', 'string', ['conjunction', 'disjunction', 'unit'], 'conjunction', S);
  var style = getOption(options, 'style', 'string', ['long', 'short', 'narrow'], 'long', S);
  slots.set(this, { kind: 'ListFormat', locale: r.locale, dataLocale: r.dataLocale, type: type, style: style });
}
function stringList(iterable) {
  var out = [];
  if (iterable === undefined) return out;
  var it = iterable[Symbol.iterator]();
  for (;;) {
    var step = it.next();
    if (step.done) return out;
    var v = step.value;
    if (typeof v !== 'string') {
      if (typeof it.return === 'function') it.return();
      throw new TypeError('Iterable yielded ' + (typeof v === 'object' && v !== null ? describe(v) : String(v)) + ' which is not a string');
    }
    out.push(v);
  }
}
setMethods(ListFormat, { supportedLocalesOf: named(function supportedLocalesOf(locales) { return supportedLocales(locales, arguments[1]); }, 'supportedLocalesOf') });
setMethods(ListFormat.prototype, {
  format: named(function format(list) {
    var s = slot(this, 'ListFormat', 'Intl.ListFormat.prototype.format');
    return binding.listFormat(s.dataLocale, s.type, s.style, stringList(list), false);
  }, 'format'),
  formatToParts: named(function formatToParts(list) {
    var s = slot(this, 'ListFormat', 'Intl.ListFormat.prototype.formatToParts');
    return binding.listFormat(s.dataLocale, s.type, s.style, stringList(list), true);
  }, 'formatToParts'),
  resolvedOptions: named(function resolvedOptions() {
    var s = slot(this, 'ListFormat', 'Intl.ListFormat.prototype.resolvedOptions');
    return { locale: s.locale, type: s.type, style: s.style };
  }, 'resolvedOptions')
});
setTag(ListFormat.prototype, 'Intl.ListFormat');

// ---- Segmenter ----

function Segmenter(locales, options) {
  if (new.target === undefined) throw new TypeError('Constructor Intl.Segmenter requires \'new\'');
  var requested = canonicalizeLocaleList(locales);
  var S = 'Intl.Segmenter';
  options = coerceOptions(options, S);
  getOption(options, 'localeMatcher', 'string', ['lookup', 'best fit'], 'best fit', S);
  var r = resolveLocale(requested, [], {}, 'Segmenter');
  var granularity = getOption(options, 'granularity', 'string', ['grapheme', 'word', 'sentence'], 'grapheme', S);
  slots.set(this, { kind: 'Segmenter', locale: r.locale, granularity: granularity });
}
var SegmentsProto = {};
var SegmentIteratorProto = ObjectCreate(Object.getPrototypeOf(Object.getPrototypeOf([][Symbol.iterator]())));
function segmentData(ss, start, end, word) {
  var o = { segment: ss.input.slice(start, end), index: start, input: ss.input };
  if (ss.granularity === 'word') o.isWordLike = word;
  return o;
}
setMethods(SegmentsProto, {
  containing: named(function containing(index) {
    var ss = slot(this, 'Segments', '%Segments.prototype%.containing');
    var n = index === undefined ? 0 : Math.trunc(Number(index)) || 0;
    if (n < 0 || n >= ss.input.length) return undefined;
    var r = ss.walker.containing(n);
    return r === undefined ? undefined : segmentData(ss, r[0], r[1], r[2]);
  }, 'containing')
});
defineProperty(SegmentsProto, Symbol.iterator, {
  value: named(function () {
    var ss = slot(this, 'Segments', '%Segments.prototype%[@@iterator]');
    var it = ObjectCreate(SegmentIteratorProto);
    slots.set(it, { kind: 'SegmentIterator', ss: ss, pos: 0 });
    return it;
  }, '[Symbol.iterator]'), writable: true, configurable: true
});
setMethods(SegmentIteratorProto, {
  next: named(function next() {
    var st = slot(this, 'SegmentIterator', '%SegmentIterator.prototype%.next');
    var ss = st.ss;
    if (st.pos >= ss.input.length) return { value: undefined, done: true };
    var r = ss.walker.next(st.pos);
    if (r === undefined) { st.pos = ss.input.length; return { value: undefined, done: true }; }
    var start = st.pos;
    st.pos = r[0];
    return { value: segmentData(ss, start, r[0], r[1]), done: false };
  }, 'next')
});
setTag(SegmentIteratorProto, 'Segmenter String Iterator');
setMethods(Segmenter, { supportedLocalesOf: named(function supportedLocalesOf(locales) { return supportedLocales(locales, arguments[1]); }, 'supportedLocalesOf') });
setMethods(Segmenter.prototype, {
  segment: named(function segment(string) {
    var s = slot(this, 'Segmenter', 'Intl.Segmenter.prototype.segment');
    if (typeof string === 'symbol') throw new TypeError('Cannot convert a Symbol value to a string');
    var input = String(string);
    var segs = ObjectCreate(SegmentsProto);
    slots.set(segs, { kind: 'Segments', input: input, granularity: s.granularity, walker: binding.segmenter(s.granularity, input) });
    return segs;
  }, 'segment'),
  resolvedOptions: named(function resolvedOptions() {
    var s = slot(this, 'Segmenter', 'Intl.Segmenter.prototype.resolvedOptions');
    return { locale: s.locale, granularity: s.granularity };
  }, 'resolvedOptions')
});
setTag(Segmenter.prototype, 'Intl.Segmenter');

// ---- Locale ----

function Locale(tag, options) {
  if (new.target === undefined) throw new TypeError('Constructor Intl.Locale requires \'new\'');
  if (typeof tag !== 'string' && (typeof tag !== 'object' || tag === null)) {
    throw new TypeError('First argument to Intl.Locale constructor can\'t be empty or missing');
  }
  var t = isLocaleObject(tag) ? slots.get(tag).tag : binding.canonicalize(String(tag));
  options = coerceOptions(options, 'Intl.Locale');
  var S = 'Intl.Locale';
  var sp = splitExtension(t);
  var lsr = sp.base.split('-');
  var lang = getOption(options, 'language', 'string', undefined, undefined, S);
  var script = getOption(options, 'script', 'string', undefined, undefined, S);
  var region = getOption(options, 'region', 'string', undefined, undefined, S);
  var parts = parseLSR(sp.base);
  if (lang !== undefined) { if (!/^([a-zA-Z]{2,3}|[a-zA-Z]{5,8})$/.test(lang)) throw new RangeError('Incorrect locale information provided'); parts.language = lang.toLowerCase(); }
  if (script !== undefined) { if (!/^[a-zA-Z]{4}$/.test(script)) throw new RangeError('Incorrect locale information provided'); parts.script = script[0].toUpperCase() + script.slice(1).toLowerCase(); }
  if (region !== undefined) { if (!/^([a-zA-Z]{2}|[0-9]{3})$/.test(region)) throw new RangeError('Incorrect locale information provided'); parts.region = region.toUpperCase(); }
  var kw = sp.kw;
  var keys = [['calendar', 'ca'], ['collation', 'co'], ['hourCycle', 'hc'], ['caseFirst', 'kf'], ['numeric', 'kn'], ['numberingSystem', 'nu']];
  for (var i = 0; i < keys.length; i++) {
    var v;
    if (keys[i][0] === 'numeric') {
      v = getOption(options, 'numeric', 'boolean', undefined, undefined, S);
      if (v !== undefined) v = String(v);
    } else if (keys[i][0] === 'hourCycle') {
      v = getOption(options, 'hourCycle', 'string', ['h11', 'h12', 'h23', 'h24'], undefined, S);
    } else if (keys[i][0] === 'caseFirst') {
      v = getOption(options, 'caseFirst', 'string', ['upper', 'lower', 'false'], undefined, S);
    } else {
      v = getOption(options, keys[i][0], 'string', undefined, undefined, S);
      checkType(v, keys[i][0], S);
    }
    if (v !== undefined) kw[keys[i][1]] = v;
  }
  var base = parts.language + (parts.script ? '-' + parts.script : '') + (parts.region ? '-' + parts.region : '') + parts.rest;
  var ext = Object.keys(kw).sort().map(function (k) { return kw[k] === 'true' ? k : k + '-' + kw[k]; }).join('-');
  var full = base;
  if (ext) full = binding.canonicalize(base + '-u-' + ext);
  slots.set(this, { kind: 'Locale', tag: full, base: base, parts: parts, kw: kw });
}
function parseLSR(base) {
  var subs = base.split('-');
  var p = { language: subs[0], script: undefined, region: undefined, rest: '' };
  var i = 1;
  if (i < subs.length && subs[i].length === 4) p.script = subs[i++];
  if (i < subs.length && (subs[i].length === 2 || /^[0-9]{3}$/.test(subs[i]))) p.region = subs[i++];
  if (i < subs.length) p.rest = '-' + subs.slice(i).join('-');
  return p;
}
function localeSlot(o, name) { return slot(o, 'Locale', 'Intl.Locale.prototype.' + name); }
setMethods(Locale.prototype, {
  maximize: named(function maximize() { return new Locale(binding.maximize(localeSlot(this, 'maximize').tag)); }, 'maximize'),
  minimize: named(function minimize() { return new Locale(binding.minimize(localeSlot(this, 'minimize').tag)); }, 'minimize'),
  toString: named(function toString() { return localeSlot(this, 'toString').tag; }, 'toString')
});
[['baseName', function (s) { return s.base.replace(/-(?:[0-9a-wy-z]|x)-.*$/, ''); }],
  ['calendar', function (s) { return s.kw.ca; }],
  ['caseFirst', function (s) { return s.kw.kf; }],
  ['collation', function (s) { return s.kw.co; }],
  ['hourCycle', function (s) { return s.kw.hc; }],
  ['numeric', function (s) { return s.kw.kn === 'true'; }],
  ['numberingSystem', function (s) { return s.kw.nu; }],
  ['language', function (s) { return s.parts.language; }],
  ['script', function (s) { return s.parts.script; }],
  ['region', function (s) { return s.parts.region; }]].forEach(function (g) {
  getter(Locale.prototype, g[0], named(function () { return g[1](localeSlot(this, g[0])); }, 'get ' + g[0]));
});
setTag(Locale.prototype, 'Intl.Locale');

// ---- Intl ----

var Intl = {};
setMethods(Intl, {
  getCanonicalLocales: named(function getCanonicalLocales(locales) { return canonicalizeLocaleList(locales); }, 'getCanonicalLocales'),
  supportedValuesOf: named(function supportedValuesOf(key) {
    key = String(key);
    var v = binding.supportedValues(key);
    if (v === null || v === undefined) throw new RangeError('Invalid key : ' + key);
    return v;
  }, 'supportedValuesOf'),
  DateTimeFormat: DateTimeFormat,
  NumberFormat: NumberFormat,
  Collator: Collator,
  PluralRules: PluralRules,
  RelativeTimeFormat: RelativeTimeFormat,
  ListFormat: ListFormat,
  Locale: Locale,
  Segmenter: Segmenter
});
setTag(Intl, 'Intl');
[DateTimeFormat, NumberFormat, Collator].forEach(function (C) { defineProperty(C, 'length', { value: 0 }); });
[PluralRules, RelativeTimeFormat, ListFormat, Segmenter].forEach(function (C) { defineProperty(C, 'length', { value: 0 }); });
defineProperty(Locale, 'length', { value: 1 });
[DateTimeFormat, NumberFormat, Collator, PluralRules, RelativeTimeFormat, ListFormat, Locale, Segmenter].forEach(function (C) {
  defineProperty(C, 'prototype', { writable: false, enumerable: false, configurable: false });
});

// ---- the prototype methods' helpers ----

// Formats made without locales or options are kept: programs call
// toLocaleString and localeCompare in loops.
var cache = {};
function cached(kind, locales, options, make) {
  if (options !== undefined || (locales !== undefined && typeof locales !== 'string')) return make();
  var key = kind + '\u0000' + (locales === undefined ? '' : locales);
  var v = cache[key];
  if (v === undefined) {
    if (Object.keys(cache).length > 64) cache = {};
    v = cache[key] = make();
  }
  return v;
}
function thisNumber(v) {
  if (typeof v === 'number') return v;
  try { return Number.prototype.valueOf.call(v); } catch (e) {
    throw new TypeError('Number.prototype.toLocaleString requires that \'this\' be a Number');
  }
}
function thisBigInt(v) {
  if (typeof v === 'bigint') return v;
  try { return BigInt.prototype.valueOf.call(v); } catch (e) {
    throw new TypeError('BigInt.prototype.toLocaleString requires that \'this\' be a BigInt');
  }
}
function thisTime(v, method) {
  try { return Date.prototype.getTime.call(v); } catch (e) {
    throw new TypeError('Method Date.prototype.' + method + ' called on incompatible receiver ' + describe(v));
  }
}
function dateLocale(method, required, defaults) {
  return function (thisv, locales, options) {
    var t = thisTime(thisv, method);
    if (isNaN(t)) return 'Invalid Date';
    var f = cached(method, locales, options, function () {
      var d = ObjectCreate(DateTimeFormat.prototype);
      initDateTimeFormat(d, locales, options, required, defaults);
      return slots.get(d).fmt;
    });
    return f(t, false);
  };
}
return {
  Intl: Intl,
  numberToLocaleString: function (thisv, locales, options) {
    var x = thisNumber(thisv);
    var f = cached('n', locales, options, function () { return slots.get(new NumberFormat(locales, options)).fmt; });
    return f(x, false);
  },
  bigintToLocaleString: function (thisv, locales, options) {
    var x = thisBigInt(thisv);
    var f = cached('n', locales, options, function () { return slots.get(new NumberFormat(locales, options)).fmt; });
    return f(x, false);
  },
  localeCompare: function (thisv, that, locales, options) {
    if (thisv === undefined || thisv === null) throw new TypeError('String.prototype.localeCompare called on null or undefined');
    var a = String(thisv), b = String(that);
    var cmp = cached('c', locales, options, function () { return slots.get(new Collator(locales, options)).cmp; });
    return cmp(a, b);
  },
  dateToLocaleString: dateLocale('toLocaleString', 'any', 'all'),
  dateToLocaleDateString: dateLocale('toLocaleDateString', 'date', 'date'),
  dateToLocaleTimeString: dateLocale('toLocaleTimeString', 'time', 'time')
};
})`
