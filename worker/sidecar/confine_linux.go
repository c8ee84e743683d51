package sidecar

import (
	"bufio"
	"debug/elf"
	"encoding/base64"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"

	"github.com/landlock-lsm/go-landlock/landlock"
	llsys "github.com/landlock-lsm/go-landlock/landlock/syscall"
	"github.com/vmihailenco/msgpack/v5"
	"golang.org/x/sys/unix"

	"github.com/natsexec/natsexec/jobs"
)

// A sandboxed sidecar starts in two stages, both this binary.
//
// Stage 1 runs as uid 0 of its own user namespace, with every capability
// of that namespace and none outside it. It builds a private root (a
// read-only tmpfs holding the VM directory, the compilation cache, the
// binary and its ELF loader, each bind-mounted), pivots into it, then, on
// the one thread it is locked to, sets no_new_privs, restricts itself with
// Landlock and drops every capability, bounding set included, and execs
// stage 2.
//
// Why the exec: capabilities, no_new_privs and Landlock domains belong to a
// thread, and a Go program has many from its first instruction (with cgo,
// glibc's, which Go cannot reach with AllThreadsSyscall). A new program
// image starts from the exec'ing thread's credentials alone, and every
// thread it makes inherits them: the kernel, not a signal broadcast over
// /proc, guarantees that no thread keeps a privilege.
//
// Stage 2 (flag --confined) installs the seccomp allow-list on all its
// threads (TSYNC), sets rlimits and serves frames.

// Paths inside a sidecar's private root.
const (
	rootVMs    = "/vms"
	rootCache  = "/cache"
	rootBinary = "/sidecar"
)

// Namespace names, as the handshake and results report them.
var allNamespaces = []string{"user", "pid", "mnt", "net", "ipc", "uts", "cgroup"}

// confineArgs is what stage 1 needs from its flags.
type confineArgs struct {
	mode       Sandbox
	namespaces []string
	dir        string // host path of the VM base directory
	cacheDir   string // host path of the cache, empty for none
	// Detached mounts of the same, and of the binary, from a root worker
	// (see detachedMounts); -1 where stage 1 binds the host path instead.
	vmFD, binaryFD, cacheFD int
}

// confine is stage 1. It returns only when it cannot go on: strict mode
// and a layer refused, or the exec itself failed.
func confine(a confineArgs) error {
	// The thread that drops privileges must be the one that execs.
	runtime.LockOSThread()
	rep := jobs.Sandbox{Mode: string(a.mode), Namespaces: a.namespaces}
	refuse := func(layer string, err error) error {
		if a.mode == SandboxStrict {
			return fmt.Errorf("sandbox layer %s: %w", layer, err)
		}
		rep.Missing = append(rep.Missing, layer+": "+err.Error())
		return nil
	}
	// Stage 2 must not inherit a handle on a host directory: openat(fd,
	// "..") would walk out of the private root.
	for _, fd := range []int{a.vmFD, a.binaryFD, a.cacheFD} {
		if fd >= 0 {
			unix.CloseOnExec(fd)
		}
	}
	uid, gid, err := outsideIDs()
	if err != nil {
		return fmt.Errorf("read id maps: %w", err)
	}
	rep.UID, rep.GID = uid, gid

	exe, dir, cacheDir := "/proc/self/exe", a.dir, a.cacheDir
	loader, err := loaderFiles()
	if err != nil {
		return fmt.Errorf("find the ELF loader: %w", err)
	}
	if slices.Contains(a.namespaces, "mnt") {
		if err := pivotToPrivateRoot(a, loader); err != nil {
			if err := refuse("private_root", err); err != nil {
				return err
			}
		} else {
			rep.PrivateRoot = true
			exe, dir = rootBinary, rootVMs
			if cacheDir != "" {
				cacheDir = rootCache
			}
		}
	} else if err := refuse("private_root", errors.New("no mount namespace")); err != nil {
		return err
	}

	if err := unix.Prctl(unix.PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0); err != nil {
		if err := refuse("no_new_privs", err); err != nil {
			return err
		}
	} else {
		rep.NoNewPrivs = true
	}
	if abi, err := restrictLandlock(dir, cacheDir, exe, loader); err != nil {
		if err := refuse("landlock", err); err != nil {
			return err
		}
	} else {
		rep.Landlock = abi
	}
	if err := dropCapabilities(); err != nil {
		if err := refuse("capabilities", err); err != nil {
			return err
		}
	} else {
		rep.NoCapabilities = true
	}

	report, err := msgpack.Marshal(&rep)
	if err != nil {
		return err
	}
	argv := append(slices.Clip(os.Args),
		"--dir="+dir, "--cache-dir="+cacheDir,
		"--confined="+base64.RawURLEncoding.EncodeToString(report))
	return fmt.Errorf("exec %s: %w", exe, unix.Exec(exe, argv, []string{}))
}

