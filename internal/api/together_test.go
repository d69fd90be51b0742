package api_test

import (
	"net/http"
	"strings"
	"testing"

	"kintsugi/internal/api"
)

// togetherScenarios link alice (who invites) and bob (who accepts), and
// provoke every answer the linking routes declare.
func togetherScenarios() []scenario {
	yes := map[string]bool{"safe": true, "no_pressure": true}
	// invite makes alice's invitation and keeps its code in f.own.
	invite := func(t *testing.T, f *fixture) {
		r := f.must(t, http.StatusCreated, request{method: "POST", path: api.Prefix + "/together/invitations", who: "alice", body: yes})
		f.own = r.json(t)["code"].(string)
	}
	linked := func(t *testing.T, f *fixture) {
		invite(t, f)
		f.must(t, http.StatusCreated, request{method: "POST", path: api.Prefix + "/together/accept", who: "bob",
			body: map[string]string{"code": f.own}})
	}
	code := func(t *testing.T, f *fixture) any { return map[string]string{"code": f.own} }
	looselyTyped := func(t *testing.T, f *fixture) any {
		return map[string]string{"code": strings.ToLower(strings.Replace(f.own, "-", " ", 1))}
	}
	all := []scenario{
		{name: "together: invite", method: "POST", path: "/together/invitations", who: "alice", body: yes, status: 201,
			check: func(t *testing.T, f *fixture, r response) {
				if c, _ := r.json(t)["code"].(string); len(c) != 11 {
					t.Errorf("code %q", c)
				}
			}},
		{name: "together: invite, not safe", method: "POST", path: "/together/invitations", who: "alice",
			body: map[string]bool{"safe": false, "no_pressure": true}, status: 409, code: "not_safe",
			check: func(t *testing.T, f *fixture, r response) {
				f.must(t, http.StatusNotFound, request{method: "GET", path: api.Prefix + "/together", who: "alice"})
			}},
		{name: "together: invite, not freely", method: "POST", path: "/together/invitations", who: "alice",
			body: map[string]bool{"safe": true, "no_pressure": false}, status: 409, code: "not_safe"},
		{name: "together: invite, a question unanswered", method: "POST", path: "/together/invitations", who: "alice",
			body: map[string]bool{"safe": true}, status: 422, code: "invalid", field: "no_pressure"},
		{name: "together: invite while linked", setup: linked, method: "POST", path: "/together/invitations", who: "alice",
			body: yes, status: 409, code: "already_linked"},
		{name: "together: invite, no token", method: "POST", path: "/together/invitations", body: yes, status: 401, code: "unauthenticated"},

		{name: "together: accept", setup: invite, method: "POST", path: "/together/accept", who: "bob", body: looselyTyped, status: 201,
			check: func(t *testing.T, f *fixture, r response) {
				got := r.json(t)
				if got["role"] != "partner" || got["partner"].(map[string]any)["username"] != "alice" || got["paused"] != false {
					t.Errorf("bob's link %v", got)
				}
				hers := f.must(t, http.StatusOK, request{method: "GET", path: api.Prefix + "/together", who: "alice"}).json(t)
				if hers["role"] != "person" || hers["partner"].(map[string]any)["username"] != "bob" || hers["since"] != got["since"] {
					t.Errorf("alice's link %v", hers)
				}
				// The code is used up.
				f.person(t, "carol")
				again := f.do(t, request{method: "POST", path: api.Prefix + "/together/accept", who: "carol", body: map[string]string{"code": f.own}})
				if again.status != http.StatusUnprocessableEntity || again.firstField() != "code" {
					t.Errorf("a used code: %d %s", again.status, again.body)
				}
			}},
		{name: "together: accept a wrong code", method: "POST", path: "/together/accept", who: "bob",
			body: map[string]string{"code": "ABCDE-FGHJK"}, status: 422, code: "invalid", field: "code"},
		{name: "together: accept one's own code", setup: invite, method: "POST", path: "/together/accept", who: "alice",
			body: code, status: 409, code: "own_invitation"},
		{name: "together: accept while linked", setup: func(t *testing.T, f *fixture) {
			linked(t, f)
			f.person(t, "carol")
			r := f.must(t, http.StatusCreated, request{method: "POST", path: api.Prefix + "/together/invitations", who: "carol", body: yes})
			f.own = r.json(t)["code"].(string)
		}, method: "POST", path: "/together/accept", who: "bob", body: code, status: 409, code: "already_linked"},
		{name: "together: accept, guessing", setup: func(t *testing.T, f *fixture) {
			for range 10 {
				f.must(t, http.StatusUnprocessableEntity, request{method: "POST", path: api.Prefix + "/together/accept", who: "bob",
					body: map[string]string{"code": "ABCDE-FGHJK"}})
			}
		}, method: "POST", path: "/together/accept", who: "bob", body: map[string]string{"code": "ABCDE-FGHJM"}, status: 429, code: "too_many_attempts"},
		{name: "together: accept, not JSON", method: "POST", path: "/together/accept", who: "bob", body: `{"code": "x"}`,
			header: map[string]string{"Content-Type": "text/plain"}, status: 415, code: "unsupported_media_type"},
		{name: "together: accept, too large", method: "POST", path: "/together/accept", who: "bob",
			body: `{"code": "` + strings.Repeat("a", api.MaxBody) + `"}`, status: 413, code: "too_large"},
		{name: "together: accept, an unknown field", method: "POST", path: "/together/accept", who: "bob",
			body: `{"code": "ABCDE-FGHJK", "partner": "alice"}`, status: 400, code: "bad_json"},
		{name: "together: accept, no token", method: "POST", path: "/together/accept", body: map[string]string{"code": "ABCDE-FGHJK"},
			status: 401, code: "unauthenticated"},

		{name: "together: not linked", method: "GET", path: "/together", who: "alice", status: 404, code: "not_found"},
		{name: "together: the link, no token", method: "GET", path: "/together", status: 401, code: "unauthenticated"},
		{name: "together: end the link", setup: linked, method: "DELETE", path: "/together", who: "bob", status: 204,
			check: func(t *testing.T, f *fixture, r response) {
				// Effective at once, on both sides.
				for _, who := range []string{"alice", "bob"} {
					f.must(t, http.StatusNotFound, request{method: "GET", path: api.Prefix + "/together", who: who})
				}
				f.must(t, http.StatusNotFound, request{method: "DELETE", path: api.Prefix + "/together", who: "bob"})
				// alice, who stayed, lets what was shared go.
				f.must(t, http.StatusOK, request{method: "GET", path: api.Prefix + "/together/commitments", who: "alice"})
				f.must(t, http.StatusNoContent, request{method: "DELETE", path: api.Prefix + "/together", who: "alice"})
				f.must(t, http.StatusNotFound, request{method: "GET", path: api.Prefix + "/together/commitments", who: "alice"})
			}},
		{name: "together: end no link", method: "DELETE", path: "/together", who: "alice", status: 404, code: "not_found"},
		{name: "together: end the link, no token", method: "DELETE", path: "/together", status: 401, code: "unauthenticated"},
	}
	return append(all, badBodies("POST", "/together/invitations", "alice", yes, `{"safe": "yes", "no_pressure": true}`, 201)...)
}
