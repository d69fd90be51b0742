package tools_test

import (
	"bytes"
	"encoding/json"
	"testing"

	"kintsugi/internal/journey"
	"kintsugi/internal/record"
	"kintsugi/internal/tool"
	"kintsugi/internal/tools"
)

func catalog(t testing.TB) *tool.Catalog {
	t.Helper()
	_, c, err := tools.Load()
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// The kinds that were Go types before the engine are sealed in exactly
// the bytes they were, and their stored records read back the same: no
// data migration.
func TestEngineKeepsTheBytesOfEarlierKinds(t *testing.T) {
	c := catalog(t)
	cases := []struct {
		path string
		old  interface {
			AppendBinary([]byte) ([]byte, error)
		}
	}{
		{"journal", &journey.JournalEntry{Title: "Tuesday", Body: "line one\nline two — ünïcode ✓", Step: 7}},
		{"journal", &journey.JournalEntry{Body: "only a body"}},
		{"checkins", &journey.Checkin{Emotions: []journey.Felt{{Name: "grief", Intensity: 0}, {Name: "anger", Intensity: 10}}, Sensations: "tight chest", Note: "a note"}},
		{"checkins", &journey.Checkin{Emotions: []journey.Felt{{Name: "serenity", Intensity: 3}}}},
		{"ratings", &journey.Rating{Step: 12, Value: 0, Note: "not yet"}},
		{"ratings", &journey.Rating{Step: 3, Value: 8}},
	}
	for _, tc := range cases {
		k, _ := c.ByPath(tc.path)
		want, _ := tc.old.AppendBinary(nil)
		body, _ := json.Marshal(tc.old)
		in, err := k.ReadJSON(body, false)
		if err != nil {
			t.Fatalf("%s %s: %v", tc.path, body, err)
		}
		if err := k.Clean(in.Values); err != nil {
			t.Fatalf("%s %s: %v", tc.path, body, err)
		}
		rk := k.Record()
		got := rk.Encode(nil, &in.Values)
		if !bytes.Equal(got, want) {
			t.Errorf("%s %s:\n got %x\nwant %x", tc.path, body, got, want)
		}
		var back tool.Values
		if err := rk.Decode(want, &back); err != nil {
			t.Fatal(err)
		}
		r := record.Record[tool.Values]{ID: "x", Value: back}
		out := k.AppendJSON(nil, &r)
		var m map[string]any
		if err := json.Unmarshal(out, &m); err != nil {
			t.Fatalf("%s", out)
		}
		var orig map[string]any
		json.Unmarshal(body, &orig)
		for key, v := range orig {
			if a, b := mustJSON(m[key]), mustJSON(v); a != b {
				t.Errorf("%s: %s read back as %s, was %s", tc.path, key, a, b)
			}
		}
	}
}

func mustJSON(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}
