// validator: string validators and sanitizers.
const validator = require('validator');

const checks = [
  ['isEmail', 'foo@bar.com'], ['isEmail', 'foo@bar'], ['isURL', 'https://example.com/a?b=1'], ['isURL', 'not a url'],
  ['isIP', '192.168.0.1'], ['isIP', '::1'], ['isIP', '256.1.1.1'], ['isUUID', 'a3bb189e-8bf9-3888-9912-ace4e6543002'],
  ['isJSON', '{"a":1}'], ['isJSON', '{a:1}'], ['isCreditCard', '4111111111111111'], ['isISO8601', '2020-01-02T03:04:05Z'],
  ['isHexColor', '#ff00aa'], ['isBase64', 'aGVsbG8='], ['isAlpha', 'abcé'], ['isMobilePhone', '+14155552671'],
  ['isPostalCode', '90210', 'US'], ['isStrongPassword', 'Abcdef1!'], ['isSlug', 'a-slug'], ['isSemVer', '1.2.3-rc.1'],
  ['isIBAN', 'DE89370400440532013000'], ['isMACAddress', '01:23:45:67:89:ab'], ['isJWT', 'a.b.c'], ['isLatLong', '45.1,-120.2'],
];
for (const [fn, v, ...rest] of checks) console.log(fn, JSON.stringify(v), validator[fn](v, ...rest));
console.log(validator.escape('<a href="x">&\'</a>'), validator.unescape('&lt;p&gt;'));
console.log(validator.normalizeEmail('Foo.Bar+tag@GoogleMail.com'), validator.trim('  x  '), validator.blacklist('abc123', '0-9'));
console.log(validator.toInt('42px'), validator.toFloat('3.14'), validator.toBoolean('yes'), validator.toBoolean('0'));
console.log(validator.isLength('héllo', { min: 2, max: 5 }), validator.contains('abc', 'b'), validator.version);
