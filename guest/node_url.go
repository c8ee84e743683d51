package guest

import (
	"math"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"
	"unsafe"

	"golang.org/x/net/idna"
)

// The WHATWG URL Standard's URL parser (https://url.spec.whatwg.org/), as
// Node 20 has it from ada 2.9.2: the basic URL parser's state machine with
// state overrides for the setters, host parsing (domains through UTS #46
// with golang.org/x/net/idna, IPv4 and IPv6), the serializer, and the
// percent-encode sets. node_url_module.go binds it to Node's own url.js.
//
// The parser works on the UTF-8 bytes of its input: every character that
// matters to it is ASCII, and percent-encoding a code point is
// percent-encoding its bytes. Each byte is looked at a bounded number of
// times (the authority is scanned twice), path segments pop in O(1) and the
// punycode encoder is O(n log n), so hostile input costs time linear in
// its length (up to that log).

// urlRecord is a URL record. Nullable fields have a has* flag.
type urlRecord struct {
	scheme   string
	username string
	password string
	host     string
	hasHost  bool
	port     int // -1 for null
	path     urlPath
	opaque   bool // path is an opaque path, held in opqPath
	opqPath  string
	query    string
	hasQuery bool
	fragment string
	hasFrag  bool
}

// urlState is a state of the basic URL parser.
type urlState int

const (
	stNone urlState = iota // no state override
	stSchemeStart
	stScheme
	stNoScheme
	stSpecialRelativeOrAuthority
	stPathOrAuthority
	stRelative
	stRelativeSlash
	stSpecialAuthoritySlashes
	stSpecialAuthorityIgnoreSlashes
	stAuthority
	stHost
	stHostname
	stPort
	stFile
	stFileSlash
	stFileHost
	stPathStart
	stPath
	stOpaquePath
	stQuery
	stFragment
)

// specialPort is a special scheme's default port; file has none (-1).
func specialPort(scheme string) (port int, special bool) {
	switch scheme {
	case "http", "ws":
		return 80, true
	case "https", "wss":
		return 443, true
	case "ftp":
		return 21, true
	case "file":
		return -1, true
	}
	return -1, false
}

func isSpecialScheme(s string) bool { _, ok := specialPort(s); return ok }

func (u *urlRecord) special() bool { return isSpecialScheme(u.scheme) }

func (u *urlRecord) includesCredentials() bool { return u.username != "" || u.password != "" }

// cannotHaveCredentialsOrPort is the spec's "cannot have a
// username/password/port".
func (u *urlRecord) cannotHaveCredentialsOrPort() bool {
	return !u.hasHost || u.host == "" || u.scheme == "file"
}

func (u *urlRecord) clone() *urlRecord {
	c := *u
	c.path = u.path.clone()
	return &c
}

// Percent-encode sets, as a bit per ASCII byte; bytes past 0x7E are always
// encoded.
type encodeSet [2]uint64

func (s *encodeSet) has(b byte) bool {
	if b >= 0x7f {
		return true
	}
	return s[b>>6]&(1<<(b&63)) != 0
}

func makeEncodeSet(base *encodeSet, extra string) encodeSet {
	var s encodeSet
	if base != nil {
		s = *base
	} else {
		for b := 0; b < 0x20; b++ {
			s[b>>6] |= 1 << (b & 63)
		}
	}
	for i := 0; i < len(extra); i++ {
		b := extra[i]
		s[b>>6] |= 1 << (b & 63)
	}
	return s
}

var (
	c0ControlSet    = makeEncodeSet(nil, "")
	fragmentSet     = makeEncodeSet(&c0ControlSet, " \"<>`")
	querySet        = makeEncodeSet(&c0ControlSet, " \"#<>")
	specialQuerySet = makeEncodeSet(&querySet, "'")
	pathSet         = makeEncodeSet(&querySet, "?`{}") // ada 2.9.2 leaves ^ alone
	userinfoSet     = makeEncodeSet(&pathSet, "/:;=@[\\]^|")
	componentSet    = makeEncodeSet(&userinfoSet, "$%&+,")
)

const upperHex = "0123456789ABCDEF"

func appendEncoded(b []byte, c byte, set *encodeSet) []byte {
	if set.has(c) {
		return append(b, '%', upperHex[c>>4], upperHex[c&15])
	}
	return append(b, c)
}

func percentEncode(s string, set *encodeSet) string {
	for i := 0; i < len(s); i++ {
		if set.has(s[i]) {
			b := make([]byte, 0, len(s)+16)
			b = append(b, s[:i]...)
			for ; i < len(s); i++ {
				b = appendEncoded(b, s[i], set)
			}
			return string(b)
		}
	}
	return s
}

func isHexByte(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F'
}

func unhex(c byte) byte {
	switch {
	case c >= '0' && c <= '9':
		return c - '0'
	case c >= 'a' && c <= 'f':
		return c - 'a' + 10
	}
	return c - 'A' + 10
}

// percentDecode is the spec's percent-decode of a byte sequence.
func percentDecode(s string) string {
	if strings.IndexByte(s, '%') < 0 {
		return s
	}
	b := make([]byte, 0, len(s))
	for i := 0; i < len(s); i++ {
		if s[i] == '%' && i+2 < len(s) && isHexByte(s[i+1]) && isHexByte(s[i+2]) {
			b = append(b, unhex(s[i+1])<<4|unhex(s[i+2]))
			i += 2
			continue
		}
		b = append(b, s[i])
	}
	return string(b)
}

