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
