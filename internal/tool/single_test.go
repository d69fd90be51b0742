package tool

import (
	"encoding/json"
	"os"
	"strings"
	"testing"
	"testing/fstest"
)

const planShape = `{"step": 8, "kinds": [{"name": "plan", "path": "plan", "schema": "Plan", "single": true, "summary": ["body"],
  "fields": [{"name": "body", "tag": 1, "type": "longtext", "max": 20}, {"name": "when", "tag": 2, "type": "date"},
    {"name": "how", "tag": 3, "type": "int", "min": 0, "max": 10}, {"name": "list", "tag": 4, "type": "texts", "max": 2, "item_max": 5},
    {"name": "step", "tag": 5, "type": "step"}]%s}]}`

const planWords = `{"kinds": {"plan": {"title": "Your plan", "one": "your plan",
  "fields": {"body": {"label": "Body"}, "when": {"label": "When"}, "how": {"label": "How"}, "list": {"label": "List"}, "step": {"label": "Step"}}}}}`

func planCatalog(t *testing.T, extra string) (*Catalog, error) {
	t.Helper()
	engine, err := os.ReadFile("testdata/words/engine.json")
	if err != nil {
		t.Fatal(err)
	}
	shape := strings.Replace(planShape, "%s", extra, 1)
	return Load(fstest.MapFS{"08.json": {Data: []byte(shape)}},
		fstest.MapFS{"08.json": {Data: []byte(planWords)}, "engine.json": {Data: engine}}, nil)
}

// A single kind reads as every field empty, and no id or times, before it
// is written; its schema allows that; and it can have no events and no
// step index.
func TestSingleKind(t *testing.T) {
	c, err := planCatalog(t, "")
	if err != nil {
		t.Fatal(err)
	}
	k, _ := c.ByPath("plan")
	var got map[string]any
	if err := json.Unmarshal(k.AppendNone(nil), &got); err != nil {
		t.Fatal(err)
	}
	want := `{"body":"","created_at":null,"how":null,"id":null,"list":[],"step":null,"updated_at":null,"when":null}`
	if jsonOf(got) != want {
		t.Errorf("before it is written:\n got %s\nwant %s", jsonOf(got), want)
	}
	props := k.OutputSchema()["properties"].(map[string]any)
	for _, name := range []string{"id", "created_at", "updated_at"} {
		if typ := jsonOf(props[name].(Schema)["type"]); typ != `["string","null"]` {
			t.Errorf("%s is of type %s, want a string or null", name, typ)
		}
	}
	for name, extra := range map[string]string{
		"events": `, "events": {"name": "plan-event", "path": "events", "schema": "PlanEvent", "summary": ["x"], "fields": [{"name": "x", "tag": 1, "type": "text", "max": 5}]}`,
		"index":  `, "index": "step"`,
	} {
		if _, err := planCatalog(t, extra); err == nil || !strings.Contains(err.Error(), "a single kind cannot") {
			t.Errorf("a single kind with %s: %v, want it refused for being single", name, err)
		}
	}
}
