// TypeScript runs as is: esbuild strips the types inside the sidecar.
interface Point { x: number; y: number }
const norm = (p: Point): number => Math.hypot(p.x, p.y);
console.log(`|(3,4)| = ${norm({ x: 3, y: 4 })}`);
export const dims: number = 2;
