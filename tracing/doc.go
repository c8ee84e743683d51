// Package tracing holds natsexec's OpenTelemetry plumbing: SDK setup from the
// standard OTEL_* environment, the W3C trace-context carrier over NATS
// message headers, spans for phases measured elsewhere (inside a sidecar),
// the attribute keys every package shares, and the job metrics.
//
// Only cmd/ mains call [Setup]; everything else takes a TracerProvider or
// MeterProvider (nil means the global one) so tests can hand in their own.
//
// Environment honoured by [Setup] (read by the SDK and autoexport):
//
//	OTEL_SDK_DISABLED                      "true": no SDK at all, everything no-op
//	OTEL_SERVICE_NAME                      overrides Options.ServiceName
//	OTEL_RESOURCE_ATTRIBUTES               k=v,... added to the resource
//	OTEL_TRACES_EXPORTER                   otlp | console | none
//	OTEL_METRICS_EXPORTER                  otlp | console | prometheus | none
//	OTEL_EXPORTER_OTLP_ENDPOINT            base endpoint for all signals
//	OTEL_EXPORTER_OTLP_TRACES_ENDPOINT     traces only
//	OTEL_EXPORTER_OTLP_METRICS_ENDPOINT    metrics only
//	OTEL_EXPORTER_OTLP_PROTOCOL            http/protobuf (default) | grpc
//	OTEL_EXPORTER_OTLP_TRACES_PROTOCOL     per-signal override (also _METRICS_)
//	OTEL_EXPORTER_OTLP_HEADERS, _TIMEOUT, _INSECURE, ... as the OTLP exporters read them
//	OTEL_TRACES_SAMPLER, OTEL_TRACES_SAMPLER_ARG
//	OTEL_BSP_*, OTEL_METRIC_EXPORT_INTERVAL  batching and export intervals
//
// With none of the exporter or endpoint variables set, nothing is exported:
// the global providers are no-op, spans are non-recording and cost next to
// nothing, yet trace context still flows through a worker unchanged.
// OTEL_TRACES_EXPORTER left empty with an OTLP endpoint set means otlp.
// Metrics go over OTLP only when OTEL_METRICS_EXPORTER=otlp or
// OTEL_EXPORTER_OTLP_METRICS_ENDPOINT says so: the shared endpoint is
// usually Jaeger, which takes no metrics.
// OTEL_METRICS_EXPORTER=prometheus serves metrics through
// [Telemetry.MetricsHandler] rather than a server of the SDK's own.
package tracing
