let n = 0;
exports.isMain = require.main === module;
exports.mainIsMain = require.main === module.parent;
exports.id = module.id;
exports.loadedWhileRunning = module.loaded;
exports.parentIsMain = module.parent !== null && module.parent.id === '.';
exports.paths0 = module.paths[0];
exports.count = () => ++n;
