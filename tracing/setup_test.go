package tracing

import (
	"context"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"sync"
	"testing"

	"github.com/nats-io/nats.go"
	"github.com/natsexec/natsexec/jobs"
	"go.opentelemetry.io/otel"
	collmetrics "go.opentelemetry.io/proto/otlp/collector/metrics/v1"
	colltrace "go.opentelemetry.io/proto/otlp/collector/trace/v1"
	"google.golang.org/grpc"
	"google.golang.org/protobuf/proto"
)

// clearOTelEnv unsets every OTEL_* variable for the test, so the developer's
// or CI's environment cannot steer it. Setup tests touch globals and the
// environment, so none of them is parallel.
func clearOTelEnv(t *testing.T) {
	t.Helper()
	for _, kv := range os.Environ() {
		k, _, _ := strings.Cut(kv, "=")
		if strings.HasPrefix(k, "OTEL_") {
			t.Setenv(k, "")
			os.Unsetenv(k)
		}
	}
}

func shutdown(t *testing.T, tel *Telemetry) {
	t.Helper()
	if err := tel.Shutdown(context.Background()); err != nil {
		t.Fatal(err)
	}
}

func TestSetupNoEnvExportsNothing(t *testing.T) {
	clearOTelEnv(t)
	ctx := context.Background()
	tel, err := Setup(ctx, Options{ServiceName: "natsexec-test"})
	if err != nil {
		t.Fatal(err)
	}
	defer shutdown(t, tel)
	if tel.TracesExporter != "none" || tel.MetricsExporter != "none" || len(tel.shutdown) != 0 {
		t.Fatalf("exporters %q/%q, %d to shut down", tel.TracesExporter, tel.MetricsExporter, len(tel.shutdown))
	}
	if tel.MetricsHandler() != nil {
		t.Fatal("metrics handler without Prometheus")
	}
	_, span := otel.Tracer("x").Start(ctx, "job")
	defer span.End()
	if span.IsRecording() || span.SpanContext().IsValid() {
		t.Fatal("global tracer records with nothing configured")
	}

	// The trace still passes through: a span started under a context
	// extracted from a job message carries the submitter's ids onward.
	const tp = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"
	in := nats.Header{"traceparent": {tp}}
	pctx, span2 := otel.Tracer("x").Start(Extract(ctx, in), "job")
	defer span2.End()
	out := nats.Header{}
	Inject(pctx, out)
	if got := out.Get("traceparent"); got != tp {
		t.Fatalf("forwarded traceparent %q, want %q", got, tp)
	}
}

func TestSetupSDKDisabled(t *testing.T) {
	clearOTelEnv(t)
	t.Setenv("OTEL_SDK_DISABLED", "true")
	t.Setenv("OTEL_TRACES_EXPORTER", "console")
	tel, err := Setup(context.Background(), Options{Prometheus: true})
	if err != nil {
		t.Fatal(err)
	}
	defer shutdown(t, tel)
	if tel.TracesExporter != "none" || tel.MetricsHandler() != nil {
		t.Fatalf("disabled SDK configured %q, handler %v", tel.TracesExporter, tel.MetricsHandler())
	}
}

func TestSetupBadExporter(t *testing.T) {
	clearOTelEnv(t)
	t.Setenv("OTEL_TRACES_EXPORTER", "carrier-pigeon")
	if _, err := Setup(context.Background(), Options{}); err == nil {
		t.Fatal("unknown exporter accepted")
	}
}

func TestSetupSamplerFromEnv(t *testing.T) {
	clearOTelEnv(t)
	t.Setenv("OTEL_TRACES_EXPORTER", "console")
	t.Setenv("OTEL_TRACES_SAMPLER", "always_off")
	tel, err := Setup(context.Background(), Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer shutdown(t, tel)
	if tel.TracesExporter != "console" {
		t.Fatalf("traces exporter %q", tel.TracesExporter)
	}
	_, span := otel.Tracer("x").Start(context.Background(), "job")
	defer span.End()
	if span.IsRecording() {
		t.Fatal("always_off sampler ignored")
	}
}

func TestSetupPrometheus(t *testing.T) {
	for _, tc := range []struct {
		name string
		env  string
		opts Options
	}{
		{"option", "", Options{Prometheus: true}},
		{"env", "prometheus", Options{}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			clearOTelEnv(t)
			if tc.env != "" {
				t.Setenv("OTEL_METRICS_EXPORTER", tc.env)
			}
			tel, err := Setup(context.Background(), tc.opts)
			if err != nil {
				t.Fatal(err)
			}
			defer shutdown(t, tel)
			if tel.MetricsExporter != "prometheus" || tel.TracesExporter != "none" {
				t.Fatalf("exporters %q/%q", tel.TracesExporter, tel.MetricsExporter)
			}
			m, err := NewMetrics(nil)
			if err != nil {
				t.Fatal(err)
			}
			m.JobDone(context.Background(), jobs.StatusOK, jobs.PlacementOwned, jobs.RuntimeJS)
			m.Phases(context.Background(), []jobs.Phase{{Name: jobs.PhaseFirstExec, Duration: 1e6}})

			rec := httptest.NewRecorder()
			tel.MetricsHandler().ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/metrics", nil))
			body := rec.Body.String()
			for _, want := range []string{
				`natsexec_jobs_total{`,
				`natsexec_status="ok"`,
				`natsexec_phase_duration_seconds_bucket{`,
				`natsexec_phase="first_exec"`,
			} {
				if !strings.Contains(body, want) {
					t.Errorf("scrape lacks %s:\n%s", want, body)
				}
			}
		})
	}
}

