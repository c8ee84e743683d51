package client_test

import (
	"bytes"
	"context"
	"errors"
	"strconv"
	"sync/atomic"
	"testing"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
	"github.com/nats-io/nuid"

	"github.com/natsexec/natsexec/client"
	"github.com/natsexec/natsexec/jobs"
	"github.com/natsexec/natsexec/worker"
)

// A dead letter is planted the way a worker writes one (the format is the
// contract: worker/store.go deadLetter), with the infra_error result the
// worker stores beside it; the shared worker's sidecars never fail.
type deadSpec struct {
	id, tenant string
	codec      jobs.Codec
	// headerID names the job by its Nats-Msg-Id only, not in the body.
	headerID bool
	source   string
}

type planted struct {
	body    []byte
	subject string
}

// deadSeq stands in for the original job's stream sequence in the dead
// letter's Msg-Id; unique per plant.
var deadSeq atomic.Uint64

func plantDead(t *testing.T, nc *nats.Conn, d deadSpec) planted {
	t.Helper()
	ctx := ctxFor(t, 10*time.Second)
	js, err := jetstream.New(nc)
	if err != nil {
		t.Fatal(err)
	}
	j := jobs.Job{ID: d.id, Runtime: jobs.RuntimeJS, Source: d.source}
	if d.headerID {
		j.ID = ""
	}
	body, err := d.codec.Marshal(&j)
	if err != nil {
		t.Fatal(err)
	}
	if d.tenant != "" {
		// The tenant's queue, as a worker given --tenants makes it; the
		// shared worker finds it.
		if _, err := worker.EnsureJobsStream(ctx, js, worker.StreamOptions{}, d.tenant); err != nil {
			t.Fatal(err)
		}
	}
	subject := jobs.JobSubjectFor(jobs.DefaultQueue, d.tenant)
	m := nats.NewMsg(jobs.DeadSubjectFor(jobs.DefaultQueue, d.tenant))
	m.Data = body
	// The job's own headers, as the worker keeps them.
	m.Header.Set(jobs.HeaderContentType, d.codec.ContentType())
	m.Header.Set(jobs.HeaderTimeout, "20s")
	m.Header.Set("X-Origin", "dead-test")
	// The worker's.
	m.Header.Set(jobs.HeaderMsgID, "dead-"+strconv.FormatUint(1_000_000+deadSeq.Add(1), 10))
	m.Header.Set(jobs.HeaderDeadJobID, d.id)
	if d.tenant != "" {
		m.Header.Set(jobs.HeaderDeadTenant, d.tenant)
	}
	m.Header.Set(jobs.HeaderDeadQueue, jobs.DefaultQueue)
	m.Header.Set(jobs.HeaderDeadSubject, subject)
	m.Header.Set(jobs.HeaderDeadReason, "gave up after 5 attempts: sidecar exited")
	m.Header.Set(jobs.HeaderDeadLastStatus, string(jobs.StatusInfraError))
	m.Header.Set(jobs.HeaderAttempt, "5")
	if _, err := js.PublishMsg(ctx, m, jetstream.WithExpectStream(jobs.DeadStream)); err != nil {
		t.Fatal(err)
	}
	kv, err := js.KeyValue(ctx, jobs.ResultsBucket)
	if err != nil {
		t.Fatal(err)
	}
	res, err := jobs.EncodeResult(jobs.Msgpack, &jobs.Result{
		JobID: d.id, Status: jobs.StatusInfraError, ExitCode: -1, Error: "gave up after 5 attempts: sidecar exited",
		Attempt: 5, Tenant: d.tenant, FinishedAt: time.Now(),
	})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := kv.Put(ctx, jobs.TenantKey(d.tenant, d.id), res); err != nil {
		t.Fatal(err)
	}
	return planted{body: body, subject: subject}
}

