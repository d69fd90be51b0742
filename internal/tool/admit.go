package tool

import (
	"context"
	"time"

	"kintsugi/internal/valid"
)

// maxDay bounds how many of a day's items an Admit check reads: far more
// than any day holds.
const maxDay = 1000

// admit runs the kind's Admit check, if it has one, on a new item that
// has passed every other: with the owner's items made the same day as it
// (back-dated or now) in their time zone, oldest first.
func (it *Items) admit(ctx context.Context, in Input, now time.Time) error {
	check := it.k.behaviour.Admit
	if check == nil {
		return nil
	}
	at := in.CreatedAt
	if at.IsZero() {
		at = now
	}
	from, to := Day(at, in.Zone)
	day, err := it.c.Span(ctx, from, to, "", maxDay)
	if err != nil {
		return err
	}
	var p valid.Problems
	check(day, in.Values, &p)
	return p.Err()
}

// Day returns when the day that at falls on begins and ends in loc (UTC
// when nil): a day is the person's own, not the server's.
func Day(at time.Time, loc *time.Location) (from, to time.Time) {
	if loc == nil {
		loc = time.UTC
	}
	t := at.In(loc)
	from = time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, loc)
	return from, from.AddDate(0, 0, 1)
}
