package api_test

import (
	"net/url"
	"strings"
	"testing"
	"time"
)

// todayScenarios check GET /api/v1/today and its "not today" against
// histories built by hand.
func todayScenarios() []scenario {
	day := func(n int) string { return time.Now().UTC().AddDate(0, 0, n).Format(time.DateOnly) }
	suggestion := func(t *testing.T, r response) map[string]any {
		t.Helper()
		s, _ := r.json(t)["suggestion"].(map[string]any)
		if s == nil {
			t.Fatalf("no suggestion: %s", r.body)
		}
		return s
	}
	return []scenario{
		{name: "today: nothing done yet, a check-in", method: "GET", path: "/today", who: "bob", status: 200,
			check: func(t *testing.T, f *fixture, r response) {
				if s := suggestion(t, r); s["kind"] != "check-in" || s["href"] != "/checkins/new" {
					t.Errorf("suggestion %v", s)
				}
				if r.json(t)["hard_date"] != nil || r.json(t)["not_today"] != false {
					t.Errorf("answer %s", r.body)
				}
			}},
		{name: "today: a boundary whose review day has come", method: "GET", path: "/today", who: "alice", status: 200,
			setup: func(t *testing.T, f *fixture) {
				f.own = f.create(t, "/boundaries", "alice", map[string]any{"kind": "contact", "words": "No calls after nine.", "status": "active", "review_on": day(-1)})
			},
			check: func(t *testing.T, f *fixture, r response) {
				if s := suggestion(t, r); s["kind"] != "review-boundary" || s["href"] != "/boundaries/"+f.own {
					t.Errorf("suggestion %v", s)
				}
				if strings.Contains(string(r.body), "No calls") {
					t.Errorf("the suggestion holds the person's words: %s", r.body)
				}
			}},
		{name: "today: a hard date near, by its day alone", method: "GET", path: "/today", who: "alice", status: 200,
			setup: func(t *testing.T, f *fixture) {
				f.own = f.create(t, "/hard-dates", "alice", map[string]any{"what": "The day I found the messages", "on": yearsBefore(day(3), 2), "repeats": "yearly", "heads_up": 5})
			},
			check: func(t *testing.T, f *fixture, r response) {
				hd, _ := r.json(t)["hard_date"].(map[string]any)
				if hd == nil || hd["id"] != f.own || hd["on"] != day(3) || hd["days"] != 3.0 {
					t.Errorf("hard_date %v, want %s in 3 days", hd, day(3))
				}
				if s := suggestion(t, r); s["kind"] != "hard-date" || s["href"] != "/hard-dates/"+f.own+"/edit" {
					t.Errorf("suggestion %v", s)
				}
				if strings.Contains(string(r.body), "messages") {
					t.Errorf("the answer names the day: %s", r.body)
				}
			}},
		{name: "today: a hard date outside its window", method: "GET", path: "/today", who: "alice", status: 200,
			setup: func(t *testing.T, f *fixture) {
				f.create(t, "/hard-dates", "alice", map[string]any{"what": "A birthday", "on": day(10), "repeats": "once", "heads_up": 5})
			},
			check: func(t *testing.T, f *fixture, r response) {
				if r.json(t)["hard_date"] != nil {
					t.Errorf("hard_date %s, want null ten days before a five-day window", r.body)
				}
			}},
		{name: "today: not today", method: "POST", path: "/today/not-today", who: "bob", status: 204,
			check: func(t *testing.T, f *fixture, r response) {
				got := f.must(t, 200, request{method: "GET", path: "/api/v1/today", who: "bob"}).json(t)
				if got["suggestion"] != nil || got["not_today"] != true {
					t.Errorf("after not today: %v", got)
				}
				// Alice's day is her own.
				if got := f.must(t, 200, request{method: "GET", path: "/api/v1/today", who: "alice"}).json(t); got["not_today"] != false {
					t.Errorf("alice's today after bob's not today: %v", got)
				}
			}},
		{name: "today: no token", method: "GET", path: "/today", status: 401, code: "unauthenticated"},
		{name: "today: not today, no token", method: "POST", path: "/today/not-today", status: 401, code: "unauthenticated"},
	}
}

