package bench

import (
	"bytes"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"strconv"
	"sync"

	"golang.org/x/sys/unix"

	"github.com/natsexec/natsexec/worker/sidecar"
)

// LiveSidecars lists the pids of the sidecars workerPID runs: its children
// (on the host's pid view) whose command line is a sidecar's, zombies left
// out. Sidecars are direct children of the worker, whatever namespaces they
// were started in.
func LiveSidecars(workerPID int) ([]int, error) {
	ents, err := os.ReadDir("/proc")
	if err != nil {
		return nil, err
	}
	var pids []int
	for _, e := range ents {
		pid, err := strconv.Atoi(e.Name())
		if err != nil || pid == workerPID {
			continue
		}
		if isSidecarOf(pid, workerPID) {
			pids = append(pids, pid)
		}
	}
	return pids, nil
}

// isSidecarOf reads /proc/pid: a live (not zombie) child of workerPID
// started as `<binary> [extra...] sidecar --dir=...`. A process gone
// meanwhile is not one.
func isSidecarOf(pid, workerPID int) bool {
	stat, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
	if err != nil {
		return false
	}
	// comm may hold spaces and parentheses: the fields follow the last ')'.
	i := bytes.LastIndexByte(stat, ')')
	if i < 0 {
		return false
	}
	f := bytes.Fields(stat[i+1:])
	if len(f) < 2 || string(f[0]) == "Z" || string(f[0]) == "X" {
		return false
	}
	if ppid, err := strconv.Atoi(string(f[1])); err != nil || ppid != workerPID {
		return false
	}
	cmdline, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/cmdline")
	if err != nil {
		return false
	}
	args := bytes.Split(bytes.TrimRight(cmdline, "\x00"), []byte{0})
	for k, a := range args {
		if k > 0 && string(a) == sidecar.Subcommand {
			for _, b := range args[k+1:] {
				if bytes.HasPrefix(b, []byte("--dir=")) {
					return true
				}
			}
		}
	}
	return false
}

// SidecarKiller returns a killer for Soak: each call SIGKILLs one of
// workerPID's live sidecars, chosen at random, and returns its pid, or
// ErrNoSidecar when none is alive. The pid is held through a pidfd and
// checked again before the signal, so a pid freed and reused in between is
// never signalled. Killing needs the right to signal the sidecars: the
// worker's user, or root.
func SidecarKiller(workerPID int, seed uint64) func() (int, error) {
	var mu sync.Mutex
	rng := rand.New(rand.NewPCG(seed, 0x6b11))
	return func() (int, error) {
		pids, err := LiveSidecars(workerPID)
		if err != nil {
			return 0, fmt.Errorf("list sidecars of %d: %w", workerPID, err)
		}
		mu.Lock()
		rng.Shuffle(len(pids), func(i, j int) { pids[i], pids[j] = pids[j], pids[i] })
		mu.Unlock()
		for _, pid := range pids {
			switch err := killSidecar(pid, workerPID); {
			case err == nil:
				return pid, nil
			case errors.Is(err, errGone):
				continue // exited meanwhile; try another
			default:
				return 0, err
			}
		}
		return 0, ErrNoSidecar
	}
}

var errGone = errors.New("sidecar gone")

func killSidecar(pid, workerPID int) error {
	fd, err := unix.PidfdOpen(pid, 0)
	switch {
	case errors.Is(err, unix.ESRCH):
		return errGone
	case errors.Is(err, unix.ENOSYS):
		// No pidfds (Linux < 5.3): the recheck narrows the race.
		if !isSidecarOf(pid, workerPID) {
			return errGone
		}
		if err := unix.Kill(pid, unix.SIGKILL); err != nil && !errors.Is(err, unix.ESRCH) {
			return fmt.Errorf("kill %d: %w", pid, err)
		}
		return nil
	case err != nil:
		return fmt.Errorf("pidfd_open %d: %w", pid, err)
	}
	defer unix.Close(fd)
	// The pidfd pins this process: if the pid still names a sidecar of
	// the worker now, the signal reaches that very process.
	if !isSidecarOf(pid, workerPID) {
		return errGone
	}
	if err := unix.PidfdSendSignal(fd, unix.SIGKILL, nil, 0); err != nil {
		if errors.Is(err, unix.ESRCH) {
			return errGone
		}
		return fmt.Errorf("kill %d: %w", pid, err)
	}
	return nil
}
