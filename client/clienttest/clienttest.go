// Package clienttest runs a real natsexec worker, with its embedded NATS
// server, inside a test process, for tests of code that submits jobs.
//
// The worker starts its sidecars by re-executing the running binary, so a
// test binary that uses this package must dispatch the sidecar subcommand
// first thing in TestMain:
//
//	func TestMain(m *testing.M) {
//		if len(os.Args) > 1 && os.Args[1] == sidecar.Subcommand {
//			os.Exit(sidecar.Main(os.Args[2:]))
//		}
//		...
//	}
package clienttest

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"testing"
	"time"

	"github.com/nats-io/nats.go"
	"go.uber.org/goleak"

	"github.com/natsexec/natsexec/client"
	"github.com/natsexec/natsexec/jobs"
	"github.com/natsexec/natsexec/worker"
	"github.com/natsexec/natsexec/worker/sidecar"
)

// Worker is a running in-process worker.
type Worker struct {
	// URL is the embedded NATS server's client URL.
	URL string

	drain, hardStop context.CancelFunc
	done            chan error
}

// Start runs a worker with an embedded NATS server on a free port, its
// JetStream store and VM directories under dataDir, and returns once it
// consumes. Its sidecars run in sidecar.TestSandbox() (strict) unless opts
// says otherwise. opts may set anything else (placement, concurrency, ...);
// the embedded port, data dir and Ready callback are Start's.
func Start(dataDir string, opts worker.Options) (*Worker, error) {
	if dataDir == "" {
		return nil, errors.New("clienttest: dataDir is required")
	}
	opts.NATSURL = ""
	opts.EmbeddedPort = -1
	opts.DataDir = dataDir
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	if opts.Placement.SharedSidecars == 0 {
		opts.Placement.SharedSidecars = 1
	}
	if opts.Placement.Spawn.Sandbox == "" {
		opts.Placement.Spawn.Sandbox = sidecar.TestSandbox()
	}
	ready := make(chan string, 1)
	opts.Ready = func(url string) { ready <- url }

	ctx, drain := context.WithCancel(context.Background())
	hard, hardStop := context.WithCancel(context.Background())
	w := &Worker{drain: drain, hardStop: hardStop, done: make(chan error, 1)}
	go func() { w.done <- worker.Serve(ctx, hard, opts) }()
	select {
	case w.URL = <-ready:
		if err := warmUp(w.URL); err != nil {
			_ = w.Stop(time.Second)
			return nil, err
		}
		return w, nil
	case err := <-w.done:
		drain()
		hardStop()
		return nil, fmt.Errorf("clienttest: worker did not start: %w", err)
	case <-time.After(time.Minute):
		drain()
		hardStop()
		return nil, errors.New("clienttest: worker not ready after a minute")
	}
}

// warmUp runs one job per pooled placement so the shared sidecars are up
// before any test runs, and tests time jobs, not sidecar spawns.
func warmUp(url string) error {
	nc, err := nats.Connect(url)
	if err != nil {
		return fmt.Errorf("clienttest: %w", err)
	}
	defer nc.Close()
	c, err := client.New(nc)
	if err != nil {
		return err
	}
	defer c.Close()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	for _, p := range []jobs.Placement{jobs.PlacementShared, jobs.PlacementResident} {
		res, err := c.Run(ctx, &jobs.Job{Runtime: jobs.RuntimeJS, Source: "1", Placement: p}, client.SubmitOptions{})
		if err != nil {
			return fmt.Errorf("clienttest: warm-up: %w", err)
		}
		if res.Status != jobs.StatusOK {
			return fmt.Errorf("clienttest: warm-up %s job: %s: %s", p, res.Status, res.Error)
		}
	}
	return nil
}

// Stop drains the worker, stops running jobs after grace, and waits for it
// and its NATS server to be gone.
func (w *Worker) Stop(grace time.Duration) error {
	w.drain()
	t := time.AfterFunc(grace, w.hardStop)
	defer t.Stop()
	err := <-w.done
	w.hardStop()
	return err
}

// WASIModule returns a tiny wasip1 command module, assembled here, that
// writes msg to stdout and exits with code (0..63).
func WASIModule(msg string, code int) []byte {
	if code < 0 || code > 63 {
		panic("clienttest: WASIModule exit code must be 0..63 (one-byte LEB128)")
	}
	section := func(id byte, body ...byte) []byte {
		return append(append([]byte{id}, uleb(len(body))...), body...)
	}
	name := func(s string) []byte { return append(uleb(len(s)), s...) }
	const wasi = "wasi_snapshot_preview1"

	m := []byte{0x00, 'a', 's', 'm', 0x01, 0x00, 0x00, 0x00}
	// Types: 0 fd_write (i32 i32 i32 i32)->i32, 1 proc_exit (i32)->(), 2 _start ()->().
	m = append(m, section(1, 3,
		0x60, 4, 0x7f, 0x7f, 0x7f, 0x7f, 1, 0x7f,
		0x60, 1, 0x7f, 0,
		0x60, 0, 0)...)
	var imports []byte
	imports = append(imports, 2)
	imports = append(append(append(imports, name(wasi)...), name("fd_write")...), 0x00, 0)
	imports = append(append(append(imports, name(wasi)...), name("proc_exit")...), 0x00, 1)
	m = append(m, section(2, imports...)...)
	m = append(m, section(3, 1, 2)...)       // one function of type 2
	m = append(m, section(5, 1, 0x00, 1)...) // one memory, min 1 page
	var exports []byte
	exports = append(exports, 2)
	exports = append(append(exports, name("memory")...), 0x02, 0)
	exports = append(append(exports, name("_start")...), 0x00, 2)
	m = append(m, section(7, exports...)...)
	// _start: fd_write(1, iovec@0, 1, nwritten@8); proc_exit(code).
	body := []byte{0, 0x41, 1, 0x41, 0, 0x41, 1, 0x41, 8, 0x10, 0, 0x1a, 0x41, byte(code), 0x10, 1, 0x0b}
	m = append(m, section(10, append([]byte{1}, append(uleb(len(body)), body...)...)...)...)
	// Data: the iovec {ptr 16, len} at 0, the message at 16.
	n := len(msg)
	iov := []byte{16, 0, 0, 0, byte(n), byte(n >> 8), byte(n >> 16), byte(n >> 24)}
	var data []byte
	data = append(data, 2)
	data = append(append(append(data, 0x00, 0x41, 0, 0x0b), uleb(len(iov))...), iov...)
	data = append(append(append(data, 0x00, 0x41, 16, 0x0b), uleb(n)...), msg...)
	m = append(m, section(11, data...)...)
	return m
}

func uleb(v int) []byte {
	var b []byte
	for {
		c := byte(v & 0x7f)
		v >>= 7
		if v == 0 {
			return append(b, c)
		}
		b = append(b, c|0x80)
	}
}

// Run is the body of a TestMain around a real worker: it starts one with its
// data under dataDir, hands its NATS URL to ready, runs the tests, stops the
// worker, and checks no goroutine outlived them. It returns the exit code.
func Run(m *testing.M, dataDir string, ready func(url string)) int {
	w, err := Start(dataDir, worker.Options{})
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	ready(w.URL)
	code := m.Run()
	if err := w.Stop(10 * time.Second); err != nil {
		fmt.Fprintln(os.Stderr, "worker:", err)
		code = 1
	}
	if code == 0 {
		if err := goleak.Find(); err != nil {
			fmt.Fprintln(os.Stderr, "goleak:", err)
			code = 1
		}
	}
	return code
}
