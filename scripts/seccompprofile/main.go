// Command seccompprofile reads strace output of test binaries that spawn
// sidecars and reports the system calls the sidecars made after their
// seccomp filter was installed, against the allow-list in
// worker/sidecar/seccomp_linux.go. scripts/seccomp-profile.sh produces the
// traces; see its header.
package main

import (
	"bufio"
	"cmp"
	"errors"
	"flag"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"io"
	"maps"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
)

const usage = `usage: seccompprofile [flags] TRACE...

Each TRACE is the output of 'strace -f -qq -ttt -o TRACE' (add
--pidns-translation: sidecars live in their own PID namespace, and without
it their new threads cannot be told apart) of a program that spawns
sidecars. A sidecar is a process that execve'd with the argument "sidecar"
(not "escape-probe"). Every syscall any of its threads made after its first
successful seccomp(SECCOMP_SET_MODE_FILTER, ...) is compared with the
filter's lists, read from the Go source. A Markdown report goes to stdout.

Exit status: 0 if every observed syscall is allowed, 1 if one is not (or is
on the kill list) or a sidecar was killed by SIGSYS, 2 on usage or input
errors (including traces without a filtered sidecar).

Flags:
`

func main() { os.Exit(run(os.Args[1:], os.Stdout, os.Stderr)) }

func run(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("seccompprofile", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() { fmt.Fprint(stderr, usage); fs.PrintDefaults() }
	dir := fs.String("sidecar-dir", "worker/sidecar", "directory of seccomp_linux.go")
	arch := fs.String("arch", runtime.GOARCH, "architecture whose seccomp_linux_ARCH.go to read")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	if fs.NArg() == 0 {
		fs.Usage()
		return 2
	}
	pol, err := loadPolicy(*dir, *arch)
	if err != nil {
		fmt.Fprintln(stderr, "seccompprofile:", err)
		return 2
	}
	var traces []*trace
	for _, name := range fs.Args() {
		t, err := parseFile(name)
		if err != nil {
			fmt.Fprintln(stderr, "seccompprofile:", err)
			return 2
		}
		traces = append(traces, t)
	}
	ok, analysed := report(stdout, pol, traces)
	switch {
	case analysed == 0:
		fmt.Fprintln(stderr, "seccompprofile: no sidecar installed a seccomp filter in these traces")
		return 2
	case !ok:
		return 1
	}
	return 0
}

// policy maps strace syscall names to what the filter does with them.
type policy struct {
	files  []string
	status map[string]string
}

const (
	stAllowed    = "allowed"
	stArgChecked = "arg-checked"
	stKilled     = "killed"
	stNotAllowed = "NOT ALLOWED"
)

// listStatus names the package's syscall lists.
var listStatus = map[string]string{
	"allowedSyscalls": stAllowed, "archAllowed": stAllowed,
	"killedSyscalls": stKilled, "archKilled": stKilled,
}

// retLabels names the filter's actions where seccompProgram returns one
// for a syscall directly (clone3 gets ENOSYS so glibc falls back to clone).
var retLabels = map[string]string{
	"retAllow": stAllowed, "retKill": stKilled, "retEPERM": "returns EPERM", "retNOSYS": "returns ENOSYS",
}

// loadPolicy reads the lists from the Go source, so it cannot drift from
// what the filter is built from.
func loadPolicy(dir, arch string) (*policy, error) {
	pol := &policy{status: map[string]string{}}
	set := func(n ast.Node, st func() string) {
		if name, ok := sysName(n); ok && pol.status[name] == "" {
			pol.status[name] = st()
		}
	}
	sawProgram := false
	fset := token.NewFileSet()
	for _, base := range []string{"seccomp_linux.go", "seccomp_linux_" + arch + ".go"} {
		path := filepath.Join(dir, base)
		f, err := parser.ParseFile(fset, path, nil, 0)
		if err != nil {
			return nil, err
		}
		pol.files = append(pol.files, path)
		ast.Inspect(f, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.ValueSpec:
				for i, id := range n.Names {
					if st := listStatus[id.Name]; st != "" && i < len(n.Values) {
						ast.Inspect(n.Values[i], func(n ast.Node) bool {
							set(n, func() string { return st })
							return true
						})
					}
				}
			case *ast.FuncDecl:
				if n.Name.Name != "seccompProgram" {
					return false
				}
				sawProgram = true
				// The allowed lists reach it only through loop variables: a
				// unix.SYS_ name passed to a call is one it treats specially,
				// by its arguments, or with an action of its own (p.ret).
				ast.Inspect(n.Body, func(n ast.Node) bool {
					if c, ok := n.(*ast.CallExpr); ok {
						for _, a := range c.Args {
							set(a, func() string { return ruleOf(c) })
						}
					}
					return true
				})
				return false
			}
			return true
		})
	}
	if !sawProgram || !slices.Contains(slices.Collect(maps.Values(pol.status)), stAllowed) {
		return nil, fmt.Errorf("%s: no allowedSyscalls or seccompProgram found", dir)
	}
	return pol, nil
}

