package goja

// natsexec patch: limits that keep a single native call from holding the
// runtime past an Interrupt, and allocation caps a Go embedder sets per
// runtime. See PATCHES.md.

import (
	"errors"
	"math"
	"math/big"
	"strconv"
	"strings"
	"sync/atomic"
	"unicode"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/dop251/goja/unistring"
	"golang.org/x/text/unicode/norm"
)

const (
	// DefaultMaxStringLength is V8's limit on a string's length in UTF-16
	// code units (String::kMaxLength on 64-bit platforms).
	DefaultMaxStringLength = 1<<29 - 24

	// MaxBigIntBits bounds the size of any BigInt a runtime computes. V8
	// allows 2^30 bits; here the slowest single operation on the largest
	// value must stay well within 50 ms so an Interrupt is never held up
	// for long. The slowest is toString in a radix that is not a power of
	// two: about 15 ms at 2^19 bits (157,826 decimal digits) and 60 ms at
	// 2^20 here; *, ** and parsing a decimal string take less.
	MaxBigIntBits = 1 << 19

	// interruptPollMask: native loops look at the interrupt flag once every
	// interruptPollMask+1 iterations.
	interruptPollMask = 1<<12 - 1

	errMsgStringLength  = "Invalid string length"
	errMsgBigIntSize    = "Maximum BigInt size exceeded"
	errMsgBufferAlloc   = "Array buffer allocation failed"
	errMsgArrayLength   = "Invalid array length"
	valueSlotBytes      = 16 // size of a Value interface in a []Value
	defaultMaxBufferLen = math.MaxInt64
)

// SetMaxStringLength sets the longest string (in UTF-16 code units) that
// string operations of this runtime build; an operation whose result would
// be longer throws RangeError: Invalid string length before building it.
// n <= 0 restores DefaultMaxStringLength. Like the other Set* methods it
// must not be called while the runtime runs.
func (r *Runtime) SetMaxStringLength(n int) {
	r.maxStringLength = n
}

// SetMaxArrayBufferBytes sets the largest ArrayBuffer (and so TypedArray)
// this runtime allocates, and bounds arrays whose backing store is
// allocated from a length in one go; beyond it the allocation throws
// RangeError: Array buffer allocation failed (Invalid array length for
// arrays) instead of happening. n <= 0 restores the default, no limit
// beyond what Go can allocate.
func (r *Runtime) SetMaxArrayBufferBytes(n int64) {
	r.maxArrayBufferBytes = n
}

func (r *Runtime) maxStrLen() int64 {
	if r.maxStringLength <= 0 {
		return DefaultMaxStringLength
	}
	return int64(min(r.maxStringLength, DefaultMaxStringLength))
}

func (r *Runtime) maxBufferBytes() int64 {
	if r.maxArrayBufferBytes <= 0 {
		return defaultMaxBufferLen
	}
	return r.maxArrayBufferBytes
}

// checkStringLength throws if a string of n code units may not be built.
func (r *Runtime) checkStringLength(n int64) {
	if n < 0 || n > r.maxStrLen() {
		panic(r.newError(r.getRangeError(), errMsgStringLength))
	}
}

// checkStringProduct is checkStringLength for count copies of l units,
// without overflowing.
func (r *Runtime) checkStringProduct(l, count int64) {
	if l > 0 && count > r.maxStrLen()/l {
		panic(r.newError(r.getRangeError(), errMsgStringLength))
	}
	r.checkStringLength(l * count)
}

// checkBufferBytes throws if an ArrayBuffer of n bytes may not be allocated.
func (r *Runtime) checkBufferBytes(n int64) {
	if n > r.maxBufferBytes() {
		panic(r.newError(r.getRangeError(), errMsgBufferAlloc))
	}
}

