// typescript: transpileModule of a small TS snippet, and a scanner/AST walk.
const ts = require('typescript');

const source = `
enum Color { Red, Green = 'g', Blue = 4 }
interface Point { x: number; y?: number }
abstract class Shape<T extends Point = Point> {
  constructor(protected readonly origin: T) {}
  abstract area(): number;
}
class Square extends Shape {
  constructor(o: Point, private side: number) { super(o); }
  area(): number { return this.side ** 2; }
}
export const sq = new Square({ x: 1 }, 3);
export function f<T>(xs: T[], pred?: (x: T) => boolean): T | undefined {
  return xs.find(pred ?? (() => true)) as T;
}
namespace NS { export const v = Color.Blue; }
declare module 'm' {}
export type Maybe<T> = T | null;
`;
const out = ts.transpileModule(source, {
  compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2017, sourceMap: false },
  fileName: 'x.ts',
  reportDiagnostics: true,
});
console.log(out.outputText);
console.log(out.diagnostics.length);
const es5 = ts.transpileModule('const f = async (a?: number) => a ?? [...[1]];', { compilerOptions: { target: ts.ScriptTarget.ES5 } });
console.log(es5.outputText.split('\n').length > 10, es5.outputText.includes('__awaiter'));
const sf = ts.createSourceFile('y.ts', source, ts.ScriptTarget.Latest, true);
const kinds = {};
(function visit(n) {
  const k = ts.SyntaxKind[n.kind];
  kinds[k] = (kinds[k] || 0) + 1;
  ts.forEachChild(n, visit);
})(sf);
console.log(Object.keys(kinds).length, kinds.ClassDeclaration, kinds.Parameter);
const bad = ts.transpileModule('let x: = 1;', { reportDiagnostics: true });
console.log(bad.diagnostics.map((d) => d.code + ' ' + ts.flattenDiagnosticMessageText(d.messageText, '\n')));
console.log(ts.version);
