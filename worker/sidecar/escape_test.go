package sidecar

import (
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"os"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
	"unsafe"

	"golang.org/x/sys/unix"

	"github.com/natsexec/natsexec/jobs"
	"github.com/natsexec/natsexec/worker/sidecar/sidecartest"
)

// What an attacker who escaped goja or wazero (native code running in the
// sidecar) would try first. Each probe runs inside a real sidecar on the
// production path (spawned by Spawn, confined and hardened by Main) in
// place of serving frames. This door exists only in this test binary:
// production sidecars leave afterHarden nil.

// probeArg is the first ExtraArg that steers a test sidecar into a probe.
const probeArg = "escape-probe"

// probeOutcome is what a probe reports on stderr.
type probeOutcome struct {
	Probe string `json:"probe"`
	Errno string `json:"errno"` // the errno name, "" for success
	Note  string `json:"note"`
}

// probe is one attempt: it returns the error the kernel gave, or nil if
// the attempt worked (an escape).
type probe func(worker probeTarget) (note string, err error)

// probeTarget is what the test tells a probe about the world outside.
type probeTarget struct {
	WorkerPID int    `json:"worker_pid"`
	Binary    string `json:"binary"` // the worker's binary, by host path
}

func rawErr(_, _ uintptr, e syscall.Errno) error {
	if e != 0 {
		return e
	}
	return nil
}

func sys(nr uintptr, args ...uintptr) error {
	var a [6]uintptr
	copy(a[:], args)
	return rawErr(unix.Syscall6(nr, a[0], a[1], a[2], a[3], a[4], a[5]))
}

func cstr(s string) uintptr {
	b := append([]byte(s), 0)
	return uintptr(unsafe.Pointer(&b[0]))
}

