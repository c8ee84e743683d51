//go:build race

package guest

// raceOn: the race detector slows the interpreter tenfold or more, which
// makes timing assertions meaningless.
const raceOn = true
