package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
	"github.com/vmihailenco/msgpack/v5"

	"github.com/natsexec/natsexec/client"
	"github.com/natsexec/natsexec/jobs"
	"github.com/natsexec/natsexec/worker"
	"github.com/natsexec/natsexec/worker/sidecar"
)

var workerBin string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "natsexec-worker-bin")
	if err != nil {
		panic(err)
	}
	workerBin = filepath.Join(dir, "worker")
	if out, err := exec.Command("go", "build", "-o", workerBin, ".").CombinedOutput(); err != nil {
		fmt.Fprintf(os.Stderr, "build worker: %v\n%s", err, out)
		os.Exit(1)
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// startWorkerProcess runs the real worker binary against url and waits
// until it logs that it is ready.
func startWorkerProcess(t *testing.T, url, name string, extra ...string) *exec.Cmd {
	t.Helper()
	args := append([]string{"--nats-url", url, "--name", name, "--data-dir", t.TempDir(), "--log-json",
		"--sandbox", string(sidecar.TestSandbox())}, extra...)
	cmd := exec.Command(workerBin, args...)
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		_ = syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
		_ = cmd.Wait()
	})
	ready := make(chan struct{})
	go func() {
		sc := bufio.NewScanner(stderr)
		once := false
		for sc.Scan() {
			if !once && strings.Contains(sc.Text(), "worker ready") {
				close(ready)
				once = true
			}
			if os.Getenv("NATSEXEC_TEST_LOG") != "" {
				t.Log(name, sc.Text())
			}
		}
	}()
	select {
	case <-ready:
	case <-time.After(30 * time.Second):
		t.Fatalf("worker %s not ready", name)
	}
	return cmd
}

func TestHelpAndBadFlags(t *testing.T) {
	out, err := exec.Command(workerBin, "--help").CombinedOutput()
	if err != nil || !strings.Contains(string(out), "--nats-url") || !strings.Contains(string(out), "NATS_URL") {
		t.Errorf("--help: %v\n%s", err, out)
	}
	err = exec.Command(workerBin, "--sandbox", "maybe").Run()
	if ee, ok := err.(*exec.ExitError); !ok || ee.ExitCode() != 2 {
		t.Errorf("bad flag: %v, want exit 2", err)
	}
}

