package api_test

import (
	"math"
	"net/http"
	"strings"
	"testing"
	"time"

	"kintsugi/internal/api"
)

// spaceScenarios cover the shared space's commitments, check-ins, trust
// and pause, with alice as the person and bob as her partner.
func spaceScenarios() []scenario {
	c := "/together/commitments"
	promise := map[string]string{"text": "I will phone when I am late", "why": "So you are not left wondering"}
	link := func(t *testing.T, f *fixture) {
		code := f.must(t, http.StatusCreated, request{method: "POST", path: api.Prefix + "/together/invitations", who: "alice",
			body: map[string]bool{"safe": true, "no_pressure": true}}).json(t)["code"]
		f.must(t, http.StatusCreated, request{method: "POST", path: api.Prefix + "/together/accept", who: "bob",
			body: map[string]any{"code": code}})
	}
	proposed := func(t *testing.T, f *fixture) {
		link(t, f)
		f.own = f.create(t, c, "bob", promise)
	}
	accepted := func(t *testing.T, f *fixture) {
		proposed(t, f)
		f.must(t, http.StatusOK, request{method: "POST", path: api.Prefix + c + "/" + f.own + "/accept", who: "alice"})
	}
	// bobsCheckin is a check-in of bob's, waiting for alice to confirm.
	bobsCheckin := func(t *testing.T, f *fixture) {
		accepted(t, f)
		f.event = f.create(t, c+"/"+f.own+"/checkins", "bob", map[string]any{"outcome": "kept", "note": "Called at six"})
	}
	paused := func(setup func(*testing.T, *fixture)) func(*testing.T, *fixture) {
		return func(t *testing.T, f *fixture) {
			setup(t, f)
			f.must(t, http.StatusOK, request{method: "PUT", path: api.Prefix + "/together/pause", who: "bob",
				body: map[string]any{"until": time.Now().Add(24 * time.Hour).UTC().Format(time.RFC3339)}})
		}
	}
	left := func(setup func(*testing.T, *fixture)) func(*testing.T, *fixture) {
		return func(t *testing.T, f *fixture) {
			setup(t, f)
			f.must(t, http.StatusNoContent, request{method: "DELETE", path: api.Prefix + "/together", who: "bob"})
		}
	}
	kept := map[string]any{"outcome": "kept"}
	tomorrow := map[string]any{"until": time.Now().Add(24 * time.Hour).UTC().Format(time.RFC3339), "note": "I need a day"}
	all := []scenario{
		{name: "space: propose", setup: link, method: "POST", path: c, who: "bob", body: promise, status: 201,
			check: func(t *testing.T, f *fixture, r response) {
				got := r.json(t)
				if got["status"] != "proposed" || got["text"] != promise["text"] || got["decided_at"] != nil {
					t.Errorf("proposed %v", got)
				}
				// alice sees it too; carol, in no space, sees nothing.
				id := got["id"].(string)
				f.must(t, http.StatusOK, request{method: "GET", path: api.Prefix + c + "/" + id, who: "alice"})
				f.person(t, "carol")
				f.must(t, http.StatusNotFound, request{method: "GET", path: api.Prefix + c + "/" + id, who: "carol"})
			}},
		{name: "space: propose, the person", setup: link, method: "POST", path: c, who: "alice", body: promise, status: 403, code: "not_your_part"},
		{name: "space: propose, empty", setup: link, method: "POST", path: c, who: "bob", body: map[string]string{"text": " "}, status: 422, code: "invalid", field: "text"},
		{name: "space: propose, not linked", method: "POST", path: c, who: "bob", body: promise, status: 404, code: "not_found"},
		{name: "space: propose, paused", setup: paused(link), method: "POST", path: c, who: "bob", body: promise, status: 409, code: "paused"},
		{name: "space: propose, no token", method: "POST", path: c, body: promise, status: 401, code: "unauthenticated"},
		{name: "space: list", setup: accepted, method: "GET", path: c, who: "bob", status: 200,
			check: func(t *testing.T, f *fixture, r response) {
				items := r.json(t)["items"].([]any)
				if len(items) != 1 || items[0].(map[string]any)["status"] != "accepted" {
					t.Errorf("items %v", items)
				}
			}},
		{name: "space: list, the one who stayed", setup: left(accepted), method: "GET", path: c, who: "alice", status: 200,
			check: func(t *testing.T, f *fixture, r response) {
				if items := r.json(t)["items"].([]any); len(items) != 1 {
					t.Errorf("alice lost the shared history: %v", items)
				}
				// bob, who left, opens nothing from the very next request.
				f.must(t, http.StatusNotFound, request{method: "GET", path: api.Prefix + c, who: "bob"})
				f.must(t, http.StatusNotFound, request{method: "GET", path: api.Prefix + c + "/" + f.own, who: "bob"})
			}},
		{name: "space: list, not linked", method: "GET", path: c, who: "alice", status: 404, code: "not_found"},
		{name: "space: list, no token", method: "GET", path: c, status: 401, code: "unauthenticated"},
		{name: "space: one, with check-ins", setup: bobsCheckin, method: "GET", path: c + "/{own}", who: "alice", status: 200,
			check: func(t *testing.T, f *fixture, r response) {
				ins := r.json(t)["checkins"].([]any)
				if len(ins) != 1 || ins[0].(map[string]any)["counted"] != false || ins[0].(map[string]any)["by"] != "partner" {
					t.Errorf("check-ins %v", ins)
				}
			}},
		{name: "space: one, no such", setup: link, method: "GET", path: c + "/{random}", who: "alice", status: 404, code: "not_found"},
		{name: "space: one, no token", method: "GET", path: c + "/{random}", status: 401, code: "unauthenticated"},

		{name: "space: edit", setup: proposed, method: "PUT", path: c + "/{own}", who: "bob",
			body: map[string]string{"text": "I will phone by six", "why": ""}, status: 200},
		{name: "space: edit, accepted", setup: accepted, method: "PUT", path: c + "/{own}", who: "bob", body: promise, status: 409, code: "not_open"},
		{name: "space: edit, the person", setup: proposed, method: "PUT", path: c + "/{own}", who: "alice", body: promise, status: 403, code: "not_your_part"},
		{name: "space: edit, empty", setup: proposed, method: "PUT", path: c + "/{own}", who: "bob", body: map[string]string{"text": ""}, status: 422, code: "invalid", field: "text"},
		{name: "space: edit, no such", setup: link, method: "PUT", path: c + "/{random}", who: "bob", body: promise, status: 404, code: "not_found"},
		{name: "space: edit, no token", method: "PUT", path: c + "/{random}", body: promise, status: 401, code: "unauthenticated"},
		{name: "space: edit, too large", setup: proposed, method: "PUT", path: c + "/{own}", who: "bob", body: `{"text": "` + strings.Repeat("a", api.MaxBody) + `"}`, status: 413, code: "too_large"},
		{name: "space: edit, not JSON", setup: proposed, method: "PUT", path: c + "/{own}", who: "bob", body: `{}`,
			header: map[string]string{"Content-Type": "text/plain"}, status: 415, code: "unsupported_media_type"},
		{name: "space: edit, unknown field", setup: proposed, method: "PUT", path: c + "/{own}", who: "bob", body: `{"status": "accepted"}`, status: 400, code: "bad_json"},

		{name: "space: accept", setup: proposed, method: "POST", path: c + "/{own}/accept", who: "alice", status: 200,
			check: func(t *testing.T, f *fixture, r response) {
				if got := r.json(t); got["status"] != "accepted" || got["decided_at"] == nil {
					t.Errorf("accepted %v", got)
				}
			}},
		{name: "space: accept, the partner", setup: proposed, method: "POST", path: c + "/{own}/accept", who: "bob", status: 403, code: "not_your_part"},
		{name: "space: accept twice", setup: accepted, method: "POST", path: c + "/{own}/accept", who: "alice", status: 409, code: "not_open"},
		{name: "space: accept, no such", setup: link, method: "POST", path: c + "/{random}/accept", who: "alice", status: 404, code: "not_found"},
		{name: "space: accept, no token", method: "POST", path: c + "/{random}/accept", status: 401, code: "unauthenticated"},
		{name: "space: decline", setup: proposed, method: "POST", path: c + "/{own}/decline", who: "alice", status: 200,
			check: func(t *testing.T, f *fixture, r response) {
				if r.json(t)["status"] != "declined" {
					t.Errorf("declined %s", r.body)
				}
				// Edited, it is proposed again.
				again := f.must(t, http.StatusOK, request{method: "PUT", path: api.Prefix + c + "/" + f.own, who: "bob", body: promise}).json(t)
				if again["status"] != "proposed" {
					t.Errorf("edited after declining: %v", again)
				}
			}},
		{name: "space: decline, the partner", setup: proposed, method: "POST", path: c + "/{own}/decline", who: "bob", status: 403, code: "not_your_part"},
		{name: "space: decline, accepted", setup: accepted, method: "POST", path: c + "/{own}/decline", who: "alice", status: 409, code: "not_open"},
		{name: "space: decline, no such", setup: link, method: "POST", path: c + "/{random}/decline", who: "alice", status: 404, code: "not_found"},
		{name: "space: decline, no token", method: "POST", path: c + "/{random}/decline", status: 401, code: "unauthenticated"},
		{name: "space: end", setup: accepted, method: "POST", path: c + "/{own}/end", who: "bob", status: 200,
			check: func(t *testing.T, f *fixture, r response) {
				if r.json(t)["status"] != "ended" {
					t.Errorf("ended %s", r.body)
				}
				f.must(t, http.StatusConflict, request{method: "POST", path: api.Prefix + c + "/" + f.own + "/checkins", who: "alice", body: kept})
			}},
		{name: "space: end a proposal", setup: proposed, method: "POST", path: c + "/{own}/end", who: "bob", status: 409, code: "not_open"},
		{name: "space: end, no such", setup: link, method: "POST", path: c + "/{random}/end", who: "bob", status: 404, code: "not_found"},
		{name: "space: end, no token", method: "POST", path: c + "/{random}/end", status: 401, code: "unauthenticated"},

		{name: "space: check in, the person", setup: accepted, method: "POST", path: c + "/{own}/checkins", who: "alice",
			body: map[string]any{"outcome": "kept", "note": "Home at seven as said"}, status: 201,
			check: func(t *testing.T, f *fixture, r response) {
				if got := r.json(t); got["counted"] != true || got["counted_as"] != "kept" || got["by"] != "person" {
					t.Errorf("the person's check-in %v", got)
				}
			}},
		{name: "space: check in, back-dated", setup: accepted, method: "POST", path: c + "/{own}/checkins", who: "alice",
			body: map[string]any{"outcome": "broken", "created_at": "2001-01-01T00:00:00Z"}, status: 422, code: "invalid", field: "created_at"},
		{name: "space: check in, no outcome", setup: accepted, method: "POST", path: c + "/{own}/checkins", who: "bob",
			body: map[string]any{"note": "x"}, status: 422, code: "invalid", field: "outcome"},
		{name: "space: check in on a proposal", setup: proposed, method: "POST", path: c + "/{own}/checkins", who: "alice", body: kept, status: 409, code: "not_open"},
		{name: "space: check in, no such", setup: link, method: "POST", path: c + "/{random}/checkins", who: "alice", body: kept, status: 404, code: "not_found"},
		{name: "space: check in, no token", method: "POST", path: c + "/{random}/checkins", body: kept, status: 401, code: "unauthenticated"},
		{name: "space: check in, the other left", setup: left(accepted), method: "POST", path: c + "/{own}/checkins", who: "alice", body: kept, status: 409, code: "partner_left"},

		{name: "space: confirm", setup: bobsCheckin, method: "POST", path: c + "/{own}/checkins/{event}/confirm", who: "alice",
			body: map[string]string{"outcome": "partly"}, status: 200,
			check: func(t *testing.T, f *fixture, r response) {
				if got := r.json(t); got["counted"] != true || got["counted_as"] != "partly" || got["outcome"] != "kept" {
					t.Errorf("confirmed %v", got)
				}
			}},
		{name: "space: confirm, the partner", setup: bobsCheckin, method: "POST", path: c + "/{own}/checkins/{event}/confirm", who: "bob",
			body: map[string]string{"outcome": "kept"}, status: 403, code: "not_your_part"},
		{name: "space: confirm twice", setup: func(t *testing.T, f *fixture) {
			bobsCheckin(t, f)
			f.must(t, http.StatusOK, request{method: "POST", path: api.Prefix + c + "/" + f.own + "/checkins/" + f.event + "/confirm", who: "alice",
				body: map[string]string{"outcome": "kept"}})
		}, method: "POST", path: c + "/{own}/checkins/{event}/confirm", who: "alice", body: map[string]string{"outcome": "kept"}, status: 409, code: "already_counted"},
		{name: "space: confirm, no outcome", setup: bobsCheckin, method: "POST", path: c + "/{own}/checkins/{event}/confirm", who: "alice",
			body: map[string]string{"outcome": "mostly"}, status: 422, code: "invalid", field: "outcome"},
		{name: "space: confirm, no such", setup: accepted, method: "POST", path: c + "/{own}/checkins/{random}/confirm", who: "alice",
			body: map[string]string{"outcome": "kept"}, status: 404, code: "not_found"},
		{name: "space: confirm, no token", method: "POST", path: c + "/{random}/checkins/{random}/confirm", body: map[string]string{"outcome": "kept"}, status: 401, code: "unauthenticated"},

		{name: "space: trust", setup: func(t *testing.T, f *fixture) {
			bobsCheckin(t, f)
			f.create(t, c+"/"+f.own+"/checkins", "alice", map[string]any{"outcome": "broken", "disclosed": true})
		}, method: "GET", path: "/together/trust", who: "bob", status: 200,
			check: func(t *testing.T, f *fixture, r response) {
				got := r.json(t)
				// Only alice's own check-in counts: a disclosed breach today,
				// w = 3, adds 1.5 to β. bob's waits for her.
				overall := got["overall"].(map[string]any)
				if got["counted"] != 1.0 || got["waiting"] != 1.0 || overall["alpha"] != 1.0 || math.Abs(overall["beta"].(float64)-2.5) > 1e-6 ||
					len(got["commitments"].([]any)) != 1 || len(got["history"].([]any)) != 1 {
					t.Errorf("trust %v", got)
				}
			}},
		{name: "space: trust, not linked", method: "GET", path: "/together/trust", who: "alice", status: 404, code: "not_found"},
		{name: "space: trust, no token", method: "GET", path: "/together/trust", status: 401, code: "unauthenticated"},
		{name: "space: trust settings", setup: link, method: "PUT", path: "/together/trust/settings", who: "alice",
			body: map[string]any{"half_life_days": 30}, status: 200,
			check: func(t *testing.T, f *fixture, r response) {
				if got := r.json(t); got["half_life_days"] != 30.0 || got["breach_weight"] != 3.0 {
					t.Errorf("settings %v", got)
				}
				seen := f.must(t, http.StatusOK, request{method: "GET", path: api.Prefix + "/together/trust", who: "bob"}).json(t)
				if seen["settings"].(map[string]any)["half_life_days"] != 30.0 {
					t.Errorf("bob sees %v", seen["settings"])
				}
			}},
		{name: "space: trust settings, the partner", setup: link, method: "PUT", path: "/together/trust/settings", who: "bob",
			body: map[string]any{"breach_weight": 1}, status: 403, code: "not_your_part"},
		{name: "space: trust settings, out of bounds", setup: link, method: "PUT", path: "/together/trust/settings", who: "alice",
			body: map[string]any{"half_life_days": 731}, status: 422, code: "invalid", field: "half_life_days"},
		{name: "space: trust settings, paused", setup: paused(link), method: "PUT", path: "/together/trust/settings", who: "alice",
			body: map[string]any{"breach_weight": 2}, status: 409, code: "paused"},
		{name: "space: trust settings, not linked", method: "PUT", path: "/together/trust/settings", who: "alice",
			body: map[string]any{"breach_weight": 2}, status: 404, code: "not_found"},
		{name: "space: trust settings, no token", method: "PUT", path: "/together/trust/settings", body: map[string]any{"breach_weight": 2}, status: 401, code: "unauthenticated"},

		{name: "space: pause", setup: link, method: "PUT", path: "/together/pause", who: "alice", body: tomorrow, status: 200,
			check: func(t *testing.T, f *fixture, r response) {
				if got := r.json(t); got["mine"] != true || got["by"] != "person" {
					t.Errorf("pause %v", got)
				}
				theirs := f.must(t, http.StatusOK, request{method: "GET", path: api.Prefix + "/together", who: "bob"}).json(t)
				if theirs["paused"] != true || theirs["pause"].(map[string]any)["note"] != "I need a day" || theirs["pause"].(map[string]any)["mine"] != false {
					t.Errorf("bob's view of the pause %v", theirs)
				}
			}},
		{name: "space: pause, the other's", setup: paused(link), method: "PUT", path: "/together/pause", who: "alice", body: tomorrow, status: 409, code: "paused"},
		{name: "space: pause, in the past", setup: link, method: "PUT", path: "/together/pause", who: "alice",
			body: map[string]any{"until": "2020-01-01T00:00:00Z"}, status: 422, code: "invalid", field: "until"},
		{name: "space: pause, not linked", method: "PUT", path: "/together/pause", who: "alice", body: tomorrow, status: 404, code: "not_found"},
		{name: "space: pause, no token", method: "PUT", path: "/together/pause", body: tomorrow, status: 401, code: "unauthenticated"},
		{name: "space: lift the pause", setup: paused(link), method: "DELETE", path: "/together/pause", who: "bob", status: 204,
			check: func(t *testing.T, f *fixture, r response) {
				f.must(t, http.StatusCreated, request{method: "POST", path: api.Prefix + c, who: "bob", body: promise})
			}},
		{name: "space: lift the other's pause", setup: paused(link), method: "DELETE", path: "/together/pause", who: "alice", status: 409, code: "not_paused"},
		{name: "space: lift, not linked", method: "DELETE", path: "/together/pause", who: "alice", status: 404, code: "not_found"},
		{name: "space: lift, no token", method: "DELETE", path: "/together/pause", status: 401, code: "unauthenticated"},
	}
	// Bodies are read before the space is opened: the whole table of bad
	// bodies on one route, and on the others one of each status.
	for _, rt := range []struct{ method, path, wrongType string }{
		{"POST", c, `{"text": 7}`},
		{"POST", c + "/{random}/checkins", `{"outcome": "kept", "disclosed": "yes"}`},
		{"POST", c + "/{random}/checkins/{random}/confirm", `{"outcome": 1}`},
		{"PUT", "/together/trust/settings", `{"breach_weight": "2"}`},
		{"PUT", "/together/pause", `{"note": 5}`},
	} {
		at := "space: " + rt.method + " " + rt.path + ": "
		all = append(all,
			scenario{name: at + "wrong type", method: rt.method, path: rt.path, who: "alice", body: rt.wrongType, status: 400, code: "wrong_type"},
			scenario{name: at + "too large", method: rt.method, path: rt.path, who: "alice", body: `{"note": "` + strings.Repeat("a", api.MaxBody) + `"}`, status: 413, code: "too_large"},
			scenario{name: at + "not JSON", method: rt.method, path: rt.path, who: "alice", body: `{}`,
				header: map[string]string{"Content-Type": "text/plain"}, status: 415, code: "unsupported_media_type"})
	}
	return all
}
