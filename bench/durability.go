package bench

// The durability run ("nothing is lost"): a fleet of separate processes,
// a nats-server loading deploy/nats-tenants.conf and three worker
// processes, takes thousands of jobs from two tenants while one worker is
// SIGKILLed and started again, and the NATS server is killed and started
// again on the same port and store. Workers and clients reconnect by
// themselves. Afterwards every job must have exactly one final result, its
// own, stored under its tenant's key, and the queues must be empty. What
// the chaos cost is reported, not hidden: jobs delivered more than once
// (at-least-once after a kill -9), answers given from the store, dead
// letters, latency.

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
	"github.com/nats-io/nats.go/micro"
	"github.com/nats-io/nuid"

	"github.com/natsexec/natsexec/client"
	"github.com/natsexec/natsexec/jobs"
)

// Durability defaults: the figures.
const (
	DefaultDurabilityJobs        = 5000
	DefaultDurabilityWorkers     = 3
	DefaultDurabilityConcurrency = 8
)

// The users of deploy/nats-tenants.conf the run connects as besides the
// tenants: the workers as the fleet, the checks as the operator.
const (
	durFleetUser, durFleetPassword = "fleet", "fleet-secret"
	durAdminUser, durAdminPassword = "admin", "admin-secret"
)

// durabilityTenants are the tenants of deploy/nats-tenants.conf the run
// submits as; jobs alternate between them.
var durabilityTenants = []struct{ name, password string }{
	{"alice", "alice-secret"},
	{"bob", "bob-secret"},
}

// DurabilityConfig is one durability run. Zero fields take the defaults;
// the binaries, the server configuration and Dir are required.
type DurabilityConfig struct {
	// NATSServer and Worker are the binaries to run
	// (BuildDurabilityBinaries); NATSConfig is the server's configuration
	// (deploy/nats-tenants.conf).
	NATSServer, Worker, NATSConfig string
	// Dir holds the JetStream store, the workers' data dirs and every
	// process's log (logs/<name>.log).
	Dir string

	Jobs        int // default 5000
	Workers     int // default 3
	Concurrency int // each worker's --concurrency (default 8)
	// Sandbox is the workers' --sandbox (empty: the worker's default).
	Sandbox string
	// AckWait is the workers' --ack-wait, after which the jobs a killed
	// worker held are delivered again (0: the worker's default, 30s).
	AckWait time.Duration
	// Rate is how many jobs a second are submitted (default 150, more
	// than three workers run here, so that a backlog builds and every
	// worker is busy when the chaos strikes), in batches of Batch
	// (default 50) published asynchronously, then flushed. The submission
	// goes on through the chaos, the NATS restart included. At most
	// Window jobs await their result at once (default: no bound): past
	// that, the submission waits.
	Rate          float64
	Batch, Window int
	// KillWorkerAt and RestartNATSAt are the fractions of the jobs
	// submitted when the worker running most jobs is SIGKILLed (default
	// 0.3) and when the NATS server is stopped with NATSSignal (default
	// 0.75, SIGKILL; not before the worker is back). The worker stays
	// down for WorkerDown, the server for NATSDown (default 2s each); each
	// then starts again as it was.
	KillWorkerAt, RestartNATSAt float64
	WorkerDown, NATSDown        time.Duration
	NATSSignal                  syscall.Signal
	// Drain bounds the wait for the last results after the last job is
	// submitted (default 5m); a job without one by then is lost.
	Drain time.Duration
	// ProgressEvery is the interval of progress lines (default 5s).
	ProgressEvery time.Duration
}

func (c *DurabilityConfig) setDefaults() {
	if c.Jobs == 0 {
		c.Jobs = DefaultDurabilityJobs
	}
	if c.Workers == 0 {
		c.Workers = DefaultDurabilityWorkers
	}
	if c.Concurrency == 0 {
		c.Concurrency = DefaultDurabilityConcurrency
	}
	if c.Rate == 0 {
		c.Rate = 150
	}
	if c.Batch == 0 {
		c.Batch = 50
	}
	if c.Window == 0 {
		c.Window = c.Jobs
	}
	if c.KillWorkerAt == 0 {
		c.KillWorkerAt = 0.3
	}
	if c.RestartNATSAt == 0 {
		c.RestartNATSAt = 0.75
	}
	if c.WorkerDown == 0 {
		c.WorkerDown = 2 * time.Second
	}
	if c.NATSDown == 0 {
		c.NATSDown = 2 * time.Second
	}
	if c.NATSSignal == 0 {
		c.NATSSignal = syscall.SIGKILL
	}
	if c.Drain == 0 {
		c.Drain = 5 * time.Minute
	}
	if c.ProgressEvery <= 0 {
		c.ProgressEvery = 5 * time.Second
	}
}

// Validate checks a configuration whose defaults are set.
func (c *DurabilityConfig) Validate() error {
	var errs []error
	for _, f := range []struct{ name, path string }{{"NATSServer", c.NATSServer}, {"Worker", c.Worker}, {"NATSConfig", c.NATSConfig}, {"Dir", c.Dir}} {
		if f.path == "" {
			errs = append(errs, fmt.Errorf("%s is required", f.name))
		}
	}
	if c.Jobs < 2 {
		errs = append(errs, errors.New("jobs must be at least 2 (one per tenant)"))
	}
	if c.Workers < 2 {
		errs = append(errs, errors.New("workers must be at least 2: one is killed, the others carry on"))
	}
	if c.Concurrency < 1 || c.Batch < 1 || c.Window < c.Batch || !(c.Rate > 0) {
		errs = append(errs, fmt.Errorf("concurrency %d, batch %d, window %d, rate %g: want concurrency and batch at least 1, window at least the batch, a positive rate", c.Concurrency, c.Batch, c.Window, c.Rate))
	}
	if !(c.KillWorkerAt > 0 && c.KillWorkerAt < 1 && c.RestartNATSAt > 0 && c.RestartNATSAt < 1) {
		errs = append(errs, fmt.Errorf("kill worker at %g, restart NATS at %g: want fractions strictly between 0 and 1", c.KillWorkerAt, c.RestartNATSAt))
	}
	if c.AckWait < 0 || c.WorkerDown < 0 || c.NATSDown < 0 || c.Drain < 0 {
		errs = append(errs, errors.New("durations must not be negative"))
	}
	return errors.Join(errs...)
}

