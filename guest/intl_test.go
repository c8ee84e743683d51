package guest

import "testing"

// TestIntlMatchesNode20 runs the Intl programs (number, currency, unit and
// compact formats, dates in fixed zones, collation, plural, relative time,
// lists, segmentation, errors) and compares their output with Node 20's.
func TestIntlMatchesNode20(t *testing.T) {
	matchNode20(t, "testdata/intl")
}
