package bench

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/natsexec/natsexec/jobs"
)

// fakeDriver is a Driver whose samples sleep a little and record every
// phase, for the runner's and the report's own logic. The real drivers
// are tested against real sidecars and NATS.
type fakeDriver struct {
	inFlight, peak atomic.Int32
	mu             sync.Mutex
	calls          []string
	batches        map[string]int
	fail           func(Batch) error
}

func (f *fakeDriver) Semantics() Semantics { return Semantics{Driver: "fake", Cold: "c", Warm: "w"} }

func (f *fakeDriver) log(s string) {
	f.mu.Lock()
	f.calls = append(f.calls, s)
	f.mu.Unlock()
}

func (f *fakeDriver) Start(_ context.Context, sc Scenario) error {
	f.log("start " + string(sc))
	return nil
}

func (f *fakeDriver) Stop(_ context.Context, sc Scenario) error {
	f.log("stop " + string(sc))
	return nil
}

func (f *fakeDriver) PrepareBatch(_ context.Context, b Batch) error {
	f.mu.Lock()
	if f.batches == nil {
		f.batches = map[string]int{}
	}
	f.batches[b.ID]++
	f.mu.Unlock()
	return nil
}

func (f *fakeDriver) Sample(_ context.Context, b Batch) (Sample, error) {
	n := f.inFlight.Add(1)
	defer f.inFlight.Add(-1)
	for {
		p := f.peak.Load()
		if n <= p || f.peak.CompareAndSwap(p, n) {
			break
		}
	}
	if f.fail != nil {
		if err := f.fail(b); err != nil {
			return Sample{}, err
		}
	}
	time.Sleep(200 * time.Microsecond)
	ph := map[string]time.Duration{}
	for i, name := range PhaseOrder {
		ph[name] = time.Duration(i+1) * time.Microsecond
	}
	return Sample{Cold: time.Duration(b.Size) * time.Millisecond, Warm: 100 * time.Microsecond, HasWarm: true, Phases: ph}, nil
}

func TestRunMatrixShape(t *testing.T) {
	f := &fakeDriver{}
	cfg := DefaultConfig()
	cfg.BatchSizes, cfg.Iterations, cfg.Warmup, cfg.Concurrency = []int{1, 3, 20}, 2, 1, 4
	rep, err := Run(t.Context(), f, cfg)
	if err != nil {
		t.Fatal(err)
	}
	if got := len(rep.Cells); got != len(AllScenarios)*len(AllModes)*3 {
		t.Fatalf("%d cells", got)
	}
	for _, c := range rep.Cells {
		// Warm-up samples are not kept.
		if c.Cold.N != 2*c.Batch || len(c.Samples) != 2*c.Batch || len(c.BatchWallMS) != 2 {
			t.Errorf("%s %s b=%d: n=%d samples=%d walls=%d", c.Scenario, c.Mode, c.Batch, c.Cold.N, len(c.Samples), len(c.BatchWallMS))
		}
		if c.Cold.P50 != time.Duration(c.Batch)*time.Millisecond {
			t.Errorf("%s %s b=%d: cold p50 %v", c.Scenario, c.Mode, c.Batch, c.Cold.P50)
		}
		if len(c.Phases) != len(PhaseOrder) {
			t.Errorf("phases %v", c.Phases)
		}
	}
	if p := f.peak.Load(); p != 4 {
		t.Errorf("peak concurrency %d, want the cap 4", p)
	}
	// Each batch (warm-ups included) has its own id, prepared once.
	if want := len(AllScenarios) * len(AllModes) * 3 * 3; len(f.batches) != want {
		t.Errorf("%d batch ids, want %d", len(f.batches), want)
	}
	if f.calls[0] != "start "+string(ScenarioOwned) || f.calls[len(f.calls)-1] != "stop "+string(ScenarioResident) {
		t.Errorf("calls %v", f.calls)
	}
}

func TestRunSequentialIsSequential(t *testing.T) {
	f := &fakeDriver{}
	cfg := DefaultConfig()
	cfg.Modes, cfg.Scenarios, cfg.BatchSizes, cfg.Iterations, cfg.Warmup = []Mode{Sequential}, []Scenario{ScenarioShared}, []int{10}, 1, 0
	if _, err := Run(t.Context(), f, cfg); err != nil {
		t.Fatal(err)
	}
	if p := f.peak.Load(); p != 1 {
		t.Errorf("peak %d in sequential mode", p)
	}
}

