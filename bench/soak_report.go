package bench

import (
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/natsexec/natsexec/jobs"
)

// Verdicts on one soak job.
const (
	VerdictOK          = "ok"           // innocent, ok, right answer
	VerdictWrongAnswer = "wrong-answer" // innocent, ok, but not its answer
	VerdictFailed      = "failed"       // innocent, not ok
	VerdictContained   = "contained"    // hostile, a final status naming its cause
	VerdictUncontained = "uncontained"  // hostile, anything else
	// VerdictChaosKilled: the sidecar of the job's last run was killed by
	// the chaos, which its final status and error say. A hostile job's
	// attack then went untested; an innocent one had been run again after
	// a first death already (a second death of an owned run is final by
	// the worker's rules), else it counts as failed.
	VerdictChaosKilled  = "chaos-killed"
	VerdictLost         = "lost"          // no result by the end
	VerdictNotSubmitted = "not-submitted" // the publish failed, or the soak was stopped first
	VerdictUnfinished   = "unfinished"    // no result yet when the soak was stopped
)

// SoakReport is what a soak found.
type SoakReport struct {
	RunID    string         `json:"run_id"`
	Started  time.Time      `json:"started"`
	Finished time.Time      `json:"finished"`
	Host     HostInfo       `json:"host"`
	Config   SoakConfigJSON `json:"config"`
	// Interrupted: the soak was stopped before its end; jobs without a
	// result then are unfinished, not lost.
	Interrupted bool `json:"interrupted,omitempty"`
	// SubmitTook is how long submitting every job took, ms.
	SubmitTook float64         `json:"submit_ms"`
	Innocent   InnocentSummary `json:"innocent"`
	Hostile    HostileSummary  `json:"hostile"`
	// Lost are jobs with no result by the end, reply or stored.
	Lost []string `json:"lost"`
	// Duplicates are jobs answered more than once.
	Duplicates []string `json:"duplicates"`
	// ViaKV counts results found only in the results bucket (their reply
	// never came).
	ViaKV        int          `json:"via_kv"`
	SubmitErrors int          `json:"submit_errors"`
	Chaos        ChaosSummary `json:"chaos"`
	// Jobs holds every job, in submission order.
	Jobs []SoakRecord `json:"jobs"`
}

// SoakConfigJSON is the configuration as recorded in a report.
type SoakConfigJSON struct {
	Jobs            int          `json:"jobs"`
	HostileFraction float64      `json:"hostile_fraction"`
	Kinds           []string     `json:"kinds"`
	KillEveryMS     float64      `json:"kill_every_ms"`
	Chaos           string       `json:"chaos"`
	Concurrency     int          `json:"concurrency"`
	Seed            uint64       `json:"seed"`
	Mix             PlacementMix `json:"placement_mix"`
	InnocentTimeout string       `json:"innocent_timeout"`
	HostileTimeout  string       `json:"hostile_timeout"`
	Drain           string       `json:"drain"`
	Queue           string       `json:"queue,omitempty"`
	// Extra carries the caller's settings (NATS URL, worker pid...).
	Extra map[string]string `json:"extra,omitempty"`
}

func soakConfigJSON(c SoakConfig, chaos bool) SoakConfigJSON {
	desc := "no chaos"
	if chaos {
		desc = fmt.Sprintf("a sidecar SIGKILLed every %s on average", c.KillEvery)
	}
	return SoakConfigJSON{
		Jobs: c.Jobs, HostileFraction: c.HostileFraction, Kinds: c.Kinds,
		KillEveryMS: ms(c.KillEvery), Chaos: desc, Concurrency: c.Concurrency, Seed: c.Seed, Mix: c.Mix,
		InnocentTimeout: c.InnocentTimeout.String(), HostileTimeout: c.HostileTimeout.String(),
		Drain: c.Drain.String(), Queue: c.Queue,
	}
}

// InnocentSummary sums up the well-behaved jobs.
type InnocentSummary struct {
	Jobs int `json:"jobs"`
	// OK ended ok with exit code 0 and their answer.
	OK          int `json:"ok"`
	WrongAnswer int `json:"wrong_answer"`
	Failed      int `json:"failed"`
	// Retried needed more than one run (the worker's retries or
	// JetStream's redelivery).
	Retried int `json:"retried"`
	// ChaosHit had a run in a sidecar the chaos killed.
	ChaosHit int `json:"chaos_hit"`
	// ChaosKilled failed only because the chaos killed the sidecar of
	// their last run, after an earlier run was set aside: not counted in
	// Failed.
	ChaosKilled int `json:"chaos_killed"`
	// Latency is publish to result.
	Latency Summary `json:"latency"`
	Worst   Overrun `json:"worst_overrun"`
}

