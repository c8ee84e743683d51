package goja

// natsexec patch: tests of limits.go and of the interrupt checks in natives.
// The guest package tests the same guarantees end to end
// (guest/natives_test.go); these hold the goja side on its own.

import (
	"errors"
	"math/big"
	"math/rand"
	"strings"
	"sync"
	"testing"
	"time"

	"golang.org/x/text/unicode/norm"
)

const catastrophicJS = `/^(a+)+(?=b)\1$/.test("a".repeat(34) + "c")`

// runInterrupted runs src, interrupting it after d, and returns the error
// and how long the run took.
func runInterrupted(t *testing.T, r *Runtime, src string, d time.Duration) (error, time.Duration) {
	t.Helper()
	timer := time.AfterFunc(d, func() { r.Interrupt("halt") })
	defer timer.Stop()
	start := time.Now()
	_, err := r.RunString(src)
	return err, time.Since(start)
}

func TestNatsexecNativeInterrupt(t *testing.T) {
	for name, src := range map[string]string{
		"regexp2":        catastrophicJS,
		"regexp2Global":  `("a".repeat(34) + "c").replace(/^(a+)+(?=b)\1$/g, "")`,
		"regexp2Unicode": `/^(a+)+(?=b)\1$/u.exec("a".repeat(34) + "c")`,
		"re2":            `/(x+x+)+y/.test("x".repeat(1 << 24))`,
		"re2Global":      `"abc ".repeat(1 << 22).match(/\w+/g)`,
		"re2Unicode":     `/(é+é+)+y/.test("é".repeat(1 << 23))`,
		"caught":         `try { ` + catastrophicJS + ` } catch (e) { "caught" } finally { "finally" }`,
		"arrayLike":      `Array.prototype.indexOf.call({length: 2 ** 53 - 1}, 1)`,
		"sort":           `const a = Array.from({length: 1 << 20}, (_, i) => i * 7919 % 1000003); for (;;) a.sort()`,
		"typedFill":      `const a = new Uint8Array(64 << 20); for (;;) a.fill(1)`,
		"iterator":       `[...new Array(2 ** 32 - 1)]`,
		"toUpperCase":    `const s = "é".repeat(1 << 24); for (;;) s.toUpperCase()`,
		"normalize":      `const s = "é".repeat(1 << 23); for (;;) s.normalize("NFD")`,
	} {
		t.Run(name, func(t *testing.T) {
			r := New()
			err, took := runInterrupted(t, r, src, 100*time.Millisecond)
			var ie *InterruptedError
			if !errors.As(err, &ie) {
				t.Fatalf("err = %v, want an *InterruptedError", err)
			}
			if ie.Value() != "halt" {
				t.Errorf("interrupt value %v", ie.Value())
			}
			// Generous: the machine is shared; guest/natives_test.go logs
			// the figure.
			if took > 3*time.Second {
				t.Errorf("took %s", took)
			}
			// The runtime works again once the interrupt is cleared; the
			// interrupted regex was not cached as "no match".
			r.ClearInterrupt()
			v, err := r.RunString(`/^(a+)+(?=b)\1$/.test("aab") + "," + /(x+x+)+y/.test("xxy")`)
			if err != nil || v.String() != "false,true" {
				t.Fatalf("after: %v %v", v, err)
			}
		})
	}
}

// A compiled Program, and so its regex literal, is shared by runtimes; an
// interrupt of one runtime stops only its own match (run with -race).
func TestNatsexecSharedRegexpInterrupt(t *testing.T) {
	prg := MustCompile("", `const re = /^(a+)+(?=b)\1$/; const s = "a".repeat(n) + "c"; let k = 0; for (let i = 0; i < 300; i++) if (re.test(s)) k++; k`, false)
	slow := New()
	slow.Set("n", 34)
	var wg sync.WaitGroup
	var slowErr error
	wg.Go(func() {
		time.AfterFunc(100*time.Millisecond, func() { slow.Interrupt("halt") })
		_, slowErr = slow.RunProgram(prg)
	})
	for range 3 {
		fast := New()
		fast.Set("n", 8)
		if v, err := fast.RunProgram(prg); err != nil || v.ToInteger() != 0 {
			t.Fatalf("fast: %v %v", v, err)
		}
	}
	wg.Wait()
	var ie *InterruptedError
	if !errors.As(slowErr, &ie) {
		t.Fatalf("slow: %v", slowErr)
	}
}

