package deploy

// TestJaegerTraces checks natsexec's traces in a real Jaeger: opt in with
// NATSEXEC_JAEGER=1 (scripts/jaeger-check.sh starts Jaeger and runs it).
//
// It builds cmd/worker and cmd/submit, starts a worker (embedded NATS on a
// free port) exporting OTLP to Jaeger, runs jobs with the submit binary for
// every placement, so each trace starts at the submitter, and a `submit
// bench` batch, then reads the traces back through Jaeger's HTTP API and
// asserts span names, parent links (across NATS) and attributes. It prints
// a summary; every miss fails the test.
//
//	NATSEXEC_JAEGER_URL   query API [http://127.0.0.1:16686]
//	NATSEXEC_JAEGER_OTLP  OTLP gRPC endpoint [http://127.0.0.1:4317]
//	NATSEXEC_JAEGER_OUT   if set, a JSON file with the trace ids found

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/natsexec/natsexec/jobs"
)

// Jaeger's query API model (/api/traces), the fields used here.
type jTrace struct {
	TraceID   string              `json:"traceID"`
	Spans     []jSpan             `json:"spans"`
	Processes map[string]jProcess `json:"processes"`
}

type jSpan struct {
	TraceID       string `json:"traceID"`
	SpanID        string `json:"spanID"`
	OperationName string `json:"operationName"`
	References    []struct {
		RefType string `json:"refType"`
		TraceID string `json:"traceID"`
		SpanID  string `json:"spanID"`
	} `json:"references"`
	StartTime int64  `json:"startTime"` // µs
	Duration  int64  `json:"duration"`  // µs
	Tags      []jTag `json:"tags"`
	ProcessID string `json:"processID"`
}

type jTag struct {
	Key   string `json:"key"`
	Type  string `json:"type"`
	Value any    `json:"value"`
}

type jProcess struct {
	ServiceName string `json:"serviceName"`
}

func (s *jSpan) tag(key string) (string, bool) {
	for _, t := range s.Tags {
		if t.Key == key {
			return fmt.Sprint(t.Value), true
		}
	}
	return "", false
}

func (s *jSpan) parentID() string {
	for _, r := range s.References {
		if r.RefType == "CHILD_OF" {
			return r.SpanID
		}
	}
	return ""
}

func (tr *jTrace) service(s *jSpan) string { return tr.Processes[s.ProcessID].ServiceName }

func (tr *jTrace) span(id string) *jSpan {
	for i := range tr.Spans {
		if tr.Spans[i].SpanID == id {
			return &tr.Spans[i]
		}
	}
	return nil
}

func (tr *jTrace) byName(name string) []*jSpan {
	var out []*jSpan
	for i := range tr.Spans {
		if tr.Spans[i].OperationName == name {
			out = append(out, &tr.Spans[i])
		}
	}
	return out
}

// jaeger queries the API.
type jaeger struct{ base string }

func (j jaeger) traces(ctx context.Context, service string, tags map[string]string) ([]jTrace, error) {
	tj, _ := json.Marshal(tags)
	q := url.Values{"service": {service}, "tags": {string(tj)}, "lookback": {"1h"}, "limit": {"20"}}
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, j.base+"/api/traces?"+q.Encode(), nil)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("jaeger %s: %s: %s", req.URL, resp.Status, body)
	}
	var out struct {
		Data []jTrace `json:"data"`
	}
	return out.Data, json.Unmarshal(body, &out)
}

func envOr(k, def string) string {
	if v := os.Getenv(k); v != "" {
		return v
	}
	return def
}

