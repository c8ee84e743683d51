package guest

import (
	"bytes"
	"compress/flate"
	"encoding/binary"
	"errors"
	"fmt"
	"hash"
	"hash/adler32"
	"hash/crc32"
	"io"
	"math"
	"strconv"

	"github.com/dop251/goja"
)

// zlib is Node's zlib module on Go's compress/flate: the one-shot forms
// (gzipSync, gunzipSync, deflateSync, inflateSync, deflateRawSync,
// inflateRawSync, unzipSync), their callback forms, crc32, constants and
// codes. The gzip and zlib wrappers are parsed here rather than by
// compress/gzip and compress/zlib, so errors carry zlib's own messages and
// codes (incorrect header check, incorrect data check, incorrect length
// check, unexpected end of file, Missing dictionary) and a gunzip goes on
// through concatenated members and stops at trailing zeros as Node's does.
//
// Compression output is valid but not byte for byte Node's (a different
// deflate); windowBits, memLevel and strategy are checked as Node checks
// them, but Go always deflates with a 32 KiB window, and only
// Z_HUFFMAN_ONLY changes what it does. Brotli and the stream classes
// (createGzip, Gzip, ...) are absent, not stubbed.
//
// Decompression grows its output a step at a time and stops with Node's
// ERR_BUFFER_TOO_LARGE RangeError once it would pass maxOutputLength or
// half the job's memory limit, whichever is smaller (half, so that the
// buffer's last doubling stays under the memory watchdog's line and the
// guest gets Node's error rather than a killed exec); a zip bomb costs at
// most that much; it polls the exec's halt between steps, as does compressing a
// large input. The callback forms do the work at once and call back from
// the event loop, as fs does.

// zlib modes, as Node numbers them in zlib.constants.
const (
	zDeflate    = 1
	zInflate    = 2
	zGzip       = 3
	zGunzip     = 4
	zDeflateRaw = 5
	zInflateRaw = 6
	zUnzip      = 7
)

// zlibMaxLength is Node's kMaxLength, the upper bound of maxOutputLength.
const zlibMaxLength = 1 << 32

// zlibStep is how much a step of compression reads or decompression
// writes between two looks at the exec's halt.
const zlibStep = 1 << 20

var zlibConstants = []struct {
	name string
	v    int
}{
	{"Z_NO_FLUSH", 0}, {"Z_PARTIAL_FLUSH", 1}, {"Z_SYNC_FLUSH", 2}, {"Z_FULL_FLUSH", 3}, {"Z_FINISH", 4}, {"Z_BLOCK", 5},
	{"Z_OK", 0}, {"Z_STREAM_END", 1}, {"Z_NEED_DICT", 2}, {"Z_ERRNO", -1}, {"Z_STREAM_ERROR", -2}, {"Z_DATA_ERROR", -3},
	{"Z_MEM_ERROR", -4}, {"Z_BUF_ERROR", -5}, {"Z_VERSION_ERROR", -6},
	{"Z_NO_COMPRESSION", 0}, {"Z_BEST_SPEED", 1}, {"Z_BEST_COMPRESSION", 9}, {"Z_DEFAULT_COMPRESSION", -1},
	{"Z_FILTERED", 1}, {"Z_HUFFMAN_ONLY", 2}, {"Z_RLE", 3}, {"Z_FIXED", 4}, {"Z_DEFAULT_STRATEGY", 0},
	{"ZLIB_VERNUM", 4880},
	{"DEFLATE", zDeflate}, {"INFLATE", zInflate}, {"GZIP", zGzip}, {"GUNZIP", zGunzip},
	{"DEFLATERAW", zDeflateRaw}, {"INFLATERAW", zInflateRaw}, {"UNZIP", zUnzip},
	{"Z_MIN_WINDOWBITS", 8}, {"Z_MAX_WINDOWBITS", 15}, {"Z_DEFAULT_WINDOWBITS", 15},
	{"Z_MIN_CHUNK", 64}, {"Z_DEFAULT_CHUNK", 16384},
	{"Z_MIN_MEMLEVEL", 1}, {"Z_MAX_MEMLEVEL", 9}, {"Z_DEFAULT_MEMLEVEL", 8},
	{"Z_MIN_LEVEL", -1}, {"Z_MAX_LEVEL", 9}, {"Z_DEFAULT_LEVEL", -1},
}