// BuildDurabilityBinaries builds nats-server (a dependency in go.mod) and
// cmd/worker of the module at repoRoot into dir.
func BuildDurabilityBinaries(ctx context.Context, repoRoot, dir string) (natsServer, worker string, err error) {
	natsServer, worker = filepath.Join(dir, "nats-server"), filepath.Join(dir, "worker")
	for _, b := range []struct{ out, pkg string }{{natsServer, "github.com/nats-io/nats-server/v2"}, {worker, "./cmd/worker"}} {
		cmd := exec.CommandContext(ctx, "go", "build", "-o", b.out, b.pkg)
		cmd.Dir = repoRoot
		if out, err := cmd.CombinedOutput(); err != nil {
			return "", "", fmt.Errorf("go build %s: %w\n%s", b.pkg, err, out)
		}
	}
	return natsServer, worker, nil
}

// DurabilityReport is what a durability run found.
type DurabilityReport struct {
	RunID    string    `json:"run_id"`
	Started  time.Time `json:"started"`
	Finished time.Time `json:"finished"`
	Host     HostInfo  `json:"host"`

	Jobs        int            `json:"jobs"`
	ByTenant    map[string]int `json:"by_tenant"`
	Workers     int            `json:"workers"`
	Concurrency int            `json:"concurrency"`
	Sandbox     string         `json:"sandbox,omitempty"`
	AckWait     time.Duration  `json:"ack_wait_ns,omitempty"`
	NATSSignal  string         `json:"nats_signal"`

	// Wall is the first publish to the last result's FinishedAt.
	Wall       time.Duration `json:"wall_ns"`
	SubmitTook time.Duration `json:"submit_took_ns"`
	Throughput float64       `json:"jobs_per_second"`
	// Latency is each job's first publish to its result's FinishedAt
	// (the worker's clock, on the same host).
	Latency Summary `json:"latency"`

	// OK jobs have one final result, status ok, their own id on stdout,
	// their own tenant and job id.
	OK int `json:"ok"`
	// Lost have no result at all; NotOK a result whose status is not ok;
	// WrongOutput an ok result with other stdout; WrongJobID and
	// WrongTenant a result naming another job or tenant; DuplicateStored
	// a stored result flagged Duplicate (the store keeps the first final
	// result, never a duplicate answer).
	Lost            []string `json:"lost"`
	NotOK           []string `json:"not_ok"`
	WrongOutput     []string `json:"wrong_output"`
	WrongJobID      []string `json:"wrong_job_id"`
	WrongTenant     []string `json:"wrong_tenant"`
	DuplicateStored []string `json:"duplicate_stored"`

	// BucketKeys are the results bucket's keys under <tenant>.> for the
	// run's tenants (the store is the run's own); StrayKeys are those no
	// job of the run owns.
	BucketKeys int      `json:"bucket_keys"`
	StrayKeys  []string `json:"stray_keys"`

	// Redelivered jobs have Result.Attempt > 1: JetStream delivered them
	// again (the killed worker held them, or an ack or result was lost to
	// the NATS restart), so they may have run more than once. That is
	// at-least-once delivery; the write-once store keeps one result.
	Redelivered int `json:"redelivered"`
	// DeliveredAgain are the jobs delivered more than once by either
	// sign: Attempt > 1, or an answer flagged Duplicate (a delivery after
	// the result was stored, which Attempt does not show: after a SIGKILL
	// the server may deliver again, as a first delivery, a job whose ack
	// it had confirmed). Any of them may have run twice.
	DeliveredAgain int            `json:"delivered_again"`
	Attempts       map[int]int    `json:"attempts"`
	RetriedRuns    int            `json:"retried_runs"` // results with worker-side retries
	ByWorker       map[string]int `json:"by_worker"`

	// Replies on the jobs' reply subjects: jobs with at least one, all of
	// them, answers flagged Duplicate (a redelivery or a job published
	// again, answered from the store), jobs answered more than once
	// without that flag, and replies naming another job.
	RepliedJobs      int `json:"replied_jobs"`
	Replies          int `json:"replies"`
	DuplicateReplies int `json:"duplicate_replies"`
	FreshAnswerTwice int `json:"fresh_answer_twice"`
	WrongReplies     int `json:"wrong_replies"`
	// FoundInStore is how many jobs the run learned were done from the
	// results bucket, before any reply came (lost or late).
	FoundInStore int `json:"found_in_store"`

	// PublishRetries counts a tenant's part of a batch published again
	// after a failed publish or flush (the same ids: the stream drops
	// those it has).
	PublishRetries int `json:"publish_retries"`
	// PublishedInOutage were first published while the server was down
	// (from its stop until JetStream answered again): the connection's
	// reconnect buffer holds them.
	PublishedInOutage int      `json:"published_in_outage"`
	PublishErrors     []string `json:"publish_errors,omitempty"`

	DeadLetters uint64 `json:"dead_letters"`
	// QueuedAtEnd are messages still in the tenants' jobs streams once
	// every job had a result and the queues were given AckWait to drain.
	QueuedAtEnd uint64        `json:"queued_at_end"`
	QueueDrain  time.Duration `json:"queue_drain_ns"`

	// WorkerStats sums the workers' own counters: the killed worker's as
	// read just before the kill, then every live worker's at the end.
	WorkerStats workerCounters `json:"worker_stats"`
	// WorkersAtEnd answered the last stats request.
	WorkersAtEnd int `json:"workers_at_end"`
	// OrphanSidecars are sidecars of the killed worker still alive 5s
	// after it died.
	OrphanSidecars int `json:"orphan_sidecars"`

	Events      []DurabilityEvent `json:"events"`
	WorkerKills int               `json:"worker_kills"`
	NATSKills   int               `json:"nats_restarts"`
	ChaosError  string            `json:"chaos_error,omitempty"`
	// SubmitError is why the submission stopped short, if it did.
	SubmitError string `json:"submit_error,omitempty"`
	// CheckErrors are checks that could not be made.
	CheckErrors []string `json:"check_errors,omitempty"`
	Logs        string   `json:"logs"`
	Interrupted bool     `json:"interrupted,omitempty"`
}

// DurabilityEvent is one thing the run did to the fleet, or saw of it.
type DurabilityEvent struct {
	At     time.Time     `json:"at"`
	Offset time.Duration `json:"offset_ns"` // since the first publish
	What   string        `json:"what"`
}

// workerCounters are a worker's Stats, as its micro service reports them.
type workerCounters struct {
	Received int64 `json:"received"`
	OK       int64 `json:"ok"`
	Failed   int64 `json:"failed"`
	Retried  int64 `json:"retried"`
	Dead     int64 `json:"dead"`
	Running  int   `json:"running"`
}

func (c *workerCounters) add(o workerCounters) {
	c.Received += o.Received
	c.OK += o.OK
	c.Failed += o.Failed
	c.Retried += o.Retried
	c.Dead += o.Dead
}

