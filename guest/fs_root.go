package guest

import (
	"errors"
	"io"
	"io/fs"
	"os"
	"path"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	experimentalsys "github.com/tetratelabs/wazero/experimental/sys"
	wsys "github.com/tetratelabs/wazero/sys"
)

// errNoSpace is what a write past the file quota gets. WASI has ENOSPC but
// wazero's errno set does not, so the guest sees EIO.
const errNoSpace = experimentalsys.EIO

// rootFS is a WASI guest's whole filesystem: wazero's experimental/sys FS
// implemented over the VM's os.Root, mounted at "/".
//
// Why not wazero's DirFS: it resolves guest paths to host paths and lets the
// kernel follow symlinks, so a link made by the guest (or by anything else
// that shares the VM directory) to /etc/passwd would be followed out of the
// VM. Here every path goes through os.Root, which refuses to leave the
// directory whatever the links say, and on top of that:
//   - paths are cleaned and must be local (fs.ValidPath): ".." past the
//     root and absolute paths are EPERM (wazero also checks this first);
//   - Symlink and Link are refused with EPERM, so the guest cannot plant
//     links at all;
//   - bytes the guest adds to files are charged to a fileQuota; a write
//     past it is cut short to what fits, then fails with EIO (wazero's
//     errno set has no ENOSPC), and the quota's onHit stops the run, which
//     ends with KindFileLimit;
//   - anything that may change the tree marks the VM dirty, so Reset
//     re-seeds its files.
type rootFS struct {
	experimentalsys.UnimplementedFS
	root  *os.Root
	dirty *atomic.Bool
	quota *fileQuota
}

// fileQuota is the byte budget of a VM's files during one run: used starts
// at the size of the tree and grows with every byte a write, pwrite or
// truncate adds past a file's end. Truncation and unlinking give bytes back.
// It counts apparent sizes, so a sparse file costs its full length.
type fileQuota struct {
	mu    sync.Mutex
	used  int64
	limit int64
	hit   atomic.Bool
	onHit func() // called once, at the first refusal
}

// reserve takes up to want bytes of growth and returns how many it got. It
// records a hit when it cannot give all of them.
func (q *fileQuota) reserve(want int64) int64 {
	if want <= 0 {
		return 0
	}
	q.mu.Lock()
	defer q.mu.Unlock()
	room := max(q.limit-q.used, 0)
	got := min(want, room)
	q.used += got
	if got < want && !q.hit.Swap(true) && q.onHit != nil {
		q.onHit()
	}
	return got
}

// refund gives back bytes a file no longer uses.
func (q *fileQuota) refund(n int64) {
	if n <= 0 {
		return
	}
	q.mu.Lock()
	q.used = max(q.used-n, 0)
	q.mu.Unlock()
}

// treeSize is the total size of the regular files under root.
func treeSize(root *os.Root) (int64, error) {
	var total int64
	err := fs.WalkDir(root.FS(), ".", func(_ string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.Type().IsRegular() {
			info, err := d.Info()
			if err != nil {
				return err
			}
			total += info.Size()
		}
		return nil
	})
	return total, err
}

// rel turns a path from wazero (relative to the mount, maybe with a
// trailing slash) into a local name for os.Root. dirOnly reports a trailing
// slash, which means the path must name a directory.
func (r *rootFS) rel(p string) (name string, dirOnly bool, errno experimentalsys.Errno) {
	dirOnly = strings.HasSuffix(p, "/")
	p = strings.TrimLeft(p, "/") // the mount is "/": an absolute path is relative to it
	if p == "" {
		return ".", dirOnly, 0
	}
	p = path.Clean(p)
	if !fs.ValidPath(p) { // "..", or a path that climbs out
		return "", false, experimentalsys.EPERM
	}
	return p, dirOnly, 0
}

