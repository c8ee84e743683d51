package tracing_test

import (
	"context"
	"testing"
	"time"

	"github.com/natsexec/natsexec/jobs"
	"github.com/natsexec/natsexec/tracing"
	"go.opentelemetry.io/otel/attribute"
	sdkmetric "go.opentelemetry.io/otel/sdk/metric"
	"go.opentelemetry.io/otel/sdk/metric/metricdata"
)

func collect(t *testing.T, r sdkmetric.Reader) map[string]metricdata.Aggregation {
	t.Helper()
	var rm metricdata.ResourceMetrics
	if err := r.Collect(context.Background(), &rm); err != nil {
		t.Fatal(err)
	}
	out := map[string]metricdata.Aggregation{}
	for _, sm := range rm.ScopeMetrics {
		for _, m := range sm.Metrics {
			out[m.Name] = m.Data
		}
	}
	return out
}

func sumByAttrs(t *testing.T, agg metricdata.Aggregation) map[attribute.Distinct]int64 {
	t.Helper()
	s, ok := agg.(metricdata.Sum[int64])
	if !ok {
		t.Fatalf("aggregation %T, want Sum[int64]", agg)
	}
	out := map[attribute.Distinct]int64{}
	for _, dp := range s.DataPoints {
		out[dp.Attributes.Equivalent()] = dp.Value
	}
	return out
}

func TestMetrics(t *testing.T) {
	t.Parallel()
	reader := sdkmetric.NewManualReader()
	mp := sdkmetric.NewMeterProvider(sdkmetric.WithReader(reader))
	m, err := tracing.NewMetrics(mp)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	m.JobDone(ctx, jobs.StatusOK, jobs.PlacementOwned, jobs.RuntimeJS)
	m.JobDone(ctx, jobs.StatusOK, jobs.PlacementOwned, jobs.RuntimeJS)
	m.JobDone(ctx, jobs.StatusTimeout, jobs.PlacementShared, jobs.RuntimeWASM)
	m.JobDone(ctx, "new_status", "", jobs.RuntimeTS) // not precomputed
	m.Phases(ctx, coldPhases())
	m.Phases(ctx, []jobs.Phase{phase("custom", 0, 1)})
	m.QueueWait(ctx, 250*time.Millisecond)
	m.SidecarsLive(ctx, 1, jobs.PlacementOwned)
	m.SidecarsLive(ctx, 1, jobs.PlacementOwned)
	m.SidecarsLive(ctx, -1, jobs.PlacementOwned)
	m.VMsLive(ctx, 3, jobs.PlacementShared)

	got := collect(t, reader)

	set := func(kv ...attribute.KeyValue) attribute.Distinct {
		s := attribute.NewSet(kv...)
		return s.Equivalent()
	}
	jobsByAttrs := sumByAttrs(t, got[tracing.MetricJobs])
	for k, want := range map[attribute.Distinct]int64{
		set(tracing.AttrStatus.String("ok"), tracing.AttrPlacement.String("owned"), tracing.AttrRuntime.String("js")):         2,
		set(tracing.AttrStatus.String("timeout"), tracing.AttrPlacement.String("shared"), tracing.AttrRuntime.String("wasm")): 1,
		set(tracing.AttrStatus.String("new_status"), tracing.AttrPlacement.String(""), tracing.AttrRuntime.String("ts")):      1,
	} {
		if jobsByAttrs[k] != want {
			t.Errorf("jobs %v = %d, want %d", k, jobsByAttrs[k], want)
		}
	}
	if s := sumByAttrs(t, got[tracing.MetricSidecarsLive]); s[set(tracing.AttrPlacement.String("owned"))] != 1 {
		t.Errorf("sidecars live %v", s)
	}
	if s := sumByAttrs(t, got[tracing.MetricVMsLive]); s[set(tracing.AttrPlacement.String("shared"))] != 3 {
		t.Errorf("vms live %v", s)
	}

	h, ok := got[tracing.MetricPhaseDur].(metricdata.Histogram[float64])
	if !ok {
		t.Fatalf("phase histogram %T", got[tracing.MetricPhaseDur])
	}
	if len(h.DataPoints) != len(coldPhases())+1 {
		t.Errorf("%d phase series", len(h.DataPoints))
	}
	for _, dp := range h.DataPoints {
		if v, _ := dp.Attributes.Value(tracing.AttrPhase); v.AsString() == jobs.PhaseFirstExec {
			if dp.Count != 1 || dp.Sum != 0.020 {
				t.Errorf("first_exec count %d sum %v, want 1, 0.020", dp.Count, dp.Sum)
			}
			// 20ms must land in a bucket of its own size, not the first.
			if dp.Bounds[0] >= 0.020 {
				t.Errorf("buckets too coarse: %v", dp.Bounds)
			}
		}
	}
	q, ok := got[tracing.MetricQueueWait].(metricdata.Histogram[float64])
	if !ok || len(q.DataPoints) != 1 || q.DataPoints[0].Sum != 0.25 {
		t.Errorf("queue wait %+v", got[tracing.MetricQueueWait])
	}
}

func TestMetricsNil(t *testing.T) {
	t.Parallel()
	var m *tracing.Metrics
	ctx := context.Background()
	m.JobDone(ctx, jobs.StatusOK, jobs.PlacementOwned, jobs.RuntimeJS)
	m.Phases(ctx, coldPhases())
	m.QueueWait(ctx, time.Second)
	m.SidecarsLive(ctx, 1, jobs.PlacementOwned)
	m.VMsLive(ctx, 1, jobs.PlacementOwned)
}
