package archive

import (
	"context"

	"kintsugi/internal/record"
	"kintsugi/internal/store"
	"kintsugi/internal/tool"
)

// A single kind (a plan) holds one item per person, and an import never
// gives a person a second one: the archive's is added only to a person who
// has none of that kind yet, and of several in an archive, only the newest
// is. The rest are reported as skipped, like items already there.

// keepSingle notes that the row just added is of the single kind k.
func (im *importer) keepSingle(k *tool.Kind) {
	if im.single == nil {
		im.single = map[*tool.Kind][]int{}
	}
	im.single[k] = append(im.single[k], len(im.rows)-1)
}

// toAdd returns the rows to add, less those of single kinds it must not
// add, and when it left some out, the place in im.rows of each it returns.
func (im *importer) toAdd(ctx context.Context) ([]store.Record, []int, error) {
	skip, err := im.singlesTaken(ctx)
	if err != nil || len(skip) == 0 {
		return im.rows, nil, err
	}
	rows := make([]store.Record, 0, len(im.rows)-len(skip))
	at := make([]int, 0, cap(rows))
	for i := range im.rows {
		if !skip[i] {
			rows, at = append(rows, im.rows[i]), append(at, i)
		}
	}
	return rows, at, nil
}

// singlesTaken returns the rows of single kinds not to add: all of a kind
// the person has an item of, and all but the newest of any other.
func (im *importer) singlesTaken(ctx context.Context) (map[int]bool, error) {
	skip := map[int]bool{}
	for k, rows := range im.single {
		has, err := record.Open(im.store, im.owner, k.Record()).Count(ctx, "")
		if err != nil {
			return nil, err
		}
		newest := rows[0]
		for _, i := range rows {
			if im.rows[i].CreatedAt.After(im.rows[newest].CreatedAt) {
				newest = i
			}
		}
		for _, i := range rows {
			if has > 0 || i != newest {
				skip[i] = true
			}
		}
	}
	return skip, nil
}
