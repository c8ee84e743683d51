package placement

import (
	"os"
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

// A block allocated and filled in one native call cannot be stopped by
// the heap watchdog (it interrupts between steps of the guest): the kernel
// kills the owned sidecar at its memory cgroup's limit, and the result
// says so. (A typed array's allocation and its fill are two calls: the
// watchdog may stop the guest between them, with the same verdict.)
func TestOwnedNativeAllocationKilledByKernel(t *testing.T) {
	if sidecar.TestSandbox() != sidecar.SandboxStrict {
		t.Skip("needs the memory cgroup of the strict sandbox")
	}
	m := newTestManager(t, Options{OwnedOverheadBytes: 64 << 20})
	// Within the string length bound (the job's memory in characters), but
	// two bytes a character: 200 MB filled in one call.
	job := js(jobs.PlacementOwned, `const s = "é".repeat(100e6); console.log("survived", s.length)`)
	job.Limits.MemoryBytes = 96 << 20
	job.Limits.Timeout = jobs.Duration(60 * time.Second)
	res := m.Run(t.Context(), job)
	t.Logf("%s: %s", res.Status, res.Error)
	if res.Status != jobs.StatusKilled || !strings.Contains(res.Error, "the kernel killed the job's sidecar at its memory cgroup's limit of 167772160 bytes") ||
		!strings.Contains(res.Error, "natsexec-sidecar-") {
		t.Fatalf("native allocation past the limit: %s %q", res.Status, res.Error)
	}
	if ok := m.Run(t.Context(), js(jobs.PlacementOwned, `console.log("fine")`)); ok.Status != jobs.StatusOK {
		t.Fatalf("after the kill: %+v", ok)
	}
}

// The hostile guests of the guest package's suite, run the way jobs run:
// in strict sidecars of every placement. Each gets the result it gets
// in-process, and the sidecar keeps serving (or, owned, is replaced).
func TestHostileGuestsInStrictSidecars(t *testing.T) {
	if sidecar.TestSandbox() != sidecar.SandboxStrict {
		t.Skip("needs the strict sandbox")
	}
	hostileWASM, err := os.ReadFile("../../guest/commands/testdata/hostile.wasm")
	if err != nil {
		t.Fatal(err)
	}
	m := newTestManager(t, Options{SharedSidecars: 1})
	cases := []struct {
		name   string
		job    func(p jobs.Placement) *jobs.Job
		status jobs.Status
		stdout string
		errHas string
	}{
		{"read /etc/passwd", jsJob(`try { require("fs").readFileSync("/etc/passwd"); console.log("READ") } catch (e) { console.log(e.code) }`),
			jobs.StatusOK, "ENOENT\n", ""},
		{"dotdot", jsJob(`try { require("fs").readFileSync("../../../../etc/passwd"); console.log("READ") } catch (e) { console.log(e.code) }`),
			jobs.StatusOK, "ENOENT\n", ""},
		{"write outside", jsJob(`const fs = require("fs"); fs.mkdirSync("/tmp"); fs.writeFileSync("../../../tmp/natsexec-escape", "x"); console.log(fs.readdirSync("/tmp").join())`),
			jobs.StatusOK, "natsexec-escape\n", ""},
		{"host env", jsJob(`console.log(JSON.stringify(process.env), typeof Function("return this")().process.env.HOME)`),
			jobs.StatusOK, "{} undefined\n", ""},
		{"busy loop", func(p jobs.Placement) *jobs.Job {
			j := jsJob(`while (true) {}`)(p)
			j.Limits.Timeout = jobs.Duration(300 * time.Millisecond)
			return j
		}, jobs.StatusTimeout, "", "wall-time limit"},
		{"heap bomb", func(p jobs.Placement) *jobs.Job {
			j := jsJob(`const a = []; while (true) a.push("x".repeat(1 << 16) + Math.random())`)(p)
			j.Limits.MemoryBytes = 32 << 20
			j.Limits.Timeout = jobs.Duration(30 * time.Second)
			return j
		}, jobs.StatusKilled, "", "memory"},
		{"output flood", jsJob(`for (;;) process.stdout.write("x".repeat(1 << 16))`), jobs.StatusKilled, "", "limit of"},
		{"wasm spin", wasmJob(hostileWASM, 300*time.Millisecond, "spin"), jobs.StatusTimeout, "", "wall-time limit"},
		{"wasm grow", wasmJob(hostileWASM, 10*time.Second, "grow"), jobs.StatusKilled, "", "memory"},
		{"wasm flood", wasmJob(hostileWASM, 10*time.Second, "flood", "stdout"), jobs.StatusKilled, "", "limit of"},
		{"child_process", jsJob(`console.log(require("child_process").execSync("echo hi | wc -c").toString().trim())`),
			jobs.StatusOK, "3\n", ""},
	}
	for _, p := range allPlacements {
		for _, c := range cases {
			res := m.Run(t.Context(), c.job(p))
			if res.Status != c.status || (c.stdout != "" && string(res.Stdout) != c.stdout) || !strings.Contains(res.Error, c.errHas) {
				t.Errorf("%s, %s: %s %q (stdout %q)", p, c.name, res.Status, res.Error, truncate(res.Stdout))
			}
		}
	}
	if _, err := os.Stat("/tmp/natsexec-escape"); err == nil {
		t.Error("a guest wrote outside its VM")
	}
}

func jsJob(src string) func(jobs.Placement) *jobs.Job {
	return func(p jobs.Placement) *jobs.Job { return js(p, src) }
}

func wasmJob(module []byte, timeout time.Duration, args ...string) func(jobs.Placement) *jobs.Job {
	return func(p jobs.Placement) *jobs.Job {
		j := &jobs.Job{ID: "t", Runtime: jobs.RuntimeWASM, Placement: p, Module: module, Args: args,
			Limits: jobs.Limits{Timeout: jobs.Duration(timeout), MemoryBytes: 8 << 20}}
		if err := j.Validate(); err != nil {
			panic(err)
		}
		return j
	}
}

func truncate(b []byte) string {
	if len(b) > 80 {
		return string(b[:80]) + "…"
	}
	return string(b)
}
