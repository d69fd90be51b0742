package api_test

import (
	"strings"
	"testing"
	"time"

	"kintsugi/internal/api"
)

// seamScenarios check, through the API, the Go particular to a tool
// against values worked out by hand.
func seamScenarios() []scenario {
	boundary := func(t *testing.T, f *fixture) {
		f.own = f.create(t, "/boundaries", "alice", map[string]any{"kind": "contact", "words": "No calls after nine.", "status": "active"})
		for _, outcome := range []string{"held", "held", "crossed", "held"} {
			f.create(t, "/boundaries/"+f.own+"/events", "alice", map[string]any{"outcome": outcome})
		}
	}
	instincts := func(t *testing.T, f *fixture) {
		// 80 true, 80 false, 95 true, 60 unclear (left out):
		// ((0.8−1)² + (0.8−0)² + (0.95−1)²) / 3 = (0.04 + 0.64 + 0.0025) / 3 = 0.2275.
		for _, in := range []map[string]any{
			{"sense": "a", "sure": 80, "outcome": "true"}, {"sense": "b", "sure": 80, "outcome": "false"},
			{"sense": "c", "sure": 95, "outcome": "true"}, {"sense": "d", "sure": 60, "outcome": "unclear"},
		} {
			f.create(t, "/instincts", "alice", in)
		}
	}
	checkins := func(t *testing.T, f *fixture) {
		for _, c := range []struct {
			at        string
			intensity int
		}{{"2026-03-02T09:00:00Z", 8}, {"2026-03-04T21:00:00Z", 6}, {"2026-03-16T08:00:00Z", 4}, {"2026-04-06T12:00:00Z", 2}} {
			f.create(t, "/checkins", "alice", map[string]any{"created_at": c.at,
				"emotions": []map[string]any{{"name": "grief", "intensity": c.intensity}}})
		}
	}
	// Ten check-ins, the first 40 days ago: a 10th check-in and a month
	// since the first to mark.
	ten := func(t *testing.T, f *fixture) {
		for i := range 10 {
			f.create(t, "/checkins", "alice", map[string]any{"created_at": time.Now().AddDate(0, 0, -40+i).UTC().Format(time.RFC3339),
				"emotions": []map[string]any{{"name": "hope", "intensity": 3}}})
		}
	}
	keep, dismiss := map[string]any{"keep": true}, map[string]any{"keep": false}
	me := map[string]string{"time_zone": "Europe/Berlin"}
	all := []scenario{
		{name: "me: set the time zone", method: "PUT", path: "/me", who: "alice", body: me, status: 200,
			check: func(t *testing.T, f *fixture, r response) {
				if tz := f.must(t, 200, request{method: "GET", path: api.Prefix + "/me", who: "alice"}).json(t)["time_zone"]; tz != "Europe/Berlin" {
					t.Errorf("time_zone %v after setting it", tz)
				}
			}},
		{name: "me: a time zone that is not one", method: "PUT", path: "/me", who: "alice", body: map[string]string{"time_zone": "Mars/Olympus"}, status: 422, code: "invalid", field: "time_zone"},
		{name: "me: no time zone", method: "PUT", path: "/me", who: "alice", body: map[string]string{}, status: 422, code: "invalid", field: "time_zone"},
		{name: "me: set, no token", method: "PUT", path: "/me", body: me, status: 401, code: "unauthenticated"},
		{name: "timeline: everything, newest first", method: "GET", path: "/timeline", who: "alice", status: 200,
			check: func(t *testing.T, f *fixture, r response) {
				items := r.json(t)["items"].([]any)
				if len(items) != 2 {
					t.Fatalf("%d items, want alice's check-in and entry: %.300s", len(items), r.body)
				}
				first, second := items[0].(map[string]any), items[1].(map[string]any)
				if first["kind"] != "journal" || first["step"] != 2.0 || first["summary"] != aliceTitle || second["kind"] != "checkins" || second["step"] != 1.0 {
					t.Errorf("timeline: %.300s", r.body)
				}
			}},
		{name: "timeline: one step", method: "GET", path: "/timeline?step=2", who: "alice", status: 200,
			check: func(t *testing.T, f *fixture, r response) {
				if items := r.json(t)["items"].([]any); len(items) != 1 || items[0].(map[string]any)["id"] != f.journal {
					t.Errorf("step 2: %.300s", r.body)
				}
			}},
		{name: "timeline: bob sees none of alice's", method: "GET", path: "/timeline", who: "bob", status: 200,
			check: func(t *testing.T, f *fixture, r response) {
				if items := r.json(t)["items"].([]any); len(items) != 0 {
					t.Errorf("bob's timeline: %.300s", r.body)
				}
			}},
		{name: "timeline: a step that is not one", method: "GET", path: "/timeline?step=0", who: "alice", status: 400, code: "bad_step"},
		{name: "timeline: a time that is not one", method: "GET", path: "/timeline?since=yesterday", who: "alice", status: 400, code: "bad_time"},
		{name: "timeline: no token", method: "GET", path: "/timeline", status: 401, code: "unauthenticated"},
		// Weeks of 2 March (8, 6: mean 7), 16 March (4) and 6 April (2);
		// the moving mean takes the weeks with values among this one and
		// the three before it: 7; (7+4)/2 = 5.5; (4+2)/2 = 3.
		{name: "trends: a feeling by week, by hand", method: "GET", path: "/trends?series=emotion:grief&bucket=week", who: "alice",
			setup: checkins, status: 200,
			check: func(t *testing.T, f *fixture, r response) {
				got := jsonOf(r.json(t)["buckets"])
				want := `[{"count":2,"mean":7,"moving_mean":7,"start":"2026-03-02"},{"count":1,"mean":4,"moving_mean":5.5,"start":"2026-03-16"},{"count":1,"mean":2,"moving_mean":3,"start":"2026-04-06"}]`
				if got != want {
					t.Errorf("buckets\n got %s\nwant %s", got, want)
				}
			}},
		{name: "trends: a step's ratings by month", method: "GET", path: "/trends?series=rating:3&bucket=month", who: "alice", status: 200},
		{name: "trends: an unknown feeling", method: "GET", path: "/trends?series=emotion:nothing", who: "alice", status: 400, code: "bad_series"},
		{name: "trends: an unknown bucket", method: "GET", path: "/trends?series=rating:3&bucket=day", who: "alice", status: 400, code: "bad_bucket"},
		{name: "trends: no token", method: "GET", path: "/trends?series=rating:3", status: 401, code: "unauthenticated"},
	}
	all = append(all,
		scenario{name: "milestones: suggested from the check-ins", method: "GET", path: "/milestones/suggestions", who: "alice", setup: ten, status: 200,
			check: func(t *testing.T, f *fixture, r response) {
				var keys []string
				for _, s := range r.json(t)["suggestions"].([]any) {
					keys = append(keys, s.(map[string]any)["key"].(string))
				}
				// alice's fixture check-in is today, after the ten.
				if got := strings.Join(keys, " "); got != "checkins-10 month-since-first" {
					t.Errorf("suggestions %q, want the 10th check-in and a month since the first", got)
				}
			}},
		scenario{name: "milestones: keep a suggestion", method: "POST", path: "/milestones/suggestions/checkins-10", who: "alice", setup: ten, body: keep, status: 201,
			check: func(t *testing.T, f *fixture, r response) {
				if title := r.json(t)["title"]; title != "Your 10th check-in" {
					t.Errorf("kept as %v", title)
				}
				again := f.must(t, 200, request{method: "GET", path: api.Prefix + "/milestones/suggestions", who: "alice"})
				if strings.Contains(string(again.body), "checkins-10") {
					t.Error("a kept suggestion is offered again")
				}
				f.must(t, 404, request{method: "POST", path: api.Prefix + "/milestones/suggestions/checkins-10", who: "alice", body: keep})
			}},
		scenario{name: "milestones: dismiss a suggestion", method: "POST", path: "/milestones/suggestions/month-since-first", who: "alice", setup: ten, body: dismiss, status: 204,
			check: func(t *testing.T, f *fixture, r response) {
				if ms := f.must(t, 200, request{method: "GET", path: api.Prefix + "/milestones", who: "alice"}); strings.Contains(string(ms.body), "A month") {
					t.Error("a dismissed suggestion became a milestone")
				}
			}},
		scenario{name: "milestones: a suggestion that is not one", method: "POST", path: "/milestones/suggestions/nothing-here", who: "alice", body: keep, status: 404, code: "not_found"},
		scenario{name: "milestones: keep or not, unsaid", method: "POST", path: "/milestones/suggestions/checkins-10", who: "alice", setup: ten, body: map[string]any{}, status: 400, code: "bad_json"},
		scenario{name: "milestones: suggestions, no token", method: "GET", path: "/milestones/suggestions", status: 401, code: "unauthenticated"},
		scenario{name: "milestones: settle, no token", method: "POST", path: "/milestones/suggestions/checkins-10", body: keep, status: 401, code: "unauthenticated"},
		scenario{name: "milestones: settle, text/plain", method: "POST", path: "/milestones/suggestions/checkins-10", who: "alice", body: jsonOf(keep),
			header: map[string]string{"Content-Type": "text/plain"}, status: 415, code: "unsupported_media_type"},
		scenario{name: "milestones: settle, over 1 MiB", method: "POST", path: "/milestones/suggestions/checkins-10", who: "alice",
			body: `{"x": "` + strings.Repeat("a", 1<<20) + `"}`, status: 413, code: "too_large"},
	)
	all = append(all, badBodies("PUT", "/me", "alice", me, `{"time_zone": 1}`, 200)...)
	return append(all, []scenario{
		{name: "boundaries: the summary of its log", method: "GET", path: "/boundaries/{own}", who: "alice", setup: boundary, status: 200,
			check: func(t *testing.T, f *fixture, r response) {
				got := jsonOf(r.json(t)["summary"])
				if want := `{"crossed":1,"held":3,"recent_held":3,"recent_total":4}`; got != want {
					t.Errorf("summary %s, want %s", got, want)
				}
			}},
		{name: "instincts: calibration by hand", method: "GET", path: "/instincts/calibration", who: "alice", setup: instincts, status: 200,
			check: func(t *testing.T, f *fixture, r response) {
				m := r.json(t)
				if m["resolved"] != 3.0 || m["enough"] != false {
					t.Errorf("resolved %v, enough %v; want 3 and false", m["resolved"], m["enough"])
				}
				if b, _ := m["brier"].(float64); b < 0.22749 || b > 0.22751 {
					t.Errorf("brier %v, want 0.2275", m["brier"])
				}
				bins := m["bins"].([]any)
				if got := jsonOf(bins[3]); got != `{"count":2,"from":80,"to":89,"true":1}` {
					t.Errorf("the 80–89 bin is %s", got)
				}
				if got := jsonOf(bins[4]); got != `{"count":1,"from":90,"to":100,"true":1}` {
					t.Errorf("the 90–100 bin is %s", got)
				}
			}},
	}...)
}
