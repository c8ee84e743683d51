package client

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
	"github.com/nats-io/nuid"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/trace"

	"github.com/natsexec/natsexec/jobs"
	"github.com/natsexec/natsexec/tracing"
)

// SubmitOptions steer one durable submission.
type SubmitOptions struct {
	// Queue picks the subject jobs.<Queue> (default "default").
	Queue string
	// Codec encodes the job; the worker answers in the same one.
	Codec jobs.Codec
	// BatchID groups the jobs of a batch (header Natsexec-Batch).
	BatchID string
	// Wait makes Submit return only once the stream has stored the job,
	// with any failure as its error. Without it the job is published
	// asynchronously for bursts: call [Client.Flush] to learn what failed.
	// Run always waits.
	Wait bool
}

// Submit publishes job to JetStream and returns its id, generated when
// job.ID is empty. job itself is not modified. A job id seen by the stream
// within its dedupe window is dropped as a duplicate, which makes Submit
// safe to retry with the same id.
func (c *Client) Submit(ctx context.Context, job *jobs.Job, opts SubmitOptions) (string, error) {
	j := *job
	if j.ID == "" {
		j.ID = nuid.Next()
	}
	_, err := c.submit(ctx, &j, opts)
	return j.ID, err
}

// submit publishes j (already carrying its id and reply) and reports
// whether the stream dropped it as a duplicate (only known with Wait).
func (c *Client) submit(ctx context.Context, j *jobs.Job, opts SubmitOptions) (dup bool, err error) {
	if err := checkJob(j); err != nil {
		return false, err
	}
	subject := jobs.JobSubjectFor(opts.Queue, c.tenant)
	attrs := append(tracing.MessagingAttrs(subject, j.ID),
		tracing.AttrMessagingOperationType.String("send"),
		tracing.AttrJobID.String(j.ID),
		tracing.AttrRuntime.String(string(j.Runtime)),
		tracing.AttrPlacement.String(string(j.Placement)),
	)
	if opts.BatchID != "" {
		attrs = append(attrs, tracing.AttrBatchID.String(opts.BatchID))
	}
	ctx, span := c.tracer.Start(ctx, "publish "+subject, trace.WithSpanKind(trace.SpanKindProducer), trace.WithAttributes(attrs...))
	defer span.End()
	defer func() {
		if err != nil {
			span.RecordError(err)
			span.SetStatus(codes.Error, err.Error())
		}
	}()

	body, err := encodeJob(opts.Codec, j)
	if err != nil {
		return false, err
	}
	m := &nats.Msg{Subject: subject, Data: body, Header: nats.Header{}}
	m.Header.Set(jobs.HeaderMsgID, j.ID)
	m.Header.Set(jobs.HeaderContentType, opts.Codec.ContentType())
	if opts.BatchID != "" {
		m.Header.Set(jobs.HeaderBatch, opts.BatchID)
	}
	c.prop.Inject(ctx, tracing.HeaderCarrier(m.Header))

	if !opts.Wait {
		if _, err := c.js.PublishMsgAsync(m, jetstream.WithExpectStream(jobs.JobsStreamFor(c.tenant))); err != nil {
			if errors.Is(err, nats.ErrMaxPayload) {
				return false, c.tooLarge(j.ID, body)
			}
			return false, fmt.Errorf("publish job %s to %s: %w", j.ID, subject, natsErr(err))
		}
		return false, nil
	}
	ack, err := c.js.PublishMsg(ctx, m, jetstream.WithExpectStream(jobs.JobsStreamFor(c.tenant)))
	if err != nil {
		if errors.Is(err, nats.ErrMaxPayload) {
			return false, c.tooLarge(j.ID, body)
		}
		if errors.Is(err, jetstream.ErrNoStreamResponse) {
			hint := "has a worker run against this NATS?"
			if c.tenant != "" {
				hint = "is tenant " + c.tenant + " set up? a worker started with --tenants " + c.tenant + " creates its queue"
			}
			return false, fmt.Errorf("%w: publish job %s: no stream listens on %s (%s)", ErrUnavailable, j.ID, subject, hint)
		}
		return false, fmt.Errorf("publish job %s to %s: %w", j.ID, subject, natsErr(err))
	}
	span.SetAttributes(attribute.Int64("messaging.nats.stream.sequence", int64(ack.Sequence)))
	if ack.Duplicate {
		span.SetAttributes(attribute.Bool("natsexec.duplicate", true))
	}
	return ack.Duplicate, nil
}

