package worker

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/nats-io/nats-server/v2/server"
	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
	"github.com/vmihailenco/msgpack/v5"

	"github.com/natsexec/natsexec/jobs"
	"github.com/natsexec/natsexec/worker/placement"
	"github.com/natsexec/natsexec/worker/sidecar"
)

// startNATS runs a real embedded nats-server with JetStream on a free port.
func startNATS(t *testing.T, storeDir string) *server.Server {
	t.Helper()
	if storeDir == "" {
		storeDir = t.TempDir()
	}
	ns, err := StartEmbedded(EmbeddedOptions{Port: -1, StoreDir: storeDir})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { shutdownEmbedded(ns) })
	return ns
}

func connect(t *testing.T, url string, opts ...nats.Option) *nats.Conn {
	t.Helper()
	opts = append([]nats.Option{nats.MaxReconnects(-1), nats.ReconnectWait(50 * time.Millisecond)}, opts...)
	nc, err := nats.Connect(url, opts...)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(nc.Close)
	return nc
}

func testLogger(t *testing.T) *slog.Logger {
	if os.Getenv("NATSEXEC_TEST_LOG") != "" {
		return slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelDebug})).With("test", t.Name())
	}
	return slog.New(slog.DiscardHandler)
}

func newManager(t *testing.T, opts placement.Options) *placement.Manager {
	t.Helper()
	if opts.Spawn.Dir == "" {
		opts.Spawn.Dir = t.TempDir()
	}
	if opts.Spawn.CacheDir == "" {
		// Compiled once for every test binary of the suite.
		opts.Spawn.CacheDir = filepath.Join(os.TempDir(), "natsexec-test-wasm-cache")
	}
	if opts.SharedSidecars == 0 {
		opts.SharedSidecars = 2
	}
	opts.Spawn.Sandbox = sidecar.TestSandbox()
	opts.Logger = testLogger(t)
	m, err := placement.New(t.Context(), opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		m.Close(ctx)
	})
	return m
}

type runningWorker struct {
	*Worker
	stop, hardStop context.CancelFunc
	done           chan error
}

// startWorker runs a worker until the test ends (or stop is called).
func startWorker(t *testing.T, nc *nats.Conn, cfg Config) *runningWorker {
	t.Helper()
	cfg.Conn = nc
	if cfg.Runner == nil {
		cfg.Runner = newManager(t, placement.Options{})
	}
	if cfg.Logger == nil {
		cfg.Logger = testLogger(t)
	}
	w, err := New(t.Context(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	ctx, stop := context.WithCancel(context.Background())
	hard, hardStop := context.WithCancel(context.Background())
	rw := &runningWorker{Worker: w, stop: stop, hardStop: hardStop, done: make(chan error, 1)}
	go func() { rw.done <- w.Run(ctx, hard) }()
	select {
	case <-w.Ready():
	case err := <-rw.done:
		t.Fatalf("worker stopped before it was ready: %v", err)
	}
	t.Cleanup(func() {
		stop()
		select {
		case <-rw.done:
		case <-time.After(20 * time.Second):
			hardStop()
			<-rw.done
		}
		hardStop()
	})
	return rw
}

// publishJob publishes a job to the durable path; it returns the ack.
func publishJob(t *testing.T, js jetstream.JetStream, job *jobs.Job, hdr nats.Header) *jetstream.PubAck {
	t.Helper()
	body, err := msgpack.Marshal(job)
	if err != nil {
		t.Fatal(err)
	}
	m := nats.NewMsg(jobs.JobSubject(""))
	m.Data = body
	for k, v := range hdr {
		m.Header[k] = v
	}
	if job.ID != "" {
		m.Header.Set(jobs.HeaderMsgID, job.ID)
	}
	ack, err := js.PublishMsg(t.Context(), m)
	if err != nil {
		t.Fatal(err)
	}
	return ack
}

// waitResult waits for the stored result of id.
func waitResult(t *testing.T, kv jetstream.KeyValue, id string, timeout time.Duration) jobs.Result {
	t.Helper()
	var res jobs.Result
	waitFor(t, timeout, func() error {
		e, err := kv.Get(context.Background(), id)
		if err != nil {
			return fmt.Errorf("result %s: %w", id, err)
		}
		res, err = jobs.DecodeStoredResult(e.Value())
		return err
	})
	return res
}

// waitFor polls cond until it returns nil or the timeout passes.
func waitFor(t *testing.T, timeout time.Duration, cond func() error) {
	t.Helper()
	deadline := time.Now().Add(timeout)
	delay := time.Millisecond
	for {
		err := cond()
		if err == nil {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("after %s: %v", timeout, err)
		}
		time.Sleep(delay)
		delay = min(delay*2, 100*time.Millisecond)
	}
}

func resultsBucket(t *testing.T, js jetstream.JetStream) jetstream.KeyValue {
	t.Helper()
	kv, err := js.KeyValue(t.Context(), jobs.ResultsBucket)
	if err != nil {
		t.Fatal(err)
	}
	return kv
}

// failingRunner stands in for the placement layer only where a test needs
// the platform to fail on purpose (retries, dead letters): NATS, sidecars
// and guests stay real elsewhere.
type failingRunner struct {
	mu    sync.Mutex
	calls int
}

func (f *failingRunner) Run(_ context.Context, job *jobs.Job) *jobs.Result {
	f.mu.Lock()
	f.calls++
	f.mu.Unlock()
	return &jobs.Result{JobID: job.ID, Status: jobs.StatusInfraError, ExitCode: -1, Error: "sidecar exploded (on purpose)"}
}
