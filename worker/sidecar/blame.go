package sidecar

// Blame names the job a sidecar was killed for and why. A sidecar hosting
// many VMs dies for all of them; the worker records which one it was killed
// on account of, so the others can be retried as the innocents they are.
type Blame struct {
	// Job is the id of the job whose VM made the worker kill the sidecar.
	Job string
	// Reason says what that job did: hung past its deadline, ignored a
	// cancel, overran its compile.
	Reason string
}

// KillFor kills the sidecar on job's account. The first blame sticks: a
// sidecar is killed once, for the first reason found.
func (p *Process) KillFor(job, reason string) {
	p.blame.CompareAndSwap(nil, &Blame{Job: job, Reason: reason})
	p.Kill()
}

// Blamed returns whom the worker killed the sidecar for, or nil when it did
// not (the sidecar is alive, exited, crashed or was killed from outside).
func (p *Process) Blamed() *Blame { return p.blame.Load() }
