// markdown-it: CommonMark rendering with options and a plugin-style rule.
const MarkdownIt = require('markdown-it');

const md = new MarkdownIt({ html: true, linkify: true, typographer: true });
console.log(md.render(`# Heading

A paragraph with *emphasis*, **strong**, \`code\`, "quotes" -- and (c) (tm).

1. one
2. two

- [link](http://example.com)
- www.example.org

\`\`\`
fenced <code>
\`\`\`

<div>raw html</div>

Term | Value
---- | -----
x    | 1
`));
console.log(md.renderInline('__inline__ ~~no~~ text'));
const safe = new MarkdownIt('commonmark');
console.log(safe.render('<script>alert(1)</script>\n\n*ok*'));
console.log(md.parse('# t', {}).map((t) => t.type).join(','));
md.renderer.rules.code_inline = (tokens, idx) => `<kbd>${md.utils.escapeHtml(tokens[idx].content)}</kbd>`;
console.log(md.renderInline('press `<Ctrl>`'));
