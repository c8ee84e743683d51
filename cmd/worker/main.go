// Command worker takes natsexec jobs from NATS and runs them in sandboxed
// sidecar processes. With no NATS URL it starts an embedded NATS server with
// JetStream, so `go run ./cmd/worker` is the whole set-up.
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"math"
	"os"
	"os/signal"
	"runtime"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/nats-io/nats.go"
	"golang.org/x/sys/unix"

	"github.com/natsexec/natsexec/jobs"
	"github.com/natsexec/natsexec/tracing"
	"github.com/natsexec/natsexec/worker"
	"github.com/natsexec/natsexec/worker/sidecar"
)

func main() {
	// The sidecar subcommand is dispatched here, explicitly, before any
	// worker set-up: a sidecar must not start NATS or tracing.
	if len(os.Args) > 1 && os.Args[1] == sidecar.Subcommand {
		os.Exit(sidecar.Main(os.Args[2:]))
	}
	// Nothing a supervisor left open without close-on-exec reaches the
	// sidecars (which close such descriptors themselves too).
	_ = unix.CloseRange(3, math.MaxUint32, unix.CLOSE_RANGE_CLOEXEC)
	os.Exit(run(os.Args[1:], os.Stderr))
}

func env(key, def string) string {
	if v := os.Getenv(key); v != "" {
		return v
	}
	return def
}

// envInt is env for an integer flag; a value that is not one is kept as
// -1, which the flag's check refuses.
func envInt(key string, def int) int {
	v := os.Getenv(key)
	if v == "" {
		return def
	}
	n, err := strconv.Atoi(v)
	if err != nil {
		return -1
	}
	return n
}

