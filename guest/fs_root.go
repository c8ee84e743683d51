package guest

import (
	"errors"
	"fmt"
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

// errNoSpace is what a write or a create past the VM's file limits gets.
// WASI has ENOSPC and EDQUOT but wazero's errno set has neither, so the
// guest sees EIO.
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
//   - every change to the tree is charged to the VM's fileQuota: bytes
//     added to files and entries created. A write past the byte limit is
//     cut short to what fits, then fails; a create or mkdir past the entry
//     limit fails; either failure is EIO (wazero's errno set has no ENOSPC)
//     and onHit stops the run, which ends with KindFileLimit;
//   - anything that may change the tree marks the VM dirty, so Reset
//     re-seeds its files.
type rootFS struct {
	experimentalsys.UnimplementedFS
	root  *os.Root
	dirty *atomic.Bool
	quota *fileQuota
	// onHit stops the run that met a limit; it may be called more than once.
	onHit func()
}

// fileQuota is what a VM's directory holds, kept exact as the guest changes
// it, and the limits on it: bytes in regular files (apparent sizes, so a
// sparse file costs its full length) and entries (files and directories
// under the root, the seed's included). It belongs to the VM: every run,
// command and JS fs call of the VM charges the same one, holding mu across
// both the check and the change to the tree, so the counters and the tree
// move together. Configure and Reset set it from a walk of the seeded tree;
// nothing else walks, so reading it at the end of an exec costs nothing.
type fileQuota struct {
	mu         sync.Mutex
	used       int64 // bytes
	limit      int64
	entries    int64
	maxEntries int64
	// writers counts the open writable descriptors of regular files, and
	// orphans are those unlinked (or renamed over) while open: their bytes
	// stay charged, as the guest can still grow them and the disk still
	// holds them, until the last descriptor closes.
	writers map[fileID]int
	orphans map[fileID]struct{}
	// refusal says which limit was last refused, for the exec's error.
	refusal atomic.Pointer[string]
}

// fileID names a file by device and inode.
type fileID struct{ dev, ino uint64 }

func idOf(fi fs.FileInfo) fileID {
	st := wsys.NewStat_t(fi)
	return fileID{st.Dev, st.Ino}
}

func (q *fileQuota) setLimits(bytes, entries int64) {
	q.mu.Lock()
	q.limit, q.maxEntries = bytes, entries
	q.mu.Unlock()
}

// usage is what the VM's directory holds: bytes in regular files, and
// entries.
func (q *fileQuota) usage() (bytes, entries int64) {
	q.mu.Lock()
	defer q.mu.Unlock()
	return q.used, q.entries
}

// recount sets the counters from a walk of root. It is for a tree no guest
// is changing (Configure, Reset), so no file is open.
func (q *fileQuota) recount(root *os.Root) error {
	bytes, entries, err := treeUsage(root)
	if err != nil {
		return err
	}
	q.mu.Lock()
	q.used, q.entries = bytes, entries
	q.writers, q.orphans = nil, nil
	q.mu.Unlock()
	return nil
}

func (q *fileQuota) refuse(msg string) { q.refusal.Store(&msg) }

// refusalMessage says which limit was refused last.
func (q *fileQuota) refusalMessage() string {
	if m := q.refusal.Load(); m != nil {
		return *m
	}
	q.mu.Lock()
	defer q.mu.Unlock()
	return q.bytesMessage()
}

func (q *fileQuota) bytesMessage() string {
	return fmt.Sprintf("the guest's files passed the file limit of %d bytes", q.limit)
}

func (q *fileQuota) entriesMessage() string {
	return fmt.Sprintf("the guest's files passed the file count limit of %d files and directories", q.maxEntries)
}

// reserve takes up to want bytes of growth and returns how many it got,
// recording a refusal when it cannot give all of them. The caller holds mu.
func (q *fileQuota) reserve(want int64) int64 {
	if want <= 0 {
		return 0
	}
	room := max(q.limit-q.used, 0)
	got := min(want, room)
	q.used += got
	if got < want {
		q.refuse(q.bytesMessage())
	}
	return got
}

// refund gives back bytes a file no longer uses. The caller holds mu.
func (q *fileQuota) refund(n int64) {
	if n > 0 {
		q.used = max(q.used-n, 0)
	}
}

// addEntry takes one entry for a name about to be created, or records a
// refusal and returns false at the limit. The caller holds mu.
func (q *fileQuota) addEntry() bool {
	if q.entries >= q.maxEntries {
		q.refuse(q.entriesMessage())
		return false
	}
	q.entries++
	return true
}

// dropEntry gives back an entry taken for a create that failed. The caller
// holds mu.
func (q *fileQuota) dropEntry() { q.entries = max(q.entries-1, 0) }

// gone accounts for a name that is no longer in the tree (unlinked, removed,
// renamed over); fi is what it named. A regular file open for writing keeps
// its bytes charged until its last close. The caller holds mu.
func (q *fileQuota) gone(fi fs.FileInfo) {
	q.dropEntry()
	if !fi.Mode().IsRegular() {
		return
	}
	if id := idOf(fi); q.writers[id] > 0 {
		if q.orphans == nil {
			q.orphans = make(map[fileID]struct{})
		}
		q.orphans[id] = struct{}{}
		return
	}
	q.refund(fi.Size())
}

// opened records a writable descriptor of a regular file. The caller holds
// mu.
func (q *fileQuota) opened(id fileID) {
	if q.writers == nil {
		q.writers = make(map[fileID]int)
	}
	q.writers[id]++
}

// closing records that a writable descriptor of a regular file is about to
// close; f is still open, so an orphan's size can be read and refunded when
// it is the last.
func (q *fileQuota) closing(id fileID, f *os.File) {
	q.mu.Lock()
	defer q.mu.Unlock()
	if q.writers[id]--; q.writers[id] > 0 {
		return
	}
	delete(q.writers, id)
	if _, ok := q.orphans[id]; !ok {
		return
	}
	delete(q.orphans, id)
	if fi, err := f.Stat(); err == nil {
		q.refund(fi.Size())
	}
}

// removeAll removes name and everything under it, accounting for each
// entry as it goes, so the counters stay exact even when it stops half way.
// The caller holds mu.
func (q *fileQuota) removeAll(root *os.Root, name string) error {
	fi, err := root.Lstat(name)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil
		}
		return err
	}
	if fi.IsDir() {
		d, err := root.Open(name)
		if err != nil {
			return err
		}
		names, err := d.Readdirnames(-1)
		d.Close()
		if err != nil {
			return err
		}
		for _, n := range names {
			if err := q.removeAll(root, path.Join(name, n)); err != nil {
				return err
			}
		}
	}
	if err := root.Remove(name); err != nil {
		return err
	}
	q.gone(fi)
	return nil
}

