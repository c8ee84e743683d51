// Package worker takes jobs from NATS and runs them through the sidecar
// placements: a durable path (a JetStream work queue shared by every worker,
// results in a KV bucket) and a low-latency request/reply path (a NATS micro
// service in a queue group). Any number of workers share the load.
package worker

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
	"github.com/nats-io/nats.go/micro"
	"go.opentelemetry.io/otel/trace"

	"github.com/natsexec/natsexec/jobs"
	"github.com/natsexec/natsexec/tracing"
	"github.com/natsexec/natsexec/worker/placement"
)

// Runner executes a validated job; placement.Manager is the real one.
type Runner interface {
	Run(ctx context.Context, job *jobs.Job) *jobs.Result
}

// Config configures a Worker. Zero fields take the defaults noted.
type Config struct {
	// Name identifies this worker in results, logs and the micro service
	// (default: host name and pid).
	Name string
	Conn *nats.Conn
	// Queue limits the worker to jobs.<Queue>; empty takes every queue.
	Queue string
	// Concurrency bounds jobs running at once (default: 8 per core).
	Concurrency int
	// AckWait is how long a job may go unacknowledged before redelivery;
	// the worker reports progress well within it (default 30s).
	AckWait time.Duration
	// MaxDeliver bounds attempts of a job that keeps hitting infra errors
	// before it is dead-lettered (default 5).
	MaxDeliver int
	// MaxAckPending bounds jobs handed out and not yet acknowledged across
	// the fleet: the back-pressure of the durable path (default 4096).
	MaxAckPending int
	Streams       StreamOptions
	Runner        Runner
	Logger        *slog.Logger
	// TracerProvider defaults to the global one.
	TracerProvider trace.TracerProvider
	// Metrics, when set, is told about each job.
	Metrics Metrics
	// DisableService turns off the request/reply path.
	DisableService bool
	// ReplySubjects are the subject patterns a job's reply may name
	// (default jobs.DefaultReplySubjects); a job naming another is
	// rejected and nothing is sent there.
	ReplySubjects []string
	// Tenants get their jobs streams created (jobs.JobsStreamFor) and are
	// consumed from the start; any other tenant whose stream exists is
	// found within TenantPoll (default 1s).
	Tenants    []string
	TenantPoll time.Duration
	// TenantMaxRunning caps the jobs of one tenant running at once on
	// this worker, even with slots idle (default 0: no cap; a free slot
	// still goes to the waiting tenant running fewest).
	TenantMaxRunning int
}

// Metrics hears about finished jobs; tracing.Metrics satisfies it.
type Metrics interface {
	JobDone(ctx context.Context, status jobs.Status, placement jobs.Placement, runtime jobs.Runtime)
	Phases(ctx context.Context, phases []jobs.Phase)
	QueueWait(ctx context.Context, d time.Duration)
}

func (c *Config) setDefaults() error {
	if c.Conn == nil {
		return errors.New("worker: config: Conn is required")
	}
	if c.Runner == nil {
		return errors.New("worker: config: Runner is required")
	}
	if err := jobs.ValidReplyPatterns(c.ReplySubjects); err != nil {
		return fmt.Errorf("worker: config: %w", err)
	}
	if c.Name == "" {
		c.Name = defaultName()
	}
	if c.Concurrency <= 0 {
		c.Concurrency = 8 * runtime.NumCPU()
	}
	if c.AckWait <= 0 {
		c.AckWait = 30 * time.Second
	}
	if c.MaxDeliver <= 0 {
		c.MaxDeliver = 5
	}
	if c.TenantPoll <= 0 {
		c.TenantPoll = time.Second
	}
	for _, t := range c.Tenants {
		if err := jobs.ValidTenant(t); err != nil {
			return fmt.Errorf("worker: config: %w", err)
		}
	}
	if c.MaxAckPending <= 0 {
		c.MaxAckPending = 4096
	}
	if c.Logger == nil {
		c.Logger = slog.New(slog.DiscardHandler)
	}
	return nil
}

