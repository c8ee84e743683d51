// Package bench is the cold-start matrix: scenarios (owned, pre-spawned
// owned, shared and resident placements) × batch sizes × sequential or
// concurrent fan-out × iterations, measured through a Driver, summarised
// (mean, p50, p95, p99) and reported as markdown tables and JSON with every
// sample's per-phase timings. Two drivers exist: Local, on a
// placement.Manager in this process, and NATS, end to end through a
// worker fleet. cmd/submit's bench command is the CLI; this package holds
// the logic.
package bench

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Scenario is one row of the matrix.
type Scenario string

const (
	// ScenarioOwned: a fresh sidecar process per job, spawned on demand.
	ScenarioOwned Scenario = "owned-sidecar"
	// ScenarioOwnedPrespawned: a fresh sidecar per job, taken from the
	// pre-spawned pool (spawned and session-opened ahead of the job).
	ScenarioOwnedPrespawned Scenario = "owned-sidecar-prespawned"
	// ScenarioShared: a new VM in a long-lived shared sidecar.
	ScenarioShared Scenario = "shared-sidecar"
	// ScenarioResident: a live VM reused across jobs with equal keys.
	ScenarioResident Scenario = "resident-runner"
)

// AllScenarios in report order.
var AllScenarios = []Scenario{ScenarioOwned, ScenarioOwnedPrespawned, ScenarioShared, ScenarioResident}

// Mode says how a batch's samples are launched.
type Mode string

const (
	// Sequential runs a batch's samples one after another.
	Sequential Mode = "sequential"
	// Concurrent launches the whole batch at once (bursty fan-out), at most
	// Config.Concurrency samples in flight.
	Concurrent Mode = "concurrent"
)

// AllModes in report order.
var AllModes = []Mode{Sequential, Concurrent}

// Defaults of the reference matrix.
var (
	DefaultBatchSizes = []int{1, 10, 50, 100, 200}
)

const (
	DefaultIterations  = 5
	DefaultWarmup      = 1
	DefaultConcurrency = 16
)

// Config is one matrix run.
type Config struct {
	Scenarios  []Scenario
	Modes      []Mode
	BatchSizes []int
	// Iterations measured per cell, after Warmup iterations thrown away.
	Iterations int
	Warmup     int
	// Concurrency caps samples in flight in concurrent mode.
	Concurrency int
	// Progress receives a line per batch (nil: none).
	Progress io.Writer
	// MemorySizes, when the driver measures memory, are the live-VM counts
	// to measure at (nil: none).
	MemorySizes []int
}

// DefaultConfig is the reference matrix over every scenario.
func DefaultConfig() Config {
	return Config{
		Scenarios:   slices.Clone(AllScenarios),
		Modes:       slices.Clone(AllModes),
		BatchSizes:  slices.Clone(DefaultBatchSizes),
		Iterations:  DefaultIterations,
		Warmup:      DefaultWarmup,
		Concurrency: DefaultConcurrency,
	}
}

// ApplyEnv overrides c from BENCH_BATCH_SIZES, BENCH_ITERATIONS,
// BENCH_WARMUP and BENCH_SCENARIOS where set; getenv is os.Getenv in
// production.
func (c *Config) ApplyEnv(getenv func(string) string) error {
	if v := getenv("BENCH_BATCH_SIZES"); v != "" {
		b, err := ParseBatchSizes(v)
		if err != nil {
			return fmt.Errorf("BENCH_BATCH_SIZES: %w", err)
		}
		c.BatchSizes = b
	}
	for _, kv := range []struct {
		name string
		dst  *int
		min  int
	}{{"BENCH_ITERATIONS", &c.Iterations, 1}, {"BENCH_WARMUP", &c.Warmup, 0}} {
		if v := getenv(kv.name); v != "" {
			n, err := strconv.Atoi(strings.TrimSpace(v))
			if err != nil || n < kv.min {
				return fmt.Errorf("%s=%q: want an integer >= %d", kv.name, v, kv.min)
			}
			*kv.dst = n
		}
	}
	if v := getenv("BENCH_SCENARIOS"); v != "" {
		s, err := ParseScenarios(v)
		if err != nil {
			return fmt.Errorf("BENCH_SCENARIOS: %w", err)
		}
		c.Scenarios = s
	}
	return nil
}

// Validate names the first bad field.
func (c *Config) Validate() error {
	switch {
	case len(c.Scenarios) == 0:
		return errors.New("bench: config: no scenarios")
	case len(c.Modes) == 0:
		return errors.New("bench: config: no modes")
	case len(c.BatchSizes) == 0:
		return errors.New("bench: config: no batch sizes")
	case c.Iterations < 1:
		return fmt.Errorf("bench: config: iterations %d: want >= 1", c.Iterations)
	case c.Warmup < 0:
		return fmt.Errorf("bench: config: warmup %d: want >= 0", c.Warmup)
	case c.Concurrency < 1:
		return fmt.Errorf("bench: config: concurrency %d: want >= 1", c.Concurrency)
	}
	for _, b := range c.BatchSizes {
		if b < 1 {
			return fmt.Errorf("bench: config: batch size %d: want >= 1", b)
		}
	}
	return nil
}