func isASCIIAlpha(c byte) bool { return c|0x20 >= 'a' && c|0x20 <= 'z' }

func isASCIIDigit(c byte) bool { return c >= '0' && c <= '9' }

// isWindowsDriveLetter: an ASCII alpha and ":" or "|" (normalized: ":").
func isWindowsDriveLetter(s string, normalized bool) bool {
	if len(s) != 2 || !isASCIIAlpha(s[0]) {
		return false
	}
	return s[1] == ':' || !normalized && s[1] == '|'
}

// startsWithWindowsDriveLetter: the string's first two code points are a
// Windows drive letter and the third, if any, is /, \, ? or #.
func startsWithWindowsDriveLetter(s string) bool {
	if len(s) < 2 || !isWindowsDriveLetter(s[:2], false) {
		return false
	}
	if len(s) == 2 {
		return true
	}
	switch s[2] {
	case '/', '\\', '?', '#':
		return true
	}
	return false
}

func isSingleDot(s string) bool { return s == "." || strings.EqualFold(s, "%2e") }

func isDoubleDot(s string) bool {
	switch len(s) {
	case 2:
		return s == ".."
	case 4:
		return strings.EqualFold(s, ".%2e") || strings.EqualFold(s, "%2e.")
	case 6:
		return strings.EqualFold(s, "%2e%2e")
	}
	return false
}

// urlPath is a list of path segments in one buffer: a path of millions of
// segments is two allocations, not millions.
type urlPath struct {
	buf  []byte
	ends []uint32 // end of each segment in buf
}

func (p *urlPath) len() int { return len(p.ends) }

func (p *urlPath) seg(i int) string {
	start := 0
	if i > 0 {
		start = int(p.ends[i-1])
	}
	return string(p.buf[start:int(p.ends[i])])
}

func (p *urlPath) push(s string) {
	p.buf = append(p.buf, s...)
	p.ends = append(p.ends, uint32(len(p.buf)))
}

func (p *urlPath) pop() {
	if n := len(p.ends); n > 0 {
		p.ends = p.ends[:n-1]
		if n > 1 {
			p.buf = p.buf[:int(p.ends[n-2])]
		} else {
			p.buf = p.buf[:0]
		}
	}
}

func (p *urlPath) clear() { p.buf, p.ends = p.buf[:0], p.ends[:0] }

func (p urlPath) clone() urlPath {
	return urlPath{buf: append([]byte(nil), p.buf...), ends: append([]uint32(nil), p.ends...)}
}

// unsafeString views b as a string for the moment it is only read; push
// copies it.
func unsafeString(b []byte) string { return unsafe.String(unsafe.SliceData(b), len(b)) }

func (u *urlRecord) shortenPath() {
	if u.scheme == "file" && u.path.len() == 1 && isWindowsDriveLetter(u.path.seg(0), true) {
		return
	}
	u.path.pop()
}

// trimURLInput strips leading and trailing C0 controls and spaces, and
// removes every tab and newline.
func trimURLInput(s string) string {
	i, j := 0, len(s)
	for i < j && s[i] <= 0x20 {
		i++
	}
	for j > i && s[j-1] <= 0x20 {
		j--
	}
	return removeTabNewline(s[i:j])
}

func removeTabNewline(s string) string {
	if strings.IndexAny(s, "\t\n\r") < 0 {
		return s
	}
	b := make([]byte, 0, len(s))
	for i := 0; i < len(s); i++ {
		if c := s[i]; c != '\t' && c != '\n' && c != '\r' {
			b = append(b, c)
		}
	}
	return string(b)
}

// parseURL is the basic URL parser without a state override.
func parseURL(input string, base *urlRecord) (*urlRecord, bool) {
	u := &urlRecord{port: -1}
	if !u.parse(trimURLInput(input), base, stNone) {
		return nil, false
	}
	return u, true
}

