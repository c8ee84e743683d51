package jobs

import (
	"errors"
	"testing"
)

func TestSeedEntries(t *testing.T) {
	t.Parallel()
	files := []File{{Path: "a/b/c.txt"}, {Path: "/a/b/d.txt"}, {Path: "a/b/c.txt"}, {Path: "e"}, {Path: "../x"}}
	// a, a/b, a/b/c.txt, a/b/d.txt, e; the duplicate and the escaping path add nothing.
	if n := SeedEntries(files); n != 5 {
		t.Errorf("SeedEntries = %d, want 5", n)
	}
}

// limits.file_count has a default and a ceiling, and input files count
// against it with their directories.
func TestFileCountLimit(t *testing.T) {
	t.Parallel()
	if l := (Limits{}).WithDefaults(); l.FileCount != DefaultFileCount {
		t.Errorf("default file_count %d", l.FileCount)
	}
	for _, n := range []int64{-1, MaxFileCount + 1} {
		j := &Job{Runtime: RuntimeJS, Source: "1", Limits: Limits{FileCount: n}}
		var fe *FieldError
		if err := j.Validate(); !errors.Is(err, ErrInvalidJob) || !errors.As(err, &fe) || fe.Field != "limits.file_count" {
			t.Errorf("file_count %d: %v", n, err)
		}
	}
	j := &Job{Runtime: RuntimeJS, Source: "1", Limits: Limits{FileCount: 2}, Files: []File{{Path: "d/f"}, {Path: "g"}}}
	var fe *FieldError
	if err := j.Validate(); !errors.As(err, &fe) || fe.Field != "files" {
		t.Errorf("3 entries under file_count 2: %v", err)
	}
	j = &Job{Runtime: RuntimeJS, Source: "1", Limits: Limits{FileCount: 3}, Files: []File{{Path: "d/f"}, {Path: "g"}}}
	if err := j.Validate(); err != nil {
		t.Errorf("3 entries under file_count 3: %v", err)
	}
}
