package api_test

import (
	"strings"
	"testing"

	"kintsugi/internal/api"
)

// TestDuplicateKeysAreRefused: a body that gives one key twice says two
// things at once, and encoding/json would quietly keep the last. Every
// route that reads JSON refuses it with 400 bad_json naming the key, at
// any depth and whatever the case or escaping of the second one.
func TestDuplicateKeysAreRefused(t *testing.T) {
	f := newFixture(t, "sqlite", newContract(t))
	for _, c := range []struct {
		method, path, who, body, key string
	}{
		{"POST", "/accounts", "", `{"username": "new.person", "username": "admin", "passphrase": "quiet harbour lanterns drift east"}`, "username"},
		{"POST", "/sessions", "", `{"username": "alice", "passphrase": "x", "passphrase": "quiet harbour lanterns drift east"}`, "passphrase"},
		{"POST", "/checkins", "alice", `{"emotions": [{"name": "joy", "intensity": 3}], "note": "a", "Note": "b"}`, "Note"},
		{"POST", "/checkins", "alice", `{"emotions": [{"name": "joy", "intensity": 3, "intensity": 9}]}`, "intensity"},
		{"POST", "/journal", "alice", `{"body": "what I meant", "body": "what I did not"}`, "body"},
		{"POST", "/journal", "alice", `{"body": "hello", "step": 3, "st\u0065p": 4}`, "step"},
		{"PUT", "/journal/{journal}", "alice", `{"body": "b", "title": "t", "TITLE": "u"}`, "TITLE"},
		{"DELETE", "/me", "alice", `{"passphrase": "not it", "passphrase": "quiet harbour lanterns drift east"}`, "passphrase"},
	} {
		r := f.do(t, request{method: c.method, path: api.Prefix + c.path, who: c.who, body: c.body})
		msg, _ := r.json(t)["error"].(map[string]any)["message"].(string)
		if r.status != 400 || r.errorCode() != "bad_json" || !strings.Contains(msg, `"`+c.key+`" more than once`) {
			t.Errorf("%s %s with %s: %d %s", c.method, c.path, c.body, r.status, r.body)
		}
	}
	// Nothing was done: alice is still there with her one entry.
	f.must(t, 200, request{method: "GET", path: api.Prefix + "/me", who: "alice"})
	if pages := f.pages(t, "/journal", "alice", "20"); len(pages) != 1 || len(pages[0]) != 1 {
		t.Errorf("alice's journal after refused bodies: %v", pages)
	}
	// The same keys in different objects are not duplicates.
	f.must(t, 201, request{method: "POST", path: api.Prefix + "/checkins", who: "alice",
		body: `{"emotions": [{"name": "joy", "intensity": 3}, {"name": "fear", "intensity": 2}], "note": "two"}`})
}
