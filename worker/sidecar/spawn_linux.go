package sidecar

import (
	"errors"
	"fmt"
	"log/slog"
	"os"
	"os/exec"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"

	"golang.org/x/sys/unix"
)

// DefaultSidecarID is the host uid and gid sidecars run as when the worker
// is root and no other is configured: "nobody". Inside its user namespace
// the sidecar is uid 0; outside it owns nothing but its VM directory.
const DefaultSidecarID = 65534

// nsAttempt is one way of starting a sidecar, from the most isolated down.
type nsAttempt struct {
	name   string
	flags  uintptr
	names  []string
	userns bool
}

const allNSFlags = syscall.CLONE_NEWUSER | syscall.CLONE_NEWPID | syscall.CLONE_NEWNS |
	syscall.CLONE_NEWNET | syscall.CLONE_NEWIPC | syscall.CLONE_NEWUTS | syscall.CLONE_NEWCGROUP

var nsAttempts = []nsAttempt{
	// Every namespace, unprivileged through a user namespace.
	{name: "all", flags: allNSFlags, names: allNamespaces, userns: true},
	// A root worker where user namespaces are refused: the same without
	// one (the sidecar keeps uid 0 but drops every capability).
	{name: "all-but-user", flags: allNSFlags &^ syscall.CLONE_NEWUSER, names: allNamespaces[1:]},
	// Nothing: Landlock, seccomp, no_new_privs and cgroups still apply.
	{name: "none"},
}

// forceNamespaceRefusal, when set to an errno, makes every start with
// namespaces fail with it, as a machine that refuses them would, for tests.
var forceNamespaceRefusal atomic.Value // syscall.Errno

// refusedForGood remembers attempts the kernel refused for a reason that
// will not change while the worker runs (EPERM, EINVAL: policy or missing
// support), so later spawns skip them. Transient refusals (ENOSPC: the
// user-namespace count is at its limit; EAGAIN, ENOMEM) are not
// remembered: the next sidecar tries again.
var refusedForGood sync.Map // attempt index → error

// attemptsFor lists the ways to try, in order, for a sandbox mode.
func attemptsFor(sb Sandbox) []int {
	switch sb.orDefault() {
	case SandboxOff:
		return []int{len(nsAttempts) - 1}
	case SandboxStrict:
		return []int{0}
	}
	var idx []int
	for i := range nsAttempts {
		if i == 1 && os.Geteuid() != 0 {
			continue // only root may make namespaces without a user namespace
		}
		if _, refused := refusedForGood.Load(i); refused && i < len(nsAttempts)-1 {
			continue
		}
		idx = append(idx, i)
	}
	return idx
}

// namespaceRefusal reports whether a failed start was the kernel refusing
// namespaces, and whether that will last.
func namespaceRefusal(err error) (refused, lasting bool) {
	switch {
	case errors.Is(err, syscall.EPERM), errors.Is(err, syscall.EINVAL), errors.Is(err, syscall.EACCES):
		return true, true
	case errors.Is(err, syscall.ENOSPC), errors.Is(err, syscall.EUSERS),
		errors.Is(err, syscall.EAGAIN), errors.Is(err, syscall.ENOMEM):
		return true, false
	}
	return false, false
}

// sidecarIdentity is the host uid and gid a sidecar's user namespace maps
// its root to: the configured ones, else nobody for a root worker, else the
// worker's own (an unprivileged process may map only itself).
func sidecarIdentity(opts SpawnOptions) (uid, gid int) {
	uid, gid = opts.UID, opts.GID
	if os.Geteuid() != 0 {
		return os.Geteuid(), os.Getegid()
	}
	if uid == 0 {
		uid = DefaultSidecarID
	}
	if gid == 0 {
		gid = DefaultSidecarID
	}
	return uid, gid
}

