package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/natsexec/natsexec/client/clienttest"
	"github.com/natsexec/natsexec/jobs"
	"github.com/natsexec/natsexec/worker"
	"github.com/natsexec/natsexec/worker/sidecar"
)

var (
	// submitBin is the submit command, built once.
	submitBin string
	// natsURL is the shared in-process worker's NATS server.
	natsURL string
)

func TestMain(m *testing.M) {
	// The worker's sidecars re-execute this test binary.
	if len(os.Args) > 1 && os.Args[1] == sidecar.Subcommand {
		os.Exit(sidecar.Main(os.Args[2:]))
	}
	os.Exit(testMain(m))
}

func testMain(m *testing.M) int {
	dir, err := os.MkdirTemp("", "natsexec-submit-test")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	defer os.RemoveAll(dir)
	submitBin = filepath.Join(dir, "submit")
	if out, err := exec.Command("go", "build", "-o", submitBin, ".").CombinedOutput(); err != nil {
		fmt.Fprintf(os.Stderr, "build submit: %v\n%s", err, out)
		return 1
	}
	return clienttest.Run(m, filepath.Join(dir, "worker"), func(url string) { natsURL = url })
}

type outcome struct {
	stdout, stderr string
	code           int
}

// submit runs the built binary as a user would, against the test worker.
func submit(t *testing.T, stdin []byte, args ...string) outcome {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, submitBin, args...)
	cmd.Env = append(os.Environ(), "NATS_URL="+natsURL, "OTEL_SDK_DISABLED=true")
	if stdin != nil {
		cmd.Stdin = bytes.NewReader(stdin)
	}
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	var ee *exec.ExitError
	if err != nil && !errors.As(err, &ee) {
		t.Fatalf("submit %q: %v", args, err)
	}
	return outcome{stdout.String(), stderr.String(), cmd.ProcessState.ExitCode()}
}

func (o outcome) expect(t *testing.T, code int, stdout string) {
	t.Helper()
	if o.code != code || o.stdout != stdout {
		t.Fatalf("exit %d stdout %q, want exit %d stdout %q; stderr:\n%s", o.code, o.stdout, code, stdout, o.stderr)
	}
}

func writeFile(t *testing.T, name string, data []byte) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestRunJS(t *testing.T) {
	t.Parallel()
	prog := writeFile(t, "hello.js", []byte(`console.log("hi", process.argv.slice(2).join(" ")); console.error("to stderr"); process.exit(3)`))
	for _, p := range []string{"shared", "resident", "owned"} {
		t.Run(p, func(t *testing.T) {
			t.Parallel()
			o := submit(t, nil, "run", "--placement", p, prog, "--arg", "a", "--", "b", "--c")
			o.expect(t, 3, "hi a b --c\n")
			if o.stderr != "to stderr\n" {
				t.Errorf("stderr %q", o.stderr)
			}
		})
	}
}

func TestRunTS(t *testing.T) {
	t.Parallel()
	prog := writeFile(t, "calc.ts", []byte(`const n: number = 21; console.log(n * 2)`))
	submit(t, nil, "run", prog).expect(t, 0, "42\n")
	submit(t, nil, "run", "--request", prog).expect(t, 0, "42\n")
}

func TestRunWASM(t *testing.T) {
	t.Parallel()
	prog := writeFile(t, "hello.wasm", clienttest.WASIModule("hello wasm\n", 7))
	submit(t, nil, "run", prog).expect(t, 7, "hello wasm\n")
}

func TestRunProgramFromStdin(t *testing.T) {
	t.Parallel()
	submit(t, []byte(`console.log(40 + 2)`), "run", "--runtime", "js", "-").expect(t, 0, "42\n")
	o := submit(t, []byte(`console.log(1)`), "run", "-")
	if o.code != exitUsage || !strings.Contains(o.stderr, "--runtime") {
		t.Fatalf("no --runtime: exit %d stderr %q", o.code, o.stderr)
	}
}

