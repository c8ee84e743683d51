package bench

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/natsexec/natsexec/guest"
	"github.com/natsexec/natsexec/jobs"
	"github.com/natsexec/natsexec/worker/placement"
)

// GuestSource is the program every sample runs, as the reference does.
const GuestSource = "export const x = 1;\n"

// benchEnvKey is set to a unique value per cold resident job, so its
// resident key is fresh and its VM provisioned.
const benchEnvKey = "NATSEXEC_BENCH_KEY"

// LocalOptions configure the in-process driver.
type LocalOptions struct {
	// Dir holds VM directories and the WASM compilation cache (default: a
	// temporary directory removed on Close). A Dir kept across runs keeps
	// the cache warm.
	Dir string
	// Placement is the template for every scenario's manager; Spawn.Dir
	// and Spawn.CacheDir default to Dir's vms and wasm-cache.
	Placement placement.Options
	// Prespawn is the owned-sidecar-prespawned pool size (default
	// DefaultConcurrency). Before each batch the driver waits until the
	// pool is full, so each batch starts from a ready pool.
	Prespawn int
	Logger   *slog.Logger
}

// Local takes samples on placement.Managers in this process, one manager
// per scenario, built at Start and closed at Stop. The process must
// dispatch the sidecar subcommand in main (see worker/sidecar).
type Local struct {
	opts    LocalOptions
	tmp     string
	mu      sync.Mutex
	mgrs    map[Scenario]*placement.Manager
	nextKey atomic.Uint64
}

// NewLocal prepares the in-process driver; managers start with each
// scenario.
func NewLocal(opts LocalOptions) (*Local, error) {
	l := &Local{mgrs: map[Scenario]*placement.Manager{}}
	if opts.Dir == "" {
		tmp, err := os.MkdirTemp("", "natsexec-bench-")
		if err != nil {
			return nil, err
		}
		opts.Dir, l.tmp = tmp, tmp
	}
	if opts.Placement.Spawn.Dir == "" {
		opts.Placement.Spawn.Dir = filepath.Join(opts.Dir, "vms")
	}
	if opts.Placement.Spawn.CacheDir == "" {
		opts.Placement.Spawn.CacheDir = filepath.Join(opts.Dir, "wasm-cache")
	}
	for _, d := range []string{opts.Placement.Spawn.Dir, opts.Placement.Spawn.CacheDir} {
		if err := os.MkdirAll(d, 0o700); err != nil {
			return nil, err
		}
	}
	if opts.Prespawn <= 0 {
		opts.Prespawn = DefaultConcurrency
	}
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	opts.Placement.Logger = opts.Logger
	l.opts = opts
	return l, nil
}

// Semantics of the local driver's numbers.
func (l *Local) Semantics() Semantics {
	return Semantics{
		Driver: "local (placement.Manager in process, no NATS)",
		Cold: "wall time of Manager.Acquire + the first Lease.Exec: provision (sidecar_spawn and session_open when a sidecar is started for the job; vm_create, vm_configure, runtime_mount_node, runtime_mount_wasm) + first_exec, " +
			"plus pipe and scheduling time between them. Resident: the first job on a fresh resident key (unique env value).",
		Warm: "wall time of the second Lease.Exec on the same VM (owned, shared). Resident: Release (resets the VM and parks it), then Acquire of the same key (reuses the parked VM) + Exec, timed from Acquire; the reset is reported apart as phase `reset`.",
		Notes: []string{
			"phases are the sidecar's own timing of each request (Frame.Took) except sidecar_spawn, session_open and runtime_create_total, timed in the worker",
			fmt.Sprintf("owned-sidecar-prespawned: PrespawnOwned=%d; the driver waits for a full pool before each batch, and a concurrent batch larger than the pool spawns the rest on demand", l.opts.Prespawn),
			"shared and resident: the manager's shared sidecars (one per CPU unless set) are spawned, and have each hosted one VM, before the scenario's first sample, and persist across samples; so no sample pays sidecar_spawn",
			"resident: ResidentMaxRuns=2 so each sample's VM is disposed after its warm run, not parked forever under a key no one reuses",
		},
	}
}

