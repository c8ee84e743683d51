// bignumber.js: arbitrary-precision decimal arithmetic.
const BigNumber = require('bignumber.js');

const x = new BigNumber('0.1'), y = new BigNumber('0.2');
console.log(x.plus(y).toString(), 0.1 + 0.2, x.plus(y).eq(0.3));
console.log(new BigNumber(2).pow(100).toFixed(), new BigNumber(1).div(3).toString());
BigNumber.config({ DECIMAL_PLACES: 40, ROUNDING_MODE: BigNumber.ROUND_HALF_EVEN });
console.log(new BigNumber(2).sqrt().toString(), new BigNumber(10).div(7).toFixed(20));
console.log(new BigNumber('123456789.123456789').toFormat(3), new BigNumber(255).toString(16), new BigNumber('ff', 16).toNumber());
console.log(new BigNumber('1e+50').toString(), new BigNumber('1.23e-10').toFixed(), new BigNumber(-0).isNegative());
console.log(new BigNumber(NaN).isNaN(), new BigNumber(Infinity).toString(), BigNumber.max(1, '3', 2).toString());
console.log(new BigNumber('2.5').integerValue(BigNumber.ROUND_HALF_UP).toString(), new BigNumber('2.5').integerValue().toString());
console.log(new BigNumber('0.000123').precision(2).toString(), new BigNumber(12.345).dp(), new BigNumber('1.5').toFraction().map(String));
console.log(JSON.stringify({ v: new BigNumber('1.25') }), new BigNumber(3).modulo(2).toString(), new BigNumber(100).shiftedBy(-4).toString());
