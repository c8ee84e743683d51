package bench

import (
	"bytes"
	"context"
	"errors"
	"os"
	"os/exec"
	"runtime"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/natsexec/natsexec/client"
	"github.com/natsexec/natsexec/jobs"
	"github.com/natsexec/natsexec/worker"
	"github.com/natsexec/natsexec/worker/placement"
	"github.com/natsexec/natsexec/worker/sidecar"
)

// startDefaultFleet runs a worker in this process as `worker` runs with
// its default flags (embedded NATS on a free port, shared sidecars one per
// core with 4 GiB each, 8 jobs per core), so its sidecars are this
// process's children.
func startDefaultFleet(t *testing.T) *client.Client {
	t.Helper()
	c, _ := serveFleet(t, placement.Options{
		SharedSidecars:  runtime.NumCPU(),
		ResidentMaxRuns: 1000,
		Spawn: sidecar.SpawnOptions{
			Sandbox:     sidecar.TestSandbox(),
			MemoryBytes: 4 << 30,
			UID:         sidecar.DefaultSidecarID,
			GID:         sidecar.DefaultSidecarID,
		},
	})
	return c
}

// checkSoak fails t for every guarantee the report shows broken, naming
// the jobs.
func checkSoak(t *testing.T, rep *SoakReport) {
	t.Helper()
	var md bytes.Buffer
	if err := rep.WriteMarkdown(&md); err != nil {
		t.Fatal(err)
	}
	t.Logf("\n%s", md.String())
	for _, p := range rep.Problems() {
		t.Error(p)
	}
	for _, v := range []string{VerdictFailed, VerdictWrongAnswer, VerdictUncontained, VerdictLost, VerdictNotSubmitted, VerdictUnfinished} {
		for _, j := range rep.Records(v) {
			t.Errorf("%s %s (%s, asked %s, ran on %s, attempt %d, %d retries): %s", v, j.ID, j.Kind, j.Placement, j.RanOn, j.Attempt, len(j.Retries), j.Why)
		}
	}
	if got := rep.Innocent.OK + rep.Innocent.ChaosKilled + rep.Hostile.Contained + rep.Hostile.ChaosKilled; got != len(rep.Jobs) {
		t.Errorf("%d of %d jobs accounted for as ok, contained or killed by the chaos", got, len(rep.Jobs))
	}
	// A SIGKILL from outside makes a job innocent wherever it ran, so the
	// chaos fails an innocent job only by killing four sidecars in a row
	// under it.
	for _, j := range rep.Records(VerdictChaosKilled) {
		if !j.Hostile {
			t.Errorf("innocent %s failed after the chaos killed its sidecars: %s", j.ID, j.Why)
		}
	}

}

// TestSoakShort is the chaos soak in small, end to end over real NATS: a
// worker with default flags, 120 jobs of which 12 hostile (every kind at
// least once), and a random sidecar SIGKILLed every second on average.
// Every innocent job must end ok with its answer, every hostile one with a
// final status naming its cause (never "gave up after N attempts"), none
// lost, none answered twice.
func TestSoakShort(t *testing.T) {
	c := startDefaultFleet(t)
	cfg := DefaultSoakConfig()
	cfg.Jobs, cfg.KillEvery = 120, time.Second
	cfg.JobWait, cfg.Drain, cfg.Settle = time.Minute, 90*time.Second, time.Second
	ctx, cancel := context.WithTimeout(t.Context(), 4*time.Minute)
	defer cancel()
	start := time.Now()
	rep, err := Soak(ctx, c, cfg, SidecarKiller(os.Getpid(), 7), tWriter{t})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("soak took %s", time.Since(start).Round(time.Second))
	checkSoak(t, rep)
	if rep.Hostile.Jobs != 12 {
		t.Errorf("%d hostile jobs, want 12", rep.Hostile.Jobs)
	}
	for _, k := range rep.Hostile.Kinds {
		if k.Jobs == 0 {
			t.Errorf("hostile kind %s never ran", k.Kind)
		}
	}
	// Without kills the soak proves nothing about them: the chaos must
	// find sidecars to kill (the shared ones are always there, but for a
	// moment after a kill).
	if tries := rep.Chaos.Kills + rep.Chaos.NoneLive; (tries >= 3 && rep.Chaos.Kills < tries/2) || rep.Chaos.Errors > 0 {
		t.Errorf("chaos: %d kills in %d tries, %d errors (%s)", rep.Chaos.Kills, tries, rep.Chaos.Errors, rep.Chaos.FirstError)
	}
}

