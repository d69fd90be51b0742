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

	// Username is filled in by SessionByID.
	Username string
}

// CreateSession stores a new session.
func (s *Store) CreateSession(ctx context.Context, se *Session) error {
	_, err := s.exec(ctx, `INSERT INTO sessions (id, user_id, created_at, expires_at, seen_at, wrapped_key)
		VALUES (?, ?, ?, ?, ?, ?)`,
		se.ID, se.UserID, toMicros(se.CreatedAt), toMicros(se.ExpiresAt), toMicros(se.SeenAt), se.WrappedKey)
	return err
}

// SessionByID finds a session that has not expired at now, with its
// person's username.
func (s *Store) SessionByID(ctx context.Context, id []byte, now time.Time) (*Session, error) {
	var se Session
	var created, expires, seen int64
	err := s.queryRow(ctx, `SELECT s.id, s.user_id, s.created_at, s.expires_at, s.seen_at, s.wrapped_key, u.username
		FROM sessions s JOIN users u ON u.id = s.user_id
		WHERE s.id = ? AND s.expires_at > ?`, id, toMicros(now)).
		Scan(&se.ID, &se.UserID, &created, &expires, &seen, &se.WrappedKey, &se.Username)
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

// DeleteSession ends one session of one person.
func (s *Store) DeleteSession(ctx context.Context, userID string, id []byte) error {
	return mustAffect(s.exec(ctx, `DELETE FROM sessions WHERE id = ? AND user_id = ?`, id, userID))
}

// DeleteSessions ends every session of a person except keep (nil: all).
func (s *Store) DeleteSessions(ctx context.Context, userID string, keep []byte) error {
	return s.inTx(ctx, func(tx *sql.Tx) error {
		return deleteSessionsExcept(ctx, tx, s, userID, keep)
	})
}

func deleteSessionsExcept(ctx context.Context, tx *sql.Tx, s *Store, userID string, keep []byte) error {
	if keep == nil {
		keep = []byte{} // matches no session id
	}
	_, err := tx.ExecContext(ctx, s.q(`DELETE FROM sessions WHERE user_id = ? AND id <> ?`), userID, keep)
	return err
}

// DeleteExpiredSessions removes sessions that expired before now.
func (s *Store) DeleteExpiredSessions(ctx context.Context, now time.Time) (int64, error) {
	res, err := s.exec(ctx, `DELETE FROM sessions WHERE expires_at <= ?`, toMicros(now))
	if err != nil {
		return 0, err
	}
	return res.RowsAffected()
}
