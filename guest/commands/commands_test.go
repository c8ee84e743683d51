package commands

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// TestCommandsUpToDate rebuilds the command set and the test fixtures into
// a temp dir and fails when a committed module differs from its sources:
// run `go generate ./guest/commands` and commit the result.
func TestCommandsUpToDate(t *testing.T) {
	if testing.Short() {
		t.Skip("rebuilds the command set with clang; skipped under -short")
	}
	for _, tool := range []string{"clang", "wasm-ld"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Skipf("%s not found: cannot check the committed modules against their sources; "+
				"install the toolchain: apt-get install -y clang lld wasi-libc libclang-rt-dev-wasm32", tool)
		}
	}
	if _, err := os.Stat("/usr/include/wasm32-wasi/stdio.h"); err != nil {
		t.Skip("wasi-libc not found (apt-get install -y wasi-libc libclang-rt-dev-wasm32)")
	}
	out := t.TempDir()
	cmd := exec.Command("sh", "build.sh", out)
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("build.sh: %v\n%s", err, b)
	}
	for _, name := range []string{"commands.wasm", "testdata/hostile.wasm", "testdata/badimport.wasm"} {
		want, err := os.ReadFile(filepath.Join(out, name))
		if err != nil {
			t.Fatal(err)
		}
		got, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("%s is stale (%d bytes committed, %d built): run `go generate ./guest/commands` and commit it", name, len(got), len(want))
		}
	}
}

func TestModuleEmbedded(t *testing.T) {
	if !bytes.HasPrefix(Module, []byte("\x00asm\x01\x00\x00\x00")) {
		t.Fatal("Module is not a wasm binary")
	}
	if len(Module) > 256<<10 {
		t.Errorf("the command set grew to %d bytes; it is meant to stay small (mount cost)", len(Module))
	}
}
