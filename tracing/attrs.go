package tracing

import (
	"go.opentelemetry.io/otel/attribute"
	semconv "go.opentelemetry.io/otel/semconv/v1.43.0"
)

// Messaging semantic-convention keys, from the semconv version the SDK in
// go.mod uses. NATS has no enum value in semconv, so MessagingSystemNATS
// spells it out.
const (
	AttrMessagingSystem          = semconv.MessagingSystemKey
	AttrMessagingDestinationName = semconv.MessagingDestinationNameKey
	AttrMessagingMessageID       = semconv.MessagingMessageIDKey
	AttrMessagingOperationType   = semconv.MessagingOperationTypeKey
)

// MessagingSystemNATS is messaging.system=nats.
var MessagingSystemNATS = AttrMessagingSystem.String("nats")

// natsexec's own attribute keys.
const (
	AttrJobID      = attribute.Key("natsexec.job.id")
	AttrPlacement  = attribute.Key("natsexec.placement")
	AttrRuntime    = attribute.Key("natsexec.runtime")
	AttrSidecarPID = attribute.Key("natsexec.sidecar.pid")
	AttrAttempt    = attribute.Key("natsexec.attempt")
	AttrStatus     = attribute.Key("natsexec.status")
	AttrExitCode   = attribute.Key("natsexec.exit_code")
	AttrBatchID    = attribute.Key("natsexec.batch.id")
	AttrWorker     = attribute.Key("natsexec.worker")
	// AttrTenant is who submitted the job, as its subject says.
	AttrTenant = attribute.Key("natsexec.tenant")
	// AttrDuplicate marks a job answered with the standing result of its id.
	AttrDuplicate = attribute.Key("natsexec.duplicate")
	// AttrPhase labels the phase-duration histogram; on spans the phase is
	// the span name.
	AttrPhase = attribute.Key("natsexec.phase")
)

// The sidecar's sandbox (jobs.Sandbox), on job spans and session_open.
const (
	AttrSandboxMode           = attribute.Key("natsexec.sandbox.mode")
	AttrSandboxNamespaces     = attribute.Key("natsexec.sandbox.namespaces")
	AttrSandboxUID            = attribute.Key("natsexec.sandbox.uid")
	AttrSandboxGID            = attribute.Key("natsexec.sandbox.gid")
	AttrSandboxPrivateRoot    = attribute.Key("natsexec.sandbox.private_root")
	AttrSandboxNoCapabilities = attribute.Key("natsexec.sandbox.no_capabilities")
	AttrSandboxNoNewPrivs     = attribute.Key("natsexec.sandbox.no_new_privs")
	AttrSandboxLandlock       = attribute.Key("natsexec.sandbox.landlock")
	AttrSandboxSeccomp        = attribute.Key("natsexec.sandbox.seccomp")
	AttrSandboxCgroup         = attribute.Key("natsexec.sandbox.cgroup")
	AttrSandboxMissing        = attribute.Key("natsexec.sandbox.missing")
)

// What a job cost (jobs.Usage) and the runs set aside (jobs.Retry), on job
// spans.
const (
	AttrUsageCPU            = attribute.Key("natsexec.usage.cpu_ms")
	AttrUsagePeakMemory     = attribute.Key("natsexec.usage.peak_memory_bytes")
	AttrUsageMemoryEstimate = attribute.Key("natsexec.usage.memory_estimate")
	AttrUsageFileBytes      = attribute.Key("natsexec.usage.file_bytes")
	AttrUsageFiles          = attribute.Key("natsexec.usage.files")
	AttrRetries             = attribute.Key("natsexec.retries")
	AttrRetryReasons        = attribute.Key("natsexec.retry.reasons")
)

// MessagingAttrs returns the semconv attributes of a NATS message span:
// system, subject and message id (omitted when empty).
func MessagingAttrs(subject, msgID string) []attribute.KeyValue {
	attrs := []attribute.KeyValue{MessagingSystemNATS, AttrMessagingDestinationName.String(subject)}
	if msgID != "" {
		attrs = append(attrs, AttrMessagingMessageID.String(msgID))
	}
	return attrs
}
