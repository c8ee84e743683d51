package regexp2

import (
	"fmt"
	"testing"
)

// natsexec patch: \b and \B in ECMAScript see only [A-Za-z0-9_] as word
// characters (plus ſ and K, Kelvin, under u with i), where upstream took
// every Unicode letter and digit; and a loop of one repeated character (or
// of \W, \D) before \B was made atomic, which is wrong: giving back a
// character lands between two equal ones, where \B holds. goja sends global,
// sticky and lastIndex matches on non-ASCII input here, and every pattern
// with lookaround. The expectations are Node 20's.

func TestECMABoundaryMatchesNode(t *testing.T) {
	for _, c := range []struct {
		pattern string
		opts    RegexOptions // besides ECMAScript
		input   string
		want    string // every match as [index,length], as a global match finds them
	}{
		{`\b\w+\b`, 0, "caféx", "[0 3][4 1]"},
		{`\b\w+\b`, 0, "naïve café", "[0 2][3 2][6 3]"},
		{`\b\w+\b`, 0, "Straße", "[0 4][5 1]"},
		{`\bfoo`, 0, "éfoo", "[1 3]"},
		{`\bfoo(?=!)`, 0, "éfoo!", "[1 3]"},
		{`\Bfoo`, 0, "éfoo", ""},
		{`\bx`, 0, "Σx", "[1 1]"},
		{`\bx`, 0, "١x", "[1 1]"},
		{`\b`, 0, "_é1", "[0 0][1 0][2 0][3 0]"},
		// ſ (U+017F) and K (U+212A) are word characters under u with i only.
		{`\bx`, 0, "ſx xſ", "[1 1][3 1]"},
		{`\bx`, IgnoreCase, "ſx xſ", "[1 1][3 1]"},
		{`\bx`, Unicode, "ſx xſ", "[1 1][3 1]"},
		{`\bx`, IgnoreCase | Unicode, "ſx xſ", "[3 1]"},
		{`x\b`, IgnoreCase | Unicode, "ſx xſ", "[1 1]"},
		{`x\B`, IgnoreCase | Unicode, "ſx xſ", "[3 1]"},
		{`\bx`, IgnoreCase | Unicode, "\u212Ax x\u212A", "[3 1]"},
		{`x\B`, IgnoreCase | Unicode, "\u212Ax x\u212A", "[3 1]"},
		{`\bx`, IgnoreCase, "\u212Ax", "[1 1]"},
		{`\B`, IgnoreCase | Unicode, "éſ", "[0 0]"},
		{`\b`, IgnoreCase | Unicode, "éſ", "[1 0][2 0]"},
		// A loop before \B must be able to give back.
		{`!+\B`, 0, "é!!!a", "[1 2]"},
		{` +\B`, 0, "é  x", "[1 1]"},
		{`!+\B`, 0, "é!!!", "[1 3]"},
		{`!+?\B`, 0, "é!!!a", "[1 1][2 1]"},
		{`\W+\B`, 0, "é!!!a", "[0 3]"},
		{`\D+\B`, 0, "ab!c", "[0 1]"},
		// Loops before \b stay atomic, and right.
		{`a+\b`, 0, "éaaa!", "[1 3]"},
		{`a+\B`, 0, "éaaab", "[1 3]"},
		{`k+\b`, IgnoreCase, "kkK", "[0 3]"},
	} {
		for _, opts := range [][]CompileOption{
			{ECMAScript | c.opts}, {ECMAScript | c.opts, OptionIsCodeGen()},
		} {
			re := MustCompile(c.pattern, opts...)
			got := ""
			m, err := re.FindRunesMatchStartingAt([]rune(c.input), 0)
			for m != nil && err == nil {
				got += fmt.Sprintf("[%d %d]", m.RuneIndex, m.RuneLength)
				m, err = re.FindNextMatch(m)
			}
			if err != nil {
				t.Fatalf("%s (%v): %v", c.pattern, opts, err)
			}
			if got != c.want {
				t.Errorf("%s (options %v) on %q: got %q, want %q", c.pattern, opts[0], c.input, got, c.want)
			}
		}
	}
}
