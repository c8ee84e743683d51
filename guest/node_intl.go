package guest

import (
	"fmt"
	"math"
	"math/big"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode"
	"unicode/utf8"

	_ "time/tzdata" // zones for timeZone and TZ where the host has no zoneinfo (alpine, a sandboxed root)

	"github.com/dop251/goja"
	"github.com/rivo/uniseg"
	"golang.org/x/text/collate"
	"golang.org/x/text/feature/plural"
	"golang.org/x/text/language"
)

// The guest's Intl: the classes are JavaScript (js_intl.go), built on
// first touch of Intl or of a locale method (Number, BigInt and Date
// toLocaleString and friends, String localeCompare, Date toString); what
// they format with is here and in node_intl_number.go and
// node_intl_date.go, over the data in intl_data.json (Node 20's ICU for
// en-US, en-GB, de-DE, fr-FR, es-ES, ja-JP and zh-CN), golang.org/x/text
// (plural rules, collation, language tags, currency digits) and
// github.com/rivo/uniseg (text segmentation).

// intlLocales maps the tags the guest has data for to their data.
var intlLocales = map[string]string{
	"en": "en-US", "en-US": "en-US", "en-GB": "en-GB",
	"de": "de-DE", "de-DE": "de-DE",
	"fr": "fr-FR", "fr-FR": "fr-FR",
	"es": "es-ES", "es-ES": "es-ES",
	"ja": "ja-JP", "ja-JP": "ja-JP",
	"zh": "zh-CN", "zh-CN": "zh-CN", "zh-Hans": "zh-CN", "zh-Hans-CN": "zh-CN",
}

// intlDefaultLocale is the locale when none is asked for: Node's with LANG
// unset or C.UTF-8.
const intlDefaultLocale = "en-US"

// intlState is one runtime's Intl: its library object and its collators.
type intlState struct {
	lib        *goja.Object
	collators  map[string]*intlCollator
	defaultNF  *nfOptions    // for toLocaleString()
	defaultCol *intlCollator // for localeCompare(s)
}

// intlProgram compiles js_intl.go's source once per process.
var intlProgram = sync.OnceValues(func() (*goja.Program, error) {
	return goja.Compile("node:intl", jsIntl, true)
})

// intlLib runs the Intl library in this runtime once and returns its
// exports (Intl itself and the helpers the prototype methods call).
func (js *jsState) intlLib() *goja.Object {
	if js.intl != nil && js.intl.lib != nil {
		return js.intl.lib
	}
	if _, err := intlLocaleData(); err != nil {
		panic(js.newErrorf("Intl: %v", err))
	}
	prg, err := intlProgram()
	if err != nil {
		panic(js.newErrorf("Intl: %v", err))
	}
	rt := js.rt
	js.intlState()
	fn, err := rt.RunProgram(prg)
	if err != nil {
		panic(err)
	}
	call, _ := goja.AssertFunction(fn)
	v, err := call(goja.Undefined(), js.intlBinding())
	if err != nil {
		panic(err)
	}
	js.intl.lib = v.ToObject(rt)
	return js.intl.lib
}

// intlGlobal is the lazy global Intl.
func intlGlobal(js *jsState) goja.Value { return js.intlLib().Get("Intl") }

// intlHelpers are the Intl library's helpers behind goja's locale
// methods.
var intlHelpers = map[string]string{
	"Number.prototype.toLocaleString":   "numberToLocaleString",
	"BigInt.prototype.toLocaleString":   "bigintToLocaleString",
	"String.prototype.localeCompare":    "localeCompare",
	"Date.prototype.toLocaleString":     "dateToLocaleString",
	"Date.prototype.toLocaleDateString": "dateToLocaleDateString",
	"Date.prototype.toLocaleTimeString": "dateToLocaleTimeString",
}

// localeMethod implements goja's locale methods (its SetLocaleHook patch):
// through Intl, and Date's toString and toTimeString in Node's form. The
// Intl library is built on the first call of any of them.
func (js *jsState) localeMethod(method string, c goja.FunctionCall) goja.Value {
	noArgs := goja.IsUndefined(c.Argument(0)) && goja.IsUndefined(c.Argument(1))
	switch method {
	case "Date.prototype.toString":
		return js.dateString(c.This, true)
	case "Date.prototype.toTimeString":
		return js.dateString(c.This, false)
	case "Number.prototype.toLocaleString":
		// The default format on a primitive, the common case in loops,
		// skips the JavaScript side.
		if _, isObj := c.This.(*goja.Object); !isObj && noArgs {
			switch x := c.This.Export().(type) {
			case int64:
				return js.partsValue(js.defaultNumberFormat().formatNumber(decFromFloat(float64(x))), false, "")
			case float64:
				return js.partsValue(js.defaultNumberFormat().formatNumber(decFromFloat(x)), false, "")
			}
		}
	case "String.prototype.localeCompare":
		// So does a compare with the default collator (sorts call it
		// once per comparison).
		if goja.IsUndefined(c.Argument(1)) && goja.IsUndefined(c.Argument(2)) && !goja.IsUndefined(c.This) && !goja.IsNull(c.This) {
			a, b := c.This.String(), c.Argument(0).String()
			if len(a)+len(b) < intlBigInput {
				return js.rt.ToValue(js.defaultCollator().compare(a, b))
			}
		}
	}
	f, _ := goja.AssertFunction(js.intlLib().Get(intlHelpers[method]))
	v, err := f(goja.Undefined(), c.This, c.Argument(0), c.Argument(1), c.Argument(2))
	if err != nil {
		panic(err)
	}
	return v
}