// Worker consumes jobs until its context ends.
type Worker struct {
	cfg    Config
	log    *slog.Logger
	assets *Assets
	tracer trace.Tracer
	slots  *slotPool

	consumeMu sync.Mutex
	streams   map[string]jetstream.Stream         // by tenant; "" is jobs without one
	consumers map[string]jetstream.Consumer       // by tenant
	consuming map[string]jetstream.ConsumeContext // by tenant

	mu      sync.Mutex
	running map[string]context.CancelCauseFunc // by result key

	ready    chan struct{} // closed once Run consumes and serves
	draining atomic.Bool
	active   sync.WaitGroup
	stats    counters
}

type counters struct {
	received, ok, failed, retried, dead atomic.Int64
}

// errCancelledByUser is the cause of a job context cancelled through
// natsexec.cancel.<id>.
var errCancelledByUser = errors.New("cancelled by request")

// New prepares a worker: it creates or updates the streams, buckets and the
// shared consumer.
func New(ctx context.Context, cfg Config) (*Worker, error) {
	if err := cfg.setDefaults(); err != nil {
		return nil, err
	}
	js, err := jetstream.New(cfg.Conn)
	if err != nil {
		return nil, fmt.Errorf("worker: jetstream: %w", err)
	}
	assets, err := ensureStreamsRetrying(ctx, js, cfg.Streams, cfg.Logger)
	if err != nil {
		return nil, fmt.Errorf("worker: %w", err)
	}
	tp := cfg.TracerProvider
	if tp == nil {
		tp = otelTracerProvider()
	}
	w := &Worker{
		cfg:       cfg,
		log:       cfg.Logger.With("worker", cfg.Name),
		assets:    assets,
		tracer:    tp.Tracer("github.com/natsexec/natsexec/worker"),
		slots:     newSlotPool(cfg.Concurrency, cfg.TenantMaxRunning),
		streams:   map[string]jetstream.Stream{"": assets.Jobs},
		consumers: map[string]jetstream.Consumer{},
		consuming: map[string]jetstream.ConsumeContext{},
		ready:     make(chan struct{}),
		running:   make(map[string]context.CancelCauseFunc),
	}
	for _, tenant := range cfg.Tenants {
		s, err := EnsureJobsStream(ctx, assets.JS, cfg.Streams, tenant)
		if err != nil {
			return nil, fmt.Errorf("worker: %w", err)
		}
		w.streams[tenant] = s
	}
	for tenant, s := range w.streams {
		cons, err := w.ensureConsumer(ctx, s, tenant)
		if err != nil {
			return nil, err
		}
		w.consumers[tenant] = cons
	}
	return w, nil
}

// ensureStreamsRetrying retries stream set-up for a while: a fresh cluster
// takes time to elect a leader, and replicated streams are slow to create
// on a loaded machine, which must not make a starting worker give up.
func ensureStreamsRetrying(ctx context.Context, js jetstream.JetStream, opts StreamOptions, log *slog.Logger) (*Assets, error) {
	deadline := time.Now().Add(time.Minute)
	delay := 250 * time.Millisecond
	for {
		assets, err := EnsureStreams(ctx, js, opts)
		if err == nil || ctx.Err() != nil || time.Now().After(deadline) {
			return assets, err
		}
		log.Warn("JetStream not ready; retrying", "err", err, "in", delay)
		select {
		case <-ctx.Done():
			return nil, ctx.Err()
		case <-time.After(delay):
		}
		delay = min(delay*2, 5*time.Second)
	}
}

// Healthy reports whether the worker is consuming and connected: what a
// health check should ask.
func (w *Worker) Healthy() error {
	select {
	case <-w.ready:
	default:
		return errors.New("not consuming yet")
	}
	if w.draining.Load() {
		return errors.New("draining")
	}
	if !w.cfg.Conn.IsConnected() {
		return errors.New("NATS disconnected")
	}
	return nil
}

// Ready is closed once the worker consumes jobs and serves requests.
func (w *Worker) Ready() <-chan struct{} { return w.ready }

// Name is the worker's name as results report it.
func (w *Worker) Name() string { return w.cfg.Name }

