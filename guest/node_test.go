package guest

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/natsexec/natsexec/jobs"
)

// nodeTestHost is shared by tests that need nothing special of a host.
var nodeTestHost = sync.OnceValue(func() *Host {
	h, err := NewHost(context.Background(), HostOptions{})
	if err != nil {
		panic(err)
	}
	return h
})

// newNodeVM makes a configured VM with node mounted.
func newNodeVM(t testing.TB, cfg Config) *VM {
	t.Helper()
	ctx := context.Background()
	v, err := nodeTestHost().NewVM(ctx)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { v.Close() })
	if err := v.Configure(cfg); err != nil {
		t.Fatal(err)
	}
	if err := v.MountNode(ctx); err != nil {
		t.Fatal(err)
	}
	return v
}

func execJS(t testing.TB, v *VM, src string) *ExecResult {
	t.Helper()
	return execReq(t, v, ExecRequest{Runtime: jobs.RuntimeJS, Source: src})
}

func execReq(t testing.TB, v *VM, req ExecRequest) *ExecResult {
	t.Helper()
	res, err := v.Exec(context.Background(), req)
	if err != nil {
		t.Fatal(err)
	}
	return res
}

// runJS runs src in a fresh VM and fails the test unless it ends cleanly.
func runJS(t *testing.T, src string) *ExecResult {
	t.Helper()
	res := execJS(t, newNodeVM(t, Config{}), src)
	if res.Kind != KindNone || res.ExitCode != 0 {
		t.Fatalf("kind %q exit %d: %s\nstderr: %s", res.Kind, res.ExitCode, res.Error, res.Stderr)
	}
	return res
}

func wantStdout(t *testing.T, res *ExecResult, want string) {
	t.Helper()
	if got := string(res.Stdout); got != want {
		t.Errorf("stdout:\n%s\nwant:\n%s", got, want)
	}
}

func TestNodeSmoke(t *testing.T) {
	t.Parallel()
	res := runJS(t, `console.log("hi", 1, {a: 1}); export const x = 1`)
	wantStdout(t, res, "hi 1 { a: 1 }\n")
	if res.Exports["x"] != int64(1) {
		t.Errorf("exports = %#v", res.Exports)
	}
}

// Not parallel: the 50 ms bound is about our stop path, not about how many
// spinning guests share two cores.
func TestNodeTimeoutSpin(t *testing.T) {
	for name, src := range map[string]string{
		"while":        `while(true){}`,
		"async":        `async function f(){ while(true) await null }; f()`,
		"interval":     `setInterval(() => {}, 0)`,
		"slowInterval": `setInterval(() => {}, 100000)`,
	} {
		t.Run(name, func(t *testing.T) {
			v := newNodeVM(t, Config{Limits: jobs.Limits{Timeout: jobs.Duration(100 * time.Millisecond)}})
			start := time.Now()
			res := execJS(t, v, src)
			if res.Kind != KindTimeout {
				t.Fatalf("kind %q: %s", res.Kind, res.Error)
			}
			if over := time.Since(start) - 100*time.Millisecond; over > 50*time.Millisecond {
				// On an overloaded machine the deadline timer itself fires
				// late; only what our stop path adds counts.
				if lag := timerLag(); over-lag > 50*time.Millisecond {
					t.Errorf("stopped %s after the deadline (a plain timer lags %s)", over, lag)
				} else {
					t.Logf("stopped %s after the deadline; a plain timer lags %s here", over, lag)
				}
			}
			// The runtime is usable again.
			if res := execJS(t, v, `console.log(1)`); res.Kind != KindNone {
				t.Fatalf("after timeout: %q %s", res.Kind, res.Error)
			}
		})
	}
}

func TestNodeErrorsSmoke(t *testing.T) {
	t.Parallel()
	v := newNodeVM(t, Config{})
	res := execJS(t, v, `function f(){ throw new Error("boom") }; f()`)
	if res.Kind != KindGuest || res.ExitCode != 1 || !strings.Contains(res.Error, "boom") {
		t.Fatalf("%q %d %q", res.Kind, res.ExitCode, res.Error)
	}
	t.Log(res.Error)
	res = execJS(t, v, `Promise.reject(new TypeError("nope"))`)
	if res.Kind != KindGuest || !strings.Contains(res.Error, "nope") {
		t.Fatalf("%q %d %q", res.Kind, res.ExitCode, res.Error)
	}
	res = execJS(t, v, `process.exit(3); console.log("no")`)
	if res.Kind != KindNone || res.ExitCode != 3 || len(res.Stdout) != 0 {
		t.Fatalf("%q %d %q %q", res.Kind, res.ExitCode, res.Error, res.Stdout)
	}
}

// timerLag is how late a plain Go timer fires right now, at worst of a few.
func timerLag() time.Duration {
	var worst time.Duration
	for range 5 {
		start := time.Now()
		<-time.After(20 * time.Millisecond)
		worst = max(worst, time.Since(start)-20*time.Millisecond)
	}
	return worst
}
