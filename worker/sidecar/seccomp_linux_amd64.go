package sidecar

import "golang.org/x/sys/unix"

// archAllowed are allowed syscalls that exist only on this architecture:
// arch_prctl sets a new thread's TLS base; epoll_wait is the netpoller's.
var archAllowed = []uintptr{unix.SYS_ARCH_PRCTL, unix.SYS_EPOLL_WAIT}

// archKilled are killed syscalls that exist only on this architecture.
var archKilled = []uintptr{unix.SYS_FORK, unix.SYS_VFORK, unix.SYS_IOPL, unix.SYS_IOPERM, unix.SYS_MKNOD}
