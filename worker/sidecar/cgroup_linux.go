package sidecar

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
)

// Each sidecar gets a memory and a pids cgroup of its own beneath the
// worker's own cgroups (from /proc/self/cgroup, v1 or v2), so a sidecar's
// memory counts against the worker's container limit and the kernel kills
// that sidecar, and only it, past its own. goja has no heap cap: this is
// the hard line under it.

// cgroupController is where one controller's cgroups live for this worker.
type cgroupController struct {
	name string // "memory" or "pids"
	dir  string // the worker's own cgroup directory in that hierarchy
	path string // the same as /proc/self/cgroup names it
	v2   bool
}

// cgroupHome finds the worker's memory and pids cgroups, once.
var cgroupHome = sync.OnceValues(func() ([]cgroupController, error) {
	self, err := os.ReadFile("/proc/self/cgroup")
	if err != nil {
		return nil, err
	}
	mounts, err := os.Open("/proc/self/mountinfo")
	if err != nil {
		return nil, err
	}
	defer mounts.Close()
	return findCgroups(string(self), mounts, []string{"memory", "pids"})
})

// cgroupMount is a cgroup filesystem from /proc/self/mountinfo.
type cgroupMount struct {
	root, point string
	v2          bool
	controllers []string // v1: from the super options
}

