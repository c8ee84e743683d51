package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/natsexec/natsexec/bundle"
	"github.com/natsexec/natsexec/client"
	"github.com/natsexec/natsexec/jobs"
)

const runUsage = `Usage: submit run [flags] FILE|- [-- ARGS...]

Runs a program on the natsexec fleet, copies its stdout and stderr byte for
byte, writes the files asked for with --output-file, and exits with the
guest's exit code (or one of the codes below for other outcomes).

The runtime is guessed from FILE's extension: .js .mjs .cjs = js,
.ts .mts = ts, .wasm = wasm; --runtime overrides it and is required for "-"
(the program read from stdin). For a FILE program, submit's own stdin is the
guest's stdin when it is not a terminal; --stdin FILE gives it explicitly
(--stdin /dev/null for none). ARGS after "--" are the guest's arguments,
after any --arg.

A js or ts FILE that imports packages or other files is bundled first, here,
with esbuild: packages resolve from the project's node_modules as Node would
resolve them, the guest's built-in modules (fs, node:crypto, ...) stay its
own, and one source goes out with a source map, so stack traces name your
files and lines ("at main (/app.js:3:9)": the project root, the nearest
directory with a package.json, is "/"). A file that imports nothing but
built-ins is sent as it is. process.env.NODE_ENV is "production" in the
bundle unless --env sets it; paths given to --file stay for the guest to
read. --no-bundle sends FILE as it is. Large programs travel gzip-compressed;
--log-level info shows the bundle's size.

By default the job goes through JetStream (subject jobs.<queue>), survives
worker restarts and its result is kept (see 'submit get'); --request uses
the request/reply path (natsexec.run) instead: lower latency, nothing kept.
Interrupting submit cancels the job; a second interrupt stops waiting.

Examples:
  submit run hello.js
  submit run app.js                 # in a project with node_modules
  echo 'hello' | submit run --placement resident upper.ts -- --shout
  submit run --runtime js - <<<'console.log(40 + 2)'
  submit run --file data.csv --output-file out/report.txt --out-dir . report.js
  submit run --timeout 2s --memory 64MiB --env DEBUG=1 app.wasm -- echo hi
  submit run --json hello.js | jq .status
  id=$(submit run --no-wait slow.js); submit get --wait "$id"

The same with the nats CLI (JSON in, JSON out):
  nats req natsexec.run '{"runtime":"js","source":"console.log(42)"}' -H Content-Type:application/json
  nats pub jobs.default '{"runtime":"js","source":"console.log(42)"}' -H Nats-Msg-Id:job1 -H Content-Type:application/json
  nats kv get natsexec-results job1 --raw

Flags (environment fallbacks in brackets):
`

type runOpts struct {
	runtime, placement, queue, stdinFile, outDir, id, codec string
	timeout                                                 time.Duration
	memory, maxOutput                                       sizeFlag
	env, files, args, outputFiles                           listFlag
	request, json, noWait, noBundle                         bool
	common

	// bundled is the bundle the job carries, if it was bundled.
	bundled    *bundle.Result
	bundleTook time.Duration
}

