package sidecar

// archAllowed are allowed syscalls that exist only on this architecture.
var archAllowed []uintptr

// archKilled are killed syscalls that exist only on this architecture.
var archKilled []uintptr
