package api_test

import (
	"slices"
	"strconv"
	"strings"
	"testing"

	"kintsugi/internal/api"
)

// felt is one emotion of a check-in body.
func felt(name string, intensity any) map[string]any {
	return map[string]any{"name": name, "intensity": intensity}
}

// checkinBody is a check-in request body.
func checkinBody(note string, emotions ...map[string]any) map[string]any {
	return map[string]any{"emotions": emotions, "note": note}
}

// checkinScenarios cover /checkins and /checkins/{id}.
func checkinScenarios() []scenario {
	post := func(name string, body any, status int, code, field string) scenario {
		return scenario{name: "check in: " + name, method: "POST", path: "/checkins", who: "alice", body: body, status: status, code: code, field: field}
	}
	created := post("created", checkinBody("  a quiet morning \r\n", felt("joy", 3), felt("fear", 0)), 201, "", "")
	created.check = func(t *testing.T, f *fixture, r response) {
		m := r.json(t)
		if m["note"] != "a quiet morning" || m["crisis_resources"] != nil || len(m["emotions"].([]any)) != 2 {
			t.Errorf("stored %s", r.body)
		}
		got := f.must(t, 200, request{method: "GET", path: api.Prefix + "/checkins/" + m["id"].(string), who: "alice"})
		if got.json(t)["note"] != m["note"] || got.json(t)["created_at"] != m["created_at"] {
			t.Errorf("read back %s, created %s", got.body, r.body)
		}
	}
	crisis := func(name string, body map[string]any) scenario {
		sc := post(name, body, 201, "", "")
		sc.check = func(t *testing.T, f *fixture, r response) {
			if r.json(t)["crisis_resources"] == nil {
				t.Error("no crisis_resources")
			}
		}
		return sc
	}
	crisisSensations := checkinBody("", felt("grief", 9))
	crisisSensations["sensations"] = "I want to die, my chest is heavy"
	get := func(name, who, path string, status int, code string) scenario {
		return scenario{name: "check-in: " + name, method: "GET", path: path, who: who, status: status, code: code}
	}
	del := func(name, who, path string, status int, code string) scenario {
		return scenario{name: "delete check-in: " + name, method: "DELETE", path: path, who: who, status: status, code: code}
	}
	deleted := del("deleted", "alice", "/checkins/{checkin}", 204, "")
	deleted.check = func(t *testing.T, f *fixture, r response) {
		f.must(t, 404, request{method: "GET", path: api.Prefix + "/checkins/{checkin}", who: "alice"})
		f.must(t, 404, request{method: "DELETE", path: api.Prefix + "/checkins/{checkin}", who: "alice"})
	}
	notBobs := get("another person's is not found", "bob", "/checkins/{checkin}", 404, "not_found")
	notBobs.check = sameAsMissing("/checkins/{random}", "bob")
	listed := scenario{name: "list check-ins", method: "GET", path: "/checkins", who: "alice", status: 200,
		check: func(t *testing.T, f *fixture, r response) {
			if got := f.pages(t, "/checkins", "alice", "20"); !slices.EqualFunc(got, [][]string{{f.checkin}}, slices.Equal) {
				t.Errorf("pages %v, want just %s", got, f.checkin)
			}
		}}
	paged := scenario{name: "list check-ins: two a page, newest first", method: "GET", path: "/checkins?limit=2", who: "bob", status: 200,
		setup: func(t *testing.T, f *fixture) {
			for i := range 5 {
				f.made = append(f.made, f.create(t, "/checkins", "bob", checkinBody(strconv.Itoa(i), felt("anger", i))))
			}
		},
		check: func(t *testing.T, f *fixture, r response) {
			m := f.made
			want := [][]string{{m[4], m[3]}, {m[2], m[1]}, {m[0]}}
			if got := f.pages(t, "/checkins", "bob", "2"); !slices.EqualFunc(got, want, slices.Equal) {
				t.Errorf("pages %v, want %v", got, want)
			}
		}}
	list := func(name, query string, status int, code string) scenario {
		return scenario{name: "list check-ins: " + name, method: "GET", path: "/checkins" + query, who: "alice", status: status, code: code}
	}
	return []scenario{
		created,
		post("lowest and highest intensity", checkinBody("", felt("joy", 0), felt("rage", 10)), 201, "", ""),
		post("sensations", map[string]any{"emotions": []any{felt("fear", 4)}, "sensations": "tight shoulders"}, 201, "", ""),
		crisis("crisis words in the note", checkinBody("Some nights I want to die.", felt("grief", 9))),
		crisis("crisis words in the sensations", crisisSensations),
		post("unknown emotion", checkinBody("", felt("hangry", 3)), 422, "invalid", "emotions[0].name"),
		post("intensity -1", checkinBody("", felt("joy", -1)), 422, "invalid", "emotions[0].intensity"),
		post("intensity 11", checkinBody("", felt("joy", 11)), 422, "invalid", "emotions[0].intensity"),
		post("no emotions", checkinBody("a note"), 422, "invalid", "emotions"),
		post("emotions missing", map[string]any{"note": "a note"}, 422, "invalid", "emotions"),
		post("emotions null", map[string]any{"emotions": nil}, 422, "invalid", "emotions"),
		post("the same emotion twice", checkinBody("", felt("joy", 3), felt("joy", 4)), 422, "invalid", "emotions[1].name"),
		post("note too long", checkinBody(strings.Repeat("n", 4001), felt("joy", 3)), 422, "invalid", "note"),
		post("control character in the note", checkinBody("a\x07b", felt("joy", 3)), 422, "invalid", "note"),
		post("intensity as a string", checkinBody("", felt("joy", "5")), 400, "wrong_type", ""),
		post("intensity with a fraction", checkinBody("", felt("joy", 1.5)), 400, "wrong_type", ""),
		{name: "check in: no token", method: "POST", path: "/checkins", body: checkinBody("", felt("joy", 3)), status: 401, code: "unauthenticated"},

		listed,
		paged,
		{name: "list check-ins: bob sees none of alice's", method: "GET", path: "/checkins", who: "bob", status: 200,
			check: func(t *testing.T, f *fixture, r response) {
				if items := r.json(t)["items"].([]any); len(items) != 0 || r.json(t)["next_cursor"] != nil {
					t.Errorf("bob's list: %s", r.body)
				}
			}},
		list("limit=0", "?limit=0", 400, "bad_limit"),
		list("limit=-1", "?limit=-1", 400, "bad_limit"),
		list("limit=abc", "?limit=abc", 400, "bad_limit"),
		list("limit=1.5", "?limit=1.5", 400, "bad_limit"),
		list("cursor not base64", "?cursor=!!!", 400, "bad_cursor"),
		list("cursor too short", "?cursor=AAAA", 400, "bad_cursor"),
		{name: "list check-ins: no token", method: "GET", path: "/checkins", status: 401, code: "unauthenticated"},

		get("read", "alice", "/checkins/{checkin}", 200, ""),
		get("missing", "alice", "/checkins/{random}", 404, "not_found"),
		get("malformed id", "alice", "/checkins/not-an-id", 404, "not_found"),
		get("id with a NUL byte", "alice", "/checkins/%00", 404, "not_found"),
		get("id that is not UTF-8", "alice", "/checkins/%FF%FE", 404, "not_found"),
		get("a journal entry's id", "alice", "/checkins/{journal}", 404, "not_found"),
		notBobs,
		get("no token", "", "/checkins/{checkin}", 401, "unauthenticated"),

		deleted,
		del("missing", "alice", "/checkins/{random}", 404, "not_found"),
		del("malformed id", "alice", "/checkins/%FF", 404, "not_found"),
		del("another person's", "bob", "/checkins/{checkin}", 404, "not_found"),
		del("no token", "", "/checkins/{checkin}", 401, "unauthenticated"),
	}
}

// sameAsMissing checks that an answer is byte for byte the answer to GET
// path (a missing object) as who.
func sameAsMissing(path, who string) func(*testing.T, *fixture, response) {
	return func(t *testing.T, f *fixture, r response) {
		missing := f.do(t, request{method: "GET", path: api.Prefix + path, who: who})
		if missing.status != r.status || string(missing.body) != string(r.body) {
			t.Errorf("another person's object: %d %s; a missing one: %d %s", r.status, r.body, missing.status, missing.body)
		}
	}
}
