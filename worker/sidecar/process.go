package sidecar

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os/exec"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"
)

// Subcommand is the hidden argument that turns the worker binary into a
// sidecar. main dispatches on it explicitly, never from an init function.
const Subcommand = "sidecar"

// SpawnOptions say how to start a sidecar process.
type SpawnOptions struct {
	// Path is the binary to run; empty means this process's own executable.
	Path string
	// Dir holds the sidecar's VM directories.
	Dir string
	// CacheDir is wazero's on-disk compilation cache, shared by sidecars.
	CacheDir string
	// MemoryBytes is the sidecar's hard memory line (address-space rlimit)
	// and its Go soft memory limit; zero leaves the process unbounded.
	MemoryBytes int64
	// MaxVMs bounds live VMs in the session.
	MaxVMs   int
	Sandbox  Sandbox
	MaxFrame int
	Logger   *slog.Logger
	// ExtraArgs come before the sidecar's own flags; tests use them to
	// steer a test binary into sidecar mode.
	ExtraArgs []string
}

// Process is a running sidecar: its session plus the OS process behind it.
type Process struct {
	*Conn
	cmd      *exec.Cmd
	log      *slog.Logger
	exited   chan struct{}
	waitErr  error
	stderr   *tail
	killOnce sync.Once
	cgroup   *memCgroup
	// oomKilled is set, before exited closes, when the kernel killed the
	// sidecar for passing its memory cgroup's limit.
	oomKilled bool
	// Spawned is when the process was started, SpawnTook how long
	// starting it took (sidecar_spawn).
	Spawned   time.Time
	SpawnTook time.Duration
	// Hardening lists what the sandbox applied, for logs and docs.
	Hardening []string
}

// Spawn starts a sidecar and its reader; the session is not open yet.
func Spawn(ctx context.Context, opts SpawnOptions) (*Process, error) {
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	path := opts.Path
	if path == "" {
		path = "/proc/self/exe"
	}
	args := append([]string{}, opts.ExtraArgs...)
	args = append(args, Subcommand,
		"--dir="+opts.Dir,
		"--cache-dir="+opts.CacheDir,
		"--memory-bytes="+strconv.FormatInt(opts.MemoryBytes, 10),
		"--sandbox="+string(opts.Sandbox.orDefault()),
		"--max-frame="+strconv.Itoa(opts.MaxFrame),
	)
	start := time.Now()
	cmd, pipes, err := command(path, args, opts.Sandbox)
	if err != nil {
		return nil, err
	}
	err = startCmd(cmd, opts.Sandbox, opts.Logger)
	if errors.Is(err, errNamespacesRefused) {
		// sysProcAttr now leaves namespaces out.
		pipes.close()
		if cmd, pipes, err = command(path, args, opts.Sandbox); err != nil {
			return nil, err
		}
		err = cmd.Start()
	}
	if err != nil {
		pipes.close()
		return nil, fmt.Errorf("sidecar: start %s: %w", path, err)
	}
	stdin, stdout, stderr := pipes.stdin, pipes.stdout, pipes.stderr
	p := &Process{
		cmd:     cmd,
		log:     opts.Logger.With("sidecar_pid", cmd.Process.Pid),
		exited:  make(chan struct{}),
		stderr:  newTail(8 << 10),
		Spawned: start,
	}
	if opts.MemoryBytes > 0 && opts.Sandbox.orDefault() != SandboxOff {
		cg, err := joinMemCgroup(cmd.Process.Pid, opts.MemoryBytes, opts.Logger)
		if err != nil && opts.Sandbox == SandboxStrict {
			_ = syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
			_ = cmd.Wait()
			return nil, fmt.Errorf("sidecar: memory cgroup refused and sandbox is strict: %w", err)
		}
		p.cgroup = cg
	}
	p.Conn = NewConn(stdout, stdin, opts.MaxFrame, p.log)
	p.Conn.pid = cmd.Process.Pid
	logsDone := make(chan struct{})
	go func() {
		defer close(logsDone)
		p.forwardLogs(stderr)
	}()
	go func() {
		<-logsDone
		p.waitErr = cmd.Wait()
		if p.cgroup != nil {
			p.oomKilled = p.cgroup.oomKilled()
			p.cgroup.remove()
		}
		close(p.exited)
	}()
	p.SpawnTook = time.Since(start)
	return p, nil
}

type cmdPipes struct {
	stdin          io.WriteCloser
	stdout, stderr io.ReadCloser
}

