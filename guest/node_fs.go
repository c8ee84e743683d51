package guest

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"sort"
	"strings"
	"syscall"
	"time"

	"github.com/dop251/goja"
	"github.com/dop251/goja_nodejs/buffer"
)

var (
	errIsDir  = errors.New("is a directory")
	errTooBig = errors.New("file too large to load as a module")
)

// fs reaches only the VM root through os.Root: guest paths are resolved
// against "/" (the root), so ".." stops there and absolute paths stay in
// it, and os.Root refuses symlinks that lead out. Every change to the tree
// is charged to the VM's fileQuota, the one WASM runs charge too: bytes in
// files (the net size of the tree: rewriting or deleting gives bytes back)
// and entries (files and directories). A write or create that would pass a
// limit is not performed: it throws ENOSPC and stops the guest with
// KindFileLimit, the same way the output caps stop it.

type fsOp func(js *jsState, args []goja.Value) goja.Value

// fsOps are the sync implementations; the callback and promise forms wrap
// them (the VM's files are local, so there is nothing to wait for).
var fsOps map[string]fsOp

func initFSOps() {
	fsOps = map[string]fsOp{
		"readFile":   (*jsState).fsReadFile,
		"writeFile":  func(js *jsState, a []goja.Value) goja.Value { return js.fsWrite(a, false) },
		"appendFile": func(js *jsState, a []goja.Value) goja.Value { return js.fsWrite(a, true) },
		"readdir":    (*jsState).fsReaddir,
		"mkdir":      (*jsState).fsMkdir,
		"stat":       func(js *jsState, a []goja.Value) goja.Value { return js.fsStat(a, false) },
		"lstat":      func(js *jsState, a []goja.Value) goja.Value { return js.fsStat(a, true) },
		"unlink":     (*jsState).fsUnlink,
		"rm":         (*jsState).fsRm,
		"rmdir":      (*jsState).fsRmdir,
		"rename":     (*jsState).fsRename,
		"copyFile":   (*jsState).fsCopyFile,
		"realpath":   (*jsState).fsRealpath,
		"access":     (*jsState).fsAccess,
	}
}

func (js *jsState) fsModule(module *goja.Object) {
	rt := js.rt
	e := module.Get("exports").ToObject(rt)
	promises := rt.NewObject()
	for name, op := range fsOps {
		e.Set(name+"Sync", func(c goja.FunctionCall) goja.Value { return op(js, c.Arguments) })
		promises.Set(name, func(c goja.FunctionCall) goja.Value { return js.fsPromise(op, c.Arguments) })
		e.Set(name, func(c goja.FunctionCall) goja.Value { return js.fsCallback(op, c.Arguments) })
	}
	e.Set("existsSync", func(c goja.FunctionCall) goja.Value {
		p, ok := js.pathArgOK(c.Argument(0))
		if !ok {
			return rt.ToValue(false)
		}
		_, err := js.n.v.root.Stat(rootPath(p))
		return rt.ToValue(err == nil)
	})
	e.Set("promises", promises)
	consts := rt.NewObject()
	for k, v := range map[string]int{"F_OK": 0, "R_OK": 4, "W_OK": 2, "X_OK": 1} {
		consts.Set(k, v)
		e.Set(k, v)
	}
	e.Set("constants", consts)
	promises.Set("constants", consts)
}

// fsPromise runs op now and settles a promise with its outcome.
func (js *jsState) fsPromise(op fsOp, args []goja.Value) goja.Value {
	p, resolve, reject := js.rt.NewPromise()
	v, thrown := js.try(func() goja.Value { return op(js, args) })
	if thrown != nil {
		reject(thrown)
	} else {
		resolve(v)
	}
	return js.rt.ToValue(p)
}

