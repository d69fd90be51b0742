package tool

import (
	"context"
	"errors"
	"os"
	"strings"
	"testing"
	"testing/fstest"
	"time"
)

const linkShape = `{"step": 10, "choices": {"into": ["a", "b"]}, "kinds": [
  {"name": "wish", "path": "wishes", "schema": "Wish", "summary": ["words"], "fields": [
    {"name": "words", "tag": 1, "type": "text", "max": 50, "required": true},
    {"name": "went", "tag": 2, "type": "text", "max": 26, "readonly": true}
  ]},
  {"name": "plan", "path": "plans", "schema": "Plan", "summary": ["words"], "fields": [
    {"name": "words", "tag": 1, "type": "text", "max": 50, "required": true}
  ]}]}`

const linkWords = `{"kinds": {
  "wish": {"title": "Wishes", "one": "a wish", "fields": {"words": {"label": "Words"}, "went": {"label": "Where it went"}},
    "actions": {"make": {"title": "Make it a plan", "values": {"a": "Plan A", "b": "Plan B"}, "invalid": "Choose a plan."}}},
  "plan": {"title": "Plans", "one": "a plan", "fields": {"words": {"label": "Words"}}}}}`

func linkCatalog(t *testing.T, shape, words string) (*Catalog, error) {
	t.Helper()
	engine, err := os.ReadFile("testdata/words/engine.json")
	if err != nil {
		t.Fatal(err)
	}
	return Load(fstest.MapFS{"10.json": {Data: []byte(shape)}},
		fstest.MapFS{"10.json": {Data: []byte(words)}, "engine.json": {Data: engine}}, nil)
}

var noop = func(context.Context, *Items, Item, string, time.Time) (*Kind, Item, error) { return nil, Item{}, nil }

// A read-only field is shown and kept, never written by a form or a
// request: only an action sets it.
func TestReadOnlyFields(t *testing.T) {
	c, err := linkCatalog(t, linkShape, linkWords)
	if err != nil {
		t.Fatal(err)
	}
	k, _ := c.Kind("wish")
	if len(k.Visible()) != 1 || len(k.Shown()) != 2 {
		t.Fatalf("visible %d, shown %d; want 1 and 2", len(k.Visible()), len(k.Shown()))
	}
	in, err := k.ReadJSON([]byte(`{"words": "To rest", "went": "AAAAAAAAAAAAAAAAAAAAAAAAAA"}`), true)
	if err != nil {
		t.Fatal(err) // an export carries it, and comes back whole
	}
	if got := k.fresh(in.Values); len(got) != 2 || got[1].Str != "" || got[0].Str != "To rest" {
		t.Errorf("a new item's values %v: the read-only field must start empty", got)
	}
	form, _ := k.ReadForm(map[string][]string{"words": {"To rest"}, "went": {"forged"}})
	if len(form) != 1 {
		t.Errorf("a form reads %d values, want only the one it shows", len(form))
	}
	if f := k.Form(nil, nil); len(f.Sections[0].Fields) != 1 {
		t.Errorf("the form shows %d fields, want 1", len(f.Sections[0].Fields))
	}
	props := k.OutputSchema()["properties"].(map[string]any)
	if props["went"].(Schema)["readOnly"] != true {
		t.Errorf("the schema does not mark it read-only: %v", props["went"])
	}
	if k.Sample("x")["went"] != nil {
		t.Error("a sample sets a read-only field")
	}
	it := Item{ID: "i", Value: Values{{Str: "To rest"}, {Str: "AAAAAAAAAAAAAAAAAAAAAAAAAA"}}}
	if b := string(k.AppendJSON(nil, &it)); !strings.Contains(b, `"went":"AAAAAAAAAAAAAAAAAAAAAAAAAA"`) {
		t.Errorf("the API does not show it: %s", b)
	}

	for name, shape := range map[string]string{
		"not last": strings.Replace(linkShape, `{"name": "went", "tag": 2, "type": "text", "max": 26, "readonly": true}`,
			`{"name": "went", "tag": 2, "type": "text", "max": 26, "readonly": true}, {"name": "more", "tag": 3, "type": "text", "max": 5}`, 1),
		"required": strings.Replace(linkShape, `"readonly": true`, `"readonly": true, "required": true`, 1),
	} {
		if _, err := linkCatalog(t, shape, linkWords); err == nil || !strings.Contains(err.Error(), "read-only") {
			t.Errorf("a read-only field %s: %v", name, err)
		}
	}
}

// Binding an action checks its names, values, kinds and words.
func TestActionsAreCheckedWhenBound(t *testing.T) {
	good := Action{Name: "make", Param: "into", Values: []string{"a", "b"}, Makes: []string{"plans"}, Do: noop}
	for name, edit := range map[string]func(a *Action){
		"a reserved name":    func(a *Action) { a.Name = "delete" },
		"a value unworded":   func(a *Action) { a.Values = []string{"a", "b", "c"} },
		"a word for nothing": func(a *Action) { a.Values = []string{"a"} },
		"an unknown kind":    func(a *Action) { a.Makes = []string{"nowhere"} },
		"no Go":              func(a *Action) { a.Do = nil },
		"a wrong name":       func(a *Action) { a.Name = "make it" },
	} {
		c, err := linkCatalog(t, linkShape, linkWords)
		if err != nil {
			t.Fatal(err)
		}
		a := good
		edit(&a)
		if err := c.Bind("wish", Behaviour{Actions: []Action{a}}); err == nil {
			t.Errorf("%s was not caught", name)
		}
	}
	c, _ := linkCatalog(t, linkShape, linkWords)
	if err := c.Bind("wish", Behaviour{}); err == nil {
		t.Error("words for an action the kind does not have were not caught")
	}
	if err := c.Bind("wish", Behaviour{Actions: []Action{good}}); err != nil {
		t.Fatal(err)
	}
	k, _ := c.Kind("wish")
	a, _ := k.Action("make")
	for body, want := range map[string]string{`{"into": "a"}`: "", `{}`: "", `{"into": 1}`: "wrong", `{"into": "a", "x": 1}`: "unknown", `[]`: "wrong"} {
		_, err := a.ReadAction([]byte(body))
		var ie *InputError
		switch {
		case want == "" && err != nil:
			t.Errorf("%s: %v", body, err)
		case want != "" && !errors.As(err, &ie):
			t.Errorf("%s: %v, want an input error", body, err)
		case want == "unknown" && !ie.Unknown:
			t.Errorf("%s: not reported as an unknown member", body)
		}
	}
	if got := k.ActionSchema(a)["required"]; len(got.([]string)) != 1 {
		t.Errorf("the action's schema requires %v", got)
	}
}
