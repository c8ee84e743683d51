package sidecar

import (
	"fmt"
	"os"
	"runtime"
	"slices"
	"unsafe"

	"golang.org/x/sys/unix"
)

// The sidecar's seccomp filter is an allow-list: exactly the system calls
// the Go runtime (with glibc under cgo, and the race detector in tests),
// goja, wazero and the frame protocol make in a serving sidecar, measured
// by running the whole test suite under strace (scripts/seccomp-profile.sh
// repeats the measurement; keep both lists reviewed against it). Anything
// else fails with EPERM; a call only an escaped guest would make (another
// process's memory or files, the kernel's administration, io_uring, new
// programs, mounts) kills the sidecar with SIGSYS instead.
//
// The filter is assembled here rather than by github.com/elastic/go-seccomp-bpf:
// that library (v1.6.0) can return only EPERM for a denial (glibc's
// pthread_create needs ENOSYS from clone3 to fall back to clone, whose flags
// a filter can read), and after a failed argument check it compares the
// next syscall number against the argument it loaded.

// allowedSyscalls are allowed whatever their arguments.
var allowedSyscalls = []uintptr{
	// memory: wazero maps its compiled code executable with mprotect
	unix.SYS_MMAP, unix.SYS_MUNMAP, unix.SYS_MPROTECT, unix.SYS_MADVISE, unix.SYS_BRK,
	// threads, scheduling, time
	unix.SYS_FUTEX, unix.SYS_SET_ROBUST_LIST, unix.SYS_RSEQ, unix.SYS_SET_TID_ADDRESS,
	unix.SYS_SCHED_YIELD, unix.SYS_SCHED_GETAFFINITY, unix.SYS_NANOSLEEP, unix.SYS_CLOCK_NANOSLEEP,
	unix.SYS_CLOCK_GETTIME, unix.SYS_GETTIMEOFDAY, unix.SYS_RESTART_SYSCALL,
	unix.SYS_GETPID, unix.SYS_GETTID, unix.SYS_GETPPID, unix.SYS_GETUID, unix.SYS_GETGID,
	unix.SYS_GETEUID, unix.SYS_GETEGID, unix.SYS_GETRLIMIT, unix.SYS_GETRANDOM,
	unix.SYS_EXIT, unix.SYS_EXIT_GROUP,
	// signals (delivery to this process only: see kill and tgkill below)
	unix.SYS_RT_SIGACTION, unix.SYS_RT_SIGPROCMASK, unix.SYS_RT_SIGRETURN, unix.SYS_SIGALTSTACK,
	// the frame pipes and the netpoller
	unix.SYS_READ, unix.SYS_WRITE, unix.SYS_READV, unix.SYS_WRITEV, unix.SYS_CLOSE,
	unix.SYS_DUP, unix.SYS_DUP3, unix.SYS_PIPE2, unix.SYS_EVENTFD2,
	unix.SYS_EPOLL_CREATE1, unix.SYS_EPOLL_CTL, unix.SYS_EPOLL_PWAIT, unix.SYS_PPOLL,
	// VM files and the cache, through os.Root and wazero (Landlock bounds
	// which): what the guests' fs and WASI calls reach
	unix.SYS_OPENAT, unix.SYS_PREAD64, unix.SYS_PWRITE64, unix.SYS_LSEEK, unix.SYS_NEWFSTATAT,
	unix.SYS_FSTAT, unix.SYS_GETDENTS64, unix.SYS_READLINKAT, unix.SYS_MKDIRAT, unix.SYS_UNLINKAT,
	unix.SYS_RENAMEAT, unix.SYS_RENAMEAT2, unix.SYS_FTRUNCATE, unix.SYS_FSYNC, unix.SYS_FDATASYNC,
	unix.SYS_FCHMOD, unix.SYS_FCHMODAT, unix.SYS_UTIMENSAT,
}

