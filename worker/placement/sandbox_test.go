package placement

import (
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/natsexec/natsexec/jobs"
	"github.com/natsexec/natsexec/worker/sidecar"
	"github.com/natsexec/natsexec/worker/sidecar/sidecartest"
)

// Every placement's sidecar, read from /proc while its job runs: the same
// layers hold for owned, shared and resident VMs, and each result says so.
func TestEveryPlacementIsConfined(t *testing.T) {
	if sidecar.TestSandbox() != sidecar.SandboxStrict {
		t.Skip("needs the strict sandbox")
	}
	m := newTestManager(t, Options{SharedSidecars: 1})
	var wg sync.WaitGroup
	results := make([]*jobs.Result, len(allPlacements))
	for i, p := range allPlacements {
		job := js(p, `setTimeout(() => console.log("done"), 1500)`)
		wg.Go(func() { results[i] = m.Run(t.Context(), job) })
	}
	// While the jobs wait, every live child of this test is a sidecar;
	// each is checked once it serves (stage 2: its seccomp filter is on).
	deadline := time.Now().Add(10 * time.Second)
	checked := map[int]bool{}
	for len(checked) < 2 && time.Now().Before(deadline) {
		for _, pid := range sidecartest.Children(t) {
			if !checked[pid] && sidecartest.Serving(pid) {
				sidecartest.AssertConfined(t, pid)
				checked[pid] = true
			}
		}
		time.Sleep(10 * time.Millisecond)
	}
	wg.Wait()
	for i, res := range results {
		p := allPlacements[i]
		if res.Status != jobs.StatusOK {
			t.Fatalf("%s: %s %s", p, res.Status, res.Error)
		}
		if !checked[res.SidecarPID] {
			t.Errorf("%s: sidecar %d was not seen live (checked %v)", p, res.SidecarPID, checked)
		}
		sb := res.Sandbox
		if sb == nil || sb.Mode != "strict" || sb.UID == 0 || !sb.PrivateRoot || !sb.NoCapabilities ||
			sb.Landlock == 0 || sb.Seccomp == "" || !strings.Contains(sb.Cgroup, "natsexec-sidecar-") || len(sb.Missing) > 0 {
			t.Errorf("%s: result's sandbox %+v", p, sb)
		}
	}
}

// A typed array filled in one native call cannot be stopped by the heap
// watchdog (it interrupts between JS instructions): the kernel kills the
// owned sidecar at its memory cgroup's limit, and the result says so.
func TestOwnedNativeAllocationKilledByKernel(t *testing.T) {
	if sidecar.TestSandbox() != sidecar.SandboxStrict {
		t.Skip("needs the memory cgroup of the strict sandbox")
	}
	m := newTestManager(t, Options{OwnedOverheadBytes: 64 << 20})
	job := js(jobs.PlacementOwned, `new Uint8Array(150e6).fill(1); console.log("survived")`)
	job.Limits.MemoryBytes = 32 << 20
	job.Limits.Timeout = jobs.Duration(60 * time.Second)
	res := m.Run(t.Context(), job)
	t.Logf("%s: %s", res.Status, res.Error)
	if res.Status != jobs.StatusKilled || !strings.Contains(res.Error, "the kernel killed the job's sidecar at its memory cgroup's limit of 100663296 bytes") ||
		!strings.Contains(res.Error, "natsexec-sidecar-") {
		t.Fatalf("native allocation past the limit: %s %q", res.Status, res.Error)
	}
	if ok := m.Run(t.Context(), js(jobs.PlacementOwned, `console.log("fine")`)); ok.Status != jobs.StatusOK {
		t.Fatalf("after the kill: %+v", ok)
	}
}
