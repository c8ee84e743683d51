package sidecar

import (
	"bytes"
	"encoding/json"
	"io"
	"log/slog"
	"os"
	"slices"
	"strconv"
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
	if os.Geteuid() == 0 && (sb.UID != DefaultSidecarID || sb.GID != DefaultSidecarID) {
		t.Errorf("a root worker's sidecar without a user namespace runs as %d:%d, want the sidecar ids", sb.UID, sb.GID)
	}
	runGuest(t, p)
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
// /proc), an auto-mode sidecar has no private root and, under cgo in its
// PID namespace, no way to reach every thread: it says so, keeps the other
// layers and still runs guests, reaching its directories through the tree
// it could not pivot into. A strict one refuses.
func TestSpawnWithoutProc(t *testing.T) {
	warned.Clear()
	p := spawnTest(t, SpawnOptions{Sandbox: SandboxAuto, ExtraArgs: []string{refuseProcArg}})
	sb := p.Sandbox()
	missing := []string{"private_root"}
	if psxReadsProc {
		// Under cgo libpsx needs the /proc of its own to reach threads.
		missing = append(missing, "landlock", "capabilities")
	} else if sb.Landlock == 0 || !sb.NoCapabilities {
		t.Errorf("sandbox %+v: without cgo, Landlock and the capability drop need no /proc", sb)
	}
	for _, layer := range missing {
		if !slices.ContainsFunc(sb.Missing, func(m string) bool { return strings.HasPrefix(m, layer+":") }) {
			t.Errorf("missing %q does not name %s", sb.Missing, layer)
		}
	}
	if sb.PrivateRoot || sb.Seccomp == "" || len(sb.Namespaces) != len(allNamespaces) || sb.Cgroup == "" {
		t.Errorf("sandbox %+v", sb)
	}
	runGuest(t, p)
	ctx := t.Context()

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

// A root worker where user namespaces are refused: its sidecars still get
// every other namespace and the private root, switch to the sidecar ids
// (so no owner check on a host file passes for them) and hold no
// capability on any thread. Where the private root fails as well, they
// still switch ids: never host root.
func TestRootWorkerWithoutUserNamespaces(t *testing.T) {
	if os.Geteuid() != 0 {
		t.Skip("needs a root worker")
	}
	forceUserNSRefusal.Store(true)
	t.Cleanup(func() {
		forceUserNSRefusal.Store(false)
		refusedForGood.Clear()
	})
	for _, tc := range []struct {
		name   string
		extra  []string
		pivots bool
	}{{"private root", nil, true}, {"no /proc", []string{refuseProcArg}, false}} {
		t.Run(tc.name, func(t *testing.T) {
			p := spawnTest(t, SpawnOptions{Sandbox: SandboxAuto, ExtraArgs: tc.extra})
			sb := p.Sandbox()
			if slices.Contains(sb.Namespaces, "user") || len(sb.Namespaces) != len(allNamespaces)-1 {
				t.Errorf("namespaces %v", sb.Namespaces)
			}
			if sb.UID != DefaultSidecarID || sb.GID != DefaultSidecarID || sb.PrivateRoot != tc.pivots || sb.Seccomp == "" {
				t.Errorf("sandbox %+v", sb)
			}
			if tc.pivots && (!sb.NoCapabilities || sb.Landlock == 0) {
				t.Errorf("sandbox %+v: layers missing with a private root", sb)
			}
			// The kernel's view, every thread.
			tasks, _ := os.ReadDir("/proc/" + strconv.Itoa(p.PID()) + "/task")
			for _, task := range tasks {
				status, _ := os.ReadFile("/proc/" + strconv.Itoa(p.PID()) + "/task/" + task.Name() + "/status")
				for line := range strings.Lines(string(status)) {
					k, v, _ := strings.Cut(line, ":")
					v = strings.TrimSpace(v)
					switch k {
					case "Uid", "Gid":
						for id := range strings.FieldsSeq(v) {
							if id != strconv.Itoa(DefaultSidecarID) {
								t.Errorf("thread %s %s: %s", task.Name(), k, v)
							}
						}
					case "CapEff", "CapPrm", "CapInh", "CapAmb":
						if v != "0000000000000000" {
							t.Errorf("thread %s %s: %s", task.Name(), k, v)
						}
					}
				}
			}
			if _, err := p.Stats(t.Context()); err != nil {
				t.Fatal(err)
			}
		})
	}
}

// runGuest runs a guest that writes and reads back 100 KB in its VM
// directory, wherever the sidecar reaches that directory from.
func runGuest(t *testing.T, p *Process) {
	t.Helper()
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
	res, _, err := vm.Exec(ctx, guest.ExecRequest{Runtime: jobs.RuntimeJS,
		Source: `const fs = require("fs"); fs.writeFileSync("f", "x".repeat(100000)); console.log(fs.readFileSync("f", "utf8").length)`})
	if err != nil || string(res.Stdout) != "100000\n" {
		t.Fatalf("guest: %v %+v", err, res)
	}
}