// Extra are the driver's settings for the report.
func (l *Local) Extra() map[string]string {
	return map[string]string{
		"prespawn_owned":  strconv.Itoa(l.opts.Prespawn),
		"shared_sidecars": strconv.Itoa(cmp.Or(l.opts.Placement.SharedSidecars, runtime.NumCPU())),
		"sandbox":         string(l.opts.Placement.Spawn.Sandbox),
	}
}

func (l *Local) managerOptions(sc Scenario) placement.Options {
	o := l.opts.Placement
	switch sc {
	case ScenarioOwnedPrespawned:
		o.PrespawnOwned = l.opts.Prespawn
	case ScenarioOwned:
		o.PrespawnOwned = 0
	case ScenarioResident:
		o.ResidentMaxRuns = 2
	}
	return o
}

// Start builds the scenario's manager.
func (l *Local) Start(ctx context.Context, sc Scenario) error {
	m, err := placement.New(ctx, l.managerOptions(sc))
	if err != nil {
		return err
	}
	l.mu.Lock()
	l.mgrs[sc] = m
	l.mu.Unlock()
	if sc == ScenarioShared || sc == ScenarioResident {
		// Long-lived sidecars are long-lived: spawn every one (and let each
		// host a VM) before measuring, so no sample pays a spawn.
		n := cmp.Or(l.opts.Placement.SharedSidecars, runtime.NumCPU())
		leases, err := openLeases(ctx, m, n, 1)
		releaseAll(ctx, leases)
		if err != nil {
			return fmt.Errorf("warm the shared sidecars: %w", err)
		}
	}
	return nil
}

func (l *Local) manager(sc Scenario) (*placement.Manager, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	m := l.mgrs[sc]
	if m == nil {
		return nil, fmt.Errorf("bench: scenario %s not started", sc)
	}
	return m, nil
}

// PrepareBatch waits for a full pre-spawned pool before an
// owned-sidecar-prespawned batch.
func (l *Local) PrepareBatch(ctx context.Context, b Batch) error {
	if b.Scenario != ScenarioOwnedPrespawned {
		return nil
	}
	m, err := l.manager(b.Scenario)
	if err != nil {
		return err
	}
	return waitPrespawned(ctx, m, l.opts.Prespawn, 60*time.Second)
}

func waitPrespawned(ctx context.Context, m *placement.Manager, n int, limit time.Duration) error {
	deadline := time.Now().Add(limit)
	for m.Stats().Prespawned < n {
		if time.Now().After(deadline) {
			return fmt.Errorf("pre-spawned pool holds %d of %d sidecars after %s", m.Stats().Prespawned, n, limit)
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(2 * time.Millisecond):
		}
	}
	return nil
}

// Stop closes the scenario's manager and its sidecars.
func (l *Local) Stop(ctx context.Context, sc Scenario) error {
	l.mu.Lock()
	m := l.mgrs[sc]
	delete(l.mgrs, sc)
	l.mu.Unlock()
	if m == nil {
		return nil
	}
	cctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	return m.Close(cctx)
}

// Close stops every manager still running and removes the temporary
// directory, if the driver made one.
func (l *Local) Close(ctx context.Context) error {
	l.mu.Lock()
	var scs []Scenario
	for sc := range l.mgrs {
		scs = append(scs, sc)
	}
	l.mu.Unlock()
	var errs []error
	for _, sc := range scs {
		errs = append(errs, l.Stop(ctx, sc))
	}
	if l.tmp != "" {
		errs = append(errs, os.RemoveAll(l.tmp))
	}
	return errors.Join(errs...)
}

// Job returns the bench job for a placement, validated (defaults filled in)
// as a worker would have it. key, when not empty, makes its resident key
// unique.
func Job(p jobs.Placement, key string) *jobs.Job {
	j := &jobs.Job{Runtime: jobs.RuntimeJS, Placement: p, Source: GuestSource}
	if key != "" {
		j.Env = map[string]string{benchEnvKey: key}
	}
	if err := j.Validate(); err != nil {
		panic("bench job invalid: " + err.Error())
	}
	return j
}

