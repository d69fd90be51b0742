package tool

import (
	"context"
	"time"

	"kintsugi/internal/record"
	"kintsugi/internal/store"
)

// Entry is one item on the timeline, of any kind.
type Entry struct {
	Kind *Kind
	Item Item
}

// Step is the step an entry belongs to: its kind's, or for a kind of the
// whole journey (the journal, ratings) the step the item is tied to; 0
// for none.
func (e Entry) Step() int {
	if e.Kind.Step != 0 {
		return e.Kind.Step
	}
	if e.Kind.Index != "" {
		_, i, _ := e.Kind.Field(e.Kind.Index)
		return e.Item.Value[i].Num
	}
	return 0
}

// TimelineQuery asks for one page of the timeline.
type TimelineQuery struct {
	Since, Until time.Time // optional: created in [Since, Until)
	Step         int       // optional: only entries of this step
	Limit        int
	Cursor       string // the id of the last entry of the previous page
}

// timelineScan bounds how many rows one page reads while filtering by
// step, so a step with few entries among many costs a bounded time; the
// page then ends early, with a cursor to go on.
const timelineScan = 5000

// Timeline returns one page of o's items of every kind, newest first, and
// the cursor of the next page ("" at the end).
func (c *Catalog) Timeline(ctx context.Context, s *store.Store, o record.Owner, q TimelineQuery) ([]Entry, string, error) {
	byIndex := make(map[string]*kindReader, len(c.Kinds))
	for _, k := range c.Kinds {
		col := record.Open(s, o, k.rec)
		byIndex[string(col.Index())] = &kindReader{k: k, c: col}
	}
	var after *store.Position
	if q.Cursor != "" {
		at, ok := record.IDTime(q.Cursor)
		if !ok {
			return nil, "", record.ErrCursor
		}
		after = &store.Position{CreatedAt: at, ID: q.Cursor}
	}
	var out []Entry
	scanned, more := 0, false
	var last *store.Position
	err := s.EachRecordInTime(ctx, store.TimeQuery{UserID: o.OwnerID(), After: after, Since: q.Since, Until: q.Until,
		Limit: timelineScan + 1}, func(r *store.Record) error {
		if len(out) == q.Limit || scanned == timelineScan {
			more = true
			return errStop
		}
		scanned++
		last = &store.Position{CreatedAt: r.CreatedAt, ID: r.ID}
		kr, ok := byIndex[string(r.Kind)]
		if !ok {
			return nil // a record that is not a tool's (settings)
		}
		it, err := kr.c.Open(r)
		if err != nil {
			return err
		}
		e := Entry{Kind: kr.k, Item: it}
		if q.Step == 0 || e.Step() == q.Step || kr.k.Parent != nil && kr.k.Parent.Step == q.Step {
			out = append(out, e)
		}
		return nil
	})
	if err != nil && err != errStop {
		return nil, "", err
	}
	next := ""
	if more && last != nil {
		next = last.ID
	}
	return out, next, nil
}

type kindReader struct {
	k *Kind
	c *record.Collection[Values]
}

type stopError struct{}

func (stopError) Error() string { return "stop" }

var errStop error = stopError{}