var zlibCodes = []struct {
	name  string
	errno int
}{
	{"Z_OK", 0}, {"Z_STREAM_END", 1}, {"Z_NEED_DICT", 2}, {"Z_ERRNO", -1}, {"Z_STREAM_ERROR", -2},
	{"Z_DATA_ERROR", -3}, {"Z_MEM_ERROR", -4}, {"Z_BUF_ERROR", -5}, {"Z_VERSION_ERROR", -6},
}

// zlibError is a failure of the data, as zlib reports it.
type zlibError struct {
	msg   string
	errno int
}

func (e *zlibError) Error() string { return e.msg }

var (
	zErrHeader = &zlibError{"incorrect header check", -3}
	zErrData   = &zlibError{"incorrect data check", -3}
	zErrLength = &zlibError{"incorrect length check", -3}
	zErrEOF    = &zlibError{"unexpected end of file", -5}
	zErrWindow = &zlibError{"invalid window size", -3}
	zErrMethod = &zlibError{"unknown compression method", -3}
	zErrFlags  = &zlibError{"unknown header flags set", -3}
	zErrNoDict = &zlibError{"Missing dictionary", 2}
	zErrDict   = &zlibError{"Bad dictionary", 2}
)

// zlibOpts are the options of one call, checked as Node's constructors
// check them.
type zlibOpts struct {
	windowBits  int
	level       int
	strategy    int
	dict        []byte
	finishFlush int
	maxOut      int64
	info        bool // return {buffer, engine: null}: there are no engines
}

type zlibMod struct {
	js *jsState
	rt *goja.Runtime
	cm *cryptoMod // for Node's argument errors
}

func (js *jsState) zlibModule(module *goja.Object) {
	rt := js.rt
	z := &zlibMod{js: js, rt: rt, cm: &cryptoMod{js: js, rt: rt}}
	e := module.Get("exports").ToObject(rt)
	consts := rt.NewObject()
	for _, c := range zlibConstants {
		consts.Set(c.name, c.v)
	}
	e.Set("constants", consts)
	codes := rt.NewObject()
	for _, c := range zlibCodes {
		codes.Set(c.name, c.errno)
		codes.Set(strconv.Itoa(c.errno), c.name)
	}
	e.Set("codes", codes)
	// The old top-level copies of the constants, read-only and hidden as
	// in Node.
	for _, c := range zlibConstants {
		if len(c.name) > 2 && c.name[:2] == "Z_" && c.name != "Z_MIN_CHUNK" {
			e.DefineDataProperty(c.name, rt.ToValue(c.v), goja.FLAG_FALSE, goja.FLAG_FALSE, goja.FLAG_FALSE)
		}
	}
	for _, m := range []struct {
		name string
		mode int
	}{
		{"deflate", zDeflate}, {"gzip", zGzip}, {"deflateRaw", zDeflateRaw},
		{"unzip", zUnzip}, {"inflate", zInflate}, {"gunzip", zGunzip}, {"inflateRaw", zInflateRaw},
	} {
		mode := m.mode
		e.Set(m.name+"Sync", func(c goja.FunctionCall) goja.Value {
			o := z.options(c.Argument(1), mode)
			return z.run(mode, z.input(c.Argument(0)), o)
		})
		e.Set(m.name, func(c goja.FunctionCall) goja.Value {
			optv, cb := c.Argument(1), c.Argument(2)
			if _, ok := goja.AssertFunction(optv); ok {
				optv, cb = goja.Undefined(), optv
			}
			o := z.options(optv, mode)
			if _, ok := goja.AssertFunction(cb); !ok {
				panic(z.cm.argType("callback", "of type function", cb))
			}
			v, thrown := js.try(func() goja.Value { return z.run(mode, z.input(c.Argument(0)), o) })
			if thrown != nil {
				z.cm.later(cb, thrown)
			} else {
				z.cm.later(cb, goja.Null(), v)
			}
			return goja.Undefined()
		})
	}
	e.Set("crc32", func(c goja.FunctionCall) goja.Value {
		var data []byte
		d := c.Argument(0)
		if isPrimitiveString(d) {
			data = []byte(d.String())
		} else if w, ok := z.cm.viewOf(d); ok && !w.buffer {
			data = w.b
		} else {
			panic(z.cm.argType("data", "of type string or an instance of Buffer, TypedArray, or DataView", d))
		}
		var start uint32
		if v := c.Argument(1); !cryptoUndef(v) {
			n, ok := cryptoNumber(v)
			if !ok {
				panic(z.cm.argType("value", "of type number", v))
			}
			if n != math.Trunc(n) || n < 0 || n > math.MaxUint32 {
				panic(z.cm.outOfRange("value", ">= 0 && <= 4294967295", n))
			}
			start = uint32(n)
		}
		return rt.ToValue(crc32.Update(start, crc32.IEEETable, data))
	})
}