// searchScenarios check GET /api/v1/search: every word, whatever the case
// and the accents, across every kind, newest first, only the person's own.
func searchScenarios() []scenario {
	writing := func(t *testing.T, f *fixture) {
		f.made = append(f.made,
			f.create(t, "/journal", "alice", map[string]any{"title": "Sunday", "body": "A long walk to the **Café** by the river."}),
			f.create(t, "/journal", "alice", map[string]any{"body": "Only the river today."}),
			f.create(t, "/boundaries", "alice", map[string]any{"kind": "need", "words": "Quiet mornings", "status": "active", "why": "the cafe is mine on Sundays"}),
		)
	}
	ids := func(t *testing.T, r response) []string {
		t.Helper()
		var out []string
		for _, it := range r.json(t)["items"].([]any) {
			out = append(out, it.(map[string]any)["id"].(string))
		}
		return out
	}
	search := func(q string) string { return "/search?q=" + url.QueryEscape(q) }
	return []scenario{
		{name: "search: every word, any case and accent", method: "GET", path: search("CAFE river"), who: "alice", setup: writing, status: 200,
			check: func(t *testing.T, f *fixture, r response) {
				if got := ids(t, r); len(got) != 1 || got[0] != f.made[0] {
					t.Fatalf("found %v, want only the entry with both words", got)
				}
				it := r.json(t)["items"].([]any)[0].(map[string]any)
				if it["kind"] != "journal" || it["href"] != "/journal/"+f.made[0] || !strings.Contains(it["excerpt"].(string), "Café by the river") {
					t.Errorf("item %v", it)
				}
				if r.json(t)["next_cursor"] != nil {
					t.Errorf("next_cursor %v at the end", r.json(t)["next_cursor"])
				}
			}},
		{name: "search: every kind, newest first", method: "GET", path: search("café"), who: "alice", setup: writing, status: 200,
			check: func(t *testing.T, f *fixture, r response) {
				if got := ids(t, r); len(got) != 2 || got[0] != f.made[2] || got[1] != f.made[0] {
					t.Errorf("found %v, want the boundary then the entry", got)
				}
			}},
		{name: "search: check-in notes and events", method: "GET", path: search("letter"), who: "alice", status: 200,
			setup: func(t *testing.T, f *fixture) {
				f.own = f.create(t, "/boundaries", "alice", map[string]any{"kind": "contact", "words": "No calls", "status": "active"})
				f.event = f.create(t, "/boundaries/"+f.own+"/events", "alice", map[string]any{"outcome": "crossed", "note": "A letter came anyway."})
			},
			check: func(t *testing.T, f *fixture, r response) {
				items := r.json(t)["items"].([]any)
				if len(items) != 2 {
					t.Fatalf("found %s, want the event and the check-in", r.body)
				}
				ev, ci := items[0].(map[string]any), items[1].(map[string]any)
				if ev["kind"] != "boundaries/events" || ev["id"] != f.event || ev["href"] != "/boundaries/"+f.own {
					t.Errorf("event %v", ev)
				}
				if ci["kind"] != "checkins" || ci["id"] != f.checkin {
					t.Errorf("check-in %v", ci)
				}
			}},
		{name: "search: bob finds none of alice's", method: "GET", path: search("river"), who: "bob", setup: writing, status: 200,
			check: func(t *testing.T, f *fixture, r response) {
				if got := ids(t, r); len(got) != 0 || strings.Contains(string(r.body), "river") {
					t.Errorf("bob found %s", r.body)
				}
			}},
		{name: "search: one page at a time", method: "GET", path: search("river") + "&limit=1", who: "alice", setup: writing, status: 200,
			check: func(t *testing.T, f *fixture, r response) {
				all := ids(t, r)
				cursor, _ := r.json(t)["next_cursor"].(string)
				if len(all) != 1 || cursor == "" {
					t.Fatalf("first page %s, want one item and a cursor", r.body)
				}
				next := f.must(t, 200, request{method: "GET", path: "/api/v1" + search("river") + "&limit=1&cursor=" + cursor, who: "alice"})
				all = append(all, ids(t, next)...)
				if len(all) != 2 || all[0] != f.made[1] || all[1] != f.made[0] {
					t.Errorf("pages %v, want the two entries, newest first", all)
				}
			}},
		{name: "search: no words", method: "GET", path: search(" … "), who: "alice", status: 400, code: "bad_query"},
		{name: "search: no q", method: "GET", path: "/search", who: "alice", status: 400, code: "bad_query"},
		{name: "search: too many words", method: "GET", path: search("a b c d e f g h i"), who: "alice", status: 400, code: "bad_query"},
		{name: "search: too long", method: "GET", path: search(strings.Repeat("x", 201)), who: "alice", status: 400, code: "bad_query"},
		{name: "search: bad cursor", method: "GET", path: search("river") + "&cursor=nope", who: "alice", status: 400, code: "bad_cursor"},
		{name: "search: bad limit", method: "GET", path: search("river") + "&limit=0", who: "alice", status: 400, code: "bad_limit"},
		{name: "search: no token", method: "GET", path: search("river"), status: 401, code: "unauthenticated"},
	}
}

