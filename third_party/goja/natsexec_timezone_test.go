package goja

import (
	"testing"
	"time"
)

// TestNatsexecTimeZone: two runtimes in one process each keep their own
// local zone (SetTimeZone) for getters, setters, parsing of local date
// strings and the Date constructor's field form; time.Local is not used.
func TestNatsexecTimeZone(t *testing.T) {
	berlin, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		t.Skip(err)
	}
	tokyo, err := time.LoadLocation("Asia/Tokyo")
	if err != nil {
		t.Skip(err)
	}
	const src = `
var d = new Date(Date.UTC(2026, 0, 15, 12, 0, 0));
var e = new Date(2026, 6, 1, 9, 30);
var f = new Date(0); f.setHours(5);
[d.getHours(), d.getTimezoneOffset(), e.getTime(), Date.parse('2026-07-01T09:30:00'), f.getTime(), new Date('2026-03-01 00:00').getDate()].join(',')`
	for _, tc := range []struct {
		loc  *time.Location
		want string
	}{
		{berlin, "13,-60,1782891000000,1782891000000,14400000,1"},
		{tokyo, "21,-540,1782865800000,1782865800000,-14400000,1"},
		{time.UTC, "12,0,1782898200000,1782898200000,18000000,1"},
	} {
		r := New()
		r.SetTimeZone(tc.loc)
		v, err := r.RunString(src)
		if err != nil {
			t.Fatal(err)
		}
		if got := v.String(); got != tc.want {
			t.Errorf("%s: got %s, want %s", tc.loc, got, tc.want)
		}
	}
}
