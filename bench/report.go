package bench

import (
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/natsexec/natsexec/jobs"
)

// PhaseOrder is the order phases are reported in; phases a driver adds
// beyond these follow, sorted by name.
var PhaseOrder = []string{
	jobs.PhaseQueueWait,
	jobs.PhaseSidecarSpawn,
	jobs.PhaseSessionOpen,
	jobs.PhaseVMCreate,
	jobs.PhaseVMConfigure,
	jobs.PhaseRuntimeMountNode,
	jobs.PhaseRuntimeMountWASM,
	jobs.PhaseRuntimeCreateTotal,
	jobs.PhaseFirstExec,
	jobs.PhaseWarmExec,
	PhaseReset,
	jobs.PhaseResultPublish,
}

// PhaseReset is the resident VM's reset between jobs, timed by the local
// driver around the release of the cold lease.
const PhaseReset = "reset"

// Report is a matrix run: configuration, every cell's summaries and
// samples, and the memory figure.
type Report struct {
	Started   time.Time     `json:"started"`
	Finished  time.Time     `json:"finished"`
	Semantics Semantics     `json:"semantics"`
	Host      HostInfo      `json:"host"`
	Config    ConfigJSON    `json:"config"`
	Cells     []Cell        `json:"cells"`
	Memory    []MemoryPoint `json:"memory,omitempty"`
}

// HostInfo describes the machine measured on.
type HostInfo struct {
	GOOS      string `json:"goos"`
	GOARCH    string `json:"goarch"`
	NumCPU    int    `json:"num_cpu"`
	GoVersion string `json:"go_version"`
	// LoadStart and LoadEnd are /proc/loadavg when the run started and
	// ended: other work on the machine skews the numbers.
	LoadStart string `json:"load_start,omitempty"`
	LoadEnd   string `json:"load_end,omitempty"`
}

// ConfigJSON is the Config as recorded in a report.
type ConfigJSON struct {
	Scenarios   []Scenario `json:"scenarios"`
	Modes       []Mode     `json:"modes"`
	BatchSizes  []int      `json:"batch_sizes"`
	Iterations  int        `json:"iterations"`
	Warmup      int        `json:"warmup"`
	Concurrency int        `json:"concurrency"`
	Percentiles string     `json:"percentiles"`
	// Extra carries driver settings (pre-spawn pool size, NATS path...).
	Extra map[string]string `json:"extra,omitempty"`
}

// Cell is one scenario × mode × batch size over the measured iterations.
type Cell struct {
	Scenario Scenario `json:"scenario"`
	Mode     Mode     `json:"mode"`
	Batch    int      `json:"batch"`
	Cold     Summary  `json:"cold"`
	// Warm has N == 0 when the scenario has no warm measure.
	Warm Summary `json:"warm"`
	// Phases summarise each phase over the samples that recorded it.
	Phases     map[string]Summary `json:"phases"`
	Errors     int                `json:"errors"`
	FirstError string             `json:"first_error,omitempty"`
	// BatchWallMS is each measured batch's wall time, first sample
	// launched to last finished.
	BatchWallMS []float64      `json:"batch_wall_ms"`
	Samples     []SampleRecord `json:"samples"`
}

// SampleRecord is one sample as written to JSON.
type SampleRecord struct {
	BatchID   string             `json:"batch_id"`
	Iteration int                `json:"iteration"`
	ColdMS    float64            `json:"cold_ms,omitempty"`
	WarmMS    *float64           `json:"warm_ms,omitempty"`
	PhasesMS  map[string]float64 `json:"phases_ms,omitempty"`
	Error     string             `json:"error,omitempty"`
}

// MemoryPoint is RSS with N live VMs held open in the shared sidecars.
type MemoryPoint struct {
	LiveVMs  int   `json:"live_vms"`
	Sidecars int   `json:"sidecars"`
	Baseline int64 `json:"baseline_rss_bytes"` // the sidecars before the VMs
	Live     int64 `json:"live_rss_bytes"`     // with N VMs live
	Released int64 `json:"released_rss_bytes"` // after releasing them
	// PerVM is (Live - Baseline) / N.
	PerVM int64 `json:"per_vm_bytes"`
	// Reclaimed is (Live - Released) / (Live - Baseline): the share of
	// the VMs' memory teardown gave back to the OS.
	Reclaimed float64 `json:"reclaimed"`
}

func (c *Cell) add(b Batch, results []sampleResult, wall time.Duration) {
	c.BatchWallMS = append(c.BatchWallMS, ms(wall))
	for _, r := range results {
		rec := SampleRecord{BatchID: b.ID, Iteration: b.Iteration}
		if r.err != nil {
			rec.Error = r.err.Error()
			c.Errors++
			if c.FirstError == "" {
				c.FirstError = rec.Error
			}
			c.Samples = append(c.Samples, rec)
			continue
		}
		rec.ColdMS = ms(r.s.Cold)
		if r.s.HasWarm {
			w := ms(r.s.Warm)
			rec.WarmMS = &w
		}
		if len(r.s.Phases) > 0 {
			rec.PhasesMS = make(map[string]float64, len(r.s.Phases))
			for k, v := range r.s.Phases {
				rec.PhasesMS[k] = ms(v)
			}
		}
		c.Samples = append(c.Samples, rec)
	}
}

