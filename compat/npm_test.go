package compat

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/nats-io/nats.go"
	"go.uber.org/goleak"

	"github.com/natsexec/natsexec/bundle"
	"github.com/natsexec/natsexec/client"
	"github.com/natsexec/natsexec/client/clienttest"
	"github.com/natsexec/natsexec/jobs"
	"github.com/natsexec/natsexec/worker"
	"github.com/natsexec/natsexec/worker/sidecar"
)

// knownFailing are corpus programs that do not match Node 20 yet, each with
// why. They still run; one that starts to pass fails the test until its
// entry is removed, so the map never hides a fix.
var knownFailing = map[string]string{
	"cheerio": "cheerio's index loads undici, which needs http, http2, tls, worker_threads and util.debuglog at load (net, dns and diagnostics_channel are there; http and https come with the network, issue 14)",
}

const (
	// inFlight bounds the jobs submitted at once: CI has two cores.
	inFlight = 4
	// jobTimeout is each job's wall-time limit. Memory and everything else
	// are the defaults; time is not, because CI's two cores run other
	// packages' tests beside this one. That the program would fit the
	// default timeout on its own is asserted on the CPU time it used.
	jobTimeout = 2 * time.Minute
)

// bundleSubcommand makes the test binary bundle the entries named after it
// and print them as JSON (see helperBinary).
const bundleSubcommand = "natsexec-compat-bundle"

func TestMain(m *testing.M) {
	if len(os.Args) > 1 {
		switch os.Args[1] {
		case sidecar.Subcommand: // the worker's sidecars re-execute the binary
			os.Exit(sidecar.Main(os.Args[2:]))
		case bundleSubcommand:
			os.Exit(bundleMain(os.Args[2:]))
		}
	}
	os.Exit(m.Run())
}

// program is one corpus entry: npm/programs/NAME.js and its bundle.
type program struct {
	name   string
	want   []byte // Node 20's stdout, NAME.out
	bundle *bundle.Result
	res    *jobs.Result
	err    error // submitting or awaiting the job
}

// TestNPMCorpus bundles each npm/programs/NAME.js with the packages it
// uses, runs the bundles through a real worker (embedded NATS, sidecar
// processes, default limits) and requires each to print exactly what Node
// 20 printed, NAME.out (regenerate with `node programs/NAME.js > NAME.out`
// in npm/).
func TestNPMCorpus(t *testing.T) {
	dir, err := filepath.Abs("npm")
	if err != nil {
		t.Fatal(err)
	}
	ensureNodeModules(t, dir)
	progs := loadPrograms(t, dir)
	for name := range knownFailing {
		if !slices.ContainsFunc(progs, func(p *program) bool { return p.name == name }) {
			t.Errorf("knownFailing names %q, which is not in the corpus", name)
		}
	}

	helper := helperBinary(t)
	start := time.Now()
	bundleAll(t, helper, dir, progs)
	t.Logf("bundled %d programs in %s", len(progs), time.Since(start).Round(time.Millisecond))

	// The worker's and the client's goroutines must all be gone once the
	// worker has stopped (a cleanup registered after this one, so run first).
	ignore := goleak.IgnoreCurrent()
	t.Cleanup(func() { goleak.VerifyNone(t, ignore) })
	url := startWorker(t, helper)
	start = time.Now()
	runAll(t, url, progs)
	t.Logf("ran %d jobs in %s", len(progs), time.Since(start).Round(time.Millisecond))

	var summary strings.Builder
	fmt.Fprintf(&summary, "%-16s %9s  %-11s %9s %8s  %s\n", "program", "bundle", "status", "cpu", "peak", "verdict")
	for _, p := range progs {
		problem := p.check()
		reason, known := knownFailing[p.name]
		t.Run(p.name, func(t *testing.T) {
			switch {
			case known && problem == "":
				t.Errorf("passes now: remove it from knownFailing (%s)", reason)
			case known:
				t.Logf("known failing: %s\n%s", reason, problem)
			case problem != "":
				t.Error(problem)
			}
		})
		verdict := "pass"
		if problem != "" {
			verdict = "FAIL"
			if known {
				verdict = "known failing"
			}
		}
		fmt.Fprintf(&summary, "%-16s %8dK  %s  %s\n", p.name, len(p.bundle.Source)>>10, p.usage(), verdict)
	}
	t.Logf("corpus results:\n%s", summary.String())
}

