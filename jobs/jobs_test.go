package jobs

import (
	"bytes"
	"encoding/json"
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/vmihailenco/msgpack/v5"
)

func validJob() Job {
	return Job{
		ID:        "job-1",
		Runtime:   RuntimeJS,
		Placement: PlacementResident,
		Source:    "console.log(1)",
		Args:      []string{"a"},
		Stdin:     []byte("in"),
		Env:       map[string]string{"K": "V"},
		Files:     []File{{Path: "data/x.txt", Data: []byte("x"), Mode: 0o600}},
		Limits:    Limits{Timeout: Duration(2 * time.Second)},
	}
}

func TestJobRoundTrip(t *testing.T) {
	t.Parallel()
	for _, c := range []Codec{Msgpack, JSON} {
		j := validJob()
		b, err := c.Marshal(&j)
		if err != nil {
			t.Fatal(err)
		}
		h := nats.Header{}
		h.Set(HeaderContentType, c.ContentType())
		got, codec, err := FromMessage(h, b)
		if err != nil {
			t.Fatalf("%s: %v", c.ContentType(), err)
		}
		if codec != c {
			t.Errorf("codec %v, want %v", codec, c)
		}
		want := j
		want.Limits = want.Limits.WithDefaults()
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s round trip:\n got %+v\nwant %+v", c.ContentType(), got, want)
		}
	}
}

func TestResultRoundTrip(t *testing.T) {
	t.Parallel()
	r := Result{
		JobID: "j", Status: StatusOK, ExitCode: 3, Stdout: []byte("out"), StderrTruncated: true,
		Exports: map[string]any{"x": int64(1), "s": "str"},
		Phases:  []Phase{{Name: PhaseFirstExec, Start: time.Unix(1700000000, 5).UTC(), Duration: Duration(time.Millisecond)}},
		Worker:  "w", SidecarPID: 42, Attempt: 2, FinishedAt: time.Unix(1700000001, 0).UTC(),
	}
	for _, c := range []Codec{Msgpack, JSON} {
		b, err := EncodeResult(c, &r)
		if err != nil {
			t.Fatal(err)
		}
		got, err := DecodeResult(c, b)
		if err != nil {
			t.Fatal(err)
		}
		if got.Status != r.Status || got.ExitCode != 3 || string(got.Stdout) != "out" || !got.StderrTruncated ||
			got.SidecarPID != 42 || got.Attempt != 2 || !got.FinishedAt.Equal(r.FinishedAt) {
			t.Errorf("%s: got %+v", c.ContentType(), got)
		}
		if d, ok := got.Phase(PhaseFirstExec); !ok || d != time.Millisecond {
			t.Errorf("%s: phase first_exec = %v %v", c.ContentType(), d, ok)
		}
		if got.Exports["s"] != "str" {
			t.Errorf("%s: exports %v", c.ContentType(), got.Exports)
		}
	}
}

func TestHeadersOverrideBody(t *testing.T) {
	t.Parallel()
	j := validJob()
	j.ID = ""
	b, _ := msgpack.Marshal(&j)
	h := nats.Header{}
	h.Set(HeaderMsgID, "from-header")
	h.Set(HeaderPlacement, "owned")
	h.Set(HeaderRuntime, "ts")
	h.Set(HeaderTimeout, "750ms")
	got, _, err := FromMessage(h, b)
	if err != nil {
		t.Fatal(err)
	}
	if got.ID != "from-header" || got.Placement != PlacementOwned || got.Runtime != RuntimeTS || got.Limits.Timeout.Std() != 750*time.Millisecond {
		t.Errorf("headers not applied: %+v", got)
	}
}

func TestJSONDurations(t *testing.T) {
	t.Parallel()
	var l Limits
	if err := json.Unmarshal([]byte(`{"timeout":"1.5s"}`), &l); err != nil || l.Timeout.Std() != 1500*time.Millisecond {
		t.Errorf("string duration: %v %v", l.Timeout, err)
	}
	if err := json.Unmarshal([]byte(`{"timeout":250}`), &l); err != nil || l.Timeout.Std() != 250*time.Millisecond {
		t.Errorf("number duration (ms): %v %v", l.Timeout, err)
	}
	if err := json.Unmarshal([]byte(`{"timeout":"soon"}`), &l); err == nil {
		t.Error("bad duration accepted")
	}
}