func TestNatsexecBigIntLimits(t *testing.T) {
	r := New()
	for _, src := range []string{
		`7n ** 200000000n`,
		`2n ** 524288n`,
		`(-3n) ** 400000n`,
		`1n << 524288n`,
		`1n >> -524288n`,
		`1n << (2n ** 64n)`,
		`(1n << 300000n) * (1n << 300000n)`,
		`let x = (1n << 524287n); x + x`,
		`-(1n << 524287n) - (1n << 524287n)`,
		`BigInt.asUintN(2 ** 40, -1n)`,
		`BigInt("1" + "0".repeat(200000))`,
		`BigInt("0x" + "f".repeat(131073))`,
	} {
		_, err := r.RunString(src)
		var ex *Exception
		if !errors.As(err, &ex) || !strings.Contains(ex.Error(), "RangeError: Maximum BigInt size exceeded") {
			t.Errorf("%s: %v", src, err)
		}
	}
	for src, want := range map[string]string{
		`(2n ** 524286n).toString(2).length`:              "524287",
		`((1n << 524287n) - 1n + 1n).toString(16).length`: "131072",
		`(-1n << 524286n) < 0n`:                           "true",
		`[5n >> (2n ** 70n), -5n >> (2n ** 70n), 1n << -3n, 16n >> -2n, -16n << -2n, 0n << (2n ** 70n)].join()`: "0,-1,0,64,-4,0",
		`BigInt.asIntN(2 ** 40, -5n)`:                                     "-5",
		`BigInt.asUintN(2 ** 40, 5n)`:                                     "5",
		`BigInt.asUintN(8, -1n)`:                                          "255",
		`BigInt.asIntN(8, 255n)`:                                          "-1",
		`BigInt("0" + "9".repeat(30))`:                                    "999999999999999999999999999999",
		`BigInt("  -" + "9".repeat(25) + "  ")`:                           "-9999999999999999999999999",
		`BigInt("0x" + "F".repeat(20)) === 2n ** 80n - 1n`:                "true",
		`BigInt("0b" + "1".repeat(70)) === 2n ** 70n - 1n`:                "true",
		`BigInt("0o" + "7".repeat(30)) === 2n ** 90n - 1n`:                "true",
		`"1" + "0".repeat(50) == 10n ** 50n`:                              "true",
		`"1" + "0".repeat(50) < 10n ** 51n`:                               "true",
		`let s = (3n ** 300000n).toString(); BigInt(s) === 3n ** 300000n`: "true",
	} {
		v, err := r.RunString(src)
		if err != nil || v.String() != want {
			t.Errorf("%s = %v, %v; want %s", src, v, err, want)
		}
	}
	for _, src := range []string{
		`BigInt("1_000000000000000000000")`,
		`BigInt("12345678901234567890x")`,
		`BigInt("0x" + "1".repeat(20) + "g")`,
		`BigInt("123456789012345678901234" + "-5")`,
		`BigInt("-0x" + "1".repeat(20))`,
	} {
		_, err := r.RunString(src)
		var ex *Exception
		if !errors.As(err, &ex) || !strings.Contains(ex.Error(), "SyntaxError") {
			t.Errorf("%s: %v", src, err)
		}
	}
}

