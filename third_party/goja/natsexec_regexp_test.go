package goja

// natsexec patch: tests of the regular expression patches (issue 13): \p{...}
// property escapes, the d and v flags, surrogate pairs, and JavaScript's
// empty matches in a global match. The expectations are what Node 20
// (20.20.2) gives for each expression; guest/testdata/regex holds whole
// programs compared with Node's output.

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/dop251/goja/parser"
)

func TestNatsexecRegexpMatchesNode(t *testing.T) {
	for _, c := range []struct{ src, want string }{
		{`/\p{L}/u.test('é')`, `true`},
		{`[/\p{Lu}/u.test('É'), /\p{Lu}/u.test('é'), /\p{Ll}/u.test('é')]`, `[true,false,true]`},
		{`/\p{Letter}+/u.exec('héllo1')[0]`, `"héllo"`},
		{`'ab1c2'.replace(/\P{L}/gu, '_')`, `"ab_c_"`},
		{`'aαβγb'.match(/\p{Script=Greek}+/u)[0]`, `"αβγ"`},
		{`'中文abc'.match(/\p{sc=Han}/gu)`, `["中","文"]`},
		{`'a😀b✨'.match(/\p{Emoji_Presentation}/gu)`, `["😀","✨"]`},
		{`[/\p{scx=Deva}/u.test('\u0964'), /\p{sc=Deva}/u.test('\u0964')]`, `[true,false]`},
		{`[/\p{General_Category=Decimal_Number}/u.test('٣'), /\p{gc=Nd}/u.test('x'), /\p{digit}/u.test('5')]`, `[true,false,true]`},
		{`[/\p{ASCII_Hex_Digit}/u.test('f'), /\p{AHex}/u.test('g'), /\p{Any}/u.test('\uD800'), /\p{Assigned}/u.test('\u0378')]`, `[true,false,true,false]`},
		{`/^[\p{L}\p{N}_]+$/u.test('héllo٣_')`, `true`},
		{`'aé😀'.match(/[^\p{L}]/gu)`, `["😀"]`},
		{`/(?=\p{Lu})\p{L}+/u.exec('abcDef')[0]`, `"Def"`},
		{`/(\p{L})\1/u.exec('xééy')[0]`, `"éé"`},
		{`/\p{L}/.test('p{L}')`, `true`},
		{`'aBc'.match(/\p{Lu}/giu)`, `["a","B","c"]`},
		{`'aBc'.match(/\P{Lu}/giu)`, `["a","B","c"]`},
		{`'aBc'.match(/\P{Lu}/giv)`, `null`},
		{`'αβγ abc'.split(/(\p{sc=Grek})/u)`, `["","α","","β","","γ"," abc"]`},
		{`'Ab1_ -'.replace(/[\w--\d]/gv, '.')`, `"..1. -"`},
		{`'aé1٣'.replace(/[\p{Nd}&&\p{ASCII}]/gv, '#')`, `"aé#٣"`},
		{`'xaby'.match(/[\q{ab|a|}y]/gv)`, `["","ab","y",""]`},
		{`'abc'.match(/[^[a-c]--[b]]/gv)`, `["b"]`},
		{`'hello'.match(/[[a-z]&&[aeiou]]/gv)`, `["e","o"]`},
		{`'aBcΓ'.match(/[\p{L}--[a-z]]/gv)`, `["B","Γ"]`},
		{`'xabcy'.match(/[\q{abc}x]/gv)`, `["x","abc"]`},
		{`[/x/v.unicodeSets, /x/v.unicode, /x/u.unicodeSets, /x/v.flags, String(/[a]/dgimsvy)]`, `[true,false,false,"v","/[a]/dgimsvy"]`},
		{`(() => { const re = /(?<y>\d{4})-(\d\d)?x/d; const m = re.exec('on 2024-x'); return [re.hasIndices, re.flags, m.indices, m.indices.groups]; })()`, `[true,"d",[[3,9],[3,7],null],{"y":[3,7]}]`},
		{`new RegExp('a', 'ysumigd').flags`, `"dgimsuy"`},
		{`(() => { const m = /(?<x>a)|(?<y>b)/d.exec('b'); return [m.indices, m.indices.groups, Object.getPrototypeOf(m.indices.groups)]; })()`, `[[[0,1],null,[0,1]],{"y":[0,1]},null]`},
		{`[...'a1b2'.matchAll(/(?<d>\d)/dg)].map(m => [m.indices[0], m.indices.groups.d])`, `[[[1,2],[1,2]],[[3,4],[3,4]]]`},
		{`/😀(.)/du.exec('x😀yz').indices`, `[[1,4],[3,4]]`},
		{`/😀(.)/d.exec('x😀yz').indices`, `[[1,4],[3,4]]`},
		{`Object.keys(/a/d.exec('a'))`, `["0","index","input","groups","indices"]`},
		{`Object.keys(/a/.exec('a'))`, `["0","index","input","groups"]`},
		{`[RegExp.prototype.hasIndices, RegExp.prototype.unicodeSets, RegExp.prototype.flags]`, `[null,null,""]`},
		{`'a😀b😀'.match(/[😀]/gu)`, `["😀","😀"]`},
		{`'x😀y'.replace(/[😀-😂]/gu, '*')`, `"x*y"`},
		{`'a😀b😀'.match(/[😀]/g)`, `["\ud83d","\ude00","\ud83d","\ude00"]`},
		{`(() => { const re = /[😀]/gu, s = 'a😀b😀', out = []; let m; while ((m = re.exec(s))) out.push([m.index, re.lastIndex]); return out; })()`, `[[1,3],[4,6]]`},
		{`[...'a😀b😀'.matchAll(/[😀]/gu)].map(m => [m[0], m.index])`, `[["😀",1],["😀",4]]`},
		{`[...'a😀b😀'.matchAll(/[😀]/g)].map(m => m.index)`, `[1,2,4,5]`},
		{`'a😀b😀c'.split(/[😀]/u)`, `["a","b","c"]`},
		{`'a😀b'.split(/(?:)/u)`, `["a","😀","b"]`},
		{`'a😀b'.split('')`, `["a","\ud83d","\ude00","b"]`},
		{`(() => { const re = /[😀]/gu; re.lastIndex = 2; const m = re.exec('a😀'); return [m && m.index, re.lastIndex]; })()`, `[1,3]`},
		{`(() => { const re = /😀/yu; re.lastIndex = 2; const m = re.exec('a😀'); return [m && m.index, re.lastIndex]; })()`, `[1,3]`},
		{`(() => { const re = /\p{L}/yu; return [re.test('éa'), re.lastIndex, re.test('éa'), re.lastIndex, re.test('éa'), re.lastIndex]; })()`, `[true,1,true,2,false,0]`},
		{`[/é/iu.test('É'), /\u212a/iu.test('k'), /σ/iu.test('ς'), /ß/iu.test('ẞ')]`, `[true,true,true,true]`},
		{`[/[]/u.test('\u{20000}'), /^[^]$/u.test('\u{20000}'), /[^]/.exec('\u{20000}')[0].length]`, `[false,true,1]`},
		{`'ab'.match(/b*/g)`, `["","b",""]`},
		{`'ab'.replace(/b*/g, '-')`, `"-a--"`},
		{`'aéb'.match(/b*/gu)`, `["","","b",""]`},
		{`Object.keys('ab'.match(/b/))`, `["0","index","input","groups"]`},
		{`['aab'.match(/a*/gy), 'baa'.match(/a*/gy), 'aéb'.match(/a*/gy), 'aéb'.match(/a*/gyu)]`, `[["aa","",""],["","aa",""],["a","","",""],["a","","",""]]`},
		{`['abc'.split(/b*/), 'aXbX'.split(/(X)*/), '😀X😀'.split(/X*/u), 'ababX'.split(/b*/y)]`, `[["a","c"],["a","X","b","X",""],["😀","😀"],["a","a","X"]]`},
		// A global match of a string with non-ASCII goes to regexp2, which
		// lost surrogates in the pattern (the he package's patterns).
		{`'a\u{1D306}b'.replace(/[\uD800-\uDBFF][\uDC00-\uDFFF]/g, 'X')`, `"aXb"`},
		{`'a\u{1D306}b\u{1F600}'.match(/[\uD800-\uDBFF][\uDC00-\uDFFF]/g)`, `["𝌆","😀"]`},
		{`'a\u{1D306}é<'.replace(/[\uD800-\uDBFF][\uDC00-\uDFFF]|[\x01-\x7F]/g, m => m.length)`, `"12é1"`},
		{`[...'x\u{1D306}\u{1D306}'.matchAll(/[\uD800-\uDBFF][\uDC00-\uDFFF]/g)].map(m => m.index)`, `[1,3]`},
		{`'\u{1D306}\u{1F600}a'.match(/[\uD800-\uDBFF][\uDC00-\uDFFF]/gy)`, `["𝌆","😀"]`},
		{`'é\uD834\uD834'.match(/\uD834{2}/g)`, `["\ud834\ud834"]`},
		{`'é\uFFFD\uFFFD'.match(/\uD834{2}/g)`, `null`},
		{`'a\u{1D306}b\u{1D707}c'.split(/\uD834\uDF06|\uD835\uDF07/)`, `["a","b","c"]`},
		// \b and \B count only [A-Za-z0-9_] as word characters (ſ and K
		// too under iu); a loop before \B can still give back.
		{`'caféx'.match(/\b\w+\b/g)`, `["caf","x"]`},
		{`'éfoo'.replace(/\bfoo/g, 'X')`, `"éX"`},
		{`/\bfoo(?=!)/.test('éfoo!')`, `true`},
		{`['ſx xſ'.replace(/\bx/g, 'X'), 'ſx xſ'.replace(/\bx/giu, 'X'), '\u212Ax x'.replace(/\bx/giu, 'X')]`, `["ſX Xſ","ſx Xſ","Kx X"]`},
		{`[/\bx/iu.exec('ſx xſ').index, /x\B/iu.exec('x\u212A x').index, /\w\b/iu.exec('ſ!')[0], /\w\B/iu.exec('\u212Ax')[0] === '\u212A', /x\B/i.exec('x\u212A x')]`, `[3,0,"ſ",true,null]`},
		{`'é!!!a'.match(/!+\B/g)`, `["!!"]`},
		{`'é  x'.match(/ +\B/g)`, `[" "]`},
		{`'é!!!a'.match(/\W+\B/g)`, `["é!!"]`},
	} {
		r := New()
		v, err := r.RunString("JSON.stringify(" + c.src + ")")
		if err != nil {
			t.Errorf("%s: %v", c.src, err)
			continue
		}
		if got := v.String(); got != c.want {
			t.Errorf("%s\n got %s\nwant %s", c.src, got, c.want)
		}
	}
}

