package worker

import (
	"bytes"
	"strings"
	"testing"

	"github.com/natsexec/natsexec/jobs"
)

func TestFitResult(t *testing.T) {
	t.Parallel()
	for _, codec := range []jobs.Codec{jobs.Msgpack, jobs.JSON} {
		res := &jobs.Result{JobID: "big", Status: jobs.StatusOK,
			Stdout: bytes.Repeat([]byte("o"), 300_000), Stderr: bytes.Repeat([]byte("e"), 300_000),
			Files: []jobs.File{{Path: "f", Data: bytes.Repeat([]byte("f"), 200_000)}}}
		const limit = 256 << 10
		body, err := fitResult(codec, res, limit)
		if err != nil {
			t.Fatal(err)
		}
		if len(body) > limit {
			t.Errorf("%s: %d bytes, limit %d", codec.ContentType(), len(body), limit)
		}
		got, err := jobs.DecodeResult(codec, body)
		if err != nil {
			t.Fatal(err)
		}
		if len(got.Files) != 0 || !got.StdoutTruncated || !got.StderrTruncated || len(got.Stdout) == 0 ||
			!strings.Contains(got.Error, "max payload") || got.Status != jobs.StatusOK {
			t.Errorf("%s: files %d truncated %v/%v stdout %d error %q", codec.ContentType(), len(got.Files),
				got.StdoutTruncated, got.StderrTruncated, len(got.Stdout), got.Error)
		}
	}
	small := &jobs.Result{JobID: "s", Stdout: []byte("hi")}
	body, _ := fitResult(jobs.Msgpack, small, 1<<20)
	if got, _ := jobs.DecodeResult(jobs.Msgpack, body); string(got.Stdout) != "hi" || got.StdoutTruncated {
		t.Errorf("a small result was changed: %+v", got)
	}
}
