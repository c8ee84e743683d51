package sidecar

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"

	"github.com/natsexec/natsexec/guest"
)

// Client errors. ErrSidecarDied wraps every failure caused by the process
// going away, so callers can classify a result as a retryable infra error.
var (
	ErrSidecarDied = errors.New("sidecar: process died")
	ErrHung        = errors.New("sidecar: no answer before the deadline")
	ErrRemote      = errors.New("sidecar: request failed")
)

// Conn is the worker's end of one session: it multiplexes requests from many
// goroutines over one pipe pair and routes each response by request id.
type Conn struct {
	log     *slog.Logger
	out     *FrameWriter
	nextID  atomic.Uint64
	mu      sync.Mutex
	pending map[uint64]chan *Frame
	done    chan struct{} // closed when the reading side ends
	err     error         // why it ended; read after done is closed
	pid     int
}

// NewConn starts reading responses from r. It does not open the session;
// call Open.
func NewConn(r io.Reader, w io.Writer, maxFrame int, log *slog.Logger) *Conn {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	c := &Conn{
		log:     log,
		out:     NewFrameWriter(w, maxFrame),
		pending: make(map[uint64]chan *Frame),
		done:    make(chan struct{}),
	}
	go c.readLoop(NewFrameReader(r, maxFrame))
	return c
}

func (c *Conn) readLoop(in *FrameReader) {
	var err error
	for {
		var f *Frame
		f, err = in.Read()
		if err != nil {
			break
		}
		if f.Op == OpError {
			err = fmt.Errorf("sidecar ended the session: %s", f.Err)
			break
		}
		c.mu.Lock()
		ch, ok := c.pending[f.ID]
		delete(c.pending, f.ID)
		c.mu.Unlock()
		if !ok {
			c.log.Warn("response to no request", "id", f.ID, "op", f.Op)
			continue
		}
		ch <- f
	}
	if errors.Is(err, io.EOF) {
		err = io.ErrUnexpectedEOF
	}
	c.mu.Lock()
	c.err = fmt.Errorf("%w: %w", ErrSidecarDied, err)
	c.pending = nil
	c.mu.Unlock()
	close(c.done)
}

// Done is closed when the session can carry no more requests.
func (c *Conn) Done() <-chan struct{} { return c.done }

// Err says why the session ended; nil while it is alive.
func (c *Conn) Err() error {
	select {
	case <-c.done:
		return c.err
	default:
		return nil
	}
}

// PID is the sidecar's process id, known once the session is open.
func (c *Conn) PID() int { return c.pid }

// Call sends a request and waits for its response, the context's end, or
// the session's end, whichever comes first. A remote failure comes back as
// an error wrapping ErrRemote, with the response frame (which still carries
// timings).
func (c *Conn) Call(ctx context.Context, f *Frame) (*Frame, error) {
	f.ID = c.nextID.Add(1)
	ch := make(chan *Frame, 1)
	c.mu.Lock()
	if c.pending == nil {
		c.mu.Unlock()
		return nil, c.err
	}
	c.pending[f.ID] = ch
	c.mu.Unlock()

	if err := c.out.Write(f); err != nil {
		c.forget(f.ID)
		select {
		case <-c.done:
			return nil, c.err
		default:
		}
		if errors.Is(err, ErrFrameTooLarge) {
			return nil, err
		}
		return nil, fmt.Errorf("%w: write %s: %w", ErrSidecarDied, f.Op, err)
	}
	select {
	case resp := <-ch:
		if resp.Err != "" {
			return resp, fmt.Errorf("%w: %s: %s", ErrRemote, f.Op, resp.Err)
		}
		return resp, nil
	case <-c.done:
		return nil, c.err
	case <-ctx.Done():
		c.forget(f.ID)
		return nil, fmt.Errorf("%w: %s: %w", ErrHung, f.Op, context.Cause(ctx))
	}
}

func (c *Conn) forget(id uint64) {
	c.mu.Lock()
	if c.pending != nil {
		delete(c.pending, id)
	}
	c.mu.Unlock()
}

