package placement

import (
	"os"
	"testing"

	"go.uber.org/goleak"

	"github.com/natsexec/natsexec/worker/sidecar"
)

func TestMain(m *testing.M) {
	if len(os.Args) > 1 && os.Args[1] == sidecar.Subcommand {
		os.Exit(sidecar.Main(os.Args[2:]))
	}
	goleak.VerifyTestMain(m)
}
