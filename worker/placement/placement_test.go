package placement

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/natsexec/natsexec/jobs"
	"github.com/natsexec/natsexec/worker/sidecar"
)

func newTestManager(t *testing.T, opts Options) *Manager {
	t.Helper()
	opts.Spawn.Dir = t.TempDir()
	opts.Spawn.CacheDir = filepath.Join(os.TempDir(), "natsexec-test-wasm-cache")
	opts.Spawn.Sandbox = sidecar.TestSandbox()
	if opts.SharedSidecars == 0 {
		opts.SharedSidecars = 2
	}
	if os.Getenv("NATSEXEC_TEST_LOG") != "" {
		opts.Logger = slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelDebug}))
	}
	m, err := New(t.Context(), opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		m.Close(ctx)
		assertNoChildren(t)
	})
	return m
}

// assertNoChildren fails if any child process of the test is left, zombie
// or not.
func assertNoChildren(t *testing.T) {
	t.Helper()
	for pid, state := range childPIDs() {
		t.Errorf("child process %d left behind (state %s)", pid, state)
	}
}

// childPIDs maps the test's child processes to their states.
func childPIDs() map[int]string {
	self := strconv.Itoa(os.Getpid())
	kids := map[int]string{}
	entries, _ := os.ReadDir("/proc")
	for _, e := range entries {
		pid, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		b, err := os.ReadFile(filepath.Join("/proc", e.Name(), "stat"))
		if err != nil {
			continue
		}
		// pid (comm) state ppid: comm may hold spaces, so split after ')'.
		s := string(b)
		rest := strings.Fields(s[strings.LastIndexByte(s, ')')+1:])
		if len(rest) > 1 && rest[1] == self {
			kids[pid] = rest[0]
		}
	}
	return kids
}

// procState is the one-letter state of a process from /proc (R, S, T, Z...).
func procState(pid int) string {
	b, err := os.ReadFile(filepath.Join("/proc", strconv.Itoa(pid), "stat"))
	if err != nil {
		return ""
	}
	s := string(b)
	if f := strings.Fields(s[strings.LastIndexByte(s, ')')+1:]); len(f) > 0 {
		return f[0]
	}
	return ""
}

func js(placement jobs.Placement, src string) *jobs.Job {
	j := &jobs.Job{ID: "t", Runtime: jobs.RuntimeJS, Placement: placement, Source: src}
	if err := j.Validate(); err != nil {
		panic(err)
	}
	return j
}

var allPlacements = []jobs.Placement{jobs.PlacementOwned, jobs.PlacementShared, jobs.PlacementResident}

func TestRunEachPlacement(t *testing.T) {
	m := newTestManager(t, Options{})
	for _, p := range allPlacements {
		t.Run(string(p), func(t *testing.T) {
			for i := range 3 {
				res := m.Run(t.Context(), js(p, `console.log("n", 6*7); export const x = 1;`))
				if res.Status != jobs.StatusOK || string(res.Stdout) != "n 42\n" || res.SidecarPID == 0 {
					t.Fatalf("run %d: %+v (err %q)", i, res, res.Error)
				}
				if v, ok := res.Exports["x"]; !ok || fmt.Sprint(v) != "1" {
					t.Errorf("exports %v", res.Exports)
				}
				names := map[string]bool{}
				for _, ph := range res.Phases {
					names[ph.Name] = true
					if ph.Start.IsZero() || ph.Duration < 0 {
						t.Errorf("phase %+v", ph)
					}
				}
				want := []string{jobs.PhaseVMCreate, jobs.PhaseVMConfigure, jobs.PhaseRuntimeMountNode, jobs.PhaseRuntimeMountWASM, jobs.PhaseRuntimeCreateTotal, jobs.PhaseFirstExec}
				if p == jobs.PlacementOwned {
					want = append(want, jobs.PhaseSidecarSpawn, jobs.PhaseSessionOpen)
				}
				if p == jobs.PlacementResident && i > 0 {
					want = []string{jobs.PhaseWarmExec}
				}
				for _, w := range want {
					if !names[w] {
						t.Errorf("run %d: phase %s missing from %v", i, w, names)
					}
				}
			}
		})
	}
}

// A lease's second exec is a warm one on the same VM.
func TestLeaseWarmExec(t *testing.T) {
	m := newTestManager(t, Options{})
	for _, p := range allPlacements {
		job := js(p, `globalThis.n = (globalThis.n || 0) + 1; console.log(n)`)
		l, err := m.Acquire(t.Context(), job)
		if err != nil {
			t.Fatal(err)
		}
		first := l.Exec(t.Context(), execRequest(job))
		warm := l.Exec(t.Context(), execRequest(job))
		l.Release(t.Context())
		if string(first.Stdout) != "1\n" || string(warm.Stdout) != "2\n" {
			t.Errorf("%s: first %q warm %q", p, first.Stdout, warm.Stdout)
		}
		if _, ok := warm.Phase(jobs.PhaseWarmExec); !ok {
			t.Errorf("%s: no warm_exec phase", p)
		}
	}
}