func (o *runOpts) register(fs *flag.FlagSet) {
	fs.StringVar(&o.runtime, "runtime", "", "js, ts or wasm (default: from FILE's extension)")
	fs.StringVar(&o.placement, "placement", string(jobs.PlacementShared), "owned, shared or resident")
	fs.StringVar(&o.queue, "queue", env("NATSEXEC_QUEUE", jobs.DefaultQueue), "queue: the job goes to jobs.<queue> [NATSEXEC_QUEUE]")
	fs.DurationVar(&o.timeout, "timeout", 0, "wall-time limit of the guest (default 10s, at most 15m)")
	fs.Var(&o.memory, "memory", "memory limit, e.g. 64MiB (default 256MiB)")
	fs.Var(&o.maxOutput, "max-output", "stdout and stderr cap, e.g. 1MiB (default 1MiB)")
	fs.Var(&o.env, "env", "K=V in the guest's environment (repeatable)")
	fs.Var(&o.files, "file", "LOCAL[:GUEST] file for the guest's filesystem; GUEST defaults to LOCAL's base name (repeatable)")
	fs.Var(&o.args, "arg", "argument for the guest (repeatable; also anything after --)")
	fs.Var(&o.outputFiles, "output-file", "guest PATH to bring back, written under --out-dir (repeatable)")
	fs.StringVar(&o.outDir, "out-dir", ".", "where --output-file files are written")
	fs.StringVar(&o.stdinFile, "stdin", "", "file to pass as the guest's stdin")
	fs.StringVar(&o.id, "id", "", "job id (default: generated); resubmitting an id is deduplicated")
	fs.StringVar(&o.codec, "codec", "msgpack", "job encoding on the wire: msgpack or json")
	fs.BoolVar(&o.request, "request", false, "use the request/reply path (natsexec.run) instead of JetStream")
	fs.BoolVar(&o.json, "json", false, "print the whole result as JSON instead of the guest's output")
	fs.BoolVar(&o.noWait, "no-wait", false, "print the job id and exit once JetStream has the job")
	fs.BoolVar(&o.noBundle, "no-bundle", false, "send a js or ts FILE as it is, without bundling its imports")
	o.common.register(fs)
}

func newFlagSet(name, usage string, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet("submit "+name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprint(stderr, usage)
		fs.PrintDefaults()
		fmt.Fprint(stderr, "\n", exitCodesHelp)
	}
	return fs
}

// errNoInput marks a local input that cannot be read.
var errNoInput = errors.New("cannot read input")

func cmdRun(stdin io.Reader, stdout, stderr io.Writer, args []string) int {
	var o runOpts
	fs := newFlagSet("run", runUsage, stderr)
	o.register(fs)
	pos, after, err := parseInterleaved(fs, args)
	if err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return exitOK
		}
		return exitUsage
	}
	if len(pos) != 1 {
		fmt.Fprintf(stderr, "submit run: want one program, FILE or - (got %d); see submit help run\n", len(pos))
		return exitUsage
	}
	o.args = append(o.args, after...)
	job, err := o.job(pos[0], stdin)
	if err != nil {
		return exitFor(stderr, err)
	}
	codec := jobs.Msgpack
	if o.codec == "json" {
		codec = jobs.JSON
	}
	if o.request && o.noWait {
		return exitFor(stderr, fmt.Errorf("%w: --no-wait needs the JetStream path, not --request", errUsage))
	}

	ctx, stop := context.WithCancelCause(context.Background())
	defer stop(nil)
	s, err := o.open(ctx, stderr, client.WithCodec(codec))
	if err != nil {
		return exitFor(stderr, err)
	}
	defer s.close()
	if b := o.bundled; b != nil {
		for _, w := range b.Warnings {
			s.log.Warn("bundle", "warning", w.String())
		}
		s.log.Info("bundled", "entry", b.Filename, "root", b.Root, "files", len(b.Inputs), "bytes", len(b.Source), "took", o.bundleTook.Round(time.Millisecond))
	}
	sopts := client.SubmitOptions{Queue: o.queue, Codec: codec, Wait: true}

	if o.noWait {
		id, err := s.client.Submit(ctx, job, sopts)
		if err != nil {
			return exitFor(stderr, err)
		}
		fmt.Fprintln(stdout, id)
		return exitOK
	}

	// First interrupt cancels the job and keeps waiting for its result;
	// a second stops waiting.
	sigs := make(chan os.Signal, 2)
	signal.Notify(sigs, os.Interrupt, syscall.SIGTERM)
	defer signal.Stop(sigs)
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Go(func() {
		select {
		case <-sigs:
		case <-done:
			return
		}
		fmt.Fprintf(stderr, "submit: cancelling job %s (interrupt again to stop waiting)\n", job.ID)
		cctx, cancel := context.WithTimeout(ctx, 5*time.Second)
		if err := s.client.Cancel(cctx, job.ID); err != nil {
			s.log.Warn("cancel", "job", job.ID, "err", err)
		}
		cancel()
		select {
		case <-sigs:
			stop(errInterrupted)
		case <-done:
		}
	})
	var res *jobs.Result
	if o.request {
		res, err = s.client.Request(ctx, job)
	} else {
		res, err = s.client.Run(ctx, job, sopts)
	}
	close(done)
	wg.Wait()
	if err != nil {
		return exitFor(stderr, err)
	}
	return printResult(stdout, stderr, res, o.json, o.outDir)
}

