// @iarna/toml: parse and stringify TOML.
const TOML = require('@iarna/toml');

const data = TOML.parse(`
title = "TOML Example"
[owner]
name = "Tom"
dob = 1979-05-27T07:32:00Z
[database]
ports = [ 8000, 8001, 8002 ]
connection_max = 5000
enabled = true
ratio = 0.75
[servers.alpha]
ip = "10.0.0.1"
[[products]]
name = "Hammer"
sku = 738594937
[[products]]
name = "Nail"
sku = 284758393
color = "gray"
`);
console.log(JSON.stringify(data));
console.log(data.owner.dob instanceof Date, data.owner.dob.toISOString());
console.log(TOML.stringify({ a: 1, b: 'two', c: [1, 2], d: { e: true, f: 1.5 }, g: [{ h: 1 }, { h: 2 }] }));
try {
  TOML.parse('a = ');
} catch (e) {
  console.log(e.name, e.line, e.col);
}
