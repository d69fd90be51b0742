package store

import (
	"context"
	"database/sql"
	"time"
)

// Session is a signed-in device. ID is the SHA-256 of the token; WrappedKey
// is the person's data key wrapped by a key only the token can derive.
type Session struct {
	ID         []byte
	UserID     string
	CreatedAt  time.Time
	ExpiresAt  time.Time
	SeenAt     time.Time
	WrappedKey []byte
	// Meta is where the session was signed in from (a device description
	// and a coarse address), sealed under the person's data key; nil for
	// a session from before sessions kept it.
	Meta []byte

	// Username is filled in by SessionByID.
	Username string
}

// CreateSession stores a new session.
func (s *Store) CreateSession(ctx context.Context, se *Session) error {
	_, err := s.exec(ctx, `INSERT INTO sessions (id, user_id, created_at, expires_at, seen_at, wrapped_key, meta)
		VALUES (?, ?, ?, ?, ?, ?, ?)`,
		se.ID, se.UserID, toMicros(se.CreatedAt), toMicros(se.ExpiresAt), toMicros(se.SeenAt), se.WrappedKey, se.Meta)
	return err
}

// SessionsOf returns a person's sessions that have not expired at now,
// newest first, without their wrapped keys.
func (s *Store) SessionsOf(ctx context.Context, userID string, now time.Time) ([]Session, error) {
	rows, err := s.query(ctx, `SELECT id, created_at, expires_at, seen_at, meta FROM sessions
		WHERE user_id = ? AND expires_at > ? ORDER BY created_at DESC, id`, userID, toMicros(now))
	if err != nil {
		return nil, err
	}
	return scanEnded(rows, userID)
}

// SessionByID finds a session that has not expired at now, with its
// person's username.
func (s *Store) SessionByID(ctx context.Context, id []byte, now time.Time) (*Session, error) {
	var se Session
	var created, expires, seen int64
	err := s.queryRow(ctx, `SELECT s.id, s.user_id, s.created_at, s.expires_at, s.seen_at, s.wrapped_key, s.meta, u.username
		FROM sessions s JOIN users u ON u.id = s.user_id
		WHERE s.id = ? AND s.expires_at > ?`, id, toMicros(now)).
		Scan(&se.ID, &se.UserID, &created, &expires, &seen, &se.WrappedKey, &se.Meta, &se.Username)
	if err != nil {
		return nil, mapErr(err)
	}
	se.CreatedAt, se.ExpiresAt, se.SeenAt = fromMicros(created), fromMicros(expires), fromMicros(seen)
	return &se, nil
}

// TouchSession records that a session was used and extends its expiry.
func (s *Store) TouchSession(ctx context.Context, id []byte, seen, expires time.Time) error {
	return mustAffect(s.exec(ctx, `UPDATE sessions SET seen_at = ?, expires_at = ? WHERE id = ?`,
		toMicros(seen), toMicros(expires), id))
}

// DeleteSession ends one session of one person and returns it, for the
// access log; ErrNotFound when they have no such session.
func (s *Store) DeleteSession(ctx context.Context, userID string, id []byte) (*Session, error) {
	var ended []Session
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, s.q(`DELETE FROM sessions WHERE id = ? AND user_id = ?
			RETURNING id, created_at, expires_at, seen_at, meta`), id, userID)
		if err != nil {
			return err
		}
		ended, err = scanEnded(rows, userID)
		return err
	})
	if err != nil {
		return nil, err
	}
	if len(ended) == 0 {
		return nil, ErrNotFound
	}
	return &ended[0], nil
}

// DeleteSessions ends every session of a person except keep (nil: all),
// and returns those it ended.
func (s *Store) DeleteSessions(ctx context.Context, userID string, keep []byte) ([]Session, error) {
	var ended []Session
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		var err error
		ended, err = deleteSessionsExcept(ctx, tx, s, userID, keep)
		return err
	})
	return ended, err
}

// deleteSessionsExcept deletes sessions and returns them (RETURNING, on
// both engines), so that what ended is exactly what the log says ended.
func deleteSessionsExcept(ctx context.Context, tx *sql.Tx, s *Store, userID string, keep []byte) ([]Session, error) {
	if keep == nil {
		keep = []byte{} // matches no session id
	}
	rows, err := tx.QueryContext(ctx, s.q(`DELETE FROM sessions WHERE user_id = ? AND id <> ?
		RETURNING id, created_at, expires_at, seen_at, meta`), userID, keep)
	if err != nil {
		return nil, err
	}
	return scanEnded(rows, userID)
}

// scanEnded reads sessions without their wrapped keys and closes rows.
func scanEnded(rows *sql.Rows, userID string) ([]Session, error) {
	defer rows.Close()
	var out []Session
	for rows.Next() {
		se := Session{UserID: userID}
		var created, expires, seen int64
		if err := rows.Scan(&se.ID, &created, &expires, &seen, &se.Meta); err != nil {
			return nil, mapErr(err)
		}
		se.CreatedAt, se.ExpiresAt, se.SeenAt = fromMicros(created), fromMicros(expires), fromMicros(seen)
		out = append(out, se)
	}
	return out, mapErr(rows.Err())
}

// DeleteExpiredSessions removes sessions that expired before now.
func (s *Store) DeleteExpiredSessions(ctx context.Context, now time.Time) (int64, error) {
	res, err := s.exec(ctx, `DELETE FROM sessions WHERE expires_at <= ?`, toMicros(now))
	if err != nil {
		return 0, err
	}
	return res.RowsAffected()
}
