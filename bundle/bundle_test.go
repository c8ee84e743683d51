package bundle_test

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/natsexec/natsexec/bundle"
	"github.com/natsexec/natsexec/guest"
	"github.com/natsexec/natsexec/jobs"
)

// project writes files (slash paths) under a new directory and returns it.
func project(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, data := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// deps is a node_modules with a CommonJS package, an ES module package
// with an "exports" map (import and require conditions, a subpath, a
// hidden file), and a package whose "module" field Node would ignore.
var deps = map[string]string{
	"package.json": `{"name":"app","private":true}`,

	"node_modules/cjs-pkg/package.json": `{"name":"cjs-pkg","main":"lib/main.js"}`,
	"node_modules/cjs-pkg/lib/main.js": `const util = require('util');
exports.greet = (who) => util.format('hello, %s', who);
exports.env = process.env.NODE_ENV;`,

	"node_modules/esm-pkg/package.json": `{"name":"esm-pkg","type":"module",
  "exports": {".": {"import": "./index.js", "require": "./index.cjs"}, "./sub": "./sub.js"}}`,
	"node_modules/esm-pkg/index.js":  `export const kind = 'esm'; export default function twice(x) { return x * 2; }`,
	"node_modules/esm-pkg/index.cjs": `module.exports = { kind: 'cjs', default: (x) => x * 2 };`,
	"node_modules/esm-pkg/sub.js":    `export const sub = 'sub ok';`,
	"node_modules/esm-pkg/hidden.js": `export const hidden = true;`,

	"node_modules/fields-pkg/package.json": `{"name":"fields-pkg","main":"main.js","module":"module.js"}`,
	"node_modules/fields-pkg/main.js":      `module.exports = 'main';`,
	"node_modules/fields-pkg/module.js":    `export default 'module';`,
}

func with(extra map[string]string) map[string]string {
	m := make(map[string]string, len(deps)+len(extra))
	for k, v := range deps {
		m[k] = v
	}
	for k, v := range extra {
		m[k] = v
	}
	return m
}

var host = sync.OnceValues(func() (*guest.Host, error) {
	return guest.NewHost(context.Background(), guest.HostOptions{})
})

// run executes src as a js job would, in a fresh guest VM.
func run(t *testing.T, src string) *guest.ExecResult {
	t.Helper()
	h, err := host()
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	v, err := h.NewVM(ctx)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { v.Close() })
	if err := v.Configure(guest.Config{}); err != nil {
		t.Fatal(err)
	}
	if err := v.MountNode(ctx); err != nil {
		t.Fatal(err)
	}
	res, err := v.Exec(ctx, guest.ExecRequest{Runtime: jobs.RuntimeJS, Source: src})
	if err != nil {
		t.Fatal(err)
	}
	return res
}

func build(t *testing.T, entry string, opts bundle.Options) *bundle.Result {
	t.Helper()
	res, err := bundle.Build(context.Background(), entry, opts)
	if err != nil {
		t.Fatal(err)
	}
	return res
}

func TestBuildRunsInGuest(t *testing.T) {
	dir := project(t, with(map[string]string{
		"app.js": `const fs = require('fs');
const { createHash } = require('node:crypto');
const { greet, env } = require('cjs-pkg');
const esm = require('esm-pkg');
const { sub } = require('esm-pkg/sub');
const data = require('./data.json');
console.log(greet(data.name), env);
console.log(esm.kind, sub, require('fields-pkg'));
console.log(typeof fs.readFileSync, createHash('sha256').update('x').digest('hex').slice(0, 8));
`,
		"data.json": `{"name": "json"}`,
	}))
	res := build(t, filepath.Join(dir, "app.js"), bundle.Options{})
	want := []string{"app.js", "data.json", "node_modules/cjs-pkg/lib/main.js", "node_modules/esm-pkg/index.cjs", "node_modules/esm-pkg/sub.js", "node_modules/fields-pkg/main.js"}
	if !slices.Equal(res.Inputs, want) {
		t.Errorf("inputs %q, want %q", res.Inputs, want)
	}
	if res.Filename != "app.js" || res.Root != dir || res.Standalone() {
		t.Errorf("filename %q root %q (want %q) standalone %v", res.Filename, res.Root, dir, res.Standalone())
	}
	if !strings.HasPrefix(res.Source, guest.BundleBanner) {
		t.Errorf("bundle does not start with the banner: %.80q", res.Source)
	}
	// Built-ins stay the guest's, in both spellings.
	for _, s := range []string{`require("fs")`, `require("node:crypto")`, `require("util")`} {
		if !strings.Contains(res.Source, s) {
			t.Errorf("bundle lacks %s", s)
		}
	}
	out := run(t, res.Source)
	if out.Kind != guest.KindNone || out.ExitCode != 0 {
		t.Fatalf("kind %q exit %d: %s", out.Kind, out.ExitCode, out.Error)
	}
	wantOut := "hello, json production\ncjs sub ok main\nfunction 2d711642\n"
	if string(out.Stdout) != wantOut {
		t.Errorf("stdout %q, want %q", out.Stdout, wantOut)
	}
}

