package sidecar

import (
	"errors"
	"fmt"
	"os"
	"slices"
	"strings"

	"github.com/natsexec/natsexec/jobs"
)

// Sandbox selects how hard a sidecar process is locked down.
type Sandbox string

const (
	// SandboxAuto applies every layer the machine allows and logs a warning
	// for each one it cannot.
	SandboxAuto Sandbox = "auto"
	// SandboxStrict refuses to start a sidecar that cannot get every layer.
	SandboxStrict Sandbox = "strict"
	// SandboxOff applies only the process group, empty env and Pdeathsig.
	// For debugging; never for untrusted code.
	SandboxOff Sandbox = "off"
)

func (s Sandbox) orDefault() Sandbox {
	if s == "" {
		return SandboxAuto
	}
	return s
}

// ParseSandbox reads a --sandbox flag value.
func ParseSandbox(s string) (Sandbox, error) {
	switch v := Sandbox(strings.ToLower(s)); v {
	case "", SandboxAuto:
		return SandboxAuto, nil
	case SandboxStrict, SandboxOff:
		return v, nil
	}
	return "", fmt.Errorf("sandbox %q: want auto, strict or off", s)
}

// refuser returns how confine and harden treat a layer they cannot apply:
// an error under SandboxStrict, else a line in rep.Missing and nil.
func refuser(mode Sandbox, rep *jobs.Sandbox) func(layer string, err error) error {
	return func(layer string, err error) error {
		if mode == SandboxStrict {
			return fmt.Errorf("sandbox layer %s: %w", layer, err)
		}
		rep.Missing = append(rep.Missing, layer+": "+err.Error())
		return nil
	}
}

// ErrSandbox is wrapped by the errors of a sidecar refused under
// SandboxStrict for a missing layer.
var ErrSandbox = errors.New("sidecar: sandbox incomplete")

// checkStrict reports the first layer a strict sandbox requires that sb
// lacks.
func checkStrict(sb *jobs.Sandbox) error {
	if len(sb.Missing) > 0 {
		return fmt.Errorf("%w: %s", ErrSandbox, strings.Join(sb.Missing, "; "))
	}
	for _, ns := range allNamespaces {
		if !slices.Contains(sb.Namespaces, ns) {
			return fmt.Errorf("%w: no %s namespace", ErrSandbox, ns)
		}
	}
	switch {
	case sb.UID == 0 || sb.GID == 0:
		return fmt.Errorf("%w: runs as uid %d gid %d on the host", ErrSandbox, sb.UID, sb.GID)
	case !sb.PrivateRoot:
		return fmt.Errorf("%w: no private root", ErrSandbox)
	case !sb.NoCapabilities:
		return fmt.Errorf("%w: capabilities not dropped", ErrSandbox)
	case !sb.NoNewPrivs:
		return fmt.Errorf("%w: no_new_privs not set", ErrSandbox)
	case sb.Landlock == 0:
		return fmt.Errorf("%w: no Landlock", ErrSandbox)
	case sb.Seccomp == "":
		return fmt.Errorf("%w: no seccomp filter", ErrSandbox)
	case sb.Cgroup == "":
		return fmt.Errorf("%w: no cgroup", ErrSandbox)
	}
	return nil
}

// EnvTestSandbox names the sandbox mode test suites run sidecars in.
const EnvTestSandbox = "NATSEXEC_TEST_SANDBOX"

// TestSandbox is the sandbox mode for tests: strict, so every test runs
// sidecars with every layer, unless NATSEXEC_TEST_SANDBOX says otherwise
// (on a machine that lacks a layer, say "auto").
func TestSandbox() Sandbox {
	sb, err := ParseSandbox(os.Getenv(EnvTestSandbox))
	if err != nil || os.Getenv(EnvTestSandbox) == "" {
		return SandboxStrict
	}
	return sb
}