// finish computes the summaries from the samples.
func (c *Cell) finish() {
	var cold, warm []time.Duration
	phases := map[string][]time.Duration{}
	d := func(v float64) time.Duration { return time.Duration(v * float64(time.Millisecond)) }
	for _, s := range c.Samples {
		if s.Error != "" {
			continue
		}
		cold = append(cold, d(s.ColdMS))
		if s.WarmMS != nil {
			warm = append(warm, d(*s.WarmMS))
		}
		for k, v := range s.PhasesMS {
			phases[k] = append(phases[k], d(v))
		}
	}
	c.Cold, c.Warm = Summarize(cold), Summarize(warm)
	c.Phases = make(map[string]Summary, len(phases))
	for k, v := range phases {
		c.Phases[k] = Summarize(v)
	}
}

// Cell returns the cell for sc, mode and batch, or nil.
func (r *Report) Cell(sc Scenario, mode Mode, batch int) *Cell {
	for i := range r.Cells {
		c := &r.Cells[i]
		if c.Scenario == sc && c.Mode == mode && c.Batch == batch {
			return c
		}
	}
	return nil
}

// PhaseNames lists every phase recorded anywhere in the report, in
// PhaseOrder then by name.
func (r *Report) PhaseNames() []string {
	seen := map[string]bool{}
	for _, c := range r.Cells {
		for k := range c.Phases {
			seen[k] = true
		}
	}
	var out []string
	for _, p := range PhaseOrder {
		if seen[p] {
			out = append(out, p)
			delete(seen, p)
		}
	}
	return append(out, slices.Sorted(maps.Keys(seen))...)
}

// WriteJSON writes the whole report, samples included. It is compact: a
// full matrix holds tens of thousands of samples (pipe it through jq to
// read it).
func (r *Report) WriteJSON(w io.Writer) error {
	return json.NewEncoder(w).Encode(r)
}