// storyDayScenarios check a story's action: the day it came to light kept
// among the hard dates, once.
func storyDayScenarios() []scenario {
	story := func(t *testing.T, f *fixture) {
		f.own = f.create(t, "/stories", "alice", map[string]any{"title": "What I found in March", "came_to_light": "2025-03-14"})
	}
	yearly := map[string]any{"repeats": "yearly"}
	return []scenario{
		{name: "stories: the day it came to light as a hard date", method: "POST", path: "/stories/{own}/hard-date", who: "alice",
			setup: story, body: yearly, status: 201,
			check: func(t *testing.T, f *fixture, r response) {
				hd := r.json(t)
				if hd["on"] != "2025-03-14" || hd["repeats"] != "yearly" || hd["heads_up"] != nil || hd["what"] != "The day “What I found in March” came to light" {
					t.Errorf("the hard date is not filled in from the story: %s", r.body)
				}
				again := f.must(t, 201, request{method: "POST", path: "/api/v1/stories/" + f.own + "/hard-date", who: "alice", body: yearly}).json(t)
				if again["id"] != hd["id"] {
					t.Errorf("a second press made another hard date: %v", again["id"])
				}
				if list := f.must(t, 200, request{method: "GET", path: "/api/v1/hard-dates", who: "alice"}).json(t)["items"].([]any); len(list) != 1 {
					t.Errorf("%d hard dates, want 1", len(list))
				}
			}},
		{name: "stories: a story without its day", method: "POST", path: "/stories/{own}/hard-date", who: "alice",
			setup: func(t *testing.T, f *fixture) {
				f.own = f.create(t, "/stories", "alice", map[string]any{"title": "Not sure when"})
			},
			body: yearly, status: 422, code: "invalid", field: "came_to_light"},
	}
}

// refScenarios check that a trigger's check-in is always one of the
// person's own.
func refScenarios() []scenario {
	bobs := func(t *testing.T, f *fixture) {
		f.own = f.create(t, "/checkins", "bob", map[string]any{"emotions": []map[string]any{{"name": "fear", "intensity": 4}}})
	}
	return []scenario{
		{name: "triggers: the check-in it led to", method: "POST", path: "/triggers", who: "alice", status: 201,
			body: func(t *testing.T, f *fixture) any {
				return map[string]any{"what": "A song in the shop", "strength": 6, "checkin": f.checkin}
			},
			check: func(t *testing.T, f *fixture, r response) {
				if got := r.json(t)["checkin"]; got != f.checkin {
					t.Errorf("checkin %v, want %s", got, f.checkin)
				}
			}},
		{name: "triggers: someone else's check-in", method: "POST", path: "/triggers", who: "alice", setup: bobs, status: 422, code: "invalid", field: "checkin",
			body: func(t *testing.T, f *fixture) any {
				return map[string]any{"what": "A song in the shop", "strength": 6, "checkin": f.own}
			}},
		{name: "triggers: a check-in that is not one", method: "POST", path: "/triggers", who: "alice", status: 422, code: "invalid", field: "checkin",
			body: map[string]any{"what": "A song in the shop", "strength": 6, "checkin": "NOT-AN-ID"}},
		{name: "triggers: a journal entry is not a check-in", method: "POST", path: "/triggers", who: "alice", status: 422, code: "invalid", field: "checkin",
			body: func(t *testing.T, f *fixture) any {
				return map[string]any{"what": "A song in the shop", "strength": 6, "checkin": f.journal}
			}},
		{name: "triggers: changed to someone else's check-in", method: "PUT", path: "/triggers/{own}", who: "alice", status: 422, code: "invalid", field: "checkin",
			setup: func(t *testing.T, f *fixture) {
				bobs(t, f)
				f.made = []string{f.own} // bob's check-in
				f.own = f.create(t, "/triggers", "alice", map[string]any{"what": "A song", "strength": 3, "checkin": f.checkin})
			},
			body: func(t *testing.T, f *fixture) any {
				return map[string]any{"what": "A song", "strength": 3, "checkin": f.made[0]}
			}},
	}
}

// yearsBefore returns the date (YYYY-MM-DD) n years before day, on the
// same month and day (a 29 February four years before).
func yearsBefore(day string, n int) string {
	d, _ := time.Parse(time.DateOnly, day)
	if d.Month() == time.February && d.Day() == 29 {
		n = 4
	}
	return d.AddDate(-n, 0, 0).Format(time.DateOnly)
}