// ParseBatchSizes reads "1,10,50".
func ParseBatchSizes(s string) ([]int, error) {
	var out []int
	for f := range strings.SplitSeq(s, ",") {
		f = strings.TrimSpace(f)
		if f == "" {
			continue
		}
		n, err := strconv.Atoi(f)
		if err != nil || n < 1 {
			return nil, fmt.Errorf("batch size %q: want a positive integer", f)
		}
		out = append(out, n)
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("no batch sizes in %q", s)
	}
	return out, nil
}

// ParseScenarios reads "owned-sidecar,shared" (short names owned,
// owned-prespawned, prespawned, shared, resident accepted; "all" is every
// scenario).
func ParseScenarios(s string) ([]Scenario, error) {
	var out []Scenario
	for f := range strings.SplitSeq(s, ",") {
		f = strings.TrimSpace(f)
		switch f {
		case "":
			continue
		case "all":
			out = append(out, AllScenarios...)
			continue
		case "owned":
			f = string(ScenarioOwned)
		case "owned-prespawned", "prespawned":
			f = string(ScenarioOwnedPrespawned)
		case "shared":
			f = string(ScenarioShared)
		case "resident":
			f = string(ScenarioResident)
		}
		if !slices.Contains(AllScenarios, Scenario(f)) {
			return nil, fmt.Errorf("unknown scenario %q: want %s", f, joinScenarios(AllScenarios))
		}
		if !slices.Contains(out, Scenario(f)) {
			out = append(out, Scenario(f))
		}
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("no scenarios in %q", s)
	}
	return out, nil
}

// ParseModes reads "sequential,concurrent".
func ParseModes(s string) ([]Mode, error) {
	var out []Mode
	for f := range strings.SplitSeq(s, ",") {
		m := Mode(strings.TrimSpace(f))
		if m == "" {
			continue
		}
		if !slices.Contains(AllModes, m) {
			return nil, fmt.Errorf("unknown mode %q: want sequential or concurrent", m)
		}
		if !slices.Contains(out, m) {
			out = append(out, m)
		}
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("no modes in %q", s)
	}
	return out, nil
}

func joinScenarios(s []Scenario) string {
	names := make([]string, len(s))
	for i, v := range s {
		names[i] = string(v)
	}
	return strings.Join(names, ", ")
}

// Batch identifies one batch of samples.
type Batch struct {
	Scenario  Scenario
	Mode      Mode
	Size      int
	Iteration int // 0-based, warm-up iterations first
	Warmup    bool
	// ID is unique per batch; the NATS driver tags every job with it
	// (jobs.HeaderBatch) so a batch's traces are found together.
	ID string
}

// Sample is one measurement: a cold start and, where the scenario has one,
// a warm exec. Phases hold what the worker or sidecar recorded (names as
// in jobs: sidecar_spawn ... warm_exec, plus driver extras such as
// queue_wait or reset).
type Sample struct {
	Cold    time.Duration
	Warm    time.Duration
	HasWarm bool
	Phases  map[string]time.Duration
}

// Semantics says what a driver's numbers mean, for the report header.
type Semantics struct {
	Driver string   `json:"driver"`
	Cold   string   `json:"cold"`
	Warm   string   `json:"warm"`
	Notes  []string `json:"notes,omitempty"`
}

// Driver takes samples. The runner calls Start once per scenario, then
// PrepareBatch before each batch and Sample once per sample (concurrently
// in concurrent mode), then Stop.
type Driver interface {
	Semantics() Semantics
	Start(ctx context.Context, sc Scenario) error
	PrepareBatch(ctx context.Context, b Batch) error
	Sample(ctx context.Context, b Batch) (Sample, error)
	Stop(ctx context.Context, sc Scenario) error
}

// MemoryProber is a driver that can measure RSS per live VM.
type MemoryProber interface {
	Memory(ctx context.Context, sizes []int) ([]MemoryPoint, error)
}

// ErrBatchFailed is returned when every sample of a batch failed: the
// run stops there rather than measure nothing for minutes.
var ErrBatchFailed = errors.New("bench: every sample of a batch failed")