func TestStdinPassthrough(t *testing.T) {
	t.Parallel()
	prog := writeFile(t, "upper.js", []byte(`process.stdout.write(require("fs").readFileSync(0, "utf8").toUpperCase())`))
	submit(t, []byte("piped\x00bytes\n"), "run", prog).expect(t, 0, "PIPED\x00BYTES\n")
	in := writeFile(t, "in.txt", []byte("from file"))
	submit(t, []byte("ignored"), "run", "--stdin", in, prog).expect(t, 0, "FROM FILE")
	// No stdin at all (/dev/null): the guest reads nothing.
	submit(t, nil, "run", prog).expect(t, 0, "")
}

func TestFilesInAndOut(t *testing.T) {
	t.Parallel()
	data := writeFile(t, "data.txt", []byte("3 4"))
	prog := writeFile(t, "sum.js", []byte(`
const fs = require("fs");
const [a, b] = fs.readFileSync("/in/data.txt", "utf8").split(" ").map(Number);
fs.mkdirSync("/out", { recursive: true });
fs.writeFileSync("/out/sum.txt", String(a + b));
console.log(process.env.GREETING);
`))
	outDir := t.TempDir()
	submit(t, nil, "run", "--file", data+":in/data.txt", "--env", "GREETING=hey", "--output-file", "out/sum.txt", "--out-dir", outDir, prog).expect(t, 0, "hey\n")
	got, err := os.ReadFile(filepath.Join(outDir, "out", "sum.txt"))
	if err != nil || string(got) != "7" {
		t.Fatalf("output file: %q %v", got, err)
	}
}

func TestGuestError(t *testing.T) {
	t.Parallel()
	prog := writeFile(t, "boom.js", []byte(`throw new Error("boom")`))
	o := submit(t, nil, "run", prog)
	if o.code != exitGuestError || !strings.Contains(o.stderr, "boom") || !strings.Contains(o.stderr, "guest_error") {
		t.Fatalf("exit %d stderr %q", o.code, o.stderr)
	}
}

func TestJSONOutput(t *testing.T) {
	t.Parallel()
	prog := writeFile(t, "j.js", []byte(`console.log("x"); process.exit(5)`))
	o := submit(t, nil, "run", "--json", "--codec", "json", prog)
	var res jobs.Result
	if err := json.Unmarshal([]byte(o.stdout), &res); err != nil {
		t.Fatalf("--json output does not parse: %v\n%s", err, o.stdout)
	}
	if o.code != 5 || res.Status != jobs.StatusOK || res.ExitCode != 5 || string(res.Stdout) != "x\n" || res.JobID == "" || len(res.Phases) == 0 {
		t.Fatalf("exit %d result %+v", o.code, res)
	}
}

func TestNoWaitThenGet(t *testing.T) {
	t.Parallel()
	prog := writeFile(t, "later.js", []byte(`console.log("done")`))
	o := submit(t, nil, "run", "--no-wait", prog)
	id := strings.TrimSpace(o.stdout)
	if o.code != 0 || id == "" {
		t.Fatalf("exit %d stdout %q stderr %q", o.code, o.stdout, o.stderr)
	}
	submit(t, nil, "get", "--wait", id).expect(t, 0, "done\n")
	submit(t, nil, "get", id).expect(t, 0, "done\n")
	var res jobs.Result
	if err := json.Unmarshal([]byte(submit(t, nil, "get", "--json", id).stdout), &res); err != nil || res.JobID != id {
		t.Fatalf("get --json: %v %+v", err, res)
	}
	o = submit(t, nil, "get", "never-submitted")
	if o.code != exitTempFail {
		t.Fatalf("get of an unknown id: exit %d stderr %q", o.code, o.stderr)
	}
}

func TestTimeout(t *testing.T) {
	t.Parallel()
	prog := writeFile(t, "loop.js", []byte(`while (true) {}`))
	o := submit(t, nil, "run", "--timeout", "300ms", prog)
	if o.code != exitTimeout || !strings.Contains(o.stderr, "timeout") {
		t.Fatalf("exit %d stderr %q", o.code, o.stderr)
	}
}

