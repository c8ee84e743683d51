package worker

import (
	"context"
	"fmt"
	"time"

	"github.com/nats-io/nats.go/jetstream"

	"github.com/natsexec/natsexec/jobs"
)

// StreamOptions size the shared assets.
type StreamOptions struct {
	Replicas int
	// DedupeWindow is how long a job id is remembered to drop duplicates.
	DedupeWindow time.Duration
	ResultTTL    time.Duration
	// MaxJobBytes bounds one job message in the stream.
	MaxJobBytes int32
}

func (o *StreamOptions) setDefaults() {
	if o.Replicas <= 0 {
		o.Replicas = 1
	}
	if o.DedupeWindow <= 0 {
		o.DedupeWindow = 10 * time.Minute
	}
	if o.ResultTTL <= 0 {
		o.ResultTTL = 24 * time.Hour
	}
	if o.MaxJobBytes <= 0 {
		o.MaxJobBytes = 40 << 20
	}
}

// Assets are the handles a worker (or submitter) uses.
type Assets struct {
	JS      jetstream.JetStream
	Jobs    jetstream.Stream
	Results jetstream.KeyValue
	Cancels jetstream.KeyValue
}

// EnsureJobsStream creates or updates tenant's work-queue stream (the one
// for jobs without a tenant when tenant is empty): jobs.<queue> or
// jobs.<queue>.<tenant>.
func EnsureJobsStream(ctx context.Context, js jetstream.JetStream, opts StreamOptions, tenant string) (jetstream.Stream, error) {
	opts.setDefaults()
	desc, subject := "natsexec jobs, one subject per queue", jobs.JobsSubjectRoot+".*"
	if tenant != "" {
		desc, subject = "natsexec jobs of tenant "+tenant, jobs.JobsSubjectRoot+".*."+tenant
	}
	s, err := js.CreateOrUpdateStream(ctx, jetstream.StreamConfig{
		Name:        jobs.JobsStreamFor(tenant),
		Description: desc,
		Subjects:    []string{subject},
		Retention:   jetstream.WorkQueuePolicy,
		Duplicates:  opts.DedupeWindow,
		Replicas:    opts.Replicas,
		MaxMsgSize:  opts.MaxJobBytes,
		Storage:     jetstream.FileStorage,
	})
	if err != nil {
		return nil, fmt.Errorf("jobs stream %s: %w", jobs.JobsStreamFor(tenant), err)
	}
	return s, nil
}

// EnsureStreams creates or updates the jobs and dead-letter streams and the
// results and cancel buckets.
func EnsureStreams(ctx context.Context, js jetstream.JetStream, opts StreamOptions) (*Assets, error) {
	opts.setDefaults()
	jobsStream, err := EnsureJobsStream(ctx, js, opts, "")
	if err != nil {
		return nil, err
	}
	if _, err := js.CreateOrUpdateStream(ctx, jetstream.StreamConfig{
		Name:        jobs.DeadStream,
		Description: "natsexec jobs that failed every attempt, with the reason in a header",
		Subjects:    []string{jobs.DeadSubjectRoot + ".>"},
		Retention:   jetstream.LimitsPolicy,
		MaxAge:      7 * 24 * time.Hour,
		// The worker and the max-deliveries advisory may both dead-letter
		// a job; its Msg-Id makes that one copy.
		Duplicates: opts.DedupeWindow,
		Replicas:   opts.Replicas,
		Storage:    jetstream.FileStorage,
	}); err != nil {
		return nil, fmt.Errorf("dead-letter stream: %w", err)
	}
	results, err := js.CreateOrUpdateKeyValue(ctx, jetstream.KeyValueConfig{
		Bucket:       jobs.ResultsBucket,
		Description:  "natsexec results by job id",
		TTL:          opts.ResultTTL,
		History:      1,
		Replicas:     opts.Replicas,
		Storage:      jetstream.FileStorage,
		MaxValueSize: opts.MaxJobBytes,
	})
	if err != nil {
		return nil, fmt.Errorf("results bucket: %w", err)
	}
	cancels, err := js.CreateOrUpdateKeyValue(ctx, jetstream.KeyValueConfig{
		Bucket:      jobs.CancelBucket,
		Description: "natsexec cancellation marks for queued jobs",
		TTL:         opts.DedupeWindow,
		History:     1,
		Replicas:    opts.Replicas,
		Storage:     jetstream.FileStorage,
	})
	if err != nil {
		return nil, fmt.Errorf("cancel bucket: %w", err)
	}
	return &Assets{JS: js, Jobs: jobsStream, Results: results, Cancels: cancels}, nil
}
