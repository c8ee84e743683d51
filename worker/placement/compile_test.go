package placement

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/natsexec/natsexec/jobs"
)

// slowCompileWASM is a WASI command that passes the guest's module check
// yet takes wazero seconds to compile: four functions of 5,000 sequential
// ifs (the same module as guest's TestWASMCompileOverrun).
func slowCompileWASM() []byte {
	leb := func(v int) []byte {
		var b []byte
		for ; v >= 0x80; v >>= 7 {
			b = append(b, byte(v)|0x80)
		}
		return append(b, byte(v))
	}
	section := func(id byte, body []byte) []byte {
		return append(append([]byte{id}, leb(len(body))...), body...)
	}
	code := append([]byte{0}, bytes.Repeat([]byte{0x41, 0x00, 0x04, 0x40, 0x0b}, 5000)...) // no locals; i32.const 0; if; end
	code = append(code, 0x0b)
	body := append(leb(len(code)), code...)
	m := []byte{0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00}
	m = append(m, section(1, []byte{1, 0x60, 0, 0})...)                                  // type 0: () -> ()
	m = append(m, section(3, []byte{4, 0, 0, 0, 0})...)                                  // four functions of type 0
	m = append(m, section(7, []byte{1, 6, '_', 's', 't', 'a', 'r', 't', 0x00, 0x00})...) // export _start
	return append(m, section(10, append([]byte{4}, bytes.Repeat(body, 4)...))...)
}

// A WASM job whose module is still compiling at its deadline in a shared
// sidecar gets that sidecar killed on its account, as only that stops a
// compile: the job beside it runs again as an innocent and ends ok; the
// job is a suspect, runs again owned, overruns there too, and its timeout
// is final. The worker goes on serving from a new shared sidecar.
func TestCompileOverrunKillsSharedSidecar(t *testing.T) {
	m := newTestManager(t, Options{SharedSidecars: 1})
	pid := sharedSidecar(t, m)
	neighbour := js(jobs.PlacementShared, `setTimeout(() => console.log("done"), 1500)`)
	neighbour.ID = "neighbour"
	neighbour.Limits.Timeout = jobs.Duration(20 * time.Second)
	neighbourCh := runAsync(t.Context(), m, neighbour)
	waitVMs(t, m, 1)
	time.Sleep(300 * time.Millisecond) // let it reach its exec

	slow := slowCompileWASM()
	m.modules.add(slow) // as if it had run here before: admitted shared
	job := wasmJob(slow, 300*time.Millisecond)(jobs.PlacementShared)
	job.ID = "slow-compile"
	// Room for the compile in the owned retry's memory cgroup.
	job.Limits.MemoryBytes = 256 << 20
	start := time.Now()
	res := m.Run(t.Context(), job)
	took := time.Since(start)
	if res.Status != jobs.StatusTimeout || res.Placement != jobs.PlacementOwned ||
		!strings.Contains(res.Error, "while compiling the module") || !strings.Contains(res.Error, "was killed") {
		t.Fatalf("%s in %s: %q (retries %+v)", res.Status, res.Placement, res.Error, res.Retries)
	}
	if len(res.Retries) != 1 {
		t.Fatalf("set-aside runs: %+v", res.Retries)
	}
	if r := res.Retries[0]; !r.Suspect || r.Placement != jobs.PlacementShared || r.SidecarPID != pid || r.Status != jobs.StatusTimeout {
		t.Errorf("set-aside run: %+v", r)
	}
	// Two runs of 300 ms and a spawn, not the compile's seconds.
	if took > 15*time.Second {
		t.Errorf("the job took %s", took)
	}
	deadline := time.Now().Add(5 * time.Second)
	for st := procState(pid); st != "" && st != "Z" && time.Now().Before(deadline); st = procState(pid) {
		time.Sleep(10 * time.Millisecond)
	}
	if st := procState(pid); st != "" && st != "Z" {
		t.Errorf("shared sidecar %d still alive (state %s)", pid, st)
	}

	n := <-neighbourCh
	if n.Status != jobs.StatusOK || string(n.Stdout) != "done\n" || n.Placement != jobs.PlacementShared {
		t.Fatalf("neighbour: %s in %s %q (retries %+v)", n.Status, n.Placement, n.Error, n.Retries)
	}
	if len(n.Retries) != 1 || n.Retries[0].Suspect || n.Retries[0].SidecarPID != pid ||
		!strings.Contains(n.Retries[0].Error, "because another job in it was still compiling its WASM module at its deadline") {
		t.Fatalf("neighbour's set-aside runs: %+v", n.Retries)
	}
	if strings.Contains(n.Retries[0].Error, job.ID) {
		t.Errorf("an innocent's result names the job blamed: %q", n.Retries[0].Error)
	}

	m.modules.add(helloWASM())
	after := m.Run(t.Context(), wasmJob(helloWASM(), 10*time.Second)(jobs.PlacementShared))
	if after.Status != jobs.StatusOK || after.Placement != jobs.PlacementShared || after.SidecarPID == pid {
		t.Errorf("after: %s in %s, sidecar %d (killed: %d): %q", after.Status, after.Placement, after.SidecarPID, pid, after.Error)
	}
}
