package api_test

import (
	"strings"
	"testing"

	"kintsugi/internal/api"
	"kintsugi/internal/tool"
)

// actionScenarios are generated from a kind's actions, as the rest of a
// kind's contract is: each action is done, refused a value it does not
// have, and refused every malformed body, another person's item and no
// token.
func actionScenarios(k *tool.Kind) []scenario {
	var all []scenario
	for _, a := range k.Behaviour().Actions {
		path := "/" + k.Path + "/{own}/" + a.Name
		at := k.Path + ": " + a.Name
		good := map[string]any{a.Param: a.Values[0]}
		all = append(all,
			scenario{name: at, method: "POST", path: path, who: "alice", setup: ownItem(k), body: good, status: 201,
				check: func(t *testing.T, f *fixture, r response) {
					id, _ := r.json(t)["id"].(string)
					found := false
					for _, made := range a.Makes {
						found = found || f.do(t, request{method: "GET", path: api.Prefix + "/" + made + "/" + id, who: "alice"}).status == 200
					}
					if !found {
						t.Errorf("what %s made (%s) is not an item of %v", a.Name, id, a.Makes)
					}
				}},
			scenario{name: at + ", a value it does not have", method: "POST", path: path, who: "alice", setup: ownItem(k),
				body: map[string]any{a.Param: "nothing-of-the-kind"}, status: 422, code: "invalid", field: a.Param},
			scenario{name: at + ", no value", method: "POST", path: path, who: "alice", setup: ownItem(k),
				body: map[string]any{}, status: 422, code: "invalid", field: a.Param},
			scenario{name: at + ", wrong type", method: "POST", path: path, who: "alice", setup: ownItem(k),
				body: map[string]any{a.Param: 3}, status: 400, code: "wrong_type"},
			scenario{name: at + ", an unknown member", method: "POST", path: path, who: "alice", setup: ownItem(k),
				body: map[string]any{a.Param: a.Values[0], "also": 1}, status: 400, code: "bad_json"},
			scenario{name: at + ", text/plain", method: "POST", path: path, who: "alice", setup: ownItem(k), body: jsonOf(good),
				header: map[string]string{"Content-Type": "text/plain"}, status: 415, code: "unsupported_media_type"},
			scenario{name: at + ", over 1 MiB", method: "POST", path: path, who: "alice", setup: ownItem(k),
				body: `{"x": "` + strings.Repeat("a", 1<<20) + `"}`, status: 413, code: "too_large"},
			scenario{name: at + ", bob", method: "POST", path: path, who: "bob", setup: ownItem(k), body: good, status: 404, code: "not_found"},
			scenario{name: at + ", no token", method: "POST", path: path, setup: ownItem(k), body: good, status: 401, code: "unauthenticated"},
		)
	}
	return all
}

