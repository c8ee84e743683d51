package placement

import (
	"strings"
	"testing"
	"time"

	"github.com/natsexec/natsexec/jobs"
)

// A memory hog within its own (large) limit makes the shared heap grow past
// the small limits of the jobs beside it. Their memory checks see that
// growth, but it is not theirs: they are not given a final "killed", they
// run again alone in owned sidecars and succeed; the hog ends ok.
func TestSharedMemoryVerdictIsNotFinal(t *testing.T) {
	m := newTestManager(t, Options{SharedSidecars: 1, SharedMaxJobMemory: 512 << 20})
	sharedSidecar(t, m)

	hog := js(jobs.PlacementShared, `
		const keep = [];
		for (let i = 0; i < 120; i++) keep.push(new Uint8Array(1 << 20).fill(1));
		setTimeout(() => console.log("hog", keep.length), 4000);`)
	hog.ID = "hog"
	hog.Limits.MemoryBytes = 512 << 20
	hog.Limits.Timeout = jobs.Duration(30 * time.Second)

	var tiny []<-chan *jobs.Result
	for range 2 {
		job := js(jobs.PlacementShared, `setTimeout(() => console.log("tiny"), 5000)`)
		job.Limits.MemoryBytes = 64 << 20
		job.Limits.Timeout = jobs.Duration(30 * time.Second)
		tiny = append(tiny, runAsync(t.Context(), m, job))
	}
	waitVMs(t, m, 2)
	time.Sleep(200 * time.Millisecond) // the tiny jobs are in their execs
	hogCh := runAsync(t.Context(), m, hog)

	for i, ch := range tiny {
		res := <-ch
		if res.Status != jobs.StatusOK || string(res.Stdout) != "tiny\n" {
			t.Fatalf("tiny %d: %s %q (retries %+v)", i, res.Status, res.Error, res.Retries)
		}
		if len(res.Retries) == 0 {
			// The hog holds 120 MB for 4 s of the tiny job's 5 s exec: its
			// check, every 2 ms, cannot miss that.
			t.Errorf("tiny %d ran once in %s: its check never saw the hog's growth", i, res.Placement)
			continue
		}
		r := res.Retries[0]
		if !r.Suspect || r.Status != jobs.StatusKilled || !strings.Contains(r.Error, "not final") || res.Placement != jobs.PlacementOwned {
			t.Errorf("tiny %d: set-aside run %+v, final run in %s", i, r, res.Placement)
		}
	}
	if res := <-hogCh; res.Status != jobs.StatusOK || string(res.Stdout) != "hog 120\n" {
		t.Fatalf("hog: %s %q %q", res.Status, res.Stdout, res.Error)
	}
}

// A job alone in a shared sidecar that passes its own limit is measured
// exactly: its "killed" is final, with no retry.
func TestSharedMemoryAloneIsFinal(t *testing.T) {
	m := newTestManager(t, Options{SharedSidecars: 1})
	job := js(jobs.PlacementShared, `const keep = []; for (;;) keep.push(new Uint8Array(1 << 20).fill(1));`)
	job.Limits.MemoryBytes = 64 << 20
	res := m.Run(t.Context(), job)
	if res.Status != jobs.StatusKilled || len(res.Retries) != 0 || res.Placement != jobs.PlacementShared {
		t.Fatalf("%s in %s %q, retries %+v", res.Status, res.Placement, res.Error, res.Retries)
	}
}

// Every result says what the run cost: CPU, peak memory (the kernel's figure
// for an owned sidecar, an estimate for JS in a shared one), files.
func TestResultUsage(t *testing.T) {
	m := newTestManager(t, Options{})
	src := `
		const fs = require("fs");
		const t0 = Date.now(); let x = 0;
		while (Date.now() - t0 < 300) x++;
		fs.writeFileSync("/a.txt", "12345");
		fs.mkdirSync("/d");
		fs.writeFileSync("/d/b.txt", "123");
		console.log(x > 0);`
	for _, p := range []jobs.Placement{jobs.PlacementOwned, jobs.PlacementShared} {
		res := m.Run(t.Context(), js(p, src))
		if res.Status != jobs.StatusOK || res.Usage == nil {
			t.Fatalf("%s: %s %q usage %v", p, res.Status, res.Error, res.Usage)
		}
		u := res.Usage
		if u.CPU.Std() < 100*time.Millisecond || u.CPU.Std() > 30*time.Second {
			t.Errorf("%s: cpu %s for a 300 ms busy loop", p, u.CPU.Std())
		}
		if u.FileBytes != 8 || u.Files != 3 {
			t.Errorf("%s: files %d, %d bytes; want 3, 8", p, u.Files, u.FileBytes)
		}
		switch p {
		case jobs.PlacementOwned:
			if u.MemoryEstimate || u.PeakMemoryBytes < 1<<20 {
				t.Errorf("owned: peak %d estimate %v; want the sidecar's resident peak", u.PeakMemoryBytes, u.MemoryEstimate)
			}
		default:
			if !u.MemoryEstimate || u.PeakMemoryBytes < 0 {
				t.Errorf("shared: peak %d estimate %v", u.PeakMemoryBytes, u.MemoryEstimate)
			}
		}
	}
}
