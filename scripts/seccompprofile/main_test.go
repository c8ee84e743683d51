package main

import (
	"bytes"
	"maps"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const threadFlags = "CLONE_VM|CLONE_FS|CLONE_FILES|CLONE_SIGHAND|CLONE_THREAD|CLONE_SYSVSEM|CLONE_SETTLS|CLONE_PARENT_SETTID|CLONE_CHILD_CLEARTID"

// excerpt: a test binary (100, thread 101) spawns sidecar 200 in a PID
// namespace. Its thread 201 runs before its clone3 returns and installs
// the filter; glibc's clone3 gets ENOSYS and falls back to clone (202).
// Sidecar 400 is killed by SIGSYS; escape probe 300 is ignored.
var excerpt = strings.ReplaceAll(`
100   1700000000.000100 execve("/tmp/x.test", ["/tmp/x.test", "-test.run", "X"], 0x7ffc /* 3 vars */) = 0
100   1700000000.000200 clone3({flags=FLAGS, child_tid=0x7f, parent_tid=0x7f, exit_signal=0, stack=0x7f, stack_size=0x7fff80, tls=0x7f} => {parent_tid=[101]}, 88) = 101
100   1700000000.000300 clone(child_stack=NULL, flags=CLONE_PIDFD|CLONE_NEWPID|SIGCHLD, parent_tid=[5]) = 200
200   1700000000.000400 execve("/proc/self/exe", ["/proc/self/exe", "sidecar", "--dir=/tmp/d/sidecar-1", "--namespaces=user,pid"], 0xc0 /* 0 vars */ <unfinished ...>
101   1700000000.000450 futex(0x1, FUTEX_WAIT_PRIVATE, 0, NULL <unfinished ...>
200   1700000000.000500 <... execve resumed>) = 0
200   1700000000.000600 openat(AT_FDCWD, "/etc/passwd", O_RDONLY) = 3
200   1700000000.000700 clone3({flags=FLAGS, child_tid=0x7f, parent_tid=0x7f, exit_signal=0, stack=0x7f, stack_size=0x7fff80, tls=0x7f} <unfinished ...>
201   1700000000.000800 gettid( <unfinished ...>
200   1700000000.000900 <... clone3 resumed> => {parent_tid=[2 /* 201 in strace's PID NS */]}, 88) = 2 /* 201 in strace's PID NS */
201   1700000000.001000 <... gettid resumed>) = 2 /* 201 in strace's PID NS */
201   1700000000.001100 seccomp(SECCOMP_SET_MODE_FILTER, SECCOMP_FILTER_FLAG_TSYNC, {len=281, filter=0xc0} <unfinished ...>
200   1700000000.001150 getpid()        = 1 /* 200 in strace's PID NS */
201   1700000000.001200 <... seccomp resumed>) = 0
200   1700000000.001300 read(3,  <unfinished ...>
101   1700000000.001400 <... futex resumed>) = 0
101   1700000000.001450 openat(AT_FDCWD, "/tmp/y", O_RDONLY) = 4
200   1700000000.001500 <... read resumed>"a, b) = c", 8) = 9
201   1700000000.001600 prctl(PR_SET_VMA, PR_SET_VMA_ANON_NAME, 0x7f, 4096, " Go: x") = -1 EINVAL (Invalid argument)
201   1700000000.001700 prctl(PR_SET_NAME, "x") = -1 EPERM (Operation not permitted)
200   1700000000.001800 clone3({flags=FLAGS, child_tid=0x7f, parent_tid=0x7f, exit_signal=0, stack=0x7f, stack_size=0x7fff80, tls=0x7f}, 88) = -1 ENOSYS (Function not implemented)
200   1700000000.001900 clone(child_stack=0x7f, flags=FLAGS, parent_tid=[3 /* 202 in strace's PID NS */], tls=0x7f, child_tidptr=0x7f) = 3 /* 202 in strace's PID NS */
202   1700000000.002000 tgkill(1 /* 200 in strace's PID NS */, 3 /* 202 in strace's PID NS */, SIGURG) = 0
202   1700000000.002100 kill(7 /* 250 in strace's PID NS */, SIGKILL) = -1 EPERM (Operation not permitted)
201   1700000000.002200 ioctl(2, TCGETS, 0x7f) = -1 ENOTTY (Inappropriate ioctl for device)
201   1700000000.002300 socket(AF_INET, SOCK_STREAM, 0) = -1 EPERM (Operation not permitted)
201   1700000000.002350 futex(0x2, FUTEX_WAIT_PRIVATE, 0, NULL <unfinished ...>
100   1700000000.002400 clone(child_stack=NULL, flags=CLONE_PIDFD|CLONE_NEWPID|SIGCHLD, parent_tid=[6]) = 300
300   1700000000.002500 execve("/proc/self/exe", ["/proc/self/exe", "escape-probe", "ptrace", "{\"worker_pid\":100}", "sidecar"], 0xc0 /* 0 vars */) = 0
300   1700000000.002600 seccomp(SECCOMP_SET_MODE_FILTER, SECCOMP_FILTER_FLAG_TSYNC, {len=281, filter=0xc0}) = 0
300   1700000000.002700 ptrace(PTRACE_ATTACH, 1) = ?
300   1700000000.002800 +++ killed by SIGSYS +++
202   1700000000.002850 ???( <unfinished ...>
200   1700000000.002900 exit_group(0)   = ?
202   1700000000.002950 <... ??? resumed>) = ?
201   1700000000.003000 <... futex resumed>) = ?
201   1700000000.003100 +++ exited with 0 +++
202   1700000000.003200 +++ exited with 0 +++
200   1700000000.003300 +++ exited with 0 +++
100   1700000000.003400 clone(child_stack=NULL, flags=CLONE_PIDFD|SIGCHLD, parent_tid=[7]) = 400
400   1700000000.003500 execve("/proc/self/exe", ["/proc/self/exe", "sidecar", "--namespaces="], 0xc0 /* 0 vars */) = 0
400   1700000000.003600 seccomp(SECCOMP_SET_MODE_FILTER, SECCOMP_FILTER_FLAG_TSYNC, {len=281, filter=0xc0}) = 0
400   1700000000.003700 kill(400, SIGURG) = 0
400   1700000000.003800 unshare(CLONE_NEWUSER) = ?
400   1700000000.003900 +++ killed by SIGSYS +++
`, "FLAGS", threadFlags)

func TestTraceAttribution(t *testing.T) {
	tr, err := parseTrace("excerpt", strings.NewReader(excerpt))
	if err != nil {
		t.Fatal(err)
	}
	if len(tr.sidecars) != 2 || tr.probes != 1 || len(tr.orphanTid) != 0 {
		t.Fatalf("sidecars %d, probes %d, orphans %v; want 2, 1, none", len(tr.sidecars), tr.probes, tr.orphanTid)
	}
	p := tr.sidecars[0]
	want := map[string]int{"read": 1, "prctl": 2, "clone3": 1, "clone": 1, "tgkill": 1, "kill": 1,
		"ioctl": 1, "socket": 1, "exit_group": 1, "futex": 1}
	if !maps.Equal(p.calls, want) {
		t.Errorf("sidecar 200 calls %v\nwant %v", p.calls, want)
	}
	if p.self != "1" || p.filterAt != 1700000000001200000 {
		t.Errorf("self %q, filter at %d", p.self, p.filterAt)
	}
	wantArgs := map[string]map[string]int{
		"clone": {threadFlags: 1}, "clone3": {threadFlags: 1}, "ioctl": {"TCGETS": 1},
		"prctl": {"PR_SET_VMA": 1, "PR_SET_NAME": 1}, "tgkill": {"1": 1}, "kill": {"7": 1},
	}
	for name, vals := range wantArgs {
		if !maps.Equal(p.args[name], vals) {
			t.Errorf("%s arguments %v, want %v", name, p.args[name], vals)
		}
	}
	wantErrs := map[string]int{"prctl EPERM": 1, "clone3 ENOSYS": 1, "kill EPERM": 1, "socket EPERM": 1}
	if !maps.Equal(p.errs, wantErrs) {
		t.Errorf("errors %v, want %v", p.errs, wantErrs)
	}
	if k := tr.sidecars[1]; !k.sigsys || k.calls["unshare"] != 1 || k.ownPID() != "400" {
		t.Errorf("sidecar 400: sigsys %v, calls %v, own pid %s", k.sigsys, k.calls, k.ownPID())
	}
}

func TestReport(t *testing.T) {
	path := filepath.Join(t.TempDir(), "x.trace")
	if err := os.WriteFile(path, []byte(excerpt), 0o644); err != nil {
		t.Fatal(err)
	}
	var out, errOut bytes.Buffer
	code := run([]string{"-sidecar-dir", "../../worker/sidecar", "-arch", "amd64", path}, &out, &errOut)
	if code != 1 {
		t.Fatalf("exit %d, want 1 (socket, SIGSYS); stderr: %s", code, errOut.String())
	}
	for _, s := range []string{
		"| socket | 1 | 1 | **NOT ALLOWED** |",
		"| unshare | 1 | 1 | **killed** |",
		"| read | 1 | 1 | allowed |",
		"`1 (itself)` × 1",
		"`7 (NOT itself: it is 1)` × 1",
		"`400 (itself)` × 1",
		"| clone3 | ENOSYS | 1 |",
		"pid 400, last call: unshare",
	} {
		if !strings.Contains(out.String(), s) {
			t.Errorf("report lacks %q:\n%s", s, out.String())
		}
	}
	if code := run([]string{"-bogus"}, &out, &errOut); code != 2 {
		t.Errorf("bad flag: exit %d, want 2", code)
	}
}

func TestPolicyFromSource(t *testing.T) {
	pol, err := loadPolicy("../../worker/sidecar", "amd64")
	if err != nil {
		t.Fatal(err)
	}
	for name, want := range map[string]string{
		"read": stAllowed, "openat": stAllowed, "mprotect": stAllowed, "arch_prctl": stAllowed,
		"kill": stArgChecked, "tgkill": stArgChecked, "prctl": stArgChecked, "ioctl": stArgChecked,
		"clone": stArgChecked, "clone3": "returns ENOSYS", "execve": stKilled, "fork": stKilled,
		"socket": stNotAllowed,
	} {
		if got := pol.statusOf(name); got != want {
			t.Errorf("%s: %q, want %q", name, got, want)
		}
	}
}