// ensureNodeModules installs npm/node_modules from package-lock.json when it
// is missing or older than the lock file. CI runs `npm ci` itself first
// (.ci/run); without npm here the test cannot build its bundles.
func ensureNodeModules(t *testing.T, dir string) {
	t.Helper()
	lock, err := os.Stat(filepath.Join(dir, "package-lock.json"))
	if err != nil {
		t.Fatal(err)
	}
	if installed, err := os.Stat(filepath.Join(dir, "node_modules", ".package-lock.json")); err == nil && !installed.ModTime().Before(lock.ModTime()) {
		return
	}
	npm, err := exec.LookPath("npm")
	if err != nil {
		t.Skip("npm is not on PATH: cannot install compat/npm/node_modules (run `npm ci` there)")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, npm, "ci", "--ignore-scripts", "--no-audit", "--no-fund")
	cmd.Dir = dir
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("npm ci in %s: %v\n%s", dir, err, out)
	}
}

func loadPrograms(t *testing.T, dir string) []*program {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(dir, "programs", "*.js"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no programs in %s/programs: %v", dir, err)
	}
	progs := make([]*program, 0, len(files))
	for _, f := range files {
		want, err := os.ReadFile(strings.TrimSuffix(f, ".js") + ".out")
		if err != nil {
			t.Fatal(err)
		}
		progs = append(progs, &program{name: strings.TrimSuffix(filepath.Base(f), ".js"), want: want})
	}
	return progs
}

// helperBinary is the program that bundles and runs the sidecars: this
// test binary ("" for this process), except under the race detector, where
// it is this test package built again without it. The in-process worker
// stays under the detector; esbuild and a guest under it run several times
// slower, and the corpus would take minutes of CI's two cores and overrun
// timeouts that then measure nothing.
func helperBinary(t *testing.T) string {
	t.Helper()
	if !raceEnabled {
		return ""
	}
	// Sidecars run as another user: the binary's directory must be
	// searchable by it (t.TempDir's are the test user's only).
	dir, err := os.MkdirTemp("", "natsexec-compat-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	if err := os.Chmod(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "compat.test")
	start := time.Now()
	cmd := exec.Command("go", "test", "-c", "-o", out, ".")
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("building the test binary without -race: %v\n%s", err, b)
	}
	t.Logf("built the test binary without -race for bundling and the sidecars in %s", time.Since(start).Round(time.Millisecond))
	return out
}

// bundled is one entry's bundle as bundleMain prints it.
type bundled struct {
	Result *bundle.Result `json:"result,omitempty"`
	Error  string         `json:"error,omitempty"`
}

// bundleAll builds every program's bundle as `submit run` would (bundle's
// zero Options), once per run: in this process, or in helper.
func bundleAll(t *testing.T, helper, dir string, progs []*program) {
	t.Helper()
	entries := make([]string, len(progs))
	for i, p := range progs {
		entries[i] = filepath.Join(dir, "programs", p.name+".js")
	}
	var out []bundled
	if helper == "" {
		out = bundleEntries(entries)
	} else {
		cmd := exec.Command(helper, append([]string{bundleSubcommand}, entries...)...)
		cmd.Stderr = os.Stderr
		b, err := cmd.Output()
		if err != nil {
			t.Fatalf("%s %s: %v", helper, bundleSubcommand, err)
		}
		if err := json.Unmarshal(b, &out); err != nil || len(out) != len(progs) {
			t.Fatalf("%s %s: %d bundles for %d programs: %v", helper, bundleSubcommand, len(out), len(progs), err)
		}
	}
	var failed bool
	for i, p := range progs {
		if out[i].Error != "" {
			t.Errorf("bundling %s: %s", p.name, out[i].Error)
			failed = true
		}
		p.bundle = out[i].Result
	}
	if failed {
		t.FailNow()
	}
}

// bundleMain is the helper binary's bundleSubcommand.
func bundleMain(entries []string) int {
	if err := json.NewEncoder(os.Stdout).Encode(bundleEntries(entries)); err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	return 0
}