// TestRetryDead requeues planted dead letters and has the real worker run
// them: a msgpack job of a tenant with its id in the body, and a JSON job
// named only by its header, whose id RetryDead must write into the body.
func TestRetryDead(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name string
		spec deadSpec
	}{
		{"msgpack-tenant", deadSpec{tenant: "deadacme", codec: jobs.Msgpack}},
		{"json-header-id", deadSpec{codec: jobs.JSON, headerID: true}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			ctx := ctxFor(t, time.Minute)
			nc := connect(t)
			admin := newClient(t)
			var opts []client.Option
			if tc.spec.tenant != "" {
				opts = append(opts, client.WithTenant(tc.spec.tenant))
			}
			owner := newClient(t, opts...)
			spec := tc.spec
			spec.id, spec.source = "dead-"+nuid.Next(), `console.log("revived")`
			p := plantDead(t, nc, spec)

			dl, err := admin.DeadLetter(ctx, spec.id)
			if err != nil {
				t.Fatal(err)
			}
			if dl.JobID != spec.id || dl.Tenant != spec.tenant || dl.Queue != jobs.DefaultQueue || dl.Subject != p.subject ||
				dl.LastStatus != string(jobs.StatusInfraError) || dl.Attempts != 5 || dl.Reason == "" ||
				dl.ContentType != spec.codec.ContentType() || !bytes.Equal(dl.Job, p.body) || dl.Seq == 0 || dl.Time.IsZero() {
				t.Fatalf("dead letter %+v", dl)
			}
			if res, err := owner.Get(ctx, spec.id); err != nil || res.Status != jobs.StatusInfraError {
				t.Fatalf("planted result: %v %+v", err, res)
			}

			// What reaches the job subject, seen by a plain subscriber.
			requeued := make(chan *nats.Msg, 16)
			sub, err := nc.Subscribe(p.subject, func(m *nats.Msg) {
				var j jobs.Job
				codec, _ := jobs.CodecFor(m.Header.Get(jobs.HeaderContentType))
				if codec.Unmarshal(m.Data, &j) == nil && j.ID == spec.id {
					requeued <- m
				}
			})
			if err != nil {
				t.Fatal(err)
			}
			defer func() { _ = sub.Unsubscribe() }()
			if err := nc.Flush(); err != nil {
				t.Fatal(err)
			}

			if err := admin.RetryDead(ctx, spec.id); err != nil {
				t.Fatal(err)
			}
			// The stale infra_error is gone or already replaced.
			if res, err := owner.Get(ctx, spec.id); err == nil && res.Status != jobs.StatusOK {
				t.Errorf("right after RetryDead the result is %s, want none or ok", res.Status)
			}
			var m *nats.Msg
			select {
			case m = <-requeued:
			case <-ctx.Done():
				t.Fatal("requeued job never published")
			}
			for _, h := range []string{jobs.HeaderMsgID, jobs.HeaderDeadJobID, jobs.HeaderDeadQueue, jobs.HeaderDeadSubject,
				jobs.HeaderDeadTenant, jobs.HeaderDeadReason, jobs.HeaderDeadLastStatus, jobs.HeaderAttempt} {
				if v := m.Header.Get(h); v != "" {
					t.Errorf("requeued job has %s: %q", h, v)
				}
			}
			if m.Header.Get("X-Origin") != "dead-test" || m.Header.Get(jobs.HeaderTimeout) != "20s" ||
				m.Header.Get(jobs.HeaderContentType) != spec.codec.ContentType() {
				t.Errorf("requeued job lost its own headers: %v", m.Header)
			}
			if !spec.headerID && !bytes.Equal(m.Data, p.body) {
				t.Errorf("a body with its id was re-encoded")
			}

			res, err := owner.Wait(ctx, spec.id)
			if err != nil {
				t.Fatal(err)
			}
			if res.Status != jobs.StatusOK || string(res.Stdout) != "revived\n" || res.Tenant != spec.tenant {
				t.Fatalf("rerun: %s stdout %q tenant %q err %q", res.Status, res.Stdout, res.Tenant, res.Error)
			}
			if _, err := admin.DeadLetter(ctx, spec.id); !errors.Is(err, client.ErrNotFound) {
				t.Fatalf("dead letter after retry: %v", err)
			}
		})
	}
}

