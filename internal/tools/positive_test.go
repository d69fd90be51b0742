package tools_test

import (
	"encoding/json"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"

	"kintsugi/internal/tool"
	"kintsugi/internal/tools"
	"kintsugi/internal/valid"
)

func TestThreeGoodThingsADay(t *testing.T) {
	c := catalog(t)
	k, _ := c.Kind("good-thing")
	admit := k.Behaviour().Admit
	if admit == nil {
		t.Fatal("good things have no daily check")
	}
	at := time.Date(2026, 3, 14, 9, 0, 0, 0, time.UTC)
	day := func(n int) []tool.Item {
		out := make([]tool.Item, n)
		for i := range out {
			out[i] = newItem(t, c, "good-thing", "g", `{"what":"Tea in the garden"}`, at)
		}
		return out
	}
	v := newItem(t, c, "good-thing", "new", `{"what":"A kind text"}`, at).Value
	for n, refused := range map[int]bool{0: false, 2: false, 3: true, 5: true} {
		var p valid.Problems
		admit(day(n), v, &p)
		if got := p != nil; got != refused {
			t.Errorf("with %d on the day, refused %v, want %v", n, got, refused)
		}
		if refused && (p[0].Field != "created_at" || !strings.Contains(p[0].Message, "three is plenty")) {
			t.Errorf("the refusal: %+v", p)
		}
	}
}

func TestDayIsThePersonsOwn(t *testing.T) {
	auckland, err := time.LoadLocation("Pacific/Auckland")
	if err != nil {
		t.Skip("no time zone data:", err)
	}
	// 11:30 UTC on 14 March is 00:30 on the 15th in Auckland (UTC+13).
	from, to := tool.Day(time.Date(2026, 3, 14, 11, 30, 0, 0, time.UTC), auckland)
	if want := time.Date(2026, 3, 14, 11, 0, 0, 0, time.UTC); !from.Equal(want) || !to.Equal(want.Add(24*time.Hour)) {
		t.Errorf("the day is %v to %v, want from %v", from, to, want)
	}
	from, _ = tool.Day(time.Date(2026, 3, 14, 11, 30, 0, 0, time.UTC), nil)
	if want := time.Date(2026, 3, 14, 0, 0, 0, 0, time.UTC); !from.Equal(want) {
		t.Errorf("without a time zone the day starts %v, want %v", from, want)
	}
}

func TestChoose(t *testing.T) {
	rnd := rand.New(rand.NewPCG(1, 2))
	seen := map[int]int{}
	for range 2000 {
		got := tool.Choose(5, 3, rnd)
		if len(got) != 3 {
			t.Fatalf("chose %v, want 3", got)
		}
		s := slices.Clone(got)
		slices.Sort(s)
		if len(slices.Compact(s)) != 3 || s[0] < 0 || s[2] > 4 {
			t.Fatalf("chose %v: not 3 distinct of 0 to 4", got)
		}
		for _, i := range got {
			seen[i]++
		}
	}
	// Each is chosen 3/5 of the time: 1200 of 2000, give or take.
	for i := range 5 {
		if seen[i] < 1050 || seen[i] > 1350 {
			t.Errorf("%d chosen %d times of 2000, want about 1200", i, seen[i])
		}
	}
	if got := tool.Choose(2, 3, rnd); len(got) != 2 {
		t.Errorf("3 of 2: %v, want both", got)
	}
	if got := tool.Choose(0, 3, rnd); len(got) != 0 {
		t.Errorf("3 of none: %v", got)
	}
}

// rung is a rung of the ladder, by hand; try is one of its tries.
func rung(t *testing.T, c *tool.Catalog, id, body string, day int) tool.Item {
	return newItem(t, c, "rung", id, body, time.Date(2026, 2, day, 9, 0, 0, 0, time.UTC))
}

