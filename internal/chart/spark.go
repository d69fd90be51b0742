package chart

import "html/template"

// Spark renders a small trend line (sparkline) of one series, such as a
// 0–10 self-rating over time, with the latest point marked. It has no
// axes or labels; its <desc> summarises the values for screen readers.
//
// The line is drawn in <g class="chart-series series-0">; its last point
// is a circle with classes chart-point and chart-last.
type Spark struct {
	// ID prefixes the ids of the <title> and <desc>; see Lines.ID.
	ID string
	// Title is the accessible name. Defaults to "Trend".
	Title  string
	Points []Point
	// Min and Max bound the y axis; if Max <= Min the range is derived
	// from the data. Values outside it are clamped.
	Min, Max float64
	// Width and Height are the viewBox size, defaulting to 160x40.
	Width, Height int
}

// sparkPad keeps the line and the end marker inside the viewBox.
const sparkPad = 3.5

// SVG renders the sparkline as an inline <svg> element.
func (c Spark) SVG() template.HTML {
	width, height := size(c.Width, c.Height, 160, 40)
	title := c.Title
	if title == "" {
		title = "Trend"
	}
	id := chartID(c.ID, c.hash())
	ps := usable(c.Points)
	if len(ps) == 0 {
		return template.HTML(placeholder("chart-spark", id, title, width, height, 11))
	}
	lo, hi := valueRange(c.Min, c.Max, ps)
	f := frame{
		left: sparkPad, right: float64(width) - sparkPad,
		top: sparkPad, bottom: float64(height) - sparkPad,
		lo: lo, hi: hi,
		t0: secs(ps[0].At), t1: secs(ps[len(ps)-1].At),
	}

	var w writer
	w.Grow(1024 + len(ps)*14)
	w.open("chart-spark", id, title, c.describe(ps, lo, hi), width, height, 11)
	w.str(`<g class="chart-series series-0" fill="currentColor">`)
	f.polyline(&w, ps, "1.5")
	last := ps[len(ps)-1]
	point(&w, f.x(last.At), f.y(last.Value), 2.5, "chart-point chart-last", "", last)
	w.str(`</g></svg>`)
	return template.HTML(w.String())
}

// describe is the text of the sparkline's <desc>.
func (c Spark) describe(ps []Point, lo, hi float64) string {
	b := []byte("Trend, scale ")
	b = appendNum(b, lo)
	b = append(b, " to "...)
	b = appendNum(b, hi)
	b = append(b, ". "...)
	return string(summary(b, "", ps))
}

// hash fingerprints the sparkline's content for a derived id.
func (c Spark) hash() uint64 {
	h := newHasher()
	h.str("spark")
	h.str(c.Title)
	h.float(c.Min)
	h.float(c.Max)
	h.word(uint64(c.Width))
	h.word(uint64(c.Height))
	h.points(c.Points)
	return h.sum()
}
