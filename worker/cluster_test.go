package worker

import (
	"fmt"
	"net"
	"net/url"
	"testing"
	"time"

	"github.com/nats-io/nats-server/v2/server"
	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/natsexec/natsexec/jobs"
)

func freePort(t *testing.T) int {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

// startCluster runs a 3-node JetStream cluster of real nats-servers.
func startCluster(t *testing.T) []*server.Server {
	t.Helper()
	ports := []int{freePort(t), freePort(t), freePort(t)}
	var routes []*url.URL
	for _, p := range ports {
		routes = append(routes, &url.URL{Scheme: "nats", Host: fmt.Sprintf("127.0.0.1:%d", p)})
	}
	var nodes []*server.Server
	for i, p := range ports {
		ns, err := server.NewServer(&server.Options{
			ServerName: fmt.Sprintf("n%d", i),
			Host:       "127.0.0.1",
			Port:       -1,
			JetStream:  true,
			StoreDir:   t.TempDir(),
			Cluster:    server.ClusterOpts{Name: "natsexec-test", Host: "127.0.0.1", Port: p},
			Routes:     routes,
			NoSigs:     true,
		})
		if err != nil {
			t.Fatal(err)
		}
		ns.Start()
		nodes = append(nodes, ns)
		t.Cleanup(func() { shutdownEmbedded(ns) })
	}
	for _, ns := range nodes {
		if !ns.ReadyForConnections(20 * time.Second) {
			t.Fatalf("%s not ready", ns.Name())
		}
	}
	waitFor(t, 30*time.Second, func() error {
		for _, ns := range nodes {
			if !ns.JetStreamIsCurrent() {
				return fmt.Errorf("%s: JetStream meta group not current", ns.Name())
			}
		}
		return nil
	})
	return nodes
}

// A 3-node JetStream cluster with replicas 3 keeps serving with one node
// stopped: jobs published before and after all get results.
func TestClusterSurvivesNodeLoss(t *testing.T) {
	if testing.Short() {
		t.Skip("3-node cluster: skipped under -short")
	}
	nodes := startCluster(t)
	urls := nodes[0].ClientURL() + "," + nodes[1].ClientURL() + "," + nodes[2].ClientURL()
	wc := connect(t, urls, nats.RetryOnFailedConnect(true))
	waitFor(t, 30*time.Second, func() error {
		// Stream creation needs an elected meta leader.
		js, err := jetstream.New(wc)
		if err != nil {
			return err
		}
		_, err = EnsureStreams(t.Context(), js, StreamOptions{Replicas: 3})
		return err
	})
	startWorker(t, wc, Config{Streams: StreamOptions{Replicas: 3}, DisableService: true})
	sc := connect(t, urls)
	js, _ := jetstream.New(sc)
	kv := resultsBucket(t, js)
	for i := range 20 {
		publishJob(t, js, &jobs.Job{ID: fmt.Sprintf("c-before%d", i), Runtime: jobs.RuntimeJS, Source: "1"}, nil)
	}
	for i := range 20 {
		if res := waitResult(t, kv, fmt.Sprintf("c-before%d", i), 30*time.Second); res.Status != jobs.StatusOK {
			t.Fatalf("before: %+v", res)
		}
	}
	// Stop the node the submitter is on, so it has to fail over too.
	var stopped *server.Server
	for _, ns := range nodes {
		if ns.ClientURL() == sc.ConnectedUrl() {
			stopped = ns
		}
	}
	if stopped == nil {
		stopped = nodes[2]
	}
	shutdownEmbedded(stopped)
	for i := range 20 {
		id := fmt.Sprintf("c-after%d", i)
		waitFor(t, 30*time.Second, func() error {
			body := []byte(fmt.Sprintf(`{"id":%q,"runtime":"js","source":"console.log(%d)"}`, id, i))
			m := nats.NewMsg(jobs.JobSubject(""))
			m.Data = body
			m.Header.Set(jobs.HeaderContentType, jobs.ContentTypeJSON)
			m.Header.Set(jobs.HeaderMsgID, id)
			_, err := js.PublishMsg(t.Context(), m)
			return err
		})
	}
	for i := range 20 {
		res := waitResult(t, kv, fmt.Sprintf("c-after%d", i), 60*time.Second)
		if res.Status != jobs.StatusOK || string(res.Stdout) != fmt.Sprintf("%d\n", i) {
			t.Fatalf("after node loss: %+v", res)
		}
	}
}
