package guest

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"testing"
	"time"

	"github.com/natsexec/natsexec/jobs"
)

// BenchmarkWASMMount is runtime_mount_wasm in a process whose host has
// already compiled the command set.
func BenchmarkWASMMount(b *testing.B) {
	h := newWASMTestHost(b, "")
	if err := h.Warm(context.Background()); err != nil {
		b.Fatal(err)
	}
	v, err := h.NewVM(context.Background())
	if err != nil {
		b.Fatal(err)
	}
	defer v.Close()
	if err := v.Configure(Config{Env: map[string]string{"A": "1", "B": "2"}}); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := newWASMRuntime(context.Background(), v); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkWASMRunCommand is one command of the set, instantiated and run
// to its end in a mounted VM.
func BenchmarkWASMRunCommand(b *testing.B) {
	h := newWASMTestHost(b, "")
	v := newWASMVM(b, h, Config{Files: []jobs.File{
		{Path: "data.txt", Data: bytes.Repeat([]byte("natsexec wasm command set\n"), 2520)}, // 64 KiB
	}})
	for _, bc := range []struct {
		name string
		args []string
	}{
		{"true", nil},
		{"echo", []string{"hello", "world"}},
		{"cat", []string{"data.txt"}},
		{"wc", []string{"-l", "data.txt"}},
		{"grep", []string{"-c", "wasm", "data.txt"}},
		{"sha256sum", []string{"data.txt"}},
	} {
		b.Run(bc.name, func(b *testing.B) {
			ctx := context.Background()
			b.ReportAllocs()
			for b.Loop() {
				code, err := v.runCommand(ctx, bc.name, bc.args, nil, io.Discard, io.Discard)
				if code != 0 || err != nil {
					b.Fatal(code, err)
				}
			}
		})
	}
}

// BenchmarkWASMExecModule is a job's own (already compiled) module through
// VM.Exec: cache lookup by sha256, instantiate, run, result.
func BenchmarkWASMExecModule(b *testing.B) {
	h := newWASMTestHost(b, "")
	v := newWASMVM(b, h, Config{})
	req := ExecRequest{Runtime: jobs.RuntimeWASM, Module: hostile(b), Args: []string{"exit", "0"}}
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		res, err := v.Exec(ctx, req)
		if err != nil || res.Kind != KindNone {
			b.Fatal(err, res)
		}
	}
}

// BenchmarkWASMCompileCommandSet is what the first mount of a process pays:
// making the runtime and compiling the command set, from nothing and from
// a warm on-disk compilation cache.
func BenchmarkWASMCompileCommandSet(b *testing.B) {
	if testing.Short() {
		b.Skip("compiles the command set per iteration")
	}
	ctx := context.Background()
	b.Run("cold", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			h, err := NewHost(ctx, HostOptions{BaseDir: b.TempDir()})
			if err != nil {
				b.Fatal(err)
			}
			if err := h.Warm(ctx); err != nil {
				b.Fatal(err)
			}
			h.Close(ctx)
		}
	})
	b.Run("disk-cache", func(b *testing.B) {
		dir := b.TempDir()
		h, _ := NewHost(ctx, HostOptions{BaseDir: b.TempDir(), CacheDir: dir})
		if err := h.Warm(ctx); err != nil {
			b.Fatal(err)
		}
		h.Close(ctx)
		b.ReportAllocs()
		for b.Loop() {
			h, err := NewHost(ctx, HostOptions{BaseDir: b.TempDir(), CacheDir: dir})
			if err != nil {
				b.Fatal(err)
			}
			if err := h.Warm(ctx); err != nil {
				b.Fatal(err)
			}
			h.Close(ctx)
		}
	})
}

// freshMount is what a child process reports of its first mount.
type freshMount struct {
	Mount     time.Duration `json:"mount"`      // runtime_mount_wasm, the first in the process
	FirstRun  time.Duration `json:"first_run"`  // the first command run after it
	SecondRun time.Duration `json:"second_run"` // a second one
	SecondVM  time.Duration `json:"second_vm"`  // mount in a second VM of the same process
}

const freshMountEnv = "NATSEXEC_WASM_FRESH_MOUNT_CACHE"

// TestWASMFreshProcessMount measures the first runtime_mount_wasm of a fresh
// process, with a cold and then a warm on-disk compilation cache, by running
// this test binary as a child. The bounds asserted are loose (the machine is
// shared); the figures are logged: go test -run FreshProcessMount -v ./guest
func TestWASMFreshProcessMount(t *testing.T) {
	if dir := os.Getenv(freshMountEnv); dir != "" {
		freshMountChild(t, dir)
		return
	}
	if testing.Short() {
		t.Skip("spawns child processes")
	}
	cache := t.TempDir()
	run := func(label string) freshMount {
		cmd := exec.Command(os.Args[0], "-test.run=^TestWASMFreshProcessMount$", "-test.count=1")
		cmd.Env = append(os.Environ(), freshMountEnv+"="+cache)
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("%s child: %v\n%s", label, err, out)
		}
		sc := bufio.NewScanner(bytes.NewReader(out))
		for sc.Scan() {
			if line, ok := bytes.CutPrefix(sc.Bytes(), []byte("FRESH_MOUNT ")); ok {
				var m freshMount
				if err := json.Unmarshal(line, &m); err != nil {
					t.Fatal(err)
				}
				t.Logf("%-10s first mount %8v, first command %8v, second command %8v, mount in a second VM %8v",
					label, m.Mount, m.FirstRun, m.SecondRun, m.SecondVM)
				return m
			}
		}
		t.Fatalf("%s child printed no figures:\n%s", label, out)
		return freshMount{}
	}
	cold := run("cold cache")
	warm := run("warm cache")
	warm2 := run("warm cache")
	best := min(warm.Mount, warm2.Mount)
	if best > 100*time.Millisecond {
		t.Errorf("first mount from a warm disk cache took %v (target 10ms)", best)
	}
	if best >= cold.Mount {
		t.Errorf("a warm disk cache did not help: warm %v, cold %v", best, cold.Mount)
	}
}

func freshMountChild(t *testing.T, cacheDir string) {
	ctx := context.Background()
	h, err := NewHost(ctx, HostOptions{BaseDir: t.TempDir(), CacheDir: cacheDir})
	if err != nil {
		t.Fatal(err)
	}
	defer h.Close(ctx)
	v, err := h.NewVM(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer v.Close()
	if err := v.Configure(Config{}); err != nil {
		t.Fatal(err)
	}
	var m freshMount
	start := time.Now()
	if err := v.MountWASM(ctx); err != nil {
		t.Fatal(err)
	}
	m.Mount = time.Since(start)
	for _, d := range []*time.Duration{&m.FirstRun, &m.SecondRun} {
		start = time.Now()
		if code, err := v.runCommand(ctx, "echo", []string{"hi"}, nil, io.Discard, io.Discard); code != 0 || err != nil {
			t.Fatal(code, err)
		}
		*d = time.Since(start)
	}
	v2, err := h.NewVM(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer v2.Close()
	start = time.Now()
	if err := v2.MountWASM(ctx); err != nil {
		t.Fatal(err)
	}
	m.SecondVM = time.Since(start)
	b, _ := json.Marshal(m)
	fmt.Printf("FRESH_MOUNT %s\n", b)
}
