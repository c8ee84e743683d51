package tracing

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"os"
	"strings"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"
	"go.opentelemetry.io/contrib/exporters/autoexport"
	"go.opentelemetry.io/otel"
	promexporter "go.opentelemetry.io/otel/exporters/prometheus"
	"go.opentelemetry.io/otel/metric"
	metricnoop "go.opentelemetry.io/otel/metric/noop"
	"go.opentelemetry.io/otel/propagation"
	sdkmetric "go.opentelemetry.io/otel/sdk/metric"
	"go.opentelemetry.io/otel/sdk/resource"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	semconv "go.opentelemetry.io/otel/semconv/v1.43.0"
	"go.opentelemetry.io/otel/trace"
	tracenoop "go.opentelemetry.io/otel/trace/noop"
)

// Options configure Setup. The environment overrides them where the OTel
// specification says it does (OTEL_SERVICE_NAME over ServiceName).
type Options struct {
	// ServiceName is service.name unless OTEL_SERVICE_NAME is set.
	ServiceName string
	// ServiceVersion is service.version.
	ServiceVersion string
	// Logger receives OTel's export errors and the configuration chosen.
	// Nil discards them.
	Logger *slog.Logger
	// Prometheus enables the scrape handler of Telemetry.MetricsHandler, as
	// the worker's --metrics-addr asks. OTEL_METRICS_EXPORTER=prometheus
	// enables it too.
	Prometheus bool
}

// Telemetry is what Setup configured. Its providers are also installed as
// the globals.
type Telemetry struct {
	TracerProvider trace.TracerProvider
	MeterProvider  metric.MeterProvider
	Propagator     propagation.TextMapPropagator

	// What was chosen, for logs and tests: "none", "otlp", "console", ...
	TracesExporter  string
	MetricsExporter string

	metricsHandler http.Handler
	shutdown       []func(context.Context) error
}

// Environment variable names read here; the SDK reads the rest itself.
const (
	envSDKDisabled      = "OTEL_SDK_DISABLED"
	envTracesExporter   = "OTEL_TRACES_EXPORTER"
	envMetricsExporter  = "OTEL_METRICS_EXPORTER"
	envOTLPEndpoint     = "OTEL_EXPORTER_OTLP_ENDPOINT"
	envOTLPTracesEndpt  = "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT"
	envOTLPMetricsEndpt = "OTEL_EXPORTER_OTLP_METRICS_ENDPOINT"
	exporterNone        = "none"
	exporterOTLP        = "otlp"
	exporterPrometheus  = "prometheus"
)

// exporterKind decides what an OTEL_*_EXPORTER variable means here. Unlike
// the SDK's default (otlp to localhost), unset with no endpoint is "none":
// a worker started with no telemetry config must not try to export.
func exporterKind(exporterEnv string, endpointEnvs ...string) string {
	if v := strings.TrimSpace(strings.ToLower(os.Getenv(exporterEnv))); v != "" {
		return v
	}
	for _, e := range endpointEnvs {
		if os.Getenv(e) != "" {
			return exporterOTLP
		}
	}
	return exporterNone
}

// Setup configures the OTel SDK from the OTEL_* environment (see the
// package doc), installs the global TracerProvider, MeterProvider and the
// W3C TraceContext+Baggage propagator, and returns them. Call Shutdown
// before exit to flush.
func Setup(ctx context.Context, opts Options) (*Telemetry, error) {
	log := opts.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	otel.SetErrorHandler(otel.ErrorHandlerFunc(func(err error) {
		log.Warn("opentelemetry", "err", err)
	}))

	t := &Telemetry{
		TracerProvider:  tracenoop.NewTracerProvider(),
		MeterProvider:   metricnoop.NewMeterProvider(),
		Propagator:      Propagator(),
		TracesExporter:  exporterNone,
		MetricsExporter: exporterNone,
	}
	// Propagation stays on even with the SDK off, so a worker passes its
	// submitter's trace on to whatever it publishes.
	otel.SetTextMapPropagator(t.Propagator)

	if strings.EqualFold(strings.TrimSpace(os.Getenv(envSDKDisabled)), "true") {
		t.setGlobals()
		log.Debug("telemetry disabled", "env", envSDKDisabled)
		return t, nil
	}

	traces := exporterKind(envTracesExporter, envOTLPEndpoint, envOTLPTracesEndpt)
	// The shared OTLP endpoint does not switch metrics on: in our deployment
	// it is Jaeger, which takes traces only and would refuse every export.
	metrics := exporterKind(envMetricsExporter, envOTLPMetricsEndpt)
	prom := opts.Prometheus || metrics == exporterPrometheus
	if traces == exporterNone && metrics == exporterNone && !prom {
		t.setGlobals()
		log.Debug("telemetry: no exporter configured")
		return t, nil
	}

	res, err := newResource(ctx, opts)
	if err != nil {
		return nil, err
	}
	if err := t.setupTraces(ctx, traces, res); err != nil {
		return nil, errors.Join(err, t.Shutdown(ctx))
	}
	if err := t.setupMetrics(ctx, metrics, prom, res); err != nil {
		return nil, errors.Join(err, t.Shutdown(ctx))
	}
	t.setGlobals()
	log.Info("telemetry configured", "traces", t.TracesExporter, "metrics", t.MetricsExporter)
	return t, nil
}

