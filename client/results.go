package client

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
	"github.com/nats-io/nats.go/micro"
	"github.com/nats-io/nuid"
	"go.opentelemetry.io/otel/trace"

	"github.com/natsexec/natsexec/jobs"
	"github.com/natsexec/natsexec/tracing"
)

// replyMux is one wildcard subscription, <inbox>.*, shared by every Run,
// which saves a SUB and UNSUB per job.
type replyMux struct {
	nc     *nats.Conn
	mu     sync.Mutex
	sub    *nats.Subscription
	prefix string
	closed bool
	wait   map[string]chan *nats.Msg
}

// register returns a fresh reply subject, the channel its message arrives
// on and a release func. The subscription exists on the server before any
// job naming the subject is published: it was sent first on the same
// connection.
func (r *replyMux) register() (string, <-chan *nats.Msg, func(), error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.closed {
		return "", nil, nil, ErrClosed
	}
	if r.sub == nil {
		prefix := r.nc.NewInbox()
		sub, err := r.nc.Subscribe(prefix+".*", r.dispatch)
		if err != nil {
			return "", nil, nil, fmt.Errorf("reply subscription: %w", natsErr(err))
		}
		r.sub, r.prefix, r.wait = sub, prefix+".", map[string]chan *nats.Msg{}
	}
	token := nuid.Next()
	ch := make(chan *nats.Msg, 1)
	r.wait[token] = ch
	release := func() {
		r.mu.Lock()
		delete(r.wait, token)
		r.mu.Unlock()
	}
	return r.prefix + token, ch, release, nil
}

func (r *replyMux) dispatch(m *nats.Msg) {
	token := strings.TrimPrefix(m.Subject, r.prefix)
	r.mu.Lock()
	ch := r.wait[token]
	r.mu.Unlock()
	if ch == nil {
		return
	}
	select {
	case ch <- m:
	default: // a second reply (a redelivered job) adds nothing
	}
}

func (r *replyMux) close() error {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.closed = true
	if r.sub == nil {
		return nil
	}
	err := r.sub.Unsubscribe()
	r.sub = nil
	if errors.Is(err, nats.ErrConnectionClosed) {
		return nil
	}
	return err
}

// Get returns the stored result of job id, or an error wrapping ErrNotFound
// when there is none yet.
func (c *Client) Get(ctx context.Context, id string) (*jobs.Result, error) {
	if err := checkID(id); err != nil {
		return nil, err
	}
	kv, err := c.bucket(ctx, &c.results)
	if err != nil {
		return nil, err
	}
	e, err := kv.Get(ctx, c.key(id))
	switch {
	case errors.Is(err, jetstream.ErrKeyNotFound):
		return nil, fmt.Errorf("%w: %s", ErrNotFound, id)
	case err != nil:
		return nil, fmt.Errorf("get result %s: %w", id, natsErr(err))
	}
	res, err := DecodeStoredResult(e.Value())
	if err != nil {
		return nil, fmt.Errorf("result %s: %w", id, err)
	}
	return res, nil
}

// Wait watches the results bucket until job id has a result or ctx ends.
// It does not care how the job was submitted, only that it is stored.
func (c *Client) Wait(ctx context.Context, id string) (*jobs.Result, error) {
	if err := checkID(id); err != nil {
		return nil, err
	}
	if c.tenant != "" {
		// A tenant may read its own keys but not create consumers (a
		// watch) on the bucket's stream.
		return c.poll(ctx, id)
	}
	kv, err := c.bucket(ctx, &c.results)
	if err != nil {
		return nil, err
	}
	wctx, cancel := context.WithCancel(ctx)
	defer cancel()
	w, err := kv.Watch(wctx, c.key(id), jetstream.IgnoreDeletes())
	if err != nil {
		return nil, fmt.Errorf("watch result %s: %w", id, natsErr(err))
	}
	defer func() { _ = w.Stop() }()
	for {
		select {
		case e, ok := <-w.Updates():
			if !ok {
				return nil, fmt.Errorf("watch result %s: %w: watcher stopped", id, ErrUnavailable)
			}
			if e == nil || e.Operation() != jetstream.KeyValuePut {
				continue // nil marks the end of the initial values
			}
			res, err := DecodeStoredResult(e.Value())
			if err != nil {
				return nil, fmt.Errorf("result %s: %w", id, err)
			}
			return res, nil
		case <-ctx.Done():
			return nil, fmt.Errorf("waiting for job %s: %w", id, context.Cause(ctx))
		}
	}
}

