package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/natsexec/natsexec/bench"
)

// TestSoakCommand runs `submit soak` as a user would against the test
// worker, which runs in this process: its sidecars are this process's
// children, so --worker-pid is ours. Not parallel: the chaos must kill
// only the soak's sidecars, never those of another test's jobs.
func TestSoakCommand(t *testing.T) {
	out := filepath.Join(t.TempDir(), "soak.json")
	o := submit(t, nil, "soak", "--jobs", "30", "--hostile", "0.2", "--kinds", "infinite-loop,output-flood,memory-hog",
		"--hostile-timeout", "1s", "--kill-every", "1s", "--worker-pid", strconv.Itoa(os.Getpid()), "--json", out)
	if o.code != exitOK {
		t.Fatalf("exit %d\nstdout:\n%s\nstderr:\n%s", o.code, o.stdout, o.stderr)
	}
	for _, want := range []string{"## natsexec chaos soak", "| innocent ok, answer right |", "| lost | 0 |", "| answered twice | 0 |", "Every guarantee held"} {
		if !strings.Contains(o.stdout, want) {
			t.Errorf("stdout lacks %q:\n%s", want, o.stdout)
		}
	}
	if !strings.Contains(o.stderr, "chaos: a random sidecar of worker "+strconv.Itoa(os.Getpid())) {
		t.Errorf("stderr does not say the chaos is on:\n%s", o.stderr)
	}
	b, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	var rep bench.SoakReport
	if err := json.Unmarshal(b, &rep); err != nil {
		t.Fatal(err)
	}
	if len(rep.Jobs) != 30 || rep.Hostile.Jobs != 6 || rep.Hostile.Contained+rep.Hostile.ChaosKilled != 6 ||
		rep.Innocent.Jobs != 24 || rep.Innocent.OK+rep.Innocent.ChaosKilled != 24 || rep.Config.Extra["worker_pid"] != strconv.Itoa(os.Getpid()) {
		t.Errorf("report: %d jobs, innocent %+v, hostile %+v, extra %v", len(rep.Jobs), rep.Innocent, rep.Hostile, rep.Config.Extra)
	}
}

// TestSoakUsage: flags that cannot make a soak are refused before any
// connection, and the help says what the soak checks.
func TestSoakUsage(t *testing.T) {
	for _, c := range []struct {
		args   []string
		code   int
		stderr string
	}{
		{[]string{"soak", "--help"}, exitOK, "deep-source"},
		{[]string{"soak", "--kinds", "nope"}, exitUsage, `unknown hostile kind "nope"`},
		{[]string{"soak", "--hostile", "1.5"}, exitUsage, "outside 0..1"},
		{[]string{"soak", "--placements", "shared=x"}, exitUsage, "--placements"},
		{[]string{"soak", "--jobs", "0"}, exitUsage, "must be positive"},
		{[]string{"soak", "--worker-pid", "999999999", "--nats-url", "nats://127.0.0.1:1"}, exitUsage, "no such process"},
		{[]string{"soak", "extra"}, exitUsage, "unexpected arguments"},
	} {
		var stdout, stderr bytes.Buffer
		code := doMain(strings.NewReader(""), &stdout, &stderr, c.args)
		if code != c.code || !strings.Contains(stderr.String(), c.stderr) {
			t.Errorf("submit %q: exit %d, want %d\nstderr: %s", c.args, code, c.code, stderr.String())
		}
	}
	// Without --worker-pid there is no chaos, and the soak says so; a
	// NATS that is not there is exit 69.
	var stdout, stderr bytes.Buffer
	code := doMain(strings.NewReader(""), &stdout, &stderr, []string{"soak", "--nats-url", "nats://127.0.0.1:1", "--connect-timeout", "200ms"})
	if code != exitUnavailable || !strings.Contains(stderr.String(), "no chaos: give --worker-pid") {
		t.Errorf("exit %d\nstderr: %s", code, stderr.String())
	}
}

// TestSoakExit: any broken guarantee is exit 1.
func TestSoakExit(t *testing.T) {
	var stderr bytes.Buffer
	if code := soakExit(&stderr, &bench.SoakReport{}); code != exitOK {
		t.Errorf("clean report: exit %d", code)
	}
	for _, rep := range []*bench.SoakReport{
		{Lost: []string{"a"}},
		{Duplicates: []string{"a"}},
		{Innocent: bench.InnocentSummary{Jobs: 1, Failed: 1}},
		{Innocent: bench.InnocentSummary{Jobs: 1, WrongAnswer: 1}},
		{Hostile: bench.HostileSummary{Jobs: 1, Uncontained: 1}},
	} {
		stderr.Reset()
		if code := soakExit(&stderr, rep); code != 1 || stderr.Len() == 0 {
			t.Errorf("%+v: exit %d, stderr %q", rep, code, stderr.String())
		}
	}
}
