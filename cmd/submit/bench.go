package main

import (
	"context"
	"fmt"
	"io"
)

// runBench is the hook for `submit bench`; bench/ replaces this file.
func runBench(_ context.Context, _, stderr io.Writer, _ []string) int {
	fmt.Fprintln(stderr, "submit bench: not built yet")
	return exitUsage
}
