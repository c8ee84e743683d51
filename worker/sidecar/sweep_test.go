package sidecar

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// envSweepHelper makes TestSweepHelper act as a worker: it claims a
// directory under the base the variable names, prints its path, waits for
// its stdin to close, says whether its directory is still whole, and exits
// without releasing it, as a worker that dies does.
const envSweepHelper = "NATSEXEC_SWEEP_HELPER_BASE"

func TestSweepHelper(t *testing.T) {
	base := os.Getenv(envSweepHelper)
	if base == "" {
		t.Skip("run by the sweep tests only")
	}
	d, err := ClaimWorkerDir(base, nil)
	if err != nil {
		fmt.Println("error", err)
		return
	}
	// Something of the worker's in it, as a sidecar's directory would be.
	mine := filepath.Join(d.Path(), "sidecar-x", "vm-y", "f")
	os.MkdirAll(filepath.Dir(mine), 0o700)
	os.WriteFile(mine, []byte("data"), 0o600)
	fmt.Println(d.Path())
	io.Copy(io.Discard, os.Stdin)
	if b, err := os.ReadFile(mine); err != nil || string(b) != "data" {
		fmt.Println("gone")
	} else {
		fmt.Println("whole")
	}
}

// helperWorker is a TestSweepHelper process.
type helperWorker struct {
	cmd   *exec.Cmd
	stdin io.WriteCloser
	out   *bufio.Reader
	dir   string
}

func startHelperWorker(t *testing.T, base string) *helperWorker {
	t.Helper()
	h, err := spawnHelperWorker(t, base)
	if err != nil {
		t.Fatal(err)
	}
	return h
}

// spawnHelperWorker starts a helper and waits for its claim. It is safe to
// call from any goroutine.
func spawnHelperWorker(t *testing.T, base string) (*helperWorker, error) {
	cmd := exec.Command(os.Args[0], "-test.run=^TestSweepHelper$")
	cmd.Env = append(os.Environ(), envSweepHelper+"="+base)
	stdin, err := cmd.StdinPipe()
	if err != nil {
		return nil, err
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	h := &helperWorker{cmd: cmd, stdin: stdin, out: bufio.NewReader(stdout)}
	t.Cleanup(func() {
		h.cmd.Process.Kill()
		h.cmd.Wait()
	})
	line, err := h.out.ReadString('\n')
	if err != nil || !strings.HasPrefix(strings.TrimSpace(line), base) {
		return nil, fmt.Errorf("helper worker: %q %v", line, err)
	}
	h.dir = strings.TrimSpace(line)
	return h, nil
}

// finish lets the helper exit (without releasing its directory) and
// returns what it found of its directory.
func (h *helperWorker) finish(t *testing.T) string {
	t.Helper()
	h.stdin.Close()
	line, _ := h.out.ReadString('\n')
	h.cmd.Wait()
	return strings.TrimSpace(line)
}

func exists(p string) bool {
	_, err := os.Lstat(p)
	return err == nil
}

// A dead worker's directory goes at the next claim; a live worker's stays,
// whole, even when it is another process on the same base.
func TestSweepWorkerDirs(t *testing.T) {
	base := t.TempDir()
	live := startHelperWorker(t, base)
	dead := startHelperWorker(t, base)
	if err := dead.cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	dead.cmd.Wait()
	if !exists(dead.dir) {
		t.Fatal("the killed worker's directory vanished by itself")
	}
	// A directory its worker died making, before it could lock it.
	halfMade := filepath.Join(base, workerDirPrefix+"half")
	os.MkdirAll(filepath.Join(halfMade, "sidecar-z"), 0o700)
	// The old layout: named by the worker's pid.
	gone := exec.Command("true")
	if err := gone.Run(); err != nil {
		t.Fatal(err)
	}
	oldDead := filepath.Join(base, strconv.Itoa(gone.Process.Pid))
	oldLive := filepath.Join(base, strconv.Itoa(live.cmd.Process.Pid))
	// Not ours to judge.
	other := filepath.Join(base, "something-else")
	for _, d := range []string{oldDead, oldLive, other} {
		os.MkdirAll(filepath.Join(d, "x"), 0o700)
	}

	mine, err := ClaimWorkerDir(base, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range []string{dead.dir, halfMade, oldDead} {
		if exists(d) {
			t.Errorf("%s was not swept", d)
		}
	}
	for _, d := range []string{live.dir, oldLive, other, mine.Path()} {
		if !exists(d) {
			t.Errorf("%s was swept", d)
		}
	}
	// Claims of the same process do not sweep each other either.
	second, err := ClaimWorkerDir(base, nil)
	if err != nil {
		t.Fatal(err)
	}
	if !exists(mine.Path()) {
		t.Fatal("a second claim swept the first")
	}
	if n, err := SweepWorkerDirs(base, nil); err != nil || n != 0 {
		t.Errorf("a sweep with every worker alive removed %d (%v)", n, err)
	}
	if got := live.finish(t); got != "whole" {
		t.Fatalf("the live worker found its directory %s", got)
	}
	// Now dead, without having released: both of its directories go.
	if n, err := SweepWorkerDirs(base, nil); err != nil || n != 2 {
		t.Errorf("swept %d after the live worker died, want 2 (%v)", n, err)
	}
	if exists(live.dir) || exists(oldLive) {
		t.Error("the dead worker's directories were left")
	}
	for _, d := range []*WorkerDir{mine, second} {
		if err := d.Release(); err != nil || exists(d.Path()) {
			t.Errorf("release %s: %v", d.Path(), err)
		}
	}
	ents, _ := os.ReadDir(base)
	var left []string
	for _, e := range ents {
		left = append(left, e.Name())
	}
	if want := []string{baseLockName, "something-else"}; strings.Join(left, " ") != strings.Join(want, " ") {
		t.Errorf("left in the base: %v, want %v", left, want)
	}
}

// Workers starting together, each sweeping as it claims, never sweep one
// another: the claim and the sweep are one step under the base's lock.
func TestSweepConcurrentClaims(t *testing.T) {
	base := t.TempDir()
	const n = 6
	helpers := make([]*helperWorker, n)
	errs := make([]error, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() { helpers[i], errs[i] = spawnHelperWorker(t, base) })
	}
	// And sweeps from here meanwhile.
	stop := make(chan struct{})
	swept := make(chan int, 1)
	go func() {
		total := 0
		for {
			select {
			case <-stop:
				swept <- total
				return
			default:
			}
			k, _ := SweepWorkerDirs(base, nil)
			total += k
			time.Sleep(time.Millisecond)
		}
	}()
	wg.Wait()
	close(stop)
	if k := <-swept; k != 0 {
		t.Errorf("sweeps removed %d directories of live workers", k)
	}
	for i, h := range helpers {
		if errs[i] != nil {
			t.Fatalf("helper %d: %v", i, errs[i])
		}
		if got := h.finish(t); got != "whole" {
			t.Errorf("helper %d found its directory %s", i, got)
		}
	}
}