// durJob is one planned job and, under durRun.mu, what came of it.
type durJob struct {
	tenant int // index in durabilityTenants
	want   string
	job    *jobs.Job

	published time.Time
	done      bool
	replies   int
	dupReply  int
}

type durTenant struct {
	name   string
	nc     *nats.Conn
	client *client.Client
	prefix string // reply subjects are prefix + job index
	sub    *nats.Subscription
}

// durRun is a durability run in progress.
type durRun struct {
	cfg      DurabilityConfig
	runID    string
	url      string
	logs     string
	progress io.Writer
	server   *fleetProc
	workers  []*fleetProc
	admin    *nats.Conn
	tenants  []*durTenant
	plan     []*durJob

	submitted, answered atomic.Int64

	mu             sync.Mutex
	start          time.Time
	events         []DurabilityEvent
	workerKills    int
	natsKills      int
	killedStats    workerCounters
	orphans        int
	foundInStore   int
	wrongReplies   int
	publishRetries int
	publishErrs    []string
	// outage is from the server's stop until JetStream answered again.
	outageFrom, outageTo time.Time
}

// Durability runs the fleet described by cfg, submits cfg.Jobs jobs
// through it while the chaos strikes, and checks what came of every one.
// Progress lines go to progress (nil: none). The fleet is stopped before
// it returns; the report is returned even when ctx ends early, with ctx's
// error.
func Durability(ctx context.Context, cfg DurabilityConfig, progress io.Writer) (*DurabilityReport, error) {
	cfg.setDefaults()
	if err := cfg.Validate(); err != nil {
		return nil, fmt.Errorf("bench: durability: %w", err)
	}
	if progress == nil {
		progress = io.Discard
	}
	r := &durRun{cfg: cfg, runID: "dur-" + nuid.Next(), progress: progress, logs: filepath.Join(cfg.Dir, "logs")}
	if err := os.MkdirAll(r.logs, 0o755); err != nil {
		return nil, fmt.Errorf("bench: durability: %w", err)
	}
	rep := &DurabilityReport{
		RunID: r.runID, Started: time.Now().UTC(), Host: hostInfo(), Logs: r.logs,
		Jobs: cfg.Jobs, ByTenant: map[string]int{}, Workers: cfg.Workers, Concurrency: cfg.Concurrency,
		Sandbox: cfg.Sandbox, AckWait: cfg.AckWait, NATSSignal: unixSignalName(cfg.NATSSignal),
	}
	defer r.stopFleet()
	defer r.closeConns()
	if err := r.startFleet(ctx); err != nil {
		return nil, fmt.Errorf("bench: durability: %w", err)
	}
	if err := r.connectTenants(); err != nil {
		return nil, fmt.Errorf("bench: durability: %w", err)
	}
	r.planJobs()
	fmt.Fprintf(progress, "durability %s: %d jobs from %d tenants, %d workers × concurrency %d, NATS at %s, logs in %s\n",
		r.runID, cfg.Jobs, len(durabilityTenants), cfg.Workers, cfg.Concurrency, r.url, r.logs)

	var bg sync.WaitGroup
	bgCtx, stopBG := context.WithCancel(ctx)
	defer func() { stopBG(); bg.Wait() }()
	chaosDone := make(chan error, 1)
	r.mu.Lock()
	r.start = time.Now()
	r.mu.Unlock()
	bg.Go(func() { chaosDone <- r.chaos(bgCtx) })
	bg.Go(func() { r.sweep(bgCtx) })
	bg.Go(func() { r.report(bgCtx) })

	err := r.submit(ctx)
	rep.SubmitTook = time.Since(r.start)
	if err != nil && ctx.Err() == nil {
		rep.SubmitError = err.Error()
	}
	// Every result, the chaos over, or the drain bound.
	drainCtx, cancelDrain := context.WithTimeout(ctx, cfg.Drain)
	defer cancelDrain()
	if err == nil {
		err = pollUntil(drainCtx, 100*time.Millisecond, func() bool { return r.answered.Load() >= int64(len(r.plan)) })
	}
	var chaosErr error
	select {
	case chaosErr = <-chaosDone:
	case <-drainCtx.Done():
		stopBG()
		chaosErr = <-chaosDone
	}
	if chaosErr != nil && !errors.Is(chaosErr, context.Canceled) {
		rep.ChaosError = chaosErr.Error()
	}
	if err != nil && ctx.Err() == nil {
		// The drain bound: whatever is missing now counts as lost.
		fmt.Fprintf(progress, "durability: %d of %d jobs still without a result after %s: %v\n", int64(len(r.plan))-r.answered.Load(), len(r.plan), cfg.Drain, err)
	}
	stopBG()
	bg.Wait()

	// The queues must empty: a job delivered again (the killed worker's,
	// or one published twice) is acknowledged without a new result.
	vctx := context.WithoutCancel(ctx)
	drainStart := time.Now()
	var qerr error
	rep.QueuedAtEnd, qerr = r.queued(vctx, max(cfg.AckWait, 30*time.Second)+30*time.Second)
	if qerr != nil {
		rep.CheckErrors = append(rep.CheckErrors, "jobs streams: "+clip(qerr.Error(), 300))
	}
	rep.QueueDrain = time.Since(drainStart)
	r.verify(vctx, rep)
	r.storeChecks(vctx, rep)
	r.fill(rep)
	rep.Finished = time.Now().UTC()
	rep.Host.LoadEnd = loadAvg()
	rep.Interrupted = ctx.Err() != nil
	return rep, ctx.Err()
}

func unixSignalName(s syscall.Signal) string {
	switch s {
	case syscall.SIGKILL:
		return "SIGKILL"
	case syscall.SIGTERM:
		return "SIGTERM"
	}
	return s.String()
}

// pollUntil calls cond every interval until it holds or ctx ends.
func pollUntil(ctx context.Context, interval time.Duration, cond func() bool) error {
	t := time.NewTicker(interval)
	defer t.Stop()
	for !cond() {
		select {
		case <-ctx.Done():
			return context.Cause(ctx)
		case <-t.C:
		}
	}
	return nil
}

func (r *durRun) event(at time.Time, format string, args ...any) {
	r.mu.Lock()
	e := DurabilityEvent{At: at.UTC(), Offset: at.Sub(r.start), What: fmt.Sprintf(format, args...)}
	r.events = append(r.events, e)
	r.mu.Unlock()
	fmt.Fprintf(r.progress, "durability: +%.1fs %s\n", e.Offset.Seconds(), e.What)
}

