package guest

import (
	"errors"
	"fmt"

	"github.com/natsexec/natsexec/jobs"
)

// Bounds on a user's WASM module, checked by checkWASM before wazero sees
// it. Compiling cannot be interrupted, wazero's decoder allocates by the
// counts a module declares before it reads what they count, and its
// optimizing compiler is superlinear in a function's control flow. So a
// module is first walked once, in time linear in its size, and refused if
// it passes any bound below.
//
// Counts follow the limits the JS embedding of WebAssembly sets
// (webassembly.github.io/spec/js-api, "Implementation-defined limits"),
// which toolchains respect since browsers enforce them, tightened where
// wazero's memory per item would make them a bomb.
//
// The per-function bounds are ours. Measured with wazero 1.12 on a loaded
// 2-core machine: 32,000 nested ifs compile in 39 s (300k never end),
// 16,000 sequential ifs in 24 s, 50,000 locals read behind 26 ifs in 106 s,
// one br_table of a million labels in 9.5 min, each in a function of a few
// KB to 1 MB. What grows is, per function, the square of its branch points
// (a block, try or br_if counts 1; a loop or an if, 3), plus branch points
// times locals squared over 4, plus each br_table's labels squared over 8:
// the compile cost below, in units of a few ns. A function may cost 2^30
// (the worst shapes at that cost compile in 2-3 s), a module 2^32. Real
// modules, by TestWASMCheckRealModules and by hand for Go: Go nests one
// block per call site of a function, 570 deep in a 7 MB program of the
// standard library, whose dearest function costs 6e6 and all 7e7 (the
// module compiles in 11 s); clang, Rust, TinyGo and Zig stay under 50 deep
// and 2e7. So nesting stops at 4096, not at 1024, within 2x of Go.
// A module within the bounds may still compile for tens of seconds, as the
// largest real ones do: stopping that is the job's deadline's work, as its
// compile counts against its timeout, and a compile still running at the
// deadline gets its sidecar killed (ExecResult.CompileOverrun).
const (
	wasmMaxModuleBytes   = jobs.MaxModuleBytes
	wasmMaxTypes         = 100_000    // JS: 1,000,000
	wasmMaxTypeParams    = 1_000      // JS
	wasmMaxTypeResults   = 1_000      // JS
	wasmMaxImports       = 100_000    // JS
	wasmMaxFunctions     = 1_000_000  // JS; imported and defined
	wasmMaxTables        = 100        // JS: 100,000
	wasmMaxTableElements = 10_000_000 // JS, per table; here the tables' initial sizes in all
	wasmMaxMemories      = 100        // JS (multi-memory)
	wasmMaxGlobals       = 100_000    // JS: 1,000,000
	wasmMaxExports       = 100_000    // JS
	wasmMaxElemSegments  = 100_000
	wasmMaxElemEntries   = 10_000_000 // JS: table entries in element segments
	wasmMaxDataSegments  = 100_000    // JS
	wasmMaxTags          = 100_000    // JS: 1,000,000

	wasmMaxBodyBytes      = 1 << 20 // JS: 7,654,321
	wasmMaxFunctionLocals = 50_000  // JS; parameters included
	// wasmMaxModuleLocals bounds locals (parameters included) over all
	// functions: wazero zeroes each on entry, 8 bytes of code apiece.
	wasmMaxModuleLocals  = 10_000_000
	wasmMaxNesting       = 4096
	wasmMaxBrTableLabels = 65_520 // JS; the cost bounds how many
	wasmMaxFunctionCost  = 1 << 30
	wasmMaxModuleCost    = 1 << 32
)

// Errors of checkWASM: a module that breaks the format, and a well-formed
// one over a bound.
var (
	errWASMInvalid = errors.New("invalid wasm module")
	errWASMRefused = errors.New("module refused")
)

// wasmShape is what checkWASM learnt of a module: the figures the bounds
// are about, for tests and measurements.
type wasmShape struct {
	Functions    int // defined ones
	MaxBodyBytes int
	MaxLocals    int // of one function, parameters included
	TotalLocals  int
	MaxNesting   int
	MaxBranches  int // branch points of one function, weighted as for the cost
	MaxBrTable   int // labels of one br_table
	MaxCost      int64
	TotalCost    int64

	importedFuncs int
	// steps counts turns of every loop of the walk: the fuzz test holds
	// them to the module's size.
	steps int
}

