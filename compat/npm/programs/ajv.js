// ajv: JSON Schema validation (compiles schemas to JS code with new Function).
const Ajv = require('ajv');

const ajv = new Ajv({ allErrors: true, useDefaults: true, coerceTypes: false });
const schema = {
  type: 'object',
  properties: {
    id: { type: 'integer', minimum: 1 },
    name: { type: 'string', minLength: 2, pattern: '^[A-Z]' },
    tags: { type: 'array', items: { type: 'string' }, uniqueItems: true },
    kind: { enum: ['a', 'b'], default: 'a' },
    nested: { type: 'object', properties: { x: { type: 'number' } }, required: ['x'], additionalProperties: false },
  },
  required: ['id', 'name'],
  additionalProperties: false,
};
const validate = ajv.compile(schema);
const good = { id: 3, name: 'Zed', tags: ['x', 'y'] };
console.log(validate(good), good);
const bad = { id: 0, name: 'z', tags: ['x', 'x'], nested: { y: 1 }, extra: true };
console.log(validate(bad));
console.log(validate.errors.map((e) => `${e.instancePath} ${e.keyword} ${e.message}`));
console.log(ajv.errorsText(validate.errors));
ajv.addKeyword({ keyword: 'even', type: 'number', validate: (s, d) => (d % 2 === 0) === s });
console.log(ajv.validate({ type: 'number', even: true }, 4), ajv.validate({ type: 'number', even: true }, 5));
const ref = ajv.compile({ $id: 'tree', type: 'object', properties: { kids: { type: 'array', items: { $ref: 'tree' } } } });
console.log(ref({ kids: [{ kids: [] }, { kids: [{}] }] }), ref({ kids: [1] }));
