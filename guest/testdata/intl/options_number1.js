// Seeded random option sets for NumberFormat (format
// and formatToParts; resolvedOptions has V8 quirks for odd combinations,
// such as fractional seconds without seconds; zone names of dates before a
// zone took its present rules differ).
let seed = 20260;
const rnd = (n) => { // mulberry32
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) % n;
};
const pick = (a) => a[rnd(a.length)];
const L = ['en-US', 'en-GB', 'de-DE', 'fr-FR', 'es-ES', 'ja-JP', 'zh-CN', 'en', 'de', 'fr', 'es', 'ja', 'zh'];
const Z = ['UTC', 'America/New_York', 'Europe/Paris', 'Asia/Tokyo', 'Australia/Sydney', 'Asia/Kolkata', 'America/Sao_Paulo', 'Africa/Cairo', 'Pacific/Auckland'];
const times = [Date.UTC(2026, 11, 1, 10, 5, 9, 42), Date.UTC(2026, 6, 4, 23, 30), Date.UTC(1999, 0, 1, 0, 0, 0), Date.UTC(2030, 2, 29, 12, 59, 59, 999), Date.UTC(2026, 2, 29, 1, 30), Date.UTC(2026, 10, 1, 6, 30)];
const out = [];
for (let i = 0; i < 200; i++) {
  const o = {};
  const add = (k, vals) => { const v = pick([undefined, undefined, ...vals]); if (v !== undefined) o[k] = v; };
  add('style', ['decimal', 'percent', 'currency', 'unit']);
  if (o.style === 'currency') { o.currency = pick(['USD', 'EUR', 'JPY', 'GBP', 'CHF', 'CNY', 'KRW', 'INR', 'BRL', 'XAF', 'BHD']); add('currencyDisplay', ['code', 'symbol', 'narrowSymbol', 'name']); add('currencySign', ['standard', 'accounting']); }
  if (o.style === 'unit') { o.unit = pick(['kilometer', 'byte', 'gigabyte', 'celsius', 'percent', 'hour', 'liter', 'kilometer-per-hour', 'mile', 'second', 'day', 'month', 'year', 'foot', 'gram']); add('unitDisplay', ['short', 'long', 'narrow']); }
  add('notation', ['standard', 'scientific', 'engineering', 'compact']);
  add('compactDisplay', ['short', 'long']);
  add('signDisplay', ['auto', 'never', 'always', 'exceptZero', 'negative']);
  add('useGrouping', [true, false, 'min2', 'always', 'auto']);
  add('minimumFractionDigits', [0, 1, 2, 4]);
  add('maximumFractionDigits', [0, 1, 2, 5]);
  add('minimumSignificantDigits', [1, 2, 3]);
  add('maximumSignificantDigits', [1, 3, 5]);
  add('minimumIntegerDigits', [1, 3]);
  add('roundingMode', ['ceil', 'floor', 'expand', 'trunc', 'halfCeil', 'halfFloor', 'halfExpand', 'halfTrunc', 'halfEven']);
  add('roundingPriority', ['auto', 'morePrecision', 'lessPrecision']);
  add('trailingZeroDisplay', ['auto', 'stripIfInteger']);
  const l = pick(L);
  const v = pick([0, -0, 1, -1, 1.5, 2.5, -2.5, 0.001234, 12.345, 999.95, 1234.5678, -98765.4321, 1e6, 1234567.89, 9.99e9, 1.5e13, -3e17, 123456789012345680000, 0.5, 0.049, 1e-7, 12345n, -9876543210n]);
  try {
    const f = new Intl.NumberFormat(l, o);
    out.push(JSON.stringify([l, o, String(v)]) + ' => ' + f.format(v) + ' | ' + f.formatToParts(v).map((p) => p.type[0] + p.value).join(''));
  } catch (e) { out.push(JSON.stringify([l, o, String(v)]) + ' !! ' + e.message); }
}
console.log(out.join('\n'));
