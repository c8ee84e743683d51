// Package bundle turns a JavaScript or TypeScript program and the npm
// packages it uses into one CommonJS source that a natsexec guest runs: the
// job `submit run app.js` sends from a project with node_modules.
//
// It is esbuild's bundler with the guest's settings: platform node, format
// cjs, target esnext with the syntax goja lacks lowered (the same set the
// guest's own transform lowers), packages resolved locally the way Node
// resolves them ("exports" with the node, import/require and default
// conditions, then "main"), JSON and TypeScript files loaded, and the
// guest's built-in modules ("fs" and "node:fs" alike) left to its require at
// run time. An inline source map (mappings only, no sources content) lets
// the guest's stack traces name the project's own files and lines: the
// project root is the VM's root, so a throw on line 3 of app.js reads
// "at main (/app.js:3:9)".
package bundle

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/evanw/esbuild/pkg/api"

	"github.com/natsexec/natsexec/guest"
)

// ErrBundle is wrapped by every failure of esbuild's: a syntax error, an
// import that does not resolve. Its text names file:line:col.
var ErrBundle = errors.New("bundle")

// Options steer a build. The zero value is what `submit run` uses.
type Options struct {
	// Root is the project root: the guest's "/" in stack traces, and what
	// Inputs and Filename are relative to. Default: the nearest directory
	// at or above the entry's that holds a package.json, else one that
	// holds node_modules, else the entry's own.
	Root string
	// NoSourceMap leaves the inline source map out (stack traces then name
	// the bundle's own lines).
	NoSourceMap bool
	// Minify drops whitespace and simplifies syntax; identifiers are kept
	// so stack traces name functions, and with the source map they still
	// name the original lines.
	Minify bool
	// Define replaces global expressions with JavaScript expressions, as
	// esbuild's define: {"DEBUG": "false", "process.env.API": `"x"`}.
	// process.env.NODE_ENV is "production" unless defined here.
	Define map[string]string
	// External import paths are left to the guest's require at run time,
	// besides its built-ins: files the job carries ("/data/config.json"),
	// or packages to leave out ("pkg", "pkg/*").
	External []string
}

// Result is a built bundle.
type Result struct {
	// Source is the bundle: CommonJS starting with guest.BundleBanner (after
	// a hashbang, if the entry had one), with the inline source map last.
	Source string
	// Filename is the entry's path relative to Root, slash-separated
	// ("app.js", "src/main.ts"): the name stack traces give it, as
	// "/"+Filename. Sent as a job, the bundle runs under the guest's
	// default name; the source map names the files.
	Filename string
	// Root is the project root as used (absolute).
	Root string
	// Inputs are the files the bundle holds, relative to Root and
	// slash-separated, sorted; the entry is one of them.
	Inputs []string
	// Warnings are esbuild's, e.g. import.meta in a CommonJS output.
	Warnings []Message
}

// Standalone reports whether the bundle holds nothing but the entry: it
// imports no other file and no package (built-ins aside), so the file can
// be sent as it is.
func (r *Result) Standalone() bool {
	return len(r.Inputs) == 1 && r.Inputs[0] == r.Filename
}

// Message is one error or warning of esbuild's.
type Message struct {
	// File is relative to the project root; empty when the message has no
	// location.
	File         string
	Line, Column int // 1-based
	Text         string
	// Notes add detail, e.g. where else a name was declared.
	Notes []string
}

func (m Message) String() string {
	var b strings.Builder
	if m.File != "" {
		fmt.Fprintf(&b, "%s:%d:%d: ", m.File, m.Line, m.Column)
	}
	b.WriteString(m.Text)
	for _, n := range m.Notes {
		b.WriteString("\n  ")
		b.WriteString(n)
	}
	return b.String()
}

// Error is a build that failed, with every error esbuild reported.
type Error struct {
	Entry    string
	Messages []Message
}

func (e *Error) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "bundle %s:", e.Entry)
	if len(e.Messages) == 1 {
		b.WriteString(" ")
		b.WriteString(e.Messages[0].String())
		return b.String()
	}
	for _, m := range e.Messages {
		b.WriteString("\n  ")
		b.WriteString(strings.ReplaceAll(m.String(), "\n", "\n  "))
	}
	return b.String()
}

// Unwrap makes every Error match ErrBundle.
func (e *Error) Unwrap() error { return ErrBundle }

// outName is the bundle's (never written) path under the root; the source
// map names inputs relative to its directory, the root.
const outName = "natsexec-bundle.out.js"

