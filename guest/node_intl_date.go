package guest

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Intl.DateTimeFormat's Go side: which pattern a set of options asks for
// (read from the data's tables, which hold what ICU's pattern generator
// chose for every combination of component options), and writing a time
// with it.

// dtToken is one piece of a date pattern: literal text, or a field with
// the way it is written.
type dtToken struct {
	lit   string
	field byte   // y M d E G a h H K k m s S z, D and T for a glue's parts
	width int    // 1 or 2 for numbers
	names int    // index of a names list, -1 for numbers
	era   string // the era's width for G
}

// parseDTPattern reads the data's pattern notation: {y} {yy} {M} {MM}
// {M@3} {d} {E@4} {G:short} {a@6} {h} {HH} {mm} {S} {z}; text outside
// braces is literal, {{ and }} stand for braces.
func parseDTPattern(p string) []dtToken {
	var out []dtToken
	var lit strings.Builder
	flush := func() {
		if lit.Len() > 0 {
			out = append(out, dtToken{lit: lit.String(), names: -1})
			lit.Reset()
		}
	}
	for i := 0; i < len(p); i++ {
		c := p[i]
		if (c == '{' || c == '}') && i+1 < len(p) && p[i+1] == c {
			lit.WriteByte(c)
			i++
			continue
		}
		if c != '{' {
			lit.WriteByte(c)
			continue
		}
		end := strings.IndexByte(p[i:], '}')
		if end < 0 {
			lit.WriteString(p[i:])
			break
		}
		spec := p[i+1 : i+end]
		i += end
		flush()
		t := dtToken{field: spec[0], width: 1, names: -1}
		switch {
		case strings.Contains(spec, "@"):
			t.names, _ = strconv.Atoi(spec[strings.IndexByte(spec, '@')+1:])
			t.width = 0
		case strings.HasPrefix(spec, "G:"):
			t.era = spec[2:]
		default:
			t.width = len(spec)
		}
		out = append(out, t)
	}
	flush()
	return out
}

// dtOptions are a DateTimeFormat's options as the JavaScript side read
// them; empty strings are options not given.
type dtOptions struct {
	Weekday, Era, Year, Month, Day           string
	Hour, Minute, Second                     string
	FractionalSecondDigits                   int
	TimeZoneName                             string
	Hour12                                   string // "", "true", "false"
	HourCycle                                string // h11 h12 h23 h24
	DateStyle, TimeStyle                     string
	TimeZone                                 string
	location                                 *time.Location
	zoneKey                                  string // the zone's name in the data's zone tables
	pattern                                  []dtToken
	names                                    [][]string
	hourCycle                                string
	eras                                     map[string][2]string
	loc                                      *intlLocale
	resolvedWeekday, resolvedEra, resolvedTZ string
}

func dtIndex(v string, of ...string) int {
	for i, x := range of {
		if x == v {
			return i
		}
	}
	return 0
}

