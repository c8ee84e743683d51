// Package client submits natsexec jobs and collects their results. It is
// what cmd/submit and bench use, and what any Go program should use to talk
// to a natsexec fleet.
//
// Two paths reach the workers:
//
//   - durable: [Client.Submit] publishes a job to the JetStream subject
//     jobs.<queue> (stream NATSEXEC_JOBS, deduplicated on the job id);
//     the result is stored in the KV bucket natsexec-results under the job
//     id ([Client.Get], [Client.Wait]) and also sent to the job's reply
//     subject. [Client.Run] does both halves: it listens for the reply and
//     falls back to the bucket, so a lost reply or a reconnect still ends
//     with the result.
//   - request/reply: [Client.Request] sends the job to the micro service
//     subject natsexec.run and the answering worker replies with the
//     result. Lowest latency; nothing is stored or retried.
//
// A Client caches its JetStream context, bucket handles and one wildcard
// reply subscription, so a Run costs the NATS round trips and nothing more.
// It is safe for concurrent use.
package client

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/propagation"
	"go.opentelemetry.io/otel/trace"

	"github.com/natsexec/natsexec/jobs"
)

// Sentinel errors. Every error a Client returns for one of these reasons
// wraps it; match with errors.Is. Invalid jobs wrap jobs.ErrInvalidJob.
var (
	// ErrNotFound: no result is stored for the job (yet).
	ErrNotFound = errors.New("natsexec: no result for job")
	// ErrUnavailable: nothing serves the request: no stream, bucket or
	// worker on this NATS, or the connection is gone.
	ErrUnavailable = errors.New("natsexec: unavailable")
	// ErrInvalidID: a job id that is empty, too long or holds a space, a
	// dot, a wildcard or a control character.
	ErrInvalidID = errors.New("natsexec: invalid job id")
	// ErrBadResult: a result that could not be decoded.
	ErrBadResult = errors.New("natsexec: bad result")
	// ErrService: a worker answered a request with a service error.
	ErrService = errors.New("natsexec: service error")
	// ErrClosed: the Client was closed.
	ErrClosed = errors.New("natsexec: client closed")
	// ErrTooLarge: a job whose message, its source compressed, is over
	// the NATS server's max_payload. It wraps jobs.ErrInvalidJob.
	ErrTooLarge = fmt.Errorf("%w: over the NATS server's max_payload", jobs.ErrInvalidJob)
)

const tracerName = "github.com/natsexec/natsexec/client"

// Option configures a Client.
type Option func(*Client)

// WithLogger sets the logger (default: discard).
func WithLogger(l *slog.Logger) Option { return func(c *Client) { c.log = l } }

// WithTracerProvider sets the TracerProvider (default: the global one).
func WithTracerProvider(tp trace.TracerProvider) Option { return func(c *Client) { c.tp = tp } }

// WithPropagator sets the propagator that writes trace context into job
// headers (default: the global one).
func WithPropagator(p propagation.TextMapPropagator) Option {
	return func(c *Client) { c.prop = p }
}

// WithCodec sets the encoding of [Client.Request] (default msgpack).
func WithCodec(codec jobs.Codec) Option { return func(c *Client) { c.codec = codec } }

// WithTenant submits as tenant: jobs go to jobs.<queue>.<tenant> and
// natsexec.run.<tenant>, results and cancel marks are keyed
// <tenant>.<key>. It must match what the NATS server lets this connection
// publish (deploy/nats-tenants.conf), and the connection's inbox prefix
// must be one the tenant may subscribe to (nats.CustomInboxPrefix).
func WithTenant(tenant string) Option { return func(c *Client) { c.tenant = tenant } }

// WithFallbackAfter sets how long [Client.Run] waits for the reply before it
// also polls the results bucket (default 2s). The poll interval then backs
// off from this value to 5s. A reconnect triggers a poll at once.
func WithFallbackAfter(d time.Duration) Option { return func(c *Client) { c.fallbackAfter = d } }

// WithRequestGrace sets how much longer than the job's own timeout
// [Client.Request] waits for a reply when ctx has no deadline (default 30s:
// provisioning and queueing behind busy workers).
func WithRequestGrace(d time.Duration) Option { return func(c *Client) { c.requestGrace = d } }

// Client talks to a natsexec fleet over one NATS connection, which the
// caller owns.
type Client struct {
	nc            *nats.Conn
	js            jetstream.JetStream
	log           *slog.Logger
	tp            trace.TracerProvider
	tracer        trace.Tracer
	prop          propagation.TextMapPropagator
	codec         jobs.Codec
	fallbackAfter time.Duration
	requestGrace  time.Duration

	// tenant is who this client submits as (WithTenant); empty without
	// tenants.
	tenant string

	results, cancels lazyBucket
	replies          replyMux

	asyncMu   sync.Mutex
	asyncErrs []error
}

// New returns a Client over nc. It does no I/O: buckets are looked up on
// first use and cached.
func New(nc *nats.Conn, opts ...Option) (*Client, error) {
	if nc == nil {
		return nil, errors.New("client: nil *nats.Conn")
	}
	c := &Client{
		nc:            nc,
		codec:         jobs.Msgpack,
		fallbackAfter: 2 * time.Second,
		requestGrace:  30 * time.Second,
	}
	for _, o := range opts {
		o(c)
	}
	if c.log == nil {
		c.log = slog.New(slog.DiscardHandler)
	}
	if c.tp == nil {
		c.tp = otel.GetTracerProvider()
	}
	if c.prop == nil {
		c.prop = otel.GetTextMapPropagator()
	}
	if c.tenant != "" {
		if err := jobs.ValidTenant(c.tenant); err != nil {
			return nil, fmt.Errorf("client: %w", err)
		}
	}
	if c.fallbackAfter <= 0 {
		c.fallbackAfter = 2 * time.Second
	}
	c.tracer = c.tp.Tracer(tracerName)
	js, err := jetstream.New(nc, jetstream.WithPublishAsyncErrHandler(c.onAsyncErr))
	if err != nil {
		return nil, fmt.Errorf("client: jetstream: %w", err)
	}
	c.js = js
	c.results.name, c.cancels.name = jobs.ResultsBucket, jobs.CancelBucket
	c.replies.nc = nc
	return c, nil
}