func TestRunStopsOnFailedBatch(t *testing.T) {
	boom := errors.New("boom")
	f := &fakeDriver{fail: func(b Batch) error {
		if b.Scenario == ScenarioShared {
			return boom
		}
		return nil
	}}
	cfg := DefaultConfig()
	cfg.BatchSizes, cfg.Iterations, cfg.Warmup = []int{2}, 1, 0
	var progress bytes.Buffer
	cfg.Progress = &progress
	rep, err := Run(t.Context(), f, cfg)
	if !errors.Is(err, ErrBatchFailed) || !errors.Is(err, boom) {
		t.Fatalf("err = %v", err)
	}
	c := rep.Cell(ScenarioShared, Sequential, 2)
	if c == nil || c.Errors != 2 || c.FirstError != "boom" {
		t.Fatalf("failed cell %+v", c)
	}
	if rep.Cell(ScenarioResident, Sequential, 2) != nil {
		t.Error("ran on past a failed batch")
	}
	if !strings.Contains(progress.String(), "first error: boom") {
		t.Errorf("progress: %s", progress.String())
	}
	// The scenario that failed was still stopped.
	if last := f.calls[len(f.calls)-1]; last != "stop "+string(ScenarioShared) {
		t.Errorf("last call %q", last)
	}
}

func TestConfigEnv(t *testing.T) {
	env := map[string]string{
		"BENCH_BATCH_SIZES": "1, 5",
		"BENCH_ITERATIONS":  "3",
		"BENCH_WARMUP":      "0",
		"BENCH_SCENARIOS":   "shared,resident-runner",
	}
	cfg := DefaultConfig()
	if err := cfg.ApplyEnv(func(k string) string { return env[k] }); err != nil {
		t.Fatal(err)
	}
	if fmt.Sprint(cfg.BatchSizes) != "[1 5]" || cfg.Iterations != 3 || cfg.Warmup != 0 ||
		fmt.Sprint(cfg.Scenarios) != "[shared-sidecar resident-runner]" {
		t.Errorf("cfg %+v", cfg)
	}
	for k, v := range map[string]string{"BENCH_BATCH_SIZES": "0", "BENCH_ITERATIONS": "0", "BENCH_WARMUP": "-1", "BENCH_SCENARIOS": "nope"} {
		c := DefaultConfig()
		if err := c.ApplyEnv(func(key string) string {
			if key == k {
				return v
			}
			return ""
		}); err == nil || !strings.Contains(err.Error(), k) {
			t.Errorf("%s=%s: err %v", k, v, err)
		}
	}
}

// TestReportShape renders a report over every scenario, mode and phase
// and checks each table names them all.
func TestReportShape(t *testing.T) {
	f := &fakeDriver{}
	cfg := DefaultConfig()
	cfg.BatchSizes, cfg.Iterations, cfg.Warmup = []int{1, 2}, 1, 0
	rep, err := Run(t.Context(), f, cfg)
	if err != nil {
		t.Fatal(err)
	}
	rep.Memory = []MemoryPoint{{LiveVMs: 10, Sidecars: 2, Baseline: 40 << 20, Live: 60 << 20, Released: 45 << 20, PerVM: 2 << 20, Reclaimed: 0.75}}
	var md strings.Builder
	if err := rep.WriteMarkdown(&md); err != nil {
		t.Fatal(err)
	}
	out := md.String()
	sections := strings.Split(out, "### ")
	if len(sections) != 9 {
		t.Fatalf("%d sections:\n%s", len(sections)-1, out)
	}
	for _, sec := range sections[1:8] {
		for _, sc := range AllScenarios {
			if !strings.Contains(sec, "| "+string(sc)+" |") {
				t.Errorf("section %q lacks %s", firstLine(sec), sc)
			}
		}
	}
	for _, mode := range AllModes {
		if !strings.Contains(sections[2], "| "+string(mode)+" |") {
			t.Errorf("by-batch table lacks %s", mode)
		}
	}
	for _, h := range []string{"| scenario | mode | n | cold mean | cold p50 | cold p95 | cold p99 | warm mean | warm p50 |", "| scenario | mode | b=1 | b=2 |"} {
		if !strings.Contains(out, h) {
			t.Errorf("no header %q", h)
		}
	}
	for _, p := range []string{jobs.PhaseSidecarSpawn, jobs.PhaseSessionOpen, jobs.PhaseVMCreate, jobs.PhaseVMConfigure,
		jobs.PhaseRuntimeMountNode, jobs.PhaseRuntimeMountWASM, jobs.PhaseRuntimeCreateTotal, jobs.PhaseFirstExec, jobs.PhaseWarmExec} {
		if !strings.Contains(sections[7], " "+p+" |") {
			t.Errorf("phase table lacks %s", p)
		}
	}
	if !strings.Contains(sections[8], "| 10 | 2 | 40.0 | 60.0 | 2.00 | 45.0 | 75% |") {
		t.Errorf("memory table:\n%s", sections[8])
	}
	var js bytes.Buffer
	if err := rep.WriteJSON(&js); err != nil {
		t.Fatal(err)
	}
	var back Report
	if err := json.Unmarshal(js.Bytes(), &back); err != nil {
		t.Fatal(err)
	}
	if len(back.Cells) != len(rep.Cells) || back.Cells[0].Samples[0].PhasesMS[jobs.PhaseFirstExec] == 0 {
		t.Errorf("JSON round trip lost cells or phases")
	}
}

func firstLine(s string) string {
	line, _, _ := strings.Cut(s, "\n")
	return line
}
