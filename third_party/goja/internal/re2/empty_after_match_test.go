package re2

// natsexec patch: WithEmptyAfterMatch.

import (
	"reflect"
	"testing"
)

func TestWithEmptyAfterMatch(t *testing.T) {
	for _, c := range []struct {
		re, s     string
		goIdx, js [][]int
		jsStrings []string
	}{
		{`b*`, "ab", [][]int{{0, 0}, {1, 2}}, [][]int{{0, 0}, {1, 2}, {2, 2}}, []string{"", "b", ""}},
		{`a*`, "baa", [][]int{{0, 0}, {1, 3}}, [][]int{{0, 0}, {1, 3}, {3, 3}}, []string{"", "aa", ""}},
		{`x*`, "é", [][]int{{0, 0}, {2, 2}}, [][]int{{0, 0}, {2, 2}}, []string{"", ""}},
	} {
		re := MustCompile(c.re)
		if got := re.FindAllStringIndex(c.s, -1); !reflect.DeepEqual(got, c.goIdx) {
			t.Errorf("%s on %q: Go's %v, want %v", c.re, c.s, got, c.goIdx)
		}
		js := re.WithEmptyAfterMatch()
		if got := js.FindAllStringIndex(c.s, -1); !reflect.DeepEqual(got, c.js) {
			t.Errorf("%s on %q: JS's %v, want %v", c.re, c.s, got, c.js)
		}
		if got := js.FindAllString(c.s, -1); !reflect.DeepEqual(got, c.jsStrings) {
			t.Errorf("%s on %q: JS's %q, want %q", c.re, c.s, got, c.jsStrings)
		}
		if re.emptyAfterMatch {
			t.Error("WithEmptyAfterMatch changed the original")
		}
	}
}
