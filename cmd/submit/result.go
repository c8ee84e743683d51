package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path"
	"strings"
	"syscall"

	"github.com/nats-io/nuid"

	"github.com/natsexec/natsexec/jobs"
)

func newID() string { return nuid.Next() }

// printResult shows a result as run and get do, writes its files under
// outDir (none when outDir is empty) and returns the exit code it stands
// for.
func printResult(stdout, stderr io.Writer, res *jobs.Result, asJSON bool, outDir string) int {
	code := exitForResult(res)
	if res.Duplicate {
		// Said on stderr even with --json: the program the user just sent
		// did not run.
		fmt.Fprintf(stderr, "submit: job %s already had a final result: this is that result, and the job was not run again (use a new --id to run it)\n", res.JobID)
	}
	if asJSON {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		if err := enc.Encode(res); err != nil {
			fmt.Fprintf(stderr, "submit: %v\n", err)
			return exitSoftware
		}
	} else {
		// Exactly the guest's bytes: no newline added, no decoding.
		_, _ = stdout.Write(res.Stdout)
		_, _ = stderr.Write(res.Stderr)
		if res.StdoutTruncated {
			fmt.Fprintf(stderr, "submit: job %s: stdout truncated at its output limit\n", res.JobID)
		}
		if res.StderrTruncated {
			fmt.Fprintf(stderr, "submit: job %s: stderr truncated at its output limit\n", res.JobID)
		}
		switch {
		case res.Status == jobs.StatusOK:
		case res.Error != "" && bytes.Contains(res.Stderr, []byte(strings.TrimSpace(res.Error))):
			// The guest's stderr already shows the exception.
			fmt.Fprintf(stderr, "submit: job %s: %s\n", res.JobID, res.Status)
		default:
			fmt.Fprintf(stderr, "submit: job %s: %s: %s\n", res.JobID, res.Status, res.Error)
		}
	}
	if outDir != "" && len(res.Files) > 0 {
		if err := writeFiles(outDir, res.Files); err != nil {
			fmt.Fprintf(stderr, "submit: job %s: output files: %v\n", res.JobID, err)
			if code == exitOK {
				code = exitCantCreate
			}
		}
	}
	return code
}

// writeFiles writes files under dir through an os.Root, so no path in a
// result can land outside it.
func writeFiles(dir string, files []jobs.File) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	root, err := os.OpenRoot(dir)
	if err != nil {
		return err
	}
	defer root.Close()
	var errs []error
	for _, f := range files {
		p, err := jobs.CleanPath(f.Path)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		if d := path.Dir(p); d != "." {
			if err := root.MkdirAll(d, 0o755); err != nil {
				errs = append(errs, err)
				continue
			}
		}
		if err := root.WriteFile(p, f.Data, 0o644); err != nil {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}

const getUsage = `Usage: submit get [flags] ID

Prints the stored result of job ID like 'submit run' does (the guest's
stdout and stderr, exit code) or, with --json, the whole result. Without
--wait, a job with no result yet exits 75.

Examples:
  submit get --wait 5eTx1u4bGQTjMp0nq5DXhT
  submit get --json 5eTx1u4bGQTjMp0nq5DXhT | jq .phases

With the nats CLI: nats kv get natsexec-results ID --raw

Flags (environment fallbacks in brackets):
`

func cmdGet(stdout, stderr io.Writer, args []string) int {
	var (
		c      common
		asJSON bool
		wait   bool
		outDir string
	)
	fs := newFlagSet("get", getUsage, stderr)
	fs.BoolVar(&asJSON, "json", false, "print the whole result as JSON")
	fs.BoolVar(&wait, "wait", false, "wait for the result if there is none yet")
	fs.StringVar(&outDir, "out-dir", "", "write the result's output files under this directory")
	c.register(fs)
	pos, _, err := parseInterleaved(fs, args)
	if err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return exitOK
		}
		return exitUsage
	}
	if len(pos) != 1 {
		fmt.Fprintln(stderr, "submit get: want one job ID; see submit help get")
		return exitUsage
	}
	ctx, stop := signalContext()
	defer stop()
	s, err := c.open(ctx, stderr)
	if err != nil {
		return exitFor(stderr, err)
	}
	defer s.close()
	get := s.client.Get
	if wait {
		get = s.client.Wait
	}
	res, err := get(ctx, pos[0])
	if err != nil {
		return exitFor(stderr, err)
	}
	return printResult(stdout, stderr, res, asJSON, outDir)
}

const cancelUsage = `Usage: submit cancel [flags] ID...

Asks for each job to be cancelled: a running job is stopped by its worker,
a queued one ends without running. Its result then has status cancelled
(unless it finished first); 'submit run' waiting on it exits 130.

With the nats CLI: nats kv put natsexec-cancel ID 1; nats pub natsexec.cancel.ID ''

Flags (environment fallbacks in brackets):
`

func cmdCancel(_, stderr io.Writer, args []string) int {
	var c common
	fs := newFlagSet("cancel", cancelUsage, stderr)
	c.register(fs)
	ids, _, err := parseInterleaved(fs, args)
	if err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return exitOK
		}
		return exitUsage
	}
	if len(ids) == 0 {
		fmt.Fprintln(stderr, "submit cancel: want a job ID; see submit help cancel")
		return exitUsage
	}
	ctx, stop := signalContext()
	defer stop()
	s, err := c.open(ctx, stderr)
	if err != nil {
		return exitFor(stderr, err)
	}
	defer s.close()
	for _, id := range ids {
		if err := s.client.Cancel(ctx, id); err != nil {
			return exitFor(stderr, err)
		}
		s.log.Info("cancel requested", "job", id)
	}
	return exitOK
}

func signalContext() (context.Context, context.CancelFunc) {
	return signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
}