// fsCallback runs op now and calls back from the event loop, as Node does.
func (js *jsState) fsCallback(op fsOp, args []goja.Value) goja.Value {
	if len(args) == 0 {
		js.throwType("The \"cb\" argument must be of type function. Received undefined")
	}
	cb, ok := goja.AssertFunction(args[len(args)-1])
	if !ok {
		js.throwType("The \"cb\" argument must be of type function. Received %s", args[len(args)-1].String())
	}
	v, thrown := js.try(func() goja.Value { return op(js, args[:len(args)-1]) })
	js.loop.nextID++
	t := &timer{id: js.loop.nextID, fn: cb, index: -1, immed: true}
	if thrown != nil {
		t.args = []goja.Value{thrown}
	} else {
		t.args = []goja.Value{goja.Null(), v}
	}
	js.loop.add(t)
	return goja.Undefined()
}

// try runs f, turning a JS exception thrown by it into a value. Uncatchable
// interrupts keep unwinding.
func (js *jsState) try(f func() goja.Value) (v goja.Value, thrown goja.Value) {
	defer func() {
		if r := recover(); r != nil {
			switch x := r.(type) {
			case *goja.Object:
				thrown = x
			case *goja.Exception:
				thrown = x.Value()
			default:
				panic(r)
			}
		}
	}()
	return f(), nil
}

func (js *jsState) fsError(code, syscallName, p, desc string) *goja.Object {
	msg := fmt.Sprintf("%s: %s, %s", code, desc, syscallName)
	if p != "" {
		msg += " '" + p + "'"
	}
	e := js.newError(msg)
	e.Set("code", code)
	if errno, ok := errnoOf[code]; ok {
		e.Set("errno", -int(errno))
	}
	e.Set("syscall", syscallName)
	if p != "" {
		e.Set("path", p)
	}
	return e
}

var errnoOf = map[string]syscall.Errno{
	"ENOENT": syscall.ENOENT, "EEXIST": syscall.EEXIST, "EISDIR": syscall.EISDIR, "ENOTDIR": syscall.ENOTDIR,
	"ENOTEMPTY": syscall.ENOTEMPTY, "EACCES": syscall.EACCES, "EPERM": syscall.EPERM, "ELOOP": syscall.ELOOP,
	"ENOSPC": syscall.ENOSPC, "EINVAL": syscall.EINVAL, "ENAMETOOLONG": syscall.ENAMETOOLONG, "ENOTSUP": syscall.ENOTSUP,
	"EBADF": syscall.EBADF, "EFBIG": syscall.EFBIG,
}

var errnoDesc = map[string]string{
	"ENOENT": "no such file or directory", "EEXIST": "file already exists", "EISDIR": "illegal operation on a directory",
	"ENOTDIR": "not a directory", "ENOTEMPTY": "directory not empty", "EACCES": "permission denied",
	"EPERM": "operation not permitted", "ELOOP": "too many symbolic links encountered", "EINVAL": "invalid argument",
	"ENAMETOOLONG": "name too long", "ENOSPC": "no space left on device", "EFBIG": "file too large",
}

// fsErrorFrom maps an os error to a Node-style error. An error without an
// errno is os.Root refusing a path that leaves the VM: EACCES.
func (js *jsState) fsErrorFrom(err error, syscallName, p string) *goja.Object {
	code := "EACCES"
	var errno syscall.Errno
	switch {
	case errors.Is(err, errIsDir):
		code = "EISDIR"
	case errors.Is(err, errTooBig):
		code = "EFBIG"
	case errors.As(err, &errno):
		code = "EIO"
		for c, e := range errnoOf {
			if e == errno {
				code = c
				break
			}
		}
	case errors.Is(err, fs.ErrNotExist):
		code = "ENOENT"
	case errors.Is(err, fs.ErrExist):
		code = "EEXIST"
	}
	desc := errnoDesc[code]
	if desc == "" {
		desc = "i/o error"
	}
	return js.fsError(code, syscallName, p, desc)
}