// input reads the data argument: a string (UTF-8) or any buffer.
func (z *zlibMod) input(v goja.Value) []byte {
	if isPrimitiveString(v) {
		return []byte(v.String())
	}
	if w, ok := z.cm.viewOf(v); ok {
		return w.b
	}
	panic(z.cm.argType("buffer", "of type string or an instance of Buffer, TypedArray, DataView, or ArrayBuffer", v))
}

// number is Node's checkRangesOrGetDefault.
func (z *zlibMod) number(o *goja.Object, name string, lo, hi, def float64) float64 {
	v := o.Get(name)
	if cryptoUndef(v) {
		return def
	}
	n, ok := cryptoNumber(v)
	if !ok {
		panic(z.cm.argType("options."+name, "of type number", v))
	}
	if math.IsNaN(n) {
		return def
	}
	if math.IsInf(n, 0) {
		panic(z.outOfRange("options."+name, "a finite number", n))
	}
	if n < lo || n > hi {
		panic(z.outOfRange("options."+name, ">= "+zlibNum(lo)+" and <= "+zlibNum(hi), n))
	}
	return n
}

func zlibNum(x float64) string { return strconv.FormatFloat(x, 'f', -1, 64) }

// outOfRange is Node's ERR_OUT_OF_RANGE for an option.
func (z *zlibMod) outOfRange(name, want string, x float64) *goja.Object {
	if math.IsInf(x, 0) || math.Abs(x) <= 1<<32 {
		return z.js.rangeError("ERR_OUT_OF_RANGE", fmt.Sprintf("The value of %q is out of range. It must be %s. Received %s", name, want, z.js.inspect(z.rt.ToValue(x), inspectOpts{depth: 2})))
	}
	return z.cm.outOfRange(name, want, x)
}