// killedSyscalls have no use in a sidecar but to escape it: making one
// kills the sidecar at once.
var killedSyscalls = []uintptr{
	unix.SYS_EXECVE, unix.SYS_EXECVEAT,
	unix.SYS_PTRACE, unix.SYS_PROCESS_VM_READV, unix.SYS_PROCESS_VM_WRITEV,
	unix.SYS_PIDFD_OPEN, unix.SYS_PIDFD_GETFD, unix.SYS_PIDFD_SEND_SIGNAL,
	unix.SYS_IO_URING_SETUP, unix.SYS_IO_URING_ENTER, unix.SYS_IO_URING_REGISTER,
	unix.SYS_OPEN_BY_HANDLE_AT, unix.SYS_NAME_TO_HANDLE_AT,
	unix.SYS_MOUNT, unix.SYS_UMOUNT2, unix.SYS_PIVOT_ROOT, unix.SYS_CHROOT,
	unix.SYS_FSOPEN, unix.SYS_FSCONFIG, unix.SYS_FSMOUNT, unix.SYS_FSPICK,
	unix.SYS_MOVE_MOUNT, unix.SYS_OPEN_TREE, unix.SYS_MOUNT_SETATTR,
	unix.SYS_UNSHARE, unix.SYS_SETNS,
	unix.SYS_MKNODAT,
	unix.SYS_KEYCTL, unix.SYS_ADD_KEY, unix.SYS_REQUEST_KEY,
	unix.SYS_KEXEC_LOAD, unix.SYS_KEXEC_FILE_LOAD,
	unix.SYS_INIT_MODULE, unix.SYS_FINIT_MODULE, unix.SYS_DELETE_MODULE,
	unix.SYS_BPF, unix.SYS_PERF_EVENT_OPEN, unix.SYS_USERFAULTFD,
	unix.SYS_SETTIMEOFDAY, unix.SYS_CLOCK_SETTIME, unix.SYS_CLOCK_ADJTIME, unix.SYS_ADJTIMEX,
	unix.SYS_REBOOT, unix.SYS_SWAPON, unix.SYS_SWAPOFF,
	unix.SYS_ACCT, unix.SYS_SYSLOG, unix.SYS_QUOTACTL,
}

// Clone flags a thread of this process may never be made with.
const cloneNamespaceFlags = unix.CLONE_NEWNS | unix.CLONE_NEWCGROUP | unix.CLONE_NEWUTS |
	unix.CLONE_NEWIPC | unix.CLONE_NEWUSER | unix.CLONE_NEWPID | unix.CLONE_NEWNET

// auditArch is the AUDIT_ARCH of the architectures the tables above were
// compiled for.
var auditArch = map[string]uint32{
	"amd64": unix.AUDIT_ARCH_X86_64,
	"arm64": unix.AUDIT_ARCH_AARCH64,
}

const (
	seccompDataNr   = 0
	seccompDataArch = 4
	seccompDataArg0 = 16 // low 32 bits of args[0] on little-endian machines
	seccompDataArg1 = 24

	retAllow = unix.SECCOMP_RET_ALLOW
	retKill  = unix.SECCOMP_RET_KILL_PROCESS
	retEPERM = unix.SECCOMP_RET_ERRNO | uint32(unix.EPERM)
	retNOSYS = unix.SECCOMP_RET_ERRNO | uint32(unix.ENOSYS)
)

// bpf builds a classic BPF program.
type bpf []unix.SockFilter

const (
	bpfLd  = unix.BPF_LD | unix.BPF_W | unix.BPF_ABS
	bpfJeq = unix.BPF_JMP | unix.BPF_JEQ | unix.BPF_K
	bpfJge = unix.BPF_JMP | unix.BPF_JGE | unix.BPF_K
	bpfJst = unix.BPF_JMP | unix.BPF_JSET | unix.BPF_K
	bpfRet = unix.BPF_RET | unix.BPF_K
)

func (p *bpf) stmt(code uint16, k uint32) { *p = append(*p, unix.SockFilter{Code: code, K: k}) }
func (p *bpf) jump(code uint16, k uint32, jt, jf uint8) {
	*p = append(*p, unix.SockFilter{Code: code, Jt: jt, Jf: jf, K: k})
}

// ret returns action when the syscall number is nr; else falls through.
func (p *bpf) ret(nr uintptr, action uint32) {
	p.jump(bpfJeq, uint32(nr), 0, 1)
	p.stmt(bpfRet, action)
}

// argIs allows nr when its argument at off is one of vals (low 32 bits:
// every argument checked here is an int or unsigned int to the kernel),
// and returns EPERM for nr otherwise. The syscall number is reloaded after,
// so the checks that follow compare numbers, not arguments.
func (p *bpf) argIs(nr uintptr, off uint32, vals ...uint32) {
	// jeq nr; ld arg; (jeq val → allow)...; ret EPERM; ret ALLOW; ld nr
	p.jump(bpfJeq, uint32(nr), 0, uint8(len(vals)+3))
	p.stmt(bpfLd, off)
	for i, v := range vals {
		p.jump(bpfJeq, v, uint8(len(vals)-i), 0)
	}
	p.stmt(bpfRet, retEPERM)
	p.stmt(bpfRet, retAllow)
	p.stmt(bpfLd, seccompDataNr)
}

