package web

import (
	"slices"
	"strings"
	"testing"
	"time"

	"kintsugi/internal/journey"
)

func checkinAt(at time.Time, emotions ...journey.Felt) felt {
	return felt{At: at, Emotions: emotions}
}

func TestChartRowsAverageByWeek(t *testing.T) {
	mon := time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC) // a Monday
	cs := []felt{
		checkinAt(mon.Add(9*time.Hour), journey.Felt{Name: "sadness", Intensity: 8}),
		checkinAt(mon.AddDate(0, 0, 3), journey.Felt{Name: "sadness", Intensity: 5}, journey.Felt{Name: "anger", Intensity: 2}),
		checkinAt(mon.AddDate(0, 0, 6).Add(23*time.Hour), journey.Felt{Name: "sadness", Intensity: 6}), // Sunday night
		checkinAt(mon.AddDate(0, 0, 7), journey.Felt{Name: "joy", Intensity: 3}),                       // next Monday
	}
	rows := chartRows(cs, true)
	if len(rows) != 2 || !rows[0].At.Equal(mon) || !rows[1].At.Equal(mon.AddDate(0, 0, 7)) || !rows[0].Week {
		t.Fatalf("weeks = %+v", rows)
	}
	if c := rows[0].Cells; len(c) != 2 || c[0].Name != "sadness" || c[0].Text() != "6.3" || c[1].Name != "anger" || c[1].Text() != "2" {
		t.Fatalf("first week's averages = %+v", c)
	}
	if daily := chartRows(cs, false); len(daily) != 4 || daily[1].Cells[1].Text() != "2" || daily[0].Week {
		t.Fatalf("daily rows = %+v", daily)
	}
	if got := weekStart(time.Date(2026, 3, 8, 23, 59, 0, 0, time.UTC)); !got.Equal(mon) {
		t.Fatalf("weekStart(Sunday) = %v", got)
	}
}

// The summary speaks of the last 30 days, compared with the 30 before,
// and is kind when there is little or nothing to say.
func TestFeelingsSummary(t *testing.T) {
	g, err := journey.Load()
	if err != nil {
		t.Fatal(err)
	}
	app := &Web{}
	app.Guide = g
	now := time.Date(2026, 5, 31, 12, 0, 0, 0, time.UTC)
	ago := func(days int, felt ...journey.Felt) felt { return checkinAt(now.AddDate(0, 0, -days), felt...) }
	f := func(name string, n int) journey.Felt { return journey.Felt{Name: name, Intensity: n} }
	for _, tc := range []struct {
		name     string
		rng      string
		checkins []felt
		want     []string
	}{
		{"nothing", "30d", nil, []string{"No check-ins here yet. When you check in, your feelings will show here over time."}},
		{"nothing lately", "90d", []felt{ago(50, f("grief", 8))}, []string{
			"You have not checked in in the last 30 days. Over this time you checked in on 1 day."}},
		{"each once", "30d", []felt{ago(3, f("hurt", 4), f("relief", 2))}, []string{
			"In the last 30 days you checked in on 1 day.",
			"You named 2 different feelings, each of them once.",
			"The strongest was hurt, at 4 out of 10 on average."}},
		{"two a day, moving", "all", []felt{
			ago(45, f("vigilance", 9)), ago(40, f("vigilance", 8)),
			ago(10, f("vigilance", 6), f("insecurity", 3)), ago(10, f("vigilance", 5)), ago(2, f("insecurity", 4))}, []string{
			"In the last 30 days you checked in on 2 days (4 days in all).",
			"The feeling you named most often was on guard, in 2 check-ins, then self-doubt (2).",
			"The strongest was on guard, at 5.5 out of 10 on average, down from 8.5 in the 30 days before."}},
		{"the same", "30d", []felt{ago(40, f("hope", 5)), ago(5, f("hope", 5))}, nil},
	} {
		got := app.feelingsSummary(tc.checkins, tc.rng, now, time.UTC)
		if tc.want == nil {
			if last := got[len(got)-1]; !strings.HasSuffix(last, "about the same as in the 30 days before.") {
				t.Errorf("%s: %q", tc.name, got)
			}
			continue
		}
		if !slices.Equal(got, tc.want) {
			t.Errorf("%s:\n got %q\nwant %q", tc.name, got, tc.want)
		}
	}
}

// A feeling's look on a chart comes from the feeling, not its rank.
func TestFeelingClass(t *testing.T) {
	g, err := journey.Load()
	if err != nil {
		t.Fatal(err)
	}
	app := &Web{}
	app.Guide = g
	if got := app.feelingClass("grief"); got != "hue-sadness tone-2 dash-0" {
		t.Errorf("grief: %q", got)
	}
	if got := app.feelingClass("hurt"); got != "hue-sadness tone-0 dash-1" {
		t.Errorf("hurt: %q", got)
	}
	if got := app.feelingClass("nope"); got != "" {
		t.Errorf("an unknown feeling: %q", got)
	}
	rows := chartRows([]felt{checkinAt(time.Now(), journey.Felt{Name: "anger", Intensity: 3}, journey.Felt{Name: "grief", Intensity: 8})}, false)
	for _, drawn := range [][]string{{"grief", "anger"}, {"anger", "grief"}} {
		for _, s := range app.feelingsChart(rows, drawn, time.Time{}, time.Time{}).Series {
			if s.Name == "Grief" && s.Class != "hue-sadness tone-2 dash-0" {
				t.Errorf("grief drawn %v is %q", drawn, s.Class)
			}
		}
	}
}