func TestNatsexecRegexpErrors(t *testing.T) {
	for _, c := range []struct{ pattern, flags, want string }{
		{`\p{Foo}`, `u`, `Invalid regular expression: /\p{Foo}/u: Invalid property name`},
		{`\p{L`, `u`, `Invalid regular expression: /\p{L/u: Invalid property name`},
		{`\p{Script=Foo}`, `u`, `Invalid regular expression: /\p{Script=Foo}/u: Invalid property name`},
		{`\p{letter}`, `u`, `Invalid regular expression: /\p{letter}/u: Invalid property name`},
		{`[\p{L}-z]`, `u`, `Invalid regular expression: /[\p{L}-z]/u: Invalid character class`},
		{`[^\q{ab}]`, `v`, `Invalid regular expression: /[^\q{ab}]/v: Negated character class may contain strings`},
		{`[a-z&&b]`, `v`, `Invalid regular expression: /[a-z&&b]/v: Invalid set operation in character class`},
		{`[(]`, `v`, `Invalid regular expression: /[(]/v: Invalid character in character class`},
		{`[z-a]`, `v`, `Invalid regular expression: /[z-a]/v: Range out of order in character class`},
		{`a`, `uv`, `Invalid flags supplied to RegExp constructor 'uv'`},
		{`a`, `dd`, `Invalid flags supplied to RegExp constructor 'dd'`},
		{`a`, `uu`, `Invalid flags supplied to RegExp constructor 'uu'`},
		{`[😀-😂]`, `g`, `Invalid regular expression: /[😀-😂]/g: Range out of order in character class`},
		{`\p{Foo}`, `dgv`, `Invalid regular expression: /\p{Foo}/dgv: Invalid property name`},
	} {
		r := New()
		r.Set("pattern", c.pattern)
		r.Set("flags", c.flags)
		_, err := r.RunString(`try { new RegExp(pattern, flags); "no error" } catch (e) { throw e.name + ": " + e.message }`)
		var ex *Exception
		if !errors.As(err, &ex) {
			t.Errorf("/%s/%s: %v, want a SyntaxError", c.pattern, c.flags, err)
			continue
		}
		if got := ex.Value().String(); got != "SyntaxError: "+c.want {
			t.Errorf("/%s/%s:\n got %s\nwant SyntaxError: %s", c.pattern, c.flags, got, c.want)
		}
	}
	// An engine's error for an expanded pattern names the pattern as
	// written, not tens of KB of ranges.
	_, err := New().RunString(`new RegExp("\\p{L}\\", "u")`)
	if err == nil || !strings.Contains(err.Error(), `Invalid regular expression: /\p{L}\/u: `) || len(err.Error()) > 200 {
		t.Errorf("expanded pattern's error: %.300v", err)
	}
	// A literal with the d or v flag used to be a SyntaxError of the
	// whole script.
	if _, err = New().RunString(`/a/d.exec("a").indices; /[\p{L}--a]/v.test("b")`); err != nil {
		t.Errorf("d and v literals: %v", err)
	}
}

