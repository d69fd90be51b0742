package tools

import (
	"errors"

	"kintsugi/internal/tool"
)

// bindPositive gives steps 9, 10 and 12 their Go: three good things a
// day, turning an expectation into a boundary or a conversation, and the
// trust ladder, whose predictions count in step 5's calibration too.
func bindPositive(c *tool.Catalog) error {
	admit, err := goodThingsAdmit(c)
	if err != nil {
		return err
	}
	turn, err := newTurnInto(c)
	if err != nil {
		return err
	}
	lv, err := NewLadderView(c)
	if err != nil {
		return err
	}
	iv, err := NewInstinctView(c)
	if err != nil {
		return err
	}
	return errors.Join(
		c.Bind("good-thing", tool.Behaviour{Admit: admit}),
		c.Bind("expectation", tool.Behaviour{Actions: []tool.Action{turn}}),
		c.Bind("rung", tool.Behaviour{
			Summary: &tool.Summary{Of: func(tries []tool.Item) any { return lv.Summary(tries) }, Schema: rungSummarySchema},
			Order:   lv.Sort,
			Views: []tool.View{{Name: "climb", Schema: climbSchema, Also: []string{"rung-attempt"},
				OfAll: func(rungs []tool.Item, also [][]tool.Item) any { return lv.Climb(rungs, also[0]) }}},
		}),
		c.Bind("instinct", tool.Behaviour{
			Views: []tool.View{{Name: "calibration", Schema: calibrationSchema, Also: []string{"rung", "rung-attempt"},
				OfAll: func(instincts []tool.Item, also [][]tool.Item) any {
					return iv.Calibration(instincts, lv.Predictions(also[0], also[1])...)
				}}},
		}),
	)
}

func fear(description string) tool.Schema {
	return tool.Schema{"type": []string{"integer", "null"}, "minimum": 0, "maximum": 10, "description": description}
}

func meanFear(description string) tool.Schema {
	return tool.Schema{"type": []string{"number", "null"}, "minimum": 0, "maximum": 10, "description": description}
}

// rungSummaryProperties are RungSummary's members, in a rung's summary
// and in each rung of the climb.
func rungSummaryProperties() map[string]any {
	return map[string]any{
		"tries":             count("Times you tried this step."),
		"came_true":         count("Tries after which you said what you feared happened."),
		"partly":            count("Tries after which you said some of it happened."),
		"first_fear_before": fear("Your fear just before the first try; null before any."),
		"last_fear_after":   fear("Your fear after the latest try; null before any."),
		"fears": tool.Schema{"type": "array", "description": "Your fear just before and after each try, oldest first.",
			"items": tool.Schema{"type": "object", "additionalProperties": false, "required": []string{"before", "after"},
				"properties": map[string]any{
					"before": tool.Schema{"type": "integer", "minimum": 0, "maximum": 10, "description": "Just before the try."},
					"after":  tool.Schema{"type": "integer", "minimum": 0, "maximum": 10, "description": "Just after it."},
				}}},
	}
}

var rungSummaryRequired = []string{"tries", "came_true", "partly", "first_fear_before", "last_fear_after", "fears"}

// rungSummarySchema describes RungSummary.
var rungSummarySchema = tool.Schema{
	"type": "object", "additionalProperties": false, "required": rungSummaryRequired,
	"description": "How the tries of this rung went: the fear before the first and after the latest, and how often what you feared came true.",
	"properties":  rungSummaryProperties(),
}

// climbSchema describes Climb.
var climbSchema = tool.Schema{
	"type": "object", "additionalProperties": false,
	"description": "Your whole ladder, the least feared rung first: how far you have climbed, how your fear moved, and how often what you feared came true. Self-monitoring, not a clinical measure.",
	"required":    []string{"rungs", "climbed", "tries", "came_true", "partly", "mean_fear_before", "mean_fear_after"},
	"properties": map[string]any{
		"rungs": tool.Schema{"type": "array", "description": "Every rung, in ladder order.",
			"items": tool.Schema{"type": "object", "additionalProperties": false,
				"required": append([]string{"id", "what", "fear_expected"}, rungSummaryRequired...),
				"properties": func() map[string]any {
					p := rungSummaryProperties()
					p["id"] = tool.Schema{"type": "string", "minLength": 1, "description": "The rung's id."}
					p["what"] = tool.Schema{"type": "string", "description": "The step, in your words."}
					p["fear_expected"] = tool.Schema{"type": "integer", "minimum": 0, "maximum": 10, "description": "The fear you expected, 0 to 10."}
					return p
				}()}},
		"climbed":          count("Rungs you have tried at least once."),
		"tries":            count("Tries of every rung."),
		"came_true":        count("Tries after which you said what you feared happened."),
		"partly":           count("Tries after which you said some of it happened."),
		"mean_fear_before": meanFear("The mean of your fear just before each try; null before any."),
		"mean_fear_after":  meanFear("The mean of your fear after each try; null before any."),
	},
}
