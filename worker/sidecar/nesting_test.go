package sidecar

import (
	"bytes"
	"encoding/binary"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/natsexec/natsexec/guest"
	"github.com/natsexec/natsexec/jobs"
	"github.com/vmihailenco/msgpack/v5"
)

// The worst nesting a guest can write, in its source or in its values,
// against a real sidecar process: each one used to end the process with
// "fatal error: stack overflow" (and every job in it). Now each is a guest
// error, and the same process answers the next exec.
func TestNestingDoesNotKillTheSidecar(t *testing.T) {
	p := spawnTest(t, SpawnOptions{})
	ctx := t.Context()
	vm, _, err := p.CreateVM(ctx)
	if err != nil {
		t.Fatal(err)
	}
	// Room for a million nested arrays (some 600 MB of heap while built).
	if _, err := vm.Configure(ctx, guest.Config{Limits: jobs.Limits{MemoryBytes: 2 << 30, Timeout: jobs.Duration(time.Minute)}}); err != nil {
		t.Fatal(err)
	}
	if _, err := vm.MountNode(ctx); err != nil {
		t.Fatal(err)
	}
	rep := strings.Repeat
	const deepArray = `let a = []; for (let i = 0; i < 1e6; i++) a = [a]; `
	for _, c := range []struct {
		name string
		req  guest.ExecRequest
		want string // in the guest error
	}{
		{"JSON.parse", guest.ExecRequest{Runtime: jobs.RuntimeJS, Source: `JSON.parse("[".repeat(5e6) + "]".repeat(5e6))`}, "RangeError: Maximum call stack size exceeded"},
		{"source parens", guest.ExecRequest{Runtime: jobs.RuntimeJS, Source: "x = " + rep("(", 1e6) + "1" + rep(")", 1e6)}, "Maximum call stack size exceeded"},
		{"source brackets", guest.ExecRequest{Runtime: jobs.RuntimeJS, Source: "x = " + rep("[", 1.5e6) + rep("]", 1.5e6)}, "Maximum call stack size exceeded"},
		{"source members", guest.ExecRequest{Runtime: jobs.RuntimeJS, Source: "x = a" + rep(".b", 1e6)}, "Maximum call stack size exceeded"},
		{"typescript parens", guest.ExecRequest{Runtime: jobs.RuntimeTS, Source: "const x: number = " + rep("(", 1e6) + "1" + rep(")", 1e6)}, "Maximum call stack size exceeded"},
		{"module members", guest.ExecRequest{Runtime: jobs.RuntimeJS, Source: "export const x = a" + rep(".b", 1e6)}, "Maximum call stack size exceeded"},
		{"eval", guest.ExecRequest{Runtime: jobs.RuntimeJS, Source: `eval("[".repeat(1e6) + "]".repeat(1e6))`}, "Maximum call stack size exceeded"},
		{"RegExp", guest.ExecRequest{Runtime: jobs.RuntimeJS, Source: `new RegExp("(".repeat(1e7))`}, "Maximum call stack size exceeded"},
		{"String", guest.ExecRequest{Runtime: jobs.RuntimeJS, Source: deepArray + `String(a)`}, "RangeError: Maximum call stack size exceeded"},
		{"JSON.stringify", guest.ExecRequest{Runtime: jobs.RuntimeJS, Source: deepArray + `JSON.stringify(a)`}, "RangeError: Maximum call stack size exceeded"},
		{"flat", guest.ExecRequest{Runtime: jobs.RuntimeJS, Source: deepArray + `a.flat(Infinity)`}, "RangeError: Maximum call stack size exceeded"},
		{"inspect", guest.ExecRequest{Runtime: jobs.RuntimeJS, Source: deepArray + `throw new Error("cut " + require("util").inspect(a, {depth: Infinity}).includes("[Array: Inspection interrupted prematurely."))`}, "Error: cut true"},
		{"exports", guest.ExecRequest{Runtime: jobs.RuntimeJS, Source: deepArray + `module.exports = {a}`}, ""},
	} {
		start := time.Now()
		res, _, err := vm.Exec(ctx, c.req)
		if err != nil {
			t.Fatalf("%s: %v (sidecar: %s)", c.name, err, p.ExitReason())
		}
		switch {
		case c.want == "" && res.Kind != guest.KindNone:
			t.Errorf("%s: %q %.300s", c.name, res.Kind, res.Error)
		case c.want != "" && (res.Kind != guest.KindGuest || !strings.Contains(res.Error, c.want)):
			t.Errorf("%s: %q %.300s", c.name, res.Kind, res.Error)
		}
		select {
		case <-p.Exited():
			t.Fatalf("%s: the sidecar died: %s", c.name, p.ExitReason())
		default:
		}
		if _, err := p.Stats(ctx); err != nil {
			t.Fatalf("%s: the sidecar does not answer: %v", c.name, err)
		}
		t.Logf("%s: %s", c.name, time.Since(start).Round(time.Millisecond))
	}
	res, _, err := vm.Exec(ctx, guest.ExecRequest{Runtime: jobs.RuntimeJS, Source: `console.log("alive")`})
	if err != nil || res.Kind != guest.KindNone || string(res.Stdout) != "alive\n" {
		t.Fatalf("after all: %v %+v", err, res)
	}
}

