package tracing

import (
	"context"
	"fmt"
	"time"

	"github.com/natsexec/natsexec/jobs"
	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/metric"
)

// Bucket bounds in seconds. The SDK's defaults are millisecond-shaped and
// would put every phase in the first bucket.
var (
	phaseBuckets = []float64{0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60}
	queueBuckets = []float64{0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 900}
)

// Metric names; the Prometheus exporter renders them as natsexec_jobs_total,
// natsexec_phase_duration_seconds and so on.
const (
	MetricJobs         = "natsexec.jobs"
	MetricPhaseDur     = "natsexec.phase.duration"
	MetricQueueWait    = "natsexec.queue.wait"
	MetricSidecarsLive = "natsexec.sidecars.live"
	MetricVMsLive      = "natsexec.vms.live"
)

var (
	allStatuses   = []jobs.Status{jobs.StatusOK, jobs.StatusGuestError, jobs.StatusTimeout, jobs.StatusKilled, jobs.StatusRejected, jobs.StatusInfraError, jobs.StatusCancelled}
	allPlacements = []jobs.Placement{jobs.PlacementOwned, jobs.PlacementShared, jobs.PlacementResident}
	allRuntimes   = []jobs.Runtime{jobs.RuntimeJS, jobs.RuntimeTS, jobs.RuntimeWASM}
	allPhases     = []string{jobs.PhaseSidecarSpawn, jobs.PhaseSessionOpen, jobs.PhaseVMCreate, jobs.PhaseVMConfigure, jobs.PhaseRuntimeMountNode, jobs.PhaseRuntimeMountWASM, jobs.PhaseRuntimeCreateTotal, jobs.PhaseFirstExec, jobs.PhaseWarmExec, jobs.PhaseQueueWait, jobs.PhaseResultPublish}
)

type jobKey struct {
	status    jobs.Status
	placement jobs.Placement
	runtime   jobs.Runtime
}

// Metrics are the worker's instruments. Attribute sets for every known
// status/placement/runtime/phase are built once, so recording on the hot
// path is a map lookup and no allocation. A nil *Metrics records nothing.
type Metrics struct {
	jobs      metric.Int64Counter
	phase     metric.Float64Histogram
	queueWait metric.Float64Histogram
	sidecars  metric.Int64UpDownCounter
	vms       metric.Int64UpDownCounter

	jobOpts       map[jobKey][]metric.AddOption
	phaseOpts     map[string][]metric.RecordOption
	placementOpts map[jobs.Placement][]metric.AddOption
}

// NewMetrics creates the instruments on mp's natsexec meter; nil mp means
// the global MeterProvider.
func NewMetrics(mp metric.MeterProvider) (*Metrics, error) {
	if mp == nil {
		mp = otel.GetMeterProvider()
	}
	meter := mp.Meter(ScopeName)
	m := &Metrics{
		jobOpts:       make(map[jobKey][]metric.AddOption, len(allStatuses)*len(allPlacements)*len(allRuntimes)),
		phaseOpts:     make(map[string][]metric.RecordOption, len(allPhases)),
		placementOpts: make(map[jobs.Placement][]metric.AddOption, len(allPlacements)),
	}
	var err error
	if m.jobs, err = meter.Int64Counter(MetricJobs,
		metric.WithUnit("{job}"),
		metric.WithDescription("Jobs finished, by status, placement and runtime.")); err != nil {
		return nil, fmt.Errorf("tracing: metric %s: %w", MetricJobs, err)
	}
	if m.phase, err = meter.Float64Histogram(MetricPhaseDur,
		metric.WithUnit("s"),
		metric.WithDescription("Duration of one provisioning or execution phase."),
		metric.WithExplicitBucketBoundaries(phaseBuckets...)); err != nil {
		return nil, fmt.Errorf("tracing: metric %s: %w", MetricPhaseDur, err)
	}
	if m.queueWait, err = meter.Float64Histogram(MetricQueueWait,
		metric.WithUnit("s"),
		metric.WithDescription("Time from a job's publication to a worker taking it."),
		metric.WithExplicitBucketBoundaries(queueBuckets...)); err != nil {
		return nil, fmt.Errorf("tracing: metric %s: %w", MetricQueueWait, err)
	}
	if m.sidecars, err = meter.Int64UpDownCounter(MetricSidecarsLive,
		metric.WithUnit("{sidecar}"),
		metric.WithDescription("Sidecar processes alive, by placement.")); err != nil {
		return nil, fmt.Errorf("tracing: metric %s: %w", MetricSidecarsLive, err)
	}
	if m.vms, err = meter.Int64UpDownCounter(MetricVMsLive,
		metric.WithUnit("{vm}"),
		metric.WithDescription("VMs alive across sidecars, by placement.")); err != nil {
		return nil, fmt.Errorf("tracing: metric %s: %w", MetricVMsLive, err)
	}
	for _, s := range allStatuses {
		for _, p := range allPlacements {
			for _, r := range allRuntimes {
				m.jobOpts[jobKey{s, p, r}] = jobAddOpts(s, p, r)
			}
		}
	}
	for _, name := range allPhases {
		m.phaseOpts[name] = phaseRecordOpts(name)
	}
	for _, p := range allPlacements {
		m.placementOpts[p] = placementAddOpts(p)
	}
	return m, nil
}

