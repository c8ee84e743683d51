package sidecar

import "golang.org/x/sys/unix"

// archDenied are denied syscalls that exist only on this architecture.
var archDenied = []uintptr{unix.SYS_FORK, unix.SYS_VFORK}
