package placement

import (
	"context"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/natsexec/natsexec/jobs"
)

// dirUsage is every entry under dir and the bytes of its regular files.
func dirUsage(dir string) (entries, bytes int64) {
	filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || p == dir {
			return nil
		}
		entries++
		if d.Type().IsRegular() {
			if fi, err := d.Info(); err == nil {
				bytes += fi.Size()
			}
		}
		return nil
	})
	return entries, bytes
}

// waitFor polls cond for up to 10 s.
func waitFor(cond func() bool) bool {
	deadline := time.Now().Add(10 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			return false
		}
		time.Sleep(10 * time.Millisecond)
	}
	return true
}

// ending is a job that writes files and then ends a given way.
type ending struct {
	status jobs.Status
	job    func() *jobs.Job
	cancel bool // cancelled by its caller once it runs
}

// endings are jobs in placement p that write files, then end in each way a
// job can: done, thrown, timed out, killed at a file limit, cancelled, and
// a WASM module that writes.
func endings(t *testing.T, p jobs.Placement) []ending {
	hostile, err := os.ReadFile("../../guest/commands/testdata/hostile.wasm")
	if err != nil {
		t.Fatal(err)
	}
	const write = `const fs = require("fs"); fs.mkdirSync("/d/e", {recursive: true});
		for (let i = 0; i < 4; i++) fs.writeFileSync("/d/e/f" + i, "x".repeat(5000));`
	return []ending{
		{jobs.StatusOK, func() *jobs.Job { return js(p, write+`console.log("ok")`) }, false},
		{jobs.StatusGuestError, func() *jobs.Job { return js(p, write+`throw new Error("boom")`) }, false},
		{jobs.StatusTimeout, func() *jobs.Job {
			j := js(p, write+`while (true) {}`)
			j.Limits.Timeout = jobs.Duration(100 * time.Millisecond)
			return j
		}, false},
		{jobs.StatusKilled, func() *jobs.Job {
			j := js(p, write+`for (let i = 0; ; i++) { try { fs.writeFileSync("/g" + i, "") } catch (e) {} }`)
			j.Limits.FileCount = 50
			return j
		}, false},
		{jobs.StatusCancelled, func() *jobs.Job {
			j := js(p, write+`while (true) {}`)
			j.Limits.Timeout = jobs.Duration(time.Minute)
			return j
		}, true},
		{jobs.StatusOK, func() *jobs.Job {
			j := &jobs.Job{ID: "t", Runtime: jobs.RuntimeWASM, Placement: p, Module: hostile, Args: []string{"write", "w.bin", "20000"}}
			if err := j.Validate(); err != nil {
				panic(err)
			}
			return j
		}, false},
	}
}

// run runs e's job and checks how it ended.
func (e ending) run(t *testing.T, m *Manager) error {
	var res *jobs.Result
	if e.cancel {
		res = runCancelled(t, m, e.job())
	} else {
		res = m.Run(t.Context(), e.job())
	}
	if res.Status != e.status {
		return fmt.Errorf("%s, want %s (%s)", res.Status, e.status, res.Error)
	}
	return nil
}

// In a sidecar that lives on, a VM's directory goes when the VM is
// disposed of, however its job ended; a resident VM kept for the next job
// is reset to its (here empty) seed.
func TestVMDirsRemovedOnClose(t *testing.T) {
	for _, p := range []jobs.Placement{jobs.PlacementShared, jobs.PlacementResident} {
		t.Run(string(p), func(t *testing.T) {
			m := newTestManager(t, Options{SharedSidecars: 1})
			dir := m.opts.Spawn.Dir
			for range 3 {
				for _, e := range endings(t, p) {
					if err := e.run(t, m); err != nil {
						t.Error(err)
					}
				}
			}
			// Disposal of a released VM may trail its result.
			var vms []string
			ok := waitFor(func() bool {
				vms, _ = filepath.Glob(filepath.Join(dir, "sidecar-*", "vm-*"))
				return len(vms) == m.Stats().IdleResident
			})
			if !ok {
				t.Fatalf("%d VM directories left, %d idle resident VMs: %v", len(vms), m.Stats().IdleResident, vms)
			}
			for _, vm := range vms {
				if e, b := dirUsage(vm); e != 0 {
					t.Errorf("idle VM %s holds %d entries (%d bytes)", vm, e, b)
				}
			}
			if p == jobs.PlacementResident && len(vms) == 0 {
				t.Error("no resident VM was kept: the reset path was not tested")
			}
		})
	}
}