// Resident VMs are reused with state reset between jobs.
func TestResidentResetsState(t *testing.T) {
	m := newTestManager(t, Options{SharedSidecars: 1})
	job := js(jobs.PlacementResident, `globalThis.n = (globalThis.n || 0) + 1; require("fs").writeFileSync("/f", "x"); console.log(n)`)
	var pid int
	for i := range 5 {
		res := m.Run(t.Context(), job)
		if res.Status != jobs.StatusOK || string(res.Stdout) != "1\n" {
			t.Fatalf("run %d: %+v %q", i, res.Status, res.Stdout)
		}
		if pid != 0 && res.SidecarPID != pid {
			t.Errorf("resident VM moved sidecars")
		}
		pid = res.SidecarPID
	}
	if st := m.Stats(); st.IdleResident != 1 {
		t.Errorf("idle resident VMs = %d, want 1 (reused)", st.IdleResident)
	}
}

// 200 execs at once on one shared sidecar, all correct.
func TestSharedSidecarConcurrency(t *testing.T) {
	m := newTestManager(t, Options{SharedSidecars: 1})
	var wg sync.WaitGroup
	errs := make(chan string, 200)
	pids := sync.Map{}
	for i := range 200 {
		wg.Go(func() {
			job := js(jobs.PlacementShared, fmt.Sprintf(`let s = 0; for (let k = 0; k < 1000; k++) s += k; console.log(%d, s)`, i))
			res := m.Run(t.Context(), job)
			pids.Store(res.SidecarPID, true)
			if want := fmt.Sprintf("%d 499500\n", i); res.Status != jobs.StatusOK || string(res.Stdout) != want {
				errs <- fmt.Sprintf("job %d: %s %q %s", i, res.Status, res.Stdout, res.Error)
			}
		})
	}
	wg.Wait()
	close(errs)
	for e := range errs {
		t.Error(e)
	}
	n := 0
	pids.Range(func(any, any) bool { n++; return true })
	if n != 1 {
		t.Errorf("jobs ran in %d sidecars, want 1", n)
	}
}

// kill -9 of a shared sidecar mid-exec fails the execs it held with an
// infra error, and the next job gets a fresh sidecar.
func TestSidecarKilledMidExec(t *testing.T) {
	m := newTestManager(t, Options{SharedSidecars: 1})
	job := js(jobs.PlacementShared, `while(true){}`)
	job.Limits.Timeout = jobs.Duration(time.Minute)
	l, err := m.Acquire(t.Context(), job)
	if err != nil {
		t.Fatal(err)
	}
	pid := l.SidecarPID()
	go func() {
		time.Sleep(100 * time.Millisecond)
		syscall.Kill(pid, syscall.SIGKILL)
	}()
	res := l.Exec(t.Context(), execRequest(job))
	l.Release(t.Context())
	if res.Status != jobs.StatusInfraError || !strings.Contains(res.Error, "killed") {
		t.Fatalf("after kill -9: %s %q", res.Status, res.Error)
	}
	next := m.Run(t.Context(), js(jobs.PlacementShared, `console.log("alive")`))
	if next.Status != jobs.StatusOK || next.SidecarPID == pid {
		t.Fatalf("next job: %s pid %d (old %d) %q", next.Status, next.SidecarPID, pid, next.Error)
	}
}

// A sidecar that stops answering is killed at its deadline.
func TestHungSidecarIsKilled(t *testing.T) {
	m := newTestManager(t, Options{SharedSidecars: 1, ExecGrace: 300 * time.Millisecond})
	job := js(jobs.PlacementShared, `console.log(1)`)
	job.Limits.Timeout = jobs.Duration(200 * time.Millisecond)
	l, err := m.Acquire(t.Context(), job)
	if err != nil {
		t.Fatal(err)
	}
	pid := l.SidecarPID()
	if err := syscall.Kill(pid, syscall.SIGSTOP); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { syscall.Kill(pid, syscall.SIGCONT) })
	// The stop takes effect when the kernel next schedules the sidecar;
	// wait until it has, so the exec below meets a stopped process.
	deadline := time.Now().Add(5 * time.Second)
	for procState(pid) != "T" && time.Now().Before(deadline) {
		time.Sleep(5 * time.Millisecond)
	}
	if st := procState(pid); st != "T" {
		t.Fatalf("sidecar %d in state %q after SIGSTOP", pid, st)
	}
	start := time.Now()
	res := l.Exec(t.Context(), execRequest(job))
	l.Release(t.Context())
	if res.Status != jobs.StatusInfraError || !strings.Contains(res.Error, "did not answer") {
		t.Fatalf("hung sidecar: %s %q", res.Status, res.Error)
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("took %s to give up", d)
	}
}

