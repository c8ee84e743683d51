const a = require('./cycle_a');
exports.sawA = a.done;
exports.done = true;
