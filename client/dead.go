package client

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/natsexec/natsexec/jobs"
)

// DeadLetter is a job that failed every attempt, as a worker copied it to
// the stream NATSEXEC_DEAD (subject natsexec.dead.<queue>[.<tenant>]).
type DeadLetter struct {
	// Seq is the dead letter's sequence in NATSEXEC_DEAD, Time when it was
	// stored there.
	Seq        uint64    `json:"seq"`
	Time       time.Time `json:"time"`
	JobID      string    `json:"job_id"`
	Tenant     string    `json:"tenant,omitempty"`
	Queue      string    `json:"queue"`
	Subject    string    `json:"subject"` // where the job was published
	Reason     string    `json:"reason"`
	LastStatus string    `json:"last_status"`
	Attempts   int       `json:"attempts"`
	// ContentType is the job's own Content-Type header: empty means
	// msgpack (see jobs.CodecFor).
	ContentType string `json:"content_type,omitempty"`
	// Job is the body exactly as it was submitted. [Client.DeadLetters]
	// leaves it empty.
	Job []byte `json:"job,omitempty"`
}

// deadNotFound reads better than ErrNotFound's own text ("no result")
// while matching it.
type deadNotFound struct{ id string }

func (e *deadNotFound) Error() string { return "natsexec: no dead letter for job " + e.id }
func (e *deadNotFound) Unwrap() error { return ErrNotFound }

// deadStream looks up NATSEXEC_DEAD; the handle carries its state as of now.
func (c *Client) deadStream(ctx context.Context) (jetstream.Stream, error) {
	s, err := c.js.Stream(ctx, jobs.DeadStream)
	switch {
	case errors.Is(err, jetstream.ErrStreamNotFound):
		return nil, fmt.Errorf("%w: stream %s does not exist (has a worker run against this NATS?)", ErrUnavailable, jobs.DeadStream)
	case err != nil:
		return nil, fmt.Errorf("stream %s: %w", jobs.DeadStream, natsErr(err))
	}
	return s, nil
}

// DeadLetters lists the dead letters in NATSEXEC_DEAD, oldest first, as of
// the call, without their bodies: a body can be tens of megabytes, so only
// headers are read ([Client.DeadLetter] reads one whole).
func (c *Client) DeadLetters(ctx context.Context) ([]DeadLetter, error) {
	_, list, err := c.listDead(ctx)
	return list, err
}

// listDead is DeadLetters with the stream handle, for reading on.
func (c *Client) listDead(ctx context.Context) (jetstream.Stream, []DeadLetter, error) {
	s, err := c.deadStream(ctx)
	if err != nil {
		return nil, nil, err
	}
	state := s.CachedInfo().State
	if state.Msgs == 0 {
		return s, nil, nil
	}
	// One throwaway consumer reads the headers in batches, where a GetMsg
	// per sequence would cost a round trip and a whole body each.
	cons, err := s.CreateConsumer(ctx, jetstream.ConsumerConfig{
		AckPolicy:         jetstream.AckNonePolicy,
		HeadersOnly:       true,
		MemoryStorage:     true,
		InactiveThreshold: time.Minute, // in case the delete below fails
	})
	if err != nil {
		return nil, nil, fmt.Errorf("read %s: %w", jobs.DeadStream, natsErr(err))
	}
	defer func() {
		dctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
		defer cancel()
		if err := s.DeleteConsumer(dctx, cons.CachedInfo().Name); err != nil {
			c.log.Debug("delete dead-letter reader", "err", err)
		}
	}()
	out := make([]DeadLetter, 0, min(state.Msgs, 1024))
	for {
		batch, err := cons.FetchNoWait(256)
		if err != nil {
			return nil, nil, fmt.Errorf("read %s: %w", jobs.DeadStream, natsErr(err))
		}
		n, done := 0, false
		for m := range batch.Messages() {
			n++
			meta, err := m.Metadata()
			if err != nil {
				continue // not a stream message; cannot happen on a pull consumer
			}
			out = append(out, deadLetterFrom(meta.Sequence.Stream, meta.Timestamp, m.Headers(), nil))
			// Stop at what the stream held when called: a storm of new
			// dead letters must not keep an admin listing forever.
			if meta.NumPending == 0 || meta.Sequence.Stream >= state.LastSeq {
				done = true
			}
		}
		if err := batch.Error(); err != nil && !errors.Is(err, jetstream.ErrNoMessages) {
			return nil, nil, fmt.Errorf("read %s: %w", jobs.DeadStream, natsErr(err))
		}
		if done || n == 0 {
			return s, out, nil
		}
	}
}