// toErrno maps an error from os or os.Root to a WASI errno. os.Root's own
// errors (a path or link that would escape the root) carry no errno; they
// become EPERM.
func toErrno(err error) experimentalsys.Errno {
	if err == nil {
		return 0
	}
	var errno syscall.Errno
	if errors.As(err, &errno) {
		return experimentalsys.UnwrapOSError(err)
	}
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return experimentalsys.ENOENT
	case errors.Is(err, fs.ErrExist):
		return experimentalsys.EEXIST
	case errors.Is(err, fs.ErrClosed):
		return experimentalsys.EBADF
	case errors.Is(err, fs.ErrInvalid):
		return experimentalsys.EINVAL
	}
	return experimentalsys.EPERM
}

func (r *rootFS) markDirty() { r.dirty.Store(true) }

func toOSFlag(oflag experimentalsys.Oflag) int {
	var flag int
	switch oflag & (experimentalsys.O_RDONLY | experimentalsys.O_RDWR | experimentalsys.O_WRONLY) {
	case experimentalsys.O_RDWR:
		flag = os.O_RDWR
	case experimentalsys.O_WRONLY:
		flag = os.O_WRONLY
	default:
		flag = os.O_RDONLY
	}
	if oflag&experimentalsys.O_APPEND != 0 {
		flag |= os.O_APPEND
	}
	if oflag&experimentalsys.O_CREAT != 0 {
		flag |= os.O_CREATE
	}
	if oflag&experimentalsys.O_EXCL != 0 {
		flag |= os.O_EXCL
	}
	if oflag&experimentalsys.O_SYNC != 0 {
		flag |= os.O_SYNC
	}
	if oflag&experimentalsys.O_TRUNC != 0 {
		flag |= os.O_TRUNC
	}
	return flag
}

func writesTree(oflag experimentalsys.Oflag) bool {
	return oflag&(experimentalsys.O_RDWR|experimentalsys.O_WRONLY|experimentalsys.O_CREAT|experimentalsys.O_TRUNC|experimentalsys.O_APPEND) != 0
}

// OpenFile implements experimentalsys.FS.
func (r *rootFS) OpenFile(p string, oflag experimentalsys.Oflag, perm fs.FileMode) (experimentalsys.File, experimentalsys.Errno) {
	name, dirOnly, errno := r.rel(p)
	if errno != 0 {
		return nil, errno
	}
	if oflag&experimentalsys.O_NOFOLLOW != 0 {
		if fi, err := r.root.Lstat(name); err == nil && fi.Mode()&fs.ModeSymlink != 0 {
			return nil, experimentalsys.ELOOP
		}
	}
	var truncated int64
	if writesTree(oflag) {
		r.markDirty()
		if oflag&experimentalsys.O_TRUNC != 0 {
			if fi, err := r.root.Stat(name); err == nil && fi.Mode().IsRegular() {
				truncated = fi.Size()
			}
		}
	}
	f, err := r.root.OpenFile(name, toOSFlag(oflag), perm)
	if err != nil {
		return nil, toErrno(err)
	}
	fi, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, toErrno(err)
	}
	if (dirOnly || oflag&experimentalsys.O_DIRECTORY != 0) && !fi.IsDir() {
		f.Close()
		return nil, experimentalsys.ENOTDIR
	}
	r.quota.refund(truncated)
	st := wsys.NewStat_t(fi)
	return &rootFile{fs: r, name: name, file: f, oflag: oflag, perm: perm, dev: st.Dev, ino: st.Ino, isDir: fi.IsDir()}, 0
}

func (r *rootFS) stat(p string, follow bool) (wsys.Stat_t, experimentalsys.Errno) {
	name, dirOnly, errno := r.rel(p)
	if errno != 0 {
		return wsys.Stat_t{}, errno
	}
	var fi fs.FileInfo
	var err error
	if follow {
		fi, err = r.root.Stat(name)
	} else {
		fi, err = r.root.Lstat(name)
	}
	if err != nil {
		return wsys.Stat_t{}, toErrno(err)
	}
	if dirOnly && !fi.IsDir() {
		return wsys.Stat_t{}, experimentalsys.ENOTDIR
	}
	return wsys.NewStat_t(fi), 0
}