// checkWASM refuses a module over the bounds above, or one too malformed
// to walk (anything else wrong with it is wazero's to find). The error
// wraps errWASMRefused or errWASMInvalid and says which bound or where.
func checkWASM(bin []byte) error {
	_, err := inspectWASM(bin)
	return err
}

// wasmSection names sections for messages, by id.
var wasmSection = [...]string{
	0: "custom", 1: "type", 2: "import", 3: "function", 4: "table", 5: "memory",
	6: "global", 7: "export", 8: "start", 9: "element", 10: "code", 11: "data",
	12: "data count", 13: "tag",
}

// wasmSectionRank orders the non-custom sections as the format requires;
// the tag section (exception handling) goes between memory and global.
var wasmSectionRank = [...]int{1: 1, 2: 2, 3: 3, 4: 4, 5: 5, 13: 6, 6: 7, 7: 8, 8: 9, 9: 10, 12: 11, 10: 12, 11: 13}

func inspectWASM(bin []byte) (*wasmShape, error) {
	s := &wasmShape{}
	if len(bin) > wasmMaxModuleBytes {
		return s, fmt.Errorf("%w: %d bytes, over %d", errWASMRefused, len(bin), wasmMaxModuleBytes)
	}
	if len(bin) < 8 || string(bin[:4]) != "\x00asm" {
		return s, fmt.Errorf("%w: no wasm magic number", errWASMInvalid)
	}
	if string(bin[4:8]) != "\x01\x00\x00\x00" {
		return s, fmt.Errorf("%w: binary format version %x, want 1", errWASMInvalid, bin[4:8])
	}
	r := &wreader{b: bin, off: 8, s: s}
	var (
		lastRank  int
		funcTypes []uint32 // type index of each defined function
		params    []uint32 // parameter count of each type
		sawCode   bool
	)
	for r.left() > 0 {
		s.steps++
		id, _ := r.byte()
		size, err := r.u32()
		if err != nil {
			return s, fmt.Errorf("%w: size of section %d: %w", errWASMInvalid, id, err)
		}
		if int64(size) > int64(r.left()) {
			return s, fmt.Errorf("%w: section %d declares %d bytes, %d are left", errWASMInvalid, id, size, r.left())
		}
		if int(id) >= len(wasmSection) {
			return s, fmt.Errorf("%w: unknown section id %d", errWASMInvalid, id)
		}
		if id != 0 {
			if wasmSectionRank[id] <= lastRank {
				return s, fmt.Errorf("%w: %s section out of order or repeated", errWASMInvalid, wasmSection[id])
			}
			lastRank = wasmSectionRank[id]
		}
		sec := &wreader{b: r.b[r.off : r.off+int(size)], s: s}
		r.off += int(size)
		switch id {
		case 0:
			_, err = sec.name()
			sec.off = len(sec.b) // the rest is opaque
		case 1:
			params, err = sec.typeSection()
		case 2:
			err = sec.importSection()
		case 3:
			funcTypes, err = sec.functionSection()
		case 4:
			err = sec.tableSection()
		case 5:
			err = sec.vector(wasmMaxMemories, "memories", func() error {
				_, err := sec.limits()
				return err
			})
		case 6:
			err = sec.vector(wasmMaxGlobals, "globals", func() error {
				if err := sec.valType(); err != nil {
					return err
				}
				if _, err := sec.byte(); err != nil { // mutability
					return err
				}
				return sec.constExpr()
			})
		case 7:
			err = sec.vector(wasmMaxExports, "exports", func() error {
				if _, err := sec.name(); err != nil {
					return err
				}
				if _, err := sec.byte(); err != nil {
					return err
				}
				return sec.skipLEB(5)
			})
		case 8, 12: // start function, data count
			_, err = sec.u32()
		case 9:
			err = sec.elementSection()
		case 10:
			sawCode = true
			err = sec.codeSection(funcTypes, params)
		case 11:
			err = sec.vector(wasmMaxDataSegments, "data segments", sec.dataSegment)
		case 13:
			err = sec.vector(wasmMaxTags, "tags", func() error {
				if _, err := sec.byte(); err != nil {
					return err
				}
				return sec.skipLEB(5)
			})
		}
		if err == nil && sec.left() != 0 {
			err = fmt.Errorf("%w: %d bytes left over", errWASMInvalid, sec.left())
		}
		if err != nil {
			return s, sectionErr(id, err)
		}
	}
	if !sawCode && len(funcTypes) > 0 {
		return s, fmt.Errorf("%w: %d functions declared and no code section", errWASMInvalid, len(funcTypes))
	}
	return s, nil
}

