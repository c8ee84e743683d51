package guest

import (
	"path"
	"strings"

	"github.com/dop251/goja"
)

// pathModule is Node's path.posix; the VM's cwd is always "/".
func (js *jsState) pathModule(module *goja.Object) {
	rt := js.rt
	e := module.Get("exports").ToObject(rt)
	strs := func(c goja.FunctionCall) []string {
		out := make([]string, len(c.Arguments))
		for i, a := range c.Arguments {
			if !isPrimitiveString(a) {
				js.throwType("The \"path\" argument must be of type string. Received %s", js.inspect(a, inspectOpts{depth: 0}))
			}
			out[i] = a.String()
		}
		return out
	}
	str := func(s string) goja.Value { return rt.ToValue(s) }
	e.Set("sep", "/")
	e.Set("delimiter", ":")
	e.Set("normalize", func(c goja.FunctionCall) goja.Value { return str(nodeNormalize(strs(c)[0])) })
	e.Set("join", func(c goja.FunctionCall) goja.Value {
		parts := strs(c)
		var nonEmpty []string
		for _, p := range parts {
			if p != "" {
				nonEmpty = append(nonEmpty, p)
			}
		}
		if len(nonEmpty) == 0 {
			return str(".")
		}
		return str(nodeNormalize(strings.Join(nonEmpty, "/")))
	})
	e.Set("resolve", func(c goja.FunctionCall) goja.Value {
		// Only what follows the last absolute path counts. One join, not one
		// concatenation per argument: path.resolve(...huge) stays linear
		// (the loop of concatenations took 12 s, uninterruptibly, on 1e5).
		parts := strs(c)
		kept := []string{"/"}
		for i := len(parts) - 1; i >= 0; i-- {
			if strings.HasPrefix(parts[i], "/") {
				parts = parts[i:]
				break
			}
		}
		for _, p := range parts {
			if p != "" {
				kept = append(kept, p)
			}
		}
		return str(path.Clean(strings.Join(kept, "/")))
	})
	e.Set("isAbsolute", func(c goja.FunctionCall) goja.Value { return rt.ToValue(strings.HasPrefix(strs(c)[0], "/")) })
	e.Set("dirname", func(c goja.FunctionCall) goja.Value {
		p := strs(c)[0]
		if p == "" {
			return str(".")
		}
		t := strings.TrimRight(p, "/")
		if t == "" {
			return str("/")
		}
		i := strings.LastIndexByte(t, '/')
		switch {
		case i < 0:
			return str(".")
		case i == 0:
			return str("/")
		}
		return str(strings.TrimRight(t[:i], "/"))
	})
	e.Set("basename", func(c goja.FunctionCall) goja.Value {
		a := strs(c)
		b := nodeBase(a[0])
		if len(a) > 1 && a[1] != b && strings.HasSuffix(b, a[1]) {
			b = strings.TrimSuffix(b, a[1])
		}
		return str(b)
	})
	e.Set("extname", func(c goja.FunctionCall) goja.Value { return str(nodeExt(nodeBase(strs(c)[0]))) })
	e.Set("relative", func(c goja.FunctionCall) goja.Value {
		a := strs(c)
		from, to := path.Clean("/"+a[0]), path.Clean("/"+a[1])
		if from == to {
			return str("")
		}
		fp, tp := splitPath(from), splitPath(to)
		i := 0
		for i < len(fp) && i < len(tp) && fp[i] == tp[i] {
			i++
		}
		var out []string
		for range fp[i:] {
			out = append(out, "..")
		}
		out = append(out, tp[i:]...)
		return str(strings.Join(out, "/"))
	})
	e.Set("parse", func(c goja.FunctionCall) goja.Value {
		p := strs(c)[0]
		o := rt.NewObject()
		root := ""
		if strings.HasPrefix(p, "/") {
			root = "/"
		}
		base := nodeBase(p)
		ext := nodeExt(base)
		dir := ""
		if t := strings.TrimRight(p, "/"); strings.Contains(t, "/") {
			dir = t[:strings.LastIndexByte(t, '/')]
			if dir == "" {
				dir = "/"
			}
		}
		o.Set("root", root)
		o.Set("dir", dir)
		o.Set("base", base)
		o.Set("ext", ext)
		o.Set("name", strings.TrimSuffix(base, ext))
		return o
	})
	e.Set("format", func(c goja.FunctionCall) goja.Value {
		o, ok := c.Argument(0).(*goja.Object)
		if !ok {
			js.throwType("The \"pathObject\" argument must be of type object")
		}
		get := func(k string) string {
			if v := o.Get(k); v != nil && !goja.IsUndefined(v) && !goja.IsNull(v) {
				return v.String()
			}
			return ""
		}
		dir := get("dir")
		if dir == "" {
			dir = get("root")
		}
		base := get("base")
		if base == "" {
			base = get("name") + get("ext")
		}
		if dir == "" {
			return str(base)
		}
		if dir == get("root") {
			return str(dir + base)
		}
		return str(dir + "/" + base)
	})
	e.Set("toNamespacedPath", func(c goja.FunctionCall) goja.Value { return c.Argument(0) })
	e.Set("posix", e)
}

func splitPath(p string) []string {
	p = strings.Trim(p, "/")
	if p == "" {
		return nil
	}
	return strings.Split(p, "/")
}

// nodeNormalize is path.Clean keeping a trailing slash and relative "..".
func nodeNormalize(p string) string {
	if p == "" {
		return "."
	}
	trailing := strings.HasSuffix(p, "/")
	c := path.Clean(p)
	if trailing && c != "/" {
		c += "/"
	}
	return c
}

func nodeBase(p string) string {
	t := strings.TrimRight(p, "/")
	if t == "" {
		return ""
	}
	if i := strings.LastIndexByte(t, '/'); i >= 0 {
		return t[i+1:]
	}
	return t
}

func nodeExt(base string) string {
	i := strings.LastIndexByte(base, '.')
	if i <= 0 {
		return ""
	}
	return base[i:]
}
