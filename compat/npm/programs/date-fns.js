// date-fns: pure date arithmetic and formatting (UTC dates, output in ISO strings).
const { addDays, addMonths, differenceInCalendarDays, differenceInBusinessDays, eachDayOfInterval, formatISO,
  formatDistanceStrict, intervalToDuration, formatDuration, isWeekend, parseISO, startOfISOWeek, getISOWeek,
  isValid, max, min, compareAsc, closestTo, lastDayOfMonth, getDaysInMonth, isLeapYear, formatRFC7231 } = require('date-fns');

const a = new Date(Date.UTC(2024, 0, 31, 12));
const b = new Date(Date.UTC(2024, 2, 15, 12));
console.log(addMonths(a, 1).toISOString(), addDays(a, 30).toISOString());
console.log(differenceInCalendarDays(b, a), differenceInBusinessDays(b, a));
console.log(eachDayOfInterval({ start: a, end: addDays(a, 3) }).map((d) => d.toISOString().slice(0, 10)));
console.log(formatISO(a, { representation: 'date' }).length, isWeekend(new Date(Date.UTC(2024, 5, 1, 12))));
console.log(parseISO('2023-07-04T10:20:30Z').toISOString(), isValid(parseISO('2023-13-45')));
console.log(getISOWeek(a), startOfISOWeek(a).getDay());
console.log(formatDistanceStrict(a, b), formatDistanceStrict(a, b, { unit: 'hour' }));
console.log(intervalToDuration({ start: a, end: b }));
console.log(formatDuration({ years: 2, months: 9, weeks: 1, days: 7, hours: 5, minutes: 9, seconds: 30 }));
console.log(max([a, b]).toISOString(), min([a, b]).toISOString(), [b, a].sort(compareAsc)[0] === a);
console.log(closestTo(addDays(a, 2), [a, b]).toISOString());
console.log(getDaysInMonth(new Date(Date.UTC(2024, 1, 10))), isLeapYear(new Date(Date.UTC(2100, 5, 1))));
console.log(lastDayOfMonth(a).getDate(), formatRFC7231(a));
