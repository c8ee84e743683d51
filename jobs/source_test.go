package jobs

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"errors"
	"math/rand/v2"
	"strings"
	"sync"
	"testing"

	"github.com/nats-io/nats.go"
	"github.com/vmihailenco/msgpack/v5"
)

func gz(t testing.TB, data []byte) []byte {
	t.Helper()
	var b bytes.Buffer
	w := gzip.NewWriter(&b)
	if _, err := w.Write(data); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// bigSource is a program of about n bytes that compresses well.
func bigSource(n int) string {
	var b strings.Builder
	for i := 0; b.Len() < n; i++ {
		b.WriteString("function f")
		b.WriteString(strings.Repeat("x", i%7))
		b.WriteString("(a) { return a + 1; }\n")
	}
	return b.String()
}

func TestCompressedSourceRoundTrip(t *testing.T) {
	t.Parallel()
	src := bigSource(1 << 20)
	for _, c := range []Codec{Msgpack, JSON} {
		j := Job{ID: "big", Runtime: RuntimeJS, Source: src}
		if err := j.CompressSource(); err != nil {
			t.Fatal(err)
		}
		if j.Source != "" || len(j.SourceGzip) == 0 || len(j.SourceGzip) > len(src)/5 {
			t.Fatalf("compressed to %d bytes (source %q)", len(j.SourceGzip), j.Source)
		}
		b, err := c.Marshal(&j)
		if err != nil {
			t.Fatal(err)
		}
		if c == JSON && !bytes.Contains(b, []byte(`"source_gzip":"H4sI`)) {
			t.Errorf("JSON does not carry source_gzip as base64: %.80s", b)
		}
		h := nats.Header{}
		h.Set(HeaderContentType, c.ContentType())
		got, _, err := FromMessage(h, b)
		if err != nil {
			t.Fatalf("%s: %v", c.ContentType(), err)
		}
		if got.Source != src || got.SourceGzip != nil {
			t.Fatalf("%s: inflated %d bytes (want %d), source_gzip left %d", c.ContentType(), len(got.Source), len(src), len(got.SourceGzip))
		}
	}
}

func TestCompressSourceLeavesSmallAndIncompressible(t *testing.T) {
	t.Parallel()
	small := Job{Runtime: RuntimeJS, Source: bigSource(CompressAbove)[:CompressAbove]}
	noise := make([]byte, 2*CompressAbove)
	r := rand.NewChaCha8([32]byte{})
	_, _ = r.Read(noise)
	random := Job{Runtime: RuntimeJS, Source: string(noise)}
	wasm := Job{Runtime: RuntimeWASM, Module: []byte(bigSource(1 << 20))}
	for name, j := range map[string]*Job{"small": &small, "random": &random, "wasm": &wasm} {
		before := *j
		if err := j.CompressSource(); err != nil {
			t.Fatal(err)
		}
		if j.Source != before.Source || j.SourceGzip != nil {
			t.Errorf("%s: compressed", name)
		}
	}
}

// bomb is a source_gzip of a few KB that inflates one byte past the cap.
var bomb = sync.OnceValue(func() []byte {
	var b bytes.Buffer
	w, _ := gzip.NewWriterLevel(&b, gzip.BestCompression)
	_, _ = w.Write(make([]byte, MaxSourceBytes+1))
	_ = w.Close()
	return b.Bytes()
})

func TestCompressedSourceRejected(t *testing.T) {
	t.Parallel()
	bomb := bomb()
	good := gz(t, []byte("console.log(1)"))
	badCRC := bytes.Clone(good)
	badCRC[len(badCRC)-8] ^= 0xff
	for _, c := range []struct {
		name  string
		job   Job
		field string
		want  string
	}{
		{"both", Job{Runtime: RuntimeJS, Source: "1", SourceGzip: good}, "source_gzip", "send the program once"},
		{"not gzip", Job{Runtime: RuntimeJS, SourceGzip: []byte("console.log(1)")}, "source_gzip", "not gzip"},
		{"zip bomb", Job{Runtime: RuntimeJS, SourceGzip: bomb}, "source_gzip", "inflates past"},
		{"truncated", Job{Runtime: RuntimeJS, SourceGzip: good[:len(good)-5]}, "source_gzip", "truncated"},
		{"bad checksum", Job{Runtime: RuntimeJS, SourceGzip: badCRC}, "source_gzip", "checksum"},
		{"compressed too large", Job{Runtime: RuntimeJS, SourceGzip: make([]byte, MaxSourceBytes+1)}, "source_gzip", "compressed"},
		{"not UTF-8", Job{Runtime: RuntimeTS, SourceGzip: gz(t, []byte("x\xff"))}, "source", "UTF-8"},
		{"empty", Job{Runtime: RuntimeJS, SourceGzip: gz(t, nil)}, "source", "required"},
		{"wasm", Job{Runtime: RuntimeWASM, Module: []byte{0}, SourceGzip: good}, "source", "wasm"},
	} {
		err := c.job.Validate()
		var fe *FieldError
		if !errors.Is(err, ErrInvalidJob) || !errors.As(err, &fe) || fe.Field != c.field || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: %v, want field %s with %q", c.name, err, c.field, c.want)
		}
	}
	if len(bomb) > 64<<10 {
		t.Fatalf("the bomb is %d bytes: not much of one", len(bomb))
	}
}

// A whole message whose source_gzip is a bomb is rejected by FromMessage,
// the worker's decoder, naming the field.
func TestFromMessageZipBomb(t *testing.T) {
	t.Parallel()
	body, err := json.Marshal(map[string]any{"runtime": "js", "source_gzip": bomb()})
	if err != nil {
		t.Fatal(err)
	}
	h := nats.Header{}
	h.Set(HeaderContentType, ContentTypeJSON)
	_, _, err = FromMessage(h, body)
	var fe *FieldError
	if !errors.As(err, &fe) || fe.Field != "source_gzip" {
		t.Fatalf("err = %v, want field source_gzip", err)
	}
}

func FuzzInflateSource(f *testing.F) {
	f.Add(gz(f, []byte("console.log(1)")))
	f.Add(gz(f, []byte(bigSource(200<<10))))
	f.Add(gz(f, nil))
	f.Add([]byte{0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff})
	g := gz(f, []byte("abc"))
	f.Add(append(bytes.Clone(g), g...)) // two members
	f.Add(g[:len(g)-3])
	f.Fuzz(func(t *testing.T, data []byte) {
		src, err := inflateSource(data)
		if err != nil {
			var fe *FieldError
			if !errors.As(err, &fe) || fe.Field != "source_gzip" {
				t.Fatalf("error %v does not name source_gzip", err)
			}
			return
		}
		if len(src) > MaxSourceBytes {
			t.Fatalf("inflated %d bytes, over the cap", len(src))
		}
	})
}

// Seeds for FuzzFromMessage with a compressed source, in both codecs.
func compressedSeeds(f *testing.F) {
	j := Job{Runtime: RuntimeJS, SourceGzip: gz(f, []byte("console.log(1)"))}
	b, _ := msgpack.Marshal(&j)
	f.Add(b, false)
	jb, _ := json.Marshal(&j)
	f.Add(jb, true)
}
