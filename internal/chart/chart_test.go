package chart

import (
	"encoding/xml"
	"html/template"
	"io"
	"math"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
)

// node is a minimal DOM built with encoding/xml, so every test that looks
// at structure also proves the output is well-formed XML.
type node struct {
	name   string
	attr   map[string]string
	kids   []*node
	parent *node
	text   strings.Builder
}

func parse(t *testing.T, svg template.HTML) *node {
	t.Helper()
	d := xml.NewDecoder(strings.NewReader(string(svg)))
	var root, cur *node
	for {
		tok, err := d.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("output is not well-formed XML: %v\n%s", err, svg)
		}
		switch tok := tok.(type) {
		case xml.StartElement:
			n := &node{name: tok.Name.Local, attr: map[string]string{}, parent: cur}
			for _, a := range tok.Attr {
				n.attr[a.Name.Local] = a.Value
			}
			if cur == nil {
				if root != nil {
					t.Fatalf("more than one root element")
				}
				root = n
			} else {
				cur.kids = append(cur.kids, n)
			}
			cur = n
		case xml.EndElement:
			cur = cur.parent
		case xml.CharData:
			if cur == nil {
				if strings.TrimSpace(string(tok)) != "" {
					t.Fatalf("text outside the root element: %q", tok)
				}
				continue
			}
			cur.text.Write(tok)
		}
	}
	if root == nil || root.name != "svg" {
		t.Fatalf("root element is not <svg>:\n%s", svg)
	}
	return root
}

func (n *node) hasClass(c string) bool { return slices.Contains(strings.Fields(n.attr["class"]), c) }

// all returns the descendants of n (depth first) matching ok.
func (n *node) all(ok func(*node) bool) []*node {
	var out []*node
	for _, k := range n.kids {
		if ok(k) {
			out = append(out, k)
		}
		out = append(out, k.all(ok)...)
	}
	return out
}

func named(name string) func(*node) bool { return func(n *node) bool { return n.name == name } }

func classed(c string) func(*node) bool { return func(n *node) bool { return n.hasClass(c) } }

// seriesGroup returns the <g> of series index i, or nil.
func seriesGroup(root *node, i int) *node {
	for _, g := range root.all(classed("chart-series")) {
		if g.hasClass("series-" + strconv.Itoa(i)) {
			return g
		}
	}
	return nil
}

func num(t *testing.T, n *node, attr string) float64 {
	t.Helper()
	v, err := strconv.ParseFloat(n.attr[attr], 64)
	if err != nil {
		t.Fatalf("<%s %s=%q>: %v", n.name, attr, n.attr[attr], err)
	}
	return v
}

var day0 = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)

// daily returns n daily points starting at day0 with values f(i).
func daily(n int, f func(i int) float64) []Point {
	ps := make([]Point, n)
	for i := range ps {
		ps[i] = Point{day0.AddDate(0, 0, i), f(i)}
	}
	return ps
}

func wave(i int) float64 { return 5 + 4*math.Sin(float64(i)/9) }

// samples covers the main shapes of output, for whole-output checks.
func samples() map[string]template.HTML {
	return map[string]template.HTML{
		"lines":       Lines{Title: "Mood", Series: []Series{{Name: "Mood", Points: daily(30, wave)}}, Min: 0, Max: 10}.SVG(),
		"multi":       Lines{Title: "Week", Series: []Series{{Name: "Mood", Points: daily(7, wave)}, {Name: "Sleep", Points: daily(7, func(i int) float64 { return float64(i) })}, {Name: "Empty", Points: nil}}, Min: 0, Max: 10}.SVG(),
		"single":      Lines{Title: "One", Series: []Series{{Name: "Mood", Points: daily(1, wave)}}, Min: 0, Max: 10}.SVG(),
		"long":        Lines{Title: "Years", Series: fiveYears(3)}.SVG(),
		"empty":       Lines{Title: "Nothing"}.SVG(),
		"hostile":     Lines{Title: `"><script>alert(1)</script>`, Series: []Series{{Name: "<script>alert('x')</script>", Points: daily(3, wave)}, {Name: "a&b\x00\x1b\xff", Points: daily(3, wave)}}}.SVG(),
		"spark":       Spark{Title: "Mood trend", Points: daily(30, wave), Min: 0, Max: 10}.SVG(),
		"spark-one":   Spark{Points: daily(1, wave)}.SVG(),
		"spark-empty": Spark{Title: "Mood trend"}.SVG(),
	}
}