// defaultNumberFormat is new Intl.NumberFormat()'s Go side.
func (js *jsState) defaultNumberFormat() *nfOptions {
	st := js.intlState()
	if st.defaultNF == nil {
		st.defaultNF = &nfOptions{loc: intlLocaleOf(intlDefaultLocale), Style: "decimal", Notation: "standard",
			SignDisplay: "auto", UseGrouping: "auto", RoundingMode: "halfExpand", TrailingZeroDisplay: "auto",
			RoundingType: "fraction", MinInt: 1, MaxFrac: 3, CurrencyDisplay: "symbol"}
	}
	return st.defaultNF
}

// defaultCollator is new Intl.Collator()'s Go side.
func (js *jsState) defaultCollator() *intlCollator {
	st := js.intlState()
	if st.defaultCol == nil {
		st.defaultCol = &intlCollator{c: collate.New(language.Make(intlDefaultLocale)), caseFirst: "false"}
	}
	return st.defaultCol
}

func (js *jsState) intlState() *intlState {
	if js.intl == nil {
		js.intl = &intlState{collators: make(map[string]*intlCollator)}
	}
	return js.intl
}

// dateString writes a Date as V8's toString does: "Tue Dec 01 2026
// 10:00:00 GMT+0000 (Coordinated Universal Time)", the zone's long English
// name in parentheses.
func (js *jsState) dateString(this goja.Value, date bool) goja.Value {
	o, ok := this.(*goja.Object)
	if !ok || o.ClassName() != "Date" {
		panic(js.rt.NewTypeError("this is not a Date object."))
	}
	t, ok := o.Export().(time.Time)
	if !ok {
		return js.rt.ToValue("Invalid Date")
	}
	loc, name := js.localZone()
	t = t.In(loc)
	var b strings.Builder
	if date {
		y := t.Year()
		ys := fmt.Sprintf("%04d", y)
		if y < 0 {
			ys = fmt.Sprintf("-%06d", -y)
		}
		b.WriteString(t.Format("Mon Jan 02 ") + ys + " ")
	}
	_, off := t.Zone()
	sign := '+'
	if off < 0 {
		sign, off = '-', -off
	}
	fmt.Fprintf(&b, "%s GMT%c%02d%02d (%s)", t.Format("15:04:05"), sign, off/3600, off%3600/60, zoneLongName(name, t))
	return js.rt.ToValue(b.String())
}

// zoneLongName is the zone's long English name, as V8 puts it in
// Date.prototype.toString.
func zoneLongName(zone string, t time.Time) string {
	data, err := intlLocaleData()
	if err != nil {
		return zone
	}
	o := &dtOptions{TimeZoneName: "long", zoneKey: zone, loc: data.locale("en-US")}
	return o.zoneName(t)
}

// localZone is the guest's local time zone, the one goja's Date methods
// use (SetTimeZone in newRuntime), and its IANA name.
func (js *jsState) localZone() (*time.Location, string) {
	if js.zone == nil {
		js.zone, js.zoneName = guestZone(js.n.v.cfg.Env["TZ"])
	}
	return js.zone, js.zoneName
}

// guestZone is the zone a job's TZ names, UTC when it names none Go
// knows: never the host's.
func guestZone(tz string) (*time.Location, string) {
	name := canonicalZone(strings.TrimPrefix(tz, ":"))
	if name == "" || name == "UTC" || filepath.IsAbs(name) || strings.Contains(name, "..") {
		return time.UTC, "UTC"
	}
	loc, err := time.LoadLocation(name)
	if err != nil {
		return time.UTC, "UTC"
	}
	return loc, name
}

// canonicalZone is V8's name for a zone: ICU's canonical name (the UTC
// aliases are UTC, Asia/Kolkata is Asia/Calcutta), found without regard to
// case; a name the data lacks is returned as given.
func canonicalZone(name string) string {
	data, err := intlLocaleData()
	if err != nil {
		return name
	}
	if _, ok := data.zoneIndex[name]; ok {
		return name
	}
	if z, ok := data.ZoneAliases[name]; ok {
		return z
	}
	if z, ok := data.zoneFold[strings.ToLower(name)]; ok {
		return z
	}
	return name
}

// ---- the binding: what the JavaScript side asks of Go ----

func (js *jsState) intlBinding() *goja.Object {
	rt := js.rt
	b := rt.NewObject()
	b.Set("defaultLocale", intlDefaultLocale)
	b.Set("canonicalize", func(c goja.FunctionCall) goja.Value {
		tag, err := canonicalizeTag(c.Argument(0).String())
		if err != nil {
			js.throwRange(err.Error())
		}
		return rt.ToValue(tag)
	})
	b.Set("lookup", func(c goja.FunctionCall) goja.Value {
		base, data := lookupLocale(c.Argument(0).String(), c.Argument(1).String())
		if data == "" {
			return goja.Undefined()
		}
		return rt.ToValue([]any{base, data})
	})
	b.Set("timeZone", func(c goja.FunctionCall) goja.Value {
		name := c.Argument(0).String()
		z := canonicalZone(name)
		if _, err := time.LoadLocation(z); err != nil || z == "" || z == "Local" {
			js.throwRange("Invalid time zone specified: " + name)
		}
		return rt.ToValue(z)
	})
	b.Set("defaultTimeZone", func(goja.FunctionCall) goja.Value {
		_, name := js.localZone()
		return rt.ToValue(name)
	})
	b.Set("currencyDigits", func(c goja.FunctionCall) goja.Value {
		return rt.ToValue(currencyDigits(c.Argument(0).String()))
	})
	b.Set("isUnit", func(c goja.FunctionCall) goja.Value {
		data, _ := intlLocaleData()
		_, ok := data.locale("en-US").Numbers.Units[c.Argument(0).String()]
		return rt.ToValue(ok)
	})
	b.Set("numberFormat", js.intlNumberFormat)
	b.Set("dateFormat", js.intlDateFormat)
	b.Set("pluralCategories", func(c goja.FunctionCall) goja.Value {
		l := intlLocaleOf(c.Argument(0).String())
		if c.Argument(1).String() == "ordinal" {
			return rt.ToValue(l.Numbers.Plural.Ordinal)
		}
		return rt.ToValue(l.Numbers.Plural.Cardinal)
	})
	b.Set("collator", js.intlCollator)
	b.Set("segmenter", js.intlSegmenter)
	b.Set("relativeTime", js.intlRelativeTime)
	b.Set("listFormat", js.intlListFormat)
	b.Set("maximize", func(c goja.FunctionCall) goja.Value { return rt.ToValue(maximizeTag(c.Argument(0).String())) })
	b.Set("minimize", func(c goja.FunctionCall) goja.Value { return rt.ToValue(minimizeTag(c.Argument(0).String())) })
	b.Set("supportedValues", func(c goja.FunctionCall) goja.Value {
		v := supportedValues(c.Argument(0).String())
		if v == nil {
			return goja.Null()
		}
		return rt.ToValue(v)
	})
	return b
}

