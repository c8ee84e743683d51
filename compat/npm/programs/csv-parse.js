// csv-parse: the synchronous API.
const { parse } = require('csv-parse/sync');

const input = `id,name,score
1,"Smith, John",9.5
2,Jane,"7"
# a comment
3,"Quote ""Q""",10
`;
console.log(parse(input, { columns: true, skip_empty_lines: true, comment: '#', cast: true }));
console.log(parse('a\tb\n1\t2', { delimiter: '\t' }));
console.log(parse(' x , y \n1,2', { trim: true, columns: true }));
console.log(parse('a,b\n1,2,3', { relax_column_count: true }));
try {
  parse('a,b\n"1,2');
} catch (e) {
  console.log(e.code, e.message);
}
console.log(parse('a,b\n1,2', { info: true, columns: true })[0].info.lines);
