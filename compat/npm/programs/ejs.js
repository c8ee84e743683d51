// ejs: embedded JavaScript templates.
const ejs = require('ejs');

const out = ejs.render(
  `<h1><%= title %></h1>
<ul>
<% users.forEach(function(u){ -%>
  <li><%= u.name %> <%- u.html %></li>
<% }) -%>
</ul>
<%# a comment %>
Total: <%= users.length %>`,
  { title: 'Users <&>', users: [{ name: 'Ann', html: '<em>1</em>' }, { name: 'Bo"b', html: '<em>2</em>' }] },
);
console.log(out);
const fn = ejs.compile('<%= a %> + <%= b %> = <%= a + b %>');
console.log(fn({ a: 1, b: 2 }), fn({ a: 'x', b: 'y' }));
console.log(ejs.render('<?= v ?>', { v: 'custom delimiters' }, { delimiter: '?' }));
try {
  ejs.render('<%= nope %>', {});
} catch (e) {
  console.log(e.name, e.message.split('\n').pop());
}
