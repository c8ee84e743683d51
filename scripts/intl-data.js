// Generates guest/intl_data.json: the locale data the guest's Intl formats
// with, read from Node 20's full ICU (CLDR 48) for the locales the guest
// supports. Run with Node 20: node scripts/intl-data.js > guest/intl_data.json
'use strict';

const LOCALES = ['en-US', 'en-GB', 'de-DE', 'fr-FR', 'es-ES', 'ja-JP', 'zh-CN'];

// Twelve probe instants, one per month, covering every weekday, one- and
// two-digit days, hours 0, 12 and 13, so a field's rendering (numeric,
// 2-digit, names, hour cycle) can be told from its twelve values.
const HOURS = [0, 13, 9, 12, 23, 1, 5, 17, 11, 3, 20, 7];
const MINS = [5, 0, 59, 7, 30, 1, 45, 9, 2, 15, 8, 3];
const SECS = [7, 0, 30, 9, 59, 1, 2, 45, 3, 11, 8, 5];
const PROBES = [];
for (let m = 0; m < 12; m++) {
  let day = 1;
  while (new Date(Date.UTC(2026, m, day)).getUTCDay() !== m % 7) day++;
  if (m >= 6) day += 7;
  PROBES.push(new Date(Date.UTC(2026, m, day, HOURS[m], MINS[m], SECS[m], 123)));
}

function pad2(n) { return String(n).padStart(2, '0'); }

function tokenize(loc, opts, names) {
  const fmt = new Intl.DateTimeFormat(loc, { timeZone: 'UTC', ...opts });
  const all = PROBES.map(d => fmt.formatToParts(d));
  const shape = p => p.map(x => x.type === 'literal' ? 'L' + x.value : x.type).join('\u0000');
  const s0 = shape(all[0]);
  for (const p of all) if (shape(p) !== s0) throw new Error('unstable shape ' + loc + ' ' + JSON.stringify(opts));
  let out = '';
  all[0].forEach((part, i) => {
    const vals = all.map(p => p[i].value);
    const at = k => PROBES[k];
    switch (part.type) {
      case 'literal': out += part.value.replace(/[{}]/g, c => c === '{' ? '{{' : '}}'); return;
      case 'year':
        out += vals[0] === '2026' ? '{y}' : vals[0] === '26' ? '{yy}' : err(); return;
      case 'month':
        if (vals.every((v, k) => v === String(at(k).getUTCMonth() + 1))) out += '{M}';
        else if (vals.every((v, k) => v === pad2(at(k).getUTCMonth() + 1))) out += '{MM}';
        else out += '{M@' + names(vals) + '}';
        return;
      case 'day':
        if (vals.every((v, k) => v === String(at(k).getUTCDate()))) out += '{d}';
        else if (vals.every((v, k) => v === pad2(at(k).getUTCDate()))) out += '{dd}';
        else err();
        return;
      case 'weekday': {
        const w = [];
        vals.forEach((v, k) => { w[at(k).getUTCDay()] = v; });
        out += '{E@' + names(w) + '}';
        return;
      }
      case 'era': out += '{G:' + (opts.era || 'short') + '}'; return;
      case 'dayPeriod': {
        const ap = [];
        vals.forEach((v, k) => { ap[at(k).getUTCHours() < 12 ? 0 : 1] = v; });
        out += '{a@' + names(ap) + '}';
        return;
      }
      case 'hour': {
        const cyc = { H: h => h, k: h => h || 24, h: h => h % 12 || 12, K: h => h % 12 };
        for (const c of 'HkhK') {
          if (vals.every((v, k) => v === String(cyc[c](at(k).getUTCHours())))) { out += '{' + c + '}'; return; }
          if (vals.every((v, k) => v === pad2(cyc[c](at(k).getUTCHours())))) { out += '{' + c + c + '}'; return; }
        }
        err();
        return;
      }
      case 'minute':
        out += vals.every((v, k) => v === String(at(k).getUTCMinutes())) ? '{m}' : vals.every((v, k) => v === pad2(at(k).getUTCMinutes())) ? '{mm}' : err();
        return;
      case 'second':
        out += vals.every((v, k) => v === String(at(k).getUTCSeconds())) ? '{s}' : vals.every((v, k) => v === pad2(at(k).getUTCSeconds())) ? '{ss}' : err();
        return;
      case 'fractionalSecond': out += '{S}'; return;
      case 'timeZoneName': out += '{z}'; return;
      default: err();
    }
    function err() { throw new Error(`cannot read ${part.type} ${vals} in ${loc} ${JSON.stringify(opts)}`); }
  });
  return out;
}

