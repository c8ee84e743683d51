package sidecar

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/natsexec/natsexec/jobs"
)

// envUnprivileged hands TestUnprivilegedWorkerChild its data directory.
const envUnprivileged = "NATSEXEC_TEST_UNPRIVILEGED_DIR"

// unprivilegedID is the user the worker runs as in TestUnprivilegedWorker.
const unprivilegedID = 10001

// A worker that is not root, its data directory under /tmp (where a
// private root's tmpfs is mounted), on a machine that allows unprivileged
// user namespaces: its sidecars get every layer but the cgroups, which it
// may not create, map its own ids, and run guests that write files.
func TestUnprivilegedWorker(t *testing.T) {
	if os.Getenv(envUnprivileged) != "" {
		t.Skip("this is the unprivileged child")
	}
	if os.Geteuid() != 0 {
		t.Skip("needs root to become an unprivileged user")
	}
	base, err := os.MkdirTemp("", "natsexec-unprivileged-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(base) })
	data := filepath.Join(base, "data")
	bin := filepath.Join(base, "sidecar.test")
	if err := os.Chmod(base, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Mkdir(data, 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.Chown(data, unprivilegedID, unprivilegedID); err != nil {
		t.Fatal(err)
	}
	copyFile(t, os.Args[0], bin)
	cmd := exec.Command(bin, "-test.run=^TestUnprivilegedWorkerChild$", "-test.v")
	cmd.Env = []string{envUnprivileged + "=" + data, "TMPDIR=" + data}
	cmd.Dir = base
	cmd.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{
		Uid: unprivilegedID, Gid: unprivilegedID, Groups: []uint32{}}}
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("unprivileged worker: %v\n%s", err, out)
	}
	var sb jobs.Sandbox
	for line := range strings.Lines(string(out)) {
		if v, ok := strings.CutPrefix(line, "SANDBOX "); ok {
			if err := json.Unmarshal([]byte(v), &sb); err != nil {
				t.Fatal(err)
			}
		}
	}
	if sb.UID != unprivilegedID || sb.GID != unprivilegedID || len(sb.Namespaces) != len(allNamespaces) ||
		!sb.PrivateRoot || !sb.NoCapabilities || !sb.NoNewPrivs || sb.Landlock == 0 || sb.Seccomp == "" {
		t.Errorf("an unprivileged worker's sidecar: %+v\n%s", sb, out)
	}
	for _, m := range sb.Missing {
		if !strings.HasPrefix(m, "cgroup:") {
			t.Errorf("missing %q", m)
		}
	}
}

// TestUnprivilegedWorkerChild is TestUnprivilegedWorker's worker, run as
// an unprivileged user.
func TestUnprivilegedWorkerChild(t *testing.T) {
	dir := os.Getenv(envUnprivileged)
	if dir == "" {
		t.Skip("run by TestUnprivilegedWorker")
	}
	p := spawnTest(t, SpawnOptions{Dir: dir, Sandbox: SandboxAuto})
	runGuest(t, p)
	b, _ := json.Marshal(p.Sandbox())
	fmt.Printf("SANDBOX %s\n", b)
}

func copyFile(t *testing.T, from, to string) {
	t.Helper()
	src, err := os.Open(from)
	if err != nil {
		t.Fatal(err)
	}
	defer src.Close()
	dst, err := os.OpenFile(to, os.O_CREATE|os.O_WRONLY|os.O_EXCL, 0o755)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := io.Copy(dst, src); err != nil {
		t.Fatal(err)
	}
	if err := dst.Close(); err != nil {
		t.Fatal(err)
	}
}
