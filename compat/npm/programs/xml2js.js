// xml2js: XML to JS objects (callback and promise APIs) and back.
const xml2js = require('xml2js');

const xml = '<root a="1"><item id="x">one</item><item id="y">two<sub>s</sub></item><empty/><t>  spaced  </t></root>';
xml2js.parseString(xml, (err, result) => {
  console.log(err, JSON.stringify(result));
});
xml2js.parseStringPromise(xml, { explicitArray: false, mergeAttrs: true, trim: true }).then((r) => {
  console.log(JSON.stringify(r));
  const builder = new xml2js.Builder({ headless: false, renderOpts: { pretty: true, indent: '  ', newline: '\n' } });
  console.log(builder.buildObject({ root: { $: { v: '1' }, item: ['a', 'b & c'], nested: { deep: 'x' } } }));
});
xml2js.parseString('<bad><x></bad>', (err) => console.log('error:', err.message.split('\n')[0]));
