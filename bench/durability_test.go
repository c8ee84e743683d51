package bench

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/natsexec/natsexec/worker/sidecar"
)

// runDurability builds nats-server and the worker, runs cfg against them
// in a fresh directory (under NATSEXEC_DURABILITY_DIR when set, kept
// afterwards; a test temp dir otherwise), logs the report and fails t for
// every broken guarantee. NATSEXEC_DURABILITY_JSON and
// NATSEXEC_DURABILITY_MD name files for the report.
func runDurability(t *testing.T, cfg DurabilityConfig, limit time.Duration) *DurabilityReport {
	t.Helper()
	dir := t.TempDir()
	if base := os.Getenv("NATSEXEC_DURABILITY_DIR"); base != "" {
		dir = filepath.Join(base, time.Now().UTC().Format("20060102T150405"))
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	ctx, cancel := context.WithTimeout(t.Context(), limit)
	defer cancel()
	root, err := filepath.Abs("..")
	if err != nil {
		t.Fatal(err)
	}
	bin := durabilityBinDir(t, root)
	built := time.Now()
	if cfg.NATSServer, cfg.Worker, err = BuildDurabilityBinaries(ctx, root, bin); err != nil {
		t.Fatal(err)
	}
	t.Logf("built nats-server and worker in %s", time.Since(built).Round(time.Millisecond))
	cfg.NATSConfig = filepath.Join(root, "deploy", "nats-tenants.conf")
	cfg.Dir = dir
	cfg.Sandbox = string(sidecar.TestSandbox())

	start := time.Now()
	rep, err := Durability(ctx, cfg, tWriter{t})
	if rep == nil {
		t.Fatal(err)
	}
	t.Logf("durability run took %s", time.Since(start).Round(time.Second))
	var md bytes.Buffer
	if err := rep.WriteMarkdown(&md); err != nil {
		t.Fatal(err)
	}
	t.Logf("\n%s", md.String())
	writeReport(t, os.Getenv("NATSEXEC_DURABILITY_MD"), md.Bytes())
	if path := os.Getenv("NATSEXEC_DURABILITY_JSON"); path != "" {
		var js bytes.Buffer
		if err := rep.WriteJSON(&js); err != nil {
			t.Fatal(err)
		}
		writeReport(t, path, js.Bytes())
	}
	if err != nil {
		t.Error(err)
	}
	probs := rep.Problems()
	for _, p := range probs {
		t.Error(p)
	}
	if len(probs) > 0 || err != nil {
		logTails(t, rep.Logs, 40)
	}
	return rep
}

// durabilityBinDir is where the fleet's binaries are built: a directory
// of the user's cache per checkout, so that a second run finds them up to
// date and skips the link (seconds on a small machine).
func durabilityBinDir(t *testing.T, root string) string {
	t.Helper()
	base, err := os.UserCacheDir()
	if err != nil {
		return t.TempDir()
	}
	sum := sha256.Sum256([]byte(root))
	dir := filepath.Join(base, "natsexec", "durability-bin", hex.EncodeToString(sum[:6]))
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return t.TempDir()
	}
	return dir
}

func writeReport(t *testing.T, path string, b []byte) {
	t.Helper()
	if path == "" {
		return
	}
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Error(err)
	}
}

// logTails logs the last n lines of every process's log.
func logTails(t *testing.T, dir string, n int) {
	t.Helper()
	ents, _ := os.ReadDir(dir)
	for _, e := range ents {
		b, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			continue
		}
		lines := strings.Split(strings.TrimRight(string(b), "\n"), "\n")
		t.Logf("last lines of %s:\n%s", e.Name(), strings.Join(lines[max(0, len(lines)-n):], "\n"))
	}
}

// TestDurabilityShort is the durability run in small: 300 jobs from two
// tenants through a nats-server and three worker processes, one worker
// SIGKILLed and restarted, the server SIGKILLed and restarted. It takes
// 10–13 s here with the binaries up to date (20–28 s when they must be
// linked first), so it runs by default, but not under -short.
func TestDurabilityShort(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: the durability run starts a fleet of processes")
	}
	runDurability(t, DurabilityConfig{
		Jobs: 300, Workers: 3, Concurrency: 4,
		AckWait: 3 * time.Second, Rate: 50, Batch: 20,
		WorkerDown: time.Second, NATSDown: time.Second,
		Drain: 90 * time.Second, ProgressEvery: 5 * time.Second,
	}, 3*time.Minute)
}

// TestDurability is the run: 5,000 jobs, three workers, a kill -9
// and a NATS restart. NATSEXEC_DURABILITY=1 runs it:
//
//	NATSEXEC_DURABILITY=1 go test ./bench -run 'TestDurability$' -timeout 20m -v
//
// NATSEXEC_DURABILITY_NATS_SIGNAL=TERM stops the server with SIGTERM (a
// clean shutdown) instead of SIGKILL.
func TestDurability(t *testing.T) {
	if os.Getenv("NATSEXEC_DURABILITY") != "1" {
		t.Skip("NATSEXEC_DURABILITY=1 runs the 5,000-job durability run")
	}
	var cfg DurabilityConfig
	switch sig := os.Getenv("NATSEXEC_DURABILITY_NATS_SIGNAL"); sig {
	case "", "KILL":
	case "TERM":
		cfg.NATSSignal = syscall.SIGTERM
	default:
		t.Fatalf("NATSEXEC_DURABILITY_NATS_SIGNAL=%s: want KILL or TERM", sig)
	}
	runDurability(t, cfg, 18*time.Minute)
}

// TestDurabilityProblems: the report names every broken guarantee, and a
// run whose chaos never struck, so the harness cannot pass what it did not
// see; a clean report has none.
func TestDurabilityProblems(t *testing.T) {
	clean := DurabilityReport{Jobs: 4, BucketKeys: 4, OK: 4, Workers: 3, WorkersAtEnd: 3, WorkerKills: 1, NATSKills: 1}
	if p := clean.Problems(); len(p) != 0 {
		t.Fatalf("clean report: %q", p)
	}
	bad := clean
	bad.Lost, bad.BucketKeys, bad.NATSKills, bad.QueuedAtEnd = []string{"j-1"}, 3, 0, 2
	bad.WrongTenant = []string{`j-2: result names tenant "bob"`}
	bad.FreshAnswerTwice = 1
	probs := strings.Join(bad.Problems(), "\n")
	for _, want := range []string{"1 jobs lost (no result): j-1", "holds 3 keys", "did not strike", "another tenant", "2 job messages still", "answered more than once"} {
		if !strings.Contains(probs, want) {
			t.Errorf("problems lack %q:\n%s", want, probs)
		}
	}
	var md bytes.Buffer
	if err := bad.WriteMarkdown(&md); err != nil || !strings.Contains(md.String(), "| lost | **1** |") {
		t.Errorf("markdown (err %v):\n%s", err, md.String())
	}

	var cfg DurabilityConfig
	cfg.setDefaults()
	if err := cfg.Validate(); err == nil || !strings.Contains(err.Error(), "NATSServer is required") {
		t.Errorf("validate without binaries: %v", err)
	}
}
