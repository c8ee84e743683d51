package sidecar

import (
	"errors"
	"fmt"
	"log/slog"
	"os/exec"
	"strconv"
	"sync/atomic"
	"syscall"

	"golang.org/x/sys/unix"
)

// forceNamespaceRefusal makes namespace creation fail, for tests.
var forceNamespaceRefusal atomic.Bool

// nsUnavailable remembers that namespaces failed once, so later spawns skip
// the attempt (and its cost) and the warning is logged once.
var nsUnavailable atomic.Bool

// namespaceFlags give the sidecar a network namespace with only a down
// loopback (no network by the kernel's word), and private IPC and UTS.
const namespaceFlags = syscall.CLONE_NEWNET | syscall.CLONE_NEWIPC | syscall.CLONE_NEWUTS

func sysProcAttr(sb Sandbox) *syscall.SysProcAttr {
	attr := &syscall.SysProcAttr{
		// Its own process group, so Kill reaches anything it could start.
		Setpgid: true,
		// The sidecar dies with the worker, even on SIGKILL of the worker.
		Pdeathsig: syscall.SIGKILL,
	}
	if sb.orDefault() != SandboxOff && !nsUnavailable.Load() {
		attr.Cloneflags = namespaceFlags
	}
	return attr
}

// startCmd starts cmd. Where the machine refuses namespaces it reports
// errNamespacesRefused (after one warning), so the caller builds a fresh
// command: a failed Start has already closed the command's pipes.
func startCmd(cmd *exec.Cmd, sb Sandbox, log *slog.Logger) error {
	err := cmd.Start()
	if forceNamespaceRefusal.Load() && cmd.SysProcAttr.Cloneflags != 0 && err == nil {
		// Tests stand in for a machine that refuses namespaces: the
		// process goes, and its pipes are closed as a failed Start's are.
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
		err = fmt.Errorf("fork/exec: %w", syscall.EPERM)
	}
	if err == nil || cmd.SysProcAttr.Cloneflags == 0 {
		return err
	}
	if !errors.Is(err, syscall.EPERM) && !errors.Is(err, syscall.EINVAL) && !errors.Is(err, syscall.ENOSPC) {
		return err
	}
	if sb.orDefault() == SandboxStrict {
		return fmt.Errorf("namespaces refused and sandbox is strict: %w", err)
	}
	if !nsUnavailable.Swap(true) {
		log.Warn("sidecar namespaces unavailable; sidecars keep the host network namespace (seccomp still denies sockets)", "err", err)
	}
	return errNamespacesRefused
}

// AddressSpaceOverhead is added to a sidecar's memory limit for its
// address-space rlimit: the Go runtime and wazero reserve far more virtual
// memory than they touch (a sidecar idles at ~1.7 GB of address space and
// ~30 MB resident), so the rlimit is only a backstop; the memory cgroup is
// the precise line.
const AddressSpaceOverhead = 3 << 30

// cgroupUnavailable remembers that memory cgroups failed once.
var cgroupUnavailable atomic.Bool

// joinMemCgroup puts a freshly started sidecar in a memory cgroup of its
// own. Failure is logged once and reported; the caller decides.
func joinMemCgroup(pid int, limit int64, log *slog.Logger) (*memCgroup, error) {
	if cgroupUnavailable.Load() {
		return nil, errors.New("memory cgroups unavailable")
	}
	cg, err := newMemCgroup("sidecar-"+strconv.Itoa(pid), limit)
	if err == nil {
		if err = cg.add(pid); err != nil {
			cg.remove()
		}
	}
	if err != nil {
		if !cgroupUnavailable.Swap(true) {
			log.Warn("memory cgroups unavailable; sidecar memory is bounded by its address-space rlimit only", "err", err)
		}
		return nil, err
	}
	return cg, nil
}

// harden locks down the calling process (the sidecar itself) before it
// reads its first frame. Each layer that cannot be applied is an error under
// SandboxStrict and a warning otherwise. It returns what was applied.
func harden(sb Sandbox, memoryBytes int64, maxFiles uint64, log *slog.Logger) ([]string, error) {
	if sb.orDefault() == SandboxOff {
		return nil, nil
	}
	var applied []string
	fail := func(layer string, err error) error {
		if sb == SandboxStrict {
			return fmt.Errorf("sandbox layer %s: %w", layer, err)
		}
		log.Warn("sandbox layer unavailable", "layer", layer, "err", err)
		return nil
	}
	if err := unix.Prctl(unix.PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0); err != nil {
		if err := fail("no_new_privs", err); err != nil {
			return applied, err
		}
	} else {
		applied = append(applied, "no_new_privs")
	}
	limits := []struct {
		name string
		res  int
		val  uint64
	}{
		{"rlimit_core", unix.RLIMIT_CORE, 0},
		{"rlimit_nofile", unix.RLIMIT_NOFILE, maxFiles},
	}
	if memoryBytes > 0 {
		limits = append(limits, struct {
			name string
			res  int
			val  uint64
		}{"rlimit_as", unix.RLIMIT_AS, uint64(memoryBytes + AddressSpaceOverhead)})
	}
	for _, l := range limits {
		if err := unix.Setrlimit(l.res, &unix.Rlimit{Cur: l.val, Max: l.val}); err != nil {
			if err := fail(l.name, err); err != nil {
				return applied, err
			}
			continue
		}
		applied = append(applied, l.name)
	}
	if err := installSeccomp(); err != nil {
		if err := fail("seccomp", err); err != nil {
			return applied, err
		}
	} else {
		applied = append(applied, "seccomp")
	}
	return applied, nil
}