function interner(list) {
  const ids = new Map();
  return v => {
    const k = JSON.stringify(v);
    if (!ids.has(k)) { ids.set(k, list.length); list.push(v); }
    return ids.get(k);
  };
}

// Mixed-radix enumerations of the component options (node_intl.go walks
// them in the same order).
const W = [undefined, 'narrow', 'short', 'long'];
const N = [undefined, 'numeric', '2-digit'];
const MON = [undefined, 'numeric', '2-digit', 'narrow', 'short', 'long'];
const HC = [undefined, true, false];
const TZ = [undefined, 'short', 'long', 'shortOffset', 'longOffset', 'shortGeneric', 'longGeneric'];
function* dateKeys() {
  for (const weekday of W) for (const era of W) for (const year of N) for (const month of MON) for (const day of N) {
    const o = {};
    if (weekday) o.weekday = weekday;
    if (era) o.era = era;
    if (year) o.year = year;
    if (month) o.month = month;
    if (day) o.day = day;
    yield o;
  }
}
function* timeKeys() {
  for (const hour of N) for (const minute of N) for (const second of N) for (const fsd of [0, 1]) for (const hour12 of HC) for (const tz of TZ) {
    const o = {};
    if (hour) o.hour = hour;
    if (minute) o.minute = minute;
    if (second) o.second = second;
    if (fsd) o.fractionalSecondDigits = 3;
    if (hour12 !== undefined) o.hour12 = hour12;
    if (tz) o.timeZoneName = tz;
    yield o;
  }
}
const hasDate = o => o.weekday || o.year || o.month || o.day;
const hasTime = o => o.hour || o.minute || o.second || o.fractionalSecondDigits;

