package guest

import (
	"container/list"
	"crypto/sha256"
	"errors"
	"fmt"
	"log/slog"
	"regexp"
	"strings"
	"sync"

	"github.com/dop251/goja"
	"github.com/dop251/goja/parser"
	"github.com/evanw/esbuild/pkg/api"
)

// Bounds of jsHost's caches. Entries are charged by source size, so a few
// huge programs cannot pin unbounded memory, and many tiny ones are capped
// by count.
const (
	jsCacheEntries = 1024
	jsCacheBytes   = 64 << 20
)

// jsHost is what every node runtime in a process shares: esbuild output and
// compiled goja programs, both keyed by content hash, and the programs of
// the JS-written parts of the Node surface. Programs are immutable and goja
// runs one Program in many Runtimes at once, so sharing them leaks nothing
// between VMs: only the text of the code is shared, never its state.
type jsHost struct {
	log        *slog.Logger
	transforms *lruCache[string] // sha256(loader, source) -> CommonJS text
	programs   *lruCache[*goja.Program]

	libOnce sync.Once
	lib     map[string]*goja.Program // polyfills, compiled on first use
	libErr  error
}

func newJSHost(opts HostOptions) (*jsHost, error) {
	log := opts.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &jsHost{
		log:        log,
		transforms: newLRU[string](jsCacheEntries, jsCacheBytes),
		programs:   newLRU[*goja.Program](jsCacheEntries, jsCacheBytes),
	}, nil
}

// libProgram returns the compiled polyfill called name (see js_lib.go).
func (h *jsHost) libProgram(name string) (*goja.Program, error) {
	h.libOnce.Do(func() {
		h.lib = make(map[string]*goja.Program, len(jsLibSources))
		for n, src := range jsLibSources {
			p, err := goja.Compile("node:"+n, src, true)
			if err != nil {
				h.libErr = errors.Join(h.libErr, fmt.Errorf("polyfill %s: %w", n, err))
				continue
			}
			h.lib[n] = p
		}
	})
	if p := h.lib[name]; p != nil {
		return p, nil
	}
	return nil, fmt.Errorf("polyfill %s: %w", name, h.libErr)
}

// esmHint finds sources that may be ES modules. A hit in a string or comment
// only costs an unneeded transform, which leaves a script's meaning alone.
var esmHint = regexp.MustCompile(`(?m)(^|[^.\w$])(import\s*[\w{*'"(]|import\s*\.|export\s*[\w{*])`)

// esbuild features goja lacks; everything else passes through untouched so
// the transform stays cheap and the code stays close to what was written.
var gojaUnsupported = map[string]bool{
	"async-generator":      false,
	"for-await":            false,
	"dynamic-import":       false,
	"regexp-match-indices": false,
	"top-level-await":      false,
	"using":                false,
	"decorators":           false,
}

// transform turns TypeScript or an ES module into CommonJS that goja runs.
func (h *jsHost) transform(filename, source string, ts bool) (string, error) {
	loader := api.LoaderJS
	tag := "js\x00"
	if ts {
		loader, tag = api.LoaderTS, "ts\x00"
	}
	key := contentKey(tag, filename, source)
	if code, ok := h.transforms.get(key); ok {
		return code, nil
	}
	// esbuild recurses on this goroutine's stack, and a stack overflow ends
	// the process; see js_depth.go.
	if err := checkNesting(filename, source, ts, esbuildMaxNesting); err != nil {
		return "", err
	}
	res := api.Transform(source, api.TransformOptions{
		Loader:     loader,
		Format:     api.FormatCommonJS,
		Target:     api.ESNext,
		Supported:  gojaUnsupported,
		Platform:   api.PlatformNode,
		Sourcefile: filename,
		// Inline maps let goja report TypeScript lines in stacks.
		Sourcemap: api.SourceMapInline,
		LogLevel:  api.LogLevelSilent,
	})
	if len(res.Errors) > 0 {
		return "", &transformError{msgs: res.Errors}
	}
	code := string(res.Code)
	h.transforms.put(key, code, int64(len(source)+len(code)))
	return code, nil
}

type transformError struct{ msgs []api.Message }

func (e *transformError) Error() string {
	var b strings.Builder
	for i, m := range e.msgs {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString("SyntaxError: ")
		b.WriteString(m.Text)
		if l := m.Location; l != nil {
			fmt.Fprintf(&b, "\n    at %s:%d:%d", l.File, l.Line, l.Column+1)
		}
	}
	return b.String()
}

