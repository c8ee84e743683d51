package guest

import (
	"context"
	"crypto/sha256"
	"strings"
	"testing"
	"time"

	"github.com/natsexec/natsexec/jobs"
)

// slowModule passes checkWASM yet takes wazero a second or more to compile
// (four functions of 5,000 sequential ifs, each well under the function
// bound and all under the module's): what the deadline, not the check,
// has to stop.
func slowModule(t *testing.T) []byte {
	t.Helper()
	bodies := make([][]byte, 4)
	for i := range bodies {
		bodies[i] = wasmBody(sequentialIfs(5000))
	}
	m := wasmCommand(bodies...)
	if err := checkWASM(m); err != nil {
		t.Fatal(err)
	}
	return m
}

// waitCompiles waits until every compile h's module cache started has
// ended, so that no test leaves a compile burning a core behind it.
func waitCompiles(h *Host) {
	c := h.wasm.modules
	c.mu.Lock()
	var pending []*moduleEntry
	for _, e := range c.entries {
		pending = append(pending, e)
	}
	c.mu.Unlock()
	for _, e := range pending {
		<-e.ready
	}
}

func cacheEntry(h *Host, module []byte) *moduleEntry {
	c := h.wasm.modules
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.entries[sha256.Sum256(module)]
}

func timeoutConfig(d time.Duration) Config {
	return Config{Limits: jobs.Limits{Timeout: jobs.Duration(d)}}
}

// A module over a bound is a guest error that names the bound, found in
// milliseconds, and never reaches wazero or the cache.
func TestWASMRefusedModule(t *testing.T) {
	t.Parallel()
	h := newWASMTestHost(t, "")
	v := newWASMVM(t, h, Config{})
	start := time.Now()
	res := execWASM(t, v, wasmCommand(wasmBody(nestedIfs(150_000))), "")
	if res.Kind != KindGuest || res.Error != "module refused: function 0 nests blocks 150000 deep, over 4096" {
		t.Fatalf("%s %q", res.Kind, res.Error)
	}
	if took := time.Since(start); took > 2*time.Second {
		t.Errorf("refused after %s", took)
	}
	if n := h.wasm.modules.len(); n != 0 {
		t.Errorf("%d modules cached", n)
	}
}

// The compile counts against the job's timeout: an exec whose module is
// still compiling at its deadline ends then, as a timeout that says the
// compile was running (for the worker to kill the process); a cancel,
// likewise. A second exec of the same module waits on the same compile.
func TestWASMCompileOverrun(t *testing.T) {
	t.Parallel()
	h := newWASMTestHost(t, "")
	t.Cleanup(func() { waitCompiles(h) })
	slow := slowModule(t)
	const timeout = 200 * time.Millisecond
	v := newWASMVM(t, h, timeoutConfig(timeout))

	start := time.Now()
	res := execWASM(t, v, slow, "")
	took := time.Since(start)
	if res.Kind != KindTimeout || !res.CompileOverrun || !strings.Contains(res.Error, "while compiling the module") {
		t.Fatalf("%s overrun=%v %q", res.Kind, res.CompileOverrun, res.Error)
	}
	if took > timeout+2*time.Second {
		t.Errorf("ended %s after a %s timeout", took, timeout)
	}
	e := cacheEntry(h, slow)
	select {
	case <-e.ready:
		t.Fatal("the compile ended before the deadline: the module is not slow enough to test with")
	default:
	}

	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(100*time.Millisecond, cancel)
	v2 := newWASMVM(t, h, timeoutConfig(time.Minute))
	start = time.Now()
	res, err := v2.Exec(ctx, ExecRequest{Runtime: jobs.RuntimeWASM, Module: slow})
	if err != nil || res.Kind != KindCancelled || !res.CompileOverrun {
		t.Fatalf("cancel: %v %+v", err, res)
	}
	if took := time.Since(start); took > 2*time.Second {
		t.Errorf("cancel took %s", took)
	}
}

// Compile slots: a compile holds its slot until it ends, deadline or not,
// and a module that needs a slot waits for one within its own deadline,
// which it reports as such, not as its compile overrunning; its queued
// compile then leaves the queue and the cache. A cheap module needs no
// slot and runs at once. Once the slot is free the queued module compiles.
func TestWASMCompileSlots(t *testing.T) {
	t.Parallel()
	h := newWASMTestHost(t, "")
	c := h.wasm.modules
	c.sem = make(chan struct{}, 1) // one slot, whatever the cores
	t.Cleanup(func() { waitCompiles(h) })

	slow := slowModule(t)
	if res := execWASM(t, newWASMVM(t, h, timeoutConfig(150*time.Millisecond)), slow, ""); !res.CompileOverrun {
		t.Fatalf("%+v", res)
	}

	// Over 64 KiB: not cheap, whatever it holds.
	medium := tinyModule(1, strings.Repeat("x", 70<<10), true)
	res := execWASM(t, newWASMVM(t, h, timeoutConfig(300*time.Millisecond)), medium, "")
	if res.Kind != KindTimeout || res.CompileOverrun || !strings.Contains(res.Error, "while waiting for a compile slot") {
		t.Fatalf("queued: %s overrun=%v %q", res.Kind, res.CompileOverrun, res.Error)
	}
	if cacheEntry(h, medium) != nil {
		t.Error("a queued compile nobody waits for stayed in the cache")
	}

	start := time.Now()
	res = execWASM(t, newWASMVM(t, h, timeoutConfig(10*time.Second)), tinyModule(1, "cheap", true), "")
	if res.Kind != KindNone || res.ExitCode != 0 {
		t.Fatalf("cheap: %+v", res)
	}
	if took := time.Since(start); took > 2*time.Second {
		t.Errorf("a cheap module took %s with the slot taken", took)
	}
	e := cacheEntry(h, slow)
	select {
	case <-e.ready:
		t.Log("the slow compile ended already; the slot's bound was not checked while it ran")
	default:
		if len(c.sem) != 1 {
			t.Errorf("%d slots taken while the overrunning compile runs, want 1", len(c.sem))
		}
	}

	res = execWASM(t, newWASMVM(t, h, timeoutConfig(time.Minute)), medium, "")
	if res.Kind != KindNone || res.ExitCode != 0 {
		t.Fatalf("medium once the slot is free: %+v", res)
	}
	if len(c.sem) != 0 {
		t.Errorf("%d slots taken with no compile running", len(c.sem))
	}
}
