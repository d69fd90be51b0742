package api_test

import (
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"kintsugi/internal/api"
)

// shareScenarios cover supporters and shares, with alice sharing and bob
// as her supporter.
func shareScenarios() []scenario {
	// supported makes bob alice's supporter; f.own is his supporter id.
	supported := func(t *testing.T, f *fixture) {
		code := f.must(t, http.StatusCreated, request{method: "POST", path: api.Prefix + "/supporters/invitations", who: "alice"}).json(t)["code"]
		f.own = f.must(t, http.StatusCreated, request{method: "POST", path: api.Prefix + "/supporting/accept", who: "bob",
			body: map[string]any{"code": code}}).json(t)["id"].(string)
	}
	journal := func(f *fixture) map[string]any {
		return map[string]any{"to": f.own, "items": []map[string]string{{"kind": "journal", "id": f.journal}}, "note": "For our next talk"}
	}
	// shared has alice share her journal entry with bob; f.event is the share.
	shared := func(t *testing.T, f *fixture) {
		supported(t, f)
		f.event = f.create(t, "/shares", "alice", journal(f))
	}
	withCarol := func(setup func(*testing.T, *fixture)) func(*testing.T, *fixture) {
		return func(t *testing.T, f *fixture) { setup(t, f); f.person(t, "carol") }
	}
	body := func(fn func(*fixture) any) func(*testing.T, *fixture) any {
		return func(_ *testing.T, f *fixture) any { return fn(f) }
	}
	all := []scenario{
		{name: "supporters: invite", method: "POST", path: "/supporters/invitations", who: "alice", status: 201,
			check: func(t *testing.T, f *fixture, r response) {
				if !regexp.MustCompile(`^[0-9A-HJKMNP-TV-Z]{5}-[0-9A-HJKMNP-TV-Z]{5}$`).MatchString(r.json(t)["code"].(string)) {
					t.Errorf("code %v", r.json(t)["code"])
				}
			}},
		{name: "supporters: invite, no token", method: "POST", path: "/supporters/invitations", status: 401, code: "unauthenticated"},
		{name: "supporters: accept", setup: func(t *testing.T, f *fixture) {
			f.own = f.must(t, http.StatusCreated, request{method: "POST", path: api.Prefix + "/supporters/invitations", who: "alice"}).json(t)["code"].(string)
		}, method: "POST", path: "/supporting/accept", who: "bob", body: body(func(f *fixture) any { return map[string]string{"code": f.own} }), status: 201,
			check: func(t *testing.T, f *fixture, r response) {
				if r.json(t)["username"] != "alice" {
					t.Errorf("bob supports %v", r.json(t))
				}
				list := f.must(t, http.StatusOK, request{method: "GET", path: api.Prefix + "/supporters", who: "alice"}).json(t)["items"].([]any)
				if len(list) != 1 || list[0].(map[string]any)["username"] != "bob" {
					t.Errorf("alice's supporters %v", list)
				}
				// The code is used up.
				again := f.do(t, request{method: "POST", path: api.Prefix + "/supporting/accept", who: "bob", body: map[string]string{"code": f.own}})
				if again.status != http.StatusUnprocessableEntity {
					t.Errorf("a used code: %d", again.status)
				}
			}},
		{name: "supporters: accept, own code", setup: func(t *testing.T, f *fixture) {
			f.own = f.must(t, http.StatusCreated, request{method: "POST", path: api.Prefix + "/supporters/invitations", who: "alice"}).json(t)["code"].(string)
		}, method: "POST", path: "/supporting/accept", who: "alice", body: body(func(f *fixture) any { return map[string]string{"code": f.own} }), status: 409, code: "own_invitation"},
		{name: "supporters: accept, twice", setup: func(t *testing.T, f *fixture) {
			supported(t, f)
			f.own = f.must(t, http.StatusCreated, request{method: "POST", path: api.Prefix + "/supporters/invitations", who: "alice"}).json(t)["code"].(string)
		}, method: "POST", path: "/supporting/accept", who: "bob", body: body(func(f *fixture) any { return map[string]string{"code": f.own} }), status: 409, code: "already_supporting"},
		{name: "supporters: accept, wrong code", method: "POST", path: "/supporting/accept", who: "bob", body: map[string]string{"code": "ABCDE-FGHJK"}, status: 422, code: "invalid", field: "code"},
		{name: "supporters: accept, guessing", setup: func(t *testing.T, f *fixture) {
			for range 10 {
				f.do(t, request{method: "POST", path: api.Prefix + "/supporting/accept", who: "bob", body: map[string]string{"code": "ABCDE-FGHJK"}})
			}
		}, method: "POST", path: "/supporting/accept", who: "bob", body: map[string]string{"code": "ABCDE-FGHJM"}, status: 429, code: "too_many_attempts"},
		{name: "supporters: accept, no token", method: "POST", path: "/supporting/accept", body: map[string]string{"code": "ABCDE-FGHJK"}, status: 401, code: "unauthenticated"},
		{name: "supporters: list, no token", method: "GET", path: "/supporters", status: 401, code: "unauthenticated"},
		{name: "supporting: list", setup: supported, method: "GET", path: "/supporting", who: "bob", status: 200,
			check: func(t *testing.T, f *fixture, r response) {
				if items := r.json(t)["items"].([]any); len(items) != 1 || items[0].(map[string]any)["username"] != "alice" {
					t.Errorf("bob supports %v", items)
				}
			}},
		{name: "supporting: list, no token", method: "GET", path: "/supporting", status: 401, code: "unauthenticated"},
		{name: "supporters: remove", setup: shared, method: "DELETE", path: "/supporters/{own}", who: "alice", status: 204,
			check: func(t *testing.T, f *fixture, r response) {
				// At once: bob reads nothing of hers.
				f.must(t, http.StatusNotFound, request{method: "GET", path: api.Prefix + "/shared-with-me/" + f.event, who: "bob"})
			}},
		{name: "supporters: step back", setup: shared, method: "DELETE", path: "/supporters/{own}", who: "bob", status: 204,
			check: func(t *testing.T, f *fixture, r response) {
				if items := f.must(t, http.StatusOK, request{method: "GET", path: api.Prefix + "/supporters", who: "alice"}).json(t)["items"].([]any); len(items) != 0 {
					t.Errorf("alice's supporters after bob stepped back: %v", items)
				}
			}},
		{name: "supporters: remove, not hers", setup: withCarol(supported), method: "DELETE", path: "/supporters/{own}", who: "carol", status: 404, code: "not_found"},
		{name: "supporters: remove, no token", method: "DELETE", path: "/supporters/{random}", status: 401, code: "unauthenticated"},

		{name: "shares: with a supporter", setup: supported, method: "POST", path: "/shares", who: "alice", body: body(func(f *fixture) any { return journal(f) }), status: 201,
			check: func(t *testing.T, f *fixture, r response) {
				got := r.json(t)
				items := got["items"].([]any)
				if got["to"] != f.own || got["url"] != nil || len(items) != 1 || !strings.Contains(string(r.body), aliceBody) {
					t.Errorf("share %s", r.body)
				}
				id := got["id"].(string)
				// bob reads it, and only it; the list says whose.
				list := f.must(t, http.StatusOK, request{method: "GET", path: api.Prefix + "/shared-with-me", who: "bob"}).json(t)["items"].([]any)
				if len(list) != 1 || list[0].(map[string]any)["from"].(map[string]any)["username"] != "alice" {
					t.Errorf("bob's list %v", list)
				}
				one := f.must(t, http.StatusOK, request{method: "GET", path: api.Prefix + "/shared-with-me/" + id, who: "bob"})
				if !strings.Contains(string(one.body), aliceBody) || strings.Contains(string(one.body), aliceNote) || strings.Contains(string(one.body), f.journal) {
					t.Errorf("bob reads %s", one.body)
				}
				// An edit reaches bob's copy.
				f.must(t, http.StatusOK, request{method: "PUT", path: api.Prefix + "/journal/" + f.journal, who: "alice",
					body: map[string]any{"title": aliceTitle, "body": "rewritten for bob"}})
				if again := f.must(t, http.StatusOK, request{method: "GET", path: api.Prefix + "/shared-with-me/" + id, who: "bob"}); !strings.Contains(string(again.body), "rewritten for bob") {
					t.Errorf("after the edit bob reads %s", again.body)
				}
			}},
		{name: "shares: a link with a passcode", method: "POST", path: "/shares", who: "alice",
			body: body(func(f *fixture) any {
				return map[string]any{"to": "link", "items": []map[string]string{{"kind": "journal", "id": f.journal}}, "passcode": "lighthouse",
					"expires_at": time.Now().Add(48 * time.Hour).UTC().Format(time.RFC3339)}
			}), status: 201,
			check: func(t *testing.T, f *fixture, r response) {
				got := r.json(t)
				url, _ := got["url"].(string)
				if got["to"] != "link" || got["supporter"] != nil || !strings.Contains(url, "/shared/") || len(url) < 50 {
					t.Errorf("link %v", got)
				}
				// The link's secret is in the answer once, and never again.
				one := f.must(t, http.StatusOK, request{method: "GET", path: api.Prefix + "/shares/" + got["id"].(string), who: "alice"})
				secret := url[strings.LastIndex(url, "/")+1:]
				if strings.Contains(string(one.body), secret) || one.json(t)["url"] != nil {
					t.Errorf("the link's secret is shown again: %s", one.body)
				}
			}},
		{name: "shares: a report", setup: supported, method: "POST", path: "/shares", who: "alice",
			body: body(func(f *fixture) any {
				return map[string]any{"to": f.own, "report": map[string]any{"parts": []string{"feelings", "talk"}, "talk": "what I want to say on Thursday"}}
			}), status: 201,
			check: func(t *testing.T, f *fixture, r response) {
				got := r.json(t)
				rep, _ := got["report"].(map[string]any)
				if rep == nil || len(rep["parts"].([]any)) != 2 || len(got["items"].([]any)) != 0 {
					t.Fatalf("share %s", r.body)
				}
				id := got["id"].(string)
				if seen := f.must(t, http.StatusOK, request{method: "GET", path: api.Prefix + "/shared-with-me/" + id, who: "bob"}).json(t); seen["report"] == nil {
					t.Errorf("bob sees no report: %v", seen)
				}
				pdf := f.must(t, http.StatusOK, request{method: "GET", path: api.Prefix + "/shared-with-me/" + id + "/report.pdf", who: "bob"})
				if !strings.HasPrefix(string(pdf.body), "%PDF-") || !strings.Contains(bodyText(t, pdf.body), "what I want to say on Thursday") {
					t.Errorf("the report bob downloads: %.100s", pdf.body)
				}
			}},
		{name: "shares: a report of no days", setup: supported, method: "POST", path: "/shares", who: "alice",
			body: body(func(f *fixture) any {
				return map[string]any{"to": f.own, "report": map[string]any{"from": "2026-05-01", "to": "2026-04-01"}}
			}), status: 422, code: "invalid", field: "report.to"},
		{name: "shares: a report with entries in it", setup: supported, method: "POST", path: "/shares", who: "alice",
			body: body(func(f *fixture) any {
				return map[string]any{"to": f.own, "report": map[string]any{"parts": []string{"entries"}, "entries": []string{f.journal}}}
			}), status: 422, code: "invalid", field: "report.parts"},
		{name: "shared with me: a report, none shared", setup: shared, method: "GET", path: "/shared-with-me/{event}/report.pdf", who: "bob", status: 404, code: "not_found"},
		{name: "shared with me: a report, not theirs", setup: withCarol(shared), method: "GET", path: "/shared-with-me/{event}/report.pdf", who: "carol", status: 404, code: "not_found"},
		{name: "shared with me: a report, no token", method: "GET", path: "/shared-with-me/{random}/report.pdf", status: 401, code: "unauthenticated"},
		{name: "shares: nothing", setup: supported, method: "POST", path: "/shares", who: "alice", body: body(func(f *fixture) any { return map[string]any{"to": f.own, "items": []any{}} }), status: 422, code: "invalid", field: "items"},
		{name: "shares: someone else's item", setup: supported, method: "POST", path: "/shares", who: "bob",
			body: body(func(f *fixture) any {
				return map[string]any{"to": "link", "items": []map[string]string{{"kind": "journal", "id": f.journal}}}
			}), status: 422, code: "invalid", field: "items[0]"},
		{name: "shares: not a supporter", method: "POST", path: "/shares", who: "alice",
			body: body(func(f *fixture) any {
				return map[string]any{"to": "nobody", "items": []map[string]string{{"kind": "journal", "id": f.journal}}}
			}), status: 422, code: "invalid", field: "to"},
		{name: "shares: for ever", method: "POST", path: "/shares", who: "alice",
			body: body(func(f *fixture) any {
				return map[string]any{"to": "link", "items": []map[string]string{{"kind": "journal", "id": f.journal}}, "expires_at": "2099-01-01T00:00:00Z"}
			}), status: 422, code: "invalid", field: "expires_at"},
		{name: "shares: full", setup: func(t *testing.T, f *fixture) {
			for range 100 {
				f.create(t, "/shares", "alice", map[string]any{"to": "link", "items": []map[string]string{{"kind": "journal", "id": f.journal}}})
			}
		}, method: "POST", path: "/shares", who: "alice", body: body(func(f *fixture) any {
			return map[string]any{"to": "link", "items": []map[string]string{{"kind": "journal", "id": f.journal}}}
		}), status: 409, code: "full"},
		{name: "shares: no token", method: "POST", path: "/shares", body: map[string]any{"to": "link", "items": []any{}}, status: 401, code: "unauthenticated"},
		{name: "shares: list", setup: shared, method: "GET", path: "/shares", who: "alice", status: 200,
			check: func(t *testing.T, f *fixture, r response) {
				items := r.json(t)["items"].([]any)
				if len(items) != 1 || items[0].(map[string]any)["supporter"].(map[string]any)["username"] != "bob" || items[0].(map[string]any)["note"] != "For our next talk" {
					t.Errorf("alice's shares %v", items)
				}
			}},
		{name: "shares: list, no token", method: "GET", path: "/shares", status: 401, code: "unauthenticated"},
		{name: "shares: one", setup: shared, method: "GET", path: "/shares/{event}", who: "alice", status: 200},
		{name: "shares: one, the supporter", setup: shared, method: "GET", path: "/shares/{event}", who: "bob", status: 404, code: "not_found"},
		{name: "shares: one, no token", method: "GET", path: "/shares/{random}", status: 401, code: "unauthenticated"},
		{name: "shares: revoke", setup: shared, method: "DELETE", path: "/shares/{event}", who: "alice", status: 204,
			check: func(t *testing.T, f *fixture, r response) {
				f.must(t, http.StatusNotFound, request{method: "GET", path: api.Prefix + "/shared-with-me/" + f.event, who: "bob"})
				if list := f.must(t, http.StatusOK, request{method: "GET", path: api.Prefix + "/shared-with-me", who: "bob"}).json(t)["items"].([]any); len(list) != 0 {
					t.Errorf("bob still lists %v", list)
				}
			}},
		{name: "shares: revoke, the supporter", setup: shared, method: "DELETE", path: "/shares/{event}", who: "bob", status: 404, code: "not_found"},
		{name: "shares: revoke, no token", method: "DELETE", path: "/shares/{random}", status: 401, code: "unauthenticated"},
		{name: "shared with me: none", method: "GET", path: "/shared-with-me", who: "bob", status: 200,
			check: func(t *testing.T, f *fixture, r response) {
				if items := r.json(t)["items"].([]any); len(items) != 0 {
					t.Errorf("items %v", items)
				}
			}},
		{name: "shared with me: no token", method: "GET", path: "/shared-with-me", status: 401, code: "unauthenticated"},
		{name: "shared with me: one, not theirs", setup: withCarol(shared), method: "GET", path: "/shared-with-me/{event}", who: "carol", status: 404, code: "not_found"},
		{name: "shared with me: one, no token", method: "GET", path: "/shared-with-me/{random}", status: 401, code: "unauthenticated"},
	}
	for _, rt := range []struct{ method, path, wrongType string }{
		{"POST", "/supporting/accept", `{"code": 5}`},
		{"POST", "/shares", `{"to": "link", "items": "journal"}`},
	} {
		at := "shares: " + rt.method + " " + rt.path + ": "
		all = append(all,
			scenario{name: at + "wrong type", method: rt.method, path: rt.path, who: "alice", body: rt.wrongType, status: 400, code: "wrong_type"},
			scenario{name: at + "too large", method: rt.method, path: rt.path, who: "alice", body: `{"note": "` + strings.Repeat("a", api.MaxBody) + `"}`, status: 413, code: "too_large"},
			scenario{name: at + "not JSON", method: rt.method, path: rt.path, who: "alice", body: `{}`,
				header: map[string]string{"Content-Type": "text/plain"}, status: 415, code: "unsupported_media_type"})
	}
	return all
}