// seccompProgram builds the filter for a process whose pid (as it sees
// itself) is self.
func seccompProgram(self int) (bpf, error) {
	arch, ok := auditArch[runtime.GOARCH]
	if !ok {
		return nil, fmt.Errorf("seccomp: no filter for %s", runtime.GOARCH)
	}
	var p bpf
	// Another architecture's numbers mean other syscalls: kill.
	p.stmt(bpfLd, seccompDataArch)
	p.jump(bpfJeq, arch, 1, 0)
	p.stmt(bpfRet, retKill)
	p.stmt(bpfLd, seccompDataNr)
	if runtime.GOARCH == "amd64" {
		// x32 syscalls carry bit 30: refuse the whole ABI.
		p.jump(bpfJge, 0x40000000, 0, 1)
		p.stmt(bpfRet, retKill)
	}
	// The hot calls first; the two lists do not overlap.
	for _, nr := range slices.Concat(allowedSyscalls, archAllowed) {
		p.ret(nr, retAllow)
	}
	for _, nr := range slices.Concat(killedSyscalls, archKilled) {
		p.ret(nr, retKill)
	}
	// clone3 hides its flags behind a pointer: say it does not exist, so
	// glibc falls back to clone.
	p.ret(unix.SYS_CLONE3, retNOSYS)
	// clone makes threads only: CLONE_THREAD set, no namespace flag.
	p.jump(bpfJeq, unix.SYS_CLONE, 0, 5)
	p.stmt(bpfLd, seccompDataArg0)
	p.jump(bpfJst, cloneNamespaceFlags, 2, 0)
	p.jump(bpfJst, unix.CLONE_THREAD, 0, 1)
	p.stmt(bpfRet, retAllow)
	p.stmt(bpfRet, retEPERM)
	// Signals go to this process only.
	p.argIs(unix.SYS_KILL, seccompDataArg0, uint32(self))
	p.argIs(unix.SYS_TGKILL, seccompDataArg0, uint32(self))
	// prctl: naming the runtime's anonymous mappings, and reading.
	p.argIs(unix.SYS_PRCTL, seccompDataArg0,
		unix.PR_SET_VMA, unix.PR_GET_NO_NEW_PRIVS, unix.PR_GET_SECCOMP, unix.PR_GET_SECUREBITS,
		unix.PR_CAPBSET_READ, unix.PR_GET_DUMPABLE, unix.PR_GET_NAME)
	// fcntl: flags and duplication only. F_SETOWN with O_ASYNC would have
	// the kernel signal another process for it, F_SETLEASE and F_NOTIFY
	// likewise.
	p.argIs(unix.SYS_FCNTL, seccompDataArg1,
		unix.F_GETFD, unix.F_SETFD, unix.F_GETFL, unix.F_SETFL, unix.F_DUPFD_CLOEXEC)
	// ioctl: only the terminal probe isatty makes (answered ENOTTY on pipes).
	p.argIs(unix.SYS_IOCTL, seccompDataArg1, unix.TCGETS)
	p.stmt(bpfRet, retEPERM)
	return p, nil
}

// installSeccomp applies the filter to every thread of the process
// (TSYNC), so no thread is left unfiltered. The caller has set
// no_new_privs.
func installSeccomp() error {
	prog, err := seccompProgram(os.Getpid())
	if err != nil {
		return err
	}
	if len(prog) > 0xffff {
		return fmt.Errorf("seccomp: program of %d instructions", len(prog))
	}
	fprog := unix.SockFprog{Len: uint16(len(prog)), Filter: &prog[0]}
	r, _, errno := unix.Syscall(unix.SYS_SECCOMP, unix.SECCOMP_SET_MODE_FILTER,
		unix.SECCOMP_FILTER_FLAG_TSYNC, uintptr(unsafe.Pointer(&fprog)))
	runtime.KeepAlive(prog)
	if errno != 0 {
		return fmt.Errorf("seccomp: %w", errno)
	}
	if r != 0 {
		// TSYNC names the thread it could not synchronise; no filter is on.
		return fmt.Errorf("seccomp: thread %d could not take the filter", r)
	}
	return nil
}
