package trust

import (
	"math"
	"testing"
	"time"
)

var now = time.Date(2026, 12, 1, 12, 0, 0, 0, time.UTC)

func daysAgo(d float64) time.Time { return now.Add(-time.Duration(d * 24 * float64(time.Hour))) }

func near(a, b float64) bool { return math.Abs(a-b) < 1e-4 }

// Each case is worked out by hand from the formulas in docs/trust-model.md.
// The quantiles of Beta(α, 1) and Beta(1, β) have closed forms, x = p^(1/α)
// and x = 1 − (1−p)^(1/β), which is why most cases use them.
func TestEstimateByHand(t *testing.T) {
	cases := []struct {
		name              string
		checkins          []CheckIn
		s                 Settings
		alpha, beta, mean float64
		lower, upper      float64 // 0 when there is no closed form
	}{
		{"no evidence", nil, Defaults, 1, 1, 0.5, 0.05, 0.95},
		{"one kept today", []CheckIn{{At: now, Outcome: Kept}}, Defaults,
			2, 1, 2.0 / 3, math.Sqrt(0.05), math.Sqrt(0.95)},
		{"one kept a half-life ago weighs half", []CheckIn{{At: daysAgo(90), Outcome: Kept}}, Defaults,
			1.5, 1, 0.6, math.Pow(0.05, 1/1.5), math.Pow(0.95, 1/1.5)},
		{"one kept two half-lives ago weighs a quarter", []CheckIn{{At: daysAgo(60), Outcome: Kept}}, Settings{HalfLifeDays: 30, BreachWeight: 3},
			1.25, 1, 1.25 / 2.25, math.Pow(0.05, 1/1.25), math.Pow(0.95, 1/1.25)},
		{"one broken today, weight 3", []CheckIn{{At: now, Outcome: Broken}}, Defaults,
			1, 4, 0.2, 1 - math.Pow(0.95, 0.25), 1 - math.Pow(0.05, 0.25)},
		{"one broken today but told of, weight 3", []CheckIn{{At: now, Outcome: Broken, Disclosed: true}}, Defaults,
			1, 2.5, 1 / 3.5, 1 - math.Pow(0.95, 1/2.5), 1 - math.Pow(0.05, 1/2.5)},
		{"one partly today, weight 3", []CheckIn{{At: now, Outcome: Partly}}, Defaults,
			1.5, 2.5, 0.375, 0, 0},
		{"a breach weighs as set, here 10", []CheckIn{{At: now, Outcome: Broken}}, Settings{HalfLifeDays: 90, BreachWeight: 10},
			1, 11, 1.0 / 12, 1 - math.Pow(0.95, 1.0/11), 1 - math.Pow(0.05, 1.0/11)},
		{"three kept and one broken, all today", []CheckIn{{At: now, Outcome: Kept}, {At: now, Outcome: Kept},
			{At: now, Outcome: Kept}, {At: now, Outcome: Broken}}, Defaults, 4, 4, 0.5, 0, 0},
		{"a check-in after now is not counted yet", []CheckIn{{At: now.Add(time.Hour), Outcome: Broken}}, Defaults,
			1, 1, 0.5, 0.05, 0.95},
	}
	for _, c := range cases {
		e := Of(c.checkins, c.s, now)
		if !near(e.Alpha, c.alpha) || !near(e.Beta, c.beta) || !near(e.Mean, c.mean) {
			t.Errorf("%s: α %.4f β %.4f mean %.4f, want %.4f %.4f %.4f", c.name, e.Alpha, e.Beta, e.Mean, c.alpha, c.beta, c.mean)
		}
		if c.upper != 0 && (!near(e.Lower, c.lower) || !near(e.Upper, c.upper)) {
			t.Errorf("%s: interval %.4f–%.4f, want %.4f–%.4f", c.name, e.Lower, e.Upper, c.lower, c.upper)
		}
		if !(e.Lower < e.Mean && e.Mean < e.Upper) {
			t.Errorf("%s: the mean %.4f is outside its interval %.4f–%.4f", c.name, e.Mean, e.Lower, e.Upper)
		}
	}
}