// Every bad job is rejected with an error that wraps ErrInvalidJob and names
// the field at fault.
func TestRejections(t *testing.T) {
	t.Parallel()
	js := func(s string) (nats.Header, []byte) {
		h := nats.Header{}
		h.Set(HeaderContentType, ContentTypeJSON)
		return h, []byte(s)
	}
	mp := func(v any) (nats.Header, []byte) {
		b, err := msgpack.Marshal(v)
		if err != nil {
			t.Fatal(err)
		}
		return nats.Header{}, b
	}
	cases := []struct {
		name  string
		h     nats.Header
		body  []byte
		field string
	}{
		{"empty body", nats.Header{}, nil, "body"},
		{"garbage msgpack", nats.Header{}, []byte{0xc1, 0xff, 0x00}, "body"},
		{"garbage json", nil, nil, "body"},
		{"not a map", nil, nil, "body"},
		{"unknown runtime", nil, nil, "runtime"},
		{"missing runtime", nil, nil, "runtime"},
		{"wrong type json", nil, nil, "args"},
		{"wrong type msgpack", nil, nil, "source"},
		{"no source", nil, nil, "source"},
		{"wasm without module", nil, nil, "module"},
		{"bad placement", nil, nil, "placement"},
		{"negative timeout", nil, nil, "limits.timeout"},
		{"huge memory", nil, nil, "limits.memory_bytes"},
		{"escaping file", nil, nil, "files"},
		{"bad id", nil, nil, "id"},
		{"bad env", nil, nil, "env"},
		{"bad content type", nil, nil, "Content-Type"},
		{"bad timeout header", nil, nil, HeaderTimeout},
	}
	cases[2].h, cases[2].body = js(`{"runtime":`)
	cases[3].h, cases[3].body = mp([]int{1, 2})
	cases[4].h, cases[4].body = js(`{"runtime":"python","source":"x"}`)
	cases[5].h, cases[5].body = js(`{"source":"x"}`)
	cases[6].h, cases[6].body = js(`{"runtime":"js","source":"x","args":"notalist"}`)
	cases[7].h, cases[7].body = mp(map[string]any{"runtime": "js", "source": []int{1}})
	cases[8].h, cases[8].body = js(`{"runtime":"js"}`)
	cases[9].h, cases[9].body = js(`{"runtime":"wasm"}`)
	cases[10].h, cases[10].body = js(`{"runtime":"js","source":"x","placement":"moon"}`)
	cases[11].h, cases[11].body = js(`{"runtime":"js","source":"x","limits":{"timeout":"-1s"}}`)
	cases[12].h, cases[12].body = js(`{"runtime":"js","source":"x","limits":{"memory_bytes":99999999999999}}`)
	cases[13].h, cases[13].body = js(`{"runtime":"js","source":"x","files":[{"path":"../../etc/passwd","data":""}]}`)
	cases[14].h, cases[14].body = js(`{"id":"a.b","runtime":"js","source":"x"}`)
	cases[15].h, cases[15].body = js(`{"runtime":"js","source":"x","env":{"A=B":"c"}}`)
	cases[16].h, cases[16].body = nats.Header{HeaderContentType: {"text/plain"}}, []byte("x")
	cases[17].h, cases[17].body = js(`{"runtime":"js","source":"x"}`)
	cases[17].h.Set(HeaderTimeout, "forever")
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, _, err := FromMessage(c.h, c.body)
			if !errors.Is(err, ErrInvalidJob) {
				t.Fatalf("err = %v, want ErrInvalidJob", err)
			}
			var fe *FieldError
			if !errors.As(err, &fe) || fe.Field != c.field {
				t.Fatalf("err = %v, want field %q", err, c.field)
			}
			if !strings.Contains(err.Error(), c.field) {
				t.Errorf("message %q does not name %q", err, c.field)
			}
		})
	}
}

