package guest

import "testing"

// TestRegexMatchesNode20 runs the regular expression programs (property
// escapes, the d and v flags, astral classes, case folding) and compares
// their output with Node 20's; the engine side is goja's regexp patches
// (third_party/goja/PATCHES.md).
func TestRegexMatchesNode20(t *testing.T) {
	matchNode20(t, "testdata/regex")
}