func sysProcAttr(a nsAttempt, uid, gid int) *syscall.SysProcAttr {
	attr := &syscall.SysProcAttr{
		// Its own process group, so Kill reaches anything it could start.
		Setpgid: true,
		// The sidecar dies with the worker, even on SIGKILL of the worker.
		Pdeathsig:  syscall.SIGKILL,
		Cloneflags: a.flags,
	}
	if os.Geteuid() == 0 {
		// No supplementary group of the worker's (root's, say) travels
		// along: unmapped in the sidecar's namespace, it would still open
		// the host's group-readable files.
		attr.Credential = &syscall.Credential{Uid: 0, Gid: 0, Groups: []uint32{}}
	}
	if a.userns {
		attr.UidMappings = []syscall.SysProcIDMap{{ContainerID: 0, HostID: uid, Size: 1}}
		attr.GidMappings = []syscall.SysProcIDMap{{ContainerID: 0, HostID: gid, Size: 1}}
		// Only a privileged worker may let the child call setgroups (to
		// drop those groups); an unprivileged one has to deny it.
		attr.GidMappingsEnableSetgroups = os.Geteuid() == 0
	}
	return attr
}

// warned holds the causes already logged, so each is logged once.
var warned sync.Map

// warnOnce logs a sandbox layer that could not be applied, once per cause.
func warnOnce(log *slog.Logger, cause string) {
	if _, seen := warned.LoadOrStore(cause, true); seen {
		return
	}
	log.Warn("sidecar sandbox layer not applied; sidecars run without it (--sandbox strict refuses them)",
		"layer", strings.SplitN(cause, ":", 2)[0], "reason", cause)
}

// startCmd starts cmd, standing in for a refusing kernel in tests.
func startCmd(cmd *exec.Cmd) error {
	if errno, ok := forceNamespaceRefusal.Load().(syscall.Errno); ok && errno != 0 && cmd.SysProcAttr.Cloneflags != 0 {
		return fmt.Errorf("fork/exec %s: %w", cmd.Path, errno)
	}
	return cmd.Start()
}

// mountFD is one of the detached mounts a root worker hands a sidecar.
type mountFD struct {
	flag string // the sidecar flag that names its descriptor
	file *os.File
}

// detachedMounts makes detached bind mounts (open_tree(OPEN_TREE_CLONE))
// of the sidecar's directory and the cache, flags set, for the sidecar to
// attach in its own mount namespace. A mount of the worker's
// namespace cannot be bind-mounted from another namespace, and the host
// paths may not be traversable by the sidecar's unprivileged id; a
// detached mount needs neither. Needs CAP_SYS_ADMIN: a worker without it
// returns nothing and the sidecar binds the paths, which are its own.
func detachedMounts(dir, cacheDir string) ([]mountFD, error) {
	if os.Geteuid() != 0 {
		return nil, nil
	}
	type src struct {
		flag, path string
		attr       uint64
	}
	srcs := []src{
		{"vm-fd", dir, unix.MOUNT_ATTR_NOSUID | unix.MOUNT_ATTR_NODEV | unix.MOUNT_ATTR_NOEXEC},
	}
	if cacheDir != "" {
		srcs = append(srcs, src{"cache-fd", cacheDir, unix.MOUNT_ATTR_RDONLY | unix.MOUNT_ATTR_NOSUID | unix.MOUNT_ATTR_NODEV | unix.MOUNT_ATTR_NOEXEC})
	}
	var out []mountFD
	closeAll := func() {
		for _, m := range out {
			m.file.Close()
		}
	}
	for _, s := range srcs {
		fd, err := unix.OpenTree(unix.AT_FDCWD, s.path, unix.OPEN_TREE_CLONE|unix.OPEN_TREE_CLOEXEC)
		if err != nil {
			closeAll()
			return nil, fmt.Errorf("open_tree %s: %w", s.path, err)
		}
		f := os.NewFile(uintptr(fd), s.path)
		out = append(out, mountFD{s.flag, f})
		if err := unix.MountSetattr(fd, "", unix.AT_EMPTY_PATH, &unix.MountAttr{Attr_set: s.attr}); err != nil {
			closeAll()
			return nil, fmt.Errorf("mount_setattr %s: %w", s.path, err)
		}
	}
	return out, nil
}
