//go:build !cgo

package sidecar

// psxReadsProc: without cgo, libpsx is syscall.AllThreadsSyscall, which
// the Go runtime runs on every thread it knows, without /proc.
const psxReadsProc = false
