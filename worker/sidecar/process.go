package sidecar

import (
	"bufio"
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"golang.org/x/sys/unix"

	"github.com/natsexec/natsexec/jobs"
)

// Subcommand is the hidden argument that turns the worker binary into a
// sidecar. main dispatches on it explicitly, never from an init function.
const Subcommand = "sidecar"

// SpawnOptions say how to start a sidecar process.
type SpawnOptions struct {
	// Path is the binary to run; empty means this process's own executable.
	Path string
	// Dir holds the sidecars' directories: each sidecar gets one of its
	// own beneath it, removed when the sidecar exits.
	Dir string
	// CacheDir is wazero's on-disk compilation cache, shared by sidecars
	// and read-only to them (see PrepareCache).
	CacheDir string
	// MemoryBytes is the sidecar's memory cgroup limit and the base of its
	// address-space rlimit and Go soft memory limit; zero leaves the
	// process bounded only by the worker's own cgroup.
	MemoryBytes int64
	// MaxTasks bounds the sidecar's threads through its pids cgroup
	// (default DefaultMaxTasks).
	MaxTasks int
	// MaxVMs bounds live VMs in the session.
	MaxVMs   int
	Sandbox  Sandbox
	MaxFrame int
	// UID and GID are the host ids a sidecar's user namespace maps its
	// root to when the worker is root (default DefaultSidecarID); a worker
	// that is not root maps its own.
	UID, GID int
	Logger   *slog.Logger
	// ExtraArgs come before the sidecar's own flags; tests use them to
	// steer a test binary into sidecar mode.
	ExtraArgs []string
}

// DefaultMaxTasks is a sidecar's default thread limit. It cannot fork, so
// this bounds the Go runtime's threads, which grow with blocking calls.
const DefaultMaxTasks = 1024

// Process is a running sidecar: its session plus the OS process behind it.
type Process struct {
	*Conn
	cmd      *exec.Cmd
	log      *slog.Logger
	mode     Sandbox
	dir      string // the sidecar's own directory, removed after it exits
	exited   chan struct{}
	waitErr  error
	stderr   *tail
	killOnce sync.Once
	killed   atomic.Bool // Kill was called: the worker ended it
	// blame is why the worker killed the sidecar on one job's account (see
	// KillFor), so the jobs that shared it know they were not the cause.
	blame atomic.Pointer[Blame]
	// cgroup is set, and cgroupErr if it could not be made, before
	// cgroupDone closes: the sidecar joins its cgroups while it starts, and
	// Open waits for that before any guest can run.
	cgroup     *sidecarCgroup
	cgroupErr  error
	cgroupDone chan struct{}
	// missing are the layers the worker could not apply from outside.
	missing []string
	sandbox *jobs.Sandbox // set by Open
	// oomKilled is set, before exited closes, when the kernel killed the
	// sidecar for passing its memory cgroup's limit.
	oomKilled bool
	// Spawned is when the process was started, SpawnTook how long
	// starting it took (sidecar_spawn).
	Spawned   time.Time
	SpawnTook time.Duration
}

