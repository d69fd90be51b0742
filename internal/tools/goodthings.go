package tools

import (
	"fmt"
	"maps"
	"slices"

	"kintsugi/internal/tool"
	"kintsugi/internal/valid"
)

// goodThingsPerDay is how many good things one day holds. The practice
// asks for three; more would turn noticing into a chore to keep up.
const goodThingsPerDay = 3

// Hard-day picks: how many good things and strengths a hard day brings
// back, few enough to read slowly.
const (
	HardDayGoodThings = 3
	HardDayStrengths  = 2
)

// goodThingsAdmit returns the check that refuses a fourth good thing on
// one day of the person's own, in the kind's words: a plain limit,
// said kindly, never a reproach.
func goodThingsAdmit(c *tool.Catalog) (func(day []tool.Item, v tool.Values, p *valid.Problems), error) {
	msg, err := kindMessages(c, "good-thing", "per_day")
	if err != nil {
		return nil, err
	}
	return func(day []tool.Item, _ tool.Values, p *valid.Problems) {
		if len(day) >= goodThingsPerDay {
			p.Add("created_at", msg["per_day"])
		}
	}, nil
}

// kindMessages returns the sentences the Go of kind says, by key, and
// fails when the kind's words lack one or have one the Go does not say.
func kindMessages(c *tool.Catalog, kind string, keys ...string) (map[string]string, error) {
	k, ok := c.Kind(kind)
	if !ok {
		return nil, fmt.Errorf("tools: no kind %q", kind)
	}
	have := c.Words().Of(k).Messages
	for _, key := range keys {
		if have[key] == "" {
			return nil, fmt.Errorf("tools: the words of %s lack the message %q", kind, key)
		}
	}
	for key := range have {
		if !slices.Contains(keys, key) {
			return nil, fmt.Errorf("tools: the words of %s have a message %q that nothing says", kind, key)
		}
	}
	return maps.Clone(have), nil
}
