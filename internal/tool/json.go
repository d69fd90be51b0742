package tool

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strconv"
	"time"

	"kintsugi/internal/jsonw"
	"kintsugi/internal/record"
)

// InputError is a body that does not fit a kind's schema: a value of the
// wrong JSON type, or a field the kind does not have. The API answers it
// with 400; a value of the right type that breaks a limit is a 422 from
// Clean instead.
type InputError struct {
	Field   string // "" for the body itself
	Message string // safe to show: it repeats only the client's own key
	Unknown bool   // a field the kind does not have, rather than a wrong type
}

func (e *InputError) Error() string { return e.Message }

func wrongType(field, want string) error {
	if field == "" {
		return &InputError{Message: "The request body must be a JSON " + want + "."}
	}
	return &InputError{Field: field, Message: "The field " + strconv.Quote(field) + " must be a JSON " + want + "."}
}

// Input is a decoded request body: the values, and for a new item the
// time it happened, when the client gives one (back-dating).
type Input struct {
	Values    Values
	CreatedAt time.Time // zero when not given
	// Zone is the person's time zone, for a kind whose checks count
	// days (Behaviour.Admit); UTC when nil.
	Zone *time.Location
}

// ReadJSON decodes a request body for k. With created, the body may carry
// "created_at". body must be valid JSON already checked for size, UTF-8
// and repeated keys.
func (k *Kind) ReadJSON(body []byte, created bool) (Input, error) {
	var in Input
	obj, err := object(body, "")
	if err != nil {
		return in, err
	}
	if raw, ok := obj["created_at"]; ok && created {
		delete(obj, "created_at")
		if !isNull(raw) {
			var s string
			if json.Unmarshal(raw, &s) != nil {
				return in, wrongType("created_at", "string")
			}
			if in.CreatedAt, err = time.Parse(time.RFC3339, s); err != nil {
				return in, &InputError{Field: "created_at", Message: `The field "created_at" must be a time like 2026-03-14T09:30:00Z.`}
			}
		}
	}
	// What only actions set is read too, so that an export comes back
	// whole; Create and Update keep it as the actions set it.
	in.Values, err = readFields("", k.Shown(), obj)
	return in, err
}

func object(raw []byte, at string) (map[string]json.RawMessage, error) {
	var obj map[string]json.RawMessage
	if err := json.Unmarshal(raw, &obj); err != nil || obj == nil {
		return nil, wrongType(at, "object")
	}
	return obj, nil
}

func isNull(raw json.RawMessage) bool { return bytes.Equal(bytes.TrimSpace(raw), []byte("null")) }

func readFields(prefix string, fields []Field, obj map[string]json.RawMessage) (Values, error) {
	v := make(Values, len(fields))
	for i := range fields {
		f := &fields[i]
		raw, ok := obj[f.Name]
		if !ok {
			continue
		}
		delete(obj, f.Name)
		if isNull(raw) {
			continue
		}
		if err := readValue(prefix+f.Name, f, raw, &v[i]); err != nil {
			return nil, err
		}
	}
	for name := range obj {
		return nil, &InputError{Field: prefix + name, Unknown: true, Message: "The request body does not match this route's schema: it has no field " + strconv.Quote(prefix+name) + "."}
	}
	return v, nil
}

