// bcryptjs: hashing with a fixed salt, comparing, shapes of random salts.
const bcrypt = require('bcryptjs');

const salt = '$2b$04$abcdefghijklmnopqrstuu';
const hash = bcrypt.hashSync('correct horse', salt);
console.log(hash, bcrypt.getRounds(hash), bcrypt.getSalt(hash));
console.log(bcrypt.compareSync('correct horse', hash), bcrypt.compareSync('wrong', hash));
const random = bcrypt.genSaltSync(4);
console.log(random.length, random.slice(0, 7));
bcrypt.hash('async pw', 4).then(async (h) => {
  console.log(h.length, h.slice(0, 7), await bcrypt.compare('async pw', h));
});
console.log(bcrypt.truncates('x'.repeat(80)), bcrypt.encodeBase64([1, 2, 3, 4, 5], 5));
