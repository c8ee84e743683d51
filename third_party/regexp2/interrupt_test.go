package regexp2

import (
	"errors"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// natsexec patch: Regexp.Interrupt stops a running match.

// catastrophic backtracks about 2^n steps on n a's: hours for n = 34.
const catastrophic = `^(a+)+(?=b)\1$`

func TestInterruptStopsBacktracking(t *testing.T) {
	re := MustCompile(catastrophic, ECMAScript)
	input := strings.Repeat("a", 34) + "c"
	for name, match := range map[string]func(re *Regexp) error{
		"MatchString": func(re *Regexp) error { _, err := re.MatchString(input); return err },
		"FindRunesMatchStartingAt": func(re *Regexp) error {
			_, err := re.FindRunesMatchStartingAt([]rune(input), 0)
			return err
		},
		"Replace": func(re *Regexp) error { _, err := re.Replace(input, "x", -1, -1); return err },
	} {
		t.Run(name, func(t *testing.T) {
			var flag uint32
			c := *re // a shallow copy per caller; the shared re is not touched
			c.Interrupt = &flag
			time.AfterFunc(50*time.Millisecond, func() { atomic.StoreUint32(&flag, 1) })
			start := time.Now()
			err := match(&c)
			if !errors.Is(err, ErrInterrupted) {
				t.Fatalf("err = %v, want ErrInterrupted", err)
			}
			// Generous: the machine is shared; the figure is measured elsewhere.
			if d := time.Since(start); d > 5*time.Second {
				t.Fatalf("interrupted match took %v", d)
			}
		})
	}
}

// A copy with its flag set leaves the original and other copies matching,
// also concurrently (run with -race).
func TestInterruptCopyIsolated(t *testing.T) {
	re := MustCompile(`(\w+)\s\1`, ECMAScript)
	set := uint32(1)
	stopped := *re
	stopped.Interrupt = &set
	var wg sync.WaitGroup
	for i := 0; i < 4; i++ {
		wg.Add(2)
		go func() {
			defer wg.Done()
			for j := 0; j < 200; j++ {
				if _, err := stopped.MatchString("hello hello"); !errors.Is(err, ErrInterrupted) {
					t.Errorf("stopped copy: %v", err)
					return
				}
			}
		}()
		go func() {
			defer wg.Done()
			var clear uint32
			live := *re
			live.Interrupt = &clear
			for j := 0; j < 200; j++ {
				for _, r := range []*Regexp{re, &live} {
					ok, err := r.MatchString("hello hello")
					if err != nil || !ok {
						t.Errorf("live match: %v %v", ok, err)
						return
					}
				}
			}
		}()
	}
	wg.Wait()
}

// An unset flag and a MatchTimeout together: the timeout still applies.
func TestInterruptWithTimeout(t *testing.T) {
	re := MustCompile(catastrophic, ECMAScript)
	var flag uint32
	c := *re
	c.Interrupt = &flag
	c.MatchTimeout = 50 * time.Millisecond
	_, err := c.MatchString(strings.Repeat("a", 34) + "c")
	if err == nil || errors.Is(err, ErrInterrupted) {
		t.Fatalf("err = %v, want a match timeout", err)
	}
}

// The cost of polling the flag on every step of a match.
func BenchmarkInterruptPoll(b *testing.B) {
	re := MustCompile(`^(a+)+(?=b)\1$`, ECMAScript)
	input := strings.Repeat("a", 16) + "c"
	var flag uint32
	c := *re
	c.Interrupt = &flag
	for name, r := range map[string]*Regexp{"unset": re, "flag": &c} {
		b.Run(name, func(b *testing.B) {
			for b.Loop() {
				if _, err := r.MatchString(input); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
