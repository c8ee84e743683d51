package placement

import (
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/natsexec/natsexec/jobs"
)

// Hostile jobs of every kind the attacker tried, and innocent ones, all in
// one shared sidecar at once: every innocent job ends ok with its answer,
// and every hostile one ends with a final status naming its own cause.
func TestMixedHostileAndInnocentShared(t *testing.T) {
	m := newTestManager(t, Options{SharedSidecars: 1, ExecGrace: time.Second})
	sharedSidecar(t, m)

	hostile := []struct {
		name, src string
		want      []jobs.Status
		says      string
	}{
		{"loop", `for (;;) {}`, []jobs.Status{jobs.StatusTimeout}, "wall-time"},
		{"regex", `/^(a+)+(?=b)\1$/.test("a".repeat(34) + "c")`, []jobs.Status{jobs.StatusTimeout}, "wall-time"},
		{"bigint", `7n ** 200000000n`, []jobs.Status{jobs.StatusGuestError}, "Maximum BigInt size exceeded"},
		{"string", `"x".repeat(2 ** 30)`, []jobs.Status{jobs.StatusGuestError}, "Invalid string length"},
		{"buffer", `new Uint8Array(4.3e9).fill(1)`, []jobs.Status{jobs.StatusGuestError}, "Array buffer allocation failed"},
		{"json", `JSON.parse("[".repeat(5e6) + "]".repeat(5e6))`, []jobs.Status{jobs.StatusGuestError}, "Maximum call stack size exceeded"},
		{"deep-string", `let a = []; for (let i = 0; i < 1e5; i++) a = [a]; String(a)`, []jobs.Status{jobs.StatusGuestError}, "Maximum call stack size exceeded"},
		{"source", strings.Repeat("(", 1e5) + "1" + strings.Repeat(")", 1e5), []jobs.Status{jobs.StatusGuestError}, "Maximum call stack size exceeded"},
		{"hog", `const k = []; for (;;) k.push(new Uint8Array(1 << 20).fill(1))`, []jobs.Status{jobs.StatusKilled, jobs.StatusTimeout}, ""},
		{"files", `const fs = require("fs"); for (let i = 0; ; i++) fs.writeFileSync("/f" + i, "")`, []jobs.Status{jobs.StatusKilled, jobs.StatusTimeout}, ""},
	}

	type outcome struct {
		name string
		res  *jobs.Result
	}
	var wg sync.WaitGroup
	results := make(chan outcome, 64)
	run := func(name string, job *jobs.Job) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			results <- outcome{name, m.Run(t.Context(), job)}
		}()
	}
	for i := range 12 {
		job := js(jobs.PlacementShared, fmt.Sprintf(`setTimeout(() => console.log(%d * 3), %d)`, i, 100*(i%5)))
		job.ID = fmt.Sprintf("innocent-%d", i)
		job.Limits.Timeout = jobs.Duration(30 * time.Second)
		run(job.ID, job)
	}
	for _, h := range hostile {
		job := js(jobs.PlacementShared, h.src)
		job.ID = "hostile-" + h.name
		// Long enough for the hog and the file flood to reach their limits
		// on a loaded machine; where they do not, a timeout is theirs too.
		job.Limits.Timeout = jobs.Duration(3 * time.Second)
		if len(h.want) == 1 && h.want[0] == jobs.StatusGuestError {
			// Their error is the point, and under -race on two loaded
			// cores a 10^5-deep recursion alone can take seconds.
			job.Limits.Timeout = jobs.Duration(20 * time.Second)
		}
		job.Limits.MemoryBytes = 96 << 20
		job.Limits.FileCount = 500
		run(job.ID, job)
	}
	wg.Wait()
	close(results)

	for o := range results {
		r := o.res
		if i, ok := strings.CutPrefix(o.name, "innocent-"); ok {
			var n int
			fmt.Sscan(i, &n)
			if r.Status != jobs.StatusOK || string(r.Stdout) != fmt.Sprintf("%d\n", n*3) {
				t.Errorf("%s: %s %q %q (retries %+v)", o.name, r.Status, r.Stdout, r.Error, r.Retries)
			}
			continue
		}
		for _, h := range hostile {
			if "hostile-"+h.name != o.name {
				continue
			}
			if !slices.Contains(h.want, r.Status) || !strings.Contains(r.Error, h.says) {
				t.Errorf("%s: %s %q, want %v naming %q (retries %+v)", o.name, r.Status, r.Error, h.want, h.says, r.Retries)
			}
		}
	}
}
