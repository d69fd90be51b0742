package app

import (
	"context"
	"errors"
	"time"

	"kintsugi/internal/account"
	"kintsugi/internal/tool"
	"kintsugi/internal/tools"
)

// maxCheckinsRead bounds the check-ins read to suggest milestones from:
// decades of daily use.
const maxCheckinsRead = 20_000

// ErrNoSuggestion means a suggestion key names nothing offered now (or
// something already kept or dismissed).
var ErrNoSuggestion = errors.New("no such suggestion")

// Suggestions are the milestones a person's own check-ins suggest and
// they have not yet kept or dismissed, oldest first.
func (s Services) Suggestions(ctx context.Context, p *account.Person) ([]tools.Suggestion, error) {
	view, err := tools.NewCheckinView(s.Tools)
	if err != nil {
		return nil, err
	}
	prof, err := s.Accounts.Profile(ctx, p)
	if err != nil {
		return nil, err
	}
	checkins, _ := s.Tools.ByPath("checkins")
	items, _, err := checkins.Items(s.Store, p).List(ctx, maxCheckinsRead, "", 0)
	if err != nil {
		return nil, err
	}
	return view.Suggest(items, prof.Location(), time.Now(), prof.Settled), nil
}

// Settle keeps a suggestion as a milestone (keep) or dismisses it; either
// way it is not offered again. It returns the milestone kept, if one.
func (s Services) Settle(ctx context.Context, p *account.Person, key string, keep bool) (*tool.Item, error) {
	all, err := s.Suggestions(ctx, p)
	if err != nil {
		return nil, err
	}
	var found *tools.Suggestion
	for i := range all {
		if all[i].Key == key {
			found = &all[i]
		}
	}
	if found == nil {
		return nil, ErrNoSuggestion
	}
	var kept *tool.Item
	if keep {
		milestones, _ := s.Tools.ByPath("milestones")
		in, err := milestones.ReadJSON([]byte(`{}`), false)
		if err != nil {
			return nil, err
		}
		for name, v := range map[string]string{"title": found.Title, "on": found.On, "note": found.Note} {
			if _, i, ok := milestones.Field(name); ok {
				in.Values[i].Str = v
			}
		}
		it, err := milestones.Items(s.Store, p).Create(ctx, in, time.Time{})
		if err != nil {
			return nil, err
		}
		kept = &it
	}
	return kept, s.Accounts.Settle(ctx, p, key)
}