// Every property name of the tables resolves, and every set decodes to
// sorted, disjoint ranges within Unicode.
func TestNatsexecRegexpPropertyTables(t *testing.T) {
	for expr := range map[string]bool{"L": true, "Letter": true, "gc=Lu": true, "General_Category=Uppercase_Letter": true,
		"sc=Grek": true, "Script=Greek": true, "scx=Hira": true, "Script_Extensions=Hiragana": true,
		"Emoji_Presentation": true, "EPres": true, "Any": true, "ASCII": true} {
		if _, err := parser.RewriteUnicodeRegExp(`\p{`+expr+`}`, false); err != nil {
			t.Errorf("%s: %v", expr, err)
		}
	}
	for _, bad := range []string{"letter", "Script=greek", "Foo", "gc=Greek", "sc=Lu", "Block=Basic_Latin", "RGI_Emoji"} {
		if _, err := parser.RewriteUnicodeRegExp(`\p{`+bad+`}`, true); err == nil {
			t.Errorf("%s: resolved", bad)
		}
	}
	src, err := parser.RewriteUnicodeRegExp(`\p{ASCII}`, false)
	if err != nil || src != `[\u{0}-\u{7f}]` {
		t.Errorf(`\p{ASCII} = %q, %v`, src, err)
	}
	src, err = parser.RewriteUnicodeRegExp(`\P{Any}`, false)
	if err != nil || src != `[^\u{0}-\u{10ffff}]` {
		t.Errorf(`\P{Any} = %q, %v`, src, err)
	}
}

