package parser

// natsexec patch (whole file): Unicode property escapes (\p{...}, \P{...})
// of the u and v flags, and the class set syntax of the v flag (nested
// classes, --, &&, \q{...}), rewritten into explicit code point ranges that
// both engines take as a u-flag pattern. Upstream passed "\p{L}" to Go's
// regexp as the literal "p{L}" (so /\p{L}/u.test('é') was false) and
// rejected the v flag.

import (
	"encoding/base64"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"
)

// MaxRewrittenRegExp bounds the pattern a rewrite may produce: every \p{L}
// outside a class is about 12 KB of ranges, and the engines compile what
// they are given. V8 has the same error for patterns too large to compile.
const MaxRewrittenRegExp = 1 << 20

// maxRewriteWork bounds the ranges a rewrite may look at (decoding,
// complementing, combining sets), so that a long pattern of set operations
// cannot hold the compiling call for long: the engines' Interrupt does not
// reach it.
const maxRewriteWork = 1 << 22

// ErrRegExpTooLarge is V8's message for a pattern over the size it compiles.
const ErrRegExpTooLarge = "Regular expression too large"

type runeRange struct{ lo, hi rune }

// runeSet is a class of the v flag: code points as sorted, disjoint,
// non-adjacent ranges, and the strings of \q{...} that are not one code
// point long.
type runeSet struct {
	ranges  []runeRange
	strings map[string]struct{}
}

func normalizeRanges(rs []runeRange) []runeRange {
	if len(rs) < 2 {
		return rs
	}
	sort.Slice(rs, func(i, j int) bool { return rs[i].lo < rs[j].lo })
	out := rs[:1]
	for _, r := range rs[1:] {
		last := &out[len(out)-1]
		if r.lo <= last.hi+1 {
			if r.hi > last.hi {
				last.hi = r.hi
			}
			continue
		}
		out = append(out, r)
	}
	return out
}

func complementRanges(rs []runeRange) []runeRange {
	var out []runeRange
	next := rune(0)
	for _, r := range rs {
		if r.lo > next {
			out = append(out, runeRange{next, r.lo - 1})
		}
		next = r.hi + 1
	}
	if next <= utf8.MaxRune {
		out = append(out, runeRange{next, utf8.MaxRune})
	}
	return out
}

func intersectRanges(a, b []runeRange) []runeRange {
	var out []runeRange
	for i, j := 0, 0; i < len(a) && j < len(b); {
		lo, hi := max(a[i].lo, b[j].lo), min(a[i].hi, b[j].hi)
		if lo <= hi {
			out = append(out, runeRange{lo, hi})
		}
		if a[i].hi < b[j].hi {
			i++
		} else {
			j++
		}
	}
	return out
}

func (s *runeSet) hasRune(c rune) bool {
	i := sort.Search(len(s.ranges), func(i int) bool { return s.ranges[i].hi >= c })
	return i < len(s.ranges) && s.ranges[i].lo <= c
}

func (s *runeSet) addString(str string) {
	if n := utf8.RuneCountInString(str); n == 1 {
		c, _ := utf8.DecodeRuneInString(str)
		s.ranges = normalizeRanges(append(s.ranges, runeRange{c, c}))
		return
	}
	if s.strings == nil {
		s.strings = map[string]struct{}{}
	}
	s.strings[str] = struct{}{}
}

func (s *runeSet) union(o *runeSet) {
	s.ranges = normalizeRanges(append(s.ranges, o.ranges...))
	for str := range o.strings {
		s.addString(str)
	}
}

func (s *runeSet) intersect(o *runeSet) {
	s.ranges = intersectRanges(s.ranges, o.ranges)
	for str := range s.strings {
		if _, ok := o.strings[str]; !ok {
			delete(s.strings, str)
		}
	}
}

func (s *runeSet) subtract(o *runeSet) {
	s.ranges = intersectRanges(s.ranges, complementRanges(o.ranges))
	for str := range o.strings {
		delete(s.strings, str)
	}
}

