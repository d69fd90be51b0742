package api_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

// checker validates JSON values against the schemas of an OpenAPI 3.1
// document: the subset of JSON Schema the document uses. A keyword it does
// not know is reported rather than skipped, so a constraint added to the
// document is never silently left unchecked.
type checker struct {
	doc map[string]any // the whole document, for $ref
}

// annotations are keywords that describe and never constrain.
var annotations = map[string]bool{
	"description": true, "title": true, "default": true, "examples": true,
	"deprecated": true, "readOnly": true, "writeOnly": true,
}

// validateJSON decodes data and validates it against schema.
func (c checker) validateJSON(schema any, data []byte) []string {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return []string{"not JSON: " + err.Error()}
	}
	if dec.More() {
		return []string{"more than one JSON value"}
	}
	return c.validate(schema, v, "$")
}

// validate returns what is wrong with v (decoded with UseNumber) under
// schema, each problem prefixed with where it is.
func (c checker) validate(schema any, v any, at string) []string {
	s, ok := schema.(map[string]any)
	if !ok {
		return []string{at + ": schema is not an object"}
	}
	if r, ok := s["$ref"].(string); ok {
		target, err := resolve(c.doc, r)
		if err != nil {
			return []string{at + ": " + err.Error()}
		}
		if probs := c.validate(target, v, at); len(probs) > 0 {
			return probs
		}
	}
	var probs []string
	bad := func(format string, args ...any) { probs = append(probs, at+": "+fmt.Sprintf(format, args...)) }

	if t, ok := s["type"]; ok && !typeMatches(t, v) {
		bad("is %s, want type %v", jsonType(v), t)
		return probs // the other keywords assume the right type
	}
	for _, key := range sortedKeys(s) {
		want := s[key]
		switch key {
		case "$ref", "type":
		case "enum":
			if !slices.ContainsFunc(want.([]any), func(e any) bool { return sameValue(e, v) }) {
				bad("%v is not one of %v", v, want)
			}
		case "properties", "required", "additionalProperties":
			obj, ok := v.(map[string]any)
			if !ok {
				continue
			}
			if key == "properties" {
				props := want.(map[string]any)
				for _, name := range sortedKeys(props) {
					if pv, ok := obj[name]; ok {
						probs = append(probs, c.validate(props[name], pv, at+"."+name)...)
					}
				}
			}
			if key == "required" {
				for _, name := range want.([]any) {
					if _, ok := obj[name.(string)]; !ok {
						bad("required property %q is missing", name)
					}
				}
			}
			if key == "additionalProperties" {
				props, _ := s["properties"].(map[string]any)
				for _, name := range sortedKeys(obj) {
					if _, declared := props[name]; declared {
						continue
					}
					if want == false {
						bad("property %q is not in the schema", name)
					} else if sub, ok := want.(map[string]any); ok {
						probs = append(probs, c.validate(sub, obj[name], at+"."+name)...)
					}
				}
			}
		case "items":
			if arr, ok := v.([]any); ok {
				for i, item := range arr {
					probs = append(probs, c.validate(want, item, at+"["+strconv.Itoa(i)+"]")...)
				}
			}
		case "minItems", "maxItems":
			if arr, ok := v.([]any); ok && !withinBound(key, float64(len(arr)), want) {
				bad("has %d items, %s is %v", len(arr), key, want)
			}
		case "minLength", "maxLength":
			if str, ok := v.(string); ok && !withinBound(key, float64(utf8.RuneCountInString(str)), want) {
				bad("has %d characters, %s is %v", utf8.RuneCountInString(str), key, want)
			}
		case "minimum", "maximum":
			if n, ok := v.(json.Number); ok {
				f, _ := n.Float64()
				if !withinBound(key, f, want) {
					bad("%v is outside %s %v", n, key, want)
				}
			}
		case "pattern":
			if str, ok := v.(string); ok {
				re, err := regexp.Compile(want.(string))
				if err != nil {
					bad("pattern %q does not compile: %v", want, err)
				} else if !re.MatchString(str) {
					bad("%q does not match %q", str, want)
				}
			}
		case "format":
			if str, ok := v.(string); ok {
				if err := checkFormat(want.(string), str); err != nil {
					bad("%v", err)
				}
			}
		case "oneOf":
			// Exactly one: an action's answer is one kind of item or another.
			var matched int
			for _, sub := range want.([]any) {
				if len(c.validate(sub, v, at)) == 0 {
					matched++
				}
			}
			if matched != 1 {
				bad("matches %d of the oneOf schemas, want exactly 1", matched)
			}
		default:
			if !annotations[key] {
				bad("the checker does not know the keyword %q", key)
			}
		}
	}
	return probs
}

