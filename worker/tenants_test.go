package worker

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/nats-io/nats-server/v2/server"
	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/natsexec/natsexec/client"
	"github.com/natsexec/natsexec/jobs"
)

// tenantsConfig is the documented permissions configuration.
const tenantsConfig = "../deploy/nats-tenants.conf"

// startTenantNATS runs a real nats-server with deploy/nats-tenants.conf.
func startTenantNATS(t *testing.T) *server.Server {
	t.Helper()
	ns, err := StartEmbedded(EmbeddedOptions{Port: -1, StoreDir: t.TempDir(), ConfigFile: tenantsConfig})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { shutdownEmbedded(ns) })
	return ns
}

// violations records the permission violations the server reports to a
// connection.
type violations struct {
	mu   sync.Mutex
	errs []string
}

func (v *violations) handler(_ *nats.Conn, _ *nats.Subscription, err error) {
	if errors.Is(err, nats.ErrPermissionViolation) || strings.Contains(err.Error(), "Permissions Violation") {
		v.mu.Lock()
		v.errs = append(v.errs, err.Error())
		v.mu.Unlock()
	}
}

// seen waits for a violation mentioning subject.
func (v *violations) seen(t *testing.T, subject string) {
	t.Helper()
	waitFor(t, 5*time.Second, func() error {
		v.mu.Lock()
		defer v.mu.Unlock()
		for _, e := range v.errs {
			if strings.Contains(e, subject) {
				return nil
			}
		}
		return fmt.Errorf("no permission violation for %s (got %q)", subject, v.errs)
	})
}

// tenantConn connects as tenant (user and password of the sample config)
// with the inbox prefix its permissions allow.
func tenantConn(t *testing.T, url, tenant string, v *violations) *nats.Conn {
	return connect(t, url, nats.UserInfo(tenant, tenant+"-secret"), nats.CustomInboxPrefix("_INBOX."+tenant), nats.ErrorHandler(v.handler))
}

func tenantClient(t *testing.T, nc *nats.Conn, tenant string) *client.Client {
	t.Helper()
	c, err := client.New(nc, client.WithTenant(tenant), client.WithFallbackAfter(200*time.Millisecond))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = c.Close() })
	return c
}