// pathArgOK reads a path argument: a string, a Buffer or a file: URL.
func (js *jsState) pathArgOK(v goja.Value) (string, bool) {
	if isPrimitiveString(v) {
		s := v.String()
		return s, s != "" && !strings.ContainsRune(s, 0)
	}
	if o, ok := v.(*goja.Object); ok {
		if b, ok := o.Export().([]byte); ok {
			return string(b), len(b) > 0
		}
		if h := o.Get("href"); h != nil && strings.HasPrefix(h.String(), "file://") {
			p := o.Get("pathname")
			if p != nil {
				return p.String(), true
			}
		}
	}
	return "", false
}

func (js *jsState) pathArg(v goja.Value) string {
	p, ok := js.pathArgOK(v)
	if !ok {
		js.throwType("The \"path\" argument must be of type string or an instance of Buffer or URL. Received %s", js.inspect(v, inspectOpts{depth: 0}))
	}
	return p
}

// optsArg reads an options argument that may be an encoding string.
func optsArg(v goja.Value) (enc string, o *goja.Object) {
	if isPrimitiveString(v) {
		return v.String(), nil
	}
	if o, ok := v.(*goja.Object); ok && o != nil {
		if e := o.Get("encoding"); e != nil && !goja.IsUndefined(e) && !goja.IsNull(e) {
			enc = e.String()
		}
		return enc, o
	}
	return "", nil
}

func optBool(o *goja.Object, name string) bool {
	if o == nil {
		return false
	}
	v := o.Get(name)
	return v != nil && v.ToBoolean()
}

func arg(a []goja.Value, i int) goja.Value {
	if i < len(a) {
		return a[i]
	}
	return goja.Undefined()
}

// bytesArg reads data to write: a string in an encoding, or any buffer.
func (js *jsState) bytesArg(v, encv goja.Value) []byte {
	if isPrimitiveString(v) {
		enc := ""
		if isPrimitiveString(encv) {
			enc = encv.String()
		} else if o, ok := encv.(*goja.Object); ok {
			enc, _ = optsArg(o)
		}
		if enc == "" || enc == "utf8" || enc == "utf-8" {
			return []byte(v.String())
		}
		if c := buffer.StringCodecByName(enc); c != nil {
			return c.Decode(v.String())
		}
		return []byte(v.String())
	}
	if o, ok := v.(*goja.Object); ok {
		switch x := o.Export().(type) {
		case []byte:
			return x
		case goja.ArrayBuffer:
			return x.Bytes()
		}
		if buf, ok := o.Get("buffer").Export().(goja.ArrayBuffer); ok {
			_ = buf
			return js.bufferSource(o)
		}
	}
	return []byte(v.String())
}

// wrapBytes returns a Buffer over b, through the Buffer.from this runtime
// started with, so a guest replacing globalThis.Buffer changes nothing here.
func (js *jsState) wrapBytes(b []byte) goja.Value {
	js.builtin("buffer")
	v, err := js.bufFrom(js.bufCtor, js.rt.ToValue(js.rt.NewArrayBuffer(b)))
	if err != nil {
		panic(err)
	}
	return v
}

func encodeOut(js *jsState, b []byte, enc string) goja.Value {
	switch enc {
	case "", "buffer":
		return js.wrapBytes(b)
	case "utf8", "utf-8":
		return js.rt.ToValue(strings.ToValidUTF8(string(b), "\uFFFD"))
	}
	if c := buffer.StringCodecByName(enc); c != nil {
		return js.rt.ToValue(c.Encode(b))
	}
	return js.rt.ToValue(string(b))
}

func (js *jsState) fsReadFile(a []goja.Value) goja.Value {
	enc, _ := optsArg(arg(a, 1))
	p0 := arg(a, 0)
	if fd, ok := p0.Export().(int64); ok && fd == 0 {
		return encodeOut(js, append([]byte(nil), js.n.stdin...), enc) // fd 0
	}
	p := js.pathArg(p0)
	if p == "/dev/stdin" {
		return encodeOut(js, append([]byte(nil), js.n.stdin...), enc)
	}
	rel := rootPath(p)
	fi, err := js.n.v.root.Stat(rel)
	if err != nil {
		panic(js.fsErrorFrom(err, "open", p))
	}
	if fi.IsDir() {
		panic(js.fsError("EISDIR", "read", "", errnoDesc["EISDIR"]))
	}
	if fi.Size() > js.n.v.cfg.Limits.MemoryBytes {
		panic(js.fsError("EFBIG", "read", p, errnoDesc["EFBIG"]))
	}
	b, err := js.n.v.root.ReadFile(rel)
	if err != nil {
		panic(js.fsErrorFrom(err, "open", p))
	}
	return encodeOut(js, b, enc)
}

