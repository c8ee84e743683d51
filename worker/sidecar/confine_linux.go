package sidecar

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"unsafe"

	"github.com/landlock-lsm/go-landlock/landlock"
	llsys "github.com/landlock-lsm/go-landlock/landlock/syscall"
	"golang.org/x/sys/unix"
	"kernel.org/pub/linux/libs/security/libcap/psx"

	"github.com/natsexec/natsexec/jobs"
)

// A sandboxed sidecar confines itself before it reads a frame. It starts
// as uid 0 of its own user namespace, with every capability of that
// namespace and none outside it. It builds a private root (a read-only
// tmpfs holding its VM directory and the compilation cache, attached from
// detached mounts the worker made, and a /proc of its own PID namespace),
// pivots into it, then restricts every thread with Landlock and
// no_new_privs and drops every capability, bounding set included (harden
// adds seccomp and rlimits).
//
// Capabilities, no_new_privs and Landlock domains belong to a thread, and
// a Go program has many from its first instruction. libpsx runs each of
// those calls on every thread: without cgo through the Go runtime; with cgo
// (whose threads syscall.AllThreadsSyscall refuses to reach) by finding
// them in /proc/<pid>/task, which is why the private root has a /proc (of
// the sidecar alone, and Landlock lets it list beneath that directory and
// open nothing there).
//
// Without a user namespace (a root worker where they are refused) the
// sidecar switches to the sidecar ids once its mounts are made.

// Paths inside a sidecar's private root.
const (
	rootVMs   = "/vms"
	rootCache = "/cache"
	rootProc  = "/proc"
)

// Namespace names, as the handshake and results report them.
var allNamespaces = []string{"user", "pid", "mnt", "net", "ipc", "uts", "cgroup"}

// confineArgs is what confine needs from the sidecar's flags.
type confineArgs struct {
	mode       Sandbox
	namespaces []string
	dir        string // host path of the VM base directory
	cacheDir   string // host path of the cache, empty for none
	// Descriptors of the same from the worker (see dirDescriptors), -1
	// for none: detached mounts when fdsAreMounts, else plain directories.
	vmFD, cacheFD int
	fdsAreMounts  bool
	// Without a user namespace, a root worker's sidecar switches to these
	// host ids once its mounts are made (0: no switch).
	switchUID, switchGID int
}

