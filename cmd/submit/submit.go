package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"runtime/debug"
	"strings"
	"syscall"
	"time"

	"github.com/nats-io/nats.go"

	"github.com/natsexec/natsexec/bundle"
	"github.com/natsexec/natsexec/client"
	"github.com/natsexec/natsexec/jobs"
	"github.com/natsexec/natsexec/tracing"
)

// Exit codes; see the package doc and exitCodesHelp.
const (
	exitOK          = 0
	exitGuestError  = 1
	exitUsage       = 2
	exitRejected    = 65 // EX_DATAERR
	exitNoInput     = 66 // EX_NOINPUT
	exitUnavailable = 69 // EX_UNAVAILABLE
	exitSoftware    = 70 // EX_SOFTWARE
	exitCantCreate  = 73 // EX_CANTCREAT
	exitTempFail    = 75 // EX_TEMPFAIL
	exitTimeout     = 124
	exitCancelled   = 130
	exitKilled      = 137
)

const exitCodesHelp = `Exit codes:
  0-255  status ok: the guest's own exit code
  1      guest_error: the guest threw (the error is printed on stderr)
  2      usage error, or the program does not bundle (submit run FILE)
  65     rejected: the job is invalid (found by the worker or before sending)
  66     an input (program, --stdin, --file) cannot be read
  69     infra_error, NATS unreachable, or no worker/stream on this NATS
  70     anything else (a bad result, an internal error)
  73     an --output-file cannot be written locally
  75     get: no result yet (try again, or use get --wait)
  124    timeout: the guest ran past --timeout
  130    cancelled (by submit cancel, or by interrupting submit run)
  137    killed: the guest hit its memory or output limit
`

const mainUsage = `Usage: submit COMMAND [flags] [args]

Runs JavaScript, TypeScript and WASM programs on a natsexec worker fleet.

Commands:
  run FILE|-   run a program and print its output; exits with its exit code
  get ID       print the stored result of a job
  cancel ID    cancel a queued or running job
  dead CMD     list, show, retry or purge jobs that failed every attempt
  bench        run the cold-start matrix
  soak         run the chaos soak (fault containment end to end)
  version      print the version
  help [CMD]   show help for a command

Start a worker (it embeds NATS when given no URL):  go run ./cmd/worker
Then:                                               submit run hello.js

Run 'submit help run' for the flags of run.

`

func doMain(stdin io.Reader, stdout, stderr io.Writer, args []string) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, mainUsage, exitCodesHelp)
		return exitUsage
	}
	cmd, rest := args[0], args[1:]
	switch cmd {
	case "run":
		return cmdRun(stdin, stdout, stderr, rest)
	case "get":
		return cmdGet(stdout, stderr, rest)
	case "cancel":
		return cmdCancel(stdout, stderr, rest)
	case "dead":
		return cmdDead(stdout, stderr, rest)
	case "bench":
		ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
		defer stop()
		return runBench(ctx, stdout, stderr, rest)
	case "soak":
		ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
		defer stop()
		return runSoak(ctx, stdout, stderr, rest)
	case "version", "-version", "--version":
		fmt.Fprintln(stdout, "submit", version())
		return exitOK
	case "help", "-h", "-help", "--help":
		if len(rest) > 0 && rest[0] != "help" {
			// Help asked for is output, not a diagnostic: stdout.
			return doMain(stdin, stdout, stdout, []string{rest[0], "--help"})
		}
		fmt.Fprint(stdout, mainUsage, exitCodesHelp)
		return exitOK
	}
	fmt.Fprintf(stderr, "submit: unknown command %q\n\n", cmd)
	fmt.Fprint(stderr, mainUsage)
	return exitUsage
}

func version() string {
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return "(unknown)"
	}
	v := bi.Main.Version
	for _, s := range bi.Settings {
		if s.Key == "vcs.revision" && len(s.Value) >= 12 {
			v += " " + s.Value[:12]
		}
	}
	return v + " " + bi.GoVersion
}

func env(key, def string) string {
	if v := os.Getenv(key); v != "" {
		return v
	}
	return def
}

