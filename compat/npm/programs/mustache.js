// mustache: logic-less templates.
const Mustache = require('mustache');

const view = {
  title: 'Joe',
  calc: () => 2 + 4,
  items: [{ name: 'a' }, { name: 'b' }],
  empty: [],
  html: '<i>x</i>',
  bold: () => (text, render) => '<b>' + render(text) + '</b>',
};
console.log(Mustache.render('{{title}} spends {{calc}}', view));
console.log(Mustache.render('{{#items}}<{{name}}>{{/items}}{{^empty}}nothing{{/empty}}', view));
console.log(Mustache.render('{{html}} {{{html}}} {{&html}}', view));
console.log(Mustache.render('{{#bold}}Hi {{title}}.{{/bold}}', view));
console.log(Mustache.render('{{> user}}', { name: 'Sam' }, { user: 'User: {{name}}' }));
console.log(Mustache.render('{{=<% %>=}}<% title %>', view));
console.log(JSON.stringify(Mustache.parse('a {{b}} {{#c}}d{{/c}}')));
