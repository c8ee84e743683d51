package worker

import (
	"context"
	"fmt"
	"time"

	"github.com/nats-io/nats.go/jetstream"

	"github.com/natsexec/natsexec/jobs"
)

// Each tenant's jobs have their own work-queue stream (jobs.JobsStreamFor)
// and consumer, and jobs without a tenant one more. A single queue would
// hand jobs out in publication order: a tenant's burst of thousands queued
// first would run before anyone else's job, and JetStream's dedupe on
// Nats-Msg-Id, per stream, would let one tenant's ids drop another's jobs.
// With one per tenant, every worker holds jobs of each tenant waiting and
// the slot pool gives the next free slot to the tenant running fewest.

// ConsumerName is the durable pull consumer every worker of a queue shares,
// on each jobs stream.
func ConsumerName(queue string) string {
	if queue == "" {
		return "natsexec-workers"
	}
	return "natsexec-workers-" + queue
}

// consumerFilter is the subject filter of tenant's consumer ("" for jobs
// without a tenant): jobs.* and jobs.*.<tenant> for a worker of every
// queue, jobs.<q> and jobs.<q>.<tenant> for one of queue q.
func consumerFilter(queue, tenant string) string {
	q := queue
	if q == "" {
		q = "*"
	}
	if tenant == "" {
		return jobs.JobsSubjectRoot + "." + q
	}
	return jobs.JobsSubjectRoot + "." + q + "." + tenant
}

// ensureConsumer creates or updates the consumer of tenant's stream.
func (w *Worker) ensureConsumer(ctx context.Context, stream jetstream.Stream, tenant string) (jetstream.Consumer, error) {
	name := ConsumerName(w.cfg.Queue)
	cons, err := stream.CreateOrUpdateConsumer(ctx, jetstream.ConsumerConfig{
		Durable:       name,
		Description:   "natsexec workers",
		FilterSubject: consumerFilter(w.cfg.Queue, tenant),
		AckPolicy:     jetstream.AckExplicitPolicy,
		AckWait:       w.cfg.AckWait,
		// Retries are paced by NakWithDelay; a job delivered MaxDeliver
		// times without an answer (its workers died) is dead-lettered
		// through the server's max-deliveries advisory.
		MaxDeliver:    w.cfg.MaxDeliver,
		MaxAckPending: w.cfg.MaxAckPending,
	})
	if err != nil {
		return nil, fmt.Errorf("worker: consumer %s: %w", name, err)
	}
	return cons, nil
}

// consume starts taking tenant's jobs from cons, once per tenant.
func (w *Worker) consume(slotCtx, jobCtx context.Context, tenant string, cons jetstream.Consumer) error {
	w.consumeMu.Lock()
	defer w.consumeMu.Unlock()
	if _, ok := w.consuming[tenant]; ok || w.draining.Load() {
		return nil
	}
	cc, err := cons.Consume(func(msg jetstream.Msg) {
		if w.draining.Load() {
			// Fetched but never started: hand it straight back.
			_ = msg.Nak()
			return
		}
		if err := w.acquire(slotCtx, tenant, msg); err != nil {
			_ = msg.Nak()
			return
		}
		w.active.Add(1)
		go func() {
			defer func() { w.slots.release(tenant); w.active.Done() }()
			w.handle(jobCtx, msg, tenant)
		}()
	},
		jetstream.PullMaxMessages(w.cfg.Concurrency),
		jetstream.ConsumeErrHandler(func(_ jetstream.ConsumeContext, err error) {
			w.log.Debug("consume", "tenant", tenant, "err", err)
		}),
	)
	if err != nil {
		return fmt.Errorf("worker: consume: %w", err)
	}
	w.consuming[tenant] = cc
	if tenant != "" {
		w.log.Info("consuming a tenant's jobs", "tenant", tenant)
	}
	return nil
}

// acquire waits for a slot for tenant's job, telling JetStream the job is
// in progress while it waits so a long wait is not taken for a dead worker.
func (w *Worker) acquire(ctx context.Context, tenant string, msg jetstream.Msg) error {
	defer w.keepInProgress(msg)()
	return w.slots.acquire(ctx, tenant)
}

// keepInProgress tells JetStream msg is being worked on, every third of the
// ack wait, until the returned stop is called.
func (w *Worker) keepInProgress(msg jetstream.Msg) (stop func()) {
	done := make(chan struct{})
	go func() {
		t := time.NewTicker(w.cfg.AckWait / 3)
		defer t.Stop()
		for {
			select {
			case <-done:
				return
			case <-t.C:
				_ = msg.InProgress()
			}
		}
	}()
	return func() { close(done) }
}

// discoverTenants consumes the jobs of every tenant whose stream exists
// (created by any worker given the tenant), listing streams every
// TenantPoll until ctx ends.
func (w *Worker) discoverTenants(ctx, slotCtx, jobCtx context.Context) {
	t := time.NewTicker(w.cfg.TenantPoll)
	defer t.Stop()
	for {
		names := w.assets.JS.StreamNames(ctx)
		for name := range names.Name() {
			tenant, ok := jobs.TenantOfStream(name)
			if !ok || tenant == "" || w.isConsuming(tenant) {
				continue
			}
			err := w.addTenant(ctx, slotCtx, jobCtx, tenant, name)
			if err != nil && ctx.Err() == nil {
				w.log.Warn("tenant consumer", "tenant", tenant, "err", err)
			}
		}
		if err := names.Err(); err != nil && ctx.Err() == nil {
			w.log.Debug("tenant discovery", "err", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// addTenant starts consuming the existing stream of tenant.
func (w *Worker) addTenant(ctx, slotCtx, jobCtx context.Context, tenant, name string) error {
	stream, err := w.assets.JS.Stream(ctx, name)
	if err != nil {
		return err
	}
	cons, err := w.ensureConsumer(ctx, stream, tenant)
	if err != nil {
		return err
	}
	w.consumeMu.Lock()
	w.streams[tenant] = stream
	w.consumeMu.Unlock()
	return w.consume(slotCtx, jobCtx, tenant, cons)
}

// jobsStream is the stream of tenant's jobs.
func (w *Worker) jobsStream(ctx context.Context, tenant string) (jetstream.Stream, error) {
	w.consumeMu.Lock()
	s, ok := w.streams[tenant]
	w.consumeMu.Unlock()
	if ok {
		return s, nil
	}
	return w.assets.JS.Stream(ctx, jobs.JobsStreamFor(tenant))
}

func (w *Worker) isConsuming(tenant string) bool {
	w.consumeMu.Lock()
	defer w.consumeMu.Unlock()
	_, ok := w.consuming[tenant]
	return ok
}

// stopConsuming stops every consumer and waits until they are closed.
func (w *Worker) stopConsuming() {
	w.consumeMu.Lock()
	ccs := make([]jetstream.ConsumeContext, 0, len(w.consuming))
	for _, cc := range w.consuming {
		cc.Stop()
		ccs = append(ccs, cc)
	}
	w.consumeMu.Unlock()
	for _, cc := range ccs {
		<-cc.Closed()
	}
}
