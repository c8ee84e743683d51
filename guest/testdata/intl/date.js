// DateTimeFormat on fixed instants in explicit zones: styles, component
// options, hour cycles, zone names, formatToParts, resolvedOptions, and
// Date's locale methods and toString.
const locales = ['en-US', 'en-GB', 'de-DE', 'fr-FR', 'es-ES', 'ja-JP', 'zh-CN'];
const t = Date.UTC(2026, 11, 1, 10, 5, 9, 42); // Tue 1 Dec 2026 10:05:09.042 UTC
const summer = Date.UTC(2026, 6, 4, 23, 30, 0);
const fmt = (l, o, v = t) => new Intl.DateTimeFormat(l, { timeZone: 'UTC', ...o }).format(v);
const styles = ['full', 'long', 'medium', 'short'];
for (const l of locales) {
  console.log(l, 'default', fmt(l, {}), '|', fmt(l, {}, summer));
  for (const s of styles) console.log(l, s, fmt(l, { dateStyle: s }), '|', fmt(l, { timeStyle: s }), '|', fmt(l, { dateStyle: s, timeStyle: s }));
  console.log(l, 'short/short h23', fmt(l, { dateStyle: 'short', timeStyle: 'short', hour12: false }), '|', fmt(l, { timeStyle: 'medium', hour12: true }));
  const combos = [
    { year: 'numeric', month: 'long', day: 'numeric' },
    { year: 'numeric', month: 'short', day: 'numeric', weekday: 'short' },
    { weekday: 'long', year: 'numeric', month: 'long', day: 'numeric' },
    { month: 'long', day: 'numeric' },
    { month: 'short' },
    { month: 'long' },
    { month: 'narrow' },
    { weekday: 'long' },
    { weekday: 'short' },
    { year: 'numeric', month: '2-digit', day: '2-digit' },
    { year: '2-digit', month: 'numeric' },
    { year: 'numeric', month: 'long' },
    { day: 'numeric' },
    { era: 'short', year: 'numeric' },
    { era: 'long', year: 'numeric', month: 'long', day: 'numeric' },
    { hour: 'numeric' },
    { hour: '2-digit', minute: '2-digit' },
    { hour: 'numeric', minute: '2-digit', second: '2-digit' },
    { hour: 'numeric', minute: 'numeric', hour12: false },
    { hour: 'numeric', hourCycle: 'h23' },
    { hour: 'numeric', hourCycle: 'h11' },
    { minute: '2-digit', second: '2-digit' },
    { hour: 'numeric', minute: 'numeric', second: 'numeric', fractionalSecondDigits: 3 },
    { second: 'numeric', fractionalSecondDigits: 2 },
    { hour: 'numeric', minute: 'numeric', timeZoneName: 'short' },
    { hour: 'numeric', timeZoneName: 'long' },
    { year: 'numeric', month: 'short', day: 'numeric', hour: 'numeric', minute: '2-digit' },
    { weekday: 'short', hour: 'numeric', minute: '2-digit' },
    { month: 'long', day: 'numeric', year: 'numeric', hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false },
    { weekday: 'long', month: 'long', day: 'numeric', hour: 'numeric', minute: 'numeric', timeZoneName: 'short' },
  ];
  for (const o of combos) console.log(l, JSON.stringify(o), fmt(l, o), '|', fmt(l, o, summer));
}
for (const z of ['America/New_York', 'America/Los_Angeles', 'Europe/London', 'Europe/Paris', 'Europe/Berlin', 'Asia/Tokyo', 'Asia/Shanghai', 'Asia/Kolkata', 'Australia/Sydney', 'Africa/Casablanca', 'America/Caracas']) {
  for (const l of ['en-US', 'de-DE', 'fr-FR', 'ja-JP']) {
    const row = ['short', 'long', 'shortOffset', 'longOffset'].map((k) => fmt(l, { timeZone: z, timeZoneName: k, hour: 'numeric', minute: '2-digit' }) + ' / ' + fmt(l, { timeZone: z, timeZoneName: k, hour: 'numeric', minute: '2-digit' }, summer));
    console.log(z, l, row.join(' | '), '|', fmt(l, { timeZone: z, dateStyle: 'full', timeStyle: 'full' }));
  }
}
console.log(JSON.stringify(new Intl.DateTimeFormat('en-US', { timeZone: 'UTC', dateStyle: 'medium', timeStyle: 'short' }).formatToParts(t)));
console.log(JSON.stringify(new Intl.DateTimeFormat('de-DE', { timeZone: 'Europe/Berlin', weekday: 'short', day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' }).formatToParts(t)));
console.log(JSON.stringify(new Intl.DateTimeFormat('en-US', { timeZone: 'UTC', dateStyle: 'short', timeStyle: 'long' }).resolvedOptions()));
console.log(JSON.stringify(new Intl.DateTimeFormat('ja', { timeZone: 'Asia/Tokyo', hour: 'numeric', hour12: true }).resolvedOptions()));
console.log(JSON.stringify(new Intl.DateTimeFormat('en-GB', { timeZone: 'europe/london', weekday: 'long', year: '2-digit', month: 'short', day: '2-digit', second: 'numeric', fractionalSecondDigits: 1 }).resolvedOptions()));
console.log(JSON.stringify(new Intl.DateTimeFormat('en-US-u-hc-h23', { timeZone: 'UTC', hour: 'numeric' }).resolvedOptions()), fmt('en-US-u-hc-h23', { hour: 'numeric', minute: 'numeric' }));
console.log(JSON.stringify(new Intl.DateTimeFormat().resolvedOptions()));
const d = new Date(t);
console.log(d.toLocaleString('en-US', { timeZone: 'UTC' }), '|', d.toLocaleDateString('de-DE', { timeZone: 'UTC' }), '|', d.toLocaleTimeString('fr-FR', { timeZone: 'UTC' }));
console.log(d.toLocaleString('ja-JP', { timeZone: 'Asia/Tokyo' }), '|', d.toLocaleDateString('zh-CN', { timeZone: 'Asia/Shanghai', dateStyle: 'long' }), '|', d.toLocaleTimeString('en-GB', { timeZone: 'UTC', hour: '2-digit', minute: '2-digit' }));
console.log(d.toLocaleDateString('en-US', { timeZone: 'UTC', hour: 'numeric' }), '|', d.toLocaleTimeString('en-US', { timeZone: 'UTC', weekday: 'long' }));
console.log(d.toLocaleString(), '|', d.toLocaleDateString(), '|', d.toLocaleTimeString(), '|', new Date(NaN).toLocaleString());
console.log(d.toString(), '|', d.toTimeString(), '|', String(new Date(summer)), '|', `${new Date(0)}`);
console.log(new Date(-62198755200000).toLocaleDateString('en-US', { timeZone: 'UTC', era: 'short', year: 'numeric' }));
const df = new Intl.DateTimeFormat('en-US', { timeZone: 'UTC' });
console.log([t, summer].map(df.format).join(' '), Object.prototype.toString.call(df), typeof df.format(), Intl.DateTimeFormat.supportedLocalesOf(['fr-CA', 'tlh']));
