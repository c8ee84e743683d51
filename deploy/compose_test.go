// Package deploy holds tests of the deployment files at the repository
// root: compose.yaml (loaded with compose-go, the loader docker compose
// itself uses) and the Dockerfile it builds. They run offline and need no
// Docker engine.
package deploy

import (
	"context"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/compose-spec/compose-go/v2/cli"
	"github.com/compose-spec/compose-go/v2/types"
)

const root = ".."

// load reads compose.yaml with the given profiles active and a fixed
// environment, so the caller's shell cannot change what is checked.
func load(t *testing.T, profiles ...string) *types.Project {
	t.Helper()
	opts, err := cli.NewProjectOptions(
		[]string{filepath.Join(root, "compose.yaml")},
		cli.WithWorkingDirectory(root),
		cli.WithEnv([]string{}),
		cli.WithProfiles(profiles),
		cli.WithInterpolation(true),
		cli.WithConsistency(true),
	)
	if err != nil {
		t.Fatal(err)
	}
	p, err := opts.LoadProject(context.Background())
	if err != nil {
		t.Fatalf("compose.yaml with profiles %v: %v", profiles, err)
	}
	return p
}

func service(t *testing.T, p *types.Project, name string) types.ServiceConfig {
	t.Helper()
	s, err := p.GetService(name)
	if err != nil {
		t.Fatalf("service %s: %v", name, err)
	}
	return s
}

func env(s types.ServiceConfig, key string) string {
	if v := s.Environment[key]; v != nil {
		return *v
	}
	return ""
}

// flag returns the value after name in a command line, or "".
func flag(cmd []string, name string) string {
	if i := slices.Index(cmd, name); i >= 0 && i+1 < len(cmd) {
		return cmd[i+1]
	}
	return ""
}

// containerPorts are the ports a service makes reachable to other
// services: published and exposed ones.
func containerPorts(s types.ServiceConfig) []uint32 {
	var ports []uint32
	for _, p := range s.Ports {
		ports = append(ports, p.Target)
	}
	for _, e := range s.Expose {
		if n, err := strconv.ParseUint(strings.SplitN(e, "/", 2)[0], 10, 32); err == nil {
			ports = append(ports, uint32(n))
		}
	}
	return ports
}

func TestProfiles(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		profiles []string
		want     []string
	}{
		{nil, []string{"jaeger", "nats", "worker"}},
		{[]string{"cluster"}, []string{"jaeger", "nats", "nats-1", "nats-2", "nats-3", "worker", "worker-cluster"}},
		{[]string{"tools"}, []string{"jaeger", "nats", "submit", "worker"}},
		{[]string{"*"}, []string{"jaeger", "nats", "nats-1", "nats-2", "nats-3", "submit", "worker", "worker-cluster"}},
	} {
		p := load(t, tc.profiles...)
		got := p.ServiceNames()
		slices.Sort(got)
		if !slices.Equal(got, tc.want) {
			t.Errorf("profiles %v: services %v, want %v", tc.profiles, got, tc.want)
		}
	}
}

