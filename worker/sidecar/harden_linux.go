package sidecar

import (
	"errors"
	"runtime"

	"golang.org/x/sys/unix"

	"github.com/natsexec/natsexec/jobs"
)

// AddressSpaceOverhead is added to a sidecar's memory limit for its
// address-space rlimit: the Go runtime and wazero reserve far more virtual
// memory than they touch (a sidecar idles at ~1.7 GB of address space and
// ~30 MB resident), so the rlimit is only a backstop; the memory cgroup is
// the precise line.
const AddressSpaceOverhead = 3 << 30

// harden follows confine: it checks that no thread kept a capability,
// sets rlimits, and installs the seccomp allow-list on every thread (TSYNC,
// which also gives every thread the caller's no_new_privs). It records what
// it applied in rep; a layer it cannot apply is an error under
// SandboxStrict.
func harden(sb Sandbox, rep *jobs.Sandbox, memoryBytes int64, maxFiles uint64) error {
	refuse := refuser(sb, rep)
	if rep.NoCapabilities && !capabilitiesEmpty() {
		return errors.New("capabilities were dropped but this thread holds some")
	}
	limits := []struct {
		name string
		res  int
		val  uint64
	}{
		{"rlimit_core", unix.RLIMIT_CORE, 0},
		{"rlimit_nofile", unix.RLIMIT_NOFILE, maxFiles},
	}
	if memoryBytes > 0 {
		limits = append(limits, struct {
			name string
			res  int
			val  uint64
		}{"rlimit_as", unix.RLIMIT_AS, uint64(memoryBytes + AddressSpaceOverhead)})
	}
	for _, l := range limits {
		if err := unix.Setrlimit(l.res, &unix.Rlimit{Cur: l.val, Max: l.val}); err != nil {
			if err := refuse(l.name, err); err != nil {
				return err
			}
		}
	}
	// no_new_privs is per thread, and seccomp needs it on the thread that
	// installs the filter (TSYNC then gives it to all): one thread for both.
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	if err := unix.Prctl(unix.PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0); err != nil {
		if err := refuse("no_new_privs", err); err != nil {
			return err
		}
	}
	if err := installSeccomp(); err != nil {
		if err := refuse("seccomp", err); err != nil {
			return err
		}
	} else {
		rep.Seccomp = "allow-list"
	}
	nnp, err := unix.PrctlRetInt(unix.PR_GET_NO_NEW_PRIVS, 0, 0, 0, 0)
	rep.NoNewPrivs = err == nil && nnp == 1
	return nil
}
