// joi: object schema validation.
const Joi = require('joi');

const schema = Joi.object({
  username: Joi.string().alphanum().min(3).max(30).required(),
  password: Joi.string().pattern(/^[a-zA-Z0-9]{3,30}$/),
  repeat_password: Joi.ref('password'),
  birth_year: Joi.number().integer().min(1900).max(2013),
  email: Joi.string().email({ minDomainSegments: 2, tlds: false }),
  tags: Joi.array().items(Joi.string()).unique(),
}).with('username', 'birth_year').xor('password', 'access_token').keys({ access_token: Joi.string() });

console.log(schema.validate({ username: 'abc', birth_year: 1994, password: 'abc1', repeat_password: 'abc1' }));
const r = schema.validate({ username: 'a!', birth_year: 1800, email: 'x@y', tags: ['a', 'a'] }, { abortEarly: false });
console.log(r.error.details.map((d) => `${d.path.join('.')}|${d.type}|${d.message}`));
console.log(Joi.number().min(3).validate('7'), Joi.date().iso().validate('2020-02-03T04:05:06Z').value.toISOString());
console.log(Joi.string().trim().lowercase().validate('  HeLLo ').value, Joi.boolean().truthy('Y').validate('Y').value);
console.log(Object.keys(schema.describe().keys));
try {
  Joi.assert(5, Joi.string());
} catch (e) {
  console.log(e.name, e.message);
}
