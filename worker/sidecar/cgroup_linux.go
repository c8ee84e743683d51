package sidecar

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// A memory cgroup per sidecar is the hard line under goja, which has no
// heap cap of its own: the kernel counts every page the sidecar touches and
// kills it, and only it, past the limit. Both cgroup v1 (the memory
// hierarchy) and v2 (the unified one, with the memory controller enabled)
// are handled; where neither is writable, Spawn falls back to the
// address-space rlimit with a logged warning.
type memCgroup struct {
	dir string
	v2  bool
}

var cgroupRoots = []struct {
	dir string
	v2  bool
}{
	{"/sys/fs/cgroup/memory", false},
	{"/sys/fs/cgroup", true},
	{"/sys/fs/cgroup/unified", true},
}

// newMemCgroup creates a cgroup named for the sidecar with the limit set.
func newMemCgroup(name string, limit int64) (*memCgroup, error) {
	var errs []error
	for _, root := range cgroupRoots {
		if root.v2 {
			ctl, err := os.ReadFile(filepath.Join(root.dir, "cgroup.subtree_control"))
			if err != nil || !strings.Contains(string(ctl), "memory") {
				errs = append(errs, fmt.Errorf("%s: memory controller not delegated", root.dir))
				continue
			}
		} else if _, err := os.Stat(filepath.Join(root.dir, "memory.limit_in_bytes")); err != nil {
			errs = append(errs, err)
			continue
		}
		parent := filepath.Join(root.dir, "natsexec")
		if err := os.MkdirAll(parent, 0o755); err != nil {
			errs = append(errs, err)
			continue
		}
		if root.v2 {
			// Children of natsexec need the controller too.
			_ = os.WriteFile(filepath.Join(parent, "cgroup.subtree_control"), []byte("+memory"), 0)
		}
		cg := &memCgroup{dir: filepath.Join(parent, name), v2: root.v2}
		if err := os.Mkdir(cg.dir, 0o755); err != nil && !errors.Is(err, os.ErrExist) {
			errs = append(errs, err)
			continue
		}
		file, val := "memory.limit_in_bytes", strconv.FormatInt(limit, 10)
		if root.v2 {
			file = "memory.max"
		}
		if err := os.WriteFile(filepath.Join(cg.dir, file), []byte(val), 0); err != nil {
			cg.remove()
			errs = append(errs, err)
			continue
		}
		if !root.v2 {
			// No swap to hide in, where the kernel accounts it.
			_ = os.WriteFile(filepath.Join(cg.dir, "memory.memsw.limit_in_bytes"), []byte(val), 0)
		} else {
			_ = os.WriteFile(filepath.Join(cg.dir, "memory.swap.max"), []byte("0"), 0)
		}
		return cg, nil
	}
	return nil, fmt.Errorf("no writable memory cgroup: %w", errors.Join(errs...))
}

// add moves a process into the cgroup.
func (cg *memCgroup) add(pid int) error {
	return os.WriteFile(filepath.Join(cg.dir, "cgroup.procs"), []byte(strconv.Itoa(pid)), 0)
}

// oomKilled reports whether the kernel killed a process of the cgroup for
// passing the limit.
func (cg *memCgroup) oomKilled() bool {
	file, key := "memory.oom_control", "oom_kill "
	if cg.v2 {
		file, key = "memory.events", "oom_kill "
	}
	b, err := os.ReadFile(filepath.Join(cg.dir, file))
	if err != nil {
		return false
	}
	for _, line := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(line, key); ok {
			n, _ := strconv.Atoi(strings.TrimSpace(v))
			return n > 0
		}
	}
	return false
}

// remove deletes the (empty) cgroup; the process must have exited.
func (cg *memCgroup) remove() {
	_ = os.Remove(cg.dir)
}
