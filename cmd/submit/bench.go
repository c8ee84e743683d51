package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"runtime"
	"time"

	"github.com/natsexec/natsexec/bench"
	"github.com/natsexec/natsexec/jobs"
	"github.com/natsexec/natsexec/worker/placement"
	"github.com/natsexec/natsexec/worker/sidecar"
)

const benchUsage = `Usage: submit bench [flags]

Runs the cold-start matrix: scenarios owned-sidecar, owned-sidecar-prespawned,
shared-sidecar and resident-runner × batch sizes × sequential and concurrent
fan-out (a concurrent batch is launched at once, at most --concurrency in
flight) × iterations after warm-up ones. Each sample runs the guest
'export const x = 1;': cold = provision + first exec, warm = a second exec on
the same VM (see the report header for exactly what each driver times).

By default jobs go end to end through NATS to a running worker fleet
(JetStream; --request for the request/reply path) and every job of a batch
carries the header Natsexec-Batch. --local measures placement in this
process instead: no NATS, sidecars spawned by submit itself, and the memory
figure (shared sidecars' RSS per live VM, and what teardown reclaims).

Markdown tables go to stdout, progress to stderr, every sample with its
per-phase timings to --json FILE.

Environment: BENCH_BATCH_SIZES, BENCH_ITERATIONS, BENCH_WARMUP and
BENCH_SCENARIOS set the matrix; flags override them.

Examples:
  submit bench --local --json bench/results/local.json
  submit bench --quick
  BENCH_SCENARIOS=shared,resident submit bench --request --batch-sizes 1,10

Flags (environment fallbacks in brackets):
`

type benchOpts struct {
	local, request, quick, memory bool
	jsonFile, scenarios, modes    string
	batchSizes, dataDir, sandbox  string
	queue                         string
	iterations, warmup, conc      int
	prespawn, sharedSidecars      int
	pingTimeout, jobTimeout       time.Duration
	common
}

func (o *benchOpts) register(fs *flag.FlagSet) {
	fs.BoolVar(&o.local, "local", false, "measure placement in this process (no NATS, no worker)")
	fs.BoolVar(&o.request, "request", false, "use the request/reply path (natsexec.run) instead of JetStream")
	fs.BoolVar(&o.quick, "quick", false, "batch 1, 1 iteration, no warm-up (flags given explicitly still win)")
	fs.StringVar(&o.jsonFile, "json", "", "write the full report, every sample included, to this file")
	fs.StringVar(&o.scenarios, "scenarios", "", "comma-separated scenarios, or all [BENCH_SCENARIOS] (default all)")
	fs.StringVar(&o.modes, "modes", "sequential,concurrent", "sequential, concurrent or both")
	fs.StringVar(&o.batchSizes, "batch-sizes", "", "comma-separated batch sizes [BENCH_BATCH_SIZES] (default 1,10,50,100,200)")
	fs.IntVar(&o.iterations, "iterations", bench.DefaultIterations, "measured iterations per cell [BENCH_ITERATIONS]")
	fs.IntVar(&o.warmup, "warmup", bench.DefaultWarmup, "warm-up iterations per cell, not measured [BENCH_WARMUP]")
	fs.IntVar(&o.conc, "concurrency", bench.DefaultConcurrency, "concurrent mode: samples in flight at most (the host concurrency cap)")
	fs.IntVar(&o.prespawn, "prespawn", bench.DefaultConcurrency, "--local: pre-spawned owned pool size for owned-sidecar-prespawned")
	fs.IntVar(&o.sharedSidecars, "shared-sidecars", runtime.NumCPU(), "--local: shared sidecars (hosting shared and resident VMs)")
	fs.StringVar(&o.sandbox, "sandbox", env("NATSEXEC_SANDBOX", "auto"), "--local: sidecar sandbox: auto, strict or off [NATSEXEC_SANDBOX]")
	fs.StringVar(&o.dataDir, "data-dir", "", "--local: VM dirs and WASM compilation cache (default: a temporary directory)")
	fs.BoolVar(&o.memory, "memory", true, "--local: measure RSS per live VM at each batch size")
	fs.StringVar(&o.queue, "queue", env("NATSEXEC_QUEUE", jobs.DefaultQueue), "queue: jobs go to jobs.<queue> [NATSEXEC_QUEUE]")
	fs.DurationVar(&o.pingTimeout, "ping-timeout", 3*time.Second, "give up when no worker answers a ping within this")
	fs.DurationVar(&o.jobTimeout, "job-timeout", time.Minute, "give up on one job's result after this")
	o.common.register(fs)
}