// parse runs the state machine on u. With an override it is a setter's
// parse: false is failure, and u may have been changed before a plain
// "return" (which is true).
func (u *urlRecord) parse(input string, base *urlRecord, override urlState) bool {
	if override != stNone {
		input = removeTabNewline(input)
	}
	state := override
	if state == stNone {
		state = stSchemeStart
	}
	var buf, user, pass []byte
	atSignSeen, insideBrackets, passwordTokenSeen := false, false, false
	n := len(input)
	const eof = -1
	for p := 0; ; p++ {
		c := eof
		if p < n {
			c = int(input[p])
		} else if p > n {
			break
		}
		remaining := func(prefix string) bool { return p+1 <= n && strings.HasPrefix(input[p+1:], prefix) }
		switch state {
		case stSchemeStart:
			switch {
			case c != eof && isASCIIAlpha(byte(c)):
				buf = append(buf, byte(c)|0x20)
				state = stScheme
			case override == stNone:
				state = stNoScheme
				p--
			default:
				return false
			}

		case stScheme:
			switch {
			case c != eof && (isASCIIAlpha(byte(c)) || isASCIIDigit(byte(c)) || c == '+' || c == '-' || c == '.'):
				if c >= 'A' && c <= 'Z' {
					c |= 0x20
				}
				buf = append(buf, byte(c))
			case c == ':':
				scheme := string(buf)
				if override != stNone {
					if u.special() != isSpecialScheme(scheme) {
						return true
					}
					if (u.includesCredentials() || u.port >= 0) && scheme == "file" {
						return true
					}
					if u.scheme == "file" && u.hasHost && u.host == "" {
						return true
					}
				}
				u.scheme = scheme
				if override != stNone {
					if def, _ := specialPort(u.scheme); def >= 0 && u.port == def {
						u.port = -1
					}
					return true
				}
				buf = buf[:0]
				switch {
				case u.scheme == "file":
					state = stFile
				case u.special() && base != nil && base.scheme == u.scheme:
					state = stSpecialRelativeOrAuthority
				case u.special():
					state = stSpecialAuthoritySlashes
				case remaining("/"):
					state = stPathOrAuthority
					p++
				default:
					u.opaque, u.opqPath = true, ""
					state = stOpaquePath
				}
			case override == stNone:
				buf = buf[:0]
				state = stNoScheme
				p = -1
			default:
				return false
			}

		case stNoScheme:
			switch {
			case base == nil || base.opaque && c != '#':
				return false
			case base.opaque && c == '#':
				u.scheme = base.scheme
				u.opaque, u.opqPath = true, base.opqPath
				u.query, u.hasQuery = base.query, base.hasQuery
				u.fragment, u.hasFrag = "", true
				state = stFragment
			case base.scheme != "file":
				state = stRelative
				p--
			default:
				state = stFile
				p--
			}

		case stSpecialRelativeOrAuthority:
			if c == '/' && remaining("/") {
				state = stSpecialAuthorityIgnoreSlashes
				p++
			} else {
				state = stRelative
				p--
			}

		case stPathOrAuthority:
			if c == '/' {
				state = stAuthority
			} else {
				state = stPath
				p--
			}

		case stRelative:
			u.scheme = base.scheme
			switch {
			case c == '/':
				state = stRelativeSlash
			case u.special() && c == '\\':
				state = stRelativeSlash
			default:
				u.username, u.password = base.username, base.password
				u.host, u.hasHost, u.port = base.host, base.hasHost, base.port
				u.path = base.path.clone()
				u.query, u.hasQuery = base.query, base.hasQuery
				switch {
				case c == '?':
					u.query, u.hasQuery = "", true
					state = stQuery
				case c == '#':
					u.fragment, u.hasFrag = "", true
					state = stFragment
				case c != eof:
					u.query, u.hasQuery = "", false
					u.shortenPath()
					state = stPath
					p--
				}
			}

		case stRelativeSlash:
			switch {
			case u.special() && (c == '/' || c == '\\'):
				state = stSpecialAuthorityIgnoreSlashes
			case c == '/':
				state = stAuthority
			default:
				u.username, u.password = base.username, base.password
				u.host, u.hasHost, u.port = base.host, base.hasHost, base.port
				state = stPath
				p--
			}

		case stSpecialAuthoritySlashes:
			state = stSpecialAuthorityIgnoreSlashes
			if c == '/' && remaining("/") {
				p++
			} else {
				p--
			}

		case stSpecialAuthorityIgnoreSlashes:
			if c != '/' && c != '\\' {
				state = stAuthority
				p--
			}

		case stAuthority:
			switch {
			case c == '@':
				// Each byte of the authority is appended to the credentials
				// once, whatever the number of "@"; they are set when the
				// authority ends.
				if atSignSeen {
					if passwordTokenSeen {
						pass = append(pass, "%40"...)
					} else {
						user = append(user, "%40"...)
					}
				}
				atSignSeen = true
				for _, b := range buf {
					if b == ':' && !passwordTokenSeen {
						passwordTokenSeen = true
						continue
					}
					if passwordTokenSeen {
						pass = appendEncoded(pass, b, &userinfoSet)
					} else {
						user = appendEncoded(user, b, &userinfoSet)
					}
				}
				buf = buf[:0]
			case c == eof || c == '/' || c == '?' || c == '#' || u.special() && c == '\\':
				if atSignSeen && len(buf) == 0 {
					return false
				}
				u.username, u.password = string(user), string(pass)
				p -= len(buf) + 1
				buf = buf[:0]
				state = stHost
			default:
				buf = append(buf, byte(c))
			}

		case stHost, stHostname:
			switch {
			case override != stNone && u.scheme == "file":
				p--
				state = stFileHost
			case c == ':' && !insideBrackets:
				if len(buf) == 0 {
					return false
				}
				if override == stHostname {
					return false
				}
				host, ok := parseHost(string(buf), !u.special())
				if !ok {
					return false
				}
				u.host, u.hasHost = host, true
				buf = buf[:0]
				state = stPort
			case c == eof || c == '/' || c == '?' || c == '#' || u.special() && c == '\\':
				p--
				if u.special() && len(buf) == 0 {
					return false
				}
				if override != stNone && len(buf) == 0 && (u.includesCredentials() || u.port >= 0) {
					return false
				}
				host, ok := parseHost(string(buf), !u.special())
				if !ok {
					return false
				}
				u.host, u.hasHost = host, true
				buf = buf[:0]
				state = stPathStart
				if override != stNone {
					return true
				}
			default:
				if c == '[' {
					insideBrackets = true
				} else if c == ']' {
					insideBrackets = false
				}
				buf = append(buf, byte(c))
			}

		case stPort:
			switch {
			case c != eof && isASCIIDigit(byte(c)):
				buf = append(buf, byte(c))
			case c == eof || c == '/' || c == '?' || c == '#' || u.special() && c == '\\' || override != stNone:
				if len(buf) > 0 {
					port := 0
					for _, d := range buf {
						port = port*10 + int(d-'0')
						if port > 65535 {
							return false
						}
					}
					if def, _ := specialPort(u.scheme); port == def {
						u.port = -1
					} else {
						u.port = port
					}
					buf = buf[:0]
					if override != stNone {
						return true
					}
				}
				if override != stNone {
					return false
				}
				state = stPathStart
				p--
			default:
				return false
			}

		case stFile:
			u.scheme = "file"
			u.host, u.hasHost = "", true
			switch {
			case c == '/' || c == '\\':
				state = stFileSlash
			case base != nil && base.scheme == "file":
				u.host, u.hasHost = base.host, base.hasHost
				u.path = base.path.clone()
				u.query, u.hasQuery = base.query, base.hasQuery
				switch {
				case c == '?':
					u.query, u.hasQuery = "", true
					state = stQuery
				case c == '#':
					u.fragment, u.hasFrag = "", true
					state = stFragment
				case c != eof:
					u.query, u.hasQuery = "", false
					if !startsWithWindowsDriveLetter(input[p:]) {
						u.shortenPath()
					} else {
						u.path.clear()
					}
					state = stPath
					p--
				}
			default:
				state = stPath
				p--
			}

		case stFileSlash:
			if c == '/' || c == '\\' {
				state = stFileHost
			} else {
				if base != nil && base.scheme == "file" {
					u.host, u.hasHost = base.host, base.hasHost
					if !startsWithWindowsDriveLetter(input[min(p, n):]) && base.path.len() > 0 && isWindowsDriveLetter(base.path.seg(0), true) {
						u.path.push(base.path.seg(0))
					}
				}
				state = stPath
				p--
			}

		case stFileHost:
			switch c {
			case eof, '/', '\\', '?', '#':
				p--
				switch {
				case override == stNone && isWindowsDriveLetter(string(buf), false):
					// The buffer is a drive letter: the path state takes it.
					state = stPath
				case len(buf) == 0:
					u.host, u.hasHost = "", true
					if override != stNone {
						return true
					}
					state = stPathStart
				default:
					host, ok := parseHost(string(buf), !u.special())
					if !ok {
						return false
					}
					if host == "localhost" {
						host = ""
					}
					u.host, u.hasHost = host, true
					if override != stNone {
						return true
					}
					buf = buf[:0]
					state = stPathStart
				}
			default:
				buf = append(buf, byte(c))
			}

		case stPathStart:
			switch {
			case u.special():
				state = stPath
				if c != '/' && c != '\\' {
					p--
				}
			case override == stNone && c == '?':
				u.query, u.hasQuery = "", true
				state = stQuery
			case override == stNone && c == '#':
				u.fragment, u.hasFrag = "", true
				state = stFragment
			case c != eof:
				state = stPath
				if c != '/' {
					p--
				}
			case override != stNone && !u.hasHost:
				u.path.push("")
			}

		case stPath:
			slash := c == '/' || u.special() && c == '\\'
			if c == eof || slash || override == stNone && (c == '?' || c == '#') {
				seg := unsafeString(buf)
				switch {
				case isDoubleDot(seg):
					u.shortenPath()
					if !slash {
						u.path.push("")
					}
				case isSingleDot(seg) && !slash:
					u.path.push("")
				case !isSingleDot(seg):
					if u.scheme == "file" && u.path.len() == 0 && isWindowsDriveLetter(seg, false) {
						seg = seg[:1] + ":"
					}
					u.path.push(seg)
				}
				buf = buf[:0]
				if c == '?' {
					u.query, u.hasQuery = "", true
					state = stQuery
				}
				if c == '#' {
					u.fragment, u.hasFrag = "", true
					state = stFragment
				}
			} else {
				buf = appendEncoded(buf, byte(c), &pathSet)
			}

		case stOpaquePath:
			// The whole opaque path is collected in buf.
			switch c {
			case '?':
				u.opqPath += string(buf)
				buf = buf[:0]
				u.query, u.hasQuery = "", true
				state = stQuery
			case '#':
				u.opqPath += string(buf)
				buf = buf[:0]
				u.fragment, u.hasFrag = "", true
				state = stFragment
			case eof:
				u.opqPath += string(buf)
				buf = buf[:0]
			default:
				buf = appendEncoded(buf, byte(c), &c0ControlSet)
			}

		case stQuery:
			if override == stNone && c == '#' || c == eof {
				set := &querySet
				if u.special() {
					set = &specialQuerySet
				}
				q := make([]byte, 0, len(buf))
				for _, b := range buf {
					q = appendEncoded(q, b, set)
				}
				u.query += string(q)
				buf = buf[:0]
				if c == '#' {
					u.fragment, u.hasFrag = "", true
					state = stFragment
				}
			} else {
				buf = append(buf, byte(c))
			}

		case stFragment:
			if c != eof {
				buf = appendEncoded(buf, byte(c), &fragmentSet)
			} else {
				u.fragment += string(buf)
				buf = buf[:0]
			}
		}
	}
	return true
}