// sectionErr says which section err is from, unless it names its function.
// The sentinel stays first: "module refused: type section: ...".
func sectionErr(id byte, err error) error {
	var fe *functionError
	if errors.As(err, &fe) {
		return err
	}
	sentinel := errWASMInvalid
	if errors.Is(err, errWASMRefused) {
		sentinel = errWASMRefused
	}
	return fmt.Errorf("%w: %s section: %s", sentinel, wasmSection[id], trimSentinel(err, sentinel))
}

func trimSentinel(err, sentinel error) string {
	msg, prefix := err.Error(), sentinel.Error()+": "
	if len(msg) >= len(prefix) && msg[:len(prefix)] == prefix {
		return msg[len(prefix):]
	}
	return msg
}

// functionError is a refusal or fault in one function body; its message
// names the function by its index (imports included) and no section.
type functionError struct {
	sentinel error
	msg      string
}

func (e *functionError) Error() string { return e.sentinel.Error() + ": " + e.msg }
func (e *functionError) Unwrap() error { return e.sentinel }

func funcErr(sentinel error, format string, args ...any) error {
	return &functionError{sentinel: sentinel, msg: fmt.Sprintf(format, args...)}
}

// funcWrap puts err, met in function fn, under that function's name.
func funcWrap(fn int, err error) error {
	sentinel := errWASMInvalid
	if errors.Is(err, errWASMRefused) {
		sentinel = errWASMRefused
	}
	return funcErr(sentinel, "function %d: %s", fn, trimSentinel(err, sentinel))
}

// Faults of reading.
var (
	errTruncated = errors.New("unexpected end")
	errLEB       = errors.New("malformed LEB128 number")
)

// wreader reads one section (or the module's section headers). Every loop
// over it reads at least one byte per turn, and every count is checked
// against the bytes left before anything is done per item, so a walk is
// linear in the module's size whatever its counts say.
type wreader struct {
	b   []byte
	off int
	s   *wasmShape
}

func (r *wreader) left() int { return len(r.b) - r.off }

func (r *wreader) byte() (byte, error) {
	if r.off >= len(r.b) {
		return 0, errTruncated
	}
	c := r.b[r.off]
	r.off++
	return c, nil
}

func (r *wreader) skip(n int) error {
	if n > r.left() {
		r.off = len(r.b)
		return errTruncated
	}
	r.off += n
	return nil
}

// u32 reads an unsigned LEB128 number of at most 32 bits.
func (r *wreader) u32() (uint32, error) {
	var v uint32
	for i := range 5 {
		c, err := r.byte()
		if err != nil {
			return 0, err
		}
		if i == 4 && c > 0x0f {
			return 0, errLEB
		}
		v |= uint32(c&0x7f) << (7 * i)
		if c&0x80 == 0 {
			return v, nil
		}
	}
	return 0, errLEB
}

// u64 reads an unsigned LEB128 number of at most 64 bits.
func (r *wreader) u64() (uint64, error) {
	var v uint64
	for i := range 10 {
		c, err := r.byte()
		if err != nil {
			return 0, err
		}
		if i == 9 && c > 0x01 {
			return 0, errLEB
		}
		v |= uint64(c&0x7f) << (7 * i)
		if c&0x80 == 0 {
			return v, nil
		}
	}
	return 0, errLEB
}

