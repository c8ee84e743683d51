package jobs

import (
	"bytes"
	"compress/gzip"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"strings"
)

// Large programs travel compressed: a job's source over CompressAbove goes
// as source_gzip, which Validate inflates back into Source.
//
// The worker inflates, when it decodes the job (FromMessage calls
// Validate), not the sidecar. A bad or oversized source_gzip is then a
// rejected result naming the field, found where every other field is
// checked, before a sidecar or VM is spent on the job; and the inflating,
// bounded by MaxSourceBytes however far the data would inflate, happens in
// the worker, never in a shared sidecar whose other VMs a zip bomb would
// take down with it. The cost is the inflated source in the worker's memory
// while the job runs, as large as the module a wasm job holds there anyway,
// and the source crosses to the sidecar inflated: the sidecar protocol
// carries guest.ExecRequest, not Job, so nothing else changes there.

// CompressAbove is the source size from which clients send source_gzip.
// Below it compression saves little, and the job stays readable on the wire
// (the nats CLI, dead letters).
const CompressAbove = 64 << 10

// CompressSource moves a js or ts job's Source into SourceGzip when it is
// over CompressAbove and compresses to less. A client calls it on its copy
// of a job just before encoding it.
func (j *Job) CompressSource() error {
	if len(j.Source) <= CompressAbove || len(j.SourceGzip) != 0 || (j.Runtime != RuntimeJS && j.Runtime != RuntimeTS) {
		return nil
	}
	var b bytes.Buffer
	b.Grow(len(j.Source) / 4)
	w := gzip.NewWriter(&b)
	if _, err := io.WriteString(w, j.Source); err != nil {
		return fmt.Errorf("compress source: %w", err)
	}
	if err := w.Close(); err != nil {
		return fmt.Errorf("compress source: %w", err)
	}
	if b.Len() >= len(j.Source) {
		return nil
	}
	j.SourceGzip, j.Source = b.Bytes(), ""
	return nil
}

// inflateSource inflates a source_gzip, refusing data that is not gzip or
// that inflates past MaxSourceBytes; it never holds more than that.
func inflateSource(gz []byte) (string, error) {
	if len(gz) > MaxSourceBytes {
		return "", fieldErr("source_gzip", "%d bytes compressed, over the %d bytes a source may have inflated", len(gz), MaxSourceBytes)
	}
	zr, err := gzip.NewReader(bytes.NewReader(gz))
	if err != nil {
		return "", fieldErr("source_gzip", "not gzip data: %v", err)
	}
	var b strings.Builder
	// The trailer's size (mod 2^32) is the sender's word, so it only
	// sizes the first allocation, within the cap and within what deflate
	// can reach (at most 1032 bytes out per byte in).
	if len(gz) >= 4 {
		claim := int64(binary.LittleEndian.Uint32(gz[len(gz)-4:]))
		b.Grow(int(min(claim, MaxSourceBytes, 1032*int64(len(gz)))))
	}
	n, err := io.Copy(&b, io.LimitReader(zr, MaxSourceBytes+1))
	switch {
	case n > MaxSourceBytes:
		return "", fieldErr("source_gzip", "inflates past %d bytes, the most a source may have", MaxSourceBytes)
	case errors.Is(err, io.ErrUnexpectedEOF):
		return "", fieldErr("source_gzip", "truncated gzip data")
	case err != nil:
		return "", fieldErr("source_gzip", "bad gzip data: %v", err)
	}
	return b.String(), nil
}
