package sidecar

// archDenied are denied syscalls that exist only on this architecture.
var archDenied []uintptr
