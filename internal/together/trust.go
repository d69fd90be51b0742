package together

import (
	"context"
	"time"

	"kintsugi/internal/record"
	"kintsugi/internal/trust"
	"kintsugi/internal/valid"
)

// The trust estimate reads the ledger of counted check-ins under the
// person's own settings, kept in the space so both see the same estimate
// and only the person can change how it weighs (docs/trust-model.md).

// MaxLedger bounds how many check-ins the estimate reads: the newest, more
// than a decade of daily check-ins on several commitments at once.
const MaxLedger = 20_000

var settingsKind = record.Kind[trust.Settings]{Name: "together-trust-settings"}

func (s *Service) settings(sp *Space) *record.Collection[trust.Settings] {
	return record.Open(s.store, sp, settingsKind)
}

// TrustSettings returns the person's settings for the estimate, or the
// defaults until they choose.
func (s *Service) TrustSettings(ctx context.Context, sp *Space) (trust.Settings, error) {
	got, _, err := s.settings(sp).List(ctx, record.Page{Limit: 1})
	if err != nil || len(got) == 0 {
		return trust.Defaults, err
	}
	return got[0].Value, nil
}

// SetTrustSettings keeps the person's settings: theirs alone to choose.
func (s *Service) SetTrustSettings(ctx context.Context, sp *Space, set trust.Settings) (trust.Settings, error) {
	if err := s.writable(ctx, sp, RolePerson); err != nil {
		return set, err
	}
	var p valid.Problems
	if set.HalfLifeDays < trust.MinHalfLife || set.HalfLifeDays > trust.MaxHalfLife {
		p.Add("half_life_days", "The half-life is a number of days from 7 to 730.")
	}
	if !(set.BreachWeight >= trust.MinBreach && set.BreachWeight <= trust.MaxBreach) {
		p.Add("breach_weight", "The weight of a breach is a number from 1 to 10.")
	}
	if err := p.Err(); err != nil {
		return set, err
	}
	c := s.settings(sp)
	got, _, err := c.List(ctx, record.Page{Limit: 1})
	if err != nil {
		return set, err
	}
	if len(got) > 0 {
		_, err = c.Update(ctx, got[0].ID, set)
	} else {
		_, err = c.Create(ctx, set, s.now())
	}
	return set, err
}

// CommitmentTrust is the estimate from one commitment's check-ins.
type CommitmentTrust struct {
	ID       string
	Text     string
	Status   string
	Counted  int
	Estimate trust.Estimate
}

// Trust is the estimate as both members see it.
type Trust struct {
	Overall     trust.Estimate
	Commitments []CommitmentTrust // the accepted and ended, in the listing's order
	History     []trust.Week
	Settings    trust.Settings
	Counted     int // check-ins counted
	Waiting     int // the partner's check-ins waiting for the person to confirm
}

// Trust computes the estimate now, with weeks in loc (the viewer's zone).
func (s *Service) Trust(ctx context.Context, sp *Space, loc *time.Location) (Trust, error) {
	set, err := s.TrustSettings(ctx, sp)
	if err != nil {
		return Trust{}, err
	}
	all, err := s.Commitments(ctx, sp)
	if err != nil {
		return Trust{}, err
	}
	ledger, _, err := s.checkins(sp).List(ctx, record.Page{Limit: MaxLedger})
	if err != nil {
		return Trust{}, err
	}
	by := map[string][]trust.CheckIn{}
	out := Trust{Settings: set}
	for _, c := range ledger {
		o, ok := c.Value.Counted()
		if !ok {
			out.Waiting++
			continue
		}
		by[c.Value.Commitment] = append(by[c.Value.Commitment], trust.CheckIn{At: c.CreatedAt, Outcome: o, Disclosed: c.Value.Disclosed})
	}
	now := s.now()
	var pooled []trust.CheckIn
	for _, c := range all {
		if c.Value.Status != Accepted && c.Value.Status != Ended {
			continue
		}
		ins := by[c.ID]
		pooled = append(pooled, ins...)
		out.Commitments = append(out.Commitments, CommitmentTrust{ID: c.ID, Text: c.Value.Text, Status: c.Value.Status,
			Counted: len(ins), Estimate: trust.Of(ins, set, now)})
	}
	out.Counted = len(pooled)
	out.Overall = trust.Of(pooled, set, now)
	out.History = trust.History(pooled, set, now, loc)
	return out, nil
}
