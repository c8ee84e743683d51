package guest

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// nestEstimate runs the scanner without a limit.
func nestEstimate(src string, ts bool) (max int, pess bool) {
	s := nestScan{src: src, ts: ts, limit: 1 << 30}
	s.run()
	return s.max, s.pess
}

// Every shape of nesting that overflowed esbuild's stack (a million levels
// of it, or less) is refused before esbuild sees it, and so is the same
// nesting dressed up to make the scanner lose track of it.
func TestNestingScanRefusesDeepSources(t *testing.T) {
	t.Parallel()
	const n = 200_000
	rep := strings.Repeat
	// wrap builds depth around x with open/close repeated n times.
	wrap := func(open, x, close string) string { return rep(open, n) + x + rep(close, n) }
	cases := map[string]struct {
		src string
		ts  bool
	}{
		"parens":                  {src: "x=" + wrap("(", "1", ")")},
		"arrays":                  {src: "x=" + wrap("[", "", "]")},
		"objects":                 {src: "x=" + wrap("{a:", "1", "}")},
		"blocks":                  {src: wrap("{", "", "}")},
		"templates":               {src: "x=" + wrap("`${", "1", "}`")},
		"spread":                  {src: "x=" + wrap("[...", "[]", "]")},
		"functions":               {src: wrap("function f(){", "", "}")},
		"ternary":                 {src: "x=" + rep("a?b:", n) + "c"},
		"ternary2":                {src: "x=" + rep("a?", n) + "b" + rep(":c", n)},
		"if":                      {src: rep("if(1)", n) + ";"},
		"else if":                 {src: "if(a)x();" + rep("else if(a)x();", n)},
		"while":                   {src: rep("while(0)", n) + ";"},
		"labels":                  {src: rep("a:", n) + ";"},
		"arrows":                  {src: "x=" + rep("a=>", n) + "1"},
		"assignments":             {src: rep("a=", n) + "1"},
		"exponents":               {src: "x=" + rep("2**", n) + "1"},
		"members":                 {src: "x=a" + rep(".b", n)},
		"optional":                {src: "x=a" + rep("?.b", n)},
		"calls":                   {src: "x=a" + rep("()", n)},
		"index":                   {src: "x=a" + rep("[0]", n)},
		"tagged":                  {src: "x=f" + rep("``", n)},
		"not":                     {src: "x=" + rep("!", n) + "1"},
		"minus":                   {src: "x=" + rep("- ", n) + "1"},
		"typeof":                  {src: "x=" + rep("typeof ", n) + "1"},
		"new":                     {src: "x=" + rep("new ", n) + "X"},
		"await":                   {src: "async function f(){" + rep("await ", n) + "1}"},
		"class extends":           {src: "x=" + rep("class extends ", n) + "Object" + rep("{}", n)},
		"ts generics":             {src: "type T = " + wrap("A<", "B", ">") + ";", ts: true},
		"ts keyof":                {src: "type T = " + rep("keyof ", n) + "B;", ts: true},
		"ts unique":               {src: "type T = " + rep("A extends unique symbol ? B : ", n) + "C;", ts: true},
		"ts cond":                 {src: "type T = " + rep("A extends B ? C : ", n) + "D;", ts: true},
		"ts fn types":             {src: "type T = " + rep("()=>", n) + "D;", ts: true},
		"ts arrays":               {src: "type T = B" + rep("[]", n) + ";", ts: true},
		"ts generics with commas": {src: "type T = " + wrap("A<x,", "B", ">") + ";", ts: true},
		"ts non-null":             {src: "x = a" + rep("!", n), ts: true},
		// Chains broken up by things the scanner might take for the end of
		// a statement: property names that are keywords, white space that
		// is not ASCII, a prefix word before a function.
		"keyword properties": {src: "x=a" + rep(".case.default.if.function", n/4)},
		"unicode spaces":     {src: "x=a" + rep(".b\u3000", n)},
		"async chain":        {src: rep("a = async function(){ return a = ", n/2) + "1" + rep("}", n/2)},
		"ts type literal":    {src: rep("a = b = (): {} => (", n/3) + "1" + rep(")", n/3), ts: true},
		"comments":           {src: "x=" + rep("( /* ) */ // )\n", n) + rep(")", n)},
		"html comments":      {src: "x=" + rep("( <!-- )))\n", n) + rep(")", n)},
		"u2028 ends comment": {src: "x=" + rep("(// )\u2028", n) + rep(")", n)},
		"strings":            {src: "x=" + rep(`( ")" ')' `, n) + rep(")", n)},
		"string continued":   {src: "x=" + rep("(\"\\\n)\" ", n) + rep(")", n)},
		"template text":      {src: "x=" + rep("(`)}`", n) + rep(")", n)},
	}
	// Closing brackets hidden where esbuild reads a regular expression: the
	// true depth (blocks, which a statement can be in) grows by 3000 a
	// round, while a scanner reading the hidden "}" as code would see it
	// fall back to nothing.
	closers := rep("}", 3000)
	for name, trick := range map[string]string{
		"regexp after block":             "{}\n/" + closers + "/.test(s);",
		"regexp after declaration":       "function f(){}\n/" + closers + "/;",
		"regexp after async declaration": "async function f(){}\n/" + closers + "/;",
		"regexp after class":             "class A {}\n/" + closers + "/;",
		"regexp after if":                "if (a) /" + closers + "/;",
		"regexp after return":            "return\n{}\n/" + closers + "/;",
		"regexp after catch":             "try {} catch {}\n/" + closers + "/;",
		"regexp after labelled function": "a: function f(){}\n/" + closers + "/;",
		"regexp after case block":        "switch (x) { case 1: {}\n/" + closers + "/; }",
		"regexp after yield":             "yield /" + closers + "/;",
		"regexp after await":             "await /" + closers + "/;",
		"regexp after arrow body":        "f = a => {}\n/" + closers + "/;",
	} {
		var b strings.Builder
		b.WriteString("async function* g() {")
		for range 50 {
			b.WriteString(rep("{", 3000))
			b.WriteString(trick)
		}
		cases[name] = struct {
			src string
			ts  bool
		}{src: b.String()}
	}
	for name, c := range cases {
		err := checkNesting("/m.js", c.src, c.ts, esbuildMaxNesting)
		var ne *nestingError
		if !errors.As(err, &ne) {
			max, pess := nestEstimate(c.src, c.ts)
			t.Errorf("%s: accepted (estimate %d, pessimistic %v)", name, max, pess)
			continue
		}
		if !strings.Contains(err.Error(), "Maximum call stack size exceeded") || ne.line < 1 || ne.col < 1 {
			t.Errorf("%s: %v", name, err)
		}
	}
}