func fiveYears(nSeries int) []Series {
	s := make([]Series, nSeries)
	for k := range s {
		s[k] = Series{Name: "Series " + strconv.Itoa(k), Points: daily(1825, func(i int) float64 { return wave(i + 17*k) })}
	}
	return s
}

func TestWellFormedAndLabelled(t *testing.T) {
	for name, svg := range samples() {
		t.Run(name, func(t *testing.T) {
			root := parse(t, svg)
			if root.attr["role"] != "img" {
				t.Errorf("role = %q, want img", root.attr["role"])
			}
			if !regexp.MustCompile(`^0 0 \d+ \d+$`).MatchString(root.attr["viewBox"]) {
				t.Errorf("viewBox = %q", root.attr["viewBox"])
			}
			ids := strings.Fields(root.attr["aria-labelledby"])
			if len(ids) != 2 {
				t.Fatalf("aria-labelledby = %q, want title and desc ids", root.attr["aria-labelledby"])
			}
			for k, want := range []string{"title", "desc"} {
				var found *node
				for _, kid := range root.kids {
					if kid.attr["id"] == ids[k] {
						found = kid
					}
				}
				if found == nil || found.name != want {
					t.Fatalf("aria-labelledby id %q does not name a <%s> child of <svg>", ids[k], want)
				}
				if strings.TrimSpace(found.text.String()) == "" {
					t.Errorf("<%s> is empty", want)
				}
			}
			if root.kids[0].name != "title" {
				t.Errorf("first child is <%s>, want <title>", root.kids[0].name)
			}
		})
	}
}

func TestTitleText(t *testing.T) {
	root := parse(t, Lines{Title: "How I felt", Series: []Series{{Name: "Mood", Points: daily(3, wave)}}}.SVG())
	if got := root.kids[0].text.String(); got != "How I felt" {
		t.Errorf("title = %q", got)
	}
	desc := root.kids[1].text.String()
	for _, want := range []string{"Jan 1, 2026", "Jan 3, 2026", "Mood: 3 values"} {
		if !strings.Contains(desc, want) {
			t.Errorf("desc %q lacks %q", desc, want)
		}
	}
}

func TestNoStyleOrScript(t *testing.T) {
	for name, svg := range samples() {
		s := strings.ToLower(string(svg))
		for _, bad := range []string{"style=", "<style", "<script", "javascript:", "on"} {
			if bad == "on" {
				// No event handler attributes (onload=, onclick=, ...).
				if regexp.MustCompile(`\son[a-z]+=`).MatchString(s) {
					t.Errorf("%s: event handler attribute in output", name)
				}
				continue
			}
			if strings.Contains(s, bad) {
				t.Errorf("%s: output contains %q", name, bad)
			}
		}
	}
}

func TestEscaping(t *testing.T) {
	hostile := `<script>alert("x")</script> & 'friends'`
	svg := Lines{
		Title:  hostile,
		Series: []Series{{Name: hostile, Points: daily(3, wave)}, {Name: "ok", Points: daily(3, wave)}},
	}.SVG()
	if strings.Contains(string(svg), "<script") {
		t.Fatalf("unescaped <script> in output:\n%s", svg)
	}
	if !strings.Contains(string(svg), "&lt;script&gt;") {
		t.Errorf("escaped name missing from output")
	}
	root := parse(t, svg)
	// The text survives escaping intact: it is escaped, not stripped.
	if got := root.kids[0].text.String(); got != hostile {
		t.Errorf("title round-trip = %q, want %q", got, hostile)
	}
	legend := root.all(classed("chart-legend-label"))
	if len(legend) != 2 || legend[0].text.String() != truncate(hostile, legendMaxName) {
		t.Errorf("legend labels = %v", texts(legend))
	}
	tips := seriesGroup(root, 0).all(named("title"))
	if len(tips) != 3 || !strings.HasPrefix(tips[0].text.String(), hostile+", Jan 1, 2026: ") {
		t.Errorf("tooltips = %v", texts(tips))
	}

	// Control characters and invalid UTF-8 must not break XML.
	root = parse(t, Spark{Title: "a\x00b\x1b\xffc", Points: daily(2, wave)}.SVG())
	if got := root.kids[0].text.String(); got != "a\uFFFDb\uFFFD\uFFFDc" {
		t.Errorf("control chars: title = %q", got)
	}
}

