package jobs

import (
	"path"
	"strings"
	"unicode/utf8"
)

// Size ceilings for the parts of a job. The message as a whole is bounded by
// the NATS server's max_payload as well (the worker's embedded server takes
// 40 MiB; a nats-server left at its default, 1 MiB). MaxSourceBytes bounds
// the program as it runs, inflated: a 10 MB bundle is a normal job, and
// travels as source_gzip at a fifth of that.
const (
	MaxSourceBytes = 32 << 20
	MaxModuleBytes = 32 << 20
	MaxStdinBytes  = 8 << 20
	MaxArgs        = 1024
	MaxEnv         = 1024
	MaxFiles       = 1024
	MaxIDLength    = 128
)

// Validate checks a job after decoding and fills in defaults. The error, if
// any, wraps ErrInvalidJob and names the offending field.
func (j *Job) Validate() error {
	if len(j.ID) > MaxIDLength {
		return fieldErr("id", "longer than %d bytes", MaxIDLength)
	}
	if err := CheckID(j.ID); err != nil {
		return err
	}
	switch j.Runtime {
	case RuntimeJS, RuntimeTS:
		if len(j.SourceGzip) != 0 {
			if j.Source != "" {
				return fieldErr("source_gzip", "sent together with source: send the program once, in one of them")
			}
			src, err := inflateSource(j.SourceGzip)
			if err != nil {
				return err
			}
			j.Source, j.SourceGzip = src, nil
		}
		if j.Source == "" {
			return fieldErr("source", "required for runtime %q", j.Runtime)
		}
		if len(j.Source) > MaxSourceBytes {
			return fieldErr("source", "larger than %d bytes", MaxSourceBytes)
		}
		if !utf8.ValidString(j.Source) {
			return fieldErr("source", "not valid UTF-8")
		}
		if len(j.Module) != 0 {
			return fieldErr("module", "only for runtime \"wasm\"")
		}
	case RuntimeWASM:
		if len(j.Module) == 0 {
			return fieldErr("module", "required for runtime \"wasm\"")
		}
		if len(j.Module) > MaxModuleBytes {
			return fieldErr("module", "larger than %d bytes", MaxModuleBytes)
		}
		if j.Source != "" || len(j.SourceGzip) != 0 {
			return fieldErr("source", "not used by runtime \"wasm\" (send the module bytes)")
		}
	case "":
		return fieldErr("runtime", "required: one of js, ts, wasm")
	default:
		return fieldErr("runtime", "unknown runtime %q: want js, ts or wasm", j.Runtime)
	}
	switch j.Placement {
	case "":
		j.Placement = PlacementShared
	case PlacementOwned, PlacementShared, PlacementResident:
	default:
		return fieldErr("placement", "unknown placement %q: want owned, shared or resident", j.Placement)
	}
	if len(j.Args) > MaxArgs {
		return fieldErr("args", "more than %d", MaxArgs)
	}
	if len(j.Stdin) > MaxStdinBytes {
		return fieldErr("stdin", "larger than %d bytes", MaxStdinBytes)
	}
	if len(j.Env) > MaxEnv {
		return fieldErr("env", "more than %d variables", MaxEnv)
	}
	for k := range j.Env {
		if k == "" || strings.ContainsAny(k, "=\x00") {
			return fieldErr("env", "bad variable name %q", k)
		}
	}
	if err := j.Limits.validate(); err != nil {
		return err
	}
	j.Limits = j.Limits.WithDefaults()
	if len(j.Files) > MaxFiles {
		return fieldErr("files", "more than %d", MaxFiles)
	}
	var total int64
	for i, f := range j.Files {
		if _, err := CleanPath(f.Path); err != nil {
			return fieldErr("files", "[%d] %v", i, err)
		}
		total += int64(len(f.Data))
	}
	if total > j.Limits.FileBytes {
		return fieldErr("files", "%d bytes, over limits.file_bytes %d", total, j.Limits.FileBytes)
	}
	if n := SeedEntries(j.Files); n > j.Limits.FileCount {
		return fieldErr("files", "%d files and directories, over limits.file_count %d", n, j.Limits.FileCount)
	}
	for i, p := range j.OutputFiles {
		if _, err := CleanPath(p); err != nil {
			return fieldErr("output_files", "[%d] %v", i, err)
		}
	}
	return nil
}

// CheckID refuses the characters of an id that would confuse a subject or
// a header; every other id is stored under Key(id).
func CheckID(id string) error {
	for _, r := range id {
		if r < 0x20 || r == 0x7f || r == ' ' || r == '.' || r == '*' || r == '>' {
			return fieldErr("id", "%q must not contain spaces, dots, wildcards or control characters", id)
		}
	}
	return nil
}

func (l Limits) validate() error {
	switch {
	case l.Timeout < 0 || l.Timeout.Std() > MaxTimeout:
		return fieldErr("limits.timeout", "%s is outside 0..%s", l.Timeout, MaxTimeout)
	case l.MemoryBytes < 0 || l.MemoryBytes > MaxMemoryBytes:
		return fieldErr("limits.memory_bytes", "%d is outside 0..%d", l.MemoryBytes, int64(MaxMemoryBytes))
	case l.OutputBytes < 0 || l.OutputBytes > MaxOutputBytes:
		return fieldErr("limits.output_bytes", "%d is outside 0..%d", l.OutputBytes, int64(MaxOutputBytes))
	case l.FileBytes < 0 || l.FileBytes > MaxFileBytes:
		return fieldErr("limits.file_bytes", "%d is outside 0..%d", l.FileBytes, int64(MaxFileBytes))
	case l.FileCount < 0 || l.FileCount > MaxFileCount:
		return fieldErr("limits.file_count", "%d is outside 0..%d", l.FileCount, int64(MaxFileCount))
	}
	return nil
}

// SeedEntries is how many entries files make in a VM's directory: each
// distinct path and each directory above one. It is what they cost against
// limits.file_count. Paths that do not clean are not counted (Validate
// refuses them).
func SeedEntries(files []File) int64 {
	seen := make(map[string]struct{}, len(files))
	for _, f := range files {
		p, err := CleanPath(f.Path)
		if err != nil {
			continue
		}
		// Once a path is seen, so are the directories above it.
		for ; p != "." && p != "/"; p = path.Dir(p) {
			if _, ok := seen[p]; ok {
				break
			}
			seen[p] = struct{}{}
		}
	}
	return int64(len(seen))
}

// CleanPath turns a guest path into a clean relative one ("a/b.txt"). Leading
// slashes are dropped, since "/" is the VM root; a path that climbs out with
// ".." is refused rather than clamped, so mistakes surface.
func CleanPath(p string) (string, error) {
	if p == "" {
		return "", fieldErr("path", "empty")
	}
	if strings.ContainsRune(p, 0) {
		return "", fieldErr("path", "contains NUL")
	}
	c := path.Clean("/" + strings.ReplaceAll(p, "\\", "/"))
	rel := strings.TrimPrefix(c, "/")
	for _, part := range strings.Split(strings.TrimPrefix(path.Clean(p), "/"), "/") {
		if part == ".." {
			return "", fieldErr("path", "%q leaves the VM root", p)
		}
	}
	if rel == "" {
		return "", fieldErr("path", "%q names the VM root, not a file", p)
	}
	return rel, nil
}