// HostileSummary sums up the hostile jobs.
type HostileSummary struct {
	Jobs        int         `json:"jobs"`
	Contained   int         `json:"contained"`
	ChaosKilled int         `json:"chaos_killed"`
	Uncontained int         `json:"uncontained"`
	Worst       Overrun     `json:"worst_overrun"`
	Kinds       []*SoakKind `json:"kinds"`
}

// Overrun is the most a job's result came after its timeout, from its
// publish (negative: every result came before the timeout).
type Overrun struct {
	MS  float64 `json:"ms"`
	Job string  `json:"job,omitempty"`
	set bool
}

func (o *Overrun) add(rec SoakRecord) {
	if !o.set || rec.OverrunMS > o.MS {
		o.MS, o.Job, o.set = rec.OverrunMS, rec.ID, true
	}
}

func (s *InnocentSummary) worst(rec SoakRecord) { s.Worst.add(rec) }
func (s *HostileSummary) worst(rec SoakRecord)  { s.Worst.add(rec) }

// SoakKind is one hostile kind's outcome.
type SoakKind struct {
	Kind           string              `json:"kind"`
	About          string              `json:"about"`
	Jobs           int                 `json:"jobs"`
	Statuses       map[jobs.Status]int `json:"statuses"`
	Expected       []jobs.Status       `json:"expected"`
	ChaosKilled    int                 `json:"chaos_killed"`
	Uncontained    int                 `json:"uncontained"`
	WorstOverrunMS float64             `json:"worst_overrun_ms"`
}

// ChaosSummary is what the chaos did.
type ChaosSummary struct {
	Kills int `json:"kills"`
	// NoneLive counts kill attempts that found no sidecar.
	NoneLive   int    `json:"none_live"`
	Errors     int    `json:"errors"`
	FirstError string `json:"first_error,omitempty"`
	// HitJobs counts killed sidecars that some job of the soak ran in.
	HitJobs int         `json:"hit_jobs"`
	Killed  []ChaosKill `json:"killed,omitempty"`
}

// SoakRecord is one job of a soak.
type SoakRecord struct {
	ID      string `json:"id"`
	Kind    string `json:"kind"`
	Hostile bool   `json:"hostile"`
	// Placement is what the job asked for, RanOn where its answer ran.
	Placement  jobs.Placement `json:"placement"`
	TimeoutMS  float64        `json:"timeout_ms"`
	Verdict    string         `json:"verdict"`
	Why        string         `json:"why,omitempty"`
	Status     jobs.Status    `json:"status,omitempty"`
	ExitCode   int            `json:"exit_code"`
	Error      string         `json:"error,omitempty"`
	RanOn      jobs.Placement `json:"ran_on,omitempty"`
	SidecarPID int            `json:"sidecar_pid,omitempty"`
	Attempt    int            `json:"attempt,omitempty"`
	Retries    []jobs.Retry   `json:"retries,omitempty"`
	// ChaosHit: the chaos killed the sidecar of one of its runs while
	// the job was out; ChaosKilledLast: of the run that answered.
	ChaosHit        bool    `json:"chaos_hit,omitempty"`
	ChaosKilledLast bool    `json:"chaos_killed_last,omitempty"`
	ElapsedMS       float64 `json:"elapsed_ms,omitempty"`
	OverrunMS       float64 `json:"overrun_ms,omitempty"`
	Replies         int     `json:"replies"`
	ViaKV           bool    `json:"via_kv,omitempty"`
	WrongID         string  `json:"wrong_id,omitempty"`
	SubmitError     string  `json:"submit_error,omitempty"`
}

// Problems lists every guarantee the soak saw broken; none means fault
// containment held.
func (r *SoakReport) Problems() []string {
	var out []string
	if n := len(r.Lost); n > 0 {
		out = append(out, fmt.Sprintf("%d jobs lost (no result): %s", n, listHead(r.Lost, 5)))
	}
	if n := len(r.Duplicates); n > 0 {
		out = append(out, fmt.Sprintf("%d jobs answered more than once: %s", n, listHead(r.Duplicates, 5)))
	}
	if r.SubmitErrors > 0 {
		out = append(out, fmt.Sprintf("%d jobs could not be submitted", r.SubmitErrors))
	}
	if n := r.Innocent.Failed + r.Innocent.WrongAnswer; n > 0 {
		out = append(out, fmt.Sprintf("%d of %d innocent jobs not ok with their answer (%d failed, %d wrong answer)",
			n, r.Innocent.Jobs, r.Innocent.Failed, r.Innocent.WrongAnswer))
	}
	if r.Hostile.Uncontained > 0 {
		var kinds []string
		for _, k := range r.Hostile.Kinds {
			if k.Uncontained > 0 {
				kinds = append(kinds, fmt.Sprintf("%s %d/%d", k.Kind, k.Uncontained, k.Jobs))
			}
		}
		out = append(out, fmt.Sprintf("%d of %d hostile jobs without a final status naming their cause (%s)",
			r.Hostile.Uncontained, r.Hostile.Jobs, strings.Join(kinds, ", ")))
	}
	return out
}

