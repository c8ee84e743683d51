// Echoes stdin upper-cased: `echo hi | submit run examples/stdin.js`.
const input = require("fs").readFileSync(0, "utf8");
process.stdout.write(input.toUpperCase());
