// yaml (eemeli): parse, stringify, documents, anchors, comments.
const YAML = require('yaml');

const src = `# config
name: demo
version: 1.2
enabled: true
when: 2001-12-14
list:
  - &a one
  - two
  - *a
nested: { a: 1, b: [x, y] }
multi: |
  line one
  line two
empty: ~
`;
const doc = YAML.parseDocument(src);
console.log(JSON.stringify(doc.toJS()));
console.log(doc.get('name'), doc.getIn(['nested', 'b', 1]), doc.errors.length);
doc.set('name', 'changed');
doc.setIn(['nested', 'c'], { deep: [1, 2] });
console.log(doc.toString());
console.log(YAML.stringify({ a: 1, s: 'has: colon', arr: [{ x: 1 }, 'y'], n: null, m: new Map([['k', 'v']]) }));
console.log(YAML.parse('[1, 2, {a: b}]'), YAML.parse('0x1F'), YAML.parse('.inf'));
try {
  YAML.parse('a: b: c');
} catch (e) {
  console.log(e.name, e.code, e.message.split('\n')[0]);
}
const all = YAML.parseAllDocuments('a: 1\n---\nb: 2\n');
console.log(all.map((d) => d.toJSON()));
