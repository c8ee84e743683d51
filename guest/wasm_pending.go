package guest

// PLACEHOLDER until the wasm runtime lands; delete this file then.

import (
	"context"
	"errors"
	"io"
)

type wasmHost struct{}

func newWASMHost(context.Context, HostOptions) (*wasmHost, error) { return &wasmHost{}, nil }
func (h *wasmHost) warm(context.Context) error                     { return nil }
func (h *wasmHost) close(context.Context) error                    { return nil }

type wasmRuntime struct{}

func newWASMRuntime(context.Context, *VM) (*wasmRuntime, error) {
	return nil, errors.New("wasm runtime not built yet")
}
func (w *wasmRuntime) execModule(context.Context, ExecRequest) *ExecResult { return nil }
func (w *wasmRuntime) reset(context.Context) error                         { return nil }
func (w *wasmRuntime) close(context.Context) error                         { return nil }

// runCommand runs one command of the WASM command set in this VM, streaming
// its output; child_process uses it.
func (v *VM) runCommand(ctx context.Context, name string, args []string, stdin []byte, stdout, stderr io.Writer) (int, error) {
	return 0, errors.New("wasm runtime not built yet")
}