func TestNATS(t *testing.T) {
	t.Parallel()
	p := load(t, "cluster")
	for _, name := range []string{"nats", "nats-1", "nats-2", "nats-3"} {
		s := service(t, p, name)
		if !strings.HasPrefix(s.Image, "nats:") || !strings.Contains(s.Image, "alpine") {
			t.Errorf("%s: image %q, want the official nats image, alpine variant (wget for the healthcheck)", name, s.Image)
		}
		if !slices.Contains(s.Command, "--jetstream") || flag(s.Command, "--store_dir") == "" {
			t.Errorf("%s: command %q lacks --jetstream and --store_dir", name, s.Command)
		}
		if flag(s.Command, "--http_port") != "8222" {
			t.Errorf("%s: monitoring port %q, want 8222", name, flag(s.Command, "--http_port"))
		}
		if flag(s.Command, "--server_name") != name {
			t.Errorf("%s: --server_name %q", name, flag(s.Command, "--server_name"))
		}
		hc := s.HealthCheck
		if hc == nil || hc.Disable || !strings.Contains(strings.Join(hc.Test, " "), "http://127.0.0.1:8222/healthz?js-enabled-only=true") {
			t.Errorf("%s: healthcheck %+v, want /healthz?js-enabled-only=true on 8222", name, hc)
		}
	}
	// The single node is what the host reaches.
	published := map[uint32]string{}
	for _, port := range service(t, p, "nats").Ports {
		published[port.Target] = port.HostIP
	}
	for _, port := range []uint32{4222, 8222} {
		if ip, ok := published[port]; !ok || ip != "127.0.0.1" {
			t.Errorf("nats: port %d published on %q, want 127.0.0.1", port, ip)
		}
	}

	// The cluster: every node routes to every node under one cluster name.
	nodes := []string{"nats-1", "nats-2", "nats-3"}
	var wantRoutes []string
	for _, n := range nodes {
		wantRoutes = append(wantRoutes, "nats://"+n+":6222")
	}
	for _, n := range nodes {
		s := service(t, p, n)
		if !slices.Equal(s.Profiles, []string{"cluster"}) {
			t.Errorf("%s: profiles %v, want [cluster]", n, s.Profiles)
		}
		if flag(s.Command, "--cluster_name") != "natsexec" {
			t.Errorf("%s: --cluster_name %q", n, flag(s.Command, "--cluster_name"))
		}
		if c := flag(s.Command, "--cluster"); !strings.HasSuffix(c, ":6222") {
			t.Errorf("%s: --cluster %q, want a listener on 6222", n, c)
		}
		routes := strings.Split(flag(s.Command, "--routes"), ",")
		slices.Sort(routes)
		if !slices.Equal(routes, wantRoutes) {
			t.Errorf("%s: routes %v, want %v", n, routes, wantRoutes)
		}
	}
}

func TestJaeger(t *testing.T) {
	t.Parallel()
	p := load(t)
	s := service(t, p, "jaeger")
	if !regexp.MustCompile(`^jaegertracing/jaeger:2\.`).MatchString(s.Image) {
		t.Errorf("jaeger: image %q, want jaegertracing/jaeger:2.x (v2 all-in-one)", s.Image)
	}
	published := map[uint32]bool{}
	for _, port := range s.Ports {
		published[port.Target] = true
	}
	for _, port := range []uint32{16686, 4317, 4318} {
		if !published[port] {
			t.Errorf("jaeger: port %d not published", port)
		}
	}
	if s.HealthCheck == nil || len(s.HealthCheck.Test) == 0 {
		t.Error("jaeger: no healthcheck (workers wait for it)")
	}
}