// DeadLetter returns the newest dead letter of job id, body included, or
// an error wrapping ErrNotFound. A Client with a tenant sees only that
// tenant's; one without sees every tenant's, and the newest wins.
func (c *Client) DeadLetter(ctx context.Context, id string) (*DeadLetter, error) {
	_, raw, err := c.deadLetter(ctx, id)
	if err != nil {
		return nil, err
	}
	dl := deadLetterFrom(raw.Sequence, raw.Time, raw.Header, raw.Data)
	return &dl, nil
}

// deadLetter finds the newest dead letter of job id and reads it whole.
func (c *Client) deadLetter(ctx context.Context, id string) (jetstream.Stream, *jetstream.RawStreamMsg, error) {
	if err := checkID(id); err != nil {
		return nil, nil, err
	}
	s, list, err := c.listDead(ctx)
	if err != nil {
		return nil, nil, err
	}
	for i := len(list) - 1; i >= 0; i-- {
		d := list[i]
		if d.JobID != id || (c.tenant != "" && d.Tenant != c.tenant) {
			continue
		}
		raw, err := s.GetMsg(ctx, d.Seq)
		switch {
		case errors.Is(err, jetstream.ErrMsgNotFound):
			// Retried or purged since the listing.
			return nil, nil, &deadNotFound{id}
		case err != nil:
			return nil, nil, fmt.Errorf("read dead letter %d: %w", d.Seq, natsErr(err))
		}
		return s, raw, nil
	}
	return nil, nil, &deadNotFound{id}
}

func deadLetterFrom(seq uint64, t time.Time, h nats.Header, body []byte) DeadLetter {
	attempts, _ := strconv.Atoi(h.Get(jobs.HeaderAttempt))
	return DeadLetter{
		Seq:         seq,
		Time:        t,
		JobID:       h.Get(jobs.HeaderDeadJobID),
		Tenant:      h.Get(jobs.HeaderDeadTenant),
		Queue:       h.Get(jobs.HeaderDeadQueue),
		Subject:     h.Get(jobs.HeaderDeadSubject),
		Reason:      h.Get(jobs.HeaderDeadReason),
		LastStatus:  h.Get(jobs.HeaderDeadLastStatus),
		Attempts:    attempts,
		ContentType: h.Get(jobs.HeaderContentType),
		Job:         body,
	}
}

// deadOnlyHeaders are the headers a worker adds to a dead letter; the rest
// (bar Nats-*) are the job's own.
var deadOnlyHeaders = []string{
	jobs.HeaderDeadJobID, jobs.HeaderDeadTenant, jobs.HeaderDeadQueue, jobs.HeaderDeadSubject,
	jobs.HeaderDeadLastStatus, jobs.HeaderAttempt,
}

func isDeadOnlyHeader(k string) bool {
	if hasPrefixFold(k, "Nats-") || hasPrefixFold(k, "Natsexec-Dead-") {
		// Nats-Msg-Id above all: the job's id is likely still in the
		// jobs stream's dedupe window, and the requeued job would be
		// dropped as a duplicate.
		return true
	}
	for _, h := range deadOnlyHeaders {
		if strings.EqualFold(k, h) {
			return true
		}
	}
	return false
}

func hasPrefixFold(s, prefix string) bool {
	return len(s) >= len(prefix) && strings.EqualFold(s[:len(prefix)], prefix)
}

