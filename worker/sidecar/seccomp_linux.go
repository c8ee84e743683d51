package sidecar

import (
	"fmt"
	"runtime"
	"unsafe"

	"golang.org/x/sys/unix"
)

// deniedSyscalls are refused with EPERM. A sidecar only computes and reads
// and writes its pipes and VM directories: it never needs a new program, a
// socket, another process's memory, or the kernel's administrative calls.
var deniedSyscalls = []uintptr{
	unix.SYS_EXECVE, unix.SYS_EXECVEAT,
	unix.SYS_SOCKET, unix.SYS_SOCKETPAIR, unix.SYS_CONNECT, unix.SYS_BIND, unix.SYS_LISTEN, unix.SYS_ACCEPT4,
	unix.SYS_PTRACE, unix.SYS_PROCESS_VM_READV, unix.SYS_PROCESS_VM_WRITEV,
	unix.SYS_MOUNT, unix.SYS_UMOUNT2, unix.SYS_PIVOT_ROOT, unix.SYS_CHROOT,
	unix.SYS_UNSHARE, unix.SYS_SETNS,
	unix.SYS_REBOOT, unix.SYS_KEXEC_LOAD, unix.SYS_INIT_MODULE, unix.SYS_FINIT_MODULE, unix.SYS_DELETE_MODULE,
	unix.SYS_BPF, unix.SYS_PERF_EVENT_OPEN, unix.SYS_KEYCTL, unix.SYS_ADD_KEY, unix.SYS_REQUEST_KEY,
	unix.SYS_USERFAULTFD, unix.SYS_SWAPON, unix.SYS_SWAPOFF, unix.SYS_SETTIMEOFDAY, unix.SYS_CLOCK_SETTIME,
}

// archAudit is the AUDIT_ARCH value of the architectures whose syscall
// numbers the table above was compiled for.
var archAudit = map[string]uint32{
	"amd64": 0xc000003e,
	"arm64": 0xc00000b7,
}

const (
	seccompDataNr   = 0
	seccompDataArch = 4
	seccompDataArg0 = 16 // low 32 bits of args[0] on little-endian machines

	retAllow = unix.SECCOMP_RET_ALLOW
	retEPERM = unix.SECCOMP_RET_ERRNO | uint32(unix.EPERM)
	retNOSYS = unix.SECCOMP_RET_ERRNO | uint32(unix.ENOSYS)
)

func bpfStmt(code uint16, k uint32) unix.SockFilter {
	return unix.SockFilter{Code: code, K: k}
}

func bpfJump(code uint16, k uint32, jt, jf uint8) unix.SockFilter {
	return unix.SockFilter{Code: code, Jt: jt, Jf: jf, K: k}
}

// seccompProgram builds the filter: wrong architecture → EPERM; a denied
// syscall → EPERM; clone without CLONE_THREAD (a new process, not a thread
// of the Go runtime) → EPERM; clone3 → ENOSYS so callers fall back to clone,
// whose flags a classic filter can read; everything else allowed.
func seccompProgram() ([]unix.SockFilter, error) {
	arch, ok := archAudit[runtime.GOARCH]
	if !ok {
		return nil, fmt.Errorf("seccomp: no filter for %s", runtime.GOARCH)
	}
	const (
		ld  = unix.BPF_LD | unix.BPF_W | unix.BPF_ABS
		jeq = unix.BPF_JMP | unix.BPF_JEQ | unix.BPF_K
		jst = unix.BPF_JMP | unix.BPF_JSET | unix.BPF_K
		ret = unix.BPF_RET | unix.BPF_K
	)
	prog := []unix.SockFilter{
		bpfStmt(ld, seccompDataArch),
		bpfJump(jeq, arch, 1, 0),
		bpfStmt(ret, retEPERM),
		bpfStmt(ld, seccompDataNr),
	}
	if runtime.GOARCH == "amd64" {
		// x32 syscalls carry bit 30; refuse the whole ABI.
		prog = append(prog,
			bpfJump(unix.BPF_JMP|unix.BPF_JGE|unix.BPF_K, 0x40000000, 0, 1),
			bpfStmt(ret, retEPERM),
		)
	}
	for _, nr := range append(deniedSyscalls, archDenied...) {
		prog = append(prog,
			bpfJump(jeq, uint32(nr), 0, 1),
			bpfStmt(ret, retEPERM),
		)
	}
	prog = append(prog,
		bpfJump(jeq, unix.SYS_CLONE3, 0, 1),
		bpfStmt(ret, retNOSYS),
		bpfJump(jeq, unix.SYS_CLONE, 0, 3),
		bpfStmt(ld, seccompDataArg0),
		bpfJump(jst, unix.CLONE_THREAD, 1, 0),
		bpfStmt(ret, retEPERM),
		bpfStmt(ret, retAllow),
	)
	return prog, nil
}

// installSeccomp applies the filter to every thread of the process
// (TSYNC), so no Go runtime thread is left unfiltered. It needs
// no_new_privs (or CAP_SYS_ADMIN) first.
func installSeccomp() error {
	prog, err := seccompProgram()
	if err != nil {
		return err
	}
	fprog := unix.SockFprog{Len: uint16(len(prog)), Filter: &prog[0]}
	_, _, errno := unix.Syscall(unix.SYS_SECCOMP, unix.SECCOMP_SET_MODE_FILTER,
		unix.SECCOMP_FILTER_FLAG_TSYNC, uintptr(unsafe.Pointer(&fprog)))
	runtime.KeepAlive(prog)
	if errno != 0 {
		return fmt.Errorf("seccomp: %w", errno)
	}
	return nil
}
