package tools

import (
	"slices"
	"strconv"
	"time"

	"kintsugi/internal/tool"
)

// Suggestion is a milestone the person's own data suggests, for them to
// keep or dismiss. Its Key names it for good, so that once settled it is
// not offered again; its words are the product's, never the person's.
type Suggestion struct {
	Key   string `json:"key"`
	Title string `json:"title"`
	On    string `json:"on"` // the day it happened, YYYY-MM-DD, in the person's time zone
	Note  string `json:"note"`
}

// checkinCounts are the check-ins worth marking.
var checkinCounts = []int{10, 50, 100, 365, 1000}

// calmAbove is the strength a week's feelings stay at or below to count
// as a calmer week, after one that went above it.
const calmAbove = 8

// Suggest finds the milestones in a person's check-ins (any order) as of
// now, oldest first, leaving out those already settled. Days are in loc.
func (v CheckinView) Suggest(checkins []tool.Item, loc *time.Location, now time.Time, settled []string) []Suggestion {
	if len(checkins) == 0 {
		return nil
	}
	ordered := slices.Clone(checkins)
	slices.SortFunc(ordered, func(a, b tool.Item) int { return a.CreatedAt.Compare(b.CreatedAt) })
	day := func(t time.Time) string { return t.In(loc).Format(time.DateOnly) }
	var out []Suggestion
	for _, n := range checkinCounts {
		if len(ordered) >= n {
			out = append(out, Suggestion{Key: "checkins-" + strconv.Itoa(n), On: day(ordered[n-1].CreatedAt),
				Title: "Your " + Ordinal(n) + " check-in",
				Note:  "You have stopped to notice how you feel " + strconv.Itoa(n) + " times."})
		}
	}
	if first := ordered[0].CreatedAt.In(loc); !now.Before(first.AddDate(0, 0, 30)) {
		out = append(out, Suggestion{Key: "month-since-first", On: first.AddDate(0, 0, 30).Format(time.DateOnly),
			Title: "A month since your first check-in", Note: "A month of coming back to yourself."})
	}
	if week, ok := v.calmerWeek(ordered, loc); ok {
		out = append(out, Suggestion{Key: "calmer-week", On: week,
			Title: "A first week without a feeling above " + strconv.Itoa(calmAbove),
			Note:  "After weeks when something went above " + strconv.Itoa(calmAbove) + ", a week when nothing did."})
	}
	out = slices.DeleteFunc(out, func(s Suggestion) bool { return slices.Contains(settled, s.Key) })
	slices.SortStableFunc(out, func(a, b Suggestion) int {
		if a.On < b.On {
			return -1
		}
		if a.On > b.On {
			return 1
		}
		return 0
	})
	return out
}

// calmerWeek finds the first week (from Monday, in loc) with check-ins
// whose every feeling was at most calmAbove, after an earlier week in
// which one was above it; it returns that week's Monday.
func (v CheckinView) calmerWeek(ordered []tool.Item, loc *time.Location) (string, bool) {
	stormy := false
	week, calm, has := "", true, false
	for _, c := range ordered {
		w := monday(c.CreatedAt.In(loc))
		if w != week {
			if has && calm && stormy {
				return week, true
			}
			if has && !calm {
				stormy = true
			}
			week, calm, has = w, true, false
		}
		has = true
		for _, row := range c.Value[v.emotions].Rows {
			if row[v.intensity].Num > calmAbove {
				calm = false
			}
		}
	}
	if has && calm && stormy {
		return week, true
	}
	return "", false
}

// monday is the date of the Monday that begins t's week, in t's zone.
func monday(t time.Time) string {
	return t.AddDate(0, 0, -((int(t.Weekday()) + 6) % 7)).Format(time.DateOnly)
}

// Ordinal writes n as an ordinal number: 1st, 2nd, 3rd, 11th, 22nd.
func Ordinal(n int) string {
	switch {
	case n%100 >= 11 && n%100 <= 13:
		return strconv.Itoa(n) + "th"
	case n%10 == 1:
		return strconv.Itoa(n) + "st"
	case n%10 == 2:
		return strconv.Itoa(n) + "nd"
	case n%10 == 3:
		return strconv.Itoa(n) + "rd"
	}
	return strconv.Itoa(n) + "th"
}
