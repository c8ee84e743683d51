package bench

import (
	"encoding/json"
	"strings"
	"testing"
	"time"
)

func msSeq(n int) []time.Duration {
	out := make([]time.Duration, n)
	for i := range out {
		// Reverse order: Summarize must sort.
		out[i] = time.Duration(n-i) * time.Millisecond
	}
	return out
}

func TestSummarize(t *testing.T) {
	for _, tc := range []struct {
		name                     string
		in                       []time.Duration
		n                        int
		mean, p50, p95, p99, max time.Duration
		hasP99                   bool
	}{
		{name: "empty"},
		{name: "one", in: []time.Duration{7 * time.Millisecond}, n: 1,
			mean: 7 * time.Millisecond, p50: 7 * time.Millisecond, p95: 7 * time.Millisecond, max: 7 * time.Millisecond},
		// Nearest rank: p50 of 1..4 is rank ceil(2) = 2, p95 rank ceil(3.8) = 4.
		{name: "four", in: msSeq(4), n: 4,
			mean: 2500 * time.Microsecond, p50: 2 * time.Millisecond, p95: 4 * time.Millisecond, max: 4 * time.Millisecond},
		// 99 samples: p99 omitted; p95 rank ceil(94.05) = 95.
		{name: "ninety-nine", in: msSeq(99), n: 99,
			mean: 50 * time.Millisecond, p50: 50 * time.Millisecond, p95: 95 * time.Millisecond, max: 99 * time.Millisecond},
		{name: "hundred", in: msSeq(100), n: 100, hasP99: true,
			mean: 50500 * time.Microsecond, p50: 50 * time.Millisecond, p95: 95 * time.Millisecond, p99: 99 * time.Millisecond, max: 100 * time.Millisecond},
		// 200 samples: p99 rank 198.
		{name: "two hundred", in: msSeq(200), n: 200, hasP99: true,
			mean: 100500 * time.Microsecond, p50: 100 * time.Millisecond, p95: 190 * time.Millisecond, p99: 198 * time.Millisecond, max: 200 * time.Millisecond},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := Summarize(tc.in)
			if s.N != tc.n || s.Mean != tc.mean || s.P50 != tc.p50 || s.P95 != tc.p95 || s.P99 != tc.p99 || s.HasP99 != tc.hasP99 || s.Max != tc.max {
				t.Errorf("Summarize = %+v, want n=%d mean=%v p50=%v p95=%v p99=%v(%v) max=%v",
					s, tc.n, tc.mean, tc.p50, tc.p95, tc.p99, tc.hasP99, tc.max)
			}
			if len(tc.in) > 1 && tc.in[0] < tc.in[1] {
				t.Error("input was sorted in place")
			}
		})
	}
}

func TestSummaryJSONOmitsP99(t *testing.T) {
	b, err := json.Marshal(Summarize(msSeq(99)))
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(b), "p99") {
		t.Errorf("99 samples: p99 in %s", b)
	}
	s := Summarize(msSeq(100))
	b, err = json.Marshal(s)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(b), `"p99_ms":99`) {
		t.Errorf("100 samples: no p99 in %s", b)
	}
	var back Summary
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatal(err)
	}
	if back != s {
		t.Errorf("round trip: %+v, want %+v", back, s)
	}
}

func TestPercentileBounds(t *testing.T) {
	s := []time.Duration{1, 2, 3}
	for p, want := range map[float64]time.Duration{0: 1, 1: 1, 33.4: 2, 66.6: 2, 66.7: 3, 100: 3, 150: 3} {
		if got := Percentile(s, p); got != want {
			t.Errorf("Percentile(%v) = %v, want %v", p, got, want)
		}
	}
	if Percentile(nil, 50) != 0 {
		t.Error("empty: want 0")
	}
}