func texts(ns []*node) []string {
	out := make([]string, len(ns))
	for i, n := range ns {
		out[i] = n.text.String()
	}
	return out
}

func TestClamping(t *testing.T) {
	values := []float64{-5, 0, 5, 10, 15, math.Inf(1), math.Inf(-1)}
	ps := daily(len(values), func(i int) float64 { return values[i] })
	root := parse(t, Lines{Series: []Series{{Name: "x", Points: ps}}, Min: 0, Max: 10, YTicks: []float64{0, 10}}.SVG())
	grid := root.all(classed("chart-grid"))[0].all(named("line"))
	if len(grid) != 2 {
		t.Fatalf("got %d grid lines, want 2", len(grid))
	}
	bottom, top := num(t, grid[0], "y1"), num(t, grid[1], "y1")
	if !(top < bottom) {
		t.Fatalf("grid for 10 (y=%v) should be above grid for 0 (y=%v)", top, bottom)
	}
	circles := seriesGroup(root, 0).all(named("circle"))
	want := []float64{bottom, bottom, (top + bottom) / 2, top, top, top, bottom}
	if len(circles) != len(want) {
		t.Fatalf("got %d circles, want %d", len(circles), len(want))
	}
	for i, c := range circles {
		if cy := num(t, c, "cy"); math.Abs(cy-want[i]) > 0.06 {
			t.Errorf("value %v: cy = %v, want %v", values[i], cy, want[i])
		}
	}
	// The tooltip keeps the true value.
	if got := circles[4].all(named("title"))[0].text.String(); !strings.HasSuffix(got, ": 15") {
		t.Errorf("tooltip for 15 = %q", got)
	}

	// Spark clamps too: everything stays inside the viewBox.
	root = parse(t, Spark{Points: ps, Min: 0, Max: 10}.SVG())
	for _, pair := range strings.Fields(root.all(named("polyline"))[0].attr["points"]) {
		y, _ := strconv.ParseFloat(strings.Split(pair, ",")[1], 64)
		if y < 0 || y > 40 {
			t.Errorf("spark point %s outside the viewBox", pair)
		}
	}
}

func TestSinglePoint(t *testing.T) {
	for _, svg := range []template.HTML{
		Lines{Series: []Series{{Name: "Mood", Points: daily(1, wave)}}, Min: 0, Max: 10}.SVG(),
		Lines{Series: []Series{{Name: "Mood", Points: daily(1, wave)}}}.SVG(), // derived ranges
		Spark{Points: daily(1, wave)}.SVG(),
	} {
		root := parse(t, svg)
		g := seriesGroup(root, 0)
		if g == nil {
			t.Fatalf("no series group:\n%s", svg)
		}
		circles := g.all(named("circle"))
		if len(circles) != 1 || num(t, circles[0], "r") <= 0 {
			t.Errorf("want one visible circle, got %d:\n%s", len(circles), svg)
		}
		if n := len(g.all(named("polyline"))); n != 0 {
			t.Errorf("single point drew %d polylines", n)
		}
		if desc := root.kids[1].text.String(); !strings.Contains(desc, "Jan 1, 2026") || strings.Contains(desc, "Dec 31") {
			t.Errorf("desc = %q, want it to name Jan 1, 2026 only", desc)
		}
		vb := strings.Fields(root.attr["viewBox"])
		w, _ := strconv.ParseFloat(vb[2], 64)
		if cx := num(t, circles[0], "cx"); cx <= 0 || cx >= w {
			t.Errorf("cx = %v outside viewBox width %v", cx, w)
		}
	}
}