func try(t *testing.T, c *tool.Catalog, of, body string, noted time.Time) tool.Item {
	it := newItem(t, c, "rung-attempt", "t-"+of, body, noted)
	it.Value[len(it.Value)-1].Str = of // the hidden parent
	return it
}

// ladder is the one worked out by hand in the comments of TestLadder.
func ladder(t *testing.T, c *tool.Catalog) (rungs, tries []tool.Item) {
	noted := time.Date(2026, 3, 10, 20, 0, 0, 0, time.UTC)
	rungs = []tool.Item{ // newest first, as listed
		rung(t, c, "D", `{"what":"Go to the class","fear":3}`, 4),
		rung(t, c, "C", `{"what":"Ask them for the phone","fear":8}`, 3),
		rung(t, c, "B", `{"what":"Tell a friend one true thing","fear":6,"likely":70}`, 2),
		rung(t, c, "A", `{"what":"Say hello to the neighbour","fear":3,"likely":20}`, 1),
	}
	tries = []tool.Item{
		try(t, c, "B", `{"on":"2026-03-09","fear_before":6,"came_true":"yes","fear_after":6}`, noted.Add(3*time.Hour)),
		try(t, c, "A", `{"on":"2026-03-01","fear_before":4,"came_true":"no","fear_after":2}`, noted.Add(2*time.Hour)),
		try(t, c, "A", `{"on":"2026-03-05","fear_before":3,"came_true":"no","fear_after":1}`, noted.Add(time.Hour)),
		try(t, c, "B", `{"fear_before":7,"came_true":"partly","fear_after":5}`, time.Date(2026, 3, 7, 18, 0, 0, 0, time.UTC)),
	}
	return rungs, tries
}

func TestLadder(t *testing.T) {
	c := catalog(t)
	lv, err := tools.NewLadderView(c)
	if err != nil {
		t.Fatal(err)
	}
	rungs, tries := ladder(t, c)

	// The order: fear 3 (A, written first, then D), 6 (B), 8 (C).
	sorted := slices.Clone(rungs)
	lv.Sort(sorted, "2026-03-14")
	var order []string
	for _, r := range sorted {
		order = append(order, r.ID)
	}
	if got := strings.Join(order, ""); got != "ADBC" {
		t.Errorf("ladder order %s, want ADBC", got)
	}

	// A was tried on 1 March (4 → 2) and 5 March (3 → 1), though noted
	// the other way round: first fear before 4, latest fear after 1.
	a := lv.Summary(tries[1:3])
	if got, _ := json.Marshal(a); string(got) != `{"tries":2,"came_true":0,"partly":0,"first_fear_before":4,"last_fear_after":1,"fears":[{"before":4,"after":2},{"before":3,"after":1}]}` {
		t.Errorf("A: %s", got)
	}
	if a.DidNot() != 2 {
		t.Errorf("A: the fear was wrong %d times, want 2", a.DidNot())
	}
	// B: 7 March (no day given: the day it was noted), 7 → 5, partly;
	// 9 March, 6 → 6, it happened.
	b := lv.Summary([]tool.Item{tries[0], tries[3]})
	if got, _ := json.Marshal(b); string(got) != `{"tries":2,"came_true":1,"partly":1,"first_fear_before":7,"last_fear_after":6,"fears":[{"before":7,"after":5},{"before":6,"after":6}]}` {
		t.Errorf("B: %s", got)
	}
	if got, _ := json.Marshal(lv.Summary(nil)); string(got) != `{"tries":0,"came_true":0,"partly":0,"first_fear_before":null,"last_fear_after":null,"fears":[]}` {
		t.Errorf("untried: %s", got)
	}

	// The climb: 2 of 4 rungs tried, 4 tries; the feared thing happened
	// once, partly once, not at all twice. Mean fear before
	// (4 + 3 + 7 + 6) / 4 = 5, after (2 + 1 + 5 + 6) / 4 = 3.5.
	climb := lv.Climb(rungs, tries)
	if climb.Climbed != 2 || climb.Tries != 4 || climb.CameTrue != 1 || climb.Partly != 1 || climb.DidNot() != 2 {
		t.Errorf("climb: %+v", climb)
	}
	if climb.MeanBefore == nil || *climb.MeanBefore != 5 || climb.MeanAfter == nil || *climb.MeanAfter != 3.5 {
		t.Errorf("mean fear %v → %v, want 5 → 3.5", climb.MeanBefore, climb.MeanAfter)
	}
	var climbed []string
	for _, r := range climb.Rungs {
		climbed = append(climbed, r.ID+":"+strings.Repeat("x", r.Tries))
	}
	if got := strings.Join(climbed, " "); got != "A:xx D: B:xx C:" {
		t.Errorf("the rungs climbed: %s", got)
	}
	if empty := lv.Climb(nil, nil); empty.MeanBefore != nil || len(empty.Rungs) != 0 {
		t.Errorf("an empty ladder: %+v", empty)
	}

	// The predictions: A's two tries (20 %, did not happen) and B's
	// "yes" (70 %); B's "partly" says nothing, C and D have no likelihood.
	got := lv.Predictions(rungs, tries)
	want := []tools.Prediction{{Likely: 70, Happened: true}, {Likely: 20}, {Likely: 20}}
	if !slices.Equal(got, want) {
		t.Errorf("predictions %v, want %v", got, want)
	}
	// A try whose rung is gone counts for nothing.
	if got := lv.Predictions(rungs[:2], tries); len(got) != 0 {
		t.Errorf("predictions without rungs A and B: %v", got)
	}
}

