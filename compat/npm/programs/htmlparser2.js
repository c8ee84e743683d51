// htmlparser2: streaming HTML parser and DOM.
const { Parser, parseDocument, DomUtils } = require('htmlparser2');

const html = '<!DOCTYPE html><html><head><title>T &amp; t</title></head><body><div id="main" class="a b"><p>One<br>Two</p><img src="x.png" alt=\'q"q\'><script>if (a < b) {}</script><!-- c --></div></body></html>';
const events = [];
const parser = new Parser({
  onopentag: (name, attrs) => events.push('open ' + name + ' ' + JSON.stringify(attrs)),
  ontext: (t) => events.push('text ' + JSON.stringify(t)),
  onclosetag: (name, implied) => events.push('close ' + name + (implied ? ' (implied)' : '')),
  oncomment: (c) => events.push('comment ' + JSON.stringify(c)),
}, { decodeEntities: true });
parser.write(html.slice(0, 60));
parser.write(html.slice(60));
parser.end();
console.log(events.join('\n'));
const dom = parseDocument(html);
const div = DomUtils.getElementById('main', dom);
console.log(DomUtils.getAttributeValue(div, 'class'), DomUtils.textContent(div), DomUtils.getElementsByTagName('p', dom).length);
console.log(DomUtils.getOuterHTML(DomUtils.findOne((e) => e.name === 'img', dom.children)));
const xml = parseDocument('<feed><entry a="1"/><Entry>x</Entry></feed>', { xmlMode: true });
console.log(DomUtils.getOuterHTML(xml, { xmlMode: true }));