func (js *jsState) throwRange(msg string) {
	panic(js.newRangeError(msg))
}

func (js *jsState) newRangeError(msg string) *goja.Object {
	if ctor, ok := goja.AssertConstructor(js.rt.Get("RangeError")); ok {
		if e, err := ctor(nil, js.rt.ToValue(msg)); err == nil {
			return e
		}
	}
	return js.newError(msg)
}

func intlLocaleOf(tag string) *intlLocale {
	data, _ := intlLocaleData()
	if l := data.locale(tag); l != nil {
		return l
	}
	return data.locale(intlDefaultLocale)
}

// ---- language tags ----

var (
	tagAlnum   = `[a-z0-9]`
	tagPattern = regexp.MustCompile(`^(?i)([a-z]{2,3}|[a-z]{5,8})(-[a-z]{4})?(-(?:[a-z]{2}|[0-9]{3}))?((?:-(?:[a-z0-9]{5,8}|[0-9][a-z0-9]{3}))*)((?:-[0-9a-wy-z](?:-` + tagAlnum + `{2,8})+)*)(-x(?:-` + tagAlnum + `{1,8})+)?$`)
	extPattern = regexp.MustCompile(`(?i)-([0-9a-wy-z])((?:-[a-z0-9]{2,8})+)`)
)

// canonicalizeTag checks a tag is a well-formed Unicode locale identifier
// and writes it canonically (case, sorted extensions and keywords, "true"
// dropped, deprecated languages replaced), as V8 does.
func canonicalizeTag(tag string) (string, error) {
	// V8 first checks that the tag starts with a language id ("Incorrect
	// locale information"), then lets ICU read the rest ("Invalid language
	// tag", with the tag in lower case).
	lower := strings.ToLower(tag)
	if !startsWithLanguageID(lower) {
		return "", fmt.Errorf("Incorrect locale information provided")
	}
	m := tagPattern.FindStringSubmatch(tag)
	if m == nil {
		return "", fmt.Errorf("Invalid language tag: %s", lower)
	}
	lang := strings.ToLower(m[1])
	if b, err := language.ParseBase(lang); err == nil {
		// x/text maps deprecated codes (iw, in, ji) to their successors.
		if t, err := language.Parse(lang); err == nil {
			if tb, _ := t.Base(); tb.String() != b.String() && len(tb.String()) <= 3 {
				lang = tb.String()
			}
		}
	}
	out := lang
	if m[2] != "" {
		s := strings.ToLower(m[2][1:])
		out += "-" + strings.ToUpper(s[:1]) + s[1:]
	}
	if m[3] != "" {
		out += "-" + strings.ToUpper(m[3][1:])
	}
	if m[4] != "" {
		vs := strings.Split(strings.ToLower(m[4][1:]), "-")
		seen := map[string]bool{}
		for _, v := range vs {
			if seen[v] {
				return "", fmt.Errorf("Invalid language tag: %s", lower)
			}
			seen[v] = true
		}
		sort.Strings(vs)
		out += "-" + strings.Join(vs, "-")
	}
	if m[5] != "" {
		exts := extPattern.FindAllStringSubmatch(m[5], -1)
		seen := map[string]bool{}
		var list []string
		for _, e := range exts {
			s := strings.ToLower(e[1])
			if seen[s] {
				return "", fmt.Errorf("Invalid language tag: %s", lower)
			}
			seen[s] = true
			body := strings.ToLower(e[2][1:])
			if s == "u" {
				body = canonicalUnicodeExt(body)
			}
			list = append(list, s+"-"+body)
		}
		sort.Strings(list)
		for _, e := range list {
			out += "-" + e
		}
	}
	if m[6] != "" {
		out += strings.ToLower(m[6])
	}
	return out, nil
}

// startsWithLanguageID is V8's StartsWithUnicodeLanguageId: the subtags
// (split as C++'s getline does, a trailing empty one dropped) start with
// a language, script, region and variants up to the first singleton.
func startsWithLanguageID(tag string) bool {
	toks := strings.Split(tag, "-")
	if len(toks) > 0 && toks[len(toks)-1] == "" {
		toks = toks[:len(toks)-1]
	}
	if len(toks) == 0 || !isLangSubtag(toks[0]) {
		return false
	}
	i := 1
	if i < len(toks) && len(toks[i]) == 4 && isAlpha(toks[i]) {
		i++
	}
	if i < len(toks) && (len(toks[i]) == 2 && isAlpha(toks[i]) || len(toks[i]) == 3 && allDigits(toks[i])) {
		i++
	}
	for ; i < len(toks); i++ {
		t := toks[i]
		if len(t) == 1 {
			return true
		}
		if !(len(t) >= 5 && len(t) <= 8 && isAlnum(t) || len(t) == 4 && t[0] >= '0' && t[0] <= '9' && isAlnum(t)) {
			return false
		}
	}
	return true
}

func isLangSubtag(s string) bool {
	return isAlpha(s) && (len(s) >= 2 && len(s) <= 3 || len(s) >= 5 && len(s) <= 8)
}

