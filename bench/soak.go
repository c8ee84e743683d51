package bench

// The chaos soak: many jobs through a real worker fleet over NATS, some of
// them hostile, while sidecars are killed at random from outside. It proves
// fault containment end to end: every innocent job ends ok with its right
// answer however its neighbours behave and whatever dies under it, every
// hostile job ends with a final status that names what stopped it, no job
// is lost and none answered twice.

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nuid"

	"github.com/natsexec/natsexec/client"
	"github.com/natsexec/natsexec/jobs"
)

// Soak defaults: the figures.
const (
	DefaultSoakJobs            = 2000
	DefaultSoakHostileFraction = 0.10
	DefaultSoakKillEvery       = 2 * time.Second
	DefaultSoakConcurrency     = 32
	DefaultSoakInnocentTimeout = 5 * time.Second
	DefaultSoakHostileTimeout  = 2 * time.Second
)

// PlacementMix weighs the placements jobs ask for; the weights need not add
// up to one.
type PlacementMix struct {
	Shared   float64 `json:"shared"`
	Owned    float64 `json:"owned"`
	Resident float64 `json:"resident"`
}

// DefaultPlacementMix is mostly shared, some owned and resident.
var DefaultPlacementMix = PlacementMix{Shared: 0.8, Owned: 0.1, Resident: 0.1}

// ParsePlacementMix reads "shared=8,owned=1,resident=1"; placements left
// out weigh nothing.
func ParsePlacementMix(s string) (PlacementMix, error) {
	var m PlacementMix
	for f := range strings.SplitSeq(s, ",") {
		k, v, ok := strings.Cut(strings.TrimSpace(f), "=")
		w, err := strconv.ParseFloat(v, 64)
		if !ok || err != nil || w < 0 || math.IsInf(w, 0) || math.IsNaN(w) {
			return m, fmt.Errorf("placement mix %q: want placement=weight, e.g. shared=8,owned=1,resident=1", f)
		}
		switch jobs.Placement(k) {
		case jobs.PlacementShared:
			m.Shared = w
		case jobs.PlacementOwned:
			m.Owned = w
		case jobs.PlacementResident:
			m.Resident = w
		default:
			return m, fmt.Errorf("placement mix: unknown placement %q", k)
		}
	}
	return m, m.validate()
}

func (m PlacementMix) validate() error {
	if m.Shared < 0 || m.Owned < 0 || m.Resident < 0 || !(m.Shared+m.Owned+m.Resident > 0) {
		return fmt.Errorf("placement mix %s: weights must be non-negative, and not all zero", m)
	}
	return nil
}

func (m PlacementMix) String() string {
	return fmt.Sprintf("shared=%g,owned=%g,resident=%g", m.Shared, m.Owned, m.Resident)
}

func (m PlacementMix) pick(rng *rand.Rand) jobs.Placement {
	x := rng.Float64() * (m.Shared + m.Owned + m.Resident)
	switch {
	case x < m.Owned:
		return jobs.PlacementOwned
	case x < m.Owned+m.Resident:
		return jobs.PlacementResident
	}
	return jobs.PlacementShared
}

// SoakConfig is one chaos soak; start from DefaultSoakConfig. Zero fields
// take the defaults, but for HostileFraction and KillEvery, where zero
// means none.
type SoakConfig struct {
	Jobs int
	// HostileFraction of the jobs are hostile (rounded to a whole job),
	// spread evenly over Kinds.
	HostileFraction float64
	// Kinds names the hostile kinds to use (default: every HostileKinds).
	Kinds []string
	// KillEvery is the mean interval (exponentially distributed) between
	// SIGKILLs of a random live sidecar; zero disables the chaos.
	KillEvery time.Duration
	// Concurrency bounds jobs submitted whose result has not come.
	Concurrency int
	// Seed makes the job plan (which jobs are hostile, their kinds,
	// placements and answers) repeatable; the chaos and the fleet are not.
	Seed uint64
	Mix  PlacementMix
	// InnocentTimeout and HostileTimeout are the jobs' limits.timeout.
	InnocentTimeout, HostileTimeout time.Duration
	// JobWait is how long a job holds its place among the Concurrency
	// before the soak submits the next one anyway; its result still counts
	// if it comes before the end (default 2m).
	JobWait time.Duration
	// Drain is how long, after the last submission, the soak waits for the
	// missing results before it counts them lost (default 3m).
	Drain time.Duration
	// Settle is how long the soak listens on once every result is in, for
	// a second answer to any job (default 2s).
	Settle time.Duration
	Queue  string
	Codec  jobs.Codec
	// ProgressEvery is the interval of progress lines (default 5s).
	ProgressEvery time.Duration
}

