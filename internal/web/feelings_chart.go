package web

import (
	"cmp"
	"math"
	"slices"
	"strconv"
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

// feelingsChart charts the strength of the most frequent feelings over time.
func (app *Web) feelingsChart(rows []chartRow, from, to time.Time) chart.Lines {
	series := map[string]*chart.Series{}
	for _, row := range rows {
		for _, c := range row.Cells {
			s, ok := series[c.Name]
			if !ok {
				s = &chart.Series{Name: app.emotionLabel(c.Name)}
				series[c.Name] = s
			}
			s.Points = append(s.Points, chart.Point{At: row.At, Value: c.Value})
		}
	}
	all := make([]chart.Series, 0, len(series))
	for _, s := range series {
		all = append(all, *s)
	}
	slices.SortFunc(all, func(a, b chart.Series) int {
		return cmp.Or(cmp.Compare(len(b.Points), len(a.Points)), cmp.Compare(a.Name, b.Name))
	})
	if len(all) > maxSeries {
		all = all[:maxSeries]
	}
	return chart.Lines{Title: "How strongly you felt your most frequent feelings", Series: all,
		From: from, To: to, Min: 0, Max: 10, YTicks: []float64{0, 5, 10}}
}