// Build bundles entry and everything it imports. An entry that cannot be
// read is an error wrapping the fs error; a failure of esbuild's wraps
// ErrBundle. Cancelling ctx stops the build.
func Build(ctx context.Context, entry string, opts Options) (*Result, error) {
	abs, err := filepath.Abs(entry)
	if err != nil {
		return nil, fmt.Errorf("bundle %s: %w", entry, err)
	}
	fi, err := os.Stat(abs)
	if err != nil {
		return nil, fmt.Errorf("bundle %s: %w", entry, err)
	}
	if fi.IsDir() {
		return nil, fmt.Errorf("bundle %s: %w", entry, &os.PathError{Op: "bundle", Path: entry, Err: errors.New("is a directory")})
	}
	root := opts.Root
	if root == "" {
		root = projectRoot(filepath.Dir(abs))
	}
	if root, err = filepath.Abs(root); err != nil {
		return nil, fmt.Errorf("bundle %s: %w", entry, err)
	}
	rel, err := filepath.Rel(root, abs)
	if err != nil {
		return nil, fmt.Errorf("bundle %s: %w", entry, err)
	}

	define := map[string]string{"process.env.NODE_ENV": strconv.Quote("production")}
	for k, v := range opts.Define {
		define[k] = v
	}
	external := slices.Clone(opts.External)
	for _, m := range guest.BuiltinModules() {
		external = append(external, m, "node:"+m)
	}
	bo := api.BuildOptions{
		EntryPoints:   []string{abs},
		Bundle:        true,
		Write:         false,
		Outfile:       filepath.Join(root, outName),
		AbsWorkingDir: root,
		Metafile:      true,
		LogLevel:      api.LogLevelSilent,

		Platform:  api.PlatformNode,
		Format:    api.FormatCommonJS,
		Target:    api.ESNext,
		Supported: guest.EsbuildSupported(),
		// Node's resolution: "main" only (no "module"), and in "exports"
		// only the conditions Node itself matches (esbuild would add
		// "module" for a nil list).
		MainFields: []string{"main"},
		Conditions: []string{},
		External:   external,
		Define:     define,
		Banner:     map[string]string{"js": guest.BundleBanner},
		// License comments stay where they are: at the end they would come
		// after code and before the source map comment, and keep nothing
		// from anyone in a bundle that is run, not shipped.
		LegalComments: api.LegalCommentsInline,
	}
	if !opts.NoSourceMap {
		bo.Sourcemap = api.SourceMapInline
		// Stack traces need the mappings, not the text again.
		bo.SourcesContent = api.SourcesContentExclude
	}
	if opts.Minify {
		// Identifiers stay: goja's stack frames name functions by their
		// declared names, which the source map does not restore.
		bo.MinifyWhitespace, bo.MinifySyntax = true, true
	}

	bctx, cerr := api.Context(bo)
	if cerr != nil {
		return nil, &Error{Entry: entry, Messages: messages(cerr.Errors)}
	}
	defer bctx.Dispose()
	stop := context.AfterFunc(ctx, bctx.Cancel)
	defer stop()
	res := bctx.Rebuild()
	if ctx.Err() != nil {
		return nil, fmt.Errorf("bundle %s: %w", entry, context.Cause(ctx))
	}
	if len(res.Errors) > 0 {
		return nil, &Error{Entry: entry, Messages: messages(res.Errors)}
	}
	if len(res.OutputFiles) != 1 {
		return nil, fmt.Errorf("%w: bundle %s: esbuild wrote %d files, want 1", ErrBundle, entry, len(res.OutputFiles))
	}
	inputs, err := metafileInputs(res.Metafile)
	if err != nil {
		return nil, fmt.Errorf("%w: bundle %s: %w", ErrBundle, entry, err)
	}
	return &Result{
		Source:   string(res.OutputFiles[0].Contents),
		Filename: filepath.ToSlash(rel),
		Root:     root,
		Inputs:   inputs,
		Warnings: messages(res.Warnings),
	}, nil
}

// projectRoot is the nearest directory at or above dir with a package.json,
// else with node_modules, else dir.
func projectRoot(dir string) string {
	var modules string
	for d := dir; ; {
		if exists(filepath.Join(d, "package.json")) {
			return d
		}
		if modules == "" && exists(filepath.Join(d, "node_modules")) {
			modules = d
		}
		up := filepath.Dir(d)
		if up == d {
			break
		}
		d = up
	}
	if modules != "" {
		return modules
	}
	return dir
}

func exists(p string) bool {
	_, err := os.Stat(p)
	return err == nil
}

func metafileInputs(meta string) ([]string, error) {
	var m struct {
		Inputs map[string]json.RawMessage `json:"inputs"`
	}
	if err := json.Unmarshal([]byte(meta), &m); err != nil {
		return nil, fmt.Errorf("esbuild metafile: %w", err)
	}
	in := make([]string, 0, len(m.Inputs))
	for p := range m.Inputs {
		in = append(in, filepath.ToSlash(p))
	}
	slices.Sort(in)
	return in, nil
}

func messages(ms []api.Message) []Message {
	out := make([]Message, 0, len(ms))
	for _, m := range ms {
		msg := Message{Text: m.Text}
		if l := m.Location; l != nil {
			msg.File, msg.Line, msg.Column = filepath.ToSlash(l.File), l.Line, l.Column+1
		}
		for _, n := range m.Notes {
			if n.Text == "" {
				continue
			}
			if l := n.Location; l != nil {
				msg.Notes = append(msg.Notes, fmt.Sprintf("%s:%d:%d: %s", filepath.ToSlash(l.File), l.Line, l.Column+1, n.Text))
			} else {
				msg.Notes = append(msg.Notes, n.Text)
			}
		}
		out = append(out, msg)
	}
	return out
}