// poll reads job id's result until there is one or ctx ends.
func (c *Client) poll(ctx context.Context, id string) (*jobs.Result, error) {
	delay := 20 * time.Millisecond
	for {
		res, err := c.Get(ctx, id)
		if err == nil || !errors.Is(err, ErrNotFound) {
			return res, err
		}
		select {
		case <-ctx.Done():
			return nil, fmt.Errorf("waiting for job %s: %w", id, context.Cause(ctx))
		case <-time.After(delay):
		}
		delay = min(delay*2, time.Second)
	}
}

// Cancel asks for job id to be cancelled: running, it is stopped by the
// worker that runs it; still queued, it ends as cancelled without running.
// Either way its result has status cancelled, unless it finished first.
func (c *Client) Cancel(ctx context.Context, id string) error {
	if err := checkID(id); err != nil {
		return err
	}
	kv, err := c.bucket(ctx, &c.cancels)
	if err != nil {
		return err
	}
	// The mark first, then the signal: a worker that checks for the mark
	// before this Put lands is running the job by the time the signal
	// comes (a worker that registers the job late can still miss both;
	// that window is the worker's to close).
	if _, err := kv.Put(ctx, c.key(id), []byte(time.Now().UTC().Format(time.RFC3339Nano))); err != nil {
		return fmt.Errorf("cancel mark %s: %w", id, natsErr(err))
	}
	if err := c.nc.Publish(jobs.CancelSubjectFor(c.tenant, id), nil); err != nil {
		return fmt.Errorf("cancel %s: %w", id, natsErr(err))
	}
	// FlushWithContext insists on a deadline.
	fctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	if err := c.nc.FlushWithContext(fctx); err != nil {
		return fmt.Errorf("cancel %s: %w", id, natsErr(err))
	}
	return nil
}

// Request runs job through the request/reply path (the micro service on
// natsexec.run): no stream, no stored result, no retry. Without a deadline
// on ctx it waits for the job's timeout plus the request grace.
func (c *Client) Request(ctx context.Context, job *jobs.Job) (res *jobs.Result, err error) {
	j := *job
	if j.ID == "" {
		j.ID = nuid.Next()
	}
	if err := checkJob(&j); err != nil {
		return nil, err
	}
	if _, ok := ctx.Deadline(); !ok {
		timeout := j.Limits.Timeout.Std()
		if timeout <= 0 {
			timeout = jobs.DefaultTimeout
		}
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, timeout+c.requestGrace)
		defer cancel()
	}
	subject := jobs.ServiceSubjectFor(c.tenant)
	attrs := append(tracing.MessagingAttrs(subject, j.ID),
		tracing.AttrMessagingOperationType.String("send"),
		tracing.AttrJobID.String(j.ID),
		tracing.AttrRuntime.String(string(j.Runtime)),
		tracing.AttrPlacement.String(string(j.Placement)),
	)
	ctx, span := c.tracer.Start(ctx, "send "+subject, trace.WithSpanKind(trace.SpanKindClient), trace.WithAttributes(attrs...))
	defer func() { endRunSpan(span, res, err) }()

	body, err := encodeJob(c.codec, &j)
	if err != nil {
		return nil, err
	}
	m := &nats.Msg{Subject: subject, Data: body, Header: nats.Header{}}
	m.Header.Set(jobs.HeaderMsgID, j.ID)
	m.Header.Set(jobs.HeaderContentType, c.codec.ContentType())
	c.prop.Inject(ctx, tracing.HeaderCarrier(m.Header))
	resp, err := c.nc.RequestMsgWithContext(ctx, m)
	switch {
	case errors.Is(err, nats.ErrNoResponders):
		return nil, fmt.Errorf("%w: request job %s: no worker serves %s", ErrUnavailable, j.ID, subject)
	case errors.Is(err, nats.ErrMaxPayload):
		return nil, c.tooLarge(j.ID, body)
	case err != nil:
		return nil, fmt.Errorf("request job %s: %w", j.ID, natsErr(err))
	}
	if code := resp.Header.Get(micro.ErrorCodeHeader); code != "" {
		return nil, fmt.Errorf("%w: job %s: %s %s", ErrService, j.ID, code, resp.Header.Get(micro.ErrorHeader))
	}
	res, err = decodeReply(resp)
	if err != nil {
		return nil, fmt.Errorf("job %s: %w", j.ID, err)
	}
	return res, nil
}