// startFleet starts the NATS server on a free port and the workers, and
// waits until every worker answers.
func (r *durRun) startFleet(ctx context.Context) error {
	port, err := freePort()
	if err != nil {
		return err
	}
	r.url = "nats://127.0.0.1:" + strconv.Itoa(port)
	r.server = &fleetProc{
		name: "nats-server", bin: r.cfg.NATSServer, logPath: filepath.Join(r.logs, "nats-server.log"),
		args: []string{"-c", r.cfg.NATSConfig, "-a", "127.0.0.1", "-p", strconv.Itoa(port), "-js", "-sd", filepath.Join(r.cfg.Dir, "jetstream")},
	}
	if err := r.server.start(); err != nil {
		return err
	}
	r.admin, err = nats.Connect(r.url, nats.UserInfo(durAdminUser, durAdminPassword), nats.Name("natsexec-durability-admin"),
		nats.RetryOnFailedConnect(true), nats.MaxReconnects(-1), nats.ReconnectWait(100*time.Millisecond))
	if err != nil {
		return fmt.Errorf("connect as %s: %w", durAdminUser, err)
	}
	if err := r.waitJetStream(ctx, 30*time.Second); err != nil {
		return err
	}
	names := make([]string, r.cfg.Workers)
	for i := range r.cfg.Workers {
		name := fmt.Sprintf("dur-w%d", i+1)
		names[i] = name
		args := []string{
			"--nats-url", r.url, "--tenants", durabilityTenantList(), "--name", name,
			"--data-dir", filepath.Join(r.cfg.Dir, name), "--concurrency", strconv.Itoa(r.cfg.Concurrency),
			"--log-level", "info",
		}
		if r.cfg.Sandbox != "" {
			args = append(args, "--sandbox", r.cfg.Sandbox)
		}
		if r.cfg.AckWait > 0 {
			args = append(args, "--ack-wait", r.cfg.AckWait.String())
		}
		w := &fleetProc{
			name: name, bin: r.cfg.Worker, args: args, logPath: filepath.Join(r.logs, name+".log"),
			env: []string{"NATS_USER=" + durFleetUser, "NATS_PASSWORD=" + durFleetPassword},
		}
		if err := w.start(); err != nil {
			return err
		}
		r.workers = append(r.workers, w)
	}
	return r.waitWorkers(ctx, names, time.Minute)
}

func durabilityTenantList() string {
	names := make([]string, len(durabilityTenants))
	for i, t := range durabilityTenants {
		names[i] = t.name
	}
	return strings.Join(names, ",")
}

// freePort is a TCP port free on the loopback now, for a server that must
// come back on the same one.
func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}

// waitJetStream waits until the admin connection is up and JetStream
// answers on it.
func (r *durRun) waitJetStream(ctx context.Context, limit time.Duration) error {
	js, err := jetstream.New(r.admin)
	if err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(ctx, limit)
	defer cancel()
	var last error
	err = pollUntil(ctx, 50*time.Millisecond, func() bool {
		if !r.admin.IsConnected() {
			last = errors.New("not connected")
			return false
		}
		actx, acancel := context.WithTimeout(ctx, time.Second)
		defer acancel()
		_, last = js.AccountInfo(actx)
		return last == nil
	})
	if err != nil {
		return fmt.Errorf("NATS JetStream at %s not ready within %s (%v; see %s): %w", r.url, limit, last, r.server.logPath, err)
	}
	return nil
}

// fleetStats asks every worker for its counters on the micro service's
// STATS subject and collects the answers, by worker name, until want have
// come or wait has passed.
func fleetStats(ctx context.Context, nc *nats.Conn, want int, wait time.Duration) (map[string]workerCounters, error) {
	subj, err := micro.ControlSubject(micro.StatsVerb, ServiceName, "")
	if err != nil {
		return nil, err
	}
	inbox := nc.NewInbox()
	sub, err := nc.SubscribeSync(inbox)
	if err != nil {
		return nil, err
	}
	defer func() { _ = sub.Unsubscribe() }()
	if err := nc.PublishRequest(subj, inbox, nil); err != nil {
		return nil, err
	}
	ctx, cancel := context.WithTimeout(ctx, wait)
	defer cancel()
	out := map[string]workerCounters{}
	for len(out) < want {
		m, err := sub.NextMsgWithContext(ctx)
		if err != nil {
			break
		}
		var st micro.Stats
		if json.Unmarshal(m.Data, &st) != nil || len(st.Endpoints) == 0 {
			continue
		}
		var c workerCounters
		if json.Unmarshal(st.Endpoints[0].Data, &c) == nil {
			out[st.Metadata["worker"]] = c
		}
	}
	return out, nil
}

// waitWorkers waits until every one of names answers on the micro service.
func (r *durRun) waitWorkers(ctx context.Context, names []string, limit time.Duration) error {
	ctx, cancel := context.WithTimeout(ctx, limit)
	defer cancel()
	var seen map[string]workerCounters
	err := pollUntil(ctx, 200*time.Millisecond, func() bool {
		seen, _ = fleetStats(ctx, r.admin, len(r.workers), time.Second)
		for _, n := range names {
			if _, ok := seen[n]; !ok {
				return false
			}
		}
		return true
	})
	if err != nil {
		return fmt.Errorf("workers %v: only %v answer after %s (logs in %s): %w", names, slices.Sorted(maps.Keys(seen)), limit, r.logs, err)
	}
	return nil
}

// connectTenants connects as each tenant, with its own inbox prefix, and
// subscribes to its jobs' replies.
func (r *durRun) connectTenants() error {
	for _, t := range durabilityTenants {
		nc, err := nats.Connect(r.url, nats.UserInfo(t.name, t.password), nats.CustomInboxPrefix("_INBOX."+t.name),
			nats.Name("natsexec-durability-"+t.name), nats.MaxReconnects(-1), nats.ReconnectWait(100*time.Millisecond))
		if err != nil {
			return fmt.Errorf("connect as %s: %w", t.name, err)
		}
		dt := &durTenant{name: t.name, nc: nc}
		r.tenants = append(r.tenants, dt)
		if dt.client, err = client.New(nc, client.WithTenant(t.name)); err != nil {
			return err
		}
		dt.prefix = nc.NewInbox() + "."
		ti := len(r.tenants) - 1
		if dt.sub, err = nc.Subscribe(dt.prefix+"*", func(m *nats.Msg) { r.onReply(ti, m) }); err != nil {
			return fmt.Errorf("%s: reply subscription: %w", t.name, err)
		}
		_ = dt.sub.SetPendingLimits(-1, -1)
		if err := nc.FlushTimeout(10 * time.Second); err != nil {
			return fmt.Errorf("%s: flush: %w", t.name, err)
		}
	}
	return nil
}

