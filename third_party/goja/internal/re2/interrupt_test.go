package re2

import (
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// natsexec patch: WithInterrupt stops a match in every engine and in
// FindAll, and leaves the original Regexp and other copies alone.

func TestInterruptStopsMatch(t *testing.T) {
	long := strings.Repeat("x", 1<<24) // the NFA takes seconds on this
	for name, tc := range map[string]struct {
		expr  string
		match func(re *Regexp) bool
	}{
		"nfa":      {`(x+x+)+y`, func(re *Regexp) bool { return re.FindStringSubmatchIndex(long) != nil }},
		"nfaBool":  {`(x+x+)+y`, func(re *Regexp) bool { return re.MatchString(long) }},
		"reader":   {`(x+x+)+y`, func(re *Regexp) bool { return re.FindReaderIndex(strings.NewReader(long)) != nil }},
		"onepass":  {`^x*y$`, func(re *Regexp) bool { return re.MatchString(long) }},
		"findAll":  {`x`, func(re *Regexp) bool { return re.FindAllStringIndex(long, -1) != nil }},
		"findAllN": {`(x)`, func(re *Regexp) bool { return len(re.FindAllStringSubmatchIndex(long, -1)) == len(long) }},
	} {
		t.Run(name, func(t *testing.T) {
			var flag uint32
			re := MustCompile(tc.expr).WithInterrupt(&flag)
			atomic.StoreUint32(&flag, 1)
			start := time.Now()
			if tc.match(re) && name != "findAll" {
				t.Errorf("interrupted match reported a match")
			}
			// Generous: the machine is shared. Uninterrupted, these take
			// seconds (the test below checks they still match).
			if d := time.Since(start); d > 500*time.Millisecond {
				t.Errorf("interrupted match took %v", d)
			}
		})
	}
}

func TestInterruptCopyIsolated(t *testing.T) {
	var flag uint32 = 1
	// No literal prefix and an input too long for the backtracker: the
	// NFA walks every position. (A short match may complete before the
	// flag is read: it is read once every interruptEvery positions.)
	re := MustCompile(`[ad](b+)c`)
	stopped := re.WithInterrupt(&flag)
	var clear uint32
	live := re.WithInterrupt(&clear)
	const n = 1 << 20
	s := strings.Repeat("z", n) + "abbbc"
	if stopped.MatchString(s) || stopped.FindStringSubmatchIndex(s) != nil {
		t.Error("the stopped copy matched")
	}
	for _, r := range []*Regexp{re, live} {
		if got := r.FindStringSubmatchIndex(s); len(got) != 4 || got[2] != n+1 {
			t.Errorf("got %v", got)
		}
	}
	if n := len(live.FindAllString(strings.Repeat("abc", 5000), -1)); n != 5000 {
		t.Errorf("live FindAll found %d", n)
	}
}
