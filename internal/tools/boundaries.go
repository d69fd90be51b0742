package tools

import (
	"cmp"
	"slices"

	"kintsugi/internal/tool"
)

// recentEvents is how many of a boundary's latest events its summary
// counts apart: how it is holding lately, not only over all time.
const recentEvents = 10

// boundaryStatuses are a boundary's statuses in the order a page shows
// them: the ones being kept first, the ones set aside last.
var boundaryStatuses = []string{"active", "paused", "retired"}

// BoundaryView reads boundaries and their events by field position,
// bound once at start-up by NewBoundaryView.
type BoundaryView struct {
	status, reviewOn int // of a boundary
	outcome          int // of a boundary's event
}

// NewBoundaryView binds the fields of the "boundary" and "boundary-event"
// kinds that the boundary's Go reads.
func NewBoundaryView(c *tool.Catalog) (BoundaryView, error) {
	b, err := bindFields(c, "boundary",
		want{name: "status", typ: tool.Choice, values: boundaryStatuses},
		want{name: "review_on", typ: tool.Date})
	if err != nil {
		return BoundaryView{}, err
	}
	e, err := bindFields(c, "boundary-event",
		want{name: "outcome", typ: tool.Choice, values: []string{"held", "crossed"}})
	if err != nil {
		return BoundaryView{}, err
	}
	return BoundaryView{status: b[0], reviewOn: b[1], outcome: e[0]}, nil
}

// BoundarySummary counts how often a boundary held and was crossed, over
// all its events and over the latest few.
type BoundarySummary struct {
	Held        int `json:"held"`
	Crossed     int `json:"crossed"`
	RecentHeld  int `json:"recent_held"`  // held among the latest RecentTotal
	RecentTotal int `json:"recent_total"` // the latest events counted: at most 10
}

// Summary sums up a boundary's events, given newest first (as
// tool.Events.All returns them).
func (b BoundaryView) Summary(events []tool.Item) BoundarySummary {
	var s BoundarySummary
	for i := range events {
		held := events[i].Value[b.outcome].Str == "held"
		switch {
		case held:
			s.Held++
		case events[i].Value[b.outcome].Str == "crossed":
			s.Crossed++
		}
		if i < recentEvents && held {
			s.RecentHeld++
		}
	}
	s.RecentTotal = min(recentEvents, len(events))
	return s
}

// ReviewDue reports whether the boundary v is due for review on today
// ("YYYY-MM-DD" in the person's time zone): from its review day on, so a
// review set for today is due today.
func (b BoundaryView) ReviewDue(v tool.Values, today string) bool {
	on := v[b.reviewOn].Str
	return on != "" && on <= today // both YYYY-MM-DD: text order is date order
}

// Sort orders boundaries for their page, in place: active, then paused,
// then retired; within a status, those due for review on today first, so
// that the person is asked to look again, then the newest first.
func (b BoundaryView) Sort(boundaries []tool.Item, today string) {
	slices.SortStableFunc(boundaries, func(x, y tool.Item) int {
		return cmp.Or(
			cmp.Compare(b.rank(x.Value), b.rank(y.Value)),
			-compareBool(b.ReviewDue(x.Value, today), b.ReviewDue(y.Value, today)),
			y.CreatedAt.Compare(x.CreatedAt))
	})
}

// rank is the place of a boundary's status on its page; a status the Go
// does not know goes last.
func (b BoundaryView) rank(v tool.Values) int {
	if i := slices.Index(boundaryStatuses, v[b.status].Str); i >= 0 {
		return i
	}
	return len(boundaryStatuses)
}

// compareBool orders false before true.
func compareBool(x, y bool) int {
	switch {
	case x == y:
		return 0
	case x:
		return 1
	}
	return -1
}