function dateData(loc) {
  const names = [], patterns = [];
  const nameId = interner(names), patId = interner(patterns);
  const date = [], time = [];
  const dks = [...dateKeys()], tks = [...timeKeys()];
  for (const o of dks) date.push(hasDate(o) ? patId(tokenize(loc, o, nameId)) : -1);
  for (const o of tks) time.push(hasTime(o) ? patId(tokenize(loc, o, nameId)) : -1);

  // How a date part and a time part join: per date key the usual glue,
  // "{1}" the date and "{0}" the time as in CLDR, and the pairs that join
  // otherwise. Checked on two instants against Node's own output.
  const glues = [], glueId = interner(glues);
  const glue = [], except = {};
  const x1 = PROBES[2], x2 = PROBES[8];
  // Constructing a DateTimeFormat costs V8 most of a millisecond, so the
  // joins are checked on a sample of time keys and on date keys without
  // narrow weekdays or long and narrow eras, which join like their short
  // forms.
  const sample = [{ hour: 'numeric' }, { hour: 'numeric', minute: 'numeric' }, { hour: 'numeric', minute: '2-digit', second: 'numeric' },
    { minute: 'numeric', second: 'numeric' }, { hour: 'numeric', hour12: false }, { hour: '2-digit', minute: 'numeric', hour12: false },
    { hour: 'numeric', minute: 'numeric', second: 'numeric', timeZoneName: 'short' }, { hour: 'numeric', minute: 'numeric', timeZoneName: 'long' },
    { minute: 'numeric' }, { second: 'numeric' }].map(s => JSON.stringify(s));
  const tSub = tks.map((o, i) => [o, i]).filter(([o]) => sample.includes(JSON.stringify(o)));
  if (tSub.length !== sample.length) throw new Error('sample keys');
  const sampled = d => d.weekday !== 'narrow' && d.era !== 'long' && d.era !== 'narrow';
  const shortOf = d => ({ ...d, ...(d.weekday === 'narrow' ? { weekday: 'short' } : {}), ...(d.era ? { era: 'short' } : {}) });
  const dIndex = new Map(dks.map((d, i) => [JSON.stringify(d), i]));
  dks.forEach((d, di) => {
    if (!hasDate(d)) { glue.push(-1); return; }
    if (!sampled(d)) { glue.push(null); return; }
    const fd = new Intl.DateTimeFormat(loc, { timeZone: 'UTC', ...d });
    const counts = new Map(), per = [];
    for (const [t, ti] of tSub) {
      const ft = new Intl.DateTimeFormat(loc, { timeZone: 'UTC', ...t });
      const fa = new Intl.DateTimeFormat(loc, { timeZone: 'UTC', ...d, ...t });
      let g = null;
      const a1 = fa.format(x1), d1 = fd.format(x1), t1 = ft.format(x1);
      const a2 = fa.format(x2), d2 = fd.format(x2), t2 = ft.format(x2);
      if (a1.startsWith(d1) && a1.endsWith(t1) && a1.length >= d1.length + t1.length) {
        const mid = a1.slice(d1.length, a1.length - t1.length);
        if (a2 === d2 + mid + t2) g = '{1}' + mid + '{0}';
      }
      if (g === null && a1.startsWith(t1) && a1.endsWith(d1) && a1.length >= d1.length + t1.length) {
        const mid = a1.slice(t1.length, a1.length - d1.length);
        if (a2 === t2 + mid + d2) g = '{0}' + mid + '{1}';
      }
      per.push([ti, g, t]);
      if (g !== null) counts.set(g, (counts.get(g) || 0) + 1);
    }
    let best = null, n = -1;
    for (const [g, c] of counts) if (c > n) { best = g; n = c; }
    glue.push(glueId(best));
    for (const [ti, g, t] of per) {
      if (g === best) continue;
      except[di + ',' + ti] = g !== null ? 'g' + glueId(g) : 'p' + patId(tokenize(loc, { ...d, ...t }, nameId));
    }
  });

  dks.forEach((d, di) => { if (glue[di] === null) glue[di] = glue[dIndex.get(JSON.stringify(shortOf(d)))]; });

  // A weekday with a time has patterns of its own (CLDR's Ehm, EHms), and
  // an era alone (only ever asked for with a time) is written as the era
  // joined to the time by the glue that fits most: those keys are checked
  // against every time key, and the pairs that differ kept whole.
  dks.forEach((d, di) => {
    if (d.year || d.month || d.day || !(d.weekday || d.era)) return;
    const eraOnly = !d.weekday;
    if (eraOnly) date[di] = patId('{G:' + d.era + '}');
    const pats = [];
    tks.forEach((t, ti) => { if (hasTime(t)) pats.push([ti, tokenize(loc, { ...d, ...t }, nameId)]); });
    const compose = (g, ti) => glues[g].replace('{1}', () => patterns[date[di]]).replace('{0}', () => patterns[time[ti]]);
    if (eraOnly) {
      let best = 0, n = -1;
      glues.forEach((_, g) => {
        const c = pats.filter(([ti, pat]) => compose(g, ti) === pat).length;
        if (c > n) { best = g; n = c; }
      });
      glue[di] = best;
    }
    for (const [ti, pat] of pats) {
      const k = di + ',' + ti;
      if (pat !== compose(glue[di], ti)) except[k] = 'p' + patId(pat);
      else delete except[k];
    }
  });

  // A zone name with date fields and no time is the time part "{z}"
  // joined by the date's glue; the pairs that join otherwise are kept
  // whole.
  tks.forEach((t, ti) => {
    if (hasTime(t) || !t.timeZoneName || t.hour12 !== undefined) return;
    time[ti] = patId('{z}');
  });
  dks.forEach((d, di) => {
    if (!hasDate(d) || glue[di] === null || glue[di] < 0) return;
    tks.forEach((t, ti) => {
      if (hasTime(t) || !t.timeZoneName || t.hour12 !== undefined) return;
      const pat = tokenize(loc, { ...d, ...t }, nameId);
      const composed = glues[glue[di]].replace('{1}', () => patterns[date[di]]).replace('{0}', () => patterns[time[ti]]);
      if (pat !== composed) except[di + ',' + ti] = 'p' + patId(pat);
    });
  });

  const styles = {};
  for (const ds of [undefined, 'full', 'long', 'medium', 'short']) for (const ts of [undefined, 'full', 'long', 'medium', 'short']) for (const h of HC) {
    if (!ds && !ts) continue;
    if (!ts && h !== undefined) continue;
    const o = {};
    if (ds) o.dateStyle = ds;
    if (ts) o.timeStyle = ts;
    if (h !== undefined) o.hour12 = h;
    styles[(ds || '') + '/' + (ts || '') + '/' + (h === undefined ? '' : h)] = patId(tokenize(loc, o, nameId));
  }

  const eras = {};
  for (const w of ['narrow', 'short', 'long']) {
    const f = new Intl.DateTimeFormat(loc, { timeZone: 'UTC', era: w, year: 'numeric' });
    const get = d => f.formatToParts(d).find(p => p.type === 'era').value;
    eras[w] = [get(new Date(Date.UTC(-5, 0, 1))), get(PROBES[0])];
  }
  return { names, patterns, date, time, glues, glue, except, styles, eras };
}

