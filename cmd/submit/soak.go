package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/natsexec/natsexec/bench"
	"github.com/natsexec/natsexec/jobs"
)

const soakUsage = `Usage: submit soak [flags]

Runs the chaos soak: --jobs jobs through the worker fleet on the durable
path (JetStream), --hostile of them hostile, while a random sidecar of the
worker --worker-pid is killed with SIGKILL every --kill-every on average.
It checks fault containment end to end:

  - every innocent job (short JS/TS programs: arithmetic, timers,
    promises, files, JSON, regexps, a check that no state leaks between
    jobs of a resident VM) ends ok with its expected output;
  - every hostile job ends with a final status that names its cause, not
    infra_error nor "gave up after N attempts" (kinds below); a kind may
    also end in timeout, its deadline coming before the limit it attacks,
    and one whose last run's sidecar the chaos killed is reported apart;
  - no job is lost (no result by the end, on its reply subject or in the
    results bucket) and none is answered twice.

It reports innocent ok, hostile final statuses by kind, lost, duplicates,
the worst overrun (result time from publish minus the job's timeout) for
innocent and hostile jobs, how many innocent jobs needed a retry, and the
sidecars the chaos killed: a Markdown table on stdout, progress on stderr,
every job to --json FILE.

Kills need the worker's pid as this machine sees it (not from inside a
container with its own pid namespace) and the right to signal its sidecars
(the worker's user, or root). Without --worker-pid the soak runs without
chaos. The hostile kind deep-source is a 2 MB program: a NATS server with
the default 1 MiB max_payload refuses it (the worker's embedded server
takes 40 MiB), so leave it out with --kinds there.

Hostile kinds (--kinds):
{kinds}
Examples:
  worker & sleep 2; submit soak --worker-pid $!
  submit soak --jobs 200 --kill-every 1s --worker-pid 4242 --json soak.json
  submit soak --hostile 0 --kill-every 0     # innocents only, no chaos

Flags (environment fallbacks in brackets):
`

const soakExitHelp = `Exit codes:
  0   every guarantee held
  1   a guarantee was broken: a job lost or answered twice, an innocent
      job not ok, a hostile job without a final status naming its cause
      (a job whose last run the chaos killed, an innocent one after a
      first death already, is reported apart and does not count)
  2   usage error
  69  NATS unreachable, or no worker on this NATS
  70  anything else
  130 interrupted (the report so far is still written)
`

type soakOpts struct {
	jobs, conc, workerPID       int
	hostile                     float64
	killEvery                   time.Duration
	seed                        uint64
	mix, kinds, queue, jsonFile string
	innocentTimeout             time.Duration
	hostileTimeout              time.Duration
	jobWait, drain, pingTimeout time.Duration
	common
}

func (o *soakOpts) register(fs *flag.FlagSet) {
	d := bench.DefaultSoakConfig()
	fs.IntVar(&o.jobs, "jobs", d.Jobs, "jobs to submit")
	fs.Float64Var(&o.hostile, "hostile", d.HostileFraction, "fraction of the jobs that are hostile, spread evenly over --kinds")
	fs.StringVar(&o.kinds, "kinds", "", "comma-separated hostile kinds (default all)")
	fs.DurationVar(&o.killEvery, "kill-every", d.KillEvery, "mean interval between SIGKILLs of a random sidecar of --worker-pid; 0 disables")
	fs.IntVar(&o.workerPID, "worker-pid", 0, "the worker's pid, whose sidecars the chaos kills (0: no chaos)")
	fs.IntVar(&o.conc, "concurrency", d.Concurrency, "jobs submitted and awaiting their result at most")
	fs.Uint64Var(&o.seed, "seed", d.Seed, "seed of the job plan (which jobs are hostile, their kinds, placements, answers)")
	fs.StringVar(&o.mix, "placements", d.Mix.String(), "weights of the placements jobs ask for")
	fs.DurationVar(&o.innocentTimeout, "innocent-timeout", d.InnocentTimeout, "limits.timeout of innocent jobs")
	fs.DurationVar(&o.hostileTimeout, "hostile-timeout", d.HostileTimeout, "limits.timeout of hostile jobs (some kinds set their own)")
	fs.DurationVar(&o.jobWait, "job-wait", 2*time.Minute, "how long one job may hold its place among --concurrency before the next is submitted anyway")
	fs.DurationVar(&o.drain, "drain", 3*time.Minute, "after the last submission, how long to wait for missing results before they count as lost")
	fs.StringVar(&o.queue, "queue", env("NATSEXEC_QUEUE", jobs.DefaultQueue), "queue: jobs go to jobs.<queue> [NATSEXEC_QUEUE]")
	fs.StringVar(&o.jsonFile, "json", "", "write the full report, every job included, to this file")
	fs.DurationVar(&o.pingTimeout, "ping-timeout", 3*time.Second, "give up when no worker answers a ping within this")
	o.common.register(fs)
}

