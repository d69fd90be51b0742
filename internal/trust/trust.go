// Package trust computes the trust estimate of the shared space: how the
// partner's commitments have been kept, as a Beta reputation in the family
// of Jøsang and Ismail's Beta reputation system (2002), written so that
// anyone can check it by hand (docs/trust-model.md).
//
// Each counted check-in i, aᵢ days old, weighs dᵢ = 2^(−aᵢ/h), h the
// half-life the person chose. A kept promise adds dᵢ to the evidence for,
// r; partly kept adds dᵢ/2 to r and w·dᵢ/2 to the evidence against, s; a
// broken one adds w·dᵢ to s, or w·dᵢ/2 when the partner told before it was
// found out. w is how much more a breach weighs than a kept promise. With
// α = 1 + r and β = 1 + s, the estimate is α/(α+β), with a 90 % credible
// interval between the 0.05 and 0.95 quantiles of Beta(α, β).
//
// It is a mirror, not a verdict: the numbers only say what was recorded.
package trust

import (
	"errors"
	"math"
	"time"

	"gonum.org/v1/gonum/stat/distuv"
)

// Outcome is how a commitment was kept at one check-in.
type Outcome string

const (
	Kept   Outcome = "kept"
	Partly Outcome = "partly"
	Broken Outcome = "broken"
)

// CheckIn is one counted check-in on a commitment: one the person made, or
// one the partner made that the person confirmed, with the outcome the
// person confirmed.
type CheckIn struct {
	At        time.Time
	Outcome   Outcome
	Disclosed bool // a breach the partner told of before it was found out
}

// Settings are the person's own choices.
type Settings struct {
	HalfLifeDays int     // how many days until a check-in weighs half (7–730)
	BreachWeight float64 // how much more a breach weighs than a kept promise (1–10)
}

// Defaults are the settings until the person chooses: a season's
// half-life, and a breach weighing three kept promises.
var Defaults = Settings{HalfLifeDays: 90, BreachWeight: 3}

// The bounds of the settings.
const (
	MinHalfLife, MaxHalfLife = 7, 730
	MinBreach, MaxBreach     = 1.0, 10.0
)

// ErrSettings means a setting is out of its bounds.
var ErrSettings = errors.New("trust: half-life must be 7 to 730 days and breach weight 1 to 10")

// Check reports whether the settings are within their bounds.
func (s Settings) Check() error {
	if s.HalfLifeDays < MinHalfLife || s.HalfLifeDays > MaxHalfLife ||
		!(s.BreachWeight >= MinBreach && s.BreachWeight <= MaxBreach) {
		return ErrSettings
	}
	return nil
}

// Estimate is a Beta(α, β) belief that the next check-in is a kept one:
// its mean and its 90 % credible interval.
type Estimate struct {
	Mean  float64 `json:"mean"`
	Lower float64 `json:"lower"`
	Upper float64 `json:"upper"`
	Alpha float64 `json:"alpha"`
	Beta  float64 `json:"beta"`
}

// Weight is what a check-in aged days weighs under a half-life.
func Weight(ageDays float64, halfLifeDays int) float64 {
	if ageDays < 0 {
		ageDays = 0 // a check-in dated a little ahead weighs as a fresh one
	}
	return math.Exp2(-ageDays / float64(halfLifeDays))
}

// Evidence sums the check-ins made by now into evidence for (r) and
// against (s); later ones are not counted yet.
func Evidence(checkins []CheckIn, s Settings, now time.Time) (r, against float64) {
	w := s.BreachWeight
	for _, c := range checkins {
		if c.At.After(now) {
			continue
		}
		d := Weight(now.Sub(c.At).Hours()/24, s.HalfLifeDays)
		switch c.Outcome {
		case Kept:
			r += d
		case Partly:
			r += d / 2
			against += w * d / 2
		case Broken:
			if c.Disclosed {
				against += w * d / 2
			} else {
				against += w * d
			}
		}
	}
	return r, against
}

// Of is the estimate from the check-ins made by now.
func Of(checkins []CheckIn, s Settings, now time.Time) Estimate {
	r, against := Evidence(checkins, s, now)
	return FromEvidence(r, against)
}

// FromEvidence is the estimate for evidence r for and s against.
func FromEvidence(r, s float64) Estimate {
	b := distuv.Beta{Alpha: 1 + r, Beta: 1 + s}
	return Estimate{Mean: b.Alpha / (b.Alpha + b.Beta), Lower: b.Quantile(0.05), Upper: b.Quantile(0.95),
		Alpha: b.Alpha, Beta: b.Beta}
}

// Week is the estimate as it stood at the end of one week.
type Week struct {
	Start    string   `json:"start"` // the Monday, YYYY-MM-DD, in the person's time zone
	Estimate Estimate `json:"estimate"`
}

// maxWeeks bounds a history: ten years of weeks.
const maxWeeks = 520

// History is the estimate at the end of each week, Monday to Sunday in
// loc, from the week of the first check-in to the week of now (the
// current week's as of now), at most the last ten years of weeks.
func History(checkins []CheckIn, s Settings, now time.Time, loc *time.Location) []Week {
	var first time.Time
	for _, c := range checkins {
		if !c.At.After(now) && (first.IsZero() || c.At.Before(first)) {
			first = c.At
		}
	}
	if first.IsZero() {
		return nil
	}
	start := monday(first.In(loc))
	if limit := monday(now.In(loc)).AddDate(0, 0, -7*(maxWeeks-1)); start.Before(limit) {
		start = limit
	}
	var weeks []Week
	for w := start; !w.After(now); w = w.AddDate(0, 0, 7) {
		end := w.AddDate(0, 0, 7)
		if end.After(now) {
			end = now
		}
		weeks = append(weeks, Week{Start: w.Format(time.DateOnly), Estimate: Of(checkins, s, end)})
	}
	return weeks
}

// monday is the start of t's week, at midnight in t's location.
func monday(t time.Time) time.Time {
	d := time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, t.Location())
	return d.AddDate(0, 0, -((int(d.Weekday()) + 6) % 7))
}
