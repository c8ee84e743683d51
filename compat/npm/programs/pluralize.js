// pluralize: English plural and singular forms.
const pluralize = require('pluralize');

for (const w of ['test', 'person', 'child', 'octopus', 'sheep', 'box', 'quiz', 'analysis', 'index', 'Goose', 'CHILD', 'status']) {
  console.log(w, pluralize(w), pluralize.singular(pluralize(w)), pluralize(w, 1, true), pluralize(w, 5, true));
}
pluralize.addIrregularRule('thou', 'ye');
pluralize.addUncountableRule('paper');
console.log(pluralize('thou'), pluralize('paper'), pluralize.isPlural('mice'), pluralize.isSingular('mice'));
