// moment: parsing, formatting, manipulation in UTC, durations, locales.
const moment = require('moment');
require('moment/locale/fr');
moment.locale('en');

const m = moment.utc('2023-11-05T16:04:05.006Z');
console.log(m.format(), m.format('dddd, MMMM Do YYYY, h:mm:ss a'), m.format('[Q]Q wo DDDD X x'));
console.log(m.clone().add(7, 'days').subtract(1, 'month').toISOString(), m.clone().startOf('isoWeek').format('LLLL'));
console.log(m.isLeapYear(), m.daysInMonth(), m.week(), m.isoWeek(), m.dayOfYear());
console.log(m.diff(moment.utc('2020-01-01'), 'years', true).toFixed(6), m.diff(moment.utc('2023-11-01'), 'hours'));
console.log(m.from(moment.utc('2024-01-01')), m.to(moment.utc('2023-11-05T16:10:00Z')), m.calendar(moment.utc('2023-11-06T10:00:00Z')));
console.log(moment.utc('12-25-1995', 'MM-DD-YYYY').toISOString(), moment.utc('1995-02-30', 'YYYY-MM-DD', true).isValid());
const d = moment.duration({ days: 3, hours: 4, minutes: 5 });
console.log(d.asHours(), d.humanize(), d.toISOString(), moment.duration(-1, 'minutes').humanize(true));
console.log(moment.utc([2010, 0, 31]).add(1, 'month').format('YYYY-MM-DD'), moment.max(m, moment.utc(0)).year());
console.log(moment.utc('2023-11-05').locale('fr').format('LL dddd'), moment.locales().length > 0);
console.log(m.unix(), m.valueOf(), m.toArray(), m.toObject());
