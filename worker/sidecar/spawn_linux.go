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

// forceUserNSRefusal refuses user namespaces only (EPERM), for tests.
var forceUserNSRefusal atomic.Bool

// refusedForGood remembers attempts the kernel refused for a reason that
// will not change while the worker runs (EPERM, EINVAL: policy or missing
// support), so later spawns skip them. Transient refusals (ENOSPC,
// EUSERS: a namespace count is at its limit) are not remembered: the next
// sidecar tries again.
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
	case errors.Is(err, syscall.ENOSPC), errors.Is(err, syscall.EUSERS):
		// The namespace count is at its limit: true now, maybe not soon.
		// (EAGAIN and ENOMEM are the machine under pressure, not a
		// refusal of namespaces: the spawn fails rather than weakens.)
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
// Causes name no sidecar (errors carry their errno, not their path), so
// one cause is one line however many sidecars it hits.
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
	if forceUserNSRefusal.Load() && cmd.SysProcAttr.Cloneflags&syscall.CLONE_NEWUSER != 0 {
		return fmt.Errorf("fork/exec %s: %w", cmd.Path, syscall.EPERM)
	}
	return cmd.Start()
}

// dirFD is a directory the worker hands a sidecar by descriptor.
type dirFD struct {
	flag string // the sidecar flag that names its descriptor
	file *os.File
}

// dirDescriptors opens the sidecar's directory and the cache for it: the
// sidecar's unprivileged id may not traverse the host paths to them. A
// worker with CAP_SYS_ADMIN makes them detached bind mounts
// (open_tree(OPEN_TREE_CLONE)), flags set, which the sidecar can attach in
// its own mount namespace (a mount of the worker's namespace cannot be
// bound from another); otherwise they are plain directory descriptors, and
// mounts reports false.
func dirDescriptors(dir, cacheDir string) (fds []dirFD, mounts bool, err error) {
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
	closeAll := func() {
		for _, d := range fds {
			d.file.Close()
		}
		fds = nil
	}
	mounts = true
	for _, s := range srcs {
		fd, err := unix.OpenTree(unix.AT_FDCWD, s.path, unix.OPEN_TREE_CLONE|unix.OPEN_TREE_CLOEXEC)
		if err == nil {
			err = unix.MountSetattr(fd, "", unix.AT_EMPTY_PATH, &unix.MountAttr{Attr_set: s.attr})
			if err != nil {
				unix.Close(fd)
			}
		}
		if errors.Is(err, unix.EPERM) || errors.Is(err, unix.ENOSYS) {
			// No CAP_SYS_ADMIN (or no new mount API): plain descriptors.
			closeAll()
			mounts = false
			break
		}
		if err != nil {
			closeAll()
			return nil, false, fmt.Errorf("open_tree %s: %w", s.path, err)
		}
		fds = append(fds, dirFD{s.flag, os.NewFile(uintptr(fd), s.path)})
	}
	if mounts {
		return fds, true, nil
	}
	for _, s := range srcs {
		f, err := os.OpenFile(s.path, os.O_RDONLY|unix.O_DIRECTORY, 0)
		if err != nil {
			closeAll()
			return nil, false, err
		}
		fds = append(fds, dirFD{s.flag, f})
	}
	return fds, false, nil
}