var (
	unicodePropertyBytes     []byte
	unicodePropertyBytesOnce sync.Once
	unicodePropertyCache     sync.Map // set key -> []runeRange
)

// unicodePropertySet returns the ranges of a table key of
// unicodePropertyRanges, decoded once.
func unicodePropertySet(key string) []runeRange {
	if v, ok := unicodePropertyCache.Load(key); ok {
		return v.([]runeRange)
	}
	unicodePropertyBytesOnce.Do(func() {
		var err error
		unicodePropertyBytes, err = base64.StdEncoding.DecodeString(unicodePropertyData)
		if err != nil {
			panic(fmt.Errorf("unicode property table: %w", err))
		}
	})
	loc := unicodePropertyRanges[key]
	data := unicodePropertyBytes[loc[0]:]
	out := make([]runeRange, 0, loc[1])
	uvarint := func() rune {
		var v rune
		for shift := 0; ; shift += 7 {
			b := data[0]
			data = data[1:]
			v |= rune(b&0x7f) << shift
			if b < 0x80 {
				return v
			}
		}
	}
	prev := rune(0)
	for i := 0; i < loc[1]; i++ {
		lo := prev + uvarint()
		hi := lo + uvarint()
		out = append(out, runeRange{lo, hi})
		prev = hi + 1
	}
	unicodePropertyCache.Store(key, out)
	return out
}

// lookupUnicodeProperty resolves the contents of \p{...} as V8 does: exact
// names only, Name=Value for General_Category, Script and
// Script_Extensions, a lone name for a General_Category value or a binary
// property.
func lookupUnicodeProperty(expr string) ([]runeRange, bool) {
	if name, value, ok := strings.Cut(expr, "="); ok {
		var table map[string]string
		var prop string
		switch name {
		case "General_Category", "gc":
			table, prop = unicodeGeneralCategories, "General_Category="
		case "Script", "sc":
			table, prop = unicodeScripts, "Script="
		case "Script_Extensions", "scx":
			table, prop = unicodeScriptExtensions, "Script_Extensions="
		default:
			return nil, false
		}
		if v, ok := table[value]; ok {
			return unicodePropertySet(prop + v), true
		}
		return nil, false
	}
	if v, ok := unicodeGeneralCategories[expr]; ok {
		return unicodePropertySet("General_Category=" + v), true
	}
	if v, ok := unicodeBinaryProperties[expr]; ok {
		return unicodePropertySet(v), true
	}
	return nil, false
}

type unicodeRewriter struct {
	src  string
	pos  int
	v    bool // the v flag: class set syntax
	out  strings.Builder
	err  string
	work int // ranges looked at, see maxRewriteWork
}

// spend counts n ranges of work and fails the rewrite past maxRewriteWork.
func (w *unicodeRewriter) spend(n int) bool {
	w.work += n
	if w.work > maxRewriteWork {
		w.fail(ErrRegExpTooLarge)
		return false
	}
	return true
}

// RewriteUnicodeRegExp rewrites a pattern of the u flag (unicodeSets false)
// or the v flag so that it has no property escapes and, for v, no class set
// syntax: each becomes a class of explicit ranges (\u{...}), and a v class
// with strings an alternation. The result is a u-flag pattern. The error,
// if any, is V8's message for the pattern (without the "Invalid regular
// expression: /.../:" prefix).
func RewriteUnicodeRegExp(pattern string, unicodeSets bool) (string, error) {
	if !unicodeSets && !strings.Contains(pattern, `\p`) && !strings.Contains(pattern, `\P`) {
		return pattern, nil
	}
	w := &unicodeRewriter{src: pattern, v: unicodeSets}
	w.out.Grow(len(pattern))
	w.scan()
	if w.err != "" {
		return "", RegexpSyntaxError{regexpParseError{offset: w.pos, err: w.err}}
	}
	return w.out.String(), nil
}

func (w *unicodeRewriter) fail(msg string) {
	if w.err == "" {
		w.err = msg
	}
	w.pos = len(w.src)
}

