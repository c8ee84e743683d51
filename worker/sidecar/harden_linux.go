package sidecar

import (
	"errors"
	"fmt"

	"golang.org/x/sys/unix"

	"github.com/natsexec/natsexec/jobs"
)

// AddressSpaceOverhead is added to a sidecar's memory limit for its
// address-space rlimit: the Go runtime and wazero reserve far more virtual
// memory than they touch (a sidecar idles at ~1.7 GB of address space and
// ~30 MB resident), so the rlimit is only a backstop; the memory cgroup is
// the precise line.
const AddressSpaceOverhead = 3 << 30

// harden is stage 2's part: it checks what stage 1 says it applied where
// it must now hold (on this thread, and so on every thread), sets rlimits
// and installs the seccomp allow-list on every thread. It records what it
// applied in rep; a layer it cannot apply is an error under SandboxStrict.
func harden(sb Sandbox, rep *jobs.Sandbox, memoryBytes int64, maxFiles uint64) error {
	refuse := func(layer string, err error) error {
		if sb == SandboxStrict {
			return fmt.Errorf("sandbox layer %s: %w", layer, err)
		}
		rep.Missing = append(rep.Missing, layer+": "+err.Error())
		return nil
	}
	if nnp, err := unix.PrctlRetInt(unix.PR_GET_NO_NEW_PRIVS, 0, 0, 0, 0); rep.NoNewPrivs && (err != nil || nnp != 1) {
		return errors.New("stage 1 set no_new_privs but stage 2 does not have it")
	}
	if rep.NoCapabilities && !capabilitiesEmpty() {
		return errors.New("stage 1 dropped every capability but stage 2 holds some")
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
	if !rep.NoNewPrivs {
		// seccomp needs it (there is no CAP_SYS_ADMIN to stand in).
		if err := unix.Prctl(unix.PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0); err == nil {
			rep.NoNewPrivs = true
		}
	}
	if err := installSeccomp(); err != nil {
		return refuse("seccomp", err)
	}
	rep.Seccomp = "allow-list"
	return nil
}