func isAlpha(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i] | 0x20; c < 'a' || c > 'z' {
			return false
		}
	}
	return s != ""
}

func isAlnum(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; !(c >= '0' && c <= '9' || c|0x20 >= 'a' && c|0x20 <= 'z') {
			return false
		}
	}
	return s != ""
}

// canonicalUnicodeExt sorts a -u- extension's keywords by key and drops
// the value "true".
func canonicalUnicodeExt(body string) string {
	subs := strings.Split(body, "-")
	var attrs []string
	type kw struct{ key, val string }
	var kws []kw
	i := 0
	for i < len(subs) && len(subs[i]) != 2 {
		attrs = append(attrs, subs[i])
		i++
	}
	for i < len(subs) {
		k := kw{key: subs[i]}
		i++
		var vals []string
		for i < len(subs) && len(subs[i]) != 2 {
			vals = append(vals, subs[i])
			i++
		}
		k.val = strings.Join(vals, "-")
		if k.val == "true" {
			k.val = ""
		}
		dup := false
		for _, x := range kws {
			if x.key == k.key {
				dup = true
			}
		}
		if !dup {
			kws = append(kws, k)
		}
	}
	sort.SliceStable(kws, func(a, b int) bool { return kws[a].key < kws[b].key })
	parts := attrs
	for _, k := range kws {
		parts = append(parts, k.key)
		if k.val != "" {
			parts = append(parts, k.val)
		}
	}
	return strings.Join(parts, "-")
}

// lookupLocale finds the data for a canonical tag (extensions removed) by
// ECMA-402's lookup: the tag, then shorter prefixes of it. It returns the
// prefix found and the data's tag, or "" when none is supported.
func lookupLocale(tag, service string) (string, string) {
	for cand := tag; cand != ""; {
		if d, ok := intlLocales[cand]; ok && serviceHas(service, cand) {
			return cand, d
		}
		i := strings.LastIndexByte(cand, '-')
		if i < 0 {
			break
		}
		cand = cand[:i]
		if j := strings.LastIndexByte(cand, '-'); j >= 0 && j == len(cand)-2 {
			cand = cand[:j] // a singleton is dropped with what follows it
		}
	}
	return "", ""
}

// serviceHas tells whether ICU has a service's data for tag itself, not
// only for its language: plural rules are per language, and collation
// tailorings exist for a few regions.
func serviceHas(service, tag string) bool {
	switch service {
	case "PluralRules":
		return !strings.Contains(tag, "-")
	case "Collator":
		return !strings.Contains(tag, "-") || tag == "en-US" || strings.HasPrefix(tag, "zh-")
	}
	return true
}

// maximizeTag adds likely subtags (x/text knows them).
func maximizeTag(tag string) string {
	t, err := language.Parse(tag)
	if err != nil {
		return tag
	}
	b, _ := t.Base()
	s, _ := t.Script()
	r, _ := t.Region()
	return replaceLSR(tag, b.String(), s.String(), r.String())
}

// minimizeTag removes the subtags that maximizing would add back, as UTS
// 35's algorithm does.
func minimizeTag(tag string) string {
	full := maximizeTag(tag)
	lang := strings.SplitN(full, "-", 2)[0]
	for _, cand := range []string{lang, lang + "-" + regionOf(full), lang + "-" + scriptOf(full)} {
		if strings.HasSuffix(cand, "-") {
			continue
		}
		if lsr(maximizeTag(cand)) == lsr(full) {
			return replaceLSRString(tag, cand)
		}
	}
	return tag
}

func splitLSR(tag string) (lsr []string, rest string) {
	parts := strings.Split(tag, "-")
	n := 1
	if n < len(parts) && len(parts[n]) == 4 {
		n++
	}
	if n < len(parts) && (len(parts[n]) == 2 || len(parts[n]) == 3 && parts[n][0] >= '0' && parts[n][0] <= '9') {
		n++
	}
	return parts[:n], strings.Join(parts[n:], "-")
}

func lsr(tag string) string {
	p, _ := splitLSR(tag)
	return strings.Join(p, "-")
}

func scriptOf(tag string) string {
	p, _ := splitLSR(tag)
	for _, s := range p[1:] {
		if len(s) == 4 {
			return s
		}
	}
	return ""
}

func regionOf(tag string) string {
	p, _ := splitLSR(tag)
	for _, s := range p[1:] {
		if len(s) != 4 {
			return s
		}
	}
	return ""
}

func replaceLSR(tag, l, s, r string) string {
	out := l
	if s != "" && s != "Zzzz" {
		out += "-" + s
	}
	if r != "" && r != "ZZ" {
		out += "-" + r
	}
	return replaceLSRString(tag, out)
}

func replaceLSRString(tag, newLSR string) string {
	_, rest := splitLSR(tag)
	if rest != "" {
		return newLSR + "-" + rest
	}
	return newLSR
}

func supportedValues(key string) []string {
	data, _ := intlLocaleData()
	switch key {
	case "calendar":
		return []string{"gregory"}
	case "collation":
		return []string{"default"}
	case "currency":
		out := append([]string(nil), data.Currencies...)
		sort.Strings(out)
		return out
	case "numberingSystem":
		return []string{"latn"}
	case "timeZone":
		return append([]string(nil), data.Zones[:data.ZonesListed]...)
	case "unit":
		var out []string
		for _, u := range data.Units {
			if !strings.Contains(u, "-per-") {
				out = append(out, u)
			}
		}
		sort.Strings(out)
		return out
	}
	return nil
}

// ---- plural rules ----

