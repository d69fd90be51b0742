package jsonkey

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
)

func TestDuplicate(t *testing.T) {
	// Each case's second key repeats an earlier one, as encoding/json
	// would match it to a field.
	dups := []struct{ json, key string }{
		{`{"body": "a", "body": "b"}`, "body"},
		{`{"body": "a", "Body": "b"}`, "Body"},
		{`{"body": "a", "BODY": "b"}`, "BODY"},
		{`{"body": "a", "b\u006fdy": "b"}`, "body"},
		{`{"b\u006fdy": "a", "body": "b"}`, "body"},
		{`{"\u0062ody": "a", "bod\u0079": "b"}`, "body"},
		{`{"kind": 1, "\u212aind": 2}`, "\u212aind"}, // the Kelvin sign folds to K, as in encoding/json
		{`{"sun": 1, "\u017fun": 2}`, "\u017fun"},    // and the long s to S
		{`{"café": 1, "CAFÉ": 2}`, "CAFÉ"},
		{`{"": 1, "": 2}`, ""},
		{`{"a\"b": 1, "a\"b": 2}`, `a"b`},
		{`{"emotions": [{"name": "joy", "name": "fear"}]}`, "name"},
		{`{"a": {"b": {"c": 1, "c": 2}}}`, "c"},
		{`{"a": {"x": 1}, "a": 2}`, "a"},
		{`[[{"a": 1, "b": [1, {"a": 2}], "a": 3}]]`, "a"},
		{`{"a": [], "b": {}, "a": null}`, "a"},
	}
	for _, c := range dups {
		if !json.Valid([]byte(c.json)) {
			t.Fatalf("the case %s is not valid JSON", c.json)
		}
		if key, found := Duplicate([]byte(c.json)); !found || key != c.key {
			t.Errorf("Duplicate(%s) = %q, %v; want %q", c.json, key, found, c.key)
		}
	}
	clean := []string{
		`{"title": "a", "body": "b"}`,
		`{"café": 1, "cafe": 2}`,
		// The same key in different objects is fine.
		`{"a": {"x": 1}, "b": {"x": 2}}`,
		`{"emotions": [{"name": "joy", "intensity": 1}, {"name": "fear", "intensity": 2}]}`,
		`{"a": {"x": 1, "y": {"z": 1}}, "x": 2}`,
		`[{"a": 1}, {"a": 1}]`,
		// What looks like a key inside a string is not one.
		`{"body": "\"body\": 1, {\"x\": 1, \"x\": 2}", "title": "}{,\"body\""}`,
		`{"a\\": 1, "a\\\\": 2}`,
		`{}`, `"body"`, `17`, `[]`,
	}
	for _, c := range clean {
		if !json.Valid([]byte(c)) {
			t.Fatalf("the case %s is not valid JSON", c)
		}
		if key, found := Duplicate([]byte(c)); found {
			t.Errorf("Duplicate(%s) found %q", c, key)
		}
	}
}

// TestDuplicateInBigObjects checks the map an object's keys move to once
// there are many of them: a duplicate is still found, at any distance,
// and the same key in another big object is not one.
func TestDuplicateInBigObjects(t *testing.T) {
	big := func(prefix string, n int, extra string) string {
		var b strings.Builder
		b.WriteString("{")
		for i := range n {
			fmt.Fprintf(&b, "%q: %d, ", fmt.Sprintf("%s%d", prefix, i), i)
		}
		b.WriteString(extra + "}")
		return b.String()
	}
	cases := []struct {
		json string
		key  string
	}{
		{big("k", 1000, `"last": 1`), ""},
		{big("k", 1000, `"K3": 1`), "K3"},
		{big("k", 1000, `"k999": 1`), "k999"},
		{big("k", 1000, `"\u006b500": 1`), "k500"},
		{`[` + big("k", 100, `"z": 1`) + `, ` + big("k", 100, `"z": 2`) + `]`, ""},
		{`{"outer": ` + big("k", 100, `"z": 1`) + `, "k1": 1, "outer": 2}`, "outer"},
	}
	for i, c := range cases {
		if !json.Valid([]byte(c.json)) {
			t.Fatalf("case %d is not valid JSON", i)
		}
		if key, found := Duplicate([]byte(c.json)); key != c.key || found != (c.key != "") {
			t.Errorf("case %d: %q, %v; want %q", i, key, found, c.key)
		}
	}
}

// TestManyKeysAreNotQuadratic would take minutes if a big object's keys
// were compared pairwise: 150,000 keys in one megabyte.
func TestManyKeysAreNotQuadratic(t *testing.T) {
	var b bytes.Buffer
	b.WriteString("{")
	for i := range 150_000 {
		fmt.Fprintf(&b, `"%x":0,`, i)
	}
	b.WriteString(`"end":0}`)
	if key, found := Duplicate(b.Bytes()); found {
		t.Fatalf("found %q in distinct keys", key)
	}
}

func TestInvalidJSONIsSafe(t *testing.T) {
	for _, s := range []string{``, `{`, `}`, `]]]`, `{"a`, `{"a\`, `{"a": "b`, `{"a" "a"}`, `"`, `{"`, `{,"a":1,"a":2`, `[{]`} {
		Duplicate([]byte(s)) // must return
	}
}

// FuzzDuplicate compares Duplicate with a plain reading of the same JSON
// through encoding/json's tokens, on every valid input.
func FuzzDuplicate(f *testing.F) {
	for _, s := range []string{`{"a": 1, "A": 2}`, `{"a": {"b": [1, {"c": 1, "c": 2}]}}`, `[{"x": "\"y\""}]`,
		`{"b\u006fdy": 1, "body": 2}`, `{"\u212a": 1, "k": 2}`, `{"a": 1}`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		if !json.Valid(data) {
			Duplicate(data)
			return
		}
		_, got := Duplicate(data)
		if want := reference(t, data); got != want {
			t.Fatalf("Duplicate(%q) found %v, the reference %v", data, got, want)
		}
	})
}

// reference reports whether an object in data holds a key twice, folded
// as encoding/json folds field names.
func reference(t *testing.T, data []byte) bool {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()             // a number too large for a float64 is still valid JSON
	var stack []map[string]bool // nil for an array
	wantKey := func() bool { return len(stack) > 0 && stack[len(stack)-1] != nil }
	for {
		if wantKey() && dec.More() {
			tok, err := dec.Token()
			if err != nil {
				t.Fatal(err)
			}
			k := string(fold(nil, tok.(string)))
			if stack[len(stack)-1][k] {
				return true
			}
			stack[len(stack)-1][k] = true
		}
		tok, err := dec.Token()
		if err != nil {
			return false // the end
		}
		switch tok {
		case json.Delim('{'):
			stack = append(stack, map[string]bool{})
		case json.Delim('['):
			stack = append(stack, nil)
		case json.Delim('}'), json.Delim(']'):
			stack = stack[:len(stack)-1]
		}
	}
}

// journalBody is the size of a journal entry sent to the API.
var journalBody = []byte(`{"title": "A walk by the river", "step": 3, "body": "` +
	strings.Repeat("Morning walk, quiet river, tired but hopeful. ", 10) + `"}`)

// BenchmarkDuplicate is the check's cost on every JSON request body.
func BenchmarkDuplicate(b *testing.B) {
	b.ReportAllocs()
	b.SetBytes(int64(len(journalBody)))
	for b.Loop() {
		if _, found := Duplicate(journalBody); found {
			b.Fatal("found a duplicate")
		}
	}
}