// Close releases the Client's reply subscription. The connection stays
// open; it belongs to the caller.
func (c *Client) Close() error {
	return c.replies.close()
}

// Conn is the connection the Client uses.
func (c *Client) Conn() *nats.Conn { return c.nc }

// lazyBucket looks a KV bucket up once and keeps the handle; a failed look
// up is retried on the next call.
type lazyBucket struct {
	name string
	mu   sync.Mutex
	kv   jetstream.KeyValue
}

func (c *Client) bucket(ctx context.Context, b *lazyBucket) (jetstream.KeyValue, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.kv != nil {
		return b.kv, nil
	}
	kv, err := c.js.KeyValue(ctx, b.name)
	switch {
	case errors.Is(err, jetstream.ErrBucketNotFound):
		return nil, fmt.Errorf("%w: KV bucket %s does not exist (has a worker run against this NATS?)", ErrUnavailable, b.name)
	case err != nil:
		return nil, fmt.Errorf("KV bucket %s: %w", b.name, natsErr(err))
	}
	b.kv = kv
	return kv, nil
}

// natsErr marks connection-level failures as ErrUnavailable.
func natsErr(err error) error {
	switch {
	case errors.Is(err, nats.ErrConnectionClosed), errors.Is(err, nats.ErrNoResponders),
		errors.Is(err, jetstream.ErrNoStreamResponse), errors.Is(err, nats.ErrConnectionDraining):
		return fmt.Errorf("%w: %w", ErrUnavailable, err)
	}
	return err
}

// encodeJob encodes j for the wire, its source compressed when large (see
// jobs.Job.CompressSource); j itself is left as it is.
func encodeJob(codec jobs.Codec, j *jobs.Job) ([]byte, error) {
	w := *j
	if err := w.CompressSource(); err != nil {
		return nil, fmt.Errorf("encode job %s: %w", j.ID, err)
	}
	body, err := codec.Marshal(&w)
	if err != nil {
		return nil, fmt.Errorf("encode job %s: %w", j.ID, err)
	}
	return body, nil
}

// tooLarge explains a job the connection refused to publish for the
// server's max_payload (nats.ErrMaxPayload).
func (c *Client) tooLarge(id string, body []byte) error {
	return fmt.Errorf("%w: job %s is %d bytes encoded (sources over %d bytes already compressed), and this NATS server takes at most %d: raise max_payload in its configuration (a worker's embedded server takes 40 MiB)",
		ErrTooLarge, id, len(body), jobs.CompressAbove, c.nc.MaxPayload())
}

// checkID applies the workers' rules for ids (jobs.CheckID); any id they
// accept is stored under jobs.Key(id).
func checkID(id string) error {
	if id == "" {
		return fmt.Errorf("%w: empty", ErrInvalidID)
	}
	if len(id) > jobs.MaxIDLength {
		return fmt.Errorf("%w: longer than %d bytes", ErrInvalidID, jobs.MaxIDLength)
	}
	if err := jobs.CheckID(id); err != nil {
		return fmt.Errorf("%w: %w", ErrInvalidID, err)
	}
	return nil
}

// key is where job id's result and cancel mark are stored.
func (c *Client) key(id string) string { return jobs.TenantKey(c.tenant, id) }

// DecodeStoredResult decodes a result as the results bucket and the reply
// subject carry it: in the job's encoding, JSON starting with '{'.
func DecodeStoredResult(b []byte) (*jobs.Result, error) {
	r, err := jobs.DecodeStoredResult(b)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrBadResult, err)
	}
	return &r, nil
}

// decodeReply decodes a result message by its Content-Type, sniffing when
// the header is absent or unknown.
func decodeReply(m *nats.Msg) (*jobs.Result, error) {
	if ct := m.Header.Get(jobs.HeaderContentType); ct != "" {
		if codec, err := jobs.CodecFor(ct); err == nil {
			r, err := jobs.DecodeResult(codec, m.Data)
			if err != nil {
				return nil, fmt.Errorf("%w: %w", ErrBadResult, err)
			}
			return &r, nil
		}
	}
	return DecodeStoredResult(m.Data)
}

func (c *Client) onAsyncErr(_ jetstream.JetStream, m *nats.Msg, err error) {
	id := m.Header.Get(jobs.HeaderMsgID)
	c.log.Warn("async job publish failed", "job", id, "err", err)
	c.asyncMu.Lock()
	c.asyncErrs = append(c.asyncErrs, fmt.Errorf("job %s: %w", id, natsErr(err)))
	c.asyncMu.Unlock()
}

// Flush waits until every job submitted without SubmitOptions.Wait is
// acknowledged by the stream, and returns the failures among them since
// the last Flush.
func (c *Client) Flush(ctx context.Context) error {
	select {
	case <-c.js.PublishAsyncComplete():
	case <-ctx.Done():
		return fmt.Errorf("flush: %d jobs unacknowledged: %w", c.js.PublishAsyncPending(), ctx.Err())
	}
	c.asyncMu.Lock()
	errs := c.asyncErrs
	c.asyncErrs = nil
	c.asyncMu.Unlock()
	return errors.Join(errs...)
}
