package tools_test

import (
	"strings"
	"testing"
	"time"

	"kintsugi/internal/journey"
	"kintsugi/internal/tool"
	"kintsugi/internal/tools"
)

// TestTodayOffersOneGentleThing builds what a person has and has not done
// lately by hand and checks the one thing today offers, in order: a hard
// date near, a boundary due for a fresh look, a conversation waiting for
// its debrief, an instinct to look back on, a step quiet for long, and a
// check-in on a day without one; nothing when nothing is waiting.
func TestTodayOffersOneGentleThing(t *testing.T) {
	c := catalog(t)
	g, err := journey.Load()
	if err != nil {
		t.Fatal(err)
	}
	v, err := tools.NewTodayView(c, g.Steps)
	if err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 3, 10, 9, 0, 0, 0, time.UTC)
	const today = "2026-03-10"
	daysAgo := func(n int) time.Time { return now.AddDate(0, 0, -n) }
	item := func(kind, id, body string, at time.Time) tool.Item { return newItem(t, c, kind, id, body, at) }

	hard := item("hard-date", "HARD", `{"what":"mum's birthday","on":"2024-03-14","repeats":"yearly","heads_up":7}`, daysAgo(400))
	planned := item("hard-date", "PLANNED", `{"what":"mum's birthday","on":"2024-03-14","repeats":"yearly","heads_up":7,"plan":"a walk with Sam"}`, daysAgo(400))
	dueBoundary := item("boundary", "DUE", `{"kind":"contact","words":"no calls","status":"active","review_on":"2026-03-01"}`, daysAgo(90))
	dueSooner := item("boundary", "DUE2", `{"kind":"contact","words":"no visits","status":"active","review_on":"2026-02-01"}`, daysAgo(80))
	notYet := item("boundary", "LATER", `{"kind":"contact","words":"no texts","status":"active","review_on":"2026-03-11"}`, daysAgo(90))
	paused := item("boundary", "PAUSED", `{"kind":"contact","words":"paused","status":"paused","review_on":"2026-01-01"}`, daysAgo(90))
	talk := item("conversation", "TALK", `{"with_whom":"Sam","planned_for":"2026-03-05"}`, daysAgo(10))
	talkToday := item("conversation", "TODAYTALK", `{"with_whom":"Sam","planned_for":"2026-03-10"}`, daysAgo(3))
	talkDone := item("conversation", "DONE", `{"with_whom":"Sam","planned_for":"2026-03-04","debrief":{"went":6}}`, daysAgo(10))
	talkOld := item("conversation", "OLD", `{"with_whom":"Sam","planned_for":"2026-01-20"}`, daysAgo(60))
	gut := item("instinct", "GUT", `{"sense":"they will call","sure":70}`, daysAgo(14))
	gutNew := item("instinct", "NEWGUT", `{"sense":"they will call","sure":70}`, daysAgo(3))
	gutOld := item("instinct", "OLDGUT", `{"sense":"they will call","sure":70}`, daysAgo(200))
	gutKnown := item("instinct", "KNOWN", `{"sense":"they will call","sure":70,"outcome":"true"}`, daysAgo(20))
	quiet := map[int]tools.Visit{4: {At: daysAgo(75), Rating: 3, Rated: true}, 2: {At: daysAgo(100), Rating: 5, Rated: true}, 1: {At: daysAgo(1), Rating: 2, Rated: true}}
	restful := map[int]tools.Visit{2: {At: daysAgo(100), Rating: 9, Rated: true}}
	recent := map[int]tools.Visit{2: {At: daysAgo(59), Rating: 4, Rated: true}}

	cases := []struct {
		name       string
		l          tools.Lately
		kind, href string
	}{
		{"nothing at all: a check-in", tools.Lately{}, "check-in", "/checkins/new"},
		{"checked in, nothing waiting: nothing", tools.Lately{CheckedInToday: true}, "", ""},
		{"a hard date near comes first", tools.Lately{Near: []tools.Near{{ID: "HARD", On: "2026-03-14", Days: 4}}, HardDates: []tool.Item{hard},
			Boundaries: []tool.Item{dueBoundary}}, "hard-date", "/hard-dates/HARD/edit"},
		{"a boundary past its review day", tools.Lately{Boundaries: []tool.Item{notYet, dueBoundary, paused}, CheckedInToday: true}, "review-boundary", "/boundaries/DUE"},
		{"the boundary waiting longest", tools.Lately{Boundaries: []tool.Item{dueBoundary, dueSooner}}, "review-boundary", "/boundaries/DUE2"},
		{"a boundary due only tomorrow, or paused: nothing", tools.Lately{Boundaries: []tool.Item{notYet, paused}, CheckedInToday: true}, "", ""},
		{"a conversation whose day has passed", tools.Lately{Conversations: []tool.Item{talkDone, talk, talkToday, talkOld}, Instincts: []tool.Item{gut}},
			"debrief", "/conversations/TALK/edit"},
		{"a conversation today, debriefed, or long ago: nothing", tools.Lately{Conversations: []tool.Item{talkToday, talkDone, talkOld}, CheckedInToday: true}, "", ""},
		{"an instinct a fortnight old", tools.Lately{Instincts: []tool.Item{gutNew, gut, gutOld, gutKnown}, Visits: quiet}, "look-back", "/instincts/GUT/edit"},
		{"instincts too new, too old or known: nothing", tools.Lately{Instincts: []tool.Item{gutNew, gutOld, gutKnown}, CheckedInToday: true}, "", ""},
		{"the step quiet longest", tools.Lately{Visits: quiet, CheckedInToday: true}, "revisit-step", "/steps/" + g.Steps[1].Slug},
		{"a step last rated 9 is left to rest", tools.Lately{Visits: restful, CheckedInToday: true}, "", ""},
		{"a step quiet under two months is not offered", tools.Lately{Visits: recent, CheckedInToday: true}, "", ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			l := tc.l
			l.Today, l.Now, l.Loc = today, now, time.UTC
			got := v.Offer(l)
			if tc.kind == "" {
				if got != nil {
					t.Fatalf("offered %+v, want nothing", *got)
				}
				return
			}
			if got == nil || got.Kind != tc.kind || got.Href != tc.href {
				t.Fatalf("offered %+v, want %s at %s", got, tc.kind, tc.href)
			}
			gentle(t, got)
		})
	}

	// A hard date with a plan offers the plan; on the day itself, the
	// words say so.
	l := tools.Lately{Today: today, Now: now, Loc: time.UTC, Near: []tools.Near{{ID: "PLANNED", On: today, Days: 0}}, HardDates: []tool.Item{planned}}
	if o := v.Offer(l); o == nil || o.Title != "Your plan for today" || o.Href != "/hard-dates/PLANNED" {
		t.Errorf("on the day, with a plan: %+v", o)
	}
	l.Near[0].Days = 4
	if o := v.Offer(l); o == nil || o.Title != "Your plan for a hard day" {
		t.Errorf("before the day, with a plan: %+v", o)
	}
}

// gentle checks an offer's words: the product's own, never a count of
// what is left, nothing that scolds, and none of the person's words.
func gentle(t *testing.T, o *tools.Offer) {
	t.Helper()
	if o.Title == "" || o.Why == "" {
		t.Errorf("%s: no words", o.Kind)
	}
	words := strings.ToLower(o.Title + " " + o.Why)
	for _, bad := range []string{"should", "must", "overdue", "haven't", "have not", "forgot", "streak", "no calls", "sam", "they will call", "birthday"} {
		if strings.Contains(words, bad) {
			t.Errorf("%s says %q: %s", o.Kind, bad, words)
		}
	}
}
