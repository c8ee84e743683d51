package bench

import (
	"fmt"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"syscall"
	"time"

	"golang.org/x/sys/unix"
)

// fleetProc is one process of the durability run's fleet (the NATS server
// or a worker), started again with the same arguments after a kill. Its
// output goes to its log file, appended to across restarts.
type fleetProc struct {
	name    string
	bin     string
	args    []string
	env     []string
	logPath string

	cmd  *exec.Cmd
	log  *os.File
	done chan struct{} // closed once cmd has been waited for
	exit string        // how it ended, once done is closed
}

// start starts the process in a process group of its own, so that a stop
// reaches whatever it left running there.
func (p *fleetProc) start() error {
	f, err := os.OpenFile(p.logPath, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644)
	if err != nil {
		return err
	}
	fmt.Fprintf(f, "==== %s: start %s %s\n", time.Now().UTC().Format(time.RFC3339Nano), p.bin, strings.Join(p.args, " "))
	cmd := exec.Command(p.bin, p.args...)
	cmd.Env = append(os.Environ(), p.env...)
	cmd.Stdout, cmd.Stderr = f, f
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	if err := cmd.Start(); err != nil {
		f.Close()
		return fmt.Errorf("start %s: %w", p.name, err)
	}
	p.cmd, p.log, p.done = cmd, f, make(chan struct{})
	go func(cmd *exec.Cmd, f *os.File, done chan struct{}) {
		err := cmd.Wait()
		p.exit = "exit 0"
		if err != nil {
			p.exit = err.Error()
		}
		fmt.Fprintf(f, "==== %s: %s ended: %s\n", time.Now().UTC().Format(time.RFC3339Nano), p.name, p.exit)
		f.Close()
		close(done)
	}(cmd, f, p.done)
	return nil
}

func (p *fleetProc) pid() int { return p.cmd.Process.Pid }

func (p *fleetProc) running() bool {
	if p.cmd == nil {
		return false
	}
	select {
	case <-p.done:
		return false
	default:
		return true
	}
}

// kill sends sig to the process itself (not its group: a crash takes the
// process, and what it started must go by its own means) and waits for it
// to end.
func (p *fleetProc) kill(sig syscall.Signal, wait time.Duration) error {
	if !p.running() {
		return fmt.Errorf("%s is not running", p.name)
	}
	if err := p.cmd.Process.Signal(sig); err != nil {
		return fmt.Errorf("signal %s: %w", p.name, err)
	}
	select {
	case <-p.done:
		return nil
	case <-time.After(wait):
		return fmt.Errorf("%s outlived %s by %s", p.name, sig, wait)
	}
}

// stop ends the process as an operator would: SIGTERM, a second SIGTERM
// after grace (a worker's hard stop), then SIGKILL to its whole group.
func (p *fleetProc) stop(grace time.Duration) {
	if !p.running() {
		return
	}
	pgid := p.pid()
	for _, sig := range []syscall.Signal{unix.SIGTERM, unix.SIGTERM, unix.SIGKILL} {
		if sig == unix.SIGKILL {
			_ = unix.Kill(-pgid, sig)
		} else {
			_ = p.cmd.Process.Signal(sig)
		}
		select {
		case <-p.done:
			_ = unix.Kill(-pgid, unix.SIGKILL) // anything left in the group
			return
		case <-time.After(grace):
		}
	}
	<-p.done
}

// pidsAlive returns those of pids that are still running (zombies and
// processes gone count as dead).
func pidsAlive(pids []int) []int {
	var alive []int
	for _, pid := range pids {
		stat, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
		if err != nil {
			continue
		}
		i := strings.LastIndexByte(string(stat), ')')
		if f := strings.Fields(string(stat[i+1:])); i >= 0 && len(f) > 0 && f[0] != "Z" && f[0] != "X" {
			alive = append(alive, pid)
		}
	}
	return alive
}

// waitGone waits up to d for every one of pids to end and returns those
// still alive then.
func waitGone(pids []int, d time.Duration) []int {
	deadline := time.Now().Add(d)
	for {
		alive := pidsAlive(pids)
		if len(alive) == 0 || time.Now().After(deadline) {
			return alive
		}
		time.Sleep(50 * time.Millisecond)
	}
}
