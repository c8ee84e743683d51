// luxon: DateTime, Duration, Interval in UTC.
const { DateTime, Duration, Interval, Settings, Info } = require('luxon');
Settings.defaultZone = 'utc';
Settings.now = () => Date.UTC(2024, 4, 17, 9, 30);

const dt = DateTime.fromISO('2024-03-10T08:15:00Z');
console.log(dt.toISO(), dt.toFormat('yyyy LLL dd, HH:mm:ss'), dt.toFormat("cccc 'week' W"));
console.log(dt.plus({ months: 1, days: 5 }).toISODate(), dt.minus({ hours: 30 }).toISO());
console.log(dt.startOf('week').toISO(), dt.endOf('month').toISO());
console.log(dt.weekNumber, dt.weekday, dt.ordinal, dt.daysInMonth, dt.isInLeapYear);
console.log(dt.toLocaleString(DateTime.DATE_FULL), dt.setLocale('fr').toLocaleString(DateTime.DATETIME_MED));
console.log(dt.toRelative(), DateTime.now().toISO());
const dur = Duration.fromObject({ hours: 2, minutes: 90 });
console.log(dur.toISO(), dur.shiftTo('hours', 'minutes').toObject(), dur.as('minutes'));
const iv = Interval.fromDateTimes(dt, dt.plus({ days: 45 }));
console.log(iv.length('days'), iv.toDuration(['months', 'days']).toObject(), iv.contains(dt.plus({ days: 3 })));
console.log(DateTime.fromFormat('17/05/2024 14:07', 'dd/MM/yyyy HH:mm').toISO());
console.log(DateTime.fromISO('garbage').isValid, DateTime.fromISO('garbage').invalidReason);
console.log(Info.months('short').join(','), Info.weekdays('long', { locale: 'de' }).join(','));
console.log(dt.setZone('America/New_York').toISO(), dt.setZone('Asia/Tokyo').offset);
