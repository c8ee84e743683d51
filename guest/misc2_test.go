package guest

import "testing"

// TestMisc2MatchesNode20 runs the programs in testdata/misc2 (arrow functions
// and arguments, Buffer's base64url) and compares their stdout with Node 20's.
func TestMisc2MatchesNode20(t *testing.T) {
	matchNode20(t, "testdata/misc2")
}