// TestSoakLong is the soak: 2,000 jobs, 10% hostile, a kill every
// 2 s on average. NATSEXEC_SOAK=1 runs it; NATSEXEC_SOAK_JSON names a file
// for the full report.
func TestSoakLong(t *testing.T) {
	if os.Getenv("NATSEXEC_SOAK") != "1" {
		t.Skip("NATSEXEC_SOAK=1 runs the full soak")
	}
	c := startDefaultFleet(t)
	ctx, cancel := context.WithTimeout(t.Context(), 45*time.Minute)
	defer cancel()
	rep, err := Soak(ctx, c, DefaultSoakConfig(), SidecarKiller(os.Getpid(), 7), tWriter{t})
	if err != nil {
		t.Fatal(err)
	}
	if path := os.Getenv("NATSEXEC_SOAK_JSON"); path != "" {
		f, err := os.Create(path)
		if err != nil {
			t.Fatal(err)
		}
		if err := rep.WriteJSON(f); err != nil {
			t.Fatal(err)
		}
		if err := f.Close(); err != nil {
			t.Fatal(err)
		}
	}
	checkSoak(t, rep)
}

// TestSoakCountsLost: a soak against a NATS whose stream takes jobs but
// where no worker runs them counts every job lost, and names the guarantee
// broken: the harness does not pass what it cannot see.
func TestSoakCountsLost(t *testing.T) {
	ns, err := worker.StartEmbedded(worker.EmbeddedOptions{Port: -1, StoreDir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ns.Shutdown(); ns.WaitForShutdown() })
	nc, err := nats.Connect(ns.ClientURL())
	if err != nil {
		t.Fatal(err)
	}
	defer nc.Close()
	js, err := jetstream.New(nc)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := worker.EnsureStreams(t.Context(), js, worker.StreamOptions{}); err != nil {
		t.Fatal(err)
	}
	c, err := client.New(nc)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	cfg := DefaultSoakConfig()
	cfg.Jobs, cfg.HostileFraction, cfg.KillEvery = 4, 0.5, 0
	cfg.Drain, cfg.Settle = 500*time.Millisecond, 100*time.Millisecond
	rep, err := Soak(t.Context(), c, cfg, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Lost) != 4 || len(rep.Records(VerdictLost)) != 4 || rep.Innocent.OK != 0 {
		t.Fatalf("lost %v, innocent ok %d", rep.Lost, rep.Innocent.OK)
	}
	probs := rep.Problems()
	if len(probs) != 1 || !strings.Contains(probs[0], "4 jobs lost") {
		t.Fatalf("problems %q", probs)
	}
	var md bytes.Buffer
	if err := rep.WriteMarkdown(&md); err != nil || !strings.Contains(md.String(), "| lost | 4 |") {
		t.Fatalf("markdown (err %v):\n%s", err, md.String())
	}
}

// TestSoakPlan: the plan is the seed's, hostile jobs are the fraction
// asked and cover every kind, placements follow the mix, and every job
// validates.
func TestSoakPlan(t *testing.T) {
	cfg := DefaultSoakConfig()
	cfg.setDefaults()
	a, b := planSoak(cfg, "r"), planSoak(cfg, "r")
	hostile, byPlacement, kinds := 0, map[jobs.Placement]int{}, map[string]int{}
	for i := range a {
		if a[i].job.Source != b[i].job.Source || a[i].placement != b[i].placement {
			t.Fatalf("job %d differs between two plans of one seed", i)
		}
		if err := a[i].job.Validate(); err != nil {
			t.Fatalf("job %d (%s): %v", i, a[i].kind, err)
		}
		byPlacement[a[i].placement]++
		kinds[a[i].kind]++
		if a[i].hostile != nil {
			hostile++
		} else if a[i].want == "" {
			t.Fatalf("innocent job %d has no answer", i)
		}
	}
	if hostile != 200 {
		t.Errorf("%d hostile of 2000", hostile)
	}
	for _, k := range HostileKinds {
		if kinds[k.Name] != 20 {
			t.Errorf("kind %s: %d jobs, want 20", k.Name, kinds[k.Name])
		}
	}
	// 80/10/10 of 2000, with generous slack.
	if byPlacement[jobs.PlacementShared] < 1400 || byPlacement[jobs.PlacementOwned] < 100 || byPlacement[jobs.PlacementResident] < 100 {
		t.Errorf("placements %v", byPlacement)
	}
	cfg.Seed = 2
	c := planSoak(cfg, "r")
	if slices.EqualFunc(a, c, func(x, y *soakJob) bool { return x.job.Source == y.job.Source }) {
		t.Error("another seed gave the same plan")
	}

	if _, err := ParsePlacementMix("shared=1,owned=x"); err == nil {
		t.Error("bad weight accepted")
	}
	if _, err := ParsePlacementMix("shared=0"); err == nil {
		t.Error("all-zero mix accepted")
	}
	if m, err := ParsePlacementMix("owned=1"); err != nil || m != (PlacementMix{Owned: 1}) {
		t.Errorf("owned=1: %+v %v", m, err)
	}
	bad := DefaultSoakConfig()
	bad.Kinds = []string{"nope"}
	bad.setDefaults()
	if err := bad.Validate(); err == nil {
		t.Error("unknown kind accepted")
	}
}

