package app

import (
	"context"
	"time"

	"kintsugi/internal/account"
	"kintsugi/internal/tool"
	"kintsugi/internal/tools"
)

// Today is what the home page and GET /api/v1/today show: one gentle
// offer, the hard date near if there is one, and each step's latest
// rating for the map.
type Today struct {
	Offer *tools.Offer
	Near  *tools.Near // the soonest hard date whose heads-up window holds today
	// NotToday says the person waved today's offer away; Offer is nil.
	NotToday bool
	// Ratings are each step's latest rating, by step number.
	Ratings map[int]int
	// Day is today in the person's time zone, YYYY-MM-DD.
	Day string
}

// How much today reads, whatever the history's length: every hard date
// and boundary (a person has a handful), the newest conversations and
// instincts (those worth offering are recent), the newest rating of each
// step and the newest check-in.
const (
	todayAll           = 500
	todayConversations = 20
	todayInstincts     = 40
)

// Today chooses today's offer for p from what they have and have not done
// lately, with a bounded number of short reads.
func (s Services) Today(ctx context.Context, p *account.Person) (*Today, error) {
	prof, err := s.Accounts.Profile(ctx, p)
	if err != nil {
		return nil, err
	}
	side, err := s.journeyOf(ctx, p, prof)
	if err != nil {
		return nil, err
	}
	view, err := tools.NewTodayView(s.Tools, side.Steps)
	if err != nil {
		return nil, err
	}
	now := time.Now()
	loc := prof.Location()
	l := tools.Lately{Now: now, Loc: loc, Today: tools.Today(now, loc), Visits: map[int]tools.Visit{}}
	out := &Today{Day: l.Today, Ratings: map[int]int{}, NotToday: prof.NotToday == l.Today}
	if err := s.ratingVisits(ctx, p, l.Visits, out.Ratings); err != nil {
		return nil, err
	}
	if l.HardDates, err = s.newest(ctx, p, "hard-dates", todayAll, l.Visits); err != nil {
		return nil, err
	}
	if l.Near = view.HardDates().Near(l.HardDates, l.Today); len(l.Near) > 0 {
		out.Near = &l.Near[0]
	}
	if out.NotToday {
		return out, nil
	}
	if l.Boundaries, err = s.newest(ctx, p, "boundaries", todayAll, l.Visits); err != nil {
		return nil, err
	}
	if l.Conversations, err = s.newest(ctx, p, "conversations", todayConversations, l.Visits); err != nil {
		return nil, err
	}
	if l.Instincts, err = s.newest(ctx, p, "instincts", todayInstincts, l.Visits); err != nil {
		return nil, err
	}
	checkins, err := s.newest(ctx, p, "checkins", 1, l.Visits)
	if err != nil {
		return nil, err
	}
	l.CheckedInToday = len(checkins) == 1 && tools.Today(checkins[0].CreatedAt, loc) == l.Today
	out.Offer = view.Offer(l)
	return out, nil
}

// NotToday waves today's offer away for p until their day is over.
func (s Services) NotToday(ctx context.Context, p *account.Person) error {
	prof, err := s.Accounts.Profile(ctx, p)
	if err != nil {
		return err
	}
	return s.Accounts.SetNotToday(ctx, p, tools.Today(time.Now(), prof.Location()))
}

// ratingVisits reads the newest rating of each step: one short read per
// step, by the step's index, however many ratings there are.
func (s Services) ratingVisits(ctx context.Context, p *account.Person, visits map[int]tools.Visit, latest map[int]int) error {
	k, _ := s.Tools.ByPath("ratings")
	_, value, _ := k.Field("value")
	items := k.Items(s.Store, p)
	for _, st := range s.Guide.Steps {
		newest, _, err := items.List(ctx, 1, "", st.Number)
		if err != nil {
			return err
		}
		if len(newest) == 1 {
			n := newest[0].Value[value].Num
			latest[st.Number] = n
			visits[st.Number] = tools.Visit{At: newest[0].CreatedAt, Rating: n, Rated: true}
		}
	}
	return nil
}

// newest reads the newest n of p's items at path, noting the latest of
// them as a visit to the kind's step.
func (s Services) newest(ctx context.Context, p *account.Person, path string, n int, visits map[int]tools.Visit) ([]tool.Item, error) {
	k, ok := s.Tools.ByPath(path)
	if !ok {
		return nil, nil
	}
	items, _, err := k.Items(s.Store, p).List(ctx, n, "", 0)
	if err != nil {
		return nil, err
	}
	for _, it := range items {
		at := it.UpdatedAt
		if v, seen := visits[k.Step]; k.Step != 0 && (!seen || at.After(v.At)) {
			visits[k.Step] = tools.Visit{At: at}
		}
	}
	return items, nil
}
