package tools

import (
	"cmp"
	"slices"
	"time"

	"kintsugi/internal/tool"
)

// The trust ladder of step 12 is a graded exposure ladder: small steps of
// renewed trust, the least feared first, each tried when the person is
// ready. Michelle Craske and colleagues (2008, 2014) found that what
// changes fear most is not feeling less afraid during a step but finding
// out that what was feared did not happen, so the ladder counts both:
// how the fear moved, and how often the feared thing came true.

// LadderView reads rungs and their tries by field position, bound once
// at start-up by NewLadderView.
type LadderView struct {
	what, fear, likely              int // of a rung
	on, before, cameTrue, fearAfter int // of a try
}

// cameTrue are the answers to "did what you feared happen?".
var cameTrue = []string{"no", "partly", "yes"}

// NewLadderView binds the fields of the "rung" and "rung-attempt" kinds
// that the ladder's Go reads.
func NewLadderView(c *tool.Catalog) (LadderView, error) {
	r, err := bindFields(c, "rung",
		want{name: "what", typ: tool.Text},
		want{name: "fear", typ: tool.Int},
		want{name: "likely", typ: tool.Int})
	if err != nil {
		return LadderView{}, err
	}
	a, err := bindFields(c, "rung-attempt",
		want{name: "on", typ: tool.Date},
		want{name: "fear_before", typ: tool.Int},
		want{name: "came_true", typ: tool.Choice, values: cameTrue},
		want{name: "fear_after", typ: tool.Int})
	if err != nil {
		return LadderView{}, err
	}
	return LadderView{what: r[0], fear: r[1], likely: r[2], on: a[0], before: a[1], cameTrue: a[2], fearAfter: a[3]}, nil
}

// Sort orders rungs as a ladder, in place: the least fear expected first,
// and of equal fears the one written first.
func (l LadderView) Sort(rungs []tool.Item, _ string) {
	slices.SortStableFunc(rungs, func(x, y tool.Item) int {
		return cmp.Or(cmp.Compare(x.Value[l.fear].Num, y.Value[l.fear].Num), x.CreatedAt.Compare(y.CreatedAt))
	})
}

// RungSummary is how a rung's tries went.
type RungSummary struct {
	Tries    int `json:"tries"`
	CameTrue int `json:"came_true"` // the feared thing happened
	Partly   int `json:"partly"`    // some of it did
	// FirstBefore is the fear just before the first try, LastAfter the
	// fear after the latest: the fear falling, or not. Null untried.
	FirstBefore *int `json:"first_fear_before"`
	LastAfter   *int `json:"last_fear_after"`
	// Fears are the fear before and after each try, oldest first.
	Fears []FearPair `json:"fears"`
}

// FearPair is the fear just before a try and just after it, 0 to 10.
type FearPair struct {
	Before int `json:"before"`
	After  int `json:"after"`
}

// DidNot is how many tries found that the feared thing did not happen.
func (s RungSummary) DidNot() int { return s.Tries - s.CameTrue - s.Partly }

// Summary sums up a rung's tries, in any order.
func (l LadderView) Summary(tries []tool.Item) RungSummary {
	s := RungSummary{Fears: []FearPair{}}
	tries = l.inTime(tries)
	for i := range tries {
		s.Tries++
		s.Fears = append(s.Fears, FearPair{Before: tries[i].Value[l.before].Num, After: tries[i].Value[l.fearAfter].Num})
		switch tries[i].Value[l.cameTrue].Str {
		case "yes":
			s.CameTrue++
		case "partly":
			s.Partly++
		}
	}
	if n := len(tries); n > 0 {
		first, last := tries[0].Value[l.before].Num, tries[n-1].Value[l.fearAfter].Num
		s.FirstBefore, s.LastAfter = &first, &last
	}
	return s
}

// inTime returns tries oldest first: by the day each says it was tried
// (the day it was noted, when it says none), then as noted.
func (l LadderView) inTime(tries []tool.Item) []tool.Item {
	out := slices.Clone(tries)
	day := func(t *tool.Item) string {
		if on := t.Value[l.on].Str; on != "" {
			return on
		}
		return t.CreatedAt.UTC().Format(time.DateOnly)
	}
	slices.SortStableFunc(out, func(x, y tool.Item) int {
		return cmp.Or(cmp.Compare(day(&x), day(&y)), x.CreatedAt.Compare(y.CreatedAt))
	})
	return out
}

// Climb is the whole ladder: each rung in order with how its tries went,
// and over every try, how the fear moved and how often what was feared
// came true. Self-monitoring, not a clinical measure.
type Climb struct {
	Rungs    []RungClimb `json:"rungs"`
	Climbed  int         `json:"climbed"` // rungs tried at least once
	Tries    int         `json:"tries"`
	CameTrue int         `json:"came_true"`
	Partly   int         `json:"partly"`
	// MeanBefore and MeanAfter are the mean fear just before and just
	// after a try, over every try; null with none.
	MeanBefore *float64 `json:"mean_fear_before"`
	MeanAfter  *float64 `json:"mean_fear_after"`
}

// DidNot is how many tries found that the feared thing did not happen.
func (c Climb) DidNot() int { return c.Tries - c.CameTrue - c.Partly }

// RungClimb is one rung of the ladder and how its tries went.
type RungClimb struct {
	ID       string `json:"id"`
	What     string `json:"what"`
	Expected int    `json:"fear_expected"`
	RungSummary
}

// Climb reads the ladder from every rung and every try of any rung.
func (l LadderView) Climb(rungs, tries []tool.Item) Climb {
	byRung := map[string][]tool.Item{}
	for i := range tries {
		id := tool.ItemOf(&tries[i])
		byRung[id] = append(byRung[id], tries[i])
	}
	rungs = slices.Clone(rungs)
	l.Sort(rungs, "")
	c := Climb{Rungs: make([]RungClimb, len(rungs))}
	var before, after int
	for i := range rungs {
		r := &rungs[i]
		own := byRung[r.ID]
		rc := RungClimb{ID: r.ID, What: r.Value[l.what].Str, Expected: r.Value[l.fear].Num, RungSummary: l.Summary(own)}
		c.Rungs[i] = rc
		if rc.Tries > 0 {
			c.Climbed++
		}
		c.Tries += rc.Tries
		c.CameTrue += rc.CameTrue
		c.Partly += rc.Partly
		for j := range own {
			before += own[j].Value[l.before].Num
			after += own[j].Value[l.fearAfter].Num
		}
	}
	if c.Tries > 0 {
		b, a := float64(before)/float64(c.Tries), float64(after)/float64(c.Tries)
		c.MeanBefore, c.MeanAfter = &b, &a
	}
	return c
}

// Predictions are the ladder's gut senses with their outcomes, for the
// calibration of step 5: each try of a rung with a likelihood, whose
// answer is a plain yes or no, tests "what I fear will happen, this
// likely". Tries of a rung that is gone (deleted with it) are left out.
func (l LadderView) Predictions(rungs, tries []tool.Item) []Prediction {
	likely := map[string]int{}
	for i := range rungs {
		if x := rungs[i].Value[l.likely]; x.Has {
			likely[rungs[i].ID] = x.Num
		}
	}
	var out []Prediction
	for i := range tries {
		p, ok := likely[tool.ItemOf(&tries[i])]
		answer := tries[i].Value[l.cameTrue].Str
		if !ok || (answer != "yes" && answer != "no") {
			continue
		}
		out = append(out, Prediction{Likely: p, Happened: answer == "yes"})
	}
	return out
}
