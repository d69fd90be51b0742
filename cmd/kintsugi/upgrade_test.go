package main_test

import (
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"reflect"
	"testing"
)

// The fixture is a data directory made by the first released schema
// (version 1): a SQLite database, its server secret, and what the API
// answered about its content then. Regenerate it only for a new fixture
// of a new schema, never to make this test pass:
//
//	go test ./cmd/kintsugi -run TestUpgradeFromFirstSchema -update-fixture
var updateFixture = flag.Bool("update-fixture", false, "write the schema fixture anew")

const fixtureDir = "testdata/schema-v1"

// fixtureContent is what the fixture's person wrote, as the API lists it.
type fixtureContent struct {
	Journal  []any `json:"journal"`
	Checkins []any `json:"checkins"`
}

func listed(t *testing.T, url, token string) fixtureContent {
	t.Helper()
	var c fixtureContent
	st, j := call(t, "GET", url+"/api/v1/journal?limit=100", token, nil)
	st2, ci := call(t, "GET", url+"/api/v1/checkins?limit=100", token, nil)
	if st != 200 || st2 != 200 {
		t.Fatalf("listing: %d %d", st, st2)
	}
	c.Journal, c.Checkins = j["items"].([]any), ci["items"].([]any)
	return c
}

// A database made by the first schema migrates with this build, and
// everything in it reads back as it was written.
func TestUpgradeFromFirstSchema(t *testing.T) {
	if *updateFixture {
		writeFixture(t)
	}
	dir := t.TempDir()
	for _, name := range []string{"kintsugi.db", "server.key"} {
		b, err := os.ReadFile(filepath.Join(fixtureDir, name))
		if err != nil {
			t.Fatal(err)
		}
		os.WriteFile(filepath.Join(dir, name), b, 0o600)
	}
	var want fixtureContent
	b, err := os.ReadFile(filepath.Join(fixtureDir, "content.json"))
	if err != nil {
		t.Fatal(err)
	}
	json.Unmarshal(b, &want)

	inst := start(t, nil, "--data-dir", dir) // migrates to the current schema
	token := signIn(t, inst.url, false)
	// Everything written reads back as it was; an answer may have gained
	// fields since (additions are how the API grows).
	if got := listed(t, inst.url, token); !holds(got.Journal, want.Journal) || !holds(got.Checkins, want.Checkins) {
		t.Fatalf("after migrating the first schema, the content differs:\n got %v\nwant %v", got, want)
	}
	inst.stop(t)
	if out, err := run(t, nil, "migrate", "--data-dir", dir); err != nil {
		t.Fatalf("migrate: %v\n%s", err, out)
	}
}

func writeFixture(t *testing.T) {
	dir := t.TempDir()
	inst := start(t, nil, "--data-dir", dir)
	token := signIn(t, inst.url, true)
	for _, e := range []map[string]any{
		{"title": "The first entry", "body": "Written with **schema 1**.\n\n- a list\n- of things", "step": 1},
		{"body": "No title, no step, ünïcode ✓"},
	} {
		call(t, "POST", inst.url+"/api/v1/journal", token, e)
	}
	call(t, "POST", inst.url+"/api/v1/checkins", token, map[string]any{
		"emotions": []map[string]any{{"name": "grief", "intensity": 7}, {"name": "hope", "intensity": 2}}, "note": "heavy, and a little light"})
	content := listed(t, inst.url, token)
	inst.stop(t)
	os.MkdirAll(fixtureDir, 0o755)
	for _, name := range []string{"kintsugi.db", "server.key"} {
		b, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		os.WriteFile(filepath.Join(fixtureDir, name), b, 0o644)
	}
	b, _ := json.MarshalIndent(content, "", "  ")
	os.WriteFile(filepath.Join(fixtureDir, "content.json"), append(b, '\n'), 0o644)
	t.Logf("wrote %s", fixtureDir)
}

// holds reports whether got has everything want has: the same values at
// the same keys, the same items in the same order; got may have more keys.
func holds(got, want any) bool {
	switch w := want.(type) {
	case map[string]any:
		g, ok := got.(map[string]any)
		if !ok {
			return false
		}
		for k, v := range w {
			if !holds(g[k], v) {
				return false
			}
		}
		return true
	case []any:
		g, ok := got.([]any)
		if !ok || len(g) != len(w) {
			return false
		}
		for i := range w {
			if !holds(g[i], w[i]) {
				return false
			}
		}
		return true
	}
	return reflect.DeepEqual(got, want)
}
