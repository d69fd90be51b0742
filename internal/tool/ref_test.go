package tool

import (
	"os"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"kintsugi/internal/record"
)

// refShape declares a note that may name a sample by its id; extra is
// spliced into the note's fields.
func refShape(field, extra string) fstest.MapFS {
	return fstest.MapFS{"02-ref.json": {Data: []byte(`{"step": 4, "kinds": [
		{"name": "note", "path": "notes", "schema": "Note", "summary": ["text"],
		 "fields": [{"name": "text", "tag": 1, "type": "text", "max": 100, "required": true}, ` + field + `]` + extra + `}]}`)},
		"01-test.json": {Data: mustRead("testdata/shape/01-test.json")}}
}

func mustRead(name string) []byte {
	b, err := os.ReadFile(name)
	if err != nil {
		panic(err)
	}
	return b
}

// A reference names a kind with pages of its own, from a text field of
// an item itself: anything else fails at start-up.
func TestRefsAreDeclaredWithCare(t *testing.T) {
	for name, tc := range map[string]struct{ field, extra, want string }{
		"an unknown kind": {`{"name": "of_it", "tag": 2, "type": "text", "max": 26, "ref": "nowhere"}`, "", "not the path of a kind"},
		"a long text":     {`{"name": "of_it", "tag": 2, "type": "longtext", "max": 26, "ref": "samples"}`, "", "a text field of at least 26"},
		"too short":       {`{"name": "of_it", "tag": 2, "type": "text", "max": 10, "ref": "samples"}`, "", "a text field of at least 26"},
		"inside a group":  {`{"name": "rows", "tag": 2, "type": "group", "max": 2, "fields": [{"name": "of_it", "tag": 1, "type": "text", "max": 26, "ref": "samples"}]}`, "", "not of a group"},
		"an event's":      {`{"name": "plain", "tag": 2, "type": "text", "max": 26}`, `, "events": {"name": "note-event", "path": "events", "schema": "NoteEvent", "summary": ["of_it"], "fields": [{"name": "of_it", "tag": 1, "type": "text", "max": 26, "ref": "samples"}]}`, "an event cannot hold a ref"},
		"events named":    {`{"name": "of_it", "tag": 2, "type": "text", "max": 26, "ref": "events"}`, "", "not the path of a kind"},
	} {
		_, err := Load(refShape(tc.field, tc.extra), os.DirFS("testdata/words"), nil)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: %v, want %q", name, err, tc.want)
		}
	}
}

// A reference is an id, not the person's words: it is left out of what
// crisis detection and search read, and shown by what it names and when.
func TestRefIsNotWords(t *testing.T) {
	words := fstest.MapFS{
		"01-test.json": {Data: mustRead("testdata/words/01-test.json")},
		"engine.json":  {Data: mustRead("testdata/words/engine.json")},
		"02-ref.json": {Data: []byte(`{"kinds": {"note": {"title": "Notes", "one": "a note", "fields": {
			"text": {"label": "Text"}, "of_it": {"label": "The sample", "name": "The sample"}}}}}`)},
	}
	c, err := Load(refShape(`{"name": "of_it", "tag": 2, "type": "text", "max": 26, "ref": "samples"}`, ""), words, nil)
	if err != nil {
		t.Fatal(err)
	}
	k, _ := c.ByPath("notes")
	target, ok := c.Target(&k.Fields[1])
	if !ok || target.Path != "samples" {
		t.Fatalf("the target is %v", target)
	}
	id := record.NewID(time.Date(2026, 3, 14, 9, 0, 0, 0, time.UTC))
	v := Values{{Str: "my own words"}, {Str: id}}
	if got := k.Texts(v); len(got) != 1 || got[0] != "my own words" {
		t.Errorf("texts %q", got)
	}
	if got := k.Display(&k.Fields[1], &v[1]); got != "sample from 14 March 2026" {
		t.Errorf("shown as %q", got)
	}
	if got := k.Sample("x")["of_it"]; got != "" {
		t.Errorf("a sample names %q", got)
	}
	if s := k.InputSchema(false)["properties"].(map[string]any)["of_it"].(Schema); s["pattern"] != "^([A-Z2-7]{26})?$" {
		t.Errorf("schema %v", s)
	}
}