func listHead(ids []string, n int) string {
	if len(ids) <= n {
		return strings.Join(ids, ", ")
	}
	return strings.Join(ids[:n], ", ") + fmt.Sprintf(" and %d more", len(ids)-n)
}

// Records returns the jobs with the given verdict.
func (r *SoakReport) Records(verdict string) []SoakRecord {
	var out []SoakRecord
	for _, j := range r.Jobs {
		if j.Verdict == verdict {
			out = append(out, j)
		}
	}
	return out
}

// WriteJSON writes the whole report, every job included.
func (r *SoakReport) WriteJSON(w io.Writer) error {
	return json.NewEncoder(w).Encode(r)
}

// statusOrder is the column order of the hostile table.
var statusOrder = []jobs.Status{jobs.StatusTimeout, jobs.StatusKilled, jobs.StatusGuestError, jobs.StatusOK,
	jobs.StatusInfraError, jobs.StatusCancelled, jobs.StatusRejected}

// WriteMarkdown writes the summary, the hostile kinds' final statuses and
// every job that broke a guarantee.
func (r *SoakReport) WriteMarkdown(w io.Writer) error {
	p := &mdWriter{w: w}
	c := r.Config
	p.f("## natsexec chaos soak\n\n")
	p.f("- %d jobs, %.0f%% hostile over %d kinds; placements asked %s; at most %d awaiting their result; seed %d\n",
		c.Jobs, 100*c.HostileFraction, len(c.Kinds), c.Mix, c.Concurrency, c.Seed)
	p.f("- timeouts: innocent %s, hostile %s (ignore-cancel 300ms); chaos: %s\n", c.InnocentTimeout, c.HostileTimeout, c.Chaos)
	p.f("- host: %s/%s, %d CPUs, %s; load average at start %s, at end %s; run took %s (submitting %s)\n",
		r.Host.GOOS, r.Host.GOARCH, r.Host.NumCPU, r.Host.GoVersion, r.Host.LoadStart, r.Host.LoadEnd,
		r.Finished.Sub(r.Started).Round(time.Second), time.Duration(r.SubmitTook*float64(time.Millisecond)).Round(time.Second))
	for _, k := range slices.Sorted(maps.Keys(c.Extra)) {
		p.f("- %s: %s\n", k, c.Extra[k])
	}
	p.f("\n")

	in, h := r.Innocent, r.Hostile
	if r.Interrupted {
		p.f("**Stopped before its end**: %d jobs unfinished, %d not submitted.\n\n", len(r.Records(VerdictUnfinished)), len(r.Records(VerdictNotSubmitted)))
	}
	p.f("| measure | value |\n|---|---|\n")
	p.f("| innocent ok, answer right | %d / %d |\n", in.OK, in.Jobs)
	p.f("| innocent not ok | %d (%d failed, %d wrong answer) |\n", in.Failed+in.WrongAnswer, in.Failed, in.WrongAnswer)
	p.f("| innocent whose last run the chaos killed, after a first death (final by the worker's rules) | %d |\n", in.ChaosKilled)
	p.f("| innocent that needed a retry | %d (%d ran in a sidecar the chaos killed) |\n", in.Retried, in.ChaosHit)
	p.f("| innocent latency, publish to result, ms | p50 %s, p95 %s, p99 %s, max %s |\n",
		fmtMS(in.Latency.P50, in.Latency.N), fmtMS(in.Latency.P95, in.Latency.N), p99(in.Latency), fmtMS(in.Latency.Max, in.Latency.N))
	p.f("| hostile with a final status naming its cause | %d / %d (and %d whose last run the chaos killed) |\n", h.Contained, h.Jobs, h.ChaosKilled)
	p.f("| lost | %d |\n", len(r.Lost))
	p.f("| answered twice | %d |\n", len(r.Duplicates))
	p.f("| worst overrun, innocent (result − publish − timeout) | %s |\n", fmtOverrun(in.Worst, in.Jobs))
	p.f("| worst overrun, hostile | %s |\n", fmtOverrun(h.Worst, h.Jobs))
	p.f("| sidecars killed by the chaos | %d (%d hosting a soak job; %d tries found none live; %d errors) |\n",
		r.Chaos.Kills, r.Chaos.HitJobs, r.Chaos.NoneLive, r.Chaos.Errors)
	if r.ViaKV > 0 || r.SubmitErrors > 0 {
		p.f("| results only in the bucket (reply lost) | %d |\n| submit errors | %d |\n", r.ViaKV, r.SubmitErrors)
	}
	p.f("\n")

	if len(h.Kinds) > 0 {
		p.f("### Hostile jobs: final status by kind\n\n")
		p.f("| kind | what it does | n |")
		for _, s := range statusOrder {
			p.f(" %s |", s)
		}
		p.f(" other | expected | last run killed by the chaos | not contained | worst overrun ms |\n|---|---|---|%s---|---|---|---|---|\n", strings.Repeat("---|", len(statusOrder)))
		for _, k := range h.Kinds {
			p.f("| %s | %s | %d |", k.Kind, k.About, k.Jobs)
			other := k.Jobs
			for _, s := range statusOrder {
				p.f(" %s |", countCell(k.Statuses[s]))
				other -= k.Statuses[s]
			}
			p.f(" %s |", countCell(other))
			var exp []string
			for _, s := range k.Expected {
				exp = append(exp, string(s))
			}
			if !slices.Contains(k.Expected, jobs.StatusTimeout) {
				exp = append(exp, "(timeout)")
			}
			worst := "—"
			if k.Jobs > 0 {
				worst = fmt.Sprintf("%.0f", k.WorstOverrunMS)
			}
			p.f(" %s | %d | %d | %s |\n", strings.Join(exp, ", "), k.ChaosKilled, k.Uncontained, worst)
		}
		p.f("\n")
	}

	p.jobTable("Innocent jobs not ok", append(r.Records(VerdictFailed), r.Records(VerdictWrongAnswer)...))
	p.jobTable("Hostile jobs not contained", r.Records(VerdictUncontained))
	p.jobTable("Jobs whose last run the chaos killed", r.Records(VerdictChaosKilled))
	p.jobTable("Lost jobs", r.Records(VerdictLost))
	if len(r.Duplicates) > 0 {
		p.f("### Jobs answered more than once\n\n%s\n\n", strings.Join(r.Duplicates, ", "))
	}
	if probs := r.Problems(); len(probs) > 0 {
		p.f("### Guarantees broken\n\n")
		for _, s := range probs {
			p.f("- %s\n", s)
		}
	} else {
		p.f("Every guarantee held: no job lost or answered twice, every innocent job ok with its answer, every hostile one stopped with its cause named")
		if n := r.Innocent.ChaosKilled + r.Hostile.ChaosKilled; n > 0 {
			p.f(", but for %d (%d innocent) whose last run the chaos killed", n, r.Innocent.ChaosKilled)
		}
		p.f(".\n")
	}
	return p.err
}

