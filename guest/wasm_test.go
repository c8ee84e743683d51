package guest

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/natsexec/natsexec/guest/commands"
	"github.com/natsexec/natsexec/jobs"
)

// newWASMTestHost makes a host whose VMs live in a temp dir.
func newWASMTestHost(t testing.TB, cacheDir string) *Host {
	t.Helper()
	h, err := NewHost(context.Background(), HostOptions{BaseDir: t.TempDir(), CacheDir: cacheDir})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := h.Close(context.Background()); err != nil {
			t.Errorf("host close: %v", err)
		}
	})
	return h
}

// newWASMVM makes a configured VM with WASI mounted.
func newWASMVM(t testing.TB, h *Host, cfg Config) *VM {
	t.Helper()
	ctx := context.Background()
	v, err := h.NewVM(ctx)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { v.Close() })
	if err := v.Configure(cfg); err != nil {
		t.Fatal(err)
	}
	if err := v.MountWASM(ctx); err != nil {
		t.Fatal(err)
	}
	return v
}

// sharedWASMHost is one host for the many tests that need nothing special
// of it, so the command set is compiled once per test binary.
// Its VMs' directories go under os.TempDir() and are removed as they close.
var sharedWASMHost = sync.OnceValue(func() *Host {
	h, err := NewHost(context.Background(), HostOptions{})
	if err != nil {
		panic(err)
	}
	return h
})

