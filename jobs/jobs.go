// Package jobs is the wire contract between submitters and workers: the Job a
// user publishes, the Result a worker stores and replies with, the NATS header
// names that steer a job, and the codecs for both encodings (msgpack by
// default, JSON when the Content-Type says so).
//
// The same types cross the worker/sidecar process boundary, so there is one
// definition of each, tagged for both msgpack and JSON.
package jobs

import "time"

// Runtime names the language a job's program is written in.
type Runtime string

const (
	RuntimeJS   Runtime = "js"
	RuntimeTS   Runtime = "ts"
	RuntimeWASM Runtime = "wasm"
)

// Placement says what kind of sidecar hosts the job's VM.
type Placement string

const (
	// PlacementOwned gives the job a fresh sidecar process of its own: its own
	// crash and resource domain, killed after the job.
	PlacementOwned Placement = "owned"
	// PlacementShared runs the job in a new VM inside a long-lived sidecar
	// that hosts many VMs.
	PlacementShared Placement = "shared"
	// PlacementResident runs the job in a live VM with runtimes already
	// mounted, reused across jobs with guest state reset between runs.
	PlacementResident Placement = "resident"
)

// Status is the outcome of a job.
type Status string

const (
	StatusOK         Status = "ok"          // the guest ran to completion (any exit code)
	StatusGuestError Status = "guest_error" // the guest threw or failed to load
	StatusTimeout    Status = "timeout"     // the guest ran past its wall-time limit
	StatusKilled     Status = "killed"      // stopped for a limit other than time (memory, output)
	StatusRejected   Status = "rejected"    // the job was malformed; it never ran
	StatusInfraError Status = "infra_error" // the platform failed (sidecar crash, ...); retryable
	StatusCancelled  Status = "cancelled"   // cancelled by a user while queued or running
)

// Final reports whether a result with this status ends the job for good.
// Only infrastructure errors are worth another attempt.
func (s Status) Final() bool { return s != StatusInfraError }

// Header names a job message may carry. Headers override the same fields in
// the body, so a submitter can steer a job without re-encoding it.
const (
	HeaderMsgID       = "Nats-Msg-Id" // the job id; JetStream dedupes on it
	HeaderContentType = "Content-Type"
	HeaderPlacement   = "Natsexec-Placement"
	HeaderRuntime     = "Natsexec-Runtime"
	HeaderTimeout     = "Natsexec-Timeout" // a Go duration, e.g. "5s"
	HeaderBatch       = "Natsexec-Batch"   // groups the jobs of one bench batch
	HeaderAttempt     = "Natsexec-Attempt"
	HeaderStatus      = "Natsexec-Status"
)

// Content types understood on job messages.
const (
	ContentTypeMsgpack = "application/msgpack"
	ContentTypeJSON    = "application/json"
)

// File is one file of a VM's private filesystem. Path is relative to the VM
// root and uses forward slashes.
type File struct {
	Path string `msgpack:"path" json:"path"`
	Data []byte `msgpack:"data" json:"data"`
	Mode uint32 `msgpack:"mode,omitempty" json:"mode,omitempty"`
}

// Limits bound what one job may use. Zero fields take the defaults.
type Limits struct {
	Timeout     Duration `msgpack:"timeout,omitempty" json:"timeout,omitempty"`
	MemoryBytes int64    `msgpack:"memory_bytes,omitempty" json:"memory_bytes,omitempty"`
	OutputBytes int64    `msgpack:"output_bytes,omitempty" json:"output_bytes,omitempty"`
	FileBytes   int64    `msgpack:"file_bytes,omitempty" json:"file_bytes,omitempty"`
	// FileCount bounds the files and directories in the VM's directory
	// (its input files and their directories included).
	FileCount int64 `msgpack:"file_count,omitempty" json:"file_count,omitempty"`
}

// Defaults and ceilings for Limits. A job may ask for less than a ceiling,
// never more.
const (
	DefaultTimeout = 10 * time.Second
	MaxTimeout     = 15 * time.Minute
	// DefaultMemoryBytes fits the heavy npm tools (the TypeScript
	// compiler, mathjs: goja's heap is ~2x V8's; compat/npm/README.md).
	DefaultMemoryBytes = 256 << 20
	MaxMemoryBytes     = 4 << 30
	DefaultOutputBytes = 1 << 20
	MaxOutputBytes     = 64 << 20
	DefaultFileBytes   = 64 << 20
	MaxFileBytes       = 1 << 30
	DefaultFileCount   = 10_000
	MaxFileCount       = 100_000
)

// WithDefaults returns l with every zero field set to its default.
func (l Limits) WithDefaults() Limits {
	if l.Timeout == 0 {
		l.Timeout = Duration(DefaultTimeout)
	}
	if l.MemoryBytes == 0 {
		l.MemoryBytes = DefaultMemoryBytes
	}
	if l.OutputBytes == 0 {
		l.OutputBytes = DefaultOutputBytes
	}
	if l.FileBytes == 0 {
		l.FileBytes = DefaultFileBytes
	}
	if l.FileCount == 0 {
		l.FileCount = DefaultFileCount
	}
	return l
}

