package tool

import (
	"context"
	"fmt"
	"time"

	"kintsugi/internal/record"
)

// A kind declared "single" holds one item per person at most: a plan (for
// self-care, for safety) rather than a log of many. It is read and
// replaced whole: it has no list, no id in its address and no events, and
// the API serves it as GET and PUT /api/v1/{path}.
//
// Before anything is written, reading it gives every field empty, with no
// id and no times (AppendNone): everyone has the plan, blank until they
// fill it in, so reading it is never "not found". Writing it checks it
// like a new item of any kind. The one item is the newest of the kind: an
// import adds one only to a person who has none (package archive).

// checkSingle refuses what a single kind cannot have.
func (k *Kind) checkSingle() error {
	switch {
	case !k.Single:
		return nil
	case k.Events != nil:
		return fmt.Errorf("kind %s: a single kind cannot have events", k.Name)
	case k.Index != "":
		return fmt.Errorf("kind %s: a single kind cannot be indexed by step", k.Name)
	}
	return nil
}

// One returns the owner's item of a single kind, and whether there is
// one yet.
func (it *Items) One(ctx context.Context) (Item, bool, error) {
	items, _, err := it.c.List(ctx, record.Page{Limit: 1})
	if err != nil || len(items) == 0 {
		return Item{}, false, err
	}
	return items[0], true, nil
}

// Put checks v and makes it the owner's item of a single kind: it
// replaces the one there is, which keeps when it was first written, or
// writes the first one. Either way it is checked as Update and Create
// check an item of any kind.
func (it *Items) Put(ctx context.Context, v Values) (Item, error) {
	if !it.k.Single {
		return Item{}, fmt.Errorf("tool: kind %s is not single", it.k.Name)
	}
	old, ok, err := it.One(ctx)
	if err != nil {
		return Item{}, err
	}
	if ok {
		return it.Update(ctx, old.ID, v)
	}
	return it.Create(ctx, Input{Values: v}, time.Now())
}

// AppendNone appends the item of a single kind that has not been written
// yet, as AppendJSON writes one: every field empty, and null for its id
// and times.
func (k *Kind) AppendNone(b []byte, extra ...[]byte) []byte {
	b = append(b, `{"id":null,"created_at":null,"updated_at":null`...)
	b = appendFields(b, k.Shown(), make(Values, len(k.Shown())), true)
	for _, e := range extra {
		b = append(b, e...)
	}
	return append(b, '}')
}
