package account

import (
	"context"
	"errors"
	"slices"
	"time"

	"kintsugi/internal/record"
	"kintsugi/internal/store"
	"kintsugi/internal/valid"
)

// Profile is what a person sets about themselves rather than writes: for
// now, their time zone, which decides what "today", "this week" and a date
// mean everywhere. It is sealed like everything they write: a time zone
// says roughly where someone lives.
type Profile struct {
	TimeZone string `json:"time_zone,omitempty"`
	// Settled are the suggested milestones the person kept or dismissed,
	// by key, so that none is offered twice.
	Settled []string `json:"settled,omitempty"`
	// StayOnExit keeps the session going when the person leaves quickly;
	// by default leaving quickly also signs them out.
	StayOnExit bool `json:"stay_on_exit,omitempty"`
	// NotToday is the day (YYYY-MM-DD, in their time zone) on which the
	// person waved today's suggestion away: until it is over, the home
	// page offers nothing.
	NotToday string `json:"not_today,omitempty"`
	// Journey is whose side of the twelve steps the person chose to
	// walk: "person" (I was hurt) or "partner" (I caused the hurt); ""
	// until they choose, when their role in a shared space decides
	// (journey.Choose).
	Journey string `json:"journey,omitempty"`
	// SignInNotice tells the person on the home page of each sign-in
	// since SignInsSeenAt, when they last looked (their sessions page or
	// "Got it").
	SignInNotice  bool      `json:"sign_in_notice,omitempty"`
	SignInsSeenAt time.Time `json:"sign_ins_seen_at,omitzero"`
}

// maxSettled bounds the settled suggestions kept: far more than the
// product suggests.
const maxSettled = 500

// profiles is the kind of a person's one profile record.
var profiles = record.Kind[Profile]{Name: "profile"}

// Location returns the profile's time zone, or UTC when none is set.
func (p Profile) Location() *time.Location {
	if loc, err := time.LoadLocation(p.TimeZone); err == nil && p.TimeZone != "" {
		return loc
	}
	return time.UTC
}

// CheckTimeZone checks an IANA time zone name, such as Europe/Berlin.
func CheckTimeZone(p *valid.Problems, name string) {
	if len(name) > 64 || name == "" || name == "Local" {
		p.Add("time_zone", "Choose a time zone by its name, such as Europe/Berlin or America/Chicago.")
		return
	}
	if _, err := time.LoadLocation(name); err != nil {
		p.Add("time_zone", "That is not a time zone this server knows. Choose one by its name, such as Europe/Berlin.")
	}
}

// Profile returns the person's profile (empty when they have none yet).
func (s *Service) Profile(ctx context.Context, p *Person) (Profile, error) {
	items, _, err := record.Open(s.store, p, profiles).List(ctx, record.Page{Limit: 1})
	if err != nil || len(items) == 0 {
		return Profile{}, err
	}
	return items[0].Value, nil
}

// SetTimeZone checks and keeps the person's time zone.
func (s *Service) SetTimeZone(ctx context.Context, p *Person, tz string) error {
	var problems valid.Problems
	if CheckTimeZone(&problems, tz); problems != nil {
		return problems
	}
	return s.updateProfile(ctx, p, func(pr *Profile) { pr.TimeZone = tz })
}

// SetStayOnExit chooses whether leaving quickly keeps the person signed in.
func (s *Service) SetStayOnExit(ctx context.Context, p *Person, stay bool) error {
	return s.updateProfile(ctx, p, func(pr *Profile) { pr.StayOnExit = stay })
}

// SetJourney keeps whose side of the twelve steps the person walks:
// "person" or "partner".
func (s *Service) SetJourney(ctx context.Context, p *Person, side string) error {
	if side != "person" && side != "partner" {
		var problems valid.Problems
		problems.Add("journey", "Choose whose journey this is: yours as the one who was hurt, or yours as the one who caused the hurt.")
		return problems
	}
	return s.updateProfile(ctx, p, func(pr *Profile) { pr.Journey = side })
}

// SetSignInNotice chooses whether the home page tells of new sign-ins:
// from now on, when turned on.
func (s *Service) SetSignInNotice(ctx context.Context, p *Person, on bool) error {
	now := s.now().UTC()
	return s.updateProfile(ctx, p, func(pr *Profile) {
		if on && !pr.SignInNotice {
			pr.SignInsSeenAt = now
		}
		pr.SignInNotice = on
	})
}

// SignInsSeen remembers that the person has seen the sign-ins until now;
// it writes nothing unless they asked to be told of them.
func (s *Service) SignInsSeen(ctx context.Context, p *Person) error {
	prof, err := s.Profile(ctx, p)
	if err != nil || !prof.SignInNotice {
		return err
	}
	now := s.now().UTC()
	return s.updateProfile(ctx, p, func(pr *Profile) { pr.SignInsSeenAt = now })
}

// SetNotToday remembers that the person waved today's suggestion away on
// day (YYYY-MM-DD in their time zone).
func (s *Service) SetNotToday(ctx context.Context, p *Person, day string) error {
	return s.updateProfile(ctx, p, func(pr *Profile) { pr.NotToday = day })
}

// Settle remembers that the person kept or dismissed a suggestion.
func (s *Service) Settle(ctx context.Context, p *Person, key string) error {
	return s.updateProfile(ctx, p, func(pr *Profile) {
		if !slices.Contains(pr.Settled, key) && len(pr.Settled) < maxSettled {
			pr.Settled = append(pr.Settled, key)
		}
	})
}

// updateProfile changes the person's profile record, making it if they
// have none.
func (s *Service) updateProfile(ctx context.Context, p *Person, change func(*Profile)) error {
	c := record.Open(s.store, p, profiles)
	items, _, err := c.List(ctx, record.Page{Limit: 1})
	if err != nil {
		return err
	}
	if len(items) == 0 {
		var pr Profile
		change(&pr)
		_, err = c.Create(ctx, pr, time.Time{})
		return err
	}
	pr := items[0].Value
	change(&pr)
	if _, err = c.Update(ctx, items[0].ID, pr); errors.Is(err, store.ErrNotFound) {
		_, err = c.Create(ctx, pr, time.Time{})
	}
	return err
}