// Job is what a user submits.
type Job struct {
	// ID identifies the job; it is also the Nats-Msg-Id, so JetStream drops a
	// duplicate submission. Empty means the worker takes the message's.
	ID        string    `msgpack:"id,omitempty" json:"id,omitempty"`
	Runtime   Runtime   `msgpack:"runtime" json:"runtime"`
	Placement Placement `msgpack:"placement,omitempty" json:"placement,omitempty"`
	// Source is the program for js and ts jobs.
	Source string `msgpack:"source,omitempty" json:"source,omitempty"`
	// SourceGzip is the program gzip-compressed, in place of Source: how
	// large programs (bundles) travel. Validate inflates it into Source,
	// refusing more than MaxSourceBytes. Clients fill it in themselves for
	// sources over CompressAbove (see CompressSource); in JSON it is
	// base64, like every byte field.
	SourceGzip []byte `msgpack:"source_gzip,omitempty" json:"source_gzip,omitempty"`
	// Module is the WASI module (wasip1 command) for wasm jobs.
	Module []byte            `msgpack:"module,omitempty" json:"module,omitempty"`
	Args   []string          `msgpack:"args,omitempty" json:"args,omitempty"`
	Stdin  []byte            `msgpack:"stdin,omitempty" json:"stdin,omitempty"`
	Env    map[string]string `msgpack:"env,omitempty" json:"env,omitempty"`
	Files  []File            `msgpack:"files,omitempty" json:"files,omitempty"`
	Limits Limits            `msgpack:"limits,omitempty" json:"limits,omitempty"`
	// OutputFiles lists VM paths whose contents come back in the result.
	OutputFiles []string `msgpack:"output_files,omitempty" json:"output_files,omitempty"`
	// Reply, when set, is a subject the result is also published to.
	Reply string `msgpack:"reply,omitempty" json:"reply,omitempty"`
}

// Phase is one timed step of provisioning or running a job, named as the
// reference names it (sidecar_spawn ... warm_exec). Start is wall-clock so a
// phase measured in a sidecar can become a span with its true start and end.
type Phase struct {
	Name     string    `msgpack:"name" json:"name"`
	Start    time.Time `msgpack:"start" json:"start"`
	Duration Duration  `msgpack:"duration" json:"duration"`
}

// Phase names, exactly as the reference names them.
const (
	PhaseSidecarSpawn       = "sidecar_spawn"
	PhaseSessionOpen        = "session_open"
	PhaseVMCreate           = "vm_create"
	PhaseVMConfigure        = "vm_configure"
	PhaseRuntimeMountNode   = "runtime_mount_node"
	PhaseRuntimeMountWASM   = "runtime_mount_wasm"
	PhaseRuntimeCreateTotal = "runtime_create_total"
	PhaseFirstExec          = "first_exec"
	PhaseWarmExec           = "warm_exec"
	PhaseQueueWait          = "queue_wait"
	PhaseResultPublish      = "result_publish"
)

// Result is what a worker stores and replies with for a job.
type Result struct {
	JobID    string `msgpack:"job_id" json:"job_id"`
	Status   Status `msgpack:"status" json:"status"`
	ExitCode int    `msgpack:"exit_code" json:"exit_code"`
	// Error explains any status but ok: the guest's exception with its stack,
	// the limit that was hit, or the field a rejected job got wrong.
	Error           string         `msgpack:"error,omitempty" json:"error,omitempty"`
	Stdout          []byte         `msgpack:"stdout,omitempty" json:"stdout,omitempty"`
	Stderr          []byte         `msgpack:"stderr,omitempty" json:"stderr,omitempty"`
	StdoutTruncated bool           `msgpack:"stdout_truncated,omitempty" json:"stdout_truncated,omitempty"`
	StderrTruncated bool           `msgpack:"stderr_truncated,omitempty" json:"stderr_truncated,omitempty"`
	Exports         map[string]any `msgpack:"exports,omitempty" json:"exports,omitempty"`
	Files           []File         `msgpack:"files,omitempty" json:"files,omitempty"`
	Phases          []Phase        `msgpack:"phases,omitempty" json:"phases,omitempty"`
	Placement       Placement      `msgpack:"placement,omitempty" json:"placement,omitempty"`
	Worker          string         `msgpack:"worker,omitempty" json:"worker,omitempty"`
	SidecarPID      int            `msgpack:"sidecar_pid,omitempty" json:"sidecar_pid,omitempty"`
	// Sandbox says which isolation layers held the job's sidecar.
	Sandbox *Sandbox `msgpack:"sandbox,omitempty" json:"sandbox,omitempty"`
	// Attempt counts every run of the job, the one that gave this result
	// included: redeliveries by JetStream plus the worker's own retries.
	Attempt int `msgpack:"attempt,omitempty" json:"attempt,omitempty"`
	// Retries are the earlier runs of this delivery that were not the
	// answer, oldest first: why each was set aside and where the next went.
	Retries []Retry `msgpack:"retries,omitempty" json:"retries,omitempty"`
	// Usage is what the job cost.
	Usage *Usage `msgpack:"usage,omitempty" json:"usage,omitempty"`
	// Tenant is who submitted the job, as the subject it arrived on says
	// (see TenantKey); empty without tenants.
	Tenant string `msgpack:"tenant,omitempty" json:"tenant,omitempty"`
	// Duplicate marks the answer to a job whose id already had a final
	// result: this is that earlier result, and the job did not run again.
	Duplicate  bool      `msgpack:"duplicate,omitempty" json:"duplicate,omitempty"`
	FinishedAt time.Time `msgpack:"finished_at" json:"finished_at"`
}

