// Decimal and percent formatting, digits options, grouping, signs, BigInt
// and the Number/BigInt toLocaleString methods, in the six locales.
const locales = ['en-US', 'en-GB', 'de-DE', 'fr-FR', 'es-ES', 'ja-JP', 'zh-CN'];
const values = [0, -0, 1, -1, 0.5, 1234.5, -1234.5678, 1234567.891, 12345, 1e21, 0.000123, 1.005, 999.9995, NaN, Infinity, -Infinity];
for (const l of locales) {
  const nf = new Intl.NumberFormat(l);
  console.log(l, values.map((v) => nf.format(v)).join(' | '));
  console.log(l, 'percent', [0, 0.25, -0.5, 1.234, 12.3456].map((v) => new Intl.NumberFormat(l, { style: 'percent' }).format(v)).join(' | '));
  console.log(l, 'toLocaleString', (1234.5).toLocaleString(l), (123456789n).toLocaleString(l), (-5n).toLocaleString(l));
}
const show = (o, vs) => console.log(JSON.stringify(o), vs.map((v) => new Intl.NumberFormat('en-US', o).format(v)).join(' | '));
show({ minimumFractionDigits: 2 }, [1, 1.5, 1.234, 1.2345]);
show({ maximumFractionDigits: 0 }, [1.5, 2.5, -1.5, 0.4]);
show({ minimumFractionDigits: 1, maximumFractionDigits: 2 }, [1, 1.005, 1.015, 2.675]);
show({ minimumIntegerDigits: 3 }, [1, 12.5, 1234]);
show({ maximumSignificantDigits: 3 }, [123456, 0.00123456, 1.5, 99999]);
show({ minimumSignificantDigits: 5 }, [1, 123.4, 0]);
show({ minimumSignificantDigits: 2, maximumSignificantDigits: 4 }, [1, 1234.5678, 0.1]);
show({ useGrouping: false }, [1234567.5]);
show({ useGrouping: 'min2' }, [1234, 12345]);
show({ useGrouping: 'always' }, [1234]);
show({ signDisplay: 'always' }, [1, -1, 0, -0]);
show({ signDisplay: 'exceptZero' }, [1, -1, 0, -0, 0.0001]);
show({ signDisplay: 'never' }, [1, -1]);
show({ signDisplay: 'negative' }, [1, -1, 0, -0, -0.0001]);
show({ roundingMode: 'floor', maximumFractionDigits: 1 }, [1.29, -1.21]);
show({ roundingMode: 'halfEven', maximumFractionDigits: 0 }, [0.5, 1.5, 2.5]);
show({ roundingMode: 'trunc', maximumSignificantDigits: 2 }, [1999, -1999]);
show({ roundingPriority: 'lessPrecision', maximumFractionDigits: 2, maximumSignificantDigits: 2 }, [1.23456, 123.456]);
show({ roundingPriority: 'morePrecision', maximumFractionDigits: 2, maximumSignificantDigits: 2 }, [1.23456, 123.456]);
show({ trailingZeroDisplay: 'stripIfInteger', minimumFractionDigits: 2 }, [1, 1.5]);
console.log(new Intl.NumberFormat('en-US').format(12345678901234567890n), new Intl.NumberFormat('de-DE').format(-98765432109876543210n));
console.log(new Intl.NumberFormat('en-US').format('1234567890123456789.987654321'), new Intl.NumberFormat('en-US').format('abc'));
console.log((1234.5).toLocaleString(), (1234567.891).toLocaleString(), (0.1 + 0.2).toLocaleString(), (12345.6789).toLocaleString(undefined, { maximumFractionDigits: 1 }));
console.log((1234.5).toLocaleString('de'), (1234.5).toLocaleString(['xx', 'fr']), (1234.5).toLocaleString('en-IN'));
console.log(JSON.stringify(new Intl.NumberFormat('fr-FR').formatToParts(-1234567.891)));
console.log(JSON.stringify(new Intl.NumberFormat('es-ES', { signDisplay: 'always' }).formatToParts(1234)));
console.log(JSON.stringify(new Intl.NumberFormat('en-US').resolvedOptions()));
console.log(JSON.stringify(new Intl.NumberFormat('de', { maximumSignificantDigits: 3 }).resolvedOptions()));
console.log(JSON.stringify(new Intl.NumberFormat('ja', { style: 'percent', roundingPriority: 'morePrecision' }).resolvedOptions()));
const nf = new Intl.NumberFormat('en');
console.log(typeof nf.format, nf.format === nf.format, [1, 22, 333].map(nf.format).join(' '), Object.prototype.toString.call(nf));
console.log(Intl.NumberFormat('de').format(1.5), Intl.NumberFormat.supportedLocalesOf(['de-AT', 'xx', 'en', 'zh-Hans-CN']));