// ruleOf labels a call in seccompProgram that names a syscall.
func ruleOf(c *ast.CallExpr) string {
	if sel, ok := c.Fun.(*ast.SelectorExpr); ok && sel.Sel.Name == "ret" && len(c.Args) == 2 {
		if id, ok := c.Args[1].(*ast.Ident); ok {
			return cmp.Or(retLabels[id.Name], id.Name)
		}
	}
	return stArgChecked
}

// sysName turns unix.SYS_FOO into strace's "foo".
func sysName(n ast.Node) (string, bool) {
	sel, ok := n.(*ast.SelectorExpr)
	if !ok {
		return "", false
	}
	pkg, ok := sel.X.(*ast.Ident)
	if !ok || pkg.Name != "unix" || !strings.HasPrefix(sel.Sel.Name, "SYS_") {
		return "", false
	}
	return strings.ToLower(strings.TrimPrefix(sel.Sel.Name, "SYS_")), true
}

// call is one syscall as strace printed it, joined if it was split.
type call struct {
	tid        int
	name       string
	start, end int64 // ns since the epoch: entry, and when the result was printed
	args       string
	result     string // after ") = "; empty if the call never returned
}

// process is a thread group, keyed by the pid strace saw it as.
type process struct {
	file     string
	pid      int
	argv     []string
	sidecar  bool   // execve'd with "sidecar", not an escape probe
	probe    bool   // an escape probe: forbidden calls on purpose
	filterAt int64  // when its seccomp filter was installed; 0: never
	self     string // its getpid() as it sees itself ("" until traced)
	calls    map[string]int
	args     map[string]map[string]int // syscall -> argument -> calls
	errs     map[string]int            // "syscall ERRNO" -> calls
	sigsys   bool
	lastCall map[string]bool // each thread's last call when SIGSYS killed it
}

// trace is one parsed strace file.
type trace struct {
	file      string
	procs     map[int]*process // tid -> its process
	pending   map[int]*call    // unfinished call per tid
	orphans   map[int][]*call  // calls of tids no clone has named yet
	last      map[int]string   // each tid's latest call
	sidecars  []*process
	probes    int
	orphanTid map[int]bool // tids never attributed, for the report
}

func parseFile(name string) (*trace, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return parseTrace(name, f)
}

func parseTrace(file string, r io.Reader) (*trace, error) {
	t := &trace{file: file, procs: map[int]*process{}, pending: map[int]*call{},
		orphans: map[int][]*call{}, last: map[int]string{}, orphanTid: map[int]bool{}}
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 1<<20), 64<<20)
	for n := 1; sc.Scan(); n++ {
		if strings.TrimSpace(sc.Text()) == "" {
			continue
		}
		if err := t.line(sc.Text()); err != nil {
			return nil, fmt.Errorf("%s:%d: %w", file, n, err)
		}
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("%s: %w", file, err)
	}
	for tid := range t.pending {
		t.flush(tid)
	}
	for tid := range t.orphans {
		t.orphanTid[tid] = true
	}
	return t, nil
}