// Run consumes until ctx is done, then drains: it stops taking jobs, hands
// back those it fetched but never started, and waits for running ones
// until hardStop is done, when their contexts are cancelled and they are
// handed back too.
func (w *Worker) Run(ctx context.Context, hardStop context.Context) error {
	jobCtx, cancelJobs := context.WithCancel(context.WithoutCancel(hardStop))
	defer cancelJobs()
	go func() {
		select {
		case <-hardStop.Done():
			cancelJobs()
		case <-jobCtx.Done():
		}
	}()

	// A slot is waited for until the worker drains.
	slotCtx, stopWaiting := context.WithCancel(jobCtx)
	defer stopWaiting()

	cancelSub, err := w.cfg.Conn.Subscribe(jobs.CancelSubject+".>", w.onCancel)
	if err != nil {
		return fmt.Errorf("worker: cancel subscription: %w", err)
	}
	defer cancelSub.Unsubscribe()
	advisorySub, err := w.cfg.Conn.QueueSubscribe(maxDeliveriesAdvisory, jobs.ServiceName, func(m *nats.Msg) { w.onMaxDeliveries(jobCtx, m) })
	if err != nil {
		return fmt.Errorf("worker: max-deliveries advisory subscription: %w", err)
	}
	defer advisorySub.Unsubscribe()

	var svc micro.Service
	if !w.cfg.DisableService {
		if svc, err = w.startService(jobCtx, slotCtx); err != nil {
			return err
		}
	}
	for tenant, cons := range w.consumers {
		if err := w.consume(slotCtx, jobCtx, tenant, cons); err != nil {
			w.stopConsuming()
			return err
		}
	}
	discoverCtx, stopDiscovery := context.WithCancel(ctx)
	defer stopDiscovery()
	discovered := make(chan struct{})
	go func() {
		defer close(discovered)
		w.discoverTenants(discoverCtx, slotCtx, jobCtx)
	}()
	w.log.Info("worker consuming", "concurrency", w.cfg.Concurrency, "queue", w.cfg.Queue)
	close(w.ready)

	<-ctx.Done()
	w.log.Info("worker draining", "running", w.slots.inUse())
	w.draining.Store(true)
	stopWaiting()
	<-discovered
	w.stopConsuming()
	if svc != nil {
		_ = svc.Stop()
	}
	w.active.Wait()
	w.log.Info("worker stopped")
	return nil
}

