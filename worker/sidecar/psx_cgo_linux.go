//go:build cgo

package sidecar

// psxReadsProc: with cgo, libpsx finds the threads it must reach in
// /proc/<getpid()>/task.
const psxReadsProc = true