// refusedProbes must fail with an error and leave the sidecar running.
var refusedProbes = map[string]probe{
	"socket_inet":    func(probeTarget) (string, error) { return "", sys(unix.SYS_SOCKET, unix.AF_INET, unix.SOCK_STREAM, 0) },
	"socket_inet6":   func(probeTarget) (string, error) { return "", sys(unix.SYS_SOCKET, unix.AF_INET6, unix.SOCK_DGRAM, 0) },
	"socket_unix":    func(probeTarget) (string, error) { return "", sys(unix.SYS_SOCKET, unix.AF_UNIX, unix.SOCK_STREAM, 0) },
	"socket_netlink": func(probeTarget) (string, error) { return "", sys(unix.SYS_SOCKET, unix.AF_NETLINK, unix.SOCK_RAW, 0) },
	"socketpair": func(probeTarget) (string, error) {
		var fds [2]int32
		return "", sys(unix.SYS_SOCKETPAIR, unix.AF_UNIX, unix.SOCK_STREAM, 0, uintptr(unsafe.Pointer(&fds)))
	},
	"kill_worker": func(w probeTarget) (string, error) {
		return "", sys(unix.SYS_KILL, uintptr(w.WorkerPID), uintptr(syscall.SIGKILL))
	},
	"kill_everyone": func(probeTarget) (string, error) { return "", sys(unix.SYS_KILL, ^uintptr(0), 0) }, // kill(-1, 0)
	"tgkill_worker": func(w probeTarget) (string, error) {
		return "", sys(unix.SYS_TGKILL, uintptr(w.WorkerPID), uintptr(w.WorkerPID), uintptr(syscall.SIGKILL))
	},
	"fork": func(probeTarget) (string, error) {
		// clone without CLONE_THREAD makes a process; on success both
		// would return here, so success ends the child at once.
		r, _, e := unix.RawSyscall6(unix.SYS_CLONE, uintptr(syscall.SIGCHLD), 0, 0, 0, 0, 0)
		if e == 0 && r == 0 {
			unix.RawSyscall(unix.SYS_EXIT_GROUP, 0, 0, 0)
		}
		return "", rawErr(r, 0, e)
	},
	"clone_thread_newnet": func(probeTarget) (string, error) {
		return "", sys(unix.SYS_CLONE, unix.CLONE_THREAD|unix.CLONE_VM|unix.CLONE_SIGHAND|unix.CLONE_NEWNET, 0, 0, 0, 0)
	},
	"clone3": func(probeTarget) (string, error) { return "", sys(unix.SYS_CLONE3, 0, 0) },
	"setuid_root_outside": func(probeTarget) (string, error) {
		err := sys(unix.SYS_SETRESUID, 1000, 1000, 1000)
		return fmt.Sprintf("uid now %d", os.Getuid()), err
	},
	"setgroups": func(probeTarget) (string, error) { return "", sys(unix.SYS_SETGROUPS, 0, 0) },
	"read_etc_passwd": func(probeTarget) (string, error) {
		_, err := os.ReadFile("/etc/passwd")
		return "", err
	},
	"read_worker_binary": func(w probeTarget) (string, error) {
		_, err := os.ReadFile(w.Binary)
		return "", err
	},
	"read_proc_1_environ": func(probeTarget) (string, error) {
		_, err := os.ReadFile("/proc/1/environ")
		return "", err
	},
	"list_root": func(probeTarget) (string, error) {
		_, err := os.ReadDir("/")
		return "", err
	},
	"write_root": func(probeTarget) (string, error) { return "", os.WriteFile("/escape", []byte("x"), 0o644) },
	"write_cache": func(probeTarget) (string, error) {
		return "", os.WriteFile(rootCache+"/escape", []byte("x"), 0o644)
	},
	"open_proc_exe": func(probeTarget) (string, error) {
		f, err := os.Open("/proc/1/exe")
		if err == nil {
			f.Close()
		}
		return "", err
	},
	"write_proc_mem": func(probeTarget) (string, error) {
		f, err := os.OpenFile("/proc/self/mem", os.O_RDWR, 0)
		if err == nil {
			f.Close()
		}
		return "", err
	},
	"symlink_in_vms": func(probeTarget) (string, error) { return "", os.Symlink("/", rootVMs+"/link") },
	"ioctl_tiocsti": func(probeTarget) (string, error) {
		c := byte('x')
		return "", sys(unix.SYS_IOCTL, 2, unix.TIOCSTI, uintptr(unsafe.Pointer(&c)))
	},
	"prctl_set_dumpable": func(probeTarget) (string, error) { return "", sys(unix.SYS_PRCTL, unix.PR_SET_DUMPABLE, 1) },
	"personality":        func(probeTarget) (string, error) { return "", sys(unix.SYS_PERSONALITY, 0x0040000) }, // ADDR_NO_RANDOMIZE
	"fcntl_setown": func(probeTarget) (string, error) {
		// With O_ASYNC, the kernel would signal this owner for the sidecar.
		return "", sys(unix.SYS_FCNTL, 2, unix.F_SETOWN, 1)
	},
	"inherited_fds": func(probeTarget) (string, error) {
		// Descriptors the sidecar did not open itself have no close-on-exec.
		var leaked []string
		for fd := 3; fd < 1024; fd++ {
			if flags, err := unix.FcntlInt(uintptr(fd), unix.F_GETFD, 0); err == nil && flags&unix.FD_CLOEXEC == 0 {
				leaked = append(leaked, strconv.Itoa(fd))
			}
		}
		if len(leaked) > 0 {
			return "leaked: " + strings.Join(leaked, ","), nil
		}
		return "", errors.New("none")
	},
}