func TestCleanPath(t *testing.T) {
	t.Parallel()
	ok := map[string]string{"a.txt": "a.txt", "/a/b": "a/b", "./x/../y": "y", "a//b/": "a/b"}
	for in, want := range ok {
		if got, err := CleanPath(in); err != nil || got != want {
			t.Errorf("CleanPath(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	for _, bad := range []string{"", "..", "../x", "a/../../x", "/", ".", "a\x00b"} {
		if got, err := CleanPath(bad); err == nil {
			t.Errorf("CleanPath(%q) = %q, want error", bad, got)
		}
	}
}

// TestHostileMsgpackIsRefusedUndecoded: what CheckMsgpack stops never reaches
// the decoder, which would recurse once per level (a stack overflow is fatal)
// and allocate whatever a length claims.
func TestHostileMsgpackIsRefusedUndecoded(t *testing.T) {
	deep := append([]byte("\x81\xa3zzz"), bytes.Repeat([]byte{0x91}, 1<<20)...)
	for name, body := range map[string][]byte{
		"deep":        append(deep, 0xc0),
		"huge map":    []byte("\x82\xa3env\xdf0000"),
		"huge array":  []byte("\x81\xa4args\xdd\xff\xff\xff\xff"),
		"huge string": []byte("\x81\xa6source\xdb\xff\xff\xff\xff"),
	} {
		_, _, err := FromMessage(nats.Header{}, body)
		if !errors.Is(err, ErrInvalidJob) || (!errors.Is(err, ErrMsgpackDepth) && !errors.Is(err, ErrMsgpackShort)) {
			t.Errorf("%s: %v, want an invalid job refused by CheckMsgpack", name, err)
		}
	}
	// The shapes a sound job has pass.
	j := validJob()
	b, _ := msgpack.Marshal(&j)
	if err := CheckMsgpack(b, MaxMsgpackDepth); err != nil {
		t.Errorf("a valid job: %v", err)
	}
}

func FuzzFromMessage(f *testing.F) {
	j := validJob()
	b, _ := msgpack.Marshal(&j)
	f.Add(b, false)
	jb, _ := json.Marshal(&j)
	f.Add(jb, true)
	f.Add([]byte(`{"runtime":"wasm","module":"AGFzbQEAAAA="}`), true)
	f.Add([]byte{0x81, 0xa7, 'r', 'u', 'n', 't', 'i', 'm', 'e', 0xc0}, false)
	// An ext32 header claiming 3.6 GB: must fail fast, not allocate.
	f.Add([]byte("\x81\xa40ovc\xc9\xd6+v0000"), false)
	// A map32 claiming 800 million entries: took 0.7 s before CheckMsgpack.
	f.Add([]byte("\x82\xa3env\xdf0000"), false)
	f.Add(append(bytes.Repeat([]byte{0x91}, MaxMsgpackDepth+1), 0xc0), false)
	compressedSeeds(f)
	f.Fuzz(func(t *testing.T, data []byte, isJSON bool) {
		h := nats.Header{}
		if isJSON {
			h.Set(HeaderContentType, ContentTypeJSON)
		}
		job, _, err := FromMessage(h, data)
		if err != nil {
			if !errors.Is(err, ErrInvalidJob) {
				t.Fatalf("error does not wrap ErrInvalidJob: %v", err)
			}
			return
		}
		// A job that passed validation must be runnable as described.
		if job.Runtime != RuntimeJS && job.Runtime != RuntimeTS && job.Runtime != RuntimeWASM {
			t.Fatalf("accepted runtime %q", job.Runtime)
		}
		if job.Runtime != RuntimeWASM && (job.Source == "" || job.SourceGzip != nil) {
			t.Fatalf("accepted %s job without its source inflated", job.Runtime)
		}
		if job.Limits.Timeout <= 0 || job.Limits.MemoryBytes <= 0 {
			t.Fatalf("accepted job without limits: %+v", job.Limits)
		}
		for _, f := range job.Files {
			if _, err := CleanPath(f.Path); err != nil {
				t.Fatalf("accepted file path %q", f.Path)
			}
		}
	})
}
