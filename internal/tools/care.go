package tools

import (
	"errors"

	"kintsugi/internal/tool"
)

// bindCare gives the tools of steps 7, 8 and 11 their Go: the course of
// resentment and goodwill, the lift of self-care, and the compassion
// exercise's check.
func bindCare(c *tool.Catalog) error {
	fv, err := NewForgivenessView(c)
	if err != nil {
		return err
	}
	sv, err := NewSelfCareView(c)
	if err != nil {
		return err
	}
	check, err := compassionCheck(c)
	if err != nil {
		return err
	}
	return errors.Join(
		c.Bind("forgiveness-rating", tool.Behaviour{
			Views: []tool.View{{Name: "over-time", Of: func(items []tool.Item) any { return fv.Felt(items) }, Schema: feltSchema}},
		}),
		c.Bind("selfcare", tool.Behaviour{
			Views: []tool.View{{Name: "lift", Of: func(items []tool.Item) any { return sv.Lift(items) }, Schema: liftSchema}},
		}),
		c.Bind("compassion", tool.Behaviour{Check: check}),
	)
}
