package store

import (
	"context"
	"errors"
	"time"
)

// Attempts counts attempts (failed logins, sign-ups) under one throttle key.
type Attempts struct {
	Count int
	Last  time.Time
}

// Attempts returns the attempts counted under key (zero if none).
func (s *Store) Attempts(ctx context.Context, key []byte) (Attempts, error) {
	a, _, err := s.attempts(ctx, key)
	return a, err
}

func (s *Store) attempts(ctx context.Context, key []byte) (a Attempts, found bool, err error) {
	var last int64
	err = s.queryRow(ctx, `SELECT failures, last_failure_at FROM login_throttle WHERE key = ?`, key).Scan(&a.Count, &last)
	if errors.Is(err, ErrNotFound) {
		return Attempts{}, false, nil
	}
	if err != nil {
		return Attempts{}, false, err
	}
	a.Last = fromMicros(last)
	return a, true, nil
}

// takeTries bounds how often TakeAttempt retries when other requests keep
// changing the same count under it.
const takeTries = 16

// TakeAttempt counts one attempt under key at now, unless the attempts
// already counted must wait first: wait is given them (a count whose last
// attempt is older than forgetBefore as none) and says how long. It
// returns that wait, or zero once the attempt is counted.
//
// Checking and counting are one step, so simultaneous attempts, on one
// instance or several sharing the database, cannot all pass a check that
// only one of them should: each count is a compare-and-swap on the row,
// retried when another request changed it first.
func (s *Store) TakeAttempt(ctx context.Context, key []byte, now, forgetBefore time.Time, wait func(Attempts) time.Duration) (time.Duration, error) {
	for range takeTries {
		seen, found, err := s.attempts(ctx, key)
		if err != nil {
			return 0, err
		}
		counted := seen
		if found && seen.Last.Before(forgetBefore) {
			counted = Attempts{}
		}
		if w := wait(counted); w > 0 {
			return w, nil
		}
		var query string
		args := []any{counted.Count + 1, toMicros(now), key}
		if found {
			query = `UPDATE login_throttle SET failures = ?, last_failure_at = ?
				WHERE key = ? AND failures = ? AND last_failure_at = ?`
			args = append(args, seen.Count, toMicros(seen.Last))
		} else {
			query = `INSERT INTO login_throttle (failures, last_failure_at, key) VALUES (?, ?, ?)
				ON CONFLICT (key) DO NOTHING`
		}
		if err := mustAffect(s.exec(ctx, query, args...)); err == nil {
			return 0, nil
		} else if !errors.Is(err, ErrNotFound) {
			return 0, err
		}
	}
	// Contended this much, the key is being hammered: wait a moment.
	return time.Second, nil
}

// ReturnAttempt takes back one attempt counted under key by TakeAttempt,
// for an attempt that turned out not to count (it succeeded, or it could
// not be checked at all).
func (s *Store) ReturnAttempt(ctx context.Context, key []byte) error {
	_, err := s.exec(ctx, `UPDATE login_throttle SET failures = failures - 1 WHERE key = ? AND failures > 0`, key)
	return err
}

// ClearAttempts forgets the attempts under key.
func (s *Store) ClearAttempts(ctx context.Context, key []byte) error {
	_, err := s.exec(ctx, `DELETE FROM login_throttle WHERE key = ?`, key)
	return err
}

// PruneAttempts forgets counts whose last attempt is older than before.
func (s *Store) PruneAttempts(ctx context.Context, before time.Time) error {
	_, err := s.exec(ctx, `DELETE FROM login_throttle WHERE last_failure_at < ?`, toMicros(before))
	return err
}
