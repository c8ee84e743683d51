// Package commands holds the WASM command set: one multi-call WASI command
// module (like busybox) built from C with clang, lld and wasi-libc, and
// embedded here. The module picks the command from the base name of
// argv[0]. See README.md for the commands and their flags.
package commands

import _ "embed"

//go:generate sh build.sh

// Module is the command set as a wasip1 command module.
//
//go:embed commands.wasm
var Module []byte

// Names lists the commands Module implements, sorted. A test checks it
// against the module's own dispatch table.
var Names = []string{
	"base64", "cat", "echo", "false", "grep", "head", "ls", "mkdir", "rm",
	"seq", "sha256sum", "sort", "tail", "tee", "touch", "tr", "true", "uniq", "wc",
}
