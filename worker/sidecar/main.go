package sidecar

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"runtime/debug"
	"slices"
	"strconv"
	"strings"
	"syscall"

	"golang.org/x/sys/unix"

	"github.com/natsexec/natsexec/guest"
	"github.com/natsexec/natsexec/jobs"
)

// Main is the whole life of a sidecar process: confine itself, host VMs
// over stdin and stdout until the worker says stop or goes away. It returns
// the exit code. The worker binary calls it when its first argument is
// Subcommand.
func Main(args []string) int {
	fs := flag.NewFlagSet(Subcommand, flag.ContinueOnError)
	dir := fs.String("dir", "", "directory for VM directories")
	cacheDir := fs.String("cache-dir", "", "wazero compilation cache directory")
	memoryBytes := fs.Int64("memory-bytes", 0, "hard memory limit of this process (0: none)")
	sandbox := fs.String("sandbox", string(SandboxAuto), "auto, strict or off")
	namespaces := fs.String("namespaces", "", "the namespaces the worker started this sidecar in")
	vmFD := fs.Int("vm-fd", -1, "a descriptor of --dir")
	cacheFD := fs.Int("cache-fd", -1, "a descriptor of --cache-dir")
	fdsAreMounts := fs.Bool("fds-are-mounts", false, "--vm-fd and --cache-fd are detached mounts (open_tree), not plain directories")
	switchUID := fs.Int("switch-uid", 0, "without a user namespace, the host uid to switch to once confined")
	switchGID := fs.Int("switch-gid", 0, "without a user namespace, the host gid to switch to once confined")
	maxFrame := fs.Int("max-frame", DefaultMaxFrame, "largest frame accepted")
	maxFiles := fs.Uint64("max-files", 4096, "open file limit")
	logLevel := fs.String("log-level", "warn", "debug, info, warn or error")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	var level slog.Level
	_ = level.UnmarshalText([]byte(*logLevel))
	log := slog.New(slog.NewJSONHandler(os.Stderr, &slog.HandlerOptions{Level: level}))
	sb, err := ParseSandbox(*sandbox)
	if err != nil {
		log.Error("bad flag", "err", err)
		return 2
	}

	if err := closeInherited(*vmFD, *cacheFD); err != nil {
		log.Error("close inherited descriptors", "err", err)
		return 1
	}
	report := &jobs.Sandbox{Mode: string(SandboxOff), UID: os.Getuid(), GID: os.Getgid(),
		Missing: []string{"sandbox: off (no layer is applied)"}}
	if sb != SandboxOff {
		var ns []string
		if *namespaces != "" {
			ns = strings.Split(*namespaces, ",")
		}
		report, *dir, *cacheDir, err = confine(confineArgs{mode: sb, namespaces: ns,
			dir: *dir, cacheDir: *cacheDir, vmFD: *vmFD, cacheFD: *cacheFD, fdsAreMounts: *fdsAreMounts,
			switchUID: *switchUID, switchGID: *switchGID})
		if err != nil {
			log.Error("confine", "err", err)
			return 1
		}
	}

	// Frames own the original stdin and stdout. Point fds 0 and 1 elsewhere
	// so a stray print from any library lands in the log, not in the stream.
	in, out, err := claimStdio()
	if err != nil {
		log.Error("claim stdio", "err", err)
		return 1
	}
	if *memoryBytes > 0 {
		// The Go soft limit makes the collector work hard well before the
		// address-space rlimit turns an allocation into a crash.
		debug.SetMemoryLimit(*memoryBytes * 3 / 4)
	}
	if sb != SandboxOff {
		if err := harden(sb, report, *memoryBytes, *maxFiles); err != nil {
			log.Error("harden", "err", err)
			return 1
		}
	}
	log.Debug("sidecar up", "pid", os.Getpid(), "sandbox", report)
	if afterHarden != nil {
		// Tests only: escape probes run here, on the production path.
		return afterHarden(report)
	}

	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM, syscall.SIGINT)
	defer stop()
	host, err := guest.NewHost(ctx, guest.HostOptions{BaseDir: *dir, CacheDir: *cacheDir, Logger: log})
	if err != nil {
		log.Error("guest host", "err", err)
		return 1
	}
	defer host.Close(context.Background())
	if err := Serve(ctx, in, out, ServerOptions{Host: host, Logger: log, MaxFrame: *maxFrame, Sandbox: report}); err != nil {
		log.Error("session", "err", err)
		return 1
	}
	return 0
}

// afterHarden is nil in every program but the sidecar package's tests,
// which set it to run escape probes inside a real, confined sidecar.
var afterHarden func(*jobs.Sandbox) int

// closeInherited closes every descriptor above stderr the sidecar did not
// open itself but the ones named: a worker's parent (a supervisor, a
// shell, a test runner) may have left some open without close-on-exec,
// and exec carries them into every sidecar. The Go runtime's own
// descriptors are close-on-exec and stay.
func closeInherited(keep ...int) error {
	ents, err := os.ReadDir("/proc/self/fd")
	if err != nil {
		return err
	}
	for _, e := range ents {
		fd, err := strconv.Atoi(e.Name())
		if err != nil || fd <= 2 || slices.Contains(keep, fd) {
			continue
		}
		flags, err := unix.FcntlInt(uintptr(fd), unix.F_GETFD, 0)
		if err != nil || flags&unix.FD_CLOEXEC != 0 {
			continue // gone (the directory's own descriptor), or the runtime's
		}
		unix.Close(fd)
	}
	return nil
}

// claimStdio moves the frame stream off fds 0 and 1.
func claimStdio() (io.Reader, io.Writer, error) {
	inFd, err := syscall.Dup(0)
	if err != nil {
		return nil, nil, fmt.Errorf("dup stdin: %w", err)
	}
	outFd, err := syscall.Dup(1)
	if err != nil {
		return nil, nil, fmt.Errorf("dup stdout: %w", err)
	}
	// fd 0 becomes a pipe with no writer (reads see EOF at once): a
	// private root has no /dev/null.
	var p [2]int
	if err := syscall.Pipe2(p[:], syscall.O_CLOEXEC); err != nil {
		return nil, nil, fmt.Errorf("pipe: %w", err)
	}
	syscall.Close(p[1])
	if err := dup2(p[0], 0); err != nil {
		return nil, nil, fmt.Errorf("stdin to an empty pipe: %w", err)
	}
	syscall.Close(p[0])
	if err := dup2(2, 1); err != nil {
		return nil, nil, fmt.Errorf("stdout to stderr: %w", err)
	}
	syscall.CloseOnExec(inFd)
	syscall.CloseOnExec(outFd)
	return os.NewFile(uintptr(inFd), "frames-in"), os.NewFile(uintptr(outFd), "frames-out"), nil
}