func (w *unicodeRewriter) write(s string) {
	if w.out.Len()+len(s) > MaxRewrittenRegExp {
		w.fail(ErrRegExpTooLarge)
		return
	}
	w.out.WriteString(s)
}

func (w *unicodeRewriter) scan() {
	for w.pos < len(w.src) && w.err == "" {
		c := w.src[w.pos]
		switch {
		case c == '\\' && w.pos+1 < len(w.src):
			if e := w.src[w.pos+1]; e == 'p' || e == 'P' {
				set := w.property()
				if w.err != "" {
					return
				}
				if e == 'P' && w.v {
					// v: the complement of the case-folded set, which the
					// engine computes for a negated class under the i flag.
					w.writeClass(set, true)
				} else {
					if e == 'P' {
						set = complementRanges(set)
					}
					w.writeClass(set, false)
				}
				continue
			}
			w.write(w.src[w.pos : w.pos+2])
			w.pos += 2
		case c == '[' && w.v:
			w.pos++
			negate := w.pos < len(w.src) && w.src[w.pos] == '^'
			if negate {
				w.pos++
			}
			set := w.classContents()
			if w.err != "" {
				return
			}
			w.pos++ // ]
			if negate && len(set.strings) > 0 {
				w.fail("Negated character class may contain strings")
				return
			}
			w.writeSet(set, negate)
		case c == '[':
			w.uClass()
		default:
			w.write(w.src[w.pos : w.pos+1])
			w.pos++
		}
	}
}

// property reads \p{...} or \P{...} at w.pos.
func (w *unicodeRewriter) property() []runeRange {
	w.pos += 2
	if w.pos >= len(w.src) || w.src[w.pos] != '{' {
		w.fail("Invalid property name")
		return nil
	}
	end := strings.IndexByte(w.src[w.pos:], '}')
	if end < 0 {
		w.fail("Invalid property name")
		return nil
	}
	expr := w.src[w.pos+1 : w.pos+end]
	w.pos += end + 1
	set, ok := lookupUnicodeProperty(expr)
	if ok && !w.spend(2*len(set)) { // a complement may follow
		return nil
	}
	if !ok {
		// Also the properties of strings of the v flag (RGI_Emoji and
		// the like): no table here has the emoji sequences.
		w.fail("Invalid property name")
		return nil
	}
	return set
}

func writeRangeItems(b *strings.Builder, rs []runeRange) {
	for _, r := range rs {
		writeCodePoint(b, r.lo)
		if r.hi != r.lo {
			b.WriteByte('-')
			writeCodePoint(b, r.hi)
		}
	}
}

func writeCodePoint(b *strings.Builder, c rune) {
	b.WriteString(`\u{`)
	b.WriteString(strconv.FormatInt(int64(c), 16))
	b.WriteByte('}')
}

// writeClass writes ranges as a class; an empty one as a class that
// matches nothing (an empty [] is not taken by every engine).
func (w *unicodeRewriter) writeClass(rs []runeRange, negate bool) {
	var b strings.Builder
	if len(rs) == 0 {
		rs, negate = []runeRange{{0, utf8.MaxRune}}, !negate
	}
	b.WriteByte('[')
	if negate {
		b.WriteByte('^')
	}
	writeRangeItems(&b, rs)
	b.WriteByte(']')
	w.write(b.String())
}

// writeSet writes a v class: its strings, longest first, then its code
// points, as an alternation.
func (w *unicodeRewriter) writeSet(s *runeSet, negate bool) {
	if len(s.strings) == 0 {
		w.writeClass(s.ranges, negate)
		return
	}
	strs := make([]string, 0, len(s.strings))
	for str := range s.strings {
		strs = append(strs, str)
	}
	sort.Slice(strs, func(i, j int) bool {
		li, lj := utf8.RuneCountInString(strs[i]), utf8.RuneCountInString(strs[j])
		if li != lj {
			return li > lj
		}
		return strs[i] < strs[j]
	})
	w.write("(?:")
	empty := false
	for _, str := range strs {
		if str == "" {
			empty = true
			continue
		}
		var b strings.Builder
		for _, c := range str {
			writeCodePoint(&b, c)
		}
		b.WriteByte('|')
		w.write(b.String())
	}
	if len(s.ranges) > 0 {
		w.writeClass(s.ranges, false)
	} else {
		w.writeClass(nil, false)
	}
	if empty {
		w.write("|")
	}
	w.write(")")
}

