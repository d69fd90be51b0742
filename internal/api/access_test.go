package api_test

import (
	"net/http"
	"slices"
	"testing"

	"kintsugi/internal/api"
	"kintsugi/internal/apptest"
)

// firefox is the user agent of alice's other device.
const firefox = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0"

// accessScenarios cover the sessions list, ending a session by its id,
// and the access log.
func accessScenarios() []scenario {
	// elsewhere signs alice in on Firefox, keeps that token as
	// f.tokens["alice-firefox"] and its session's id as f.own.
	elsewhere := func(t *testing.T, f *fixture) {
		r := f.must(t, http.StatusCreated, request{method: "POST", path: api.Prefix + "/sessions", body: creds("alice", apptest.Passphrase),
			header: map[string]string{"User-Agent": firefox}})
		f.tokens["alice-firefox"] = r.json(t)["token"].(string)
		f.own = sessionWhere(t, f, "alice", func(s map[string]any) bool { return s["device"] == "Firefox on Linux" })
	}
	current := func(t *testing.T, f *fixture) {
		f.own = sessionWhere(t, f, "alice", func(s map[string]any) bool { return s["current"] == true })
	}
	signedOut := func(t *testing.T, f *fixture, token string) {
		t.Helper()
		f.must(t, http.StatusUnauthorized, request{method: "GET", path: api.Prefix + "/me", token: token})
	}
	return []scenario{
		{name: "sessions: list", setup: elsewhere, method: "GET", path: "/sessions", who: "alice", status: 200,
			check: func(t *testing.T, f *fixture, r response) {
				items := r.json(t)["items"].([]any)
				if len(items) != 2 {
					t.Fatalf("%d sessions, want 2: %s", len(items), r.body)
				}
				newest, this := items[0].(map[string]any), items[1].(map[string]any)
				if newest["device"] != "Firefox on Linux" || newest["current"] != false || newest["address"] != "127.0.0.x" {
					t.Errorf("the Firefox session: %v", newest)
				}
				if this["device"] != "A Go program" || this["current"] != true {
					t.Errorf("this session: %v", this)
				}
			}},
		{name: "sessions: list, no token", method: "GET", path: "/sessions", status: 401, code: "unauthenticated"},
		{name: "sessions: end another", setup: elsewhere, method: "DELETE", path: "/sessions/{own}", who: "alice", status: 204,
			check: func(t *testing.T, f *fixture, r response) {
				signedOut(t, f, f.tokens["alice-firefox"])
				f.must(t, http.StatusOK, request{method: "GET", path: api.Prefix + "/me", who: "alice"})
				log := f.must(t, http.StatusOK, request{method: "GET", path: api.Prefix + "/access-log", who: "alice"}).json(t)
				first := log["items"].([]any)[0].(map[string]any)
				if first["kind"] != "session-ended" || first["device"] != "Firefox on Linux" || first["what"] != "you ended it from your list of sessions" {
					t.Errorf("the newest entry %v", first)
				}
			}},
		{name: "sessions: end this one", setup: current, method: "DELETE", path: "/sessions/{own}", who: "alice", status: 204,
			check: func(t *testing.T, f *fixture, r response) { signedOut(t, f, f.tokens["alice"]) }},
		{name: "sessions: end, someone else's", setup: elsewhere, method: "DELETE", path: "/sessions/{own}", who: "bob", status: 404, code: "not_found",
			check: func(t *testing.T, f *fixture, r response) {
				f.must(t, http.StatusOK, request{method: "GET", path: api.Prefix + "/me", token: f.tokens["alice-firefox"]})
				missing := f.do(t, request{method: "DELETE", path: api.Prefix + "/sessions/{random}", who: "bob"})
				if string(missing.body) != string(r.body) {
					t.Errorf("alice's session answers %s, a missing one %s", r.body, missing.body)
				}
			}},
		{name: "sessions: end, no such", method: "DELETE", path: "/sessions/{random}", who: "alice", status: 404, code: "not_found"},
		{name: "sessions: end, not an id", method: "DELETE", path: "/sessions/nope", who: "alice", status: 404, code: "not_found"},
		{name: "sessions: end, no token", method: "DELETE", path: "/sessions/{random}", status: 401, code: "unauthenticated"},
		{name: "access log", setup: elsewhere, method: "GET", path: "/access-log", who: "alice", status: 200,
			check: func(t *testing.T, f *fixture, r response) {
				var kinds, devices []string
				for _, it := range r.json(t)["items"].([]any) {
					e := it.(map[string]any)
					kinds, devices = append(kinds, e["kind"].(string)), append(devices, e["device"].(string))
					if e["address"] != "127.0.0.x" || e["by"] != "" || e["at"] == "" {
						t.Errorf("entry %v", e)
					}
				}
				if !slices.Equal(kinds, []string{"sign-in", "sign-in"}) || !slices.Equal(devices, []string{"Firefox on Linux", "A Go program"}) {
					t.Errorf("kinds %v, devices %v", kinds, devices)
				}
				for _, it := range f.must(t, http.StatusOK, request{method: "GET", path: api.Prefix + "/access-log", who: "bob"}).json(t)["items"].([]any) {
					if it.(map[string]any)["device"] == "Firefox on Linux" {
						t.Errorf("bob's log holds alice's sign-in: %v", it)
					}
				}
			}},
		{name: "access log: pages", method: "GET", path: "/access-log?limit=2", who: "alice", status: 200,
			setup: func(t *testing.T, f *fixture) {
				for range 4 {
					f.login(t, "alice")
				}
			},
			check: func(t *testing.T, f *fixture, r response) {
				pages := f.pages(t, "/access-log", "alice", "2")
				var all []string
				for _, p := range pages {
					all = append(all, p...)
				}
				if len(pages) != 3 || len(all) != 5 || len(slices.Compact(slices.Clone(all))) != 5 {
					t.Errorf("pages %v", pages)
				}
			}},
		{name: "access log: bad cursor", method: "GET", path: "/access-log?cursor=nope", who: "alice", status: 400, code: "bad_cursor"},
		{name: "access log: bad limit", method: "GET", path: "/access-log?limit=0", who: "alice", status: 400, code: "bad_limit"},
		{name: "access log: no token", method: "GET", path: "/access-log", status: 401, code: "unauthenticated"},
	}
}

// sessionWhere returns the id of who's first session that match says.
func sessionWhere(t *testing.T, f *fixture, who string, match func(map[string]any) bool) string {
	t.Helper()
	for _, it := range f.must(t, http.StatusOK, request{method: "GET", path: api.Prefix + "/sessions", who: who}).json(t)["items"].([]any) {
		if s := it.(map[string]any); match(s) {
			return s["id"].(string)
		}
	}
	t.Fatalf("no session of %s's matches", who)
	return ""
}
