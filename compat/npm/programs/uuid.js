// uuid: shapes and validation (random values differ run to run); v5/v3 are deterministic.
const { v1, v4, v5, v3, v6, v7, validate, version, parse, stringify, NIL, MAX } = require('uuid');

const shape = (u) => u.replace(/[0-9a-f]/g, 'x');
for (const [name, fn] of [['v1', v1], ['v4', v4], ['v6', v6], ['v7', v7]]) {
  const u = fn();
  console.log(name, shape(u), validate(u), version(u), u === u.toLowerCase());
}
console.log(new Set(Array.from({ length: 100 }, () => v4())).size);
console.log(v5('hello.example.com', v5.DNS), v5('https://example.com/', v5.URL));
console.log(v3('hello.example.com', v3.DNS));
const bytes = parse('6ba7b810-9dad-11d1-80b4-00c04fd430c8');
console.log(bytes.length, Array.from(bytes.slice(0, 4)), stringify(bytes));
console.log(NIL, MAX, validate('not-a-uuid'), validate(NIL));
const v7a = v7(), v7b = v7();
console.log(v7a < v7b || v7a.slice(0, 13) === v7b.slice(0, 13));
console.log(shape(v4({ random: new Uint8Array(16).fill(7) })), v4({ random: new Uint8Array(16).fill(7) }));