// Retry is one run of a job that the worker set aside and ran again: its
// sidecar died or hung while hosting other jobs too, or its memory could
// not be told apart from theirs. See the README's "Fault containment".
type Retry struct {
	Placement  Placement `msgpack:"placement" json:"placement"`
	SidecarPID int       `msgpack:"sidecar_pid,omitempty" json:"sidecar_pid,omitempty"`
	// Status and Error are what that run would have reported.
	Status Status `msgpack:"status" json:"status"`
	Error  string `msgpack:"error,omitempty" json:"error,omitempty"`
	// Suspect says the run may have caused its own failure, so the next
	// ran in an owned sidecar where it can harm only itself; otherwise
	// another job was the cause and the next ran where this one did.
	Suspect bool `msgpack:"suspect,omitempty" json:"suspect,omitempty"`
}

// Usage is what one run of a job cost.
type Usage struct {
	// CPU is the processor time the guest's thread used during its exec.
	CPU Duration `msgpack:"cpu" json:"cpu"`
	// PeakMemoryBytes is the most memory the job held at once. In an owned
	// sidecar it is the sidecar's own peak, measured by the kernel; in a
	// shared one it is the peak growth of the heap the job's VM shares with
	// others, and MemoryEstimate says so.
	PeakMemoryBytes int64 `msgpack:"peak_memory_bytes" json:"peak_memory_bytes"`
	MemoryEstimate  bool  `msgpack:"memory_estimate,omitempty" json:"memory_estimate,omitempty"`
	// FileBytes and Files are what the VM's directory held when the exec
	// ended: bytes in regular files, and entries (files and directories).
	FileBytes int64 `msgpack:"file_bytes" json:"file_bytes"`
	Files     int64 `msgpack:"files" json:"files"`
}

// Phase returns the duration of the named phase and whether it was recorded.
func (r *Result) Phase(name string) (time.Duration, bool) {
	for _, p := range r.Phases {
		if p.Name == name {
			return time.Duration(p.Duration), true
		}
	}
	return 0, false
}

// Sandbox is what isolated a sidecar: the sidecar reports the layers it
// applied to itself in its session handshake, the worker adds what it set
// up from outside (the cgroup), and results carry the whole of it. One
// type crosses the process boundary and the wire.
type Sandbox struct {
	// Mode is the worker's --sandbox: auto, strict or off.
	Mode string `msgpack:"mode" json:"mode"`
	// Namespaces the sidecar was started in: user, pid, mnt, net, ipc,
	// uts, cgroup.
	Namespaces []string `msgpack:"namespaces,omitempty" json:"namespaces,omitempty"`
	// UID and GID are the sidecar's ids as the host sees them.
	UID int `msgpack:"uid" json:"uid"`
	GID int `msgpack:"gid" json:"gid"`
	// PrivateRoot: the sidecar's filesystem is a tmpfs holding only its
	// VM directories (read-write) and the compilation cache (read-only).
	PrivateRoot bool `msgpack:"private_root,omitempty" json:"private_root,omitempty"`
	// NoCapabilities: every capability set is empty, the bounding set
	// included.
	NoCapabilities bool `msgpack:"no_capabilities,omitempty" json:"no_capabilities,omitempty"`
	NoNewPrivs     bool `msgpack:"no_new_privs,omitempty" json:"no_new_privs,omitempty"`
	// Landlock is the Landlock ABI the sidecar restricted itself with;
	// zero when it could not.
	Landlock int `msgpack:"landlock,omitempty" json:"landlock,omitempty"`
	// Seccomp names the system-call filter ("allow-list"), empty if none.
	Seccomp string `msgpack:"seccomp,omitempty" json:"seccomp,omitempty"`
	// Cgroup is the sidecar's memory cgroup (under the worker's own).
	Cgroup string `msgpack:"cgroup,omitempty" json:"cgroup,omitempty"`
	// Missing names each layer that could not be applied, with the reason.
	Missing []string `msgpack:"missing,omitempty" json:"missing,omitempty"`
}