// An ES module entry takes the "import" condition; NODE_ENV can be
// defined otherwise.
func TestBuildESMEntry(t *testing.T) {
	dir := project(t, with(map[string]string{
		"src/main.mjs": `import twice, { kind } from 'esm-pkg';
import { readFileSync } from 'node:fs';
import { greet } from 'cjs-pkg';
console.log(kind, twice(21), typeof readFileSync, greet('esm'), process.env.NODE_ENV);
export const answer = 42;
`,
	}))
	res := build(t, filepath.Join(dir, "src", "main.mjs"), bundle.Options{Define: map[string]string{"process.env.NODE_ENV": `"development"`}})
	if res.Filename != "src/main.mjs" {
		t.Errorf("filename %q", res.Filename)
	}
	out := run(t, res.Source)
	if string(out.Stdout) != "esm 42 function hello, esm development\n" || out.Exports["answer"] != int64(42) {
		t.Fatalf("stdout %q exports %v error %s", out.Stdout, out.Exports, out.Error)
	}
}

// A thrown error's stack names the original file and line through the
// inline source map, and the guest's own transform leaves it alone.
func TestBuildStackNamesSource(t *testing.T) {
	dir := project(t, with(map[string]string{
		"app.ts": `import { greet } from 'cjs-pkg';
interface Thing { n: number }
function main(t: Thing): never {
  throw new Error(greet('stack') + ' ' + t.n);
}
main({ n: 1 });
`,
	}))
	for _, minify := range []bool{false, true} {
		res := build(t, filepath.Join(dir, "app.ts"), bundle.Options{Minify: minify})
		out := run(t, res.Source)
		if out.Kind != guest.KindGuest {
			t.Fatalf("minify %v: kind %q: %s", minify, out.Kind, out.Error)
		}
		if !strings.Contains(out.Error, "Error: hello, stack 1") || !strings.Contains(out.Error, "at main (/app.ts:4:9)") {
			t.Errorf("minify %v: error does not name app.ts:4:9:\n%s", minify, out.Error)
		}
	}
	res := build(t, filepath.Join(dir, "app.ts"), bundle.Options{NoSourceMap: true})
	if strings.Contains(res.Source, "sourceMappingURL") {
		t.Error("NoSourceMap: the bundle has a source map")
	}
}

// An entry that imports nothing but built-ins needs no bundle.
func TestBuildStandalone(t *testing.T) {
	dir := project(t, map[string]string{
		"hello.js": "#!/usr/bin/env node\nconst os = require('os');\nconsole.log('hi', typeof os.EOL);\n",
	})
	res := build(t, filepath.Join(dir, "hello.js"), bundle.Options{})
	if !res.Standalone() || res.Root != dir {
		t.Fatalf("inputs %q root %q: want standalone in %s", res.Inputs, res.Root, dir)
	}
	// A hashbang stays first; the banner follows it.
	if !strings.HasPrefix(res.Source, "#!/usr/bin/env node\n"+guest.BundleBanner) {
		t.Errorf("source starts %.60q", res.Source)
	}
	if out := run(t, res.Source); string(out.Stdout) != "hi string\n" {
		t.Errorf("stdout %q error %s", out.Stdout, out.Error)
	}
}

func TestBuildErrors(t *testing.T) {
	dir := project(t, with(map[string]string{
		"missing.js": "const x = 1;\nrequire('no-such-pkg');\n",
		"syntax.js":  "const ok = 1;\nconst = 2;\n",
		"hidden.js":  "require('esm-pkg/hidden.js');\n",
		"ext.js":     "console.log(require('/data/config.json').n, require('no-such-pkg/x'));\n",
	}))
	for name, want := range map[string]string{
		"missing.js": `missing.js:2:9: Could not resolve "no-such-pkg"`,
		"syntax.js":  `syntax.js:2:7: Expected identifier but found "="`,
		"hidden.js":  `hidden.js:1:9: Could not resolve "esm-pkg/hidden.js"`,
	} {
		_, err := bundle.Build(context.Background(), filepath.Join(dir, name), bundle.Options{})
		var be *bundle.Error
		if !errors.Is(err, bundle.ErrBundle) || !errors.As(err, &be) || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: error %v, want ErrBundle with %q", name, err, want)
		}
	}
	// External paths are left to the guest.
	res := build(t, filepath.Join(dir, "ext.js"), bundle.Options{External: []string{"/data/config.json", "no-such-pkg/*"}})
	if !strings.Contains(res.Source, `require("/data/config.json")`) || !strings.Contains(res.Source, `require("no-such-pkg/x")`) {
		t.Errorf("external paths were not kept:\n%s", res.Source)
	}
	if _, err := bundle.Build(context.Background(), filepath.Join(dir, "nope.js"), bundle.Options{}); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("missing entry: %v", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := bundle.Build(ctx, filepath.Join(dir, "ext.js"), bundle.Options{}); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled build: %v", err)
	}
}

// Without package.json the nearest node_modules marks the root; without
// either, the entry's directory does.
func TestProjectRoot(t *testing.T) {
	dir := project(t, map[string]string{
		"node_modules/p/index.js": "module.exports = 1;",
		"sub/app.js":              "console.log(require('p'));",
	})
	res := build(t, filepath.Join(dir, "sub", "app.js"), bundle.Options{})
	if res.Root != dir || res.Filename != "sub/app.js" {
		t.Errorf("root %q filename %q, want %q sub/app.js", res.Root, res.Filename, dir)
	}
	res = build(t, filepath.Join(dir, "sub", "app.js"), bundle.Options{Root: filepath.Join(dir, "sub")})
	if res.Filename != "app.js" || !slices.Contains(res.Inputs, "../node_modules/p/index.js") {
		t.Errorf("explicit root: filename %q inputs %q", res.Filename, res.Inputs)
	}
}
