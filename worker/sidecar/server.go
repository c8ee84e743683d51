package sidecar

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"runtime/debug"
	"runtime/metrics"
	"sync"
	"sync/atomic"
	"time"

	"github.com/natsexec/natsexec/guest"
	"github.com/natsexec/natsexec/jobs"
)

// OpError is sent by a sidecar, unasked, just before it ends a session it
// cannot continue (a malformed frame, a version mismatch), so the worker
// logs the reason instead of a bare EOF.
const OpError Op = "error"

// ServerOptions configure the sidecar side of a session.
type ServerOptions struct {
	Host     *guest.Host
	Logger   *slog.Logger
	MaxFrame int
	// MaxVMs bounds live VMs in this sidecar; zero means no bound beyond
	// what the worker asks for.
	MaxVMs int
	// Sandbox is what confines this process, for the handshake.
	Sandbox *jobs.Sandbox
}

// server is one session: it owns the VMs the worker created over it.
type server struct {
	opts    ServerOptions
	log     *slog.Logger
	out     *FrameWriter
	mu      sync.Mutex
	vms     map[uint64]*guest.VM
	nextVM  uint64
	reclaim *time.Timer // guarded by mu
	running atomic.Int64
	execs   atomic.Int64
	wg      sync.WaitGroup
}

// Serve runs one session over r and w until the worker shuts it down or
// closes the stream. Each request runs in its own goroutine: mounts and
// execs of different VMs never wait on each other.
func Serve(ctx context.Context, r io.Reader, w io.Writer, opts ServerOptions) error {
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	s := &server{
		opts: opts,
		log:  opts.Logger,
		out:  NewFrameWriter(w, opts.MaxFrame),
		vms:  make(map[uint64]*guest.VM),
	}
	in := NewFrameReader(r, opts.MaxFrame)
	defer s.closeAll()

	first, err := in.Read()
	if err != nil {
		return s.fail(fmt.Errorf("read session frame: %w", err))
	}
	if first.Op != OpSessionOpen || first.Session == nil {
		return s.fail(fmt.Errorf("%w: first frame is %q, want %q", ErrBadFrame, first.Op, OpSessionOpen))
	}
	if first.Session.Version != ProtocolVersion {
		return s.fail(fmt.Errorf("%w: worker speaks %d, sidecar %d", ErrVersion, first.Session.Version, ProtocolVersion))
	}
	if first.Session.MaxVMs > 0 && (s.opts.MaxVMs == 0 || first.Session.MaxVMs < s.opts.MaxVMs) {
		s.opts.MaxVMs = first.Session.MaxVMs
	}
	start := time.Now()
	if first.Session.Warm {
		if err := warm(ctx, s.opts.Host); err != nil {
			// Not fatal: the job that needs the runtime will say why.
			s.log.Warn("warm-up", "err", err)
		}
	}
	if err := s.out.Write(&Frame{
		ID: first.ID, Op: OpSessionOpen,
		Session: &Session{Version: ProtocolVersion, PID: os.Getpid(), MaxFrame: in.max, Sandbox: s.opts.Sandbox},
		Start:   start, Took: time.Since(start),
	}); err != nil {
		return fmt.Errorf("sidecar: write session: %w", err)
	}

	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	for {
		f, err := in.Read()
		if err != nil {
			if errors.Is(err, io.EOF) {
				s.wg.Wait()
				return nil
			}
			return s.fail(err)
		}
		if f.Op == OpShutdown {
			// Let running requests answer before saying goodbye.
			s.wg.Wait()
			return s.out.Write(&Frame{ID: f.ID, Op: OpShutdown})
		}
		s.wg.Add(1)
		go func() {
			defer s.wg.Done()
			s.reply(ctx, f)
		}()
	}
}

// warm compiles the WASM command set and runs one throwaway JS guest, so
// the code paths a first exec takes are loaded before a job needs them.
func warm(ctx context.Context, host *guest.Host) error {
	if err := host.Warm(ctx); err != nil {
		return err
	}
	vm, err := host.NewVM(ctx)
	if err != nil {
		return err
	}
	defer vm.Close()
	if err := vm.Configure(guest.Config{}); err != nil {
		return err
	}
	if err := vm.MountNode(ctx); err != nil {
		return err
	}
	if err := vm.MountWASM(ctx); err != nil {
		return err
	}
	res, err := vm.Exec(ctx, guest.ExecRequest{Runtime: jobs.RuntimeJS, Source: "export const warm = 1;"})
	if err != nil {
		return err
	}
	if res.Kind != guest.KindNone {
		return fmt.Errorf("warm-up guest: %s: %s", res.Kind, res.Error)
	}
	return nil
}

// fail tells the worker why the session ends, then ends it.
func (s *server) fail(err error) error {
	s.log.Error("session ends", "err", err)
	s.wg.Wait()
	_ = s.out.Write(&Frame{Op: OpError, Err: err.Error()})
	return err
}