// skipLEB skips a LEB128 number of at most maxBytes bytes: 5 for 32 and 33
// bits, 10 for 64.
func (r *wreader) skipLEB(maxBytes int) error {
	for range maxBytes {
		c, err := r.byte()
		if err != nil {
			return err
		}
		if c&0x80 == 0 {
			return nil
		}
	}
	return errLEB
}

// count reads a vector's length, which bound and the bytes left (each item
// takes one at least) must allow.
func (r *wreader) count(bound int, what string) (int, error) {
	n, err := r.u32()
	if err != nil {
		return 0, err
	}
	if int64(n) > int64(bound) {
		return 0, fmt.Errorf("%w: %d %s, over %d", errWASMRefused, n, what, bound)
	}
	if int(n) > r.left() {
		return 0, fmt.Errorf("%w: %d %s declared in %d bytes", errWASMInvalid, n, what, r.left())
	}
	return int(n), nil
}

func (r *wreader) vector(bound int, what string, item func() error) error {
	n, err := r.count(bound, what)
	if err != nil {
		return err
	}
	for range n {
		r.s.steps++
		if err := item(); err != nil {
			return err
		}
	}
	return nil
}

// name skips a name, or any length-prefixed bytes.
func (r *wreader) name() (int, error) {
	n, err := r.u32()
	if err != nil {
		return 0, err
	}
	return int(n), r.skip(int(n))
}

// valType skips a value type: one byte, or a reference type's prefix and
// its heap type.
func (r *wreader) valType() error {
	c, err := r.byte()
	if err != nil {
		return err
	}
	if c == 0x63 || c == 0x64 { // (ref null ht), (ref ht)
		return r.skipLEB(5)
	}
	return nil
}

// blockType skips a block type: empty, a value type, or a type index.
func (r *wreader) blockType() error {
	if r.left() > 0 && (r.b[r.off] == 0x63 || r.b[r.off] == 0x64) {
		return r.valType()
	}
	return r.skipLEB(5) // an s33: a one-byte value type reads as a negative one
}

// limits reads a table's or a memory's limits and returns the minimum.
func (r *wreader) limits() (uint64, error) {
	flags, err := r.byte()
	if err != nil {
		return 0, err
	}
	var min uint64
	if flags&0x04 != 0 { // 64-bit
		if min, err = r.u64(); err == nil && flags&0x01 != 0 {
			err = r.skipLEB(10)
		}
		return min, err
	}
	m, err := r.u32()
	if err == nil && flags&0x01 != 0 {
		err = r.skipLEB(5)
	}
	return uint64(m), err
}

// typeSection returns the parameter count of each type.
func (r *wreader) typeSection() ([]uint32, error) {
	n, err := r.count(wasmMaxTypes, "types")
	if err != nil {
		return nil, err
	}
	params := make([]uint32, 0, n)
	for range n {
		r.s.steps++
		group := 1
		if r.left() > 0 && r.b[r.off] == 0x4e { // a recursive group of types
			r.off++
			if group, err = r.count(wasmMaxTypes-len(params), "types"); err != nil {
				return nil, err
			}
		}
		for range group {
			r.s.steps++
			if params, err = r.funcType(params); err != nil {
				return nil, err
			}
		}
	}
	return params, nil
}

// funcType reads a function type and appends its parameter count.
func (r *wreader) funcType(params []uint32) ([]uint32, error) {
	i := len(params)
	if len(params) >= wasmMaxTypes {
		return nil, fmt.Errorf("%w: over %d types", errWASMRefused, wasmMaxTypes)
	}
	form, err := r.byte()
	if err != nil {
		return nil, err
	}
	if form != 0x60 {
		return nil, fmt.Errorf("%w: type %d has form %#x, not a function type", errWASMInvalid, i, form)
	}
	np, err := r.valTypes(wasmMaxTypeParams, "parameters")
	if err != nil {
		return nil, fmt.Errorf("type %d: %w", i, err)
	}
	if _, err := r.valTypes(wasmMaxTypeResults, "results"); err != nil {
		return nil, fmt.Errorf("type %d: %w", i, err)
	}
	return append(params, uint32(np)), nil
}

