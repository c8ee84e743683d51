package sidecar

import (
	"bytes"
	"os"
	"strconv"
)

// readRSS returns a resident set size from a /proc/<pid>/statm file, or 0.
func readRSS(statm string) int64 {
	b, err := os.ReadFile(statm)
	if err != nil {
		return 0
	}
	f := bytes.Fields(b)
	if len(f) < 2 {
		return 0
	}
	pages, err := strconv.ParseInt(string(f[1]), 10, 64)
	if err != nil {
		return 0
	}
	return pages * int64(os.Getpagesize())
}

// readPeakRSS returns the peak resident set size (VmHWM) from a
// /proc/<pid>/status file, or 0.
func readPeakRSS(status string) int64 {
	b, err := os.ReadFile(status)
	if err != nil {
		return 0
	}
	for line := range bytes.Lines(b) {
		if v, ok := bytes.CutPrefix(line, []byte("VmHWM:")); ok {
			f := bytes.Fields(v) // "1234 kB"
			if len(f) == 2 && string(f[1]) == "kB" {
				kb, err := strconv.ParseInt(string(f[0]), 10, 64)
				if err == nil {
					return kb << 10
				}
			}
			return 0
		}
	}
	return 0
}

// PeakMemory is the most memory the sidecar has held since it started, as
// the kernel counts it: its memory cgroup's peak charge (what its limit is
// judged by: resident memory and the page cache of its files) where it has
// one, else its peak resident size; 0 once it has exited. For an owned
// sidecar it is the job's peak, runtime included.
func (p *Process) PeakMemory() int64 {
	select {
	case <-p.cgroupDone:
		if n := p.cgroup.peak(); n > 0 {
			return n
		}
	default:
	}
	return readPeakRSS("/proc/" + strconv.Itoa(p.PID()) + "/status")
}
