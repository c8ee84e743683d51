package guest

import (
	"math/rand"
	"strings"
	"testing"
	"time"

	"github.com/natsexec/natsexec/jobs"
	"golang.org/x/net/idna"
)

// The O(n log n) punycode encoder writes what x/net/idna's reference
// encoder writes.
func TestURLPunycodeMatchesXNet(t *testing.T) {
	rng := rand.New(rand.NewSource(1))
	pools := [][]rune{
		[]rune("abcxyz019-"), []rune("éèüßñøå"), []rune("中文字符测试"), []rune("😀🎉🚀"), []rune("ab中é😀-"),
	}
	for i := 0; i < 3000; i++ {
		pool := pools[i%len(pools)]
		n := 1 + rng.Intn(40)
		r := make([]rune, n)
		for j := range r {
			r[j] = pool[rng.Intn(len(pool))]
		}
		label := string(r)
		if isASCIIString(label) {
			continue
		}
		want, err := idna.Punycode.ToASCII(label)
		got, ok := punycodeEncode(label)
		if err != nil || !ok {
			if (err == nil) != ok {
				t.Fatalf("%q: x/net err %v, ours ok %v", label, err, ok)
			}
			continue
		}
		if "xn--"+got != want {
			t.Fatalf("%q: got xn--%s, x/net %s", label, got, want)
		}
	}
}

// Hostile URLs cost time linear in their length: each of these would take
// minutes (or hours) if a step of the parser, the IDNA or the string
// building around it were quadratic.
func TestURLHostileLinear(t *testing.T) {
	if raceOn {
		t.Skip("timings under -race say nothing")
	}
	t.Parallel()
	v := newNodeVM(t, Config{Limits: jobs.Limits{Timeout: jobs.Duration(90 * time.Second), MemoryBytes: 2 << 30}})
	cases := map[string]string{
		"path":         `new URL('http://h/' + 'a/'.repeat(1 << 21)).pathname.length`,
		"dotSegments":  `new URL('http://h/' + '../'.repeat(1 << 21) + 'x').pathname`,
		"atSigns":      `new URL('http://' + '@'.repeat(1 << 21) + 'x/').username.length`,
		"credentials":  `new URL('http://' + 'a:b@'.repeat(1 << 19) + 'x/').password.length`,
		"idnRepeat":    `new URL('http://' + 'é'.repeat(1 << 19) + '.com/').hostname.length`,
		"idnDistinct":  `new URL('http://' + Array.from({ length: 20000 }, (_, i) => String.fromCodePoint(0x4e00 + i)).join('') + '.com/').hostname.length`,
		"manyLabels":   `new URL('http://' + 'é.'.repeat(1 << 18) + 'com/').hostname.length`,
		"emptyLabels":  `new URL('http://' + '.'.repeat(1 << 21) + 'com/').hostname.length`,
		"ipv4Digits":   `URL.canParse('http://1.2.3.' + '9'.repeat(1 << 21) + '/')`,
		"ipv6Pieces":   `URL.canParse('http://[' + '1:'.repeat(1 << 20) + ']/')`,
		"portZeros":    `new URL('http://h:' + '0'.repeat(1 << 21) + '80/').port`,
		"query":        `new URL('http://h/?' + 'é '.repeat(1 << 20)).search.length`,
		"opaque":       `new URL('mailto:' + 'x '.repeat(1 << 20)).pathname.length`,
		"setter":       `(() => { const u = new URL('http://h/'); u.pathname = '/a'.repeat(1 << 20); u.hash = '#'.repeat(1 << 20); return u.href.length; })()`,
		"paramsParse":  `new URLSearchParams('a=' + '+'.repeat(1 << 20) + '&' + 'b=%41&'.repeat(1 << 17)).get('a').length`,
		"paramsString": `(() => { const p = new URLSearchParams(); for (let i = 0; i < 1 << 15; i++) p.append('k' + i, 'v é'); return p.toString().length; })()`,
		"legacySlash":  `require('url').parse('http://h' + '\\'.repeat(1 << 18) + 'x').pathname.length`,
		"legacyEscape": `require('url').parse('http://h/' + ' <>'.repeat(1 << 17)).pathname.length`,
		"legacyFormat": `require('url').format({ protocol: 'http', host: 'h', pathname: '/' + '#?'.repeat(1 << 17) }).length`,
	}
	for name, src := range cases {
		start := time.Now()
		res := execJS(t, v, "console.log(String("+src+"))")
		took := time.Since(start)
		if res.Kind != KindNone {
			t.Fatalf("%s: kind %q after %s: %s %s", name, res.Kind, took, res.Error, res.Stderr)
		}
		t.Logf("%s: %s in %s", name, strings.TrimSpace(string(res.Stdout)), took)
		// Generous for a loaded 2-core machine; a quadratic step on these
		// sizes takes far longer.
		if took > 20*time.Second {
			t.Errorf("%s took %s", name, took)
		}
	}
}

// Parsing in a loop stops at the deadline like any guest code.
func TestURLDeadline(t *testing.T) {
	t.Parallel()
	v := newNodeVM(t, Config{Limits: jobs.Limits{Timeout: jobs.Duration(200 * time.Millisecond)}})
	start := time.Now()
	res := execJS(t, v, `const s = 'http://h/' + 'a/'.repeat(1 << 16); for (;;) new URL(s).searchParams.append('x', 'y')`)
	if res.Kind != KindTimeout {
		t.Fatalf("kind %q: %s", res.Kind, res.Error)
	}
	if took := time.Since(start); took > 200*time.Millisecond+2*time.Second {
		t.Errorf("stopped after %s", took)
	}
}
