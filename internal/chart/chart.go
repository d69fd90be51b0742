// Package chart renders small, accessible SVG charts on the server.
//
// Each chart's SVG method returns one complete <svg> element, ready to embed
// inline in a page built with html/template. The output contains no script,
// no <style> element and no style attribute, so it works without JavaScript
// and under a strict Content-Security-Policy (style-src 'self'). Every
// piece of text that comes from the caller (titles, series names) is
// escaped.
//
// The SVG carries a few presentation attributes (fill="none" on lines,
// stroke="currentColor", faint grid opacity) so it stays legible if the
// stylesheet is missing; colours, weights and opacity are meant to come
// from the site's stylesheet through these classes:
//
//	chart              root <svg>, with chart-lines or chart-spark
//	chart-grid         <g> of horizontal grid lines (one per y tick)
//	chart-axis         <g> of the x axis baseline and its tick marks
//	chart-label        every <text>; also one of:
//	  chart-label-x    date labels under the x axis
//	  chart-label-y    value labels left of the plot
//	  chart-legend-label  series names in the legend
//	  chart-empty      the "Nothing to show yet" placeholder text
//	chart-legend       <g> holding the legend (only with 2+ series)
//	chart-swatch       legend colour swatch <rect>, also has series-N
//	chart-series       <g> per series, also has series-N; it sets
//	                   fill="currentColor", so give series-N a colour
//	chart-line         the series <polyline> (stroke="currentColor")
//	chart-point        a point <circle> (fill inherited from the group)
//	chart-last         the last point of a sparkline (with chart-point)
//	series-0 .. series-7  one per series, cycling by index
//	chart-swatch-line  legend swatch drawn as a short <line> in place of
//	                   the <rect>, for a series with a Class of its own
//
// A stylesheet typically sets `color` on .series-N and lets currentColor
// do the rest. A series with a Class has that class in place of series-N,
// on its group and its legend swatch, so that the same thing charted on
// any page, in any company, is drawn the same way; its swatch is a line,
// so that a dash pattern the stylesheet gives .chart-line shows in the
// legend too.
package chart

import "time"

// Point is one observation.
type Point struct {
	At    time.Time
	Value float64
}

// Series is one named line. Points should be in time order; they are
// sorted (on a copy) if they are not. Points whose Value is NaN are
// skipped.
type Series struct {
	Name   string
	Points []Point
	// Class, if set, replaces series-N: one or more class names (ASCII
	// letters, digits, '-' and '_', separated by spaces).
	Class string
}

const (
	seriesClasses = 8   // series-0 .. series-7
	maxMarkers    = 120 // above this many points a series gets no circles
	glyphW        = 7.0 // rough average glyph width at font-size 12
	emptyText     = "Nothing to show yet"
	descDate      = "Jan 2, 2006"
)
