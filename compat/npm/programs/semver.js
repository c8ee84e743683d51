// semver: parsing, comparison, ranges.
const semver = require('semver');

console.log(semver.valid('1.2.3'), semver.valid('a.b.c'), semver.clean('  =v1.2.3   '));
console.log(semver.satisfies('1.2.3', '1.x || >=2.5.0 || 5.0.0 - 7.2.3'), semver.gt('1.2.3', '9.8.7'), semver.lt('1.2.3', '9.8.7'));
console.log(semver.minVersion('>=1.0.0').version, semver.coerce('v2').version, semver.coerce('42.6.7.9.3-alpha').version);
console.log(semver.inc('1.2.3', 'prerelease', 'beta'), semver.inc('1.2.3-beta.1', 'prerelease'), semver.inc('1.2.3', 'major'));
console.log(semver.diff('1.2.3', '1.3.0'), semver.major('4.5.6'), semver.prerelease('1.2.3-alpha.1'));
const vs = ['1.10.0', '1.2.0', '1.2.0-rc.1', '0.9.9', '2.0.0-alpha', '1.2.0-beta.11', '1.2.0-beta.2'];
console.log(vs.sort(semver.compare));
console.log(semver.maxSatisfying(vs, '^1.2.0'), semver.minSatisfying(vs, '~1.2.0-0'));
console.log(new semver.Range('^1.2.3 || ~2.0').range, semver.validRange('1.x'), semver.intersects('>1.0 <2', '>=1.5'));
console.log(semver.outside('3.0.0', '^1.0.0', '>'), semver.gtr('3.0.0', '^1.0.0'), semver.subset('^1.2.0', '^1.0.0'));
const p = semver.parse('1.2.3-pre.4+build.5');
console.log(p.major, p.minor, p.patch, p.prerelease, p.build, p.format(), String(p));