// Run measures the matrix through d. It returns the report so far along
// with any error (a cancelled ctx, a failed batch, a driver's Start).
func Run(ctx context.Context, d Driver, cfg Config) (*Report, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	rep := &Report{
		Started:   time.Now().UTC(),
		Semantics: d.Semantics(),
		Host:      hostInfo(),
		Config: ConfigJSON{
			Scenarios: cfg.Scenarios, Modes: cfg.Modes, BatchSizes: cfg.BatchSizes,
			Iterations: cfg.Iterations, Warmup: cfg.Warmup, Concurrency: cfg.Concurrency,
			Percentiles: "nearest-rank; p99 omitted below 100 samples",
		},
	}
	progress := cfg.Progress
	if progress == nil {
		progress = io.Discard
	}
	runID := strconv.FormatInt(time.Now().UnixNano(), 36)
	err := func() error {
		for _, sc := range cfg.Scenarios {
			if err := d.Start(ctx, sc); err != nil {
				return fmt.Errorf("start %s: %w", sc, err)
			}
			err := runScenario(ctx, d, cfg, sc, runID, rep, progress)
			serr := d.Stop(context.WithoutCancel(ctx), sc)
			if err != nil {
				return err
			}
			if serr != nil {
				return fmt.Errorf("stop %s: %w", sc, serr)
			}
		}
		if mp, ok := d.(MemoryProber); ok && len(cfg.MemorySizes) > 0 {
			fmt.Fprintf(progress, "memory: RSS per live VM at %v\n", cfg.MemorySizes)
			pts, err := mp.Memory(ctx, cfg.MemorySizes)
			rep.Memory = pts
			if err != nil {
				return fmt.Errorf("memory: %w", err)
			}
		}
		return nil
	}()
	rep.Finished = time.Now().UTC()
	rep.Host.LoadEnd = loadAvg()
	return rep, err
}

func runScenario(ctx context.Context, d Driver, cfg Config, sc Scenario, runID string, rep *Report, progress io.Writer) error {
	for _, mode := range cfg.Modes {
		for _, size := range cfg.BatchSizes {
			cell := Cell{Scenario: sc, Mode: mode, Batch: size}
			for it := range cfg.Warmup + cfg.Iterations {
				if err := ctx.Err(); err != nil {
					return err
				}
				b := Batch{
					Scenario: sc, Mode: mode, Size: size, Iteration: it, Warmup: it < cfg.Warmup,
					ID: fmt.Sprintf("bench-%s-%s-%s-b%d-i%d", runID, sc, mode, size, it),
				}
				if err := d.PrepareBatch(ctx, b); err != nil {
					return fmt.Errorf("%s %s b=%d: prepare: %w", sc, mode, size, err)
				}
				start := time.Now()
				results := runBatch(ctx, d, b, cfg.Concurrency)
				wall := time.Since(start)
				var ok, failed int
				var firstErr error
				for _, r := range results {
					if r.err != nil {
						failed++
						firstErr = cmpErr(firstErr, r.err)
						continue
					}
					ok++
				}
				if !b.Warmup {
					cell.add(b, results, wall)
				}
				fmt.Fprintf(progress, "%s %s b=%d %s: %d ok, %d failed, batch %.1fms%s\n",
					sc, mode, size, iterLabel(b, cfg), ok, failed, ms(wall), batchSummary(results))
				if failed > 0 {
					fmt.Fprintf(progress, "  first error: %v\n", firstErr)
				}
				if ok == 0 {
					cell.finish()
					rep.Cells = append(rep.Cells, cell)
					return fmt.Errorf("%w: %s %s b=%d: %w", ErrBatchFailed, sc, mode, size, firstErr)
				}
			}
			cell.finish()
			rep.Cells = append(rep.Cells, cell)
		}
	}
	return nil
}

func cmpErr(first, err error) error {
	if first == nil {
		return err
	}
	return first
}

func iterLabel(b Batch, cfg Config) string {
	if b.Warmup {
		return fmt.Sprintf("warm-up %d/%d", b.Iteration+1, cfg.Warmup)
	}
	return fmt.Sprintf("iteration %d/%d", b.Iteration-cfg.Warmup+1, cfg.Iterations)
}

func batchSummary(results []sampleResult) string {
	var cold, warm []time.Duration
	for _, r := range results {
		if r.err == nil {
			cold = append(cold, r.s.Cold)
			if r.s.HasWarm {
				warm = append(warm, r.s.Warm)
			}
		}
	}
	if len(cold) == 0 {
		return ""
	}
	out := fmt.Sprintf(", cold p50 %.2fms", ms(Summarize(cold).P50))
	if len(warm) > 0 {
		out += fmt.Sprintf(", warm p50 %.3fms", ms(Summarize(warm).P50))
	}
	return out
}

type sampleResult struct {
	s   Sample
	err error
}

// runBatch takes b.Size samples: one at a time, or all launched at once
// with at most limit in flight.
func runBatch(ctx context.Context, d Driver, b Batch, limit int) []sampleResult {
	out := make([]sampleResult, b.Size)
	if b.Mode == Sequential {
		for i := range out {
			out[i].s, out[i].err = d.Sample(ctx, b)
		}
		return out
	}
	sem := make(chan struct{}, limit)
	var wg sync.WaitGroup
	for i := range out {
		sem <- struct{}{}
		wg.Go(func() {
			defer func() { <-sem }()
			out[i].s, out[i].err = d.Sample(ctx, b)
		})
	}
	wg.Wait()
	return out
}

func hostInfo() HostInfo {
	return HostInfo{GOOS: runtime.GOOS, GOARCH: runtime.GOARCH, NumCPU: runtime.NumCPU(), GoVersion: runtime.Version(), LoadStart: loadAvg()}
}

// loadAvg is the first three fields of /proc/loadavg, or "".
func loadAvg() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return ""
	}
	f := strings.Fields(string(b))
	if len(f) < 3 {
		return ""
	}
	return strings.Join(f[:3], " ")
}
