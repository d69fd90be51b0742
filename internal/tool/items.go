package tool

import (
	"context"
	"errors"
	"time"

	"kintsugi/internal/record"
	"kintsugi/internal/store"
	"kintsugi/internal/valid"
)

// ErrNotFound means the item does not exist or is not the owner's: the
// same answer for both.
var ErrNotFound = record.ErrNotFound

// Item is one decrypted item of a declared kind.
type Item = record.Record[Values]

// skew is how far ahead of the server's clock a back-dated time may be
// and still count as now: a phone's clock is often a little fast.
const skew = 5 * time.Minute

// Items is one owner's items of one kind: the one way every surface
// creates, reads, changes and deletes them.
type Items struct {
	k *Kind
	c *record.Collection[Values]
	s *store.Store
	o record.Owner
}

// Items opens o's items of k.
func (k *Kind) Items(s *store.Store, o record.Owner) *Items {
	return &Items{k: k, c: record.Open(s, o, k.rec), s: s, o: o}
}

// Kind returns the items' kind.
func (it *Items) Kind() *Kind { return it.k }

// Collection returns the record collection underneath, for reading many
// items at once (charts, exports).
func (it *Items) Collection() *record.Collection[Values] { return it.c }

// Create checks and stores a new item. A back-dated time must not be in
// the future; zero means now.
func (it *Items) Create(ctx context.Context, in Input, now time.Time) (Item, error) {
	if err := it.checkNew(&in, now); err != nil {
		return Item{}, err
	}
	if err := it.checkOwned(ctx, in.Values); err != nil {
		return Item{}, err
	}
	if err := it.admit(ctx, in, now); err != nil {
		return Item{}, err
	}
	in.Values = it.k.fresh(in.Values) // what only actions set starts empty
	return it.c.Create(ctx, in.Values, in.CreatedAt)
}

func (it *Items) checkNew(in *Input, now time.Time) error {
	err := it.k.Clean(in.Values)
	if in.CreatedAt.After(now.Add(skew)) {
		var p valid.Problems
		p.Add("created_at", it.k.catalog.words.Message("future", "{name}", it.k.catalog.words.Messages["when"]))
		err = errors.Join(err, p)
	}
	if err != nil {
		return merged(err)
	}
	if in.CreatedAt.After(now) {
		in.CreatedAt = now
	}
	return nil
}

// merged turns problems joined from two checks into one list.
func merged(err error) error {
	var all valid.Problems
	for _, e := range unwrapAll(err) {
		if p, ok := valid.As(e); ok {
			all = append(all, p...)
		}
	}
	if len(all) == 0 {
		return err
	}
	return all
}

func unwrapAll(err error) []error {
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		return j.Unwrap()
	}
	return []error{err}
}

// Get returns one item.
func (it *Items) Get(ctx context.Context, id string) (Item, error) { return it.c.Get(ctx, id) }

// Update checks v and replaces the item's values, keeping when it was
// created.
func (it *Items) Update(ctx context.Context, id string, v Values) (Item, error) {
	if err := it.k.Clean(v); err != nil {
		return Item{}, err
	}
	if err := it.checkOwned(ctx, v); err != nil {
		return Item{}, err
	}
	if n := len(it.k.Visible()); n < len(it.k.Fields) {
		old, err := it.c.Get(ctx, id)
		if err != nil {
			return Item{}, err
		}
		// An event stays with its item; what only actions set stays as
		// they set it.
		v = append(v[:n], old.Value[n:]...)
	}
	item, err := it.c.Update(ctx, id, v)
	if err == nil {
		err = it.changed(ctx, &item, false)
	}
	return item, err
}

// Delete removes an item and every event it owns. Those told of changes
// are told first, so that copies of it (in what a person shared) go
// before it does: a failure leaves both, to be deleted again.
func (it *Items) Delete(ctx context.Context, id string) error {
	if _, err := it.c.Get(ctx, id); err != nil {
		return err
	}
	if err := it.changed(ctx, &Item{ID: id}, true); err != nil {
		return err
	}
	if it.k.Events != nil {
		return it.c.DeleteWith(ctx, id, it.k.Events.Name, ItemTag(id))
	}
	return it.c.Delete(ctx, id)
}

// OnChange sets what is told of every item changed or deleted, after the
// change is stored: the copies in what a person shared follow their
// items so.
func (c *Catalog) OnChange(fn func(ctx context.Context, o record.Owner, k *Kind, item *Item, deleted bool) error) {
	c.onChange = fn
}

func (it *Items) changed(ctx context.Context, item *Item, deleted bool) error {
	if fn := it.k.catalog.onChange; fn != nil {
		return fn(ctx, it.o, it.k, item, deleted)
	}
	return nil
}

// List returns one page of items, newest first; with step, only those
// tied to that step (for a kind indexed by step).
func (it *Items) List(ctx context.Context, limit int, cursor string, step int) ([]Item, string, error) {
	return it.c.List(ctx, record.Page{Limit: limit, Cursor: cursor, Tag: StepTag(step)})
}

// Before returns how many items come before the page List returns for
// cursor (and step), so that a list can be numbered across its pages.
func (it *Items) Before(ctx context.Context, cursor string, step int) (int, error) {
	return it.c.Before(ctx, cursor, StepTag(step))
}

// Events opens the events of the item id, after checking that the item
// exists: another person's item has no events to see.
func (it *Items) Events(ctx context.Context, id string) (*Events, error) {
	if it.k.Events == nil {
		return nil, ErrNotFound
	}
	if _, err := it.c.Get(ctx, id); err != nil {
		return nil, err
	}
	return it.EventsOf(id), nil
}

// EventsOf opens the events of an item the caller has just read, without
// reading it again. It must be one of these items: one that Get or List
// returned.
func (it *Items) EventsOf(id string) *Events {
	return &Events{k: it.k.Events, of: id, c: record.Open(it.s, it.o, it.k.Events.rec)}
}

// Events are the events of one item.
type Events struct {
	k  *Kind
	of string
	c  *record.Collection[Values]
}

// Kind returns the events' kind.
func (e *Events) Kind() *Kind { return e.k }

// Add checks and stores a new event of the item.
func (e *Events) Add(ctx context.Context, in Input, now time.Time) (Item, error) {
	in.Values = append(in.Values, Value{Str: e.of})
	it := &Items{k: e.k, c: e.c}
	if err := it.checkNew(&in, now); err != nil {
		return Item{}, err
	}
	return e.c.Create(ctx, in.Values, in.CreatedAt)
}

// All returns every event of the item, newest first, at most limit.
func (e *Events) All(ctx context.Context, limit int) ([]Item, error) {
	items, _, err := e.c.List(ctx, record.Page{Limit: limit, Tag: ItemTag(e.of)})
	return items, err
}

// Delete removes one event of the item; an event of another item is not
// found.
func (e *Events) Delete(ctx context.Context, id string) error {
	ev, err := e.c.Get(ctx, id)
	if err != nil {
		return err
	}
	if ev.Value[len(ev.Value)-1].Str != e.of {
		return ErrNotFound
	}
	return e.c.Delete(ctx, id)
}