func (r *wreader) valTypes(bound int, what string) (int, error) {
	n, err := r.count(bound, what)
	if err != nil {
		return 0, err
	}
	for range n {
		r.s.steps++
		if err := r.valType(); err != nil {
			return 0, err
		}
	}
	return n, nil
}

func (r *wreader) importSection() error {
	return r.vector(wasmMaxImports, "imports", func() error {
		if _, err := r.name(); err != nil { // module
			return err
		}
		if _, err := r.name(); err != nil { // field
			return err
		}
		kind, err := r.byte()
		if err != nil {
			return err
		}
		switch kind {
		case 0x00: // function: a type index
			r.s.importedFuncs++
			return r.skipLEB(5)
		case 0x01: // table
			if err := r.valType(); err != nil {
				return err
			}
			_, err := r.limits()
			return err
		case 0x02: // memory
			_, err := r.limits()
			return err
		case 0x03: // global: type, mutability
			if err := r.valType(); err != nil {
				return err
			}
			_, err := r.byte()
			return err
		case 0x04: // tag: attribute, type index
			if _, err := r.byte(); err != nil {
				return err
			}
			return r.skipLEB(5)
		}
		return fmt.Errorf("%w: import kind %#x", errWASMInvalid, kind)
	})
}

func (r *wreader) functionSection() ([]uint32, error) {
	n, err := r.count(wasmMaxFunctions-r.s.importedFuncs, "defined functions")
	if err != nil {
		return nil, err
	}
	types := make([]uint32, n)
	for i := range types {
		r.s.steps++
		if types[i], err = r.u32(); err != nil {
			return nil, err
		}
	}
	r.s.Functions = n
	return types, nil
}

func (r *wreader) tableSection() error {
	var total uint64
	return r.vector(wasmMaxTables, "tables", func() error {
		withInit := r.left() >= 2 && r.b[r.off] == 0x40 && r.b[r.off+1] == 0x00
		if withInit { // 0x40 0x00, then type, limits and an initializer
			r.off += 2
		}
		if err := r.valType(); err != nil {
			return err
		}
		min, err := r.limits()
		if err != nil {
			return err
		}
		if total += min; total > wasmMaxTableElements {
			return fmt.Errorf("%w: tables of %d elements or more, over %d", errWASMRefused, total, wasmMaxTableElements)
		}
		if withInit {
			return r.constExpr()
		}
		return nil
	})
}

func (r *wreader) elementSection() error {
	entries := 0
	return r.vector(wasmMaxElemSegments, "element segments", func() error {
		flags, err := r.u32()
		if err != nil {
			return err
		}
		if flags > 7 {
			return fmt.Errorf("%w: element segment flags %d", errWASMInvalid, flags)
		}
		if flags&0b011 == 0b010 { // active with a table index
			if err := r.skipLEB(5); err != nil {
				return err
			}
		}
		if flags&0b001 == 0 { // active: an offset
			if err := r.constExpr(); err != nil {
				return err
			}
		}
		exprs := flags&0b100 != 0
		if flags&0b011 != 0 { // an element kind, or a reference type
			if exprs {
				err = r.valType()
			} else {
				_, err = r.byte()
			}
			if err != nil {
				return err
			}
		}
		n, err := r.count(wasmMaxElemEntries-entries, "element segment entries")
		if err != nil {
			return err
		}
		entries += n
		for range n {
			r.s.steps++
			if exprs {
				err = r.constExpr()
			} else {
				err = r.skipLEB(5)
			}
			if err != nil {
				return err
			}
		}
		return nil
	})
}

func (r *wreader) dataSegment() error {
	flags, err := r.u32()
	if err != nil {
		return err
	}
	switch flags {
	case 0: // active: offset
		err = r.constExpr()
	case 1: // passive
	case 2: // active: memory, offset
		if err = r.skipLEB(5); err == nil {
			err = r.constExpr()
		}
	default:
		return fmt.Errorf("%w: data segment flags %d", errWASMInvalid, flags)
	}
	if err != nil {
		return err
	}
	_, err = r.name() // the bytes
	return err
}

