package chart

import (
	"time"
	"unicode/utf8"
)

// frame maps data to the plot area of a chart, in viewBox units.
type frame struct {
	left, right, top, bottom float64
	lo, hi                   float64 // value range (y)
	t0, t1                   float64 // time range (x), Unix seconds
}

// x is the horizontal position of t.
func (f *frame) x(t time.Time) float64 {
	if f.t1 <= f.t0 {
		return (f.left + f.right) / 2
	}
	return f.left + (secs(t)-f.t0)/(f.t1-f.t0)*(f.right-f.left)
}

// y is the vertical position of v, clamped to the value range.
func (f *frame) y(v float64) float64 {
	return f.bottom - (clamp(v, f.lo, f.hi)-f.lo)/(f.hi-f.lo)*(f.bottom-f.top)
}

// grid writes a horizontal grid line and a label per value tick.
func (f *frame) grid(w *writer, ticks []float64, labels []string) {
	w.str(`<g class="chart-grid" stroke="currentColor" stroke-opacity="0.15" shape-rendering="crispEdges">`)
	for _, v := range ticks {
		y := f.y(v)
		hline(w, f.left, f.right, y)
	}
	w.str(`</g>`)
	for i, v := range ticks {
		w.str(`<text class="chart-label chart-label-y" text-anchor="end"`)
		w.attr("x", f.left-6)
		w.attr("y", f.y(v)+4)
		w.char('>')
		w.text(labels[i])
		w.str(`</text>`)
	}
}

// timeAxis writes the x axis baseline, tick marks and date labels.
func (f *frame) timeAxis(w *writer, from, to time.Time, width int) {
	maxTicks := min(6, max(2, int((f.right-f.left)/80)))
	ticks := timeTicks(from, to, maxTicks)
	w.str(`<g class="chart-axis" stroke="currentColor" stroke-opacity="0.5" shape-rendering="crispEdges">`)
	hline(w, f.left, f.right, f.bottom)
	for _, t := range ticks {
		x := f.x(t.At)
		w.str(`<line`)
		w.attr("x1", x)
		w.attr("y1", f.bottom)
		w.attr("x2", x)
		w.attr("y2", f.bottom+4)
		w.str(`/>`)
	}
	w.str(`</g>`)
	for _, t := range ticks {
		// Keep the label inside the viewBox.
		half := float64(len(t.Label)) * glyphW / 2
		x := max(half+2, min(f.x(t.At), float64(width)-half-2))
		w.str(`<text class="chart-label chart-label-x" text-anchor="middle"`)
		w.attr("x", x)
		w.attr("y", f.bottom+18)
		w.char('>')
		w.text(t.Label)
		w.str(`</text>`)
	}
}

// polyline writes the line through ps (nothing for fewer than two
// points), with the given stroke width as a fallback for the stylesheet.
func (f *frame) polyline(w *writer, ps []Point, strokeWidth string) {
	if len(ps) < 2 {
		return
	}
	w.str(`<polyline class="chart-line" fill="none" stroke="currentColor" stroke-width="`)
	w.str(strokeWidth)
	w.str(`" stroke-linejoin="round" stroke-linecap="round" points="`)
	for i := range ps {
		if i > 0 {
			w.char(' ')
		}
		w.xy(f.x(ps[i].At), f.y(ps[i].Value))
	}
	w.str(`"/>`)
}

// hline writes a horizontal <line> from x1 to x2 at y.
func hline(w *writer, x1, x2, y float64) {
	w.str(`<line`)
	w.attr("x1", x1)
	w.attr("y1", y)
	w.attr("x2", x2)
	w.attr("y2", y)
	w.str(`/>`)
}

// point writes one data point as a circle with a hover tooltip such as
// "Mood, Jan 2, 2026: 6" (the unclamped value).
func point(w *writer, x, y, r float64, class, name string, p Point) {
	w.str(`<circle class="`)
	w.str(class)
	w.char('"')
	w.attr("cx", x)
	w.attr("cy", y)
	w.attr("r", r)
	w.str(`><title>`)
	if name != "" {
		w.text(name)
		w.str(", ")
	}
	w.date(p.At)
	w.str(": ")
	w.num(p.Value)
	w.str(`</title></circle>`)
}

// legendItem is one placed legend entry.
type legendItem struct {
	x, y  float64 // top left of the swatch
	label string
	index int
	class string // the series' own Class, drawn as a line swatch
}

// swatchW is the width of a legend swatch: a square, or a line long
// enough to show a dash pattern.
func swatchW(class string) float64 {
	if class != "" {
		return 18
	}
	return 10
}

// layoutLegend places one entry per series in rows starting at
// (left, top), wrapping before right. It returns the entries and the
// number of rows used.
func layoutLegend(series []Series, left, right, top float64) ([]legendItem, int) {
	items := make([]legendItem, len(series))
	x, row := left, 0
	for i := range series {
		label := truncate(seriesName(series, i), legendMaxName)
		class := safeClass(series[i].Class)
		w := swatchW(class) + 4 + float64(utf8.RuneCountInString(label))*glyphW + 16
		if x+w-16 > right && x > left {
			x, row = left, row+1
		}
		items[i] = legendItem{x: x, y: top + float64(row)*legendRowH, label: label, index: i, class: class}
		x += w
	}
	return items, row + 1
}

// writeLegend writes the legend entries, if any.
func writeLegend(w *writer, items []legendItem) {
	if len(items) == 0 {
		return
	}
	w.str(`<g class="chart-legend">`)
	for _, it := range items {
		if it.class != "" {
			w.str(`<line class="chart-swatch chart-swatch-line `)
			w.str(it.class)
			w.str(`" stroke="currentColor" stroke-width="3" stroke-linecap="round"`)
			w.attr("x1", it.x+1)
			w.attr("y1", it.y+5)
			w.attr("x2", it.x+swatchW(it.class)-1)
			w.attr("y2", it.y+5)
		} else {
			w.str(`<rect class="chart-swatch series-`)
			w.int(it.index % seriesClasses)
			w.str(`" fill="currentColor" width="10" height="10" rx="2"`)
			w.attr("x", it.x)
			w.attr("y", it.y)
		}
		w.str(`/><text class="chart-label chart-legend-label"`)
		w.attr("x", it.x+swatchW(it.class)+4)
		w.attr("y", it.y+9.5)
		w.char('>')
		w.text(it.label)
		w.str(`</text>`)
	}
	w.str(`</g>`)
}