func (t *Telemetry) setGlobals() {
	otel.SetTracerProvider(t.TracerProvider)
	otel.SetMeterProvider(t.MeterProvider)
}

// newResource builds the resource: the options as defaults, then the SDK's
// own attributes, host and process, then OTEL_RESOURCE_ATTRIBUTES and
// OTEL_SERVICE_NAME, later ones winning.
func newResource(ctx context.Context, opts Options) (*resource.Resource, error) {
	var base []resource.Option
	if opts.ServiceName != "" {
		base = append(base, resource.WithAttributes(semconv.ServiceName(opts.ServiceName)))
	}
	if opts.ServiceVersion != "" {
		base = append(base, resource.WithAttributes(semconv.ServiceVersion(opts.ServiceVersion)))
	}
	base = append(base, resource.WithTelemetrySDK(), resource.WithHost(), resource.WithProcessPID(), resource.WithFromEnv())
	res, err := resource.New(ctx, base...)
	if err != nil && !errors.Is(err, resource.ErrPartialResource) {
		return nil, fmt.Errorf("tracing: resource: %w", err)
	}
	// A partial resource (an unparsable OTEL_RESOURCE_ATTRIBUTES entry, say)
	// still names the service; export with it rather than not at all.
	if res == nil {
		return nil, fmt.Errorf("tracing: resource: %w", err)
	}
	if err != nil {
		otel.Handle(err)
	}
	return resource.Merge(resource.Default(), res)
}

func (t *Telemetry) setupTraces(ctx context.Context, kind string, res *resource.Resource) error {
	if kind == exporterNone {
		return nil
	}
	exp, err := autoexport.NewSpanExporter(ctx)
	if err != nil {
		return fmt.Errorf("tracing: %s=%s: %w", envTracesExporter, kind, err)
	}
	if autoexport.IsNoneSpanExporter(exp) {
		return nil
	}
	// The sampler comes from OTEL_TRACES_SAMPLER(_ARG), read by the SDK.
	tp := sdktrace.NewTracerProvider(sdktrace.WithBatcher(exp), sdktrace.WithResource(res))
	t.TracerProvider = tp
	t.TracesExporter = kind
	t.shutdown = append(t.shutdown, tp.Shutdown)
	return nil
}

func (t *Telemetry) setupMetrics(ctx context.Context, kind string, prom bool, res *resource.Resource) error {
	var readers []sdkmetric.Option
	var names []string
	if kind != exporterNone && kind != exporterPrometheus {
		r, err := autoexport.NewMetricReader(ctx)
		if err != nil {
			return fmt.Errorf("tracing: %s=%s: %w", envMetricsExporter, kind, err)
		}
		if !autoexport.IsNoneMetricReader(r) {
			readers = append(readers, sdkmetric.WithReader(r))
			names = append(names, kind)
		}
	}
	if prom {
		// An own registry: no clash with anything on the default one, and
		// Setup can run more than once (tests).
		reg := prometheus.NewRegistry()
		exp, err := promexporter.New(promexporter.WithRegisterer(reg))
		if err != nil {
			return fmt.Errorf("tracing: prometheus exporter: %w", err)
		}
		readers = append(readers, sdkmetric.WithReader(exp))
		names = append(names, exporterPrometheus)
		t.metricsHandler = promhttp.HandlerFor(reg, promhttp.HandlerOpts{ErrorHandling: promhttp.ContinueOnError})
	}
	if len(readers) == 0 {
		return nil
	}
	mp := sdkmetric.NewMeterProvider(append(readers, sdkmetric.WithResource(res))...)
	t.MeterProvider = mp
	t.MetricsExporter = strings.Join(names, "+")
	t.shutdown = append(t.shutdown, mp.Shutdown)
	return nil
}

// MetricsHandler returns the Prometheus scrape handler, or nil when
// Prometheus is not enabled (see Options.Prometheus).
func (t *Telemetry) MetricsHandler() http.Handler { return t.metricsHandler }

// Shutdown flushes and stops the exporters. The providers record nothing
// afterwards. It is safe to call more than once.
func (t *Telemetry) Shutdown(ctx context.Context) error {
	var errs []error
	for _, f := range t.shutdown {
		errs = append(errs, f(ctx))
	}
	t.shutdown = nil
	return errors.Join(errs...)
}
