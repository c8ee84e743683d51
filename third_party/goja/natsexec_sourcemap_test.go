package goja

// natsexec patch: source map columns (file/file.go, Position).

import (
	"encoding/base64"
	"strings"
	"testing"
)

// TestNatsexecSourceMapColumns runs a one-line minified program whose
// inline map (esbuild's, for the source below) points into orig.js. The
// stack must give orig.js's lines and 1-based columns as Node prints
// them: go-sourcemap's columns are 0-based, goja's 1-based.
//
//	function f() {
//	  throw new Error('x');
//	}
//	f();
func TestNatsexecSourceMapColumns(t *testing.T) {
	const sm = `{"version":3,"sources":["orig.js"],"mappings":"AAAA,SAAS,GAAI,CACX,MAAM,IAAI,MAAM,GAAG,CACrB,CACA,EAAE","names":[]}`
	src := "function f(){throw new Error(\"x\")}f();\n//# sourceMappingURL=data:application/json;base64," + base64.StdEncoding.EncodeToString([]byte(sm)) + "\n"
	p, err := Compile("/bundle.js", src, false)
	if err != nil {
		t.Fatal(err)
	}
	_, err = New().RunProgram(p)
	ex, ok := err.(*Exception)
	if !ok {
		t.Fatalf("want an exception, got %v", err)
	}
	stack := ex.String()
	for _, want := range []string{"at f (/orig.js:2:9(", "at /orig.js:4:1("} {
		if !strings.Contains(stack, want) {
			t.Errorf("stack lacks %q:\n%s", want, stack)
		}
	}
}
