// atob is WHATWG's forgiving-base64 decode with Node 20's two messages.
const cases = ['YQ', 'YQ=', 'YQ==', 'YQ===', 'Y', 'YR', 'Y Q = =', ' YWJj ', 'YW=Jj', 'a\u00e9', '=', '', 'ab\tcd',
  'abc\vd', 'YQ==a', 'Y===', 'YWJjZA', 'YWJjZA=', 'YWJjZA==', '////', '-_-_', null, undefined, 12, '\u0000', 'abcde',
  'ab\ncd\fef\r\ngh', 'YWJj\u3000'];
for (const c of cases) {
  try {
    console.log(JSON.stringify(c), '->', JSON.stringify(atob(c)));
  } catch (e) {
    console.log(JSON.stringify(c), 'throws', e instanceof DOMException, e.name, e.code, JSON.stringify(e.message));
  }
}
for (const f of [atob, btoa]) {
  try { f(); } catch (e) { console.log(f.name, e.name, e.code, e.message); }
}
try { btoa('\u0100'); } catch (e) { console.log(e instanceof DOMException, e.name, e.code, e.message); }
console.log(btoa(atob('////')), atob(btoa('\u00ff\u0000x')) === '\u00ff\u0000x');
