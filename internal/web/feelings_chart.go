package web

import (
	"cmp"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"

	"kintsugi/internal/chart"
	"kintsugi/internal/journey"
	"kintsugi/internal/tool"
)

// The narrow chart's size, in viewBox units: about a phone's width in
// CSS pixels, so its labels show at about their intended size.
const narrowChartW, narrowChartH = 360, 280

// weeklyAfter is the span beyond which the chart and its table show weekly
// averages: years of daily points are unreadable as dots, and heavy to send.
const weeklyAfter = 120 * 24 * time.Hour

// chartRow is one row of the chart's data: a check-in, or on long ranges
// one week's average of each feeling named that week.
type chartRow struct {
	At    time.Time
	Week  bool
	Cells []chartCell
}

type chartCell struct {
	Name  string
	Value float64
}

// Text is the value as shown: whole for a check-in, one decimal for an
// average.
func (c chartCell) Text() string {
	return strconv.FormatFloat(math.Round(c.Value*10)/10, 'f', -1, 64)
}

// felt is a check-in as the feelings' pages read it: when, and what was
// felt how strongly.
type felt struct {
	ID       string
	At       time.Time
	Emotions []journey.Felt
}

// feltOf reads check-ins of the declared kind (emotions, then
// sensations and note) as felt.
func feltOf(items []tool.Item) []felt {
	out := make([]felt, len(items))
	for i, it := range items {
		out[i] = felt{ID: it.ID, At: it.CreatedAt, Emotions: make([]journey.Felt, len(it.Value[0].Rows))}
		for j, row := range it.Value[0].Rows {
			out[i].Emotions[j] = journey.Felt{Name: row[0].Str, Intensity: row[1].Num}
		}
	}
	return out
}

// chartRows turns check-ins (oldest first) into chart rows.
func chartRows(checkins []felt, weekly bool) []chartRow {
	if !weekly {
		rows := make([]chartRow, len(checkins))
		for i, ci := range checkins {
			rows[i] = chartRow{At: ci.At, Cells: make([]chartCell, len(ci.Emotions))}
			for j, f := range ci.Emotions {
				rows[i].Cells[j] = chartCell{f.Name, float64(f.Intensity)}
			}
		}
		return rows
	}
	type acc struct{ sum, n float64 }
	var rows []chartRow
	var sums map[string]*acc
	var order []string
	flush := func() {
		if len(rows) == 0 {
			return
		}
		last := &rows[len(rows)-1]
		for _, name := range order {
			last.Cells = append(last.Cells, chartCell{name, sums[name].sum / sums[name].n})
		}
	}
	for _, ci := range checkins {
		week := weekStart(ci.At)
		if len(rows) == 0 || !rows[len(rows)-1].At.Equal(week) {
			flush()
			rows = append(rows, chartRow{At: week, Week: true})
			sums, order = map[string]*acc{}, nil
		}
		for _, f := range ci.Emotions {
			a, ok := sums[f.Name]
			if !ok {
				a = &acc{}
				sums[f.Name] = a
				order = append(order, f.Name)
			}
			a.sum += float64(f.Intensity)
			a.n++
		}
	}
	flush()
	return rows
}

// weekStart is the Monday 00:00 UTC that begins t's week.
func weekStart(t time.Time) time.Time {
	d := t.UTC().Truncate(24 * time.Hour)
	return d.AddDate(0, 0, -((int(d.Weekday()) + 6) % 7))
}

// feelingsChart charts how strong the feelings named were over time, a
// line for each of drawn. Each feeling has a look of its own (its
// family's hue, a tone and a dash), so it is drawn the same in every
// range and beside any other.
func (app *Web) feelingsChart(rows []chartRow, drawn []string, from, to time.Time) chart.Lines {
	series := make([]chart.Series, len(drawn))
	at := map[string]int{}
	for i, name := range drawn {
		series[i] = chart.Series{Name: app.emotionLabel(name), Class: app.feelingClass(name)}
		at[name] = i
	}
	for _, row := range rows {
		for _, c := range row.Cells {
			if i, ok := at[c.Name]; ok {
				series[i].Points = append(series[i].Points, chart.Point{At: row.At, Value: c.Value})
			}
		}
	}
	// A feeling chosen but not named in this range has no line to draw.
	series = slices.DeleteFunc(series, func(s chart.Series) bool { return len(s.Points) == 0 })
	return chart.Lines{Title: "How strong your feelings were", Series: series,
		From: from, To: to, Min: 0, Max: 10, YTicks: []float64{0, 5, 10}}
}

// feelingClass is the look of a feeling on a chart, "hue-FAMILY tone-N
// dash-N" (app.css draws three tones of each hue and three dashes), from
// the feeling's place in the vocabulary: the same wherever it is drawn.
func (app *Web) feelingClass(name string) string {
	e, ok := app.Guide.Emotion(name)
	if !ok {
		return ""
	}
	return "hue-" + e.Hue + " tone-" + strconv.Itoa(e.Variant%3) + " dash-" + strconv.Itoa(e.Variant/3%3)
}