func fixture(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("commands", "testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func hostile(t testing.TB) []byte { return fixture(t, "hostile.wasm") }

// execWASM runs module in v through VM.Exec, as a job would.
func execWASM(t testing.TB, v *VM, module []byte, stdin string, args ...string) *ExecResult {
	t.Helper()
	res, err := v.Exec(context.Background(), ExecRequest{Runtime: jobs.RuntimeWASM, Module: module, Args: args, Stdin: []byte(stdin)})
	if err != nil {
		t.Fatal(err)
	}
	if res == nil {
		t.Fatal("nil result")
	}
	return res
}

// runCmd runs a command of the set with a deadline, as an exec would.
func runCmd(t testing.TB, v *VM, stdin string, name string, args ...string) (code int, stdout, stderr string, err error) {
	t.Helper()
	ctx, cancel := context.WithTimeoutCause(context.Background(), 10*time.Second, errTimeout)
	defer cancel()
	var out, errb bytes.Buffer
	code, err = v.runCommand(ctx, name, args, []byte(stdin), &out, &errb)
	return code, out.String(), errb.String(), err
}

var commandFiles = []jobs.File{
	{Path: "data.txt", Data: []byte("banana\napple\ncherry\napple\n")},
	{Path: "nums.txt", Data: []byte("10\n9\n100\n-1\n")},
	{Path: "words.txt", Data: []byte("Hello world\nhello WASM\nbye\n")},
	{Path: "dir/a.txt", Data: []byte("A\n")},
}

func TestWASMCommands(t *testing.T) {
	t.Parallel()
	v := newWASMVM(t, sharedWASMHost(), Config{Files: commandFiles})
	sum := func(s string) string { h := sha256.Sum256([]byte(s)); return hex.EncodeToString(h[:]) }
	long := strings.Repeat("natsexec ", 40)
	longB64 := base64.StdEncoding.EncodeToString([]byte(long))
	var wrapped strings.Builder
	for i := 0; i < len(longB64); i += 76 {
		wrapped.WriteString(longB64[i:min(i+76, len(longB64))] + "\n")
	}
	tests := []struct {
		name  string
		args  []string
		stdin string
		want  string // exact stdout, or a regexp when it starts with "re:"
		code  int
	}{
		{"echo", []string{"hello", "world"}, "", "hello world\n", 0},
		{"echo", []string{"-n", "hi"}, "", "hi", 0},
		{"echo", []string{"-e", `a\tb\n`}, "", "a\tb\n\n", 0},
		{"echo", nil, "", "\n", 0},
		{"cat", []string{"data.txt"}, "", "banana\napple\ncherry\napple\n", 0},
		{"cat", []string{"/dir/a.txt", "-"}, "in\n", "A\nin\n", 0},
		{"cat", nil, "x\ny\n", "x\ny\n", 0},
		{"cat", []string{"-n", "dir/a.txt"}, "", "     1\tA\n", 0},
		{"cat", []string{"missing.txt"}, "", "", 1},
		{"ls", nil, "", "data.txt\ndir\nnums.txt\nwords.txt\n", 0},
		{"ls", []string{"/"}, "", "data.txt\ndir\nnums.txt\nwords.txt\n", 0},
		{"ls", []string{"dir"}, "", "a.txt\n", 0},
		{"ls", []string{"-a", "dir"}, "", ".\n..\na.txt\n", 0},
		{"ls", []string{"-l", "dir"}, "", `re:^- +1 +2 \d{4}-\d\d-\d\d \d\d:\d\d a\.txt\n$`, 0},
		{"ls", []string{"nope"}, "", "", 2},
		{"wc", []string{"-l", "data.txt"}, "", "4 data.txt\n", 0},
		{"wc", nil, "a b\nc\n", "2 3 6\n", 0},
		{"wc", []string{"-w", "-c"}, "one two", "2 7\n", 0},
		{"wc", []string{"-l", "data.txt", "nums.txt"}, "", "4 data.txt\n4 nums.txt\n8 total\n", 0},
		{"head", []string{"-n", "2", "data.txt"}, "", "banana\napple\n", 0},
		{"head", []string{"-1"}, "first\nsecond\n", "first\n", 0},
		{"head", []string{"-c", "3", "data.txt"}, "", "ban", 0},
		{"tail", []string{"-n", "2", "data.txt"}, "", "cherry\napple\n", 0},
		{"tail", []string{"-n", "+3", "data.txt"}, "", "cherry\napple\n", 0},
		{"tail", []string{"-n", "2"}, "a\nb\nc", "b\nc", 0},
		{"tail", []string{"-c", "4", "data.txt"}, "", "ple\n", 0},
		{"grep", []string{"apple", "data.txt"}, "", "apple\napple\n", 0},
		{"grep", []string{"-c", "apple", "data.txt"}, "", "2\n", 0},
		{"grep", []string{"-n", "apple", "data.txt"}, "", "2:apple\n4:apple\n", 0},
		{"grep", []string{"-v", "apple", "data.txt"}, "", "banana\ncherry\n", 0},
		{"grep", []string{"-i", "hello", "words.txt"}, "", "Hello world\nhello WASM\n", 0},
		{"grep", []string{"-E", "an+a", "data.txt"}, "", "banana\n", 0},
		{"grep", []string{"^b.*a$", "data.txt"}, "", "banana\n", 0},
		{"grep", []string{"-x", "apple", "data.txt"}, "", "apple\napple\n", 0},
		{"grep", []string{"-F", "a.b"}, "a.b\naxb\n", "a.b\n", 0},
		{"grep", []string{"-l", "A", "dir/a.txt", "data.txt"}, "", "dir/a.txt\n", 0},
		{"grep", []string{"apple", "data.txt", "dir/a.txt"}, "", "data.txt:apple\ndata.txt:apple\n", 0},
		{"grep", []string{"zebra", "data.txt"}, "", "", 1},
		{"grep", []string{"-q", "cherry", "data.txt"}, "", "", 0},
		{"grep", []string{"x", "missing.txt"}, "", "", 2},
		{"sort", []string{"data.txt"}, "", "apple\napple\nbanana\ncherry\n", 0},
		{"sort", []string{"-u", "data.txt"}, "", "apple\nbanana\ncherry\n", 0},
		{"sort", []string{"-r", "data.txt"}, "", "cherry\nbanana\napple\napple\n", 0},
		{"sort", []string{"-n", "nums.txt"}, "", "-1\n9\n10\n100\n", 0},
		{"sort", []string{"-rn"}, "2\n10\n1\n", "10\n2\n1\n", 0},
		{"uniq", nil, "a\na\nb\na\n", "a\nb\na\n", 0},
		{"uniq", []string{"-c"}, "a\na\nb\n", "      2 a\n      1 b\n", 0},
		{"uniq", []string{"-d"}, "a\na\nb\n", "a\n", 0},
		{"tr", []string{"a-z", "A-Z"}, "hello", "HELLO", 0},
		{"tr", []string{"[:lower:]", "[:upper:]"}, "hi!", "HI!", 0},
		{"tr", []string{"-d", "l"}, "hello", "heo", 0},
		{"tr", []string{"-s", " "}, "a   b  c", "a b c", 0},
		{"tr", []string{"-cd", "[:digit:]"}, "a1b2\n", "12", 0},
		{"tr", []string{`\n`, ","}, "a\nb\n", "a,b,", 0},
		{"sha256sum", []string{"data.txt"}, "", sum("banana\napple\ncherry\napple\n") + "  data.txt\n", 0},
		{"sha256sum", nil, "abc", sum("abc") + "  -\n", 0},
		{"sha256sum", nil, long, sum(long) + "  -\n", 0},
		{"base64", nil, "hello", "aGVsbG8=\n", 0},
		{"base64", nil, long, wrapped.String(), 0},
		{"base64", []string{"-w", "0"}, "hi", "aGk=", 0},
		{"base64", []string{"-d"}, "aGVsbG8=\n", "hello", 0},
		{"base64", []string{"-d"}, wrapped.String(), long, 0},
		{"base64", []string{"-d"}, "!!!", "", 1},
		{"seq", []string{"3"}, "", "1\n2\n3\n", 0},
		{"seq", []string{"2", "4"}, "", "2\n3\n4\n", 0},
		{"seq", []string{"2", "2", "6"}, "", "2\n4\n6\n", 0},
		{"seq", []string{"5", "-1", "3"}, "", "5\n4\n3\n", 0},
		{"seq", []string{"0.5", "0.5", "1.5"}, "", "0.5\n1.0\n1.5\n", 0},
		{"seq", []string{"-s", ",", "3"}, "", "1,2,3\n", 0},
		{"seq", []string{"-w", "8", "10"}, "", "08\n09\n10\n", 0},
		{"true", nil, "", "", 0},
		{"false", nil, "", "", 1},
	}
	for _, tc := range tests {
		t.Run(tc.name+"/"+strings.Join(tc.args, "_"), func(t *testing.T) {
			code, out, errOut, err := runCmd(t, v, tc.stdin, tc.name, tc.args...)
			if err != nil {
				t.Fatalf("err %v (stderr %q)", err, errOut)
			}
			if code != tc.code {
				t.Errorf("exit %d, want %d (stderr %q)", code, tc.code, errOut)
			}
			if re, ok := strings.CutPrefix(tc.want, "re:"); ok {
				if !regexp.MustCompile(re).MatchString(out) {
					t.Errorf("stdout %q does not match %s", out, re)
				}
			} else if out != tc.want {
				t.Errorf("stdout %q, want %q (stderr %q)", out, tc.want, errOut)
			}
			if tc.code != 0 && tc.name != "false" && tc.name != "grep" && errOut == "" {
				t.Error("a failing command said nothing on stderr")
			}
		})
	}
}

func TestWASMCommandWrites(t *testing.T) {
	t.Parallel()
	v := newWASMVM(t, sharedWASMHost(), Config{Files: commandFiles})
	if v.dirty.Load() {
		t.Fatal("dirty before any write")
	}
	steps := []struct {
		stdin string
		name  string
		args  []string
	}{
		{"", "cat", []string{"data.txt"}},
		{"", "ls", []string{"-l", "/"}},
	}
	for _, s := range steps {
		if code, _, errOut, err := runCmd(t, v, s.stdin, s.name, s.args...); code != 0 || err != nil {
			t.Fatalf("%s: %d %v %s", s.name, code, err, errOut)
		}
	}
	if v.dirty.Load() {
		t.Fatal("reading marked the VM dirty")
	}
	steps = []struct {
		stdin string
		name  string
		args  []string
	}{
		{"", "mkdir", []string{"-p", "out/deep/er"}},
		{"teed\n", "tee", []string{"out/deep/er/t.txt"}},
		{"more\n", "tee", []string{"-a", "out/deep/er/t.txt"}},
		{"", "touch", []string{"out/empty"}},
		{"", "rm", []string{"data.txt"}},
	}
	for _, s := range steps {
		if code, _, errOut, err := runCmd(t, v, s.stdin, s.name, s.args...); code != 0 || err != nil {
			t.Fatalf("%s %v: %d %v %s", s.name, s.args, code, err, errOut)
		}
	}
	if !v.dirty.Load() {
		t.Fatal("writes did not mark the VM dirty")
	}
	got, err := os.ReadFile(filepath.Join(v.Dir(), "out/deep/er/t.txt"))
	if err != nil || string(got) != "teed\nmore\n" {
		t.Fatalf("tee wrote %q, %v", got, err)
	}
	if _, err := os.Stat(filepath.Join(v.Dir(), "out/empty")); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(v.Dir(), "data.txt")); !os.IsNotExist(err) {
		t.Fatalf("rm left data.txt: %v", err)
	}
	if code, _, _, _ := runCmd(t, v, "", "rm", "out"); code == 0 {
		t.Fatal("rm of a directory without -r succeeded")
	}
	if code, _, errOut, err := runCmd(t, v, "", "rm", "-rf", "out"); code != 0 || err != nil {
		t.Fatalf("rm -rf: %d %v %s", code, err, errOut)
	}
	if _, err := os.Stat(filepath.Join(v.Dir(), "out")); !os.IsNotExist(err) {
		t.Fatalf("rm -rf left out/: %v", err)
	}

	// Reset puts the seed back.
	if err := v.Reset(context.Background()); err != nil {
		t.Fatal(err)
	}
	if code, out, _, _ := runCmd(t, v, "", "ls"); code != 0 || out != "data.txt\ndir\nnums.txt\nwords.txt\n" {
		t.Fatalf("after reset: %d %q", code, out)
	}
}

func TestWASMCommandNamesMatchModule(t *testing.T) {
	t.Parallel()
	if !slices.IsSorted(commands.Names) {
		t.Fatal("commands.Names must be sorted (runCommand binary-searches it)")
	}
	v := newWASMVM(t, sharedWASMHost(), Config{})
	// The module lists its dispatch table when run as "commands".
	var errb bytes.Buffer
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	out := v.wasm.run(ctx, v.wasm.h.rt, v.wasm.cmds, []string{"commands"}, nil, &bytes.Buffer{}, &errb)
	if out.exitCode != 2 {
		t.Fatalf("exit %d", out.exitCode)
	}
	_, list, ok := strings.Cut(strings.TrimSpace(errb.String()), "commands: ")
	if !ok {
		t.Fatalf("no command list in %q", errb.String())
	}
	if got := strings.Fields(list); !slices.Equal(got, commands.Names) {
		t.Fatalf("module has %v, commands.Names %v", got, commands.Names)
	}
}

func TestWASMRunCommandErrors(t *testing.T) {
	t.Parallel()
	h := sharedWASMHost()
	v, err := h.NewVM(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	defer v.Close()
	if _, err := v.runCommand(context.Background(), "echo", nil, nil, nil, nil); !errors.Is(err, ErrNotMounted) {
		t.Fatalf("unmounted: %v", err)
	}
	if err := v.MountWASM(context.Background()); err != nil {
		t.Fatal(err)
	}
	if code, err := v.runCommand(context.Background(), "bash", nil, nil, nil, nil); code != 127 || !errors.Is(err, ErrUnknownCommand) {
		t.Fatalf("unknown command: %d %v", code, err)
	}
	if code, err := v.runCommand(context.Background(), "echo", []string{"x"}, nil, nil, nil); code != 0 || err != nil {
		t.Fatalf("nil writers: %d %v", code, err)
	}
	// A deadline stops a command that would run forever (seq to 1e18 into
	// a discarding writer) and says why.
	ctx, cancel := context.WithTimeoutCause(context.Background(), 100*time.Millisecond, errTimeout)
	defer cancel()
	_, err = v.runCommand(ctx, "seq", []string{"1000000000000000000"}, nil, nil, nil)
	var ce *CommandError
	if !errors.As(err, &ce) || ce.Kind != KindTimeout {
		t.Fatalf("timeout: %v", err)
	}
	v.Close()
	if _, err := v.runCommand(context.Background(), "echo", nil, nil, nil, nil); !errors.Is(err, ErrClosed) {
		t.Fatalf("closed: %v", err)
	}
}

func TestWASMConcurrentCommands(t *testing.T) {
	t.Parallel()
	v := newWASMVM(t, sharedWASMHost(), Config{Files: commandFiles})
	var wg sync.WaitGroup
	errs := make(chan error, 16)
	for i := range 16 {
		wg.Go(func() {
			code, out, _, err := runCmd(t, v, "", "seq", strconv.Itoa(i))
			if err != nil || code != 0 || strings.Count(out, "\n") != i {
				errs <- fmt.Errorf("seq %d: %d %q %v", i, code, out, err)
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
}

func TestWASMExecModule(t *testing.T) {
	t.Parallel()
	h := sharedWASMHost()
	mod := hostile(t)
	v := newWASMVM(t, h, Config{Env: map[string]string{"B": "2", "A": "1"}, Args: []string{"from-config"}})

	res := execWASM(t, v, mod, "", "args", "x y", "z")
	if res.Kind != KindNone || res.ExitCode != 0 || string(res.Stdout) != "main.wasm\nargs\nx y\nz\n" {
		t.Fatalf("args: %+v %q", res, res.Stdout)
	}
	// Only the job's env, in a stable order: nothing of the host's.
	res = execWASM(t, v, mod, "", "env")
	if string(res.Stdout) != "A=1\nB=2\n" {
		t.Fatalf("env: %q", res.Stdout)
	}
	res = execWASM(t, v, mod, "piped in", "stdin")
	if string(res.Stdout) != "piped in" {
		t.Fatalf("stdin: %q", res.Stdout)
	}
	for _, code := range []int{0, 1, 3, 255} {
		res = execWASM(t, v, mod, "", "exit", strconv.Itoa(code))
		if res.Kind != KindNone || res.ExitCode != code {
			t.Fatalf("exit %d: %+v", code, res)
		}
	}
	// No args in the request: the configured ones.
	res, err := v.Exec(context.Background(), ExecRequest{Runtime: jobs.RuntimeWASM, Module: mod})
	if err != nil || res.ExitCode != 2 || !strings.Contains(string(res.Stderr), "unknown mode from-config") {
		t.Fatalf("config args: %v %+v %q", err, res, res.Stderr)
	}
	res = execWASM(t, v, mod, "", "trap")
	if res.Kind != KindGuest || res.ExitCode == 0 || !strings.Contains(res.Error, "wasm trap") || !strings.Contains(res.Error, "unreachable") {
		t.Fatalf("trap: %+v", res)
	}
	if h.wasm.modules.len() == 0 {
		t.Fatal("module not cached")
	}
}

func TestWASMBadModules(t *testing.T) {
	t.Parallel()
	v := newWASMVM(t, sharedWASMHost(), Config{})
	tests := []struct {
		name   string
		module []byte
		want   string
	}{
		{"garbage", []byte("this is not wasm"), "invalid wasm module"},
		{"truncated", hostile(t)[:100], "invalid wasm module"},
		{"empty", nil, "no wasm module"},
		{"foreign import", fixture(t, "badimport.wasm"), "imports env.evil"},
		{"no _start", tinyModule(1, "", false), "exports no _start"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			res := execWASM(t, v, tc.module, "")
			if res.Kind != KindGuest || !strings.Contains(res.Error, tc.want) {
				t.Fatalf("%+v, want KindGuest with %q", res, tc.want)
			}
			if res.Kind.Status() != jobs.StatusGuestError {
				t.Fatal(res.Kind.Status())
			}
		})
	}
}

func TestWASMTimeout(t *testing.T) {
	t.Parallel()
	v := newWASMVM(t, sharedWASMHost(), Config{Limits: jobs.Limits{Timeout: jobs.Duration(100 * time.Millisecond)}})
	for _, args := range [][]string{{"spin"}, {"sleep", "60000"}} {
		// The guest must stop within 50ms of its deadline. The machine is
		// shared and may be loaded: a late stop is tried again, and only
		// three late stops in a row fail.
		var over time.Duration
		for range 3 {
			start := time.Now()
			res := execWASM(t, v, hostile(t), "", args...)
			took := time.Since(start)
			if res.Kind != KindTimeout || !strings.Contains(res.Error, "wall-time limit of 100ms") {
				t.Fatalf("%v: %+v", args, res)
			}
			t.Logf("%v: stopped after %v", args, took)
			if over = took - 100*time.Millisecond; over <= 50*time.Millisecond {
				break
			}
		}
		if over > 50*time.Millisecond {
			t.Errorf("%v: stopped %v after the deadline, three times", args, over)
		}
	}

	// A cancelled caller is not a timeout.
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(50*time.Millisecond, cancel)
	v2 := newWASMVM(t, sharedWASMHost(), Config{})
	res, err := v2.Exec(ctx, ExecRequest{Runtime: jobs.RuntimeWASM, Module: hostile(t), Args: []string{"spin"}})
	if err != nil || res.Kind != KindCancelled {
		t.Fatalf("cancel: %v %+v", err, res)
	}
}

func TestWASMMemoryLimit(t *testing.T) {
	t.Parallel()
	const limit = 8 << 20
	v := newWASMVM(t, sharedWASMHost(), Config{Limits: jobs.Limits{MemoryBytes: limit}})

	res := execWASM(t, v, hostile(t), "", "malloc")
	if res.Kind != KindMemory || !strings.Contains(res.Error, "linear memory limit of 8388608 bytes") {
		t.Fatalf("malloc: %+v %q", res, res.Stderr)
	}
	if !strings.Contains(string(res.Stderr), "malloc failed after") {
		t.Fatalf("malloc did not see NULL: %q", res.Stderr)
	}
	res = execWASM(t, v, hostile(t), "", "grow")
	if res.Kind != KindMemory || res.ExitCode != 3 {
		t.Fatalf("grow: %+v", res)
	}
	// memory.grow was refused at the cap, not before.
	m := regexp.MustCompile(`refused at (\d+) pages`).FindSubmatch(res.Stdout)
	if m == nil {
		t.Fatalf("grow: %q", res.Stdout)
	}
	if pages, _ := strconv.Atoi(string(m[1])); pages*wasmPageSize > limit || pages*wasmPageSize < limit-16*wasmPageSize {
		t.Fatalf("refused at %d pages, limit %d bytes", pages, limit)
	}
	// A module whose initial memory is already past the limit never starts.
	res = execWASM(t, v, tinyModule(200, "", true), "")
	if res.Kind != KindMemory || !strings.Contains(res.Error, "to start") {
		t.Fatalf("initial memory: %+v", res)
	}
	// The same module fits a VM with room.
	v2 := newWASMVM(t, sharedWASMHost(), Config{Limits: jobs.Limits{MemoryBytes: 16 << 20}})
	if res := execWASM(t, v2, tinyModule(200, "", true), ""); res.Kind != KindNone {
		t.Fatalf("fits: %+v", res)
	}
}

func TestWASMOutputLimit(t *testing.T) {
	t.Parallel()
	const limit = 64 << 10
	v := newWASMVM(t, sharedWASMHost(), Config{Limits: jobs.Limits{OutputBytes: limit, Timeout: jobs.Duration(5 * time.Second)}})
	for _, stream := range []string{"stdout", "stderr"} {
		start := time.Now()
		res := execWASM(t, v, hostile(t), "", "flood", stream)
		if res.Kind != KindOutputLimit || res.Kind.Status() != jobs.StatusKilled {
			t.Fatalf("%s: %+v", stream, res)
		}
		out, trunc := res.Stdout, res.StdoutTruncated
		if stream == "stderr" {
			out, trunc = res.Stderr, res.StderrTruncated
		}
		if len(out) != limit || !trunc {
			t.Fatalf("%s: %d bytes, truncated %v", stream, len(out), trunc)
		}
		if took := time.Since(start); took > time.Second {
			t.Fatalf("%s: flood ran %v past its cap", stream, took)
		}
	}
}

func TestWASMFilesystemEscape(t *testing.T) {
	t.Parallel()
	h := sharedWASMHost()
	mod := hostile(t)
	secret, err := os.ReadFile("/etc/passwd")
	if err != nil || !bytes.Contains(secret, []byte("root:")) {
		t.Skip("no /etc/passwd with root: to try to reach")
	}
	outside := filepath.Join(t.TempDir(), "outside.txt")
	if err := os.WriteFile(outside, []byte("host secret"), 0o644); err != nil {
		t.Fatal(err)
	}
	leaked := func(b []byte) bool {
		return bytes.Contains(b, []byte("root:")) || bytes.Contains(b, []byte("host secret"))
	}

	t.Run("guest symlink", func(t *testing.T) {
		for _, target := range []string{"/etc/passwd", "../../../../../../etc/passwd", outside} {
			v := newWASMVM(t, h, Config{})
			res := execWASM(t, v, mod, "", "symlink", target)
			if leaked(res.Stdout) || !strings.Contains(string(res.Stdout), "symlink: Operation not permitted") {
				t.Fatalf("%s: %+v %q", target, res, res.Stdout)
			}
			if _, err := os.Lstat(filepath.Join(v.Dir(), "link")); !os.IsNotExist(err) {
				t.Fatalf("%s: a link was made: %v", target, err)
			}
		}
	})
	t.Run("hard link", func(t *testing.T) {
		v := newWASMVM(t, h, Config{Files: []jobs.File{{Path: "seed.txt", Data: []byte("s")}}})
		res := execWASM(t, v, mod, "", "hardlink")
		if !strings.Contains(string(res.Stdout), "link: Operation not permitted") {
			t.Fatalf("%q", res.Stdout)
		}
	})
	t.Run("dot dot and absolute", func(t *testing.T) {
		v := newWASMVM(t, h, Config{})
		for _, p := range []string{"../../../../../../etc/passwd", "/etc/passwd", "/../../etc/passwd", "dir/../../../etc/passwd", outside, "../" + filepath.Base(filepath.Dir(outside)) + "/outside.txt"} {
			res := execWASM(t, v, mod, "", "read", p)
			if leaked(res.Stdout) || res.ExitCode == 0 {
				t.Fatalf("%s: %+v %q", p, res, res.Stdout)
			}
			// The command set's cat too.
			code, out, _, _ := runCmd(t, v, "", "cat", p)
			if leaked([]byte(out)) || code == 0 {
				t.Fatalf("cat %s: %d %q", p, code, out)
			}
		}
		res := execWASM(t, v, mod, "", "write", "../escaped.txt", "10")
		if res.ExitCode == 0 {
			t.Fatalf("write ../: %q", res.Stdout)
		}
		if _, err := os.Stat(filepath.Join(filepath.Dir(v.Dir()), "escaped.txt")); !os.IsNotExist(err) {
			t.Fatal("a file was written outside the VM")
		}
	})
	t.Run("planted links", func(t *testing.T) {
		// Links that something else put in the VM directory (another
		// runtime, a bug) still cannot be followed out of it.
		v := newWASMVM(t, h, Config{})
		for name, target := range map[string]string{
			"abs":    "/etc/passwd",
			"rel":    "../../../../../../../etc/passwd",
			"etcdir": "/etc",
			"out":    outside,
		} {
			if err := os.Symlink(target, filepath.Join(v.Dir(), name)); err != nil {
				t.Fatal(err)
			}
		}
		for _, p := range []string{"abs", "rel", "etcdir/passwd", "out"} {
			res := execWASM(t, v, mod, "", "read", p)
			if leaked(res.Stdout) || res.ExitCode == 0 {
				t.Fatalf("%s: %+v %q", p, res, res.Stdout)
			}
			code, out, _, _ := runCmd(t, v, "", "cat", p)
			if leaked([]byte(out)) || code == 0 {
				t.Fatalf("cat %s: %d %q", p, code, out)
			}
		}
		// Writing through a planted link must not reach the target either.
		res := execWASM(t, v, mod, "", "write", "out", "5")
		if res.ExitCode == 0 {
			t.Fatalf("write through link: %q", res.Stdout)
		}
		if b, _ := os.ReadFile(outside); string(b) != "host secret" {
			t.Fatalf("outside file changed: %q", b)
		}
	})
	t.Run("listing", func(t *testing.T) {
		v := newWASMVM(t, h, Config{Files: []jobs.File{{Path: "only.txt", Data: []byte("x")}}})
		for _, p := range []string{"/", "..", "/..", "../.."} {
			code, out, _, _ := runCmd(t, v, "", "ls", "-a", p)
			if code != 0 && p == "/" {
				t.Fatalf("ls %s: %d", p, code)
			}
			if code == 0 && out != ".\n..\nonly.txt\n" {
				t.Fatalf("ls %s: %q", p, out)
			}
		}
	})
}

func TestWASMFileLimit(t *testing.T) {
	t.Parallel()
	const limit = 1 << 20
	h := sharedWASMHost()
	seed := []jobs.File{{Path: "seed.txt", Data: bytes.Repeat([]byte("s"), 1000)}}
	v := newWASMVM(t, h, Config{Files: seed, Limits: jobs.Limits{FileBytes: limit}})

	// Within the limit: fine, and dirty.
	res := execWASM(t, v, hostile(t), "", "write", "ok.bin", strconv.Itoa(limit/2))
	if res.Kind != KindNone || res.ExitCode != 0 {
		t.Fatalf("under the limit: %+v %q", res, res.Stdout)
	}
	if !v.dirty.Load() {
		t.Fatal("a write did not mark the VM dirty")
	}
	// Rewriting the same file in place costs nothing new.
	res = execWASM(t, v, hostile(t), "", "write", "ok.bin", strconv.Itoa(limit/2))
	if res.Kind != KindNone {
		t.Fatalf("rewrite: %+v", res)
	}
	// Past it: the run stops with KindFileLimit and the tree stays within.
	res = execWASM(t, v, hostile(t), "", "write", "big.bin", strconv.Itoa(limit))
	if res.Kind != KindFileLimit || res.Kind.Status() != jobs.StatusKilled {
		t.Fatalf("over the limit: %+v %q", res, res.Stdout)
	}
	if size, err := treeSize(v.root); err != nil || size > limit {
		t.Fatalf("tree is %d bytes (limit %d): %v", size, limit, err)
	}
	// A sparse file is charged its length.
	res = execWASM(t, v, hostile(t), "", "pwrite", "sparse.bin", strconv.Itoa(10*limit))
	if res.Kind != KindFileLimit {
		t.Fatalf("sparse: %+v %q", res, res.Stdout)
	}
	if fi, err := os.Stat(filepath.Join(v.Dir(), "sparse.bin")); err == nil && fi.Size() > limit {
		t.Fatalf("sparse file grew to %d", fi.Size())
	}
	// The command set hits the same wall.
	_, _, _, err := runCmd(t, v, strings.Repeat("x", limit), "tee", "tee.txt")
	var ce *CommandError
	if !errors.As(err, &ce) || ce.Kind != KindFileLimit {
		t.Fatalf("tee: %v", err)
	}
	// After a reset the budget is back.
	if err := v.Reset(context.Background()); err != nil {
		t.Fatal(err)
	}
	res = execWASM(t, v, hostile(t), "", "write", "again.bin", strconv.Itoa(limit-2000))
	if res.Kind != KindNone {
		t.Fatalf("after reset: %+v %q", res, res.Stdout)
	}
}

func TestWASMClocks(t *testing.T) {
	t.Parallel()
	h := sharedWASMHost()
	read := func(t *testing.T, policy TimePolicy) (wall1, wall2, mono1, mono2 int64) {
		v := newWASMVM(t, h, Config{Time: policy})
		res := execWASM(t, v, hostile(t), "", "clock")
		f := strings.Fields(string(res.Stdout))
		if len(f) != 4 {
			t.Fatalf("%q", res.Stdout)
		}
		var n [4]int64
		for i := range f {
			n[i], _ = strconv.ParseInt(f[i], 10, 64)
		}
		if d := time.Since(time.Unix(0, n[0])); d < 0 || d > time.Minute {
			t.Fatalf("%q: wall clock %v off", policy, d)
		}
		return n[0], n[1], n[2], n[3]
	}
	t.Run("frozen", func(t *testing.T) {
		w1, w2, m1, m2 := read(t, TimeFrozen)
		if w1 != w2 || m1 != m2 {
			t.Fatalf("moved: %d %d %d %d", w1, w2, m1, m2)
		}
	})
	t.Run("coarse", func(t *testing.T) {
		w1, w2, m1, m2 := read(t, TimeCoarse)
		step := CoarseClock.Nanoseconds()
		if w1%step != 0 || w2%step != 0 || m1%step != 0 || m2%step != 0 {
			t.Fatalf("not rounded to %v: %d %d %d %d", CoarseClock, w1, w2, m1, m2)
		}
	})
	t.Run("precise", func(t *testing.T) {
		_, _, m1, m2 := read(t, TimePrecise)
		if m2 <= m1 {
			t.Fatalf("monotonic clock did not move: %d %d", m1, m2)
		}
	})
}

func TestWASMModuleCacheBounded(t *testing.T) {
	t.Parallel()
	h := newWASMTestHost(t, "")
	c := newModuleCache(h.wasm, 2, 1<<20)
	ctx := context.Background()
	var held *moduleEntry
	for i := range 5 {
		e, err := c.get(ctx, tinyModule(1, strconv.Itoa(i), true))
		if err != nil {
			t.Fatal(err)
		}
		if i == 0 {
			held = e // in use: must survive eviction
			continue
		}
		c.release(e)
	}
	if n := c.len(); n > 3 {
		t.Fatalf("cache holds %d, bound 2 (+1 in use)", n)
	}
	if held.evicted {
		t.Fatal("an entry in use was evicted")
	}
	c.release(held)
	// The same bytes hit the cache.
	e1, _ := c.get(ctx, tinyModule(1, "same", true))
	e2, _ := c.get(ctx, tinyModule(1, "same", true))
	if e1 != e2 {
		t.Fatal("same module compiled twice")
	}
	c.release(e1)
	c.release(e2)
}

func TestWASMHostLazy(t *testing.T) {
	t.Parallel()
	h := newWASMTestHost(t, t.TempDir())
	if h.wasm.rt != nil || h.wasm.cmds != nil {
		t.Fatal("NewHost compiled eagerly")
	}
	if err := h.Warm(context.Background()); err != nil {
		t.Fatal(err)
	}
	if h.wasm.cmds == nil {
		t.Fatal("Warm did not compile the command set")
	}
	cached := cacheFiles(t, h.opts.CacheDir)
	if cached == 0 {
		t.Fatal("nothing in the on-disk cache")
	}
	// Users' modules stay out of the on-disk cache: it never evicts.
	v := newWASMVM(t, h, Config{})
	for i := range 3 {
		if res := execWASM(t, v, tinyModule(1, strconv.Itoa(i), true), ""); res.Kind != KindNone {
			t.Fatalf("%+v", res)
		}
	}
	if n := cacheFiles(t, h.opts.CacheDir); n != cached {
		t.Fatalf("user modules went to the disk cache: %d files, was %d", n, cached)
	}
}

func cacheFiles(t *testing.T, dir string) int {
	t.Helper()
	n := 0
	err := filepath.WalkDir(dir, func(_ string, d os.DirEntry, err error) error {
		if err == nil && d.Type().IsRegular() {
			n++
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// tinyModule hand-assembles a module with an exported memory of minPages
// and, if start, an empty _start; tag goes into a custom section so that
// modules differ by hash.
func tinyModule(minPages uint32, tag string, start bool) []byte {
	leb := func(v uint32) []byte {
		var b []byte
		for {
			c := byte(v & 0x7f)
			v >>= 7
			if v != 0 {
				b = append(b, c|0x80)
				continue
			}
			return append(b, c)
		}
	}
	section := func(id byte, body []byte) []byte {
		return append(append([]byte{id}, leb(uint32(len(body)))...), body...)
	}
	name := func(s string) []byte { return append(leb(uint32(len(s))), s...) }
	m := []byte{0, 'a', 's', 'm', 1, 0, 0, 0}
	m = append(m, section(1, []byte{1, 0x60, 0, 0})...) // type 0: func()
	m = append(m, section(3, []byte{1, 0})...)          // func 0: type 0
	m = append(m, section(5, append([]byte{1, 0}, leb(minPages)...))...)
	exports := append([]byte{1}, append(name("memory"), 2, 0)...)
	if start {
		exports[0] = 2
		exports = append(exports, append(name("_start"), 0, 0)...)
	}
	m = append(m, section(7, exports)...)
	m = append(m, section(10, []byte{1, 2, 0, 0x0b})...) // body: no locals, end
	if tag != "" {
		m = append(m, section(0, append(name("tag"), tag...))...)
	}
	return m
}

// TestWASMFromChildProcess runs the command set the way a JS job does, via
// child_process in the node runtime of the same VM.
func TestWASMFromChildProcess(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	v, err := sharedWASMHost().NewVM(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer v.Close()
	if err := v.Configure(Config{Files: commandFiles}); err != nil {
		t.Fatal(err)
	}
	if err := v.MountNode(ctx); err != nil {
		t.Fatal(err)
	}
	if err := v.MountWASM(ctx); err != nil {
		t.Fatal(err)
	}
	src := `const cp = require("child_process");
console.log(cp.execSync("echo hi | tr a-z A-Z").toString().trim());
console.log(cp.execSync("sort -u data.txt | wc -l").toString().trim());
console.log(cp.execSync("sha256sum", {input: "abc"}).toString().split(" ")[0]);`
	res, err := v.Exec(ctx, ExecRequest{Runtime: jobs.RuntimeJS, Source: src})
	if err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256([]byte("abc"))
	want := "HI\n3\n" + hex.EncodeToString(sum[:]) + "\n"
	if res.Kind != KindNone || string(res.Stdout) != want {
		t.Fatalf("%+v\nstdout %q\nwant   %q\nstderr %q", res, res.Stdout, want, res.Stderr)
	}
}
