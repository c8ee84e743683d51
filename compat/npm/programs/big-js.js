// big.js: small arbitrary-precision decimals.
const Big = require('big.js');

console.log(new Big(0.1).plus(0.2).toString(), new Big('1.1').times('1.1').toString());
Big.DP = 30;
console.log(new Big(1).div(3).toString(), new Big(2).sqrt().toString(), new Big(2).pow(64).toFixed());
console.log(new Big('123.456').round(1).toString(), new Big('123.456').round(1, Big.roundDown).toString(), new Big('-0.5').round().toString());
console.log(new Big('1e21').toString(), new Big('1e21').toFixed(), new Big('0.0000001').toString(), new Big('12.3456').toPrecision(3));
console.log(new Big(5).cmp(3), new Big(3).eq('3.000'), new Big(-2).abs().toNumber(), new Big(7).mod(3).toString());
try {
  new Big('abc');
} catch (e) {
  console.log(e.name, e.message);
}
