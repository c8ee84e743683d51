package guest

import "testing"

// TestMiscMatchesNode20 runs the programs of testdata/misc (URL, stacks,
// require.main, Symbol.asyncIterator, atob, process.version) and compares
// their output with Node 20's.
func TestMiscMatchesNode20(t *testing.T) {
	matchNode20(t, "testdata/misc")
}

// Streams still answer to the key they iterated under before goja had
// Symbol.asyncIterator (Node has no such key, so no Node output to match).
func TestMiscStreamFallbackKey(t *testing.T) {
	res := runJS(t, `
		const { Readable } = require('stream');
		const key = Symbol.for('Symbol.asyncIterator');
		console.log(Readable.prototype[key] === Readable.prototype[Symbol.asyncIterator]);
		const it = Readable.from(['a', 'b'])[key]();
		(async () => { let s = ''; for (let r; !(r = await it.next()).done;) s += r.value; console.log(s); })();`)
	wantStdout(t, res, "true\nab\n")
}