// feelingStat is how often a feeling was named, and how strongly.
type feelingStat struct {
	Name string
	N    int
	Sum  float64
}

func (s feelingStat) mean() float64 { return s.Sum / float64(s.N) }

// feelingStats counts the feelings named in checkins, the most often
// named first (then the strongest, then by name).
func feelingStats(checkins []felt) []feelingStat {
	at := map[string]int{}
	var out []feelingStat
	for _, c := range checkins {
		for _, f := range c.Emotions {
			i, ok := at[f.Name]
			if !ok {
				i = len(out)
				at[f.Name] = i
				out = append(out, feelingStat{Name: f.Name})
			}
			out[i].N++
			out[i].Sum += float64(f.Intensity)
		}
	}
	slices.SortFunc(out, func(a, b feelingStat) int {
		return cmp.Or(cmp.Compare(b.N, a.N), cmp.Compare(b.mean(), a.mean()), cmp.Compare(a.Name, b.Name))
	})
	return out
}

// summaryDays is the span the summary speaks of: the last 30 days, which
// it compares with the 30 before.
const summaryDays = 30

// feelingsSummary puts the chart into a few plain sentences: the days
// checked in, the feelings named most in the last 30 days, and how the
// strongest of them moved since the 30 days before. checkins are oldest
// first and reach back at least 60 days, or to the range's start.
func (app *Web) feelingsSummary(checkins []felt, rng string, now time.Time, loc *time.Location) []string {
	monthAgo := now.AddDate(0, 0, -summaryDays)
	recent := checkins[firstFrom(checkins, monthAgo):]
	before := checkins[firstFrom(checkins, monthAgo.AddDate(0, 0, -summaryDays)):firstFrom(checkins, monthAgo)]
	inRange := checkins[firstFrom(checkins, rangeStart(rng, now)):]
	if len(inRange) == 0 {
		return []string{"No check-ins here yet. When you check in, your feelings will show here over time."}
	}
	var out []string
	days := plural(daysOf(recent, loc), "day", "days")
	over := map[string]string{"90d": " over the last 90 days", "1y": " over the last year", "all": " in all"}[rng]
	switch {
	case len(recent) == 0:
		out = append(out, "You have not checked in in the last 30 days. Over this time you checked in on "+plural(daysOf(inRange, loc), "day", "days")+".")
		return out
	case over != "":
		out = append(out, "In the last 30 days you checked in on "+days+" ("+plural(daysOf(inRange, loc), "day", "days")+over+").")
	default:
		out = append(out, "In the last 30 days you checked in on "+days+".")
	}
	stats := feelingStats(recent)
	name := func(s feelingStat) string { return strings.ToLower(app.emotionLabel(s.Name)) }
	if len(stats) > 1 && stats[0].N == 1 {
		out = append(out, "You named "+strconv.Itoa(len(stats))+" different feelings, each of them once.")
	} else {
		most := "The feeling you named most often was " + name(stats[0]) + ", in " + plural(stats[0].N, "check-in", "check-ins")
		var then []string
		for _, s := range stats[1:min(3, len(stats))] {
			then = append(then, name(s)+" ("+strconv.Itoa(s.N)+")")
		}
		if len(then) > 0 {
			most += ", then " + strings.Join(then, " and ")
		}
		out = append(out, most+".")
	}
	strongest := slices.MaxFunc(stats, func(a, b feelingStat) int {
		return cmp.Or(cmp.Compare(a.mean(), b.mean()), cmp.Compare(a.N, b.N), cmp.Compare(b.Name, a.Name))
	})
	line := "The strongest was " + name(strongest) + ", at " + oneDecimal(strongest.mean()) + " out of 10 on average"
	if len(before) > 0 {
		i := slices.IndexFunc(feelingStats(before), func(s feelingStat) bool { return s.Name == strongest.Name })
		if i < 0 {
			line += ". You did not name it in the 30 days before"
		} else {
			prev := feelingStats(before)[i].mean()
			switch d := strongest.mean() - prev; {
			case d >= 0.5:
				line += ", up from " + oneDecimal(prev) + " in the 30 days before"
			case d <= -0.5:
				line += ", down from " + oneDecimal(prev) + " in the 30 days before"
			default:
				line += ", about the same as in the 30 days before"
			}
		}
	}
	return append(out, line+".")
}

// daysOf counts the days, in loc, with a check-in.
func daysOf(checkins []felt, loc *time.Location) int {
	days := map[string]bool{}
	for _, c := range checkins {
		days[c.At.In(loc).Format(time.DateOnly)] = true
	}
	return len(days)
}

// oneDecimal writes v with at most one decimal: "7.5", "8".
func oneDecimal(v float64) string {
	return strconv.FormatFloat(math.Round(v*10)/10, 'f', -1, 64)
}