// pluralCategory is the CLDR plural category of a written number (its
// integer and fraction digits). x/text has CLDR's rules up to version 32;
// the "many" French and Spanish gained later (a multiple of a million with
// no fraction) is added here.
func pluralCategory(tag, intDigits, fracDigits string, ordinal bool) string {
	lt := language.Make(tag)
	i := 0
	if n := len(intDigits); n > 9 {
		// The rules look at most at i % 1000000 and i itself being small.
		i, _ = strconv.Atoi(intDigits[n-9:])
		if strings.Trim(intDigits[:n-9], "0") != "" {
			i += 1e9
		}
	} else if intDigits != "" {
		i, _ = strconv.Atoi(intDigits)
	}
	v := len(fracDigits)
	f, t, w := 0, 0, 0
	if v > 0 {
		fd := fracDigits
		if len(fd) > 9 {
			fd = fd[:9]
		}
		f, _ = strconv.Atoi(fd)
		td := strings.TrimRight(fd, "0")
		w = len(td)
		if td != "" {
			t, _ = strconv.Atoi(td)
		}
	}
	if ordinal {
		return formName(plural.Ordinal.MatchPlural(lt, i, v, w, f, t))
	}
	if (strings.HasPrefix(tag, "fr") || strings.HasPrefix(tag, "es")) && v == 0 && intDigits != "" && strings.Trim(intDigits, "0") != "" &&
		len(intDigits) > 6 && strings.Trim(intDigits[len(intDigits)-6:], "0") == "" {
		return "many"
	}
	return formName(plural.Cardinal.MatchPlural(lt, i, v, w, f, t))
}

func formName(f plural.Form) string {
	switch f {
	case plural.Zero:
		return "zero"
	case plural.One:
		return "one"
	case plural.Two:
		return "two"
	case plural.Few:
		return "few"
	case plural.Many:
		return "many"
	}
	return "other"
}

// ---- NumberFormat and PluralRules ----

// numberArg reads what format() was given: a BigInt exactly, a string as a
// decimal literal (exactly), anything else as a Number.
func (js *jsState) numberArg(v goja.Value) decNum {
	switch x := v.Export().(type) {
	case *big.Int:
		return decFromBig(x)
	case string:
		if _, isStr := v.(goja.String); isStr {
			return decFromString(x)
		}
	}
	return decFromFloat(v.ToFloat())
}

// intlNumberFormat(locale, options) returns format(x, toParts), or for
// PluralRules (options.plural set) select(x).
func (js *jsState) intlNumberFormat(c goja.FunctionCall) goja.Value {
	rt := js.rt
	o := &nfOptions{loc: intlLocaleOf(c.Argument(0).String())}
	opts := c.Argument(1).ToObject(rt)
	str := func(k, def string) string {
		v := opts.Get(k)
		if v == nil || goja.IsUndefined(v) {
			return def
		}
		return v.String()
	}
	num := func(k string) int {
		v := opts.Get(k)
		if v == nil || goja.IsUndefined(v) {
			return 0
		}
		return int(v.ToInteger())
	}
	o.Style = str("style", "decimal")
	o.Currency = str("currency", "")
	o.CurrencyDisplay = str("currencyDisplay", "symbol")
	o.CurrencySign = str("currencySign", "standard")
	o.Unit = str("unit", "")
	o.UnitDisplay = str("unitDisplay", "short")
	o.Notation = str("notation", "standard")
	o.CompactDisplay = str("compactDisplay", "short")
	o.SignDisplay = str("signDisplay", "auto")
	o.UseGrouping = str("useGrouping", "auto")
	o.RoundingMode = str("roundingMode", "halfExpand")
	o.TrailingZeroDisplay = str("trailingZeroDisplay", "auto")
	o.RoundingType = str("roundingType", "fraction")
	o.MinInt, o.MinFrac, o.MaxFrac = num("minimumIntegerDigits"), num("minimumFractionDigits"), num("maximumFractionDigits")
	o.MinSig, o.MaxSig = num("minimumSignificantDigits"), num("maximumSignificantDigits")
	if o.Style == "unit" {
		if _, ok := o.loc.Numbers.Units[o.Unit]; !ok {
			js.throwRange("Intl.NumberFormat: unit " + o.Unit + " is not supported here")
		}
	}
	if pl := str("plural", ""); pl != "" {
		ordinal := pl == "ordinal"
		return rt.ToValue(func(c goja.FunctionCall) goja.Value {
			d := decFromFloat(c.Argument(0).ToFloat())
			if d.nan || d.inf {
				return rt.ToValue("other")
			}
			r := o.round(d)
			return rt.ToValue(pluralCategory(o.loc.tag, strings.TrimLeft(r.intDigits, "0"), r.fracDigits, ordinal))
		})
	}
	return rt.ToValue(func(c goja.FunctionCall) goja.Value {
		parts := o.formatNumber(js.numberArg(c.Argument(0)))
		return js.partsValue(parts, c.Argument(1).ToBoolean(), "")
	})
}

// partsValue is parts joined, or as [{type, value}] (with unit when set).
func (js *jsState) partsValue(parts []intlPart, asParts bool, unit string) goja.Value {
	rt := js.rt
	if !asParts {
		var b strings.Builder
		for _, p := range parts {
			b.WriteString(p.val)
		}
		js.checkStringBytes(b.Len())
		return rt.ToValue(b.String())
	}
	out := make([]any, len(parts))
	for i, p := range parts {
		o := rt.NewObject()
		o.Set("type", p.typ)
		o.Set("value", p.val)
		if unit != "" && p.typ != "literal" {
			o.Set("unit", unit)
		}
		out[i] = o
	}
	return rt.ToValue(out)
}

// ---- DateTimeFormat ----