// DefaultSoakConfig is the soak: 2,000 jobs, 10% hostile, a kill
// every 2 s on average.
func DefaultSoakConfig() SoakConfig {
	return SoakConfig{
		Jobs:            DefaultSoakJobs,
		HostileFraction: DefaultSoakHostileFraction,
		KillEvery:       DefaultSoakKillEvery,
		Concurrency:     DefaultSoakConcurrency,
		Seed:            1,
		Mix:             DefaultPlacementMix,
		InnocentTimeout: DefaultSoakInnocentTimeout,
		HostileTimeout:  DefaultSoakHostileTimeout,
	}
}

func (c *SoakConfig) setDefaults() {
	d := DefaultSoakConfig()
	if c.Jobs == 0 {
		c.Jobs = d.Jobs
	}
	if c.Concurrency == 0 {
		c.Concurrency = d.Concurrency
	}
	if c.Mix == (PlacementMix{}) {
		c.Mix = d.Mix
	}
	if c.InnocentTimeout == 0 {
		c.InnocentTimeout = d.InnocentTimeout
	}
	if c.HostileTimeout == 0 {
		c.HostileTimeout = d.HostileTimeout
	}
	if len(c.Kinds) == 0 {
		c.Kinds = HostileKindNames()
	}
	if c.JobWait <= 0 {
		c.JobWait = 2 * time.Minute
	}
	if c.Drain <= 0 {
		c.Drain = 3 * time.Minute
	}
	if c.Settle <= 0 {
		c.Settle = 2 * time.Second
	}
	if c.ProgressEvery <= 0 {
		c.ProgressEvery = 5 * time.Second
	}
}

// Validate checks a configuration whose defaults are set.
func (c *SoakConfig) Validate() error {
	var errs []error
	if c.Jobs < 1 {
		errs = append(errs, errors.New("jobs must be at least 1"))
	}
	if !(c.HostileFraction >= 0 && c.HostileFraction <= 1) {
		errs = append(errs, fmt.Errorf("hostile fraction %g is outside 0..1", c.HostileFraction))
	}
	if c.KillEvery < 0 {
		errs = append(errs, fmt.Errorf("kill interval %s is negative", c.KillEvery))
	}
	if c.Concurrency < 1 {
		errs = append(errs, errors.New("concurrency must be at least 1"))
	}
	if err := c.Mix.validate(); err != nil {
		errs = append(errs, err)
	}
	for _, d := range []time.Duration{c.InnocentTimeout, c.HostileTimeout} {
		if d < 0 || d > jobs.MaxTimeout {
			errs = append(errs, fmt.Errorf("timeout %s is outside 0..%s", d, jobs.MaxTimeout))
		}
	}
	for _, k := range c.Kinds {
		if _, ok := hostileKind(k); !ok {
			errs = append(errs, fmt.Errorf("unknown hostile kind %q (known: %s)", k, strings.Join(HostileKindNames(), ", ")))
		}
	}
	return errors.Join(errs...)
}

// ErrNoSidecar is what a killer returns when no sidecar is alive to kill.
var ErrNoSidecar = errors.New("no live sidecar")

// soakJob is one planned job and, under soakRun.mu, what came of it.
type soakJob struct {
	idx       int
	kind      string
	hostile   *HostileKind
	placement jobs.Placement
	timeout   time.Duration
	want      string // an innocent's stdout
	job       *jobs.Job

	published time.Time
	submitErr error
	done      chan struct{} // closed on the first result

	replies int
	res     *soakResult
}

type soakResult struct {
	at        time.Time
	status    jobs.Status
	exitCode  int
	err       string
	stdout    string // an innocent's; a hostile's is not kept
	placement jobs.Placement
	pid       int
	attempt   int
	retries   []jobs.Retry
	viaKV     bool
	wrongID   string
}

