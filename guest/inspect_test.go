package guest

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/natsexec/natsexec/jobs"
)

// util.inspect, util.format, console.log, console.dir and console.table
// print what Node 20 prints (testdata/inspect).
func TestInspectMatchesNode20(t *testing.T) {
	t.Parallel()
	matchNode20(t, "testdata/inspect")
}

// Hostile values: an inspection ends at the exec's deadline or memory
// limit, a value too big to print in full prints cut short, and recursion
// through custom inspectors is a RangeError the guest can catch.
func TestInspectHostileBounded(t *testing.T) {
	cases := []struct {
		name, src string
		kinds     []ErrorKind
	}{
		// Millions of elements with no maxArrayLength: the loop over them
		// stops at the deadline or the memory limit.
		{"huge array", `require("util").inspect(new Array(3e7).fill(7), {maxArrayLength: Infinity})`, []ErrorKind{KindTimeout, KindMemory}},
		{"huge typed array", `require("util").inspect(new Float64Array(3e7), {maxArrayLength: null})`, []ErrorKind{KindTimeout, KindMemory}},
		{"huge buffer", `require("util").inspect(new ArrayBuffer(5e7), {maxArrayLength: Infinity})`, []ErrorKind{KindTimeout, KindMemory}},
		// A getter that never returns is guest code: the deadline stops it.
		{"spinning getter", `require("util").inspect({get x() { for (;;); }}, {getters: true})`, []ErrorKind{KindTimeout}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			v := newNodeVM(t, Config{Limits: jobs.Limits{Timeout: jobs.Duration(time.Second), MemoryBytes: 256 << 20}})
			start := time.Now()
			res := execJS(t, v, c.src)
			if !slices.Contains(c.kinds, res.Kind) {
				t.Fatalf("kind %q: %s", res.Kind, res.Error)
			}
			if d := time.Since(start); d > 10*time.Second {
				t.Errorf("took %s", d)
			}
			wantAlive(t, v)
		})
	}

	// A graph that shares its nodes expands to 2^40 paths at depth
	// Infinity; past inspectMaxBuilt bytes of text the rest prints cut to
	// [Object], as Node cuts it past its own budget.
	v := newNodeVM(t, Config{Limits: jobs.Limits{Timeout: jobs.Duration(time.Minute), MemoryBytes: 1 << 30}})
	res := execJS(t, v, `const util = require("util")
		let x = {}; for (let i = 0; i < 40; i++) x = {a: x, b: x}
		const s = util.inspect(x, {depth: Infinity})
		console.log(s.length < 64 << 20, s.includes("[Object]"))`)
	wantStdout(t, res, "true true\n")
	// A custom inspector that inspects itself recurses until the call stack
	// is exhausted: Node's RangeError (which goja raises past its call stack
	// size as an error JS cannot catch).
	res = execJS(t, v, `const util = require("util")
		class R { [util.inspect.custom]() { return util.inspect(this) } }
		util.inspect(new R())`)
	if res.Kind != KindGuest || !strings.HasPrefix(res.Error, "RangeError: "+stackExceeded) {
		t.Fatalf("%q %.200s", res.Kind, res.Error)
	}
	wantAlive(t, v)
}