// What real code looks like stays far below the bound, and nothing in it
// sends the scanner into its pessimistic mode.
func TestNestingScanAcceptsRealCode(t *testing.T) {
	t.Parallel()
	src := `#!/usr/bin/env node
import { readFile } from "node:fs/promises"
export default async function main(argv) {
  const re = /[/\]]+(\d+)?/g, n = a / b / c, m = (x) / 2
  if (re.test(argv[0])) /x(y)/.exec(argv[1]); else if (n > 1) { m++ } else return
  const o = { a: 1, b: [1, 2, {c: 3}], get d() { return this.a }, ['e' + n]: n ? {x: 1} : {y: 2} }
  const t = ` + "`a ${o.a + `b ${o.b.map(x => x * 2).join(',')}`} c ${/}/.source}`" + `
  label: for (const k of Object.keys(o)) { if (!k) continue label; console.log(k) }
  switch (n) { case 1: { break } default: }
  for await (const line of lines()) /re/.test(line)
  x = function () {} / 2 / 3; y = {} / 4 / 5
  class A extends B { static #p = 1; m() { return super.m?.() ?? A.#p } }
  <!-- a legacy comment ))))
  --> another ]]]]
  // a comment with ))) and /re/
  /* and ))) */ return await readFile(argv[0], 'utf8').then(s => s.split('\n')).catch(() => [])
}
function* g() { yield /abc/; yield* g() }
`
	ts := `
interface Box<T extends object = {}> { value: T; map<U>(f: (v: T) => U): Box<U> }
type Deep<T> = T extends Array<infer U> ? Deep<U> : T extends object ? { [K in keyof T]: Deep<T[K]> } : T
declare const u: unique symbol
export class C<T> implements Box<T> {
  constructor(private readonly v: T) {}
  get value(): T { return this.v! }
  map<U>(f: (v: T) => U): Box<U> { return new C(f(this.v)) as unknown as Box<U> }
}
let f = <T,>(x: T): {x: T} => ({ x }), g = (a?: number, b: string = "") => a! / 2 / 3
enum E { A = 1 << 2, B = A | 1 }
`
	for _, c := range []struct {
		src string
		ts  bool
	}{{stripHashbang(src), false}, {ts, true}} {
		max, pess := nestEstimate(c.src, c.ts)
		if pess || max > 40 {
			t.Errorf("estimate %d, pessimistic %v", max, pess)
		}
		if err := checkNesting("/m.js", c.src, c.ts, esbuildMaxNesting); err != nil {
			t.Error(err)
		}
	}
	// The estimate is what nesting is: 3000 levels pass, as they do in
	// goja; many statements one after another add nothing.
	ok := []string{
		"x=" + strings.Repeat("(", 1500) + "1" + strings.Repeat(")", 1500),
		strings.Repeat("if (a) { b() }\n", 20000),
		strings.Repeat("a.b.c(d).e = f ? g : h\n", 20000),
		strings.Repeat("x = y / 2 / z; ", 20000),
		"switch (x) {" + strings.Repeat("case 1: ", 20000) + "}",
		"x = a" + strings.Repeat(" + a", 20000),
	}
	for i, src := range ok {
		if err := checkNesting("/m.js", src, false, esbuildMaxNesting); err != nil {
			max, _ := nestEstimate(src, false)
			t.Errorf("source %d refused (estimate %d): %v", i, max, err)
		}
	}
	// Functions and arrows cost esbuild the cube of their nesting (1000
	// levels: 3.5 s), so they count more: 100 levels pass, 600 do not.
	for _, c := range []struct {
		src string
		ok  bool
	}{
		{"x = " + strings.Repeat("a => ", 100) + "1", true},
		{"x = " + strings.Repeat("a => ", 600) + "1", false},
		{strings.Repeat("function f() {", 100) + strings.Repeat("}", 100), true},
		{strings.Repeat("function f() {", 600) + strings.Repeat("}", 600), false},
		{"x = " + strings.Repeat("class { m() { return ", 300) + "1" + strings.Repeat("}}", 300), false},
	} {
		if err := checkNesting("/m.js", c.src, false, esbuildMaxNesting); (err == nil) != c.ok {
			max, _ := nestEstimate(c.src, false)
			t.Errorf("%.40s...: estimate %d, error %v", c.src, max, err)
		}
	}
}

// The JavaScript on this machine, if there is any (npm's own modules,
// minified libraries): none of it comes near the bound.
func TestNestingScanCorpus(t *testing.T) {
	t.Parallel()
	var files []string
	for _, root := range []string{"/usr/lib/node_modules", "/usr/share/javascript"} {
		filepath.WalkDir(root, func(p string, d os.DirEntry, err error) error {
			if err == nil && !d.IsDir() && (strings.HasSuffix(p, ".js") || strings.HasSuffix(p, ".ts")) {
				files = append(files, p)
			}
			return nil
		})
	}
	if len(files) == 0 {
		t.Skip("no JavaScript corpus on this machine")
	}
	worst, worstFile := 0, ""
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			continue
		}
		max, pess := nestEstimate(stripHashbang(string(b)), strings.HasSuffix(f, ".ts"))
		if pess {
			t.Errorf("%s: pessimistic", f)
		}
		if max > worst {
			worst, worstFile = max, f
		}
	}
	if worst > esbuildMaxNesting/10 {
		t.Errorf("%s: estimate %d", worstFile, worst)
	}
	t.Logf("%d files, largest estimate %d (%s)", len(files), worst, worstFile)
}