// Open performs the session handshake (session_open).
func (c *Conn) Open(ctx context.Context, s Session) (*Frame, error) {
	s.Version = ProtocolVersion
	resp, err := c.Call(ctx, &Frame{Op: OpSessionOpen, Session: &s})
	if err != nil {
		return nil, err
	}
	if resp.Session == nil || resp.Session.Version != ProtocolVersion {
		return nil, fmt.Errorf("%w: sidecar answered %+v", ErrVersion, resp.Session)
	}
	if c.pid == 0 {
		// A spawned sidecar's pid is known from outside; inside its own
		// PID namespace it calls itself 1.
		c.pid = resp.Session.PID
	}
	return resp, nil
}

// Shutdown asks the sidecar to finish and exit.
func (c *Conn) Shutdown(ctx context.Context) error {
	_, err := c.Call(ctx, &Frame{Op: OpShutdown})
	return err
}

// Stats asks the sidecar how it is doing.
func (c *Conn) Stats(ctx context.Context) (*Stats, error) {
	resp, err := c.Call(ctx, &Frame{Op: OpStats})
	if err != nil {
		return nil, err
	}
	return resp.Stats, nil
}

// VM is the worker's handle on one VM inside a sidecar. Like guest.VM, its
// calls must not overlap.
type VM struct {
	conn *Conn
	id   uint64
}

// CreateVM asks the sidecar for a new VM (vm_create).
func (c *Conn) CreateVM(ctx context.Context) (*VM, *Frame, error) {
	resp, err := c.Call(ctx, &Frame{Op: OpVMCreate})
	if err != nil {
		return nil, resp, err
	}
	return &VM{conn: c, id: resp.VM}, resp, nil
}

// Conn is the session the VM lives in.
func (v *VM) Conn() *Conn { return v.conn }

func (v *VM) call(ctx context.Context, f *Frame) (*Frame, error) {
	f.VM = v.id
	return v.conn.Call(ctx, f)
}

// Configure applies the VM's configuration (vm_configure).
func (v *VM) Configure(ctx context.Context, cfg guest.Config) (*Frame, error) {
	return v.call(ctx, &Frame{Op: OpVMConfigure, Config: &cfg})
}

// MountNode mounts the JavaScript runtime (runtime_mount_node).
func (v *VM) MountNode(ctx context.Context) (*Frame, error) {
	return v.call(ctx, &Frame{Op: OpMountNode})
}

// MountWASM mounts WASI and the command set (runtime_mount_wasm).
func (v *VM) MountWASM(ctx context.Context) (*Frame, error) {
	return v.call(ctx, &Frame{Op: OpMountWASM})
}

// Exec runs a program; the caller's context should allow the guest's own
// timeout plus a grace period, past which the sidecar counts as hung.
func (v *VM) Exec(ctx context.Context, req guest.ExecRequest) (*guest.ExecResult, *Frame, error) {
	resp, err := v.call(ctx, &Frame{Op: OpExec, Exec: &req})
	if err != nil {
		return nil, resp, err
	}
	if resp.Result == nil {
		return nil, resp, fmt.Errorf("%w: exec answered without a result", ErrBadFrame)
	}
	return resp.Result, resp, nil
}

// Cancel interrupts the VM's running exec, which then answers as
// cancelled. It is the one call that may overlap another on the same VM.
func (v *VM) Cancel(ctx context.Context) error {
	_, err := v.call(ctx, &Frame{Op: OpCancel})
	return err
}

// Reset gives the VM fresh guest state.
func (v *VM) Reset(ctx context.Context) (*Frame, error) {
	return v.call(ctx, &Frame{Op: OpReset})
}

// Dispose closes the VM and frees its files.
func (v *VM) Dispose(ctx context.Context) error {
	_, err := v.call(ctx, &Frame{Op: OpDispose})
	return err
}

// DeadlineGrace is how long past a guest's own timeout the worker waits for
// an exec's answer before it declares the sidecar hung and kills it.
const DeadlineGrace = 2 * time.Second
