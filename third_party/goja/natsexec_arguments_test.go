package goja

import "testing"

// natsexec patch test: an arrow function that is the first (or only) code to
// name 'arguments' reads the enclosing function's arguments object from the
// stash, not a slot of its own frame. See lookupName and PATCHES.md.
func TestNatsexecArrowArguments(t *testing.T) {
	const SCRIPT = `
	function h(a) { return [1, 2].map(() => arguments[1]); }
	assert(compareArray(h('x', 'y'), ['y', 'y']), "map callback");

	function noParams() { return (() => arguments[1])(); }
	assert.sameValue(noParams('x', 'y'), 'y', "no named params");

	function later() { return () => arguments; }
	var args = later(1, 2, 3);
	assert.sameValue(args().length, 3, "called after the outer returned");
	assert.sameValue(args()[2], 3, "called after the outer returned, [2]");

	function many(a, b, c, d, e, f, g, h, i, j) { var x = 1, y = 2; return () => arguments[9] + x + y; }
	assert.sameValue(many(1, 2, 3, 4, 5, 6, 7, 8, 9, 10)(), 13, "many params and stack locals");

	function rest(a, ...r) { return () => [arguments.length, r.length, arguments[3]]; }
	assert(compareArray(rest(1, 2, 3, 4)(), [4, 3, 4]), "rest params");

	function nested() { return () => () => () => arguments[0]; }
	assert.sameValue(nested('deep')()()(), 'deep', "nested arrows");

	function dflt(a, b = () => arguments[2]) { return b(); }
	assert.sameValue(dflt('x', undefined, 'z'), 'z', "arrow in a default param");

	function mapped(a) { (() => { a = 3; })(); return arguments[0]; }
	assert.sameValue(mapped(1), 3, "sloppy: param write shows in arguments");

	function mapped2(a) { (() => { arguments[0] = 9; })(); return a; }
	assert.sameValue(mapped2(1), 9, "sloppy: arguments write shows in param");

	function unmapped(a) { 'use strict'; (() => { a = 3; })(); return (() => arguments[0])(); }
	assert.sameValue(unmapped(1), 1, "strict: unmapped");

	class C {
		m(a) { return (() => arguments[0])(); }
		static s() { return [0].map(() => arguments.length)[0]; }
	}
	assert.sameValue(new C().m('cm'), 'cm', "class method");
	assert.sameValue(C.s(1, 2), 2, "static method");

	function* gen(a) { yield (() => arguments[1])(); }
	assert.sameValue(gen(1, 'gen').next().value, 'gen', "generator");

	var r;
	(async function (a) { r = (() => arguments[1])(); })(1, 'async');
	assert.sameValue(r, 'async', "async function");
	`
	testScriptWithTestLib(SCRIPT, _undefined, t)
}