func freePort(t *testing.T) int {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

// check collects the assertions of one trace for the summary.
type check struct {
	lines  []string
	misses int
}

func (c *check) ok(format string, a ...any) {
	c.lines = append(c.lines, "    ok    "+fmt.Sprintf(format, a...))
}
func (c *check) miss(format string, a ...any) {
	c.misses++
	c.lines = append(c.lines, "    MISS  "+fmt.Sprintf(format, a...))
}
func (c *check) note(format string, a ...any) {
	c.lines = append(c.lines, "    note  "+fmt.Sprintf(format, a...))
}

// jobCase is one submitted job and what its trace must hold.
type jobCase struct {
	label, id string
	placement jobs.Placement
	required  []string // phase spans that must be there
	optional  []string // phase spans that may be (a sidecar spawned for this job)
}

var provisioning = []string{jobs.PhaseVMCreate, jobs.PhaseVMConfigure, jobs.PhaseRuntimeMountNode, jobs.PhaseRuntimeMountWASM, jobs.PhaseRuntimeCreateTotal}

// underCreateTotal: the phases RecordPhases nests in runtime_create_total.
var underCreateTotal = map[string]bool{jobs.PhaseVMCreate: true, jobs.PhaseVMConfigure: true, jobs.PhaseRuntimeMountNode: true, jobs.PhaseRuntimeMountWASM: true}

// verify asserts one job's trace. jobSpan is returned for the summary.
func verify(tr *jTrace, jc jobCase, batch string) (c check, jobSpan *jSpan) {
	// The consumer span: "job jobs.<queue>" from the worker with this id.
	for _, s := range tr.byName("job jobs.default") {
		if id, _ := s.tag("natsexec.job.id"); id == jc.id && tr.service(s) == "natsexec-worker" {
			jobSpan = s
		}
	}
	if jobSpan == nil {
		c.miss("no span \"job jobs.default\" of natsexec-worker with natsexec.job.id=%s", jc.id)
		return c, nil
	}
	c.ok("job span %q (natsexec-worker)", jobSpan.OperationName)

	// Attributes of the job span.
	want := map[string]string{
		"natsexec.job.id":    jc.id,
		"natsexec.placement": string(jc.placement),
		"messaging.system":   "nats",
		"span.kind":          "consumer",
		"natsexec.status":    "ok",
	}
	if batch != "" {
		want["natsexec.batch.id"] = batch
	}
	keys := make([]string, 0, len(want))
	for k := range want {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		if got, ok := jobSpan.tag(k); !ok || got != want[k] {
			c.miss("job span %s=%q, want %q", k, got, want[k])
		} else {
			c.ok("job span %s=%s", k, got)
		}
	}
	if pid, _ := jobSpan.tag("natsexec.sidecar.pid"); func() bool { n, err := strconv.Atoi(pid); return err != nil || n <= 0 }() {
		c.miss("job span natsexec.sidecar.pid=%q, want a pid", pid)
	} else {
		c.ok("job span natsexec.sidecar.pid=%s", pid)
	}

	// Across NATS: the job span's parent is the submitter's publish span.
	parent := tr.span(jobSpan.parentID())
	switch {
	case parent == nil:
		c.miss("job span has no parent in the trace (reference %q): the trace does not cross NATS", jobSpan.parentID())
	case parent.OperationName != "publish jobs.default" || tr.service(parent) != "natsexec-submit":
		c.miss("job span's parent is %q of %s, want \"publish jobs.default\" of natsexec-submit", parent.OperationName, tr.service(parent))
	default:
		kind, _ := parent.tag("span.kind")
		c.ok("job span's parent: %q of natsexec-submit (span.kind=%s): the trace crosses NATS", parent.OperationName, kind)
		if id, _ := parent.tag("natsexec.job.id"); id != jc.id {
			c.miss("publish span natsexec.job.id=%q, want %q", id, jc.id)
		}
		if batch != "" {
			if b, _ := parent.tag("natsexec.batch.id"); b != batch {
				c.miss("publish span natsexec.batch.id=%q, want %q", b, batch)
			}
		}
	}

	// Phase spans: present, parented right, tagged with the job id.
	var found []string
	for _, name := range append(append([]string{}, jc.required...), jc.optional...) {
		spans := tr.byName(name)
		if len(spans) == 0 {
			if slices.Contains(jc.required, name) {
				c.miss("phase span %s missing", name)
			}
			continue
		}
		found = append(found, name)
		s := spans[0]
		wantParent := jobSpan
		if underCreateTotal[name] {
			if tot := tr.byName(jobs.PhaseRuntimeCreateTotal); len(tot) > 0 {
				wantParent = tot[0]
			}
		}
		if s.parentID() != wantParent.SpanID {
			got := "none"
			if p := tr.span(s.parentID()); p != nil {
				got = p.OperationName
			}
			c.miss("phase span %s: parent %q, want %q", name, got, wantParent.OperationName)
		}
		if id, _ := s.tag("natsexec.job.id"); id != jc.id {
			c.miss("phase span %s: natsexec.job.id=%q", name, id)
		}
	}
	if len(found) > 0 {
		c.ok("phase spans (%d): %s", len(found), strings.Join(found, ", "))
	}
	for _, name := range []string{jobs.PhaseQueueWait, jobs.PhaseResultPublish} {
		s := tr.byName(name)
		if len(s) == 0 {
			c.miss("job-level span %s missing", name)
			continue
		}
		if s[0].parentID() != jobSpan.SpanID {
			c.miss("%s is not a child of the job span", name)
		} else {
			c.ok("%s: child of the job span", name)
		}
	}

	// Time nesting: a child outside its parent's range draws oddly in
	// Jaeger. Reported, not failed: it is a presentation matter. A consumer
	// span outliving its producer parent is how messaging traces look.
	const slackUS = 100
	for i := range tr.Spans {
		s := &tr.Spans[i]
		p := tr.span(s.parentID())
		if p == nil {
			continue
		}
		if pk, _ := p.tag("span.kind"); pk == "producer" {
			continue
		}
		if s.StartTime < p.StartTime-slackUS || s.StartTime+s.Duration > p.StartTime+p.Duration+slackUS {
			c.note("%s [%s] is outside its parent %s in time (starts %+.2fms, ends %+.2fms relative to the parent's start/end)",
				s.OperationName, tr.service(s), p.OperationName,
				float64(s.StartTime-p.StartTime)/1e3, float64(s.StartTime+s.Duration-p.StartTime-p.Duration)/1e3)
		}
	}
	return c, jobSpan
}

// tree renders a trace as an indented span tree with durations.
func tree(tr *jTrace) string {
	children := map[string][]*jSpan{}
	var roots []*jSpan
	for i := range tr.Spans {
		s := &tr.Spans[i]
		if p := s.parentID(); p != "" && tr.span(p) != nil {
			children[p] = append(children[p], s)
		} else {
			roots = append(roots, s)
		}
	}
	byStart := func(l []*jSpan) {
		sort.Slice(l, func(i, j int) bool { return l[i].StartTime < l[j].StartTime })
	}
	var b strings.Builder
	var t0 int64
	if len(roots) > 0 {
		byStart(roots)
		t0 = roots[0].StartTime
	}
	var walk func(s *jSpan, depth int)
	walk = func(s *jSpan, depth int) {
		name := strings.Repeat("  ", depth) + s.OperationName
		fmt.Fprintf(&b, "      %-34s %-16s +%8.3fms %9.3fms\n", name, tr.service(s), float64(s.StartTime-t0)/1e3, float64(s.Duration)/1e3)
		kids := children[s.SpanID]
		byStart(kids)
		for _, k := range kids {
			walk(k, depth+1)
		}
	}
	for _, r := range roots {
		walk(r, 0)
	}
	return b.String()
}

func TestJaegerTraces(t *testing.T) {
	if os.Getenv("NATSEXEC_JAEGER") != "1" {
		t.Skip("set NATSEXEC_JAEGER=1 (with Jaeger running; scripts/jaeger-check.sh does both)")
	}
	jq := jaeger{base: strings.TrimRight(envOr("NATSEXEC_JAEGER_URL", "http://127.0.0.1:16686"), "/")}
	otlp := envOr("NATSEXEC_JAEGER_OTLP", "http://127.0.0.1:4317")
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	if _, err := jq.traces(ctx, "natsexec-worker", nil); err != nil {
		t.Fatalf("Jaeger query API not answering at %s: %v", jq.base, err)
	}

	dir := t.TempDir()
	for _, cmd := range []string{"worker", "submit"} {
		b := exec.CommandContext(ctx, "go", "build", "-o", filepath.Join(dir, cmd), "./cmd/"+cmd)
		b.Dir = root
		if out, err := b.CombinedOutput(); err != nil {
			t.Fatalf("go build ./cmd/%s: %v\n%s", cmd, err, out)
		}
	}

	natsPort, metricsPort := freePort(t), freePort(t)
	natsURL := "nats://127.0.0.1:" + strconv.Itoa(natsPort)
	otelEnv := []string{
		"OTEL_EXPORTER_OTLP_ENDPOINT=" + otlp,
		"OTEL_EXPORTER_OTLP_PROTOCOL=grpc",
		"OTEL_TRACES_SAMPLER=always_on",
		"OTEL_BSP_SCHEDULE_DELAY=200", // ms: spans reach Jaeger quickly
	}
	workerLog, err := os.Create(filepath.Join(dir, "worker.log"))
	if err != nil {
		t.Fatal(err)
	}
	w := exec.Command(filepath.Join(dir, "worker"),
		"--listen-port", strconv.Itoa(natsPort), "--data-dir", filepath.Join(dir, "data"),
		"--name", "jaeger-check", "--metrics-addr", "127.0.0.1:"+strconv.Itoa(metricsPort),
		"--shared-sidecars", "1")
	w.Env = append(append(os.Environ(), "OTEL_SERVICE_NAME=natsexec-worker", "NATS_URL="), otelEnv...)
	w.Stdout, w.Stderr = workerLog, workerLog
	w.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	if err := w.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		_ = w.Process.Signal(syscall.SIGTERM)
		done := make(chan struct{})
		go func() { _ = w.Wait(); close(done) }()
		select {
		case <-done:
		case <-time.After(20 * time.Second):
			_ = syscall.Kill(-w.Process.Pid, syscall.SIGKILL)
			<-done
		}
		if t.Failed() {
			b, _ := os.ReadFile(workerLog.Name())
			t.Logf("worker log:\n%s", b)
		}
	})
	ready := false
	for deadline := time.Now().Add(60 * time.Second); time.Now().Before(deadline); time.Sleep(200 * time.Millisecond) {
		if resp, err := http.Get("http://127.0.0.1:" + strconv.Itoa(metricsPort) + "/healthz"); err == nil && resp.StatusCode == http.StatusOK {
			resp.Body.Close()
			ready = true
			break
		}
	}
	if !ready {
		b, _ := os.ReadFile(workerLog.Name())
		t.Fatalf("worker not ready:\n%s", b)
	}

	submitEnv := append(append(os.Environ(), "NATS_URL="+natsURL, "OTEL_SERVICE_NAME=natsexec-submit"), otelEnv...)
	submit := func(args ...string) []byte {
		t.Helper()
		cmd := exec.CommandContext(ctx, filepath.Join(dir, "submit"), args...)
		cmd.Env = submitEnv
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		out, err := cmd.Output()
		if err != nil {
			t.Fatalf("submit %s: %v\nstdout: %s\nstderr: %s", strings.Join(args, " "), err, out, stderr.String())
		}
		return out
	}

	prog := filepath.Join(dir, "traced.js")
	if err := os.WriteFile(prog, []byte(`console.log("traced " + process.argv.slice(2).join(" "));`+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	run := strconv.FormatInt(time.Now().UnixNano(), 36)
	all := append(append([]string{jobs.PhaseSidecarSpawn, jobs.PhaseSessionOpen}, provisioning...), jobs.PhaseFirstExec)
	cases := []jobCase{
		{label: "owned", id: "jc-" + run + "-owned", placement: jobs.PlacementOwned, required: all},
		// The shared pool spawns its one sidecar for the first job that
		// needs it: spawn phases may or may not be on this job.
		{label: "shared", id: "jc-" + run + "-shared", placement: jobs.PlacementShared,
			required: append(slices.Clone(provisioning), jobs.PhaseFirstExec), optional: []string{jobs.PhaseSidecarSpawn, jobs.PhaseSessionOpen}},
		{label: "resident (new VM)", id: "jc-" + run + "-resident-1", placement: jobs.PlacementResident,
			required: append(slices.Clone(provisioning), jobs.PhaseFirstExec), optional: []string{jobs.PhaseSidecarSpawn, jobs.PhaseSessionOpen}},
		// The same program again: the resident VM is reused, warm.
		{label: "resident (reused VM)", id: "jc-" + run + "-resident-2", placement: jobs.PlacementResident,
			required: []string{jobs.PhaseWarmExec}},
	}
	for _, jc := range cases {
		out := submit("run", "--placement", string(jc.placement), "--id", jc.id, "--json", prog)
		var res struct {
			Status     string `json:"status"`
			SidecarPID int    `json:"sidecar_pid"`
		}
		if err := json.Unmarshal(out, &res); err != nil || res.Status != "ok" {
			t.Fatalf("submit run %s: status %q (%v): %s", jc.id, res.Status, err, out)
		}
	}

	// A bench batch: its jobs carry the batch id, found by tag.
	benchJSON := filepath.Join(dir, "bench.json")
	submit("bench", "--quick", "--scenarios", "shared-sidecar", "--modes", "sequential", "--json", benchJSON)
	batch := firstBatchID(t, benchJSON)

	// Read back. Spans of the two services arrive separately; poll until
	// every check passes or the deadline, then report what is missing.
	type outcome struct {
		label, id, traceID string
		c                  check
		tree               string
	}
	fetch := func(tags map[string]string, jc jobCase, batch string) outcome {
		o := outcome{label: jc.label, id: jc.id}
		deadline := time.Now().Add(30 * time.Second)
		for {
			trs, err := jq.traces(ctx, "natsexec-worker", tags)
			switch {
			case err != nil:
				o.c = check{}
				o.c.miss("query: %v", err)
			case len(trs) == 0:
				o.c = check{}
				o.c.miss("no trace of natsexec-worker with tags %v", tags)
			default:
				tr := &trs[0]
				if jc.id == "" { // a batch: the job id is the job span's
					for _, s := range tr.byName("job jobs.default") {
						jc.id, _ = s.tag("natsexec.job.id")
					}
					o.id = jc.id
				}
				o.traceID = tr.TraceID
				o.c, _ = verify(tr, jc, batch)
				o.tree = tree(tr)
				if len(trs) > 1 && batch == "" {
					o.c.miss("%d traces carry natsexec.job.id=%s, want 1", len(trs), jc.id)
				}
				if batch != "" {
					o.c.ok("batch id %s finds %d trace(s)", batch, len(trs))
				}
			}
			if o.c.misses == 0 || time.Now().After(deadline) {
				return o
			}
			time.Sleep(500 * time.Millisecond)
		}
	}
	var outcomes []outcome
	for _, jc := range cases {
		outcomes = append(outcomes, fetch(map[string]string{"natsexec.job.id": jc.id}, jc, ""))
	}
	outcomes = append(outcomes, fetch(map[string]string{"natsexec.batch.id": batch},
		jobCase{label: "bench batch " + batch, placement: jobs.PlacementShared,
			required: append(slices.Clone(provisioning), jobs.PhaseFirstExec), optional: []string{jobs.PhaseSidecarSpawn, jobs.PhaseSessionOpen}}, batch))

	// Summary.
	var b strings.Builder
	misses := 0
	fmt.Fprintf(&b, "\n== Jaeger check: %s (service natsexec-worker, submitter natsexec-submit)\n", jq.base)
	ids := map[string]string{}
	for _, o := range outcomes {
		status := "PASS"
		if o.c.misses > 0 {
			status = fmt.Sprintf("FAIL (%d)", o.c.misses)
		}
		misses += o.c.misses
		fmt.Fprintf(&b, "\n-- %s: job %s, trace %s: %s\n", o.label, o.id, o.traceID, status)
		b.WriteString(o.tree)
		for _, l := range o.c.lines {
			b.WriteString(l + "\n")
		}
		if o.traceID != "" {
			ids[o.label] = o.traceID
		}
	}
	fmt.Fprintf(&b, "\n== %d trace(s) checked, %d miss(es)\n", len(outcomes), misses)
	fmt.Print(b.String())
	if out := os.Getenv("NATSEXEC_JAEGER_OUT"); out != "" {
		j, _ := json.MarshalIndent(map[string]any{"jaeger": jq.base, "traces": ids, "batch": batch}, "", "  ")
		if err := os.WriteFile(out, j, 0o644); err != nil {
			t.Error(err)
		}
	}
	if misses > 0 {
		t.Fatalf("%d miss(es); see the summary above", misses)
	}
}

// firstBatchID reads the first sample's batch id from a `submit bench
// --json` report (searched for the key, not tied to the report's layout).
func firstBatchID(t *testing.T, path string) string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var v any
	if err := json.NewDecoder(bufio.NewReader(f)).Decode(&v); err != nil {
		t.Fatal(err)
	}
	var find func(any) string
	find = func(v any) string {
		switch x := v.(type) {
		case map[string]any:
			if s, ok := x["batch_id"].(string); ok && s != "" {
				return s
			}
			for _, e := range x {
				if s := find(e); s != "" {
					return s
				}
			}
		case []any:
			for _, e := range x {
				if s := find(e); s != "" {
					return s
				}
			}
		}
		return ""
	}
	id := find(v)
	if id == "" {
		t.Fatalf("no batch_id in %s", path)
	}
	return id
}
