package guest

import (
	"bytes"
	"errors"
	"fmt"
	"strings"

	"github.com/dop251/goja"
)

// child_process runs commands of the VM's WASM command set (v.runCommand);
// there are no host processes behind it. Only the synchronous forms exist.

var errNoWASM = errors.New("wasm runtime not mounted in this VM")

func (js *jsState) childProcessModule(module *goja.Object) {
	e := module.Get("exports").ToObject(js.rt)
	e.Set("execSync", js.execSync)
	e.Set("spawnSync", js.spawnSync)
	e.Set("execFileSync", js.execFileSync)
}

type childResult struct {
	status int
	stdout []byte
	stderr []byte
	err    error
}

// runPipeline runs cmd | cmd | ... feeding each command's stdout to the
// next; the status is the last command's.
func (js *jsState) runPipeline(stages [][]string, input []byte) childResult {
	if js.n.v.wasm == nil {
		panic(js.newError(errNoWASM.Error()))
	}
	limit := js.n.v.cfg.Limits.OutputBytes
	var res childResult
	in := input
	var errs bytes.Buffer
	for _, argv := range stages {
		if len(argv) == 0 {
			res.err = errors.New("empty command")
			return res
		}
		out := &boundedBuffer{limit: limit}
		eb := &boundedBuffer{limit: limit}
		code, err := js.n.v.runCommand(js.n.ctx, argv[0], argv[1:], in, out, eb)
		errs.Write(eb.buf.Bytes())
		if ce := (*CommandError)(nil); errors.As(err, &ce) && ce.Kind == KindFileLimit {
			// The VM's files are the exec's: a command that filled them
			// ends the exec as a write of its own would.
			js.n.st.halt(&stopCause{kind: KindFileLimit, msg: ce.Msg})
		}
		if err != nil {
			res.err = err
			res.stderr = errs.Bytes()
			return res
		}
		if out.over || eb.over {
			res.err = fmt.Errorf("ENOBUFS: output of %s passed %d bytes", argv[0], limit)
		}
		res.status = code
		in = out.buf.Bytes()
	}
	res.stdout = in
	res.stderr = errs.Bytes()
	return res
}

type boundedBuffer struct {
	buf   bytes.Buffer
	limit int64
	over  bool
}

func (b *boundedBuffer) Write(p []byte) (int, error) {
	if room := b.limit - int64(b.buf.Len()); int64(len(p)) > room {
		b.over = true
		if room > 0 {
			b.buf.Write(p[:room])
		}
		return len(p), nil
	}
	return b.buf.Write(p)
}

// splitCommand splits a command line on whitespace and unquoted pipes,
// honouring single quotes, double quotes and backslashes. Other shell
// syntax (redirection, &&, globbing, variables) is not interpreted.
func splitCommand(s string) ([][]string, error) {
	var stages [][]string
	var cur []string
	var word strings.Builder
	inWord := false
	var quote rune
	flush := func() {
		if inWord {
			cur = append(cur, word.String())
			word.Reset()
			inWord = false
		}
	}
	rs := []rune(s)
	for i := 0; i < len(rs); i++ {
		r := rs[i]
		switch {
		case quote != 0:
			if r == quote {
				quote = 0
			} else if r == '\\' && quote == '"' && i+1 < len(rs) && strings.ContainsRune("\"\\$`", rs[i+1]) {
				i++
				word.WriteRune(rs[i])
			} else {
				word.WriteRune(r)
			}
		case r == '\'' || r == '"':
			quote, inWord = r, true
		case r == '\\' && i+1 < len(rs):
			i++
			word.WriteRune(rs[i])
			inWord = true
		case r == ' ' || r == '\t' || r == '\n':
			flush()
		case r == '|':
			flush()
			if len(cur) == 0 {
				return nil, errors.New("syntax error near unexpected token '|'")
			}
			stages = append(stages, cur)
			cur = nil
		default:
			word.WriteRune(r)
			inWord = true
		}
	}
	if quote != 0 {
		return nil, errors.New("unterminated quote")
	}
	flush()
	if len(cur) == 0 {
		if len(stages) > 0 {
			return nil, errors.New("syntax error: command expected after '|'")
		}
		return nil, errors.New("empty command")
	}
	return append(stages, cur), nil
}

