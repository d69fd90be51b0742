package tool

// Schema is a JSON Schema (2020-12 keywords), emitted from a declaration
// rather than written by hand: the API's list of tools and its OpenAPI
// document both use it.
type Schema map[string]any

// InputSchema is the schema of what a client may send for k. With
// created, it includes the optional back-dating "created_at".
func (k *Kind) InputSchema(created bool) Schema {
	e := emitter{c: k.catalog, input: true}
	s := e.object(k.Shown(), k.words().Fields)
	if created {
		s["properties"].(map[string]any)["created_at"] = Schema{"type": []string{"string", "null"}, "format": "date-time",
			"description": "When it happened, if not now (back-dating); never in the future."}
	}
	return s
}

// OutputSchema is the schema of an item of k as the API shows it.
func (k *Kind) OutputSchema() Schema {
	e := emitter{c: k.catalog}
	s := e.object(k.Shown(), k.words().Fields)
	props := s["properties"].(map[string]any)
	props["id"] = Schema{"type": "string", "minLength": 1, "description": "The object's id."}
	props["created_at"] = Schema{"type": "string", "format": "date-time", "description": "When it was recorded, or when it happened if back-dated."}
	props["updated_at"] = Schema{"type": "string", "format": "date-time", "description": "When it was last changed."}
	if k.Single { // before it is first written: every field empty, and these null
		for _, name := range []string{"id", "created_at", "updated_at"} {
			props[name].(Schema)["type"] = []string{"string", "null"}
		}
		props["id"].(Schema)["description"] = "The object's id; null until it is first written."
	}
	s["required"] = append([]string{"id", "created_at", "updated_at"}, fieldNames(k.Shown())...)
	return s
}

// emitter writes the schemas of one direction: what a client sends
// (input: optional fields may be null or left out) or what it reads
// (every field always there).
type emitter struct {
	c     *Catalog
	input bool
}

func (e emitter) object(fields []Field, words map[string]*FieldWords) Schema {
	props := map[string]any{}
	var required []string
	for i := range fields {
		f := &fields[i]
		props[f.Name] = e.field(f, words[f.Name])
		if f.Required || !e.input {
			required = append(required, f.Name)
		}
	}
	s := Schema{"type": "object", "properties": props, "additionalProperties": false}
	if len(required) > 0 {
		s["required"] = required
	}
	return s
}

func (e emitter) field(f *Field, fw *FieldWords) Schema {
	s := Schema{"description": fw.Label + "."}
	if fw.Hint != "" {
		s["description"] = fw.Label + ". " + fw.Hint
	}
	if f.ReadOnly {
		s["readOnly"] = true // set by the kind's actions; ignored when sent
	}
	// A value that may be absent is null in what the API writes, and
	// may be null or left out in what a client sends.
	orNull := func(t string) any {
		if f.Required {
			return t
		}
		return []string{t, "null"}
	}
	switch f.Type {
	case Text, LongText:
		s["type"], s["maxLength"] = "string", f.Max
		if e.input && !f.Required {
			s["type"] = []string{"string", "null"}
		}
		if f.Ref != "" {
			s["pattern"] = "^([A-Z2-7]{26})?$"
			s["description"] = s["description"].(string) + " The id of one of your own items at /api/v1/" + f.Ref + ", or empty."
		}
		if e.input && f.Required {
			s["minLength"] = 1
		}
	case Int:
		s["type"], s["minimum"], s["maximum"] = orNull("integer"), f.Min, f.Max
	case Step:
		s["type"], s["minimum"], s["maximum"] = orNull("integer"), 1, 12
	case Choice:
		s["type"], s["enum"] = orNull("string"), e.enum(f, !f.Required)
	case Date:
		s["type"], s["format"] = orNull("string"), "date"
	case Bool:
		s["type"] = "boolean"
	case Choices:
		s["type"], s["maxItems"], s["items"] = "array", f.Max, Schema{"type": "string", "enum": e.enum(f, false)}
	case Texts:
		s["type"], s["maxItems"], s["items"] = "array", f.Max, Schema{"type": "string", "maxLength": f.ItemMax}
	case Group:
		s["type"], s["maxItems"], s["items"] = "array", f.Max, e.object(f.Fields, fw.Fields)
		if e.input && f.Required {
			s["minItems"] = 1
		}
	case Object:
		for key, v := range e.object(f.Fields, fw.Fields) {
			s[key] = v
		}
		s["type"] = []string{"object", "null"}
	}
	return s
}

func (e emitter) enum(f *Field, null bool) []any {
	var out []any
	for _, v := range e.c.choices[f.Choices] {
		out = append(out, v)
	}
	if null {
		out = append(out, nil)
	}
	return out
}

func fieldNames(fields []Field) []string {
	out := make([]string, len(fields))
	for i, f := range fields {
		out[i] = f.Name
	}
	return out
}
