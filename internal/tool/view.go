package tool

import (
	"context"

	"kintsugi/internal/record"
	"kintsugi/internal/store"
)

// Reading reads what view v of k needs of o's items, at most limit of
// each kind, and returns the reading: every item of k, newest first, and
// for a view that reads other kinds too (the calibration of instincts
// reads the ladder's attempts), every item of each of them.
func (k *Kind) Reading(ctx context.Context, s *store.Store, o record.Owner, v View, limit int) (any, error) {
	items, _, err := k.Items(s, o).List(ctx, limit, "", 0)
	if err != nil {
		return nil, err
	}
	if v.OfAll == nil {
		return v.Of(items), nil
	}
	also := make([][]Item, len(v.Also))
	for i, name := range v.Also {
		other := k.catalog.byName[name]
		if also[i], _, err = record.Open(s, o, other.rec).List(ctx, record.Page{Limit: limit}); err != nil {
			return nil, err
		}
	}
	return v.OfAll(items, also), nil
}

// ItemOf returns the id of the item an event belongs to.
func ItemOf(event *Item) string { return event.Value[len(event.Value)-1].Str }
