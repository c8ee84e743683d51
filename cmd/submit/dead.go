package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"
	"unicode/utf8"

	"github.com/natsexec/natsexec/client"
	"github.com/natsexec/natsexec/jobs"
)

const deadUsage = `Usage: submit dead ls|show ID|retry ID|purge [flags]

A dead letter is a job that failed every attempt with an infrastructure
error: its sidecar kept dying, or every worker that took it was lost. The
worker copies the job, exactly as submitted, to the JetStream stream
NATSEXEC_DEAD (subject natsexec.dead.<queue>[.<tenant>], kept 7 days) with
headers that say why (Natsexec-Dead-Reason, Natsexec-Last-Status,
Natsexec-Attempt, ...), and stores an infra_error result under the job id.

Commands:
  ls        list the dead letters, oldest first
  show ID   print the newest dead letter of job ID, the job included
  retry ID  requeue job ID where it was first published, with its own
            headers, and delete the dead letter; then 'submit get --wait ID'
  purge     delete every dead letter (refuses without --yes)

Each takes --json and the NATS connection flags: submit dead ls --help.

With the nats CLI:
  nats stream view NATSEXEC_DEAD
  nats stream get NATSEXEC_DEAD SEQ
  nats stream purge NATSEXEC_DEAD

`

const deadExitCodes = `Exit codes:
  0   done
  2   usage error, or purge without --yes
  65  not a valid job id, or the dead job's body does not decode
  69  NATS unreachable, or no NATSEXEC_DEAD stream (no worker has run here)
  70  anything else
  75  no dead letter for that job id
`

// deadFlagSet is newFlagSet with the exit codes of the dead commands.
func deadFlagSet(name, usage string, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet("submit dead "+name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprint(stderr, usage, "\nFlags (environment fallbacks in brackets):\n")
		fs.PrintDefaults()
		fmt.Fprint(stderr, "\n", deadExitCodes)
	}
	return fs
}

func cmdDead(stdout, stderr io.Writer, args []string) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, deadUsage, deadExitCodes)
		return exitUsage
	}
	sub, rest := args[0], args[1:]
	switch sub {
	case "ls", "list":
		return cmdDeadLs(stdout, stderr, rest)
	case "show":
		return cmdDeadShow(stdout, stderr, rest)
	case "retry":
		return cmdDeadRetry(stdout, stderr, rest)
	case "purge":
		return cmdDeadPurge(stdout, stderr, rest)
	case "help", "-h", "-help", "--help":
		fmt.Fprint(stderr, deadUsage, deadExitCodes)
		return exitOK
	}
	fmt.Fprintf(stderr, "submit dead: unknown command %q\n\n", sub)
	fmt.Fprint(stderr, deadUsage)
	return exitUsage
}

// deadCmd is what every dead command takes: --json and the NATS flags.
type deadCmd struct {
	c      common
	asJSON bool
	fs     *flag.FlagSet
}

func newDeadCmd(name, usage string, stderr io.Writer) *deadCmd {
	d := &deadCmd{fs: deadFlagSet(name, usage, stderr)}
	d.fs.BoolVar(&d.asJSON, "json", false, "print JSON")
	d.c.register(d.fs)
	return d
}

// parse parses args and wants nArgs job ids; ok is false when the command
// is done (help, a usage error) with code.
func (d *deadCmd) parse(stderr io.Writer, args []string, nArgs int) (pos []string, code int, ok bool) {
	pos, _, err := parseInterleaved(d.fs, args)
	if err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return nil, exitOK, false
		}
		return nil, exitUsage, false
	}
	if len(pos) != nArgs {
		if nArgs == 0 {
			fmt.Fprintf(stderr, "%s: takes no arguments; see submit dead help\n", d.fs.Name())
		} else {
			fmt.Fprintf(stderr, "%s: want one job ID; see submit dead help\n", d.fs.Name())
		}
		return nil, exitUsage, false
	}
	return pos, exitOK, true
}

func printJSON(stdout, stderr io.Writer, v any) int {
	enc := json.NewEncoder(stdout)
	enc.SetIndent("", "  ")
	if err := enc.Encode(v); err != nil {
		fmt.Fprintf(stderr, "submit: %v\n", err)
		return exitSoftware
	}
	return exitOK
}