// An owned sidecar whose guest exhausts memory is the guest's fault: the
// result says killed, and nothing else is affected.
func TestOwnedSidecarMemoryExhaustion(t *testing.T) {
	m := newTestManager(t, Options{OwnedOverheadBytes: 512 << 20})
	job := js(jobs.PlacementOwned, `const a = []; while (true) a.push("x".repeat(1 << 20) + Math.random());`)
	job.Limits.MemoryBytes = 64 << 20
	job.Limits.Timeout = jobs.Duration(30 * time.Second)
	res := m.Run(t.Context(), job)
	if res.Status != jobs.StatusKilled || !strings.Contains(res.Error, "memory") {
		t.Fatalf("memory bomb: %s %q", res.Status, res.Error)
	}
	if ok := m.Run(t.Context(), js(jobs.PlacementOwned, `console.log("fine")`)); ok.Status != jobs.StatusOK {
		t.Fatalf("after memory bomb: %+v", ok)
	}
}

func TestCancelInterruptsGuest(t *testing.T) {
	m := newTestManager(t, Options{})
	// A loop of guest code, and a guest stuck inside one native call (a
	// backtracking regex that would run for hours).
	srcs := []string{`while(true){}`, `/^(a+)+(?=b)\1$/.test("a".repeat(34) + "c")`}
	for i, p := range append(allPlacements, allPlacements...) {
		job := js(p, srcs[i/len(allPlacements)])
		job.Limits.Timeout = jobs.Duration(time.Minute)
		ctx, cancel := context.WithCancel(t.Context())
		// Provisioning first (its time varies: a race-detector sidecar
		// starts slowly), then cancel the running guest.
		l, err := m.Acquire(ctx, job)
		if err != nil {
			t.Fatal(err)
		}
		time.AfterFunc(200*time.Millisecond, cancel)
		start := time.Now()
		res := l.Exec(ctx, execRequest(job))
		l.Release(t.Context())
		if res.Status != jobs.StatusCancelled {
			t.Errorf("%s: %s %q", p, res.Status, res.Error)
		}
		if d := time.Since(start); d > 5*time.Second {
			t.Errorf("%s: cancel took %s", p, d)
		}
	}
}

func TestPrespawnedOwnedPool(t *testing.T) {
	m := newTestManager(t, Options{PrespawnOwned: 2})
	deadline := time.Now().Add(10 * time.Second)
	for m.Stats().Prespawned < 2 && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	res := m.Run(t.Context(), js(jobs.PlacementOwned, `console.log("pre")`))
	if res.Status != jobs.StatusOK || string(res.Stdout) != "pre\n" {
		t.Fatalf("%+v", res)
	}
	if _, ok := res.Phase(jobs.PhaseSidecarSpawn); ok {
		t.Errorf("a prespawned sidecar's job should not pay sidecar_spawn")
	}
}

// No file descriptors leak across many owned and shared runs.
func TestNoFDLeak(t *testing.T) {
	m := newTestManager(t, Options{})
	count := func() int {
		ents, _ := os.ReadDir("/proc/self/fd")
		return len(ents)
	}
	// Warm up: the shared pool's sidecars (three pipes each) are meant to
	// stay.
	for range 3 {
		for _, p := range allPlacements {
			m.Run(t.Context(), js(p, "1"))
		}
	}
	before := count()
	for range 20 {
		for _, p := range allPlacements {
			if res := m.Run(t.Context(), js(p, "1")); res.Status != jobs.StatusOK {
				t.Fatal(res.Error)
			}
		}
	}
	// Owned sidecars are reaped asynchronously; give the reapers a moment.
	deadline := time.Now().Add(5 * time.Second)
	for count() > before+2 && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
	}
	if after := count(); after > before+2 {
		t.Errorf("fds: %d before, %d after 60 runs", before, after)
	}
}

// Idle resident VMs are bounded across keys and expire.
func TestResidentEviction(t *testing.T) {
	m := newTestManager(t, Options{SharedSidecars: 1, ResidentMaxIdleTotal: 3, ResidentIdleTTL: 300 * time.Millisecond})
	for i := range 6 {
		job := js(jobs.PlacementResident, "1")
		job.Env = map[string]string{"KEY": strconv.Itoa(i)} // a key of its own
		if res := m.Run(t.Context(), job); res.Status != jobs.StatusOK {
			t.Fatal(res.Error)
		}
		if n := m.Stats().IdleResident; n > 3 {
			t.Fatalf("%d idle resident VMs, cap 3", n)
		}
	}
	// Eviction disposes of VMs after taking them off the idle list, so
	// wait for both counts.
	deadline := time.Now().Add(5 * time.Second)
	for st := m.Stats(); (st.IdleResident > 0 || st.LiveVMs > 0) && time.Now().Before(deadline); st = m.Stats() {
		time.Sleep(20 * time.Millisecond)
	}
	if st := m.Stats(); st.IdleResident != 0 || st.LiveVMs != 0 {
		t.Errorf("after the TTL: %+v", st)
	}
}