func (r *durRun) closeConns() {
	for _, t := range r.tenants {
		if t.client != nil {
			_ = t.client.Close()
		}
		t.nc.Close()
	}
	if r.admin != nil {
		r.admin.Close()
	}
}

// stopFleet stops the workers, then the server.
func (r *durRun) stopFleet() {
	var wg sync.WaitGroup
	for _, w := range r.workers {
		wg.Go(func() { w.stop(15 * time.Second) })
	}
	wg.Wait()
	if r.server != nil {
		r.server.stop(15 * time.Second)
	}
}

// planJobs lays out the jobs, alternating tenants: a few milliseconds of
// arithmetic, a timer, or both, each printing its own id, so that jobs are
// running whenever something dies.
func (r *durRun) planJobs() {
	r.plan = make([]*durJob, r.cfg.Jobs)
	for i := range r.plan {
		ti := i % len(durabilityTenants)
		id := r.runID + "-" + durabilityTenants[ti].name + "-" + strconv.Itoa(i)
		q := strconv.Quote(id)
		loop := 20000 + (i*7919)%20000
		delay := 20 + (i*37)%180
		var src string
		switch i % 3 {
		case 0:
			src = fmt.Sprintf("let s = 0;\nfor (let k = 0; k < %d; k++) s = (s * 31 + k) %% 1000003;\nif (s < 0) throw new Error(\"impossible\");\nconsole.log(%s);\n", loop, q)
		case 1:
			src = fmt.Sprintf("setTimeout(() => console.log(%s), %d);\n", q, delay)
		default:
			src = fmt.Sprintf("(async () => {\n  await new Promise((ok) => setTimeout(ok, %d));\n  let s = 0;\n  for (let k = 0; k < %d; k++) s = (s + k * k) %% 65521;\n  console.log(s >= 0 ? %s : \"\");\n})();\n", delay, loop/2, q)
		}
		r.plan[i] = &durJob{
			tenant: ti, want: id + "\n",
			job: &jobs.Job{ID: id, Runtime: jobs.RuntimeJS, Source: src, Reply: r.tenants[ti].prefix + strconv.Itoa(i)},
		}
	}
}

// onReply records a result sent to a job's reply subject.
func (r *durRun) onReply(ti int, m *nats.Msg) {
	idx, err := strconv.Atoi(strings.TrimPrefix(m.Subject, r.tenants[ti].prefix))
	if err != nil || idx < 0 || idx >= len(r.plan) || r.plan[idx].tenant != ti {
		return
	}
	j := r.plan[idx]
	res, err := decodeSoakReply(m)
	r.mu.Lock()
	defer r.mu.Unlock()
	j.replies++
	if err != nil || res.JobID != j.job.ID {
		r.wrongReplies++
		return
	}
	if res.Duplicate {
		j.dupReply++
	}
	r.markDone(j)
}

// markDone counts j answered, once; r.mu is held.
func (r *durRun) markDone(j *durJob) {
	if !j.done {
		j.done = true
		r.answered.Add(1)
	}
}

// submit publishes the plan at Rate in batches, each tenant's part
// asynchronously then flushed, holding at most Window jobs awaiting their
// result. A part whose publish or flush failed (the server went away
// under it) is published again with the same ids.
func (r *durRun) submit(ctx context.Context) error {
	r.mu.Lock()
	start := r.start
	r.mu.Unlock()
	for lo := 0; lo < len(r.plan); lo += r.cfg.Batch {
		hi := min(lo+r.cfg.Batch, len(r.plan))
		due := start.Add(time.Duration(float64(lo) / r.cfg.Rate * float64(time.Second)))
		room := int64(r.cfg.Window - (hi - lo))
		if err := pollUntil(ctx, 10*time.Millisecond, func() bool {
			return !time.Now().Before(due) && r.submitted.Load()-r.answered.Load() <= room
		}); err != nil {
			return err
		}
		parts := make([][]*durJob, len(r.tenants))
		for _, j := range r.plan[lo:hi] {
			parts[j.tenant] = append(parts[j.tenant], j)
		}
		for ti, part := range parts {
			if err := r.publish(ctx, r.tenants[ti], part); err != nil {
				return err
			}
		}
		r.submitted.Store(int64(hi))
	}
	return nil
}

func (r *durRun) publish(ctx context.Context, t *durTenant, part []*durJob) error {
	for attempt := 1; ; attempt++ {
		err := r.publishOnce(ctx, t, part)
		if err == nil {
			return nil
		}
		if ctx.Err() != nil {
			return ctx.Err()
		}
		r.mu.Lock()
		r.publishRetries++
		if len(r.publishErrs) < 5 {
			r.publishErrs = append(r.publishErrs, clip(err.Error(), 300))
		}
		r.mu.Unlock()
		fmt.Fprintf(r.progress, "durability: %s: publishing %d jobs again (try %d): %s\n", t.name, len(part), attempt+1, clip(err.Error(), 200))
		if attempt == 100 {
			return fmt.Errorf("%s: %d jobs not accepted after %d tries: %w", t.name, len(part), attempt, err)
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(500 * time.Millisecond):
		}
	}
}

func (r *durRun) publishOnce(ctx context.Context, t *durTenant, part []*durJob) error {
	var errs []error
	for _, j := range part {
		r.mu.Lock()
		if j.published.IsZero() {
			j.published = time.Now()
		}
		r.mu.Unlock()
		if _, err := t.client.Submit(ctx, j.job, client.SubmitOptions{BatchID: r.runID}); err != nil {
			errs = append(errs, err)
			break
		}
	}
	fctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	errs = append(errs, t.client.Flush(fctx))
	return errors.Join(errs...)
}

// chaos kills the busiest worker once KillWorkerAt of the jobs are
// submitted and starts it again, then stops and restarts the NATS server
// once RestartNATSAt are.
func (r *durRun) chaos(ctx context.Context) error {
	atFraction := func(f float64) error {
		n := int64(f * float64(len(r.plan)))
		return pollUntil(ctx, 20*time.Millisecond, func() bool { return r.submitted.Load() >= n })
	}
	if err := atFraction(r.cfg.KillWorkerAt); err != nil {
		return err
	}
	if err := r.killWorker(ctx); err != nil {
		return fmt.Errorf("kill a worker: %w", err)
	}
	if err := atFraction(r.cfg.RestartNATSAt); err != nil {
		return err
	}
	if err := r.restartNATS(ctx); err != nil {
		return fmt.Errorf("restart NATS: %w", err)
	}
	return nil
}