func (z *zlibMod) options(v goja.Value, mode int) zlibOpts {
	o := zlibOpts{windowBits: 15, level: -1, finishFlush: 4, maxOut: zlibMaxLength}
	opts, ok := v.(*goja.Object)
	if ok {
		wb := opts.Get("windowBits")
		inflating := mode == zInflate || mode == zGunzip || mode == zUnzip
		if inflating && (cryptoUndef(wb) || goja.IsNull(wb) || wb.StrictEquals(z.rt.ToValue(0))) {
			o.windowBits = 0
		} else {
			lo := 8.0
			if mode == zGzip {
				lo = 9
			}
			o.windowBits = int(z.number(opts, "windowBits", lo, 15, 15))
		}
		o.level = int(z.number(opts, "level", -1, 9, -1))
		z.number(opts, "memLevel", 1, 9, 8)
		o.strategy = int(z.number(opts, "strategy", 0, 4, 0))
		if d := opts.Get("dictionary"); !cryptoUndef(d) {
			w, ok := z.cm.viewOf(d)
			if !ok {
				panic(z.cm.argType("options.dictionary", "an instance of Buffer, TypedArray, DataView, or ArrayBuffer", d))
			}
			o.dict = w.b
		}
		if cs := opts.Get("chunkSize"); !cryptoUndef(cs) {
			if n, ok := cryptoNumber(cs); !ok {
				panic(z.cm.argType("options.chunkSize", "of type number", cs))
			} else if math.IsInf(n, 0) {
				panic(z.outOfRange("options.chunkSize", "a finite number", n))
			} else if n < 64 {
				panic(z.outOfRange("options.chunkSize", ">= 64", n))
			}
		}
		z.number(opts, "flush", 0, 5, 0)
		o.finishFlush = int(z.number(opts, "finishFlush", 0, 5, 4))
		o.maxOut = int64(z.number(opts, "maxOutputLength", 1, zlibMaxLength, zlibMaxLength))
		info := opts.Get("info")
		o.info = info != nil && info.ToBoolean()
	}
	return o
}

// stop throws once the exec has been halted.
func (z *zlibMod) stop() {
	if st := z.js.n.st; st != nil {
		select {
		case <-st.halted:
			panic(z.js.newError("zlib: operation stopped"))
		default:
		}
	}
}

func (z *zlibMod) run(mode int, in []byte, o zlibOpts) goja.Value {
	var out []byte
	var err error
	switch mode {
	case zDeflate, zGzip, zDeflateRaw:
		out = z.compress(mode, in, o)
	default:
		limit := min(o.maxOut, z.cm.limit()/2)
		d := &zlibDecoder{z: z, in: in, limit: limit, o: o}
		switch mode {
		case zInflate:
			err = d.zlib()
		case zGunzip:
			err = d.gunzip()
		case zInflateRaw:
			err = d.raw(nil)
		case zUnzip:
			if len(in) >= 2 && in[0] == 0x1f && in[1] == 0x8b {
				err = d.gunzip()
			} else {
				err = d.zlib()
			}
		}
		if errors.Is(err, errZlibTooLarge) {
			panic(z.js.rangeError("ERR_BUFFER_TOO_LARGE", fmt.Sprintf("Cannot create a Buffer larger than %d bytes", limit)))
		}
		if err == zErrEOF && o.finishFlush != 4 {
			err = nil // a partial stream is fine when not finishing
		}
		out = d.out
	}
	if err != nil {
		var ze *zlibError
		if !errors.As(err, &ze) {
			ze = &zlibError{"invalid deflate data", -3}
		}
		e := z.js.newError(ze.msg)
		e.Set("errno", ze.errno)
		for _, c := range zlibCodes {
			if c.errno == ze.errno {
				e.Set("code", c.name)
			}
		}
		panic(e)
	}
	if o.info {
		r := z.rt.NewObject()
		r.Set("buffer", z.js.wrapBytes(out))
		r.Set("engine", goja.Null())
		return r
	}
	return z.js.wrapBytes(out)
}

