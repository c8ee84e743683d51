package guest

import (
	"net/netip"
	"strconv"
	"strings"

	"github.com/dop251/goja"
)

// tty, diagnostics_channel, net and dns are JavaScript (js_small.go),
// compiled once per process on first use and run once per runtime. Guests
// have no network (see jsSmallNoNetwork): these modules exist because
// packages load them at require time (undici, chalk, fastify), and what
// needs no network behaves as Node's.

var smallPrograms = polyfillPrograms(jsSmallSources)

// smallModule builds the built-in called name from its polyfill.
func smallModule(name string) func(js *jsState, module *goja.Object) {
	return polyfillModule(smallPrograms, name, (*jsState).smallBinding)
}

// smallBinding is what the polyfills of js_small.go get from Go.
func (js *jsState) smallBinding() *goja.Object {
	const key = "\x00smallBinding"
	if v, ok := js.builtins[key]; ok {
		return v.(*goja.Object)
	}
	rt := js.rt
	b := rt.NewObject()
	js.builtins[key] = b
	// received is the value as Node's ERR_INVALID_ARG_TYPE describes it.
	b.Set("received", func(c goja.FunctionCall) goja.Value { return rt.ToValue(js.received(c.Argument(0))) })
	b.Set("inspect", func(c goja.FunctionCall) goja.Value {
		return rt.ToValue(js.inspect(c.Argument(0), inspectOpts{depth: 2}))
	})
	// inetPton is uv_inet_pton for "ipv4" or "ipv6": the address's bytes
	// (4 or 16) as an array, or null if it is not one. A v6 zone is
	// dropped, as libuv drops it.
	b.Set("inetPton", func(c goja.FunctionCall) goja.Value {
		a, ok := smallInetPton(c.Argument(0).String(), c.Argument(1).String())
		if !ok {
			return goja.Null()
		}
		out := make([]any, len(a))
		for i, x := range a {
			out[i] = int64(x)
		}
		return rt.NewArray(out...)
	})
	b.Set("inetNtop", func(c goja.FunctionCall) goja.Value {
		var a []byte
		if err := rt.ExportTo(c.Argument(0), &a); err != nil {
			panic(rt.NewTypeError("inetNtop: %v", err))
		}
		return rt.ToValue(smallInetNtop(a))
	})
	return b
}

func smallInetPton(family, s string) ([]byte, bool) {
	switch family {
	case "ipv4":
		// inet_pton4: four decimal parts, no leading zeros, no zone.
		a, err := netip.ParseAddr(s)
		if err != nil || !a.Is4() {
			return nil, false
		}
		b := a.As4()
		return b[:], true
	case "ipv6":
		if i := strings.IndexByte(s, '%'); i >= 0 {
			s = s[:i]
		}
		a, err := netip.ParseAddr(s)
		if err != nil || !a.Is6() {
			return nil, false
		}
		b := a.As16()
		return b[:], true
	}
	return nil, false
}

// smallInetNtop is uv_inet_ntop: dotted decimal for 4 bytes; for 16, the
// longest run of two or more zero groups as "::", and the last 32 bits in
// dotted form for ::a.b.c.d and ::ffff:a.b.c.d (which netip does not do for
// the former).
func smallInetNtop(b []byte) string {
	if len(b) == 4 {
		return netip.AddrFrom4([4]byte(b)).String()
	}
	if len(b) != 16 {
		return ""
	}
	var w [8]int
	for i := range w {
		w[i] = int(b[2*i])<<8 | int(b[2*i+1])
	}
	best, bestLen, cur, curLen := -1, 0, -1, 0
	for i := range w {
		if w[i] == 0 {
			if cur < 0 {
				cur, curLen = i, 1
			} else {
				curLen++
			}
			if curLen > bestLen {
				best, bestLen = cur, curLen
			}
		} else {
			cur, curLen = -1, 0
		}
	}
	if bestLen < 2 {
		best = -1
	}
	var sb strings.Builder
	for i := 0; i < 8; i++ {
		if best >= 0 && i >= best && i < best+bestLen {
			if i == best {
				sb.WriteByte(':')
			}
			continue
		}
		if i != 0 {
			sb.WriteByte(':')
		}
		if i == 6 && best == 0 && (bestLen == 6 || (bestLen == 5 && w[5] == 0xffff)) {
			sb.WriteString(netip.AddrFrom4([4]byte(b[12:])).String())
			return sb.String()
		}
		sb.WriteString(strconv.FormatInt(int64(w[i]), 16))
	}
	if best >= 0 && best+bestLen == 8 {
		sb.WriteByte(':')
	}
	return sb.String()
}
