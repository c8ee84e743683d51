// Package sidecar holds both sides of the worker/sidecar boundary: the frame
// protocol, the sidecar's server (which hosts guest VMs and never touches
// NATS), and the worker's client that spawns, hardens, talks to and kills
// sidecar processes.
//
// Frames are a 4-byte big-endian length followed by one msgpack-encoded
// Frame. Every request carries an id that its response echoes, so one
// sidecar serves many VMs concurrently over one pipe pair.
package sidecar

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"sync"
	"time"

	"github.com/vmihailenco/msgpack/v5"

	"github.com/natsexec/natsexec/guest"
	"github.com/natsexec/natsexec/jobs"
)

// ProtocolVersion is checked in the session handshake; a worker and a
// sidecar of different versions refuse each other rather than misread frames.
const ProtocolVersion = 1

// DefaultMaxFrame bounds one frame. A job's module may be 32 MiB and its
// files more, so this sits above jobs.MaxModuleBytes with room for the rest.
const DefaultMaxFrame = 96 << 20

// Errors of the frame layer. Any of them ends the session.
var (
	ErrFrameTooLarge = errors.New("sidecar: frame too large")
	ErrBadFrame      = errors.New("sidecar: malformed frame")
	ErrVersion       = errors.New("sidecar: protocol version mismatch")
)

// Op names a request. A response carries the op of its request.
type Op string

const (
	OpSessionOpen Op = "session_open"
	OpVMCreate    Op = "vm_create"
	OpVMConfigure Op = "vm_configure"
	OpMountNode   Op = "mount_node"
	OpMountWASM   Op = "mount_wasm"
	OpExec        Op = "exec"
	OpCancel      Op = "cancel" // interrupt the VM's running exec
	OpReset       Op = "reset"
	OpDispose     Op = "dispose"
	OpStats       Op = "stats"
	OpShutdown    Op = "shutdown"
)

// Frame is the one message type that crosses the boundary, in both
// directions. Which payload fields are set depends on Op.
type Frame struct {
	ID uint64 `msgpack:"id"`
	Op Op     `msgpack:"op"`
	VM uint64 `msgpack:"vm,omitempty"`
	// Err is set on a failed response; the request is not retried by the
	// sidecar, the worker decides.
	Err string `msgpack:"err,omitempty"`

	Session *Session           `msgpack:"session,omitempty"`
	Config  *guest.Config      `msgpack:"config,omitempty"`
	Exec    *guest.ExecRequest `msgpack:"exec,omitempty"`
	Result  *guest.ExecResult  `msgpack:"result,omitempty"`
	Stats   *Stats             `msgpack:"stats,omitempty"`

	// Start and Took time the request inside the sidecar, so a phase gets
	// its true start and end rather than the worker's view plus pipe time.
	Start time.Time     `msgpack:"start,omitempty"`
	Took  time.Duration `msgpack:"took,omitempty"`
}

// Session is the handshake: the worker proposes, the sidecar answers with
// its own version, pid (as it sees it: 1 in its own PID namespace) and
// sandbox.
type Session struct {
	Version  int `msgpack:"version"`
	PID      int `msgpack:"pid,omitempty"`
	MaxFrame int `msgpack:"max_frame,omitempty"`
	MaxVMs   int `msgpack:"max_vms,omitempty"`
	// TraceParent carries the W3C trace context of whoever opened the
	// session, for the sidecar's own logs.
	TraceParent string `msgpack:"traceparent,omitempty"`
	// Warm asks the sidecar to compile its runtimes and run a throwaway
	// guest before answering, so a sidecar started ahead of its jobs (the
	// pre-spawned pool, the shared pool) pays no first-use costs in a job.
	Warm bool `msgpack:"warm,omitempty"`
	// Sandbox is the sidecar's account of the layers it applied to itself.
	Sandbox *jobs.Sandbox `msgpack:"sandbox,omitempty"`
}

// Stats is a sidecar's view of itself.
type Stats struct {
	PID       int   `msgpack:"pid"`
	VMs       int   `msgpack:"vms"`
	Running   int   `msgpack:"running"`
	Execs     int64 `msgpack:"execs"`
	HeapBytes int64 `msgpack:"heap_bytes"`
	RSSBytes  int64 `msgpack:"rss_bytes"` // read by the worker from the host's /proc
}

// FrameReader reads frames from one stream. It is not safe for concurrent
// use; a session has one reading goroutine per side.
type FrameReader struct {
	r   *bufio.Reader
	max int
	buf []byte
	dec *msgpack.Decoder
}

