package goja

// natsexec patch: Node's process.nextTick queue.
//
// Node runs the callbacks queued by process.nextTick before the promise
// jobs, once the current macrotask (the main module, a timer, an I/O
// callback) returns, and again each time the promise jobs have drained:
// sync, tick, promise, microtask, timeout. Upstream goja has one job queue,
// so an embedder can only make ticks promise jobs, which puts them in the
// wrong order. The queue itself stays the embedder's; goja only asks it to
// run at those points.

type tickQueue struct {
	run     func(FunctionCall) Value
	pending func() bool
}

// SetTickQueue installs the tick queue: when the outermost call returns,
// and whenever the promise jobs have drained, run (a function) is called
// if pending reports callbacks waiting. run must drain the queue and catch
// what the callbacks throw; an exception escaping it is dropped like a
// promise job's. A nil run removes the queue.
func (r *Runtime) SetTickQueue(run Value, pending func() bool) {
	if run == nil || pending == nil {
		r.ticks = tickQueue{}
		return
	}
	r.ticks = tickQueue{run: r.toCallable(run), pending: pending}
}

// runTicks runs the tick queue if anything waits in it and reports whether
// it did.
func (r *Runtime) runTicks() bool {
	if r.ticks.pending == nil || !r.ticks.pending() {
		return false
	}
	_ = r.vm.try(func() { r.ticks.run(FunctionCall{This: _undefined}) })
	return true
}