func (s *server) reply(ctx context.Context, f *Frame) {
	start := time.Now()
	resp, err := s.handle(ctx, f)
	if resp == nil {
		resp = &Frame{}
	}
	resp.ID, resp.Op = f.ID, f.Op
	if resp.VM == 0 {
		resp.VM = f.VM
	}
	resp.Start, resp.Took = start, time.Since(start)
	if err != nil {
		resp.Err = err.Error()
	}
	err = s.out.Write(resp)
	if errors.Is(err, ErrFrameTooLarge) && resp.Result != nil {
		// A guest's output and files can outgrow a frame; answer with what
		// went wrong rather than leave the worker waiting for an answer
		// that cannot be sent.
		resp.Result = &guest.ExecResult{
			ExitCode: resp.Result.ExitCode, Kind: guest.KindOutputLimit,
			StdoutTruncated: true, StderrTruncated: true,
			Error: fmt.Sprintf("the result (%d bytes of output and %d output files) does not fit in one frame: %v",
				len(resp.Result.Stdout)+len(resp.Result.Stderr), len(resp.Result.Files), err),
			Start: resp.Result.Start, Duration: resp.Result.Duration,
		}
		err = s.out.Write(resp)
	}
	if err != nil {
		s.log.Error("write response", "op", f.Op, "err", err)
	}
}

func (s *server) handle(ctx context.Context, f *Frame) (*Frame, error) {
	switch f.Op {
	case OpVMCreate:
		return s.create(ctx)
	case OpStats:
		return &Frame{Stats: s.stats()}, nil
	case OpSessionOpen:
		return nil, fmt.Errorf("%w: session already open", ErrBadFrame)
	}
	vm, err := s.vm(f.VM)
	if err != nil {
		return nil, err
	}
	switch f.Op {
	case OpVMConfigure:
		if f.Config == nil {
			return nil, fmt.Errorf("%w: vm_configure without config", ErrBadFrame)
		}
		return nil, vm.Configure(*f.Config)
	case OpMountNode:
		return nil, vm.MountNode(ctx)
	case OpMountWASM:
		return nil, vm.MountWASM(ctx)
	case OpExec:
		if f.Exec == nil {
			return nil, fmt.Errorf("%w: exec without request", ErrBadFrame)
		}
		s.running.Add(1)
		defer s.running.Add(-1)
		s.execs.Add(1)
		res, err := vm.Exec(ctx, *f.Exec)
		return &Frame{Result: res}, err
	case OpCancel:
		vm.Interrupt()
		return nil, nil
	case OpReset:
		return nil, vm.Reset(ctx)
	case OpDispose:
		s.mu.Lock()
		delete(s.vms, f.VM)
		if len(s.vms) == 0 {
			s.scheduleReclaim()
		}
		s.mu.Unlock()
		return nil, vm.Close()
	}
	return nil, fmt.Errorf("%w: unknown op %q", ErrBadFrame, f.Op)
}

func (s *server) create(ctx context.Context) (*Frame, error) {
	s.mu.Lock()
	if s.opts.MaxVMs > 0 && len(s.vms) >= s.opts.MaxVMs {
		n := len(s.vms)
		s.mu.Unlock()
		return nil, fmt.Errorf("sidecar: %d live VMs, the session's limit", n)
	}
	s.nextVM++
	id := s.nextVM
	s.mu.Unlock()

	vm, err := s.opts.Host.NewVM(ctx)
	if err != nil {
		return nil, err
	}
	s.mu.Lock()
	s.vms[id] = vm
	s.mu.Unlock()
	return &Frame{VM: id}, nil
}

// reclaimDelay is how long a sidecar must stay without VMs before it hands
// its free memory back to the OS; a burst of jobs never pays for it.
const reclaimDelay = time.Second

// scheduleReclaim returns freed memory to the OS once the sidecar has been
// idle for reclaimDelay. Called with s.mu held.
func (s *server) scheduleReclaim() {
	if s.reclaim != nil {
		s.reclaim.Reset(reclaimDelay)
		return
	}
	s.reclaim = time.AfterFunc(reclaimDelay, func() {
		s.mu.Lock()
		idle := len(s.vms) == 0
		s.mu.Unlock()
		if idle {
			debug.FreeOSMemory()
		}
	})
}

func (s *server) vm(id uint64) (*guest.VM, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	vm, ok := s.vms[id]
	if !ok {
		return nil, fmt.Errorf("sidecar: no vm %d", id)
	}
	return vm, nil
}

func (s *server) closeAll() {
	s.wg.Wait()
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.reclaim != nil {
		s.reclaim.Stop()
	}
	for id, vm := range s.vms {
		if err := vm.Close(); err != nil {
			s.log.Warn("close vm", "vm", id, "err", err)
		}
		delete(s.vms, id)
	}
}

var heapSample = []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}

func (s *server) stats() *Stats {
	s.mu.Lock()
	n := len(s.vms)
	s.mu.Unlock()
	sample := make([]metrics.Sample, len(heapSample))
	copy(sample, heapSample)
	metrics.Read(sample)
	// RSSBytes is the worker's to fill (Process.Stats): a confined sidecar
	// may not read its own /proc/self/statm.
	st := &Stats{PID: os.Getpid(), VMs: n, Running: int(s.running.Load()), Execs: s.execs.Load()}
	if sample[0].Value.Kind() == metrics.KindUint64 {
		st.HeapBytes = int64(sample[0].Value.Uint64())
	}
	return st
}
