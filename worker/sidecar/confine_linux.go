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
// a Go program has many from its first instruction (with cgo, glibc's,
// which syscall.AllThreadsSyscall refuses to reach). libpsx runs each of
// those calls on every thread; it finds them in /proc/<pid>/task, which is
// why the private root has a /proc (of the sidecar alone, and Landlock lets
// it list that one directory and open nothing else there).

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
	// Detached mounts of the same from a root worker (see
	// detachedMounts); -1 where the sidecar binds the host path instead.
	vmFD, cacheFD int
}

// confine applies the layers above to the whole process and returns what
// it applied and the paths the VM directory and the cache now have. A layer
// it cannot apply is an error under SandboxStrict and listed as missing
// otherwise.
func confine(a confineArgs) (rep *jobs.Sandbox, dir, cacheDir string, err error) {
	rep = &jobs.Sandbox{Mode: string(a.mode), Namespaces: a.namespaces}
	refuse := func(layer string, err error) error {
		if a.mode == SandboxStrict {
			return fmt.Errorf("sandbox layer %s: %w", layer, err)
		}
		rep.Missing = append(rep.Missing, layer+": "+err.Error())
		return nil
	}
	// A guest must never hold a handle on a host directory: openat(fd,
	// "..") would walk out of the private root.
	defer func() {
		for _, fd := range []int{a.vmFD, a.cacheFD} {
			if fd >= 0 {
				unix.Close(fd)
			}
		}
	}()
	if rep.UID, rep.GID, err = outsideIDs(); err != nil {
		return nil, "", "", fmt.Errorf("read id maps: %w", err)
	}
	dir, cacheDir = a.dir, a.cacheDir
	if slices.Contains(a.namespaces, "mnt") {
		tree, err := privateTree(a)
		if err == nil {
			// Reachable whatever happens next: the sidecar's unprivileged
			// id may not traverse the host paths to them.
			dir = filepath.Join(tree, rootVMs)
			if cacheDir != "" {
				cacheDir = filepath.Join(tree, rootCache)
			}
			err = pivotInto(tree)
		}
		if err != nil {
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
	if slices.Contains(a.namespaces, "pid") && !rep.PrivateRoot {
		// The host's /proc names another process by this one's pid.
		err := errors.New("in a PID namespace without a /proc of its own, threads cannot be found")
		for _, layer := range []string{"landlock", "capabilities"} {
			if err := refuse(layer, err); err != nil {
				return nil, "", "", err
			}
		}
		return rep, dir, cacheDir, nil
	}
	if abi, err := restrictLandlock(dir, cacheDir, "/proc/self/task"); err != nil {
		if err := refuse("landlock", err); err != nil {
			return nil, "", "", err
		}
	} else {
		rep.Landlock = abi
	}
	if err := dropCapabilities(); err != nil {
		if err := refuse("capabilities", err); err != nil {
			return nil, "", "", err
		}
	} else {
		rep.NoCapabilities = true
	}
	return rep, dir, cacheDir, nil
}

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

// privateTree mounts a tmpfs holding the VM directory and the cache (from
// the worker's detached mounts, or bound from their paths), in this mount
// namespace only, and returns where.
func privateTree(a confineArgs) (root string, err error) {
	// Nothing mounted here may propagate back to the host.
	if err := unix.Mount("", "/", "", unix.MS_REC|unix.MS_PRIVATE, ""); err != nil {
		return "", fmt.Errorf("make mounts private: %w", err)
	}
	for _, dir := range []string{"/tmp", "/mnt", "/run", "/var/tmp"} {
		if st, err := os.Stat(dir); err == nil && st.IsDir() {
			root = dir
			break
		}
	}
	if root == "" {
		return "", errors.New("no directory to mount the new root on")
	}
	if err := unix.Mount("tmpfs", root, "tmpfs", unix.MS_NOSUID|unix.MS_NODEV|unix.MS_NOEXEC,
		"mode=0755,size=64k,nr_inodes=64"); err != nil {
		return "", fmt.Errorf("mount tmpfs root: %w", err)
	}
	defer func() {
		if err != nil {
			// The tmpfs must not hide the host directory it was mounted over.
			_ = unix.Unmount(root, unix.MNT_DETACH)
		}
	}()
	type mnt struct {
		fd       int    // a detached mount to attach, or -1
		src, dst string // else the path to bind
		flags    uintptr
	}
	const ro, hidden = unix.MS_RDONLY | unix.MS_NOSUID | unix.MS_NODEV, unix.MS_NOSUID | unix.MS_NODEV | unix.MS_NOEXEC
	mnts := []mnt{{a.vmFD, a.dir, rootVMs, hidden}}
	if a.cacheDir != "" {
		mnts = append(mnts, mnt{a.cacheFD, a.cacheDir, rootCache, ro | unix.MS_NOEXEC})
	}
	for _, m := range mnts {
		dst := filepath.Join(root, m.dst)
		if err := os.Mkdir(dst, 0o755); err != nil {
			return "", err
		}
		if m.fd >= 0 {
			if err := unix.MoveMount(m.fd, "", unix.AT_FDCWD, dst, unix.MOVE_MOUNT_F_EMPTY_PATH); err != nil {
				return "", fmt.Errorf("attach %s: %w", m.dst, err)
			}
		} else if err := unix.Mount(m.src, dst, "", unix.MS_BIND, ""); err != nil {
			return "", fmt.Errorf("bind %s: %w", m.dst, err)
		}
		if err := remountBind(dst, m.flags); err != nil {
			return "", fmt.Errorf("remount %s: %w", m.dst, err)
		}
	}
	return root, nil
}

// pivotInto makes the tree the root of this mount namespace, with a /proc
// of the sidecar's PID namespace showing nothing but its own process, and
// nothing of the host beneath.
func pivotInto(root string) error {
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
	if err := os.Chdir(root); err != nil {
		return err
	}
	// pivot_root(".", ".") stacks the old root on the new one; detaching
	// it leaves the tmpfs as "/" with nothing of the host beneath.
	if err := unix.PivotRoot(".", "."); err != nil {
		return fmt.Errorf("pivot_root: %w", err)
	}
	if err := unix.Unmount(".", unix.MNT_DETACH); err != nil {
		return fmt.Errorf("detach the old root: %w", err)
	}
	return os.Chdir("/")
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
	llTasks = llsys.AccessFSReadDir
)

// restrictLandlock confines every thread to the VM directory (read-write;
// no devices, sockets, fifos or symlinks), the cache (read-only) and a
// listing of its own threads (for libpsx); no other file can be opened,
// listed or executed. It also handles TCP (no rule: no bind, no connect)
// and scopes signals and abstract unix sockets to the domain where the
// kernel knows them. It returns the Landlock ABI used. go-landlock sets
// no_new_privs on every thread first.
func restrictLandlock(vms, cache, tasks string) (int, error) {
	abi, err := llsys.LandlockGetABIVersion()
	if err != nil {
		return 0, err
	}
	if abi < 1 {
		return 0, errors.New("landlock is not enabled")
	}
	rules := []landlock.Rule{
		landlock.PathAccess(llVMs, vms),
		landlock.PathAccess(llTasks, tasks),
	}
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
	if err := allThreads(unix.SYS_PRCTL, unix.PR_SET_SECUREBITS, noRootSecbits, 0, 0); err != nil {
		return fmt.Errorf("securebits: %w", err)
	}
	if err := allThreads(unix.SYS_PRCTL, unix.PR_CAP_AMBIENT, unix.PR_CAP_AMBIENT_CLEAR_ALL, 0, 0); err != nil {
		return fmt.Errorf("clear ambient: %w", err)
	}
	for c := uintptr(0); ; c++ {
		// Up to the last capability this kernel knows (EINVAL past it).
		if _, err := unix.PrctlRetInt(unix.PR_CAPBSET_READ, c, 0, 0, 0); err != nil {
			break
		}
		if err := allThreads(unix.SYS_PRCTL, unix.PR_CAPBSET_DROP, c, 0, 0); err != nil {
			return fmt.Errorf("drop capability %d from the bounding set: %w", c, err)
		}
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
