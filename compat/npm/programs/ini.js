// ini: parse and encode.
const ini = require('ini');

const cfg = ini.parse(`
; comment
scope = global

[database]
user = dbuser
password = "p;ss"
database = use_this_database
port = 5432

[paths.default]
datadir = /var/lib/data
array[] = first value
array[] = second value
enabled = true
`);
console.log(cfg);
cfg.scope = 'local';
cfg.database.database = 'use_another_database';
cfg.paths.default.tmpdir = '/tmp';
delete cfg.paths.default.datadir;
cfg.paths.default.array.push('fourth value');
console.log(ini.stringify(cfg, { section: 'section' }));
console.log(ini.safe('a=b;c'), ini.unsafe('"quoted"'));