func TestEmpty(t *testing.T) {
	for name, svg := range map[string]template.HTML{
		"no series":  Lines{Title: "Mood"}.SVG(),
		"no points":  Lines{Title: "Mood", Series: []Series{{Name: "Mood", Points: nil}, {Name: "Sleep", Points: []Point{}}}}.SVG(),
		"all NaN":    Lines{Title: "Mood", Series: []Series{{Name: "Mood", Points: daily(3, func(int) float64 { return math.NaN() })}}}.SVG(),
		"out of win": Lines{Title: "Mood", Series: []Series{{Name: "Mood", Points: daily(3, wave)}}, From: day0.AddDate(1, 0, 0), To: day0.AddDate(2, 0, 0)}.SVG(),
		"spark":      Spark{Title: "Mood"}.SVG(),
	} {
		t.Run(name, func(t *testing.T) {
			root := parse(t, svg)
			empty := root.all(classed("chart-empty"))
			if len(empty) != 1 || empty[0].text.String() != "Nothing to show yet" {
				t.Errorf("no placeholder text in:\n%s", svg)
			}
			if n := len(root.all(named("polyline"))) + len(root.all(named("circle"))); n != 0 {
				t.Errorf("empty chart drew %d shapes", n)
			}
			if root.kids[0].text.String() != "Mood" {
				t.Errorf("placeholder lost its title")
			}
		})
	}
}

func TestTimeTicks(t *testing.T) {
	tests := []struct {
		name     string
		from, to time.Time
		want     []string
	}{
		{"10 days", day0, day0.AddDate(0, 0, 10),
			[]string{"Jan 1", "Jan 3", "Jan 5", "Jan 7", "Jan 9", "Jan 11"}},
		{"1 year", time.Date(2025, 3, 15, 0, 0, 0, 0, time.UTC), time.Date(2026, 3, 15, 0, 0, 0, 0, time.UTC),
			[]string{"May 2025", "Jul 2025", "Sep 2025", "Nov 2025", "Jan 2026", "Mar 2026"}},
		{"5 years", time.Date(2021, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(2025, 12, 31, 0, 0, 0, 0, time.UTC),
			[]string{"2021", "2022", "2023", "2024", "2025"}},
		{"4 months", time.Date(2025, 11, 20, 0, 0, 0, 0, time.UTC), time.Date(2026, 3, 20, 0, 0, 0, 0, time.UTC),
			[]string{"Dec 2025", "Jan 2026", "Feb 2026", "Mar 2026"}},
		{"2 months, weekly on Mondays", time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(2026, 2, 28, 0, 0, 0, 0, time.UTC),
			[]string{"Jan 12", "Jan 26", "Feb 9", "Feb 23"}},
		{"30 years", time.Date(1996, 6, 1, 0, 0, 0, 0, time.UTC), time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC),
			[]string{"2000", "2005", "2010", "2015", "2020", "2025"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			for _, tk := range timeTicks(tt.from, tt.to, 6) {
				got = append(got, tk.Label)
				if strings.Contains(tt.name, "Mondays") && tk.At.Weekday() != time.Monday {
					t.Errorf("tick %v is not a Monday", tk.At)
				}
				if tk.At.Before(tt.from) || tk.At.After(tt.to) {
					t.Errorf("tick %v outside %v..%v", tk.At, tt.from, tt.to)
				}
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("timeTicks = %q, want %q", got, tt.want)
			}
			// The rendered chart shows the same labels.
			root := parse(t, Lines{Series: []Series{{Name: "x", Points: []Point{{tt.from, 1}, {tt.to, 2}}}}}.SVG())
			if rendered := texts(root.all(classed("chart-label-x"))); !slices.Equal(rendered, tt.want) {
				t.Errorf("rendered x labels = %q, want %q", rendered, tt.want)
			}
			for _, l := range root.all(classed("chart-label-x")) {
				half := float64(len(l.text.String())) * glyphW / 2
				if x := num(t, l, "x"); x-half < 0 || x+half > 640 {
					t.Errorf("label %q at x=%v sticks out of the viewBox", l.text.String(), x)
				}
			}
		})
	}
}

func TestTicksUTCAndNarrow(t *testing.T) {
	// Local times are labelled in UTC.
	tz := time.FixedZone("UTC+13", 13*3600)
	from := time.Date(2026, 1, 1, 12, 0, 0, 0, tz) // Dec 31 23:00 UTC
	got := timeTicks(from, from.AddDate(0, 0, 4), 6)
	if got[0].Label != "Jan 1" || got[0].At.Location() != time.UTC {
		t.Errorf("first tick = %+v, want Jan 1 UTC", got[0])
	}
	// A narrow chart gets fewer ticks.
	root := parse(t, Lines{Width: 240, Series: []Series{{Name: "x", Points: daily(365, wave)}}}.SVG())
	if n := len(root.all(classed("chart-label-x"))); n < 1 || n > 2 {
		t.Errorf("240-wide chart has %d x labels, want 1-2", n)
	}
}

