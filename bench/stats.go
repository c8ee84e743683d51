package bench

import (
	"encoding/json"
	"math"
	"slices"
	"time"
)

// MinSamplesP99 is the sample count below which p99 is omitted: with fewer
// than 100 samples the 99th percentile is just the maximum.
const MinSamplesP99 = 100

// Summary describes a set of durations. Percentiles are nearest-rank: the
// p-th percentile is the smallest sample such that at least p% of the
// samples are less than or equal to it (always an observed value, never an
// interpolation between two).
type Summary struct {
	N    int
	Mean time.Duration
	Min  time.Duration
	Max  time.Duration
	P50  time.Duration
	P95  time.Duration
	// P99 is meaningful only when HasP99 (N >= MinSamplesP99).
	P99    time.Duration
	HasP99 bool
}

// Summarize computes a Summary. samples is not modified.
func Summarize(samples []time.Duration) Summary {
	n := len(samples)
	if n == 0 {
		return Summary{}
	}
	s := slices.Clone(samples)
	slices.Sort(s)
	var sum float64
	for _, d := range s {
		sum += float64(d)
	}
	out := Summary{
		N:    n,
		Mean: time.Duration(math.Round(sum / float64(n))),
		Min:  s[0],
		Max:  s[n-1],
		P50:  Percentile(s, 50),
		P95:  Percentile(s, 95),
	}
	if n >= MinSamplesP99 {
		out.P99, out.HasP99 = Percentile(s, 99), true
	}
	return out
}

// Percentile returns the nearest-rank p-th percentile (0 < p <= 100) of
// sorted, which must be in ascending order: the value at rank ceil(p/100*N).
func Percentile(sorted []time.Duration, p float64) time.Duration {
	n := len(sorted)
	if n == 0 {
		return 0
	}
	rank := int(math.Ceil(p / 100 * float64(n)))
	rank = min(max(rank, 1), n)
	return sorted[rank-1]
}

// ms converts a duration to milliseconds for reports.
func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }

type summaryJSON struct {
	N      int      `json:"n"`
	MeanMS float64  `json:"mean_ms"`
	MinMS  float64  `json:"min_ms"`
	MaxMS  float64  `json:"max_ms"`
	P50MS  float64  `json:"p50_ms"`
	P95MS  float64  `json:"p95_ms"`
	P99MS  *float64 `json:"p99_ms,omitempty"`
}

// MarshalJSON writes milliseconds, with p99 left out below MinSamplesP99.
func (s Summary) MarshalJSON() ([]byte, error) {
	j := summaryJSON{N: s.N, MeanMS: ms(s.Mean), MinMS: ms(s.Min), MaxMS: ms(s.Max), P50MS: ms(s.P50), P95MS: ms(s.P95)}
	if s.HasP99 {
		p := ms(s.P99)
		j.P99MS = &p
	}
	return json.Marshal(j)
}

// UnmarshalJSON reads what MarshalJSON writes.
func (s *Summary) UnmarshalJSON(b []byte) error {
	var j summaryJSON
	if err := json.Unmarshal(b, &j); err != nil {
		return err
	}
	d := func(v float64) time.Duration { return time.Duration(math.Round(v * float64(time.Millisecond))) }
	*s = Summary{N: j.N, Mean: d(j.MeanMS), Min: d(j.MinMS), Max: d(j.MaxMS), P50: d(j.P50MS), P95: d(j.P95MS)}
	if j.P99MS != nil {
		s.P99, s.HasP99 = d(*j.P99MS), true
	}
	return nil
}
