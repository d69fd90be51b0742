package tool

import (
	"context"
	"math/rand/v2"

	"kintsugi/internal/store"
)

// maxPick bounds how many items a pick chooses among: decades of daily
// use.
const maxPick = 20_000

// Pick returns n of the owner's items chosen at random, in random order
// (all of them, shuffled, when there are fewer), and how many there are
// to choose from: different ones each time. Only the rows' ids are read
// to choose, and only the items chosen are opened, so a pick among years
// of items costs the few it returns.
func (it *Items) Pick(ctx context.Context, n int, rnd *rand.Rand) ([]Item, int, error) {
	var ids []string
	err := it.c.Rows(ctx, maxPick, func(r *store.Record) error { ids = append(ids, r.ID); return nil })
	if err != nil {
		return nil, 0, err
	}
	out := make([]Item, 0, min(n, len(ids)))
	for _, i := range Choose(len(ids), n, rnd) {
		item, err := it.c.Get(ctx, ids[i])
		if err != nil {
			return nil, 0, err
		}
		out = append(out, item)
	}
	return out, len(ids), nil
}

// Choose returns min(n, total) distinct numbers from 0 to total−1, each
// as likely as any other, in random order: the first steps of a
// Fisher–Yates shuffle.
func Choose(total, n int, rnd *rand.Rand) []int {
	n = max(min(n, total), 0)
	all := make([]int, total)
	for i := range all {
		all[i] = i
	}
	for i := range n {
		j := i + rnd.IntN(total-i)
		all[i], all[j] = all[j], all[i]
	}
	return all[:n]
}
