package chart

import (
	"html/template"
	"strconv"
	"time"
)

// Lines renders a multi-series line chart of values over time.
//
// Series i is drawn in a <g class="chart-series series-N"> with N = i mod 8,
// or with its own Class in place of series-N.
// A series with one point is drawn as a circle; a series with several
// points as a polyline plus a circle per point (each with a hover
// tooltip), except that series with more than 120 points get no circles.
// Values outside the y range are clamped to its edge; points outside
// From..To are left out.
type Lines struct {
	// ID prefixes the ids of the chart's <title> and <desc>. Characters
	// other than ASCII letters, digits, '-' and '_' become '-'. If empty,
	// an id is derived from a hash of the chart's content, so identical
	// charts get identical ids: set ID to render one twice on a page.
	ID string
	// Title is the accessible name, rendered in <title> and referenced
	// by aria-labelledby. Defaults to "Line chart".
	Title  string
	Series []Series
	// From and To bound the x (time) axis; a zero value is derived from
	// the data. Reversed bounds are swapped.
	From, To time.Time
	// Min and Max bound the y axis, e.g. 0 and 10. If Max <= Min the
	// range is derived from the data.
	Min, Max float64
	// Width and Height are the viewBox size (and the svg's width and
	// height attributes), defaulting to 640x260.
	Width, Height int
	// YTicks are the values labelled on the y axis, each with a grid
	// line; ticks outside Min..Max are ignored. Default: Min, the
	// midpoint and Max.
	YTicks []float64
}

// Layout constants for Lines, in viewBox units.
const (
	linesPadTop   = 10.0
	linesPadRight = 14.0
	linesXAxisH   = 26.0 // tick marks plus date labels below the plot
	legendRowH    = 18.0
	legendMaxName = 28 // runes shown per legend entry
)

// SVG renders the chart as an inline <svg> element.
func (c Lines) SVG() template.HTML {
	width, height := size(c.Width, c.Height, 640, 260)
	title := c.Title
	if title == "" {
		title = "Line chart"
	}
	id := chartID(c.ID, c.hash())

	series := make([][]Point, len(c.Series))
	for i, s := range c.Series {
		series[i] = usable(s.Points)
	}
	from, to := c.timeRange(series)
	total, markers := 0, 0
	for i := range series {
		series[i] = window(series[i], from, to)
		total += len(series[i])
		if len(series[i]) <= maxMarkers {
			markers += len(series[i])
		}
	}
	if total == 0 {
		return template.HTML(placeholder("chart-lines", id, title, width, height, 12))
	}
	lo, hi := valueRange(c.Min, c.Max, series...)

	// Plot frame: y labels on the left, legend on top, dates below.
	yTicks := valueTicks(c.YTicks, lo, hi)
	yLabels := make([]string, len(yTicks))
	labelW := 0
	for i, v := range yTicks {
		yLabels[i] = numString(v)
		labelW = max(labelW, len(yLabels[i]))
	}
	f := frame{
		left:   max(24, float64(labelW)*glyphW+12),
		right:  float64(width) - linesPadRight,
		top:    linesPadTop,
		bottom: float64(height) - linesXAxisH,
		lo:     lo, hi: hi,
	}
	// A single instant gets a day's width so its point sits mid-plot.
	x0, x1 := from, to
	if !x1.After(x0) {
		x0, x1 = x0.Add(-12*time.Hour), x1.Add(12*time.Hour)
	}
	f.t0, f.t1 = secs(x0), secs(x1)
	var legend []legendItem
	if len(c.Series) >= 2 {
		var rows int
		legend, rows = layoutLegend(c.Series, f.left, f.right, f.top)
		f.top += float64(rows)*legendRowH + 4
	}
	f.right = max(f.right, f.left+10)
	f.top = min(f.top, f.bottom-10)

	var w writer
	w.Grow(2048 + total*14 + markers*96)
	w.open("chart-lines", id, title, c.describe(series, from, to, lo, hi), width, height, 12)
	f.grid(&w, yTicks, yLabels)
	f.timeAxis(&w, x0, x1, width)
	writeLegend(&w, legend)
	for i, ps := range series {
		if len(ps) == 0 {
			continue
		}
		w.str(`<g class="chart-series `)
		w.seriesClass(c.Series[i], i)
		w.str(`" fill="currentColor">`)
		f.polyline(&w, ps, "2")
		if len(ps) <= maxMarkers {
			r := 3.0
			if len(ps) == 1 {
				r = 4
			}
			name := seriesName(c.Series, i)
			for _, p := range ps {
				point(&w, f.x(p.At), f.y(p.Value), r, "chart-point", name, p)
			}
		}
		w.str(`</g>`)
	}
	w.str(`</svg>`)
	return template.HTML(w.String())
}

// timeRange returns the x range: From and To, with zero values derived
// from the (sorted) series.
func (c Lines) timeRange(series [][]Point) (from, to time.Time) {
	from, to = c.From, c.To
	if from.IsZero() || to.IsZero() {
		var first, last time.Time
		for _, ps := range series {
			if len(ps) == 0 {
				continue
			}
			if first.IsZero() || ps[0].At.Before(first) {
				first = ps[0].At
			}
			if last.IsZero() || ps[len(ps)-1].At.After(last) {
				last = ps[len(ps)-1].At
			}
		}
		if from.IsZero() {
			from = first
		}
		if to.IsZero() {
			to = last
		}
	}
	if to.Before(from) {
		from, to = to, from
	}
	return from, to
}

// describe is the text of the chart's <desc>.
func (c Lines) describe(series [][]Point, from, to time.Time, lo, hi float64) string {
	first, last := from.UTC().Format(descDate), to.UTC().Format(descDate)
	b := []byte("Line chart for " + first)
	if first != last {
		b = []byte("Line chart from " + first + " to " + last)
	}
	b = append(b, ", scale "...)
	b = appendNum(b, lo)
	b = append(b, " to "...)
	b = appendNum(b, hi)
	b = append(b, '.')
	for i, ps := range series {
		b = append(b, ' ')
		b = summary(b, seriesName(c.Series, i), ps)
	}
	return string(b)
}

// seriesName is the display name of series i: its Name, or "Series N"
// when it has none and there are several series.
func seriesName(s []Series, i int) string {
	if s[i].Name != "" || len(s) == 1 {
		return s[i].Name
	}
	return "Series " + strconv.Itoa(i+1)
}

// hash fingerprints the chart's content for a derived id.
func (c Lines) hash() uint64 {
	h := newHasher()
	h.str("lines")
	h.str(c.Title)
	h.time(c.From)
	h.time(c.To)
	h.float(c.Min)
	h.float(c.Max)
	h.word(uint64(c.Width))
	h.word(uint64(c.Height))
	for _, v := range c.YTicks {
		h.float(v)
	}
	for _, s := range c.Series {
		h.str(s.Name)
		h.str(s.Class)
		h.points(s.Points)
	}
	return h.sum()
}
