package guest

import (
	"context"
	"os"
	"runtime"
	"runtime/debug"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/natsexec/natsexec/jobs"
)

// The reference benchmark's guest.
var benchReq = ExecRequest{Runtime: jobs.RuntimeJS, Source: "export const x = 1;"}

// reportP50 adds the median of per-iteration times, which is what the
// reference tables quote.
func reportP50(b *testing.B, ds []time.Duration) {
	if len(ds) == 0 {
		return
	}
	slices.Sort(ds)
	b.ReportMetric(float64(ds[len(ds)/2].Nanoseconds())/1e3, "p50-µs")
}

// BenchmarkNodeColdStart is vm_create + vm_configure + runtime_mount_node +
// first_exec of `export const x = 1` (target p50 ≤ 1 ms).
func BenchmarkNodeColdStart(b *testing.B) {
	h := nodeTestHost()
	ctx := context.Background()
	b.ReportAllocs()
	var ds []time.Duration
	for b.Loop() {
		t0 := time.Now()
		v, err := h.NewVM(ctx)
		if err != nil {
			b.Fatal(err)
		}
		if err := v.Configure(Config{}); err != nil {
			b.Fatal(err)
		}
		if err := v.MountNode(ctx); err != nil {
			b.Fatal(err)
		}
		res, err := v.Exec(ctx, benchReq)
		if err != nil || res.Kind != KindNone {
			b.Fatal(err, res.Error)
		}
		ds = append(ds, time.Since(t0))
		b.StopTimer()
		v.Close()
		b.StartTimer()
	}
	reportP50(b, ds)
}

// BenchmarkNodeWarmExec is a second and later exec in one VM (target ≤ 0.2 ms).
func BenchmarkNodeWarmExec(b *testing.B) {
	v := newNodeVM(b, Config{})
	ctx := context.Background()
	if _, err := v.Exec(ctx, benchReq); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	var ds []time.Duration
	for b.Loop() {
		t0 := time.Now()
		res, err := v.Exec(ctx, benchReq)
		if err != nil || res.Kind != KindNone {
			b.Fatal(err, res.Error)
		}
		ds = append(ds, time.Since(t0))
	}
	reportP50(b, ds)
}

// BenchmarkNodeResetExec is a resident runner's cycle: Reset, then exec in
// fresh globals (target ≤ 0.1 ms).
func BenchmarkNodeResetExec(b *testing.B) {
	v := newNodeVM(b, Config{})
	ctx := context.Background()
	b.ReportAllocs()
	var ds []time.Duration
	for b.Loop() {
		t0 := time.Now()
		if err := v.Reset(ctx); err != nil {
			b.Fatal(err)
		}
		res, err := v.Exec(ctx, benchReq)
		if err != nil || res.Kind != KindNone {
			b.Fatal(err, res.Error)
		}
		ds = append(ds, time.Since(t0))
	}
	reportP50(b, ds)
}

// BenchmarkNodeConsoleExec exercises the common surface: console with an
// object, a timer and a require.
func BenchmarkNodeConsoleExec(b *testing.B) {
	if testing.Short() {
		b.Skip("heavier benchmark")
	}
	v := newNodeVM(b, Config{})
	ctx := context.Background()
	req := ExecRequest{Runtime: jobs.RuntimeJS, Source: `const path = require("path"); setTimeout(() => console.log({a: path.join("a", "b")}), 0)`}
	b.ReportAllocs()
	for b.Loop() {
		if err := v.Reset(ctx); err != nil {
			b.Fatal(err)
		}
		if res, err := v.Exec(ctx, req); err != nil || res.Kind != KindNone {
			b.Fatal(err, res.Error)
		}
	}
}

func BenchmarkNodeTypeScriptCached(b *testing.B) {
	v := newNodeVM(b, Config{})
	ctx := context.Background()
	req := ExecRequest{Runtime: jobs.RuntimeTS, Source: "interface P { x: number }\nconst p: P = { x: 1 };\nexport const x: number = p.x;"}
	b.ReportAllocs()
	for b.Loop() {
		if res, err := v.Exec(ctx, req); err != nil || res.Kind != KindNone {
			b.Fatal(err, res.Error)
		}
	}
}

func rssBytes(t testing.TB) int64 {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		t.Skip("no /proc/self/status")
	}
	for _, line := range strings.Split(string(b), "\n") {
		if f := strings.Fields(line); len(f) >= 2 && f[0] == "VmRSS:" {
			kb, _ := strconv.ParseInt(f[1], 10, 64)
			return kb << 10
		}
	}
	t.Skip("no VmRSS")
	return 0
}

// TestNodeRSSPerVM keeps 200 VMs alive with node mounted and one exec run
// in each (so each holds a live goja runtime) and checks the RSS each adds
// (target ≤ 1 MB).
func TestNodeRSSPerVM(t *testing.T) {
	if testing.Short() {
		t.Skip("measures process RSS")
	}
	const n = 200
	ctx := context.Background()
	h := nodeTestHost()
	// Warm the shared caches so they are not charged to the VMs.
	w := newNodeVM(t, Config{})
	execReq(t, w, benchReq)
	runtime.GC()
	debug.FreeOSMemory()
	before := rssBytes(t)
	vms := make([]*VM, 0, n)
	for range n {
		v, err := h.NewVM(ctx)
		if err != nil {
			t.Fatal(err)
		}
		vms = append(vms, v)
		if err := v.Configure(Config{}); err != nil {
			t.Fatal(err)
		}
		if err := v.MountNode(ctx); err != nil {
			t.Fatal(err)
		}
		if res := execReq(t, v, benchReq); res.Kind != KindNone {
			t.Fatal(res.Error)
		}
	}
	runtime.GC()
	after := rssBytes(t)
	per := (after - before) / n
	t.Logf("RSS per live VM with node mounted: %d KiB (%d VMs, %d → %d KiB)", per>>10, n, before>>10, after>>10)
	if per > 1<<20 {
		t.Errorf("RSS per VM %d bytes, over 1 MB", per)
	}
	for _, v := range vms {
		v.Close()
	}
}
