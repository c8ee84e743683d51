// cheerio: jQuery-style HTML querying and manipulation.
const cheerio = require('cheerio');

const $ = cheerio.load(`<ul id="fruits">
  <li class="apple">Apple</li>
  <li class="orange">Orange</li>
  <li class="pear" data-ripe="true">Pear</li>
</ul><p>Price: <b>3 &euro;</b></p><a href="/x?y=1&amp;z=2">link</a>`);
console.log($('.apple', '#fruits').text(), $('ul .pear').attr('class'), $('li').length);
console.log($('li').map((i, el) => $(el).text().toUpperCase()).get().join(','));
console.log($('li[data-ripe]').data(), $('li').eq(1).next().text(), $('li').last().prev().attr('class'));
$('.orange').addClass('citrus').removeClass('orange').attr('id', 'o');
$('ul').append('<li class="plum">Plum</li>');
$('li.apple').remove();
console.log($.html('#fruits'));
console.log($('p').text(), $('p b').html(), $('a').attr('href'));
console.log($('li').filter((i, el) => $(el).text().startsWith('P')).length, $('li:first-child').text(), $('li:nth-child(2)').text());
console.log($('ul').find('li').not('.plum').toArray().map((e) => e.attribs.class));
const x = cheerio.load('<root><item k="v">t</item></root>', { xml: true });
console.log(x.xml(), x('item').attr('k'));
console.log(cheerio.load('<p>a<br>b</p>').root().text(), $.root().children().length);