// TestCancel cancels a running job from a second submit process; the first
// one, waiting on it, exits 130. Not parallel: it waits for its job to be
// the one a worker holds.
func TestCancel(t *testing.T) {
	prog := writeFile(t, "loop.js", []byte(`while (true) {}`))
	id := "cancel-me"
	done := make(chan outcome, 1)
	go func() { done <- submit(t, nil, "run", "--id", id, "--timeout", "2m", prog) }()
	waitDelivered(t)
	submit(t, nil, "cancel", id).expect(t, 0, "")
	o := <-done
	if o.code != exitCancelled || !strings.Contains(o.stderr, "cancelled") {
		t.Fatalf("exit %d stderr %q", o.code, o.stderr)
	}
	var res jobs.Result
	if err := json.Unmarshal([]byte(submit(t, nil, "get", "--json", id).stdout), &res); err != nil || res.Status != jobs.StatusCancelled {
		t.Fatalf("stored result: %v %+v", err, res)
	}
}

// waitDelivered waits until a worker holds a job of the durable path.
func waitDelivered(t *testing.T) {
	t.Helper()
	nc, err := nats.Connect(natsURL)
	if err != nil {
		t.Fatal(err)
	}
	defer nc.Close()
	js, err := jetstream.New(nc)
	if err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(time.Minute)
	tick := time.NewTicker(10 * time.Millisecond)
	defer tick.Stop()
	for ; ; <-tick.C {
		if cons, err := js.Consumer(context.Background(), jobs.JobsStream, worker.ConsumerName("")); err == nil {
			if info, err := cons.Info(context.Background()); err == nil && info.NumAckPending > 0 {
				return
			}
		}
		if time.Now().After(deadline) {
			t.Fatal("no job delivered to a worker within a minute")
		}
	}
}

// TestRejected covers both ends: a bad flag is caught before anything is
// sent, and a job the worker refuses exits 65.
func TestRejected(t *testing.T) {
	t.Parallel()
	prog := writeFile(t, "ok.js", []byte(`1`))
	o := submit(t, nil, "run", "--placement", "bogus", prog)
	if o.code != exitUsage || !strings.Contains(o.stderr, "placement") {
		t.Fatalf("bogus placement: exit %d stderr %q", o.code, o.stderr)
	}
	o = submit(t, nil, "run", "--timeout", "1h", prog)
	if o.code != exitRejected || !strings.Contains(o.stderr, "limits.timeout") {
		t.Fatalf("timeout over the ceiling: exit %d stderr %q", o.code, o.stderr)
	}
	// A malformed job published by hand, with an id the body agrees on.
	nc, err := nats.Connect(natsURL)
	if err != nil {
		t.Fatal(err)
	}
	defer nc.Close()
	m := nats.NewMsg(jobs.JobSubject(""))
	m.Data = []byte(`{"id":"bad-job","runtime":"js","placement":"everywhere","source":"1"}`)
	m.Header.Set(jobs.HeaderMsgID, "bad-job")
	m.Header.Set(jobs.HeaderContentType, jobs.ContentTypeJSON)
	if err := nc.PublishMsg(m); err != nil {
		t.Fatal(err)
	}
	o = submit(t, nil, "get", "--wait", "bad-job")
	if o.code != exitRejected || !strings.Contains(o.stderr, "placement") {
		t.Fatalf("malformed job: exit %d stderr %q", o.code, o.stderr)
	}
}

func TestUnreachable(t *testing.T) {
	t.Parallel()
	prog := writeFile(t, "ok.js", []byte(`1`))
	o := submit(t, nil, "run", "--nats-url", "nats://127.0.0.1:1", "--connect-timeout", "200ms", prog)
	if o.code != exitUnavailable || !strings.Contains(o.stderr, "cannot connect") {
		t.Fatalf("exit %d stderr %q", o.code, o.stderr)
	}
}

