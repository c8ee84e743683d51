package sidecar

import (
	"os"
	"os/exec"
	"testing"
)

// BenchmarkStartNamespaces times starting a process (/bin/true, so the
// sidecar's own start is not in it) with each of Spawn's namespace
// attempts: what the kernel's clone and Go's fork/exec cost for them.
// With a user namespace Go cannot use vfork: the child waits for the
// parent to write its id maps.
func BenchmarkStartNamespaces(b *testing.B) {
	if os.Geteuid() != 0 {
		b.Skip("the attempts without a user namespace need root")
	}
	for _, a := range nsAttempts {
		b.Run(a.name, func(b *testing.B) {
			uid, gid := sidecarIdentity(SpawnOptions{})
			for b.Loop() {
				cmd := exec.Command("/bin/true")
				cmd.SysProcAttr = sysProcAttr(a, uid, gid)
				if err := cmd.Start(); err != nil {
					b.Fatal(err)
				}
				b.StopTimer()
				_ = cmd.Wait()
				b.StartTimer()
			}
		})
	}
}