// uClass copies a class of the u flag, each property escape in it replaced
// by its ranges; one at either end of a range is an error, as in V8.
func (w *unicodeRewriter) uClass() {
	start := w.pos
	w.pos++ // [
	if w.pos < len(w.src) && w.src[w.pos] == '^' {
		w.pos++
	}
	var b strings.Builder
	b.WriteString(w.src[start:w.pos])
	// What came before: nothing a '-' could start a range from (the start,
	// or a finished range), an atom (a property escape or not), or a '-'
	// that makes a range.
	const (
		noLeft = iota
		atom
		rangeDash
	)
	state, leftIsProp := noLeft, false
	for w.pos < len(w.src) && w.src[w.pos] != ']' {
		c := w.src[w.pos]
		isProp := c == '\\' && w.pos+1 < len(w.src) && (w.src[w.pos+1] == 'p' || w.src[w.pos+1] == 'P')
		switch {
		case c == '-' && state == atom && w.pos+1 < len(w.src) && w.src[w.pos+1] != ']':
			if leftIsProp {
				w.fail("Invalid character class")
				return
			}
			state = rangeDash
			b.WriteByte(c)
			w.pos++
			continue
		case state == rangeDash:
			if isProp {
				w.fail("Invalid character class")
				return
			}
			state = noLeft
		default:
			state, leftIsProp = atom, isProp
		}
		switch {
		case isProp:
			neg := w.src[w.pos+1] == 'P'
			set := w.property()
			if w.err != "" {
				return
			}
			if neg {
				set = complementRanges(set)
			}
			writeRangeItems(&b, set)
			if b.Len()+w.out.Len() > MaxRewrittenRegExp {
				w.fail(ErrRegExpTooLarge)
				return
			}
		case c == '\\' && w.pos+1 < len(w.src):
			b.WriteString(w.src[w.pos : w.pos+2])
			w.pos += 2
		default:
			_, size := utf8.DecodeRuneInString(w.src[w.pos:])
			b.WriteString(w.src[w.pos : w.pos+size])
			w.pos += size
		}
	}
	if w.pos >= len(w.src) {
		// Unterminated: left for the engines to report.
		w.write(b.String())
		return
	}
	b.WriteByte(']')
	w.pos++
	w.write(b.String())
}

// classContents parses ClassContents of the v flag up to (not past) the
// closing ']'.
func (w *unicodeRewriter) classContents() *runeSet {
	acc := &runeSet{}
	if w.peek() == ']' {
		return acc
	}
	first, firstSingle, firstChar := w.operand()
	if w.err != "" {
		return nil
	}
	switch {
	case w.hasPrefix("&&"):
		acc = first
		for w.hasPrefix("&&") {
			w.pos += 2
			if w.peek() == '&' {
				w.fail("Invalid character in character class")
				return nil
			}
			o, _, _ := w.operand()
			if w.err != "" {
				return nil
			}
			if !w.spend(len(acc.ranges) + len(o.ranges)) {
				return nil
			}
			acc.intersect(o)
		}
		if w.peek() != ']' {
			w.fail("Invalid set operation in character class")
			return nil
		}
		return acc
	case w.hasPrefix("--"):
		acc = first
		for w.hasPrefix("--") {
			w.pos += 2
			o, _, _ := w.operand()
			if w.err != "" {
				return nil
			}
			if !w.spend(2*len(acc.ranges) + 2*len(o.ranges)) {
				return nil
			}
			acc.subtract(o)
		}
		if w.peek() != ']' {
			w.fail("Invalid set operation in character class")
			return nil
		}
		return acc
	}
	// A union of operands and ranges.
	cur, curSingle, curChar := first, firstSingle, firstChar
	for {
		if w.peek() == '-' && !w.hasPrefix("--") {
			if !curSingle {
				w.fail("Invalid character class")
				return nil
			}
			w.pos++
			_, hiSingle, hi := w.operand()
			if w.err != "" {
				return nil
			}
			if !hiSingle {
				w.fail("Invalid character class")
				return nil
			}
			if hi < curChar {
				w.fail("Range out of order in character class")
				return nil
			}
			cur = &runeSet{ranges: []runeRange{{curChar, hi}}}
		}
		if !w.spend(len(acc.ranges) + len(cur.ranges)) {
			return nil
		}
		acc.union(cur)
		switch {
		case w.pos >= len(w.src):
			w.fail("Unterminated character class")
			return nil
		case w.peek() == ']':
			return acc
		case w.hasPrefix("&&") || w.hasPrefix("--"):
			w.fail("Invalid set operation in character class")
			return nil
		}
		cur, curSingle, curChar = w.operand()
		if w.err != "" {
			return nil
		}
	}
}

