package tool

import "slices"

// Value is one field's value, held by the field's position in its kind:
// the type says which part is used.
type Value struct {
	Str  string   // Text, LongText, Choice, Date
	Num  int      // Int, Step, Bool (1 for yes)
	Has  bool     // Int, Step, Object: a value is present (0 can be one)
	List []string // Choices, Texts
	Rows []Values // Group rows; Object's one row
}

// Values are a record's field values, in the order of its kind's fields.
type Values []Value

// Clone returns a deep copy of v.
func (v Values) Clone() Values {
	out := slices.Clone(v)
	for i := range out {
		out[i].List = slices.Clone(out[i].List)
		if out[i].Rows != nil {
			rows := make([]Values, len(out[i].Rows))
			for j, r := range out[i].Rows {
				rows[j] = r.Clone()
			}
			out[i].Rows = rows
		}
	}
	return out
}

// set reports whether a value of field f holds anything.
func (v *Value) set(f *Field) bool {
	switch f.Type {
	case Int, Step, Object:
		return v.Has
	case Bool:
		return v.Num != 0
	case Choices, Texts:
		return len(v.List) > 0
	case Group:
		return len(v.Rows) > 0
	}
	return v.Str != ""
}
