package bench

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"sync/atomic"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/micro"
	"github.com/nats-io/nuid"

	"github.com/natsexec/natsexec/client"
	"github.com/natsexec/natsexec/jobs"
)

// ServiceName is the worker fleet's micro service name, which the NATS
// driver pings to learn that a worker answers (jobs.ServiceName; kept
// apart so a submitter does not link the worker).
const ServiceName = "natsexec"

// NATSOptions configure the end-to-end driver.
type NATSOptions struct {
	Client *client.Client
	// Request uses the micro request/reply path instead of JetStream.
	Request bool
	Queue   string
	Codec   jobs.Codec
	// JobTimeout bounds one job's round trip (default 60s).
	JobTimeout time.Duration
}

// NATS takes samples end to end: jobs published through client and run by
// whatever worker fleet serves the NATS it is connected to.
type NATS struct {
	opts NATSOptions
	seq  atomic.Uint64
}

// NewNATS returns the end-to-end driver.
func NewNATS(opts NATSOptions) (*NATS, error) {
	if opts.Client == nil {
		return nil, errors.New("bench: NATS driver: Client is required")
	}
	if opts.JobTimeout <= 0 {
		opts.JobTimeout = 60 * time.Second
	}
	return &NATS{opts: opts}, nil
}

// Ping checks that at least one worker answers on the fleet's micro
// service, failing within timeout otherwise.
func Ping(ctx context.Context, nc *nats.Conn, timeout time.Duration) error {
	subj, err := micro.ControlSubject(micro.PingVerb, ServiceName, "")
	if err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	_, err = nc.RequestWithContext(ctx, subj, nil)
	switch {
	case errors.Is(err, nats.ErrNoResponders):
		return fmt.Errorf("%w: no natsexec worker is serving on %s (nothing answers %s); start one with `worker --nats-url %s`",
			client.ErrUnavailable, nc.ConnectedUrlRedacted(), subj, nc.ConnectedUrlRedacted())
	case err != nil:
		return fmt.Errorf("%w: no natsexec worker answered %s on %s within %s: %w",
			client.ErrUnavailable, subj, nc.ConnectedUrlRedacted(), timeout, err)
	}
	return nil
}

// Semantics of the end-to-end numbers.
func (d *NATS) Semantics() Semantics {
	path := "JetStream (client.Run: publish to jobs.<queue>, result on the reply subject)"
	if d.opts.Request {
		path = "request/reply (client.Request on natsexec.run)"
	}
	return Semantics{
		Driver: "nats (end to end through the worker fleet) via " + path,
		Cold: "end-to-end round trip, submit to result received, of a job whose placement provisions fresh: owned (a new sidecar), shared (a new VM in a shared sidecar), " +
			"resident (a fresh key: a unique env value). Phases are the worker's, from the result.",
		Warm: "resident: end-to-end round trip of a second identical job, which lands on the VM the first left resident (phase warm_exec is the worker-side exec). " +
			"Owned and shared: a job is one VM and one exec, so there is no warm round trip; the worker-side warm_exec phase is reported when a result carries one (none today), otherwise warm is —.",
		Notes: []string{
			"owned-sidecar-prespawned is the same job as owned-sidecar; whether the worker pre-spawns is its --prespawn-owned setting",
			"every job of a batch carries the header " + jobs.HeaderBatch + " with the batch id (JetStream path only; client.Request takes no headers)",
		},
	}
}

// Start does nothing: the fleet is already running.
func (d *NATS) Start(context.Context, Scenario) error { return nil }

// Stop does nothing.
func (d *NATS) Stop(context.Context, Scenario) error { return nil }

// PrepareBatch does nothing.
func (d *NATS) PrepareBatch(context.Context, Batch) error { return nil }

// Sample runs one cold job and, for resident, a warm one.
func (d *NATS) Sample(ctx context.Context, b Batch) (Sample, error) {
	key := nuid.Next()
	cold, res, err := d.run(ctx, b, key)
	if err != nil {
		return Sample{}, err
	}
	s := Sample{Cold: cold, Phases: phaseMap(res.Phases)}
	if b.Scenario != ScenarioResident {
		if w, ok := res.Phase(jobs.PhaseWarmExec); ok {
			s.Warm, s.HasWarm = w, true
		}
		return s, nil
	}
	warm, res, err := d.run(ctx, b, key)
	if err != nil {
		return Sample{}, fmt.Errorf("warm job: %w", err)
	}
	if _, fresh := res.Phase(jobs.PhaseVMCreate); fresh {
		return Sample{}, errors.New("resident VM was not reused: the second job on its key provisioned a new one")
	}
	if w, ok := res.Phase(jobs.PhaseWarmExec); ok {
		s.Phases[jobs.PhaseWarmExec] = w
	}
	s.Warm, s.HasWarm = warm, true
	return s, nil
}

func (d *NATS) run(ctx context.Context, b Batch, key string) (time.Duration, *jobs.Result, error) {
	job := Job(PlacementOf(b.Scenario), key)
	job.ID = b.ID + "-" + strconv.FormatUint(d.seq.Add(1), 10)
	ctx, cancel := context.WithTimeout(ctx, d.opts.JobTimeout)
	defer cancel()
	start := time.Now()
	var res *jobs.Result
	var err error
	if d.opts.Request {
		res, err = d.opts.Client.Request(ctx, job)
	} else {
		res, err = d.opts.Client.Run(ctx, job, client.SubmitOptions{Queue: d.opts.Queue, Codec: d.opts.Codec, BatchID: b.ID})
	}
	took := time.Since(start)
	if err != nil {
		return 0, nil, err
	}
	if err := resultErr("job "+job.ID, res); err != nil {
		return 0, nil, err
	}
	return took, res, nil
}
