package syntax

import (
	"testing"
	"unicode"
)

func TestCharSetSerializeRoundTrip(t *testing.T) {
	// create our set
	set := &CharSet{}
	set.addRange('a', 'z')
	set.addRange('A', 'Z')
	set.addChar(':')
	set.addDigit(false, false)

	// serialize and de-serialize it
	hash := set.Hash()
	newSet := NewCharSetRuntime(string(hash))

	// make sure it was a clean round-trip
	if !set.Equals(&newSet) {
		t.Fail()
	}
}

func TestCanonicalize(t *testing.T) {
	set := &CharSet{}
	set.addRange('\x01', unicode.MaxRune)

	if want, got := "[^\\x00]", set.String(); want != got {
		t.Fatalf("wanted: %s, got %s", want, got)
	}
}

func TestAddLowercaseComplementRange(t *testing.T) {
	set := NotECMADigitClass()
	set.addLowercase()

	if set.CharIn('1') {
		t.Fatal("digit should remain excluded")
	}
	if !set.CharIn('t') {
		t.Fatal("letter should remain included")
	}
}

// natsexec patch: sets that differ only in surrogates (or past MaxRune) hash
// apart and survive the round trip.
func TestCharSetHashSurrogates(t *testing.T) {
	hi, lo := &CharSet{}, &CharSet{}
	hi.addRange(0xD800, 0xDBFF)
	lo.addRange(0xDC00, 0xDFFF)
	if string(hi.Hash()) == string(lo.Hash()) {
		t.Fatal("[\\uD800-\\uDBFF] and [\\uDC00-\\uDFFF] hash alike")
	}
	for _, set := range []*CharSet{hi, lo, {ranges: []SingleRange{{'a', 0xDFFF}, {0xFFFD, unicode.MaxRune + 1}}}} {
		newSet := NewCharSetRuntime(string(set.Hash()))
		if !set.Equals(&newSet) {
			t.Errorf("round trip of %v gave %v", set.ranges, newSet.ranges)
		}
	}
}
