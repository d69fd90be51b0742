package store

import (
	"context"
	"time"
)

// Failures is a count of failed logins under one throttle key.
type Failures struct {
	Count int
	Last  time.Time
}

// LoginFailures returns the failures counted under key (zero if none).
func (s *Store) LoginFailures(ctx context.Context, key []byte) (Failures, error) {
	var f Failures
	var last int64
	err := s.queryRow(ctx, `SELECT failures, last_failure_at FROM login_throttle WHERE key = ?`, key).Scan(&f.Count, &last)
	if err != nil {
		if err = mapErr(err); err == ErrNotFound {
			return Failures{}, nil
		}
		return Failures{}, err
	}
	f.Last = fromMicros(last)
	return f, nil
}

// RecordLoginFailure counts one more failure under key at now; a count whose
// last failure is older than forgetBefore starts again from one. It returns
// the new count. The increment happens in the database, so instances
// sharing it share the count.
func (s *Store) RecordLoginFailure(ctx context.Context, key []byte, now, forgetBefore time.Time) (Failures, error) {
	var f Failures
	var last int64
	err := s.write.QueryRowContext(ctx, s.q(`INSERT INTO login_throttle (key, failures, last_failure_at) VALUES (?, 1, ?)
		ON CONFLICT (key) DO UPDATE SET
			failures = CASE WHEN login_throttle.last_failure_at < ? THEN 1 ELSE login_throttle.failures + 1 END,
			last_failure_at = excluded.last_failure_at
		RETURNING failures, last_failure_at`), key, toMicros(now), toMicros(forgetBefore)).Scan(&f.Count, &last)
	if err != nil {
		return Failures{}, mapErr(err)
	}
	f.Last = fromMicros(last)
	return f, nil
}

// ClearLoginFailures forgets the failures under key.
func (s *Store) ClearLoginFailures(ctx context.Context, key []byte) error {
	_, err := s.exec(ctx, `DELETE FROM login_throttle WHERE key = ?`, key)
	return err
}

// PruneLoginFailures forgets counts whose last failure is older than before.
func (s *Store) PruneLoginFailures(ctx context.Context, before time.Time) error {
	_, err := s.exec(ctx, `DELETE FROM login_throttle WHERE last_failure_at < ?`, toMicros(before))
	return err
}