// treeUsage walks root: bytes in regular files, and entries under it.
func treeUsage(root *os.Root) (bytes, entries int64, err error) {
	err = fs.WalkDir(root.FS(), ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if p == "." {
			return nil
		}
		entries++
		if d.Type().IsRegular() {
			info, err := d.Info()
			if err != nil {
				return err
			}
			bytes += info.Size()
		}
		return nil
	})
	return bytes, entries, err
}

// treeSize is the total size of the regular files under root.
func treeSize(root *os.Root) (int64, error) {
	bytes, _, err := treeUsage(root)
	return bytes, err
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
	if tooDeep(p) {
		return "", false, experimentalsys.ENAMETOOLONG
	}
	return p, dirOnly, 0
}

// A VM's paths are bounded like Linux's PATH_MAX, and in depth: os.Root
// resolves a path one component at a time, so making a deep tree level by
// level (mkdir -p) costs the square of its depth in system calls, in one
// call no deadline can stop.
const (
	maxPathBytes = 4096
	maxPathDepth = 256
)

// tooDeep reports whether a clean relative path passes those bounds.
func tooDeep(rel string) bool {
	return len(rel) > maxPathBytes || strings.Count(rel, "/") >= maxPathDepth
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

// hit stops the run: it met a file limit.
func (r *rootFS) hit() {
	if r.onHit != nil {
		r.onHit()
	}
}

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

func writable(oflag experimentalsys.Oflag) bool {
	return oflag&(experimentalsys.O_RDWR|experimentalsys.O_WRONLY) != 0
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
	created := false
	if writesTree(oflag) {
		r.markDirty()
		q := r.quota
		q.mu.Lock()
		defer q.mu.Unlock()
		fi, err := r.root.Lstat(name)
		switch {
		case err == nil:
			if oflag&experimentalsys.O_TRUNC != 0 && fi.Mode().IsRegular() {
				truncated = fi.Size()
			}
		case errors.Is(err, fs.ErrNotExist) && oflag&experimentalsys.O_CREAT != 0:
			if !q.addEntry() {
				r.hit()
				return nil, errNoSpace
			}
			created = true
		}
	}
	f, err := r.root.OpenFile(name, toOSFlag(oflag), perm)
	if err != nil {
		if created {
			r.quota.dropEntry()
		}
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
	rf := &rootFile{fs: r, name: name, file: f, oflag: oflag, perm: perm, dev: st.Dev, ino: st.Ino, isDir: fi.IsDir()}
	if writable(oflag) && fi.Mode().IsRegular() {
		// The lock is held: writable implies writesTree.
		rf.writer, rf.id = true, fileID{st.Dev, st.Ino}
		r.quota.opened(rf.id)
	}
	return rf, 0
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
	q := r.quota
	q.mu.Lock()
	defer q.mu.Unlock()
	_, err := r.root.Lstat(name)
	missing := errors.Is(err, fs.ErrNotExist)
	if missing && !q.addEntry() {
		r.hit()
		return errNoSpace
	}
	errno = toErrno(r.root.Mkdir(name, perm))
	switch {
	case errno != 0 && missing:
		q.dropEntry()
	case errno == 0 && !missing:
		q.entries++ // Lstat failed otherwise, yet the directory was made
	}
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

// Rename implements experimentalsys.FS. Renaming adds no entry; one renamed
// over another gives back the other's entry and bytes.
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
	q := r.quota
	q.mu.Lock()
	defer q.mu.Unlock()
	return toErrno(renameCounted(q, r.root, src, dst))
}

// renameCounted renames src to dst in root and accounts for what dst named
// before, if anything. The caller holds q.mu.
func renameCounted(q *fileQuota, root *os.Root, src, dst string) error {
	sfi, serr := root.Lstat(src)
	dfi, derr := root.Lstat(dst)
	if err := root.Rename(src, dst); err != nil {
		return err
	}
	if serr == nil && derr == nil && !os.SameFile(sfi, dfi) {
		q.gone(dfi)
	}
	return nil
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
	q := r.quota
	q.mu.Lock()
	defer q.mu.Unlock()
	fi, err := r.root.Lstat(name)
	if err != nil {
		return toErrno(err)
	}
	if !fi.IsDir() {
		return experimentalsys.ENOTDIR
	}
	r.markDirty()
	if err := r.root.Remove(name); err != nil {
		return toErrno(err)
	}
	q.gone(fi)
	return 0
}

// Unlink implements experimentalsys.FS.
func (r *rootFS) Unlink(p string) experimentalsys.Errno {
	name, _, errno := r.rel(p)
	if errno != 0 {
		return errno
	}
	q := r.quota
	q.mu.Lock()
	defer q.mu.Unlock()
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
	q.gone(fi)
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
	// writer marks a regular file open for writing, registered with the
	// quota under id until it closes.
	writer bool
	id     fileID
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
// current offset, or the end in append mode). It returns how many of them
// may be written, the offset they go to, the file's size and what was
// charged. The caller holds the quota's mu.
func (f *rootFile) growth(n int, off int64) (allowed int, at, size, charged int64, errno experimentalsys.Errno) {
	fi, err := f.file.Stat()
	if err != nil {
		return 0, 0, 0, 0, toErrno(err)
	}
	size = fi.Size()
	if off < 0 {
		if f.IsAppend() {
			off = size
		} else if off, err = f.file.Seek(0, io.SeekCurrent); err != nil {
			return 0, 0, 0, 0, toErrno(err)
		}
	}
	end := off + int64(n)
	if end <= size {
		return n, off, size, 0, 0
	}
	grow := end - size // a hole before off counts: the apparent size grows
	q := f.fs.quota
	got := q.reserve(grow)
	if got == grow {
		return n, off, size, got, 0
	}
	// Short of room (reserve recorded the refusal): write what fits, as a
	// full disk gives a short write; when nothing fits, errNoSpace.
	f.fs.hit()
	hole := max(off-size, 0)
	inside := max(size-off, 0)
	allowed = int(inside + max(got-hole, 0))
	if allowed == 0 {
		q.refund(got)
		return 0, off, size, 0, errNoSpace
	}
	return allowed, off, size, got, 0
}

func (f *rootFile) write(buf []byte, off int64) (int, experimentalsys.Errno) {
	if len(buf) == 0 {
		return 0, 0
	}
	if f.isDir {
		return 0, experimentalsys.EISDIR
	}
	f.fs.markDirty()
	q := f.fs.quota
	q.mu.Lock()
	defer q.mu.Unlock()
	explicit := off >= 0
	allowed, at, size, charged, errno := f.growth(len(buf), off)
	if errno != 0 {
		return 0, errno
	}
	var n int
	var err error
	if explicit {
		n, err = f.file.WriteAt(buf[:allowed], at)
	} else {
		n, err = f.file.Write(buf[:allowed])
	}
	// Keep only what the write really added (a short write adds less).
	q.refund(charged - max(at+int64(n)-size, 0))
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
	q := f.fs.quota
	q.mu.Lock()
	defer q.mu.Unlock()
	fi, err := f.file.Stat()
	if err != nil {
		return toErrno(err)
	}
	f.fs.markDirty()
	delta := size - fi.Size()
	if delta > 0 {
		if got := q.reserve(delta); got < delta {
			q.refund(got)
			f.fs.hit()
			return errNoSpace
		}
	}
	if err := f.file.Truncate(size); err != nil {
		q.refund(delta) // nothing changed: give back what was taken
		return toErrno(err)
	}
	q.refund(-delta)
	return 0
}

func (f *rootFile) Sync() experimentalsys.Errno     { return toErrno(f.file.Sync()) }
func (f *rootFile) Datasync() experimentalsys.Errno { return toErrno(f.file.Sync()) }

func (f *rootFile) Utimens(atim, mtim int64) experimentalsys.Errno {
	f.fs.markDirty()
	return f.fs.chtimes(f.name, atim, mtim)
}

func (f *rootFile) Close() experimentalsys.Errno {
	if f.writer {
		f.writer = false
		f.fs.quota.closing(f.id, f.file)
	}
	return toErrno(f.file.Close())
}
