package tools

import (
	"cmp"
	"slices"
	"strconv"
	"time"

	"kintsugi/internal/journey"
	"kintsugi/internal/tool"
)

// Today offers one gentle next thing, chosen from what the person has and
// has not done lately: never a list, never a count of what is left, and
// nothing that scolds. Its words are the product's; none of the person's
// own words go into it, since the home page that shows it is the page
// most easily seen over a shoulder.

// Offer is the one thing today suggests.
type Offer struct {
	// Kind says what it is about: hard-date, review-boundary, debrief,
	// look-back, revisit-step or check-in.
	Kind  string `json:"kind"`
	Title string `json:"title"`
	Why   string `json:"why"`
	// Href is the page of this site where it can be done.
	Href string `json:"href"`
}

// Visit is the last time the person spent on a step: a rating, or an item
// of one of its tools.
type Visit struct {
	At     time.Time
	Rating int  // the step's latest rating, if Rated
	Rated  bool // whether the latest visit was a rating
}

// Lately is what today's offer is chosen from, read by the caller within
// bounds: every boundary, the newest conversations and instincts, the
// hard dates near, when each step was last visited, and whether the
// person has checked in today.
type Lately struct {
	Today          string // YYYY-MM-DD in the person's time zone
	Now            time.Time
	Loc            *time.Location
	Near           []Near      // hard dates near, soonest first
	HardDates      []tool.Item // the hard dates Near came from
	Boundaries     []tool.Item
	Conversations  []tool.Item
	Instincts      []tool.Item
	Visits         map[int]Visit // by step number
	CheckedInToday bool
}

// How long things wait before today offers them, and how long they stay
// worth offering.
const (
	debriefWithin  = 30 // days after a conversation's day that its debrief is asked for
	lookBackAfter  = 7  // days after an instinct is written that today offers to look back on it
	lookBackWithin = 90 // days after which an open instinct is let be
	quietStep      = 60 // days without a visit after which a step is offered again
	restAtOrAbove  = 9  // a step last rated this high is left alone
)

// TodayView reads the kinds today's offer looks at, by field position,
// bound once at start-up by NewTodayView.
type TodayView struct {
	boundaries BoundaryView
	hardDates  HardDateView
	plan       int // of a hard date
	planned    int // of a conversation: planned_for
	debrief    int // of a conversation
	outcome    int // of an instinct
	steps      []journey.Step
}

// NewTodayView binds the fields today's offer reads.
func NewTodayView(c *tool.Catalog, steps []journey.Step) (TodayView, error) {
	var v TodayView
	var err error
	if v.boundaries, err = NewBoundaryView(c); err != nil {
		return v, err
	}
	if v.hardDates, err = NewHardDateView(c); err != nil {
		return v, err
	}
	h, err := bindFields(c, "hard-date", want{name: "plan", typ: tool.LongText})
	if err != nil {
		return v, err
	}
	conv, err := bindFields(c, "conversation", want{name: "planned_for", typ: tool.Date}, want{name: "debrief", typ: tool.Object})
	if err != nil {
		return v, err
	}
	inst, err := bindFields(c, "instinct", want{name: "outcome", typ: tool.Choice})
	if err != nil {
		return v, err
	}
	v.plan, v.planned, v.debrief, v.outcome, v.steps = h[0], conv[0], conv[1], inst[0], steps
	return v, nil
}

// HardDates returns the view of hard dates it reads with.
func (v TodayView) HardDates() HardDateView { return v.hardDates }

// Offer chooses today's one offer from l, or nil when nothing is waiting:
// a hard date near comes first, then a boundary due for a fresh look, a
// conversation waiting for its debrief, an instinct to look back on, a
// step quiet for a long time, and, when nothing else is, a check-in on a
// day without one.
func (v TodayView) Offer(l Lately) *Offer {
	for _, pick := range []func(Lately) *Offer{v.hardDate, v.boundary, v.conversation, v.instinct, v.quietStep, checkIn} {
		if o := pick(l); o != nil {
			return o
		}
	}
	return nil
}

func (v TodayView) hardDate(l Lately) *Offer {
	if len(l.Near) == 0 {
		return nil
	}
	n := l.Near[0]
	i := slices.IndexFunc(l.HardDates, func(it tool.Item) bool { return it.ID == n.ID })
	planned := i >= 0 && l.HardDates[i].Value[v.plan].Str != ""
	o := &Offer{Kind: "hard-date", Href: "/hard-dates/" + n.ID}
	if !planned {
		o.Href += "/edit" // where the plan is written
	}
	switch {
	case n.Days == 0 && planned:
		o.Title, o.Why = "Your plan for today", "You wrote down what might help on a day like this. It is there whenever you want it."
	case n.Days == 0:
		o.Title, o.Why = "Go gently today", "Today may be heavy. Whatever you manage is enough. If something helps, you can note it for next time."
	case planned:
		o.Title, o.Why = "Your plan for a hard day", "You wrote down what might help. It is there whenever you want it."
	default:
		o.Title, o.Why = "Plan something kind for a hard day", "A day that may be heavy is coming. Deciding now what could help can make it a little softer."
	}
	return o
}