// Lstat implements experimentalsys.FS.
func (r *rootFS) Lstat(p string) (wsys.Stat_t, experimentalsys.Errno) { return r.stat(p, false) }

// Stat implements experimentalsys.FS.
func (r *rootFS) Stat(p string) (wsys.Stat_t, experimentalsys.Errno) { return r.stat(p, true) }

// Mkdir implements experimentalsys.FS.
func (r *rootFS) Mkdir(p string, perm fs.FileMode) experimentalsys.Errno {
	name, _, errno := r.rel(p)
	if errno != 0 {
		return errno
	}
	r.markDirty()
	errno = toErrno(r.root.Mkdir(name, perm))
	if errno == experimentalsys.ENOTDIR {
		errno = experimentalsys.ENOENT
	}
	return errno
}

// Chmod implements experimentalsys.FS.
func (r *rootFS) Chmod(p string, perm fs.FileMode) experimentalsys.Errno {
	name, _, errno := r.rel(p)
	if errno != 0 {
		return errno
	}
	r.markDirty()
	return toErrno(r.root.Chmod(name, perm))
}

// Rename implements experimentalsys.FS. A file renamed over another keeps
// the other's bytes charged: the quota errs on the safe side.
func (r *rootFS) Rename(from, to string) experimentalsys.Errno {
	src, _, errno := r.rel(from)
	if errno != 0 {
		return errno
	}
	dst, _, errno := r.rel(to)
	if errno != 0 {
		return errno
	}
	if src == "." || dst == "." {
		return experimentalsys.EINVAL
	}
	r.markDirty()
	return toErrno(r.root.Rename(src, dst))
}

// Rmdir implements experimentalsys.FS.
func (r *rootFS) Rmdir(p string) experimentalsys.Errno {
	name, _, errno := r.rel(p)
	if errno != 0 {
		return errno
	}
	if name == "." {
		return experimentalsys.EINVAL
	}
	fi, err := r.root.Lstat(name)
	if err != nil {
		return toErrno(err)
	}
	if !fi.IsDir() {
		return experimentalsys.ENOTDIR
	}
	r.markDirty()
	return toErrno(r.root.Remove(name))
}

// Unlink implements experimentalsys.FS.
func (r *rootFS) Unlink(p string) experimentalsys.Errno {
	name, _, errno := r.rel(p)
	if errno != 0 {
		return errno
	}
	fi, err := r.root.Lstat(name)
	if err != nil {
		return toErrno(err)
	}
	if fi.IsDir() {
		return experimentalsys.EISDIR
	}
	r.markDirty()
	if err := r.root.Remove(name); err != nil {
		return toErrno(err)
	}
	if fi.Mode().IsRegular() && wsys.NewStat_t(fi).Nlink <= 1 {
		r.quota.refund(fi.Size())
	}
	return 0
}

// Link implements experimentalsys.FS: refused, so the guest cannot alias
// files (nor dodge the byte quota through a second name).
func (r *rootFS) Link(_, _ string) experimentalsys.Errno { return experimentalsys.EPERM }

// Symlink implements experimentalsys.FS: refused, so the guest cannot plant
// a link that something less careful than os.Root might follow later.
func (r *rootFS) Symlink(_, _ string) experimentalsys.Errno { return experimentalsys.EPERM }

// Readlink implements experimentalsys.FS.
func (r *rootFS) Readlink(p string) (string, experimentalsys.Errno) {
	name, _, errno := r.rel(p)
	if errno != 0 {
		return "", errno
	}
	s, err := r.root.Readlink(name)
	return s, toErrno(err)
}

// Utimens implements experimentalsys.FS.
func (r *rootFS) Utimens(p string, atim, mtim int64) experimentalsys.Errno {
	name, _, errno := r.rel(p)
	if errno != 0 {
		return errno
	}
	r.markDirty()
	return r.chtimes(name, atim, mtim)
}

