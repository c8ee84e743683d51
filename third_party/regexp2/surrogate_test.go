package regexp2

import (
	"fmt"
	"testing"
)

// natsexec patch: a JavaScript pattern without u matches UTF-16 code units,
// so goja hands regexp2 lone surrogates, in the pattern and in the input.
// Go strings cannot hold them (they become U+FFFD), and the compiler keyed
// its set and string tables, and built its search prefixes, through Go
// strings: [\uD800-\uDBFF][\uDC00-\uDFFF] compiled as the first class
// twice and never matched a pair. The expectations are Node 20's.

// utf16 spells s as UTF-16 code units, as goja passes a string to regexp2.
func utf16(s string) []rune {
	var out []rune
	for _, r := range s {
		if r >= 0x10000 {
			r -= 0x10000
			out = append(out, 0xD800+(r>>10), 0xDC00+(r&0x3FF))
		} else {
			out = append(out, r)
		}
	}
	return out
}

func TestSurrogateClassesAndLiterals(t *testing.T) {
	for _, c := range []struct {
		pattern string
		input   []rune
		want    string // every match as [index,length], as a global match finds them
	}{
		// The he package's patterns.
		{`[\uD800-\uDBFF][\uDC00-\uDFFF]`, utf16("a\U0001D306b\U0001F600"), "[1 2][4 2]"},
		{`[\uD800-\uDBFF][\uDC00-\uDFFF]|[\x01-\x7F]`, utf16("a\U0001D306é<"), "[0 1][1 2][4 1]"},
		{`[\uD800-\uD834][\uDF00-\uDF10]`, utf16("a\U0001D306b"), "[1 2]"},
		{`[\uD800\uD801][\uDC00\uDC01]`, utf16("é\U00010401"), "[1 2]"},
		{`(?:[\uD800-\uDBFF][\uDC00-\uDFFF])+`, utf16("a\U0001D306\U0001D306b"), "[1 4]"},
		{`[^\uD800-\uDBFF][\uDC00-\uDFFF]`, []rune{'é', 0xDC00, 0xD834, 0xDF06}, "[0 2]"},
		// Two strings that differ only in surrogates.
		{`\uD834\uDF06.\uD835\uDF07`, []rune{'é', 0xD834, 0xDF06, 'a', 0xD835, 0xDF07}, "[1 5]"},
		{`a\uD835\uDF07|a\uD834\uDF06`, []rune{'é', 'a', 0xD834, 0xDF06}, "[1 3]"},
		// A repeated surrogate becomes a string.
		{`\uD834{2}`, []rune{'é', 0xD834, 0xD834}, "[1 2]"},
		{`x\uD834{3}`, []rune{'é', 'x', 0xD834, 0xD834, 0xD834}, "[1 4]"},
		{`\uDC00{3}`, []rune{'é', 0xDC00, 0xDC00, 0xDC00}, "[1 3]"},
		// A literal at a fixed distance after an alternation.
		{`(?:a|b)\uD834\uDF06`, utf16("éb\U0001D306"), "[1 3]"},
		{`[a-z]+\uDF06`, []rune{'é', 'a', 'b', 0xDF06}, "[1 3]"},
		// Leading strings (searched for with OptionIsCodeGen).
		{`(?:\uD834\uDF06|\uD835\uDF07)x`, utf16("é\U0001D707x\U0001D306x"), "[1 3][4 3]"},
		{`(?:\uD834|\uD835)[\uDF06\uDF07]`, utf16("é\U0001D707x\U0001D306"), "[1 2][4 2]"},
		// U+FFFD is not a surrogate, nor the other way round.
		{`\uD834\uDF06`, []rune{'é', 0xFFFD, 0xFFFD}, ""},
		{`\uD834{2}`, []rune{'é', 0xFFFD, 0xFFFD}, ""},
		{`\uFFFD\uFFFD`, utf16("é\U0001D306"), ""},
		{`[\uD800-\uDBFF][\uDC00-\uDFFF]`, []rune{'é', 0xFFFD, 0xD800, 0xDC00}, "[2 2]"},
	} {
		for _, opts := range [][]CompileOption{
			{ECMAScript}, {ECMAScript | IgnoreCase}, {ECMAScript | Multiline},
			{ECMAScript, OptionIsCodeGen()}, {ECMAScript | IgnoreCase, OptionIsCodeGen()},
		} {
			re := MustCompile(c.pattern, opts...)
			got := ""
			m, err := re.FindRunesMatchStartingAt(c.input, 0)
			for m != nil && err == nil {
				got += fmt.Sprintf("[%d %d]", m.RuneIndex, m.RuneLength)
				m, err = re.FindNextMatch(m)
			}
			if err != nil {
				t.Fatalf("%s (%v): %v", c.pattern, opts, err)
			}
			if got != c.want {
				t.Errorf("%s (options %v) on %U: got %q, want %q", c.pattern, opts[0], c.input, got, c.want)
			}
		}
	}
}