// ---- hosts ----

// parseHost is the host parser; isOpaque is "not special". It returns the
// serialized host.
func parseHost(input string, isOpaque bool) (string, bool) {
	if strings.HasPrefix(input, "[") {
		if !strings.HasSuffix(input, "]") || len(input) < 2 {
			return "", false
		}
		addr, ok := parseIPv6(input[1 : len(input)-1])
		if !ok {
			return "", false
		}
		return "[" + serializeIPv6(addr) + "]", true
	}
	if isOpaque {
		return parseOpaqueHost(input)
	}
	domain := percentDecode(input)
	if !utf8.ValidString(domain) {
		domain = strings.ToValidUTF8(domain, "\uFFFD")
	}
	ascii, ok := domainToASCII(domain)
	if !ok {
		return "", false
	}
	if endsInANumber(ascii) {
		v, ok := parseIPv4(ascii)
		if !ok {
			return "", false
		}
		return serializeIPv4(v), true
	}
	return ascii, true
}

// forbiddenHost reports the forbidden host code points (all ASCII); with
// domain, the forbidden domain code points too.
func forbiddenHost(c byte, domain bool) bool {
	switch c {
	case 0, '\t', '\n', '\r', ' ', '#', '/', ':', '<', '>', '?', '@', '[', '\\', ']', '^', '|':
		return true
	}
	return domain && (c <= 0x1f || c == '%' || c == 0x7f)
}

