package guest

import (
	_ "embed"
	"encoding/json"
	"fmt"
	"strings"
	"sync"
)

// intlDataJSON is the locale data the guest's Intl formats with, read from
// Node 20's full ICU (CLDR 48) for the locales it supports by
// scripts/intl-data.js. It holds patterns and names, not code: what to
// write where is decided here in Go.
//
//go:embed intl_data.json
var intlDataJSON []byte

type intlData struct {
	Meta       map[string]string `json:"meta"`
	Currencies []string          `json:"currencies"`
	Units      []string          `json:"units"`
	// Zones are every zone name ICU knows (the first ZonesListed are
	// those supportedValuesOf lists), ZoneGroup their names' group in
	// each locale's Zones.Groups, ZoneAliases the other names of zones
	// with the name V8 resolves them to.
	Zones       []string          `json:"zones"`
	ZonesListed int               `json:"zonesListed"`
	ZoneGroup   []int             `json:"zoneGroup"`
	ZoneOffsets [][2]int          `json:"zoneOffsets"` // standard and daylight, in minutes, while the names hold
	ZoneAliases map[string]string `json:"zoneAliases"`

	zoneIndex map[string]int    // zone → index in Zones
	zoneFold  map[string]string // lower-case zone or alias → zone
	// Locales are read one by one on first use (locale): most programs
	// touch one, and reading all of them costs some 70 ms.
	Locales map[string]json.RawMessage `json:"locales"`
	locales map[string]*intlLazyLocale
}

type intlLocale struct {
	Numbers intlNumbers `json:"numbers"`
	Dates   intlDates   `json:"dates"`
	Zones   intlZones   `json:"zones"`

	tag      string      // the data's own tag, en-US
	patterns [][]dtToken // Dates.Patterns parsed
	glues    [][]dtToken // Dates.Glues parsed ({0} time, {1} date)
}

type intlNumbers struct {
	Sym struct {
		MinusSign   string `json:"minusSign"`
		Group       string `json:"group"`
		Decimal     string `json:"decimal"`
		PlusSign    string `json:"plusSign"`
		PercentSign string `json:"percentSign"`
		Exponent    string `json:"exponent"`
		Infinity    string `json:"infinity"`
		NaN         string `json:"nan"`
		MinGroup    int    `json:"minGroup"`
	} `json:"sym"`
	Tpl struct {
		Decimal        signedTpl            `json:"decimal"`
		Percent        signedTpl            `json:"percent"`
		CompactPercent signedTpl            `json:"compactPercent"`
		Currency       signedTpl            `json:"currency"`
		Accounting     signedTpl            `json:"accounting"`
		Scientific     signedTpl            `json:"scientific"`
		CurrencyName   map[string]signedTpl `json:"currencyName"`
	} `json:"tpl"`
	Currencies map[string]struct {
		Symbol string            `json:"symbol"`
		Narrow string            `json:"narrow"`
		Names  map[string]string `json:"names"`
		Digits int               `json:"digits"`
	} `json:"currencies"`
	Units   map[string]map[string]map[string]signedTpl `json:"units"`
	Compact map[string][]*struct {
		Div   int               `json:"div"`
		Forms map[string]string `json:"forms"`
	} `json:"compact"`
	Plural struct {
		Cardinal []string `json:"cardinal"`
		Ordinal  []string `json:"ordinal"`
	} `json:"plural"`
	Rel map[string]map[string]struct {
		Future map[string]string `json:"future"`
		Past   map[string]string `json:"past"`
		Auto   map[string]string `json:"auto"`
	} `json:"rel"`
	Lists map[string][4]string `json:"lists"` // pair, start, middle, end
	Hc    map[string]string    `json:"hc"`    // hour cycle for hour12 undefined/true/false
}

// signedTpl is a number template, its negative form apart when it is more
// than the positive form with a minus sign.
type signedTpl struct{ Pos, Neg string }

func (s *signedTpl) UnmarshalJSON(b []byte) error {
	var str string
	if json.Unmarshal(b, &str) == nil {
		s.Pos, s.Neg = str, str
		return nil
	}
	var o struct{ Pos, Neg string }
	if err := json.Unmarshal(b, &o); err != nil {
		return fmt.Errorf("number template: %w", err)
	}
	s.Pos, s.Neg = o.Pos, o.Neg
	return nil
}

type intlDates struct {
	Names    [][]string        `json:"names"`
	Patterns []string          `json:"patterns"`
	Date     []int             `json:"date"`
	Time     []int             `json:"time"`
	Glues    []string          `json:"glues"`
	Glue     []int             `json:"glue"`
	Except   map[string]string `json:"except"`
	Styles   map[string]int    `json:"styles"`
	Eras     map[string][2]string
}

type intlZones struct {
	// Groups are the names of the zones of one group: short, long and
	// longGeneric, each standard then daylight; empty where the name is
	// only the offset. ShortGeneric is per zone (it names a country or
	// city).
	Groups       [][6]string          `json:"groups"`
	ShortGeneric []string             `json:"shortGeneric"`
	Offsets      map[string][2]string `json:"offsets"` // gmt, pos, neg: short and long
}

// intlLocaleData is the parsed data, read on first use by any runtime.
var intlLocaleData = sync.OnceValues(func() (*intlData, error) {
	var d intlData
	if err := json.Unmarshal(intlDataJSON, &d); err != nil {
		return nil, fmt.Errorf("intl data: %w", err)
	}
	d.zoneIndex = make(map[string]int, len(d.Zones))
	d.zoneFold = make(map[string]string, len(d.Zones)+len(d.ZoneAliases))
	for i, z := range d.Zones {
		d.zoneIndex[z] = i
		d.zoneFold[strings.ToLower(z)] = z
	}
	for a, z := range d.ZoneAliases {
		d.zoneFold[strings.ToLower(a)] = z
	}
	d.locales = make(map[string]*intlLazyLocale, len(d.Locales))
	for tag, raw := range d.Locales {
		d.locales[tag] = &intlLazyLocale{read: sync.OnceValues(func() (*intlLocale, error) { return readIntlLocale(tag, raw) })}
	}
	return &d, nil
})

type intlLazyLocale struct {
	read func() (*intlLocale, error)
}

func readIntlLocale(tag string, raw json.RawMessage) (*intlLocale, error) {
	l := &intlLocale{tag: tag}
	if err := json.Unmarshal(raw, l); err != nil {
		return nil, fmt.Errorf("intl data for %s: %w", tag, err)
	}
	l.patterns = make([][]dtToken, len(l.Dates.Patterns))
	for i, p := range l.Dates.Patterns {
		l.patterns[i] = parseDTPattern(p)
	}
	l.glues = make([][]dtToken, len(l.Dates.Glues))
	for i, g := range l.Dates.Glues {
		l.glues[i] = parseDTPattern(strings.NewReplacer("{0}", "{T}", "{1}", "{D}").Replace(g))
	}
	return l, nil
}

// locale is the data of one of the supported tags (en-US, de-DE, ...),
// read on first use; nil if tag is not one of them or its data is bad
// (which TestIntlMatchesNode20 would show).
func (d *intlData) locale(tag string) *intlLocale {
	ll, ok := d.locales[tag]
	if !ok {
		return nil
	}
	l, err := ll.read()
	if err != nil {
		return nil
	}
	return l
}