// TestHostileJudge: what counts as containing a hostile job.
func TestHostileJudge(t *testing.T) {
	loop, _ := hostileKind("infinite-loop")
	hog, _ := hostileKind("memory-hog")
	for _, tc := range []struct {
		k      *HostileKind
		status jobs.Status
		err    string
		ok     bool
	}{
		{loop, jobs.StatusTimeout, "the guest ran past its wall-time limit of 2s", true},
		{loop, jobs.StatusTimeout, "", false},
		{loop, jobs.StatusTimeout, "stopped", false},
		{loop, jobs.StatusInfraError, "sidecar died", false},
		{loop, jobs.StatusTimeout, "gave up after 5 attempts: wall time", false},
		{loop, jobs.StatusOK, "", false},
		{hog, jobs.StatusKilled, "memory limit: heap passed 128 MiB", true},
		// The deadline came first: contained, the status names it.
		{hog, jobs.StatusTimeout, "wall-time limit of 6s reached", true},
		{hog, jobs.StatusGuestError, "RangeError", false},
		{hog, jobs.StatusKilled, "the job's own sidecar died while running it", false},
	} {
		if why := tc.k.judge(tc.status, tc.err); (why == "") != tc.ok {
			t.Errorf("%s %s %q: judged %q", tc.k.Name, tc.status, tc.err, why)
		}
	}
}

// TestLiveSidecars: the killer finds this process's sidecar and nothing
// else (not a child of another kind, not a sidecar of another parent),
// kills it with SIGKILL, and then finds none.
func TestLiveSidecars(t *testing.T) {
	other := exec.Command("sleep", "30")
	if err := other.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = other.Process.Kill(); _ = other.Wait() })
	p, err := sidecar.Spawn(t.Context(), sidecar.SpawnOptions{Dir: t.TempDir(), Sandbox: sidecar.TestSandbox()})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { p.Close(2 * time.Second) })
	ctx, cancel := context.WithTimeout(t.Context(), 10*time.Second)
	defer cancel()
	if _, err := p.Open(ctx, sidecar.Session{}); err != nil {
		t.Fatalf("open: %v (%s)", err, p.ExitReason())
	}

	pids, err := LiveSidecars(os.Getpid())
	if err != nil || !slices.Equal(pids, []int{p.PID()}) {
		t.Fatalf("sidecars %v (%v), want [%d]; the other child is %d", pids, err, p.PID(), other.Process.Pid)
	}
	if got, err := LiveSidecars(1); err != nil || slices.Contains(got, p.PID()) {
		t.Errorf("sidecars of pid 1: %v %v", got, err)
	}
	kill := SidecarKiller(os.Getpid(), 1)
	if pid, err := kill(); err != nil || pid != p.PID() {
		t.Fatalf("kill: %d %v", pid, err)
	}
	select {
	case <-p.Exited():
	case <-time.After(10 * time.Second):
		t.Fatal("the sidecar outlived its SIGKILL by 10s")
	}
	if r := p.ExitReason(); !strings.Contains(r, "SIGKILL") {
		t.Errorf("exit: %s", r)
	}
	if pid, err := kill(); !errors.Is(err, ErrNoSidecar) {
		t.Errorf("second kill: %d %v", pid, err)
	}
	if err := other.Process.Signal(syscall.Signal(0)); err != nil {
		t.Errorf("the other child: %v", err)
	}
}

// tWriter sends progress lines to the test log.
type tWriter struct{ t *testing.T }

func (w tWriter) Write(p []byte) (int, error) {
	w.t.Log(strings.TrimRight(string(p), "\n"))
	return len(p), nil
}

// A run that died opening its session reports no pid; the soak reads the
// killed sidecar from the worker's error, as the worker words it.
func TestDiedPID(t *testing.T) {
	m := diedPID.FindStringSubmatch("gave up after 5 attempts: session_open: sidecar: process died: unexpected EOF (sidecar 31258 killed by SIGKILL (killed))")
	if m == nil || m[1] != "31258" {
		t.Errorf("got %q", m)
	}
}