// TestWorkers checks the wiring of every worker service: replicas,
// metrics, healthcheck, NATS and Jaeger named by services that exist and
// listen on the ports named, and depends_on waiting for them healthy.
func TestWorkers(t *testing.T) {
	t.Parallel()
	p := load(t, "*")
	for _, tc := range []struct {
		name, profile string
		nats          []string
		replicas      string
	}{
		{"worker", "", []string{"nats"}, ""},
		{"worker-cluster", "cluster", []string{"nats-1", "nats-2", "nats-3"}, "3"},
	} {
		s := service(t, p, tc.name)
		t.Run(tc.name, func(t *testing.T) {
			if tc.profile == "" && len(s.Profiles) != 0 || tc.profile != "" && !slices.Equal(s.Profiles, []string{tc.profile}) {
				t.Errorf("profiles %v, want %q", s.Profiles, tc.profile)
			}
			if s.Build == nil || s.Build.Target != "worker" {
				t.Errorf("build %+v, want target worker of the Dockerfile", s.Build)
			}
			if got := s.GetScale(); s.Deploy == nil || s.Deploy.Replicas == nil || got != 3 {
				t.Errorf("deploy.replicas: %d, want 3", got)
			}
			if got := flag(s.Command, "--metrics-addr"); got != ":9464" {
				t.Errorf("--metrics-addr %q, want :9464", got)
			}
			if got := flag(s.Command, "--replicas"); got != tc.replicas {
				t.Errorf("--replicas %q, want %q", got, tc.replicas)
			}
			if hc := s.HealthCheck; hc == nil || hc.Disable || !strings.Contains(strings.Join(hc.Test, " "), "127.0.0.1:9464/healthz") {
				t.Errorf("healthcheck %+v, want /healthz on the metrics port", hc)
			}
			if s.StopGracePeriod == nil || *s.StopGracePeriod <= types.Duration(30e9) {
				t.Errorf("stop_grace_period %v, want more than the 30s drain timeout", s.StopGracePeriod)
			}

			// NATS_URL: every server is a NATS service of this file, on its
			// client port, and the worker waits for it healthy.
			var hosts []string
			for _, u := range strings.Split(env(s, "NATS_URL"), ",") {
				pu, err := url.Parse(u)
				if err != nil || pu.Scheme != "nats" || pu.Port() != "4222" {
					t.Errorf("NATS_URL entry %q: want nats://<service>:4222", u)
					continue
				}
				hosts = append(hosts, pu.Hostname())
				ns, err := p.GetService(pu.Hostname())
				if err != nil {
					t.Errorf("NATS_URL names %q, not a service", pu.Hostname())
					continue
				}
				if !strings.HasPrefix(ns.Image, "nats:") {
					t.Errorf("NATS_URL names %q, image %q is not nats", ns.Name, ns.Image)
				}
				if s.DependsOn[ns.Name].Condition != types.ServiceConditionHealthy {
					t.Errorf("depends_on %s: %+v, want condition service_healthy", ns.Name, s.DependsOn[ns.Name])
				}
			}
			if !slices.Equal(hosts, tc.nats) {
				t.Errorf("NATS_URL %q names %v, want %v", env(s, "NATS_URL"), hosts, tc.nats)
			}

			checkOTLP(t, p, s, "natsexec-worker")
			for dep, d := range s.DependsOn {
				if d.Condition != types.ServiceConditionHealthy {
					t.Errorf("depends_on %s: condition %q, want service_healthy", dep, d.Condition)
				}
				if ds, err := p.GetService(dep); err == nil && ds.HealthCheck == nil {
					t.Errorf("depends_on %s healthy, but %s has no healthcheck", dep, dep)
				}
			}
		})
	}
}

// checkOTLP: the OTLP endpoint names the jaeger service on a port it
// publishes, with the protocol that port speaks.
func checkOTLP(t *testing.T, p *types.Project, s types.ServiceConfig, serviceName string) {
	t.Helper()
	if got := env(s, "OTEL_SERVICE_NAME"); got != serviceName {
		t.Errorf("OTEL_SERVICE_NAME %q, want %q", got, serviceName)
	}
	u, err := url.Parse(env(s, "OTEL_EXPORTER_OTLP_ENDPOINT"))
	if err != nil || u.Hostname() == "" {
		t.Fatalf("OTEL_EXPORTER_OTLP_ENDPOINT %q: %v", env(s, "OTEL_EXPORTER_OTLP_ENDPOINT"), err)
	}
	js, err := p.GetService(u.Hostname())
	if err != nil || !strings.HasPrefix(js.Image, "jaegertracing/jaeger:") {
		t.Fatalf("OTLP endpoint host %q is not the jaeger service", u.Hostname())
	}
	port, _ := strconv.ParseUint(u.Port(), 10, 32)
	if !slices.Contains(containerPorts(js), uint32(port)) {
		t.Errorf("OTLP endpoint port %s is not a port of %s (%v)", u.Port(), js.Name, containerPorts(js))
	}
	wantProto := map[string]string{"4317": "grpc", "4318": "http/protobuf"}[u.Port()]
	if got := env(s, "OTEL_EXPORTER_OTLP_PROTOCOL"); got != wantProto {
		t.Errorf("OTEL_EXPORTER_OTLP_PROTOCOL %q for port %s, want %q", got, u.Port(), wantProto)
	}
}

