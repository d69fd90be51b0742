package tools

import "kintsugi/internal/tool"

// The areas of self-care, in the order a page shows them: behavioral
// activation plans small acts in each, and the lift says which help.
var selfcareAreas = []string{"body", "mind", "connection", "joy"}

// SelfCareView reads self-care moments by field position, bound once at
// start-up by NewSelfCareView.
type SelfCareView struct {
	area, before, after int
	labels              []string // of selfcareAreas, in the catalog's words
}

// NewSelfCareView binds the fields of the "selfcare" kind that its lift
// reads.
func NewSelfCareView(c *tool.Catalog) (SelfCareView, error) {
	at, err := bindFields(c, "selfcare",
		want{name: "area", typ: tool.Choice, values: selfcareAreas},
		want{name: "before", typ: tool.Int},
		want{name: "after", typ: tool.Int})
	if err != nil {
		return SelfCareView{}, err
	}
	k, _ := c.Kind("selfcare")
	f := k.Fields[at[0]]
	v := SelfCareView{area: at[0], before: at[1], after: at[2]}
	for _, a := range selfcareAreas {
		v.labels = append(v.labels, c.ChoiceLabel(f.Choices, a))
	}
	return v, nil
}

// Lift is how much a person's mood rose, on average, from just before a
// moment of self-care to just after: over every moment with both moods,
// and for each area. Self-monitoring, not a clinical measure.
type Lift struct {
	// Count is how many moments have both moods; Lift their mean of
	// after − before, null when there are none.
	Count int      `json:"count"`
	Lift  *float64 `json:"lift"`
	// Areas are body, mind, connection and joy, in that order, each
	// counted the same way.
	Areas []AreaLift `json:"areas"`
}

// AreaLift is the lift of one area of self-care.
type AreaLift struct {
	Area  string   `json:"area"`
	Label string   `json:"label"`
	Count int      `json:"count"`
	Lift  *float64 `json:"lift"`
}

// Lift returns the average lift over items, each area apart. A moment
// without one of its moods says nothing about lift and is left out.
func (v SelfCareView) Lift(items []tool.Item) Lift {
	sums := make([]int, len(selfcareAreas))
	counts := make([]int, len(selfcareAreas))
	total, n := 0, 0
	for i := range items {
		x := items[i].Value
		before, after := x[v.before], x[v.after]
		if !before.Has || !after.Has {
			continue
		}
		d := after.Num - before.Num
		total += d
		n++
		for j, a := range selfcareAreas {
			if x[v.area].Str == a {
				sums[j] += d
				counts[j]++
			}
		}
	}
	out := Lift{Count: n, Lift: mean(total, n)}
	for j, a := range selfcareAreas {
		out.Areas = append(out.Areas, AreaLift{Area: a, Label: v.labels[j], Count: counts[j], Lift: mean(sums[j], counts[j])})
	}
	return out
}

// mean is sum/n, or nil for none.
func mean(sum, n int) *float64 {
	if n == 0 {
		return nil
	}
	m := float64(sum) / float64(n)
	return &m
}

// liftSchema describes Lift.
var liftSchema = tool.Schema{
	"type": "object", "additionalProperties": false,
	"description": "How much your mood rose, on average, from just before a moment of self-care to just after (after − before, on the 0–10 scale), over the moments that have both moods: in all, and for each area. Self-monitoring, not a clinical measure.",
	"required":    []string{"count", "lift", "areas"},
	"properties": map[string]any{
		"count": count("Moments of self-care with a mood before and after."),
		"lift":  liftValue,
		"areas": tool.Schema{"type": "array", "minItems": len(selfcareAreas), "maxItems": len(selfcareAreas),
			"description": "Body, mind, connection and joy, in that order.",
			"items": tool.Schema{"type": "object", "additionalProperties": false, "required": []string{"area", "label", "count", "lift"},
				"properties": map[string]any{
					"area":  tool.Schema{"type": "string", "enum": selfcareAreas},
					"label": tool.Schema{"type": "string", "description": "The area in words."},
					"count": count("Moments of this area with a mood before and after."),
					"lift":  liftValue,
				}}},
	},
}

var liftValue = tool.Schema{"type": []string{"number", "null"}, "minimum": -10, "maximum": 10,
	"description": "The mean of after − before; null when no moment has both."}
