package tools

import (
	"kintsugi/internal/tool"
	"kintsugi/internal/valid"
)

// compassionCheck returns the cross-field check of the "compassion" kind:
// the exercise chosen must have at least one of its parts written. The
// other exercise's parts may hold words too (a person may have started
// both, or changed their mind) and are kept; what is refused is saving an
// exercise with nothing in it. The message is the first part's words for
// "required", which the declaration leaves to this check.
func compassionCheck(c *tool.Catalog) (func(tool.Values, *valid.Problems), error) {
	at, err := bindFields(c, "compassion",
		want{name: "exercise", typ: tool.Choice, values: []string{"self", "their-side"}},
		want{name: "noticing", typ: tool.LongText},
		want{name: "common", typ: tool.LongText},
		want{name: "kindness", typ: tool.LongText},
		want{name: "their_pressures", typ: tool.LongText},
		want{name: "their_choice", typ: tool.LongText},
		want{name: "for_you", typ: tool.LongText})
	if err != nil {
		return nil, err
	}
	k, _ := c.Kind("compassion")
	fields := c.Words().Of(k).Fields
	parts := map[string][]int{"self": at[1:4], "their-side": at[4:7]}
	first := map[string]string{"self": "noticing", "their-side": "their_pressures"}
	return func(v tool.Values, p *valid.Problems) {
		chosen := v[at[0]].Str
		for _, i := range parts[chosen] {
			if v[i].Str != "" {
				return
			}
		}
		if name, ok := first[chosen]; ok {
			p.Add(name, fields[name].Required)
		}
	}, nil
}
