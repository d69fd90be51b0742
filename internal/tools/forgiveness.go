package tools

import (
	"html/template"
	"time"

	"kintsugi/internal/chart"
	"kintsugi/internal/tool"
)

// ForgivenessView reads ratings of resentment and goodwill by field
// position, bound once at start-up by NewForgivenessView.
type ForgivenessView struct {
	resentment, goodwill int
}

// NewForgivenessView binds the fields of the "forgiveness-rating" kind
// that its course over time reads.
func NewForgivenessView(c *tool.Catalog) (ForgivenessView, error) {
	at, err := bindFields(c, "forgiveness-rating",
		want{name: "resentment", typ: tool.Int},
		want{name: "goodwill", typ: tool.Int})
	if err != nil {
		return ForgivenessView{}, err
	}
	return ForgivenessView{resentment: at[0], goodwill: at[1]}, nil
}

// FeltPoint is one rating of resentment and goodwill, both 0 to 10.
type FeltPoint struct {
	At         time.Time `json:"at"`
	Resentment int       `json:"resentment"`
	Goodwill   int       `json:"goodwill"`
}

// Felt is the course of resentment and goodwill over time: every rating,
// oldest first, and the first and the latest, to say in words how far
// they have moved. Neither is a goal: both may rise and fall.
type Felt struct {
	Points []FeltPoint `json:"points"`
	First  *FeltPoint  `json:"first"`
	Latest *FeltPoint  `json:"latest"`
}

// Felt returns the course of items, newest first as a view receives them.
func (v ForgivenessView) Felt(items []tool.Item) Felt {
	out := Felt{Points: make([]FeltPoint, 0, len(items))}
	for i := len(items) - 1; i >= 0; i-- {
		x := items[i].Value
		out.Points = append(out.Points, FeltPoint{At: items[i].CreatedAt, Resentment: x[v.resentment].Num, Goodwill: x[v.goodwill].Num})
	}
	if n := len(out.Points); n > 0 {
		out.First, out.Latest = &out.Points[0], &out.Points[n-1]
	}
	return out
}

// Chart draws the course as two lines on the 0–10 scale; a page gives the
// same points as a table beside it.
func (f Felt) Chart() template.HTML { return f.lines("felt-wide", 0, 0) }

// Narrow draws the same chart for a phone's width, where the wide one's
// labels would shrink past reading.
func (f Felt) Narrow() template.HTML { return f.lines("felt-narrow", 360, 280) }

func (f Felt) lines(id string, width, height int) template.HTML {
	res, good := make([]chart.Point, len(f.Points)), make([]chart.Point, len(f.Points))
	for i, p := range f.Points {
		res[i] = chart.Point{At: p.At, Value: float64(p.Resentment)}
		good[i] = chart.Point{At: p.At, Value: float64(p.Goodwill)}
	}
	return chart.Lines{ID: id, Title: "Your resentment and goodwill over time", Min: 0, Max: 10, YTicks: []float64{0, 5, 10},
		Width: width, Height: height,
		Series: []chart.Series{{Name: "Resentment", Points: res, Class: "felt-resentment"}, {Name: "Goodwill", Points: good, Class: "felt-goodwill"}}}.SVG()
}

var feltPoint = tool.Schema{"type": "object", "additionalProperties": false, "required": []string{"at", "resentment", "goodwill"},
	"properties": map[string]any{
		"at":         tool.Schema{"type": "string", "format": "date-time", "description": "When it was rated."},
		"resentment": tool.Schema{"type": "integer", "minimum": 0, "maximum": 10},
		"goodwill":   tool.Schema{"type": "integer", "minimum": 0, "maximum": 10},
	}}

// feltSchema describes Felt.
var feltSchema = tool.Schema{
	"type": "object", "additionalProperties": false,
	"description": "Your ratings of resentment and goodwill over time, oldest first, with the first and the latest. Self-monitoring, not a clinical measure.",
	"required":    []string{"points", "first", "latest"},
	"properties": map[string]any{
		"points": tool.Schema{"type": "array", "items": feltPoint},
		"first":  orNone(feltPoint, "The first rating; null when there is none."),
		"latest": orNone(feltPoint, "The latest rating; null when there is none."),
	},
}

// orNone is the object schema s, or null, described.
func orNone(s tool.Schema, description string) tool.Schema {
	out := tool.Schema{"type": []string{"object", "null"}, "description": description}
	for _, key := range []string{"properties", "required", "additionalProperties"} {
		out[key] = s[key]
	}
	return out
}