// line handles one line: "PID TIMESTAMP REST".
func (t *trace) line(s string) error {
	pidText, s, _ := strings.Cut(strings.TrimLeft(s, " "), " ")
	tsText, rest, _ := strings.Cut(strings.TrimLeft(s, " "), " ")
	tid, err := strconv.Atoi(pidText)
	if err != nil {
		return fmt.Errorf("no pid at the start of the line: want 'strace -f -ttt' output without -ff")
	}
	ts, err := parseTS(tsText)
	if err != nil {
		return err
	}
	rest = strings.TrimLeft(rest, " ")
	switch {
	case strings.HasPrefix(rest, "+++ "): // exited or killed: the tid is gone
		if strings.Contains(rest, "killed by SIGSYS") {
			// The killing call may look finished ("= ?", or even its
			// number): what matters is that it was the thread's last.
			if p := t.procs[tid]; p != nil {
				p.sigsys = true
				if p.lastCall == nil {
					p.lastCall = map[string]bool{}
				}
				p.lastCall[t.last[tid]] = true
			}
		}
		t.flush(tid)
		delete(t.procs, tid) // a reused tid is named again by its clone
		delete(t.last, tid)
	case strings.HasPrefix(rest, "--- "): // a signal
	case strings.HasPrefix(rest, "<... "):
		name, tail, ok := strings.Cut(strings.TrimPrefix(rest, "<... "), " resumed>")
		if !ok {
			return fmt.Errorf("malformed resumed line")
		}
		if !validName(name) {
			// "<... ??? resumed>": strace could not read the call of a
			// thread torn down by exit_group; nothing to attribute.
			delete(t.pending, tid)
			return nil
		}
		c := t.pending[tid]
		delete(t.pending, tid)
		if c == nil || c.name != name {
			c = &call{tid: tid, name: name, start: ts, args: "("}
		}
		t.finish(c, c.args+tail, ts)
	default:
		name, _, ok := strings.Cut(rest, "(")
		if !ok || !validName(name) {
			return nil // e.g. "???": nothing to attribute
		}
		c := &call{tid: tid, name: name, start: ts}
		t.last[tid] = name
		if head, ok := strings.CutSuffix(rest, " <unfinished ...>"); ok {
			t.flush(tid)
			c.args = strings.TrimPrefix(head, name)
			t.pending[tid] = c
			return nil
		}
		t.finish(c, strings.TrimPrefix(rest, name), ts)
	}
	return nil
}

func validName(s string) bool {
	return s != "" && strings.Trim(s, "abcdefghijklmnopqrstuvwxyz0123456789_") == ""
}

// parseTS reads -ttt's "SECONDS.FRACTION" as nanoseconds.
func parseTS(s string) (int64, error) {
	sec, frac, _ := strings.Cut(s, ".")
	secs, err1 := strconv.ParseInt(sec, 10, 64)
	fracs, err2 := strconv.ParseInt((frac + "000000000")[:9], 10, 64)
	if err1 != nil || err2 != nil || len(frac) > 9 {
		return 0, fmt.Errorf("bad timestamp %q: want 'strace -ttt' output", s)
	}
	return secs*1e9 + fracs, nil
}

// finish splits "(args) = result" and hands the call on.
func (t *trace) finish(c *call, text string, end int64) {
	c.end = end
	text = strings.TrimPrefix(text, "(")
	c.args = strings.TrimSuffix(text, ")")
	// strace pads short calls: "getpid()        = 1".
	if i := strings.LastIndex(text, " = "); i >= 0 {
		if args, ok := strings.CutSuffix(strings.TrimRight(text[:i], " "), ")"); ok {
			c.args, c.result = args, text[i+3:]
		}
	}
	t.dispatch(c)
}

