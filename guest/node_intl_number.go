package guest

import (
	"math"
	"math/big"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/currency"
)

// Intl.NumberFormat's Go side: exact decimal rounding as ECMA-402 asks
// (on the shortest decimal that reads back as the Number, as V8 and ICU
// do), and the locale's symbols and templates from the data.

// decNum is a decimal 0.digits × 10^exp; digits has no leading or trailing
// zeros, and is empty for zero.
type decNum struct {
	neg      bool
	digits   []byte
	exp      int
	inf, nan bool
}

func decFromFloat(f float64) decNum {
	var d decNum
	switch {
	case math.IsNaN(f):
		d.nan = true
		return d
	case math.IsInf(f, 0):
		d.inf, d.neg = true, f < 0
		return d
	}
	d.neg = math.Signbit(f)
	if f == 0 {
		return d
	}
	s := strconv.FormatFloat(math.Abs(f), 'e', -1, 64) // d.ddde±x
	e := strings.IndexByte(s, 'e')
	x, _ := strconv.Atoi(s[e+1:])
	d.digits = []byte(strings.Replace(s[:e], ".", "", 1))
	d.exp = x + 1
	d.trim()
	return d
}

func decFromBig(b *big.Int) decNum {
	d := decNum{neg: b.Sign() < 0}
	s := new(big.Int).Abs(b).String()
	if s == "0" {
		return d
	}
	d.digits = []byte(s)
	d.exp = len(s)
	d.trim()
	return d
}