func parseOpaqueHost(input string) (string, bool) {
	for i := 0; i < len(input); i++ {
		if forbiddenHost(input[i], false) {
			return "", false
		}
	}
	return percentEncode(input, &c0ControlSet), true
}

// whatwgIDNA is UTS #46 as "domain to ASCII" runs it: CheckHyphens false,
// CheckBidi and CheckJoiners true, UseSTD3ASCIIRules false, nontransitional,
// VerifyDnsLength false.
var whatwgIDNA = idna.New(
	idna.MapForLookup(),
	idna.BidiRule(),
	idna.Transitional(false),
	idna.CheckHyphens(false),
	idna.CheckJoiners(true),
	idna.StrictDomainName(false),
	idna.VerifyDNSLength(false),
	idna.RemoveLeadingDots(false),
)

func isASCIIString(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}

// hasACELabel: some label starts with "xn--", in any case.
func hasACELabel(s string) bool {
	for i := 0; i+4 <= len(s); i++ {
		if (i == 0 || s[i-1] == '.') && strings.EqualFold(s[i:i+4], "xn--") {
			return true
		}
	}
	return false
}

// uts46ToASCII is UTS #46's ToASCII with WHATWG's options. The mapping
// and validation are x/net/idna's (its ToUnicode); the labels left
// non-ASCII are punycode-encoded here, in O(n log n) where x/net/idna's
// encoder takes O(n × distinct code points).
func uts46ToASCII(domain string) (string, bool) {
	if isASCIIString(domain) && !hasACELabel(domain) {
		return strings.ToLower(domain), true
	}
	uni, err := whatwgIDNA.ToUnicode(domain)
	if err != nil {
		return "", false
	}
	labels := strings.Split(uni, ".")
	for i, l := range labels {
		if !isASCIIString(l) {
			enc, ok := punycodeEncode(l)
			if !ok {
				return "", false
			}
			labels[i] = "xn--" + enc
		}
	}
	return strings.Join(labels, "."), true
}

// domainToASCII is the spec's "domain to ASCII" with beStrict false.
func domainToASCII(domain string) (string, bool) {
	result, ok := uts46ToASCII(domain)
	if !ok || result == "" {
		return "", false
	}
	for i := 0; i < len(result); i++ {
		if forbiddenHost(result[i], true) {
			return "", false
		}
	}
	return result, true
}

// idnaToASCII is ada::idna::to_ascii, which the legacy url.parse uses: UTS
// #46 alone, "" when it fails.
func idnaToASCII(domain string) string {
	s, _ := uts46ToASCII(domain)
	return s
}

// domainToUnicode is ada::idna::to_unicode: each "xn--" label decoded when
// it is valid punycode, kept as it is otherwise.
func domainToUnicode(domain string) string {
	if !hasACELabel(domain) {
		return domain
	}
	labels := strings.Split(domain, ".")
	for i, l := range labels {
		if len(l) >= 4 && strings.EqualFold(l[:4], "xn--") && isASCIIString(l) {
			if u, err := idna.Punycode.ToUnicode(strings.ToLower(l)); err == nil {
				labels[i] = u
			}
		}
	}
	return strings.Join(labels, ".")
}

