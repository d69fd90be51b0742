package tool

import "unicode/utf8"

// maxToken bounds a value picked from a list (a choice, a date): the
// longest the declarations use is far shorter.
const maxToken = 200

// Fits reports whether v, read from a form that may be half filled in (a
// draft), is within k's limits of size: every text no longer than its
// field allows once tidied, as Clean counts it, and no list or group
// longer than its own. It says nothing of what is missing or invalid: a
// draft is kept as it is, and checked when it is saved.
func (k *Kind) Fits(v Values) bool { return fits(k.Visible(), v) }

func fits(fields []Field, v Values) bool {
	for i := range fields {
		f, x := &fields[i], &v[i]
		switch f.Type {
		case Text, LongText:
			if utf8.RuneCountInString(tidy(x.Str)) > f.Max {
				return false
			}
		case Choice, Date:
			if len(x.Str) > maxToken {
				return false
			}
		case Choices, Texts:
			if len(x.List) > f.Max {
				return false
			}
			for _, s := range x.List {
				if f.Type == Choices && len(s) > maxToken || f.Type == Texts && utf8.RuneCountInString(tidy(s)) > f.ItemMax {
					return false
				}
			}
		case Group, Object:
			if f.Type == Group && len(x.Rows) > f.Max {
				return false
			}
			for _, row := range x.Rows {
				if !fits(f.Fields, row) {
					return false
				}
			}
		}
	}
	return true
}