// common are the flags every networked command takes.
type common struct {
	url, creds, nkey, cert, key, ca string
	user, password, tenant          string
	connectTimeout                  time.Duration
	logLevel                        string
}

const defaultURL = "nats://127.0.0.1:4222"

func (c *common) register(fs *flag.FlagSet) {
	fs.StringVar(&c.url, "nats-url", env("NATS_URL", defaultURL), "NATS server(s), comma separated [NATS_URL]")
	fs.StringVar(&c.creds, "creds", env("NATS_CREDS", ""), "NATS credentials file [NATS_CREDS]")
	fs.StringVar(&c.nkey, "nkey", env("NATS_NKEY", ""), "NATS nkey seed file [NATS_NKEY]")
	fs.StringVar(&c.user, "nats-user", env("NATS_USER", ""), "NATS user name, with --nats-password [NATS_USER]")
	fs.StringVar(&c.password, "nats-password", env("NATS_PASSWORD", ""), "NATS password [NATS_PASSWORD]")
	fs.StringVar(&c.tenant, "tenant", env("NATSEXEC_TENANT", ""), "submit as this tenant: jobs go to jobs.<queue>.<tenant>, results are read under <tenant>., replies come to _INBOX.<tenant>. (must match what the NATS user may do; see deploy/nats-tenants.conf) [NATSEXEC_TENANT]")
	fs.StringVar(&c.cert, "tlscert", env("NATS_CERT", ""), "TLS client certificate [NATS_CERT]")
	fs.StringVar(&c.key, "tlskey", env("NATS_KEY", ""), "TLS client key [NATS_KEY]")
	fs.StringVar(&c.ca, "tlsca", env("NATS_CA", ""), "TLS CA certificate [NATS_CA]")
	fs.DurationVar(&c.connectTimeout, "connect-timeout", 5*time.Second, "give up connecting to NATS after this long")
	fs.StringVar(&c.logLevel, "log-level", env("NATSEXEC_LOG_LEVEL", "warn"), "debug, info, warn or error [NATSEXEC_LOG_LEVEL]")
}

// session is what a networked command needs: a logger, telemetry, a NATS
// connection and a client. close flushes the trace and closes the rest.
type session struct {
	log    *slog.Logger
	nc     *nats.Conn
	client *client.Client
	tel    *tracing.Telemetry
}

// errUsage marks an error that is the user's to fix in the command line.
var errUsage = errors.New("usage")

func (c *common) open(ctx context.Context, stderr io.Writer, copts ...client.Option) (*session, error) {
	var level slog.Level
	if err := level.UnmarshalText([]byte(c.logLevel)); err != nil {
		return nil, fmt.Errorf("%w: --log-level: %w", errUsage, err)
	}
	log := slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: level}))
	s := &session{log: log}
	// The trace starts here, at the submitter; OTEL_* says where it goes.
	tel, err := tracing.Setup(ctx, tracing.Options{ServiceName: "natsexec-submit", ServiceVersion: version(), Logger: log})
	if err != nil {
		log.Warn("telemetry disabled", "err", err)
	} else {
		s.tel = tel
	}
	opts := []nats.Option{
		nats.Name("natsexec-submit"),
		nats.Timeout(c.connectTimeout),
		// Keep trying through a server restart while a job runs; ctx
		// bounds the whole wait.
		nats.MaxReconnects(-1),
		nats.ReconnectWait(250 * time.Millisecond),
		nats.DisconnectErrHandler(func(_ *nats.Conn, err error) {
			if err != nil {
				log.Warn("NATS disconnected", "err", err)
			}
		}),
		nats.ReconnectHandler(func(nc *nats.Conn) { log.Info("NATS reconnected", "url", nc.ConnectedUrl()) }),
	}
	if c.creds != "" {
		opts = append(opts, nats.UserCredentials(c.creds))
	}
	if c.user != "" {
		opts = append(opts, nats.UserInfo(c.user, c.password))
	}
	if c.tenant != "" {
		if err := jobs.ValidTenant(c.tenant); err != nil {
			s.close()
			return nil, fmt.Errorf("%w: --tenant: %w", errUsage, err)
		}
		// A tenant may only subscribe under its own inbox prefix.
		opts = append(opts, nats.CustomInboxPrefix("_INBOX."+c.tenant))
		copts = append(copts, client.WithTenant(c.tenant))
	}
	if c.nkey != "" {
		o, err := nats.NkeyOptionFromSeed(c.nkey)
		if err != nil {
			s.close()
			return nil, fmt.Errorf("%w: --nkey: %w", errUsage, err)
		}
		opts = append(opts, o)
	}
	if c.cert != "" || c.key != "" {
		opts = append(opts, nats.ClientCert(c.cert, c.key))
	}
	if c.ca != "" {
		opts = append(opts, nats.RootCAs(c.ca))
	}
	nc, err := nats.Connect(c.url, opts...)
	if err != nil {
		s.close()
		return nil, fmt.Errorf("%w: cannot connect to NATS at %s: %w", client.ErrUnavailable, c.url, err)
	}
	s.nc = nc
	cl, err := client.New(nc, append([]client.Option{client.WithLogger(log)}, copts...)...)
	if err != nil {
		s.close()
		return nil, err
	}
	s.client = cl
	return s, nil
}

