package sidecar

import (
	"bytes"
	"encoding/json"
	"io"
	"log/slog"
	"slices"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/natsexec/natsexec/guest"
	"github.com/natsexec/natsexec/jobs"
)

func refuseNamespaces(t *testing.T, errno syscall.Errno) {
	forceNamespaceRefusal.Store(errno)
	t.Cleanup(func() {
		forceNamespaceRefusal.Store(syscall.Errno(0))
		refusedForGood.Clear()
	})
}

// Where the machine refuses namespaces (a container's seccomp profile, no
// user namespaces), an auto-mode sidecar still starts, with the layers that
// need no namespace, and says which are missing; a strict one refuses.
func TestSpawnFallsBackWithoutNamespaces(t *testing.T) {
	refuseNamespaces(t, syscall.EPERM)
	warned.Clear()
	var logs bytes.Buffer
	log := slog.New(slog.NewJSONHandler(&syncWriter{w: &logs}, nil))
	p := spawnTest(t, SpawnOptions{Sandbox: SandboxAuto, Logger: log})
	spawnTest(t, SpawnOptions{Sandbox: SandboxAuto, Logger: log})
	if _, err := p.Stats(t.Context()); err != nil {
		t.Fatalf("sidecar started without namespaces does not answer: %v", err)
	}
	sb := p.Sandbox()
	if len(sb.Namespaces) != 0 || sb.PrivateRoot {
		t.Errorf("sandbox %+v: want no namespaces and no private root", sb)
	}
	if sb.Seccomp == "" || sb.Landlock == 0 || !sb.NoNewPrivs || !sb.NoCapabilities || sb.Cgroup == "" {
		t.Errorf("sandbox %+v: the layers that need no namespace are missing", sb)
	}
	if !slices.ContainsFunc(sb.Missing, func(m string) bool { return strings.HasPrefix(m, "namespace user:") }) {
		t.Errorf("missing %q does not name the user namespace", sb.Missing)
	}
	// Each cause is logged once, at WARN, however many sidecars it hits.
	warnings := map[string]int{}
	for line := range strings.Lines(logs.String()) {
		var rec struct{ Level, Reason string }
		if json.Unmarshal([]byte(line), &rec) == nil && rec.Level == "WARN" && rec.Reason != "" {
			warnings[rec.Reason]++
		}
	}
	for _, m := range sb.Missing {
		if warnings[m] != 1 {
			t.Errorf("%q logged %d times at WARN, want once (logs:\n%s)", m, warnings[m], logs.String())
		}
	}
	if _, err := Spawn(t.Context(), SpawnOptions{Dir: t.TempDir(), Sandbox: SandboxStrict}); err == nil {
		t.Error("strict spawn succeeded without namespaces")
	}
}

type syncWriter struct {
	mu sync.Mutex
	w  io.Writer
}

func (s *syncWriter) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.w.Write(p)
}

// A refusal that will not last (the user-namespace count at its limit) is
// tried again for the next sidecar; one that will (policy) is remembered.
func TestTransientNamespaceRefusalIsRetried(t *testing.T) {
	for _, tc := range []struct {
		errno      syscall.Errno
		remembered bool
	}{{syscall.ENOSPC, false}, {syscall.EPERM, true}} {
		t.Run(tc.errno.Error(), func(t *testing.T) {
			refuseNamespaces(t, tc.errno)
			if p := spawnTest(t, SpawnOptions{Sandbox: SandboxAuto}); len(p.Sandbox().Namespaces) != 0 {
				t.Fatalf("namespaces %v while refused", p.Sandbox().Namespaces)
			}
			forceNamespaceRefusal.Store(syscall.Errno(0))
			p := spawnTest(t, SpawnOptions{Sandbox: SandboxAuto})
			got := len(p.Sandbox().Namespaces) == len(allNamespaces)
			if got == tc.remembered {
				t.Errorf("next sidecar's namespaces %v: the refusal was remembered = %v, want %v",
					p.Sandbox().Namespaces, !got, tc.remembered)
			}
		})
	}
}

// refuseProcArg steers a test sidecar into refusing its /proc mount.
const refuseProcArg = "refuse-proc-mount"

// Where no /proc of its own can be mounted (a container masking its
// /proc), an auto-mode sidecar has no private root and, in its PID
// namespace, no way to reach every thread: it says so, keeps the other
// layers and still runs guests, reaching its directories through the tree
// it could not pivot into. A strict one refuses.
func TestSpawnWithoutProc(t *testing.T) {
	warned.Clear()
	p := spawnTest(t, SpawnOptions{Sandbox: SandboxAuto, ExtraArgs: []string{refuseProcArg}})
	sb := p.Sandbox()
	for _, layer := range []string{"private_root", "landlock", "capabilities"} {
		if !slices.ContainsFunc(sb.Missing, func(m string) bool { return strings.HasPrefix(m, layer+":") }) {
			t.Errorf("missing %q does not name %s", sb.Missing, layer)
		}
	}
	if sb.PrivateRoot || sb.Seccomp == "" || len(sb.Namespaces) != len(allNamespaces) || sb.Cgroup == "" {
		t.Errorf("sandbox %+v", sb)
	}
	ctx := t.Context()
	vm, _, err := p.CreateVM(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := vm.Configure(ctx, guest.Config{}); err != nil {
		t.Fatal(err)
	}
	if _, err := vm.MountNode(ctx); err != nil {
		t.Fatal(err)
	}
	res, _, err := vm.Exec(ctx, guest.ExecRequest{Runtime: jobs.RuntimeJS, Source: `require("fs").writeFileSync("f", "x"); console.log(require("fs").readFileSync("f", "utf8"))`})
	if err != nil || string(res.Stdout) != "x\n" {
		t.Fatalf("guest in an unpivoted sidecar: %v %+v", err, res)
	}

	strict, err := Spawn(t.Context(), SpawnOptions{Dir: t.TempDir(), Sandbox: SandboxStrict, ExtraArgs: []string{refuseProcArg}})
	if err != nil {
		t.Fatal(err)
	}
	defer strict.Close(time.Second)
	if _, err := strict.Open(ctx, Session{}); err == nil {
		t.Fatal("a strict sidecar without /proc opened its session")
	}
	<-strict.Exited()
	if r := strict.ExitReason(); !strings.Contains(r, "mount /proc") {
		t.Errorf("exit reason %q does not say why", r)
	}
}