func TestYTicks(t *testing.T) {
	labels := func(c Lines) []string {
		return texts(parse(t, c.SVG()).all(classed("chart-label-y")))
	}
	s := []Series{{Name: "x", Points: daily(3, wave)}}
	if got := labels(Lines{Series: s, Min: 0, Max: 10}); !slices.Equal(got, []string{"0", "5", "10"}) {
		t.Errorf("default ticks = %q", got)
	}
	if got := labels(Lines{Series: s, Min: 1, Max: 10}); !slices.Equal(got, []string{"1", "5.5", "10"}) {
		t.Errorf("default ticks 1..10 = %q", got)
	}
	if got := labels(Lines{Series: s, Min: 0, Max: 10, YTicks: []float64{0, 2.5, 7.25, 10, 11, math.NaN()}}); !slices.Equal(got, []string{"0", "2.5", "7.3", "10"}) {
		t.Errorf("explicit ticks = %q", got)
	}
	// Derived range when Max <= Min.
	flat := []Series{{Name: "x", Points: daily(3, func(int) float64 { return 4 })}}
	if got := labels(Lines{Series: flat}); !slices.Equal(got, []string{"3", "4", "5"}) {
		t.Errorf("flat derived ticks = %q", got)
	}
}

func TestPointCounts(t *testing.T) {
	for _, n := range []int{1, 2, 7, 60, 120, 121, 1825} {
		ps := daily(n, wave)
		root := parse(t, Lines{Series: []Series{{Name: "a", Points: ps}, {Name: "b", Points: daily(5, wave)}}, Min: 0, Max: 10}.SVG())
		g := seriesGroup(root, 0)
		circles := len(g.all(named("circle")))
		wantCircles := n
		if n > maxMarkers {
			wantCircles = 0
		}
		if circles != wantCircles {
			t.Errorf("n=%d: %d circles, want %d", n, circles, wantCircles)
		}
		lines := g.all(named("polyline"))
		if n == 1 {
			if len(lines) != 0 {
				t.Errorf("n=1: drew a polyline")
			}
			continue
		}
		if len(lines) != 1 {
			t.Fatalf("n=%d: %d polylines, want 1", n, len(lines))
		}
		if got := len(strings.Fields(lines[0].attr["points"])); got != n {
			t.Errorf("n=%d: polyline has %d points", n, got)
		}
		if got := len(seriesGroup(root, 1).all(named("circle"))); got != 5 {
			t.Errorf("n=%d: second series has %d circles, want 5", n, got)
		}
	}
}

func TestPointPositions(t *testing.T) {
	// Unsorted input with a NaN: the NaN is skipped, the rest sorted by
	// time, and x increases with time across the plot.
	ps := []Point{{day0.AddDate(0, 0, 2), 3}, {day0, 1}, {day0.AddDate(0, 0, 1), math.NaN()}, {day0.AddDate(0, 0, 4), 5}}
	root := parse(t, Lines{Series: []Series{{Name: "x", Points: ps}}, Min: 0, Max: 10}.SVG())
	circles := seriesGroup(root, 0).all(named("circle"))
	if len(circles) != 3 {
		t.Fatalf("got %d circles, want 3 (NaN skipped)", len(circles))
	}
	x0, x1, x2 := num(t, circles[0], "cx"), num(t, circles[1], "cx"), num(t, circles[2], "cx")
	if !(x0 < x1 && x1 < x2) {
		t.Errorf("x not increasing with time: %v %v %v", x0, x1, x2)
	}
	if mid := x0 + (x2-x0)/2; math.Abs(x1-mid) > 0.1 {
		t.Errorf("day 2 of 0..4 at x=%v, want %v", x1, mid)
	}
	// Points outside an explicit window are left out.
	root = parse(t, Lines{Series: []Series{{Name: "x", Points: daily(10, wave)}}, From: day0.AddDate(0, 0, 2), To: day0.AddDate(0, 0, 5)}.SVG())
	if n := len(seriesGroup(root, 0).all(named("circle"))); n != 4 {
		t.Errorf("window Jan 3..Jan 6 drew %d points, want 4", n)
	}
}

