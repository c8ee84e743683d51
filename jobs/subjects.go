package jobs

// Names of the fleet's NATS assets: part of the wire contract, so that
// workers, the Go client and any other NATS client agree on them.
const (
	JobsStream      = "NATSEXEC_JOBS"
	JobsSubjectRoot = "jobs"          // jobs.<queue>[.<tenant>]
	DeadStream      = "NATSEXEC_DEAD" // jobs that failed every attempt
	DeadSubjectRoot = "natsexec.dead" // natsexec.dead.<queue>[.<tenant>]
	ResultsBucket   = "natsexec-results"
	CancelBucket    = "natsexec-cancel"
	CancelSubject   = "natsexec.cancel" // natsexec.cancel.<TenantKey>, to every worker
	ServiceName     = "natsexec"
	ServiceSubject  = "natsexec.run" // the request/reply path; natsexec.run.<tenant> for a tenant
	DefaultQueue    = "default"
)

// Headers of a dead letter, besides the job's own headers (all but
// Nats-*) and the attempt count in HeaderAttempt. Its body is the job as
// it was submitted.
const (
	HeaderDeadJobID      = "Natsexec-Job-Id"
	HeaderDeadTenant     = "Natsexec-Tenant"
	HeaderDeadQueue      = "Natsexec-Queue"
	HeaderDeadSubject    = "Natsexec-Subject" // where the job was published
	HeaderDeadReason     = "Natsexec-Dead-Reason"
	HeaderDeadLastStatus = "Natsexec-Last-Status"
)

// JobSubject is where jobs for queue are published.
func JobSubject(queue string) string {
	if queue == "" {
		queue = DefaultQueue
	}
	return JobsSubjectRoot + "." + queue
}

// DecodeStoredResult reads a result from the results bucket, which keeps
// each in the encoding its job came in (JSON starts with '{').
func DecodeStoredResult(b []byte) (Result, error) {
	codec := Msgpack
	if len(b) > 0 && b[0] == '{' {
		codec = JSON
	}
	return DecodeResult(codec, b)
}