func bundleEntries(entries []string) []bundled {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	out := make([]bundled, len(entries))
	var wg sync.WaitGroup
	sem := make(chan struct{}, 2) // esbuild is parallel itself
	for i, e := range entries {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer func() { <-sem; wg.Done() }()
			r, err := bundle.Build(ctx, e, bundle.Options{})
			if err != nil {
				out[i].Error = err.Error()
			}
			out[i].Result = r
		}()
	}
	wg.Wait()
	return out
}

// startWorker runs one worker with its embedded NATS server for the test,
// its sidecars started from helper.
func startWorker(t *testing.T, helper string) string {
	t.Helper()
	var opts worker.Options
	opts.Placement.Spawn.Path = helper
	w, err := clienttest.Start(t.TempDir(), opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := w.Stop(10 * time.Second); err != nil {
			t.Errorf("worker: %v", err)
		}
	})
	return w.URL
}

// runAll submits every bundle through the client, inFlight at a time, and
// keeps each result.
func runAll(t *testing.T, url string, progs []*program) {
	t.Helper()
	nc, err := nats.Connect(url)
	if err != nil {
		t.Fatal(err)
	}
	defer nc.Close()
	c, err := client.New(nc)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()

	var wg sync.WaitGroup
	sem := make(chan struct{}, inFlight)
	for _, p := range progs {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer func() { <-sem; wg.Done() }()
			ctx, cancel := context.WithTimeout(context.Background(), jobTimeout+time.Minute)
			defer cancel()
			job := &jobs.Job{
				Runtime: jobs.RuntimeJS,
				Source:  p.bundle.Source,
				Limits:  jobs.Limits{Timeout: jobs.Duration(jobTimeout)},
			}
			p.res, p.err = c.Run(ctx, job, client.SubmitOptions{})
		}()
	}
	wg.Wait()
}

// check says how the job's run differs from Node's, or "" when it does not.
func (p *program) check() string {
	switch {
	case p.err != nil:
		return fmt.Sprintf("job not run: %v", p.err)
	case p.res.Status != jobs.StatusOK || p.res.ExitCode != 0:
		return fmt.Sprintf("status %s, exit %d: %s\nstderr:\n%s", p.res.Status, p.res.ExitCode, p.res.Error, tail(p.res.Stderr, 2000))
	case !bytes.Equal(p.res.Stdout, p.want):
		return "stdout differs from Node's:\n" + lineDiff(string(p.want), string(p.res.Stdout))
	case p.res.Usage != nil && time.Duration(p.res.Usage.CPU) > jobs.DefaultTimeout:
		return fmt.Sprintf("used %s of CPU, over the default %s timeout", time.Duration(p.res.Usage.CPU), jobs.DefaultTimeout)
	}
	return ""
}

// usage is the status, guest CPU time and peak memory column of the summary.
func (p *program) usage() string {
	if p.err != nil {
		return fmt.Sprintf("%-11s %9s %8s", "not run", "-", "-")
	}
	cpu, peak := "-", "-"
	if u := p.res.Usage; u != nil {
		cpu = time.Duration(u.CPU).Round(time.Millisecond).String()
		peak = fmt.Sprintf("%dM", u.PeakMemoryBytes>>20)
	}
	return fmt.Sprintf("%-11s %9s %8s", p.res.Status, cpu, peak)
}

func tail(b []byte, n int) []byte {
	if len(b) > n {
		return b[len(b)-n:]
	}
	return b
}

// lineDiff shows the first lines where got leaves want.
func lineDiff(want, got string) string {
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	var b strings.Builder
	fmt.Fprintf(&b, "(node printed %d lines, the guest %d)\n", len(w), len(g))
	shown := 0
	for i := 0; i < max(len(w), len(g)) && shown < 5; i++ {
		var wl, gl string
		if i < len(w) {
			wl = w[i]
		}
		if i < len(g) {
			gl = g[i]
		}
		if wl != gl {
			fmt.Fprintf(&b, "line %d\n  node:  %q\n  guest: %q\n", i+1, wl, gl)
			shown++
		}
	}
	return b.String()
}