// TestDeadLetters lists planted dead letters oldest first, without bodies,
// and shows one whole; a tenant's client sees only its own.
func TestDeadLetters(t *testing.T) {
	t.Parallel()
	ctx := ctxFor(t, 30*time.Second)
	nc := connect(t)
	c := newClient(t)
	a := deadSpec{id: "dead-" + nuid.Next(), codec: jobs.Msgpack, source: "1"}
	b := deadSpec{id: "dead-" + nuid.Next(), tenant: "deadlist", codec: jobs.JSON, source: "2"}
	pa := plantDead(t, nc, a)
	plantDead(t, nc, b)

	list, err := c.DeadLetters(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var got []client.DeadLetter
	for _, d := range list {
		if d.JobID == a.id || d.JobID == b.id {
			got = append(got, d)
		}
	}
	if len(got) != 2 || got[0].JobID != a.id || got[1].JobID != b.id || got[0].Seq >= got[1].Seq {
		t.Fatalf("listed %+v", got)
	}
	if got[0].Job != nil || got[1].Tenant != "deadlist" || got[1].ContentType != jobs.ContentTypeJSON || got[0].Attempts != 5 {
		t.Fatalf("listed %+v", got)
	}
	dl, err := c.DeadLetter(ctx, a.id)
	if err != nil || dl.Seq != got[0].Seq || !bytes.Equal(dl.Job, pa.body) {
		t.Fatalf("DeadLetter: %v %+v", err, dl)
	}
	other := newClient(t, client.WithTenant("deadother"))
	if _, err := other.DeadLetter(ctx, b.id); !errors.Is(err, client.ErrNotFound) {
		t.Fatalf("another tenant's dead letter: %v", err)
	}
	if _, err := newClient(t, client.WithTenant("deadlist")).DeadLetter(ctx, b.id); err != nil {
		t.Fatalf("own tenant's dead letter: %v", err)
	}
}

func TestDeadErrors(t *testing.T) {
	t.Parallel()
	ctx := ctxFor(t, 30*time.Second)
	c := newClient(t)
	missing := "dead-" + nuid.Next()
	if _, err := c.DeadLetter(ctx, missing); !errors.Is(err, client.ErrNotFound) {
		t.Errorf("DeadLetter of an unknown id: %v", err)
	}
	if err := c.RetryDead(ctx, missing); !errors.Is(err, client.ErrNotFound) {
		t.Errorf("RetryDead of an unknown id: %v", err)
	}
	if _, err := c.DeadLetter(ctx, "a.b"); !errors.Is(err, client.ErrInvalidID) {
		t.Errorf("DeadLetter of a bad id: %v", err)
	}

	// A dead letter whose subject is not a job subject is not requeued.
	nc := connect(t)
	js, err := jetstream.New(nc)
	if err != nil {
		t.Fatal(err)
	}
	id := "dead-" + nuid.Next()
	m := nats.NewMsg(jobs.DeadSubjectFor(jobs.DefaultQueue, ""))
	m.Data, _ = jobs.Msgpack.Marshal(&jobs.Job{ID: id, Runtime: jobs.RuntimeJS, Source: "1"})
	m.Header.Set(jobs.HeaderDeadJobID, id)
	m.Header.Set(jobs.HeaderDeadQueue, jobs.DefaultQueue)
	m.Header.Set(jobs.HeaderDeadSubject, jobs.ServiceSubject)
	if _, err := js.PublishMsg(ctx, m); err != nil {
		t.Fatal(err)
	}
	if err := c.RetryDead(ctx, id); err == nil {
		t.Fatal("requeued to natsexec.run")
	}
	if _, err := c.DeadLetter(ctx, id); err != nil {
		t.Fatalf("refused dead letter should stay: %v", err)
	}
}

// TestPurgeDead is not parallel: the parallel tests, which plant dead
// letters of their own, run after it.
func TestPurgeDead(t *testing.T) {
	ctx := ctxFor(t, 30*time.Second)
	nc := connect(t)
	c := newClient(t)
	for range 2 {
		plantDead(t, nc, deadSpec{id: "dead-" + nuid.Next(), codec: jobs.Msgpack, source: "1"})
	}
	n, err := c.PurgeDead(ctx)
	if err != nil || n < 2 {
		t.Fatalf("purged %d: %v", n, err)
	}
	if list, err := c.DeadLetters(ctx); err != nil || len(list) != 0 {
		t.Fatalf("after purge: %v %+v", err, list)
	}
	if n, err := c.PurgeDead(ctx); err != nil || n != 0 {
		t.Fatalf("second purge: %d %v", n, err)
	}
}

func TestDeadUnavailable(t *testing.T) {
	t.Parallel()
	nc := connect(t)
	c, err := client.New(nc)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	nc.Close()
	if _, err := c.DeadLetters(ctx); !errors.Is(err, client.ErrUnavailable) {
		t.Fatalf("closed connection: %v", err)
	}
}