const deadLsUsage = `Usage: submit dead ls [flags]

Lists the dead letters in NATSEXEC_DEAD, oldest first: SEQ (in the stream),
TIME (UTC), JOB, TENANT, QUEUE, ATTEMPTS and REASON (truncated; see
'submit dead show ID'). --json prints them all, without the jobs' bodies.
`

func cmdDeadLs(stdout, stderr io.Writer, args []string) int {
	d := newDeadCmd("ls", deadLsUsage, stderr)
	if _, code, ok := d.parse(stderr, args, 0); !ok {
		return code
	}
	ctx, stop := signalContext()
	defer stop()
	s, err := d.c.open(ctx, stderr)
	if err != nil {
		return exitFor(stderr, err)
	}
	defer s.close()
	list, err := s.client.DeadLetters(ctx)
	if err != nil {
		return exitFor(stderr, err)
	}
	if d.asJSON {
		if list == nil {
			list = []client.DeadLetter{} // [], not null
		}
		return printJSON(stdout, stderr, list)
	}
	if len(list) == 0 {
		fmt.Fprintln(stderr, "submit: no dead letters")
		return exitOK
	}
	tw := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "SEQ\tTIME\tJOB\tTENANT\tQUEUE\tATTEMPTS\tREASON")
	for _, dl := range list {
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\t%d\t%s\n", dl.Seq, dl.Time.UTC().Format(time.RFC3339),
			dl.JobID, orDash(dl.Tenant), dl.Queue, dl.Attempts, truncate(dl.Reason, 60))
	}
	if err := tw.Flush(); err != nil {
		fmt.Fprintf(stderr, "submit: %v\n", err)
		return exitSoftware
	}
	return exitOK
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

// truncate cuts s to n runes, on one line.
func truncate(s string, n int) string {
	s = strings.ReplaceAll(s, "\n", " ")
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return string(r[:n-1]) + "…"
}

const deadShowUsage = `Usage: submit dead show [flags] ID

Prints the newest dead letter of job ID: where and why it died, and the
job as it was submitted (a msgpack job shown as JSON). With --json, the
same as one JSON object whose "job" is the job as JSON (or its bytes in
base64 if they do not decode).
`

// deadView is a dead letter for --json, with the job as JSON rather than
// the base64 of its bytes.
type deadView struct {
	*client.DeadLetter
	Job json.RawMessage `json:"job,omitempty"`
}

// jobJSON is a dead letter's job as JSON: a JSON body as it is, a msgpack
// one decoded.
func jobJSON(dl *client.DeadLetter) (json.RawMessage, error) {
	codec, err := jobs.CodecFor(dl.ContentType)
	if err != nil {
		return nil, err
	}
	if codec == jobs.JSON {
		if !json.Valid(dl.Job) {
			return nil, errors.New("not valid JSON")
		}
		return dl.Job, nil
	}
	var j jobs.Job
	if err := codec.Unmarshal(dl.Job, &j); err != nil {
		return nil, err
	}
	return json.Marshal(&j)
}