// Zone names: every zone Node knows, grouped by the names it has in all
// seven locales (zones of one metazone share them). Names that are only
// the GMT offset are left empty: Go writes offsets. Each group holds
// [short std, short dst, long std, long dst, longGeneric std, dst]; the
// short generic names are per zone (they name its country or city).
// Aliases are the tz database's other names for a zone, read from the
// system's zoneinfo, with the name V8 resolves them to.
const ZONES = Intl.supportedValuesOf('timeZone');
const LISTED = ZONES.length; // the zones supportedValuesOf lists come first
ZONES.push('UTC');
function tzAliases() {
  const fs = require('fs'), path = require('path');
  const root = '/usr/share/zoneinfo';
  const names = [];
  const walk = dir => {
    for (const e of fs.readdirSync(path.join(root, dir), { withFileTypes: true })) {
      const rel = dir ? dir + '/' + e.name : e.name;
      if (e.isDirectory()) { if (!['posix', 'right'].includes(e.name)) walk(rel); } else if (/^[A-Z]/.test(e.name) && !/\./.test(e.name)) names.push(rel);
    }
  };
  walk('');
  const aliases = {};
  for (const n of names.sort()) {
    let c;
    try { c = new Intl.DateTimeFormat('en', { timeZone: n }).resolvedOptions().timeZone; } catch { continue; }
    if (c !== n) aliases[n] = c;
    if (!ZONES.includes(c)) ZONES.push(c);
  }
  return aliases;
}
const ALIASES = tzAliases();
function zoneNames() {
  const jan = new Date(Date.UTC(2026, 0, 15, 12)), jul = new Date(Date.UTC(2026, 6, 15, 12));
  const offMin = (zone, d) => {
    const v = new Intl.DateTimeFormat('en-US', { timeZone: zone, timeZoneName: 'longOffset' }).formatToParts(d).find(p => p.type === 'timeZoneName').value;
    const m = /GMT([+-])(\d\d):(\d\d)/.exec(v);
    return m ? (m[1] === '-' ? -1 : 1) * (m[2] * 60 + +m[3]) : 0;
  };
  const group = [], byLocale = {}, shortGeneric = {}, offsets = [];
  LOCALES.forEach(l => { byLocale[l] = []; shortGeneric[l] = []; });
  const ids = new Map();
  for (const zone of ZONES) {
    // std first: the instant with the smaller offset.
    const dates = offMin(zone, jan) > offMin(zone, jul) ? [jul, jan] : [jan, jul];
    // The names hold while the zone keeps these offsets (not, say, in its
    // local mean time before 1900).
    offsets.push([offMin(zone, dates[0]), offMin(zone, dates[1])]);
    const all = {};
    for (const loc of LOCALES) {
      const get = (k, d) => new Intl.DateTimeFormat(loc, { timeZone: zone, timeZoneName: k }).formatToParts(d).find(p => p.type === 'timeZoneName').value;
      const e = [];
      for (const kind of ['short', 'long', 'longGeneric']) {
        const offKind = kind.startsWith('short') ? 'shortOffset' : 'longOffset';
        for (const d of dates) {
          const v = get(kind, d);
          e.push(v === get(offKind, d) ? '' : v);
        }
      }
      all[loc] = e;
      const sg = get('shortGeneric', jan);
      shortGeneric[loc].push(sg === get('shortOffset', jan) ? '' : sg);
    }
    const key = JSON.stringify(all);
    if (!ids.has(key)) {
      ids.set(key, ids.size);
      for (const loc of LOCALES) byLocale[loc].push(all[loc]);
    }
    group.push(ids.get(key));
  }
  return { group, byLocale, shortGeneric, offsets };
}
function zoneData(loc, names) {
  const offs = {};
  for (const [kind, zone] of [['gmt', 'UTC'], ['pos', 'Asia/Kolkata'], ['neg', 'America/New_York']]) {
    const d = new Date(Date.UTC(2026, 0, 15, 12));
    offs[kind] = ['shortOffset', 'longOffset'].map(k => new Intl.DateTimeFormat(loc, { timeZone: zone === 'UTC' ? 'Etc/GMT' : zone, timeZoneName: k }).formatToParts(d).find(p => p.type === 'timeZoneName').value);
  }
  return { groups: names.byLocale[loc], shortGeneric: names.shortGeneric[loc], offsets: offs };
}

