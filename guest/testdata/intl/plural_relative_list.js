// PluralRules, RelativeTimeFormat and ListFormat in the six locales.
const locales = ['en-US', 'en-GB', 'de-DE', 'fr-FR', 'es-ES', 'ja-JP', 'zh-CN'];
const nums = [0, 1, 2, 3, 4, 5, 11, 12, 21, 22, 23, 101, 111, 1.5, 0.5, 1000000, 2000000, 1e6 + 1];
for (const l of locales) {
  const c = new Intl.PluralRules(l), o = new Intl.PluralRules(l, { type: 'ordinal' });
  console.log(l, 'cardinal', nums.map((n) => c.select(n)).join(' '));
  console.log(l, 'ordinal', nums.map((n) => o.select(n)).join(' '));
  console.log(l, JSON.stringify(c.resolvedOptions()), JSON.stringify(o.resolvedOptions().pluralCategories));
  for (const style of ['long', 'short', 'narrow']) {
    for (const numeric of ['always', 'auto']) {
      const rtf = new Intl.RelativeTimeFormat(l, { style, numeric });
      const row = [];
      for (const u of ['year', 'quarter', 'month', 'week', 'day', 'hour', 'minute', 'second']) {
        row.push([-2, -1, 0, 1, 2, 3.5, -10].map((v) => rtf.format(v, u)).join(', '));
      }
      console.log(l, style, numeric, row.join(' ; '));
    }
  }
  console.log(l, new Intl.RelativeTimeFormat(l).format(-0, 'days'), new Intl.RelativeTimeFormat(l, { numeric: 'auto' }).format(-0, 'day'), new Intl.RelativeTimeFormat(l).format(1234567.891, 'seconds'));
  for (const type of ['conjunction', 'disjunction', 'unit']) {
    for (const style of ['long', 'short', 'narrow']) {
      const lf = new Intl.ListFormat(l, { type, style });
      console.log(l, type, style, [[], ['A'], ['A', 'B'], ['A', 'B', 'C'], ['A', 'B', 'C', 'D']].map((x) => lf.format(x)).join(' | '));
    }
  }
}
console.log(new Intl.PluralRules('en', { minimumFractionDigits: 1 }).select(1), new Intl.PluralRules('en', { maximumFractionDigits: 0 }).select(1.4), new Intl.PluralRules('fr').select(1.99));
console.log(JSON.stringify(new Intl.PluralRules('de', { minimumSignificantDigits: 2 }).resolvedOptions()));
console.log(JSON.stringify(new Intl.RelativeTimeFormat('en', { numeric: 'auto' }).formatToParts(-1, 'day')), JSON.stringify(new Intl.RelativeTimeFormat('de').formatToParts(-1234.5, 'hour')));
console.log(JSON.stringify(new Intl.RelativeTimeFormat('es', { style: 'short' }).resolvedOptions()));
console.log(new Intl.ListFormat('es').format(['agua', 'hielo']), new Intl.ListFormat('es').format(['uno', 'dos', 'Irene']), new Intl.ListFormat('es', { type: 'disjunction' }).format(['siete', 'ocho']), new Intl.ListFormat('es', { type: 'disjunction' }).format(['uno', 'otro']), new Intl.ListFormat('es').format(['a', 'hierro']));
console.log(JSON.stringify(new Intl.ListFormat('en').formatToParts(['x', 'y', 'z'])), new Intl.ListFormat('en').format(new Set(['p', 'q'])), JSON.stringify(new Intl.ListFormat('ja', { type: 'unit' }).resolvedOptions()));
const auto = new Intl.RelativeTimeFormat('en', { numeric: 'auto' });
console.log([0.001, -0.004, 0.01, 0.999, 1.004, -1.002, 2.001, 1.5, -0].map((v) => auto.format(v, 'day')).join(' | '));
