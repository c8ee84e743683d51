package guest

import (
	"time"

	"github.com/natsexec/natsexec/jobs"
)

// ErrorKind says why an exec did not end normally.
type ErrorKind string

const (
	KindNone        ErrorKind = ""
	KindGuest       ErrorKind = "guest"        // the program threw, failed to compile, or trapped
	KindTimeout     ErrorKind = "timeout"      // wall time ran out
	KindMemory      ErrorKind = "memory"       // the heap or linear-memory budget was passed
	KindOutputLimit ErrorKind = "output_limit" // stdout or stderr passed its cap
	KindFileLimit   ErrorKind = "file_limit"   // the VM's files passed their byte cap
	KindCancelled   ErrorKind = "cancelled"    // the caller's context was cancelled
	KindInternal    ErrorKind = "internal"     // a fault of ours, not the guest's
)

// Status maps an error kind to the result status a user sees.
func (k ErrorKind) Status() jobs.Status {
	switch k {
	case KindNone:
		return jobs.StatusOK
	case KindGuest:
		return jobs.StatusGuestError
	case KindTimeout:
		return jobs.StatusTimeout
	case KindMemory, KindOutputLimit, KindFileLimit:
		return jobs.StatusKilled
	case KindCancelled:
		return jobs.StatusCancelled
	}
	return jobs.StatusInfraError
}

// ExecRequest is one program to run in a VM.
type ExecRequest struct {
	Runtime jobs.Runtime `msgpack:"runtime"`
	// Source is the program text for js and ts.
	Source string `msgpack:"source,omitempty"`
	// Filename names the program in stacks and for relative requires; it
	// defaults to /main.js (or /main.ts).
	Filename string `msgpack:"filename,omitempty"`
	// Module is a WASI command module for wasm.
	Module []byte   `msgpack:"module,omitempty"`
	Args   []string `msgpack:"args,omitempty"`
	Stdin  []byte   `msgpack:"stdin,omitempty"`
	// OutputFiles are VM paths read back into the result after the run.
	OutputFiles []string `msgpack:"output_files,omitempty"`
}

// ExecResult is what one exec produced. It crosses the sidecar boundary as
// is, so it is msgpack-tagged.
type ExecResult struct {
	ExitCode        int            `msgpack:"exit_code"`
	Stdout          []byte         `msgpack:"stdout,omitempty"`
	Stderr          []byte         `msgpack:"stderr,omitempty"`
	StdoutTruncated bool           `msgpack:"stdout_truncated,omitempty"`
	StderrTruncated bool           `msgpack:"stderr_truncated,omitempty"`
	Exports         map[string]any `msgpack:"exports,omitempty"`
	Files           []jobs.File    `msgpack:"files,omitempty"`
	Kind            ErrorKind      `msgpack:"kind,omitempty"`
	// Error is the guest's exception with its stack, or which limit was hit.
	Error    string        `msgpack:"error,omitempty"`
	Start    time.Time     `msgpack:"start"`
	Duration time.Duration `msgpack:"duration"`
	Usage    ExecUsage     `msgpack:"usage"`
	// CompileOverrun says the exec ended (timeout or cancel) while its WASM
	// module was still compiling. A compile cannot be stopped in its
	// process: the worker kills the process, on this job's account.
	CompileOverrun bool `msgpack:"compile_overrun,omitempty"`
}

// ExecUsage is what one exec cost, as the guest measured it.
type ExecUsage struct {
	// CPU is the processor time of the thread that ran the guest.
	CPU time.Duration `msgpack:"cpu"`
	// HeapGrowthBytes is the most the process heap grew over its size at
	// the exec's start, as the memory watchdog sampled it (JS), or the
	// largest linear memory the module reached (WASM).
	HeapGrowthBytes int64 `msgpack:"heap_growth_bytes"`
	// MemoryShared says another exec ran in the same process at some time
	// during this one, so HeapGrowthBytes and any memory verdict are not
	// this exec's alone.
	MemoryShared bool `msgpack:"memory_shared,omitempty"`
	// FileBytes and Files are what the VM's directory held when the exec
	// ended: bytes in regular files, and entries (files and directories).
	FileBytes int64 `msgpack:"file_bytes"`
	Files     int64 `msgpack:"files"`
}
