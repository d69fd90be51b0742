package app

import (
	"context"
	"errors"
	"time"

	"kintsugi/internal/account"
	"kintsugi/internal/record"
	"kintsugi/internal/store"
	"kintsugi/internal/tool"
	"kintsugi/internal/tools"
)

// Search reads everything a person wrote, newest first, opening each
// record with their key and matching it in memory: no index of their
// words is ever stored, in the clear or otherwise (docs/security.md).
// One request reads at most searchRows records and for at most
// searchTime; a search that stops there says where to go on from.

// The bounds of one search request. Five years of daily use is about
// 14,000 records, read in one request well within the time.
const (
	searchRows = 30_000
	searchTime = 2 * time.Second
	// ExcerptRunes is how long an excerpt of a match is.
	ExcerptRunes = 160
)

// Found is one item a search found.
type Found struct {
	Kind    *tool.Kind
	Item    tool.Item
	Excerpt string
	// Href is the item's page: an event's is its item's.
	Href string
}

// Search returns one page of p's items of every kind that hold every word
// of q, newest first, at most limit, and the cursor to go on from ("" at
// the end). A page may hold fewer than limit, even none, and still have a
// cursor: the request reached its bounds before the end of the history.
func (s Services) Search(ctx context.Context, p *account.Person, q tools.Query, limit int, cursor string) ([]Found, string, error) {
	byIndex := make(map[string]*tool.Kind, len(s.Tools.Kinds))
	open := make(map[*tool.Kind]*record.Collection[tool.Values], len(s.Tools.Kinds))
	for _, k := range s.Tools.Kinds {
		c := record.Open(s.Store, p, k.Record())
		byIndex[string(c.Index())], open[k] = k, c
	}
	var after *store.Position
	if cursor != "" {
		at, ok := record.IDTime(cursor)
		if !ok {
			return nil, "", record.ErrCursor
		}
		after = &store.Position{CreatedAt: at, ID: cursor}
	}
	scan := tools.NewScanner(q)
	var scratch []byte
	start := time.Now()
	var found []Found
	var last string
	scanned, more := 0, false
	err := s.Store.EachRecordInTime(ctx, store.TimeQuery{UserID: p.OwnerID(), After: after, Limit: searchRows + 1}, func(r *store.Record) error {
		if len(found) == limit || scanned == searchRows || scanned%256 == 0 && scanned > 0 && time.Since(start) > searchTime {
			more = true
			return errStop
		}
		scanned++
		last = r.ID
		k, ok := byIndex[string(r.Kind)]
		if !ok {
			return nil // not a tool's record (the profile)
		}
		// Most records hold none of the words: their bytes say so
		// before anything is decoded.
		it, maybe, err := open[k].OpenIf(r, &scratch, scan.MayMatch)
		if err != nil || !maybe {
			return err
		}
		if texts := k.Texts(it.Value); len(texts) > 0 && scan.Matches(texts) {
			found = append(found, Found{Kind: k, Item: it})
		}
		return nil
	})
	if err != nil && !errors.Is(err, errStop) {
		return nil, "", err
	}
	for i := range found {
		f := &found[i]
		f.Excerpt = q.Excerpt(f.Kind.Texts(f.Item.Value), ExcerptRunes)
		f.Href = "/" + f.Kind.Path + "/" + f.Item.ID
		switch {
		case f.Kind.Single:
			f.Href = "/" + f.Kind.Path
		case f.Kind.Parent != nil:
			f.Href = "/" + f.Kind.Parent.Path + "/" + f.Item.Value[len(f.Item.Value)-1].Str
		}
	}
	if !more {
		last = ""
	}
	return found, last, nil
}

var errStop = errors.New("stop")