func (r *durRun) killWorker(ctx context.Context) error {
	stats, _ := fleetStats(ctx, r.admin, len(r.workers), time.Second)
	victim, most := r.workers[0], -1
	for _, w := range r.workers {
		if s, ok := stats[w.name]; ok && s.Running > most {
			victim, most = w, s.Running
		}
	}
	pid := victim.pid()
	sidecars, _ := LiveSidecars(pid)
	at := time.Now()
	if err := victim.kill(syscall.SIGKILL, 10*time.Second); err != nil {
		return err
	}
	r.mu.Lock()
	r.workerKills++
	r.killedStats = stats[victim.name]
	r.mu.Unlock()
	r.event(at, "kill -9 worker %s (pid %d; %d jobs running, %d received so far; %d sidecars)", victim.name, pid, max(most, 0), stats[victim.name].Received, len(sidecars))
	if left := waitGone(sidecars, 5*time.Second); len(left) > 0 {
		r.mu.Lock()
		r.orphans += len(left)
		r.mu.Unlock()
		r.event(time.Now(), "%d sidecars of the killed worker still alive 5s after it died: %v", len(left), left)
	}
	select {
	case <-time.After(r.cfg.WorkerDown - time.Since(at)):
	case <-ctx.Done():
		return ctx.Err()
	}
	if err := victim.start(); err != nil {
		return err
	}
	r.event(time.Now(), "worker %s started again (pid %d)", victim.name, victim.pid())
	if err := r.waitWorkers(ctx, []string{victim.name}, time.Minute); err != nil {
		return err
	}
	r.event(time.Now(), "worker %s answers again", victim.name)
	return nil
}

func (r *durRun) restartNATS(ctx context.Context) error {
	queued, err := r.queuedNow(ctx)
	if err != nil {
		return err
	}
	awaited := r.submitted.Load() - r.answered.Load()
	at := time.Now()
	if err := r.server.kill(r.cfg.NATSSignal, 30*time.Second); err != nil {
		return err
	}
	r.mu.Lock()
	r.natsKills++
	r.outageFrom = at
	r.mu.Unlock()
	r.event(at, "NATS server stopped with %s (%s); %d jobs were in the queues, %d awaited their result", unixSignalName(r.cfg.NATSSignal), r.server.exit, queued, awaited)
	select {
	case <-time.After(r.cfg.NATSDown - time.Since(at)):
	case <-ctx.Done():
		return ctx.Err()
	}
	if err := r.server.start(); err != nil {
		return err
	}
	restarted := time.Now()
	r.event(restarted, "NATS server started again on the same port and store (pid %d)", r.server.pid())
	if err := r.waitJetStream(ctx, time.Minute); err != nil {
		return err
	}
	r.mu.Lock()
	r.outageTo = time.Now()
	r.mu.Unlock()
	r.event(time.Now(), "JetStream answers again, %.1fs after the start", time.Since(restarted).Seconds())
	names := make([]string, len(r.workers))
	for i, w := range r.workers {
		names[i] = w.name
	}
	if err := r.waitWorkers(ctx, names, time.Minute); err != nil {
		return err
	}
	r.event(time.Now(), "all %d workers answer again, %.1fs after the start", len(names), time.Since(restarted).Seconds())
	return nil
}

// sweep looks up, in the results bucket, the jobs published a while ago
// whose reply has not come (a reply is lost when the server is down):
// every 10s, and every second while no answer comes.
func (r *durRun) sweep(ctx context.Context) {
	const age = 3 * time.Second
	t := time.NewTicker(time.Second)
	defer t.Stop()
	var lastAnswered int64
	var lastSweep time.Time
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		if n := r.answered.Load(); n != lastAnswered && time.Since(lastSweep) < 10*time.Second {
			lastAnswered = n
			continue
		}
		lastAnswered, lastSweep = r.answered.Load(), time.Now()
		for _, j := range r.plan {
			r.mu.Lock()
			due := !j.done && !j.published.IsZero() && time.Since(j.published) > age
			r.mu.Unlock()
			if !due {
				continue
			}
			gctx, cancel := context.WithTimeout(ctx, 2*time.Second)
			_, err := r.tenants[j.tenant].client.Get(gctx, j.job.ID)
			cancel()
			if errors.Is(err, client.ErrNotFound) {
				continue
			}
			if err != nil {
				break // the server is away: next round
			}
			r.mu.Lock()
			if !j.done {
				r.foundInStore++
			}
			r.markDone(j)
			r.mu.Unlock()
		}
	}
}

func (r *durRun) report(ctx context.Context) {
	t := time.NewTicker(r.cfg.ProgressEvery)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		sent, done := r.submitted.Load(), r.answered.Load()
		fmt.Fprintf(r.progress, "durability: %d/%d submitted, %d answered, %d awaited\n", sent, len(r.plan), done, sent-done)
	}
}

// queuedNow counts the messages in the tenants' jobs streams: jobs
// published and not yet acknowledged.
func (r *durRun) queuedNow(ctx context.Context) (uint64, error) {
	js, err := jetstream.New(r.admin)
	if err != nil {
		return 0, err
	}
	var n uint64
	for _, t := range durabilityTenants {
		ictx, cancel := context.WithTimeout(ctx, 5*time.Second)
		s, err := js.Stream(ictx, jobs.JobsStreamFor(t.name))
		var info *jetstream.StreamInfo
		if err == nil {
			info, err = s.Info(ictx)
		}
		cancel()
		if err != nil {
			return 0, fmt.Errorf("jobs stream of %s: %w", t.name, err)
		}
		n += info.State.Msgs
	}
	return n, nil
}

// queued waits up to limit for the tenants' jobs streams to empty and
// returns how many messages are left in them.
func (r *durRun) queued(ctx context.Context, limit time.Duration) (uint64, error) {
	var left uint64
	var err error
	ctx, cancel := context.WithTimeout(ctx, limit)
	defer cancel()
	_ = pollUntil(ctx, 500*time.Millisecond, func() bool {
		left, err = r.queuedNow(context.WithoutCancel(ctx))
		return err == nil && left == 0
	})
	return left, err
}