// endsInANumber: the last label (ignoring one trailing empty one) is all
// digits, or "0x" and hex digits.
func endsInANumber(s string) bool {
	// The last label, found from the end: a host of millions of dots is
	// not split.
	end := len(s)
	if end > 0 && s[end-1] == '.' {
		if strings.IndexByte(s[:end-1], '.') < 0 && end == 1 {
			return false
		}
		end--
	}
	last := s[strings.LastIndexByte(s[:end], '.')+1 : end]
	if last != "" {
		digits := true
		for i := 0; i < len(last); i++ {
			if !isASCIIDigit(last[i]) {
				digits = false
				break
			}
		}
		if digits {
			return true
		}
	}
	if len(last) >= 2 && last[0] == '0' && last[1]|0x20 == 'x' {
		for i := 2; i < len(last); i++ {
			if !isHexByte(last[i]) {
				return false
			}
		}
		return true
	}
	return false
}

// parseIPv4Number returns the number (saturated past 2^32, which is
// failure at any position) or false.
func parseIPv4Number(s string) (uint64, bool) {
	if s == "" {
		return 0, false
	}
	radix := uint64(10)
	switch {
	case len(s) >= 2 && s[0] == '0' && s[1]|0x20 == 'x':
		radix, s = 16, s[2:]
	case len(s) >= 2 && s[0] == '0':
		radix, s = 8, s[1:]
	}
	var v uint64
	for i := 0; i < len(s); i++ {
		c := s[i]
		var d uint64
		switch {
		case isASCIIDigit(c):
			d = uint64(c - '0')
		case radix == 16 && isHexByte(c):
			d = uint64(c|0x20-'a') + 10
		default:
			return 0, false
		}
		if d >= radix {
			return 0, false
		}
		if v <= 1<<33 {
			v = v*radix + d
		}
	}
	return v, true
}

func parseIPv4(s string) (uint32, bool) {
	if strings.Count(s, ".") > 4 {
		return 0, false // more than four parts, even without a trailing dot
	}
	parts := strings.Split(s, ".")
	if parts[len(parts)-1] == "" && len(parts) > 1 {
		parts = parts[:len(parts)-1]
	}
	if len(parts) > 4 {
		return 0, false
	}
	nums := make([]uint64, len(parts))
	for i, part := range parts {
		v, ok := parseIPv4Number(part)
		if !ok {
			return 0, false
		}
		nums[i] = v
	}
	for _, v := range nums[:len(nums)-1] {
		if v > 255 {
			return 0, false
		}
	}
	last := nums[len(nums)-1]
	if last >= uint64(1)<<(8*(5-len(nums))) {
		return 0, false
	}
	ip := last
	for i, v := range nums[:len(nums)-1] {
		ip += v << (8 * (3 - i))
	}
	return uint32(ip), true
}

func serializeIPv4(v uint32) string {
	return strconv.Itoa(int(v>>24)) + "." + strconv.Itoa(int(v>>16&255)) + "." + strconv.Itoa(int(v>>8&255)) + "." + strconv.Itoa(int(v&255))
}

func parseIPv6(s string) ([8]uint16, bool) {
	var addr [8]uint16
	piece, compress := 0, -1
	p := 0
	n := len(s)
	at := func(i int) int {
		if i < n {
			return int(s[i])
		}
		return -1
	}
	if at(p) == ':' {
		if at(p+1) != ':' {
			return addr, false
		}
		p += 2
		piece++
		compress = piece
	}
	for at(p) != -1 {
		if piece == 8 {
			return addr, false
		}
		if at(p) == ':' {
			if compress != -1 {
				return addr, false
			}
			p++
			piece++
			compress = piece
			continue
		}
		value, length := 0, 0
		for length < 4 && at(p) != -1 && isHexByte(byte(at(p))) {
			value = value*16 + int(unhex(byte(at(p))))
			p++
			length++
		}
		if at(p) == '.' {
			if length == 0 {
				return addr, false
			}
			p -= length
			if piece > 6 {
				return addr, false
			}
			numbersSeen := 0
			for at(p) != -1 {
				v := -1
				if numbersSeen > 0 {
					if at(p) == '.' && numbersSeen < 4 {
						p++
					} else {
						return addr, false
					}
				}
				if at(p) == -1 || !isASCIIDigit(byte(at(p))) {
					return addr, false
				}
				for at(p) != -1 && isASCIIDigit(byte(at(p))) {
					d := at(p) - '0'
					switch {
					case v == -1:
						v = d
					case v == 0:
						return addr, false
					default:
						v = v*10 + d
					}
					if v > 255 {
						return addr, false
					}
					p++
				}
				addr[piece] = addr[piece]*0x100 + uint16(v)
				numbersSeen++
				if numbersSeen == 2 || numbersSeen == 4 {
					piece++
				}
			}
			if numbersSeen != 4 {
				return addr, false
			}
			break
		} else if at(p) == ':' {
			p++
			if at(p) == -1 {
				return addr, false
			}
		} else if at(p) != -1 {
			return addr, false
		}
		addr[piece] = uint16(value)
		piece++
	}
	if compress != -1 {
		swaps := piece - compress
		piece = 7
		for piece != 0 && swaps > 0 {
			addr[piece], addr[compress+swaps-1] = addr[compress+swaps-1], addr[piece]
			piece--
			swaps--
		}
	} else if piece != 8 {
		return addr, false
	}
	return addr, true
}

