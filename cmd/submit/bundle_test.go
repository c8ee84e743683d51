package main

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/nats-io/nats.go"

	"github.com/natsexec/natsexec/jobs"
)

// writeProject writes files (slash paths) under a new directory.
func writeProject(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, data := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// A project as npm leaves it: a CommonJS package, an ES module package
// with an "exports" map, a JSON file, built-ins.
var npmProject = map[string]string{
	"package.json": `{"name":"app","private":true,"dependencies":{"greeter":"1.0.0","shapes":"2.0.0"}}`,

	"node_modules/greeter/package.json": `{"name":"greeter","version":"1.0.0","main":"lib/index.js"}`,
	"node_modules/greeter/lib/index.js": `const { format } = require('node:util');
module.exports = function greet(who) { return format('hello, %s (%s)', who, process.env.NODE_ENV); };`,

	"node_modules/shapes/package.json": `{"name":"shapes","version":"2.0.0","type":"module",
  "exports":{".":{"import":"./esm/index.js","require":"./cjs/index.cjs"},"./package.json":"./package.json"}}`,
	"node_modules/shapes/esm/index.js":  `export const area = (r) => Math.round(Math.PI * r * r); export const kind = 'esm';`,
	"node_modules/shapes/cjs/index.cjs": `exports.area = (r) => Math.round(Math.PI * r * r); exports.kind = 'cjs';`,

	"config.json": `{"radius": 2}`,
	"app.js": `const greet = require('greeter');
const { area, kind } = require('shapes');
const { createHash } = require('crypto');
const fs = require('fs');
const { radius } = require('./config.json');
console.log(greet('bundle'));
console.log(kind, area(radius), createHash('md5').update('x').digest('hex').slice(0, 6), typeof fs.readFileSync);
`,
	"boom.js": `const greet = require('greeter');

function main() {
  throw new Error(greet('boom'));
}
main();
`,
	"src/main.ts": `import { area, kind } from 'shapes';
import greet from 'greeter';
type Circle = { r: number };
const c: Circle = { r: 1 };
console.log(kind, area(c.r), greet('ts'));
`,
	"missing.js": "const x = 1;\nrequire('left-pad');\n",
	"plain.js":   "const os = require('os');\nconsole.log('plain', typeof os.EOL);\n",
}

func TestRunBundlesProject(t *testing.T) {
	t.Parallel()
	dir := writeProject(t, npmProject)
	submit(t, nil, "run", filepath.Join(dir, "app.js")).expect(t, 0, "hello, bundle (production)\ncjs 13 9dd4e4 function\n")
	// The ES module entry takes the packages' "import" side; --env sets
	// NODE_ENV for the bundle as for the guest.
	submit(t, nil, "run", "--env", "NODE_ENV=test", filepath.Join(dir, "src", "main.ts")).expect(t, 0, "esm 3 hello, ts (test)\n")
	// --log-level info says what was bundled.
	o := submit(t, nil, "run", "--log-level", "info", filepath.Join(dir, "app.js"))
	if o.code != 0 || !strings.Contains(o.stderr, "msg=bundled entry=app.js") || !strings.Contains(o.stderr, "files=4") {
		t.Errorf("--log-level info: exit %d stderr %q", o.code, o.stderr)
	}
}

// A thrown error's stack names the file and line it was thrown from, as
// written, through the bundle's source map.
func TestRunBundleStackTrace(t *testing.T) {
	t.Parallel()
	dir := writeProject(t, npmProject)
	o := submit(t, nil, "run", filepath.Join(dir, "boom.js"))
	if o.code != exitGuestError || !strings.Contains(o.stderr, "Error: hello, boom (production)\n    at main (/boom.js:4:9)") {
		t.Fatalf("exit %d stderr:\n%s", o.code, o.stderr)
	}
	o = submit(t, nil, "run", "--json", filepath.Join(dir, "boom.js"))
	if !strings.Contains(o.stdout, `at main (/boom.js:4:9)`) {
		t.Errorf("result.error does not name boom.js:4:9:\n%s", o.stdout)
	}
}

func TestRunNoBundle(t *testing.T) {
	t.Parallel()
	dir := writeProject(t, npmProject)
	o := submit(t, nil, "run", "--no-bundle", filepath.Join(dir, "app.js"))
	if o.code != exitGuestError || !strings.Contains(o.stderr, "Cannot find module 'greeter'") {
		t.Fatalf("exit %d stderr:\n%s", o.code, o.stderr)
	}
}

func TestRunBundleError(t *testing.T) {
	t.Parallel()
	dir := writeProject(t, npmProject)
	o := submit(t, nil, "run", filepath.Join(dir, "missing.js"))
	if o.code != exitUsage || !strings.Contains(o.stderr, `missing.js:2:9: Could not resolve "left-pad"`) || !strings.Contains(o.stderr, "--no-bundle") {
		t.Fatalf("exit %d stderr:\n%s", o.code, o.stderr)
	}
}

// What each run put on the wire, seen by a subscriber on its queue.
func wireJob(t *testing.T, queue string, args ...string) (outcome, *nats.Msg) {
	t.Helper()
	nc, err := nats.Connect(natsURL)
	if err != nil {
		t.Fatal(err)
	}
	defer nc.Close()
	sub, err := nc.SubscribeSync(jobs.JobSubject(queue))
	if err != nil {
		t.Fatal(err)
	}
	if err := nc.Flush(); err != nil {
		t.Fatal(err)
	}
	o := submit(t, nil, append([]string{"run", "--queue", queue}, args...)...)
	m, err := sub.NextMsg(10 * time.Second)
	if err != nil {
		t.Fatalf("no job on queue %s: %v (submit exit %d, stderr %s)", queue, err, o.code, o.stderr)
	}
	return o, m
}

// A plain script that imports only built-ins goes as it is: same text,
// same runtime.
func TestRunPlainScriptUnchanged(t *testing.T) {
	t.Parallel()
	dir := writeProject(t, npmProject)
	o, m := wireJob(t, "plain", filepath.Join(dir, "plain.js"))
	o.expect(t, 0, "plain string\n")
	var j jobs.Job
	if err := jobs.Msgpack.Unmarshal(m.Data, &j); err != nil {
		t.Fatal(err)
	}
	if j.Source != npmProject["plain.js"] || j.Runtime != jobs.RuntimeJS {
		t.Errorf("sent %s %q, want the file as it is", j.Runtime, j.Source)
	}
}

// A bundle of about 10 MB is a normal job: it travels compressed, well
// under the server's max_payload, and runs.
func TestRunLargeBundle(t *testing.T) {
	t.Parallel()
	files := map[string]string{
		"package.json":                    `{"name":"big"}`,
		"node_modules/words/package.json": `{"name":"words","main":"index.js"}`,
		"main.js": `const words = require('words');
let n = 0;
for (const w of words.list) n += w.length;
console.log(words.list.length, n, words.pick(7));
`,
	}
	var b strings.Builder
	b.WriteString("exports.list = [\n")
	count, chars := 0, 0
	for i := 0; b.Len() < 10<<20; i++ {
		w := fmt.Sprintf("word-%d-%x", i, uint32(i)*2654435761)
		fmt.Fprintf(&b, "  %q,\n", w)
		count, chars = count+1, chars+len(w)
	}
	b.WriteString("];\nexports.pick = function pick(i) { return exports.list[i]; };\n")
	files["node_modules/words/index.js"] = b.String()
	dir := writeProject(t, files)

	// goja holds a program in about fifteen times its text: more than the
	// 128 MiB default for this one.
	o, m := wireJob(t, "large", "--memory", "512MiB", "--timeout", "1m", filepath.Join(dir, "main.js"))
	seven := 7
	o.expect(t, 0, fmt.Sprintf("%d %d word-7-%x\n", count, chars, uint32(seven)*2654435761))
	var j jobs.Job
	if err := jobs.Msgpack.Unmarshal(m.Data, &j); err != nil {
		t.Fatal(err)
	}
	if j.Source != "" || len(j.SourceGzip) == 0 || len(m.Data) > 4<<20 {
		t.Errorf("sent %d bytes, source %d bytes, source_gzip %d bytes: want it compressed", len(m.Data), len(j.Source), len(j.SourceGzip))
	}
	if err := j.Validate(); err != nil || len(j.Source) < 10<<20 || !strings.Contains(j.Source, "sourceMappingURL=data:") {
		t.Errorf("inflated: %v, %d bytes", err, len(j.Source))
	}
}

// A source_gzip that inflates past the cap is rejected by the worker,
// naming the field, without inflating more than the cap.
func TestRejectedZipBomb(t *testing.T) {
	t.Parallel()
	var gz bytes.Buffer
	w := gzip.NewWriter(&gz)
	if _, err := w.Write(make([]byte, jobs.MaxSourceBytes+1)); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	body, err := jobs.JSON.Marshal(&jobs.Job{ID: "zip-bomb", Runtime: jobs.RuntimeJS, SourceGzip: gz.Bytes()})
	if err != nil {
		t.Fatal(err)
	}
	nc, err := nats.Connect(natsURL)
	if err != nil {
		t.Fatal(err)
	}
	defer nc.Close()
	m := nats.NewMsg(jobs.JobSubject(""))
	m.Data = body
	m.Header.Set(jobs.HeaderMsgID, "zip-bomb")
	m.Header.Set(jobs.HeaderContentType, jobs.ContentTypeJSON)
	if err := nc.PublishMsg(m); err != nil {
		t.Fatal(err)
	}
	o := submit(t, nil, "get", "--wait", "zip-bomb")
	if o.code != exitRejected || !strings.Contains(o.stderr, "source_gzip") || !strings.Contains(o.stderr, "inflates past") {
		t.Fatalf("exit %d stderr %q", o.code, o.stderr)
	}
}
