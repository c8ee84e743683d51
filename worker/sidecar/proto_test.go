package sidecar

import (
	"bytes"
	"encoding/binary"
	"errors"
	"io"
	"testing"
	"time"

	"github.com/natsexec/natsexec/guest"
	"github.com/natsexec/natsexec/jobs"
)

func TestFrameRoundTrip(t *testing.T) {
	t.Parallel()
	var buf bytes.Buffer
	w := NewFrameWriter(&buf, 0)
	in := []*Frame{
		{ID: 1, Op: OpSessionOpen, Session: &Session{Version: ProtocolVersion, MaxVMs: 3}},
		{ID: 2, Op: OpVMConfigure, VM: 7, Config: &guest.Config{Env: map[string]string{"A": "b"}, Files: []jobs.File{{Path: "x", Data: []byte{0, 1}}}}},
		{ID: 3, Op: OpExec, VM: 7, Result: &guest.ExecResult{ExitCode: 2, Stdout: []byte("hi"), Exports: map[string]any{"x": 1, "f": 1.5}},
			Start: time.Unix(1700000000, 123).UTC(), Took: time.Millisecond},
		{ID: 4, Op: OpDispose, VM: 7, Err: "boom"},
	}
	for _, f := range in {
		if err := w.Write(f); err != nil {
			t.Fatal(err)
		}
	}
	r := NewFrameReader(&buf, 0)
	for _, want := range in {
		got, err := r.Read()
		if err != nil {
			t.Fatal(err)
		}
		if got.ID != want.ID || got.Op != want.Op || got.VM != want.VM || got.Err != want.Err || got.Took != want.Took || !got.Start.Equal(want.Start) {
			t.Errorf("got %+v, want %+v", got, want)
		}
	}
	got := in[2].Result
	if got.Exports["x"] == nil {
		t.Fatal("exports lost")
	}
	if _, err := r.Read(); !errors.Is(err, io.EOF) {
		t.Errorf("after last frame: %v, want EOF", err)
	}
}

// Loose decoding gives integers one Go type whatever width went on the wire.
func TestFrameExportsDecodeAsInt64(t *testing.T) {
	t.Parallel()
	var buf bytes.Buffer
	if err := NewFrameWriter(&buf, 0).Write(&Frame{ID: 1, Op: OpExec, Result: &guest.ExecResult{Exports: map[string]any{"x": int8(1)}}}); err != nil {
		t.Fatal(err)
	}
	f, err := NewFrameReader(&buf, 0).Read()
	if err != nil {
		t.Fatal(err)
	}
	if v, ok := f.Result.Exports["x"].(int64); !ok || v != 1 {
		t.Errorf("export x = %#v, want int64(1)", f.Result.Exports["x"])
	}
}

func TestFrameLimits(t *testing.T) {
	t.Parallel()
	var buf bytes.Buffer
	w := NewFrameWriter(&buf, 64)
	if err := w.Write(&Frame{ID: 1, Op: OpExec, Exec: &guest.ExecRequest{Source: string(make([]byte, 100))}}); !errors.Is(err, ErrFrameTooLarge) {
		t.Errorf("oversized write: %v", err)
	}
	var hdr [4]byte
	binary.BigEndian.PutUint32(hdr[:], 1<<30)
	if _, err := NewFrameReader(bytes.NewReader(hdr[:]), 1<<20).Read(); !errors.Is(err, ErrFrameTooLarge) {
		t.Errorf("oversized read: %v", err)
	}
	short := append(binary.BigEndian.AppendUint32(nil, 10), 1, 2)
	if _, err := NewFrameReader(bytes.NewReader(short), 0).Read(); !errors.Is(err, io.ErrUnexpectedEOF) {
		t.Errorf("short frame: %v", err)
	}
	junk := append(binary.BigEndian.AppendUint32(nil, 3), 0xc1, 0xc1, 0xc1)
	if _, err := NewFrameReader(bytes.NewReader(junk), 0).Read(); !errors.Is(err, ErrBadFrame) {
		t.Errorf("junk frame: %v", err)
	}
}

func frameBytes(f *Frame) []byte {
	var buf bytes.Buffer
	_ = NewFrameWriter(&buf, 0).Write(f)
	return buf.Bytes()
}

// FuzzFrameReader: whatever bytes arrive, the reader returns a frame or an
// error, never panics, and never allocates past the frame limit.
func FuzzFrameReader(f *testing.F) {
	f.Add(frameBytes(&Frame{ID: 1, Op: OpSessionOpen, Session: &Session{Version: 1}}))
	f.Add(frameBytes(&Frame{ID: 2, Op: OpExec, VM: 1, Exec: &guest.ExecRequest{Runtime: jobs.RuntimeJS, Source: "1"}}))
	f.Add(frameBytes(&Frame{ID: 3, Op: OpExec, Result: &guest.ExecResult{Exports: map[string]any{"a": []any{1, "x", map[string]any{}}}}}))
	f.Add([]byte{0, 0, 0, 1, 0xc1})
	f.Add([]byte{0xff, 0xff, 0xff, 0xff})
	f.Add(append(binary.BigEndian.AppendUint32(nil, 16), []byte("\x81\xa40ovc\xc9\xd6+v0000")...))
	f.Fuzz(func(t *testing.T, data []byte) {
		r := NewFrameReader(bytes.NewReader(data), 1<<16)
		for range 8 {
			fr, err := r.Read()
			if err != nil {
				return
			}
			if fr.Op == "" {
				t.Fatal("frame without op accepted")
			}
		}
	})
}