// findCgroups maps each wanted controller to the worker's cgroup directory,
// given /proc/self/cgroup and /proc/self/mountinfo.
func findCgroups(procCgroup string, mountinfo io.Reader, want []string) ([]cgroupController, error) {
	var mounts []cgroupMount
	sc := bufio.NewScanner(mountinfo)
	for sc.Scan() {
		// id parent dev root point opts [optional...] - fstype source superopts
		pre, post, ok := strings.Cut(sc.Text(), " - ")
		f, g := strings.Fields(pre), strings.Fields(post)
		if !ok || len(f) < 5 || len(g) < 3 {
			continue
		}
		switch g[0] {
		case "cgroup":
			mounts = append(mounts, cgroupMount{root: f[3], point: f[4], controllers: strings.Split(g[2], ",")})
		case "cgroup2":
			mounts = append(mounts, cgroupMount{root: f[3], point: f[4], v2: true})
		}
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	var out []cgroupController
	var errs []error
	for _, name := range want {
		c, err := findController(procCgroup, mounts, name)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		out = append(out, c)
	}
	return out, errors.Join(errs...)
}

func findController(procCgroup string, mounts []cgroupMount, name string) (cgroupController, error) {
	var unified string
	haveUnified := false
	for line := range strings.Lines(procCgroup) {
		// hierarchy-id:controllers:path
		parts := strings.SplitN(strings.TrimSpace(line), ":", 3)
		if len(parts) != 3 {
			continue
		}
		if parts[0] == "0" && parts[1] == "" {
			unified, haveUnified = parts[2], true
			continue
		}
		if !slices.Contains(strings.Split(parts[1], ","), name) {
			continue
		}
		for _, m := range mounts {
			if !m.v2 && slices.Contains(m.controllers, name) {
				if dir, ok := underMount(m, parts[2]); ok {
					return cgroupController{name: name, dir: dir, path: parts[2]}, nil
				}
			}
		}
		return cgroupController{}, fmt.Errorf("%s cgroup %s: hierarchy not mounted here", name, parts[2])
	}
	if haveUnified {
		for _, m := range mounts {
			if !m.v2 {
				continue
			}
			dir, ok := underMount(m, unified)
			if !ok {
				continue
			}
			ctl, err := os.ReadFile(filepath.Join(dir, "cgroup.controllers"))
			if err != nil || !slices.Contains(strings.Fields(string(ctl)), name) {
				return cgroupController{}, fmt.Errorf("%s controller not available in cgroup %s", name, unified)
			}
			return cgroupController{name: name, dir: dir, path: unified, v2: true}, nil
		}
	}
	return cgroupController{}, fmt.Errorf("no %s cgroup", name)
}

// underMount is the directory of cgroup path p under mount m, if m shows it.
func underMount(m cgroupMount, p string) (string, bool) {
	rel, err := filepath.Rel(m.root, p)
	if err != nil || rel == ".." || strings.HasPrefix(rel, "../") {
		return "", false
	}
	return filepath.Join(m.point, rel), true
}

// sidecarCgroup is one sidecar's cgroups, one per controller.
type sidecarCgroup struct {
	dirs  []string
	mem   string // the memory cgroup's directory
	v2    bool   // of the memory cgroup
	path  string // the memory cgroup as /proc/<pid>/cgroup names it
	limit int64  // its limit in bytes, 0 for none
}

// newSidecarCgroup puts a freshly started sidecar (which runs no guest
// yet) in cgroups of its own, named uniquely, with the limits set. On error
// it returns what it made too, for remove once the sidecar has exited (it
// may already sit in one of them).
func newSidecarCgroup(pid int, name string, memoryBytes int64, maxTasks int) (*sidecarCgroup, error) {
	cg := &sidecarCgroup{}
	ctls, err := cgroupHome()
	if err != nil {
		return cg, err
	}
	name = "natsexec-sidecar-" + strconv.Itoa(pid) + "-" + name
	for _, c := range ctls {
		dir := filepath.Join(c.dir, name)
		if c.v2 {
			if err := delegate(c); err != nil {
				return cg, err
			}
		}
		if err := os.Mkdir(dir, 0o755); err != nil {
			return cg, fmt.Errorf("%s cgroup under %s: %w", c.name, c.dir, errnoOf(err))
		}
		cg.dirs = append(cg.dirs, dir)
		var limits [][2]string
		switch c.name {
		case "memory":
			if memoryBytes > 0 {
				v := strconv.FormatInt(memoryBytes, 10)
				if c.v2 {
					limits = [][2]string{{"memory.max", v}, {"memory.swap.max", "0"}}
				} else {
					// No swap to hide in, where the kernel accounts it.
					limits = [][2]string{{"memory.limit_in_bytes", v}, {"memory.memsw.limit_in_bytes", v}}
				}
			}
		case "pids":
			limits = [][2]string{{"pids.max", strconv.Itoa(maxTasks)}}
		}
		for i, l := range limits {
			err := os.WriteFile(filepath.Join(dir, l[0]), []byte(l[1]), 0)
			if err != nil && (i == 0 || !errors.Is(err, os.ErrNotExist)) {
				return cg, fmt.Errorf("%s cgroup under %s: set %s: %w", c.name, c.dir, l[0], errnoOf(err))
			}
		}
		if err := os.WriteFile(filepath.Join(dir, "cgroup.procs"), []byte(strconv.Itoa(pid)), 0); err != nil {
			return cg, fmt.Errorf("%s cgroup under %s: add the sidecar: %w", c.name, c.dir, errnoOf(err))
		}
		if c.name == "memory" {
			cg.mem, cg.v2, cg.path, cg.limit = dir, c.v2, filepath.Join(c.path, name), memoryBytes
		}
	}
	return cg, nil
}

// delegate enables the controller for the children of the worker's v2
// cgroup. A v2 cgroup with processes of its own cannot do that (the
// no-internal-process rule), so the worker first moves itself into a leaf
// beside its sidecars, as a container's init does.
var delegateMu sync.Mutex

func delegate(c cgroupController) error {
	delegateMu.Lock()
	defer delegateMu.Unlock()
	ctl := filepath.Join(c.dir, "cgroup.subtree_control")
	if b, err := os.ReadFile(ctl); err == nil && slices.Contains(strings.Fields(string(b)), c.name) {
		return nil
	}
	err := os.WriteFile(ctl, []byte("+"+c.name), 0)
	if errors.Is(err, syscall.EBUSY) {
		leaf := filepath.Join(c.dir, "natsexec-worker-"+strconv.Itoa(os.Getpid()))
		if err := os.Mkdir(leaf, 0o755); err != nil && !errors.Is(err, os.ErrExist) {
			return fmt.Errorf("cgroup %s: make a leaf for the worker: %w", c.dir, err)
		}
		if err := os.WriteFile(filepath.Join(leaf, "cgroup.procs"), []byte(strconv.Itoa(os.Getpid())), 0); err != nil {
			return fmt.Errorf("cgroup %s: move the worker to a leaf: %w", c.dir, err)
		}
		err = os.WriteFile(ctl, []byte("+"+c.name), 0)
	}
	if err != nil {
		return fmt.Errorf("cgroup %s: enable %s for children: %w", c.dir, c.name, err)
	}
	return nil
}

// oomKilled reports whether the kernel killed a process of the memory
// cgroup for passing its limit.
func (cg *sidecarCgroup) oomKilled() bool {
	if cg.mem == "" {
		return false
	}
	file := "memory.oom_control"
	if cg.v2 {
		file = "memory.events"
	}
	b, err := os.ReadFile(filepath.Join(cg.mem, file))
	if err != nil {
		return false
	}
	for line := range strings.Lines(string(b)) {
		if v, ok := strings.CutPrefix(line, "oom_kill "); ok {
			n, _ := strconv.Atoi(strings.TrimSpace(v))
			return n > 0
		}
	}
	return false
}

// peak is the most memory the memory cgroup has charged at once (v1
// memory.max_usage_in_bytes, v2 memory.peak), or 0 where it cannot be read.
func (cg *sidecarCgroup) peak() int64 {
	if cg == nil || cg.mem == "" {
		return 0
	}
	file := "memory.max_usage_in_bytes"
	if cg.v2 {
		file = "memory.peak"
	}
	b, err := os.ReadFile(filepath.Join(cg.mem, file))
	if err != nil {
		return 0
	}
	n, err := strconv.ParseInt(strings.TrimSpace(string(b)), 10, 64)
	if err != nil {
		return 0
	}
	return n
}

// remove deletes the (empty) cgroups; the process must have exited.
func (cg *sidecarCgroup) remove() {
	for _, d := range cg.dirs {
		_ = os.Remove(d)
	}
}
