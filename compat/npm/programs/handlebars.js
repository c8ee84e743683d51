// handlebars: templates, helpers, partials, escaping.
const Handlebars = require('handlebars');

Handlebars.registerHelper('upper', (s) => String(s).toUpperCase());
Handlebars.registerHelper('plural', (n, word) => `${n} ${word}${n === 1 ? '' : 's'}`);
Handlebars.registerPartial('item', '<li>{{name}} ({{upper kind}})</li>');
const tpl = Handlebars.compile(`<h1>{{title}}</h1>
{{#if items.length}}<ul>{{#each items}}{{> item}}{{/each}}</ul>{{else}}none{{/if}}
{{plural items.length "item"}}
{{#with owner}}{{first}} {{last}}{{/with}}
{{{raw}}} vs {{raw}}
{{#each map}}{{@key}}={{this}};{{/each}}
{{#unless hidden}}shown{{/unless}} {{lookup (lookup items 1) 'name'}}`);
console.log(tpl({
  title: 'Fruit & Veg',
  items: [{ name: 'apple', kind: 'fruit' }, { name: 'leek', kind: 'veg' }],
  owner: { first: 'Ada', last: 'Lovelace' },
  raw: '<b>bold</b>',
  map: { a: 1, b: 2 },
}));
const pre = Handlebars.precompile('{{x}}');
console.log(typeof pre, pre.length > 50);
try {
  Handlebars.compile('{{#if}}')({});
} catch (e) {
  console.log(e.message.split('\n')[0]);
}
console.log(Handlebars.escapeExpression('<a href="x">\'&`=</a>'));
