package sidecar

import (
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"

	"golang.org/x/sys/unix"
)

// Where sidecars' directories live, and who removes them.
//
// A VM's directory is inside its sidecar's directory, which is inside its
// worker's directory, under a base that every worker on the same data dir
// shares:
//
//	base/.lock                            taken while a worker claims or sweeps
//	base/w-XXXX/lock                      held (flock) by the live worker
//	base/w-XXXX/sidecar-YYYY/vm-ZZZZ/...  a VM's files
//
// The sidecar removes a VM's directory when the VM closes (guest.VM.Close).
// The worker removes a sidecar's whole directory once the process is
// reaped, however it ended (Spawn's reaper), so a sidecar killed with
// SIGKILL leaves nothing behind. A worker that dies itself leaves its
// directory; the kernel drops its flock then, and the next worker to start
// on the base removes every directory whose lock it can take. A directory
// whose lock is held belongs to a live worker and is never touched.

const (
	workerDirPrefix = "w-"
	workerLockName  = "lock"
	baseLockName    = ".lock"
)

// WorkerDir is a worker's own directory under a shared base, claimed for
// as long as the worker lives.
type WorkerDir struct {
	path string
	lock *os.File
}

// ClaimWorkerDir removes what dead workers left under base (see
// SweepWorkerDirs), then makes and locks a directory for this worker. The
// caller puts its sidecars' directories in Path and calls Release when it
// is done with them.
func ClaimWorkerDir(base string, log *slog.Logger) (*WorkerDir, error) {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	unlock, err := lockBase(base)
	if err != nil {
		return nil, err
	}
	defer unlock()
	// Made and locked under the base lock, so no sweep sees the directory
	// between the two.
	dir, err := os.MkdirTemp(base, workerDirPrefix)
	if err != nil {
		return nil, fmt.Errorf("sidecar: worker dir: %w", err)
	}
	lock, err := os.OpenFile(filepath.Join(dir, workerLockName), os.O_CREATE|os.O_RDWR, 0o600)
	if err == nil {
		err = unix.Flock(int(lock.Fd()), unix.LOCK_EX|unix.LOCK_NB)
		if err != nil {
			lock.Close()
		}
	}
	if err != nil {
		os.RemoveAll(dir)
		return nil, fmt.Errorf("sidecar: lock worker dir %s: %w", dir, err)
	}
	sweep(base, dir, log)
	return &WorkerDir{path: dir, lock: lock}, nil
}

// Path is the worker's directory.
func (d *WorkerDir) Path() string { return d.path }

// Release removes the worker's directory, then drops its lock. Sidecars
// must be gone by then.
func (d *WorkerDir) Release() error {
	err := os.RemoveAll(d.path)
	if cerr := d.lock.Close(); err == nil {
		err = cerr
	}
	return err
}

// SweepWorkerDirs removes the directories under base that no live worker
// holds: a worker directory whose lock can be taken (its worker is dead,
// and its sidecars, which die with their worker, too), or that has no lock
// file (its worker died making it); and a directory named by a pid, as
// workers before these locks made them, whose process is gone. It returns
// how many it removed.
func SweepWorkerDirs(base string, log *slog.Logger) (int, error) {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	unlock, err := lockBase(base)
	if err != nil {
		return 0, err
	}
	defer unlock()
	return sweep(base, "", log), nil
}

// lockBase takes base's own lock, waiting for another worker's claim or
// sweep to finish.
func lockBase(base string) (unlock func(), err error) {
	if err := os.MkdirAll(base, 0o700); err != nil {
		return nil, fmt.Errorf("sidecar: %w", err)
	}
	f, err := os.OpenFile(filepath.Join(base, baseLockName), os.O_CREATE|os.O_RDWR, 0o600)
	if err != nil {
		return nil, fmt.Errorf("sidecar: %w", err)
	}
	for {
		err = unix.Flock(int(f.Fd()), unix.LOCK_EX)
		if !errors.Is(err, unix.EINTR) {
			break
		}
	}
	if err != nil {
		f.Close()
		return nil, fmt.Errorf("sidecar: lock %s: %w", f.Name(), err)
	}
	return func() { f.Close() }, nil
}

// sweep does SweepWorkerDirs' work, leaving keep alone. The caller holds
// the base lock.
func sweep(base, keep string, log *slog.Logger) (removed int) {
	ents, err := os.ReadDir(base)
	if err != nil {
		log.Warn("sweep sidecar directories", "dir", base, "err", err)
		return 0
	}
	for _, e := range ents {
		p := filepath.Join(base, e.Name())
		if !e.IsDir() || p == keep {
			continue
		}
		var dead bool
		var release func()
		switch name := e.Name(); {
		case strings.HasPrefix(name, workerDirPrefix):
			dead, release = deadWorkerDir(p)
		case isPid(name):
			dead = deadPid(name)
		}
		if !dead {
			continue
		}
		if err := os.RemoveAll(p); err != nil {
			log.Warn("remove a dead worker's sidecar directories", "dir", p, "err", err)
		} else {
			removed++
			log.Info("removed a dead worker's sidecar directories", "dir", p)
		}
		if release != nil {
			release()
		}
	}
	return removed
}

// deadWorkerDir reports whether no live worker holds dir. When it takes
// the lock to find out, release drops it (after the removal).
func deadWorkerDir(dir string) (dead bool, release func()) {
	f, err := os.OpenFile(filepath.Join(dir, workerLockName), os.O_RDWR, 0)
	if errors.Is(err, fs.ErrNotExist) {
		// Made but never locked: its worker died in between (a live one
		// would have locked it under the base lock we hold).
		return true, nil
	}
	if err != nil {
		return false, nil
	}
	if err := unix.Flock(int(f.Fd()), unix.LOCK_EX|unix.LOCK_NB); err != nil {
		f.Close()
		return false, nil
	}
	return true, func() { f.Close() }
}

func isPid(name string) bool {
	n, err := strconv.Atoi(name)
	return err == nil && n > 0 && strconv.Itoa(n) == name
}

// deadPid reports whether the process a directory of the old layout is
// named by is gone. Our own pid counts as gone: this worker made no such
// directory, so it is an earlier process's that had the same pid (a
// container's worker often does).
func deadPid(name string) bool {
	pid, _ := strconv.Atoi(name)
	if pid == os.Getpid() {
		return true
	}
	err := syscall.Kill(pid, 0)
	return errors.Is(err, syscall.ESRCH)
}
