package tools_test

import (
	"slices"
	"testing"
	"time"
	_ "time/tzdata" // Europe/Berlin, whatever the machine has

	"kintsugi/internal/tool"
	"kintsugi/internal/tools"
)

func berlin(t *testing.T) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

func at(loc *time.Location, y int, m time.Month, d, h, min int) time.Time {
	return time.Date(y, m, d, h, min, 0, 0, loc)
}

func checkTrend(t *testing.T, name string, got, want []tools.Bucket) {
	t.Helper()
	if !slices.Equal(got, want) {
		t.Errorf("%s:\n got %+v\nwant %+v", name, got, want)
	}
}

func TestTrendWeeks(t *testing.T) {
	u := time.UTC
	points := []tools.Point{ // in no order
		{at(u, 2026, 4, 2, 9, 0), 8},   // Thu, week of Mon 30 March: across the month's end
		{at(u, 2026, 3, 2, 10, 0), 4},  // Mon 2 March
		{at(u, 2026, 4, 12, 23, 0), 5}, // Sun, week of Mon 6 April
		{at(u, 2026, 3, 9, 0, 0), 2},   // Mon 9 March, at its first moment
		{at(u, 2026, 3, 8, 23, 59), 6}, // Sun, week of Mon 2 March, at its last minute
		{at(u, 2026, 4, 7, 12, 0), 3},  // Tue, week of Mon 6 April
	}
	want := []tools.Bucket{
		// (4 + 6) / 2 = 5; alone in its window.
		{Start: "2026-03-02", Count: 2, Mean: 5, MovingMean: 5},
		// (5 + 2) / 2 = 3.5
		{Start: "2026-03-09", Count: 1, Mean: 2, MovingMean: 3.5},
		// 16 and 23 March are empty. 9 March is 21 days before 30 March,
		// in the window; 2 March, 28 days before, is not: (2 + 8) / 2 = 5.
		{Start: "2026-03-30", Count: 1, Mean: 8, MovingMean: 5},
		// (3 + 5) / 2 = 4; the window from 16 March holds only 30 March:
		// (8 + 4) / 2 = 6.
		{Start: "2026-04-06", Count: 2, Mean: 4, MovingMean: 6},
	}
	checkTrend(t, "weeks", tools.Trend(points, "week", u), want)
	slices.Reverse(points)
	checkTrend(t, "weeks, reversed", tools.Trend(points, "week", u), want)
}

func TestTrendMonths(t *testing.T) {
	b := berlin(t)
	points := []tools.Point{ // newest first, as items are listed
		{at(b, 2026, 6, 10, 8, 0), 10},
		{at(b, 2026, 4, 30, 23, 0), 3},
		{at(b, 2026, 4, 15, 8, 0), 2},
		{at(b, 2026, 4, 1, 0, 0), 1},
		// 23:30 UTC on 28 February is 00:30 on 1 March in Berlin.
		{time.Date(2026, 2, 28, 23, 30, 0, 0, time.UTC), 6},
		{at(b, 2026, 1, 20, 8, 0), 4},
		{at(b, 2026, 1, 5, 8, 0), 2},
		{at(b, 2025, 12, 15, 12, 0), 1},
	}
	want := []tools.Bucket{
		{Start: "2025-12-01", Count: 1, Mean: 1, MovingMean: 1},
		// (2 + 4) / 2 = 3; across the year: (1 + 3) / 2 = 2.
		{Start: "2026-01-01", Count: 2, Mean: 3, MovingMean: 2},
		// February is empty; January is in March's window, December is
		// not: (3 + 6) / 2 = 4.5.
		{Start: "2026-03-01", Count: 1, Mean: 6, MovingMean: 4.5},
		// (1 + 2 + 3) / 3 = 2; February to April: (6 + 2) / 2 = 4.
		{Start: "2026-04-01", Count: 3, Mean: 2, MovingMean: 4},
		// April to June: (2 + 10) / 2 = 6.
		{Start: "2026-06-01", Count: 1, Mean: 10, MovingMean: 6},
	}
	checkTrend(t, "months", tools.Trend(points, "month", b), want)
}

// Weeks start on Monday at midnight on the person's clock, also in the
// weeks whose Sunday moves the clock (in Berlin, the last Sundays of March
// and October): a week of 7 × 24 hours would put these points in the
// wrong week.
func TestTrendWeeksAcrossDaylightSaving(t *testing.T) {
	b := berlin(t)
	points := []tools.Point{
		{at(b, 2026, 3, 29, 23, 30), 1},  // Sunday the clocks went forward: a 23-hour week
		{at(b, 2026, 3, 30, 0, 30), 3},   // the Monday after
		{at(b, 2026, 10, 25, 23, 30), 5}, // Sunday the clocks went back: a 25-hour week
		{at(b, 2026, 10, 26, 0, 30), 7},  // the Monday after
	}
	want := []tools.Bucket{
		{Start: "2026-03-23", Count: 1, Mean: 1, MovingMean: 1},
		{Start: "2026-03-30", Count: 1, Mean: 3, MovingMean: 2}, // (1 + 3) / 2
		{Start: "2026-10-19", Count: 1, Mean: 5, MovingMean: 5}, // nothing within 21 days before
		{Start: "2026-10-26", Count: 1, Mean: 7, MovingMean: 6}, // (5 + 7) / 2
	}
	checkTrend(t, "weeks in Berlin", tools.Trend(points, "week", b), want)
}

