// papaparse: CSV parsing and unparsing (synchronous string input).
const Papa = require('papaparse');

const csv = `name,age,city,note
Alice,30,Paris,"likes ""quotes"""
Bob,25,Berlin,"multi
line"
Carol,,Rome,
`;
const r = Papa.parse(csv, { header: true, dynamicTyping: true, skipEmptyLines: true });
console.log(r.data, r.errors, r.meta.fields, r.meta.delimiter, r.meta.linebreak === '\n');
console.log(Papa.parse('a;b;c\n1;2;3', { delimiter: '' }).meta.delimiter);
console.log(Papa.unparse([{ a: 1, b: 'x,y' }, { a: 2, b: 'q"t' }]));
console.log(Papa.unparse({ fields: ['x', 'y'], data: [[1, 2], [3, 4]] }, { quotes: true, newline: '\n' }));
const rows = [];
Papa.parse('1,2\n3,4\n5,6', { step: (row) => rows.push(row.data), complete: () => console.log('steps', JSON.stringify(rows)) });
console.log(Papa.parse('"unterminated,1\n2,3').errors.map((e) => e.code));
