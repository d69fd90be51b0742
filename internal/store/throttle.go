package store

import (
	"context"
	"time"
)

// Attempts counts attempts (failed logins, sign-ups) under one throttle key.
type Attempts struct {
	Count int
	Last  time.Time
}

// Attempts returns the attempts counted under key (zero if none).
func (s *Store) Attempts(ctx context.Context, key []byte) (Attempts, error) {
	var f Attempts
	var last int64
	err := s.queryRow(ctx, `SELECT failures, last_failure_at FROM login_throttle WHERE key = ?`, key).Scan(&f.Count, &last)
	if err != nil {
		if err = mapErr(err); err == ErrNotFound {
			return Attempts{}, nil
		}
		return Attempts{}, err
	}
	f.Last = fromMicros(last)
	return f, nil
}

// CountAttempt counts one more attempt under key at now; a count whose last
// attempt is older than forgetBefore starts again from one. It returns the
// new count. The increment happens in the database, so instances sharing it
// share the count.
func (s *Store) CountAttempt(ctx context.Context, key []byte, now, forgetBefore time.Time) (Attempts, error) {
	var f Attempts
	var last int64
	err := s.writeRow(ctx, `INSERT INTO login_throttle (key, failures, last_failure_at) VALUES (?, 1, ?)
		ON CONFLICT (key) DO UPDATE SET
			failures = CASE WHEN login_throttle.last_failure_at < ? THEN 1 ELSE login_throttle.failures + 1 END,
			last_failure_at = excluded.last_failure_at
		RETURNING failures, last_failure_at`, key, toMicros(now), toMicros(forgetBefore)).Scan(&f.Count, &last)
	if err != nil {
		return Attempts{}, mapErr(err)
	}
	f.Last = fromMicros(last)
	return f, nil
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