func (v TodayView) boundary(l Lately) *Offer {
	var due []tool.Item
	for _, b := range l.Boundaries {
		if b.Value[v.boundaries.status].Str == "active" && v.boundaries.ReviewDue(b.Value, l.Today) {
			due = append(due, b)
		}
	}
	if len(due) == 0 {
		return nil
	}
	first := slices.MinFunc(due, func(a, b tool.Item) int {
		return cmp.Or(cmp.Compare(a.Value[v.boundaries.reviewOn].Str, b.Value[v.boundaries.reviewOn].Str), a.CreatedAt.Compare(b.CreatedAt))
	})
	return &Offer{Kind: "review-boundary", Href: "/boundaries/" + first.ID,
		Title: "Take a fresh look at a boundary",
		Why:   "You picked a day to check whether this boundary still fits you, and it has come. Keeping it, changing it or letting it go are all fine."}
}

func (v TodayView) conversation(l Lately) *Offer {
	since := addDays(l.Today, -debriefWithin)
	var waiting []tool.Item
	for _, c := range l.Conversations {
		on := c.Value[v.planned].Str
		if on != "" && on < l.Today && on >= since && !c.Value[v.debrief].Has {
			waiting = append(waiting, c)
		}
	}
	if len(waiting) == 0 {
		return nil
	}
	// The one whose day is nearest: it is freshest in mind.
	c := slices.MaxFunc(waiting, func(a, b tool.Item) int {
		return cmp.Compare(a.Value[v.planned].Str, b.Value[v.planned].Str)
	})
	return &Offer{Kind: "debrief", Href: "/conversations/" + c.ID + "/edit",
		Title: "Note how a conversation went",
		Why:   "The day you planned it for has passed. A few words on how it went, or that it did not happen, help you see what you learned."}
}

func (v TodayView) instinct(l Lately) *Offer {
	var open []tool.Item
	for _, in := range l.Instincts {
		age := days(in.CreatedAt.In(l.Loc).Format(time.DateOnly), l.Today)
		if in.Value[v.outcome].Str == "" && age >= lookBackAfter && age <= lookBackWithin {
			open = append(open, in)
		}
	}
	if len(open) == 0 {
		return nil
	}
	in := slices.MinFunc(open, func(a, b tool.Item) int { return a.CreatedAt.Compare(b.CreatedAt) })
	return &Offer{Kind: "look-back", Href: "/instincts/" + in.ID + "/edit",
		Title: "Look back on a gut feeling",
		Why:   "Some time has passed since you wrote it down. Noting how it turned out is how you learn when your gut can be trusted."}
}

func (v TodayView) quietStep(l Lately) *Offer {
	var best *journey.Step
	var bestAt time.Time
	for i := range v.steps {
		st := &v.steps[i]
		visit, ok := l.Visits[st.Number]
		if !ok || visit.Rated && visit.Rating >= restAtOrAbove {
			continue
		}
		if l.Now.Sub(visit.At) < quietStep*24*time.Hour {
			continue
		}
		if best == nil || visit.At.Before(bestAt) {
			best, bestAt = st, visit.At
		}
	}
	if best == nil {
		return nil
	}
	return &Offer{Kind: "revisit-step", Href: "/steps/" + best.Slug,
		Title: "Step " + strconv.Itoa(best.Number) + " again: " + best.Title,
		Why:   "You last spent time here in " + bestAt.In(l.Loc).Format("January 2006") + ". It can look different from where you are now."}
}

func checkIn(l Lately) *Offer {
	if l.CheckedInToday {
		return nil
	}
	return &Offer{Kind: "check-in", Href: "/checkins/new",
		Title: "A minute with your feelings",
		Why:   "Naming what is here, even with a single word, can make it a little easier to carry."}
}

// addDays returns the date n days after day (YYYY-MM-DD).
func addDays(day string, n int) string {
	d, err := time.Parse(time.DateOnly, day)
	if err != nil {
		return day
	}
	return d.AddDate(0, 0, n).Format(time.DateOnly)
}

// days counts the days from one date to another (YYYY-MM-DD).
func days(from, to string) int {
	a, err1 := time.Parse(time.DateOnly, from)
	b, err2 := time.Parse(time.DateOnly, to)
	if err1 != nil || err2 != nil {
		return 0
	}
	return int(b.Sub(a).Hours() / 24)
}