func (js *jsState) childInput(o *goja.Object) []byte {
	if o == nil {
		return nil
	}
	if in := o.Get("input"); in != nil && !goja.IsUndefined(in) && !goja.IsNull(in) {
		return js.bytesArg(in, o.Get("encoding"))
	}
	return nil
}

func (js *jsState) childError(msg string, r childResult, enc string) *goja.Object {
	e := js.newError(msg)
	e.Set("status", r.status)
	e.Set("signal", goja.Null())
	e.Set("stdout", encodeOut(js, r.stdout, enc))
	e.Set("stderr", encodeOut(js, r.stderr, enc))
	return e
}

func (js *jsState) execSync(c goja.FunctionCall) goja.Value {
	cmd := c.Argument(0).String()
	enc, o := optsArg(c.Argument(1))
	stages, err := splitCommand(cmd)
	if err != nil {
		panic(js.newErrorf("Command failed: %s\n%v", cmd, err))
	}
	r := js.runPipeline(stages, js.childInput(o))
	// Node's default stdio lets the child's stderr through to the parent's.
	if js.n.stderr != nil && len(r.stderr) > 0 {
		js.n.stderr.Write(r.stderr)
	}
	if r.err != nil {
		panic(js.childError(fmt.Sprintf("Command failed: %s\n%v", cmd, r.err), r, enc))
	}
	if r.status != 0 {
		panic(js.childError(fmt.Sprintf("Command failed: %s\n%s", cmd, r.stderr), r, enc))
	}
	return encodeOut(js, r.stdout, enc)
}

func (js *jsState) argvFrom(c goja.FunctionCall) ([]string, *goja.Object) {
	argv := []string{c.Argument(0).String()}
	optIdx := 1
	if a, ok := c.Argument(1).(*goja.Object); ok && a.ClassName() == "Array" {
		n := a.Get("length").ToInteger()
		for i := int64(0); i < n; i++ {
			argv = append(argv, a.Get(fmt.Sprint(i)).String())
		}
		optIdx = 2
	}
	_, o := optsArg(c.Argument(optIdx))
	return argv, o
}

func (js *jsState) spawnSync(c goja.FunctionCall) goja.Value {
	argv, o := js.argvFrom(c)
	enc, _ := optsArg(o)
	r := js.runPipeline([][]string{argv}, js.childInput(o))
	rt := js.rt
	res := rt.NewObject()
	res.Set("pid", 0)
	res.Set("signal", goja.Null())
	stdout, stderr := encodeOut(js, r.stdout, enc), encodeOut(js, r.stderr, enc)
	res.Set("stdout", stdout)
	res.Set("stderr", stderr)
	res.Set("output", rt.NewArray(goja.Null(), stdout, stderr))
	if r.err != nil {
		e := js.fsError("ENOENT", "spawnSync "+argv[0], argv[0], r.err.Error())
		res.Set("error", e)
		res.Set("status", goja.Null())
	} else {
		res.Set("status", r.status)
	}
	return res
}

func (js *jsState) execFileSync(c goja.FunctionCall) goja.Value {
	argv, o := js.argvFrom(c)
	enc, _ := optsArg(o)
	r := js.runPipeline([][]string{argv}, js.childInput(o))
	if js.n.stderr != nil && len(r.stderr) > 0 {
		js.n.stderr.Write(r.stderr)
	}
	cmd := strings.Join(argv, " ")
	if r.err != nil {
		panic(js.childError(fmt.Sprintf("Command failed: %s\n%v", cmd, r.err), r, enc))
	}
	if r.status != 0 {
		panic(js.childError(fmt.Sprintf("Command failed: %s\n%s", cmd, r.stderr), r, enc))
	}
	return encodeOut(js, r.stdout, enc)
}
