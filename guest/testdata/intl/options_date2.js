// Seeded random option sets for DateTimeFormat (format
// and formatToParts; resolvedOptions has V8 quirks for odd combinations,
// such as fractional seconds without seconds; zone names of dates before a
// zone took its present rules differ).
let seed = 777;
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
  const o = { timeZone: pick(Z) };
  const add = (k, vals) => { const v = pick([undefined, undefined, ...vals]); if (v !== undefined) o[k] = v; };
  if (rnd(5) === 0) {
    add('dateStyle', ['full', 'long', 'medium', 'short']);
    add('timeStyle', ['full', 'long', 'medium', 'short']);
  } else {
    add('weekday', ['narrow', 'short', 'long']);
    add('era', ['narrow', 'short', 'long']);
    add('year', ['numeric', '2-digit']);
    add('month', ['numeric', '2-digit', 'narrow', 'short', 'long']);
    add('day', ['numeric', '2-digit']);
    // The time fields people ask for: hour, hour and minute, the three,
    // or minute and second (ICU joins odder mixes in odd ways).
    const tf = pick(['', '', 'h', 'hm', 'hms', 'ms']);
    if (tf.includes('h')) o.hour = pick(['numeric', '2-digit']);
    if (tf.includes('m')) o.minute = pick(['numeric', '2-digit']);
    if (tf.includes('s')) o.second = pick(['numeric', '2-digit']);
    if (o.second) add('fractionalSecondDigits', [1, 2, 3]);
    add('timeZoneName', ['short', 'long', 'shortOffset', 'longOffset', 'shortGeneric', 'longGeneric']);
  }
  add('hour12', [true, false]);
  if (o.hour12 === undefined) add('hourCycle', ['h11', 'h12', 'h23', 'h24']);
  const l = pick(L);
  try {
    const f = new Intl.DateTimeFormat(l, o);
    const t = pick(times);
    out.push(JSON.stringify([l, o, t]) + ' => ' + f.format(t) + ' | ' + f.formatToParts(t).map((p) => p.type[0] + p.value).join(''));
  } catch (e) { out.push(JSON.stringify([l, o]) + ' !! ' + e.message); }
}
console.log(out.join('\n'));