// checkArrayAlloc throws if a []Value of n elements may not be allocated at
// once.
func (r *Runtime) checkArrayAlloc(n int64) {
	if n < 0 || n > r.maxBufferBytes()/valueSlotBytes {
		panic(r.newError(r.getRangeError(), errMsgArrayLength))
	}
}

// maxMatches is the most regex matches one call collects: each costs goja
// at least matchBytes, so more cannot fit within the allocation limit, and
// collecting them would hold the runtime in allocation and GC first.
func (r *Runtime) maxMatches() int {
	return int(min(r.maxBufferBytes()/matchBytes, math.MaxInt32))
}

const matchBytes = 64

// checkMatches throws once n matches are more than maxMatches.
func (r *Runtime) checkMatches(n int) {
	if n > r.maxMatches() {
		panic(r.newError(r.getRangeError(), errMsgArrayLength))
	}
}

// raiseInterrupt ends the running call with the pending interrupt, exactly
// as the bytecode loop does: an uncatchable *InterruptedError.
func (vm *vm) raiseInterrupt() {
	vm.interruptLock.Lock()
	v := &InterruptedError{
		iface: vm.interruptVal,
	}
	v.stack = vm.captureStack(nil, 0)
	vm.interruptLock.Unlock()
	panic(v)
}

// checkInterrupt raises a pending interrupt.
func (vm *vm) checkInterrupt() {
	if atomic.LoadUint32(&vm.interrupted) != 0 {
		vm.raiseInterrupt()
	}
}

// pollInterrupt is checkInterrupt for long native loops: i is the loop
// counter, and only one iteration in interruptPollMask+1 pays for the check.
func (r *Runtime) pollInterrupt(i int64) {
	if i&interruptPollMask == 0 {
		r.vm.checkInterrupt()
	}
}

// BigInt size: every operation that can grow a BigInt checks the size of
// its result before computing it where that is what costs (*, **, <<,
// asUintN, parsing) and after it where the work is linear (+, -, ~, ...).

func errBigIntSize() rangeError {
	return rangeError(errMsgBigIntSize)
}

// bigIntResult returns x as a value, or throws if it is too big.
func bigIntResult(x *big.Int) *valueBigInt {
	if x.BitLen() > MaxBigIntBits {
		panic(errBigIntSize())
	}
	return (*valueBigInt)(x)
}

// checkBigIntMul throws unless x*y can be computed: the product has at least
// x.BitLen()+y.BitLen()-1 bits.
func checkBigIntMul(x, y *big.Int) {
	if x.Sign() != 0 && y.Sign() != 0 && x.BitLen()+y.BitLen()-1 > MaxBigIntBits {
		panic(errBigIntSize())
	}
}

// checkBigIntExp throws unless x**y (y >= 0) can be computed. For |x| >= 2
// the result has about y*log2|x| bits, so it is estimated from the leading
// bits of x; the estimate errs low by far less than a bit, which the check
// of the result catches.
func checkBigIntExp(x, y *big.Int) {
	if y.Sign() == 0 || x.Sign() == 0 || x.CmpAbs(big.NewInt(1)) == 0 {
		return
	}
	if !y.IsInt64() || y.Int64() > MaxBigIntBits {
		panic(errBigIntSize())
	}
	mant := new(big.Float)
	exp := new(big.Float).SetPrec(64).SetInt(x).MantExp(mant) // |x| = |mant| * 2^exp, 0.5 <= |mant| < 1
	m, _ := mant.Float64()
	log2x := float64(exp) + math.Log2(math.Abs(m))
	if float64(y.Int64())*log2x > MaxBigIntBits {
		panic(errBigIntSize())
	}
}

// checkBigIntShl throws unless x << n (n >= 0) can be computed.
func checkBigIntShl(x *big.Int, n *big.Int) {
	if x.Sign() == 0 {
		return
	}
	if !n.IsInt64() || n.Int64() > MaxBigIntBits || int64(x.BitLen())+n.Int64() > MaxBigIntBits {
		panic(errBigIntSize())
	}
}