// job builds the job from the flags and the program argument.
func (o *runOpts) job(program string, stdin io.Reader) (*jobs.Job, error) {
	j := &jobs.Job{
		ID:          o.id,
		Runtime:     jobs.Runtime(o.runtime),
		Placement:   jobs.Placement(o.placement),
		Args:        o.args,
		OutputFiles: o.outputFiles,
		Limits: jobs.Limits{
			Timeout:     jobs.Duration(o.timeout),
			MemoryBytes: int64(o.memory),
			OutputBytes: int64(o.maxOutput),
		},
	}
	if j.ID == "" {
		j.ID = newID()
	}
	switch j.Placement {
	case jobs.PlacementOwned, jobs.PlacementShared, jobs.PlacementResident:
	default:
		return nil, fmt.Errorf("%w: --placement %q: want owned, shared or resident", errUsage, o.placement)
	}
	if o.codec != "msgpack" && o.codec != "json" {
		return nil, fmt.Errorf("%w: --codec %q: want msgpack or json", errUsage, o.codec)
	}
	if j.Runtime == "" {
		if program == "-" {
			return nil, fmt.Errorf("%w: --runtime is required when the program comes from stdin", errUsage)
		}
		j.Runtime = runtimeFor(program)
		if j.Runtime == "" {
			return nil, fmt.Errorf("%w: cannot tell the runtime of %s from its extension; give --runtime js, ts or wasm", errUsage, program)
		}
	}
	switch j.Runtime {
	case jobs.RuntimeJS, jobs.RuntimeTS, jobs.RuntimeWASM:
	default:
		return nil, fmt.Errorf("%w: --runtime %q: want js, ts or wasm", errUsage, o.runtime)
	}
	for _, kv := range o.env {
		k, v, ok := strings.Cut(kv, "=")
		if !ok || k == "" {
			return nil, fmt.Errorf("%w: --env %q: want K=V", errUsage, kv)
		}
		if j.Env == nil {
			j.Env = map[string]string{}
		}
		j.Env[k] = v
	}

	var code []byte
	var err error
	if program == "-" {
		code, err = readAll(stdin, "stdin")
	} else {
		code, err = os.ReadFile(program)
	}
	if err != nil {
		return nil, fmt.Errorf("%w: program: %w", errNoInput, err)
	}
	if j.Runtime == jobs.RuntimeWASM {
		j.Module = code
	} else {
		j.Source = string(code)
	}
	if program != "-" && j.Runtime != jobs.RuntimeWASM && !o.noBundle {
		if err := o.bundle(program, j); err != nil {
			return nil, err
		}
	}

	switch {
	case o.stdinFile != "":
		if j.Stdin, err = os.ReadFile(o.stdinFile); err != nil {
			return nil, fmt.Errorf("%w: --stdin: %w", errNoInput, err)
		}
	case program != "-" && !isTerminal(stdin):
		if j.Stdin, err = readAll(stdin, "stdin"); err != nil {
			return nil, fmt.Errorf("%w: %w", errNoInput, err)
		}
	}

	for _, spec := range o.files {
		local, guest, ok := strings.Cut(spec, ":")
		if !ok || guest == "" {
			guest = filepath.Base(local)
		}
		fi, err := os.Stat(local)
		if err != nil {
			return nil, fmt.Errorf("%w: --file: %w", errNoInput, err)
		}
		data, err := os.ReadFile(local)
		if err != nil {
			return nil, fmt.Errorf("%w: --file: %w", errNoInput, err)
		}
		j.Files = append(j.Files, jobs.File{Path: filepath.ToSlash(guest), Data: data, Mode: uint32(fi.Mode().Perm())})
	}
	return j, nil
}

