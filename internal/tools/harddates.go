package tools

import (
	"context"
	"slices"
	"strings"
	"time"

	"kintsugi/internal/tool"
	"kintsugi/internal/valid"
)

// defaultHeadsUp is how many days before a hard date its note begins when
// the person has not said.
const defaultHeadsUp = 7

// HardDateView reads hard dates by field position, bound once at start-up
// by NewHardDateView.
type HardDateView struct {
	on, repeats, headsUp int
}

// NewHardDateView binds the fields of the "hard-date" kind its Go reads.
func NewHardDateView(c *tool.Catalog) (HardDateView, error) {
	at, err := bindFields(c, "hard-date",
		want{name: "on", typ: tool.Date},
		want{name: "repeats", typ: tool.Choice, values: []string{"yearly", "once"}},
		want{name: "heads_up", typ: tool.Int})
	if err != nil {
		return HardDateView{}, err
	}
	return HardDateView{on: at[0], repeats: at[1], headsUp: at[2]}, nil
}

// Near is a hard date whose heads-up window today falls in. It carries no
// words of the person's: only when the day is, so that a page anyone might
// glance at can say "the 14th is coming" and nothing more.
type Near struct {
	ID   string `json:"id"`
	On   string `json:"on"`   // the coming day, YYYY-MM-DD, in the person's time zone
	Days int    `json:"days"` // how many days until it: 0 is today
}

// Next returns the next time the hard date v comes, on or after today
// (both YYYY-MM-DD in the person's time zone): a date that comes every
// year comes again on its month and day (29 February on the 28th in other
// years); a date that comes once has passed for good once its day is over.
func (h HardDateView) Next(v tool.Values, today string) (string, bool) {
	d, err := time.Parse(time.DateOnly, v[h.on].Str)
	t, terr := time.Parse(time.DateOnly, today)
	if err != nil || terr != nil {
		return "", false
	}
	if v[h.repeats].Str != "yearly" {
		return d.Format(time.DateOnly), !d.Before(t)
	}
	if d.After(t) { // a yearly day set in the future first comes then
		return d.Format(time.DateOnly), true
	}
	for year := t.Year(); ; year++ {
		if next := onIn(d, year); !next.Before(t) {
			return next.Format(time.DateOnly), true
		}
	}
}

// onIn returns d's month and day in year, 29 February falling on the 28th
// in a year without one.
func onIn(d time.Time, year int) time.Time {
	next := time.Date(year, d.Month(), d.Day(), 0, 0, 0, 0, time.UTC)
	if next.Month() != d.Month() {
		next = time.Date(year, d.Month()+1, 0, 0, 0, 0, 0, time.UTC)
	}
	return next
}

// HeadsUp is how many days before the hard date v its note begins.
func (h HardDateView) HeadsUp(v tool.Values) int {
	if x := v[h.headsUp]; x.Has {
		return x.Num
	}
	return defaultHeadsUp
}

// Near returns the hard dates whose heads-up window holds today (from
// their heads-up days before them to the day itself), soonest first.
func (h HardDateView) Near(dates []tool.Item, today string) []Near {
	t, err := time.Parse(time.DateOnly, today)
	if err != nil {
		return nil
	}
	var out []Near
	for _, it := range dates {
		next, ok := h.Next(it.Value, today)
		if !ok {
			continue
		}
		d, _ := time.Parse(time.DateOnly, next)
		days := int(d.Sub(t).Hours() / 24)
		if days <= h.HeadsUp(it.Value) {
			out = append(out, Near{ID: it.ID, On: next, Days: days})
		}
	}
	slices.SortStableFunc(out, func(a, b Near) int { return a.Days - b.Days })
	return out
}

// Today returns the civil date of now in loc, YYYY-MM-DD.
func Today(now time.Time, loc *time.Location) string {
	return now.In(loc).Format(time.DateOnly)
}

// storyDay is a story's action: it keeps the day the story came to light
// among the person's hard dates, coming every year, with the usual notice.
// A day already among them is not added twice: the action then answers
// with the hard date that has it.
type storyDay struct {
	title, cameToLight int // of a story
	hardDates          *tool.Kind
	view               HardDateView
	what               int // of a hard date
	// The words it writes: the new hard date's "what", and the problem
	// of a story without a day.
	label, noDay string
}

// newStoryDay binds the fields the story's action reads and writes.
func newStoryDay(c *tool.Catalog) (tool.Action, error) {
	s, err := bindFields(c, "story", want{name: "title", typ: tool.Text}, want{name: "came_to_light", typ: tool.Date})
	if err != nil {
		return tool.Action{}, err
	}
	view, err := NewHardDateView(c)
	if err != nil {
		return tool.Action{}, err
	}
	h, err := bindFields(c, "hard-date", want{name: "what", typ: tool.Text})
	if err != nil {
		return tool.Action{}, err
	}
	msg, err := kindMessages(c, "story", "hard_date", "no_day")
	if err != nil {
		return tool.Action{}, err
	}
	d := &storyDay{title: s[0], cameToLight: s[1], view: view, what: h[0], label: msg["hard_date"], noDay: msg["no_day"]}
	d.hardDates, _ = c.Kind("hard-date")
	return tool.Action{Name: "hard-date", Param: "repeats", Values: []string{"yearly"},
		Makes: []string{d.hardDates.Path}, Do: d.do}, nil
}

// Has reports whether dates already hold the day a story came to light
// (YYYY-MM-DD), and which hard date does: one on the same day, or one
// that comes every year on the same month and day.
func (h HardDateView) Has(dates []tool.Item, day string) (tool.Item, bool) {
	for _, it := range dates {
		on := it.Value[h.on].Str
		if on == day || it.Value[h.repeats].Str == "yearly" && len(on) == 10 && len(day) == 10 && on[4:] == day[4:] {
			return it, true
		}
	}
	return tool.Item{}, false
}

func (d *storyDay) do(ctx context.Context, items *tool.Items, story tool.Item, repeats string, now time.Time) (*tool.Kind, tool.Item, error) {
	day := story.Value[d.cameToLight].Str
	if day == "" {
		var p valid.Problems
		p.Add("came_to_light", d.noDay)
		return nil, tool.Item{}, p
	}
	dates := items.Beside(d.hardDates)
	all, _, err := dates.List(ctx, maxHardDates, "", 0)
	if err != nil {
		return nil, tool.Item{}, err
	}
	if it, ok := d.view.Has(all, day); ok {
		return d.hardDates, it, nil
	}
	v := make(tool.Values, len(d.hardDates.Visible()))
	v[d.what].Str = truncate(strings.ReplaceAll(d.label, "{title}", story.Value[d.title].Str), 200)
	v[d.view.on].Str = day
	v[d.view.repeats].Str = repeats
	it, err := dates.Create(ctx, tool.Input{Values: v}, now)
	return d.hardDates, it, err
}

// maxHardDates bounds the hard dates read at once: far more than anyone
// keeps.
const maxHardDates = 500

// truncate cuts s to at most n runes, with "…" when cut.
func truncate(s string, n int) string {
	if r := []rune(s); len(r) > n {
		return string(r[:n-1]) + "…"
	}
	return s
}

// bindHardDates gives a story its action: keeping the day it came to
// light among the hard dates.
func bindHardDates(c *tool.Catalog) error {
	a, err := newStoryDay(c)
	if err != nil {
		return err
	}
	return c.Bind("story", tool.Behaviour{Actions: []tool.Action{a}})
}
