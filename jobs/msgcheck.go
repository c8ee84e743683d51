package jobs

import (
	"encoding/binary"
	"errors"
	"fmt"
)

// MaxMsgpackDepth bounds how deeply the values in a job, a result or a
// sidecar frame may nest. msgpack's decoder recurses once a level on the
// goroutine stack, and a stack overflow ends the process: a job of 30 MB of
// 0x91 (an array holding an array holding ...) under an unknown field took
// the worker down with every sidecar it ran, and its redelivery the next
// worker. What a sound peer sends nests a few levels around the exports,
// which the sidecar cuts at 32 levels (guest.exportMaxDepth).
const MaxMsgpackDepth = 128

var (
	ErrMsgpackDepth = errors.New("msgpack: nested too deeply")
	ErrMsgpackShort = errors.New("msgpack: a length past the end of the body")
)

// CheckMsgpack walks the msgpack values in b without recursion and without
// decoding, and fails if containers nest deeper than max, or if a length
// goes past the end of b: the decoder allocates what a length says before
// it reads, so an array32 of 2^32-1 items in a 5-byte frame made it ask for
// 64 GB and die, and a map32 of 800 million entries in a job's env took
// 0.7 s and the memory for the map before failing.
func CheckMsgpack(b []byte, max int) error {
	// open[i] is how many values container i still holds.
	var open []uint64
	for i := 0; i < len(b); {
		c := b[i]
		i++
		var skip, items uint64
		switch {
		case c <= 0x7f, c >= 0xe0, c == 0xc0, c == 0xc2, c == 0xc3:
		case c >= 0x80 && c <= 0x8f:
			items = 2 * uint64(c&0x0f)
		case c >= 0x90 && c <= 0x9f:
			items = uint64(c & 0x0f)
		case c >= 0xa0 && c <= 0xbf:
			skip = uint64(c & 0x1f)
		default:
			n, ok := msgpackLen(b[i:], c)
			if !ok {
				return ErrMsgpackShort
			}
			i += n.head
			skip, items = n.skip, n.items
		}
		// Every value takes a byte at least.
		if skip > uint64(len(b)-i) || items > uint64(len(b)-i)-skip {
			return ErrMsgpackShort
		}
		i += int(skip)
		if len(open) > 0 {
			open[len(open)-1]--
		}
		if items > 0 {
			if len(open) >= max {
				return fmt.Errorf("%w: more than %d levels", ErrMsgpackDepth, max)
			}
			open = append(open, items)
		}
		for len(open) > 0 && open[len(open)-1] == 0 {
			open = open[:len(open)-1]
		}
	}
	return nil
}

type msgpackHead struct {
	head        int    // bytes of length after the type byte
	skip, items uint64 // payload bytes to skip, values contained
}

func msgpackLen(b []byte, c byte) (msgpackHead, bool) {
	be := func(n int) (uint64, bool) {
		if len(b) < n {
			return 0, false
		}
		switch n {
		case 1:
			return uint64(b[0]), true
		case 2:
			return uint64(binary.BigEndian.Uint16(b)), true
		default:
			return uint64(binary.BigEndian.Uint32(b)), true
		}
	}
	var h msgpackHead
	var ok bool
	switch c {
	case 0xc4, 0xd9: // bin8, str8
		h.head = 1
		h.skip, ok = be(1)
	case 0xc5, 0xda: // bin16, str16
		h.head = 2
		h.skip, ok = be(2)
	case 0xc6, 0xdb: // bin32, str32
		h.head = 4
		h.skip, ok = be(4)
	case 0xc7, 0xc8, 0xc9: // ext8/16/32: length, then a type byte
		h.head = 1 << (c - 0xc7)
		h.skip, ok = be(h.head)
		h.skip++
	case 0xca, 0xce, 0xd2: // float32, uint32, int32
		return msgpackHead{skip: 4}, true
	case 0xcb, 0xcf, 0xd3: // float64, uint64, int64
		return msgpackHead{skip: 8}, true
	case 0xcc, 0xd0: // uint8, int8
		return msgpackHead{skip: 1}, true
	case 0xcd, 0xd1: // uint16, int16
		return msgpackHead{skip: 2}, true
	case 0xd4, 0xd5, 0xd6, 0xd7, 0xd8: // fixext 1/2/4/8/16, after a type byte
		return msgpackHead{skip: 1 + 1<<(c-0xd4)}, true
	case 0xdc: // array16
		h.head = 2
		h.items, ok = be(2)
	case 0xdd: // array32
		h.head = 4
		h.items, ok = be(4)
	case 0xde: // map16
		h.head = 2
		h.items, ok = be(2)
		h.items *= 2
	case 0xdf: // map32
		h.head = 4
		h.items, ok = be(4)
		h.items *= 2
	default: // 0xc1: never used
		return h, false
	}
	return h, ok && h.head <= len(b)
}
