// mathjs: expression parser, matrices, units, fractions, symbolic derivative.
const math = require('mathjs');

console.log(math.evaluate('sqrt(3^2 + 4^2)'), math.evaluate('12.7 cm to inch').toString(), math.evaluate('det([1, 2; 3, 4])'));
console.log(math.format(math.evaluate('sin(pi / 4)'), { precision: 14 }), math.round(math.e, 5), math.evaluate('5!'));
const scope = { a: 3, b: 4 };
math.evaluate('c = a * b', scope);
console.log(scope.c, math.evaluate('f(x) = x^2 + 1; f(3)').entries);
const m = math.matrix([[1, 2], [3, 4]]);
console.log(math.multiply(m, m).toString(), math.inv(m).toString(), math.transpose(m).toString());
console.log(math.format(math.fraction(1, 3) + '', {}), math.add(math.fraction(1, 3), math.fraction(1, 6)).toString());
console.log(math.derivative('x^2 + sin(x)', 'x').toString(), math.simplify('2x + 3x + x*y - y*x').toString());
console.log(math.parse('(a + b) * c').toString(), math.parse('x^2').toTex());
console.log(math.mean([1, 2, 3, 4]), math.median([5, 1, 3]), math.std([2, 4, 4, 4, 5, 5, 7, 9]), math.variance([1, 2, 3, 4]));
console.log(math.complex('2 + 3i').mul(math.complex('1 - i')).toString(), math.sqrt(-4).toString());
console.log(math.unit('5 km').to('mile').format({ precision: 6 }), math.bignumber('0.1').plus(math.bignumber('0.2')).toString());
console.log(math.format(1 / 3, { precision: 5 }), math.format(123456789, { notation: 'engineering' }), math.gcd(48, 18), math.isPrime(97));
