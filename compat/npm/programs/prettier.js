// prettier: format JS, CSS and Markdown with the standalone build and its plugins.
const prettier = require('prettier/standalone');
const babel = require('prettier/plugins/babel');
const estree = require('prettier/plugins/estree');
const postcss = require('prettier/plugins/postcss');
const markdown = require('prettier/plugins/markdown');

(async () => {
  const js = `const   f=function(a,b){return a+b}
let obj={a:1,'b':2,c:[1,2,3].map(x=>x*2)};if(obj.a){console.log("yes")}else{ console.log('no') }
async function g(){ await Promise.all([f(1,2), f(3,4)]) }`;
  console.log(await prettier.format(js, { parser: 'babel', plugins: [babel, estree] }));
  console.log(await prettier.format(js, { parser: 'babel', plugins: [babel, estree], semi: false, singleQuote: true, printWidth: 40 }));
  console.log(await prettier.format('a{color:red;background:blue}@media (max-width:100px){b{margin:0 0 0 0}}', { parser: 'css', plugins: [postcss] }));
  console.log(await prettier.format('# Title\n*  a\n*  b\n\nsome   text\n', { parser: 'markdown', plugins: [markdown] }));
  try {
    await prettier.format('const = ;', { parser: 'babel', plugins: [babel, estree] });
  } catch (e) {
    console.log(e.name, e.message.split('\n')[0]);
  }
})();