// intlDateFormat(locale, options) returns {format(ms, toParts), resolved}.
func (js *jsState) intlDateFormat(c goja.FunctionCall) goja.Value {
	rt := js.rt
	l := intlLocaleOf(c.Argument(0).String())
	opts := c.Argument(1).ToObject(rt)
	str := func(k string) string {
		v := opts.Get(k)
		if v == nil || goja.IsUndefined(v) {
			return ""
		}
		return v.String()
	}
	o := &dtOptions{loc: l}
	o.Weekday, o.Era, o.Year, o.Month, o.Day = str("weekday"), str("era"), str("year"), str("month"), str("day")
	o.Hour, o.Minute, o.Second = str("hour"), str("minute"), str("second")
	if v := opts.Get("fractionalSecondDigits"); v != nil && !goja.IsUndefined(v) {
		o.FractionalSecondDigits = int(v.ToInteger())
	}
	o.TimeZoneName, o.Hour12, o.HourCycle = str("timeZoneName"), str("hour12"), str("hourCycle")
	o.DateStyle, o.TimeStyle, o.TimeZone = str("dateStyle"), str("timeStyle"), str("timeZone")
	zl, err := time.LoadLocation(o.TimeZone)
	if err != nil {
		js.throwRange("Invalid time zone specified: " + o.TimeZone)
	}
	o.location, o.zoneKey = zl, o.TimeZone
	p, err := dtPattern(l, o)
	if err != nil {
		js.throwRange("Intl.DateTimeFormat: " + err.Error())
	}
	if o.Hour12 == "" && o.HourCycle != "" {
		p = applyHourCycle(p, o.HourCycle)
	}
	o.pattern = p
	// What the pattern shows, for resolvedOptions.
	res := rt.NewObject()
	if hc := patternHourCycle(p); hc != "" {
		res.Set("hourCycle", hc)
	}
	if o.DateStyle == "" && o.TimeStyle == "" {
		for _, t := range p {
			var k, v string
			switch t.field {
			case 'E':
				k, v = "weekday", o.Weekday
			case 'G':
				k, v = "era", o.Era
			case 'y':
				k, v = "year", map[int]string{1: "numeric", 2: "2-digit"}[t.width]
			case 'M':
				k, v = "month", o.Month
				if t.names < 0 {
					v = map[int]string{1: "numeric", 2: "2-digit"}[t.width]
				}
			case 'd':
				k, v = "day", map[int]string{1: "numeric", 2: "2-digit"}[t.width]
			case 'h', 'H', 'K', 'k':
				k, v = "hour", map[int]string{1: "numeric", 2: "2-digit"}[t.width]
			case 'm':
				k, v = "minute", map[int]string{1: "numeric", 2: "2-digit"}[t.width]
			case 's':
				k, v = "second", map[int]string{1: "numeric", 2: "2-digit"}[t.width]
			case 'S':
				k = "fractionalSecondDigits"
			case 'z':
				k, v = "timeZoneName", o.TimeZoneName
			}
			if k == "fractionalSecondDigits" {
				res.Set(k, o.FractionalSecondDigits)
			} else if k != "" && v != "" {
				res.Set(k, v)
			}
		}
	}
	format := func(c goja.FunctionCall) goja.Value {
		ms := c.Argument(0).ToFloat()
		t := time.UnixMilli(int64(ms)).In(o.location)
		parts := o.formatDate(t)
		if !c.Argument(1).ToBoolean() {
			// V8 writes U+202F (before AM/PM) as a plain space in format()
			// and the toLocale methods, not in formatToParts.
			for i := range parts {
				parts[i].val = strings.ReplaceAll(parts[i].val, "\u202f", " ")
			}
		}
		return js.partsValue(parts, c.Argument(1).ToBoolean(), "")
	}
	out := rt.NewObject()
	out.Set("format", format)
	out.Set("resolved", res)
	return out
}

// ---- Collator ----

type intlCollator struct {
	c         *collate.Collator
	opts      []collate.Option
	caseFirst string
	caseLevel bool              // sensitivity "case"
	punct     bool              // ignorePunctuation
	base      *collate.Collator // ignores case, for caseFirst
}

// intlCollator(locale, usage, sensitivity, ignorePunctuation, numeric,
// caseFirst) returns compare(a, b). Collators are cached per runtime: a
// sort calls localeCompare once per comparison.
func (js *jsState) intlCollator(c goja.FunctionCall) goja.Value {
	rt := js.rt
	tag, sens := c.Argument(0).String(), c.Argument(1).String()
	punct, numeric, caseFirst := c.Argument(2).ToBoolean(), c.Argument(3).ToBoolean(), c.Argument(4).String()
	key := fmt.Sprintf("%s|%s|%t|%t|%s", tag, sens, punct, numeric, caseFirst)
	col := js.intlState().collators[key]
	if col == nil {
		base := language.Make(tag)
		var opts []collate.Option
		switch sens {
		case "base", "case":
			// x/text's case level is its whole tertiary level: "case" is
			// primary strength here, then compareCase.
			opts = append(opts, collate.IgnoreCase, collate.IgnoreDiacritics)
		case "accent":
			opts = append(opts, collate.IgnoreCase)
		}
		if numeric {
			opts = append(opts, collate.Numeric)
		}
		col = &intlCollator{c: collate.New(base, opts...), opts: opts, caseFirst: caseFirst, caseLevel: sens == "case", punct: punct}
		if caseFirst == "upper" && sens != "case" {
			bo := append([]collate.Option{collate.IgnoreCase}, opts...)
			col.base = collate.New(base, bo...)
		}
		if len(js.intl.collators) > 64 {
			clear(js.intl.collators)
		}
		js.intl.collators[key] = col
	}
	return rt.ToValue(func(c goja.FunctionCall) goja.Value {
		a, b := c.Argument(0).String(), c.Argument(1).String()
		if len(a)+len(b) < intlBigInput {
			return rt.ToValue(col.compare(a, b))
		}
		// A long compare runs on a collator of its own, so one left
		// running after a halt shares nothing.
		own := col.clone(tag)
		var r int
		js.intlBounded(func() { r = own.compare(a, b) })
		return rt.ToValue(r)
	})
}