// Number templates: "{n}" the number, "{-}" its sign, "{c}" the currency,
// "{%}" the percent sign, "{u=…}" and "{k=…}" unit and compact text; the
// rest is literal.
function tpl(parts) {
  let out = '', inNum = false;
  for (const p of parts) {
    if (/[{}]/.test(p.value)) throw new Error('brace in ' + p.value);
    switch (p.type) {
      case 'integer': case 'group': case 'decimal': case 'fraction': case 'exponentSeparator': case 'exponentInteger': case 'exponentMinusSign':
        if (!inNum) out += '{n}';
        inNum = true;
        continue;
      case 'minusSign': case 'plusSign': out += '{-}'; break;
      case 'currency': out += '{c}'; break;
      case 'percentSign': out += '{%}'; break;
      case 'unit': out += '{u=' + p.value + '}'; break;
      case 'compact': out += '{k=' + p.value + '}'; break;
      case 'literal': out += p.value; break;
      default: throw new Error('part ' + p.type);
    }
    inNum = false;
  }
  return out;
}
const parts = (loc, o, v) => new Intl.NumberFormat(loc, o).formatToParts(v);
// pos is the positive form with its sign shown, neg the negative form.
// A negative form that only puts the sign where the positive one has it is
// left out.
const signedV = (loc, o, v) => {
  const pos = tpl(parts(loc, { ...o, signDisplay: 'always' }, v)), neg = tpl(parts(loc, o, -v));
  return pos === neg ? pos : { pos, neg };
};
const signed = (loc, o) => signedV(loc, o, 1);

// Values whose plural category differs, to read each category's form.
const CAT_VALUES = [0, 1, 2, 3, 5, 11, 21, 1.5, 0.5, 100, 1000000, 1e6 + 1];

