package bench

import (
	"fmt"
	"math/rand/v2"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/natsexec/natsexec/jobs"
)

// HostileKind is one way a guest attacks the worker. Each is labelled so
// the soak can tell which attacks the worker contains and which it does
// not.
type HostileKind struct {
	Name string `json:"name"`
	// About says what the kind attacks.
	About   string       `json:"about"`
	Runtime jobs.Runtime `json:"runtime"`
	// Timeout, when set, replaces the soak's hostile timeout for this kind.
	Timeout time.Duration `json:"-"`
	// Limits are the kind's own; their timeout is replaced as above.
	Limits jobs.Limits `json:"-"`
	// Expected are the final statuses that name the attack's cause; any
	// other (infra_error above all: the worker gave up) is a containment
	// failure. Every kind may also end in timeout: on a loaded machine a
	// guest can reach its deadline before the limit it attacks, and the
	// deadline is then the cause its status names (the table shows how
	// often each limit fired).
	Expected []jobs.Status `json:"expected"`
	source   func() string
}

// Source is the kind's program.
func (k *HostileKind) Source() string { return k.source() }

func constSource(s string) func() string { return func() string { return s } }

// deepSource is a program of a million nested parentheses: 2 MB, well
// under jobs.MaxSourceBytes and the embedded server's max payload (a NATS
// server left at its 1 MiB default refuses it). Built once, shared by
// every job of the kind.
var deepSource = sync.OnceValue(func() string {
	const n = 1_000_000
	return strings.Repeat("(", n) + "1" + strings.Repeat(")", n) + ";\n"
})

// HostileKinds are the attacks a soak draws from.
var HostileKinds = []HostileKind{
	{Name: "infinite-loop", About: "`for (;;) {}`: CPU until the deadline", Runtime: jobs.RuntimeJS,
		Expected: []jobs.Status{jobs.StatusTimeout}, source: constSource(`for (;;) {}`)},
	{Name: "catastrophic-regex", About: "exponential backtracking inside one regexp call", Runtime: jobs.RuntimeJS,
		Expected: []jobs.Status{jobs.StatusTimeout},
		source:   constSource(`console.log(/^(a+)+(?=b)\1$/.test("a".repeat(34) + "c"));`)},
	{Name: "bigint-pow", About: "`7n ** 200000000n`: one native call of unbounded CPU and memory", Runtime: jobs.RuntimeJS,
		Expected: []jobs.Status{jobs.StatusTimeout, jobs.StatusGuestError, jobs.StatusKilled},
		source:   constSource(`const x = 7n ** 200000000n; console.log(x > 0n);`)},
	// Filling 128 MiB takes ~0.4 s of CPU: 6 s leaves room under load.
	{Name: "memory-hog", About: "1 MiB typed arrays kept forever (6s timeout, 128 MiB)", Runtime: jobs.RuntimeJS,
		Timeout:  6 * time.Second,
		Limits:   jobs.Limits{MemoryBytes: 128 << 20},
		Expected: []jobs.Status{jobs.StatusKilled},
		source:   constSource(`const k = []; for (;;) k.push(new Uint8Array(1 << 20).fill(1));`)},
	{Name: "huge-string", About: "`\"x\".repeat(2**30)`: a 1 GiB allocation in one call", Runtime: jobs.RuntimeJS,
		Expected: []jobs.Status{jobs.StatusGuestError, jobs.StatusKilled},
		source:   constSource(`const s = "x".repeat(2 ** 30); console.log(s.length);`)},
	{Name: "deep-json", About: "JSON.parse of 5e6 nested arrays: parser recursion", Runtime: jobs.RuntimeJS,
		Expected: []jobs.Status{jobs.StatusGuestError, jobs.StatusKilled},
		source:   constSource(`const v = JSON.parse("[".repeat(5e6) + "]".repeat(5e6)); console.log(typeof v);`)},
	{Name: "deep-source", About: "a program of 1e6 nested parentheses: compiler recursion", Runtime: jobs.RuntimeJS,
		Expected: []jobs.Status{jobs.StatusGuestError, jobs.StatusKilled},
		source:   deepSource},
	{Name: "output-flood", About: "stdout written in a loop", Runtime: jobs.RuntimeJS,
		Expected: []jobs.Status{jobs.StatusKilled},
		source:   constSource(`const line = "x".repeat(1023); for (;;) console.log(line);`)},
	// A limit of 1,000 files (0.2–1.4 s of creations here) and 6 s, so
	// the count is reached within the timeout on a loaded machine.
	{Name: "file-flood", About: "files created in a loop (limits.file_count 1000, 6s timeout)", Runtime: jobs.RuntimeJS,
		Timeout:  6 * time.Second,
		Limits:   jobs.Limits{FileCount: 1000},
		Expected: []jobs.Status{jobs.StatusKilled, jobs.StatusGuestError},
		source:   constSource(`const fs = require("fs"); for (let i = 0; ; i++) fs.writeFileSync("/flood-" + i, "x".repeat(1024));`)},
	{Name: "ignore-cancel", About: "swallows its interruption and loops again, under a 300ms timeout", Runtime: jobs.RuntimeJS,
		Timeout:  300 * time.Millisecond,
		Expected: []jobs.Status{jobs.StatusTimeout},
		source:   constSource(`for (;;) { try { for (;;) {} } catch (e) {} finally { for (let i = 0; i < 1e9; i++) {} } }`)},
}