// flush ends a call that will never print its result.
func (t *trace) flush(tid int) {
	if c := t.pending[tid]; c != nil {
		delete(t.pending, tid)
		t.finish(c, c.args, c.start)
	}
}

func (t *trace) dispatch(c *call) {
	p := t.procs[c.tid]
	switch {
	case p != nil:
	case len(t.procs) == 0 && len(t.orphans) == 0: // the traced program itself
		p = &process{file: t.file, pid: c.tid}
		t.procs[c.tid] = p
	default: // a new tid whose clone has not returned yet
		t.orphans[c.tid] = append(t.orphans[c.tid], c)
		return
	}
	t.handle(p, c)
}

// adopt names tid a thread of p and replays what it did so far.
func (t *trace) adopt(tid int, p *process) {
	t.procs[tid] = p
	calls := t.orphans[tid]
	delete(t.orphans, tid)
	for _, c := range calls {
		t.handle(p, c)
	}
}

func (t *trace) handle(p *process, c *call) {
	switch c.name {
	case "clone", "clone3", "fork", "vfork":
		if tid, ok := hostPID(c.result); ok && tid > 0 {
			if c.name != "fork" && c.name != "vfork" && strings.Contains(flagsArg(c.args), "CLONE_THREAD") {
				t.adopt(tid, p)
			} else {
				t.adopt(tid, &process{file: t.file, pid: tid})
			}
		}
	case "execve", "execveat":
		if c.result == "0" {
			p.argv = argv(c.args)
			p.probe = slices.Contains(p.argv, "escape-probe")
			p.sidecar = !p.probe && slices.Contains(p.argv, "sidecar")
			if p.probe {
				t.probes++
			}
			if p.sidecar {
				p.calls, p.args, p.errs = map[string]int{}, map[string]map[string]int{}, map[string]int{}
				t.sidecars = append(t.sidecars, p)
			}
		}
	case "getpid":
		if p.self == "" {
			p.self, _, _ = strings.Cut(c.result, " ")
		}
	case "seccomp":
		if p.filterAt == 0 && strings.HasPrefix(c.args, "SECCOMP_SET_MODE_FILTER") && c.result == "0" {
			p.filterAt = c.end
			return
		}
	}
	if !p.sidecar || p.filterAt == 0 || c.start <= p.filterAt {
		return
	}
	p.calls[c.name]++
	var arg string
	switch c.name {
	case "clone", "clone3":
		arg = flagsArg(c.args)
	case "ioctl":
		arg = nthArg(c.args, 1)
	case "prctl", "kill", "tgkill":
		arg = nthArg(c.args, 0)
	}
	if arg != "" {
		if p.args[c.name] == nil {
			p.args[c.name] = map[string]int{}
		}
		p.args[c.name][arg]++
	}
	if errno, ok := strings.CutPrefix(c.result, "-1 "); ok {
		errno, _, _ = strings.Cut(errno, " ")
		if errno == "EPERM" || errno == "ENOSYS" || errno == "EACCES" {
			p.errs[c.name+" "+errno]++
		}
	}
}

// hostPID reads a pid result, preferring strace's translation
// "3 /* 821 in strace's PID NS */" over the tracee's own view.
func hostPID(s string) (int, bool) {
	if _, tr, ok := strings.Cut(s, "/* "); ok {
		if n, rest, ok := strings.Cut(tr, " "); ok && strings.HasPrefix(rest, "in strace's PID NS") {
			s = n
		}
	}
	s, _, _ = strings.Cut(s, " ")
	n, err := strconv.Atoi(s)
	return n, err == nil
}

// flagsArg returns clone's or clone3's flags=... value.
func flagsArg(args string) string {
	_, v, ok := strings.Cut(args, "flags=")
	if !ok {
		return ""
	}
	if i := strings.IndexAny(v, ",})"); i >= 0 {
		v = v[:i]
	}
	return strings.TrimSpace(v)
}

