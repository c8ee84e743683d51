// fast-xml-parser: XML to JS and back, validation.
const { XMLParser, XMLBuilder, XMLValidator } = require('fast-xml-parser');

const xml = `<?xml version="1.0"?>
<catalog xmlns:x="urn:x">
  <book id="bk101" available="true">
    <author>Gambardella, Matthew</author>
    <title>XML Developer's Guide</title>
    <price>44.95</price>
    <x:tag>one</x:tag><x:tag>two</x:tag>
    <desc><![CDATA[<b>bold</b> & more]]></desc>
  </book>
  <book id="bk102"><title>Midnight &amp; Rain</title><price>5.95</price></book>
</catalog>`;
const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@_', parseAttributeValue: true, cdataPropName: '#cdata' });
const obj = parser.parse(xml);
console.log(JSON.stringify(obj, null, 1));
console.log(XMLValidator.validate(xml), XMLValidator.validate('<a><b></a>'));
const builder = new XMLBuilder({ ignoreAttributes: false, attributeNamePrefix: '@_', format: true });
console.log(builder.build({ root: { '@_v': 1, item: [{ '#text': 'a&b' }, { '#text': 'c', '@_k': 'x' }], empty: '' } }));
console.log(new XMLParser({ isArray: (n) => n === 'i' }).parse('<r><i>1</i></r>'));