// 200 owned jobs that write files and end every way a job can end leave
// the sidecars' directory as they found it: each sidecar's directory goes
// once its process is reaped, whatever happened in it.
func TestOwnedJobsLeaveNoFiles(t *testing.T) {
	m := newTestManager(t, Options{})
	dir := m.opts.Spawn.Dir
	beforeE, beforeB := dirUsage(dir)
	kinds := endings(t, jobs.PlacementOwned)

	// Sample the directory meanwhile: the jobs' files must show up there,
	// or this test could not see them left behind.
	var peak struct {
		sync.Mutex
		entries, bytes int64
	}
	stop := make(chan struct{})
	sampled := make(chan struct{})
	go func() {
		defer close(sampled)
		for {
			select {
			case <-stop:
				return
			case <-time.After(20 * time.Millisecond):
			}
			e, b := dirUsage(dir)
			peak.Lock()
			peak.entries, peak.bytes = max(peak.entries, e), max(peak.bytes, b)
			peak.Unlock()
		}
	}()

	const total, parallel = 200, 4
	start := time.Now()
	next := make(chan int)
	var wg sync.WaitGroup
	var mu sync.Mutex
	var failures []string
	for range parallel {
		wg.Go(func() {
			for i := range next {
				if err := kinds[i%len(kinds)].run(t, m); err != nil {
					mu.Lock()
					failures = append(failures, fmt.Sprintf("job %d: %v", i, err))
					mu.Unlock()
				}
			}
		})
	}
	for i := range total {
		next <- i
	}
	close(next)
	wg.Wait()
	close(stop)
	<-sampled
	for _, f := range failures {
		t.Error(f)
	}
	t.Logf("%d owned jobs in %s; the directory peaked at %d entries, %d bytes", total, time.Since(start).Round(time.Millisecond), peak.entries, peak.bytes)
	if peak.entries == 0 {
		t.Fatal("no job's files were ever seen in the sidecars' directory")
	}
	// Owned sidecars are reaped (and their directories removed) just after
	// their jobs answer.
	if !waitFor(func() bool { e, b := dirUsage(dir); return e == beforeE && b == beforeB }) {
		e, b := dirUsage(dir)
		t.Errorf("the sidecars' directory held %d entries (%d bytes) before, %d (%d bytes) after", beforeE, beforeB, e, b)
		filepath.WalkDir(dir, func(p string, _ fs.DirEntry, _ error) error { t.Log("left:", p); return nil })
	}
}

// runCancelled provisions job, then cancels it once its guest runs.
func runCancelled(t *testing.T, m *Manager, job *jobs.Job) *jobs.Result {
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	l, err := m.Acquire(ctx, job)
	if err != nil {
		return &jobs.Result{Status: jobs.StatusInfraError, Error: err.Error()}
	}
	defer l.Release(t.Context())
	time.AfterFunc(100*time.Millisecond, cancel)
	return l.Exec(ctx, execRequest(job))
}

// A sidecar killed with SIGKILL mid-job removes nothing itself; its worker
// removes its whole directory, its VMs' files included, once it is reaped.
func TestKilledSidecarDirRemoved(t *testing.T) {
	for _, p := range []jobs.Placement{jobs.PlacementShared, jobs.PlacementOwned} {
		t.Run(string(p), func(t *testing.T) {
			m := newTestManager(t, Options{SharedSidecars: 1})
			dir := m.opts.Spawn.Dir
			job := js(p, `const fs = require("fs"); for (let i = 0; i < 20; i++) fs.writeFileSync("/f" + i, "x".repeat(1000)); while (true) {}`)
			job.Limits.Timeout = jobs.Duration(time.Minute)
			l, err := m.Acquire(t.Context(), job)
			if err != nil {
				t.Fatal(err)
			}
			pid := l.SidecarPID()
			killed := make(chan string, 1)
			go func() {
				// Once the guest's last file is there, kill its sidecar.
				var sidecarDir string
				waitFor(func() bool {
					matches, _ := filepath.Glob(filepath.Join(dir, "sidecar-*", "vm-*", "f19"))
					if len(matches) == 1 {
						sidecarDir = filepath.Dir(filepath.Dir(matches[0]))
					}
					return sidecarDir != ""
				})
				syscall.Kill(pid, syscall.SIGKILL)
				killed <- sidecarDir
			}()
			res := l.Exec(t.Context(), execRequest(job))
			l.Release(t.Context())
			sidecarDir := <-killed
			if sidecarDir == "" {
				t.Fatalf("the guest's files never showed up (result %s %q)", res.Status, res.Error)
			}
			if res.Status != jobs.StatusInfraError || !strings.Contains(res.Error, "killed") {
				t.Fatalf("after kill -9: %s %q", res.Status, res.Error)
			}
			if !waitFor(func() bool { _, err := os.Lstat(sidecarDir); return os.IsNotExist(err) }) {
				e, b := dirUsage(sidecarDir)
				t.Fatalf("the killed sidecar's directory is still there: %d entries, %d bytes", e, b)
			}
		})
	}
}

// A resident VM is configured with its first job's file count limit, so a
// job asking for another must not be handed it.
func TestResidentKeyHasFileCount(t *testing.T) {
	m := newTestManager(t, Options{SharedSidecars: 1})
	const src = `const fs = require("fs"); for (let i = 0; i < 100; i++) fs.writeFileSync("/f" + i, ""); console.log("ok")`
	if res := m.Run(t.Context(), js(jobs.PlacementResident, src)); res.Status != jobs.StatusOK {
		t.Fatalf("default limits: %s %q", res.Status, res.Error)
	}
	small := js(jobs.PlacementResident, src)
	small.Limits.FileCount = 50
	if res := m.Run(t.Context(), small); res.Status != jobs.StatusKilled || !strings.Contains(res.Error, "limit of 50") {
		t.Fatalf("file_count 50: %s %q", res.Status, res.Error)
	}
}