// dtPattern picks the pattern for o from l's tables.
func dtPattern(l *intlLocale, o *dtOptions) ([]dtToken, error) {
	d := &l.Dates
	hc := o.Hour12
	switch {
	case hc != "":
	case o.HourCycle == "h11" || o.HourCycle == "h12":
		hc = "true"
	case o.HourCycle == "h23" || o.HourCycle == "h24":
		hc = "false"
	}
	if o.DateStyle != "" || o.TimeStyle != "" {
		h := hc
		if o.TimeStyle == "" {
			h = ""
		}
		id, ok := d.Styles[o.DateStyle+"/"+o.TimeStyle+"/"+h]
		if !ok {
			return nil, fmt.Errorf("no pattern for dateStyle %q timeStyle %q", o.DateStyle, o.TimeStyle)
		}
		return l.patterns[id], nil
	}
	w := []string{"", "narrow", "short", "long"}
	n := []string{"", "numeric", "2-digit"}
	di := (((dtIndex(o.Weekday, w...)*4+dtIndex(o.Era, w...))*3+dtIndex(o.Year, n...))*6+
		dtIndex(o.Month, "", "numeric", "2-digit", "narrow", "short", "long"))*3 + dtIndex(o.Day, n...)
	fsd := 0
	if o.FractionalSecondDigits > 0 {
		fsd = 1
	}
	if o.Hour == "" && o.Minute == "" && o.Second == "" && fsd == 0 {
		hc = "" // the tables key a lone zone name without an hour cycle
	}
	ti := ((((dtIndex(o.Hour, n...)*3+dtIndex(o.Minute, n...))*3+dtIndex(o.Second, n...))*2+fsd)*3+
		dtIndex(hc, "", "true", "false"))*7 + dtIndex(o.TimeZoneName, "", "short", "long", "shortOffset", "longOffset", "shortGeneric", "longGeneric")
	dp, tp := d.Date[di], d.Time[ti]
	except := func(ti int) (string, bool) {
		e, ok := d.Except[strconv.Itoa(di)+","+strconv.Itoa(ti)]
		return e, ok
	}
	if e, ok := except(ti); ok && e[0] == 'p' {
		k, _ := strconv.Atoi(e[1:])
		return l.patterns[k], nil
	}
	switch {
	case dp < 0 && tp < 0:
		return nil, fmt.Errorf("no fields")
	case tp < 0:
		return l.patterns[dp], nil
	case dp < 0:
		return l.patterns[tp], nil
	}
	glue := d.Glue[di]
	e, ok := except(ti)
	if !ok && fsd == 1 {
		// Joins were read on time keys without fractional seconds.
		if e, ok = except(ti - 3*7); ok && e[0] != 'g' {
			ok = false
		}
	}
	if ok {
		glue, _ = strconv.Atoi(e[1:])
	}
	var out []dtToken
	for _, t := range l.glues[glue] {
		switch t.field {
		case 'D':
			out = append(out, l.patterns[dp]...)
		case 'T':
			out = append(out, l.patterns[tp]...)
		default:
			out = append(out, t)
		}
	}
	return out, nil
}

// applyHourCycle rewrites the hour fields of p for an explicit hourCycle
// (h11 K, h12 h, h23 H, h24 k), which the tables key only as 12 or 24
// hours.
func applyHourCycle(p []dtToken, hc string) []dtToken {
	var c byte
	switch hc {
	case "h11":
		c = 'K'
	case "h12":
		c = 'h'
	case "h23":
		c = 'H'
	case "h24":
		c = 'k'
	default:
		return p
	}
	out := make([]dtToken, len(p))
	for i, t := range p {
		if t.field == 'h' || t.field == 'H' || t.field == 'K' || t.field == 'k' {
			t.field = c
		}
		out[i] = t
	}
	return out
}

// patternHourCycle is the hour cycle a pattern writes, "" if it has no
// hour.
func patternHourCycle(p []dtToken) string {
	for _, t := range p {
		switch t.field {
		case 'h':
			return "h12"
		case 'H':
			return "h23"
		case 'K':
			return "h11"
		case 'k':
			return "h24"
		}
	}
	return ""
}

type intlPart struct{ typ, val string }