// maxJobRows bounds each job table; the JSON has them all.
const maxJobRows = 50

func (p *mdWriter) jobTable(title string, recs []SoakRecord) {
	if len(recs) == 0 {
		return
	}
	p.f("### %s (%d)\n\n", title, len(recs))
	p.f("| job | kind | asked | ran on | status | attempt | retries | chaos hit | elapsed ms | why |\n|---|---|---|---|---|---|---|---|---|---|\n")
	for i, j := range recs {
		if i == maxJobRows {
			p.f("| … %d more in the JSON report | | | | | | | | | |\n", len(recs)-maxJobRows)
			break
		}
		var retries []string
		for _, rt := range j.Retries {
			retries = append(retries, fmt.Sprintf("%s %s pid %d", rt.Placement, rt.Status, rt.SidecarPID))
		}
		why := j.Why
		if why == "" {
			why = j.Error
		}
		p.f("| %s | %s | %s | %s | %s | %d | %s | %v | %.0f | %s |\n", j.ID, j.Kind, j.Placement, j.RanOn, j.Status, j.Attempt,
			mdCell(strings.Join(retries, "; ")), j.ChaosHit, j.ElapsedMS, mdCell(clip(why, 240)))
	}
	p.f("\n")
}

// mdCell keeps a value on one table row.
func mdCell(s string) string {
	return strings.NewReplacer("|", `\|`, "\n", " ", "\r", " ").Replace(s)
}

func countCell(n int) string {
	if n == 0 {
		return "·"
	}
	return fmt.Sprint(n)
}

func p99(s Summary) string {
	if !s.HasP99 {
		return "—"
	}
	return fmtMS(s.P99, s.N)
}

func fmtOverrun(o Overrun, n int) string {
	if n == 0 {
		return "—"
	}
	return fmt.Sprintf("%.0f ms (%s)", o.MS, o.Job)
}