func (s *session) close() {
	if s.client != nil {
		_ = s.client.Close()
	}
	if s.nc != nil {
		s.nc.Close()
	}
	if s.tel != nil {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		if err := s.tel.Shutdown(ctx); err != nil {
			s.log.Warn("flush telemetry", "err", err)
		}
	}
}

// errInterrupted is the cause of a wait given up on by a second interrupt.
var errInterrupted = errors.New("interrupted")

// exitFor maps an error that kept a command from getting a result to an
// exit code, and says it on stderr.
func exitFor(stderr io.Writer, err error) int {
	fmt.Fprintf(stderr, "submit: %v\n", err)
	switch {
	case errors.Is(err, errUsage), errors.Is(err, bundle.ErrBundle):
		return exitUsage
	case errors.Is(err, jobs.ErrInvalidJob), errors.Is(err, client.ErrInvalidID):
		return exitRejected
	case errors.Is(err, errNoInput):
		return exitNoInput
	case errors.Is(err, client.ErrUnavailable), errors.Is(err, nats.ErrConnectionClosed):
		return exitUnavailable
	case errors.Is(err, client.ErrNotFound):
		return exitTempFail
	case errors.Is(err, errInterrupted), errors.Is(err, context.Canceled):
		return exitCancelled
	}
	return exitSoftware
}

// exitForResult is the exit code a result stands for.
func exitForResult(res *jobs.Result) int {
	switch res.Status {
	case jobs.StatusOK:
		if res.ExitCode < 0 || res.ExitCode > 255 {
			return exitSoftware
		}
		return res.ExitCode
	case jobs.StatusGuestError:
		return exitGuestError
	case jobs.StatusTimeout:
		return exitTimeout
	case jobs.StatusKilled:
		return exitKilled
	case jobs.StatusRejected:
		return exitRejected
	case jobs.StatusInfraError:
		return exitUnavailable
	case jobs.StatusCancelled:
		return exitCancelled
	}
	return exitSoftware
}

// listFlag is a repeatable string flag.
type listFlag []string

func (l *listFlag) String() string     { return strings.Join(*l, ",") }
func (l *listFlag) Set(v string) error { *l = append(*l, v); return nil }

// parseInterleaved parses flags that may come after positional arguments
// (submit run prog.js --timeout 5s), which flag.Parse alone does not; all
// after "--" is returned apart, unparsed.
func parseInterleaved(fs *flag.FlagSet, args []string) (pos, afterDash []string, err error) {
	for {
		if err := fs.Parse(args); err != nil {
			return nil, nil, err
		}
		rest := fs.Args()
		if len(rest) == 0 {
			return pos, nil, nil
		}
		if used := len(args) - len(rest); used > 0 && args[used-1] == "--" {
			return pos, rest, nil
		}
		pos = append(pos, rest[0])
		args = rest[1:]
	}
}