func TestCalibrationFoldsTheLadderIn(t *testing.T) {
	c := catalog(t)
	iv, err := tools.NewInstinctView(c)
	if err != nil {
		t.Fatal(err)
	}
	// Instincts 80 % true (0.04) and 80 % false (0.64). Ladder: 20 % that
	// it would happen, and it did not: "it won't" at 80 %, right (0.04,
	// twice); 70 %, and it did (0.09); 50 %, and it did not (0.25), which
	// stays "it will" at 50 %; 0 %, and it did: "it won't" at 100 %,
	// wrong (1). Sum 2.1, over 7: 0.3.
	cal := iv.Calibration(instincts(t, c, instinct{80, "true"}, instinct{80, "false"}, instinct{60, "unclear"}),
		tools.Prediction{Likely: 20}, tools.Prediction{Likely: 20}, tools.Prediction{Likely: 70, Happened: true},
		tools.Prediction{Likely: 50}, tools.Prediction{Likely: 0, Happened: true})
	if cal.Resolved != 7 || cal.From != (tools.CalibrationSources{Instincts: 2, Ladder: 5}) {
		t.Errorf("resolved %d from %+v; want 7 from 2 instincts and 5 tries", cal.Resolved, cal.From)
	}
	if cal.Brier == nil || *cal.Brier < 0.29999 || *cal.Brier > 0.30001 {
		t.Errorf("brier %v, want 0.3", cal.Brier)
	}
	if want := bins(1, 0, 0, 0, 1, 1, 4, 3, 1, 0); cal.Bins != want {
		t.Errorf("bins %v, want %v", cal.Bins, want)
	}
	// Folding does not change a score: p % that it happens and
	// (100 − p) % that it does not are the same guess.
	for p := range 101 {
		for _, happened := range []bool{false, true} {
			got := iv.Calibration(nil, tools.Prediction{Likely: p, Happened: happened})
			o := 0.0
			if happened {
				o = 1
			}
			want := (float64(p)/100 - o) * (float64(p)/100 - o)
			if d := *got.Brier - want; d > 1e-12 || d < -1e-12 {
				t.Fatalf("%d %%, happened %v: brier %v, want %v", p, happened, *got.Brier, want)
			}
		}
	}
}
