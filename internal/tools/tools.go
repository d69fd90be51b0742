// Package tools declares the tools of the journey for package tool: each
// step's shape (shape/NN-slug.json) and words (words/<lang>/NN-slug.json),
// and the little Go that is particular to a tool, bound through the
// engine's seams.
package tools

import (
	"embed"
	"errors"
	"io/fs"

	"kintsugi/internal/journey"
	"kintsugi/internal/tool"
)

//go:embed shape/*.json words/en/*.json
var files embed.FS

// Load returns the journey's guide and the catalog of every tool on it,
// with the guide's emotion vocabulary as the "emotions" choice list, in
// English: what the server, the commands and the tests start from.
func Load() (*journey.Guide, *tool.Catalog, error) {
	g, err := journey.Load()
	if err != nil {
		return nil, nil, err
	}
	c, err := catalogOf(g)
	return g, c, err
}

func catalogOf(g *journey.Guide) (*tool.Catalog, error) {
	shapes, _ := fs.Sub(files, "shape")
	words, _ := fs.Sub(files, "words/en")
	emotions := tool.Provided{Labels: map[string]string{}}
	for _, e := range g.Emotions {
		emotions.Values = append(emotions.Values, e.Name)
		emotions.Labels[e.Name] = e.Label
	}
	c, err := tool.Load(shapes, words, map[string]tool.Provided{"emotions": emotions})
	if err != nil {
		return nil, err
	}
	return c, bind(c)
}

// bind gives the kinds that need it their Go, through the engine's
// seams; a declaration that does not fit the Go fails here.
func bind(c *tool.Catalog) error {
	bv, err := NewBoundaryView(c)
	if err != nil {
		return err
	}
	if err := bindCare(c); err != nil {
		return err
	}
	if err := bindPositive(c); err != nil { // the instincts' calibration too
		return err
	}
	if err := bindHardDates(c); err != nil {
		return err
	}
	return errors.Join(
		c.Bind("boundary", tool.Behaviour{
			Summary: &tool.Summary{Of: func(events []tool.Item) any { return bv.Summary(events) }, Schema: summarySchema},
			Order:   bv.Sort,
		}),
	)
}

func count(description string) tool.Schema {
	return tool.Schema{"type": "integer", "minimum": 0, "description": description}
}

// summarySchema describes BoundarySummary.
var summarySchema = tool.Schema{
	"type": "object", "additionalProperties": false, "description": "How the boundary has held, from its log.",
	"required": []string{"held", "crossed", "recent_held", "recent_total"},
	"properties": map[string]any{
		"held":         count("Times it held."),
		"crossed":      count("Times it was crossed."),
		"recent_held":  count("Times it held among the last 10 in the log."),
		"recent_total": count("How many of the last 10 there are (fewer while the log is short)."),
	},
}

// calibrationSchema describes Calibration.
var calibrationSchema = tool.Schema{
	"type": "object", "additionalProperties": false,
	"description": "How often your gut was right, against how sure it felt: over instincts whose outcome is true or false. Self-monitoring, not a clinical measure.",
	"required":    []string{"resolved", "brier", "bins", "enough", "from"},
	"properties": map[string]any{
		"resolved": count("Instincts whose outcome is true or false."),
		"brier": tool.Schema{"type": []string{"number", "null"}, "minimum": 0, "maximum": 1,
			"description": "The mean of (sure/100 − outcome)², outcome 1 for true and 0 for false: 0 is perfectly calibrated; null when none is resolved."},
		"bins": tool.Schema{"type": "array", "minItems": 5, "maxItems": 5, "description": "50–59, 60–69, 70–79, 80–89 and 90–100 % sure.",
			"items": tool.Schema{"type": "object", "additionalProperties": false, "required": []string{"from", "to", "count", "true"},
				"properties": map[string]any{
					"from":  tool.Schema{"type": "integer", "minimum": 50, "maximum": 100},
					"to":    tool.Schema{"type": "integer", "minimum": 50, "maximum": 100},
					"count": count("Resolved instincts this sure."),
					"true":  count("How many of them turned out true."),
				}}},
		"enough": tool.Schema{"type": "boolean", "description": "Whether there are at least 10 resolved instincts, enough to say something."},
		"from": tool.Schema{"type": "object", "additionalProperties": false, "required": []string{"instincts", "ladder"},
			"description": "How many of the resolved came from each kind. A ladder try counts when its rung says how likely the feared thing felt and the try says plainly whether it happened; a likelihood p below 50 % counts as \"it won't happen\" at 100 − p.",
			"properties": map[string]any{
				"instincts": count("Resolved instincts from the instinct log."),
				"ladder":    count("Tries on the trust ladder (step 12)."),
			}},
	},
}
