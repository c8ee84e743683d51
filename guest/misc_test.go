package guest

import "testing"

// TestMiscMatchesNode20 runs the programs of testdata/misc (URL, stacks,
// require.main, Symbol.asyncIterator, atob, process.version) and compares
// their output with Node 20's.
func TestMiscMatchesNode20(t *testing.T) {
	matchNode20(t, "testdata/misc")
}