// handle runs one job of tenant from the durable path and settles its
// message.
func (w *Worker) handle(ctx context.Context, msg jetstream.Msg, tenant string) {
	w.stats.received.Add(1)
	meta, err := msg.Metadata()
	if err != nil {
		w.log.Error("job without metadata", "subject", msg.Subject(), "err", err)
		_ = msg.Term()
		return
	}
	attempt := int(meta.NumDelivered)
	queueWait := time.Since(meta.Timestamp)
	fallbackID := "seq-" + strconv.FormatUint(meta.Sequence.Stream, 10)

	ctx, span := w.startJobSpan(ctx, msg.Headers(), msg.Subject(), meta.Timestamp)
	defer span.End()

	job, codec, derr := jobs.FromMessage(msg.Headers(), msg.Data())
	if job.ID == "" {
		job.ID = fallbackID
	}
	if err := jobs.CheckReply(job.Reply, w.replySubjects(), tenant); err != nil {
		// Sent with the worker's rights, a reply could purge a stream or
		// cancel another user's job: not even the rejection goes there.
		job.Reply = ""
		if derr == nil {
			derr = err
		}
	}
	key := jobs.TenantKey(tenant, job.ID)
	log := w.log.With("job", job.ID, "attempt", attempt)
	if tenant != "" {
		log = log.With("tenant", tenant)
	}
	if w.cfg.Metrics != nil {
		w.cfg.Metrics.QueueWait(ctx, queueWait)
	}

	// An id that already has a final result is answered with it, never
	// run again: a redelivered job that finished before its ack was lost,
	// or another job reusing the id.
	if prev, ok := w.storedResult(ctx, key); ok && prev.Status.Final() {
		span.SetAttributes(tracing.AttrJobID.String(job.ID), tracing.AttrDuplicate.Bool(true))
		if attempt == 1 {
			log.Warn("job id already has a final result; answering with it, not running")
			w.answerDuplicate(&job, codec, prev)
		} else {
			log.Info("job already has a final result; acknowledging the redelivery")
		}
		_ = msg.DoubleAck(ctx)
		return
	}

	var res *jobs.Result
	switch {
	case derr != nil:
		res = rejected(job.ID, derr)
		log.Info("job rejected", "err", derr)
	default:
		res = w.run(ctx, msg, &job, key, log)
	}
	if ctx.Err() != nil && res.Status != jobs.StatusRejected {
		// Hard stop: the job was interrupted by our shutdown, not by its
		// submitter; another worker takes it.
		_ = msg.Nak()
		return
	}
	res.JobID, res.Worker, res.Attempt, res.Tenant = job.ID, w.cfg.Name, attempt+len(res.Retries), tenant
	if res.FinishedAt.IsZero() {
		res.FinishedAt = time.Now()
	}
	res.Phases = append([]jobs.Phase{{Name: jobs.PhaseQueueWait, Start: meta.Timestamp, Duration: jobs.Duration(queueWait)}}, res.Phases...)
	w.annotate(ctx, span, &job, res)

	if !res.Status.Final() {
		if attempt < w.cfg.MaxDeliver {
			delay := retryDelay(attempt)
			log.Warn("infra error; job will be retried", "err", res.Error, "delay", delay)
			w.stats.retried.Add(1)
			_ = msg.NakWithDelay(delay)
			return
		}
		res.Error = fmt.Sprintf("gave up after %d attempts: %s", attempt, res.Error)
		raw := &jetstream.RawStreamMsg{Subject: msg.Subject(), Sequence: meta.Sequence.Stream, Header: msg.Headers(), Data: msg.Data()}
		if err := w.deadLetter(ctx, raw, job.ID, tenant, res); err != nil {
			// This was the last delivery: the max-deliveries advisory
			// brings the job back to whichever worker hears it.
			log.Error("dead-letter", "err", err)
			_ = msg.NakWithDelay(time.Second)
			return
		}
		log.Error("job failed every attempt; dead-lettered", "reason", res.Error)
	}
	answered, err := w.publishResult(ctx, &job, key, codec, res)
	if err != nil {
		// Without a stored result the job is not done: let it come back.
		log.Error("store result", "err", err)
		_ = msg.NakWithDelay(time.Second)
		return
	}
	if err := msg.DoubleAck(ctx); err != nil {
		log.Warn("ack", "err", err)
	}
	w.count(ctx, &job, answered)
}

// count records a finished job in the worker's stats and metrics.
func (w *Worker) count(ctx context.Context, job *jobs.Job, res *jobs.Result) {
	if res.Status == jobs.StatusOK {
		w.stats.ok.Add(1)
	} else {
		w.stats.failed.Add(1)
	}
	if w.cfg.Metrics != nil {
		w.cfg.Metrics.JobDone(ctx, res.Status, job.Placement, job.Runtime)
		w.cfg.Metrics.Phases(ctx, res.Phases)
	}
}

// run executes a job, reporting progress to JetStream while it runs so a
// long job is not redelivered to another worker.
func (w *Worker) run(ctx context.Context, msg jetstream.Msg, job *jobs.Job, key string, log *slog.Logger) *jobs.Result {
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	w.mu.Lock()
	w.running[key] = cancel
	w.mu.Unlock()
	defer func() {
		w.mu.Lock()
		delete(w.running, key)
		w.mu.Unlock()
	}()
	// Checked after the job is registered as running, so a cancel arrives
	// either as the mark or as the signal, never in between.
	if msg != nil && w.cancelMarked(ctx, key) {
		return &jobs.Result{JobID: job.ID, Status: jobs.StatusCancelled, Error: "cancelled before it ran", ExitCode: -1}
	}

	if msg != nil {
		defer w.keepInProgress(msg)()
	}
	res := w.runSafely(ctx, job, log)
	if errors.Is(context.Cause(ctx), errCancelledByUser) {
		res.Status, res.Error = jobs.StatusCancelled, "cancelled while running"
	}
	return res
}

