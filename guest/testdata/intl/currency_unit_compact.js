// Currency (symbol, narrowSymbol, code, name, accounting), units (short,
// long, narrow), compact (short, long) and scientific/engineering notation.
const locales = ['en-US', 'en-GB', 'de-DE', 'fr-FR', 'es-ES', 'ja-JP', 'zh-CN'];
const fmt = (l, o, v) => new Intl.NumberFormat(l, o).format(v);
for (const l of locales) {
  for (const c of ['USD', 'EUR', 'GBP', 'JPY', 'CNY', 'CHF', 'CAD', 'INR', 'KRW', 'XYZ']) {
    const row = ['symbol', 'narrowSymbol', 'code', 'name'].map((d) => fmt(l, { style: 'currency', currency: c, currencyDisplay: d }, -1234.5));
    row.push(fmt(l, { style: 'currency', currency: c, currencyDisplay: 'name' }, 1));
    row.push(fmt(l, { style: 'currency', currency: c, currencySign: 'accounting' }, -3.5));
    row.push(fmt(l, { style: 'currency', currency: c, signDisplay: 'always' }, 0));
    console.log(l, c, row.join(' | '));
  }
  for (const u of ['kilometer', 'kilometer-per-hour', 'celsius', 'percent', 'byte', 'megabyte', 'liter', 'hour', 'day', 'second', 'millisecond', 'mile', 'foot', 'inch', 'pound', 'kilogram', 'gram', 'fahrenheit']) {
    const row = ['short', 'long', 'narrow'].flatMap((d) => [fmt(l, { style: 'unit', unit: u, unitDisplay: d }, 1), fmt(l, { style: 'unit', unit: u, unitDisplay: d }, -2.5)]);
    console.log(l, u, row.join(' | '));
  }
  const cv = [0, 999, 1000, 1234, 1500, 9999, 15000, 99999, 999999, 1234567, 1e9, 1.5e12, 2.5e15, -45678];
  console.log(l, 'compact short', cv.map((v) => fmt(l, { notation: 'compact' }, v)).join(' | '));
  console.log(l, 'compact long', cv.map((v) => fmt(l, { notation: 'compact', compactDisplay: 'long' }, v)).join(' | '));
  console.log(l, 'compact currency', [1234, 1234567].map((v) => fmt(l, { notation: 'compact', style: 'currency', currency: 'EUR' }, v)).join(' | '));
  console.log(l, 'scientific', [123456, 0.000123, -1.5, 0].map((v) => fmt(l, { notation: 'scientific' }, v)).join(' | '));
  console.log(l, 'engineering', [123456, 0.000123, 1e7].map((v) => fmt(l, { notation: 'engineering' }, v)).join(' | '));
}
console.log(fmt('en', { notation: 'compact', maximumFractionDigits: 2 }, 1234567), fmt('en', { notation: 'compact', minimumSignificantDigits: 3 }, 1000));
console.log(fmt('en', { style: 'currency', currency: 'USD', minimumFractionDigits: 0 }, 5), fmt('en', { style: 'currency', currency: 'JPY' }, 1234.5));
console.log(fmt('en', { style: 'unit', unit: 'kilobyte', notation: 'compact' }, 123456));
console.log(JSON.stringify(new Intl.NumberFormat('de-DE', { style: 'currency', currency: 'EUR' }).formatToParts(-1234.56)));
console.log(JSON.stringify(new Intl.NumberFormat('en-US', { style: 'unit', unit: 'mile-per-hour', unitDisplay: 'long' }).formatToParts(60)));
console.log(JSON.stringify(new Intl.NumberFormat('ja-JP', { notation: 'compact' }).formatToParts(123456789)));
console.log(JSON.stringify(new Intl.NumberFormat('en', { notation: 'scientific' }).formatToParts(-0.00012)));
console.log(JSON.stringify(new Intl.NumberFormat('en-GB', { style: 'currency', currency: 'GBP', currencyDisplay: 'name' }).resolvedOptions()));
console.log(JSON.stringify(new Intl.NumberFormat('fr', { style: 'unit', unit: 'liter', unitDisplay: 'long', notation: 'compact', compactDisplay: 'long' }).resolvedOptions()));
console.log((1234.5).toLocaleString('en-US', { style: 'currency', currency: 'USD' }), (0.256).toLocaleString('de-DE', { style: 'percent', minimumFractionDigits: 1 }));