// fileLimit stops the guest for passing a file limit and throws ENOSPC,
// which the guest cannot catch for long: the halt ends the exec.
func (js *jsState) fileLimit(msg, syscallName, p string) {
	js.n.st.halt(&stopCause{kind: KindFileLimit, msg: msg})
	panic(js.fsError("ENOSPC", syscallName, p, errnoDesc["ENOSPC"]))
}

func (js *jsState) fsWrite(a []goja.Value, appendMode bool) goja.Value {
	p := js.pathArg(arg(a, 0))
	data := js.bytesArg(arg(a, 1), arg(a, 2))
	_, o := optsArg(arg(a, 2))
	flag := "w"
	if appendMode {
		flag = "a"
	}
	if o != nil {
		if f := o.Get("flag"); f != nil && !goja.IsUndefined(f) {
			flag = f.String()
		}
	}
	flags := os.O_WRONLY | os.O_CREATE
	switch strings.TrimSuffix(strings.ReplaceAll(flag, "s", ""), "+") {
	case "w":
		flags |= os.O_TRUNC
	case "wx", "xw":
		flags |= os.O_TRUNC | os.O_EXCL
	case "a":
		flags |= os.O_APPEND
	case "ax", "xa":
		flags |= os.O_APPEND | os.O_EXCL
	default:
		panic(js.fsError("EINVAL", "open", p, errnoDesc["EINVAL"]))
	}
	js.writeCounted(p, flags, data, "open", "write")
	return goja.Undefined()
}