// runSafely turns a panic in the runner into an infra error instead of a
// dead worker.
func (w *Worker) runSafely(ctx context.Context, job *jobs.Job, log *slog.Logger) (res *jobs.Result) {
	defer func() {
		if p := recover(); p != nil {
			log.Error("panic running job", "panic", p)
			res = &jobs.Result{JobID: job.ID, Status: jobs.StatusInfraError, ExitCode: -1, Error: fmt.Sprintf("worker panic: %v", p)}
		}
	}()
	return w.cfg.Runner.Run(ctx, job)
}

func rejected(id string, err error) *jobs.Result {
	return &jobs.Result{JobID: id, Status: jobs.StatusRejected, ExitCode: -1, Error: err.Error()}
}

// retryDelay backs off 1s, 2s, 4s ... up to a minute.
func retryDelay(attempt int) time.Duration {
	d := time.Second << min(attempt-1, 6)
	return min(d, time.Minute)
}

// onCancel cancels the running job whose key ends the subject
// natsexec.cancel.<key> (see jobs.CancelSubjectFor).
func (w *Worker) onCancel(m *nats.Msg) {
	key := m.Subject[len(jobs.CancelSubject)+1:]
	w.mu.Lock()
	cancel, ok := w.running[key]
	w.mu.Unlock()
	if ok {
		w.log.Info("cancelling running job", "key", key)
		cancel(errCancelledByUser)
	}
	if m.Reply != "" && ok {
		_ = m.Respond([]byte(w.cfg.Name))
	}
}

func (w *Worker) cancelMarked(ctx context.Context, key string) bool {
	_, err := w.assets.Cancels.Get(ctx, key)
	return err == nil
}

func (w *Worker) replySubjects() []string {
	if len(w.cfg.ReplySubjects) > 0 {
		return w.cfg.ReplySubjects
	}
	return jobs.DefaultReplySubjects
}

// resultHeadroom leaves room for headers in a result message.
const resultHeadroom = 8 << 10

// fitResult encodes res within limit bytes, the server's max payload: a
// result that cannot be stored would leave its job to be retried forever.
// Output files go first, then stdout and stderr are cut, each step said in
// the result.
func fitResult(codec jobs.Codec, res *jobs.Result, limit int64) ([]byte, error) {
	body, err := jobs.EncodeResult(codec, res)
	if err != nil || int64(len(body)) <= limit {
		return body, err
	}
	if len(res.Files) > 0 {
		res.Files = nil
		res.Error = strings.TrimPrefix(res.Error+"; output files dropped: the result passed the server's max payload", "; ")
		if body, err = jobs.EncodeResult(codec, res); err != nil || int64(len(body)) <= limit {
			return body, err
		}
	}
	over := int64(len(body)) - limit
	// JSON carries bytes as base64: a byte of output costs 4/3 on the wire.
	if codec == jobs.JSON {
		over = over*3/4 + 4
	}
	cut := func(b []byte, n int64) ([]byte, int64) {
		k := min(int64(len(b)), n)
		return b[:int64(len(b))-k], n - k
	}
	over += 1024 // room for the note below
	res.Stderr, over = cut(res.Stderr, over)
	res.Stdout, _ = cut(res.Stdout, over)
	res.StdoutTruncated, res.StderrTruncated = true, true
	res.Error = strings.TrimPrefix(res.Error+"; output truncated to fit the server's max payload", "; ")
	return jobs.EncodeResult(codec, res)
}

// Stats reports what the worker has done, for the micro service.
func (w *Worker) Stats() map[string]any {
	st := map[string]any{
		"received":    w.stats.received.Load(),
		"ok":          w.stats.ok.Load(),
		"failed":      w.stats.failed.Load(),
		"retried":     w.stats.retried.Load(),
		"dead":        w.stats.dead.Load(),
		"running":     w.slots.inUse(),
		"concurrency": w.cfg.Concurrency,
	}
	if byTenant := w.slots.byTenant(); len(byTenant) > 0 {
		st["running_by_tenant"] = byTenant
	}
	if m, ok := w.cfg.Runner.(*placement.Manager); ok {
		st["placement"] = m.Stats()
	}
	return st
}