func serializeIPv6(addr [8]uint16) string {
	// The first longest run of two or more zero pieces is compressed.
	best, bestLen := -1, 1
	for i := 0; i < 8; {
		if addr[i] != 0 {
			i++
			continue
		}
		j := i
		for j < 8 && addr[j] == 0 {
			j++
		}
		if j-i > bestLen {
			best, bestLen = i, j-i
		}
		i = j
	}
	var b strings.Builder
	ignore0 := false
	for i := 0; i < 8; i++ {
		if ignore0 && addr[i] == 0 {
			continue
		}
		ignore0 = false
		if i == best {
			if i == 0 {
				b.WriteString("::")
			} else {
				b.WriteString(":")
			}
			ignore0 = true
			continue
		}
		b.WriteString(strconv.FormatUint(uint64(addr[i]), 16))
		if i != 7 {
			b.WriteByte(':')
		}
	}
	return b.String()
}

// ---- punycode ----

const (
	punyBase        = 36
	punyTMin        = 1
	punyTMax        = 26
	punySkew        = 38
	punyDamp        = 700
	punyInitialBias = 72
	punyInitialN    = 128
)

func punyAdapt(delta, numPoints int64, first bool) int64 {
	if first {
		delta /= punyDamp
	} else {
		delta /= 2
	}
	delta += delta / numPoints
	k := int64(0)
	for delta > ((punyBase-punyTMin)*punyTMax)/2 {
		delta /= punyBase - punyTMin
		k += punyBase
	}
	return k + (punyBase-punyTMin+1)*delta/(delta+punySkew)
}

func punyDigit(d int64) byte {
	if d < 26 {
		return byte('a' + d)
	}
	return byte('0' + d - 26)
}

// punycodeEncode is RFC 3492's encoder with x/net/idna's int32 overflow
// checks. The reference algorithm scans the whole label once per distinct
// code point; here the count of smaller code points between two positions
// comes from a Fenwick tree, so a label of n code points costs O(n log n).
func punycodeEncode(s string) (string, bool) {
	cps := []rune(s)
	n := len(cps)
	out := make([]byte, 0, len(s)+8)
	basic := 0
	for _, r := range cps {
		if r < 0x80 {
			out = append(out, byte(r))
			basic++
		}
	}
	if basic > 0 {
		out = append(out, '-')
	}
	// Positions of the non-basic code points, by value then position.
	order := make([]int, 0, n-basic)
	for i, r := range cps {
		if r >= 0x80 {
			order = append(order, i)
		}
	}
	sortByRuneThenPos(order, cps)
	tree := make([]int32, n+1) // Fenwick tree of "value already handled"
	add := func(i int) {
		for i++; i <= n; i += i & -i {
			tree[i]++
		}
	}
	prefix := func(i int) int64 { // handled positions in [0, i)
		var s int64
		for ; i > 0; i -= i & -i {
			s += int64(tree[i])
		}
		return s
	}
	for i, r := range cps {
		if r < 0x80 {
			add(i)
		}
	}
	const maxInt32 = math.MaxInt32
	delta, cur, bias := int64(0), int64(punyInitialN), int64(punyInitialBias)
	h := int64(basic)
	for k := 0; k < len(order); {
		m := int64(cps[order[k]])
		j := k
		for j < len(order) && int64(cps[order[j]]) == m {
			j++
		}
		if (m-cur)*(h+1) > maxInt32-delta {
			return "", false
		}
		delta += (m - cur) * (h + 1)
		cur = m
		prev := 0 // the scan resumes after the last emitted position
		for _, pos := range order[k:j] {
			delta += prefix(pos) - prefix(prev)
			if delta > maxInt32 {
				return "", false
			}
			q := delta
			for kk := int64(punyBase); ; kk += punyBase {
				t := kk - bias
				if kk <= bias {
					t = punyTMin
				} else if kk >= bias+punyTMax {
					t = punyTMax
				}
				if q < t {
					break
				}
				out = append(out, punyDigit(t+(q-t)%(punyBase-t)))
				q = (q - t) / (punyBase - t)
			}
			out = append(out, punyDigit(q))
			bias = punyAdapt(delta, h+1, h == int64(basic))
			delta = 0
			h++
			prev = pos + 1
		}
		delta += prefix(n) - prefix(prev)
		if delta > maxInt32 {
			return "", false
		}
		for _, pos := range order[k:j] {
			add(pos)
		}
		delta++
		cur++
		k = j
	}
	return string(out), true
}

// sortByRuneThenPos sorts positions by their code point; positions are
// already ascending, so a stable sort by value keeps them in order.
func sortByRuneThenPos(order []int, cps []rune) {
	slices.SortStableFunc(order, func(a, b int) int { return int(cps[a]) - int(cps[b]) })
}

// ---- serializing ----

// urlComponents are the offsets Node's URL class reads its getters from
// (ada's url_aggregator): the ends of the protocol and username, where the
// host starts (at "@" when there are credentials) and ends, the port, and
// where the pathname, search and hash start; absent values are
// math.MaxUint32. schemeType is ada's: http 0, not special 1, https 2,
// ws 3, ftp 4, wss 5, file 6.
type urlComponents struct {
	protocolEnd, usernameEnd, hostStart, hostEnd uint32
	port                                         uint32
	pathnameStart, searchStart, hashStart        uint32
	schemeType                                   uint32
}

