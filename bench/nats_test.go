package bench

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/nats-io/nats.go"

	"github.com/natsexec/natsexec/client"
	"github.com/natsexec/natsexec/jobs"
	"github.com/natsexec/natsexec/worker"
	"github.com/natsexec/natsexec/worker/placement"
	"github.com/natsexec/natsexec/worker/sidecar"
)

// startFleet runs a real worker (embedded NATS on a free port, real
// sidecars) until the test ends and returns a client connected to it.
func startFleet(t *testing.T) (*client.Client, *nats.Conn) {
	t.Helper()
	return serveFleet(t, placement.Options{SharedSidecars: 2, Spawn: sidecar.SpawnOptions{Sandbox: sidecar.TestSandbox()}})
}

// serveFleet runs worker.Serve in this process (embedded NATS on a free
// port, so its sidecars are this process's children) with popts, until the
// test ends, and connects a client to it.
func serveFleet(t *testing.T, popts placement.Options) (*client.Client, *nats.Conn) {
	t.Helper()
	ctx, stop := context.WithCancel(context.Background())
	hard, hardStop := context.WithCancel(context.Background())
	ready := make(chan string, 1)
	done := make(chan error, 1)
	dir := t.TempDir()
	go func() {
		done <- worker.Serve(ctx, hard, worker.Options{
			EmbeddedPort: -1,
			DataDir:      dir,
			Placement:    popts,
			Ready:        func(url string) { ready <- url },
		})
	}()
	t.Cleanup(func() {
		stop()
		select {
		case err := <-done:
			if err != nil {
				t.Errorf("worker: %v", err)
			}
		case <-time.After(30 * time.Second):
			hardStop()
			<-done
		}
		hardStop()
	})
	var url string
	select {
	case url = <-ready:
	case err := <-done:
		t.Fatalf("worker: %v", err)
	case <-time.After(30 * time.Second):
		t.Fatal("worker not ready after 30s")
	}
	nc, err := nats.Connect(url)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(nc.Close)
	c, err := client.New(nc)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	return c, nc
}

// TestNATSQuick is `submit bench --quick` through a real worker: batch 1,
// one iteration, no warm-up, on both paths.
func TestNATSQuick(t *testing.T) {
	c, nc := startFleet(t)
	if err := Ping(t.Context(), nc, 5*time.Second); err != nil {
		t.Fatal(err)
	}
	for _, request := range []bool{false, true} {
		name := "jetstream"
		if request {
			name = "request"
		}
		t.Run(name, func(t *testing.T) {
			d, err := NewNATS(NATSOptions{Client: c, Request: request})
			if err != nil {
				t.Fatal(err)
			}
			cfg := DefaultConfig()
			cfg.Scenarios = []Scenario{ScenarioOwned, ScenarioShared, ScenarioResident}
			cfg.BatchSizes, cfg.Iterations, cfg.Warmup = []int{1}, 1, 0
			rep, err := Run(t.Context(), d, cfg)
			if err != nil {
				t.Fatal(err)
			}
			for _, sc := range cfg.Scenarios {
				for _, mode := range AllModes {
					cell := rep.Cell(sc, mode, 1)
					if cell == nil || cell.Cold.N != 1 || cell.Errors != 0 {
						t.Fatalf("%s %s: %+v", sc, mode, cell)
					}
					for _, p := range []string{jobs.PhaseVMCreate, jobs.PhaseRuntimeMountWASM, jobs.PhaseFirstExec} {
						if _, ok := cell.Phases[p]; !ok {
							t.Errorf("%s %s: no %s phase", sc, mode, p)
						}
					}
					if !request {
						if _, ok := cell.Phases[jobs.PhaseQueueWait]; !ok {
							t.Errorf("%s %s: no queue_wait phase on the JetStream path", sc, mode)
						}
					}
					if sc == ScenarioResident {
						if cell.Warm.N != 1 || cell.Phases[jobs.PhaseWarmExec].N != 1 {
							t.Errorf("resident %s: warm n=%d warm_exec %+v", mode, cell.Warm.N, cell.Phases[jobs.PhaseWarmExec])
						}
					}
				}
			}
		})
	}
}

// TestPingNoWorker: a NATS with no worker fails fast and clearly.
func TestPingNoWorker(t *testing.T) {
	ns, err := worker.StartEmbedded(worker.EmbeddedOptions{Port: -1, StoreDir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ns.Shutdown(); ns.WaitForShutdown() })
	nc, err := nats.Connect(ns.ClientURL())
	if err != nil {
		t.Fatal(err)
	}
	defer nc.Close()
	start := time.Now()
	err = Ping(t.Context(), nc, 3*time.Second)
	if !errors.Is(err, client.ErrUnavailable) {
		t.Fatalf("err = %v", err)
	}
	if took := time.Since(start); took > 4*time.Second {
		t.Errorf("took %s", took)
	}
}