// plan lays out the jobs: which are hostile and of what kind, where each
// asks to run, and what each innocent must print.
func planSoak(cfg SoakConfig, runID string) []*soakJob {
	rng := rand.New(rand.NewPCG(cfg.Seed, 0x50a4))
	n := cfg.Jobs
	nHostile := int(math.Round(float64(n) * cfg.HostileFraction))
	kinds := make([]*HostileKind, nHostile)
	for i := range kinds {
		kinds[i], _ = hostileKind(cfg.Kinds[i%len(cfg.Kinds)])
	}
	// Hostile jobs at random positions, innocent ones in between.
	slots := make([]*HostileKind, n)
	copy(slots, kinds)
	rng.Shuffle(n, func(i, j int) { slots[i], slots[j] = slots[j], slots[i] })
	plan := make([]*soakJob, n)
	for i := range n {
		j := &soakJob{idx: i, hostile: slots[i], placement: cfg.Mix.pick(rng), done: make(chan struct{})}
		job := &jobs.Job{ID: runID + "-" + strconv.Itoa(i), Placement: j.placement}
		if k := j.hostile; k != nil {
			j.kind, j.timeout = k.Name, cmpDur(k.Timeout, cfg.HostileTimeout)
			job.Runtime, job.Source, job.Limits = k.Runtime, k.Source(), k.Limits
		} else {
			ik := innocentKinds[rng.IntN(len(innocentKinds))]
			j.kind, j.timeout = ik.name, cfg.InnocentTimeout
			job.Runtime = ik.runtime
			job.Source, j.want = ik.make(i, rng)
		}
		job.Limits.Timeout = jobs.Duration(j.timeout)
		j.job = job
		plan[i] = j
	}
	return plan
}

func cmpDur(a, b time.Duration) time.Duration {
	if a > 0 {
		return a
	}
	return b
}

// soakRun is a soak in progress.
type soakRun struct {
	cfg    SoakConfig
	plan   []*soakJob
	client *client.Client
	prefix string // reply subjects are prefix + job index
	sent   atomic.Int64

	mu       sync.Mutex
	results  int
	kills    []ChaosKill
	noneLive int
	killErrs int
	killErr  string
}

// ChaosKill is one sidecar killed by the chaos.
type ChaosKill struct {
	PID int       `json:"pid"`
	At  time.Time `json:"at"`
}

// Soak runs a chaos soak through c: it submits cfg.Jobs jobs on the
// durable path (JetStream), at most cfg.Concurrency awaiting their result,
// while killer, every cfg.KillEvery on average, SIGKILLs a live sidecar
// (nil killer: no chaos). Results arrive on a reply subject of the soak's
// own, so a job answered twice is seen; one whose reply never came is
// looked up in the results bucket before it counts as lost. Progress lines
// go to progress (nil: none). The report is returned even when ctx ends
// early, with ctx's error.
func Soak(ctx context.Context, c *client.Client, cfg SoakConfig, killer func() (pid int, err error), progress io.Writer) (*SoakReport, error) {
	if c == nil {
		return nil, errors.New("bench: soak: nil client")
	}
	cfg.setDefaults()
	if err := cfg.Validate(); err != nil {
		return nil, fmt.Errorf("bench: soak: %w", err)
	}
	if progress == nil {
		progress = io.Discard
	}
	runID := "soak-" + nuid.Next()
	s := &soakRun{cfg: cfg, plan: planSoak(cfg, runID), client: c}
	rep := &SoakReport{Started: time.Now().UTC(), Host: hostInfo(), RunID: runID}
	rep.Config = soakConfigJSON(cfg, killer != nil && cfg.KillEvery > 0)

	nc := c.Conn()
	s.prefix = nc.NewInbox() + "."
	sub, err := nc.Subscribe(s.prefix+"*", s.onReply)
	if err != nil {
		return nil, fmt.Errorf("bench: soak: reply subscription: %w", err)
	}
	defer func() { _ = sub.Unsubscribe() }()
	// Results of output floods are a MiB each: never drop one for being
	// slow to read.
	_ = sub.SetPendingLimits(-1, -1)
	// The subscription must reach the server before any job names it.
	if err := nc.FlushTimeout(10 * time.Second); err != nil {
		return nil, fmt.Errorf("bench: soak: flush: %w", err)
	}

	var bg sync.WaitGroup
	bgCtx, stopBG := context.WithCancel(ctx)
	defer func() { stopBG(); bg.Wait() }()
	if killer != nil && cfg.KillEvery > 0 {
		bg.Go(func() { s.chaos(bgCtx, killer) })
	}
	bg.Go(func() { s.progress(bgCtx, progress) })

	fmt.Fprintf(progress, "soak %s: %d jobs (%d hostile), concurrency %d, %s\n", runID, cfg.Jobs, s.hostileCount(), cfg.Concurrency, rep.Config.Chaos)
	// Waiters release their job's place once it has a result, or after
	// JobWait, or when the soak ends.
	slots := make(chan struct{}, cfg.Concurrency)
	quit := make(chan struct{})
	var waiters sync.WaitGroup
submit:
	for _, j := range s.plan {
		select {
		case slots <- struct{}{}:
		case <-ctx.Done():
			break submit
		}
		job := *j.job
		job.Reply = s.prefix + strconv.Itoa(j.idx)
		j.published = time.Now()
		if _, err := c.Submit(ctx, &job, client.SubmitOptions{Queue: cfg.Queue, Codec: cfg.Codec, BatchID: runID, Wait: true}); err != nil {
			j.submitErr = err
			s.sent.Add(1)
			<-slots
			fmt.Fprintf(progress, "soak: job %s: %v\n", job.ID, err)
			continue
		}
		s.sent.Add(1)
		waiters.Go(func() {
			t := time.NewTimer(cfg.JobWait)
			defer t.Stop()
			select {
			case <-j.done:
			case <-t.C:
			case <-quit:
			}
			<-slots
		})
	}
	submitted := time.Now()

	// Every result, or the drain bound. The chaos goes on meanwhile: the
	// tail of a soak is where retries pile up.
	drain := time.NewTimer(cfg.Drain)
	defer drain.Stop()
wait:
	for _, j := range s.plan {
		if j.published.IsZero() || j.submitErr != nil {
			continue
		}
		select {
		case <-j.done:
		case <-drain.C:
			break wait
		case <-ctx.Done():
			break wait
		}
	}
	stopBG()
	close(quit)
	waiters.Wait()
	// Listen on a little for second answers.
	select {
	case <-time.After(cfg.Settle):
	case <-ctx.Done():
	}
	s.lookUpMissing(ctx)
	bg.Wait()
	_ = sub.Unsubscribe()

	rep.Finished = time.Now().UTC()
	rep.Host.LoadEnd = loadAvg()
	rep.SubmitTook = ms(submitted.Sub(rep.Started))
	rep.Interrupted = ctx.Err() != nil
	s.fill(rep)
	return rep, ctx.Err()
}