func (r *rootFS) chtimes(name string, atim, mtim int64) experimentalsys.Errno {
	if atim == experimentalsys.UTIME_OMIT || mtim == experimentalsys.UTIME_OMIT {
		fi, err := r.root.Stat(name)
		if err != nil {
			return toErrno(err)
		}
		st := wsys.NewStat_t(fi)
		if atim == experimentalsys.UTIME_OMIT {
			atim = st.Atim
		}
		if mtim == experimentalsys.UTIME_OMIT {
			mtim = st.Mtim
		}
	}
	return toErrno(r.root.Chtimes(name, time.Unix(0, atim), time.Unix(0, mtim)))
}

// rootFile is a file or directory opened through rootFS.
type rootFile struct {
	fs    *rootFS
	name  string
	file  *os.File
	oflag experimentalsys.Oflag
	perm  fs.FileMode
	dev   uint64
	ino   wsys.Inode
	isDir bool
}

func (f *rootFile) Dev() (uint64, experimentalsys.Errno)     { return f.dev, 0 }
func (f *rootFile) Ino() (wsys.Inode, experimentalsys.Errno) { return f.ino, 0 }
func (f *rootFile) IsDir() (bool, experimentalsys.Errno)     { return f.isDir, 0 }
func (f *rootFile) IsAppend() bool                           { return f.oflag&experimentalsys.O_APPEND != 0 }

// SetAppend reopens the file, as the append flag of an open file cannot be
// changed portably; the offset is carried over.
func (f *rootFile) SetAppend(enable bool) experimentalsys.Errno {
	if enable == f.IsAppend() {
		return 0
	}
	if f.isDir {
		return experimentalsys.EISDIR
	}
	oflag := f.oflag &^ (experimentalsys.O_CREAT | experimentalsys.O_TRUNC | experimentalsys.O_EXCL | experimentalsys.O_APPEND)
	if enable {
		oflag |= experimentalsys.O_APPEND
	}
	off, err := f.file.Seek(0, io.SeekCurrent)
	if err != nil {
		return toErrno(err)
	}
	nf, err := f.fs.root.OpenFile(f.name, toOSFlag(oflag), 0)
	if err != nil {
		return toErrno(err)
	}
	a, err1 := f.file.Stat()
	b, err2 := nf.Stat()
	if err1 != nil || err2 != nil || !os.SameFile(a, b) {
		nf.Close()
		return experimentalsys.ENOENT
	}
	if _, err := nf.Seek(off, io.SeekStart); err != nil {
		nf.Close()
		return toErrno(err)
	}
	f.file.Close()
	f.file, f.oflag = nf, oflag
	return 0
}

func (f *rootFile) Stat() (wsys.Stat_t, experimentalsys.Errno) {
	fi, err := f.file.Stat()
	if err != nil {
		return wsys.Stat_t{}, toErrno(err)
	}
	return wsys.NewStat_t(fi), 0
}

func (f *rootFile) Read(buf []byte) (int, experimentalsys.Errno) {
	if len(buf) == 0 {
		return 0, 0
	}
	n, err := f.file.Read(buf)
	if err == io.EOF {
		err = nil
	}
	return n, toErrno(err)
}

func (f *rootFile) Pread(buf []byte, off int64) (int, experimentalsys.Errno) {
	if len(buf) == 0 {
		return 0, 0
	}
	n, err := f.file.ReadAt(buf, off)
	if err == io.EOF {
		err = nil
	}
	return n, toErrno(err)
}

// sysOffset is int64 under another name, so that vet's io.Seeker signature
// check leaves alone a Seek that implements experimentalsys.File instead.
type sysOffset = int64

func (f *rootFile) Seek(off sysOffset, whence int) (int64, experimentalsys.Errno) {
	if whence < io.SeekStart || whence > io.SeekEnd {
		return 0, experimentalsys.EINVAL
	}
	n, err := f.file.Seek(off, whence)
	return n, toErrno(err)
}

