package guest

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
)

// HostOptions configure a Host.
type HostOptions struct {
	// BaseDir holds the VMs' private directories; empty means os.TempDir().
	BaseDir string
	// CacheDir keeps wazero's compilation cache across processes; empty
	// keeps it in memory only.
	CacheDir string
	Logger   *slog.Logger
}

// Host holds what VMs in one process share: compiled WASM modules (the
// command set among them), transformed TypeScript and ES modules, compiled
// goja programs. It is safe for concurrent use.
type Host struct {
	opts HostOptions
	log  *slog.Logger
	js   *jsHost
	wasm *wasmHost
}

// NewHost prepares a host. It compiles nothing eagerly beyond what makes the
// first VM cheap; see Warm.
func NewHost(ctx context.Context, opts HostOptions) (*Host, error) {
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	if opts.BaseDir == "" {
		opts.BaseDir = os.TempDir()
	}
	if err := os.MkdirAll(opts.BaseDir, 0o700); err != nil {
		return nil, fmt.Errorf("guest: base dir: %w", err)
	}
	h := &Host{opts: opts, log: opts.Logger}
	var err error
	if h.js, err = newJSHost(opts); err != nil {
		return nil, fmt.Errorf("guest: js host: %w", err)
	}
	if h.wasm, err = newWASMHost(ctx, opts); err != nil {
		return nil, fmt.Errorf("guest: wasm host: %w", err)
	}
	return h, nil
}

// Warm compiles the WASM command set now rather than at the first mount, so
// a long-lived process pays for it before the first job does.
func (h *Host) Warm(ctx context.Context) error {
	return h.wasm.warm(ctx)
}

// Close releases compiled modules. VMs must be closed first.
func (h *Host) Close(ctx context.Context) error {
	return errors.Join(h.wasm.close(ctx))
}