func TestNumbersCompact(t *testing.T) {
	cases := map[float64]string{0: "0", 3: "3", 1.25: "1.3", 2.04: "2", -0.04: "0", -2.55: "-2.6", 10.0 / 3: "3.3", 123456.78: "123456.8", 1e20: "1e+20",
		0.05: "0.1", 9.95: "10", 999.94: "999.9", 999.96: "1000", -999.96: "-1000", math.NaN(): "0"}
	for v, want := range cases {
		if got := numString(v); got != want {
			t.Errorf("numString(%v) = %q, want %q", v, got, want)
		}
	}
	numeric := regexp.MustCompile(`^-?\d+(\.\d)?$`)
	for name, svg := range samples() {
		root := parse(t, svg)
		for _, n := range append(root.all(func(*node) bool { return true }), root) {
			for _, a := range []string{"x", "y", "x1", "x2", "y1", "y2", "cx", "cy", "r", "width", "height"} {
				if v, ok := n.attr[a]; ok && !numeric.MatchString(v) {
					t.Errorf("%s: <%s %s=%q> is not compact", name, n.name, a, v)
				}
			}
			for _, pair := range strings.Fields(n.attr["points"]) {
				xy := strings.Split(pair, ",")
				if len(xy) != 2 || !numeric.MatchString(xy[0]) || !numeric.MatchString(xy[1]) {
					t.Fatalf("%s: bad polyline point %q", name, pair)
				}
			}
		}
	}
}

func TestSeriesClassesAndLegend(t *testing.T) {
	root := parse(t, Lines{Series: fiveYears(10), Min: 0, Max: 10}.SVG())
	for i := range 10 {
		g := root.all(classed("chart-series"))[i]
		if want := "series-" + strconv.Itoa(i%8); !g.hasClass(want) {
			t.Errorf("series %d has class %q, want %q", i, g.attr["class"], want)
		}
	}
	swatches := root.all(classed("chart-swatch"))
	if len(swatches) != 10 {
		t.Fatalf("%d legend swatches, want 10", len(swatches))
	}
	rows := map[string]bool{}
	for i, s := range swatches {
		if !s.hasClass("series-" + strconv.Itoa(i%8)) {
			t.Errorf("swatch %d class %q", i, s.attr["class"])
		}
		if x := num(t, s, "x"); x+10 > 640 {
			t.Errorf("swatch %d at x=%v overflows", i, x)
		}
		rows[s.attr["y"]] = true
	}
	if len(rows) < 2 {
		t.Errorf("10 legend entries did not wrap: rows %v", rows)
	}
	// The plot starts below the legend.
	grid := root.all(classed("chart-grid"))[0].all(named("line"))
	lastRow := 0.0
	for y := range rows {
		v, _ := strconv.ParseFloat(y, 64)
		lastRow = max(lastRow, v)
	}
	if top := num(t, grid[len(grid)-1], "y1"); top <= lastRow+10 {
		t.Errorf("plot top %v overlaps legend row at %v", top, lastRow)
	}

	// One series: no legend.
	root = parse(t, Lines{Series: []Series{{Name: "Mood", Points: daily(5, wave)}}}.SVG())
	if n := len(root.all(classed("chart-legend"))); n != 0 {
		t.Errorf("single series has a legend")
	}
}

// A series with a Class of its own is drawn with it, on its group and its
// legend swatch (a line, so a dash pattern shows), whatever its place.
func TestOwnSeriesClass(t *testing.T) {
	root := parse(t, Lines{Series: []Series{
		{Name: "Mood", Points: daily(3, wave)},
		{Name: "Grief", Points: daily(3, wave), Class: `hue-sadness  dash-2 "><x`},
	}, Min: 0, Max: 10}.SVG())
	groups := root.all(classed("chart-series"))
	if len(groups) != 2 || !groups[0].hasClass("series-0") || !groups[1].hasClass("hue-sadness") ||
		!groups[1].hasClass("dash-2") || groups[1].hasClass("series-1") {
		t.Fatalf("series classes: %q, %q", groups[0].attr["class"], groups[1].attr["class"])
	}
	if c := groups[1].attr["class"]; c != "chart-series hue-sadness dash-2 ---x" {
		t.Errorf("the own class is not made safe: %q", c)
	}
	swatches := root.all(classed("chart-swatch"))
	if len(swatches) != 2 || swatches[0].name != "rect" || swatches[1].name != "line" ||
		!swatches[1].hasClass("chart-swatch-line") || !swatches[1].hasClass("hue-sadness") {
		t.Fatalf("swatches: %+v", swatches)
	}
	labels := root.all(classed("chart-legend-label"))
	if x1, x2 := num(t, swatches[1], "x2"), num(t, labels[1], "x"); x2 < x1+2 {
		t.Errorf("the label at %v overlaps its line swatch ending at %v", x2, x1)
	}
}

