package sidecar

import (
	"context"
	"errors"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/natsexec/natsexec/guest"
	"github.com/natsexec/natsexec/jobs"
)

func spawnTest(t *testing.T, opts SpawnOptions) *Process {
	t.Helper()
	if opts.Dir == "" {
		opts.Dir = t.TempDir()
	}
	if opts.Sandbox == "" {
		opts.Sandbox = TestSandbox()
	}
	p, err := Spawn(t.Context(), opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { p.Close(2 * time.Second) })
	ctx, cancel := context.WithTimeout(t.Context(), 10*time.Second)
	defer cancel()
	if _, err := p.Open(ctx, Session{}); err != nil {
		t.Fatalf("open: %v (%s)", err, p.ExitReason())
	}
	return p
}

func TestSessionLifecycle(t *testing.T) {
	p := spawnTest(t, SpawnOptions{})
	ctx := t.Context()
	if p.Conn.PID() != p.PID() {
		t.Fatalf("session pid %d, process pid %d", p.Conn.PID(), p.PID())
	}
	vm, f, err := p.CreateVM(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if f.Took <= 0 || f.Start.IsZero() {
		t.Errorf("vm_create not timed: %+v", f)
	}
	if _, err := vm.Configure(ctx, guest.Config{Files: []jobs.File{{Path: "a/b.txt", Data: []byte("hi")}}}); err != nil {
		t.Fatal(err)
	}
	st, err := p.Stats(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if st.VMs != 1 || st.PID != p.PID() || st.RSSBytes == 0 {
		t.Errorf("stats = %+v", st)
	}
	if err := vm.Dispose(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := vm.Configure(ctx, guest.Config{}); !errors.Is(err, ErrRemote) {
		t.Errorf("configure of a disposed vm: %v, want ErrRemote", err)
	}
	if err := p.Shutdown(ctx); err != nil {
		t.Fatal(err)
	}
	<-p.Exited()
	if r := p.ExitReason(); r != "exited 0" {
		t.Errorf("exit reason %q", r)
	}
}

func TestSidecarEnvironmentIsEmpty(t *testing.T) {
	t.Setenv("NATSEXEC_SECRET", "leak")
	p := spawnTest(t, SpawnOptions{})
	env, err := os.ReadFile("/proc/" + strconv.Itoa(p.PID()) + "/environ")
	if err != nil {
		t.Skipf("cannot read environ: %v", err)
	}
	if len(env) != 0 {
		t.Errorf("sidecar environment = %q, want empty", env)
	}
}

func TestKill9FailsPendingCalls(t *testing.T) {
	p := spawnTest(t, SpawnOptions{})
	p.Kill()
	_, err := p.Stats(t.Context())
	if !errors.Is(err, ErrSidecarDied) {
		t.Fatalf("stats after kill: %v, want ErrSidecarDied", err)
	}
	<-p.Exited()
	if r := p.ExitReason(); !strings.Contains(r, "killed") {
		t.Errorf("exit reason %q", r)
	}
}

// A result too large for a frame comes back as an output-limit result, not
// as silence that would get the sidecar killed for hanging.
func TestOversizedResultIsAnswered(t *testing.T) {
	p := spawnTest(t, SpawnOptions{MaxFrame: 1 << 20})
	ctx := t.Context()
	vm, _, err := p.CreateVM(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := vm.Configure(ctx, guest.Config{Limits: jobs.Limits{OutputBytes: 4 << 20}}); err != nil {
		t.Fatal(err)
	}
	if _, err := vm.MountNode(ctx); err != nil {
		t.Fatal(err)
	}
	res, _, err := vm.Exec(ctx, guest.ExecRequest{Runtime: jobs.RuntimeJS, Source: `process.stdout.write("x".repeat(3 << 20))`})
	if err != nil {
		t.Fatal(err)
	}
	if res.Kind != guest.KindOutputLimit || !strings.Contains(res.Error, "does not fit") {
		t.Errorf("result %+v", res.Kind)
	}
	if _, err := p.Stats(ctx); err != nil {
		t.Errorf("sidecar after an oversized result: %v", err)
	}
}
