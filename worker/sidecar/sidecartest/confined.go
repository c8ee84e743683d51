// Package sidecartest checks sidecars from outside, for tests of every
// package that runs them. It reads the kernel's view (/proc), not what a
// sidecar says of itself.
package sidecartest

import (
	"os"
	"strconv"
	"strings"
	"testing"
)

// AssertConfined reads a live sidecar's /proc entries from the host's side
// and fails t unless every layer holds: on every thread, non-zero uid and
// gid outside, every capability set empty, no supplementary groups,
// no_new_privs and a seccomp filter; pid 1 of its PID namespace, loopback
// its only network interface and no route; and user/pid/mnt/net/ipc/uts/cgroup namespaces of its own, memory and
// pids cgroups beneath the caller's.
func AssertConfined(t testing.TB, pid int) {
	t.Helper()
	dir := "/proc/" + strconv.Itoa(pid)
	// Every thread: credentials, no_new_privs and seccomp are per thread,
	// and one that kept a capability would be the way out.
	tasks, err := os.ReadDir(dir + "/task")
	if err != nil || len(tasks) == 0 {
		t.Fatalf("threads of %d: %v", pid, err)
	}
	for _, task := range tasks {
		assertThread(t, dir+"/task/"+task.Name()+"/status")
	}
	// Pid 1 of its own PID namespace; no network interface but loopback.
	status, _ := os.ReadFile(dir + "/status")
	for line := range strings.Lines(string(status)) {
		if v, ok := strings.CutPrefix(line, "NSpid:"); ok {
			if f := strings.Fields(v); len(f) != 2 || f[1] != "1" {
				t.Errorf("NSpid: %s", strings.TrimSpace(v))
			}
		}
	}
	netdev, err := os.ReadFile(dir + "/net/dev")
	if err != nil {
		t.Fatal(err)
	}
	for i, line := range strings.Split(strings.TrimSpace(string(netdev)), "\n") {
		if name, _, _ := strings.Cut(strings.TrimSpace(line), ":"); i >= 2 && name != "lo" {
			t.Errorf("network interface %q in the sidecar's namespace", name)
		}
	}
	if route, err := os.ReadFile(dir + "/net/route"); err != nil || strings.Count(string(route), "\n") > 1 {
		t.Errorf("routes in the sidecar's network namespace (%v):\n%s", err, route)
	}
	for _, ns := range []string{"user", "pid", "mnt", "net", "ipc", "uts", "cgroup"} {
		theirs, err1 := os.Readlink(dir + "/ns/" + ns)
		ours, err2 := os.Readlink("/proc/self/ns/" + ns)
		if err1 != nil || err2 != nil || theirs == ours {
			t.Errorf("%s namespace: sidecar %s, worker %s (%v %v)", ns, theirs, ours, err1, err2)
		}
	}
	theirs, _ := os.ReadFile(dir + "/cgroup")
	ours, _ := os.ReadFile("/proc/self/cgroup")
	for _, ctl := range []string{"memory", "pids"} {
		s, w := cgroupOf(string(theirs), ctl), cgroupOf(string(ours), ctl)
		if s == "" || !strings.HasPrefix(s, strings.TrimSuffix(w, "/")+"/") {
			t.Errorf("%s cgroup %q is not beneath the worker's %q", ctl, s, w)
		}
	}
}

func assertThread(t testing.TB, statusFile string) {
	t.Helper()
	status, err := os.ReadFile(statusFile)
	if err != nil {
		if os.IsNotExist(err) {
			return // a thread that just exited
		}
		t.Fatal(err)
	}
	fields := map[string]string{}
	for line := range strings.Lines(string(status)) {
		k, v, _ := strings.Cut(line, ":")
		fields[k] = strings.TrimSpace(v)
	}
	for _, k := range []string{"Uid", "Gid"} {
		for id := range strings.FieldsSeq(fields[k]) {
			if id == "0" {
				t.Errorf("%s %s: %s", statusFile, k, fields[k])
			}
		}
	}
	for _, k := range []string{"CapInh", "CapPrm", "CapEff", "CapBnd", "CapAmb"} {
		if fields[k] != "0000000000000000" {
			t.Errorf("%s %s: %s", statusFile, k, fields[k])
		}
	}
	if fields["NoNewPrivs"] != "1" || fields["Seccomp"] != "2" {
		t.Errorf("%s NoNewPrivs %s Seccomp %s", statusFile, fields["NoNewPrivs"], fields["Seccomp"])
	}
	if fields["Groups"] != "" {
		t.Errorf("%s supplementary groups: %s", statusFile, fields["Groups"])
	}
}

// cgroupOf is the v1 cgroup of a controller, or the v2 one, from a
// /proc/<pid>/cgroup text.
func cgroupOf(procCgroup, ctl string) string {
	var unified string
	for line := range strings.Lines(procCgroup) {
		parts := strings.SplitN(strings.TrimSpace(line), ":", 3)
		if len(parts) != 3 {
			continue
		}
		if parts[1] == "" {
			unified = parts[2]
		}
		for c := range strings.SplitSeq(parts[1], ",") {
			if c == ctl {
				return parts[2]
			}
		}
	}
	return unified
}

// Children lists the live child processes of the calling process: in a
// test that runs sidecars, those sidecars.
func Children(t testing.TB) []int {
	t.Helper()
	self := strconv.Itoa(os.Getpid())
	entries, err := os.ReadDir("/proc")
	if err != nil {
		t.Fatal(err)
	}
	var pids []int
	for _, e := range entries {
		pid, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		b, err := os.ReadFile("/proc/" + e.Name() + "/stat")
		if err != nil {
			continue
		}
		// pid (comm) state ppid: comm may hold spaces, so split after ')'.
		s := string(b)
		rest := strings.Fields(s[strings.LastIndexByte(s, ')')+1:])
		if len(rest) > 1 && rest[1] == self && rest[0] != "Z" {
			pids = append(pids, pid)
		}
	}
	return pids
}

// Serving reports whether a sidecar has finished confining itself (its
// seccomp filter, the last layer, is on): before that it is still setting
// up, as uid 0 of its own user namespace.
func Serving(pid int) bool {
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/status")
	return err == nil && strings.Contains(string(b), "\nSeccomp:\t2\n")
}
