package sidecar

import (
	"os"
	"testing"

	"go.uber.org/goleak"
)

// TestMain lets the test binary serve as a sidecar: Spawn re-executes
// /proc/self/exe with Subcommand first, exactly as the worker binary does.
func TestMain(m *testing.M) {
	if len(os.Args) > 1 && os.Args[1] == Subcommand {
		os.Exit(Main(os.Args[2:]))
	}
	if len(os.Args) > 2 && os.Args[1] == refuseProcArg && os.Args[2] == Subcommand {
		refuseProcMount = true
		os.Exit(Main(os.Args[3:]))
	}
	if len(os.Args) > 4 && os.Args[1] == probeArg && os.Args[4] == Subcommand {
		os.Exit(probeMain(os.Args[1:]))
	}
	goleak.VerifyTestMain(m)
}