func (w *unicodeRewriter) peek() int {
	if w.pos >= len(w.src) {
		return -1
	}
	return int(w.src[w.pos])
}

func (w *unicodeRewriter) hasPrefix(s string) bool {
	return strings.HasPrefix(w.src[w.pos:], s)
}

// classSetReservedDouble are the doubled punctuators a v class may not
// contain unescaped.
const classSetReservedDouble = "&!#$%*+,.:;<=>?@^`~"

// operand parses one ClassSetOperand; single reports a lone character (a
// range endpoint), c being it.
func (w *unicodeRewriter) operand() (set *runeSet, single bool, c rune) {
	if w.pos >= len(w.src) {
		w.fail("Unterminated character class")
		return nil, false, 0
	}
	ch := w.src[w.pos]
	switch ch {
	case '[':
		w.pos++
		negate := w.peek() == '^'
		if negate {
			w.pos++
		}
		inner := w.classContents()
		if w.err != "" {
			return nil, false, 0
		}
		if w.peek() != ']' {
			w.fail("Unterminated character class")
			return nil, false, 0
		}
		w.pos++
		if negate {
			if !w.spend(len(inner.ranges)) {
				return nil, false, 0
			}
			if len(inner.strings) > 0 {
				w.fail("Negated character class may contain strings")
				return nil, false, 0
			}
			inner.ranges = complementRanges(inner.ranges)
		}
		return inner, false, 0
	case '\\':
		return w.escapeOperand()
	case '(', ')', '{', '}', '/', '-', '|', ']':
		w.fail("Invalid character in character class")
		return nil, false, 0
	}
	if strings.IndexByte(classSetReservedDouble, ch) >= 0 && w.pos+1 < len(w.src) && w.src[w.pos+1] == ch {
		w.fail("Invalid set operation in character class")
		return nil, false, 0
	}
	r, size := utf8.DecodeRuneInString(w.src[w.pos:])
	w.pos += size
	return &runeSet{ranges: []runeRange{{r, r}}}, true, r
}

func singleRune(r rune) (*runeSet, bool, rune) {
	return &runeSet{ranges: []runeRange{{r, r}}}, true, r
}