// nthArg returns the i-th top-level argument, without a trailing
// "/* ... */" comment (for a pid: the value the tracee passed).
func nthArg(args string, i int) string {
	depth, quoted, start := 0, false, 0
	var out []string
	for j := 0; j < len(args); j++ {
		switch ch := args[j]; {
		case quoted && ch == '\\':
			j++
		case ch == '"':
			quoted = !quoted
		case quoted:
		case ch == '(' || ch == '[' || ch == '{':
			depth++
		case ch == ')' || ch == ']' || ch == '}':
			depth--
		case ch == ',' && depth == 0:
			out = append(out, args[start:j])
			start = j + 1
		}
	}
	out = append(out, args[start:])
	if i >= len(out) {
		return ""
	}
	a, _, _ := strings.Cut(strings.TrimSpace(out[i]), " /*")
	return a
}

// argv returns execve's argument vector (strace's escapes kept).
func argv(args string) []string {
	_, list, ok := strings.Cut(args, "[")
	if !ok {
		return nil
	}
	var out []string
	for {
		list = strings.TrimLeft(list, ", ")
		if !strings.HasPrefix(list, `"`) {
			return out
		}
		j := 1
		for j < len(list) && list[j] != '"' {
			if list[j] == '\\' {
				j++
			}
			j++
		}
		if j >= len(list) {
			return out
		}
		out = append(out, list[1:j])
		list = list[j+1:]
		list = strings.TrimPrefix(list, "...") // a string strace cut at -s
	}
}

// ownPID is the pid the sidecar sees itself as: its getpid() if traced,
// else 1 in a PID namespace of its own, else strace's pid.
func (p *process) ownPID() string {
	if p.self != "" {
		return p.self
	}
	for _, a := range p.argv {
		if ns, ok := strings.CutPrefix(a, "--namespaces="); ok && slices.Contains(strings.Split(ns, ","), "pid") {
			return "1"
		}
	}
	return strconv.Itoa(p.pid)
}