// config builds the soak's configuration from the flags.
func (o *soakOpts) config() (bench.SoakConfig, error) {
	cfg := bench.DefaultSoakConfig()
	cfg.Jobs, cfg.HostileFraction, cfg.KillEvery = o.jobs, o.hostile, o.killEvery
	cfg.Concurrency, cfg.Seed, cfg.Queue = o.conc, o.seed, o.queue
	cfg.InnocentTimeout, cfg.HostileTimeout = o.innocentTimeout, o.hostileTimeout
	cfg.JobWait, cfg.Drain = o.jobWait, o.drain
	var err error
	if cfg.Mix, err = bench.ParsePlacementMix(o.mix); err != nil {
		return cfg, fmt.Errorf("%w: --placements: %w", errUsage, err)
	}
	if o.kinds != "" {
		cfg.Kinds = strings.Split(o.kinds, ",")
	}
	// Zero would mean "the default" to Soak; on the command line it is a
	// mistake.
	if o.jobs < 1 || o.conc < 1 || o.innocentTimeout <= 0 || o.hostileTimeout <= 0 || o.jobWait <= 0 || o.drain <= 0 {
		return cfg, fmt.Errorf("%w: --jobs, --concurrency, the timeouts, --job-wait and --drain must be positive", errUsage)
	}
	if o.workerPID < 0 {
		return cfg, fmt.Errorf("%w: --worker-pid %d", errUsage, o.workerPID)
	}
	if err := cfg.Validate(); err != nil {
		return cfg, fmt.Errorf("%w: %w", errUsage, err)
	}
	return cfg, nil
}

func runSoak(ctx context.Context, stdout, stderr io.Writer, args []string) int {
	var o soakOpts
	fs := flag.NewFlagSet("submit soak", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		var kinds strings.Builder
		for _, k := range bench.HostileKinds {
			fmt.Fprintf(&kinds, "  %-19s %s\n", k.Name, strings.ReplaceAll(k.About, "`", ""))
		}
		fmt.Fprint(stderr, strings.Replace(soakUsage, "{kinds}", kinds.String(), 1))
		fs.PrintDefaults()
		fmt.Fprint(stderr, "\n", soakExitHelp)
	}
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
	cfg, err := o.config()
	if err != nil {
		return exitFor(stderr, err)
	}
	killer, chaos, err := o.killer(cfg)
	if err != nil {
		return exitFor(stderr, err)
	}
	fmt.Fprintf(stderr, "submit soak: %s\n", chaos)

	s, err := o.open(ctx, stderr)
	if err != nil {
		return exitFor(stderr, err)
	}
	defer s.close()
	if err := bench.Ping(ctx, s.nc, o.pingTimeout); err != nil {
		return exitFor(stderr, err)
	}
	rep, runErr := bench.Soak(ctx, s.client, cfg, killer, stderr)
	if rep == nil {
		return exitFor(stderr, runErr)
	}
	rep.Config.Extra = map[string]string{"nats_url": s.nc.ConnectedUrlRedacted(), "queue": o.queue}
	if killer != nil {
		rep.Config.Extra["worker_pid"] = strconv.Itoa(o.workerPID)
	}
	if err := emitReport(stdout, stderr, "soak", o.jsonFile, rep); err != nil {
		return exitFor(stderr, err)
	}
	if runErr != nil {
		return exitFor(stderr, runErr)
	}
	return soakExit(stderr, rep)
}

// killer is the chaos for the flags, and a sentence saying what it is.
func (o *soakOpts) killer(cfg bench.SoakConfig) (func() (int, error), string, error) {
	switch {
	case cfg.KillEvery == 0:
		return nil, "no chaos (--kill-every 0)", nil
	case o.workerPID == 0:
		return nil, "no chaos: give --worker-pid to kill the worker's sidecars", nil
	}
	if _, err := os.Stat("/proc/" + strconv.Itoa(o.workerPID)); err != nil {
		return nil, "", fmt.Errorf("%w: --worker-pid %d: no such process here: %w", errUsage, o.workerPID, err)
	}
	live, err := bench.LiveSidecars(o.workerPID)
	if err != nil {
		return nil, "", err
	}
	return bench.SidecarKiller(o.workerPID, cfg.Seed),
		fmt.Sprintf("chaos: a random sidecar of worker %d SIGKILLed every %s on average (%d live now)", o.workerPID, cfg.KillEvery, len(live)), nil
}

// soakExit is 0 when every guarantee held, and otherwise 1 with the
// broken ones on stderr.
func soakExit(stderr io.Writer, rep *bench.SoakReport) int {
	probs := rep.Problems()
	for _, p := range probs {
		fmt.Fprintf(stderr, "submit soak: %s\n", p)
	}
	if len(probs) > 0 {
		return 1
	}
	return exitOK
}