const CURRENCIES = Intl.supportedValuesOf('currency');
const UNITS = ['acre', 'bit', 'byte', 'celsius', 'centimeter', 'day', 'degree', 'fahrenheit', 'fluid-ounce', 'foot', 'gallon',
  'gigabit', 'gigabyte', 'gram', 'hectare', 'hour', 'inch', 'kilobit', 'kilobyte', 'kilogram', 'kilometer', 'liter', 'megabit',
  'megabyte', 'meter', 'microsecond', 'mile', 'mile-scandinavian', 'milliliter', 'millimeter', 'millisecond', 'minute', 'month',
  'nanosecond', 'ounce', 'percent', 'petabyte', 'pound', 'second', 'stone', 'terabit', 'terabyte', 'week', 'yard', 'year',
  'kilometer-per-hour', 'mile-per-hour', 'meter-per-second', 'kilobyte-per-second', 'megabyte-per-second', 'megabit-per-second',
  'liter-per-kilometer', 'mile-per-gallon', 'kilogram-per-meter'].filter(u => { try { new Intl.NumberFormat('en', { style: 'unit', unit: u }); return true; } catch { return false; } });

// byCategory maps each plural category to make(a value of it); the
// categories whose form is other's are left out.
function byCategory(loc, make) {
  const pr = new Intl.PluralRules(loc);
  const out = {};
  for (const v of CAT_VALUES) {
    const c = pr.select(v);
    if (!(c in out)) out[c] = make(v);
  }
  for (const c of Object.keys(out)) if (c !== 'other' && JSON.stringify(out[c]) === JSON.stringify(out.other)) delete out[c];
  return out;
}

