package api_test

import (
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"kintsugi/internal/api"
)

// journalScenarios cover /journal and /journal/{id}.
func journalScenarios() []scenario {
	post := func(name string, body any, status int, code, field string) scenario {
		return scenario{name: "write: " + name, method: "POST", path: "/journal", who: "alice", body: body, status: status, code: code, field: field}
	}
	put := func(name, who, path string, body any, status int, code, field string) scenario {
		return scenario{name: "rewrite: " + name, method: "PUT", path: path, who: who, body: body, status: status, code: code, field: field}
	}
	entry := func(title, body string, step any) map[string]any {
		return map[string]any{"title": title, "body": body, "step": step}
	}
	created := post("created", entry(" A title ", "Today I walked.", 3), 201, "", "")
	created.check = func(t *testing.T, f *fixture, r response) {
		m := r.json(t)
		if m["title"] != "A title" || m["body"] != "Today I walked." || m["step"] != float64(3) || m["created_at"] != m["updated_at"] {
			t.Errorf("stored %s", r.body)
		}
		got := f.must(t, 200, request{method: "GET", path: api.Prefix + "/journal/" + m["id"].(string), who: "alice"})
		if g := got.json(t); g["body"] != m["body"] || g["step"] != m["step"] || g["title"] != m["title"] {
			t.Errorf("read back %s, created %s", got.body, r.body)
		}
	}
	noStep := func(name string, body map[string]any) scenario {
		sc := post(name, body, 201, "", "")
		sc.check = func(t *testing.T, f *fixture, r response) {
			if m := r.json(t); m["step"] != nil || m["title"] != "" {
				t.Errorf("stored %s, want no step and no title", r.body)
			}
		}
		return sc
	}
	crisis := func(sc scenario) scenario {
		sc.check = func(t *testing.T, f *fixture, r response) {
			if r.json(t)["crisis_resources"] == nil {
				t.Error("no crisis_resources")
			}
		}
		return sc
	}
	unchanged := func(sc scenario) scenario {
		sc.check = func(t *testing.T, f *fixture, r response) {
			got := f.must(t, 200, request{method: "GET", path: api.Prefix + "/journal/{journal}", who: "alice"}).json(t)
			if got["body"] != aliceBody || got["title"] != aliceTitle || got["step"] != float64(2) {
				t.Errorf("alice's entry changed: %v", got)
			}
		}
		return sc
	}
	rewritten := put("rewritten", "alice", "/journal/{journal}", entry("Later", "I see it differently now.", 5), 200, "", "")
	rewritten.check = func(t *testing.T, f *fixture, r response) {
		m := r.json(t)
		created, _ := time.Parse(time.RFC3339Nano, m["created_at"].(string))
		updated, _ := time.Parse(time.RFC3339Nano, m["updated_at"].(string))
		if m["id"] != f.journal || m["body"] != "I see it differently now." || m["step"] != float64(5) || !updated.After(created) {
			t.Errorf("rewritten: %s", r.body)
		}
		got := f.must(t, 200, request{method: "GET", path: api.Prefix + "/journal/{journal}", who: "alice"})
		if g := got.json(t); g["body"] != m["body"] || g["created_at"] != m["created_at"] {
			t.Errorf("read back %s after rewriting to %s", got.body, r.body)
		}
	}
	stepCleared := put("the step cleared", "alice", "/journal/{journal}", map[string]any{"body": "no step now"}, 200, "", "")
	stepCleared.check = func(t *testing.T, f *fixture, r response) {
		if r.json(t)["step"] != nil {
			t.Errorf("step not cleared: %s", r.body)
		}
	}
	notBobs := unchanged(put("another person's is not found", "bob", "/journal/{journal}", map[string]any{"body": "not mine"}, 404, "not_found", ""))
	notBobsGet := scenario{name: "read entry: another person's is not found", method: "GET", path: "/journal/{journal}", who: "bob", status: 404, code: "not_found",
		check: sameAsMissing("/journal/{random}", "bob")}
	deleted := scenario{name: "delete entry: deleted", method: "DELETE", path: "/journal/{journal}", who: "alice", status: 204,
		check: func(t *testing.T, f *fixture, r response) {
			f.must(t, 404, request{method: "GET", path: api.Prefix + "/journal/{journal}", who: "alice"})
			f.must(t, 404, request{method: "PUT", path: api.Prefix + "/journal/{journal}", who: "alice", body: map[string]any{"body": "back"}})
			f.must(t, 404, request{method: "DELETE", path: api.Prefix + "/journal/{journal}", who: "alice"})
		}}
	list := func(name, query string, status int, code string) scenario {
		return scenario{name: "list entries: " + name, method: "GET", path: "/journal" + query, who: "alice", status: status, code: code}
	}
	return []scenario{
		created,
		noStep("body only", map[string]any{"body": "Just this."}),
		noStep("step null", entry("", "No step.", nil)),
		post("step 1", entry("", "b", 1), 201, "", ""),
		post("step 12", entry("", "b", 12), 201, "", ""),
		post("title of 200 characters", entry(strings.Repeat("t", 200), "b", nil), 201, "", ""),
		post("body of 100,000 characters", entry("", strings.Repeat("b", 100_000), nil), 201, "", ""),
		crisis(post("crisis words in the body", entry("", "I keep thinking I want to end it all.", nil), 201, "", "")),
		crisis(post("crisis words in the title", entry("Want to die", "b", nil), 201, "", "")),
		post("empty body", entry("t", "", nil), 422, "invalid", "body"),
		post("body of white space", entry("t", " \n\t ", nil), 422, "invalid", "body"),
		post("body missing", map[string]any{"title": "t"}, 422, "invalid", "body"),
		post("step 0", entry("", "b", 0), 422, "invalid", "step"),
		post("step 13", entry("", "b", 13), 422, "invalid", "step"),
		post("step -1", entry("", "b", -1), 422, "invalid", "step"),
		post("title too long", entry(strings.Repeat("t", 201), "b", nil), 422, "invalid", "title"),
		post("body too long", entry("", strings.Repeat("b", 100_001), nil), 422, "invalid", "body"),
		post("control character in the title", entry("a\x1bb", "b", nil), 422, "invalid", "title"),
		post("step as a string", entry("", "b", "3"), 400, "wrong_type", ""),
		{name: "write: no token", method: "POST", path: "/journal", body: entry("", "b", nil), status: 401, code: "unauthenticated"},

		{name: "list entries", method: "GET", path: "/journal", who: "alice", status: 200,
			check: func(t *testing.T, f *fixture, r response) {
				if got := f.pages(t, "/journal", "alice", "20"); !slices.EqualFunc(got, [][]string{{f.journal}}, slices.Equal) {
					t.Errorf("pages %v, want just %s", got, f.journal)
				}
			}},
		{name: "list entries: 45 in pages of 20, newest first", method: "GET", path: "/journal", who: "bob", status: 200,
			setup: func(t *testing.T, f *fixture) { f.write(t, "bob", 45) },
			check: func(t *testing.T, f *fixture, r response) {
				newest := slices.Clone(f.made)
				slices.Reverse(newest)
				if got := r.json(t)["items"].([]any); len(got) != 20 || got[0].(map[string]any)["id"] != newest[0] {
					t.Errorf("the first page, with no limit, has %d items, want the 20 newest", len(got))
				}
				want := [][]string{newest[:20], newest[20:40], newest[40:]}
				if got := f.pages(t, "/journal", "bob", "20"); !slices.EqualFunc(got, want, slices.Equal) {
					t.Errorf("pages %v, want %v", got, want)
				}
			}},
		{name: "list entries: limit=1000 is capped at 100", method: "GET", path: "/journal?limit=1000", who: "bob", status: 200,
			setup: func(t *testing.T, f *fixture) { f.write(t, "bob", 101) },
			check: func(t *testing.T, f *fixture, r response) {
				if got := f.pages(t, "/journal", "bob", "1000"); len(got) != 2 || len(got[0]) != 100 || len(got[1]) != 1 {
					t.Errorf("pages of %v items, want 100 and 1", lengths(got))
				}
			}},
		list("limit=0", "?limit=0", 400, "bad_limit"),
		list("limit=abc", "?limit=abc", 400, "bad_limit"),
		list("limit=-20", "?limit=-20", 400, "bad_limit"),
		list("cursor not base64", "?cursor=%25%25", 400, "bad_cursor"),
		list("cursor too short", "?cursor=AAAAAAAAAAA", 400, "bad_cursor"),
		{name: "list entries: no token", method: "GET", path: "/journal", status: 401, code: "unauthenticated"},

		{name: "read entry", method: "GET", path: "/journal/{journal}", who: "alice", status: 200},
		{name: "read entry: missing", method: "GET", path: "/journal/{random}", who: "alice", status: 404, code: "not_found"},
		{name: "read entry: malformed id", method: "GET", path: "/journal/..%2F..%2Fetc", who: "alice", status: 404, code: "not_found"},
		{name: "read entry: a check-in's id", method: "GET", path: "/journal/{checkin}", who: "alice", status: 404, code: "not_found"},
		notBobsGet,
		{name: "read entry: no token", method: "GET", path: "/journal/{journal}", status: 401, code: "unauthenticated"},

		rewritten,
		stepCleared,
		crisis(put("crisis words", "alice", "/journal/{journal}", entry("", "I want to kill myself", nil), 200, "", "")),
		unchanged(put("empty body", "alice", "/journal/{journal}", entry("t", "", 4), 422, "invalid", "body")),
		unchanged(put("step 13", "alice", "/journal/{journal}", entry("t", "b", 13), 422, "invalid", "step")),
		put("missing", "alice", "/journal/{random}", map[string]any{"body": "b"}, 404, "not_found", ""),
		put("malformed id", "alice", "/journal/%00", map[string]any{"body": "b"}, 404, "not_found", ""),
		notBobs,
		unchanged(put("no token", "", "/journal/{journal}", map[string]any{"body": "b"}, 401, "unauthenticated", "")),

		deleted,
		{name: "delete entry: missing", method: "DELETE", path: "/journal/{random}", who: "alice", status: 404, code: "not_found"},
		unchanged(scenario{name: "delete entry: another person's", method: "DELETE", path: "/journal/{journal}", who: "bob", status: 404, code: "not_found"}),
		unchanged(scenario{name: "delete entry: no token", method: "DELETE", path: "/journal/{journal}", status: 401, code: "unauthenticated"}),
	}
}

// write creates n journal entries as who, one after another, and records
// their ids in f.made.
func (f *fixture) write(t *testing.T, who string, n int) {
	for i := range n {
		f.made = append(f.made, f.create(t, "/journal", who, map[string]any{"body": "entry " + strconv.Itoa(i)}))
	}
}

// lengths returns the number of ids on each page.
func lengths(pages [][]string) []int {
	var out []int
	for _, p := range pages {
		out = append(out, len(p))
	}
	return out
}
