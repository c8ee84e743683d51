// acorn: parse modern JavaScript into an ESTree AST.
const acorn = require('acorn');

const src = `
import x from 'y';
export const f = async (a, { b = 1, ...rest }) => a?.b ?? await g(...rest);
class C extends D { #p = 1; static s; get v() { return this.#p; } }
label: for (const [k, v] of Object.entries(o)) { if (k) continue label; }
const re = /a(?<n>b)/gu, t = tag\`x\${1}y\`, big = 10n ** 2n;
`;
const ast = acorn.parse(src, { ecmaVersion: 2022, sourceType: 'module', locations: true });
console.log(ast.body.map((n) => n.type + '@' + n.loc.start.line));
const counts = {};
(function walk(n) {
  if (n && typeof n.type === 'string') counts[n.type] = (counts[n.type] || 0) + 1;
  for (const k in n) if (n[k] && typeof n[k] === 'object') walk(n[k]);
})(ast);
console.log(Object.keys(counts).sort().map((k) => k + ':' + counts[k]).join(' '));
const tokens = [...acorn.tokenizer('let a = 1 + 2;', { ecmaVersion: 2020 })].map((t) => t.type.label);
console.log(tokens.join(' '));
try {
  acorn.parse('let = ;', { ecmaVersion: 2020 });
} catch (e) {
  console.log(e.name, e.message, e.pos);
}
console.log(JSON.stringify(acorn.parseExpressionAt('a + b * c', 0, { ecmaVersion: 2020 })).length, acorn.version);
