package tools

import (
	"context"
	"errors"
	"strings"
	"time"

	"kintsugi/internal/tool"
)

// turnInto is the expectation's action: it makes a boundary (step 3) or
// a conversation to plan (step 4) from what the person wrote, and both
// keep the link: the expectation's outcome and a read-only field name
// the item it became, and the new item says in its own words where it
// came from.
type turnInto struct {
	words, need, outcome, boundary, conversation int // of an expectation

	boundaries          *tool.Kind
	bKind, bWords, bWhy int // of a boundary
	conversations       *tool.Kind
	cWith, cNeed, cAsk  int // of a conversation
	// The words it writes: where the new item came from, and whom a
	// conversation is with until the person says.
	from, withWhom string
}

// turnIntoValues are what the action can make; the expectation's outcome
// then says "as-" what it became.
var turnIntoValues = []string{"boundary", "conversation"}

// outcomeOf is the outcome of an expectation turned into what into names.
func outcomeOf(into string) string { return "as-" + into }

// newTurnInto binds the fields turning an expectation into a boundary or
// a conversation reads and writes, and the words it writes them with.
func newTurnInto(c *tool.Catalog) (tool.Action, error) {
	e, err := bindFields(c, "expectation",
		want{name: "expectation", typ: tool.Text},
		want{name: "need", typ: tool.LongText},
		want{name: "outcome", typ: tool.Choice, values: []string{outcomeOf("boundary"), outcomeOf("conversation")}},
		want{name: "boundary", typ: tool.Text},
		want{name: "conversation", typ: tool.Text})
	if err != nil {
		return tool.Action{}, err
	}
	b, err := bindFields(c, "boundary",
		want{name: "kind", typ: tool.Choice, values: []string{"need"}},
		want{name: "words", typ: tool.Text},
		want{name: "why", typ: tool.LongText})
	if err != nil {
		return tool.Action{}, err
	}
	cv, err := bindFields(c, "conversation",
		want{name: "with_whom", typ: tool.Text},
		want{name: "need", typ: tool.LongText},
		want{name: "ask", typ: tool.LongText})
	if err != nil {
		return tool.Action{}, err
	}
	msg, err := kindMessages(c, "expectation", "came_from", "with_whom")
	if err != nil {
		return tool.Action{}, err
	}
	t := &turnInto{words: e[0], need: e[1], outcome: e[2], boundary: e[3], conversation: e[4],
		bKind: b[0], bWords: b[1], bWhy: b[2], cWith: cv[0], cNeed: cv[1], cAsk: cv[2],
		from: msg["came_from"], withWhom: msg["with_whom"]}
	t.boundaries, _ = c.Kind("boundary")
	t.conversations, _ = c.Kind("conversation")
	return tool.Action{Name: "turn-into", Param: "into", Values: turnIntoValues,
		Makes: []string{t.boundaries.Path, t.conversations.Path}, Do: t.do}, nil
}

// prefill returns the values of the item an expectation v becomes: into
// is "boundary" or "conversation".
func (t *turnInto) prefill(v tool.Values, into string) (*tool.Kind, tool.Values) {
	came := strings.ReplaceAll(t.from, "{expectation}", v[t.words].Str)
	withNote := func(s string) string {
		if s == "" {
			return came
		}
		return s + "\n\n" + came
	}
	if into == "boundary" {
		out := make(tool.Values, len(t.boundaries.Visible()))
		out[t.bKind].Str = "need"
		out[t.bWords].Str = v[t.words].Str
		out[t.bWhy].Str = withNote(v[t.need].Str)
		if f, i, ok := t.boundaries.Field("status"); ok && f.Default != "" {
			out[i].Str = f.Default
		}
		return t.boundaries, out
	}
	out := make(tool.Values, len(t.conversations.Visible()))
	out[t.cWith].Str = t.withWhom
	out[t.cAsk].Str = v[t.words].Str
	out[t.cNeed].Str = withNote(v[t.need].Str)
	return t.conversations, out
}

// do makes the new item, then marks the expectation with where it went;
// should that fail, the new item goes again, so neither is left without
// the other.
func (t *turnInto) do(ctx context.Context, items *tool.Items, item tool.Item, into string, now time.Time) (*tool.Kind, tool.Item, error) {
	k, values := t.prefill(item.Value, into)
	made := items.Beside(k)
	it, err := made.Create(ctx, tool.Input{Values: values}, now)
	if err != nil {
		return nil, tool.Item{}, err
	}
	v := append(tool.Values(nil), item.Value...)
	v[t.outcome].Str = outcomeOf(into)
	if into == "boundary" {
		v[t.boundary].Str = it.ID
	} else {
		v[t.conversation].Str = it.ID
	}
	if _, err := items.Set(ctx, item.ID, v); err != nil {
		return nil, tool.Item{}, errors.Join(err, made.Delete(ctx, it.ID))
	}
	return k, it, nil
}
