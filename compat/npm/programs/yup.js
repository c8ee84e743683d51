// yup: schema validation and casting (async API).
const yup = require('yup');

const schema = yup.object({
  name: yup.string().required().min(2),
  age: yup.number().required().positive().integer(),
  email: yup.string().email(),
  website: yup.string().url().nullable(),
  createdOn: yup.date().default(() => new Date(Date.UTC(2020, 0, 1))),
  tags: yup.array(yup.string()).max(3),
});
(async () => {
  const v = await schema.validate({ name: 'Jimmy', age: '24', tags: ['a'] });
  console.log(v, v.createdOn.toISOString());
  try {
    await schema.validate({ name: 'J', age: -1, email: 'x', tags: ['a', 'b', 'c', 'd'] }, { abortEarly: false });
  } catch (e) {
    console.log(e.name, e.errors);
  }
  console.log(schema.cast({ name: 'Al', age: '7.0' }).age, schema.isValidSync({ name: 'Al', age: 3 }));
  console.log(yup.string().trim().uppercase().cast('  abc '), yup.mixed().oneOf(['a', 'b']).isValidSync('c'));
  const when = yup.object({ kind: yup.string(), size: yup.number().when('kind', { is: 'big', then: (s) => s.min(10) }) });
  console.log(when.isValidSync({ kind: 'big', size: 5 }), when.isValidSync({ kind: 'small', size: 5 }));
  console.log(Object.keys(schema.describe().fields));
})();