// The commands that never reach NATS run in-process, through doMain.
func TestDoMain(t *testing.T) {
	for _, c := range []struct {
		args           []string
		code           int
		stdout, stderr string
	}{
		{nil, exitUsage, "", "Usage: submit COMMAND"},
		{[]string{"help"}, exitOK, "124    timeout", ""},
		{[]string{"help", "run"}, exitOK, "nats req natsexec.run", ""},
		{[]string{"run", "--help"}, exitOK, "", "--output-file"},
		{[]string{"run", "--help"}, exitOK, "", "--no-bundle"},
		{[]string{"get", "-h"}, exitOK, "", "--wait"},
		{[]string{"version"}, exitOK, "submit ", ""},
		{[]string{"frobnicate"}, exitUsage, "", `unknown command "frobnicate"`},
		{[]string{"run"}, exitUsage, "", "want one program"},
		{[]string{"run", "--bogus-flag", "x.js"}, exitUsage, "", "flag provided but not defined"},
		{[]string{"run", "prog.py"}, exitUsage, "", "cannot tell the runtime"},
		{[]string{"run", "--runtime", "cobol", "x"}, exitUsage, "", "want js, ts or wasm"},
		{[]string{"run", "--env", "NOEQUALS", "x.js"}, exitUsage, "", "want K=V"},
		{[]string{"run", "--memory", "lots", "x.js"}, exitUsage, "", "invalid value"},
		{[]string{"run", "/no/such/file.js"}, exitNoInput, "", "no such file"},
		{[]string{"cancel"}, exitUsage, "", "want a job ID"},
		{[]string{"get", "a", "b"}, exitUsage, "", "want one job ID"},
	} {
		var stdout, stderr bytes.Buffer
		code := doMain(strings.NewReader(""), &stdout, &stderr, c.args)
		if code != c.code || !strings.Contains(stdout.String(), c.stdout) || !strings.Contains(stderr.String(), c.stderr) {
			t.Errorf("submit %q: exit %d, want %d\nstdout: %s\nstderr: %s", c.args, code, c.code, stdout.String(), stderr.String())
		}
	}
}

func TestParseSize(t *testing.T) {
	for in, want := range map[string]int64{"1024": 1024, "512k": 512 << 10, "64MiB": 64 << 20, "64M": 64 << 20, "1G": 1 << 30, "2gb": 2 << 30} {
		if got, err := parseSize(in); err != nil || got != want {
			t.Errorf("parseSize(%q) = %d, %v; want %d", in, got, err, want)
		}
	}
	for _, in := range []string{"", "-1", "1T", "12q", "MiB"} {
		if _, err := parseSize(in); err == nil {
			t.Errorf("parseSize(%q): no error", in)
		}
	}
}

func TestParseInterleaved(t *testing.T) {
	var o runOpts
	fs := newFlagSet("run", "", &bytes.Buffer{})
	o.register(fs)
	pos, after, err := parseInterleaved(fs, []string{"--arg", "x", "prog.js", "--timeout", "5s", "--", "--not-a-flag", "y"})
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(pos, ",") != "prog.js" || strings.Join(after, ",") != "--not-a-flag,y" || o.timeout != 5*time.Second || strings.Join(o.args, ",") != "x" {
		t.Fatalf("pos %q after %q timeout %s args %q", pos, after, o.timeout, o.args)
	}
}

func TestExitCodes(t *testing.T) {
	for status, want := range map[jobs.Status]int{
		jobs.StatusGuestError: 1, jobs.StatusTimeout: 124, jobs.StatusKilled: 137, jobs.StatusRejected: 65,
		jobs.StatusInfraError: 69, jobs.StatusCancelled: 130,
	} {
		if got := exitForResult(&jobs.Result{Status: status, ExitCode: -1}); got != want {
			t.Errorf("%s: exit %d, want %d", status, got, want)
		}
		if !strings.Contains(exitCodesHelp, fmt.Sprintf("%d ", want)) {
			t.Errorf("exit code %d is not in the help", want)
		}
	}
	if got := exitForResult(&jobs.Result{Status: jobs.StatusOK, ExitCode: 42}); got != 42 {
		t.Errorf("ok exit 42: got %d", got)
	}
}
