// marked: Markdown to HTML, lexer tokens, a custom renderer.
const { marked, Marked } = require('marked');

const md = `# Title *emph*

Some **bold** text, \`code\`, and a [link](https://example.com "t").

- item 1
- item 2
  1. nested
  2. list

> quote with <b>html</b> & entities

\`\`\`js
const x = 1 < 2;
\`\`\`

| a | b |
|:--|--:|
| 1 | 2 |

Autolink: https://example.org/path?q=1 and ~~strike~~.
`;
console.log(marked.parse(md));
console.log(marked.lexer('# hi\n\npara').map((t) => t.type));
const custom = new Marked({
  renderer: {
    heading({ tokens, depth }) {
      return `<h${depth} class="x">${this.parser.parseInline(tokens)}</h${depth}>\n`;
    },
  },
});
console.log(custom.parse('## Hello _world_'));
console.log(marked.parseInline('**inline** only'));