// escapeOperand parses a backslash escape inside a v class.
func (w *unicodeRewriter) escapeOperand() (*runeSet, bool, rune) {
	if w.pos+1 >= len(w.src) {
		w.fail("\\ at end of pattern")
		return nil, false, 0
	}
	e := w.src[w.pos+1]
	switch e {
	case 'p', 'P':
		set := w.property()
		if w.err != "" {
			return nil, false, 0
		}
		if e == 'P' {
			set = complementRanges(set)
		}
		return &runeSet{ranges: set}, false, 0
	case 'd', 'D', 's', 'S', 'w', 'W':
		w.pos += 2
		var rs []runeRange
		switch e {
		case 'd', 'D':
			rs = []runeRange{{'0', '9'}}
		case 'w', 'W':
			rs = []runeRange{{'0', '9'}, {'A', 'Z'}, {'_', '_'}, {'a', 'z'}}
		default:
			for _, c := range WhitespaceChars {
				rs = append(rs, runeRange{c, c})
			}
			rs = normalizeRanges(rs)
		}
		if e == 'D' || e == 'S' || e == 'W' {
			rs = complementRanges(rs)
		}
		return &runeSet{ranges: rs}, false, 0
	case 'q':
		w.pos += 2
		if w.peek() != '{' {
			w.fail("Invalid escape")
			return nil, false, 0
		}
		w.pos++
		set := &runeSet{}
		var cur strings.Builder
		for {
			if w.pos >= len(w.src) {
				w.fail("Invalid escape")
				return nil, false, 0
			}
			switch w.src[w.pos] {
			case '}':
				w.pos++
				set.addString(cur.String())
				return set, false, 0
			case '|':
				w.pos++
				set.addString(cur.String())
				cur.Reset()
				continue
			case '\\':
				_, single, c := w.escapeOperand()
				if w.err != "" {
					return nil, false, 0
				}
				if !single {
					w.fail("Invalid escape")
					return nil, false, 0
				}
				cur.WriteRune(c)
				continue
			}
			r, size := utf8.DecodeRuneInString(w.src[w.pos:])
			w.pos += size
			cur.WriteRune(r)
		}
	}
	w.pos += 2
	switch e {
	case 'b':
		return singleRune('\b')
	case 'f':
		return singleRune('\f')
	case 'n':
		return singleRune('\n')
	case 'r':
		return singleRune('\r')
	case 't':
		return singleRune('\t')
	case 'v':
		return singleRune('\v')
	case '0':
		if d := w.peek(); d >= '0' && d <= '9' {
			w.fail("Invalid class escape")
			return nil, false, 0
		}
		return singleRune(0)
	case 'c':
		if l := w.peek(); l >= 'a' && l <= 'z' || l >= 'A' && l <= 'Z' {
			w.pos++
			return singleRune(rune(l % 32))
		}
		w.fail("Invalid class escape")
		return nil, false, 0
	case 'x':
		if v, ok := w.hex(2); ok {
			return singleRune(v)
		}
		w.fail("Invalid escape")
		return nil, false, 0
	case 'u':
		if w.peek() == '{' {
			end := strings.IndexByte(w.src[w.pos:], '}')
			if end < 2 {
				w.fail("Invalid Unicode escape")
				return nil, false, 0
			}
			v, err := strconv.ParseUint(w.src[w.pos+1:w.pos+end], 16, 32)
			if err != nil || v > utf8.MaxRune {
				w.fail("Invalid Unicode escape")
				return nil, false, 0
			}
			w.pos += end + 1
			return singleRune(rune(v))
		}
		v, ok := w.hex(4)
		if !ok {
			w.fail("Invalid Unicode escape")
			return nil, false, 0
		}
		if v >= 0xd800 && v <= 0xdbff && w.hasPrefix(`\u`) {
			save := w.pos
			w.pos += 2
			if lo, ok := w.hex(4); ok && lo >= 0xdc00 && lo <= 0xdfff {
				return singleRune((v-0xd800)<<10 + (lo - 0xdc00) + 0x10000)
			}
			w.pos = save
		}
		return singleRune(v)
	}
	// Syntax characters, '/', '-' and the reserved punctuators stand for
	// themselves; any other identity escape is an error with u and v.
	if strings.IndexByte(`^$\.*+?()[]{}|/-&!#%,:;<=>@`+"`~", e) >= 0 {
		return singleRune(rune(e))
	}
	w.fail("Invalid escape")
	return nil, false, 0
}

func (w *unicodeRewriter) hex(n int) (rune, bool) {
	if w.pos+n > len(w.src) {
		return 0, false
	}
	v, err := strconv.ParseUint(w.src[w.pos:w.pos+n], 16, 32)
	if err != nil {
		return 0, false
	}
	w.pos += n
	return rune(v), true
}
