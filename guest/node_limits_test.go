package guest

import (
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/natsexec/natsexec/jobs"
)

// Memory bombs run one at a time: the watchdog reads the process heap, so
// parallel bombs would charge each other.
func TestNodeMemoryLimit(t *testing.T) {
	for name, src := range map[string]string{
		"arrays": `let a = []; while (true) a.push(new Array(1e6).fill(1))`,
		// Many strings, none past the string length bound (one string
		// that long throws RangeError: Invalid string length instead).
		"strings": `const keep = []; for (let i = 0; ; i++) keep.push("x".repeat(1e6) + i)`,
		"objects": `const m = []; while (true) m.push({a: Math.random(), b: [1, 2, 3]})`,
		"async":   `const a = []; (async () => { while (true) { a.push(new Array(1e5).fill(0)); await null } })()`,
	} {
		t.Run(name, func(t *testing.T) {
			// The timeout is only a backstop: under -race on two loaded
			// cores filling 64 MiB of arrays alone took 8 to 20 s.
			v := newNodeVM(t, Config{Limits: jobs.Limits{MemoryBytes: 64 << 20, Timeout: jobs.Duration(60 * time.Second)}})
			res := execJS(t, v, src)
			if res.Kind != KindMemory {
				t.Fatalf("kind %q: %s", res.Kind, res.Error)
			}
			if !strings.Contains(res.Error, "memory limit") {
				t.Errorf("error %q", res.Error)
			}
			// The VM and the process stay usable; the garbage is collectable.
			if res := execJS(t, v, `console.log("alive")`); res.Kind != KindNone {
				t.Fatalf("after bomb: %q %s", res.Kind, res.Error)
			}
			if err := v.Reset(t.Context()); err != nil {
				t.Fatal(err)
			}
			runtime.GC()
		})
	}
	// A single huge Buffer.alloc is refused before it happens.
	v := newNodeVM(t, Config{Limits: jobs.Limits{MemoryBytes: 64 << 20}})
	res := execJS(t, v, `try { Buffer.alloc(1 << 30) } catch (e) { console.log(e.code) }`)
	wantStdout(t, res, "ERR_OUT_OF_RANGE\n")
	// Churning garbage well past the budget is fine.
	v = newNodeVM(t, Config{Limits: jobs.Limits{MemoryBytes: 64 << 20, Timeout: jobs.Duration(time.Minute)}})
	res = execJS(t, v, `let n = 0; for (let i = 0; i < 150; i++) { const s = "x".repeat(1e6) + i; n += s.length } console.log(n)`)
	if res.Kind != KindNone {
		t.Fatalf("garbage churn: %q %s", res.Kind, res.Error)
	}
}
