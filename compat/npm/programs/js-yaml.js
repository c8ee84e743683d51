// js-yaml: load and dump.
const yaml = require('js-yaml');

const doc = yaml.load(`
greeting: hello
numbers: [1, 2.5, -3, 0o17, 0x1A, .nan]
date: 2002-12-14T21:59:43.10Z
bool: [yes, true, off]
anchors:
  base: &base { a: 1, b: 2 }
  copy:
    <<: *base
    b: 3
text: >
  folded
  text
`);
console.log(doc);
console.log(typeof doc.date, yaml.load('d: 2002-12-14', { schema: yaml.CORE_SCHEMA }));
console.log(yaml.dump({ a: [1, { b: 'two' }], s: 'line1\nline2', q: "it's", n: null, e: {}, long: 'x'.repeat(90) }));
console.log(yaml.dump({ z: 1, a: { c: 2, b: 3 } }, { sortKeys: true, flowLevel: 1 }));
const many = [];
yaml.loadAll('---\na: 1\n---\nb: 2\n', (d) => many.push(d));
console.log(many);
try {
  yaml.load('a: [1, 2');
} catch (e) {
  console.log(e.name, e.reason, e.mark.line, e.mark.column);
}
