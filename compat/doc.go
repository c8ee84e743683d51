// Package compat holds the proof that real-world npm code runs in a natsexec
// guest as it does on Node 20: a corpus of popular packages under npm/, each
// with a small deterministic program and Node 20's output beside it, bundled
// with package bundle and run through a real worker by npm_test.go.
package compat
