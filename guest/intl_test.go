package guest

import (
	"strings"
	"testing"
	"time"

	"github.com/natsexec/natsexec/jobs"
)

// TestIntlMatchesNode20 runs the Intl programs (number, currency, unit and
// compact formats, dates in fixed zones, collation, plural, relative time,
// lists, segmentation, errors) and compares their output with Node 20's.
func TestIntlMatchesNode20(t *testing.T) {
	matchNode20(t, "testdata/intl")
}

// TestIntlTimeZoneFromEnv: the guest's local zone is the job's TZ (Node
// 20's output with TZ set, in the comments), else UTC, whatever the
// host's zone.
func TestIntlTimeZoneFromEnv(t *testing.T) {
	const src = `const d = new Date(Date.UTC(2026, 6, 4, 12));
console.log(d.toString());
console.log(d.toTimeString());
console.log(String(new Date(0)));
console.log(d.getHours(), d.getTimezoneOffset(), new Intl.DateTimeFormat().resolvedOptions().timeZone, d.toLocaleString('en-US'), new Date(2026, 0, 1).getTime());`
	for _, tc := range []struct{ tz, want string }{
		// TZ=America/New_York node prog.js
		{"America/New_York", "Sat Jul 04 2026 08:00:00 GMT-0400 (Eastern Daylight Time)\n08:00:00 GMT-0400 (Eastern Daylight Time)\n" +
			"Wed Dec 31 1969 19:00:00 GMT-0500 (Eastern Standard Time)\n8 240 America/New_York 7/4/2026, 8:00:00 AM 1767243600000\n"},
		// TZ=Asia/Kolkata node prog.js (an alias: V8 names it Asia/Calcutta)
		{"Asia/Kolkata", "Sat Jul 04 2026 17:30:00 GMT+0530 (India Standard Time)\n17:30:00 GMT+0530 (India Standard Time)\n" +
			"Thu Jan 01 1970 05:30:00 GMT+0530 (India Standard Time)\n17 -330 Asia/Calcutta 7/4/2026, 5:30:00 PM 1767205800000\n"},
		// node prog.js with TZ unset on a machine in UTC
		{"", "Sat Jul 04 2026 12:00:00 GMT+0000 (Coordinated Universal Time)\n12:00:00 GMT+0000 (Coordinated Universal Time)\n" +
			"Thu Jan 01 1970 00:00:00 GMT+0000 (Coordinated Universal Time)\n12 0 UTC 7/4/2026, 12:00:00 PM 1767225600000\n"},
	} {
		t.Run(tc.tz, func(t *testing.T) {
			v := newNodeVM(t, Config{Env: map[string]string{"TZ": tc.tz}})
			res := execJS(t, v, src)
			if res.Kind != KindNone {
				t.Fatalf("%s: %s\n%s", res.Kind, res.Error, res.Stderr)
			}
			if got := string(res.Stdout); got != tc.want {
				t.Errorf("TZ=%s:\n%s", tc.tz, lineDiff(tc.want, got))
			}
		})
	}
}

// TestIntlHostile: Intl's Go work on guest-sized input stops at the
// deadline like the rest of the runtime (intlPoll), and the runtime is
// usable after.
func TestIntlHostile(t *testing.T) {
	// The data and the library are read once per process, before any
	// deadline here.
	if _, err := intlLocaleData(); err != nil {
		t.Fatal(err)
	}
	if _, err := intlProgram(); err != nil {
		t.Fatal(err)
	}
	timeout := []ErrorKind{KindTimeout}
	// Each call converts its strings before the bounded work starts, and
	// that copy cannot be interrupted: under -race (ten times slower) 4 Mi
	// characters took past the slack, so the inputs are 1 Mi there, still
	// far past intlBigInput.
	big := "1 << 22"
	if raceOn {
		big = "1 << 20"
	}
	cases := []hostileCase{
		{name: "localeCompare", src: `const a = "\u00e9".repeat(1 << 22), b = a + "b"; for (;;) a.localeCompare(b)`, kinds: timeout},
		{name: "collator", src: `const c = new Intl.Collator("de", {numeric: true}).compare, a = "1".repeat(1 << 22); for (;;) c(a, a + "2")`, kinds: timeout},
		{name: "segmentAll", src: `for (;;) [...new Intl.Segmenter("en", {granularity: "word"}).segment("ab cd ".repeat(1 << 20))]`, kinds: []ErrorKind{KindTimeout, KindMemory}},
		{name: "containing", src: `const s = new Intl.Segmenter().segment("x".repeat(1 << 22)); for (;;) s.containing((1 << 22) - 1)`, kinds: timeout},
		{name: "listFormat", src: `const l = new Intl.ListFormat("en"); const a = Array(1 << 20).fill("item"); for (;;) l.format(a)`, kinds: []ErrorKind{KindTimeout, KindMemory}},
		{name: "numberFormat", src: `const f = new Intl.NumberFormat("en", {maximumFractionDigits: 100}); for (;;) f.format("1.5e99999")`, kinds: []ErrorKind{KindTimeout, KindMemory}},
		{name: "dateFormat", src: `for (let i = 0; ; i++) new Date(i * 1e6).toLocaleString("fr-FR", {dateStyle: "full", timeStyle: "full", timeZone: "Europe/Paris"})`, kinds: timeout},
	}
	for _, c := range cases {
		c.src = strings.ReplaceAll(c.src, "1 << 22", big)
		t.Run(c.name, func(t *testing.T) {
			v := newNativesVM(t, c.limit())
			start := time.Now()
			res := execJS(t, v, c.src)
			checkHostile(t, c, res, time.Since(start))
			if err := v.Configure(Config{Limits: jobs.Limits{MemoryBytes: nativesMemory, Timeout: jobs.Duration(10 * time.Second)}}); err != nil {
				t.Fatal(err)
			}
			res = execJS(t, v, `console.log((1234.5).toLocaleString("de"), "b".localeCompare("a"))`)
			if res.Kind != KindNone || string(res.Stdout) != "1.234,5 1\n" {
				t.Fatalf("after %s: %q %s stdout %q", c.name, res.Kind, res.Error, res.Stdout)
			}
		})
	}
}
