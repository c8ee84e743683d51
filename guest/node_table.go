package guest

import (
	"math"
	"strconv"
	"strings"

	"github.com/dop251/goja"
)

// console.table, after Node 20's Console.prototype.table
// (lib/internal/console/constructor.js) and lib/internal/cli_table.js.

// column is one column of cells; nil marks a cell never set (a hole in
// Node's sparse arrays), which prints empty.
type column []*string

func (c *column) set(i int, s string) {
	for len(*c) <= i {
		*c = append(*c, nil)
	}
	(*c)[i] = &s
}

// consoleTable renders data as a table; ok is false when data is not an
// object, which console.table logs as console.log would.
func (js *jsState) consoleTable(data, properties goja.Value) (string, bool) {
	var props []goja.Value
	if !goja.IsUndefined(properties) {
		po, isObj := properties.(*goja.Object)
		if !isObj || po.InspectKind() != "Array" {
			e := js.rt.NewTypeError("The \"properties\" argument must be an instance of Array." + " Received " + js.received(properties))
			e.Set("code", "ERR_INVALID_ARG_TYPE")
			panic(e)
		}
		for i := int64(0); i < po.Get("length").ToInteger(); i++ {
			props = append(props, po.Get(strconv.FormatInt(i, 10)))
		}
	}
	o, ok := data.(*goja.Object)
	if !ok || isCallable(data) {
		return "", false
	}
	inspect := func(v goja.Value) string {
		opts := js.inspectDefaults()
		opts.depth, opts.depthNull = 0, false
		if vo, ok := v.(*goja.Object); ok && !isCallable(vo) && vo.InspectKind() != "Array" && len(vo.Keys()) > 2 {
			opts.depth = -1
		}
		opts.maxArrayLength, opts.breakLength = 3, math.Inf(1)
		return js.newInspectCtx(opts).formatValue(v, 0, false)
	}
	index := func(n int) column {
		c := make(column, 0, n)
		for i := range n {
			c.set(i, strconv.Itoa(i))
		}
		return c
	}

	kind := o.InspectKind()
	entries, kv, _ := o.PreviewEntries()
	switch {
	case kind == "Map" || (kind == "Map Iterator" && kv) || (kind == "Set Iterator" && kv):
		var keys, values column
		for i := 0; i < len(entries)/2; i++ {
			keys.set(i, inspect(entries[2*i]))
			values.set(i, inspect(entries[2*i+1]))
		}
		return renderTable([]string{"(iteration index)", "Key", "Values"}, []column{index(len(keys)), keys, values}), true
	case kind == "Set" || kind == "Map Iterator" || kind == "Set Iterator":
		var values column
		for i, v := range entries {
			values.set(i, inspect(v))
		}
		return renderTable([]string{"(iteration index)", "Values"}, []column{index(len(values)), values}), true
	}

	var mapKeys []string
	mapCols := map[string]*column{}
	hasPrimitives := false
	var valuesCol column
	indexKeys := o.Keys()
	for i, k := range indexKeys {
		item := o.Get(k)
		if item == nil {
			item = goja.Undefined()
		}
		itemObj, isObj := item.(*goja.Object)
		primitive := !isObj
		if props == nil && primitive {
			hasPrimitives = true
			valuesCol.set(i, inspect(item))
			continue
		}
		var keys []string
		if props != nil {
			for _, p := range props {
				keys = append(keys, jsString(p))
			}
		} else {
			keys = itemObj.Keys()
		}
		for _, key := range keys {
			col, ok := mapCols[key]
			if !ok {
				col = &column{}
				mapCols[key] = col
				mapKeys = append(mapKeys, key)
			}
			if primitive || !hasOwn(itemObj, js.rt.ToValue(key)) {
				col.set(i, "")
			} else {
				col.set(i, inspect(itemObj.Get(key)))
			}
		}
	}
	// Node keeps the columns in an object: integer-like keys come first.
	mapKeys = objectKeyOrder(mapKeys)
	head := append([]string{"(index)"}, mapKeys...)
	var idx column
	for i, k := range indexKeys {
		idx.set(i, k)
	}
	cols := []column{idx}
	for _, k := range mapKeys {
		cols = append(cols, *mapCols[k])
	}
	if hasPrimitives {
		head = append(head, "Values")
		cols = append(cols, valuesCol)
	}
	return renderTable(head, cols), true
}

// objectKeyOrder orders property names as an object lists them: array
// indices ascending, then the rest in insertion order.
func objectKeyOrder(keys []string) []string {
	var idx []string
	var rest []string
	for _, k := range keys {
		if isArrayIndex(k) {
			idx = append(idx, k)
		} else {
			rest = append(rest, k)
		}
	}
	if len(idx) == 0 {
		return keys
	}
	for i := 1; i < len(idx); i++ {
		for j := i; j > 0; j-- {
			a, _ := strconv.ParseUint(idx[j-1], 10, 64)
			b, _ := strconv.ParseUint(idx[j], 10, 64)
			if a <= b {
				break
			}
			idx[j-1], idx[j] = idx[j], idx[j-1]
		}
	}
	return append(idx, rest...)
}

// renderTable is Node's cli_table.
func renderTable(head []string, columns []column) string {
	widths := make([]int, len(head))
	for i, h := range head {
		widths[i] = getStringWidth(h, true)
	}
	longest := 0
	for _, c := range columns {
		longest = max(longest, len(c))
	}
	rows := make([][]string, longest)
	for i := range head {
		for j := 0; j < longest; j++ {
			if rows[j] == nil {
				rows[j] = make([]string, len(head))
			}
			v := ""
			if j < len(columns[i]) && columns[i][j] != nil {
				v = *columns[i][j]
			}
			rows[j][i] = v
			widths[i] = max(widths[i], getStringWidth(v, true))
		}
	}
	divider := make([]string, len(widths))
	for i, w := range widths {
		divider[i] = strings.Repeat("─", w+2)
	}
	var b strings.Builder
	b.WriteString("┌" + strings.Join(divider, "┬") + "┐\n")
	b.WriteString(renderRow(head, widths) + "\n")
	b.WriteString("├" + strings.Join(divider, "┼") + "┤\n")
	for _, r := range rows {
		b.WriteString(renderRow(r, widths) + "\n")
	}
	b.WriteString("└" + strings.Join(divider, "┴") + "┘")
	return b.String()
}

func renderRow(row []string, widths []int) string {
	var b strings.Builder
	b.WriteString("│ ")
	for i, cell := range row {
		b.WriteString(cell)
		if n := widths[i] - getStringWidth(cell, true); n > 0 {
			b.WriteString(strings.Repeat(" ", n))
		}
		if i != len(row)-1 {
			b.WriteString(" │ ")
		}
	}
	b.WriteString(" │")
	return b.String()
}