// confine applies the layers above to the whole process and returns what
// it applied and the paths the VM directory and the cache now have. A layer
// it cannot apply is an error under SandboxStrict and listed as missing
// otherwise.
func confine(a confineArgs) (rep *jobs.Sandbox, dir, cacheDir string, err error) {
	rep = &jobs.Sandbox{Mode: string(a.mode), Namespaces: a.namespaces}
	refuse := refuser(a.mode, rep)
	if rep.UID, rep.GID, err = outsideIDs(); err != nil {
		return nil, "", "", fmt.Errorf("read id maps: %w", err)
	}
	// Unpivoted, the directories are reached through the worker's
	// descriptors: the sidecar's id may not traverse the host paths.
	dir, cacheDir = a.dir, a.cacheDir
	if a.vmFD >= 0 {
		dir = fdPath(a.vmFD)
	}
	if a.cacheFD >= 0 && cacheDir != "" {
		cacheDir = fdPath(a.cacheFD)
	}
	if slices.Contains(a.namespaces, "mnt") {
		if err := privateRoot(a); err != nil {
			if err := refuse("private_root", err); err != nil {
				return nil, "", "", err
			}
		} else {
			rep.PrivateRoot = true
			dir = rootVMs
			if cacheDir != "" {
				cacheDir = rootCache
			}
		}
	} else if err := refuse("private_root", errors.New("no mount namespace")); err != nil {
		return nil, "", "", err
	}
	if rep.PrivateRoot {
		// A guest must never hold a handle on a host directory: openat(fd,
		// "..") would walk out of the private root.
		for _, fd := range []int{a.vmFD, a.cacheFD} {
			if fd >= 0 {
				unix.Close(fd)
			}
		}
	}
	// libpsx (under cgo) finds threads in /proc/<getpid()>/task: in a PID
	// namespace that is true only of the sidecar's own /proc.
	allThreadsOK := !psxReadsProc || !slices.Contains(a.namespaces, "pid") || rep.PrivateRoot
	noThreads := errors.New("in a PID namespace without a /proc of its own, libpsx cannot reach every thread")
	if !allThreadsOK {
		if err := refuse("landlock", noThreads); err != nil {
			return nil, "", "", err
		}
	} else if abi, err := restrictLandlock(dir, cacheDir); err != nil {
		if err := refuse("landlock", err); err != nil {
			return nil, "", "", err
		}
	} else {
		rep.Landlock = abi
	}
	capsErr := noThreads
	switch {
	case a.switchUID != 0:
		capsErr, err = switchUser(a.switchUID, a.switchGID, allThreadsOK)
		if err != nil {
			// Never go on as host root.
			return nil, "", "", fmt.Errorf("switch to uid %d gid %d: %w", a.switchUID, a.switchGID, err)
		}
		rep.UID, rep.GID = a.switchUID, a.switchGID
	case allThreadsOK:
		capsErr = dropCapabilities()
	}
	if capsErr != nil {
		if err := refuse("capabilities", capsErr); err != nil {
			return nil, "", "", err
		}
	} else {
		rep.NoCapabilities = true
	}
	if groups, err := unix.Getgroups(); err != nil || len(groups) > 0 {
		// Unmapped, they still open the host's group-readable files. A
		// root worker clears them; one that is not root cannot.
		if err := refuse("supplementary_groups", fmt.Errorf("the sidecar keeps the worker's %d supplementary groups (run the worker without any)", len(groups))); err != nil {
			return nil, "", "", err
		}
	}
	return rep, dir, cacheDir, nil
}

// fdPath names a directory descriptor as a path, for code that takes paths.
func fdPath(fd int) string { return "/proc/self/fd/" + strconv.Itoa(fd) }

// outsideIDs are this process's uid and gid as the host sees them.
func outsideIDs() (uid, gid int, err error) {
	if uid, err = mappedID("/proc/self/uid_map", os.Getuid()); err != nil {
		return 0, 0, err
	}
	gid, err = mappedID("/proc/self/gid_map", os.Getgid())
	return uid, gid, err
}

func mappedID(mapFile string, inside int) (int, error) {
	b, err := os.ReadFile(mapFile)
	if err != nil {
		return 0, err
	}
	for line := range strings.Lines(string(b)) {
		f := strings.Fields(line)
		if len(f) != 3 {
			continue
		}
		in, err1 := strconv.ParseInt(f[0], 10, 64)
		out, err2 := strconv.ParseInt(f[1], 10, 64)
		n, err3 := strconv.ParseInt(f[2], 10, 64)
		if err1 != nil || err2 != nil || err3 != nil {
			continue
		}
		if int64(inside) >= in && int64(inside) < in+n {
			return int(out + int64(inside) - in), nil
		}
	}
	return 0, fmt.Errorf("%s: id %d is not mapped", mapFile, inside)
}

