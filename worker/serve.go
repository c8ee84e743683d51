package worker

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"time"

	"github.com/nats-io/nats-server/v2/server"
	"github.com/nats-io/nats.go"

	"github.com/natsexec/natsexec/worker/placement"
	"github.com/natsexec/natsexec/worker/sidecar"
)

// Options are everything `worker` takes from flags and env.
type Options struct {
	// NATSURL joins an existing server or cluster; empty starts an
	// embedded server on EmbeddedAddr.
	NATSURL      string
	NATSOptions  []nats.Option
	EmbeddedHost string
	EmbeddedPort int
	// EmbeddedConfig is a nats-server configuration file the embedded
	// server loads (EmbeddedOptions.ConfigFile).
	EmbeddedConfig string
	// DataDir holds the embedded server's JetStream store, sidecar VM
	// directories and the WASM compilation cache.
	DataDir     string
	Worker      Config
	Placement   placement.Options
	MetricsAddr string
	// MetricsHandler serves /metrics when MetricsAddr is set.
	MetricsHandler http.Handler
	Logger         *slog.Logger
	// Ready, if set, is called once the worker consumes, with the URL
	// clients should use.
	Ready func(url string)
}

// Serve runs a worker until ctx ends (then drains) or hardStop ends (then
// running jobs are interrupted and handed back).
func Serve(ctx, hardStop context.Context, opts Options) error {
	log := opts.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	if opts.DataDir == "" {
		opts.DataDir = filepath.Join(os.TempDir(), "natsexec")
	}
	url := opts.NATSURL
	if url == "" {
		ns, err := StartEmbedded(EmbeddedOptions{
			Host:       opts.EmbeddedHost,
			Port:       opts.EmbeddedPort,
			StoreDir:   filepath.Join(opts.DataDir, "jetstream"),
			ConfigFile: opts.EmbeddedConfig,
			Logger:     log,
		})
		if err != nil {
			return err
		}
		defer shutdownEmbedded(ns)
		url = ns.ClientURL()
		log.Info("embedded NATS server with JetStream", "url", url, "store", filepath.Join(opts.DataDir, "jetstream"))
	}
	natsOpts := append([]nats.Option{
		nats.Name("natsexec-worker"),
		nats.MaxReconnects(-1),
		nats.ReconnectWait(250 * time.Millisecond),
		nats.DisconnectErrHandler(func(_ *nats.Conn, err error) { log.Warn("NATS disconnected", "err", err) }),
		nats.ReconnectHandler(func(c *nats.Conn) { log.Info("NATS reconnected", "url", c.ConnectedUrl()) }),
	}, opts.NATSOptions...)
	nc, err := nats.Connect(url, natsOpts...)
	if err != nil {
		return fmt.Errorf("connect to NATS at %s: %w", url, err)
	}
	defer nc.Close()

	pop := opts.Placement
	pop.Logger = log
	// Sidecars' directories go in one of this worker's own, claimed under a
	// base shared with the other workers of the data dir; claiming it
	// removes what dead workers left there (see sidecar.ClaimWorkerDir).
	vmBase := pop.Spawn.Dir
	if vmBase == "" {
		vmBase = filepath.Join(opts.DataDir, "vms")
	}
	vmDir, err := sidecar.ClaimWorkerDir(vmBase, log)
	if err != nil {
		return fmt.Errorf("vm dir: %w", err)
	}
	defer func() {
		if err := vmDir.Release(); err != nil {
			log.Warn("remove the worker's sidecar directories", "dir", vmDir.Path(), "err", err)
		}
	}()
	pop.Spawn.Dir = vmDir.Path()
	if pop.Spawn.CacheDir == "" {
		pop.Spawn.CacheDir = filepath.Join(opts.DataDir, "wasm-cache")
	}
	mgr, err := placement.New(ctx, pop)
	if err != nil {
		return err
	}
	defer func() {
		cctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		_ = mgr.Close(cctx)
	}()

	wc := opts.Worker
	wc.Conn, wc.Runner, wc.Logger = nc, mgr, log
	w, err := New(ctx, wc)
	if err != nil {
		return err
	}
	if opts.MetricsAddr != "" {
		mux := http.NewServeMux()
		if opts.MetricsHandler != nil {
			mux.Handle("/metrics", opts.MetricsHandler)
		}
		mux.HandleFunc("/healthz", func(rw http.ResponseWriter, _ *http.Request) {
			if err := w.Healthy(); err != nil {
				http.Error(rw, err.Error(), http.StatusServiceUnavailable)
				return
			}
			fmt.Fprintln(rw, "ok")
		})
		srv := &http.Server{Addr: opts.MetricsAddr, Handler: mux, ReadHeaderTimeout: 5 * time.Second}
		go func() {
			if err := srv.ListenAndServe(); err != nil && !errors.Is(err, http.ErrServerClosed) {
				log.Error("metrics endpoint", "addr", opts.MetricsAddr, "err", err)
			}
		}()
		defer srv.Close()
		log.Info("metrics endpoint", "addr", opts.MetricsAddr)
	}
	if opts.Ready != nil {
		// Ready means consuming and serving, not merely connected.
		go func() {
			select {
			case <-w.Ready():
				opts.Ready(url)
			case <-ctx.Done():
			}
		}()
	}
	return w.Run(ctx, hardStop)
}

func shutdownEmbedded(ns *server.Server) {
	ns.Shutdown()
	ns.WaitForShutdown()
}

func defaultName() string {
	host, err := os.Hostname()
	if err != nil {
		host = "worker"
	}
	return host + "-" + strconv.Itoa(os.Getpid())
}