// decodeConfined reads stage 1's report from stage 2's flag.
func decodeConfined(s string) (*jobs.Sandbox, error) {
	b, err := base64.RawURLEncoding.DecodeString(s)
	if err != nil {
		return nil, err
	}
	var rep jobs.Sandbox
	if err := msgpack.Unmarshal(b, &rep); err != nil {
		return nil, err
	}
	return &rep, nil
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

// loaderFiles are the files the kernel and the dynamic loader open to start
// this binary again: its ELF interpreter (at the path the binary names)
// and every shared object mapped now. A static binary needs none.
func loaderFiles() ([]string, error) {
	exe, err := os.Readlink("/proc/self/exe")
	if err != nil {
		return nil, err
	}
	var files []string
	f, err := elf.Open("/proc/self/exe")
	if err != nil {
		return nil, err
	}
	for _, p := range f.Progs {
		if p.Type != elf.PT_INTERP {
			continue
		}
		b := make([]byte, p.Filesz)
		if _, err := p.ReadAt(b, 0); err != nil {
			f.Close()
			return nil, fmt.Errorf("read PT_INTERP: %w", err)
		}
		files = append(files, strings.TrimRight(string(b), "\x00"))
	}
	f.Close()
	maps, err := os.Open("/proc/self/maps")
	if err != nil {
		return nil, err
	}
	defer maps.Close()
	sc := bufio.NewScanner(maps)
	for sc.Scan() {
		// address perms offset dev inode path
		f := strings.Fields(sc.Text())
		if len(f) < 6 || f[4] == "0" || !strings.HasPrefix(f[5], "/") {
			continue
		}
		if p := f[5]; p != exe && !slices.Contains(files, p) {
			files = append(files, p)
		}
	}
	return files, sc.Err()
}

// pivotToPrivateRoot makes a tmpfs holding only what the sidecar needs the
// root of this mount namespace: the VM directory, the binary and the cache
// (from the worker's detached mounts, or bound from their paths), and the
// ELF loader's files.
func pivotToPrivateRoot(a confineArgs, loader []string) error {
	// Nothing mounted here may propagate back to the host.
	if err := unix.Mount("", "/", "", unix.MS_REC|unix.MS_PRIVATE, ""); err != nil {
		return fmt.Errorf("make mounts private: %w", err)
	}
	root := ""
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
	exe, err := os.Readlink("/proc/self/exe")
	if err != nil {
		return err
	}
	type mnt struct {
		fd       int    // a detached mount to attach, or -1
		src, dst string // else the path to bind
		dir      bool
		flags    uintptr
	}
	const ro, hidden = unix.MS_RDONLY | unix.MS_NOSUID | unix.MS_NODEV, unix.MS_NOSUID | unix.MS_NODEV | unix.MS_NOEXEC
	mnts := []mnt{
		{a.vmFD, a.dir, rootVMs, true, hidden},
		{a.binaryFD, exe, rootBinary, false, ro},
	}
	if a.cacheDir != "" {
		mnts = append(mnts, mnt{a.cacheFD, a.cacheDir, rootCache, true, ro | unix.MS_NOEXEC})
	}
	for _, p := range loader {
		mnts = append(mnts, mnt{-1, p, p, false, ro})
	}
	for _, m := range mnts {
		dst := filepath.Join(root, m.dst)
		if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
			return err
		}
		if m.dir {
			if err := os.Mkdir(dst, 0o755); err != nil && !errors.Is(err, os.ErrExist) {
				return err
			}
		} else if err := os.WriteFile(dst, nil, 0o644); err != nil {
			return err
		}
		if m.fd >= 0 {
			if err := unix.MoveMount(m.fd, "", unix.AT_FDCWD, dst, unix.MOVE_MOUNT_F_EMPTY_PATH); err != nil {
				return fmt.Errorf("attach %s: %w", m.dst, err)
			}
			unix.Close(m.fd)
		} else if err := unix.Mount(m.src, dst, "", unix.MS_BIND, ""); err != nil {
			return fmt.Errorf("bind %s: %w", m.dst, err)
		}
		if err := remountBind(dst, m.flags); err != nil {
			return fmt.Errorf("remount %s: %w", m.dst, err)
		}
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
	llCache  = llsys.AccessFSReadFile | llsys.AccessFSReadDir
	llLoader = llsys.AccessFSReadFile | llsys.AccessFSExecute
)

// restrictLandlock confines this thread (and so the program it execs) to
// the VM directory (read-write; no devices, sockets, fifos or symlinks),
// the cache (read-only) and the binary and loader (read and execute). It
// also handles TCP (no rule: no bind, no connect) and scopes signals and
// abstract unix sockets to the domain where the kernel knows them. It
// returns the Landlock ABI used.
//
// go-landlock builds the ruleset and downgrades it to the kernel's ABI;
// its Restrict* functions apply the domain to every thread through psx,
// which walks /proc/<pid>/task: this thread is the only one that matters
// here (it execs), so it is restricted directly.
func restrictLandlock(vms, cache, exe string, loader []string) (int, error) {
	abi, err := llsys.LandlockGetABIVersion()
	if err != nil {
		return 0, err
	}
	if abi < 1 {
		return 0, errors.New("landlock is not enabled")
	}
	rules := []landlock.Rule{
		landlock.PathAccess(llVMs, vms),
		landlock.PathAccess(llLoader, append([]string{exe}, loader...)...),
	}
	if cache != "" {
		rules = append(rules, landlock.PathAccess(llCache, cache))
	}
	cfg := landlock.V7.BestEffort()
	fd, flags, err := cfg.NewRulesetFD(rules...)
	if err != nil {
		return 0, err
	}
	if fd < 0 {
		return 0, errors.New("nothing to restrict at this ABI")
	}
	defer unix.Close(fd)
	if err := llsys.LandlockRestrictSelf(fd, flags); err != nil {
		return 0, fmt.Errorf("landlock_restrict_self: %w", err)
	}
	return min(abi, 7), nil
}

// Secure bits that keep uid 0 from meaning privilege, locked so they stay.
const noRootSecbits = 1<<0 | 1<<1 | // SECBIT_NOROOT, _LOCKED
	1<<2 | 1<<3 | // SECBIT_NO_SETUID_FIXUP, _LOCKED
	1<<5 | // SECBIT_KEEP_CAPS_LOCKED
	1<<6 | 1<<7 // SECBIT_NO_CAP_AMBIENT_RAISE, _LOCKED

// dropCapabilities empties this thread's capability sets, bounding and
// ambient included, so the exec'd program starts with none and can never
// regain one (uid 0 gets nothing from exec under SECBIT_NOROOT).
func dropCapabilities() error {
	if err := unix.Prctl(unix.PR_SET_SECUREBITS, noRootSecbits, 0, 0, 0); err != nil {
		return fmt.Errorf("securebits: %w", err)
	}
	if err := unix.Prctl(unix.PR_CAP_AMBIENT, unix.PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0); err != nil {
		return fmt.Errorf("clear ambient: %w", err)
	}
	for c := uintptr(0); ; c++ {
		err := unix.Prctl(unix.PR_CAPBSET_DROP, c, 0, 0, 0)
		if errors.Is(err, unix.EINVAL) {
			break // past the last capability the kernel knows
		}
		if err != nil {
			return fmt.Errorf("drop capability %d from the bounding set: %w", c, err)
		}
	}
	hdr := unix.CapUserHeader{Version: unix.LINUX_CAPABILITY_VERSION_3}
	var data [2]unix.CapUserData
	if err := unix.Capset(&hdr, &data[0]); err != nil {
		return fmt.Errorf("capset: %w", err)
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
