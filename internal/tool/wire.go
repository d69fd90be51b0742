package tool

import (
	"kintsugi/internal/record"
)

// The sealed form of a declared kind is record.Wire's tagged binary form,
// field by field: texts, choices and dates as strings, numbers as
// varints, lists as the same tag repeated, groups as nested messages.
// Empty values are left out, so a record decodes the same whatever fields
// are added later; a required number of zero is left out too, so the
// kinds that were Go types before the engine keep their exact bytes.

// appendValues writes v, a value of fields, after b.
func appendValues(w *record.Wire, fields []Field, v Values) {
	for i := range fields {
		f, x := &fields[i], &v[i]
		switch f.Type {
		case Text, LongText, Choice, Date:
			w.String(f.Tag, x.Str)
		case Int, Step:
			switch {
			case !x.Has:
			case f.Required:
				w.Int(f.Tag, x.Num)
			default:
				w.Number(f.Tag, x.Num)
			}
		case Bool:
			w.Int(f.Tag, x.Num)
		case Choices, Texts:
			for _, s := range x.List {
				w.String(f.Tag, s)
			}
		case Group:
			for _, row := range x.Rows {
				w.Message(f.Tag, func(w *record.Wire) { appendValues(w, f.Fields, row) })
			}
		case Object:
			if x.Has && len(x.Rows) == 1 {
				w.Message(f.Tag, func(w *record.Wire) { appendValues(w, f.Fields, x.Rows[0]) })
			}
		}
	}
}

// readValues decodes a value of fields from b.
func readValues(b []byte, fields []Field, byTag map[uint64]int) (Values, error) {
	v := make(Values, len(fields))
	for i := range fields {
		if f := &fields[i]; f.Required && (f.Type == Int || f.Type == Step) {
			v[i].Has = true // a required zero is left out
		}
	}
	err := record.Fields(b, func(fl record.Field) error {
		i, ok := byTag[fl.Tag]
		if !ok {
			return nil // a field this build does not know
		}
		f, x := &fields[i], &v[i]
		switch f.Type {
		case Text, LongText, Choice, Date:
			x.Str = string(fl.Bytes)
		case Int, Step:
			x.Num, x.Has = fl.Int, true
		case Bool:
			x.Num = fl.Int
		case Choices, Texts:
			x.List = append(x.List, string(fl.Bytes))
		case Group, Object:
			row, err := readValues(fl.Bytes, f.Fields, f.byTag)
			if err != nil {
				return err
			}
			x.Rows = append(x.Rows, row)
			x.Has = f.Type == Object
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return v, nil
}

func tagIndex(fields []Field) map[uint64]int {
	m := make(map[uint64]int, len(fields))
	for i, f := range fields {
		m[f.Tag] = i
	}
	return m
}
