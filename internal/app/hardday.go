package app

import (
	"context"
	"fmt"
	"math/rand/v2"

	"kintsugi/internal/account"
	"kintsugi/internal/tool"
	"kintsugi/internal/tools"
)

// HardDay is a few of a person's own good things and strengths, chosen
// afresh each time, for a day when it is hard to remember any.
type HardDay struct {
	GoodThings []tool.Item
	Strengths  []tool.Item
	// More says whether there are others to choose next time.
	More bool
}

// HardDay picks a hard day's good things and strengths for p at random.
func (s Services) HardDay(ctx context.Context, p *account.Person) (HardDay, error) {
	var out HardDay
	rnd := rand.New(rand.NewPCG(rand.Uint64(), rand.Uint64()))
	for path, pick := range map[string]struct {
		n   int
		dst *[]tool.Item
	}{"good-things": {tools.HardDayGoodThings, &out.GoodThings}, "strengths": {tools.HardDayStrengths, &out.Strengths}} {
		k, ok := s.Tools.ByPath(path)
		if !ok {
			return HardDay{}, fmt.Errorf("app: no kind at %s", path)
		}
		items, total, err := k.Items(s.Store, p).Pick(ctx, pick.n, rnd)
		if err != nil {
			return HardDay{}, err
		}
		*pick.dst = items
		out.More = out.More || total > len(items)
	}
	return out, nil
}