func (z *zlibMod) compress(mode int, in []byte, o zlibOpts) []byte {
	level := o.level
	if o.strategy == 2 { // Z_HUFFMAN_ONLY
		level = flate.HuffmanOnly
	}
	var buf bytes.Buffer
	var sum hash.Hash32
	switch mode {
	case zGzip:
		xfl := byte(0)
		switch level {
		case 9:
			xfl = 2
		case 1:
			xfl = 4
		}
		buf.Write([]byte{0x1f, 0x8b, 8, 0, 0, 0, 0, 0, xfl, 3})
		sum = crc32.NewIEEE()
	case zDeflate:
		lv := byte(2)
		switch {
		case level == 1 || level < -1:
			lv = 0
		case level >= 2 && level <= 5:
			lv = 1
		case level >= 7:
			lv = 3
		}
		h := uint16(0x78)<<8 | uint16(lv)<<6
		if o.dict != nil {
			h |= 0x20
		}
		h += 31 - h%31
		buf.Write([]byte{byte(h >> 8), byte(h)})
		if o.dict != nil {
			buf.Write(binary.BigEndian.AppendUint32(nil, adler32.Checksum(o.dict)))
		}
		sum = adler32.New()
	}
	var w *flate.Writer
	var err error
	if o.dict != nil && mode != zGzip {
		w, err = flate.NewWriterDict(&buf, level, o.dict)
	} else {
		w, err = flate.NewWriter(&buf, level)
	}
	if err != nil {
		panic(z.js.newError(err.Error()))
	}
	for rest := in; len(rest) > 0; {
		n := min(len(rest), zlibStep)
		w.Write(rest[:n])
		if sum != nil {
			sum.Write(rest[:n])
		}
		rest = rest[n:]
		if int64(buf.Len()) > z.cm.limit() {
			panic(z.js.rangeError("ERR_BUFFER_TOO_LARGE", fmt.Sprintf("Cannot create a Buffer larger than %d bytes", z.cm.limit())))
		}
		z.stop()
	}
	w.Close()
	switch mode {
	case zGzip:
		buf.Write(binary.LittleEndian.AppendUint32(nil, sum.Sum32()))
		buf.Write(binary.LittleEndian.AppendUint32(nil, uint32(len(in))))
	case zDeflate:
		buf.Write(binary.BigEndian.AppendUint32(nil, sum.Sum32()))
	}
	return buf.Bytes()
}

var errZlibTooLarge = errors.New("zlib: output too large")

// zlibDecoder inflates in into out, never past limit bytes.
type zlibDecoder struct {
	z     *zlibMod
	in    []byte
	pos   int
	out   []byte
	limit int64
	o     zlibOpts
}

func (d *zlibDecoder) need(n int) ([]byte, error) {
	if d.pos+n > len(d.in) {
		d.pos = len(d.in)
		return nil, zErrEOF
	}
	b := d.in[d.pos : d.pos+n]
	d.pos += n
	return b, nil
}

// raw inflates one deflate stream from pos, feeding what it writes to sum.
func (d *zlibDecoder) raw(sum hash.Hash32) error {
	if d.pos >= len(d.in) {
		return zErrEOF
	}
	br := bytes.NewReader(d.in[d.pos:])
	var r io.ReadCloser
	if d.o.dict != nil {
		r = flate.NewReaderDict(br, d.o.dict)
	} else {
		r = flate.NewReader(br)
	}
	start := d.pos
	defer func() { d.pos = len(d.in) - br.Len() }()
	for {
		if len(d.out) == cap(d.out) {
			if int64(len(d.out)) >= d.limit {
				// Full: one byte more means too large.
				var one [1]byte
				n, err := r.Read(one[:])
				if n > 0 {
					return errZlibTooLarge
				}
				if err == nil {
					continue
				}
				if err == io.EOF {
					break
				}
				return d.fault(err, start)
			}
			grow := int64(max(2*cap(d.out), 64<<10, 4*len(d.in)))
			next := make([]byte, len(d.out), min(grow, d.limit))
			copy(next, d.out)
			d.out = next
		}
		chunk := d.out[len(d.out):min(cap(d.out), len(d.out)+zlibStep)]
		n, err := r.Read(chunk)
		if sum != nil {
			sum.Write(chunk[:n])
		}
		d.out = d.out[:len(d.out)+n]
		if err == io.EOF {
			break
		}
		if err != nil {
			return d.fault(err, start)
		}
		d.z.stop()
	}
	return nil
}