// privateRoot makes a tmpfs holding only what the sidecar needs the root of
// this mount namespace: the VM directory and the cache, and a /proc of the
// sidecar's PID namespace showing nothing but its own process. On failure
// it leaves the namespace as it found it.
func privateRoot(a confineArgs) error {
	// Nothing mounted here may propagate back to the host.
	if err := unix.Mount("", "/", "", unix.MS_REC|unix.MS_PRIVATE, ""); err != nil {
		return fmt.Errorf("make mounts private: %w", err)
	}
	// Sources first: the tmpfs may hide their host paths.
	const ro, hidden = unix.MS_RDONLY | unix.MS_NOSUID | unix.MS_NODEV | unix.MS_NOEXEC, unix.MS_NOSUID | unix.MS_NODEV | unix.MS_NOEXEC
	var mnts []rootMount
	defer func() {
		for _, m := range mnts {
			if m.fd != a.vmFD && m.fd != a.cacheFD {
				unix.Close(m.fd)
			}
		}
	}()
	source := func(fd int, path string) (int, error) {
		if a.fdsAreMounts && fd >= 0 {
			return fd, nil
		}
		// A mount of this namespace, which may be cloned.
		clone, err := unix.OpenTree(unix.AT_FDCWD, path, unix.OPEN_TREE_CLONE|unix.OPEN_TREE_CLOEXEC)
		if err != nil {
			return -1, fmt.Errorf("open_tree %s: %w", path, errnoOf(err))
		}
		return clone, nil
	}
	fd, err := source(a.vmFD, a.dir)
	if err != nil {
		return err
	}
	mnts = append(mnts, rootMount{fd, rootVMs, hidden})
	if a.cacheDir != "" {
		if fd, err = source(a.cacheFD, a.cacheDir); err != nil {
			return err
		}
		mnts = append(mnts, rootMount{fd, rootCache, ro})
	}
	var root string
	for _, dir := range []string{"/tmp", "/mnt", "/run", "/var/tmp"} {
		if st, err := os.Stat(dir); err == nil && st.IsDir() {
			root = dir
			break
		}
	}
	if root == "" {
		return errors.New("no directory to mount the new root on")
	}
	if err := unix.Mount("tmpfs", root, "tmpfs", unix.MS_NOSUID|unix.MS_NODEV|unix.MS_NOEXEC,
		"mode=0755,size=64k,nr_inodes=64"); err != nil {
		return fmt.Errorf("mount tmpfs root: %w", err)
	}
	if err := fillRoot(root, mnts); err != nil {
		// The tmpfs must not hide the host directory it was mounted over.
		_ = unix.Unmount(root, unix.MNT_DETACH)
		return err
	}
	if err := os.Chdir(root); err != nil {
		return err
	}
	// pivot_root(".", ".") stacks the old root on the new one; detaching
	// it leaves the tmpfs as "/" with nothing of the host beneath.
	if err := unix.PivotRoot(".", "."); err != nil {
		_ = os.Chdir("/")
		_ = unix.Unmount(root, unix.MNT_DETACH)
		return fmt.Errorf("pivot_root: %w", err)
	}
	if err := unix.Unmount(".", unix.MNT_DETACH); err != nil {
		// Pivoted with the host still in view: nothing to fall back to.
		panic(fmt.Sprintf("sidecar: detach the old root after pivot_root: %v", err))
	}
	return os.Chdir("/")
}

// rootMount is a detached mount to attach in the private root.
type rootMount struct {
	fd    int
	dst   string
	flags uintptr
}

// fillRoot attaches the mounts and a /proc in the tmpfs at root and makes
// the tmpfs read-only.
func fillRoot(root string, mnts []rootMount) error {
	for _, m := range mnts {
		dst := filepath.Join(root, m.dst)
		if err := os.Mkdir(dst, 0o755); err != nil {
			return err
		}
		if err := unix.MoveMount(m.fd, "", unix.AT_FDCWD, dst, unix.MOVE_MOUNT_F_EMPTY_PATH); err != nil {
			return fmt.Errorf("attach %s: %w", m.dst, err)
		}
		if err := remountBind(dst, m.flags); err != nil {
			return fmt.Errorf("remount %s: %w", m.dst, err)
		}
	}
	proc := filepath.Join(root, rootProc)
	if err := os.Mkdir(proc, 0o555); err != nil {
		return err
	}
	if refuseProcMount {
		return fmt.Errorf("mount /proc: %w", unix.EPERM)
	}
	if err := unix.Mount("proc", proc, "proc", unix.MS_NOSUID|unix.MS_NODEV|unix.MS_NOEXEC, "subset=pid"); err != nil {
		return fmt.Errorf("mount /proc: %w", err)
	}
	if err := remountBind(root, unix.MS_RDONLY|unix.MS_NOSUID|unix.MS_NODEV|unix.MS_NOEXEC); err != nil {
		return fmt.Errorf("remount root read-only: %w", err)
	}
	return nil
}

