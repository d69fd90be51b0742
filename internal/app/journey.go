package app

import (
	"context"

	"kintsugi/internal/account"
	"kintsugi/internal/journey"
)

// Journey is the side of the twelve steps p walks, by journey.Choose:
// what they chose in their settings, or else their role in a shared
// space. The web pages and the API both ask here, so the two never
// disagree about whose words a person reads.
func (s Services) Journey(ctx context.Context, p *account.Person) (*journey.Side, error) {
	prof, err := s.Accounts.Profile(ctx, p)
	if err != nil {
		return nil, err
	}
	return s.journeyOf(ctx, p, prof)
}

// journeyOf is Journey with the profile already read.
func (s Services) journeyOf(ctx context.Context, p *account.Person, prof account.Profile) (*journey.Side, error) {
	chosen := journey.Role(prof.Journey)
	var member journey.Role
	if chosen == "" && s.Together != nil {
		role, err := s.Together.Role(ctx, p)
		if err != nil {
			return nil, err
		}
		member = journey.Role(role)
	}
	return s.Guide.For(journey.Choose(chosen, member)), nil
}