// killedProbes must kill the sidecar with SIGSYS before the call does
// anything.
var killedProbes = map[string]probe{
	"io_uring_setup": func(probeTarget) (string, error) {
		var params [120]byte
		return "", sys(unix.SYS_IO_URING_SETUP, 8, uintptr(unsafe.Pointer(&params)))
	},
	"pidfd_open_worker": func(w probeTarget) (string, error) {
		return "", sys(unix.SYS_PIDFD_OPEN, uintptr(w.WorkerPID), 0)
	},
	"pidfd_getfd": func(probeTarget) (string, error) { return "", sys(unix.SYS_PIDFD_GETFD, 0, 2, 0) },
	"ptrace_attach": func(w probeTarget) (string, error) {
		return "", sys(unix.SYS_PTRACE, unix.PTRACE_ATTACH, uintptr(w.WorkerPID))
	},
	"process_vm_readv": func(w probeTarget) (string, error) {
		return "", sys(unix.SYS_PROCESS_VM_READV, uintptr(w.WorkerPID), 0, 0, 0, 0, 0)
	},
	"open_by_handle_at": func(probeTarget) (string, error) { return "", sys(unix.SYS_OPEN_BY_HANDLE_AT, 0, 0, 0) },
	"mount_tmpfs": func(probeTarget) (string, error) {
		return "", sys(unix.SYS_MOUNT, cstr("tmpfs"), cstr(rootVMs), cstr("tmpfs"), 0, 0)
	},
	"fsopen":  func(probeTarget) (string, error) { return "", sys(unix.SYS_FSOPEN, cstr("tmpfs"), 0) },
	"unshare": func(probeTarget) (string, error) { return "", sys(unix.SYS_UNSHARE, unix.CLONE_NEWUSER) },
	"execve": func(probeTarget) (string, error) {
		argv := []uintptr{cstr("/proc/self/exe"), 0}
		return "", sys(unix.SYS_EXECVE, cstr("/proc/self/exe"), uintptr(unsafe.Pointer(&argv[0])), 0)
	},
	"mknod": func(probeTarget) (string, error) {
		return "", sys(unix.SYS_MKNODAT, atFDCWD, cstr(rootVMs+"/null"), unix.S_IFCHR|0o666, uintptr(unix.Mkdev(1, 3)))
	},
	"bpf": func(probeTarget) (string, error) { return "", sys(unix.SYS_BPF, 0, 0, 0) },
	"perf_event_open": func(probeTarget) (string, error) {
		return "", sys(unix.SYS_PERF_EVENT_OPEN, 0, 0, ^uintptr(0), ^uintptr(0), 0)
	},
	"keyctl":            func(probeTarget) (string, error) { return "", sys(unix.SYS_KEYCTL, 0, 0) },
	"kexec_file_load":   func(probeTarget) (string, error) { return "", sys(unix.SYS_KEXEC_FILE_LOAD, 0, 0, 0, 0, 0) },
	"finit_module":      func(probeTarget) (string, error) { return "", sys(unix.SYS_FINIT_MODULE, 0, 0, 0) },
	"clock_adjtime":     func(probeTarget) (string, error) { return "", sys(unix.SYS_CLOCK_ADJTIME, 0, 0) },
	"userfaultfd":       func(probeTarget) (string, error) { return "", sys(unix.SYS_USERFAULTFD, 0) },
	"name_to_handle_at": func(probeTarget) (string, error) { return "", sys(unix.SYS_NAME_TO_HANDLE_AT, 0, 0, 0, 0, 0) },
}

// runProbe is afterHarden in a probe sidecar.
func runProbe(name string, target probeTarget) func(*jobs.Sandbox) int {
	return func(*jobs.Sandbox) int {
		p, ok := refusedProbes[name]
		if !ok {
			p, ok = killedProbes[name]
		}
		if nr, err := strconv.Atoi(strings.TrimPrefix(name, "syscall-")); !ok && err == nil {
			// Any system call by number, with zero arguments.
			p, ok = func(probeTarget) (string, error) { return "", sys(uintptr(nr)) }, true
		}
		if !ok {
			fmt.Fprintf(os.Stderr, "unknown probe %q\n", name)
			return 2
		}
		note, err := p(target)
		out := probeOutcome{Probe: name, Note: note}
		var errno syscall.Errno
		switch {
		case errors.As(err, &errno):
			out.Errno = unix.ErrnoName(errno)
		case err != nil:
			out.Errno = "error: " + err.Error()
		}
		b, _ := json.Marshal(out)
		fmt.Fprintf(os.Stderr, "%s\n", b)
		return 0
	}
}

// probeMain dispatches a probe sidecar: args are [probeArg, name, target,
// Subcommand, flags...], as Spawn lays out ExtraArgs.
func probeMain(args []string) int {
	var target probeTarget
	if err := json.Unmarshal([]byte(args[2]), &target); err != nil {
		return 2
	}
	afterHarden = runProbe(args[1], target)
	return Main(args[4:])
}

// runSidecarProbe spawns a strict sidecar running one probe and waits for
// it to end.
func runSidecarProbe(t *testing.T, name string) (*Process, probeOutcome) {
	t.Helper()
	self, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	target, _ := json.Marshal(probeTarget{WorkerPID: os.Getpid(), Binary: self})
	p, err := Spawn(t.Context(), SpawnOptions{
		Dir: t.TempDir(), CacheDir: t.TempDir(), Sandbox: SandboxStrict, MemoryBytes: 256 << 20,
		ExtraArgs: []string{probeArg, name, string(target)},
	})
	if err != nil {
		t.Fatal(err)
	}
	select {
	case <-p.Exited():
	case <-time.After(30 * time.Second):
		p.Kill()
		<-p.Exited()
		t.Fatalf("probe %s did not finish", name)
	}
	var out probeOutcome
	for line := range strings.Lines(p.stderr.String()) {
		if json.Unmarshal([]byte(line), &out) == nil && out.Probe == name {
			break
		}
	}
	return p, out
}

