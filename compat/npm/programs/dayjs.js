// dayjs with the utc, duration, relativeTime, customParseFormat and isoWeek plugins.
const dayjs = require('dayjs');
const utc = require('dayjs/plugin/utc');
const duration = require('dayjs/plugin/duration');
const relativeTime = require('dayjs/plugin/relativeTime');
const customParseFormat = require('dayjs/plugin/customParseFormat');
const isoWeek = require('dayjs/plugin/isoWeek');
const advancedFormat = require('dayjs/plugin/advancedFormat');
dayjs.extend(utc);
dayjs.extend(duration);
dayjs.extend(relativeTime);
dayjs.extend(customParseFormat);
dayjs.extend(isoWeek);
dayjs.extend(advancedFormat);

const d = dayjs.utc('2024-02-29T13:45:30.123Z');
console.log(d.format(), d.format('YYYY-MM-DD HH:mm:ss.SSS dddd MMMM Do Q'));
console.log(d.add(1, 'year').format('YYYY-MM-DD'), d.subtract(3, 'months').format('YYYY-MM-DD'));
console.log(d.startOf('month').toISOString(), d.endOf('week').toISOString());
console.log(d.isoWeek(), d.isoWeekday(), d.day(), d.daysInMonth(), d.isLeapYear ? 'plugin' : 'core');
console.log(d.diff(dayjs.utc('2024-01-01'), 'day'), d.diff(dayjs.utc('2023-01-01'), 'month', true).toFixed(4));
console.log(d.from(dayjs.utc('2024-05-01T00:00:00Z')), d.to(dayjs.utc('2020-01-01T00:00:00Z')));
console.log(dayjs.utc('31/12/2023 23:59', 'DD/MM/YYYY HH:mm').toISOString());
console.log(dayjs.duration(90061000).format('D[d] HH:mm:ss'), dayjs.duration({ hours: 25 }).asDays());
console.log(dayjs.duration(3, 'hours').humanize(), dayjs.duration(-45, 'seconds').humanize(true));
console.log(d.valueOf(), d.unix(), d.isBefore(d.add(1, 'ms')), d.isSame('2024-02-29T13:45:30.123Z'));
console.log(dayjs.utc('not a date').isValid(), dayjs.utc(0).toJSON());
