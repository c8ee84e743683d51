package main

import (
	"strings"
	"testing"

	"github.com/nats-io/nuid"
)

// Ids with characters a KV key cannot hold run and are read back by
// `submit get`; reusing an id tells the user the new program did not run.
func TestIDs(t *testing.T) {
	t.Parallel()
	suffix := nuid.Next()
	for _, id := range []string{"a:b", "x$y", "café", "caf%C3%A9"} {
		id := id + "-" + suffix
		prog := writeFile(t, "id.js", []byte(`console.log("first")`))
		submit(t, nil, "run", "--id", id, prog).expect(t, 0, "first\n")
		submit(t, nil, "get", id).expect(t, 0, "first\n")

		other := writeFile(t, "other.js", []byte(`console.log("second")`))
		o := submit(t, nil, "run", "--id", id, other)
		o.expect(t, 0, "first\n")
		if !strings.Contains(o.stderr, "already had a final result") || !strings.Contains(o.stderr, "not run again") {
			t.Errorf("%s: reusing the id said %q", id, o.stderr)
		}
	}
}
