package worker

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/natsexec/natsexec/jobs"
)

// storeResult stores body, the encoded res, under key, write-once for final
// results: the first final result stored for a key wins, so neither a
// second job reusing the id nor a redelivery racing its first run replaces
// it. A result that is not final (an infra error) only ever replaces one
// that is not final either. It returns the standing final result when that
// is what the key holds instead of res.
func (w *Worker) storeResult(ctx context.Context, key string, body []byte) (standing *jobs.Result, err error) {
	kv := w.assets.Results
	if _, err := kv.Create(ctx, key, body); err == nil || !errors.Is(err, jetstream.ErrKeyExists) {
		return nil, err
	}
	// Revision-checked: a writer that lost the race reads the key again.
	for range 8 {
		e, err := kv.Get(ctx, key)
		switch {
		case errors.Is(err, jetstream.ErrKeyNotFound):
			if _, err := kv.Create(ctx, key, body); err == nil || !errors.Is(err, jetstream.ErrKeyExists) {
				return nil, err
			}
			continue
		case err != nil:
			return nil, err
		}
		if prev, err := jobs.DecodeStoredResult(e.Value()); err == nil && prev.Status.Final() {
			return &prev, nil
		}
		if _, err := kv.Update(ctx, key, body, e.Revision()); err == nil || !isWrongRevision(err) {
			return nil, err
		}
	}
	return nil, fmt.Errorf("key %s keeps changing under us", key)
}

func isWrongRevision(err error) bool {
	var apiErr *jetstream.APIError
	return errors.As(err, &apiErr) &&
		(apiErr.ErrorCode == jetstream.JSErrCodeStreamWrongLastSequence || apiErr.ErrorCode == jetstream.JSErrCodeStreamWrongLastSequenceConstant)
}

// storedResult reads the result stored under key.
func (w *Worker) storedResult(ctx context.Context, key string) (*jobs.Result, bool) {
	e, err := w.assets.Results.Get(ctx, key)
	if err != nil {
		return nil, false
	}
	r, err := jobs.DecodeStoredResult(e.Value())
	if err != nil {
		return nil, false
	}
	return &r, true
}

// publishResult stores the result under the job's key, then sends it to
// the job's reply subject if it has one. When the key already held a final
// result, that one is the job's answer, marked Duplicate, and res is
// dropped; the returned result is the one the job was answered with.
func (w *Worker) publishResult(ctx context.Context, job *jobs.Job, key string, codec jobs.Codec, res *jobs.Result) (*jobs.Result, error) {
	ctx, span := w.tracer.Start(ctx, jobs.PhaseResultPublish)
	defer span.End()
	body, err := fitResult(codec, res, w.cfg.Conn.MaxPayload()-resultHeadroom)
	if err != nil {
		return nil, err
	}
	standing, err := w.storeResult(ctx, key, body)
	if err != nil {
		return nil, fmt.Errorf("results bucket: %w", err)
	}
	if standing != nil {
		w.log.Warn("job id already has a final result; answering with it", "job", job.ID, "key", key)
		res = standing
		res.Duplicate = true
		if body, err = fitResult(codec, res, w.cfg.Conn.MaxPayload()-resultHeadroom); err != nil {
			return nil, err
		}
	}
	w.reply(job, codec, res, body)
	return res, nil
}

// reply sends an encoded result to the job's reply subject, if any.
func (w *Worker) reply(job *jobs.Job, codec jobs.Codec, res *jobs.Result, body []byte) {
	if job.Reply == "" {
		return
	}
	m := nats.NewMsg(job.Reply)
	m.Data = body
	m.Header.Set(jobs.HeaderContentType, codec.ContentType())
	m.Header.Set(jobs.HeaderStatus, string(res.Status))
	m.Header.Set(jobs.HeaderMsgID, job.ID)
	if err := w.cfg.Conn.PublishMsg(m); err != nil {
		w.log.Warn("reply", "job", job.ID, "err", err)
	}
}

// answerDuplicate answers a job whose key already holds a final result
// with that result, marked Duplicate, without running it.
func (w *Worker) answerDuplicate(job *jobs.Job, codec jobs.Codec, prev *jobs.Result) {
	prev.Duplicate = true
	body, err := fitResult(codec, prev, w.cfg.Conn.MaxPayload()-resultHeadroom)
	if err != nil {
		w.log.Warn("encode standing result", "job", job.ID, "err", err)
		return
	}
	w.reply(job, codec, prev, body)
}

// deadLetter copies a job that exhausted its deliveries to NATSEXEC_DEAD.
// The copy keeps none of the job's Nats-* headers: an Expected-Stream
// header would make the publish fail, a Msg-Id would make it a duplicate
// of the job. Its own Msg-Id names the job's stream sequence, so the worker
// and the max-deliveries advisory dead-lettering the same job store one
// copy.
func (w *Worker) deadLetter(ctx context.Context, jm *jetstream.RawStreamMsg, id, tenant string, res *jobs.Result) error {
	queue, _, _ := jobs.ParseJobSubject(jm.Subject)
	m := nats.NewMsg(jobs.DeadSubjectFor(queue, tenant))
	m.Data = jm.Data
	for k, v := range jm.Header {
		if len(k) >= 5 && strings.EqualFold(k[:5], "Nats-") {
			continue
		}
		m.Header[k] = v
	}
	m.Header.Set(jobs.HeaderMsgID, "dead-"+jobs.JobsStreamFor(tenant)+"-"+strconv.FormatUint(jm.Sequence, 10))
	m.Header.Set(jobs.HeaderDeadJobID, id)
	if tenant != "" {
		m.Header.Set(jobs.HeaderDeadTenant, tenant)
	}
	m.Header.Set(jobs.HeaderDeadQueue, queue)
	m.Header.Set(jobs.HeaderDeadSubject, jm.Subject)
	m.Header.Set(jobs.HeaderDeadReason, res.Error)
	m.Header.Set(jobs.HeaderDeadLastStatus, string(res.Status))
	m.Header.Set(jobs.HeaderAttempt, strconv.Itoa(res.Attempt))
	if _, err := w.assets.JS.PublishMsg(ctx, m); err != nil {
		return fmt.Errorf("dead-letter %s: %w", id, err)
	}
	w.stats.dead.Add(1)
	return nil
}