// ExecRequest is the bench job's exec request.
func ExecRequest() guest.ExecRequest {
	return guest.ExecRequest{Runtime: jobs.RuntimeJS, Source: GuestSource}
}

// PlacementOf maps a scenario to the job placement it uses.
func PlacementOf(sc Scenario) jobs.Placement {
	switch sc {
	case ScenarioOwned, ScenarioOwnedPrespawned:
		return jobs.PlacementOwned
	case ScenarioResident:
		return jobs.PlacementResident
	}
	return jobs.PlacementShared
}

// Sample measures one cold start and one warm exec.
func (l *Local) Sample(ctx context.Context, b Batch) (Sample, error) {
	m, err := l.manager(b.Scenario)
	if err != nil {
		return Sample{}, err
	}
	if b.Scenario == ScenarioResident {
		return l.sampleResident(ctx, m)
	}
	job := Job(PlacementOf(b.Scenario), "")
	req := ExecRequest()

	start := time.Now()
	lease, err := m.Acquire(ctx, job)
	if err != nil {
		return Sample{}, fmt.Errorf("acquire: %w", err)
	}
	defer lease.Release(context.WithoutCancel(ctx))
	res := lease.Exec(ctx, req)
	cold := time.Since(start)
	if err := resultErr("first exec", res); err != nil {
		return Sample{}, err
	}
	start = time.Now()
	res = lease.Exec(ctx, req)
	warm := time.Since(start)
	if err := resultErr("warm exec", res); err != nil {
		return Sample{}, err
	}
	return Sample{Cold: cold, Warm: warm, HasWarm: true, Phases: phaseMap(res.Phases)}, nil
}

func (l *Local) sampleResident(ctx context.Context, m *placement.Manager) (Sample, error) {
	key := strconv.FormatInt(time.Now().UnixNano(), 36) + "-" + strconv.FormatUint(l.nextKey.Add(1), 10)
	job := Job(jobs.PlacementResident, key)
	req := ExecRequest()

	start := time.Now()
	lease, err := m.Acquire(ctx, job)
	if err != nil {
		return Sample{}, fmt.Errorf("acquire: %w", err)
	}
	res := lease.Exec(ctx, req)
	cold := time.Since(start)
	rstart := time.Now()
	lease.Release(context.WithoutCancel(ctx))
	reset := time.Since(rstart)
	if err := resultErr("first exec", res); err != nil {
		return Sample{}, err
	}
	phases := phaseMap(res.Phases)
	phases[PhaseReset] = reset

	start = time.Now()
	lease, err = m.Acquire(ctx, job)
	if err != nil {
		return Sample{}, fmt.Errorf("acquire again: %w", err)
	}
	defer lease.Release(context.WithoutCancel(ctx))
	res = lease.Exec(ctx, req)
	warm := time.Since(start)
	if err := resultErr("warm exec", res); err != nil {
		return Sample{}, err
	}
	if _, fresh := res.Phase(jobs.PhaseVMCreate); fresh {
		return Sample{}, errors.New("resident VM was not reused: the second job on its key provisioned a new one")
	}
	d, ok := res.Phase(jobs.PhaseWarmExec)
	if !ok {
		return Sample{}, errors.New("resident reuse recorded no warm_exec phase")
	}
	phases[jobs.PhaseWarmExec] = d
	return Sample{Cold: cold, Warm: warm, HasWarm: true, Phases: phases}, nil
}

func resultErr(what string, r *jobs.Result) error {
	if r.Status != jobs.StatusOK || r.ExitCode != 0 {
		return fmt.Errorf("%s: status %s, exit %d: %s", what, r.Status, r.ExitCode, r.Error)
	}
	return nil
}

func phaseMap(ps []jobs.Phase) map[string]time.Duration {
	out := make(map[string]time.Duration, len(ps))
	for _, p := range ps {
		out[p.Name] += time.Duration(p.Duration)
	}
	return out
}