function numberData(loc) {
  const sym = {};
  for (const p of parts(loc, {}, -1234567.891)) if (p.type === 'group' || p.type === 'decimal' || p.type === 'minusSign') sym[p.type] = p.value;
  sym.plusSign = parts(loc, { signDisplay: 'always' }, 1).find(p => p.type === 'plusSign').value;
  sym.percentSign = parts(loc, { style: 'percent' }, 1).find(p => p.type === 'percentSign').value;
  sym.exponent = parts(loc, { notation: 'scientific' }, 1234).find(p => p.type === 'exponentSeparator').value;
  sym.infinity = parts(loc, {}, Infinity).find(p => p.type === 'infinity').value;
  sym.nan = parts(loc, {}, NaN).find(p => p.type === 'nan').value;
  sym.minGroup = parts(loc, {}, 1234).some(p => p.type === 'group') ? 1 : 2;
  const cur = { style: 'currency', currency: 'USD' };
  const t = {
    decimal: signed(loc, {}),
    percent: signed(loc, { style: 'percent' }),
    // ICU writes a compact percent as a unit, with its own spacing.
    compactPercent: signed(loc, { style: 'percent', notation: 'compact' }),
    currency: signed(loc, cur),
    accounting: signed(loc, { ...cur, currencySign: 'accounting' }),
    scientific: signed(loc, { notation: 'scientific' }),
  };
  const nameTpl = {};
  for (const [c, tt] of Object.entries(byCategory(loc, v => signedV(loc, { ...cur, currencyDisplay: 'name' }, v)))) nameTpl[c] = tt;
  t.currencyName = nameTpl;

  const currencies = {};
  for (const c of CURRENCIES) {
    const get = (display, v) => parts(loc, { style: 'currency', currency: c, currencyDisplay: display }, v).find(p => p.type === 'currency').value;
    const names = {};
    for (const [cat, n] of Object.entries(byCategory(loc, v => get('name', v)))) names[cat] = n;
    currencies[c] = { symbol: get('symbol', 1), narrow: get('narrowSymbol', 1), names,
      digits: new Intl.NumberFormat('en', { style: 'currency', currency: c }).resolvedOptions().maximumFractionDigits };
  }

  const units = {};
  for (const u of UNITS) {
    units[u] = {};
    for (const w of ['short', 'long', 'narrow']) {
      units[u][w] = byCategory(loc, v => signedV(loc, { style: 'unit', unit: u, unitDisplay: w }, v));
    }
  }

  const compact = {};
  for (const d of ['short', 'long']) {
    compact[d] = [];
    for (let p = 3; p <= 20; p++) {
      const o = { notation: 'compact', compactDisplay: d };
      // Integer digits shown for 2×10^p (2 has a number in every form).
      const ip = parts(loc, o, 2 * 10 ** p).filter(x => x.type === 'integer').map(x => x.value).join('');
      const shown = ip.length;
      if (shown === p + 1) { compact[d].push(null); continue; }
      const div = p - (shown - 1);
      // "=1" is the form for exactly one (French "mille" has no number).
      const forms = { '=1': tpl(parts(loc, o, 10 ** p)) };
      const pr = new Intl.PluralRules(loc);
      for (const m of [2, 3, 5, 1.5, 11, 21, 1.2]) {
        const x = m * 10 ** (shown - 1);
        const c = pr.select(x);
        if (c in forms) continue;
        forms[c] = tpl(parts(loc, o, x * 10 ** div));
      }
      compact[d].push({ div, forms });
    }
  }

  const plural = {};
  for (const type of ['cardinal', 'ordinal']) plural[type] = new Intl.PluralRules(loc, { type }).resolvedOptions().pluralCategories;

  const rel = {};
  for (const unit of ['year', 'quarter', 'month', 'week', 'day', 'hour', 'minute', 'second']) {
    rel[unit] = {};
    for (const style of ['long', 'short', 'narrow']) {
      const f = new Intl.RelativeTimeFormat(loc, { style });
      const fa = new Intl.RelativeTimeFormat(loc, { style, numeric: 'auto' });
      const rt = v => f.formatToParts(v, unit).map(p => p.type === 'literal' ? p.value : '\u0000').join('').replace(/\u0000+/, '{0}');
      const e = { future: byCategory(loc, v => rt(v)), past: byCategory(loc, v => rt(-v)), auto: {} };
      for (const v of [-2, -1, 0, 1, 2]) {
        const a = fa.format(v, unit);
        if (a !== f.format(v, unit)) e.auto[v] = a;
      }
      if (Object.is(fa.format(-0, unit), fa.format(0, unit)) === false) e.auto['-0'] = fa.format(-0, unit);
      rel[unit][style] = e;
    }
  }

  const lists = {};
  for (const type of ['conjunction', 'disjunction', 'unit']) for (const style of ['long', 'short', 'narrow']) {
    const f = new Intl.ListFormat(loc, { type, style });
    const between = items => {
      const ps = f.formatToParts(items);
      const lits = [];
      let cur = null;
      for (const p of ps) {
        if (p.type === 'element') { if (cur !== null) lits.push(cur); cur = ''; } else cur += p.value;
      }
      return lits;
    };
    const [pair] = between(['A', 'B']);
    const [start, end] = between(['A', 'B', 'C']);
    const [, middle] = between(['A', 'B', 'C', 'D']);
    lists[type + '/' + style] = [pair, start, middle, end];
  }

  const hc = {};
  for (const h of [undefined, true, false]) hc[String(h)] = new Intl.DateTimeFormat(loc, { hour: 'numeric', hour12: h }).resolvedOptions().hourCycle;
  return { sym, tpl: t, currencies, units, compact, plural, rel, lists, hc };
}

const out = { locales: {} };
const zn = zoneNames();
for (const loc of LOCALES) {
  process.stderr.write(loc + '\n');
  out.locales[loc] = { numbers: numberData(loc), dates: dateData(loc), zones: zoneData(loc, zn) };
}
out.currencies = CURRENCIES;
out.units = UNITS;
out.zones = ZONES;
// One locale a line keeps diffs of regenerated data readable.
process.stdout.write('{"meta":' + JSON.stringify({ node: process.version, icu: process.versions.icu, cldr: process.versions.cldr, tz: process.versions.tz }) +
  ',"currencies":' + JSON.stringify(CURRENCIES) + ',"units":' + JSON.stringify(UNITS) + ',"zones":' + JSON.stringify(ZONES) + ',"zonesListed":' + LISTED + ',"zoneGroup":' + JSON.stringify(zn.group) + ',"zoneOffsets":' + JSON.stringify(zn.offsets) + ',"zoneAliases":' + JSON.stringify(ALIASES) + ',"locales":{\n' +
  LOCALES.map(l => JSON.stringify(l) + ':' + JSON.stringify(out.locales[l])).join(',\n') + '}}\n');
