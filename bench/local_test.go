package bench

import (
	"bytes"
	"context"
	"encoding/json"
	"maps"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/natsexec/natsexec/jobs"
	"github.com/natsexec/natsexec/worker/placement"
	"github.com/natsexec/natsexec/worker/sidecar"
)

func newLocal(t *testing.T) *Local {
	t.Helper()
	l, err := NewLocal(LocalOptions{Dir: t.TempDir(), Prespawn: 2,
		Placement: placement.Options{Spawn: sidecar.SpawnOptions{Sandbox: sidecar.TestSandbox()}}})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		if err := l.Close(ctx); err != nil {
			t.Error(err)
		}
	})
	return l
}

// TestLocalQuickMatrix runs batch 1, one iteration, no warm-up, over every
// scenario and mode, and checks the JSON holds every one with its phases.
func TestLocalQuickMatrix(t *testing.T) {
	l := newLocal(t)
	cfg := DefaultConfig()
	cfg.BatchSizes, cfg.Iterations, cfg.Warmup = []int{1}, 1, 0
	var progress bytes.Buffer
	cfg.Progress = &progress
	rep, err := Run(t.Context(), l, cfg)
	if err != nil {
		t.Fatalf("run: %v\nprogress:\n%s", err, progress.String())
	}
	var buf bytes.Buffer
	if err := rep.WriteJSON(&buf); err != nil {
		t.Fatal(err)
	}
	var got Report
	if err := json.Unmarshal(buf.Bytes(), &got); err != nil {
		t.Fatal(err)
	}
	// Phases each scenario must record on its cold (and warm) path.
	provision := []string{jobs.PhaseVMCreate, jobs.PhaseVMConfigure, jobs.PhaseRuntimeMountNode,
		jobs.PhaseRuntimeMountWASM, jobs.PhaseRuntimeCreateTotal, jobs.PhaseFirstExec, jobs.PhaseWarmExec}
	want := map[Scenario][]string{
		ScenarioOwned:           append([]string{jobs.PhaseSidecarSpawn, jobs.PhaseSessionOpen}, provision...),
		ScenarioOwnedPrespawned: provision,
		ScenarioShared:          provision,
		ScenarioResident:        append([]string{PhaseReset}, provision...),
	}
	for _, sc := range AllScenarios {
		for _, mode := range AllModes {
			c := got.Cell(sc, mode, 1)
			if c == nil {
				t.Errorf("%s %s: no cell", sc, mode)
				continue
			}
			if c.Cold.N != 1 || c.Warm.N != 1 || c.Errors != 0 || len(c.Samples) != 1 {
				t.Errorf("%s %s: cold n=%d warm n=%d errors=%d samples=%d (%s)", sc, mode, c.Cold.N, c.Warm.N, c.Errors, len(c.Samples), c.FirstError)
			}
			for _, p := range want[sc] {
				if _, ok := c.Phases[p]; !ok {
					t.Errorf("%s %s: no phase %s (have %v)", sc, mode, p, slices.Sorted(maps.Keys(c.Phases)))
				}
			}
			if len(c.Samples) == 1 && c.Samples[0].PhasesMS[jobs.PhaseFirstExec] <= 0 {
				t.Errorf("%s %s: sample without first_exec: %+v", sc, mode, c.Samples[0])
			}
		}
	}
	if sp := got.Cell(ScenarioOwnedPrespawned, Sequential, 1); sp != nil {
		if _, ok := sp.Phases[jobs.PhaseSidecarSpawn]; ok {
			t.Errorf("owned-sidecar-prespawned took a sidecar it spawned on demand")
		}
	}
	var md strings.Builder
	if err := got.WriteMarkdown(&md); err != nil {
		t.Fatal(err)
	}
	if testing.Verbose() {
		t.Log("\n" + md.String())
	}
}

func TestLocalMemory(t *testing.T) {
	if testing.Short() {
		t.Skip("spawns sidecars and holds VMs")
	}
	l := newLocal(t)
	pts, err := l.Memory(t.Context(), []int{1, 4})
	if err != nil {
		t.Fatal(err)
	}
	if len(pts) != 2 {
		t.Fatalf("points: %+v", pts)
	}
	for _, p := range pts {
		if p.Baseline <= 0 || p.Live <= 0 || p.Released <= 0 || p.Sidecars < 1 {
			t.Errorf("point %+v", p)
		}
	}
}