// verify reads every job's stored result as its tenant and classifies it.
func (r *durRun) verify(ctx context.Context, rep *DurabilityReport) {
	type outcome struct {
		res *jobs.Result
		err error
	}
	out := make([]outcome, len(r.plan))
	next := atomic.Int64{}
	var wg sync.WaitGroup
	for range 4 {
		wg.Go(func() {
			for {
				i := int(next.Add(1) - 1)
				if i >= len(r.plan) {
					return
				}
				j := r.plan[i]
				for try := 0; ; try++ {
					gctx, cancel := context.WithTimeout(ctx, 5*time.Second)
					res, err := r.tenants[j.tenant].client.Get(gctx, j.job.ID)
					cancel()
					out[i] = outcome{res, err}
					if err == nil || errors.Is(err, client.ErrNotFound) || try == 4 {
						break
					}
					time.Sleep(time.Second)
				}
			}
		})
	}
	wg.Wait()

	rep.Attempts, rep.ByWorker = map[int]int{}, map[string]int{}
	var lat []time.Duration
	var first, last time.Time
	for i, j := range r.plan {
		id, tenant := j.job.ID, durabilityTenants[j.tenant].name
		rep.ByTenant[tenant]++
		if first.IsZero() || (!j.published.IsZero() && j.published.Before(first)) {
			first = j.published
		}
		res, err := out[i].res, out[i].err
		switch {
		case errors.Is(err, client.ErrNotFound):
			rep.Lost = append(rep.Lost, id)
			continue
		case err != nil:
			rep.Lost = append(rep.Lost, id+" (read failed: "+clip(err.Error(), 200)+")")
			continue
		}
		rep.Attempts[res.Attempt]++
		rep.ByWorker[res.Worker]++
		if res.Attempt > 1 {
			rep.Redelivered++
		}
		r.mu.Lock()
		dup := j.dupReply > 0
		r.mu.Unlock()
		if res.Attempt > 1 || dup {
			rep.DeliveredAgain++
		}
		if len(res.Retries) > 0 {
			rep.RetriedRuns++
		}
		if !res.FinishedAt.IsZero() {
			lat = append(lat, res.FinishedAt.Sub(j.published))
			if res.FinishedAt.After(last) {
				last = res.FinishedAt
			}
		}
		bad := true
		switch {
		case res.JobID != id:
			rep.WrongJobID = append(rep.WrongJobID, fmt.Sprintf("%s: result names job %q", id, res.JobID))
		case res.Tenant != tenant:
			rep.WrongTenant = append(rep.WrongTenant, fmt.Sprintf("%s: result names tenant %q", id, res.Tenant))
		case res.Duplicate:
			rep.DuplicateStored = append(rep.DuplicateStored, id)
		case res.Status != jobs.StatusOK:
			rep.NotOK = append(rep.NotOK, fmt.Sprintf("%s: %s (attempt %d, worker %s): %s", id, res.Status, res.Attempt, res.Worker, clip(res.Error, 300)))
		case string(res.Stdout) != j.want:
			rep.WrongOutput = append(rep.WrongOutput, fmt.Sprintf("%s: stdout %q", id, clip(string(res.Stdout), 200)))
		default:
			bad = false
		}
		if !bad {
			rep.OK++
		}
	}
	rep.Latency = Summarize(lat)
	if !last.IsZero() {
		rep.Wall = last.Sub(first)
		rep.Throughput = float64(len(r.plan)) / rep.Wall.Seconds()
	}
}

// storeChecks counts the results bucket's keys and the dead letters as the
// operator sees them, and sums the workers' counters.
func (r *durRun) storeChecks(ctx context.Context, rep *DurabilityReport) {
	want := make(map[string]bool, len(r.plan))
	filters := make([]string, len(durabilityTenants))
	for i, t := range durabilityTenants {
		filters[i] = t.name + ".>"
	}
	for _, j := range r.plan {
		want[jobs.TenantKey(durabilityTenants[j.tenant].name, j.job.ID)] = true
	}
	ctx, cancel := context.WithTimeout(ctx, 2*time.Minute)
	defer cancel()
	fail := func(what string, err error) {
		rep.CheckErrors = append(rep.CheckErrors, what+": "+clip(err.Error(), 300))
	}
	js, err := jetstream.New(r.admin)
	if err != nil {
		fail("admin JetStream", err)
		return
	}
	kv, err := js.KeyValue(ctx, jobs.ResultsBucket)
	var keys jetstream.KeyLister
	if err == nil {
		keys, err = kv.ListKeysFiltered(ctx, filters...)
	}
	if err != nil {
		fail("list the results bucket's keys", err)
	} else {
		for k := range keys.Keys() {
			rep.BucketKeys++
			if !want[k] && len(rep.StrayKeys) < 20 {
				rep.StrayKeys = append(rep.StrayKeys, k)
			}
		}
	}
	dead, err := js.Stream(ctx, jobs.DeadStream)
	var info *jetstream.StreamInfo
	if err == nil {
		info, err = dead.Info(ctx)
	}
	if err != nil {
		fail("dead-letter stream", err)
	} else {
		rep.DeadLetters = info.State.Msgs
	}
	stats, _ := fleetStats(ctx, r.admin, len(r.workers), 2*time.Second)
	r.mu.Lock()
	rep.WorkerStats = r.killedStats
	r.mu.Unlock()
	rep.WorkersAtEnd = len(stats)
	for _, s := range stats {
		rep.WorkerStats.add(s)
	}
}

// fill copies what the run saw into the report.
func (r *durRun) fill(rep *DurabilityReport) {
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, j := range r.plan {
		if j.replies > 0 {
			rep.RepliedJobs++
		}
		rep.Replies += j.replies
		rep.DuplicateReplies += j.dupReply
		if j.replies-j.dupReply > 1 {
			rep.FreshAnswerTwice++
		}
		if !r.outageFrom.IsZero() && j.published.After(r.outageFrom) && j.published.Before(r.outageTo) {
			rep.PublishedInOutage++
		}
	}
	rep.WrongReplies = r.wrongReplies
	rep.FoundInStore = r.foundInStore
	rep.PublishRetries = r.publishRetries
	rep.PublishErrors = slices.Clone(r.publishErrs)
	rep.Events = slices.Clone(r.events)
	rep.WorkerKills, rep.NATSKills = r.workerKills, r.natsKills
	rep.OrphanSidecars = r.orphans
}

