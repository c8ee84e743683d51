package main

import (
	"bytes"
	"context"
	"encoding/json"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
	"github.com/nats-io/nuid"

	"github.com/natsexec/natsexec/client"
	"github.com/natsexec/natsexec/jobs"
)

// plantDead writes a dead letter of a msgpack JS job the way a worker does
// (worker/store.go deadLetter), with the infra_error result beside it, and
// returns the job's id.
func plantDead(t *testing.T, source string) string {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	nc, err := nats.Connect(natsURL)
	if err != nil {
		t.Fatal(err)
	}
	defer nc.Close()
	js, err := jetstream.New(nc)
	if err != nil {
		t.Fatal(err)
	}
	id := "dead-" + nuid.Next()
	m := nats.NewMsg(jobs.DeadSubjectFor(jobs.DefaultQueue, ""))
	if m.Data, err = jobs.Msgpack.Marshal(&jobs.Job{ID: id, Runtime: jobs.RuntimeJS, Source: source}); err != nil {
		t.Fatal(err)
	}
	m.Header.Set(jobs.HeaderContentType, jobs.ContentTypeMsgpack)
	m.Header.Set(jobs.HeaderMsgID, "dead-"+id) // stands in for dead-<stream seq>: unique
	m.Header.Set(jobs.HeaderDeadJobID, id)
	m.Header.Set(jobs.HeaderDeadQueue, jobs.DefaultQueue)
	m.Header.Set(jobs.HeaderDeadSubject, jobs.JobSubject(""))
	m.Header.Set(jobs.HeaderDeadReason, "gave up after 5 attempts: sidecar exited with signal 9 while running the job\nand more")
	m.Header.Set(jobs.HeaderDeadLastStatus, string(jobs.StatusInfraError))
	m.Header.Set(jobs.HeaderAttempt, "5")
	if _, err := js.PublishMsg(ctx, m, jetstream.WithExpectStream(jobs.DeadStream)); err != nil {
		t.Fatal(err)
	}
	kv, err := js.KeyValue(ctx, jobs.ResultsBucket)
	if err != nil {
		t.Fatal(err)
	}
	res, err := jobs.EncodeResult(jobs.Msgpack, &jobs.Result{JobID: id, Status: jobs.StatusInfraError, ExitCode: -1, Error: "gave up", Attempt: 5, FinishedAt: time.Now()})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := kv.Put(ctx, jobs.Key(id), res); err != nil {
		t.Fatal(err)
	}
	return id
}

// TestDeadCommands walks one dead letter through ls, show and retry, and
// the retried job through the real worker.
func TestDeadCommands(t *testing.T) {
	t.Parallel()
	id := plantDead(t, `console.log("back from the dead")`)

	o := submit(t, nil, "dead", "ls")
	if o.code != exitOK || !strings.HasPrefix(o.stdout, "SEQ ") {
		t.Fatalf("ls: exit %d stdout %q stderr %q", o.code, o.stdout, o.stderr)
	}
	line := regexp.MustCompile(`(?m)^\d+ +\S+ +` + id + ` +- +default +5 +gave up after 5 attempts: sidecar exited .*…$`)
	if !line.MatchString(o.stdout) {
		t.Fatalf("ls has no line for %s:\n%s", id, o.stdout)
	}

	o = submit(t, nil, "dead", "ls", "--json")
	var list []client.DeadLetter
	if err := json.Unmarshal([]byte(o.stdout), &list); err != nil || o.code != exitOK {
		t.Fatalf("ls --json: exit %d %v\n%s", o.code, err, o.stdout)
	}
	found := false
	for _, dl := range list {
		found = found || dl.JobID == id && dl.Attempts == 5 && dl.Subject == "jobs.default"
	}
	if !found {
		t.Fatalf("ls --json lacks %s:\n%s", id, o.stdout)
	}

	o = submit(t, nil, "dead", "show", id)
	for _, want := range []string{"job:          " + id, "tenant:       -", "subject:      jobs.default", "attempts:     5",
		"last status:  infra_error", "content type: application/msgpack", `"source": "console.log(\"back from the dead\")"`} {
		if !strings.Contains(o.stdout, want) {
			t.Errorf("show lacks %q:\n%s", want, o.stdout)
		}
	}

	o = submit(t, nil, "dead", "show", "--json", id)
	var shown struct {
		Seq   uint64   `json:"seq"`
		JobID string   `json:"job_id"`
		Job   jobs.Job `json:"job"`
	}
	if err := json.Unmarshal([]byte(o.stdout), &shown); err != nil || shown.JobID != id || shown.Seq == 0 ||
		shown.Job.ID != id || shown.Job.Runtime != jobs.RuntimeJS {
		t.Fatalf("show --json: %v\n%s", err, o.stdout)
	}

	o = submit(t, nil, "dead", "retry", id)
	if o.code != exitOK || !strings.Contains(o.stdout, "requeued job "+id+" to jobs.default") {
		t.Fatalf("retry: exit %d stdout %q stderr %q", o.code, o.stdout, o.stderr)
	}
	submit(t, nil, "get", "--wait", id).expect(t, exitOK, "back from the dead\n")

	o = submit(t, nil, "dead", "show", id)
	if o.code != exitTempFail || !strings.Contains(o.stderr, "no dead letter for job "+id) {
		t.Fatalf("show after retry: exit %d stderr %q", o.code, o.stderr)
	}
	if o = submit(t, nil, "dead", "retry", id); o.code != exitTempFail {
		t.Fatalf("second retry: exit %d stderr %q", o.code, o.stderr)
	}
}