// bundle replaces j's source with program bundled, unless it imports
// nothing but built-ins. Whether it does, esbuild finds out (tens of
// milliseconds in this one-shot process), unless the words import and
// require do not even appear in it. A bundle is js whatever the entry was:
// esbuild has already compiled its TypeScript, and the guest runs it as it
// is.
func (o *runOpts) bundle(program string, j *jobs.Job) error {
	if !bundle.MayImport(j.Source) {
		return nil
	}
	opts := bundle.Options{}
	if v, ok := j.Env["NODE_ENV"]; ok {
		opts.Define = map[string]string{"process.env.NODE_ENV": strconv.Quote(v)}
	}
	for _, spec := range o.files {
		local, guest, ok := strings.Cut(spec, ":")
		if !ok || guest == "" {
			guest = filepath.Base(local)
		}
		if p, err := jobs.CleanPath(filepath.ToSlash(guest)); err == nil {
			opts.External = append(opts.External, "/"+p, "./"+p)
		}
	}
	start := time.Now()
	res, err := bundle.Build(context.Background(), program, opts)
	if err != nil {
		if errors.Is(err, bundle.ErrBundle) {
			return fmt.Errorf("%w\n(--no-bundle sends %s as it is)", err, program)
		}
		return fmt.Errorf("%w: program: %w", errNoInput, err)
	}
	if res.Standalone() {
		return nil
	}
	o.bundled, o.bundleTook = res, time.Since(start)
	j.Runtime, j.Source = jobs.RuntimeJS, res.Source
	return nil
}

func runtimeFor(name string) jobs.Runtime {
	switch strings.ToLower(filepath.Ext(name)) {
	case ".js", ".mjs", ".cjs":
		return jobs.RuntimeJS
	case ".ts", ".mts":
		return jobs.RuntimeTS
	case ".wasm":
		return jobs.RuntimeWASM
	}
	return ""
}

// readAll reads r but stops a little past the largest a job may carry, so
// a runaway pipe fails fast instead of filling memory.
func readAll(r io.Reader, what string) ([]byte, error) {
	if r == nil {
		return nil, nil
	}
	const limit = jobs.MaxModuleBytes + 1
	b, err := io.ReadAll(io.LimitReader(r, limit))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", what, err)
	}
	if len(b) >= limit {
		return nil, fmt.Errorf("%s: more than %d bytes", what, limit-1)
	}
	return b, nil
}

// isTerminal reports whether r is an interactive terminal (or nothing at
// all), whose input is not meant for the guest. /dev/null, a character
// device too, has nothing to give either way.
func isTerminal(r io.Reader) bool {
	if r == nil {
		return true
	}
	f, ok := r.(*os.File)
	if !ok {
		return false
	}
	fi, err := f.Stat()
	return err != nil || fi.Mode()&os.ModeCharDevice != 0
}

// sizeFlag is a byte count written as 1048576, 512k, 64M, 64MiB or 1G
// (binary multiples throughout).
type sizeFlag int64

func (s *sizeFlag) String() string { return strconv.FormatInt(int64(*s), 10) }

func (s *sizeFlag) Set(v string) error {
	n, err := parseSize(v)
	if err != nil {
		return err
	}
	*s = sizeFlag(n)
	return nil
}

func parseSize(v string) (int64, error) {
	t := strings.TrimSpace(v)
	num := strings.TrimRight(t, "KMGTiBkmgtib")
	unit := strings.ToLower(strings.TrimSpace(t[len(num):]))
	n, err := strconv.ParseInt(strings.TrimSpace(num), 10, 64)
	if err != nil || n < 0 {
		return 0, fmt.Errorf("size %q: want a number of bytes like 65536, 512k, 64MiB or 1G", v)
	}
	shift := map[string]uint{"": 0, "b": 0, "k": 10, "kb": 10, "kib": 10, "m": 20, "mb": 20, "mib": 20, "g": 30, "gb": 30, "gib": 30}
	sh, ok := shift[unit]
	if !ok {
		return 0, fmt.Errorf("size %q: unknown unit %q", v, unit)
	}
	if n > (1<<62)>>sh {
		return 0, fmt.Errorf("size %q: too large", v)
	}
	return n << sh, nil
}
