package report

import (
	"slices"
	"strconv"
	"strings"
	"time"

	"kintsugi/internal/valid"
)

// The parts a report can hold, by the names clients and forms use. A
// report shows them in this order, whatever order they were asked in.
const (
	Feelings   = "feelings"    // feelings over time: a chart and weekly averages
	Ratings    = "ratings"     // the step ratings given in the range
	Entries    = "entries"     // the journal entries chosen, in full
	Boundaries = "boundaries"  // the boundaries and how they held in the range
	SafetyPlan = "safety-plan" // the person's own safety plan, only when asked for
	Talk       = "talk"        // what the person wants to talk about
)

// Parts are every part, in the order a report shows them.
var Parts = []string{Feelings, Ratings, Entries, Boundaries, SafetyPlan, Talk}

// DefaultParts are the parts of a report when none are named: all but
// the safety plan, which is private enough that it is only in a report
// when the person asks for it.
var DefaultParts = []string{Feelings, Ratings, Entries, Boundaries, Talk}

// The bounds of what a report may be asked for.
const (
	MaxSpanYears = 3    // from the first day to the last
	MaxEntries   = 50   // journal entries chosen
	MaxTalk      = 4000 // characters of what the person wants to talk about
	// DefaultMonths is the span of a report that names no first day:
	// about the time between two visits to a therapist, or a little more.
	DefaultMonths = 3
)

// Options say what a report covers. From and To are days in the person's
// time zone (midnight), both included.
type Options struct {
	From, To time.Time
	Entries  []string // ids of the person's journal entries to print in full
	Parts    []string // in Parts' order, each once
	Talk     string   // what the person wants to talk about
}

// Has reports whether the report holds part.
func (o Options) Has(part string) bool { return slices.Contains(o.Parts, part) }

// Request is a report as a client or a form asks for it, before it is
// checked: dates as YYYY-MM-DD, lists as given (an item may itself be a
// comma-separated list, as in a query string).
type Request struct {
	From, To string
	Entries  []string
	Parts    []string
	Talk     string
}

// Options checks the request and returns what it asks for, with the
// problems (field by field, for a 422) of everything it cannot be. Left
// empty, To is today and From DefaultMonths before To, both in loc; no
// parts means DefaultParts. Whether the entries are the person's own is
// checked when the report is built.
func (rq Request) Options(loc *time.Location, now time.Time) (Options, error) {
	var p valid.Problems
	var o Options
	today := day(now.In(loc))
	o.To = parseDay(&p, "to", "The last day", rq.To, loc, today)
	o.From = parseDay(&p, "from", "The first day", rq.From, loc, o.To.AddDate(0, -DefaultMonths, 1))
	if p == nil {
		switch {
		case o.To.Before(o.From):
			p.Add("to", "The last day comes before the first. Choose a last day on or after the first.")
		case o.To.After(o.From.AddDate(MaxSpanYears, 0, 0)):
			p.Add("to", "A report can cover at most "+strconv.Itoa(MaxSpanYears)+" years. Choose a shorter span.")
		}
	}
	o.Parts = parts(&p, rq.Parts)
	o.Entries = ids(&p, rq.Entries)
	o.Talk = valid.Text(&p, "talk", "What you want to talk about", rq.Talk, MaxTalk)
	return o, p.Err()
}

// day is the midnight that begins t's day, in t's location.
func day(t time.Time) time.Time {
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, t.Location())
}

// parseDay reads a YYYY-MM-DD day in loc, or returns empty's stand-in.
func parseDay(p *valid.Problems, field, label, s string, loc *time.Location, empty time.Time) time.Time {
	s = strings.TrimSpace(s)
	if s == "" {
		return empty
	}
	d, err := time.ParseInLocation(time.DateOnly, s, loc)
	if err != nil || d.Year() < 1900 {
		p.Add(field, label+" should be a date written as year-month-day, like 2026-03-01.")
		return empty
	}
	return d
}

// split reads list items, each of which may hold several separated by
// commas, dropping empty ones and repeats.
func split(items []string) []string {
	var out []string
	for _, item := range items {
		for s := range strings.SplitSeq(item, ",") {
			if s = strings.TrimSpace(s); s != "" && !slices.Contains(out, s) {
				out = append(out, s)
			}
		}
	}
	return out
}

func parts(p *valid.Problems, asked []string) []string {
	asked = split(asked)
	if len(asked) == 0 {
		return slices.Clone(DefaultParts)
	}
	var out []string
	for _, name := range Parts {
		if slices.Contains(asked, name) {
			out = append(out, name)
		}
	}
	for _, name := range asked {
		if !slices.Contains(Parts, name) {
			p.Add("parts", "A report has no part by one of the names asked for. The parts are "+strings.Join(Parts, ", ")+".")
			break
		}
	}
	return out
}

// ids reads the chosen entries' ids. Their shape is checked with the
// same words as an id that is no entry of the person's: a stranger's id
// and a made-up one get the same answer.
func ids(p *valid.Problems, asked []string) []string {
	out := split(asked)
	if len(out) > MaxEntries {
		p.Add("entries", "A report can hold at most "+strconv.Itoa(MaxEntries)+" journal entries. Choose fewer.")
		return out[:MaxEntries]
	}
	for _, id := range out {
		if len(id) > 64 {
			p.Add("entries", ErrNoEntry)
			break
		}
	}
	return out
}

// ErrNoEntry is the problem with an entry that is not one of the
// person's, whether it is someone else's or does not exist at all.
const ErrNoEntry = "One of the journal entries chosen is not one of yours, or no longer exists. Choose again from your entries."