// Module wrappers, kept on the first line so line numbers match the file.
const (
	cjsHead = "(function (exports, require, module, __filename, __dirname) {"
	cjsTail = "\n})"
)

// compileModule returns the program for one module file: a function taking
// CommonJS's five arguments. ts forces the TypeScript transform; plain
// scripts skip esbuild unless goja cannot parse them, and bundles (see
// BundleBanner) always do.
func (h *jsHost) compileModule(filename, source string, ts bool) (*goja.Program, error) {
	tag := "m\x00"
	if ts {
		tag = "t\x00"
	}
	key := contentKey(tag, filename, source)
	if p, ok := h.programs.get(key); ok {
		return p, nil
	}
	src := stripHashbang(source)
	var code string
	var err error
	bundled := isBundle(source)
	if !bundled && (ts || esmHint.MatchString(src)) {
		if code, err = h.transform(filename, src, ts); err != nil {
			return nil, err
		}
	} else {
		code = src
	}
	p, err := compileGuest(filename, cjsHead+code+cjsTail)
	if err != nil && code == src && !bundled && !strings.Contains(err.Error(), errNestingTooDeep) {
		// Syntax goja lacks (async generators, ...): let esbuild lower it.
		if low, terr := h.transform(filename, src, false); terr == nil {
			if p2, err2 := compileGuest(filename, cjsHead+low+cjsTail); err2 == nil {
				p, err = p2, nil
			}
		}
	}
	if err != nil {
		return nil, err
	}
	h.programs.put(key, p, int64(len(source)+len(code)))
	return p, nil
}

// guestParser is how guest code is parsed: source maps only from inline
// data: URLs (the guest's own transforms and bundles write those). goja's
// default loader reads any other sourceMappingURL from the host's
// filesystem, so a guest file ending in //# sourceMappingURL=/dev/zero hung
// its compile, reading without end, out of reach of any interrupt.
var guestParser = []parser.Option{parser.WithSourceMapLoader(func(string) ([]byte, error) {
	return nil, errNoMapFiles
})}

var errNoMapFiles = errors.New("source maps are read only from inline data: URLs")

// compileGuest compiles guest code (non-strict: the module wrapper is a
// sloppy-mode function, as Node's).
func compileGuest(filename, src string) (*goja.Program, error) {
	ast, err := goja.Parse(filename, src, guestParser...)
	if err != nil {
		return nil, err
	}
	return goja.CompileAST(ast, false)
}

func stripHashbang(s string) string {
	if strings.HasPrefix(s, "#!") {
		if i := strings.IndexByte(s, '\n'); i >= 0 {
			return "//" + s[2:]
		}
		return ""
	}
	return s
}

func contentKey(tag, filename, source string) string {
	h := sha256.New()
	h.Write([]byte(tag))
	h.Write([]byte(filename))
	h.Write([]byte{0})
	h.Write([]byte(source))
	return string(h.Sum(nil))
}

// lruCache is a small mutex-guarded LRU bounded by entries and by charged
// bytes.
type lruCache[V any] struct {
	mu         sync.Mutex
	maxEntries int
	maxBytes   int64
	bytes      int64
	ll         *list.List
	m          map[string]*list.Element
}

type lruEntry[V any] struct {
	key  string
	val  V
	size int64
}

func newLRU[V any](maxEntries int, maxBytes int64) *lruCache[V] {
	return &lruCache[V]{maxEntries: maxEntries, maxBytes: maxBytes, ll: list.New(), m: make(map[string]*list.Element)}
}

func (c *lruCache[V]) get(key string) (V, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if e, ok := c.m[key]; ok {
		c.ll.MoveToFront(e)
		return e.Value.(*lruEntry[V]).val, true
	}
	var zero V
	return zero, false
}

func (c *lruCache[V]) put(key string, val V, size int64) {
	if size > c.maxBytes/4 {
		return // one entry must not flush the cache
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if e, ok := c.m[key]; ok {
		c.ll.MoveToFront(e)
		return
	}
	c.m[key] = c.ll.PushFront(&lruEntry[V]{key: key, val: val, size: size})
	c.bytes += size
	for c.ll.Len() > c.maxEntries || c.bytes > c.maxBytes {
		e := c.ll.Back()
		ent := e.Value.(*lruEntry[V])
		c.ll.Remove(e)
		delete(c.m, ent.key)
		c.bytes -= ent.size
	}
}

func (c *lruCache[V]) len() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.ll.Len()
}