// bigIntShift computes x << n (left) or x >> n for a shift count of any sign
// and size: upstream truncated the count to 64 bits.
func bigIntShift(x, n *big.Int, left bool) *valueBigInt {
	if n.Sign() < 0 {
		left = !left
		n = new(big.Int).Neg(n)
	}
	if left {
		checkBigIntShl(x, n)
		return bigIntResult(new(big.Int).Lsh(x, uint(n.Int64())))
	}
	if !n.IsInt64() || n.Int64() >= int64(x.BitLen()) {
		// Every bit shifted out: the floor is 0 or -1.
		if x.Sign() < 0 {
			return (*valueBigInt)(big.NewInt(-1))
		}
		return (*valueBigInt)(big.NewInt(0))
	}
	return (*valueBigInt)(new(big.Int).Rsh(x, uint(n.Int64())))
}

// errBigIntTooBig: a string names an integer over MaxBigIntBits.
var errBigIntTooBig = errors.New(errMsgBigIntSize)

// bigParseLeaf: digit strings up to this long are parsed by big.Int itself,
// whose parsing is quadratic in the length for bases that are not powers
// of two.
const bigParseLeaf = 2048

// parseBigIntString parses a StringIntegerLiteral (already trimmed) too
// long for int64: decimal with an optional sign, or 0x/0o/0b and digits.
func parseBigIntString(s string) (*big.Int, error) {
	base := 10
	if len(s) > 2 && s[0] == '0' {
		switch s[1] {
		case 'x', 'X':
			base = 16
		case 'o', 'O':
			base = 8
		case 'b', 'B':
			base = 2
		}
		if base != 10 {
			s = s[2:]
		}
	}
	neg := false
	if base == 10 && s != "" && (s[0] == '+' || s[0] == '-') {
		neg = s[0] == '-'
		s = s[1:]
	}
	if s == "" {
		return nil, strconv.ErrSyntax
	}
	for i := 0; i < len(s); i++ {
		if digitVal(s[i]) >= base {
			return nil, strconv.ErrSyntax
		}
	}
	s = strings.TrimLeft(s, "0")
	if s == "" {
		return new(big.Int), nil
	}
	if float64(len(s)-1)*math.Log2(float64(base)) >= MaxBigIntBits {
		return nil, errBigIntTooBig
	}
	x := parseBigDigits(s, base, make(map[int]*big.Int))
	if x.BitLen() > MaxBigIntBits {
		return nil, errBigIntTooBig
	}
	if neg {
		x.Neg(x)
	}
	return x, nil
}

// parseBigDigits parses valid digits by halves, hi*base^len(lo) + lo, so
// the cost is that of a few multiplications instead of quadratic.
func parseBigDigits(s string, base int, pow map[int]*big.Int) *big.Int {
	if len(s) <= bigParseLeaf || base&(base-1) == 0 {
		x, _ := new(big.Int).SetString(s, base)
		return x
	}
	n := len(s) / 2
	hi := parseBigDigits(s[:len(s)-n], base, pow)
	p := pow[n]
	if p == nil {
		p = new(big.Int).Exp(big.NewInt(int64(base)), big.NewInt(int64(n)), nil)
		pow[n] = p
	}
	hi.Mul(hi, p)
	return hi.Add(hi, parseBigDigits(s[len(s)-n:], base, pow))
}

// length is the length of the string built so far, in UTF-16 code units.
func (b *StringBuilder) length() int {
	if b.ascii() {
		return b.asciiBuilder.Len()
	}
	return len(b.unicodeBuilder.buf) - 1 // buf[0] is the BOM
}

// checkedString returns s, or throws if it is longer than allowed: for
// results whose length is known only once built, within a bounded factor
// of an input that was itself allowed.
func (r *Runtime) checkedString(s String) String {
	r.checkStringLength(int64(s.Length()))
	return s
}

