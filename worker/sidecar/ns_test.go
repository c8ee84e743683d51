package sidecar

import (
	"testing"
)

// Where the machine refuses namespaces (non-root, a container's seccomp
// profile), the first sidecar still starts, without them, on fresh pipes.
func TestSpawnFallsBackWithoutNamespaces(t *testing.T) {
	if nsUnavailable.Load() {
		t.Skip("namespaces already marked unavailable")
	}
	forceNamespaceRefusal.Store(true)
	t.Cleanup(func() {
		forceNamespaceRefusal.Store(false)
		nsUnavailable.Store(false)
	})
	p := spawnTest(t, SpawnOptions{})
	if _, err := p.Stats(t.Context()); err != nil {
		t.Fatalf("sidecar started without namespaces does not answer: %v", err)
	}
	if !nsUnavailable.Load() {
		t.Error("refusal not remembered")
	}
}
