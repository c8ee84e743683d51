// A first job: prints, reads its argument and env, writes and reads a file
// in its private filesystem, and runs a command of the WASM command set.
const fs = require("fs");
const { execSync } = require("child_process");

console.log("hello from", process.argv[2] ?? "natsexec", "on", process.platform);
fs.writeFileSync("/greeting.txt", "hello\nworld\n");
console.log("wc says:", execSync("wc -l /greeting.txt").toString().trim());
export const answer = 42;