// fault is zlib's error for a deflate stream starting at start that
// failed with err. Corrupt data gets zlib's message where the first
// block's header tells it, else a message of our own with zlib's code.
func (d *zlibDecoder) fault(err error, start int) error {
	if errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF) {
		return zErrEOF
	}
	var ce flate.CorruptInputError
	if !errors.As(err, &ce) {
		return err
	}
	b := d.in[start:]
	switch {
	case len(b) > 0 && (b[0]>>1)&3 == 3:
		return &zlibError{"invalid block type", -3}
	case len(b) >= 5 && (b[0]>>1)&3 == 0 && binary.LittleEndian.Uint16(b[1:]) != ^binary.LittleEndian.Uint16(b[3:]):
		return &zlibError{"invalid stored block lengths", -3}
	}
	return &zlibError{"invalid deflate data", -3}
}

func (d *zlibDecoder) zlib() error {
	h, err := d.need(2)
	if err != nil {
		return err
	}
	if (uint16(h[0])<<8|uint16(h[1]))%31 != 0 {
		return zErrHeader
	}
	if h[0]&0x0f != 8 {
		return zErrMethod
	}
	if wb := int(h[0]>>4) + 8; wb > 15 || (d.o.windowBits != 0 && wb > d.o.windowBits) {
		return zErrWindow
	}
	if h[1]&0x20 != 0 {
		id, err := d.need(4)
		if err != nil {
			return err
		}
		if d.o.dict == nil {
			return zErrNoDict
		}
		if binary.BigEndian.Uint32(id) != adler32.Checksum(d.o.dict) {
			return zErrDict
		}
	} else {
		d.o.dict = nil
	}
	sum := adler32.New()
	if err := d.raw(sum); err != nil {
		return err
	}
	t, err := d.need(4)
	if err != nil {
		return err
	}
	if binary.BigEndian.Uint32(t) != sum.Sum32() {
		return zErrData
	}
	return nil
}

// gunzip reads gzip members until the input ends or a zero byte follows
// one, as Node does.
func (d *zlibDecoder) gunzip() error {
	d.o.dict = nil
	for {
		if err := d.member(); err != nil {
			return err
		}
		if d.pos >= len(d.in) || d.in[d.pos] == 0 {
			return nil
		}
	}
}

func (d *zlibDecoder) member() error {
	rest := d.in[d.pos:]
	if (len(rest) > 0 && rest[0] != 0x1f) || (len(rest) > 1 && rest[1] != 0x8b) {
		return zErrHeader
	}
	h, err := d.need(10)
	if err != nil {
		return err
	}
	if h[0] != 0x1f || h[1] != 0x8b {
		return zErrHeader
	}
	if h[2] != 8 {
		return zErrMethod
	}
	flg := h[3]
	if flg&0xe0 != 0 {
		return zErrFlags
	}
	if flg&4 != 0 { // FEXTRA
		x, err := d.need(2)
		if err != nil {
			return err
		}
		if _, err := d.need(int(binary.LittleEndian.Uint16(x))); err != nil {
			return err
		}
	}
	for _, bit := range []byte{8, 16} { // FNAME, FCOMMENT
		if flg&bit != 0 {
			i := bytes.IndexByte(d.in[d.pos:], 0)
			if i < 0 {
				d.pos = len(d.in)
				return zErrEOF
			}
			d.pos += i + 1
		}
	}
	if flg&2 != 0 { // FHCRC
		if _, err := d.need(2); err != nil {
			return err
		}
	}
	start := len(d.out)
	sum := crc32.NewIEEE()
	if err := d.raw(sum); err != nil {
		return err
	}
	t, err := d.need(8)
	if err != nil {
		return err
	}
	if binary.LittleEndian.Uint32(t) != sum.Sum32() {
		return zErrData
	}
	if binary.LittleEndian.Uint32(t[4:]) != uint32(len(d.out)-start) {
		return zErrLength
	}
	return nil
}