// A rewrite that would grow without bound, or take long, stops with V8's
// "too large" SyntaxError at once.
func TestNatsexecRegexpRewriteBounded(t *testing.T) {
	for name, src := range map[string]string{
		"expand":    `new RegExp("\\p{L}".repeat(100000), "u")`,
		"class":     `new RegExp("[" + "\\P{L}".repeat(100000) + "]", "u")`,
		"intersect": `new RegExp("[" + "\\p{L}&&".repeat(200000) + "\\p{L}]", "v")`,
		"subtract":  `new RegExp("[\\p{Any}" + "--\\p{L}".repeat(200000) + "]", "v")`,
	} {
		t.Run(name, func(t *testing.T) {
			start := time.Now()
			_, err := New().RunString(src)
			if err == nil || !strings.Contains(err.Error(), "Regular expression too large") {
				t.Fatalf("err = %v", err)
			}
			if took := time.Since(start); took > 2*time.Second {
				t.Errorf("took %v", took)
			}
		})
	}
}

// The new code paths (property classes on both engines, the d flag's
// indices, v's classes) stop at an interrupt like every other match.
func TestNatsexecRegexpInterrupt(t *testing.T) {
	for name, src := range map[string]string{
		"regexp2Property": `/^(\p{L}+)+(?=b)\1$/u.test("é".repeat(34) + "c")`,
		"regexp2Indices":  `/^(\p{L}+)+(?=b)\1$/dv.exec("é".repeat(34) + "c")`,
		"re2Property":     `/(\p{L}+\p{L}+)+y/u.test("é".repeat(1 << 23))`,
		"re2Set":          `/([\p{L}--[a-z]]+[\p{L}--[a-z]]+)+y/v.test("É".repeat(1 << 23))`,
		"re2Global":       `"é ".repeat(1 << 22).match(/\p{L}*/gu)`,
		"matchAllIndices": `for (const m of "é ".repeat(1 << 22).matchAll(/(?<l>\p{L})/dgu)) m.indices.groups.l`,
	} {
		t.Run(name, func(t *testing.T) {
			r := New()
			err, took := runInterrupted(t, r, src, 100*time.Millisecond)
			var ie *InterruptedError
			if !errors.As(err, &ie) {
				t.Fatalf("err = %v, want an *InterruptedError", err)
			}
			if took > 3*time.Second {
				t.Errorf("stopped after %v", took)
			}
		})
	}
}