// RetryDead requeues job id from its newest dead letter: the original body
// goes to the subject it was first published to, with the job's own
// headers, and the dead letter is deleted. The job's stored infra_error
// result is deleted too, unless something replaced it meanwhile, so that
// [Client.Wait] waits for the new run instead of returning the old failure.
// Retrying twice queues the job twice; the second run is answered with the
// first one's final result.
func (c *Client) RetryDead(ctx context.Context, id string) error {
	s, raw, err := c.deadLetter(ctx, id)
	if err != nil {
		return err
	}
	dl := deadLetterFrom(raw.Sequence, raw.Time, raw.Header, raw.Data)
	subject := dl.Subject
	if subject == "" {
		subject = jobs.JobSubjectFor(dl.Queue, dl.Tenant)
	}
	// The subject names the job's tenant to the worker, and so its result
	// key: it must be a job subject and agree with the dead letter.
	if _, tenant, err := jobs.ParseJobSubject(subject); err != nil || tenant != dl.Tenant {
		return fmt.Errorf("dead letter %d of job %s: %q is not a job subject of tenant %q: not requeued", dl.Seq, id, subject, dl.Tenant)
	}
	body, err := requeueBody(&dl)
	if err != nil {
		return fmt.Errorf("dead letter %d of job %s: %w", dl.Seq, id, err)
	}
	m := &nats.Msg{Subject: subject, Data: body, Header: nats.Header{}}
	for k, v := range raw.Header {
		if !isDeadOnlyHeader(k) {
			m.Header[k] = v
		}
	}
	if _, err := c.js.PublishMsg(ctx, m, jetstream.WithExpectStream(jobs.JobsStreamFor(dl.Tenant))); err != nil {
		if errors.Is(err, jetstream.ErrNoStreamResponse) {
			return fmt.Errorf("%w: requeue job %s: no stream listens on %s", ErrUnavailable, id, subject)
		}
		return fmt.Errorf("requeue job %s to %s: %w", id, subject, natsErr(err))
	}
	c.log.Info("dead job requeued", "job", id, "subject", subject, "dead_seq", dl.Seq)
	// Best effort: the job is queued either way, and a stale result only
	// misleads a waiter.
	if err := c.clearRetryableResult(ctx, jobs.TenantKey(dl.Tenant, id)); err != nil {
		c.log.Warn("stale infra_error result kept", "job", id, "err", err)
	}
	if err := s.DeleteMsg(ctx, dl.Seq); err != nil && !errors.Is(err, jetstream.ErrMsgNotFound) {
		return fmt.Errorf("job %s requeued, but its dead letter %d stays: %w", id, dl.Seq, natsErr(err))
	}
	return nil
}

// requeueBody is the dead letter's body, with the job's id written into it
// when the job was named only by its Nats-Msg-Id header, which the requeued
// message cannot carry. The body is otherwise left as submitted: no
// defaults filled in, no header overrides folded in.
func requeueBody(dl *DeadLetter) ([]byte, error) {
	codec, err := jobs.CodecFor(dl.ContentType)
	if err != nil {
		return nil, err
	}
	var j jobs.Job
	if err := codec.Unmarshal(dl.Job, &j); err != nil {
		return nil, fmt.Errorf("%w: body: %w", jobs.ErrInvalidJob, err)
	}
	if j.ID != "" {
		return dl.Job, nil
	}
	j.ID = dl.JobID
	body, err := codec.Marshal(&j)
	if err != nil {
		return nil, fmt.Errorf("encode job: %w", err)
	}
	return body, nil
}

// clearRetryableResult deletes the result under key if it is not final,
// checked by revision so that a final result stored since is never lost.
func (c *Client) clearRetryableResult(ctx context.Context, key string) error {
	kv, err := c.bucket(ctx, &c.results)
	if err != nil {
		return err
	}
	e, err := kv.Get(ctx, key)
	switch {
	case errors.Is(err, jetstream.ErrKeyNotFound):
		return nil
	case err != nil:
		return natsErr(err)
	}
	if res, err := jobs.DecodeStoredResult(e.Value()); err == nil && res.Status.Final() {
		return nil
	}
	err = kv.Delete(ctx, key, jetstream.LastRevision(e.Revision()))
	var apiErr *jetstream.APIError
	if errors.As(err, &apiErr) && (apiErr.ErrorCode == jetstream.JSErrCodeStreamWrongLastSequence ||
		apiErr.ErrorCode == jetstream.JSErrCodeStreamWrongLastSequenceConstant) {
		return nil // replaced meanwhile, by the new run's result
	}
	return natsErr(err)
}

// PurgeDead removes every dead letter NATSEXEC_DEAD holds when called and
// returns how many that was; dead letters stored meanwhile stay.
func (c *Client) PurgeDead(ctx context.Context) (uint64, error) {
	s, err := c.deadStream(ctx)
	if err != nil {
		return 0, err
	}
	state := s.CachedInfo().State
	if state.Msgs == 0 {
		return 0, nil
	}
	if err := s.Purge(ctx, jetstream.WithPurgeSequence(state.LastSeq+1)); err != nil {
		return 0, fmt.Errorf("purge %s: %w", jobs.DeadStream, natsErr(err))
	}
	return state.Msgs, nil
}