// refuseProcMount stands in, in tests, for a container that masks paths
// of its /proc, where a new proc cannot be mounted.
var refuseProcMount bool

// remountBind adds flags to a bind mount, keeping those it has: a mount
// inherited from a more privileged namespace has its flags locked, and a
// remount that would clear one is refused.
func remountBind(path string, flags uintptr) error {
	var st unix.Statfs_t
	if err := unix.Statfs(path, &st); err != nil {
		return err
	}
	keep := []struct{ st, ms uintptr }{
		{unix.ST_RDONLY, unix.MS_RDONLY}, {unix.ST_NOSUID, unix.MS_NOSUID}, {unix.ST_NODEV, unix.MS_NODEV},
		{unix.ST_NOEXEC, unix.MS_NOEXEC}, {unix.ST_NOATIME, unix.MS_NOATIME},
		{unix.ST_NODIRATIME, unix.MS_NODIRATIME}, {unix.ST_RELATIME, unix.MS_RELATIME},
	}
	for _, k := range keep {
		if uintptr(st.Flags)&k.st != 0 {
			flags |= k.ms
		}
	}
	return unix.Mount("", path, "", unix.MS_BIND|unix.MS_REMOUNT|flags, "")
}

// The Landlock rights of each part of the sidecar's filesystem.
const (
	llVMs = llsys.AccessFSReadFile | llsys.AccessFSWriteFile | llsys.AccessFSReadDir |
		llsys.AccessFSRemoveDir | llsys.AccessFSRemoveFile | llsys.AccessFSMakeDir |
		llsys.AccessFSMakeReg | llsys.AccessFSTruncate | llsys.AccessFSRefer
	llCache = llsys.AccessFSReadFile | llsys.AccessFSReadDir
)

// restrictLandlock confines every thread to the VM directory (read-write;
// no devices, sockets, fifos or symlinks) and the cache (read-only); no
// other file can be opened, listed or executed (but for listing beneath
// /proc/<pid>/task, which go-landlock adds under cgo for libpsx). It also handles TCP (no rule: no bind, no connect)
// and scopes signals and abstract unix sockets to the domain where the
// kernel knows them. It returns the Landlock ABI used. go-landlock sets
// no_new_privs on every thread first.
func restrictLandlock(vms, cache string) (int, error) {
	abi, err := llsys.LandlockGetABIVersion()
	if err != nil {
		return 0, err
	}
	if abi < 1 {
		return 0, errors.New("landlock is not enabled")
	}
	rules := []landlock.Rule{landlock.PathAccess(llVMs, vms)}
	if cache != "" {
		rules = append(rules, landlock.PathAccess(llCache, cache))
	}
	if err := landlock.V7.BestEffort().Restrict(rules...); err != nil {
		return 0, err
	}
	return min(abi, 7), nil
}

// Secure bits that keep uid 0 from meaning privilege, locked so they stay.
const noRootSecbits = 1<<0 | 1<<1 | // SECBIT_NOROOT, _LOCKED
	1<<2 | 1<<3 | // SECBIT_NO_SETUID_FIXUP, _LOCKED
	1<<5 | // SECBIT_KEEP_CAPS_LOCKED
	1<<6 | 1<<7 // SECBIT_NO_CAP_AMBIENT_RAISE, _LOCKED

