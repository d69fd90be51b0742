package api_test

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"kintsugi/internal/api"
)

// talkScenarios cover questions, repairs and conversations, with alice as
// the person and bob as her partner.
func talkScenarios() []scenario {
	q, rp, th := "/together/questions", "/together/repairs", "/together/threads"
	link := func(t *testing.T, f *fixture) {
		code := f.must(t, http.StatusCreated, request{method: "POST", path: api.Prefix + "/together/invitations", who: "alice",
			body: map[string]bool{"safe": true, "no_pressure": true}}).json(t)["code"]
		f.must(t, http.StatusCreated, request{method: "POST", path: api.Prefix + "/together/accept", who: "bob",
			body: map[string]any{"code": code}})
	}
	then := func(setup func(*testing.T, *fixture), more func(*testing.T, *fixture)) func(*testing.T, *fixture) {
		return func(t *testing.T, f *fixture) { setup(t, f); more(t, f) }
	}
	paused := then(link, func(t *testing.T, f *fixture) {
		f.must(t, http.StatusOK, request{method: "PUT", path: api.Prefix + "/together/pause", who: "alice",
			body: map[string]any{"until": time.Now().Add(24 * time.Hour).UTC().Format(time.RFC3339)}})
	})
	left := func(setup func(*testing.T, *fixture)) func(*testing.T, *fixture) {
		return then(setup, func(t *testing.T, f *fixture) {
			f.must(t, http.StatusNoContent, request{method: "DELETE", path: api.Prefix + "/together", who: "bob"})
		})
	}
	asked := then(link, func(t *testing.T, f *fixture) {
		f.own = f.create(t, q, "alice", map[string]string{"text": "When did it start?"})
	})
	answered := then(asked, func(t *testing.T, f *fixture) {
		f.must(t, http.StatusOK, request{method: "POST", path: api.Prefix + q + "/" + f.own + "/answer", who: "bob", body: map[string]string{"text": "In March."}})
	})
	repaired := then(link, func(t *testing.T, f *fixture) {
		f.own = f.create(t, rp, "bob", map[string]string{"kind": "apology", "text": "I am sorry I lied about where I was."})
	})
	responded := then(repaired, func(t *testing.T, f *fixture) {
		f.must(t, http.StatusOK, request{method: "POST", path: api.Prefix + rp + "/" + f.own + "/response", who: "alice", body: map[string]string{"text": "Thank you."}})
	})
	started := then(link, func(t *testing.T, f *fixture) {
		f.own = f.create(t, th, "alice", map[string]string{"title": "Weekends", "text": "Can we plan Saturday together?"})
	})
	text := func(s string) map[string]string { return map[string]string{"text": s} }

	all := []scenario{
		{name: "talk: ask", setup: link, method: "POST", path: q, who: "alice", body: text("Why did you not tell me?"), status: 201,
			check: func(t *testing.T, f *fixture, r response) {
				got := r.json(t)
				if got["status"] != "open" || got["answer"] != "" || got["answered_at"] != nil || got["note"] != nil {
					t.Errorf("asked %v", got)
				}
				// bob sees it open, with the same words.
				list := f.must(t, http.StatusOK, request{method: "GET", path: api.Prefix + q, who: "bob"}).json(t)
				items := list["items"].([]any)
				if len(items) != 1 || items[0].(map[string]any)["text"] != "Why did you not tell me?" || list["guidance"] == "" {
					t.Errorf("bob's list %v", list)
				}
			}},
		{name: "talk: ask, graphic detail", setup: link, method: "POST", path: q, who: "alice", body: text("Did you sleep with them at our house?"), status: 201,
			check: func(t *testing.T, f *fixture, r response) {
				if note, _ := r.json(t)["note"].(string); !strings.Contains(note, "detail") {
					t.Errorf("no gentle note: %q", note)
				}
			}},
		{name: "talk: ask, the partner", setup: link, method: "POST", path: q, who: "bob", body: text("Why?"), status: 403, code: "not_your_part"},
		{name: "talk: ask, empty", setup: link, method: "POST", path: q, who: "alice", body: text(""), status: 422, code: "invalid", field: "text"},
		{name: "talk: ask, too long", setup: link, method: "POST", path: q, who: "alice", body: text(strings.Repeat("w", 1001)), status: 422, code: "invalid", field: "text"},
		{name: "talk: ask, paused", setup: paused, method: "POST", path: q, who: "alice", body: text("Why?"), status: 409, code: "paused"},
		{name: "talk: ask, they left", setup: left(link), method: "POST", path: q, who: "alice", body: text("Why?"), status: 409, code: "partner_left"},
		{name: "talk: ask, not linked", method: "POST", path: q, who: "alice", body: text("Why?"), status: 404, code: "not_found"},
		{name: "talk: ask, no token", method: "POST", path: q, body: text("Why?"), status: 401, code: "unauthenticated"},
		{name: "talk: questions, not linked", method: "GET", path: q, who: "alice", status: 404, code: "not_found"},
		{name: "talk: questions, no token", method: "GET", path: q, status: 401, code: "unauthenticated"},
		{name: "talk: one question", setup: answered, method: "GET", path: q + "/{own}", who: "alice", status: 200,
			check: func(t *testing.T, f *fixture, r response) {
				if got := r.json(t); got["status"] != "answered" || got["answer"] != "In March." || got["answered_at"] == nil {
					t.Errorf("question %v", got)
				}
			}},
		{name: "talk: one question, no such", setup: link, method: "GET", path: q + "/{random}", who: "bob", status: 404, code: "not_found"},
		{name: "talk: one question, no token", method: "GET", path: q + "/{random}", status: 401, code: "unauthenticated"},
		{name: "talk: answer", setup: asked, method: "POST", path: q + "/{own}/answer", who: "bob", body: text("In March, after the move."), status: 200,
			check: func(t *testing.T, f *fixture, r response) {
				if got := r.json(t); got["status"] != "answered" {
					t.Errorf("answered %v", got)
				}
			}},
		{name: "talk: answer, again", setup: answered, method: "POST", path: q + "/{own}/answer", who: "bob", body: text("Other words"), status: 409, code: "already_answered"},
		{name: "talk: answer, the person", setup: asked, method: "POST", path: q + "/{own}/answer", who: "alice", body: text("x"), status: 403, code: "not_your_part"},
		{name: "talk: answer, empty", setup: asked, method: "POST", path: q + "/{own}/answer", who: "bob", body: text(" "), status: 422, code: "invalid", field: "text"},
		{name: "talk: answer, no such", setup: link, method: "POST", path: q + "/{random}/answer", who: "bob", body: text("x"), status: 404, code: "not_found"},
		{name: "talk: answer, no token", method: "POST", path: q + "/{random}/answer", body: text("x"), status: 401, code: "unauthenticated"},

		{name: "talk: repair", setup: link, method: "POST", path: rp, who: "bob", body: map[string]string{"kind": "amends", "text": "I closed the account and showed you."}, status: 201,
			check: func(t *testing.T, f *fixture, r response) {
				got := r.json(t)
				if got["kind"] != "amends" || got["response"] != "" || got["responded_at"] != nil {
					t.Errorf("repair %v", got)
				}
				list := f.must(t, http.StatusOK, request{method: "GET", path: api.Prefix + rp, who: "alice"}).json(t)["items"].([]any)
				if len(list) != 1 {
					t.Errorf("alice sees %v", list)
				}
			}},
		{name: "talk: repair, the person", setup: link, method: "POST", path: rp, who: "alice", body: map[string]string{"kind": "apology", "text": "x"}, status: 403, code: "not_your_part"},
		{name: "talk: repair, no kind", setup: link, method: "POST", path: rp, who: "bob", body: map[string]string{"kind": "gift", "text": "x"}, status: 422, code: "invalid", field: "kind"},
		{name: "talk: repair, paused", setup: paused, method: "POST", path: rp, who: "bob", body: map[string]string{"kind": "apology", "text": "x"}, status: 409, code: "paused"},
		{name: "talk: repair, not linked", method: "POST", path: rp, who: "bob", body: map[string]string{"kind": "apology", "text": "x"}, status: 404, code: "not_found"},
		{name: "talk: repair, no token", method: "POST", path: rp, body: map[string]string{"kind": "apology", "text": "x"}, status: 401, code: "unauthenticated"},
		{name: "talk: repairs, not linked", method: "GET", path: rp, who: "bob", status: 404, code: "not_found"},
		{name: "talk: repairs, no token", method: "GET", path: rp, status: 401, code: "unauthenticated"},
		{name: "talk: one repair", setup: responded, method: "GET", path: rp + "/{own}", who: "bob", status: 200,
			check: func(t *testing.T, f *fixture, r response) {
				if got := r.json(t); got["response"] != "Thank you." || got["responded_at"] == nil {
					t.Errorf("repair %v", got)
				}
			}},
		{name: "talk: one repair, no such", setup: link, method: "GET", path: rp + "/{random}", who: "alice", status: 404, code: "not_found"},
		{name: "talk: one repair, no token", method: "GET", path: rp + "/{random}", status: 401, code: "unauthenticated"},
		{name: "talk: respond", setup: repaired, method: "POST", path: rp + "/{own}/response", who: "alice", body: text("I hear you."), status: 200},
		{name: "talk: respond, again", setup: responded, method: "POST", path: rp + "/{own}/response", who: "alice", body: text("More"), status: 409, code: "already_answered"},
		{name: "talk: respond, the partner", setup: repaired, method: "POST", path: rp + "/{own}/response", who: "bob", body: text("x"), status: 403, code: "not_your_part"},
		{name: "talk: respond, empty", setup: repaired, method: "POST", path: rp + "/{own}/response", who: "alice", body: text(""), status: 422, code: "invalid", field: "text"},
		{name: "talk: respond, no such", setup: link, method: "POST", path: rp + "/{random}/response", who: "alice", body: text("x"), status: 404, code: "not_found"},
		{name: "talk: respond, no token", method: "POST", path: rp + "/{random}/response", body: text("x"), status: 401, code: "unauthenticated"},

		{name: "talk: start a conversation", setup: link, method: "POST", path: th, who: "bob", body: map[string]string{"title": "Money", "text": "I want to show you the accounts."}, status: 201,
			check: func(t *testing.T, f *fixture, r response) {
				got := r.json(t)
				ms := got["messages"].([]any)
				if got["by"] != "partner" || got["mine"] != true || len(ms) != 1 {
					t.Errorf("thread %v", got)
				}
				list := f.must(t, http.StatusOK, request{method: "GET", path: api.Prefix + th, who: "alice"}).json(t)["items"].([]any)
				if len(list) != 1 || list[0].(map[string]any)["messages"] != 1.0 || list[0].(map[string]any)["mine"] != false {
					t.Errorf("alice's list %v", list)
				}
			}},
		{name: "talk: start, no subject", setup: link, method: "POST", path: th, who: "alice", body: map[string]string{"title": "", "text": "x"}, status: 422, code: "invalid", field: "title"},
		{name: "talk: start, paused", setup: paused, method: "POST", path: th, who: "bob", body: map[string]string{"title": "x", "text": "x"}, status: 409, code: "paused"},
		{name: "talk: start, not linked", method: "POST", path: th, who: "bob", body: map[string]string{"title": "x", "text": "x"}, status: 404, code: "not_found"},
		{name: "talk: start, no token", method: "POST", path: th, body: map[string]string{"title": "x", "text": "x"}, status: 401, code: "unauthenticated"},
		{name: "talk: conversations, not linked", method: "GET", path: th, who: "bob", status: 404, code: "not_found"},
		{name: "talk: conversations, no token", method: "GET", path: th, status: 401, code: "unauthenticated"},
		{name: "talk: one conversation, no such", setup: link, method: "GET", path: th + "/{random}", who: "bob", status: 404, code: "not_found"},
		{name: "talk: one conversation, no token", method: "GET", path: th + "/{random}", status: 401, code: "unauthenticated"},
		{name: "talk: message", setup: started, method: "POST", path: th + "/{own}/messages", who: "bob", body: text("Yes, let's."), status: 201,
			check: func(t *testing.T, f *fixture, r response) {
				one := f.must(t, http.StatusOK, request{method: "GET", path: api.Prefix + th + "/" + f.own, who: "alice"}).json(t)
				ms := one["messages"].([]any)
				if len(ms) != 2 || ms[1].(map[string]any)["text"] != "Yes, let's." || ms[1].(map[string]any)["mine"] != false {
					t.Errorf("alice's view %v", one)
				}
			}},
		{name: "talk: message, they left", setup: left(started), method: "POST", path: th + "/{own}/messages", who: "alice", body: text("Hello?"), status: 409, code: "partner_left"},
		{name: "talk: message, empty", setup: started, method: "POST", path: th + "/{own}/messages", who: "alice", body: text(""), status: 422, code: "invalid", field: "text"},
		{name: "talk: message, no such", setup: link, method: "POST", path: th + "/{random}/messages", who: "alice", body: text("x"), status: 404, code: "not_found"},
		{name: "talk: message, no token", method: "POST", path: th + "/{random}/messages", body: text("x"), status: 401, code: "unauthenticated"},
		{name: "talk: the one who stayed reads", setup: left(started), method: "GET", path: th + "/{own}", who: "alice", status: 200,
			check: func(t *testing.T, f *fixture, r response) {
				f.must(t, http.StatusNotFound, request{method: "GET", path: api.Prefix + th + "/" + f.own, who: "bob"})
			}},
	}
	// Bodies are read before the space is opened.
	for _, rt := range []struct{ method, path, wrongType string }{
		{"POST", q, `{"text": 7}`},
		{"POST", q + "/{random}/answer", `{"text": false}`},
		{"POST", rp, `{"kind": 1, "text": "x"}`},
		{"POST", rp + "/{random}/response", `{"text": []}`},
		{"POST", th, `{"title": {}, "text": "x"}`},
		{"POST", th + "/{random}/messages", `{"text": 2}`},
	} {
		at := "talk: " + rt.method + " " + rt.path + ": "
		all = append(all,
			scenario{name: at + "wrong type", method: rt.method, path: rt.path, who: "alice", body: rt.wrongType, status: 400, code: "wrong_type"},
			scenario{name: at + "too large", method: rt.method, path: rt.path, who: "alice", body: `{"text": "` + strings.Repeat("a", api.MaxBody) + `"}`, status: 413, code: "too_large"},
			scenario{name: at + "not JSON", method: rt.method, path: rt.path, who: "alice", body: `{}`,
				header: map[string]string{"Content-Type": "text/plain"}, status: 415, code: "unsupported_media_type"})
	}
	return all
}