// The same moment falls in the week and the month of the person's own
// clock.
func TestTrendInThePersonsTimeZone(t *testing.T) {
	b := berlin(t)
	sunday := time.Date(2026, 3, 8, 23, 30, 0, 0, time.UTC) // Monday 9 March, 00:30, in Berlin
	points := []tools.Point{{sunday, 4}, {time.Date(2026, 3, 9, 12, 0, 0, 0, time.UTC), 8}}
	checkTrend(t, "weeks in UTC", tools.Trend(points, "week", time.UTC), []tools.Bucket{
		{Start: "2026-03-02", Count: 1, Mean: 4, MovingMean: 4},
		{Start: "2026-03-09", Count: 1, Mean: 8, MovingMean: 6}, // (4 + 8) / 2
	})
	checkTrend(t, "weeks in Berlin", tools.Trend(points, "week", b), []tools.Bucket{
		{Start: "2026-03-09", Count: 2, Mean: 6, MovingMean: 6}, // (4 + 8) / 2
	})
	checkTrend(t, "no zone is UTC", tools.Trend(points, "week", nil), tools.Trend(points, "week", time.UTC))

	endOfFebruary := []tools.Point{{time.Date(2026, 2, 28, 23, 30, 0, 0, time.UTC), 4}}
	checkTrend(t, "month in UTC", tools.Trend(endOfFebruary, "month", time.UTC), []tools.Bucket{
		{Start: "2026-02-01", Count: 1, Mean: 4, MovingMean: 4},
	})
	checkTrend(t, "month in Berlin", tools.Trend(endOfFebruary, "month", b), []tools.Bucket{
		{Start: "2026-03-01", Count: 1, Mean: 4, MovingMean: 4},
	})
}

func TestTrendEdges(t *testing.T) {
	if got := tools.Trend(nil, "week", time.UTC); len(got) != 0 {
		t.Errorf("no points: got %+v, want no buckets", got)
	}
	points := []tools.Point{{time.Date(2026, 3, 9, 12, 0, 0, 0, time.UTC), 1}}
	if got := tools.Trend(points, "day", time.UTC); got != nil {
		t.Errorf("unknown bucket: got %+v, want nil", got)
	}
}

func TestEmotionPoints(t *testing.T) {
	c := catalog(t)
	v, err := tools.NewCheckinView(c)
	if err != nil {
		t.Fatal(err)
	}
	t1, t2, t3 := at(time.UTC, 2026, 3, 14, 9, 0), at(time.UTC, 2026, 3, 13, 9, 0), at(time.UTC, 2026, 3, 12, 9, 0)
	checkins := []tool.Item{ // newest first
		newItem(t, c, "checkin", "1", `{"emotions":[{"name":"grief","intensity":7},{"name":"anger","intensity":2}]}`, t1),
		newItem(t, c, "checkin", "2", `{"emotions":[{"name":"anger","intensity":5}],"note":"grief"}`, t2),
		newItem(t, c, "checkin", "3", `{"emotions":[{"name":"serenity","intensity":3},{"name":"grief","intensity":0}]}`, t3),
	}
	cases := []struct {
		emotion string
		want    []tools.Point
	}{
		// A 0 is a feeling named and felt barely: it counts. The word in
		// a note does not.
		{"grief", []tools.Point{{t1, 7}, {t3, 0}}},
		{"anger", []tools.Point{{t1, 2}, {t2, 5}}},
		{"serenity", []tools.Point{{t3, 3}}},
		{"joy", nil},
	}
	for _, tc := range cases {
		if got := v.EmotionPoints(checkins, tc.emotion); !slices.Equal(got, tc.want) {
			t.Errorf("%s: got %v, want %v", tc.emotion, got, tc.want)
		}
	}
}

func TestRatingPoints(t *testing.T) {
	c := catalog(t)
	v, err := tools.NewRatingView(c)
	if err != nil {
		t.Fatal(err)
	}
	t1, t2, t3 := at(time.UTC, 2026, 3, 14, 9, 0), at(time.UTC, 2026, 3, 13, 9, 0), at(time.UTC, 2026, 3, 12, 9, 0)
	ratings := []tool.Item{
		newItem(t, c, "step-rating", "1", `{"step":3,"value":8}`, t1),
		newItem(t, c, "step-rating", "2", `{"step":12,"value":0}`, t2),
		newItem(t, c, "step-rating", "3", `{"step":3,"value":0,"note":"a hard week"}`, t3),
	}
	cases := []struct {
		step int
		want []tools.Point
	}{
		{3, []tools.Point{{t1, 8}, {t3, 0}}},
		{12, []tools.Point{{t2, 0}}},
		{5, nil},
	}
	for _, tc := range cases {
		if got := v.RatingPoints(ratings, tc.step); !slices.Equal(got, tc.want) {
			t.Errorf("step %d: got %v, want %v", tc.step, got, tc.want)
		}
	}
}

// Five years of daily check-ins, newest first, as a page loads them.
func BenchmarkTrend(b *testing.B) {
	loc, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		b.Fatal(err)
	}
	points := make([]tools.Point, 1825)
	last := time.Date(2026, 3, 14, 21, 0, 0, 0, loc)
	for i := range points {
		points[i] = tools.Point{At: last.AddDate(0, 0, -i), Value: float64(i % 11)}
	}
	b.ReportAllocs()
	for b.Loop() {
		tools.Trend(points, "week", loc)
	}
}