// decFromString reads a string as ECMA-402 (NumberFormat v3) does: a
// StringNumericLiteral kept exact; anything else is NaN.
func decFromString(s string) decNum {
	s = strings.TrimFunc(s, func(r rune) bool { return unicode.IsSpace(r) || r == '\ufeff' })
	if s == "" {
		return decNum{}
	}
	neg := false
	body := s
	if body[0] == '+' || body[0] == '-' {
		neg = body[0] == '-'
		body = body[1:]
	}
	if body == "Infinity" {
		return decNum{inf: true, neg: neg}
	}
	if len(s) > 2 && s[0] == '0' && strings.ContainsAny(s[1:2], "xXoObB") {
		base := map[byte]int{'x': 16, 'X': 16, 'o': 8, 'O': 8, 'b': 2, 'B': 2}[s[1]]
		b, ok := new(big.Int).SetString(s[2:], base)
		if !ok {
			return decNum{nan: true}
		}
		return decFromBig(b)
	}
	mant, expPart := body, ""
	if i := strings.IndexAny(body, "eE"); i >= 0 {
		mant, expPart = body[:i], body[i+1:]
	}
	intPart, frac := mant, ""
	if i := strings.IndexByte(mant, '.'); i >= 0 {
		intPart, frac = mant[:i], mant[i+1:]
	}
	if intPart == "" && frac == "" || !allDigits(intPart) || !allDigits(frac) {
		return decNum{nan: true}
	}
	x := 0
	if expPart != "" {
		e := expPart
		if e[0] == '+' || e[0] == '-' {
			e = e[1:]
		}
		if e == "" || !allDigits(e) {
			return decNum{nan: true}
		}
		v, err := strconv.Atoi(expPart)
		if err != nil || v > 1e6 || v < -1e6 {
			// Beyond what any format can show: V8 reads these as Infinity or 0.
			if strings.HasPrefix(expPart, "-") {
				return decNum{neg: neg}
			}
			return decNum{inf: true, neg: neg}
		}
		x = v
	}
	d := decNum{neg: neg, digits: []byte(intPart + frac), exp: len(intPart) + x}
	d.trim()
	return d
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

func (d *decNum) trim() {
	i := 0
	for i < len(d.digits) && d.digits[i] == '0' {
		i++
	}
	d.digits = d.digits[i:]
	d.exp -= i
	j := len(d.digits)
	for j > 0 && d.digits[j-1] == '0' {
		j--
	}
	d.digits = d.digits[:j]
	if len(d.digits) == 0 {
		d.exp = 0
	}
}

func (d decNum) isZero() bool { return !d.inf && !d.nan && len(d.digits) == 0 }

// magnitude is the exponent of d's leading digit (0 for zero).
func (d decNum) magnitude() int {
	if len(d.digits) == 0 {
		return 0
	}
	return d.exp - 1
}

// keep rounds d to its first n digits (n may be zero or negative: the
// rounding position is above the leading digit) with mode.
func (d decNum) keep(n int, mode string) decNum {
	if n >= len(d.digits) {
		return d
	}
	pos := d.exp - n // the rounding unit is 10^pos
	var first byte = '0'
	rest := false
	if n >= 0 {
		first = d.digits[n]
		for _, c := range d.digits[n+1:] {
			if c != '0' {
				rest = true
				break
			}
		}
	} else {
		rest = true
	}
	kept := []byte{}
	if n > 0 {
		kept = append(kept, d.digits[:n]...)
	}
	up := false
	half := first > '5' || first == '5' && rest
	exactHalf := first == '5' && !rest
	odd := len(kept) > 0 && (kept[len(kept)-1]-'0')%2 == 1
	switch mode {
	case "ceil":
		up = !d.neg
	case "floor":
		up = d.neg
	case "expand":
		up = true
	case "trunc":
		up = false
	case "halfCeil":
		up = half || exactHalf && !d.neg
	case "halfFloor":
		up = half || exactHalf && d.neg
	case "halfTrunc":
		up = half
	case "halfEven":
		up = half || exactHalf && odd
	default: // halfExpand
		up = half || exactHalf
	}
	out := decNum{neg: d.neg}
	if !up {
		out.digits = kept
		out.exp = pos + len(kept)
		out.trim()
		return out
	}
	// Add one unit at pos.
	if len(kept) == 0 {
		out.digits = []byte{'1'}
		out.exp = pos + 1
		return out
	}
	i := len(kept) - 1
	for i >= 0 && kept[i] == '9' {
		kept[i] = '0'
		i--
	}
	if i < 0 {
		kept = append([]byte{'1'}, kept...)
	} else {
		kept[i]++
	}
	out.digits = kept
	out.exp = pos + len(kept)
	out.trim()
	return out
}

// shift multiplies d by 10^k.
func (d decNum) shift(k int) decNum {
	if len(d.digits) > 0 {
		d.exp += k
	}
	return d
}

// nfOptions are a NumberFormat's resolved options, from the JavaScript side.
type nfOptions struct {
	Style, Currency, CurrencyDisplay, CurrencySign, Unit, UnitDisplay string
	Notation, CompactDisplay, SignDisplay, UseGrouping, RoundingMode  string
	RoundingPriority, TrailingZeroDisplay                             string
	MinInt, MinFrac, MaxFrac, MinSig, MaxSig                          int
	RoundingType                                                      string // fraction, significant, morePrecision, lessPrecision

	loc *intlLocale
}

// rounded is a decimal after the format's rounding, written out: the
// integer and fraction digits.
type rounded struct {
	d          decNum
	intDigits  string
	fracDigits string
}

func (o *nfOptions) roundFixed(d decNum, minFrac, maxFrac int) (decNum, int) {
	r := d.keep(d.exp+maxFrac, o.RoundingMode)
	return r, -maxFrac
}

func (o *nfOptions) roundPrecision(d decNum, maxSig int) (decNum, int) {
	r := d.keep(maxSig, o.RoundingMode)
	return r, d.magnitude() - maxSig + 1
}

// round applies the rounding options to d (already scaled) and writes it.
func (o *nfOptions) round(d decNum) rounded {
	minFrac, maxFrac, minSig, maxSig := o.MinFrac, o.MaxFrac, o.MinSig, o.MaxSig
	var r decNum
	useSig := false
	switch o.RoundingType {
	case "significant":
		r, _ = o.roundPrecision(d, maxSig)
		useSig = true
	case "morePrecision", "lessPrecision":
		s, sm := o.roundPrecision(d, maxSig)
		f, fm := o.roundFixed(d, minFrac, maxFrac)
		pickSig := sm <= fm
		if o.RoundingType == "lessPrecision" {
			pickSig = !pickSig
		}
		if pickSig {
			r, useSig = s, true
		} else {
			r = f
		}
	default:
		r, _ = o.roundFixed(d, minFrac, maxFrac)
	}
	// Write the digits.
	var intD, fracD string
	if r.exp > 0 {
		if len(r.digits) >= r.exp {
			intD = string(r.digits[:r.exp])
			fracD = string(r.digits[r.exp:])
		} else {
			intD = string(r.digits) + strings.Repeat("0", r.exp-len(r.digits))
		}
	} else {
		intD = "0"
		if len(r.digits) > 0 {
			fracD = strings.Repeat("0", -r.exp) + string(r.digits)
		}
	}
	if useSig {
		// Pad to the minimum significant digits.
		mag := 0
		if len(r.digits) > 0 {
			mag = r.exp - 1
		}
		if need := minSig - mag - 1; need > len(fracD) {
			fracD += strings.Repeat("0", need-len(fracD))
		}
	} else if len(fracD) < minFrac {
		fracD += strings.Repeat("0", minFrac-len(fracD))
	}
	if o.TrailingZeroDisplay == "stripIfInteger" && strings.Trim(fracD, "0") == "" {
		fracD = ""
	}
	if len(intD) < o.MinInt {
		intD = strings.Repeat("0", o.MinInt-len(intD)) + intD
	}
	if o.MinInt == 0 && intD == "0" && fracD != "" {
		intD = ""
	}
	return rounded{d: r, intDigits: intD, fracDigits: fracD}
}

// numberParts writes the digits of r as integer, group, decimal and
// fraction parts.
func (o *nfOptions) numberParts(r rounded, parts []intlPart) []intlPart {
	sym := &o.loc.Numbers.Sym
	in := r.intDigits
	minGroup := 0
	switch o.UseGrouping {
	case "always":
		minGroup = 1
	case "auto":
		minGroup = sym.MinGroup
		if o.Notation == "compact" {
			minGroup = max(minGroup, 2) // ICU's compact grouping
		}
	case "min2":
		minGroup = 2
	}
	if minGroup > 0 && len(in) >= 3+minGroup {
		first := len(in) % 3
		if first == 0 {
			first = 3
		}
		parts = append(parts, intlPart{"integer", in[:first]})
		for i := first; i < len(in); i += 3 {
			parts = append(parts, intlPart{"group", sym.Group}, intlPart{"integer", in[i : i+3]})
		}
	} else if in != "" {
		parts = append(parts, intlPart{"integer", in})
	}
	if r.fracDigits != "" {
		parts = append(parts, intlPart{"decimal", sym.Decimal}, intlPart{"fraction", r.fracDigits})
	}
	return parts
}

// pluralOf is the plural category of the written number.
func (o *nfOptions) pluralOf(r rounded) string {
	return pluralCategory(o.loc.tag, r.intDigits, r.fracDigits, false)
}

// formatNumber writes d as the options ask.
func (o *nfOptions) formatNumber(d decNum) []intlPart {
	l := o.loc
	sym := &l.Numbers.Sym
	if o.Style == "percent" {
		d = d.shift(2)
	}
	// The number itself, rounded, and its notation.
	var body []intlPart
	var r rounded
	compactTpl := ""
	switch {
	case d.nan:
		body = []intlPart{{"nan", sym.NaN}}
	case d.inf:
		body = []intlPart{{"infinity", sym.Infinity}}
	case o.Notation == "scientific" || o.Notation == "engineering":
		r, body = o.scientific(d)
	case o.Notation == "compact":
		r, body, compactTpl = o.compact(d)
	default:
		r = o.round(d)
		body = o.numberParts(r, nil)
	}
	zero := !d.nan && !d.inf && len(r.d.digits) == 0
	neg := d.neg && !d.nan
	sign := ""
	switch o.SignDisplay {
	case "always":
		sign = "+"
		if neg {
			sign = "-"
		}
	case "exceptZero":
		switch {
		case zero:
		case neg:
			sign = "-"
		default:
			sign = "+"
		}
	case "negative":
		if neg && !zero {
			sign = "-"
		}
	case "never":
	default:
		if neg {
			sign = "-"
		}
	}
	if compactTpl != "" {
		body = o.fillTemplate(compactTpl, body, "", "")
	}
	tpl, curText := o.template(r, sign == "-")
	out := o.fillTemplate(tpl, body, sign, curText)
	return out
}

// template picks the style's template and the currency text it shows.
func (o *nfOptions) template(r rounded, neg bool) (string, string) {
	n := &o.loc.Numbers
	pick := func(s signedTpl) string {
		if neg {
			return s.Neg
		}
		return s.Pos
	}
	switch o.Style {
	case "percent":
		if o.Notation == "compact" {
			return pick(n.Tpl.CompactPercent), ""
		}
		return pick(n.Tpl.Percent), ""
	case "currency":
		c, known := n.Currencies[o.Currency]
		switch o.CurrencyDisplay {
		case "name":
			cat := o.pluralOf(r)
			t, ok := n.Tpl.CurrencyName[cat]
			if !ok {
				t = n.Tpl.CurrencyName["other"]
			}
			name := o.Currency
			if known {
				if v, ok := c.Names[cat]; ok {
					name = v
				} else if v, ok := c.Names["other"]; ok {
					name = v
				}
			}
			return pick(t), name
		case "code":
			return o.currencyTpl(pick), o.Currency
		case "narrowSymbol":
			if known {
				return o.currencyTpl(pick), c.Narrow
			}
			return o.currencyTpl(pick), currencySymbolFallback(o.Currency)
		default:
			if known {
				return o.currencyTpl(pick), c.Symbol
			}
			return o.currencyTpl(pick), currencySymbolFallback(o.Currency)
		}
	}
	if o.Style == "unit" {
		forms := n.Units[o.Unit][o.UnitDisplay]
		cat := o.pluralOf(r)
		t, ok := forms[cat]
		if !ok {
			t = forms["other"]
		}
		return pick(t), ""
	}
	return pick(n.Tpl.Decimal), ""
}

func (o *nfOptions) currencyTpl(pick func(signedTpl) string) string {
	if o.CurrencySign == "accounting" {
		return pick(o.loc.Numbers.Tpl.Accounting)
	}
	return pick(o.loc.Numbers.Tpl.Currency)
}

// currencySymbolFallback is the symbol of a currency the data lacks (it
// has every currency ICU knows): ICU shows the code.
func currencySymbolFallback(code string) string { return code }

// currencyDigits is ISO 4217's minor unit for code (2 when unknown), as
// ECMA-402 asks; x/text has the table.
func currencyDigits(code string) int {
	if d, ok := intlCurrencyDigits(code); ok {
		return d
	}
	u, err := currency.ParseISO(code)
	if err != nil {
		return 2
	}
	scale, _ := currency.Standard.Rounding(u)
	return scale
}

func intlCurrencyDigits(code string) (int, bool) {
	data, err := intlLocaleData()
	if err != nil {
		return 0, false
	}
	c, ok := data.locale("en-US").Numbers.Currencies[code]
	return c.Digits, ok
}

// fillTemplate expands a template: {n} the number parts, {-} the sign,
// {c} the currency text, {%} the percent sign, {u=…} and {k=…} unit and
// compact text. ICU's currency spacing puts a no-break space between a
// currency text that ends (or starts) with a letter and the digits next to
// it.
func (o *nfOptions) fillTemplate(tpl string, num []intlPart, sign, cur string) []intlPart {
	sym := &o.loc.Numbers.Sym
	var out []intlPart
	for i := 0; i < len(tpl); {
		if tpl[i] != '{' {
			j := strings.IndexByte(tpl[i:], '{')
			if j < 0 {
				j = len(tpl) - i
			}
			out = appendLiteral(out, tpl[i:i+j])
			i += j
			continue
		}
		j := strings.IndexByte(tpl[i:], '}')
		tok := tpl[i+1 : i+j]
		i += j + 1
		switch {
		case tok == "n":
			if len(out) > 0 && out[len(out)-1].typ == "currency" && o.CurrencyDisplay != "name" && spacingNeeded(lastRune(out[len(out)-1].val), num) {
				out = appendLiteral(out, "\u00a0")
			}
			out = append(out, num...)
			if i < len(tpl) && strings.HasPrefix(tpl[i:], "{c}") && cur != "" && o.CurrencyDisplay != "name" {
				if r, _ := utf8.DecodeRuneInString(cur); len(num) > 0 && isDigitPart(num[len(num)-1]) && !unicode.IsSymbol(r) && !unicode.IsSpace(r) {
					out = appendLiteral(out, "\u00a0")
				}
			}
		case tok == "-":
			switch sign {
			case "-":
				out = append(out, intlPart{"minusSign", sym.MinusSign})
			case "+":
				out = append(out, intlPart{"plusSign", sym.PlusSign})
			}
		case tok == "c":
			out = append(out, intlPart{"currency", cur})
		case tok == "%":
			out = append(out, intlPart{"percentSign", sym.PercentSign})
		case strings.HasPrefix(tok, "u="):
			out = append(out, intlPart{"unit", tok[2:]})
		case strings.HasPrefix(tok, "k="):
			out = append(out, intlPart{"compact", tok[2:]})
		}
	}
	return out
}

func isDigitPart(p intlPart) bool {
	switch p.typ {
	case "integer", "fraction", "exponentInteger":
		return true
	}
	return false
}

func lastRune(s string) rune {
	r, _ := utf8.DecodeLastRuneInString(s)
	return r
}

func spacingNeeded(r rune, num []intlPart) bool {
	return len(num) > 0 && isDigitPart(num[0]) && !unicode.IsSymbol(r) && !unicode.IsSpace(r)
}

func appendLiteral(out []intlPart, s string) []intlPart {
	if s == "" {
		return out
	}
	if len(out) > 0 && out[len(out)-1].typ == "literal" {
		out[len(out)-1].val += s
		return out
	}
	return append(out, intlPart{"literal", s})
}

// scientific writes d as mantissa and exponent (engineering: an exponent
// that is a multiple of three).
func (o *nfOptions) scientific(d decNum) (rounded, []intlPart) {
	sym := &o.loc.Numbers.Sym
	e := d.magnitude()
	if o.Notation == "engineering" {
		e = floorDiv(e, 3) * 3
	}
	r := o.round(d.shift(-e))
	// Rounding may carry into another digit (9.99 → 10.0).
	if len(r.d.digits) > 0 {
		m := r.d.magnitude()
		if o.Notation == "engineering" && m >= 3 || o.Notation == "scientific" && m >= 1 {
			step := 1
			if o.Notation == "engineering" {
				step = 3
			}
			e += step
			r = o.round(d.shift(-e))
		}
	}
	parts := o.numberParts(r, nil)
	parts = append(parts, intlPart{"exponentSeparator", sym.Exponent})
	if e < 0 {
		parts = append(parts, intlPart{"exponentMinusSign", sym.MinusSign})
		e = -e
	}
	parts = append(parts, intlPart{"exponentInteger", strconv.Itoa(e)})
	return r, parts
}

func floorDiv(a, b int) int {
	q := a / b
	if a%b != 0 && (a < 0) != (b < 0) {
		q--
	}
	return q
}

// compact writes d in the locale's short or long compact form.
func (o *nfOptions) compact(d decNum) (rounded, []intlPart, string) {
	display := o.CompactDisplay
	if o.Style == "currency" {
		display = "short" // ICU has no long compact currency forms
	}
	forms := o.loc.Numbers.Compact[display]
	pick := func(mag int) (div int, f map[string]string) {
		if mag < 3 || len(forms) == 0 {
			return 0, nil
		}
		i := min(mag-3, len(forms)-1)
		if forms[i] == nil {
			return 0, nil
		}
		return forms[i].Div, forms[i].Forms
	}
	mag := d.magnitude()
	div, f := pick(mag)
	r := o.round(d.shift(-div))
	// 999,950 rounds to 1000K: write it with the next magnitude.
	if len(r.d.digits) > 0 && !d.isZero() {
		if m2 := r.d.magnitude() + div; m2 > mag {
			if div2, f2 := pick(m2); div2 != div {
				div, f = div2, f2
				r = o.round(d.shift(-div))
			}
		}
	}
	body := o.numberParts(r, nil)
	if f == nil {
		return r, body, ""
	}
	key := o.pluralOf(r)
	if r.intDigits == "1" && r.fracDigits == "" {
		key = "=1"
	}
	tpl, ok := f[key]
	if !ok {
		tpl, ok = f["other"]
	}
	if !ok {
		// Past 10^18 every sample of the data was "many" in French and
		// Spanish; the forms are the same.
		tpl = f["many"]
	}
	return r, body, tpl
}