// formatDate writes t (already in the format's zone) with o's pattern.
func (o *dtOptions) formatDate(t time.Time) []intlPart {
	l := o.loc
	parts := make([]intlPart, 0, len(o.pattern))
	num := func(v, w int) string {
		s := strconv.Itoa(v)
		if w == 2 {
			if len(s) < 2 {
				s = "0" + s
			} else if len(s) > 2 {
				s = s[len(s)-2:]
			}
		}
		return s
	}
	year := t.Year()
	eraIdx := 1
	if year <= 0 {
		eraIdx = 0
		year = 1 - year
	}
	for _, tk := range o.pattern {
		if tk.field == 0 {
			// A date and a time part joined leave literals side by side;
			// ICU's parts have them as one.
			parts = appendLiteral(parts, tk.lit)
			continue
		}
		switch tk.field {
		case 'y':
			parts = append(parts, intlPart{"year", num(year, tk.width)})
		case 'M':
			if tk.names >= 0 {
				parts = append(parts, intlPart{"month", l.Dates.Names[tk.names][t.Month()-1]})
			} else {
				parts = append(parts, intlPart{"month", num(int(t.Month()), tk.width)})
			}
		case 'd':
			parts = append(parts, intlPart{"day", num(t.Day(), tk.width)})
		case 'E':
			parts = append(parts, intlPart{"weekday", l.Dates.Names[tk.names][t.Weekday()]})
		case 'G':
			w := tk.era
			if o.Era != "" {
				w = o.Era
			}
			parts = append(parts, intlPart{"era", l.Dates.Eras[w][eraIdx]})
		case 'a':
			i := 0
			if t.Hour() >= 12 {
				i = 1
			}
			parts = append(parts, intlPart{"dayPeriod", l.Dates.Names[tk.names][i]})
		case 'h':
			parts = append(parts, intlPart{"hour", num((t.Hour()+11)%12+1, tk.width)})
		case 'K':
			parts = append(parts, intlPart{"hour", num(t.Hour()%12, tk.width)})
		case 'H':
			parts = append(parts, intlPart{"hour", num(t.Hour(), tk.width)})
		case 'k':
			h := t.Hour()
			if h == 0 {
				h = 24
			}
			parts = append(parts, intlPart{"hour", num(h, tk.width)})
		case 'm':
			parts = append(parts, intlPart{"minute", num(t.Minute(), tk.width)})
		case 's':
			parts = append(parts, intlPart{"second", num(t.Second(), tk.width)})
		case 'S':
			n := o.FractionalSecondDigits
			if n == 0 {
				n = 3
			}
			ms := fmt.Sprintf("%03d", t.Nanosecond()/1e6)
			parts = append(parts, intlPart{"fractionalSecond", ms[:n]})
		case 'z':
			parts = append(parts, intlPart{"timeZoneName", o.zoneName(t)})
		}
	}
	return parts
}

// zoneName is t's zone as o's timeZoneName (or timeStyle) asks: the data's
// name where it has one, else the locale's GMT offset format.
func (o *dtOptions) zoneName(t time.Time) string {
	kind := o.TimeZoneName
	switch {
	case kind != "":
	case o.TimeStyle == "full":
		kind = "long"
	default:
		kind = "short"
	}
	z := &o.loc.Zones
	dst := 0
	if t.IsDST() {
		dst = 1
	}
	if data, err := intlLocaleData(); err == nil {
		_, off := t.Zone()
		// Specific names hold while the zone has their offsets (not in its
		// local mean time before 1900, say); generic names hold always.
		if zi, ok := data.zoneIndex[o.zoneKey]; ok && (strings.HasSuffix(kind, "Generic") || off == data.ZoneOffsets[zi][0]*60 || off == data.ZoneOffsets[zi][1]*60) {
			v := ""
			g := z.Groups[data.ZoneGroup[zi]]
			switch kind {
			case "short":
				v = g[dst]
			case "long":
				v = g[2+dst]
			case "longGeneric":
				v = g[4+dst]
			case "shortGeneric":
				v = z.ShortGeneric[zi]
			}
			if v != "" {
				return v
			}
		}
	}
	_, off := t.Zone()
	long := kind == "long" || kind == "longOffset" || kind == "longGeneric"
	return z.offsetName(off, long)
}

// offsetName writes an offset in the locale's GMT format: GMT+1, GMT+5:30
// short; GMT+01:00 long; the data's zero form for 0. The locale's prefix
// and minus sign are read from its examples.
func (z *intlZones) offsetName(off int, long bool) string {
	li := 0
	if long {
		li = 1
	}
	if off == 0 {
		return z.Offsets["gmt"][li]
	}
	// The positive example is +5:30 or +05:30: everything before the 5 or
	// 05 is the prefix and sign.
	pos := z.Offsets["pos"][li]
	neg := z.Offsets["neg"][li]
	prefixPos := pos[:strings.IndexAny(pos, "0123456789")]
	prefixNeg := neg[:strings.IndexAny(neg, "0123456789")]
	prefix := prefixPos
	a := off
	if off < 0 {
		prefix = prefixNeg
		a = -off
	}
	h, m, sec := a/3600, a%3600/60, a%60
	secs := ""
	if sec != 0 {
		// Local mean time, before zones had round offsets.
		secs = fmt.Sprintf(":%02d", sec)
	}
	if long {
		return fmt.Sprintf("%s%02d:%02d%s", prefix, h, m, secs)
	}
	if m != 0 || sec != 0 {
		return fmt.Sprintf("%s%d:%02d%s", prefix, h, m, secs)
	}
	return fmt.Sprintf("%s%d", prefix, h)
}