// constExpr skips a constant expression: instructions up to its end.
func (r *wreader) constExpr() error {
	depth := 0
	for {
		r.s.steps++
		op, err := r.byte()
		if err != nil {
			return err
		}
		switch opClass[op] {
		case opBlock:
			depth++ // not constant: wazero will refuse it, and the walk goes on
		case opEnd:
			if depth == 0 {
				return nil
			}
			depth--
		}
		if err := r.immediates(op); err != nil {
			return err
		}
	}
}

// codeSection walks every function body.
func (r *wreader) codeSection(funcTypes, params []uint32) error {
	n, err := r.count(wasmMaxFunctions, "function bodies")
	if err != nil {
		return err
	}
	if n != len(funcTypes) {
		return fmt.Errorf("%w: %d function bodies for %d functions", errWASMInvalid, n, len(funcTypes))
	}
	s := r.s
	for i := range n {
		s.steps++
		fn := s.importedFuncs + i
		size, err := r.u32()
		if err != nil {
			return funcErr(errWASMInvalid, "function %d: size: %v", fn, err)
		}
		if size > wasmMaxBodyBytes {
			return funcErr(errWASMRefused, "function %d has a body of %d bytes, over %d", fn, size, wasmMaxBodyBytes)
		}
		if int(size) > r.left() {
			return funcErr(errWASMInvalid, "function %d: body of %d bytes, %d left in the code section", fn, size, r.left())
		}
		s.MaxBodyBytes = max(s.MaxBodyBytes, int(size))
		locals := 0
		if t := funcTypes[i]; int(t) < len(params) {
			locals = int(params[t])
		}
		body := &wreader{b: r.b[r.off : r.off+int(size)], s: s}
		r.off += int(size)
		if err := body.function(fn, locals); err != nil {
			return err
		}
	}
	return nil
}

// function walks one body, locals then instructions, and checks it against
// the per-function bounds and adds its cost to the module's. locals is
// its parameter count.
func (r *wreader) function(fn, locals int) error {
	s := r.s
	groups, err := r.count(wasmMaxFunctionLocals, "groups of locals")
	if err != nil {
		return funcWrap(fn, err)
	}
	for range groups {
		s.steps++
		n, err := r.u32()
		if err == nil {
			err = r.valType()
		}
		if err != nil {
			return funcErr(errWASMInvalid, "function %d: locals: %v", fn, err)
		}
		// Added group by group, before the sum could overflow.
		if locals += int(n); locals > wasmMaxFunctionLocals {
			return funcErr(errWASMRefused, "function %d declares %d locals or more (parameters included), over %d",
				fn, locals, wasmMaxFunctionLocals)
		}
	}
	s.MaxLocals = max(s.MaxLocals, locals)
	if s.TotalLocals += locals; s.TotalLocals > wasmMaxModuleLocals {
		return funcErr(errWASMRefused, "functions up to %d declare %d locals in all (parameters included), over %d",
			fn, s.TotalLocals, wasmMaxModuleLocals)
	}

	var (
		depth, deepest int
		branches       int64 // weighted: see the bounds
		brTables       int64 // the sum of their label counts squared, over 8
	)
	for {
		s.steps++
		op, err := r.byte()
		if err != nil {
			return funcErr(errWASMInvalid, "function %d: its body ends inside a block", fn)
		}
		switch opClass[op] {
		case opBlock: // block, loop, if, try, try_table
			depth++
			deepest = max(deepest, depth)
			branches++
			if op == 0x03 || op == 0x04 {
				branches += 2
			}
		case opEnd: // end, and delegate, which ends a try
			if depth == 0 {
				if op == 0x0b && r.left() == 0 {
					return r.functionDone(fn, locals, deepest, branches, brTables)
				}
				return funcErr(errWASMInvalid, "function %d: its last block ends before its body does", fn)
			}
			depth--
		case opBrIf:
			branches++
		case opBrTable:
			n, err := r.count(wasmMaxBrTableLabels, "br_table labels")
			if err != nil {
				return funcWrap(fn, err)
			}
			s.MaxBrTable = max(s.MaxBrTable, n)
			brTables += int64(n) * int64(n) / 8
			for range n + 1 {
				s.steps++
				if err := r.skipLEB(5); err != nil {
					return funcErr(errWASMInvalid, "function %d: br_table: %v", fn, err)
				}
			}
			continue
		}
		if err := r.immediates(op); err != nil {
			return funcErr(errWASMInvalid, "function %d, body byte %d: %v", fn, r.off, err)
		}
	}
}