func (p cmdPipes) close() {
	for _, c := range []io.Closer{p.stdin, p.stdout, p.stderr} {
		if c != nil {
			c.Close()
		}
	}
}

// command prepares a sidecar command and its pipes.
func command(path string, args []string, sb Sandbox) (*exec.Cmd, cmdPipes, error) {
	cmd := exec.Command(path, args...)
	// An empty environment: nothing of the worker's reaches a guest, not even
	// by accident through a runtime that reads os.Environ.
	cmd.Env = []string{}
	cmd.Dir = "/"
	cmd.SysProcAttr = sysProcAttr(sb)
	var p cmdPipes
	var err error
	if p.stdin, err = cmd.StdinPipe(); err != nil {
		return nil, p, fmt.Errorf("sidecar: stdin pipe: %w", err)
	}
	if p.stdout, err = cmd.StdoutPipe(); err != nil {
		p.close()
		return nil, p, fmt.Errorf("sidecar: stdout pipe: %w", err)
	}
	if p.stderr, err = cmd.StderrPipe(); err != nil {
		p.close()
		return nil, p, fmt.Errorf("sidecar: stderr pipe: %w", err)
	}
	return cmd, p, nil
}

// PID is the sidecar's process id.
func (p *Process) PID() int { return p.cmd.Process.Pid }

// Exited is closed once the process has been reaped.
func (p *Process) Exited() <-chan struct{} { return p.exited }

// Kill ends the sidecar and everything in its process group at once.
func (p *Process) Kill() {
	p.killOnce.Do(func() {
		// The negative pid names the group: a guest cannot leave a
		// grandchild behind (it cannot make one either, but belt and braces).
		_ = syscall.Kill(-p.cmd.Process.Pid, syscall.SIGKILL)
		_ = p.cmd.Process.Kill()
	})
}

// Close asks the sidecar to shut down, waits up to grace, then kills it.
// It returns once the process is reaped.
func (p *Process) Close(grace time.Duration) {
	ctx, cancel := context.WithTimeout(context.Background(), grace)
	defer cancel()
	select {
	case <-p.Conn.Done():
	default:
		_ = p.Conn.Shutdown(ctx)
	}
	select {
	case <-p.exited:
	case <-ctx.Done():
		p.Kill()
		<-p.exited
	}
}

// ExitReason describes how the process ended, for results and logs: the
// signal or exit code, and the Go runtime's own words when it ran out of
// memory.
func (p *Process) ExitReason() string {
	select {
	case <-p.exited:
	default:
		return "running"
	}
	var reason string
	var ee *exec.ExitError
	switch {
	case p.waitErr == nil:
		reason = "exited 0"
	case errors.As(p.waitErr, &ee):
		if ws, ok := ee.Sys().(syscall.WaitStatus); ok && ws.Signaled() {
			reason = "killed by " + ws.Signal().String()
		} else {
			reason = fmt.Sprintf("exited %d", ee.ExitCode())
		}
	default:
		reason = p.waitErr.Error()
	}
	if p.OutOfMemory() {
		reason += ": out of memory"
	}
	return reason
}

// OutOfMemory reports whether the sidecar died for want of memory: killed
// by the kernel at its cgroup limit, or the Go runtime unable to allocate
// under its address-space limit.
func (p *Process) OutOfMemory() bool {
	select {
	case <-p.exited:
		if p.oomKilled {
			return true
		}
	default:
	}
	t := p.stderr.String()
	return strings.Contains(t, "out of memory") || strings.Contains(t, "cannot allocate memory")
}

// forwardLogs copies the sidecar's stderr lines into the worker's log and
// keeps the tail for ExitReason. Lines are bounded so a flood cannot grow
// the worker's memory.
func (p *Process) forwardLogs(r io.Reader) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 4096), 64<<10)
	for sc.Scan() {
		line := sc.Bytes()
		p.stderr.Write(line)
		p.stderr.Write([]byte{'\n'})
		p.log.Debug("sidecar", "line", string(line))
	}
	// Drain whatever a too-long line left, so the child never blocks.
	_, _ = io.Copy(io.Discard, r)
}

// tail keeps the last n bytes written to it.
type tail struct {
	mu  sync.Mutex
	n   int
	buf []byte
}

func newTail(n int) *tail { return &tail{n: n} }

func (t *tail) Write(p []byte) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.buf = append(t.buf, p...)
	if over := len(t.buf) - t.n; over > 0 {
		t.buf = append(t.buf[:0], t.buf[over:]...)
	}
}

func (t *tail) String() string {
	t.mu.Lock()
	defer t.mu.Unlock()
	return string(t.buf)
}