// TestDeadPurge is not parallel: it empties the stream the parallel tests,
// run after it, plant their dead letters in.
func TestDeadPurge(t *testing.T) {
	plantDead(t, "1")
	plantDead(t, "2")
	o := submit(t, nil, "dead", "purge")
	m := regexp.MustCompile(`would delete (\d+) dead letters; run again with --yes`).FindStringSubmatch(o.stderr)
	if o.code != exitUsage || m == nil {
		t.Fatalf("purge without --yes: exit %d stderr %q", o.code, o.stderr)
	}
	if n, _ := strconv.Atoi(m[1]); n < 2 {
		t.Fatalf("would delete %d, planted 2", n)
	}
	o = submit(t, nil, "dead", "purge", "--yes", "--json")
	var got struct{ Purged uint64 }
	if err := json.Unmarshal([]byte(o.stdout), &got); err != nil || o.code != exitOK || got.Purged < 2 {
		t.Fatalf("purge --yes: exit %d %v stdout %q stderr %q", o.code, err, o.stdout, o.stderr)
	}
	submit(t, nil, "dead", "ls", "--json").expect(t, exitOK, "[]\n")
	o = submit(t, nil, "dead", "purge")
	if o.code != exitOK || !strings.Contains(o.stderr, "no dead letters") {
		t.Fatalf("purge of nothing: exit %d stderr %q", o.code, o.stderr)
	}
}

func TestDeadUnreachable(t *testing.T) {
	t.Parallel()
	o := submit(t, nil, "dead", "ls", "--nats-url", "nats://127.0.0.1:1", "--connect-timeout", "200ms")
	if o.code != exitUnavailable || !strings.Contains(o.stderr, "cannot connect") {
		t.Fatalf("exit %d stderr %q", o.code, o.stderr)
	}
}

// TestDeadUsage runs the dead commands that never reach NATS in-process.
func TestDeadUsage(t *testing.T) {
	for _, c := range []struct {
		args           []string
		code           int
		stdout, stderr string
	}{
		{[]string{"dead"}, exitUsage, "", "NATSEXEC_DEAD"},
		{[]string{"help", "dead"}, exitOK, "nats stream purge NATSEXEC_DEAD", ""},
		{[]string{"help"}, exitOK, "dead CMD", ""},
		{[]string{"dead", "--help"}, exitOK, "", "nats stream view NATSEXEC_DEAD"},
		{[]string{"dead", "ls", "-h"}, exitOK, "", "-json"},
		{[]string{"dead", "purge", "--help"}, exitOK, "", "-yes"},
		{[]string{"dead", "show", "--help"}, exitOK, "", "75  no dead letter"},
		{[]string{"dead", "bury"}, exitUsage, "", `unknown command "bury"`},
		{[]string{"dead", "show"}, exitUsage, "", "want one job ID"},
		{[]string{"dead", "retry", "a", "b"}, exitUsage, "", "want one job ID"},
		{[]string{"dead", "ls", "extra"}, exitUsage, "", "takes no arguments"},
		{[]string{"dead", "purge", "--bogus"}, exitUsage, "", "flag provided but not defined"},
	} {
		var stdout, stderr bytes.Buffer
		code := doMain(strings.NewReader(""), &stdout, &stderr, c.args)
		if code != c.code || !strings.Contains(stdout.String(), c.stdout) || !strings.Contains(stderr.String(), c.stderr) {
			t.Errorf("submit %q: exit %d, want %d\nstdout: %s\nstderr: %s", c.args, code, c.code, stdout.String(), stderr.String())
		}
	}
}

func TestTruncate(t *testing.T) {
	for in, want := range map[string]string{"short": "short", "ab\ncd": "ab cd", "héllo wörld": "héllo…"} {
		if got := truncate(in, 6); got != want {
			t.Errorf("truncate(%q) = %q, want %q", in, got, want)
		}
	}
}