// On a server with deploy/nats-tenants.conf, two tenants run jobs with the
// same id side by side, each reads its own result, and everything tenant A
// tries against tenant B or the fleet is refused by the server and leaves
// nothing changed: reading B's result, cancelling B's job, publishing B's
// jobs, listening to B's inbox, purging the queue or the results, aiming a
// result at B's inbox. The fleet's own user cannot purge either.
func TestTenantPermissions(t *testing.T) {
	ns := startTenantNATS(t)
	url := ns.ClientURL()
	fleetV := &violations{}
	fleet := connect(t, url, nats.UserInfo("fleet", "fleet-secret"), nats.ErrorHandler(fleetV.handler))
	startWorker(t, fleet, Config{Concurrency: 4, Tenants: []string{"alice", "bob"}})

	av, bv := &violations{}, &violations{}
	aliceNC, bobNC := tenantConn(t, url, "alice", av), tenantConn(t, url, "bob", bv)
	alice, bob := tenantClient(t, aliceNC, "alice"), tenantClient(t, bobNC, "bob")
	ctx, cancel := context.WithTimeout(t.Context(), time.Minute)
	defer cancel()

	// The same id in two tenants: two jobs, two results (each tenant's
	// stream dedupes its own ids only).
	ra, err := alice.Run(ctx, &jobs.Job{ID: "report", Runtime: jobs.RuntimeJS, Source: `console.log("alice's")`}, client.SubmitOptions{})
	if err != nil {
		t.Fatal(err)
	}
	rb, err := bob.Run(ctx, &jobs.Job{ID: "report", Runtime: jobs.RuntimeJS, Source: `console.log("bob's")`}, client.SubmitOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if ra.Status != jobs.StatusOK || string(ra.Stdout) != "alice's\n" || ra.Tenant != "alice" || ra.Duplicate {
		t.Errorf("alice's run: %+v", ra)
	}
	if rb.Status != jobs.StatusOK || string(rb.Stdout) != "bob's\n" || rb.Tenant != "bob" || rb.Duplicate {
		t.Errorf("bob's run: %+v", rb)
	}
	if r, err := alice.Get(ctx, "report"); err != nil || string(r.Stdout) != "alice's\n" {
		t.Errorf("alice reads her result: %v %+v", err, r)
	}
	// The request path too.
	if r, err := bob.Request(ctx, &jobs.Job{Runtime: jobs.RuntimeJS, Source: `console.log(6*7)`}); err != nil || string(r.Stdout) != "42\n" || r.Tenant != "bob" {
		t.Errorf("bob's request: %v %+v", err, r)
	}

	// Alice cancels her own running job.
	if _, err := alice.Submit(ctx, &jobs.Job{ID: "spin", Runtime: jobs.RuntimeJS, Source: `for(;;){}`, Limits: jobs.Limits{Timeout: jobs.Duration(time.Minute)}}, client.SubmitOptions{Wait: true}); err != nil {
		t.Fatal(err)
	}
	time.Sleep(500 * time.Millisecond)
	if err := alice.Cancel(ctx, "spin"); err != nil {
		t.Fatal(err)
	}
	if r, err := alice.Wait(ctx, "spin"); err != nil || r.Status != jobs.StatusCancelled {
		t.Errorf("alice's cancelled job: %v %+v", err, r)
	}

	// A refused request is never answered: each attempt waits only this.
	short := func() context.Context {
		c, cancel := context.WithTimeout(ctx, 2*time.Second)
		t.Cleanup(cancel)
		return c
	}
	// Alice reads bob's result through a client that claims to be bob.
	posing := tenantClient(t, aliceNC, "bob")
	if r, err := posing.Get(short(), "report"); err == nil {
		t.Errorf("alice read bob's result: %+v", r)
	}
	av.seen(t, "$JS.API.DIRECT.GET.KV_natsexec-results.$KV.natsexec-results.bob.report")
	// ... submits as bob, cancels bob's job, listens to bob's inbox.
	if _, err := posing.Submit(short(), &jobs.Job{ID: "forged", Runtime: jobs.RuntimeJS, Source: `1`}, client.SubmitOptions{Wait: true}); err == nil {
		t.Error("alice published a job as bob")
	}
	av.seen(t, "jobs.default.bob")
	if err := posing.Cancel(short(), "report"); err == nil {
		t.Error("alice cancelled bob's job")
	}
	av.seen(t, "$KV.natsexec-cancel.bob.report")
	if err := aliceNC.Publish(jobs.CancelSubjectFor("bob", "report"), nil); err != nil {
		t.Fatal(err)
	}
	av.seen(t, "natsexec.cancel.bob.report")
	if _, err := aliceNC.Subscribe("_INBOX.bob.>", func(*nats.Msg) {}); err != nil {
		t.Fatal(err)
	}
	av.seen(t, "_INBOX.bob.>")
	if err := aliceNC.Publish(jobs.ServiceSubject, nil); err != nil {
		t.Fatal(err)
	}
	av.seen(t, `"natsexec.run"`)

	// Purges and deletes, by alice and by the fleet's own user.
	ajs, _ := jetstream.New(aliceNC)
	fjs, _ := jetstream.New(fleet)
	for _, purge := range []string{
		"$JS.API.STREAM.PURGE." + jobs.JobsStream,
		"$JS.API.STREAM.PURGE." + jobs.JobsStreamFor("bob"),
		"$JS.API.STREAM.PURGE.KV_" + jobs.ResultsBucket,
		"$JS.API.STREAM.DELETE." + jobs.DeadStream,
	} {
		for who, nc := range map[string]*nats.Conn{"alice": aliceNC, "fleet": fleet} {
			if _, err := nc.Request(purge, nil, 500*time.Millisecond); err == nil {
				t.Errorf("%s: %s answered", who, purge)
			}
		}
		av.seen(t, purge)
		fleetV.seen(t, purge)
	}
	if _, err := ajs.CreateOrUpdateConsumer(short(), "KV_"+jobs.ResultsBucket, jetstream.ConsumerConfig{}); err == nil {
		t.Error("alice created a consumer on the results bucket")
	}

	// A job of alice's aiming its result at bob's inbox is rejected.
	body, _ := jobs.Msgpack.Marshal(&jobs.Job{ID: "aim", Runtime: jobs.RuntimeJS, Source: `1`, Reply: "_INBOX.bob.x"})
	m := &nats.Msg{Subject: jobs.JobSubjectFor("", "alice"), Data: body, Header: nats.Header{}}
	m.Header.Set(jobs.HeaderMsgID, "aim")
	if _, err := ajs.PublishMsg(ctx, m); err != nil {
		t.Fatal(err)
	}
	if res, err := alice.Wait(ctx, "aim"); err != nil || res.Status != jobs.StatusRejected || !strings.Contains(res.Error, "field reply") {
		t.Errorf("reply at bob's inbox: %v %+v", err, res)
	}

	// Nothing of bob's or the fleet's changed.
	if r, err := bob.Get(ctx, "report"); err != nil || string(r.Stdout) != "bob's\n" || r.Status != jobs.StatusOK {
		t.Errorf("bob's result after the attempts: %v %+v", err, r)
	}
	if _, err := bob.Get(ctx, "forged"); !errors.Is(err, client.ErrNotFound) {
		t.Errorf("forged job: %v", err)
	}
	for _, stream := range []string{jobs.DeadStream, "KV_" + jobs.ResultsBucket} {
		if _, err := fjs.Stream(ctx, stream); err != nil {
			t.Errorf("stream %s: %v", stream, err)
		}
	}
}

// Tenant A's burst of 2,000 jobs leaves tenant B's job waiting about one
// job's run time for a slot, not behind the burst: B's consumer is found
// within the discovery poll, and the next free slot goes to the tenant
// running fewer jobs.
func TestTenantBurstDoesNotStarveOthers(t *testing.T) {
	const burst, jobTime = 2000, 300 * time.Millisecond
	ns := startTenantNATS(t)
	url := ns.ClientURL()
	fleet := connect(t, url, nats.UserInfo("fleet", "fleet-secret"))
	// The tenants' streams exist (another worker made them); this worker
	// finds them.
	fjs, _ := jetstream.New(fleet)
	for _, tenant := range []string{"alice", "bob"} {
		if _, err := EnsureJobsStream(t.Context(), fjs, StreamOptions{}, tenant); err != nil {
			t.Fatal(err)
		}
	}
	startWorker(t, fleet, Config{Concurrency: 8, DisableService: true, TenantPoll: 200 * time.Millisecond})

	aliceNC, bobNC := tenantConn(t, url, "alice", &violations{}), tenantConn(t, url, "bob", &violations{})
	alice, bob := tenantClient(t, aliceNC, "alice"), tenantClient(t, bobNC, "bob")
	ctx, cancel := context.WithTimeout(t.Context(), 2*time.Minute)
	defer cancel()

	src := fmt.Sprintf(`setTimeout(() => {}, %d)`, jobTime.Milliseconds())
	for i := range burst {
		if _, err := alice.Submit(ctx, &jobs.Job{ID: fmt.Sprintf("a-%d", i), Runtime: jobs.RuntimeJS, Source: src}, client.SubmitOptions{}); err != nil {
			t.Fatal(err)
		}
	}
	if err := alice.Flush(ctx); err != nil {
		t.Fatal(err)
	}
	time.Sleep(2 * jobTime) // alice's jobs hold every slot

	res, err := bob.Run(ctx, &jobs.Job{ID: "b", Runtime: jobs.RuntimeJS, Source: src}, client.SubmitOptions{})
	if err != nil {
		t.Fatal(err)
	}
	wait, _ := res.Phase(jobs.PhaseQueueWait)
	s, err := fjs.Stream(ctx, jobs.JobsStreamFor("alice"))
	if err != nil {
		t.Fatal(err)
	}
	queued := s.CachedInfo().State.Msgs
	t.Logf("bob's job waited %s behind alice's burst of %d (%d of alice's still queued)", wait, burst, queued)
	if res.Status != jobs.StatusOK || res.Tenant != "bob" {
		t.Errorf("bob's job: %+v", res)
	}
	if queued < burst/2 {
		t.Errorf("bob's job ran after %d of alice's %d jobs: it waited behind the burst", burst-queued, burst)
	}
	// One job's run time for a slot, the discovery poll, and slack for a
	// loaded machine: far below the burst's 2000*300ms/8 = 75s.
	if limit := jobTime + 200*time.Millisecond + 3*time.Second; wait > limit {
		t.Errorf("bob's job waited %s, want under %s", wait, limit)
	}
}