// collector is a minimal OTLP/HTTP receiver: it keeps what it is sent.
type collector struct {
	colltrace.UnimplementedTraceServiceServer

	mu      sync.Mutex
	traces  []*colltrace.ExportTraceServiceRequest
	metrics []*collmetrics.ExportMetricsServiceRequest
}

func (c *collector) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, err := io.ReadAll(r.Body)
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	switch r.URL.Path {
	case "/v1/traces":
		req := &colltrace.ExportTraceServiceRequest{}
		err = proto.Unmarshal(body, req)
		c.traces = append(c.traces, req)
	case "/v1/metrics":
		req := &collmetrics.ExportMetricsServiceRequest{}
		err = proto.Unmarshal(body, req)
		c.metrics = append(c.metrics, req)
	default:
		http.NotFound(w, r)
		return
	}
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	w.Header().Set("Content-Type", "application/x-protobuf")
}

func (c *collector) Export(_ context.Context, req *colltrace.ExportTraceServiceRequest) (*colltrace.ExportTraceServiceResponse, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.traces = append(c.traces, req)
	return &colltrace.ExportTraceServiceResponse{}, nil
}

// spanNames returns the names of the spans received, and the service.name
// of their resources.
func (c *collector) spanNames() (names, services []string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, req := range c.traces {
		for _, rs := range req.GetResourceSpans() {
			for _, a := range rs.GetResource().GetAttributes() {
				if a.GetKey() == "service.name" {
					services = append(services, a.GetValue().GetStringValue())
				}
			}
			for _, ss := range rs.GetScopeSpans() {
				for _, s := range ss.GetSpans() {
					names = append(names, s.GetName())
				}
			}
		}
	}
	return names, services
}

func (c *collector) metricNames() []string {
	c.mu.Lock()
	defer c.mu.Unlock()
	var names []string
	for _, req := range c.metrics {
		for _, rm := range req.GetResourceMetrics() {
			for _, sm := range rm.GetScopeMetrics() {
				for _, m := range sm.GetMetrics() {
					names = append(names, m.GetName())
				}
			}
		}
	}
	return names
}

func TestSetupOTLPHTTP(t *testing.T) {
	clearOTelEnv(t)
	coll := &collector{}
	srv := httptest.NewServer(coll)
	defer srv.Close()
	// No OTEL_TRACES_EXPORTER: an endpoint alone means otlp for traces;
	// metrics need asking for.
	t.Setenv("OTEL_EXPORTER_OTLP_ENDPOINT", srv.URL)
	t.Setenv("OTEL_METRICS_EXPORTER", "otlp")
	t.Setenv("OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf")
	t.Setenv("OTEL_SERVICE_NAME", "from-env")

	ctx := context.Background()
	tel, err := Setup(ctx, Options{ServiceName: "from-options", ServiceVersion: "1.2.3"})
	if err != nil {
		t.Fatal(err)
	}
	if tel.TracesExporter != "otlp" || tel.MetricsExporter != "otlp" {
		t.Fatalf("exporters %q/%q", tel.TracesExporter, tel.MetricsExporter)
	}
	_, span := otel.Tracer("x").Start(ctx, "job")
	if !span.IsRecording() {
		t.Fatal("span not recording")
	}
	span.End()
	m, err := NewMetrics(nil)
	if err != nil {
		t.Fatal(err)
	}
	m.JobDone(ctx, jobs.StatusOK, jobs.PlacementShared, jobs.RuntimeWASM)
	shutdown(t, tel) // flushes both signals

	names, services := coll.spanNames()
	if len(names) != 1 || names[0] != "job" {
		t.Errorf("spans received %v", names)
	}
	for _, s := range services {
		if s != "from-env" {
			t.Errorf("service.name %q, want OTEL_SERVICE_NAME", s)
		}
	}
	if mn := coll.metricNames(); !strings.Contains(strings.Join(mn, ","), MetricJobs) {
		t.Errorf("metrics received %v", mn)
	}
}

func TestSetupEndpointAloneIsTracesOnly(t *testing.T) {
	clearOTelEnv(t)
	t.Setenv("OTEL_EXPORTER_OTLP_ENDPOINT", "http://127.0.0.1:1")
	tel, err := Setup(context.Background(), Options{})
	if err != nil {
		t.Fatal(err)
	}
	// Nothing was recorded, so shutting down sends nothing to the dead port.
	defer shutdown(t, tel)
	if tel.TracesExporter != "otlp" || tel.MetricsExporter != "none" {
		t.Fatalf("exporters %q/%q", tel.TracesExporter, tel.MetricsExporter)
	}
}

func TestSetupOTLPGRPC(t *testing.T) {
	clearOTelEnv(t)
	coll := &collector{}
	lis, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	gs := grpc.NewServer()
	colltrace.RegisterTraceServiceServer(gs, coll)
	go gs.Serve(lis)
	defer gs.Stop()
	t.Setenv("OTEL_TRACES_EXPORTER", "otlp")
	t.Setenv("OTEL_METRICS_EXPORTER", "none")
	t.Setenv("OTEL_EXPORTER_OTLP_PROTOCOL", "grpc")
	t.Setenv("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "http://"+lis.Addr().String())

	tel, err := Setup(context.Background(), Options{ServiceName: "grpc-test"})
	if err != nil {
		t.Fatal(err)
	}
	if tel.MetricsExporter != "none" {
		t.Fatalf("metrics exporter %q", tel.MetricsExporter)
	}
	_, span := otel.Tracer("x").Start(context.Background(), "job")
	span.End()
	shutdown(t, tel)
	names, services := coll.spanNames()
	if len(names) != 1 || names[0] != "job" || len(services) != 1 || services[0] != "grpc-test" {
		t.Errorf("received spans %v from %v", names, services)
	}
}