// clone makes a collator with col's options and no shared buffers.
func (col *intlCollator) clone(tag string) *intlCollator {
	out := *col
	out.c = collate.New(language.Make(tag), col.opts...)
	if col.base != nil {
		out.base = collate.New(language.Make(tag), append([]collate.Option{collate.IgnoreCase}, col.opts...)...)
	}
	return &out
}

func (col *intlCollator) compare(a, b string) int {
	if col.punct {
		// x/text's shifted handling is unfinished (its Compare skips the
		// primary level): leave out what ICU's shifted makes ignorable.
		a, b = stripVariable(a), stripVariable(b)
	}
	r := col.c.CompareString(a, b)
	if r == 0 && col.caseLevel {
		return compareCase(a, b, col.caseFirst == "upper")
	}
	if col.caseFirst == "upper" && r != 0 && col.base.CompareString(a, b) == 0 {
		if c := compareCase(a, b, true); c != 0 {
			return c
		}
	}
	return r
}

// compareCase compares the case of two strings equal at the primary
// level, letter by letter: lower case first unless upperFirst.
func compareCase(a, b string, upperFirst bool) int {
	ca, cb := caseSeq(a), caseSeq(b)
	for i := 0; i < len(ca) && i < len(cb); i++ {
		if ca[i] != cb[i] {
			if ca[i] != upperFirst {
				return 1
			}
			return -1
		}
	}
	return 0
}

// caseSeq is whether each letter of s is upper case.
func caseSeq(s string) []bool {
	var out []bool
	for _, r := range s {
		if unicode.IsLetter(r) {
			out = append(out, unicode.IsUpper(r) || unicode.IsTitle(r))
		}
	}
	return out
}

func stripVariable(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) || unicode.IsPunct(r) {
			return -1
		}
		return r
	}, s)
}

// intlBigInput is the size in bytes past which Intl's Go work (a compare,
// a segment) could take long enough to matter: x/text and uniseg take
// some 100 ns a character, 0.1 s a MiB, and cannot be stopped.
const intlBigInput = 1 << 16

// intlPoll stops the guest between pieces of work once its exec has been
// halted (deadline, cancel, a limit); the interrupt is already set, so
// the guest cannot catch what is thrown. n is the size of the work about
// to be done.
func (js *jsState) intlPoll(n int) {
	if n < intlBigInput {
		return
	}
	if st := js.n.st; st != nil {
		select {
		case <-st.halted:
			panic(js.newError("Intl: operation stopped"))
		default:
		}
	}
}

// intlBounded runs f, which is long and cannot be stopped, on its own
// goroutine and waits for it or the exec's halt, whichever comes first:
// the runtime is never held past a deadline. After a halt f runs on to
// its end (bounded by its input, seconds at most), touching only what
// the caller gave it.
func (js *jsState) intlBounded(f func()) {
	st := js.n.st
	if st == nil {
		f()
		return
	}
	done := make(chan struct{})
	go func() {
		defer close(done)
		f()
	}()
	select {
	case <-done:
	case <-st.halted:
		panic(js.newError("Intl: operation stopped"))
	}
}

// ---- Segmenter ----

// intlSegmenter(granularity, string) returns next(from) → [end,
// isWordLike] for the segment that starts at UTF-16 index from, or
// undefined at the end; containing(i) → [start, end, isWordLike].
func (js *jsState) intlSegmenter(c goja.FunctionCall) goja.Value {
	rt := js.rt
	gran := c.Argument(0).String()
	s := c.Argument(1).String()
	seg := &segState{s: s, gran: gran}
	out := rt.NewObject()
	// Walks of long strings run bounded (intlBounded); segments of short
	// ones inline.
	run := func(f func()) {
		if len(s) < intlBigInput {
			seg.mu.Lock()
			defer seg.mu.Unlock()
			f()
			return
		}
		js.intlBounded(func() {
			seg.mu.Lock()
			defer seg.mu.Unlock()
			f()
		})
	}
	out.Set("next", func(c goja.FunctionCall) goja.Value {
		from := int(c.Argument(0).ToInteger())
		// Segments are found a batch at a time (up to intlBigInput bytes),
		// so a walk costs one bounded run per batch.
		pop := func() (segEntry, bool) {
			seg.mu.Lock()
			defer seg.mu.Unlock()
			if len(seg.ahead) == 0 || seg.ahead[0].start != from {
				return segEntry{}, false
			}
			e := seg.ahead[0]
			seg.ahead = seg.ahead[1:]
			return e, true
		}
		e, ok := pop()
		if !ok {
			run(func() {
				seg.ahead = seg.ahead[:0]
				size := 0
				for start := from; size < intlBigInput && len(seg.ahead) < 4096; {
					b0 := seg.byteAt
					end, word, ok := seg.next(start)
					if !ok {
						break
					}
					size += seg.byteAt - b0
					seg.ahead = append(seg.ahead, segEntry{start, end, word})
					start = end
				}
			})
			if e, ok = pop(); !ok {
				return goja.Undefined()
			}
		}
		return rt.ToValue([]any{e.end, e.word})
	})
	out.Set("containing", func(c goja.FunctionCall) goja.Value {
		at := int(c.Argument(0).ToInteger())
		var start, end int
		var word, ok bool
		run(func() {
			for start = 0; ; start = end {
				end, word, ok = seg.next(start)
				if !ok || at < end {
					return
				}
			}
		})
		if !ok {
			return goja.Undefined()
		}
		return rt.ToValue([]any{start, end, word})
	})
	return out
}

// segState walks a string by segments; it keeps its place, so walking in
// order costs one pass.
type segEntry struct {
	start, end int
	word       bool
}

type segState struct {
	mu        sync.Mutex // held by a walk left running after a halt
	ahead     []segEntry // the segments found ahead of the walk
	s         string
	gran      string
	byteAt    int // a known pair of byte and UTF-16 offsets
	u16At     int
	state     int
	stateByte int // the byte offset state belongs to (-1: none)
}