// config builds the matrix: defaults, then BENCH_* from the environment,
// then --quick, then flags given explicitly.
func (o *benchOpts) config(fs *flag.FlagSet) (bench.Config, error) {
	cfg := bench.DefaultConfig()
	if err := cfg.ApplyEnv(os.Getenv); err != nil {
		return cfg, fmt.Errorf("%w: %w", errUsage, err)
	}
	if o.quick {
		cfg.BatchSizes, cfg.Iterations, cfg.Warmup = []int{1}, 1, 0
	}
	var err error
	fs.Visit(func(f *flag.Flag) {
		if err != nil {
			return
		}
		switch f.Name {
		case "scenarios":
			cfg.Scenarios, err = bench.ParseScenarios(o.scenarios)
		case "modes":
			cfg.Modes, err = bench.ParseModes(o.modes)
		case "batch-sizes":
			cfg.BatchSizes, err = bench.ParseBatchSizes(o.batchSizes)
		case "iterations":
			cfg.Iterations = o.iterations
		case "warmup":
			cfg.Warmup = o.warmup
		}
		if err != nil {
			err = fmt.Errorf("--%s: %w", f.Name, err)
		}
	})
	cfg.Concurrency = o.conc
	if err == nil {
		err = cfg.Validate()
	}
	if err != nil {
		return cfg, fmt.Errorf("%w: %w", errUsage, err)
	}
	if o.local && o.memory {
		cfg.MemorySizes = cfg.BatchSizes
	}
	return cfg, nil
}

func runBench(ctx context.Context, stdout, stderr io.Writer, args []string) int {
	var o benchOpts
	fs := newFlagSet("bench", benchUsage, stderr)
	o.register(fs)
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return exitOK
		}
		return exitUsage
	}
	if fs.NArg() > 0 {
		return exitFor(stderr, fmt.Errorf("%w: unexpected arguments %q", errUsage, fs.Args()))
	}
	cfg, err := o.config(fs)
	if err != nil {
		return exitFor(stderr, err)
	}
	cfg.Progress = stderr

	var driver bench.Driver
	extra := map[string]string{}
	if o.local {
		l, err := o.localDriver(stderr)
		if err != nil {
			return exitFor(stderr, err)
		}
		defer l.Close(context.WithoutCancel(ctx))
		driver = l
		extra = l.Extra()
	} else {
		s, err := o.open(ctx, stderr)
		if err != nil {
			return exitFor(stderr, err)
		}
		defer s.close()
		if err := bench.Ping(ctx, s.nc, o.pingTimeout); err != nil {
			return exitFor(stderr, err)
		}
		d, err := bench.NewNATS(bench.NATSOptions{Client: s.client, Request: o.request, Queue: o.queue, JobTimeout: o.jobTimeout})
		if err != nil {
			return exitFor(stderr, err)
		}
		driver = d
		extra["nats_url"] = s.nc.ConnectedUrlRedacted()
		extra["queue"] = o.queue
		extra["path"] = map[bool]string{false: "jetstream", true: "request"}[o.request]
	}

	rep, runErr := bench.Run(ctx, driver, cfg)
	if rep == nil {
		return exitFor(stderr, runErr)
	}
	rep.Config.Extra = extra
	if err := emitReport(stdout, stderr, "bench", o.jsonFile, rep); err != nil {
		return exitFor(stderr, err)
	}
	if runErr != nil {
		return exitFor(stderr, runErr)
	}
	return exitOK
}

func (o *benchOpts) localDriver(stderr io.Writer) (*bench.Local, error) {
	var level slog.Level
	if err := level.UnmarshalText([]byte(o.logLevel)); err != nil {
		return nil, fmt.Errorf("%w: --log-level: %w", errUsage, err)
	}
	sb, err := sidecar.ParseSandbox(o.sandbox)
	if err != nil {
		return nil, fmt.Errorf("%w: --sandbox: %w", errUsage, err)
	}
	if o.prespawn < 1 || o.sharedSidecars < 1 {
		return nil, fmt.Errorf("%w: --prespawn and --shared-sidecars want at least 1", errUsage)
	}
	return bench.NewLocal(bench.LocalOptions{
		Dir:      o.dataDir,
		Prespawn: o.prespawn,
		Placement: placement.Options{
			SharedSidecars: o.sharedSidecars,
			// As the worker's defaults: shared sidecars get 4 GiB.
			Spawn: sidecar.SpawnOptions{Sandbox: sb, MemoryBytes: 4 << 30},
		},
		Logger: slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: level})),
	})
}

// report is what bench and soak print: a Markdown table, and JSON.
type report interface {
	WriteMarkdown(io.Writer) error
	WriteJSON(io.Writer) error
}

// emitReport prints rep as Markdown on stdout and, with --json, writes it
// to jsonFile, saying so on stderr.
func emitReport(stdout, stderr io.Writer, command, jsonFile string, rep report) error {
	if err := rep.WriteMarkdown(stdout); err != nil {
		return err
	}
	if jsonFile == "" {
		return nil
	}
	if err := writeReport(jsonFile, rep); err != nil {
		return fmt.Errorf("--json: %w", err)
	}
	fmt.Fprintf(stderr, "submit %s: report written to %s\n", command, jsonFile)
	return nil
}

func writeReport(path string, rep report) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if err := rep.WriteJSON(f); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
