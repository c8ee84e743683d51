package sidecar

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// The worker finds its own cgroups from /proc/self/cgroup and mountinfo,
// whatever the layout: v1 hierarchies mounted at their roots (this
// machine), a container's v1 mounts rooted at its own cgroup, and v2.
func TestFindCgroups(t *testing.T) {
	v2 := t.TempDir()
	for _, d := range []string{"worker.slice/w.service"} {
		if err := os.MkdirAll(filepath.Join(v2, d), 0o755); err != nil {
			t.Fatal(err)
		}
		os.WriteFile(filepath.Join(v2, d, "cgroup.controllers"), []byte("cpu memory pids\n"), 0o644)
	}
	cases := []struct {
		name, procCgroup, mountinfo string
		want                        map[string]string // controller → dir
		v2                          bool
	}{
		{
			name:       "v1 at the roots",
			procCgroup: "8:pids:/\n4:memory:/process_api/abc\n0::/\n",
			mountinfo: "34 30 0:31 / /sys/fs/cgroup/memory rw,relatime - cgroup cgroup rw,memory\n" +
				"38 30 0:35 / /sys/fs/cgroup/pids rw,relatime - cgroup cgroup rw,pids\n" +
				"40 30 0:37 / /sys/fs/cgroup/unified rw,relatime - cgroup2 cgroup2 rw\n",
			want: map[string]string{"memory": "/sys/fs/cgroup/memory/process_api/abc", "pids": "/sys/fs/cgroup/pids"},
		},
		{
			name:       "v1 in a container, mounts rooted at its cgroup",
			procCgroup: "5:memory,pids:/docker/123\n",
			mountinfo:  "34 30 0:31 /docker/123 /sys/fs/cgroup/memory,pids rw - cgroup cgroup rw,memory,pids\n",
			want:       map[string]string{"memory": "/sys/fs/cgroup/memory,pids", "pids": "/sys/fs/cgroup/memory,pids"},
		},
		{
			name:       "v2",
			procCgroup: "0::/worker.slice/w.service\n",
			mountinfo:  "30 25 0:26 / " + v2 + " rw - cgroup2 cgroup2 rw\n",
			want:       map[string]string{"memory": filepath.Join(v2, "worker.slice/w.service"), "pids": filepath.Join(v2, "worker.slice/w.service")},
			v2:         true,
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, err := findCgroups(c.procCgroup, strings.NewReader(c.mountinfo), []string{"memory", "pids"})
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != len(c.want) {
				t.Fatalf("got %+v", got)
			}
			for _, g := range got {
				if g.dir != c.want[g.name] || g.v2 != c.v2 {
					t.Errorf("%s: %+v, want dir %s v2 %v", g.name, g, c.want[g.name], c.v2)
				}
			}
		})
	}
	// A controller the worker's v2 cgroup lacks is an error naming it.
	_, err := findCgroups("0::/worker.slice/w.service\n", strings.NewReader("30 25 0:26 / "+v2+" rw - cgroup2 cgroup2 rw\n"), []string{"io"})
	if err == nil || !strings.Contains(err.Error(), "io controller") {
		t.Errorf("missing controller: %v", err)
	}
}
