exports.done = false;
const b = require('./cycle_b');
exports.sawB = b.done;
exports.bSawPartialA = b.sawA;
exports.done = true;
