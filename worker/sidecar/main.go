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
	"syscall"

	"github.com/natsexec/natsexec/guest"
)

// Main is the whole life of a sidecar process: harden, host VMs over stdin
// and stdout until the worker says stop or goes away. It returns the exit
// code. The worker binary calls it when its first argument is Subcommand.
func Main(args []string) int {
	fs := flag.NewFlagSet(Subcommand, flag.ContinueOnError)
	dir := fs.String("dir", "", "directory for VM directories")
	cacheDir := fs.String("cache-dir", "", "wazero compilation cache directory")
	memoryBytes := fs.Int64("memory-bytes", 0, "hard memory limit of this process (0: none)")
	sandbox := fs.String("sandbox", string(SandboxAuto), "auto, strict or off")
	maxFrame := fs.Int("max-frame", DefaultMaxFrame, "largest frame accepted")
	maxFiles := fs.Uint64("max-files", 4096, "open file limit")
	logLevel := fs.String("log-level", "warn", "debug, info, warn or error")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	var level slog.Level
	_ = level.UnmarshalText([]byte(*logLevel))
	log := slog.New(slog.NewJSONHandler(os.Stderr, &slog.HandlerOptions{Level: level}))

	// Frames own the original stdin and stdout. Point fds 0 and 1 elsewhere
	// so a stray print from any library lands in the log, not in the stream.
	in, out, err := claimStdio()
	if err != nil {
		log.Error("claim stdio", "err", err)
		return 1
	}
	sb, err := ParseSandbox(*sandbox)
	if err != nil {
		log.Error("bad flag", "err", err)
		return 2
	}
	if *memoryBytes > 0 {
		// The Go soft limit makes the collector work hard well before the
		// address-space rlimit turns an allocation into a crash.
		debug.SetMemoryLimit(*memoryBytes * 3 / 4)
	}
	applied, err := harden(sb, *memoryBytes, *maxFiles, log)
	if err != nil {
		log.Error("harden", "err", err)
		return 1
	}
	log.Debug("sidecar up", "pid", os.Getpid(), "hardening", applied)

	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM, syscall.SIGINT)
	defer stop()
	host, err := guest.NewHost(ctx, guest.HostOptions{BaseDir: *dir, CacheDir: *cacheDir, Logger: log})
	if err != nil {
		log.Error("guest host", "err", err)
		return 1
	}
	defer host.Close(context.Background())
	if err := Serve(ctx, in, out, ServerOptions{Host: host, Logger: log, MaxFrame: *maxFrame}); err != nil {
		log.Error("session", "err", err)
		return 1
	}
	return 0
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
	devNull, err := os.Open(os.DevNull)
	if err != nil {
		return nil, nil, err
	}
	if err := dup2(int(devNull.Fd()), 0); err != nil {
		return nil, nil, fmt.Errorf("stdin to /dev/null: %w", err)
	}
	devNull.Close()
	if err := dup2(2, 1); err != nil {
		return nil, nil, fmt.Errorf("stdout to stderr: %w", err)
	}
	syscall.CloseOnExec(inFd)
	syscall.CloseOnExec(outFd)
	return os.NewFile(uintptr(inFd), "frames-in"), os.NewFile(uintptr(outFd), "frames-out"), nil
}
