package guest

import (
	"context"
	"fmt"
	"testing"

	"github.com/natsexec/natsexec/jobs"
)

// Plain scripts skip esbuild; ES modules and TypeScript are transformed
// once per content and compiled once, whichever VM runs them.
func TestJSHostCaches(t *testing.T) {
	t.Parallel()
	h, err := NewHost(context.Background(), HostOptions{BaseDir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	js := h.js
	run := func(rt jobs.Runtime, src string) {
		t.Helper()
		v, err := h.NewVM(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		defer v.Close()
		v.Configure(Config{})
		v.MountNode(context.Background())
		res, err := v.Exec(context.Background(), ExecRequest{Runtime: rt, Source: src})
		if err != nil || res.Kind != KindNone {
			t.Fatalf("%v %s", err, res.Error)
		}
	}
	run(jobs.RuntimeJS, `var a = 1; module.exports = a`)
	if n := js.transforms.len(); n != 0 {
		t.Errorf("plain script went through esbuild (%d transforms)", n)
	}
	run(jobs.RuntimeJS, `export const x = 1`)
	run(jobs.RuntimeJS, `export const x = 1`)
	run(jobs.RuntimeTS, `export const y: number = 2`)
	if n := js.transforms.len(); n != 2 {
		t.Errorf("%d transforms, want 2", n)
	}
	if n := js.programs.len(); n != 3 {
		t.Errorf("%d programs, want 3", n)
	}
}

func TestLRUBounds(t *testing.T) {
	t.Parallel()
	c := newLRU[int](3, 100)
	for i := range 5 {
		c.put(fmt.Sprint(i), i, 10)
	}
	if c.len() != 3 {
		t.Fatalf("len %d", c.len())
	}
	if _, ok := c.get("0"); ok {
		t.Error("oldest entry kept")
	}
	c.get("2") // 2 is now the most recent
	c.put("big", 9, 24)
	c.put("big2", 9, 24)
	c.put("big3", 9, 24)
	if c.bytes > 100 {
		t.Errorf("bytes %d over the bound", c.bytes)
	}
	c.put("huge", 1, 90) // larger than a quarter of the cache: not kept
	if _, ok := c.get("huge"); ok {
		t.Error("oversized entry kept")
	}
}