func (f *rootFile) Readdir(n int) ([]experimentalsys.Dirent, experimentalsys.Errno) {
	if !f.isDir {
		return nil, experimentalsys.EBADF
	}
	ents, err := f.file.ReadDir(n)
	if err != nil && err != io.EOF {
		return nil, toErrno(err)
	}
	out := make([]experimentalsys.Dirent, 0, len(ents))
	for _, e := range ents {
		d := experimentalsys.Dirent{Name: e.Name(), Type: e.Type()}
		if info, err := e.Info(); err == nil {
			d.Ino = wsys.NewStat_t(info).Ino
		}
		out = append(out, d)
	}
	return out, 0
}

// growth charges the quota for writing n bytes at off (off < 0: at the
// current offset, or the end in append mode) and returns how many of them
// may be written.
func (f *rootFile) growth(n int, off int64) (allowed int, errno experimentalsys.Errno) {
	fi, err := f.file.Stat()
	if err != nil {
		return 0, toErrno(err)
	}
	size := fi.Size()
	if off < 0 {
		if f.IsAppend() {
			off = size
		} else if off, err = f.file.Seek(0, io.SeekCurrent); err != nil {
			return 0, toErrno(err)
		}
	}
	end := off + int64(n)
	if end <= size {
		return n, 0
	}
	grow := end - size // a hole before off counts: the apparent size grows
	got := f.fs.quota.reserve(grow)
	if got == grow {
		return n, 0
	}
	// Short of room (reserve recorded the hit): write what fits, as a full
	// disk gives a short write; when nothing fits, errNoSpace.
	hole := max(off-size, 0)
	inside := max(size-off, 0)
	allowed = int(inside + max(got-hole, 0))
	if allowed == 0 {
		f.fs.quota.refund(got)
		return 0, errNoSpace
	}
	return allowed, 0
}

func (f *rootFile) write(buf []byte, off int64) (int, experimentalsys.Errno) {
	if len(buf) == 0 {
		return 0, 0
	}
	if f.isDir {
		return 0, experimentalsys.EISDIR
	}
	f.fs.markDirty()
	allowed, errno := f.growth(len(buf), off)
	if errno != 0 {
		return 0, errno
	}
	var n int
	var err error
	if off < 0 {
		n, err = f.file.Write(buf[:allowed])
	} else {
		n, err = f.file.WriteAt(buf[:allowed], off)
	}
	return n, toErrno(err)
}

func (f *rootFile) Write(buf []byte) (int, experimentalsys.Errno) { return f.write(buf, -1) }

func (f *rootFile) Pwrite(buf []byte, off int64) (int, experimentalsys.Errno) {
	if off < 0 {
		return 0, experimentalsys.EINVAL
	}
	return f.write(buf, off)
}

func (f *rootFile) Truncate(size int64) experimentalsys.Errno {
	if size < 0 {
		return experimentalsys.EINVAL
	}
	if f.isDir {
		return experimentalsys.EISDIR
	}
	fi, err := f.file.Stat()
	if err != nil {
		return toErrno(err)
	}
	f.fs.markDirty()
	if delta := size - fi.Size(); delta > 0 {
		if got := f.fs.quota.reserve(delta); got < delta {
			f.fs.quota.refund(got)
			return errNoSpace
		}
	} else {
		f.fs.quota.refund(-delta)
	}
	return toErrno(f.file.Truncate(size))
}

func (f *rootFile) Sync() experimentalsys.Errno     { return toErrno(f.file.Sync()) }
func (f *rootFile) Datasync() experimentalsys.Errno { return toErrno(f.file.Sync()) }

func (f *rootFile) Utimens(atim, mtim int64) experimentalsys.Errno {
	f.fs.markDirty()
	return f.fs.chtimes(f.name, atim, mtim)
}

func (f *rootFile) Close() experimentalsys.Errno { return toErrno(f.file.Close()) }