func (g *segState) seek(u16 int) int {
	if u16 < g.u16At {
		g.byteAt, g.u16At = 0, 0
	}
	for g.u16At < u16 && g.byteAt < len(g.s) {
		r, n := utf8.DecodeRuneInString(g.s[g.byteAt:])
		g.byteAt += n
		g.u16At += utf16Len(r)
	}
	return g.byteAt
}

func utf16Len(r rune) int {
	if r >= 0x10000 {
		return 2
	}
	return 1
}

func (g *segState) next(from int) (int, bool, bool) {
	b := g.seek(from)
	if b >= len(g.s) {
		return 0, false, false
	}
	rest := g.s[b:]
	var seg string
	state := -1
	if g.stateByte == b && b > 0 {
		state = g.state
	}
	switch g.gran {
	case "word":
		seg, _, state = uniseg.FirstWordInString(rest, state)
	case "sentence":
		seg, _, state = uniseg.FirstSentenceInString(rest, state)
	default:
		seg, _, _, state = uniseg.FirstGraphemeClusterInString(rest, state)
	}
	g.state, g.stateByte = state, b+len(seg)
	u := 0
	word := false
	for _, r := range seg {
		u += utf16Len(r)
		if unicode.IsLetter(r) || unicode.IsNumber(r) {
			word = true
		}
	}
	g.byteAt, g.u16At = b+len(seg), from+u
	return from + u, word, true
}

// ---- RelativeTimeFormat and ListFormat ----

// intlRelativeTime(locale, style, numericAuto, value, unit, toParts)
// writes a relative time.
func (js *jsState) intlRelativeTime(c goja.FunctionCall) goja.Value {
	l := intlLocaleOf(c.Argument(0).String())
	style, auto := c.Argument(1).String(), c.Argument(2).ToBoolean()
	v := c.Argument(3).ToFloat()
	unit := c.Argument(4).String()
	asParts := c.Argument(5).ToBoolean()
	data := l.Numbers.Rel[unit][style]
	if auto && v > -2.1 && v < 2.1 {
		// ICU's test: the offset to within half a hundredth.
		x := v * 100
		if x < 0 {
			x -= 0.5
		} else {
			x += 0.5
		}
		key := strconv.Itoa(int(x) / 100)
		if int(x)%100 != 0 {
			key = "none"
		}
		if v == 0 && math.Signbit(v) {
			key = "-0"
		}
		if s, ok := data.Auto[key]; ok {
			return js.partsValue([]intlPart{{"literal", s}}, asParts, "")
		}
		if key == "-0" {
			if s, ok := data.Auto["0"]; ok {
				return js.partsValue([]intlPart{{"literal", s}}, asParts, "")
			}
		}
	}
	past := v < 0 || v == 0 && 1/v < 0
	o := &nfOptions{loc: l, Style: "decimal", MaxFrac: 3, UseGrouping: "auto", RoundingMode: "halfExpand", RoundingType: "fraction", MinInt: 1}
	d := decFromFloat(v)
	d.neg = false
	r := o.round(d)
	num := o.numberParts(r, nil)
	cat := o.pluralOf(r)
	forms := data.Future
	if past {
		forms = data.Past
	}
	tpl, ok := forms[cat]
	if !ok {
		tpl = forms["other"]
	}
	var parts []intlPart
	i := strings.Index(tpl, "{0}")
	parts = appendLiteral(parts, tpl[:i])
	parts = append(parts, num...)
	parts = appendLiteral(parts, tpl[i+3:])
	return js.partsValue(parts, asParts, unit)
}

// intlListFormat(locale, type, style, items, toParts) joins items with the
// locale's list patterns (and Spanish's y→e, o→u).
func (js *jsState) intlListFormat(c goja.FunctionCall) goja.Value {
	rt := js.rt
	l := intlLocaleOf(c.Argument(0).String())
	typ, style := c.Argument(1).String(), c.Argument(2).String()
	var items []string
	if err := rt.ExportTo(c.Argument(3), &items); err != nil {
		js.throwType("Iterable yielded a value that is not a string")
	}
	asParts := c.Argument(4).ToBoolean()
	pat := l.Numbers.Lists[typ+"/"+style]
	var parts []intlPart
	n := len(items)
	total := 0
	for i, it := range items {
		total += len(it)
		if i%4096 == 0 {
			js.intlPoll(total)
		}
		if i > 0 {
			sep := pat[2]
			switch {
			case n == 2:
				sep = pat[0]
			case i == 1:
				sep = pat[1]
			case i == n-1:
				sep = pat[3]
			}
			if strings.HasPrefix(l.tag, "es") && (n == 2 || i == n-1) {
				sep = spanishConjunction(sep, it)
			}
			parts = append(parts, intlPart{"literal", sep})
		}
		parts = append(parts, intlPart{"element", it})
	}
	return js.partsValue(parts, asParts, "")
}

// spanishConjunction writes y as e before an i sound and o as u before an
// o sound, as ICU does for Spanish.
func spanishConjunction(sep, next string) string {
	lower := strings.ToLower(next)
	switch sep {
	case " y ":
		if (strings.HasPrefix(lower, "i") || strings.HasPrefix(lower, "hi")) && !strings.HasPrefix(lower, "hia") &&
			!strings.HasPrefix(lower, "hie") && !strings.HasPrefix(lower, "hio") && !strings.HasPrefix(lower, "hiu") {
			return " e "
		}
	case " o ":
		if strings.HasPrefix(lower, "o") || strings.HasPrefix(lower, "ho") || strings.HasPrefix(lower, "8") ||
			strings.HasPrefix(lower, "11") && (len(lower) == 2 || !unicode.IsDigit(rune(lower[2]))) {
			return " u "
		}
	}
	return sep
}