// writeCounted writes data to the VM path p, opened with flags (O_TRUNC or
// O_APPEND), charging the quota first for the entry it may create and the
// bytes it may add; past a limit nothing is written. openSys and writeSys
// name the syscalls in errors.
func (js *jsState) writeCounted(p string, flags int, data []byte, openSys, writeSys string) {
	v := js.n.v
	rel := rootPath(p)
	q := &v.files
	q.mu.Lock()
	defer q.mu.Unlock()
	v.dirty.Store(true)
	var before int64 // the file's size now, 0 if it does not exist
	created := false
	fi, err := v.root.Stat(rel)
	switch {
	case err == nil:
		if fi.Mode().IsRegular() {
			before = fi.Size()
		}
	case errors.Is(err, fs.ErrNotExist):
		if !q.addEntry() {
			js.fileLimit(fmt.Sprintf("creating %s passes the file count limit of %d files and directories", p, q.maxEntries), openSys, p)
		}
		created = true
	}
	after := int64(len(data))
	if flags&os.O_APPEND != 0 {
		after += before
	}
	charged := max(after-before, 0)
	if got := q.reserve(charged); got < charged {
		q.refund(got)
		if created {
			q.dropEntry()
		}
		js.fileLimit(fmt.Sprintf("writing %s passes the file limit of %d bytes", p, q.limit), writeSys, p)
	}
	f, err := v.root.OpenFile(rel, flags, 0o644)
	if err != nil {
		q.refund(charged)
		if created {
			q.dropEntry()
		}
		panic(js.fsErrorFrom(err, openSys, p))
	}
	_, err = f.Write(data)
	if st, serr := f.Stat(); serr == nil {
		after = st.Size() // what the write really left
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	q.refund(charged)
	q.used = max(q.used+after-before, 0)
	if err != nil {
		panic(js.fsErrorFrom(err, writeSys, p))
	}
}

func (js *jsState) direntProto() *goja.Object {
	if v, ok := js.builtins["\x00dirent"]; ok {
		return v.(*goja.Object)
	}
	rt := js.rt
	p := rt.NewObject()
	is := func(bits uint32) func(goja.FunctionCall) goja.Value {
		return func(c goja.FunctionCall) goja.Value {
			if o, ok := c.This.(*goja.Object); ok {
				if m := o.Get("mode"); m != nil {
					return rt.ToValue(uint32(m.ToInteger())&0o170000 == bits)
				}
			}
			return rt.ToValue(false)
		}
	}
	p.Set("isFile", is(0o100000))
	p.Set("isDirectory", is(0o040000))
	p.Set("isSymbolicLink", is(0o120000))
	p.Set("isFIFO", is(0o010000))
	p.Set("isSocket", is(0o140000))
	p.Set("isBlockDevice", is(0o060000))
	p.Set("isCharacterDevice", is(0o020000))
	js.builtins["\x00dirent"] = p
	return p
}

func unixMode(m fs.FileMode) uint32 {
	bits := uint32(m.Perm())
	switch {
	case m.IsDir():
		bits |= 0o040000
	case m&fs.ModeSymlink != 0:
		bits |= 0o120000
	case m&fs.ModeNamedPipe != 0:
		bits |= 0o010000
	case m&fs.ModeSocket != 0:
		bits |= 0o140000
	case m&fs.ModeDevice != 0:
		bits |= 0o060000
	default:
		bits |= 0o100000
	}
	return bits
}

func (js *jsState) fsReaddir(a []goja.Value) goja.Value {
	p := js.pathArg(arg(a, 0))
	_, o := optsArg(arg(a, 1))
	d, err := js.n.v.root.Open(rootPath(p))
	if err != nil {
		panic(js.fsErrorFrom(err, "scandir", p))
	}
	ents, err := d.ReadDir(-1)
	d.Close()
	if err != nil {
		panic(js.fsErrorFrom(err, "scandir", p))
	}
	sort.Slice(ents, func(i, j int) bool { return ents[i].Name() < ents[j].Name() })
	out := make([]any, len(ents))
	withTypes := optBool(o, "withFileTypes")
	for i, ent := range ents {
		if !withTypes {
			out[i] = ent.Name()
			continue
		}
		de := js.rt.NewObject()
		de.SetPrototype(js.direntProto())
		de.Set("name", ent.Name())
		de.Set("parentPath", p)
		de.Set("path", p)
		de.DefineDataProperty("mode", js.rt.ToValue(unixMode(ent.Type())), goja.FLAG_FALSE, goja.FLAG_FALSE, goja.FLAG_FALSE)
		out[i] = de
	}
	return js.rt.NewArray(out...)
}

func (js *jsState) fsMkdir(a []goja.Value) goja.Value {
	p := js.pathArg(arg(a, 0))
	_, o := optsArg(arg(a, 1))
	rel := rootPath(p)
	if tooDeep(rel) {
		panic(js.fsError("ENAMETOOLONG", "mkdir", p, errnoDesc["ENAMETOOLONG"]))
	}
	v := js.n.v
	q := &v.files
	q.mu.Lock()
	defer q.mu.Unlock()
	v.dirty.Store(true)
	if optBool(o, "recursive") {
		if fi, err := v.root.Stat(rel); err == nil {
			if !fi.IsDir() {
				panic(js.fsError("EEXIST", "mkdir", p, errnoDesc["EEXIST"]))
			}
			return goja.Undefined()
		}
		// One level at a time, so each directory made is charged.
		parts := strings.Split(rel, "/")
		for i := range parts {
			sub := strings.Join(parts[:i+1], "/")
			fi, err := v.root.Lstat(sub)
			switch {
			case err == nil && fi.IsDir():
				continue
			case err == nil:
				panic(js.fsError("ENOTDIR", "mkdir", p, errnoDesc["ENOTDIR"]))
			case !errors.Is(err, fs.ErrNotExist):
				panic(js.fsErrorFrom(err, "mkdir", p))
			}
			js.mkdirCounted(sub, p)
		}
		return js.rt.ToValue(p)
	}
	if _, err := v.root.Lstat(rel); err != nil && errors.Is(err, fs.ErrNotExist) {
		js.mkdirCounted(rel, p)
		return goja.Undefined()
	}
	if err := v.root.Mkdir(rel, 0o755); err != nil {
		panic(js.fsErrorFrom(err, "mkdir", p))
	}
	q.entries++ // Lstat failed, yet the directory was made
	return goja.Undefined()
}

// mkdirCounted makes the missing directory rel, charging one entry. The
// caller holds the quota's mu.
func (js *jsState) mkdirCounted(rel, p string) {
	q := &js.n.v.files
	if !q.addEntry() {
		js.fileLimit(fmt.Sprintf("creating %s passes the file count limit of %d files and directories", p, q.maxEntries), "mkdir", p)
	}
	if err := js.n.v.root.Mkdir(rel, 0o755); err != nil {
		q.dropEntry()
		panic(js.fsErrorFrom(err, "mkdir", p))
	}
}

func (js *jsState) fsStat(a []goja.Value, link bool) goja.Value {
	p := js.pathArg(arg(a, 0))
	var fi fs.FileInfo
	var err error
	if link {
		fi, err = js.n.v.root.Lstat(rootPath(p))
	} else {
		fi, err = js.n.v.root.Stat(rootPath(p))
	}
	if err != nil {
		if _, o := optsArg(arg(a, 1)); o != nil && o.Get("throwIfNoEntry") != nil && !o.Get("throwIfNoEntry").ToBoolean() && errors.Is(err, fs.ErrNotExist) {
			return goja.Undefined()
		}
		sc := "stat"
		if link {
			sc = "lstat"
		}
		panic(js.fsErrorFrom(err, sc, p))
	}
	rt := js.rt
	s := rt.NewObject()
	s.SetPrototype(js.direntProto())
	mode := unixMode(fi.Mode())
	s.Set("mode", mode)
	s.Set("size", fi.Size())
	s.Set("nlink", 1)
	s.Set("uid", 0)
	s.Set("gid", 0)
	s.Set("dev", 0)
	s.Set("ino", 0)
	s.Set("blksize", 4096)
	s.Set("blocks", (fi.Size()+511)/512)
	mt := fi.ModTime()
	if js.n.v.cfg.Time != TimePrecise {
		mt = mt.Truncate(CoarseClock)
	}
	ms := float64(mt.UnixNano()/int64(time.Microsecond)) / 1000
	date, _ := goja.AssertConstructor(rt.Get("Date"))
	for _, k := range []string{"atime", "mtime", "ctime", "birthtime"} {
		s.Set(k+"Ms", ms)
		if date != nil {
			if d, err := date(nil, rt.ToValue(ms)); err == nil {
				s.Set(k, d)
			}
		}
	}
	return s
}

func (js *jsState) fsUnlink(a []goja.Value) goja.Value {
	p := js.pathArg(arg(a, 0))
	rel := rootPath(p)
	q := &js.n.v.files
	q.mu.Lock()
	defer q.mu.Unlock()
	fi, err := js.n.v.root.Lstat(rel)
	if err != nil {
		panic(js.fsErrorFrom(err, "unlink", p))
	}
	if fi.IsDir() {
		panic(js.fsError("EISDIR", "unlink", p, errnoDesc["EISDIR"]))
	}
	js.n.v.dirty.Store(true)
	if err := js.n.v.root.Remove(rel); err != nil {
		panic(js.fsErrorFrom(err, "unlink", p))
	}
	q.gone(fi)
	return goja.Undefined()
}

func (js *jsState) fsRm(a []goja.Value) goja.Value {
	p := js.pathArg(arg(a, 0))
	_, o := optsArg(arg(a, 1))
	rel := rootPath(p)
	if rel == "." {
		panic(js.fsError("EPERM", "rm", p, errnoDesc["EPERM"]))
	}
	q := &js.n.v.files
	q.mu.Lock()
	defer q.mu.Unlock()
	fi, err := js.n.v.root.Lstat(rel)
	if err != nil {
		if optBool(o, "force") && errors.Is(err, fs.ErrNotExist) {
			return goja.Undefined()
		}
		panic(js.fsErrorFrom(err, "rm", p))
	}
	js.n.v.dirty.Store(true)
	if fi.IsDir() {
		if !optBool(o, "recursive") {
			panic(js.fsError("EISDIR", "rm", p, "Path is a directory"))
		}
		err = q.removeAll(js.n.v.root, rel)
	} else if err = js.n.v.root.Remove(rel); err == nil {
		q.gone(fi)
	}
	if err != nil {
		panic(js.fsErrorFrom(err, "rm", p))
	}
	return goja.Undefined()
}

func (js *jsState) fsRmdir(a []goja.Value) goja.Value {
	p := js.pathArg(arg(a, 0))
	_, o := optsArg(arg(a, 1))
	rel := rootPath(p)
	q := &js.n.v.files
	q.mu.Lock()
	defer q.mu.Unlock()
	fi, err := js.n.v.root.Lstat(rel)
	if err != nil {
		panic(js.fsErrorFrom(err, "rmdir", p))
	}
	if !fi.IsDir() {
		panic(js.fsError("ENOTDIR", "rmdir", p, errnoDesc["ENOTDIR"]))
	}
	js.n.v.dirty.Store(true)
	if optBool(o, "recursive") && rel != "." {
		err = q.removeAll(js.n.v.root, rel)
	} else if err = js.n.v.root.Remove(rel); err == nil {
		q.gone(fi)
	}
	if err != nil {
		panic(js.fsErrorFrom(err, "rmdir", p))
	}
	return goja.Undefined()
}

func (js *jsState) fsRename(a []goja.Value) goja.Value {
	from, to := js.pathArg(arg(a, 0)), js.pathArg(arg(a, 1))
	q := &js.n.v.files
	q.mu.Lock()
	defer q.mu.Unlock()
	js.n.v.dirty.Store(true)
	if err := renameCounted(q, js.n.v.root, rootPath(from), rootPath(to)); err != nil {
		panic(js.fsErrorFrom(err, "rename", from))
	}
	return goja.Undefined()
}

func (js *jsState) fsCopyFile(a []goja.Value) goja.Value {
	from, to := js.pathArg(arg(a, 0)), js.pathArg(arg(a, 1))
	fi, err := js.n.v.root.Stat(rootPath(from))
	if err != nil {
		panic(js.fsErrorFrom(err, "copyfile", from))
	}
	if fi.IsDir() {
		panic(js.fsError("EISDIR", "copyfile", from, errnoDesc["EISDIR"]))
	}
	if fi.Size() > js.n.v.cfg.Limits.FileBytes {
		// It could not be copied anyway; do not read it whole first.
		js.fileLimit(fmt.Sprintf("writing %s passes the file limit of %d bytes", to, js.n.v.cfg.Limits.FileBytes), "copyfile", to)
	}
	b, err := js.n.v.root.ReadFile(rootPath(from))
	if err != nil {
		panic(js.fsErrorFrom(err, "copyfile", from))
	}
	js.writeCounted(to, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, b, "copyfile", "copyfile")
	return goja.Undefined()
}

func (js *jsState) fsRealpath(a []goja.Value) goja.Value {
	p := js.pathArg(arg(a, 0))
	if _, err := js.n.v.root.Stat(rootPath(p)); err != nil {
		panic(js.fsErrorFrom(err, "realpath", p))
	}
	return js.rt.ToValue("/" + strings.TrimPrefix(rootPath(p), "."))
}

func (js *jsState) fsAccess(a []goja.Value) goja.Value {
	p := js.pathArg(arg(a, 0))
	if _, err := js.n.v.root.Stat(rootPath(p)); err != nil {
		panic(js.fsErrorFrom(err, "access", p))
	}
	return goja.Undefined()
}