func jobAddOpts(s jobs.Status, p jobs.Placement, r jobs.Runtime) []metric.AddOption {
	set := attribute.NewSet(AttrStatus.String(string(s)), AttrPlacement.String(string(p)), AttrRuntime.String(string(r)))
	return []metric.AddOption{metric.WithAttributeSet(set)}
}

func phaseRecordOpts(name string) []metric.RecordOption {
	return []metric.RecordOption{metric.WithAttributeSet(attribute.NewSet(AttrPhase.String(name)))}
}

func placementAddOpts(p jobs.Placement) []metric.AddOption {
	return []metric.AddOption{metric.WithAttributeSet(attribute.NewSet(AttrPlacement.String(string(p))))}
}

// JobDone counts one finished job.
func (m *Metrics) JobDone(ctx context.Context, status jobs.Status, placement jobs.Placement, runtime jobs.Runtime) {
	if m == nil {
		return
	}
	opts, ok := m.jobOpts[jobKey{status, placement, runtime}]
	if !ok {
		opts = jobAddOpts(status, placement, runtime)
	}
	m.jobs.Add(ctx, 1, opts...)
}

// Phases records each phase's duration in the phase histogram.
func (m *Metrics) Phases(ctx context.Context, phases []jobs.Phase) {
	if m == nil {
		return
	}
	for i := range phases {
		p := &phases[i]
		opts, ok := m.phaseOpts[p.Name]
		if !ok {
			opts = phaseRecordOpts(p.Name)
		}
		m.phase.Record(ctx, time.Duration(p.Duration).Seconds(), opts...)
	}
}

// QueueWait records how long a job waited between publication and pickup.
func (m *Metrics) QueueWait(ctx context.Context, d time.Duration) {
	if m == nil {
		return
	}
	m.queueWait.Record(ctx, d.Seconds())
}

// SidecarsLive adds delta (+1 on spawn, -1 on exit) to the live sidecars of
// a placement.
func (m *Metrics) SidecarsLive(ctx context.Context, delta int64, placement jobs.Placement) {
	if m == nil {
		return
	}
	m.sidecars.Add(ctx, delta, m.placementOpt(placement)...)
}

// VMsLive adds delta (+1 on create, -1 on close) to the live VMs of a
// placement.
func (m *Metrics) VMsLive(ctx context.Context, delta int64, placement jobs.Placement) {
	if m == nil {
		return
	}
	m.vms.Add(ctx, delta, m.placementOpt(placement)...)
}

func (m *Metrics) placementOpt(p jobs.Placement) []metric.AddOption {
	if opts, ok := m.placementOpts[p]; ok {
		return opts
	}
	return placementAddOpts(p)
}