func (s *soakRun) hostileCount() int {
	n := 0
	for _, j := range s.plan {
		if j.hostile != nil {
			n++
		}
	}
	return n
}

// onReply records a result delivered to a job's reply subject.
func (s *soakRun) onReply(m *nats.Msg) {
	at := time.Now()
	idx, err := strconv.Atoi(strings.TrimPrefix(m.Subject, s.prefix))
	if err != nil || idx < 0 || idx >= len(s.plan) {
		return
	}
	res, err := decodeSoakReply(m)
	if err != nil {
		res = &jobs.Result{Status: "undecodable", Error: err.Error()}
	}
	s.record(s.plan[idx], res, at, false)
}

func decodeSoakReply(m *nats.Msg) (*jobs.Result, error) {
	if codec, err := jobs.CodecFor(m.Header.Get(jobs.HeaderContentType)); err == nil && m.Header.Get(jobs.HeaderContentType) != "" {
		r, err := jobs.DecodeResult(codec, m.Data)
		return &r, err
	}
	return client.DecodeStoredResult(m.Data)
}

func (s *soakRun) record(j *soakJob, res *jobs.Result, at time.Time, viaKV bool) {
	r := &soakResult{
		at: at, status: res.Status, exitCode: res.ExitCode, err: clip(res.Error, 600),
		placement: res.Placement, pid: res.SidecarPID, attempt: res.Attempt, viaKV: viaKV,
	}
	if j.hostile == nil {
		r.stdout = clip(string(res.Stdout), 200)
	}
	for _, rt := range res.Retries {
		rt.Error = clip(rt.Error, 300)
		r.retries = append(r.retries, rt)
	}
	if res.JobID != j.job.ID {
		r.wrongID = res.JobID
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	j.replies++
	if j.res != nil {
		return // a second answer: fill lists the job among the duplicates
	}
	j.res = r
	s.results++
	close(j.done)
}

// lookUpMissing asks the results bucket for every job whose reply never
// came: a stored result is an answer whose reply was lost, not a lost job.
func (s *soakRun) lookUpMissing(ctx context.Context) {
	for _, j := range s.plan {
		s.mu.Lock()
		missing := j.res == nil && !j.published.IsZero() && j.submitErr == nil
		s.mu.Unlock()
		if !missing {
			continue
		}
		gctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
		res, err := s.client.Get(gctx, j.job.ID)
		cancel()
		if err == nil && res.Status.Final() {
			s.record(j, res, time.Now(), true)
		}
	}
}

// chaos kills a live sidecar every KillEvery on average until ctx ends.
func (s *soakRun) chaos(ctx context.Context, killer func() (int, error)) {
	rng := rand.New(rand.NewPCG(s.cfg.Seed, 0xc4a05))
	for {
		t := time.NewTimer(time.Duration(rng.ExpFloat64() * float64(s.cfg.KillEvery)))
		select {
		case <-t.C:
		case <-ctx.Done():
			t.Stop()
			return
		}
		pid, err := killer()
		s.mu.Lock()
		switch {
		case errors.Is(err, ErrNoSidecar):
			s.noneLive++
		case err != nil:
			s.killErrs++
			if s.killErr == "" {
				s.killErr = err.Error()
			}
		default:
			s.kills = append(s.kills, ChaosKill{PID: pid, At: time.Now()})
		}
		s.mu.Unlock()
	}
}

func (s *soakRun) progress(ctx context.Context, w io.Writer) {
	t := time.NewTicker(s.cfg.ProgressEvery)
	defer t.Stop()
	for {
		select {
		case <-t.C:
		case <-ctx.Done():
			return
		}
		sent := int(s.sent.Load())
		s.mu.Lock()
		results, kills := s.results, len(s.kills)
		s.mu.Unlock()
		fmt.Fprintf(w, "soak: %d/%d submitted, %d results, %d awaited, %d sidecars killed\n",
			sent, len(s.plan), results, sent-results, kills)
	}
}

func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "…"
}