func (r *wreader) functionDone(fn, locals, deepest int, branches, brTables int64) error {
	s := r.s
	s.MaxNesting = max(s.MaxNesting, deepest)
	s.MaxBranches = max(s.MaxBranches, int(branches))
	if deepest > wasmMaxNesting {
		return funcErr(errWASMRefused, "function %d nests blocks %d deep, over %d", fn, deepest, wasmMaxNesting)
	}
	// branches ≤ 3 × 1 MiB and locals ≤ 50,000: no overflow.
	cost := branches*branches + branches*int64(locals)*int64(locals)/4 + brTables
	s.MaxCost = max(s.MaxCost, cost)
	if cost > wasmMaxFunctionCost {
		return funcErr(errWASMRefused, "function %d would take too long to compile: %d branch points and %d locals cost %d, over %d",
			fn, branches, locals, cost, int64(wasmMaxFunctionCost))
	}
	if s.TotalCost += cost; s.TotalCost > wasmMaxModuleCost {
		return funcErr(errWASMRefused, "the functions up to %d would take too long to compile: they cost %d in all, over %d",
			fn, s.TotalCost, int64(wasmMaxModuleCost))
	}
	return nil
}

// Opcode classes: what the walk does with each one-byte opcode.
const (
	opUnknown byte = iota
	opPlain        // no immediates
	opBlock        // opens a block
	opEnd          // closes one
	opBrIf
	opBrTable
	opImm // has immediates, skipped by immediates
)

var opClass = func() (c [256]byte) {
	for op := range c {
		c[op] = opImm
	}
	for _, op := range []byte{0x16, 0x17, 0x1d, 0x1e, 0x27, 0xd7, 0xd8, 0xd9, 0xda, 0xdb, 0xdc, 0xdd, 0xde, 0xdf,
		0xe0, 0xe1, 0xe2, 0xe3, 0xe4, 0xe5, 0xe6, 0xe7, 0xe8, 0xe9, 0xea, 0xeb, 0xec, 0xed, 0xee, 0xef,
		0xf0, 0xf1, 0xf2, 0xf3, 0xf4, 0xf5, 0xf6, 0xf7, 0xf8, 0xf9, 0xfa, 0xfb, 0xff} {
		c[op] = opUnknown
	}
	for op := 0xc5; op <= 0xcf; op++ {
		c[op] = opUnknown
	}
	for op := 0x45; op <= 0xc4; op++ { // numeric
		c[op] = opPlain
	}
	for _, op := range []byte{0x00, 0x01, 0x05, 0x0a, 0x0f, 0x19, 0x1a, 0x1b, 0xd1, 0xd3, 0xd4} {
		c[op] = opPlain
	}
	for _, op := range []byte{0x02, 0x03, 0x04, 0x06, 0x1f} {
		c[op] = opBlock
	}
	c[0x0b], c[0x18] = opEnd, opEnd
	c[0x0d] = opBrIf
	c[0x0e] = opBrTable
	return c
}()

// errUnknownOpcode is an instruction the walk cannot skip, as its length
// is unknown. wazero refuses it too: it implements no opcode left out here.
var errUnknownOpcode = errors.New("unknown opcode")

