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