// parseBigIntString, which splits long digit strings, agrees with
// big.Int's own parsing.
func TestNatsexecParseBigInt(t *testing.T) {
	rnd := rand.New(rand.NewSource(1))
	for i := 0; i < 40; i++ {
		base := []int{2, 8, 10, 16}[i%4]
		n := 1 + rnd.Intn(3*bigParseLeaf*(1+i%5))
		var sb strings.Builder
		for range n {
			sb.WriteByte("0123456789abcdef"[rnd.Intn(base)])
		}
		digits := sb.String()
		want, _ := new(big.Int).SetString(digits, base)
		prefix := map[int]string{2: "0b", 8: "0o", 10: "", 16: "0x"}[base]
		got, err := parseBigIntString(prefix + digits)
		if want.BitLen() > MaxBigIntBits {
			if err != errBigIntTooBig {
				t.Errorf("%d digits base %d: err %v", n, base, err)
			}
			continue
		}
		if err != nil || got.Cmp(want) != 0 {
			t.Fatalf("%d digits base %d: %v", n, base, err)
		}
	}
}

// The slowest BigInt operations at MaxBigIntBits, for the figure in
// limits.go.
func BenchmarkNatsexecBigIntWorst(b *testing.B) {
	for name, src := range map[string]string{
		"toString10": `x.toString()`,
		"toString3":  `x.toString(3)`,
		"parse":      `BigInt(s)`,
		"square":     `h * h`,
		"pow":        `t ** e`,
		"div":        `x / h`,
	} {
		b.Run(name, func(b *testing.B) {
			r := New()
			if _, err := r.RunString(`var x = (1n << 524287n) - 12345n, h = x >> 262144n, s = x.toString(), t = 3n, e = 330000n`); err != nil {
				b.Fatal(err)
			}
			prg := MustCompile("", src, false)
			for b.Loop() {
				if _, err := r.RunProgram(prg); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func TestNatsexecStringLimit(t *testing.T) {
	newRT := func() *Runtime {
		r := New()
		r.SetMaxStringLength(1 << 20)
		return r
	}
	for _, src := range []string{
		`"x".repeat(1 << 20 + 1)`,
		`"é".repeat(1 << 19).padEnd(1 << 20 + 1, "ab")`,
		`"x".padStart(1 << 20 + 1)`,
		`let s = "x".repeat(1 << 19); s + s + "y"`,
		"let s = 'x'.repeat(1 << 19); `${s}${s}y`",
		`let s = "x".repeat(1 << 19); s.concat(s, "y")`,
		`new Array(1 << 20 + 2).join()`,
		`new Uint8Array(1 << 20).join()`,
		`"ab".repeat(1 << 11).replace(/b/g, "$'")`,
		`"ab".repeat(1 << 11).replaceAll("b", "$'")`,
		`"ab".repeat(1 << 18).replaceAll("b", "xyzw")`,
		`"ab".repeat(1 << 18).replace(/b/g, () => "xyzw")`,
		`"ab".repeat(1 << 18).replace(/b/g, "$&$&$&$&")`,
		`String.raw({raw: ["x".repeat(1 << 19), "y".repeat(1 << 19), "z"]}, "")`,
		`"\u00df".repeat(1 << 19 + 1).toUpperCase()`,
	} {
		_, err := newRT().RunString(src)
		var ex *Exception
		if !errors.As(err, &ex) || !strings.Contains(ex.Error(), "RangeError: Invalid string length") {
			t.Errorf("%s: %v", src, err)
		}
	}
	// At the limit everything works.
	v, err := newRT().RunString(`[
		"x".repeat(1 << 20).length, "x".padStart(1 << 20).length, new Array(1 << 20).join().length,
		("x".repeat(1 << 19) + "y".repeat(1 << 19)).length, "ab".repeat(1 << 10).replace(/b/g, "$'").length,
	].join()`)
	if err != nil || v.String() != "1048576,1048576,1048575,1048576,1048576" {
		t.Errorf("at the limit: %v %v", v, err)
	}
}

func TestNatsexecBufferLimit(t *testing.T) {
	r := New()
	r.SetMaxArrayBufferBytes(1 << 20)
	for _, src := range []string{
		`new ArrayBuffer(1 << 20 + 1)`,
		`new Uint8Array(1 << 20 + 1)`,
		`new Float64Array(1 << 17 + 1)`,
		`new Float64Array(new Uint8Array(1 << 18))`,
		`new Uint8Array(4.3e9)`,
	} {
		_, err := r.RunString(src)
		var ex *Exception
		if !errors.As(err, &ex) || !strings.Contains(ex.Error(), "RangeError: Array buffer allocation failed") {
			t.Errorf("%s: %v", src, err)
		}
	}
	for _, src := range []string{
		`new Array(1 << 20).map(x => x)`,
		`Math.max.apply(null, {length: 1 << 20})`,
		`[].concat.call(new Array(1 << 17), 1) && new Array(1 << 17).toSorted()`,
	} {
		_, err := r.RunString(src)
		var ex *Exception
		if !errors.As(err, &ex) || !strings.Contains(ex.Error(), "RangeError: Invalid array length") {
			t.Errorf("%s: %v", src, err)
		}
	}
	if v, err := r.RunString(`new Uint8Array(1 << 20).length + new Array(1 << 15).map(x => x).length`); err != nil || v.ToInteger() != 1<<20+1<<15 {
		t.Errorf("at the limit: %v %v", v, err)
	}
}

// Long strings are case-mapped and normalized a chunk at a time, which
// must give what the whole string gives.
func TestNatsexecChunkedText(t *testing.T) {
	pieces := []string{"a", "Z", " ", "1", "Σ", "σ", "ς", "ΑΣ", "Σ ", "\u0345", "\u0345ς", "ß", "İ", "ŉ", "é", "e\u0301", "\u0301\u0301",
		"ﬀ", "😀", "Å", "Ǆ", "\u1e9e", "'", ".", "ᾳ", "ΐ", "\u00ad", "한", "\u1100\u1161", "x"}
	rnd := rand.New(rand.NewSource(2))
	r := New()
	for i := 0; i < 6; i++ {
		var sb strings.Builder
		for sb.Len() < 3*textChunk {
			sb.WriteString(pieces[rnd.Intn(len(pieces))])
			if i%2 == 0 {
				// Runs of one piece too, but of fewer than 30 characters
				// a capital sigma may look across: x/text's own result
				// past that depends on its buffering.
				p := pieces[rnd.Intn(len(pieces))]
				sb.WriteString(strings.Repeat(p, rnd.Intn(14)))
			}
		}
		s := newStringValue(sb.String())
		// x/text's choice between final and medial sigma is itself not a
		// function of the text alone (it changes with the length of what
		// comes before, past a few case-ignorables), so the two sigmas are
		// told apart only where it is consistent: in strings without Σ.
		sigmas := strings.NewReplacer("ς", "σ")
		got, want := r.mapChunked(s, String.toLower, lowerBoundary(s)).String(), s.toLower().String()
		if sigmas.Replace(got) != sigmas.Replace(want) {
			t.Fatalf("toLower differs (case %d)", i)
		}
		noSigma := newStringValue(strings.ReplaceAll(sb.String(), "Σ", "Π"))
		if got, want := r.mapChunked(noSigma, String.toLower, lowerBoundary(noSigma)), noSigma.toLower(); !got.SameAs(want) {
			t.Fatalf("toLower without sigma differs (case %d)", i)
		}
		if got, want := r.mapChunked(s, String.toUpper, upperBoundary), s.toUpper(); !got.SameAs(want) {
			t.Fatalf("toUpper differs (case %d)", i)
		}
		for _, f := range []norm.Form{norm.NFC, norm.NFD, norm.NFKC, norm.NFKD} {
			if got, want := r.normalizeChunked(f, sb.String()), f.String(sb.String()); got != want {
				t.Fatalf("normalize %v differs (case %d)", f, i)
			}
		}
	}
	ascii := asciiString(strings.Repeat("aBc1 ", textChunk))
	if got := r.mapChunked(ascii, String.toUpper, upperBoundary); !got.SameAs(ascii.toUpper()) {
		t.Fatal("ASCII toUpper differs")
	}
}