// lint reports keywords in schema (and the schemas inside it) that the
// checker would not understand, and malformed keyword values.
func (c checker) lint(schema any, at string) []string {
	s, ok := schema.(map[string]any)
	if !ok {
		return []string{at + ": schema is not an object"}
	}
	var probs []string
	for _, key := range sortedKeys(s) {
		want := s[key]
		ok := true
		switch key {
		case "$ref":
			_, ok = want.(string)
		case "type":
			ok = validTypes(want)
		case "enum", "required":
			_, ok = want.([]any)
		case "properties":
			var props map[string]any
			if props, ok = want.(map[string]any); ok {
				for _, name := range sortedKeys(props) {
					probs = append(probs, c.lint(props[name], at+".properties."+name)...)
				}
			}
		case "additionalProperties":
			if _, isBool := want.(bool); !isBool {
				probs = append(probs, c.lint(want, at+".additionalProperties")...)
			}
		case "items":
			probs = append(probs, c.lint(want, at+".items")...)
		case "minItems", "maxItems", "minLength", "maxLength", "minimum", "maximum":
			_, ok = want.(float64)
		case "pattern":
			var p string
			if p, ok = want.(string); ok {
				_, err := regexp.Compile(p)
				ok = err == nil
			}
		case "format":
			ok = want == "date-time" || want == "date" || want == "uri"
		case "oneOf":
			var subs []any
			if subs, ok = want.([]any); ok {
				for i, sub := range subs {
					probs = append(probs, c.lint(sub, at+".oneOf["+strconv.Itoa(i)+"]")...)
				}
			}
		default:
			ok = annotations[key]
		}
		if !ok {
			probs = append(probs, fmt.Sprintf("%s: keyword %q with value %v is not one the checker understands", at, key, want))
		}
	}
	return probs
}

func validTypes(t any) bool {
	known := func(s any) bool {
		return slices.Contains([]any{"object", "array", "string", "integer", "number", "boolean", "null"}, s)
	}
	if list, ok := t.([]any); ok {
		return len(list) > 0 && !slices.ContainsFunc(list, func(s any) bool { return !known(s) })
	}
	return known(t)
}

// typeMatches reports whether v is of type t, a name or a list of names
// (["integer", "null"] is how 3.1 says nullable).
func typeMatches(t any, v any) bool {
	if list, ok := t.([]any); ok {
		return slices.ContainsFunc(list, func(name any) bool { return typeMatches(name, v) })
	}
	got := jsonType(v)
	return got == t || t == "number" && got == "integer"
}

// jsonType names v's JSON Schema type; a number without a fraction is an
// integer.
func jsonType(v any) string {
	switch v := v.(type) {
	case nil:
		return "null"
	case bool:
		return "boolean"
	case string:
		return "string"
	case json.Number:
		if f, err := v.Float64(); err == nil && f == math.Trunc(f) && !math.IsInf(f, 0) {
			return "integer"
		}
		return "number"
	case []any:
		return "array"
	case map[string]any:
		return "object"
	}
	return fmt.Sprintf("%T", v)
}

// sameValue compares a value from the document (plain decoding) with one
// from a response (UseNumber).
func sameValue(docValue, v any) bool {
	if n, ok := v.(json.Number); ok {
		f, _ := n.Float64()
		return docValue == f
	}
	return docValue == v
}

func withinBound(key string, got float64, bound any) bool {
	b, _ := bound.(float64)
	if strings.HasPrefix(key, "min") {
		return got >= b
	}
	return got <= b
}

func checkFormat(format, s string) error {
	switch format {
	case "date-time":
		if _, err := time.Parse(time.RFC3339Nano, s); err != nil {
			return fmt.Errorf("%q is not a date-time", s)
		}
	case "date":
		if _, err := time.Parse(time.DateOnly, s); err != nil {
			return fmt.Errorf("%q is not a date", s)
		}
	case "uri":
		if u, err := url.Parse(s); err != nil || !u.IsAbs() {
			return fmt.Errorf("%q is not an absolute URI", s)
		}
	default:
		return fmt.Errorf("the checker does not know the format %q", format)
	}
	return nil
}