// immediates skips the immediates of the instruction op, just read. It
// knows every instruction of WebAssembly 2.0 and of the proposals wazero
// implements (threads, tail calls, exception handling, typed function
// references).
func (r *wreader) immediates(op byte) error {
	switch opClass[op] {
	case opPlain, opEnd:
		if op == 0x18 { // delegate: a label
			return r.skipLEB(5)
		}
		return nil
	case opBlock:
		if err := r.blockType(); err != nil || op != 0x1f {
			return err
		}
		// try_table: catch clauses, each a kind, maybe a tag, and a label.
		n, err := r.count(r.left(), "catch clauses")
		if err != nil {
			return err
		}
		for range n {
			r.s.steps++
			kind, err := r.byte()
			if err == nil && kind <= 0x01 { // catch, catch_ref
				err = r.skipLEB(5)
			}
			if err == nil {
				err = r.skipLEB(5)
			}
			if err != nil {
				return err
			}
		}
		return nil
	case opBrIf:
		return r.skipLEB(5)
	case opBrTable: // in a constant expression, where it is invalid
		n, err := r.count(wasmMaxBrTableLabels, "br_table labels")
		if err != nil {
			return err
		}
		for range n + 1 {
			r.s.steps++
			if err := r.skipLEB(5); err != nil {
				return err
			}
		}
		return nil
	case opUnknown:
		return fmt.Errorf("%w %#x", errUnknownOpcode, op)
	}
	switch {
	case op == 0x11, op == 0x13: // call_indirect, return_call_indirect: type, table
		if err := r.skipLEB(5); err != nil {
			return err
		}
		return r.skipLEB(5)
	case op == 0x1c: // select with types
		_, err := r.valTypes(wasmMaxTypeResults, "select types")
		return err
	case op >= 0x28 && op <= 0x3e: // loads and stores
		return r.memarg()
	case op == 0x42: // i64.const
		return r.skipLEB(10)
	case op == 0x43: // f32.const
		return r.skip(4)
	case op == 0x44: // f64.const
		return r.skip(8)
	case op == 0xfc:
		return r.miscImmediates()
	case op == 0xfd:
		return r.simdImmediates()
	case op == 0xfe:
		return r.atomicImmediates()
	}
	// One index or number: br, throw, rethrow, call, return_call, call_ref,
	// local and global and table get/set, memory.size/grow, i32.const,
	// ref.null's heap type, ref.func, br_on_null, br_on_non_null.
	return r.skipLEB(5)
}

// memarg skips an alignment (whose bit 6 says a memory index follows) and
// an offset.
func (r *wreader) memarg() error {
	align, err := r.u32()
	if err != nil {
		return err
	}
	if align&0x40 != 0 {
		if err := r.skipLEB(5); err != nil {
			return err
		}
	}
	return r.skipLEB(10)
}

func (r *wreader) miscImmediates() error {
	sub, err := r.u32()
	if err != nil {
		return err
	}
	switch {
	case sub <= 7: // saturating truncations
		return nil
	case sub == 9, sub == 11, sub == 13, sub >= 15 && sub <= 17: // one index
		return r.skipLEB(5)
	case sub == 8, sub == 10, sub == 12, sub == 14: // two
		if err := r.skipLEB(5); err != nil {
			return err
		}
		return r.skipLEB(5)
	}
	return fmt.Errorf("%w 0xfc %d", errUnknownOpcode, sub)
}

func (r *wreader) simdImmediates() error {
	sub, err := r.u32()
	if err != nil {
		return err
	}
	switch {
	case sub <= 11, sub == 92, sub == 93: // loads and stores
		return r.memarg()
	case sub == 12, sub == 13: // v128.const, i8x16.shuffle
		return r.skip(16)
	case sub >= 21 && sub <= 34: // extract and replace lane
		return r.skip(1)
	case sub >= 84 && sub <= 91: // load and store lane
		if err := r.memarg(); err != nil {
			return err
		}
		return r.skip(1)
	case sub <= 255:
		// The rest up to 0xff have no immediates. The few unassigned codes
		// among them wazero refuses, where the walk stops making sense.
		return nil
	}
	return fmt.Errorf("%w 0xfd %d", errUnknownOpcode, sub)
}

func (r *wreader) atomicImmediates() error {
	sub, err := r.u32()
	if err != nil {
		return err
	}
	switch {
	case sub <= 0x02, sub >= 0x10 && sub <= 0x4e:
		return r.memarg()
	case sub == 0x03: // atomic.fence
		return r.skip(1)
	}
	return fmt.Errorf("%w 0xfe %d", errUnknownOpcode, sub)
}