func TestEscapeProbesAreRefused(t *testing.T) {
	if TestSandbox() != SandboxStrict {
		t.Skip("escape probes need the strict sandbox")
	}
	// A descriptor this process holds without close-on-exec, as a
	// supervisor might leave one: exec carries it into every sidecar,
	// which must close it.
	leak, err := syscall.Open(os.Args[0], syscall.O_RDONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { syscall.Close(leak) })
	// Each errno is the layer that answered first: EPERM from seccomp (or
	// missing capabilities), ENOENT from the private root, EROFS from a
	// read-only mount, EACCES from Landlock or permissions.
	want := map[string][]string{
		"socket_inet": {"EPERM"}, "socket_inet6": {"EPERM"}, "socket_unix": {"EPERM"},
		"socket_netlink": {"EPERM"}, "socketpair": {"EPERM"},
		"kill_worker": {"EPERM"}, "kill_everyone": {"EPERM"}, "tgkill_worker": {"EPERM"},
		"fork": {"EPERM"}, "clone_thread_newnet": {"EPERM"}, "clone3": {"ENOSYS"},
		"setuid_root_outside": {"EPERM"}, "setgroups": {"EPERM"},
		"read_etc_passwd": {"ENOENT"}, "read_worker_binary": {"ENOENT"}, "read_proc_1_environ": {"EACCES"},
		"write_root": {"EROFS", "EACCES"}, "write_cache": {"EROFS", "EACCES"}, "open_proc_exe": {"EACCES"}, "write_proc_mem": {"EACCES"},
		"symlink_in_vms": {"EPERM", "EACCES"},
		"ioctl_tiocsti":  {"EPERM"}, "prctl_set_dumpable": {"EPERM"}, "personality": {"EPERM"},
		"fcntl_setown": {"EPERM"}, "inherited_fds": {"error: none"},
		"list_root": {"EACCES"},
	}
	for name := range refusedProbes {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			p, out := runSidecarProbe(t, name)
			if r := p.ExitReason(); r != "exited 0" {
				t.Fatalf("probe sidecar %s; stderr:\n%s", r, p.stderr.String())
			}
			if out.Probe != name {
				t.Fatalf("no report from the probe; stderr:\n%s", p.stderr.String())
			}
			if out.Errno == "" {
				t.Fatalf("%s succeeded inside the sandbox (%s)", name, out.Note)
			}
			ok := false
			for _, w := range want[name] {
				ok = ok || out.Errno == w
			}
			if !ok {
				t.Errorf("%s failed with %s, want one of %v", name, out.Errno, want[name])
			}
			if name == "setuid_root_outside" && out.Note != "uid now 0" {
				t.Errorf("after setresuid: %s", out.Note)
			}
		})
	}
	killed := slices.Collect(maps.Keys(killedProbes))
	// And every call on the kill list, by number, arguments zero.
	for _, nr := range slices.Concat(killedSyscalls, archKilled) {
		killed = append(killed, "syscall-"+strconv.Itoa(int(nr)))
	}
	for _, name := range killed {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			p, out := runSidecarProbe(t, name)
			if r := p.ExitReason(); !strings.Contains(r, "SIGSYS") {
				t.Errorf("probe %s: sidecar %s, reported %+v; want killed by SIGSYS", name, r, out)
			}
		})
	}
}

// Every layer, read from the host's side of a live sidecar: ids, empty
// capability sets, no_new_privs, a seccomp filter, namespaces of its own,
// cgroups beneath the test's own.
func TestSidecarConfinementSeenFromHost(t *testing.T) {
	if TestSandbox() != SandboxStrict {
		t.Skip("needs the strict sandbox")
	}
	p := spawnTest(t, SpawnOptions{MemoryBytes: 256 << 20})
	sidecartest.AssertConfined(t, p.PID())
	sb := p.Sandbox()
	if sb.Landlock == 0 || sb.Seccomp != "allow-list" || !sb.PrivateRoot || len(sb.Namespaces) != len(allNamespaces) {
		t.Errorf("handshake says %+v", sb)
	}
}

// atFDCWD is AT_FDCWD as a syscall argument.
var atFDCWD = func() uintptr { fd := unix.AT_FDCWD; return uintptr(fd) }()
