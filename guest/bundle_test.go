package guest

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/evanw/esbuild/pkg/api"

	"github.com/natsexec/natsexec/jobs"
)

func TestBuiltinModulesExported(t *testing.T) {
	names := BuiltinModules()
	if !slices.IsSorted(names) || !slices.Contains(names, "fs") || !slices.Contains(names, "fs/promises") || slices.Contains(names, "node:fs") {
		t.Fatalf("BuiltinModules() = %q", names)
	}
	if s := EsbuildSupported(); len(s) == 0 || s["async-generator"] {
		t.Fatalf("EsbuildSupported() = %v", s)
	}
}

// A bundle (BundleBanner first, after any hashbang) is compiled as it is:
// no transform of the guest's, even where the ES module hint matches, and
// its inline map names the original file in stacks.
func TestBundleSkipsTransform(t *testing.T) {
	h, err := NewHost(context.Background(), HostOptions{})
	if err != nil {
		t.Fatal(err)
	}
	orig := "const s = 'import x from y';\nfunction main() {\n  throw new Error(s);\n}\nmain();\n"
	build := func(src, banner string) string {
		t.Helper()
		tr := api.Transform(src, api.TransformOptions{Sourcefile: "src/app.js", Sourcemap: api.SourceMapInline, Banner: banner})
		if len(tr.Errors) > 0 {
			t.Fatal(tr.Errors)
		}
		return string(tr.Code)
	}
	run := func(src string) *ExecResult {
		t.Helper()
		v, err := h.NewVM(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		defer v.Close()
		if err := v.Configure(Config{}); err != nil {
			t.Fatal(err)
		}
		if err := v.MountNode(context.Background()); err != nil {
			t.Fatal(err)
		}
		return execReq(t, v, ExecRequest{Runtime: jobs.RuntimeJS, Source: src})
	}
	for src, want := range map[string]string{
		build(orig, BundleBanner):                         "at main (/src/app.js:3:9)",
		build("#!/usr/bin/env node\n"+orig, BundleBanner): "at main (/src/app.js:4:9)",
	} {
		res := run(src)
		if res.Kind != KindGuest || !strings.Contains(res.Error, "Error: import x from y\n    "+want) {
			t.Errorf("kind %q error:\n%s\nwant %s", res.Kind, res.Error, want)
		}
	}
	if n := h.js.transforms.len(); n != 0 {
		t.Errorf("%d transforms of a bundle", n)
	}
	// The banner only skips the transform: ES module syntax is then an
	// error, as in any script.
	if res := run(BundleBanner + "\nexport const x = 1;\n"); res.Kind != KindGuest || !strings.Contains(res.Error, "SyntaxError") {
		t.Errorf("ESM behind the banner: kind %q error %s", res.Kind, res.Error)
	}
	// Without the banner the import in the string makes the guest
	// transform the code, and the transform chains the input's map.
	if res := run(build(orig, "")); !strings.Contains(res.Error, "at main (/src/app.js:3:9)") || h.js.transforms.len() != 1 {
		t.Errorf("transformed (%d): %s", h.js.transforms.len(), res.Error)
	}
}

// Source maps come only from inline data: URLs: a sourceMappingURL naming
// a file is ignored, in a module, in eval and in new Function. goja's
// default read /dev/zero for ever.
func TestSourceMapFilesIgnored(t *testing.T) {
	for _, src := range []string{
		"console.log('module')\n//# sourceMappingURL=/dev/zero\n",
		"eval('1\\n//# sourceMappingURL=/dev/zero'); console.log('eval')",
		"new Function('//# sourceMappingURL=/dev/zero\\n'); console.log('function')",
		"console.log('relative')\n//# sourceMappingURL=../../../../etc/passwd\n",
	} {
		done := make(chan *ExecResult, 1)
		go func() { done <- execJS(t, newNodeVM(t, Config{}), src) }()
		select {
		case res := <-done:
			if res.Kind != KindNone || res.ExitCode != 0 || len(res.Stdout) == 0 {
				t.Errorf("%q: kind %q exit %d: %s", src, res.Kind, res.ExitCode, res.Error)
			}
		case <-time.After(30 * time.Second):
			t.Fatalf("%q: still compiling after 30s", src)
		}
	}
}