// WriteMarkdown writes the tables in the reference's shape: cold and warm
// at the smallest batch, cold mean by batch size, concurrent/sequential
// ratios, every cell in full, per-phase p50s and the memory figure.
func (r *Report) WriteMarkdown(w io.Writer) error {
	p := &mdWriter{w: w}
	p.f("## natsexec cold-start matrix (%s driver)\n\n", r.Semantics.Driver)
	p.f("- cold: %s\n", r.Semantics.Cold)
	p.f("- warm: %s\n", r.Semantics.Warm)
	for _, n := range r.Semantics.Notes {
		p.f("- %s\n", n)
	}
	p.f("- host: %s/%s, %d CPUs, %s; guest `%s`\n", r.Host.GOOS, r.Host.GOARCH, r.Host.NumCPU, r.Host.GoVersion, strings.TrimSpace(GuestSource))
	if r.Host.LoadStart != "" {
		p.f("- load average (1, 5, 15 min) at start %s, at end %s; run took %s\n", r.Host.LoadStart, r.Host.LoadEnd, r.Finished.Sub(r.Started).Round(time.Second))
	}
	p.f("- matrix: batch sizes %v, modes %v, %d iterations + %d warm-up, concurrency cap %d; percentiles %s\n",
		r.Config.BatchSizes, r.Config.Modes, r.Config.Iterations, r.Config.Warmup, r.Config.Concurrency, r.Config.Percentiles)
	for _, k := range slices.Sorted(maps.Keys(r.Config.Extra)) {
		p.f("- %s: %s\n", k, r.Config.Extra[k])
	}
	p.f("\n")

	batches := r.Config.BatchSizes
	if len(batches) > 0 {
		b0 := slices.Min(batches)
		p.f("### Cold and warm at b=%d (ms)\n\n", b0)
		p.f("| scenario | mode | n | cold mean | cold p50 | cold p95 | cold p99 | warm mean | warm p50 | warm p95 | warm p99 |\n")
		p.f("|---|---|---|---|---|---|---|---|---|---|---|\n")
		for _, sc := range r.Config.Scenarios {
			for _, mode := range r.Config.Modes {
				if c := r.Cell(sc, mode, b0); c != nil {
					p.f("| %s | %s | %d | %s | %s |\n", sc, mode, c.Cold.N, summaryCols(c.Cold), summaryCols(c.Warm))
				}
			}
		}
		p.f("\n")
	}

	p.f("### Cold mean by batch size (ms)\n\n")
	p.byBatch(r, func(c *Cell) string { return fmtMS(c.Cold.Mean, c.Cold.N) })
	p.f("### Warm p50 by batch size (ms)\n\n")
	p.byBatch(r, func(c *Cell) string { return fmtMS(c.Warm.P50, c.Warm.N) })

	p.f("### Throughput by batch size (samples/s: batch size / batch wall time, mean over iterations)\n\n")
	p.byBatch(r, func(c *Cell) string {
		if len(c.BatchWallMS) == 0 {
			return "—"
		}
		var sum float64
		for _, w := range c.BatchWallMS {
			sum += w
		}
		return fmt.Sprintf("%.0f", float64(c.Batch)/(sum/float64(len(c.BatchWallMS))/1000))
	})

	if slices.Contains(r.Config.Modes, Sequential) && slices.Contains(r.Config.Modes, Concurrent) {
		p.f("### Concurrent / sequential cold mean\n\n")
		p.f("| scenario |")
		for _, b := range batches {
			p.f(" b=%d |", b)
		}
		p.f("\n|---|%s\n", strings.Repeat("---|", len(batches)))
		for _, sc := range r.Config.Scenarios {
			p.f("| %s |", sc)
			for _, b := range batches {
				s, c := r.Cell(sc, Sequential, b), r.Cell(sc, Concurrent, b)
				if s == nil || c == nil || s.Cold.N == 0 || c.Cold.N == 0 || s.Cold.Mean == 0 {
					p.f(" — |")
					continue
				}
				p.f(" %.2f× |", float64(c.Cold.Mean)/float64(s.Cold.Mean))
			}
			p.f("\n")
		}
		p.f("\n")
	}

	p.f("### Every cell (ms)\n\n")
	p.f("| scenario | mode | b | n | err | cold mean | cold p50 | cold p95 | cold p99 | warm mean | warm p50 | warm p95 | warm p99 |\n")
	p.f("|---|---|---|---|---|---|---|---|---|---|---|---|---|\n")
	for _, c := range r.Cells {
		p.f("| %s | %s | %d | %d | %d | %s | %s |\n", c.Scenario, c.Mode, c.Batch, c.Cold.N, c.Errors, summaryCols(c.Cold), summaryCols(c.Warm))
	}
	p.f("\n")

	names := r.PhaseNames()
	if len(names) > 0 {
		p.f("### Phase p50 (ms; (k/n) = recorded by k of n samples)\n\n")
		p.f("| scenario | mode | b |")
		for _, n := range names {
			p.f(" %s |", n)
		}
		p.f("\n|---|---|---|%s\n", strings.Repeat("---|", len(names)))
		for _, c := range r.Cells {
			p.f("| %s | %s | %d |", c.Scenario, c.Mode, c.Batch)
			for _, n := range names {
				s, ok := c.Phases[n]
				switch {
				case !ok || s.N == 0:
					p.f(" — |")
				case s.N < c.Cold.N:
					p.f(" %s (%d/%d) |", fmtMS(s.P50, 1), s.N, c.Cold.N)
				default:
					p.f(" %s |", fmtMS(s.P50, 1))
				}
			}
			p.f("\n")
		}
		p.f("\n")
	}

	if len(r.Memory) > 0 {
		p.f("### Memory: shared sidecars' RSS with N live VMs\n\n")
		p.f("| live VMs | sidecars | baseline MB | live MB | per VM MB | after release MB | teardown reclaims |\n")
		p.f("|---|---|---|---|---|---|---|\n")
		for _, m := range r.Memory {
			p.f("| %d | %d | %.1f | %.1f | %.2f | %.1f | %.0f%% |\n", m.LiveVMs, m.Sidecars, mb(m.Baseline), mb(m.Live), mb(m.PerVM), mb(m.Released), 100*m.Reclaimed)
		}
		p.f("\n")
	}
	return p.err
}

func (p *mdWriter) byBatch(r *Report, cell func(*Cell) string) {
	p.f("| scenario | mode |")
	for _, b := range r.Config.BatchSizes {
		p.f(" b=%d |", b)
	}
	p.f("\n|---|---|%s\n", strings.Repeat("---|", len(r.Config.BatchSizes)))
	for _, sc := range r.Config.Scenarios {
		for _, mode := range r.Config.Modes {
			p.f("| %s | %s |", sc, mode)
			for _, b := range r.Config.BatchSizes {
				if c := r.Cell(sc, mode, b); c != nil {
					p.f(" %s |", cell(c))
				} else {
					p.f(" — |")
				}
			}
			p.f("\n")
		}
	}
	p.f("\n")
}

type mdWriter struct {
	w   io.Writer
	err error
}

func (p *mdWriter) f(format string, args ...any) {
	if p.err == nil {
		_, p.err = fmt.Fprintf(p.w, format, args...)
	}
}

// summaryCols is "mean | p50 | p95 | p99", dashes where not measured.
func summaryCols(s Summary) string {
	if s.N == 0 {
		return "— | — | — | —"
	}
	p99 := "—"
	if s.HasP99 {
		p99 = fmtMS(s.P99, 1)
	}
	return strings.Join([]string{fmtMS(s.Mean, 1), fmtMS(s.P50, 1), fmtMS(s.P95, 1), p99}, " | ")
}

// fmtMS prints milliseconds with precision that suits the size.
func fmtMS(d time.Duration, n int) string {
	if n == 0 {
		return "—"
	}
	v := ms(d)
	switch {
	case v >= 100:
		return fmt.Sprintf("%.1f", v)
	case v >= 1:
		return fmt.Sprintf("%.2f", v)
	default:
		return fmt.Sprintf("%.3f", v)
	}
}

func mb(b int64) float64 { return float64(b) / (1 << 20) }