func readValue(at string, f *Field, raw json.RawMessage, x *Value) error {
	switch f.Type {
	case Text, LongText, Choice, Date:
		if json.Unmarshal(raw, &x.Str) != nil {
			return wrongType(at, "string")
		}
	case Int, Step:
		var n json.Number
		if t := bytes.TrimSpace(raw); len(t) == 0 || t[0] == '"' || json.Unmarshal(t, &n) != nil {
			return wrongType(at, "number")
		}
		v, err := strconv.Atoi(n.String())
		if err != nil {
			return wrongType(at, "whole number")
		}
		x.Num, x.Has = v, true
	case Bool:
		var yes bool
		if json.Unmarshal(raw, &yes) != nil {
			return wrongType(at, "boolean")
		}
		if yes {
			x.Num = 1
		}
	case Choices, Texts:
		if json.Unmarshal(raw, &x.List) != nil {
			return wrongType(at, "array of strings")
		}
	case Group:
		var rows []json.RawMessage
		if json.Unmarshal(raw, &rows) != nil {
			return wrongType(at, "array")
		}
		for i, r := range rows {
			p := at + "[" + strconv.Itoa(i) + "]"
			obj, err := object(r, p)
			if err != nil {
				return err
			}
			row, err := readFields(p+".", f.Fields, obj)
			if err != nil {
				return err
			}
			x.Rows = append(x.Rows, row)
		}
	case Object:
		obj, err := object(raw, at)
		if err != nil {
			return err
		}
		row, err := readFields(at+".", f.Fields, obj)
		if err != nil {
			return err
		}
		x.Rows, x.Has = []Values{row}, true
	default:
		return fmt.Errorf("tool: no JSON for type %s", f.Type)
	}
	return nil
}

// AppendJSON appends an item as the API shows it: its id and times, then
// every field, each always present ("" or null or [] when empty), with
// extra appended before the closing brace (already-encoded members such
// as `,"summary":{…}`).
func (k *Kind) AppendJSON(b []byte, r *record.Record[Values], extra ...[]byte) []byte {
	b = append(b, `{"id":`...)
	b = jsonw.String(b, r.ID)
	b = append(b, `,"created_at":`...)
	b = jsonw.Time(b, r.CreatedAt)
	b = append(b, `,"updated_at":`...)
	b = jsonw.Time(b, r.UpdatedAt)
	b = appendFields(b, k.Shown(), r.Value, true)
	for _, e := range extra {
		b = append(b, e...)
	}
	return append(b, '}')
}

// AppendFields appends v's fields alone, as one JSON object written as
// AppendJSON writes them (each always present), without the id and times:
// an export nests them under "data", beside the id and times it writes
// itself. An event's hidden parent is left out, as the API leaves it out:
// the export implies it by nesting the event under its item.
func (k *Kind) AppendFields(b []byte, v Values) []byte {
	b = append(b, '{')
	b = appendFields(b, k.Shown(), v, false)
	return append(b, '}')
}

func appendFields(b []byte, fields []Field, v Values, comma bool) []byte {
	for i := range fields {
		f, x := &fields[i], &v[i]
		if comma || i > 0 {
			b = append(b, ',')
		}
		b = jsonw.String(b, f.Name)
		b = append(b, ':')
		b = appendValue(b, f, x)
	}
	return b
}

func appendValue(b []byte, f *Field, x *Value) []byte {
	switch f.Type {
	case Text, LongText:
		return jsonw.String(b, x.Str)
	case Choice, Date:
		if x.Str == "" {
			return append(b, "null"...)
		}
		return jsonw.String(b, x.Str)
	case Int, Step:
		if !x.Has {
			return append(b, "null"...)
		}
		return strconv.AppendInt(b, int64(x.Num), 10)
	case Bool:
		return strconv.AppendBool(b, x.Num != 0)
	case Choices, Texts:
		b = append(b, '[')
		for i, s := range x.List {
			if i > 0 {
				b = append(b, ',')
			}
			b = jsonw.String(b, s)
		}
		return append(b, ']')
	case Group:
		b = append(b, '[')
		for i, row := range x.Rows {
			if i > 0 {
				b = append(b, ',')
			}
			b = append(b, '{')
			b = appendFields(b, f.Fields, row, false)
			b = append(b, '}')
		}
		return append(b, ']')
	case Object:
		if !x.Has || len(x.Rows) == 0 {
			return append(b, "null"...)
		}
		b = append(b, '{')
		b = appendFields(b, f.Fields, x.Rows[0], false)
		return append(b, '}')
	}
	return append(b, "null"...)
}
