package worker

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/natsexec/natsexec/jobs"
)

// maxDeliveriesAdvisory is what the server publishes when a job was
// delivered MaxDeliver times without being settled: every worker holding it
// died or lost contact. One worker of the fleet (a queue group) dead-letters
// the job, stores its result and removes it from the queue, so even a job
// that kills its workers ends with a result instead of sitting unacked in
// the stream forever.
const maxDeliveriesAdvisory = "$JS.EVENT.ADVISORY.CONSUMER.MAX_DELIVERIES.>"

type deliveriesExceeded struct {
	Stream     string `json:"stream"`
	Consumer   string `json:"consumer"`
	StreamSeq  uint64 `json:"stream_seq"`
	Deliveries uint64 `json:"deliveries"`
}

func (w *Worker) onMaxDeliveries(ctx context.Context, m *nats.Msg) {
	var adv deliveriesExceeded
	if err := json.Unmarshal(m.Data, &adv); err != nil || adv.StreamSeq == 0 {
		w.log.Warn("max-deliveries advisory unreadable", "err", err)
		return
	}
	tenant, ok := jobs.TenantOfStream(adv.Stream)
	if !ok {
		return // another application's stream
	}
	w.log.Debug("job out of deliveries", "seq", adv.StreamSeq, "consumer", adv.Consumer, "deliveries", adv.Deliveries)
	ctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	if err := w.giveUp(ctx, adv, tenant); err != nil {
		w.log.Error("job out of deliveries", "seq", adv.StreamSeq, "consumer", adv.Consumer, "err", err)
	}
}

// giveUp ends a job of tenant's stream out of deliveries: its dead letter,
// an infra-error result (unless a final one is already stored) and its
// removal from the queue, in that order, so a failure part way leaves the job where the next
// advisory or an operator finds it.
func (w *Worker) giveUp(ctx context.Context, adv deliveriesExceeded, tenant string) error {
	stream, err := w.jobsStream(ctx, tenant)
	if err != nil {
		return fmt.Errorf("stream %s: %w", adv.Stream, err)
	}
	raw, err := stream.GetMsg(ctx, adv.StreamSeq)
	switch {
	case errors.Is(err, jetstream.ErrMsgNotFound):
		w.log.Debug("job out of deliveries is no longer queued", "seq", adv.StreamSeq)
		return nil // settled after all, or already handled
	case err != nil:
		return fmt.Errorf("read job: %w", err)
	}
	job, codec, _ := jobs.FromMessage(raw.Header, raw.Data)
	if job.ID == "" {
		job.ID = fmt.Sprintf("seq-%d", adv.StreamSeq)
	}
	if jobs.CheckReply(job.Reply, w.replySubjects(), tenant) != nil {
		job.Reply = ""
	}
	key := jobs.TenantKey(tenant, job.ID)
	log := w.log.With("job", job.ID, "seq", adv.StreamSeq)
	if prev, ok := w.storedResult(ctx, key); !ok || !prev.Status.Final() {
		res := &jobs.Result{
			JobID:      job.ID,
			Status:     jobs.StatusInfraError,
			ExitCode:   -1,
			Error:      fmt.Sprintf("gave up after %d deliveries: no worker finished the job (each that took it stopped or lost contact)", adv.Deliveries),
			Worker:     w.cfg.Name,
			Attempt:    int(adv.Deliveries),
			Tenant:     tenant,
			FinishedAt: time.Now(),
		}
		if prev != nil && prev.Error != "" {
			res.Error += "; last error: " + prev.Error
		}
		if err := w.deadLetter(ctx, raw, job.ID, tenant, res); err != nil {
			return err
		}
		if _, err := w.publishResult(ctx, &job, key, codec, res); err != nil {
			return fmt.Errorf("store result: %w", err)
		}
		log.Error("job out of deliveries; dead-lettered", "deliveries", adv.Deliveries)
	}
	if err := stream.DeleteMsg(ctx, adv.StreamSeq); err != nil && !errors.Is(err, jetstream.ErrMsgNotFound) {
		return fmt.Errorf("remove from queue: %w", err)
	}
	return nil
}