// kill -9 of a worker process mid-job: its jobs are redelivered to the
// other worker and finish; its sidecars die with it.
func TestKill9WorkerMidJob(t *testing.T) {
	if testing.Short() {
		t.Skip("worker processes: skipped under -short")
	}
	ns, err := worker.StartEmbedded(worker.EmbeddedOptions{Port: -1, StoreDir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(ns.Shutdown)
	url := ns.ClientURL()
	victim := startWorkerProcess(t, url, "victim", "--ack-wait", "2s", "--concurrency", "8")
	nc, err := nats.Connect(url)
	if err != nil {
		t.Fatal(err)
	}
	defer nc.Close()
	js, _ := jetstream.New(nc)
	const n = 8
	for i := range n {
		job := jobs.Job{ID: fmt.Sprintf("slow%d", i), Runtime: jobs.RuntimeJS, Placement: jobs.PlacementShared,
			Source: `const end = Date.now() + 1500; while (Date.now() < end) {} console.log("done")`}
		body, _ := msgpack.Marshal(&job)
		m := nats.NewMsg(jobs.JobSubject(""))
		m.Data = body
		m.Header.Set(jobs.HeaderMsgID, job.ID)
		if _, err := js.PublishMsg(t.Context(), m); err != nil {
			t.Fatal(err)
		}
	}
	// Wait until the victim holds jobs, then kill it without warning.
	cons, _ := js.Consumer(t.Context(), jobs.JobsStream, worker.ConsumerName(""))
	deadline := time.Now().Add(20 * time.Second)
	for {
		info, err := cons.Info(t.Context())
		if err == nil && info.NumAckPending > 0 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("victim never took a job")
		}
		time.Sleep(20 * time.Millisecond)
	}
	sidecars := childrenOf(victim.Process.Pid)
	if err := syscall.Kill(victim.Process.Pid, syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	_ = victim.Wait()
	// The victim's sidecars die with it (Pdeathsig).
	waitUntil(t, 10*time.Second, func() bool {
		for _, pid := range sidecars {
			if syscall.Kill(pid, 0) == nil && !isZombie(pid) {
				return false
			}
		}
		return true
	}, "sidecars of the killed worker still alive")

	startWorkerProcess(t, url, "survivor", "--ack-wait", "2s")
	kv, err := js.KeyValue(t.Context(), jobs.ResultsBucket)
	if err != nil {
		t.Fatal(err)
	}
	redelivered := 0
	for i := range n {
		var res jobs.Result
		waitUntil(t, 60*time.Second, func() bool {
			e, err := kv.Get(context.Background(), fmt.Sprintf("slow%d", i))
			if err != nil {
				return false
			}
			res, err = jobs.DecodeStoredResult(e.Value())
			return err == nil
		}, fmt.Sprintf("no result for slow%d", i))
		if res.Status != jobs.StatusOK || string(res.Stdout) != "done\n" || res.Worker != "survivor" {
			t.Errorf("slow%d: %s by %s: %q", i, res.Status, res.Worker, res.Error)
		}
		if res.Attempt > 1 {
			redelivered++
		}
	}
	if redelivered == 0 {
		t.Error("no job was redelivered after the kill")
	}
}

// SIGTERM drains: the worker stops taking jobs, finishes the running one,
// and exits 0.
func TestSIGTERMDrains(t *testing.T) {
	if testing.Short() {
		t.Skip("worker processes: skipped under -short")
	}
	ns, err := worker.StartEmbedded(worker.EmbeddedOptions{Port: -1, StoreDir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(ns.Shutdown)
	w := startWorkerProcess(t, ns.ClientURL(), "drainer")
	nc, _ := nats.Connect(ns.ClientURL())
	defer nc.Close()
	js, _ := jetstream.New(nc)
	job := jobs.Job{ID: "drain-me", Runtime: jobs.RuntimeJS, Source: `const end = Date.now() + 700; while (Date.now() < end) {} console.log("finished")`}
	body, _ := msgpack.Marshal(&job)
	m := nats.NewMsg(jobs.JobSubject(""))
	m.Data, m.Header = body, nats.Header{jobs.HeaderMsgID: {job.ID}}
	if _, err := js.PublishMsg(t.Context(), m); err != nil {
		t.Fatal(err)
	}
	cons, _ := js.Consumer(t.Context(), jobs.JobsStream, worker.ConsumerName(""))
	waitUntil(t, 20*time.Second, func() bool {
		info, err := cons.Info(t.Context())
		return err == nil && info.NumAckPending > 0
	}, "job never started")
	_ = w.Process.Signal(syscall.SIGTERM)
	if err := w.Wait(); err != nil {
		t.Fatalf("worker exit after SIGTERM: %v", err)
	}
	kv, _ := js.KeyValue(t.Context(), jobs.ResultsBucket)
	e, err := kv.Get(t.Context(), "drain-me")
	if err != nil {
		t.Fatalf("drained worker left no result: %v", err)
	}
	res, _ := jobs.DecodeStoredResult(e.Value())
	if res.Status != jobs.StatusOK || string(res.Stdout) != "finished\n" {
		t.Errorf("%+v", res)
	}
}

// --metrics-addr serves /healthz and Prometheus /metrics with our
// instruments once jobs have run.
func TestHealthAndMetricsEndpoints(t *testing.T) {
	ns, err := worker.StartEmbedded(worker.EmbeddedOptions{Port: -1, StoreDir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(ns.Shutdown)
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	startWorkerProcess(t, ns.ClientURL(), "metered", "--metrics-addr", addr)
	nc, _ := nats.Connect(ns.ClientURL())
	defer nc.Close()
	body, _ := msgpack.Marshal(&jobs.Job{Runtime: jobs.RuntimeJS, Source: "1"})
	// "worker ready" can come before the service's subscription has
	// reached the server: no responders then means not yet.
	deadline := time.Now().Add(30 * time.Second)
	for {
		_, err := nc.Request(jobs.ServiceSubject, body, 30*time.Second)
		if err == nil {
			break
		}
		if !errors.Is(err, nats.ErrNoResponders) || time.Now().After(deadline) {
			t.Fatal(err)
		}
		time.Sleep(20 * time.Millisecond)
	}
	get := func(path string) (int, string) {
		resp, err := http.Get("http://" + addr + path)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b)
	}
	if code, b := get("/healthz"); code != http.StatusOK {
		t.Errorf("/healthz: %d %s", code, b)
	}
	code, b := get("/metrics")
	if code != http.StatusOK || !strings.Contains(b, "natsexec_jobs_total") || !strings.Contains(b, "natsexec_phase_duration") {
		t.Errorf("/metrics: %d, natsexec instruments missing:\n%.2000s", code, b)
	}
}

func childrenOf(pid int) []int {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/task/%d/children", pid, pid))
	if err != nil {
		return nil
	}
	var kids []int
	for _, f := range strings.Fields(string(b)) {
		var k int
		fmt.Sscan(f, &k)
		kids = append(kids, k)
	}
	return kids
}

func isZombie(pid int) bool {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return true
	}
	s := string(b)
	f := strings.Fields(s[strings.LastIndexByte(s, ')')+1:])
	return len(f) > 0 && f[0] == "Z"
}

func waitUntil(t *testing.T, d time.Duration, cond func() bool, msg string) {
	t.Helper()
	deadline := time.Now().Add(d)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatal(msg)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// The documented tenants setup, as the README runs it: the worker binary's
// embedded server loads deploy/nats-tenants.conf, the worker connects as
// the fleet, a tenant's job runs under its name, and a connection without
// credentials is refused.
func TestEmbeddedServerWithTenantsConfig(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := l.Addr().(*net.TCPAddr).Port
	l.Close()
	startWorkerProcess(t, "", "tenants", "--listen-port", strconv.Itoa(port),
		"--nats-config", "../../deploy/nats-tenants.conf", "--nats-user", "fleet", "--nats-password", "fleet-secret", "--tenants", "alice")
	url := fmt.Sprintf("nats://127.0.0.1:%d", port)
	if nc, err := nats.Connect(url); err == nil {
		nc.Close()
		t.Fatal("connected without credentials")
	}
	nc, err := nats.Connect(url, nats.UserInfo("alice", "alice-secret"), nats.CustomInboxPrefix("_INBOX.alice"))
	if err != nil {
		t.Fatal(err)
	}
	defer nc.Close()
	c, err := client.New(nc, client.WithTenant("alice"))
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(t.Context(), time.Minute)
	defer cancel()
	res, err := c.Run(ctx, &jobs.Job{Runtime: jobs.RuntimeJS, Source: `console.log("as alice")`}, client.SubmitOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if res.Status != jobs.StatusOK || string(res.Stdout) != "as alice\n" || res.Tenant != "alice" {
		t.Errorf("%+v", res)
	}
}
