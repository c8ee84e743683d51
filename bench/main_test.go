package bench

import (
	"os"
	"testing"

	"go.uber.org/goleak"

	"github.com/natsexec/natsexec/worker/sidecar"
)

// TestMain lets the test binary serve as a sidecar: placement re-executes
// it with sidecar.Subcommand first, as it does the worker binary.
func TestMain(m *testing.M) {
	if len(os.Args) > 1 && os.Args[1] == sidecar.Subcommand {
		os.Exit(sidecar.Main(os.Args[2:]))
	}
	goleak.VerifyTestMain(m,
		// nats-server keeps a few package-level goroutines after shutdown.
		goleak.IgnoreAnyFunction("github.com/nats-io/nats-server/v2/server.(*Server).startGoRoutine.func1"),
		goleak.IgnoreTopFunction("time.Sleep"),
	)
}