// Spawn starts a sidecar and its reader; the session is not open yet.
// Where the kernel refuses a layer, Spawn tries the next most isolated way
// (unless the sandbox is strict) and the session reports what applied.
func Spawn(ctx context.Context, opts SpawnOptions) (*Process, error) {
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	if opts.Dir == "" {
		opts.Dir = os.TempDir()
	}
	sb := opts.Sandbox.orDefault()
	path := opts.Path
	if path == "" {
		path = "/proc/self/exe"
	}
	start := time.Now()
	if err := os.MkdirAll(opts.Dir, 0o700); err != nil {
		return nil, fmt.Errorf("sidecar: %w", err)
	}
	dir, err := os.MkdirTemp(opts.Dir, "sidecar-")
	if err != nil {
		return nil, fmt.Errorf("sidecar: %w", err)
	}
	cleanup := func() { os.RemoveAll(dir) }
	args := append([]string{}, opts.ExtraArgs...)
	args = append(args, Subcommand,
		"--dir="+dir,
		"--cache-dir="+opts.CacheDir,
		"--memory-bytes="+strconv.FormatInt(opts.MemoryBytes, 10),
		"--sandbox="+string(sb),
		"--max-frame="+strconv.Itoa(opts.MaxFrame),
	)
	var files []*os.File
	if sb != SandboxOff {
		fds, mounts, err := dirDescriptors(dir, opts.CacheDir)
		if err != nil {
			cleanup()
			return nil, fmt.Errorf("sidecar: %w", err)
		}
		for i, d := range fds {
			files = append(files, d.file)
			args = append(args, fmt.Sprintf("--%s=%d", d.flag, 3+i))
		}
		args = append(args, "--fds-are-mounts="+strconv.FormatBool(mounts))
		defer func() {
			for _, f := range files {
				f.Close()
			}
		}()
	}
	uid, gid := sidecarIdentity(opts)
	if os.Geteuid() == 0 && sb != SandboxOff {
		// Whatever the attempt, the sidecar ends up as uid:gid on the host.
		if err := os.Chown(dir, uid, gid); err != nil {
			cleanup()
			return nil, fmt.Errorf("sidecar: %w", err)
		}
	}
	var (
		cmd     *exec.Cmd
		pipes   cmdPipes
		attempt nsAttempt
		refusal error
	)
	for _, i := range attemptsFor(sb) {
		attempt = nsAttempts[i]
		a := append(slices.Clip(args), "--namespaces="+strings.Join(attempt.names, ","))
		if !attempt.userns && os.Geteuid() == 0 && sb != SandboxOff {
			// No user namespace to map root away: the sidecar switches to
			// the sidecar ids itself, once its mounts are made.
			a = append(a, "--switch-uid="+strconv.Itoa(uid), "--switch-gid="+strconv.Itoa(gid))
		}
		if cmd, pipes, err = command(path, a, sysProcAttr(attempt, uid, gid), files); err != nil {
			cleanup()
			return nil, err
		}
		if err = startCmd(cmd); err == nil {
			break
		}
		pipes.close()
		refused, lasting := namespaceRefusal(err)
		if !refused || sb == SandboxStrict || attempt.flags == 0 {
			cleanup()
			return nil, fmt.Errorf("sidecar: start %s: %w", path, err)
		}
		if lasting {
			refusedForGood.Store(i, err)
		}
		if refusal == nil {
			refusal = err
		}
	}
	if refusal == nil && attempt.flags != allNSFlags && sb != SandboxOff {
		if v, ok := refusedForGood.Load(0); ok {
			refusal = v.(error)
		}
	}
	stdin, stdout, stderr := pipes.stdin, pipes.stdout, pipes.stderr
	p := &Process{
		cmd:     cmd,
		log:     opts.Logger.With("sidecar_pid", cmd.Process.Pid),
		mode:    sb,
		dir:     dir,
		exited:  make(chan struct{}),
		stderr:  newTail(8 << 10),
		Spawned: start,
	}
	if refusal != nil {
		for _, ns := range allNamespaces {
			if !slices.Contains(attempt.names, ns) {
				p.missing = append(p.missing, fmt.Sprintf("namespace %s: %v", ns, errnoOf(refusal)))
			}
		}
	}
	p.cgroupDone = make(chan struct{})
	if sb == SandboxOff {
		close(p.cgroupDone)
	} else {
		maxTasks := cmp.Or(opts.MaxTasks, DefaultMaxTasks)
		go func() {
			defer close(p.cgroupDone)
			p.cgroup, p.cgroupErr = newSidecarCgroup(cmd.Process.Pid, strings.TrimPrefix(filepath.Base(dir), "sidecar-"), opts.MemoryBytes, maxTasks)
		}()
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
		// Reaping frees the pid: not before the cgroup has it, or gave up.
		<-p.cgroupDone
		p.waitErr = cmd.Wait()
		if p.cgroup != nil {
			p.oomKilled = p.cgroup.oomKilled()
			p.cgroup.remove()
		}
		// The VMs' directories are in it: whatever the sidecar could not
		// remove (it was killed, say) goes now.
		if err := os.RemoveAll(p.dir); err != nil {
			p.log.Warn("remove sidecar directory", "dir", p.dir, "err", err)
		}
		close(p.exited)
	}()
	p.SpawnTook = time.Since(start)
	return p, nil
}

// errnoOf is the errno inside err, or err: a refusal reads the same
// whatever path failed, so it is logged once.
func errnoOf(err error) error {
	var errno syscall.Errno
	if errors.As(err, &errno) {
		return errno
	}
	return err
}

// Open performs the session handshake and takes the sidecar's account of
// its sandbox, adding what the worker applied from outside. Each missing
// layer is logged once per cause; under SandboxStrict a missing layer is
// an error and the sidecar is killed.
func (p *Process) Open(ctx context.Context, s Session) (*Frame, error) {
	resp, err := p.Conn.Open(ctx, s)
	if err != nil {
		return nil, err
	}
	<-p.cgroupDone
	if p.cgroupErr != nil {
		if p.mode == SandboxStrict {
			p.Kill()
			return nil, fmt.Errorf("%w: cgroup: %w", ErrSandbox, p.cgroupErr)
		}
		p.missing = append(p.missing, "cgroup: "+p.cgroupErr.Error())
	}
	sb := &jobs.Sandbox{Mode: string(p.mode)}
	if resp.Session.Sandbox != nil {
		sb = resp.Session.Sandbox
	}
	sb.Mode = string(p.mode)
	sb.Missing = slices.Concat(p.missing, sb.Missing)
	if p.cgroupErr == nil && p.cgroup != nil {
		sb.Cgroup = p.cgroup.path
	}
	for _, m := range sb.Missing {
		warnOnce(p.log, m)
	}
	if p.mode == SandboxStrict {
		if err := checkStrict(sb); err != nil {
			p.Kill()
			return nil, err
		}
	}
	p.sandbox = sb
	return resp, nil
}