// resolve follows a local $ref ("#/components/schemas/Error").
func resolve(doc map[string]any, ref string) (any, error) {
	path, ok := strings.CutPrefix(ref, "#/")
	if !ok {
		return nil, fmt.Errorf("$ref %q is not local to the document", ref)
	}
	var node any = doc
	for _, part := range strings.Split(path, "/") {
		part = strings.NewReplacer("~1", "/", "~0", "~").Replace(part)
		m, ok := node.(map[string]any)
		if !ok {
			return nil, fmt.Errorf("$ref %q does not resolve", ref)
		}
		if node, ok = m[part]; !ok {
			return nil, fmt.Errorf("$ref %q does not resolve", ref)
		}
	}
	return node, nil
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// TestChecker makes sure the checker catches what it claims to, so that a
// passing response check means something.
func TestChecker(t *testing.T) {
	doc := map[string]any{}
	if err := json.Unmarshal([]byte(`{"components": {"schemas": {
		"Thing": {"type": "object", "required": ["id", "n"], "additionalProperties": false, "properties": {
			"id": {"type": "string", "minLength": 2, "maxLength": 4, "pattern": "^[A-Z]+$"},
			"n": {"type": "integer", "minimum": 1, "maximum": 12},
			"step": {"type": ["integer", "null"]},
			"kind": {"type": "string", "enum": ["a", "b"]},
			"at": {"type": "string", "format": "date-time"},
			"tags": {"type": "array", "items": {"type": "string"}, "minItems": 1, "maxItems": 2},
			"extra": {"type": "object", "additionalProperties": {"type": "boolean"}}
		}}
	}}}`), &doc); err != nil {
		t.Fatal(err)
	}
	c := checker{doc: doc}
	thing := map[string]any{"$ref": "#/components/schemas/Thing"}
	tests := []struct {
		name, value string
		want        string // a fragment of the first problem; "" for valid
	}{
		{"valid", `{"id": "AB", "n": 3, "step": null, "kind": "a", "at": "2026-01-02T03:04:05.123Z", "tags": ["x"], "extra": {"y": true}}`, ""},
		{"nullable integer", `{"id": "AB", "n": 3, "step": 4}`, ""},
		{"wrong type", `[]`, "want type object"},
		{"missing required", `{"id": "AB"}`, `required property "n"`},
		{"extra property", `{"id": "AB", "n": 1, "other": 1}`, `"other" is not in the schema`},
		{"additionalProperties schema", `{"id": "AB", "n": 1, "extra": {"y": 1}}`, "want type boolean"},
		{"integer with fraction", `{"id": "AB", "n": 1.5}`, "want type integer"},
		{"below minimum", `{"id": "AB", "n": 0}`, "minimum"},
		{"above maximum", `{"id": "AB", "n": 13}`, "maximum"},
		{"string for nullable integer", `{"id": "AB", "n": 1, "step": "3"}`, "want type"},
		{"not in enum", `{"id": "AB", "n": 1, "kind": "c"}`, "is not one of"},
		{"too short", `{"id": "A", "n": 1}`, "minLength"},
		{"too long", `{"id": "ABCDE", "n": 1}`, "maxLength"},
		{"pattern", `{"id": "ab", "n": 1}`, "does not match"},
		{"date-time", `{"id": "AB", "n": 1, "at": "yesterday"}`, "not a date-time"},
		{"too few items", `{"id": "AB", "n": 1, "tags": []}`, "minItems"},
		{"too many items", `{"id": "AB", "n": 1, "tags": ["a", "b", "c"]}`, "maxItems"},
		{"item type", `{"id": "AB", "n": 1, "tags": [1]}`, "$.tags[0]"},
		{"two values", `{"id": "AB", "n": 1} {}`, "more than one"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			probs := c.validateJSON(thing, []byte(tt.value))
			switch {
			case tt.want == "" && len(probs) > 0:
				t.Errorf("valid value refused: %v", probs)
			case tt.want != "" && len(probs) == 0:
				t.Errorf("invalid value accepted, want a problem with %q", tt.want)
			case tt.want != "" && !strings.Contains(probs[0], tt.want):
				t.Errorf("problem %q, want one with %q", probs[0], tt.want)
			}
		})
	}
	either := map[string]any{"oneOf": []any{map[string]any{"type": "string"}, map[string]any{"type": "integer"}}}
	if probs := c.validate(either, "x", "$"); len(probs) != 0 {
		t.Errorf("oneOf refused a value one schema takes: %v", probs)
	}
	if probs := c.validate(either, true, "$"); len(probs) != 1 {
		t.Errorf("oneOf took a value no schema takes: %v", probs)
	}
	if probs := c.lint(map[string]any{"type": "string", "anyOf": []any{}}, "$"); len(probs) != 1 {
		t.Errorf("lint of an unknown keyword: %v, want one problem", probs)
	}
	if probs := c.validate(map[string]any{"$ref": "#/components/schemas/Nope"}, nil, "$"); len(probs) != 1 {
		t.Errorf("a dangling $ref: %v, want one problem", probs)
	}
}
