// Package report gathers what a person chooses to bring to a therapist,
// for a span of days, into one Report: their feelings over time, their
// step ratings, journal entries they pick, their boundaries and how they
// held, their safety plan if they ask for it, and what they want to talk
// about. The same Report is shown as a print-friendly page (package web)
// and written as a PDF (PDF, here), so the two always say the same. It is
// self-monitoring, not a clinical assessment, and says so on its cover.
package report

import (
	_ "embed"
	"encoding/json"
	"math"
	"strconv"
	"strings"
	"time"

	"kintsugi/internal/chart"
	"kintsugi/internal/tools"
)

// Report is everything one report shows, gathered once.
type Report struct {
	Words   *Words
	Name    string    // whose notes these are: the username
	From    time.Time // the first day, in the person's time zone
	To      time.Time // the last day, included
	Made    time.Time // when it was made, in the person's time zone
	Options Options

	Feelings   *FeelingsPart
	Ratings    []RatingRow
	Entries    []Entry
	Boundaries []Boundary
	Plan       []tools.PlanPart
	Talk       string
}

// Has reports whether the report holds part.
func (r *Report) Has(part string) bool { return r.Options.Has(part) }

// Section returns the words of a part.
func (r *Report) Section(part string) SectionWords { return r.Words.Sections[part] }

// Span is the report's days in words: "1 March 2026 to 31 May 2026".
func (r *Report) Span() string {
	return fill(r.Words.Span, "{from}", Day(r.From), "{to}", Day(r.To))
}

// KeptBy names whose notes these are.
func (r *Report) KeptBy() string { return fill(r.Words.KeptBy, "{name}", r.Name) }

// MadeOn says when the report was made.
func (r *Report) MadeOn() string { return fill(r.Words.Made, "{date}", Day(r.Made)) }

// FileName is the name a downloaded PDF of the report gets, made of its
// dates only: kintsugi-report-2026-03-01-to-2026-05-31.pdf.
func (r *Report) FileName() string {
	return "kintsugi-report-" + r.From.Format(time.DateOnly) + "-to-" + r.To.Format(time.DateOnly) + ".pdf"
}

// Day writes a day as "2 March 2026".
func Day(t time.Time) string { return t.Format("2 January 2006") }

// FeelingsPart is the feelings over time: how many check-ins, the weekly
// averages of the feelings named most, and the others named.
type FeelingsPart struct {
	Checkins int
	Columns  []Feeling // the feelings the weekly table has a column for, most named first
	Weeks    []Week    // weeks with a check-in, oldest first
	Others   []Feeling // the feelings named too few times for a column
	Lines    chart.Lines
}

// Feeling is one feeling named in the range: how often and how strongly.
type Feeling struct {
	Name, Label string
	Times       int
	Mean        float64
}

// Average is the feeling's mean intensity, written with one decimal.
func (f Feeling) Average() string { return oneDecimal(f.Mean) }

// Week is one row of the weekly table: a cell for each column, empty
// where that feeling was not named that week.
type Week struct {
	Start time.Time // its Monday, in the person's time zone
	Cells []string
}

// Label is the week's Monday, short: "2 Mar 2026".
func (w Week) Label() string { return w.Start.Format("2 Jan 2006") }

// Summary says how many check-ins there were.
func (f *FeelingsPart) Summary(w *Words) string {
	if f.Checkins == 1 {
		return w.CheckinOnce
	}
	return fill(w.Checkins, "{n}", strconv.Itoa(f.Checkins))
}

// OthersLine lists the feelings named too rarely for a column, each with
// how often, or "" when there are none.
func (f *FeelingsPart) OthersLine(w *Words) string {
	if len(f.Others) == 0 {
		return ""
	}
	names := make([]string, len(f.Others))
	for i, o := range f.Others {
		names[i] = strings.ToLower(o.Label) + " (" + strconv.Itoa(o.Times) + ")"
	}
	return fill(w.Others, "{list}", strings.Join(names, ", "))
}

// RatingRow is the ratings of one step given in the range.
type RatingRow struct {
	Step                int
	Title               string
	Count               int
	First, Latest, Mean float64
	FirstAt, LatestAt   time.Time
}

// Cells are the row as the ratings table shows it.
func (r RatingRow) Cells() []string {
	return []string{strconv.Itoa(r.Step) + ". " + r.Title, strconv.Itoa(r.Count),
		oneDecimal(r.First), oneDecimal(r.Latest), oneDecimal(r.Mean)}
}

// Entry is one journal entry, in full.
type Entry struct {
	ID, Title, Body string
	At              time.Time // when written, in the person's time zone
	Step            int       // 0: tied to no step
	StepTitle       string
}

// Boundary is one boundary and how it held in the range.
type Boundary struct {
	Words, Kind, Status string
	Held, Crossed       int
}

// Words are the report's own words: headings, guidance and the
// disclaimer, kept as data beside the code (words.json).
type Words struct {
	Title       string                  `json:"title"`
	KeptBy      string                  `json:"kept_by"`
	Span        string                  `json:"span"`
	Made        string                  `json:"made"`
	Disclaimer  string                  `json:"disclaimer"`
	NotTherapy  string                  `json:"not_therapy"`
	Sections    map[string]SectionWords `json:"sections"`
	Columns     map[string]string       `json:"columns"`
	Checkins    string                  `json:"checkins"`
	CheckinOnce string                  `json:"checkin_once"`
	Others      string                  `json:"others"`
	Chart       string                  `json:"chart"`
	StepOf      string                  `json:"step_of"`
	Missing     string                  `json:"missing_glyph"`
}

// SectionWords are one part's heading, a line under it, and what it says
// when it has nothing to show.
type SectionWords struct {
	Title string `json:"title"`
	Intro string `json:"intro"`
	Empty string `json:"empty"`
}

//go:embed words.json
var wordsJSON []byte

// loadWords reads words.json, checking that every part has its words.
func loadWords() (*Words, error) {
	var w Words
	dec := json.NewDecoder(strings.NewReader(string(wordsJSON)))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&w); err != nil {
		return nil, err
	}
	for _, p := range Parts {
		if w.Sections[p].Title == "" {
			return nil, &wordsError{p}
		}
	}
	return &w, nil
}

type wordsError struct{ part string }

func (e *wordsError) Error() string { return "report: words.json has no title for the part " + e.part }

// fill replaces each {name} in s with its value, given in pairs.
func fill(s string, pairs ...string) string { return strings.NewReplacer(pairs...).Replace(s) }

// oneDecimal writes v with at most one decimal: "7.5", "8".
func oneDecimal(v float64) string {
	return strconv.FormatFloat(math.Round(v*10)/10, 'f', -1, 64)
}