// Sandbox is what isolates the sidecar, known once its session is open.
func (p *Process) Sandbox() *jobs.Sandbox { return p.sandbox }

// Stats asks the sidecar how it is doing. Its pid and resident size are
// read from the host's side: inside, it is pid 1 and has no /proc.
func (p *Process) Stats(ctx context.Context) (*Stats, error) {
	st, err := p.Conn.Stats(ctx)
	if err != nil {
		return nil, err
	}
	st.PID = p.PID()
	st.RSSBytes = readRSS("/proc/" + strconv.Itoa(p.PID()) + "/statm")
	return st, nil
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
func command(path string, args []string, attr *syscall.SysProcAttr, files []*os.File) (*exec.Cmd, cmdPipes, error) {
	cmd := exec.Command(path, args...)
	// An empty environment: nothing of the worker's reaches a guest, not even
	// by accident through a runtime that reads os.Environ.
	cmd.Env = []string{}
	cmd.Dir = "/"
	cmd.SysProcAttr = attr
	cmd.ExtraFiles = files
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
		p.killed.Store(true)
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
			reason = fmt.Sprintf("killed by %s (%s)", unix.SignalName(ws.Signal()), ws.Signal())
			if ws.Signal() == syscall.SIGSYS {
				reason += ": it made a system call its sandbox forbids"
			}
		} else {
			reason = fmt.Sprintf("exited %d", ee.ExitCode())
		}
	default:
		reason = p.waitErr.Error()
	}
	switch {
	case p.oomKilled:
		reason += fmt.Sprintf(": out of memory: the kernel's OOM killer, at its memory cgroup's limit of %d bytes (%s)",
			p.cgroup.limit, p.cgroup.path)
	case p.OutOfMemory():
		reason += ": out of memory: the Go runtime could not allocate within its address-space limit"
	case reason != "exited 0":
		if words := p.lastWords(); words != "" {
			reason += ": " + words
		}
	}
	return reason
}

// KilledFromOutside reports whether the sidecar died of a SIGKILL that
// neither the worker (Kill, KillFor) nor the kernel at its memory cgroup's
// limit sent: an operator, a supervisor, the host's own OOM killer. A guest
// cannot send it: the sidecar's seccomp filter refuses signals to any
// process but itself, and the sandbox kills a forbidden call with SIGSYS.
func (p *Process) KilledFromOutside() bool {
	select {
	case <-p.exited:
	default:
		return false
	}
	if p.killed.Load() || p.oomKilled {
		return false
	}
	var ee *exec.ExitError
	if !errors.As(p.waitErr, &ee) {
		return false
	}
	ws, ok := ee.Sys().(syscall.WaitStatus)
	return ok && ws.Signaled() && ws.Signal() == syscall.SIGKILL
}

// CgroupOOM reports whether the kernel killed the sidecar at its memory
// cgroup's limit, with that limit and the cgroup.
func (p *Process) CgroupOOM() (limit int64, cgroup string, killed bool) {
	select {
	case <-p.exited:
	default:
		return 0, "", false
	}
	if !p.oomKilled {
		return 0, "", false
	}
	return p.cgroup.limit, p.cgroup.path, true
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

// lastWords is the sidecar's last error log line, message and error: why
// stage 1 could not confine it, say.
func (p *Process) lastWords() string {
	lines := strings.Split(strings.TrimSpace(p.stderr.String()), "\n")
	for i := len(lines) - 1; i >= 0; i-- {
		var rec struct{ Level, Msg, Err string }
		if json.Unmarshal([]byte(lines[i]), &rec) == nil && rec.Level == "ERROR" {
			if rec.Err != "" {
				return rec.Msg + ": " + rec.Err
			}
			return rec.Msg
		}
	}
	return ""
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
		var rec struct{ Level, Msg, Err string }
		if json.Unmarshal(line, &rec) == nil && rec.Level == "ERROR" {
			p.log.Warn("sidecar error", "msg", rec.Msg, "err", rec.Err)
			continue
		}
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
