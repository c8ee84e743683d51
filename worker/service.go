package worker

import (
	"context"
	"fmt"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/micro"

	"github.com/natsexec/natsexec/jobs"
)

// Version is reported by the micro service.
const Version = "0.1.0"

// startService registers the request/reply path: a NATS micro service in
// the natsexec queue group, so `nats micro ls/info/stats` show every worker
// and its load. A request carries a job like a durable one; the reply is the
// result in the same encoding. Nothing is stored: the caller holds the
// reply.
func (w *Worker) startService(ctx, slotCtx context.Context) (micro.Service, error) {
	svc, err := micro.AddService(w.cfg.Conn, micro.Config{
		Name:        jobs.ServiceName,
		Version:     Version,
		Description: "natsexec: run untrusted JavaScript, TypeScript and WASM",
		QueueGroup:  jobs.ServiceName,
		Metadata:    map[string]string{"worker": w.cfg.Name},
		StatsHandler: func(*micro.Endpoint) any {
			return w.Stats()
		},
	})
	if err != nil {
		return nil, fmt.Errorf("worker: micro service: %w", err)
	}
	// Requests wait for a slot in their own goroutines, so one tenant's
	// waiting requests do not hold up another's; waiting is bounded, and
	// past the bound the subscription itself waits (back-pressure).
	waiting := make(chan struct{}, 4*w.cfg.Concurrency)
	handler := micro.HandlerFunc(func(req micro.Request) {
		tenant, err := jobs.ParseServiceSubject(req.Subject())
		if err != nil {
			_ = req.Error("400", err.Error(), nil)
			return
		}
		select {
		case waiting <- struct{}{}:
		case <-slotCtx.Done():
			_ = req.Error("503", "worker stopping", nil)
			return
		}
		w.active.Add(1)
		go func() {
			defer w.active.Done()
			err := w.slots.acquire(slotCtx, tenant)
			<-waiting
			if err != nil {
				_ = req.Error("503", "worker stopping", nil)
				return
			}
			defer w.slots.release(tenant)
			w.serve(ctx, req, tenant)
		}()
	})
	// natsexec.run for jobs without a tenant, natsexec.run.<tenant> for a
	// tenant's (which only that tenant may publish to).
	for name, subject := range map[string]string{"run": jobs.ServiceSubject, "run-tenant": jobs.ServiceSubjectFor("*")} {
		if err := svc.AddEndpoint(name, handler, micro.WithEndpointSubject(subject), micro.WithEndpointQueueGroup(jobs.ServiceName)); err != nil {
			_ = svc.Stop()
			return nil, fmt.Errorf("worker: micro endpoint %s: %w", name, err)
		}
	}
	return svc, nil
}

func (w *Worker) serve(ctx context.Context, req micro.Request, tenant string) {
	w.stats.received.Add(1)
	if err := jobs.CheckReply(req.Reply(), w.replySubjects(), tenant); err != nil || req.Reply() == "" {
		// The answer would go out with the worker's rights: a request
		// whose reply subject names the JetStream API gets nothing, and
		// nothing runs.
		w.log.Warn("request refused: its reply subject is not allowed", "reply", req.Reply(), "err", err)
		return
	}
	hdr := nats.Header(req.Headers())
	start := time.Now()
	ctx, span := w.startJobSpan(ctx, hdr, req.Subject(), start)
	defer span.End()

	job, codec, err := jobs.FromMessage(hdr, req.Data())
	var res *jobs.Result
	if err != nil {
		res = rejected(job.ID, err)
	} else {
		res = w.run(ctx, nil, &job, jobs.TenantKey(tenant, job.ID), w.log.With("job", job.ID))
	}
	res.JobID, res.Worker, res.Attempt, res.Tenant = job.ID, w.cfg.Name, 1+len(res.Retries), tenant
	if res.FinishedAt.IsZero() {
		res.FinishedAt = time.Now()
	}
	w.annotate(ctx, span, &job, res)
	body, err := jobs.EncodeResult(codec, res)
	if err != nil {
		_ = req.Error("500", err.Error(), nil)
		return
	}
	h := micro.Headers{}
	h[jobs.HeaderContentType] = []string{codec.ContentType()}
	h[jobs.HeaderStatus] = []string{string(res.Status)}
	if err := req.Respond(body, micro.WithHeaders(h)); err != nil {
		w.log.Warn("respond", "job", job.ID, "err", err)
	}
	w.count(ctx, &job, res)
}