// Problems lists every guarantee the run shows broken, and a chaos that
// did not strike (a run that proves nothing).
func (r *DurabilityReport) Problems() []string {
	var out []string
	lists := []struct {
		what string
		ids  []string
	}{
		{"jobs lost (no result)", r.Lost},
		{"jobs whose result is not ok", r.NotOK},
		{"jobs with another job's or no output", r.WrongOutput},
		{"results naming another job", r.WrongJobID},
		{"results naming another tenant", r.WrongTenant},
		{"stored results flagged duplicate", r.DuplicateStored},
		{"keys in the results bucket no job of the run owns", r.StrayKeys},
	}
	for _, l := range lists {
		if len(l.ids) > 0 {
			out = append(out, fmt.Sprintf("%d %s: %s", len(l.ids), l.what, listHead(l.ids, 5)))
		}
	}
	if r.BucketKeys != r.Jobs {
		out = append(out, fmt.Sprintf("the results bucket holds %d keys under the tenants, want %d", r.BucketKeys, r.Jobs))
	}
	if r.FreshAnswerTwice > 0 {
		out = append(out, fmt.Sprintf("%d jobs answered more than once without the duplicate flag", r.FreshAnswerTwice))
	}
	if r.WrongReplies > 0 {
		out = append(out, fmt.Sprintf("%d replies naming another job or undecodable", r.WrongReplies))
	}
	if r.DeadLetters > 0 {
		out = append(out, fmt.Sprintf("%d dead letters", r.DeadLetters))
	}
	if r.QueuedAtEnd > 0 {
		out = append(out, fmt.Sprintf("%d job messages still in the jobs streams after every job had a result", r.QueuedAtEnd))
	}
	if r.OrphanSidecars > 0 {
		out = append(out, fmt.Sprintf("%d sidecars outlived their SIGKILLed worker", r.OrphanSidecars))
	}
	if r.WorkerKills == 0 || r.NATSKills == 0 {
		out = append(out, fmt.Sprintf("the chaos did not strike: %d worker kills, %d NATS restarts", r.WorkerKills, r.NATSKills))
	}
	if r.ChaosError != "" {
		out = append(out, "chaos: "+r.ChaosError)
	}
	if r.SubmitError != "" {
		out = append(out, "submission: "+r.SubmitError)
	}
	if r.WorkersAtEnd != r.Workers {
		out = append(out, fmt.Sprintf("%d of %d workers answered at the end", r.WorkersAtEnd, r.Workers))
	}
	for _, e := range r.CheckErrors {
		out = append(out, "check not made: "+e)
	}
	return out
}

// WriteJSON writes the report as indented JSON.
func (r *DurabilityReport) WriteJSON(w io.Writer) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(r)
}

// WriteMarkdown writes the report's table and timeline.
func (r *DurabilityReport) WriteMarkdown(w io.Writer) error {
	p := &mdWriter{w: w}
	tenants := slices.Sorted(maps.Keys(r.ByTenant))
	var by []string
	for _, t := range tenants {
		by = append(by, fmt.Sprintf("%s %d", t, r.ByTenant[t]))
	}
	ackWait := "worker default (30s)"
	if r.AckWait > 0 {
		ackWait = r.AckWait.String()
	}
	p.f("Run %s, %s, %d CPUs, %s; load average %s at start, %s at end.\n\n", r.RunID, r.Started.Format("2006-01-02 15:04 UTC"), r.Host.NumCPU, r.Host.GoVersion, r.Host.LoadStart, r.Host.LoadEnd)
	p.f("| measure | value |\n|---|---|\n")
	p.f("| jobs | %d (%s) |\n", r.Jobs, strings.Join(by, ", "))
	p.f("| workers | %d processes × concurrency %d, sandbox %s, ack wait %s |\n", r.Workers, r.Concurrency, cmp.Or(r.Sandbox, "worker default"), ackWait)
	p.f("| chaos | %d worker kill -9 (restarted), %d NATS server restart (%s) |\n", r.WorkerKills, r.NATSKills, r.NATSSignal)
	p.f("| wall time, first publish to last result | %.1f s (submission %.1f s) |\n", r.Wall.Seconds(), r.SubmitTook.Seconds())
	p.f("| throughput | %.1f jobs/s |\n", r.Throughput)
	p.f("| final ok with its own id on stdout | **%d / %d** |\n", r.OK, r.Jobs)
	p.f("| lost | **%d** |\n", len(r.Lost))
	p.f("| not ok / wrong output / naming another job / another tenant | %d / %d / %d / %d |\n", len(r.NotOK), len(r.WrongOutput), len(r.WrongJobID), len(r.WrongTenant))
	p.f("| duplicate results (stored flagged duplicate; answered twice unflagged) | **%d** (%d; %d) |\n", len(r.DuplicateStored)+r.FreshAnswerTwice, len(r.DuplicateStored), r.FreshAnswerTwice)
	p.f("| results bucket keys under the tenants | %d (stray %d) |\n", r.BucketKeys, len(r.StrayKeys))
	p.f("| jobs delivered more than once, at-least-once: Attempt > 1 in the stored result / answers flagged duplicate (a delivery after the result was stored) / jobs with either | %d (attempts %s) / %d / **%d** |\n",
		r.Redelivered, attemptsCell(r.Attempts), r.DuplicateReplies, r.DeliveredAgain)
	p.f("| dead letters (NATSEXEC_DEAD) | %d |\n", r.DeadLetters)
	p.f("| job messages left in the queues at the end | %d (drained %.1f s after the last result) |\n", r.QueuedAtEnd, r.QueueDrain.Seconds())
	p.f("| latency, first publish to FinishedAt | p50 %s ms, p95 %s ms, p99 %s ms, max %s ms |\n",
		fmtMS(r.Latency.P50, r.Latency.N), fmtMS(r.Latency.P95, r.Latency.N), p99(r.Latency), fmtMS(r.Latency.Max, r.Latency.N))
	p.f("| replies received / jobs with a reply / jobs found done in the store before any reply | %d / %d / %d |\n", r.Replies, r.RepliedJobs, r.FoundInStore)
	p.f("| jobs first published while the server was down / tenant batches published again after a failed flush | %d / %d |\n", r.PublishedInOutage, r.PublishRetries)
	p.f("| workers' own counters (killed one before the kill + live ones at the end) | received %d, ok %d, failed %d, retried %d, dead %d |\n",
		r.WorkerStats.Received, r.WorkerStats.OK, r.WorkerStats.Failed, r.WorkerStats.Retried, r.WorkerStats.Dead)
	p.f("| results by worker | %s |\n", byWorkerCell(r.ByWorker))
	p.f("| sidecars outliving the killed worker | %d |\n", r.OrphanSidecars)
	p.f("\nTimeline (seconds from the first publish):\n\n")
	for _, e := range r.Events {
		p.f("- +%.1f s: %s\n", e.Offset.Seconds(), e.What)
	}
	if probs := r.Problems(); len(probs) > 0 {
		p.f("\nProblems:\n\n")
		for _, pr := range probs {
			p.f("- %s\n", mdCell(pr))
		}
	}
	return p.err
}

func attemptsCell(m map[int]int) string {
	var parts []string
	for _, a := range slices.Sorted(maps.Keys(m)) {
		parts = append(parts, fmt.Sprintf("%d×%d", m[a], a))
	}
	return strings.Join(parts, ", ")
}

func byWorkerCell(m map[string]int) string {
	var parts []string
	for _, w := range slices.Sorted(maps.Keys(m)) {
		parts = append(parts, fmt.Sprintf("%s %d", w, m[w]))
	}
	return strings.Join(parts, ", ")
}