// NewFrameReader reads frames of at most max bytes from r.
func NewFrameReader(r io.Reader, max int) *FrameReader {
	if max <= 0 {
		max = DefaultMaxFrame
	}
	fr := &FrameReader{r: bufio.NewReaderSize(r, 64<<10), max: max}
	fr.dec = msgpack.NewDecoder(nil)
	// Loose decoding gives exports plain int64/uint64/float64 rather than
	// whatever width the encoder picked.
	fr.dec.UseLooseInterfaceDecoding(true)
	return fr
}

// Read returns the next frame. io.EOF means the peer closed cleanly between
// frames; a short frame is io.ErrUnexpectedEOF.
func (fr *FrameReader) Read() (*Frame, error) {
	var hdr [4]byte
	if _, err := io.ReadFull(fr.r, hdr[:]); err != nil {
		return nil, err
	}
	n := binary.BigEndian.Uint32(hdr[:])
	if int64(n) > int64(fr.max) {
		return nil, fmt.Errorf("%w: %d bytes, limit %d", ErrFrameTooLarge, n, fr.max)
	}
	if cap(fr.buf) < int(n) {
		fr.buf = make([]byte, n)
	}
	b := fr.buf[:n]
	if _, err := io.ReadFull(fr.r, b); err != nil {
		if err == io.EOF {
			err = io.ErrUnexpectedEOF
		}
		return nil, err
	}
	f, err := fr.decode(b)
	// Large buffers are not kept: one 64 MiB module must not pin 64 MiB.
	if cap(fr.buf) > 1<<20 {
		fr.buf = nil
	}
	return f, err
}

func (fr *FrameReader) decode(b []byte) (*Frame, error) {
	// The decoder recurses once a level of nesting; see jobs.CheckMsgpack.
	if err := jobs.CheckMsgpack(b, jobs.MaxMsgpackDepth); err != nil {
		return nil, fmt.Errorf("%w: %v", ErrBadFrame, err)
	}
	f := new(Frame)
	br := bytes.NewReader(b)
	fr.dec.Reset(br)
	fr.dec.UseLooseInterfaceDecoding(true)
	if err := fr.dec.Decode(f); err != nil {
		return nil, fmt.Errorf("%w: %v", ErrBadFrame, err)
	}
	if br.Len() != 0 {
		return nil, fmt.Errorf("%w: %d trailing bytes", ErrBadFrame, br.Len())
	}
	if f.Op == "" {
		return nil, fmt.Errorf("%w: no op", ErrBadFrame)
	}
	return f, nil
}

// FrameWriter writes frames to one stream; safe for concurrent use.
type FrameWriter struct {
	mu  sync.Mutex
	w   *bufio.Writer
	max int
	enc *msgpack.Encoder
	buf byteBuffer
}

// NewFrameWriter writes frames of at most max bytes to w.
func NewFrameWriter(w io.Writer, max int) *FrameWriter {
	if max <= 0 {
		max = DefaultMaxFrame
	}
	fw := &FrameWriter{w: bufio.NewWriterSize(w, 64<<10), max: max}
	fw.enc = msgpack.NewEncoder(&fw.buf)
	fw.enc.SetOmitEmpty(true)
	return fw
}

// Write encodes and flushes one frame.
func (fw *FrameWriter) Write(f *Frame) error {
	fw.mu.Lock()
	defer fw.mu.Unlock()
	fw.buf.b = fw.buf.b[:0]
	if err := fw.enc.Encode(f); err != nil {
		return fmt.Errorf("sidecar: encode %s frame: %w", f.Op, err)
	}
	if len(fw.buf.b) > fw.max {
		return fmt.Errorf("%w: %s frame of %d bytes, limit %d", ErrFrameTooLarge, f.Op, len(fw.buf.b), fw.max)
	}
	var hdr [4]byte
	binary.BigEndian.PutUint32(hdr[:], uint32(len(fw.buf.b)))
	if _, err := fw.w.Write(hdr[:]); err != nil {
		return err
	}
	if _, err := fw.w.Write(fw.buf.b); err != nil {
		return err
	}
	err := fw.w.Flush()
	if cap(fw.buf.b) > 1<<20 {
		fw.buf.b = nil
	}
	return err
}

type byteBuffer struct{ b []byte }

func (bb *byteBuffer) Write(p []byte) (int, error) {
	bb.b = append(bb.b, p...)
	return len(p), nil
}