// The properties the page promises: a kept promise never lowers the
// estimate, a breach always lowers it, and with no new evidence the
// estimate drifts back toward ½, the evidence halving at each half-life.
func TestEstimateProperties(t *testing.T) {
	histories := [][]CheckIn{
		nil,
		{{At: daysAgo(3), Outcome: Kept}},
		{{At: daysAgo(200), Outcome: Broken}, {At: daysAgo(10), Outcome: Kept}},
		{{At: daysAgo(40), Outcome: Partly}, {At: daysAgo(30), Outcome: Broken, Disclosed: true}, {At: daysAgo(1), Outcome: Kept}},
	}
	for _, s := range []Settings{Defaults, {HalfLifeDays: 7, BreachWeight: 1}, {HalfLifeDays: 730, BreachWeight: 10}} {
		for i, h := range histories {
			before := Of(h, s, now).Mean
			if kept := Of(append(h[:len(h):len(h)], CheckIn{At: now, Outcome: Kept}), s, now).Mean; kept <= before {
				t.Errorf("settings %+v, history %d: a kept promise took the estimate from %.4f to %.4f", s, i, before, kept)
			}
			for _, disclosed := range []bool{false, true} {
				if broken := Of(append(h[:len(h):len(h)], CheckIn{At: now, Outcome: Broken, Disclosed: disclosed}), s, now).Mean; broken >= before {
					t.Errorf("settings %+v, history %d: a breach (disclosed %v) took the estimate from %.4f to %.4f", s, i, disclosed, before, broken)
				}
			}
			// With nothing new, every half-life halves the evidence, so
			// the estimate comes closer to ½.
			later := now
			prev := math.Abs(before - 0.5)
			for range 10 {
				later = later.AddDate(0, 0, s.HalfLifeDays)
				d := math.Abs(Of(h, s, later).Mean - 0.5)
				if d > prev+1e-12 {
					t.Errorf("settings %+v, history %d: with no new evidence the estimate moved away from ½ (%.4f to %.4f)", s, i, prev, d)
				}
				prev = d
			}
			if len(h) > 0 && prev > 0.01 {
				t.Errorf("settings %+v, history %d: ten half-lives later the estimate is still %.4f from ½", s, i, prev)
			}
		}
	}
	// Exactly: after one half-life, r and s are halved.
	h := []CheckIn{{At: now, Outcome: Kept}, {At: now, Outcome: Broken}}
	r0, s0 := Evidence(h, Defaults, now)
	r1, s1 := Evidence(h, Defaults, now.AddDate(0, 0, 90))
	if !near(r1, r0/2) || !near(s1, s0/2) {
		t.Errorf("after one half-life the evidence is %.4f/%.4f, want half of %.4f/%.4f", r1, s1, r0, s0)
	}
}

// The weekly history starts at the Monday of the first check-in's week in
// the person's time zone, and each week's estimate counts what was known
// at its end.
func TestHistoryByWeek(t *testing.T) {
	loc, err := time.LoadLocation("America/Los_Angeles")
	if err != nil {
		t.Skip("no time zone data:", err)
	}
	// Monday 16 November 2026, 02:00 UTC is Sunday 15 November in Los
	// Angeles: the check-in belongs to the week of Monday 9 November.
	first := time.Date(2026, 11, 16, 2, 0, 0, 0, time.UTC)
	second := time.Date(2026, 11, 25, 18, 0, 0, 0, time.UTC)
	h := []CheckIn{{At: first, Outcome: Kept}, {At: second, Outcome: Broken}}
	weeks := History(h, Defaults, now, loc)
	var starts []string
	for _, w := range weeks {
		starts = append(starts, w.Start)
	}
	want := []string{"2026-11-09", "2026-11-16", "2026-11-23", "2026-11-30"}
	if len(starts) != len(want) {
		t.Fatalf("weeks %v, want %v", starts, want)
	}
	for i := range want {
		if starts[i] != want[i] {
			t.Fatalf("weeks %v, want %v", starts, want)
		}
	}
	// The first two weeks know only the kept promise; the third knows the
	// breach too; the current week is as of now.
	if weeks[0].Estimate.Mean <= 0.5 || weeks[1].Estimate.Mean <= 0.5 || weeks[2].Estimate.Mean >= 0.5 {
		t.Errorf("history %+v", weeks)
	}
	if got := weeks[3].Estimate; got != Of(h, Defaults, now) {
		t.Errorf("the current week's estimate %+v, want the estimate now %+v", got, Of(h, Defaults, now))
	}
	end := time.Date(2026, 11, 16, 0, 0, 0, 0, loc) // the end of the first week
	if got := weeks[0].Estimate; got != Of(h, Defaults, end) {
		t.Errorf("the first week's estimate %+v, want the estimate at its end %+v", got, Of(h, Defaults, end))
	}
	if History(nil, Defaults, now, loc) != nil {
		t.Error("a history with no check-ins has weeks")
	}
}

func TestSettingsBounds(t *testing.T) {
	for _, s := range []Settings{{7, 1}, {730, 10}, Defaults, {90, 2.5}} {
		if s.Check() != nil {
			t.Errorf("%+v refused", s)
		}
	}
	for _, s := range []Settings{{6, 3}, {731, 3}, {90, 0.9}, {90, 10.1}, {90, math.NaN()}} {
		if s.Check() == nil {
			t.Errorf("%+v accepted", s)
		}
	}
}

func BenchmarkHistory(b *testing.B) {
	// Two years of check-ins every other day on a few commitments.
	var h []CheckIn
	for d := 0; d < 730; d += 2 {
		o := Kept
		if d%30 == 0 {
			o = Broken
		}
		h = append(h, CheckIn{At: daysAgo(float64(d)), Outcome: o})
	}
	for b.Loop() {
		History(h, Defaults, now, time.UTC)
	}
}
