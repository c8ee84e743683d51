// decimal.js: arbitrary-precision Decimal with math functions.
const Decimal = require('decimal.js');

Decimal.set({ precision: 50 });
console.log(new Decimal('0.1').plus('0.2').toString(), Decimal.sqrt(2).toString());
console.log(Decimal.exp(1).toString(), Decimal.ln(10).toString());
console.log(Decimal.acos(-1).toFixed(45), new Decimal(1).div(7).toSignificantDigits(10).toString());
console.log(new Decimal('12345.6789').toFixed(2), new Decimal('12345.6789').toExponential(3), new Decimal('0.00001').toString());
console.log(new Decimal(255).toHex(), new Decimal('0b1011').toNumber(), new Decimal(2).pow(0.5).eq(Decimal.sqrt(2)));
console.log(new Decimal('-7.5').mod(2).toString(), new Decimal('1e-7').toString(), new Decimal('123.456').round().toString());
Decimal.set({ precision: 20, rounding: Decimal.ROUND_DOWN });
console.log(Decimal.div(2, 3).toString(), Decimal.sin(1).toString(), Decimal.max('1', '2.5', 2).toString());
console.log(new Decimal('9.99').ceil().toString(), new Decimal(-1.5).abs().toFraction(), new Decimal('1.5').valueOf());