func TestIDs(t *testing.T) {
	idOf := func(svg template.HTML) string { return parse(t, svg).kids[0].attr["id"] }
	a := Lines{Title: "Mood", Series: []Series{{Name: "Mood", Points: daily(5, wave)}}}
	if idOf(a.SVG()) != idOf(a.SVG()) || a.SVG() != a.SVG() {
		t.Errorf("identical input gave different output")
	}
	b := a
	b.Series = []Series{{Name: "Mood", Points: daily(6, wave)}}
	c := a
	c.Title = "Sleep"
	seen := map[string]bool{}
	for _, svg := range []template.HTML{a.SVG(), b.SVG(), c.SVG(), Spark{Points: daily(5, wave)}.SVG(), Spark{Points: daily(6, wave)}.SVG()} {
		id := idOf(svg)
		if seen[id] {
			t.Errorf("id %q reused for different content", id)
		}
		seen[id] = true
	}
	a.ID = `my chart"<1>`
	if got := idOf(a.SVG()); got != "my-chart--1--title" {
		t.Errorf("explicit ID gave title id %q", got)
	}
}

func TestSpark(t *testing.T) {
	ps := daily(30, wave)
	root := parse(t, Spark{Title: "Mood", Points: ps, Min: 0, Max: 10}.SVG())
	if root.attr["viewBox"] != "0 0 160 40" || !root.hasClass("chart-spark") {
		t.Errorf("root = %v", root.attr)
	}
	line := root.all(named("polyline"))
	if len(line) != 1 || len(strings.Fields(line[0].attr["points"])) != 30 {
		t.Fatalf("want one 30-point polyline")
	}
	last := root.all(classed("chart-last"))
	if len(last) != 1 {
		t.Fatalf("want one chart-last marker")
	}
	pts := strings.Fields(line[0].attr["points"])
	if want := last[0].attr["cx"] + "," + last[0].attr["cy"]; pts[len(pts)-1] != want {
		t.Errorf("last marker at %s, line ends at %s", want, pts[len(pts)-1])
	}
	if desc := root.kids[1].text.String(); !strings.Contains(desc, "30 values") {
		t.Errorf("desc = %q", desc)
	}
}

func BenchmarkLines5Years(b *testing.B) {
	c := Lines{Title: "Five years", Series: fiveYears(8), Min: 0, Max: 10, YTicks: []float64{0, 5, 10}}
	b.ReportAllocs()
	var size int
	for b.Loop() {
		size = len(c.SVG())
	}
	b.ReportMetric(float64(size), "bytes/svg")
}

func BenchmarkLines5YearsOneSeries(b *testing.B) {
	c := Lines{Title: "Five years", Series: fiveYears(1), Min: 0, Max: 10}
	b.ReportAllocs()
	var size int
	for b.Loop() {
		size = len(c.SVG())
	}
	b.ReportMetric(float64(size), "bytes/svg")
}

func BenchmarkLinesMonth(b *testing.B) {
	c := Lines{Title: "This month", Series: []Series{{Name: "Mood", Points: daily(30, wave)}, {Name: "Sleep", Points: daily(30, wave)}}, Min: 0, Max: 10}
	b.ReportAllocs()
	for b.Loop() {
		c.SVG()
	}
}

func BenchmarkSpark(b *testing.B) {
	c := Spark{Title: "Mood", Points: daily(90, wave), Min: 0, Max: 10}
	b.ReportAllocs()
	for b.Loop() {
		c.SVG()
	}
}
