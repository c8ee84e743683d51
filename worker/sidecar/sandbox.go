package sidecar

import (
	"errors"
	"fmt"
	"strings"
)

// errNamespacesRefused tells Spawn to try again without namespaces.
var errNamespacesRefused = errors.New("sidecar: namespaces refused")

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
