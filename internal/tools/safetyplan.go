package tools

import (
	"context"
	"time"

	"kintsugi/internal/tool"
)

// SafetyPlanKind names the kind that holds a person's own safety plan, on
// Barbara Stanley and Gregory Brown's Safety Planning Intervention. When
// words that sound like a crisis are saved anywhere, the person's own plan
// is shown first, then the operator's crisis resources: in a hard moment,
// what they wrote for themselves on a calmer day comes before strangers'
// numbers.
const SafetyPlanKind = "safety-plan"

// PlanPart is one filled-in part of a plan, headed in the kind's words.
type PlanPart struct {
	Field string `json:"field"`
	Label string `json:"label"`
	Text  string `json:"text"`
}

// Plan is a single kind's item as a crisis box shows it: its parts that
// hold something, in the order they are declared.
type Plan struct {
	UpdatedAt time.Time  `json:"updated_at"`
	Parts     []PlanPart `json:"parts"`
}

// Empty reports whether the plan holds nothing to show.
func (p Plan) Empty() bool { return len(p.Parts) == 0 }

// PlanOf returns the parts of it, an item of k, that hold something.
func PlanOf(k *tool.Kind, words *tool.Words, it *tool.Item) Plan {
	kw := words.Of(k)
	p := Plan{UpdatedAt: it.UpdatedAt}
	for i, f := range k.Visible() {
		if s := k.Display(&f, &it.Value[i]); s != "" {
			p.Parts = append(p.Parts, PlanPart{Field: f.Name, Label: kw.Fields[f.Name].Label, Text: s})
		}
	}
	return p
}

// OwnPlan reads the person's own safety plan from c, through open (which
// opens a kind's items for them): an empty plan when the catalog has no
// such kind, or the person has written nothing in theirs yet.
func OwnPlan(ctx context.Context, c *tool.Catalog, open func(*tool.Kind) *tool.Items) (Plan, error) {
	k, ok := c.Kind(SafetyPlanKind)
	if !ok {
		return Plan{}, nil
	}
	it, ok, err := open(k).One(ctx)
	if err != nil || !ok {
		return Plan{}, err
	}
	return PlanOf(k, c.Words(), &it), nil
}
