package tools

import (
	"fmt"
	"slices"

	"kintsugi/internal/tool"
)

// The Go particular to a tool reads items by field position, as the engine
// holds them. Each seam binds the positions it reads by name once, at
// start-up, through bindFields: a declaration that drops, renames or
// retypes a field the Go depends on, or a choice list that loses a value
// the Go compares against, then fails at start-up instead of showing a
// person a wrong count.

// want is a field the Go of a tool reads: its name, the type it reads it
// as, and for a choice the values it compares against.
type want struct {
	name   string
	typ    tool.Type
	values []string // Choice: each must be in the field's choice list
}

// bindFields returns the positions of the wanted fields of the kind named
// kind, in the order wanted.
func bindFields(c *tool.Catalog, kind string, wants ...want) ([]int, error) {
	k, ok := c.Kind(kind)
	if !ok {
		return nil, fmt.Errorf("tools: no kind %q", kind)
	}
	at := make([]int, len(wants))
	for i, w := range wants {
		f, pos, ok := k.Field(w.name)
		if err := fits(c, kind, w, f, ok); err != nil {
			return nil, err
		}
		at[i] = pos
	}
	return at, nil
}

// bindRow returns the position of the group field named group of the
// kind named kind, and the positions of the wanted fields within its rows.
func bindRow(c *tool.Catalog, kind, group string, wants ...want) (int, []int, error) {
	pos, err := bindFields(c, kind, want{name: group, typ: tool.Group})
	if err != nil {
		return 0, nil, err
	}
	k, _ := c.Kind(kind)
	fields := k.Fields[pos[0]].Fields
	at := make([]int, len(wants))
	for i, w := range wants {
		j := slices.IndexFunc(fields, func(f tool.Field) bool { return f.Name == w.name })
		var f *tool.Field
		if j >= 0 {
			f = &fields[j]
		}
		if err := fits(c, kind+"."+group, w, f, j >= 0); err != nil {
			return 0, nil, err
		}
		at[i] = j
	}
	return pos[0], at, nil
}

// fits reports how a declared field f (found says whether it is declared)
// falls short of what w wants.
func fits(c *tool.Catalog, where string, w want, f *tool.Field, found bool) error {
	switch {
	case !found:
		return fmt.Errorf("tools: %s has no field %q", where, w.name)
	case f.Type != w.typ:
		return fmt.Errorf("tools: %s.%s is of type %s, not %s", where, w.name, f.Type, w.typ)
	}
	list := c.ChoiceList(f.Choices)
	for _, v := range w.values {
		if !slices.Contains(list, v) {
			return fmt.Errorf("tools: %s.%s has no choice %q", where, w.name, v)
		}
	}
	return nil
}
