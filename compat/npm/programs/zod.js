// zod: schemas, parsing, errors, transforms.
const { z } = require('zod');

const User = z.object({
  id: z.number().int().positive(),
  name: z.string().min(2),
  email: z.string().email(),
  tags: z.array(z.string()).default([]),
  role: z.enum(['admin', 'user']),
  meta: z.record(z.string(), z.unknown()).optional(),
});
console.log(User.parse({ id: 1, name: 'Al', email: 'al@example.com', role: 'user' }));
const bad = User.safeParse({ id: -1, name: 'A', email: 'nope', role: 'root', tags: [1] });
console.log(bad.success);
console.log(bad.error.issues.map((i) => `${i.path.join('.')}: ${i.code}: ${i.message}`));
console.log(z.prettifyError(bad.error));
const Num = z.string().transform((s) => Number(s)).pipe(z.number().max(100));
console.log(Num.parse('42'), Num.safeParse('420').success);
const Shape = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('circle'), r: z.number() }),
  z.object({ kind: z.literal('square'), s: z.number() }),
]);
console.log(Shape.parse({ kind: 'square', s: 2 }), Shape.safeParse({ kind: 'tri' }).error.issues[0].code);
console.log(z.coerce.number().parse('3.5'), z.string().uuid().safeParse('123e4567-e89b-12d3-a456-426614174000').success);
console.log(z.tuple([z.string(), z.number()]).parse(['a', 1]), z.union([z.string(), z.number()]).parse(5));
console.log(JSON.stringify(z.toJSONSchema(z.object({ a: z.string(), b: z.number().optional() }))));
