package compat

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nuid"

	"github.com/natsexec/natsexec/client"
	"github.com/natsexec/natsexec/guest"
	"github.com/natsexec/natsexec/jobs"
)

// TestHeavyBundlesAgainstNode times the five heaviest corpus bundles through
// a real worker, cold and warm, against `node programs/NAME.js` on the same
// machine, interleaved round by round so both meet the same load. It prints
// the table bench/RESULTS.md quotes; it asserts only that every run printed
// Node's output (timings are not pass/fail on a shared machine). Opt-in:
//
//	NATSEXEC_HEAVY_BENCH=1 go test ./compat -run TestHeavyBundlesAgainstNode -v
//
// NATSEXEC_HEAVY_ROUNDS sets the rounds (default 7).
//
//   - cold: the bundle with a nonce in its first line, a source no cache in
//     the worker or its sidecars has seen: parse, compile and run.
//   - warm: the same source again, right after: the compiled program is
//     cached, the VM is new (shared placement, the default).
//   - resident: the same source in a resident runner, the live VM reset
//     between runs; the reset is part of each run.
//   - node: a fresh `node` process resolving node_modules itself.
//
// Every figure is wall time as the submitter sees it (client.Run: publish,
// queue, run, result), node's the process's from fork to exit.
func TestHeavyBundlesAgainstNode(t *testing.T) {
	if os.Getenv("NATSEXEC_HEAVY_BENCH") == "" {
		t.Skip("set NATSEXEC_HEAVY_BENCH=1 to time the heaviest bundles against node")
	}
	nodeBin, err := exec.LookPath("node")
	if err != nil {
		t.Skip("node is not on PATH")
	}
	rounds := 7
	if v, err := strconv.Atoi(os.Getenv("NATSEXEC_HEAVY_ROUNDS")); err == nil && v > 0 {
		rounds = v
	}
	dir, err := filepath.Abs("npm")
	if err != nil {
		t.Fatal(err)
	}
	ensureNodeModules(t, dir)
	progs := loadPrograms(t, dir)
	helper := helperBinary(t)
	bundleAll(t, helper, dir, progs)
	progs = slices.DeleteFunc(progs, func(p *program) bool { return knownFailing[p.name] != "" })
	slices.SortFunc(progs, func(a, b *program) int { return len(b.bundle.Source) - len(a.bundle.Source) })
	progs = progs[:5]

	url := startWorker(t, helper)
	nc, err := nats.Connect(url)
	if err != nil {
		t.Fatal(err)
	}
	defer nc.Close()
	c, err := client.New(nc)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()

	run := func(p *program, src string, placement jobs.Placement) time.Duration {
		ctx, cancel := context.WithTimeout(context.Background(), jobTimeout+time.Minute)
		defer cancel()
		start := time.Now()
		res, err := c.Run(ctx, &jobs.Job{
			Runtime: jobs.RuntimeJS, Source: src, Placement: placement,
			Limits: jobs.Limits{Timeout: jobs.Duration(jobTimeout)},
		}, client.SubmitOptions{})
		d := time.Since(start)
		if err != nil {
			t.Fatalf("%s: %v", p.name, err)
		}
		p.res = res
		if msg := p.check(); msg != "" {
			t.Fatalf("%s (%s): %s", p.name, placement, msg)
		}
		return d
	}
	type samples struct{ cold, warm, resident, node []time.Duration }
	got := make([]samples, len(progs))
	for r := range rounds {
		for i, p := range progs {
			// The nonce goes on the banner's line, so the bundle's lines
			// and its source map stay as they are.
			cold := strings.Replace(p.bundle.Source, guest.BundleBanner, guest.BundleBanner+" "+nuid.Next(), 1)
			got[i].cold = append(got[i].cold, run(p, cold, jobs.PlacementShared))
			got[i].warm = append(got[i].warm, run(p, cold, jobs.PlacementShared))
			if r == 0 {
				run(p, p.bundle.Source, jobs.PlacementResident) // the runner's first load
			}
			got[i].resident = append(got[i].resident, run(p, p.bundle.Source, jobs.PlacementResident))
			cmd := exec.Command(nodeBin, filepath.Join("programs", p.name+".js"))
			cmd.Dir = dir
			start := time.Now()
			out, err := cmd.Output()
			got[i].node = append(got[i].node, time.Since(start))
			if err != nil || string(out) != string(p.want) {
				t.Fatalf("node %s: %v", p.name, err)
			}
		}
	}

	var b strings.Builder
	fmt.Fprintf(&b, "%d rounds, medians (min-max) in ms\n\n", rounds)
	b.WriteString("| bundle | size | cold | warm | resident | node | node / cold | node / warm |\n|---|--:|--:|--:|--:|--:|--:|--:|\n")
	for i, p := range progs {
		s := got[i]
		fmt.Fprintf(&b, "| %s | %.1f MB | %s | %s | %s | %s | %.2f | %.2f |\n", p.name, float64(len(p.bundle.Source))/1e6,
			spread(s.cold), spread(s.warm), spread(s.resident), spread(s.node),
			ratio(s.node, s.cold), ratio(s.node, s.warm))
	}
	t.Log("\n" + b.String())
}

func median(d []time.Duration) time.Duration {
	s := slices.Clone(d)
	slices.Sort(s)
	return s[len(s)/2]
}

func ms(d time.Duration) string { return strconv.FormatFloat(float64(d)/1e6, 'f', 1, 64) }

func spread(d []time.Duration) string {
	return fmt.Sprintf("%s (%s-%s)", ms(median(d)), ms(slices.Min(d)), ms(slices.Max(d)))
}

func ratio(num, den []time.Duration) float64 { return float64(median(num)) / float64(median(den)) }
