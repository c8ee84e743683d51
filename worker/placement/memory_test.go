package placement

import (
	"strings"
	"testing"
	"time"

	"github.com/natsexec/natsexec/jobs"
)

// A memory hog within its own (large) limit makes the shared heap grow past
// the small limits of the jobs beside it. Their memory checks see that
// growth, but it is not theirs: their "killed" is not final, they are
// suspects (Run then runs them again alone, owned); the hog ends ok. The
// leases are driven by hand so the hog allocates while the small jobs'
// execs run, however loaded the machine.
func TestSharedMemoryVerdictIsNotFinal(t *testing.T) {
	m := newTestManager(t, Options{SharedSidecars: 1, SharedMaxJobMemory: 512 << 20})
	sharedSidecar(t, m)

	hog := js(jobs.PlacementShared, `
		const keep = [];
		for (let i = 0; i < 120; i++) keep.push(new Uint8Array(1 << 20).fill(1));
		setTimeout(() => console.log("hog", keep.length), 2000);`)
	hog.ID = "hog"
	hog.Limits.MemoryBytes = 512 << 20
	hog.Limits.Timeout = jobs.Duration(60 * time.Second)
	tiny := js(jobs.PlacementShared, `setTimeout(() => console.log("tiny"), 60000)`)
	tiny.Limits.MemoryBytes = 64 << 20
	tiny.Limits.Timeout = jobs.Duration(120 * time.Second)

	acquire := func(job *jobs.Job) *Lease {
		l, err := m.Acquire(t.Context(), job)
		if err != nil {
			t.Fatal(err)
		}
		return l
	}
	var tinies []*Lease
	var done []chan *jobs.Result
	for range 2 {
		l := acquire(tiny)
		ch := make(chan *jobs.Result, 1)
		go func() { ch <- l.Exec(t.Context(), execRequest(tiny)); l.Release(t.Context()) }()
		tinies, done = append(tinies, l), append(done, ch)
	}
	hl := acquire(hog)
	time.Sleep(300 * time.Millisecond) // the tiny execs are under way
	res := hl.Exec(t.Context(), execRequest(hog))
	hl.Release(t.Context())
	if res.Status != jobs.StatusOK || string(res.Stdout) != "hog 120\n" {
		t.Fatalf("hog: %s %q %q", res.Status, res.Stdout, res.Error)
	}
	for i, ch := range done {
		select {
		case r := <-ch:
			if r.Status != jobs.StatusKilled || !strings.Contains(r.Error, "not final") || tinies[i].verdict != suspect {
				t.Errorf("tiny %d: %s %q verdict %d, want a killed suspect", i, r.Status, r.Error, tinies[i].verdict)
			}
		case <-time.After(50 * time.Second):
			t.Fatalf("tiny %d: its check never saw the hog's 120 MB", i)
		}
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