// repeatUTF16 is u repeated n times, built by doubling.
func repeatUTF16(u unicodeString, n int) unicodeString {
	l := u.Length()
	buf := make([]uint16, 1+l*n)
	buf[0] = unistring.BOM
	copy(buf[1:], u[1:])
	for filled := l; filled < l*n; filled *= 2 {
		copy(buf[1+filled:], buf[1:1+filled])
	}
	return unicodeString(buf)
}

// Case mapping and normalization of a long string go by chunks of about
// textChunk units, with a poll for an interrupt between two: in one call,
// x/text takes seconds on a string of tens of millions of characters.
const textChunk = 1 << 16

// mapChunked applies f to s a chunk at a time, cutting only where
// boundary says the result is the same as f of the whole.
func (r *Runtime) mapChunked(s String, f func(String) String, boundary func(s String, i int) bool) String {
	n := s.Length()
	if n <= textChunk {
		return f(s)
	}
	var sb StringBuilder
	for start, polls := 0, int64(0); start < n; polls++ {
		r.pollInterrupt(polls * (interruptPollMask + 1))
		end := min(start+textChunk, n)
		for end < n && !boundary(s, end) {
			end++
		}
		sb.WriteString(f(s.Substring(start, end)))
		r.checkStringLength(int64(sb.length()))
		start = end
	}
	return sb.String()
}

// upperBoundary: upper-casing (language.Und) maps each code point on its
// own, so any cut that does not split a surrogate pair will do.
func upperBoundary(s String, i int) bool {
	return !isUTF16FirstSurrogate(s.CharAt(i-1)) && !isUTF16SecondSurrogate(s.CharAt(i))
}

// lowerBoundary: lower-casing looks at context only for a capital sigma
// (final or not, across case-ignorable characters) and in goja's
// workaround for U+0345 U+03C2. Without a capital sigma in s any cut
// away from those two will do; with one, cut only between two characters
// that are surely not case-ignorable, which stops the sigma rule.
func lowerBoundary(s String) func(s String, i int) bool {
	sigma := s.index(newStringValue("\u03a3"), 0) >= 0
	return func(s String, i int) bool {
		a, b := s.CharAt(i-1), s.CharAt(i)
		if !upperBoundary(s, i) || lowerContext(a) || lowerContext(b) {
			return false
		}
		return !sigma || (notCaseIgnorable(a) && notCaseIgnorable(b))
	}
}

func lowerContext(c uint16) bool {
	return c == 0x3a3 || c == 0x3c2 || c == 0x3c3 || c == 0x345
}

func notCaseIgnorable(c uint16) bool {
	if c < utf8.RuneSelf {
		return c == ' ' || '0' <= c && c <= '9' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z'
	}
	rn := rune(c)
	return unicode.IsDigit(rn) || unicode.IsLetter(rn) && !unicode.Is(unicode.Lm, rn)
}

// normalizeChunked is f.String(s) a chunk at a time, cut at normalization
// boundaries (where the result does not depend on how s is split).
func (r *Runtime) normalizeChunked(f norm.Form, s string) string {
	if len(s) <= textChunk {
		return f.String(s)
	}
	var sb strings.Builder
	var units int64 // UTF-16 length of the result so far
	for polls := int64(0); len(s) > 0; polls++ {
		r.pollInterrupt(polls * (interruptPollMask + 1))
		end := len(s)
		if end > textChunk {
			end = textChunk
			for end < len(s) && !utf8.RuneStart(s[end]) {
				end++
			}
			if b := f.FirstBoundaryInString(s[end:]); b >= 0 {
				end += b
			} else {
				end = len(s)
			}
		}
		out := f.String(s[:end])
		for _, c := range out {
			units += int64(utf16.RuneLen(c))
		}
		r.checkStringLength(units)
		sb.WriteString(out)
		s = s[end:]
	}
	return sb.String()
}