// dropCapabilities empties every thread's capability sets, bounding and
// ambient included; uid 0 gets nothing back from exec under SECBIT_NOROOT.
func dropCapabilities() error {
	if capabilitiesEmpty() {
		// A process that is not root holds nothing in effect, but emptying
		// the bounding set takes CAP_SETPCAP (no_new_privs makes it moot).
		for c := uintptr(0); ; c++ {
			v, err := unix.PrctlRetInt(unix.PR_CAPBSET_READ, c, 0, 0, 0)
			if err != nil {
				return nil
			}
			if v == 1 {
				return errors.New("the bounding set cannot be emptied without CAP_SETPCAP (effective, permitted and inheritable hold nothing)")
			}
		}
	}
	if err := allThreads(unix.SYS_PRCTL, unix.PR_SET_SECUREBITS, noRootSecbits, 0, 0); err != nil {
		return fmt.Errorf("securebits: %w", err)
	}
	if err := allThreads(unix.SYS_PRCTL, unix.PR_CAP_AMBIENT, unix.PR_CAP_AMBIENT_CLEAR_ALL, 0, 0); err != nil {
		return fmt.Errorf("clear ambient: %w", err)
	}
	if err := dropBounding(); err != nil {
		return err
	}
	hdr := unix.CapUserHeader{Version: unix.LINUX_CAPABILITY_VERSION_3}
	var data [2]unix.CapUserData
	err := allThreads(unix.SYS_CAPSET, uintptr(unsafe.Pointer(&hdr)), uintptr(unsafe.Pointer(&data[0])), 0, 0)
	runtime.KeepAlive(&hdr)
	runtime.KeepAlive(&data)
	if err != nil {
		return fmt.Errorf("capset: %w", err)
	}
	return nil
}

// switchUser makes a root sidecar without a user namespace the sidecar ids
// on every thread (Go's Setres*id reach them all, /proc or not), so no
// owner check on a host file passes for it. With psxOK the ambient and
// bounding sets are emptied first (that takes CAP_SETPCAP, which the switch
// ends); the switch itself empties every thread's effective and permitted
// sets. It returns what is left undone of the capability drop, and an
// error if the switch itself failed.
func switchUser(uid, gid int, psxOK bool) (capsErr, err error) {
	if psxOK {
		if err := allThreads(unix.SYS_PRCTL, unix.PR_CAP_AMBIENT, unix.PR_CAP_AMBIENT_CLEAR_ALL, 0, 0); err != nil {
			return nil, fmt.Errorf("clear ambient: %w", err)
		}
		if err := dropBounding(); err != nil {
			return nil, err
		}
	} else {
		capsErr = errors.New("the bounding set is kept: without a /proc of its own libpsx cannot reach every thread (the switch from uid 0 still empties every effective and permitted set)")
	}
	if err := syscall.Setgroups(nil); err != nil {
		return nil, fmt.Errorf("setgroups: %w", err)
	}
	if err := syscall.Setresgid(gid, gid, gid); err != nil {
		return nil, fmt.Errorf("setresgid: %w", err)
	}
	if err := syscall.Setresuid(uid, uid, uid); err != nil {
		return nil, fmt.Errorf("setresuid: %w", err)
	}
	if !capabilitiesEmpty() {
		return nil, errors.New("capabilities survived the switch of ids")
	}
	return capsErr, nil
}

// dropBounding empties every thread's bounding set, up to the last
// capability this kernel knows (PR_CAPBSET_READ fails past it).
func dropBounding() error {
	for c := uintptr(0); ; c++ {
		if _, err := unix.PrctlRetInt(unix.PR_CAPBSET_READ, c, 0, 0, 0); err != nil {
			return nil
		}
		if err := allThreads(unix.SYS_PRCTL, unix.PR_CAPBSET_DROP, c, 0, 0); err != nil {
			return fmt.Errorf("drop capability %d from the bounding set: %w", c, err)
		}
	}
}

// allThreads makes a system call on every thread of the process.
func allThreads(nr, a1, a2, a3, a4 uintptr) error {
	if _, _, e := psx.Syscall6(nr, a1, a2, a3, a4, 0, 0); e != 0 {
		return e
	}
	return nil
}

// capabilitiesEmpty reports whether the calling thread holds no capability
// in its effective, permitted and inheritable sets.
func capabilitiesEmpty() bool {
	hdr := unix.CapUserHeader{Version: unix.LINUX_CAPABILITY_VERSION_3}
	var data [2]unix.CapUserData
	if err := unix.Capget(&hdr, &data[0]); err != nil {
		return false
	}
	for _, d := range data {
		if d.Effective|d.Permitted|d.Inheritable != 0 {
			return false
		}
	}
	return true
}