// report writes the Markdown report; ok is false if the allow-list lacks
// an observed syscall or a sidecar was killed by SIGSYS.
func report(w io.Writer, pol *policy, traces []*trace) (ok bool, analysed int) {
	calls := map[string]int{}
	users := map[string]int{} // syscall -> sidecars that made it
	args := map[string]map[string]int{}
	errs := map[string]int{}
	var killed, unfiltered []*process
	fmt.Fprintf(w, "# Seccomp profile of serving sidecars\n\nAllow-list: %s.\n\n## Sidecars analysed\n\n",
		strings.Join(pol.files, ", "))
	for _, t := range traces {
		filtered := 0
		for _, p := range t.sidecars {
			if p.sigsys {
				killed = append(killed, p)
			}
			if p.filterAt == 0 {
				unfiltered = append(unfiltered, p)
				continue
			}
			filtered++
			for name, n := range p.calls {
				calls[name] += n
				users[name]++
			}
			for name, vals := range p.args {
				if args[name] == nil {
					args[name] = map[string]int{}
				}
				for v, n := range vals {
					if name == "kill" || name == "tgkill" {
						if v == p.ownPID() {
							v += " (itself)"
						} else {
							v += " (NOT itself: it is " + p.ownPID() + ")"
						}
					}
					args[name][v] += n
				}
			}
			for k, n := range p.errs {
				errs[k] += n
			}
		}
		analysed += filtered
		fmt.Fprintf(w, "- %s: sidecars %d, with a seccomp filter %d; escape probes ignored %d",
			t.file, len(t.sidecars), filtered, t.probes)
		if len(t.orphanTid) > 0 {
			fmt.Fprintf(w, "; **%d threads not attributed** to a process (trace with --pidns-translation)", len(t.orphanTid))
		}
		fmt.Fprintln(w)
	}
	fmt.Fprintf(w, "\nTotal: %d sidecars analysed.\n", analysed)
	if len(unfiltered) > 0 {
		fmt.Fprintf(w, "%d sidecars never installed a filter (sandbox off, or ended first): not analysed.\n", len(unfiltered))
	}

	ok = len(killed) == 0
	// Problems first, then by name.
	rank := func(name string) int {
		switch pol.statusOf(name) {
		case stNotAllowed:
			return 0
		case stKilled:
			return 1
		}
		return 2
	}
	names := slices.SortedFunc(maps.Keys(calls), func(a, b string) int {
		return cmp.Or(cmp.Compare(rank(a), rank(b)), strings.Compare(a, b))
	})
	fmt.Fprintf(w, "\n## Syscalls after the filter\n\n| syscall | calls | sidecars | filter |\n|---|---:|---:|---|\n")
	for _, name := range names {
		st := pol.statusOf(name)
		if st == stNotAllowed || st == stKilled {
			ok = false
			st = "**" + st + "**"
		}
		fmt.Fprintf(w, "| %s | %d | %d | %s |\n", name, calls[name], users[name], st)
	}

	fmt.Fprintf(w, "\n## Arguments\n")
	for _, a := range []struct{ name, what string }{
		{"clone", "flags"}, {"clone3", "flags"}, {"ioctl", "request"}, {"prctl", "option"},
		{"kill", "pid"}, {"tgkill", "tgid"},
	} {
		if len(args[a.name]) == 0 {
			continue
		}
		fmt.Fprintf(w, "\n%s %s:\n\n", a.name, a.what)
		for _, v := range slices.Sorted(maps.Keys(args[a.name])) {
			fmt.Fprintf(w, "- `%s` × %d\n", v, args[a.name][v])
		}
	}

	fmt.Fprintf(w, "\n## Calls refused (EPERM, ENOSYS, EACCES)\n\n")
	if len(errs) == 0 {
		fmt.Fprintln(w, "None.")
	} else {
		fmt.Fprintf(w, "| syscall | error | calls |\n|---|---|---:|\n")
		for _, k := range slices.Sorted(maps.Keys(errs)) {
			name, errno, _ := strings.Cut(k, " ")
			fmt.Fprintf(w, "| %s | %s | %d |\n", name, errno, errs[k])
		}
	}

	var unused []string
	for name, st := range pol.status {
		if st != stKilled && calls[name] == 0 {
			unused = append(unused, name)
		}
	}
	slices.Sort(unused)
	fmt.Fprintf(w, "\n## Allowed but never observed (candidates to review)\n\n")
	if len(unused) == 0 {
		fmt.Fprintln(w, "None.")
	} else {
		fmt.Fprintf(w, "%s\n", strings.Join(unused, ", "))
	}

	fmt.Fprintf(w, "\n## Sidecars killed by SIGSYS\n\n")
	if len(killed) == 0 {
		fmt.Fprintln(w, "None.")
	}
	for _, p := range killed {
		// Every thread dies; the culprit is the last call not allowed.
		var culprits []string
		for name := range p.lastCall {
			if st := pol.statusOf(name); st == stKilled || st == stNotAllowed {
				culprits = append(culprits, name)
			}
		}
		slices.Sort(culprits)
		fmt.Fprintf(w, "- %s pid %d, last call: %s; argv: `%s`\n", p.file, p.pid,
			cmp.Or(strings.Join(culprits, ", "), "unknown"), strings.Join(p.argv, " "))
	}

	verdict := "OK: every syscall observed is on the allow-list."
	if !ok {
		verdict = "FAIL: a syscall outside the allow-list was observed, or a sidecar was killed by SIGSYS."
	}
	fmt.Fprintf(w, "\n## Verdict\n\n%s\n", verdict)
	return ok, analysed
}

func (pol *policy) statusOf(name string) string { return cmp.Or(pol.status[name], stNotAllowed) }
