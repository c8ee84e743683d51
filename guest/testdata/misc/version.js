// The guest reports the Node release it follows.
console.log(process.version, process.versions.node, process.versions.modules, process.versions.napi);
console.log(typeof process.versions.v8, process.release.name, process.release.lts);
const [major, minor] = process.versions.node.split('.').map(Number);
console.log(major, minor >= 0, process.version === 'v' + process.versions.node);