func run(args []string, stderr io.Writer) int {
	fs := flag.NewFlagSet("worker", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprint(stderr, `Usage: worker [flags]

Takes jobs from NATS (JetStream subject jobs.<queue>, and request/reply on
natsexec.run) and runs each in a sandboxed sidecar process. With no
--nats-url it starts an embedded NATS server with JetStream.

Flags (environment fallbacks in brackets):
`)
		fs.PrintDefaults()
		fmt.Fprint(stderr, `
Tracing and metrics follow the standard OTEL_* variables (OTEL_SERVICE_NAME,
OTEL_EXPORTER_OTLP_ENDPOINT, OTEL_TRACES_EXPORTER, OTEL_TRACES_SAMPLER ...).
First SIGINT/SIGTERM drains (stop taking jobs, finish running ones); a
second one stops hard (running jobs are handed back to other workers).
`)
	}
	var (
		o          worker.Options
		creds      = fs.String("creds", env("NATS_CREDS", ""), "NATS credentials file [NATS_CREDS]")
		user       = fs.String("nats-user", env("NATS_USER", ""), "NATS user name, with --nats-password [NATS_USER]")
		password   = fs.String("nats-password", env("NATS_PASSWORD", ""), "NATS password [NATS_PASSWORD]")
		tenants    = fs.String("tenants", env("NATSEXEC_TENANTS", ""), "tenants whose jobs are consumed from the start, comma-separated (others are found within a second of queueing a job) [NATSEXEC_TENANTS]")
		nkey       = fs.String("nkey", env("NATS_NKEY", ""), "NATS nkey seed file [NATS_NKEY]")
		tlsCert    = fs.String("tlscert", env("NATS_CERT", ""), "TLS client certificate [NATS_CERT]")
		tlsKey     = fs.String("tlskey", env("NATS_KEY", ""), "TLS client key [NATS_KEY]")
		tlsCA      = fs.String("tlsca", env("NATS_CA", ""), "TLS CA certificate [NATS_CA]")
		logLevel   = fs.String("log-level", env("NATSEXEC_LOG_LEVEL", "info"), "debug, info, warn or error [NATSEXEC_LOG_LEVEL]")
		logJSON    = fs.Bool("log-json", false, "log JSON lines instead of text")
		sandbox    = fs.String("sandbox", env("NATSEXEC_SANDBOX", "auto"), "sidecar sandbox: auto (every layer the kernel allows, a warning for each it refuses), strict (refuse a sidecar missing any layer) or off (debugging only) [NATSEXEC_SANDBOX]")
		sidecarUID = fs.Int("sidecar-uid", envInt("NATSEXEC_SIDECAR_UID", sidecar.DefaultSidecarID), "host uid sidecars run as, when the worker is root (a worker that is not root uses its own) [NATSEXEC_SIDECAR_UID]")
		sidecarGID = fs.Int("sidecar-gid", envInt("NATSEXEC_SIDECAR_GID", sidecar.DefaultSidecarID), "host gid sidecars run as, when the worker is root [NATSEXEC_SIDECAR_GID]")
		sharedMem  = fs.Int64("shared-memory-bytes", 4<<30, "hard memory limit of each shared sidecar")
		replicas   = fs.Int("replicas", 1, "JetStream replicas for the streams and buckets (3 on a cluster)")
		resultTTL  = fs.Duration("result-ttl", 24*time.Hour, "how long results are kept")
		drainLimit = fs.Duration("drain-timeout", 30*time.Second, "on the first signal, how long running jobs may finish before a hard stop")
	)
	fs.StringVar(&o.NATSURL, "nats-url", env("NATS_URL", ""), "NATS server or cluster to join; empty starts an embedded server [NATS_URL]")
	fs.StringVar(&o.EmbeddedHost, "listen-host", "127.0.0.1", "embedded server host")
	fs.IntVar(&o.EmbeddedPort, "listen-port", 4222, "embedded server port")
	fs.StringVar(&o.DataDir, "data-dir", env("NATSEXEC_DATA_DIR", ""), "JetStream store, VM dirs and WASM cache (default $TMPDIR/natsexec) [NATSEXEC_DATA_DIR]")
	fs.StringVar(&o.Worker.Name, "name", env("NATSEXEC_WORKER_NAME", ""), "worker name in results (default host-pid) [NATSEXEC_WORKER_NAME]")
	fs.StringVar(&o.Worker.Queue, "queue", env("NATSEXEC_QUEUE", ""), "take only jobs.<queue>; empty takes every queue [NATSEXEC_QUEUE]")
	fs.IntVar(&o.Worker.Concurrency, "concurrency", 8*runtime.NumCPU(), "jobs running at once")
	fs.IntVar(&o.Worker.MaxDeliver, "max-deliver", 5, "attempts before a job that keeps hitting infra errors is dead-lettered")
	fs.DurationVar(&o.Worker.AckWait, "ack-wait", 30*time.Second, "JetStream ack wait (progress is reported within it)")
	fs.BoolVar(&o.Worker.DisableService, "no-service", false, "do not serve the request/reply path")
	fs.IntVar(&o.Placement.SharedSidecars, "shared-sidecars", runtime.NumCPU(), "long-lived sidecars hosting shared and resident VMs")
	fs.IntVar(&o.Placement.PrespawnOwned, "prespawn-owned", 0, "owned sidecars kept started ahead of jobs (each still used once)")
	fs.IntVar(&o.Placement.ResidentMaxRuns, "resident-max-runs", 1000, "recycle a resident VM after this many runs")
	replySubjects := fs.String("reply-subjects", env("NATSEXEC_REPLY_SUBJECTS", strings.Join(jobs.DefaultReplySubjects, ",")), "subject patterns a job's reply may name, comma-separated; others are rejected (never $JS, $KV, $SYS...) [NATSEXEC_REPLY_SUBJECTS]")
	fs.Int64Var(&o.Placement.SharedMaxJobMemory, "shared-max-job-memory", 0, "jobs asking for more memory than this run in owned sidecars whatever they ask (default: an eighth of --shared-memory-bytes)")
	fs.StringVar(&o.EmbeddedConfig, "nats-config", env("NATSEXEC_NATS_CONFIG", ""), "nats-server configuration the embedded server loads: accounts, users, permissions, TLS (see deploy/nats-tenants.conf) [NATSEXEC_NATS_CONFIG]")
	fs.IntVar(&o.Worker.TenantMaxRunning, "tenant-max-running", 0, "cap on one tenant's jobs running at once on this worker (0: none; a free slot always goes to the waiting tenant running fewest)")
	fs.StringVar(&o.MetricsAddr, "metrics-addr", env("NATSEXEC_METRICS_ADDR", ""), "serve Prometheus /metrics and /healthz on this address, e.g. :9464 [NATSEXEC_METRICS_ADDR]")
	if err := fs.Parse(args); err != nil {
		if err == flag.ErrHelp {
			return 0
		}
		return 2
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "worker: unexpected arguments %q\n", fs.Args())
		return 2
	}
	var level slog.Level
	if err := level.UnmarshalText([]byte(*logLevel)); err != nil {
		fmt.Fprintf(stderr, "worker: --log-level: %v\n", err)
		return 2
	}
	hopts := &slog.HandlerOptions{Level: level}
	var h slog.Handler = slog.NewTextHandler(stderr, hopts)
	if *logJSON {
		h = slog.NewJSONHandler(stderr, hopts)
	}
	log := slog.New(h)
	o.Logger = log

	sb, err := sidecar.ParseSandbox(*sandbox)
	if err != nil {
		fmt.Fprintf(stderr, "worker: --sandbox: %v\n", err)
		return 2
	}
	o.Placement.Spawn.Sandbox = sb
	if *sidecarUID <= 0 || *sidecarGID <= 0 || *sidecarUID >= math.MaxUint32 || *sidecarGID >= math.MaxUint32 {
		fmt.Fprintf(stderr, "worker: --sidecar-uid and --sidecar-gid must be from 1 to %d: sidecars never run as root\n", uint32(math.MaxUint32-1))
		return 2
	}
	o.Placement.Spawn.UID, o.Placement.Spawn.GID = *sidecarUID, *sidecarGID
	o.Placement.Spawn.MemoryBytes = *sharedMem
	o.Worker.ReplySubjects = strings.Split(*replySubjects, ",")
	if err := jobs.ValidReplyPatterns(o.Worker.ReplySubjects); err != nil {
		fmt.Fprintf(stderr, "worker: --reply-subjects: %v\n", err)
		return 2
	}
	o.Worker.Streams = worker.StreamOptions{Replicas: *replicas, ResultTTL: *resultTTL}
	if *tenants != "" {
		o.Worker.Tenants = strings.Split(*tenants, ",")
		for _, t := range o.Worker.Tenants {
			if err := jobs.ValidTenant(t); err != nil {
				fmt.Fprintf(stderr, "worker: --tenants: %v\n", err)
				return 2
			}
		}
	}
	if *creds != "" {
		o.NATSOptions = append(o.NATSOptions, nats.UserCredentials(*creds))
	}
	if *user != "" {
		o.NATSOptions = append(o.NATSOptions, nats.UserInfo(*user, *password))
	}
	if *nkey != "" {
		opt, err := nats.NkeyOptionFromSeed(*nkey)
		if err != nil {
			fmt.Fprintf(stderr, "worker: --nkey: %v\n", err)
			return 2
		}
		o.NATSOptions = append(o.NATSOptions, opt)
	}
	if *tlsCert != "" || *tlsKey != "" {
		o.NATSOptions = append(o.NATSOptions, nats.ClientCert(*tlsCert, *tlsKey))
	}
	if *tlsCA != "" {
		o.NATSOptions = append(o.NATSOptions, nats.RootCAs(*tlsCA))
	}

	// First signal drains, second stops hard.
	ctx, drain := context.WithCancel(context.Background())
	hardStop, stop := context.WithCancel(context.Background())
	sigs := make(chan os.Signal, 2)
	signal.Notify(sigs, syscall.SIGINT, syscall.SIGTERM)
	go func() {
		<-sigs
		log.Info("draining; signal again to stop now")
		drain()
		t := time.NewTimer(*drainLimit)
		select {
		case <-sigs:
		case <-t.C:
			log.Warn("drain timeout; stopping running jobs")
		}
		stop()
	}()

	tel, err := tracing.Setup(ctx, tracing.Options{ServiceName: "natsexec-worker", ServiceVersion: worker.Version, Logger: log, Prometheus: o.MetricsAddr != ""})
	if err != nil {
		log.Error("telemetry", "err", err)
		return 1
	}
	defer func() {
		sctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_ = tel.Shutdown(sctx)
	}()
	if o.MetricsAddr != "" {
		o.MetricsHandler = tel.MetricsHandler()
	}
	metrics, err := tracing.NewMetrics(tel.MeterProvider)
	if err != nil {
		log.Error("metrics", "err", err)
		return 1
	}
	o.Worker.Metrics, o.Placement.Observe = metrics, metrics
	o.Ready = func(url string) {
		log.Info("worker ready", "nats", url, "submit", "go run ./cmd/submit run hello.js", "jobs", strings.TrimSuffix(jobs.JobSubject(""), "default")+"<queue>")
	}
	if err := worker.Serve(ctx, hardStop, o); err != nil {
		log.Error("worker", "err", err)
		return 1
	}
	return 0
}