func TestSubmit(t *testing.T) {
	t.Parallel()
	p := load(t, "tools")
	s := service(t, p, "submit")
	if !slices.Equal(s.Profiles, []string{"tools"}) {
		t.Errorf("profiles %v, want [tools]", s.Profiles)
	}
	if s.Build == nil || s.Build.Target != "submit" {
		t.Errorf("build %+v, want target submit", s.Build)
	}
	u, err := url.Parse(env(s, "NATS_URL"))
	if err != nil || u.Hostname() != "nats" {
		t.Errorf("NATS_URL %q, want the nats service by default", env(s, "NATS_URL"))
	}
	checkOTLP(t, p, s, "natsexec-submit")

	// SUBMIT_NATS_URL points it at the cluster.
	opts, err := cli.NewProjectOptions([]string{filepath.Join(root, "compose.yaml")},
		cli.WithWorkingDirectory(root), cli.WithEnv([]string{"SUBMIT_NATS_URL=nats://nats-1:4222"}), cli.WithProfiles([]string{"tools"}))
	if err != nil {
		t.Fatal(err)
	}
	p2, err := opts.LoadProject(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if got := env(service(t, p2, "submit"), "NATS_URL"); got != "nats://nats-1:4222" {
		t.Errorf("SUBMIT_NATS_URL not honoured: NATS_URL %q", got)
	}
}

// TestHostPortsLoopback: nothing is published beyond the host's loopback.
func TestHostPortsLoopback(t *testing.T) {
	t.Parallel()
	p := load(t, "*")
	for _, s := range p.Services {
		for _, port := range s.Ports {
			if port.Published != "" && port.HostIP != "127.0.0.1" {
				t.Errorf("%s: port %d published on %q, want 127.0.0.1", s.Name, port.Target, port.HostIP)
			}
		}
	}
}

// TestDockerfile checks the build file compose refers to: both binaries
// static and trimmed, and a stage for every build target compose names.
func TestDockerfile(t *testing.T) {
	t.Parallel()
	b, err := os.ReadFile(filepath.Join(root, "Dockerfile"))
	if err != nil {
		t.Fatal(err)
	}
	df := string(b)
	stages := map[string]string{}
	for _, m := range regexp.MustCompile(`(?m)^FROM\s+(\S+)(?:\s+AS\s+(\S+))?`).FindAllStringSubmatch(df, -1) {
		stages[m[2]] = m[1]
	}
	if got := stages["build"]; got != "golang:${GO_VERSION}" || !strings.Contains(df, "ARG GO_VERSION=1.26\n") {
		t.Errorf("build stage FROM %q, want golang:1.26", got)
	}
	for _, want := range []string{"CGO_ENABLED=0", "-trimpath", "./cmd/worker", "./cmd/submit"} {
		if !strings.Contains(df, want) {
			t.Errorf("Dockerfile lacks %q", want)
		}
	}
	p := load(t, "*")
	for _, s := range p.Services {
		if s.Build == nil {
			continue
		}
		if _, ok := stages[s.Build.Target]; !ok {
			t.Errorf("%s: build target %q is not a stage of the Dockerfile (%v)", s.Name, s.Build.Target, stages)
		}
	}
	// The default target (the last stage) is the worker.
	all := regexp.MustCompile(`(?m)^FROM\s+\S+(?:\s+AS\s+(\S+))?`).FindAllStringSubmatch(df, -1)
	if last := all[len(all)-1][1]; last != "worker" {
		t.Errorf("last stage %q, want worker (the default target)", last)
	}
}
