package placement

import (
	"context"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/natsexec/natsexec/jobs"
)

// stopProcess SIGSTOPs pid and waits until the kernel has stopped it, so a
// request sent after it returns meets a sidecar that cannot answer: the
// nearest thing to a guest stuck in a native call that we can make at will.
func stopProcess(t *testing.T, pid int) {
	t.Helper()
	if err := syscall.Kill(pid, syscall.SIGSTOP); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { syscall.Kill(pid, syscall.SIGCONT) })
	deadline := time.Now().Add(5 * time.Second)
	for procState(pid) != "T" && time.Now().Before(deadline) {
		time.Sleep(5 * time.Millisecond)
	}
	if st := procState(pid); st != "T" {
		t.Fatalf("sidecar %d in state %q after SIGSTOP", pid, st)
	}
}

// sharedSidecar runs a job to start the pool's one shared sidecar and
// returns its pid.
func sharedSidecar(t *testing.T, m *Manager) int {
	t.Helper()
	res := m.Run(t.Context(), js(jobs.PlacementShared, `1`))
	if res.Status != jobs.StatusOK {
		t.Fatalf("warm-up: %s %q", res.Status, res.Error)
	}
	return res.SidecarPID
}

// waitVMs waits until the manager's shared sidecars host n VMs.
func waitVMs(t *testing.T, m *Manager, n int) {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for m.Stats().LiveVMs < n {
		if time.Now().After(deadline) {
			t.Fatalf("%d live VMs, want %d", m.Stats().LiveVMs, n)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

func runAsync(ctx context.Context, m *Manager, job *jobs.Job) <-chan *jobs.Result {
	ch := make(chan *jobs.Result, 1)
	go func() { ch <- m.Run(ctx, job) }()
	return ch
}

// A shared sidecar killed from outside (kill -9: a crash nobody is blamed
// for) makes every job in it a suspect: each runs again once, owned, and
// ends ok there; the result lists the run set aside.
func TestCrashedSharedSidecarSuspectsRunOwned(t *testing.T) {
	m := newTestManager(t, Options{SharedSidecars: 1})
	pid := sharedSidecar(t, m)
	var chans []<-chan *jobs.Result
	for range 3 {
		job := js(jobs.PlacementShared, `setTimeout(() => console.log("done"), 1500)`)
		job.Limits.Timeout = jobs.Duration(20 * time.Second)
		chans = append(chans, runAsync(t.Context(), m, job))
	}
	waitVMs(t, m, 3)
	time.Sleep(300 * time.Millisecond) // let them reach their execs
	if err := syscall.Kill(pid, syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	for i, ch := range chans {
		res := <-ch
		if res.Status != jobs.StatusOK || string(res.Stdout) != "done\n" {
			t.Fatalf("job %d: %s %q (retries %+v)", i, res.Status, res.Error, res.Retries)
		}
		if res.Placement != jobs.PlacementOwned || len(res.Retries) != 1 {
			t.Fatalf("job %d: ran %s after %d retries, want owned after 1: %+v", i, res.Placement, len(res.Retries), res.Retries)
		}
		r := res.Retries[0]
		if !r.Suspect || r.Placement != jobs.PlacementShared || r.SidecarPID != pid || r.Status != jobs.StatusInfraError {
			t.Errorf("job %d: set-aside run %+v", i, r)
		}
	}
}

// A job whose exec stops answering is blamed for its shared sidecar's
// death: it alone runs again owned (here it was not really at fault, and
// ends ok there), while the job beside it, whose sidecar was killed on the
// other's account, runs again shared as an innocent.
func TestHungSharedSidecarBlamesTheJobThatHung(t *testing.T) {
	m := newTestManager(t, Options{SharedSidecars: 1, ExecGrace: 300 * time.Millisecond, OpTimeout: 5 * time.Second})
	pid := sharedSidecar(t, m)
	long := js(jobs.PlacementShared, `setTimeout(() => console.log("long"), 2500)`)
	long.ID = "long"
	long.Limits.Timeout = jobs.Duration(30 * time.Second)
	longCh := runAsync(t.Context(), m, long)
	waitVMs(t, m, 1)
	short := js(jobs.PlacementShared, `setTimeout(() => console.log("short"), 1000)`)
	short.ID = "short"
	short.Limits.Timeout = jobs.Duration(1500 * time.Millisecond)
	shortCh := runAsync(t.Context(), m, short)
	waitVMs(t, m, 2)
	time.Sleep(300 * time.Millisecond)
	stopProcess(t, pid)

	s := <-shortCh
	if s.Status != jobs.StatusOK || string(s.Stdout) != "short\n" || s.Placement != jobs.PlacementOwned {
		t.Fatalf("short: %s %s %q %q", s.Placement, s.Status, s.Stdout, s.Error)
	}
	if len(s.Retries) != 1 || !s.Retries[0].Suspect || !strings.Contains(s.Retries[0].Error, "did not answer") {
		t.Errorf("short's set-aside runs: %+v", s.Retries)
	}
	l := <-longCh
	if l.Status != jobs.StatusOK || string(l.Stdout) != "long\n" || l.Placement != jobs.PlacementShared || l.SidecarPID == pid {
		t.Fatalf("long: %s %s pid %d (old %d) %q", l.Placement, l.Status, l.SidecarPID, pid, l.Error)
	}
	if len(l.Retries) != 1 || l.Retries[0].Suspect || !strings.Contains(l.Retries[0].Error, "because another job in it") {
		t.Fatalf("long's set-aside runs: %+v", l.Retries)
	}
	if strings.Contains(l.Retries[0].Error, short.ID) {
		t.Errorf("an innocent job's result names the job blamed: %q", l.Retries[0].Error)
	}
}

// In an owned sidecar a hang is the job's own timeout, final at once, and
// a cancel the guest ignores ends within the cancel grace. (The lease is
// driven by hand so the stop meets the exec, not the provisioning.)
func TestOwnedHangIsFinal(t *testing.T) {
	m := newTestManager(t, Options{ExecGrace: 300 * time.Millisecond, CancelGrace: 300 * time.Millisecond})
	for _, cancelled := range []bool{false, true} {
		job := js(jobs.PlacementOwned, `setTimeout(() => console.log("x"), 100)`)
		job.Limits.Timeout = jobs.Duration(time.Second)
		if cancelled {
			job.Limits.Timeout = jobs.Duration(time.Minute)
		}
		ctx, cancel := context.WithCancel(t.Context())
		l, err := m.Acquire(ctx, job)
		if err != nil {
			t.Fatal(err)
		}
		stopProcess(t, l.SidecarPID())
		start := time.Now()
		if cancelled {
			time.AfterFunc(100*time.Millisecond, cancel)
		}
		res := l.Exec(ctx, execRequest(job))
		l.Release(t.Context())
		cancel()
		want := jobs.StatusTimeout
		if cancelled {
			want = jobs.StatusCancelled
			if d := time.Since(start); d > 5*time.Second {
				t.Errorf("cancel of a stuck guest took %s", d)
			}
		}
		if res.Status != want || l.verdict != final || !strings.Contains(res.Error, "was killed") {
			t.Errorf("cancelled=%v: %s %q verdict %d", cancelled, res.Status, res.Error, l.verdict)
		}
	}
}

// Jobs that would make a shared sidecar's failures ambiguous run owned from
// the start: one asking for more memory than a shared VM may have, and a
// WASM job whose module has not run on this worker before.
func TestAdmissionMovesToOwned(t *testing.T) {
	m := newTestManager(t, Options{SharedMaxJobMemory: 256 << 20})
	big := js(jobs.PlacementShared, `console.log("big")`)
	big.Limits.MemoryBytes = 512 << 20
	if res := m.Run(t.Context(), big); res.Status != jobs.StatusOK || res.Placement != jobs.PlacementOwned {
		t.Errorf("512 MiB job: %s in %s %q", res.Status, res.Placement, res.Error)
	}
	small := js(jobs.PlacementShared, `console.log("small")`)
	small.Limits.MemoryBytes = 256 << 20
	if res := m.Run(t.Context(), small); res.Status != jobs.StatusOK || res.Placement != jobs.PlacementShared {
		t.Errorf("256 MiB job: %s in %s %q", res.Status, res.Placement, res.Error)
	}

	for i, want := range []jobs.Placement{jobs.PlacementOwned, jobs.PlacementShared} {
		job := wasmJob(helloWASM(), 10*time.Second)(jobs.PlacementShared)
		res := m.Run(t.Context(), job)
		if res.Status != jobs.StatusOK || res.Placement != want {
			t.Errorf("wasm run %d: %s in %s, want %s: %q", i, res.Status, res.Placement, want, res.Error)
		}
	}
}

// helloWASM is the smallest WASI command: a _start that returns.
func helloWASM() []byte {
	return []byte{
		0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, // magic, version
		0x01, 0x04, 0x01, 0x60, 0x00, 0x00, // type: () -> ()
		0x03, 0x02, 0x01, 0x00, // func 0 has type 0
		0x07, 0x0a, 0x01, 0x06, '_', 's', 't', 'a', 'r', 't', 0x00, 0x00, // export _start
		0x0a, 0x04, 0x01, 0x02, 0x00, 0x0b, // code: no locals, end
	}
}

// An owned sidecar killed by someone the guest cannot reach (here the test,
// as an operator would) does not count against the job: it is innocent and
// runs again as it was. So is a job whose sidecar dies before its code ran.
func TestOwnedKilledFromOutsideIsInnocent(t *testing.T) {
	m := newTestManager(t, Options{})
	job := js(jobs.PlacementOwned, `setTimeout(() => console.log("x"), 3000)`)
	job.Limits.Timeout = jobs.Duration(30 * time.Second)
	l, err := m.Acquire(t.Context(), job)
	if err != nil {
		t.Fatal(err)
	}
	time.AfterFunc(300*time.Millisecond, func() { syscall.Kill(l.SidecarPID(), syscall.SIGKILL) })
	res := l.Exec(t.Context(), execRequest(job))
	l.Release(t.Context())
	if l.verdict != innocent || !strings.Contains(res.Error, "killed from outside") {
		t.Fatalf("%s %q verdict %d, want innocent", res.Status, res.Error, l.verdict)
	}

	// Through Run: the kill lands while the job runs; its answer comes from
	// the next run.
	before := childPIDs()
	done := make(chan *jobs.Result, 1)
	go func() { done <- m.Run(t.Context(), job) }()
	var pid int
	deadline := time.Now().Add(10 * time.Second)
	for pid == 0 && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
		for p := range childPIDs() {
			if _, old := before[p]; !old {
				pid = p
			}
		}
	}
	if pid == 0 {
		t.Fatal("no owned sidecar seen")
	}
	time.Sleep(300 * time.Millisecond)
	syscall.Kill(pid, syscall.SIGKILL)
	r := <-done
	if r.Status != jobs.StatusOK || string(r.Stdout) != "x\n" || len(r.Retries) != 1 || r.Retries[0].Suspect {
		t.Fatalf("%s %q %q retries %+v", r.Status, r.Stdout, r.Error, r.Retries)
	}
}
