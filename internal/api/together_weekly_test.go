package api_test

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"kintsugi/internal/api"
	"kintsugi/internal/together"
)

// weeklyAnswers answers every question of the week with value and note.
func weeklyAnswers(value int, note string) map[string]any {
	var answers []map[string]any
	for _, q := range together.Weekly().Questions {
		answers = append(answers, map[string]any{"question": q.ID, "value": value, "note": note})
	}
	return map[string]any{"answers": answers}
}

// weeklyScenarios cover the weekly shared check-in, with alice as the
// person and bob as her partner: neither is sent the other's answers
// until both have answered the week.
func weeklyScenarios() []scenario {
	cur := "/together/checkins/current"
	link := func(t *testing.T, f *fixture) {
		code := f.must(t, http.StatusCreated, request{method: "POST", path: api.Prefix + "/together/invitations", who: "alice",
			body: map[string]bool{"safe": true, "no_pressure": true}}).json(t)["code"]
		f.must(t, http.StatusCreated, request{method: "POST", path: api.Prefix + "/together/accept", who: "bob",
			body: map[string]any{"code": code}})
	}
	answered := func(who, note string) func(*testing.T, *fixture) {
		return func(t *testing.T, f *fixture) {
			link(t, f)
			f.must(t, http.StatusOK, request{method: "PUT", path: api.Prefix + cur, who: who, body: weeklyAnswers(3, note)})
		}
	}
	edited := func(edit func(answers []any) []any) func(*testing.T, *fixture) any {
		return func(*testing.T, *fixture) any {
			body := weeklyAnswers(5, "")
			var answers []any
			for _, a := range body["answers"].([]map[string]any) {
				answers = append(answers, a)
			}
			return map[string]any{"answers": edit(answers)}
		}
	}
	mine := func(t *testing.T, r response) map[string]any {
		t.Helper()
		m, _ := r.json(t)["mine"].(map[string]any)
		if m == nil {
			t.Fatalf("no answers of the caller's: %s", r.body)
		}
		return m
	}
	firstNote := func(a any) any { return a.(map[string]any)["answers"].([]any)[0].(map[string]any)["note"] }
	return []scenario{
		{name: "weekly: the questions", setup: link, method: "GET", path: cur, who: "bob", status: 200,
			check: func(t *testing.T, f *fixture, r response) {
				got := r.json(t)
				qs := got["questions"].([]any)
				if len(qs) != len(together.Weekly().Questions) || qs[0].(map[string]any)["text"] == "" ||
					got["mine"] != nil || got["theirs"] != nil || got["they_answered"] != false {
					t.Errorf("an unanswered week %v", got)
				}
				start, _ := time.Parse(time.RFC3339, got["starts_at"].(string))
				if key, _ := together.WeekOf(time.Now()); got["week"] != key || start.Weekday() != time.Monday || !strings.HasSuffix(got["starts_at"].(string), "T00:00:00Z") {
					t.Errorf("week %v from %v, want %s", got["week"], got["starts_at"], key)
				}
			}},
		{name: "weekly: the questions, not linked", method: "GET", path: cur, who: "alice", status: 404, code: "not_found"},
		{name: "weekly: the questions, no token", method: "GET", path: cur, status: 401, code: "unauthenticated"},

		// The first to answer sees only their own; the other is told they
		// answered, and nothing of what.
		{name: "weekly: answer first", setup: link, method: "PUT", path: cur, who: "alice", body: weeklyAnswers(6, "A calmer week"), status: 200,
			check: func(t *testing.T, f *fixture, r response) {
				got := r.json(t)
				if got["theirs"] != nil || got["they_answered"] != false || firstNote(mine(t, r)) != "A calmer week" {
					t.Errorf("the first to answer %v", got)
				}
				theirs := f.must(t, http.StatusOK, request{method: "GET", path: api.Prefix + cur, who: "bob"})
				if strings.Contains(string(theirs.body), "A calmer week") {
					t.Errorf("bob was sent alice's answers before answering: %s", theirs.body)
				}
				if got := theirs.json(t); got["mine"] != nil || got["theirs"] != nil || got["they_answered"] != true {
					t.Errorf("bob, before answering, %v", got)
				}
			}},
		// Once both have, both see both.
		{name: "weekly: answer second", setup: answered("alice", "A calmer week"), method: "PUT", path: cur, who: "bob",
			body: weeklyAnswers(4, "I tried to listen"), status: 200,
			check: func(t *testing.T, f *fixture, r response) {
				got := r.json(t)
				if got["they_answered"] != true || got["theirs"] == nil || firstNote(got["theirs"]) != "A calmer week" || firstNote(mine(t, r)) != "I tried to listen" {
					t.Errorf("the second to answer %v", got)
				}
				hers := f.must(t, http.StatusOK, request{method: "GET", path: api.Prefix + cur, who: "alice"}).json(t)
				if hers["theirs"] == nil || firstNote(hers["theirs"]) != "I tried to listen" {
					t.Errorf("alice, once both answered, %v", hers)
				}
			}},
		{name: "weekly: replace an answer", setup: answered("alice", "A calmer week"), method: "PUT", path: cur, who: "alice",
			body: weeklyAnswers(8, "Better than I first said"), status: 200,
			check: func(t *testing.T, f *fixture, r response) {
				m := mine(t, r)
				if firstNote(m) != "Better than I first said" || m["answers"].([]any)[0].(map[string]any)["value"] != 8.0 {
					t.Errorf("replaced %v", m)
				}
				f.must(t, http.StatusOK, request{method: "PUT", path: api.Prefix + cur, who: "bob", body: weeklyAnswers(4, "")})
				seen := f.must(t, http.StatusOK, request{method: "GET", path: api.Prefix + cur, who: "bob"})
				if strings.Contains(string(seen.body), "A calmer week") || firstNote(seen.json(t)["theirs"]) != "Better than I first said" {
					t.Errorf("bob sees %s", seen.body)
				}
			}},
		{name: "weekly: answer, unknown question", setup: link, method: "PUT", path: cur, who: "bob", status: 422, code: "invalid", field: "answers[5].question",
			body: edited(func(a []any) []any { return append(a, map[string]any{"question": "sleep", "value": 5}) })},
		{name: "weekly: answer, a question twice", setup: link, method: "PUT", path: cur, who: "bob", status: 422, code: "invalid", field: "answers[5].question",
			body: edited(func(a []any) []any { return append(a, a[0]) })},
		{name: "weekly: answer, a question left out", setup: link, method: "PUT", path: cur, who: "bob", status: 422, code: "invalid", field: "answers",
			body: edited(func(a []any) []any { return a[1:] })},
		{name: "weekly: answer, no answers", setup: link, method: "PUT", path: cur, who: "bob", body: map[string]any{}, status: 422, code: "invalid", field: "answers"},
		{name: "weekly: answer, above ten", setup: link, method: "PUT", path: cur, who: "bob", status: 422, code: "invalid", field: "answers[1].value",
			body: edited(func(a []any) []any {
				a[1] = map[string]any{"question": a[1].(map[string]any)["question"], "value": 11}
				return a
			})},
		{name: "weekly: answer, no value", setup: link, method: "PUT", path: cur, who: "bob", status: 422, code: "invalid", field: "answers[2].value",
			body: edited(func(a []any) []any { a[2] = map[string]any{"question": a[2].(map[string]any)["question"]}; return a })},
		{name: "weekly: answer, a note too long", setup: link, method: "PUT", path: cur, who: "bob", status: 422, code: "invalid", field: "answers[0].note",
			body: weeklyAnswers(5, strings.Repeat("a", together.MaxWeeklyNote+1))},
		{name: "weekly: answer, not a whole number", setup: link, method: "PUT", path: cur, who: "bob", status: 400, code: "wrong_type",
			body: `{"answers": [{"question": "safe", "value": 5.5}]}`},
		{name: "weekly: answer, paused", setup: func(t *testing.T, f *fixture) {
			link(t, f)
			f.must(t, http.StatusOK, request{method: "PUT", path: api.Prefix + "/together/pause", who: "alice",
				body: map[string]any{"until": time.Now().Add(24 * time.Hour).UTC().Format(time.RFC3339)}})
		}, method: "PUT", path: cur, who: "bob", body: weeklyAnswers(5, ""), status: 409, code: "paused"},
		{name: "weekly: answer, the other left", setup: func(t *testing.T, f *fixture) {
			answered("alice", "Before you went")(t, f)
			f.must(t, http.StatusNoContent, request{method: "DELETE", path: api.Prefix + "/together", who: "bob"})
		}, method: "PUT", path: cur, who: "alice", body: weeklyAnswers(5, ""), status: 409, code: "partner_left",
			check: func(t *testing.T, f *fixture, r response) {
				// alice still reads hers; bob, who left, opens nothing.
				hers := f.must(t, http.StatusOK, request{method: "GET", path: api.Prefix + cur, who: "alice"})
				if firstNote(mine(t, hers)) != "Before you went" {
					t.Errorf("alice lost her answers: %s", hers.body)
				}
				f.must(t, http.StatusNotFound, request{method: "GET", path: api.Prefix + cur, who: "bob"})
				f.must(t, http.StatusNotFound, request{method: "GET", path: api.Prefix + "/together/checkins", who: "bob"})
			}},
		{name: "weekly: answer, not linked", method: "PUT", path: cur, who: "alice", body: weeklyAnswers(5, ""), status: 404, code: "not_found"},
		{name: "weekly: answer, no token", method: "PUT", path: cur, body: weeklyAnswers(5, ""), status: 401, code: "unauthenticated"},
		{name: "weekly: answer, too large", method: "PUT", path: cur, who: "alice", body: `{"answers": [{"note": "` + strings.Repeat("a", api.MaxBody) + `"}]}`, status: 413, code: "too_large"},
		{name: "weekly: answer, not JSON", method: "PUT", path: cur, who: "alice", body: `{}`,
			header: map[string]string{"Content-Type": "text/plain"}, status: 415, code: "unsupported_media_type"},
		{name: "weekly: answer, unknown field", setup: link, method: "PUT", path: cur, who: "alice", body: `{"answers": [], "theirs": []}`, status: 400, code: "bad_json"},

		// This week is not among the past ones.
		{name: "weekly: past weeks", setup: answered("alice", "A calmer week"), method: "GET", path: "/together/checkins", who: "bob", status: 200,
			check: func(t *testing.T, f *fixture, r response) {
				if items := r.json(t)["items"].([]any); len(items) != 0 {
					t.Errorf("this week among the past ones: %v", items)
				}
			}},
		{name: "weekly: past weeks, not linked", method: "GET", path: "/together/checkins", who: "alice", status: 404, code: "not_found"},
		{name: "weekly: past weeks, no token", method: "GET", path: "/together/checkins", status: 401, code: "unauthenticated"},
	}
}