// checkJob validates a copy of j, so the defaults Validate fills in are
// left to the worker, whose version of them wins.
func checkJob(j *jobs.Job) error {
	if err := checkID(j.ID); err != nil {
		return fmt.Errorf("%w: field id: %w", jobs.ErrInvalidJob, err)
	}
	v := *j
	return v.Validate()
}

// Run submits job and waits for its result: the reply comes on an inbox
// subscribed before the job is published, and the results bucket is polled
// as well after a while or on a reconnect, so neither a lost reply nor a
// duplicate submission of a finished job leaves Run waiting. The result's
// status says how the job ended; the error is for failures to get one.
func (c *Client) Run(ctx context.Context, job *jobs.Job, opts SubmitOptions) (res *jobs.Result, err error) {
	j := *job
	if j.ID == "" {
		j.ID = nuid.Next()
	}
	subject := jobs.JobSubjectFor(opts.Queue, c.tenant)
	ctx, span := c.tracer.Start(ctx, "run "+subject, trace.WithSpanKind(trace.SpanKindClient),
		trace.WithAttributes(tracing.AttrJobID.String(j.ID)))
	defer func() { endRunSpan(span, res, err) }()

	reply, replies, release, err := c.replies.register()
	if err != nil {
		return nil, err
	}
	defer release()
	j.Reply = reply
	opts.Wait = true
	dup, err := c.submit(ctx, &j, opts)
	if err != nil {
		return nil, err
	}
	res, err = c.await(ctx, j.ID, replies, dup)
	if err == nil && dup {
		// The stream had already taken a job with this id: whatever this
		// one asked for, the answer is that job's.
		res.Duplicate = true
	}
	return res, err
}

func endRunSpan(span trace.Span, res *jobs.Result, err error) {
	switch {
	case err != nil:
		span.RecordError(err)
		span.SetStatus(codes.Error, err.Error())
	case res != nil:
		span.SetAttributes(tracing.AttrStatus.String(string(res.Status)), tracing.AttrExitCode.Int(res.ExitCode))
		if res.Status != jobs.StatusOK {
			span.SetStatus(codes.Error, string(res.Status)+": "+res.Error)
		}
	}
	span.End()
}

// await waits for the reply on replies, polling the results bucket from
// fallbackAfter on (at once for a duplicate, whose reply went elsewhere),
// and on every reconnect.
func (c *Client) await(ctx context.Context, id string, replies <-chan *nats.Msg, dup bool) (*jobs.Result, error) {
	status := c.nc.StatusChanged(nats.CONNECTED)
	defer c.nc.RemoveStatusListener(status)
	interval := c.fallbackAfter
	first := interval
	if dup {
		first = 0
	}
	poll := time.NewTimer(first)
	defer poll.Stop()
	for {
		select {
		case m := <-replies:
			res, err := decodeReply(m)
			if err != nil {
				return nil, fmt.Errorf("job %s: %w", id, err)
			}
			return res, nil
		case <-status:
			c.log.Debug("reconnected; checking the results bucket", "job", id)
		case <-poll.C:
			interval = min(interval*2, 5*time.Second)
			poll.Reset(interval)
		case <-ctx.Done():
			return nil, fmt.Errorf("waiting for job %s: %w", id, context.Cause(ctx))
		}
		res, err := c.Get(ctx, id)
		switch {
		case err == nil:
			return res, nil
		case errors.Is(err, ErrNotFound):
		case ctx.Err() != nil:
			return nil, fmt.Errorf("waiting for job %s: %w", id, context.Cause(ctx))
		default:
			// Transient while reconnecting; the next poll tries again.
			c.log.Debug("results bucket", "job", id, "err", err)
		}
	}
}