func cmdDeadShow(stdout, stderr io.Writer, args []string) int {
	d := newDeadCmd("show", deadShowUsage, stderr)
	pos, code, ok := d.parse(stderr, args, 1)
	if !ok {
		return code
	}
	ctx, stop := signalContext()
	defer stop()
	s, err := d.c.open(ctx, stderr)
	if err != nil {
		return exitFor(stderr, err)
	}
	defer s.close()
	dl, err := s.client.DeadLetter(ctx, pos[0])
	if err != nil {
		return exitFor(stderr, err)
	}
	job, jerr := jobJSON(dl)
	if d.asJSON {
		v := deadView{DeadLetter: dl, Job: job}
		if jerr != nil {
			v.Job, _ = json.Marshal(dl.Job) // base64, as []byte encodes
		}
		return printJSON(stdout, stderr, v)
	}
	ct := dl.ContentType
	if ct == "" {
		ct = jobs.ContentTypeMsgpack + " (no Content-Type)"
	}
	tw := tabwriter.NewWriter(stdout, 0, 4, 1, ' ', 0)
	for _, kv := range [][2]string{
		{"seq", strconv.FormatUint(dl.Seq, 10)},
		{"time", dl.Time.UTC().Format(time.RFC3339Nano)},
		{"job", dl.JobID},
		{"tenant", orDash(dl.Tenant)},
		{"queue", dl.Queue},
		{"subject", dl.Subject},
		{"attempts", strconv.Itoa(dl.Attempts)},
		{"last status", dl.LastStatus},
		{"reason", dl.Reason},
		{"content type", ct},
	} {
		fmt.Fprintf(tw, "%s:\t%s\n", kv[0], kv[1])
	}
	if err := tw.Flush(); err != nil {
		fmt.Fprintf(stderr, "submit: %v\n", err)
		return exitSoftware
	}
	if jerr != nil {
		fmt.Fprintf(stdout, "body: %d bytes that do not decode: %v\n", len(dl.Job), jerr)
		return exitOK
	}
	heading := "body:"
	if codec, _ := jobs.CodecFor(dl.ContentType); codec == jobs.Msgpack {
		heading = "body (msgpack, shown as JSON):"
	}
	var buf bytes.Buffer
	if err := json.Indent(&buf, job, "", "  "); err != nil {
		buf.Reset()
		buf.Write(job)
	}
	fmt.Fprintf(stdout, "%s\n%s\n", heading, buf.Bytes())
	return exitOK
}

const deadRetryUsage = `Usage: submit dead retry [flags] ID

Requeues job ID from its newest dead letter: the job, as submitted, goes
back to the subject it was first published to (jobs.<queue>[.<tenant>])
with its own headers but no Nats-Msg-Id (the original id may still be in
the stream's dedupe window), its stale infra_error result is deleted, and
the dead letter is removed. Follow the new run with 'submit get --wait ID'.
`

func cmdDeadRetry(stdout, stderr io.Writer, args []string) int {
	d := newDeadCmd("retry", deadRetryUsage, stderr)
	pos, code, ok := d.parse(stderr, args, 1)
	if !ok {
		return code
	}
	ctx, stop := signalContext()
	defer stop()
	s, err := d.c.open(ctx, stderr)
	if err != nil {
		return exitFor(stderr, err)
	}
	defer s.close()
	id := pos[0]
	// Read first only to say what is retried; RetryDead finds it again.
	dl, err := s.client.DeadLetter(ctx, id)
	if err != nil {
		return exitFor(stderr, err)
	}
	if err := s.client.RetryDead(ctx, id); err != nil {
		return exitFor(stderr, err)
	}
	if d.asJSON {
		dl.Job = nil
		return printJSON(stdout, stderr, dl)
	}
	fmt.Fprintf(stdout, "requeued job %s to %s (dead letter %d removed); its result: submit get --wait %s\n", id, dl.Subject, dl.Seq, id)
	return exitOK
}

const deadPurgeUsage = `Usage: submit dead purge --yes [flags]

Deletes every dead letter in NATSEXEC_DEAD; without --yes it only says how
many that would be. Their infra_error results stay in natsexec-results.
The same: nats stream purge NATSEXEC_DEAD
`

func cmdDeadPurge(stdout, stderr io.Writer, args []string) int {
	d := newDeadCmd("purge", deadPurgeUsage, stderr)
	var yes bool
	d.fs.BoolVar(&yes, "yes", false, "really delete them")
	if _, code, ok := d.parse(stderr, args, 0); !ok {
		return code
	}
	ctx, stop := signalContext()
	defer stop()
	s, err := d.c.open(ctx, stderr)
	if err != nil {
		return exitFor(stderr, err)
	}
	defer s.close()
	if !yes {
		list, err := s.client.DeadLetters(ctx)
		if err != nil {
			return exitFor(stderr, err)
		}
		if len(list) == 0 {
			fmt.Fprintln(stderr, "submit: no dead letters")
			return exitOK
		}
		fmt.Fprintf(stderr, "submit dead purge: would delete %d dead letters; run again with --yes\n", len(list))
		return exitUsage
	}
	n, err := s.client.PurgeDead(ctx)
	if err != nil {
		return exitFor(stderr, err)
	}
	if d.asJSON {
		return printJSON(stdout, stderr, map[string]uint64{"purged": n})
	}
	fmt.Fprintf(stdout, "purged %d dead letters\n", n)
	return exitOK
}