// HostileKindNames lists the kinds' names in order.
func HostileKindNames() []string {
	names := make([]string, len(HostileKinds))
	for i, k := range HostileKinds {
		names[i] = k.Name
	}
	return names
}

func hostileKind(name string) (*HostileKind, bool) {
	for i := range HostileKinds {
		if HostileKinds[i].Name == name {
			return &HostileKinds[i], true
		}
	}
	return nil, false
}

// causeNamed says what a result's error must mention for its status to
// name the cause: the limit that stopped the guest. A guest_error carries
// the guest's own exception, which is its cause whatever it says.
var causeNamed = map[jobs.Status]*regexp.Regexp{
	jobs.StatusTimeout: regexp.MustCompile(`(?i)time`),
	jobs.StatusKilled:  regexp.MustCompile(`(?i)limit|memory|output|file`),
}

// judge says whether a hostile job's result contains it: a final status
// the kind expects, whose error names the cause. The empty string means
// contained.
func (k *HostileKind) judge(status jobs.Status, errMsg string) string {
	switch {
	case status == jobs.StatusInfraError:
		return "infra_error: the worker did not pin the failure on the job"
	case strings.Contains(errMsg, "gave up after"):
		return "dead-lettered after repeated attempts"
	case !slices.Contains(k.Expected, status) && status != jobs.StatusTimeout:
		return fmt.Sprintf("status %s, want one of %v", status, k.Expected)
	case strings.TrimSpace(errMsg) == "":
		return "no error says why it was stopped"
	}
	if re := causeNamed[status]; re != nil && !re.MatchString(errMsg) {
		return fmt.Sprintf("%s, but the error does not name the limit (want %s)", status, re)
	}
	return ""
}

// innocentKind is a well-behaved job with an answer the soak can check:
// what its stdout must be.
type innocentKind struct {
	name    string
	runtime jobs.Runtime
	make    func(i int, rng *rand.Rand) (source, want string)
}

func answer(v any) string { return fmt.Sprintf("answer %v\n", v) }

var innocentKinds = []innocentKind{
	{"arith", jobs.RuntimeJS, func(i int, _ *rand.Rand) (string, string) {
		n := 1000 + i%5000
		s := 0
		for k := range n {
			s = (s*31 + k) % 1000003
		}
		return fmt.Sprintf("let s = 0;\nfor (let k = 0; k < %d; k++) s = (s * 31 + k) %% 1000003;\nconsole.log(\"answer\", s);\n", n), answer(s)
	}},
	{"typescript", jobs.RuntimeTS, func(i int, _ *rand.Rand) (string, string) {
		return fmt.Sprintf("const f = (n: number): number => n * 3 + 1;\nconsole.log(\"answer\", f(%d));\n", i), answer(3*i + 1)
	}},
	{"timer", jobs.RuntimeJS, func(i int, rng *rand.Rand) (string, string) {
		delay := 50 + rng.IntN(451)
		return fmt.Sprintf("setTimeout(() => console.log(\"answer\", %d * 2), %d);\n", i, delay), answer(2 * i)
	}},
	{"promise", jobs.RuntimeJS, func(i int, _ *rand.Rand) (string, string) {
		return fmt.Sprintf("(async () => {\n  const v = await Promise.all([1, 2, 3].map(async (x) => x * %d));\n  console.log(\"answer\", v.reduce((a, b) => a + b, 0));\n})();\n", i), answer(6 * i)
	}},
	{"fs", jobs.RuntimeJS, func(i int, _ *rand.Rand) (string, string) {
		return fmt.Sprintf("const fs = require(\"fs\");\nfs.writeFileSync(\"/n-%d.txt\", \"%d\");\nconsole.log(\"answer\", Number(fs.readFileSync(\"/n-%d.txt\", \"utf8\")) + 7);\n", i, i, i), answer(i + 7)
	}},
	{"json", jobs.RuntimeJS, func(i int, _ *rand.Rand) (string, string) {
		return fmt.Sprintf("const o = JSON.parse(JSON.stringify({ i: %d, s: \"v\" + %d }));\nconsole.log(\"answer\", o.i + o.s.length);\n", i, i), answer(i + 1 + len(strconv.Itoa(i)))
	}},
	{"regex", jobs.RuntimeJS, func(i int, _ *rand.Rand) (string, string) {
		return fmt.Sprintf("console.log(\"answer\", \"a-%d-b\".replace(/\\d+/, (m) => String(Number(m) + 1)));\n", i), answer(fmt.Sprintf("a-%d-b", i+1))
	}},
	// A resident VM must come back from its reset with none of the last
	// job's state: this one fails if it sees another's mark.
	{"fresh-globals", jobs.RuntimeJS, func(i int, _ *rand.Rand) (string, string) {
		return fmt.Sprintf("if (globalThis.__soakMark !== undefined) throw new Error(\"state leaked from an earlier job: \" + globalThis.__soakMark);\nglobalThis.__soakMark = %d;\nconsole.log(\"answer\", %d);\n", i, i), answer(i)
	}},
}