// positiveScenarios check steps 9, 10 and 12 through the API against
// values worked out by hand.
func positiveScenarios() []scenario {
	// Auckland is 13 hours ahead of UTC in March. These three are all on
	// 14 March there, though on two different days in UTC.
	auckland := func(t *testing.T, f *fixture) {
		f.must(t, 200, request{method: "PUT", path: api.Prefix + "/me", who: "alice", body: map[string]string{"time_zone": "Pacific/Auckland"}})
		for _, at := range []string{"2026-03-13T11:30:00Z", "2026-03-14T02:00:00Z", "2026-03-14T10:30:00Z"} {
			f.create(t, "/good-things", "alice", map[string]any{"what": "Sun on the balcony", "created_at": at})
		}
	}
	good := func(at string) map[string]any { return map[string]any{"what": "A friend called", "created_at": at} }
	expectation := func(t *testing.T, f *fixture) {
		f.own = f.create(t, "/expectations", "alice", map[string]any{"expectation": "They should say sorry without being asked.",
			"in_control": "no", "need": "To feel that they see what it cost me.", "outcome": "open"})
	}
	// The ladder, by hand. Rungs: A (fear 3, feels 20 % likely), B (fear
	// 6, 70 %), C (fear 8, no likelihood), D (fear 3, written after A).
	// A was tried on 1 and 5 March (noted the other way round): fear 4→2
	// and 3→1, the feared thing did not happen either time. B was tried
	// twice: 7→5, partly; 6→6, it happened.
	ladder := func(t *testing.T, f *fixture) {
		a := f.create(t, "/ladder", "alice", map[string]any{"what": "Say hello to the neighbour", "fear": 3, "likely": 20, "created_at": "2026-02-01T09:00:00Z"})
		b := f.create(t, "/ladder", "alice", map[string]any{"what": "Tell a friend one true thing", "fear": 6, "likely": 70, "created_at": "2026-02-02T09:00:00Z"})
		f.create(t, "/ladder", "alice", map[string]any{"what": "Ask them for the phone", "fear": 8, "created_at": "2026-02-03T09:00:00Z"})
		f.create(t, "/ladder", "alice", map[string]any{"what": "Go to the class", "fear": 3, "created_at": "2026-02-04T09:00:00Z"})
		for _, try := range []struct {
			rung string
			body map[string]any
		}{
			{a, map[string]any{"on": "2026-03-05", "fear_before": 3, "came_true": "no", "fear_after": 1}},
			{a, map[string]any{"on": "2026-03-01", "fear_before": 4, "came_true": "no", "fear_after": 2}},
			{b, map[string]any{"on": "2026-03-07", "fear_before": 7, "came_true": "partly", "fear_after": 5}},
			{b, map[string]any{"on": "2026-03-09", "fear_before": 6, "came_true": "yes", "fear_after": 6}},
		} {
			f.create(t, "/ladder/"+try.rung+"/events", "alice", try.body)
		}
		f.own = a
	}
	// Instincts 80 % true and 80 % false, beside the ladder: A's two tries
	// count as "it won't happen" at 80 %, both right; B's "yes" at 70 %;
	// B's "partly" says nothing. Squared errors 0.04, 0.64 (instincts),
	// 0.04, 0.04 (A: (0.2 − 0)²), 0.09 (B: (0.7 − 1)²): 0.85 / 5 = 0.17.
	calibration := func(t *testing.T, f *fixture) {
		ladder(t, f)
		f.create(t, "/instincts", "alice", map[string]any{"sense": "They are hiding something.", "sure": 80, "outcome": "true"})
		f.create(t, "/instincts", "alice", map[string]any{"sense": "The trip is not for work.", "sure": 80, "outcome": "false"})
	}
	things := func(t *testing.T, f *fixture) {
		for i := range 5 {
			f.create(t, "/good-things", "alice", map[string]any{"what": "good thing " + string(rune('a'+i)), "created_at": "2026-03-0" + string(rune('1'+i)) + "T12:00:00Z"})
		}
		for _, s := range []string{"patience", "honesty", "humour"} {
			f.create(t, "/strengths", "alice", map[string]any{"strength": s, "evidence": "I kept going."})
		}
	}
	return []scenario{
		{name: "good-things: a fourth on one day of the person's own", method: "POST", path: "/good-things", who: "alice", setup: auckland,
			body: good("2026-03-14T10:45:00Z"), status: 422, code: "invalid", field: "created_at",
			check: func(t *testing.T, f *fixture, r response) {
				if msg := string(r.body); !strings.Contains(msg, "three is plenty") {
					t.Errorf("the refusal does not say so kindly: %s", msg)
				}
			}},
		{name: "good-things: the next day there, the same day in UTC", method: "POST", path: "/good-things", who: "alice", setup: auckland,
			body: good("2026-03-14T11:30:00Z"), status: 201},
		{name: "good-things: a fourth back-dated to another day", method: "POST", path: "/good-things", who: "alice", setup: auckland,
			body: good("2026-03-12T09:00:00Z"), status: 201},
		{name: "good-things: bob's day is his own", method: "POST", path: "/good-things", who: "bob", setup: auckland,
			body: good("2026-03-14T10:45:00Z"), status: 201},
		{name: "hard-day: a few of alice's own, chosen afresh", method: "GET", path: "/hard-day", who: "alice", setup: things, status: 200,
			check: func(t *testing.T, f *fixture, r response) {
				seen := map[string]bool{}
				for range 40 {
					m := f.must(t, 200, request{method: "GET", path: api.Prefix + "/hard-day", who: "alice"}).json(t)
					goodThings, strengths := m["good_things"].([]any), m["strengths"].([]any)
					if len(goodThings) != 3 || len(strengths) != 2 {
						t.Fatalf("%d good things and %d strengths, want 3 and 2", len(goodThings), len(strengths))
					}
					var ids []string
					for _, g := range goodThings {
						ids = append(ids, g.(map[string]any)["what"].(string))
					}
					if ids[0] == ids[1] || ids[1] == ids[2] || ids[0] == ids[2] {
						t.Fatalf("a good thing twice: %v", ids)
					}
					for _, id := range ids {
						seen[id] = true
					}
				}
				// 40 picks of 3 from 5 all missing one of them: 5 × (2/5)^40, about 10⁻¹⁵.
				if len(seen) != 5 {
					t.Errorf("40 hard days brought back only %v of 5 good things", seen)
				}
			}},
		{name: "hard-day: nothing yet", method: "GET", path: "/hard-day", who: "bob", setup: things, status: 200,
			check: func(t *testing.T, f *fixture, r response) {
				if got := strings.TrimSpace(string(r.body)); got != `{"good_things":[],"strengths":[]}` {
					t.Errorf("bob's hard day: %s", got)
				}
			}},
		{name: "hard-day: no token", method: "GET", path: "/hard-day", status: 401, code: "unauthenticated"},
		{name: "expectations: turn into a boundary, linked both ways", method: "POST", path: "/expectations/{own}/turn-into", who: "alice",
			setup: expectation, body: map[string]any{"into": "boundary"}, status: 201,
			check: func(t *testing.T, f *fixture, r response) {
				b := r.json(t)
				if b["words"] != "They should say sorry without being asked." || b["kind"] != "need" || b["status"] != "active" {
					t.Errorf("the boundary is not filled in from the expectation: %s", r.body)
				}
				if why := b["why"].(string); !strings.HasPrefix(why, "To feel that they see what it cost me.\n\n") ||
					!strings.Contains(why, "This began as an expectation you wrote down: “They should say sorry without being asked.”") {
					t.Errorf("the boundary does not say where it came from: %q", why)
				}
				e := f.must(t, 200, request{method: "GET", path: api.Prefix + "/expectations/" + f.own, who: "alice"}).json(t)
				if e["outcome"] != "as-boundary" || e["boundary"] != b["id"] || e["conversation"] != "" {
					t.Errorf("the expectation does not link to its boundary %v: %v", b["id"], e)
				}
				// Changing the expectation keeps the link: only the action sets it.
				f.must(t, 200, request{method: "PUT", path: api.Prefix + "/expectations/" + f.own, who: "alice",
					body: map[string]any{"expectation": "They should say sorry.", "outcome": "released", "boundary": "", "conversation": ""}})
				e = f.must(t, 200, request{method: "GET", path: api.Prefix + "/expectations/" + f.own, who: "alice"}).json(t)
				if e["boundary"] != b["id"] || e["outcome"] != "released" {
					t.Errorf("a change lost the link or the change: %v", e)
				}
			}},
		{name: "expectations: turn into a conversation", method: "POST", path: "/expectations/{own}/turn-into", who: "alice",
			setup: expectation, body: map[string]any{"into": "conversation"}, status: 201,
			check: func(t *testing.T, f *fixture, r response) {
				c := r.json(t)
				if c["ask"] != "They should say sorry without being asked." || c["with_whom"] != "The person this is about" ||
					!strings.HasPrefix(c["need"].(string), "To feel that they see what it cost me.") {
					t.Errorf("the conversation is not filled in from the expectation: %s", r.body)
				}
				e := f.must(t, 200, request{method: "GET", path: api.Prefix + "/expectations/" + f.own, who: "alice"}).json(t)
				if e["outcome"] != "as-conversation" || e["conversation"] != c["id"] {
					t.Errorf("the expectation does not link to its conversation: %v", e)
				}
			}},
		{name: "expectations: a link cannot be sent", method: "POST", path: "/expectations", who: "alice",
			body: map[string]any{"expectation": "They will change.", "outcome": "open", "boundary": "AAAAAAAAAAAAAAAAAAAAAAAAAA"}, status: 201,
			check: func(t *testing.T, f *fixture, r response) {
				if b := r.json(t)["boundary"]; b != "" {
					t.Errorf("a client set the link to %v", b)
				}
			}},
		{name: "ladder: in ladder order, the least feared first", method: "GET", path: "/ladder", who: "alice", setup: ladder, status: 200,
			check: func(t *testing.T, f *fixture, r response) {
				// The API lists newest first; the order is the pages' and the climb's.
				if n := len(r.json(t)["items"].([]any)); n != 4 {
					t.Errorf("%d rungs, want 4", n)
				}
			}},
		{name: "ladder: a rung's summary by hand", method: "GET", path: "/ladder/{own}", who: "alice", setup: ladder, status: 200,
			check: func(t *testing.T, f *fixture, r response) {
				want := `{"came_true":0,"fears":[{"after":2,"before":4},{"after":1,"before":3}],"first_fear_before":4,"last_fear_after":1,"partly":0,"tries":2}`
				if got := jsonOf(r.json(t)["summary"]); got != want {
					t.Errorf("summary %s, want %s", got, want)
				}
			}},
		{name: "ladder: the climb by hand", method: "GET", path: "/ladder/climb", who: "alice", setup: ladder, status: 200,
			check: func(t *testing.T, f *fixture, r response) {
				m := r.json(t)
				// Fear before: (4 + 3 + 7 + 6) / 4 = 5; after: (2 + 1 + 5 + 6) / 4 = 3.5.
				if m["climbed"] != 2.0 || m["tries"] != 4.0 || m["came_true"] != 1.0 || m["partly"] != 1.0 ||
					m["mean_fear_before"] != 5.0 || m["mean_fear_after"] != 3.5 {
					t.Errorf("climb %s", r.body)
				}
				var order []string
				for _, rung := range m["rungs"].([]any) {
					x := rung.(map[string]any)
					order = append(order, x["what"].(string))
					if x["what"] == "Tell a friend one true thing" && jsonOf(x["first_fear_before"]) != "7" || x["what"] == "Tell a friend one true thing" && jsonOf(x["last_fear_after"]) != "6" {
						t.Errorf("rung B: %v", x)
					}
				}
				if got := strings.Join(order, " / "); got != "Say hello to the neighbour / Go to the class / Tell a friend one true thing / Ask them for the phone" {
					t.Errorf("ladder order %s", got)
				}
			}},
		{name: "instincts: calibration with the ladder's tries, by hand", method: "GET", path: "/instincts/calibration", who: "alice",
			setup: calibration, status: 200,
			check: func(t *testing.T, f *fixture, r response) {
				m := r.json(t)
				if m["resolved"] != 5.0 || jsonOf(m["from"]) != `{"instincts":2,"ladder":3}` {
					t.Errorf("resolved %v from %v; want 5, from 2 instincts and 3 tries", m["resolved"], m["from"])
				}
				if b, _ := m["brier"].(float64); b < 0.16999 || b > 0.17001 {
					t.Errorf("brier %v, want 0.17", m["brier"])
				}
				bins := m["bins"].([]any)
				if got := jsonOf(bins[2]); got != `{"count":1,"from":70,"to":79,"true":1}` {
					t.Errorf("the 70–79 bin is %s", got)
				}
				if got := jsonOf(bins[3]); got != `{"count":4,"from":80,"to":89,"true":3}` {
					t.Errorf("the 80–89 bin is %s", got)
				}
			}},
	}
}

// actionRoute reports whether pattern is the route of a kind's action.
func actionRoute(pattern string) bool {
	for _, k := range catalog().Kinds {
		for _, a := range k.Behaviour().Actions {
			if pattern == api.Prefix+"/"+k.Path+"/{id}/"+a.Name {
				return true
			}
		}
	}
	return false
}