const urlOmitted = math.MaxUint32

func schemeType(s string) uint32 {
	switch s {
	case "http":
		return 0
	case "https":
		return 2
	case "ws":
		return 3
	case "ftp":
		return 4
	case "wss":
		return 5
	case "file":
		return 6
	}
	return 1
}

func (u *urlRecord) pathString() string {
	if u.opaque {
		return u.opqPath
	}
	var b strings.Builder
	b.Grow(len(u.path.buf) + u.path.len())
	start := 0
	for _, end := range u.path.ends {
		b.WriteByte('/')
		b.Write(u.path.buf[start:end])
		start = int(end)
	}
	return b.String()
}

// serialize is the URL serializer, with the component offsets.
func (u *urlRecord) serialize(excludeFragment bool) (string, urlComponents) {
	var b strings.Builder
	var c urlComponents
	b.WriteString(u.scheme)
	b.WriteByte(':')
	c.protocolEnd = uint32(b.Len())
	c.port = urlOmitted
	if u.hasHost {
		b.WriteString("//")
		c.usernameEnd = uint32(b.Len())
		if u.includesCredentials() {
			b.WriteString(u.username)
			c.usernameEnd = uint32(b.Len())
			if u.password != "" {
				b.WriteByte(':')
				b.WriteString(u.password)
			}
			c.hostStart = uint32(b.Len())
			b.WriteByte('@')
		} else {
			c.hostStart = uint32(b.Len())
		}
		b.WriteString(u.host)
		c.hostEnd = uint32(b.Len())
		if u.port >= 0 {
			b.WriteByte(':')
			b.WriteString(strconv.Itoa(u.port))
			c.port = uint32(u.port)
		}
	} else {
		c.usernameEnd, c.hostStart, c.hostEnd = c.protocolEnd, c.protocolEnd, c.protocolEnd
		if !u.opaque && u.path.len() > 1 && u.path.seg(0) == "" {
			b.WriteString("/.")
		}
	}
	c.pathnameStart = uint32(b.Len())
	b.WriteString(u.pathString())
	c.searchStart, c.hashStart = urlOmitted, urlOmitted
	if u.hasQuery {
		c.searchStart = uint32(b.Len())
		b.WriteByte('?')
		b.WriteString(u.query)
	}
	if u.hasFrag && !excludeFragment {
		c.hashStart = uint32(b.Len())
		b.WriteByte('#')
		b.WriteString(u.fragment)
	}
	c.schemeType = schemeType(u.scheme)
	return b.String(), c
}

// ---- setters ----

// Node's update actions (internal/url.js updateActions).
const (
	urlSetProtocol = iota
	urlSetHost
	urlSetHostname
	urlSetPort
	urlSetUsername
	urlSetPassword
	urlSetPathname
	urlSetSearch
	urlSetHash
	urlSetHref
)

// set runs the URL Standard's setter for action on a copy of u and
// returns it, and whether the parser succeeded. The setters run the parser
// on the URL itself, so what it changed before failing stays changed
// ("example.com:65536" sets the host but not the port); only href fails as
// a whole (nil).
func (u *urlRecord) set(action int, value string) (*urlRecord, bool) {
	if action == urlSetHref {
		return parseURL(value, nil)
	}
	v := u.clone()
	ok := true
	switch action {
	case urlSetProtocol:
		ok = v.parse(value+":", nil, stSchemeStart)
	case urlSetUsername, urlSetPassword:
		if v.cannotHaveCredentialsOrPort() {
			break
		}
		if action == urlSetUsername {
			v.username = percentEncode(value, &userinfoSet)
		} else {
			v.password = percentEncode(value, &userinfoSet)
		}
	case urlSetHost, urlSetHostname:
		if v.opaque {
			break
		}
		st := stHost
		if action == urlSetHostname {
			st = stHostname
		}
		ok = v.parse(value, nil, st)
	case urlSetPort:
		switch {
		case v.cannotHaveCredentialsOrPort():
		case value == "":
			v.port = -1
		default:
			ok = v.parse(value, nil, stPort)
		}
	case urlSetPathname:
		if v.opaque {
			break
		}
		v.path.clear()
		ok = v.parse(value, nil, stPathStart)
	case urlSetSearch:
		if value == "" {
			v.query, v.hasQuery = "", false
			v.stripOpaqueTrailingSpaces()
			break
		}
		v.query, v.hasQuery = "", true
		ok = v.parse(strings.TrimPrefix(value, "?"), nil, stQuery)
	case urlSetHash:
		if value == "" {
			v.fragment, v.hasFrag = "", false
			v.stripOpaqueTrailingSpaces()
			break
		}
		v.fragment, v.hasFrag = "", true
		ok = v.parse(strings.TrimPrefix(value, "#"), nil, stFragment)
	default:
		return nil, false
	}
	return v, ok
}

// stripOpaqueTrailingSpaces: an opaque path left without a query or a
// fragment after it loses its trailing spaces.
func (u *urlRecord) stripOpaqueTrailingSpaces() {
	if u.opaque && !u.hasFrag && !u.hasQuery {
		u.opqPath = strings.TrimRight(u.opqPath, " ")
	}
}