// A frame whose values nest deeper than any sound peer sends is refused
// before msgpack's decoder recurses into it: from a sidecar a guest took
// over, 10 MB of nested arrays would otherwise end the worker. So is one
// whose lengths promise more than it holds, which the decoder allocates up
// front (2^32-1 items: 64 GB, and the process dies).
func TestFrameNestingIsRefused(t *testing.T) {
	frame := func(exports []byte) []byte {
		var b bytes.Buffer
		enc := msgpack.NewEncoder(&b)
		enc.EncodeMapLen(3)
		enc.EncodeString("id")
		enc.EncodeUint(1)
		enc.EncodeString("op")
		enc.EncodeString("exec")
		enc.EncodeString("result")
		enc.EncodeMapLen(1)
		enc.EncodeString("exports")
		enc.EncodeMapLen(1)
		enc.EncodeString("a")
		b.Write(exports)
		var hdr [4]byte
		binary.BigEndian.PutUint32(hdr[:], uint32(b.Len()))
		return append(hdr[:], b.Bytes()...)
	}
	nested := func(n int, leaf byte) []byte {
		b := bytes.Repeat([]byte{0x91}, n) // fixarray of one
		return append(b, leaf)
	}
	for name, c := range map[string]struct {
		exports []byte
		ok      bool
	}{
		"sidecar's own cut": {nested(40, 0xc0), true},
		"deep arrays":       {nested(10<<20, 0xc0), false},
		"deep maps":         {bytes.Repeat([]byte{0x81, 0xa1, 'k'}, 1<<20), false},
		"array16 nest":      {bytes.Repeat([]byte{0xdc, 0, 1}, 1<<20), false},
		"just past":         {nested(jobs.MaxMsgpackDepth, 0xc0), false},
		"huge array length": {[]byte{0xdd, 0xff, 0xff, 0xff, 0xff}, false},
		"huge map length":   {[]byte{0xdf, 0x7f, 0xff, 0xff, 0xff}, false},
		"huge string":       {[]byte{0xdb, 0xff, 0xff, 0xff, 0xff, 'x'}, false},
		"huge binary":       {[]byte{0xc6, 0xff, 0xff, 0xff, 0xff}, false},
	} {
		fr := NewFrameReader(bytes.NewReader(frame(c.exports)), 64<<20)
		f, err := fr.Read()
		switch {
		case c.ok && err != nil:
			t.Errorf("%s: %v", name, err)
		case c.ok && f.Result == nil:
			t.Errorf("%s: no result", name)
		case !c.ok && !errors.Is(err, ErrBadFrame):
			t.Errorf("%s: %v, want ErrBadFrame", name, err)
		}
	}
}
