package guest

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/natsexec/natsexec/jobs"
)

// matchNode20 runs each dir/NAME.js in a fresh VM, with dir/NAME.stdin (if
// any) as its standard input, and requires it to print exactly what Node 20
// printed for it, kept beside it as NAME.out (regenerate with
// `node NAME.js < NAME.stdin > NAME.out`; CI has no node and compares with
// the committed files).
func matchNode20(t *testing.T, dir string) {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(dir, "*.js"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no programs in %s: %v", dir, err)
	}
	for _, file := range files {
		name := strings.TrimSuffix(filepath.Base(file), ".js")
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			base := strings.TrimSuffix(file, ".js")
			src, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			want, err := os.ReadFile(base + ".out")
			if err != nil {
				t.Fatal(err)
			}
			stdin, err := os.ReadFile(base + ".stdin")
			if err != nil && !errors.Is(err, fs.ErrNotExist) {
				t.Fatal(err)
			}
			res := execReq(t, newNodeVM(t, Config{}), ExecRequest{Runtime: jobs.RuntimeJS, Filename: "/" + name + ".js", Source: string(src), Stdin: stdin})
			if res.Kind != KindNone || res.ExitCode != 0 {
				t.Fatalf("kind %q exit %d: %s\nstdout:\n%s\nstderr:\n%s", res.Kind, res.ExitCode, res.Error, res.Stdout, res.Stderr)
			}
			if !bytes.Equal(res.Stdout, want) {
				t.Errorf("stdout differs from Node's:\n%s", lineDiff(string(want), string(res.Stdout)))
			}
		})
	}
}

// lineDiff shows the first lines where got leaves want.
func lineDiff(want, got string) string {
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	var b strings.Builder
	shown := 0
	for i := 0; i < max(len(w), len(g)) && shown < 5; i++ {
		var wl, gl string
		if i < len(w) {
			wl = w[i]
		}
		if i < len(g) {
			gl = g[i]
		}
		if wl != gl {
			fmt.Fprintf(&b, "line %d\n  node:  %s\n  guest: %s\n", i+1, wl, gl)
			shown++
		}
	}
	return b.String()
}