// fill classifies every job into the report.
func (s *soakRun) fill(rep *SoakReport) {
	s.mu.Lock()
	defer s.mu.Unlock()
	killedAt := map[int][]time.Time{}
	for _, k := range s.kills {
		killedAt[k.PID] = append(killedAt[k.PID], k.At)
	}
	// hit: the chaos killed pid while the job was out, publish to result.
	hit := func(pid int, from, to time.Time) bool {
		for _, at := range killedAt[pid] {
			if !at.Before(from) && !at.After(to) {
				return true
			}
		}
		return false
	}
	rep.Chaos.Kills = len(s.kills)
	rep.Chaos.Killed = slices.Clone(s.kills)
	rep.Chaos.NoneLive = s.noneLive
	rep.Chaos.Errors = s.killErrs
	rep.Chaos.FirstError = s.killErr
	hitPIDs := map[int]bool{}

	kinds := map[string]*SoakKind{}
	for _, name := range s.cfg.Kinds {
		k, _ := hostileKind(name)
		kinds[name] = &SoakKind{Kind: name, About: k.About, Expected: k.Expected, Statuses: map[jobs.Status]int{}}
		rep.Hostile.Kinds = append(rep.Hostile.Kinds, kinds[name])
	}
	var innocentLat []time.Duration
	for _, j := range s.plan {
		rec := SoakRecord{
			ID: j.job.ID, Kind: j.kind, Hostile: j.hostile != nil, Placement: j.placement,
			TimeoutMS: ms(j.timeout), Replies: j.replies,
		}
		if j.submitErr != nil {
			rec.SubmitError = j.submitErr.Error()
		}
		if j.replies > 1 {
			rep.Duplicates = append(rep.Duplicates, j.job.ID)
		}
		if r := j.res; r != nil {
			rec.Status, rec.ExitCode, rec.Error = r.status, r.exitCode, r.err
			rec.RanOn, rec.SidecarPID, rec.Attempt, rec.Retries = r.placement, r.pid, r.attempt, r.retries
			rec.ViaKV, rec.WrongID = r.viaKV, r.wrongID
			elapsed := r.at.Sub(j.published)
			rec.ElapsedMS, rec.OverrunMS = ms(elapsed), ms(elapsed-j.timeout)
			for _, pid := range append([]int{r.pid}, retryPIDs(r.retries)...) {
				if hit(pid, j.published, r.at) {
					rec.ChaosHit = true
					hitPIDs[pid] = true
				}
			}
			// The answer's run ended because its sidecar died, and the
			// chaos had just killed that very sidecar.
			// A run that died opening its session has no pid in the
			// result; the error names the sidecar.
			last := r.pid
			if m := diedPID.FindStringSubmatch(r.err); last == 0 && m != nil {
				last, _ = strconv.Atoi(m[1])
			}
			rec.ChaosKilledLast = last != 0 && hit(last, j.published, r.at) && sidecarDied.MatchString(r.err)
			if r.viaKV {
				rep.ViaKV++
			}
		}
		switch {
		case j.submitErr != nil:
			rep.SubmitErrors++
			rec.Verdict = VerdictNotSubmitted
		case j.published.IsZero():
			rec.Verdict = VerdictNotSubmitted
		case j.res == nil && rep.Interrupted:
			rec.Verdict = VerdictUnfinished
		case j.res == nil:
			rec.Verdict = VerdictLost
			rep.Lost = append(rep.Lost, j.job.ID)
		case j.hostile != nil:
			k := kinds[j.kind]
			k.Jobs++
			k.Statuses[rec.Status]++
			if rec.OverrunMS > k.WorstOverrunMS || k.Jobs == 1 {
				k.WorstOverrunMS = rec.OverrunMS
			}
			rep.Hostile.Jobs++
			rep.Hostile.worst(rec)
			why := j.hostile.judge(rec.Status, rec.Error)
			switch {
			case rec.WrongID != "":
				rec.Verdict, rec.Why = VerdictUncontained, "result names job "+rec.WrongID
			case why == "":
				rec.Verdict = VerdictContained
			case rec.ChaosKilledLast:
				// Its last run died under the chaos, not by its own
				// doing: the status is the kill's, which the error names
				// (infra_error, after the worker ran it again as an
				// innocent as often as it may).
				rec.Verdict, rec.Why = VerdictChaosKilled, "the chaos killed the sidecar of its last run; error: "+rec.Error
			default:
				rec.Verdict, rec.Why = VerdictUncontained, why+"; error: "+rec.Error
			}
			switch rec.Verdict {
			case VerdictContained:
				rep.Hostile.Contained++
			case VerdictChaosKilled:
				k.ChaosKilled++
				rep.Hostile.ChaosKilled++
			default:
				k.Uncontained++
				rep.Hostile.Uncontained++
			}
		default:
			rep.Innocent.Jobs++
			rep.Innocent.worst(rec)
			innocentLat = append(innocentLat, time.Duration(rec.ElapsedMS*float64(time.Millisecond)))
			if len(rec.Retries) > 0 || rec.Attempt > 1 {
				rep.Innocent.Retried++
			}
			if rec.ChaosHit {
				rep.Innocent.ChaosHit++
			}
			switch {
			case rec.Status != jobs.StatusOK && rec.ChaosKilledLast && len(rec.Retries) > 0 && rec.Status.Final() &&
				!strings.Contains(rec.Error, "gave up after"):
				// Run again after a first death, it died under the chaos
				// again: the worker's rules make a second death of a job's
				// owned run final, whoever killed it.
				rec.Verdict = VerdictChaosKilled
				rec.Why = fmt.Sprintf("the chaos killed the sidecar of its last run, after %d earlier run(s) set aside; %s: %s", len(rec.Retries), rec.Status, rec.Error)
				rep.Innocent.ChaosKilled++
			case rec.Status != jobs.StatusOK:
				rec.Verdict, rec.Why = VerdictFailed, fmt.Sprintf("%s: %s", rec.Status, rec.Error)
				rep.Innocent.Failed++
			case rec.ExitCode != 0 || j.res.stdout != j.want || rec.WrongID != "":
				rec.Verdict = VerdictWrongAnswer
				rec.Why = fmt.Sprintf("exit code %d, stdout %q, want %q", rec.ExitCode, j.res.stdout, j.want)
				if rec.WrongID != "" {
					rec.Why = "result names job " + rec.WrongID
				}
				rep.Innocent.WrongAnswer++
			default:
				rec.Verdict = VerdictOK
				rep.Innocent.OK++
			}
		}
		rep.Jobs = append(rep.Jobs, rec)
	}
	rep.Chaos.HitJobs = len(hitPIDs)
	rep.Innocent.Latency = Summarize(innocentLat)
}

// sidecarDied matches the worker's words for a run whose sidecar died
// under it.
var sidecarDied = regexp.MustCompile(`sidecar died|process died|killed by SIGKILL`)

// diedPID finds the sidecar a run died with in the worker's error.
var diedPID = regexp.MustCompile(`sidecar (\d+) killed by SIGKILL`)

func retryPIDs(rs []jobs.Retry) []int {
	out := make([]int, 0, len(rs))
	for _, r := range rs {
		out = append(out, r.SidecarPID)
	}
	return out
}
