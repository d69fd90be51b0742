package store

import (
	"context"
	"database/sql"
	"errors"
	"time"
)

// ErrLinked means a person already shares a space with someone.
var ErrLinked = errors.New("store: already linked")

// Invitation is an open invitation to link (as a partner, or as a
// supporter: its purpose), found by a keyed hash of its code; a person has
// one of each purpose at most.
type Invitation struct {
	Code      []byte
	UserID    string
	Purpose   string
	CreatedAt time.Time
	ExpiresAt time.Time
}

// PutInvitation stores inv in place of the person's earlier invitation of
// the same purpose.
func (s *Store) PutInvitation(ctx context.Context, inv *Invitation) error {
	return s.inTx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, s.q(`DELETE FROM invitations WHERE user_id = ? AND purpose = ?`), inv.UserID, inv.Purpose); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, s.q(`INSERT INTO invitations (code, user_id, purpose, created_at, expires_at) VALUES (?, ?, ?, ?, ?)`),
			inv.Code, inv.UserID, inv.Purpose, toMicros(inv.CreatedAt), toMicros(inv.ExpiresAt))
		return err
	})
}

// Invitation finds an invitation of purpose that has not expired by now,
// or ErrNotFound.
func (s *Store) Invitation(ctx context.Context, purpose string, code []byte, now time.Time) (*Invitation, error) {
	inv := Invitation{Code: code, Purpose: purpose}
	var created, expires int64
	err := s.queryRow(ctx, `SELECT user_id, created_at, expires_at FROM invitations WHERE code = ? AND purpose = ? AND expires_at > ?`,
		code, purpose, toMicros(now)).Scan(&inv.UserID, &created, &expires)
	if err != nil {
		return nil, err
	}
	inv.CreatedAt, inv.ExpiresAt = fromMicros(created), fromMicros(expires)
	return &inv, nil
}

// DeleteExpiredInvitations removes invitations that have run out.
func (s *Store) DeleteExpiredInvitations(ctx context.Context, now time.Time) (int64, error) {
	res, err := s.exec(ctx, `DELETE FROM invitations WHERE expires_at <= ?`, toMicros(now))
	if err != nil {
		return 0, err
	}
	return res.RowsAffected()
}

// Member is one person's place in a shared space: their role and the
// space's key wrapped to them.
type Member struct {
	UserID     string
	Username   string // filled in when read
	SpaceID    string
	Role       string
	JoinedAt   time.Time
	WrappedKey []byte
}

// Members returns everyone in the space of userID, userID first, or
// ErrNotFound when they are in none.
func (s *Store) Members(ctx context.Context, userID string) ([]Member, error) {
	rows, err := s.query(ctx, `SELECT m.user_id, u.username, m.space_id, m.role, m.joined_at, m.wrapped_key
		FROM space_members m JOIN users u ON u.id = m.user_id
		WHERE m.space_id = (SELECT space_id FROM space_members WHERE user_id = ?)
		ORDER BY CASE WHEN m.user_id = ? THEN 0 ELSE 1 END, m.joined_at`, userID, userID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Member
	for rows.Next() {
		var m Member
		var joined int64
		if err := rows.Scan(&m.UserID, &m.Username, &m.SpaceID, &m.Role, &joined, &m.WrappedKey); err != nil {
			return nil, mapErr(err)
		}
		m.JoinedAt = fromMicros(joined)
		out = append(out, m)
	}
	if err := rows.Err(); err != nil {
		return nil, mapErr(err)
	}
	if len(out) == 0 {
		return nil, ErrNotFound
	}
	return out, nil
}

// CreateSpace links the members in a new space, using up the invitation
// code, in one transaction: ErrNotFound when the invitation was used or
// withdrawn meanwhile, ErrLinked when a member already shares a space
// with someone. A member left alone in an earlier space (the other one
// left) leaves it now, and a space nobody is in goes.
func (s *Store) CreateSpace(ctx context.Context, spaceID string, at time.Time, code []byte, members []Member) error {
	return s.inTx(ctx, func(tx *sql.Tx) error {
		if err := mustAffect(tx.ExecContext(ctx, s.q(`DELETE FROM invitations WHERE code = ?`), code)); err != nil {
			return err
		}
		for _, m := range members {
			var n int
			err := tx.QueryRowContext(ctx, s.q(`SELECT COUNT(*) FROM space_members
				WHERE space_id = (SELECT space_id FROM space_members WHERE user_id = ?)`), m.UserID).Scan(&n)
			if err != nil {
				return err
			}
			if n > 1 {
				return ErrLinked
			}
			if err := leave(ctx, tx, s, m.UserID); err != nil && !errors.Is(err, ErrNotFound) {
				return err
			}
		}
		if _, err := tx.ExecContext(ctx, s.q(`INSERT INTO spaces (id, created_at) VALUES (?, ?)`), spaceID, toMicros(at)); err != nil {
			return err
		}
		for _, m := range members {
			_, err := tx.ExecContext(ctx, s.q(`INSERT INTO space_members (user_id, space_id, role, joined_at, wrapped_key)
				VALUES (?, ?, ?, ?, ?)`), m.UserID, spaceID, m.Role, toMicros(at), m.WrappedKey)
			if err != nil {
				return err
			}
		}
		return nil
	})
}

// LeaveSpace takes a person out of their space, with their copy of its
// key; the space goes when nobody is left in it. ErrNotFound when they
// are in none.
func (s *Store) LeaveSpace(ctx context.Context, userID string) error {
	return s.inTx(ctx, func(tx *sql.Tx) error { return leave(ctx, tx, s, userID) })
}

func leave(ctx context.Context, tx *sql.Tx, s *Store, userID string) error {
	var space string
	if err := tx.QueryRowContext(ctx, s.q(`SELECT space_id FROM space_members WHERE user_id = ?`), userID).Scan(&space); err != nil {
		return mapErr(err)
	}
	if _, err := tx.ExecContext(ctx, s.q(`DELETE FROM space_members WHERE user_id = ?`), userID); err != nil {
		return err
	}
	_, err := tx.ExecContext(ctx, s.q(`DELETE FROM spaces WHERE id = ? AND NOT EXISTS
		(SELECT 1 FROM space_members WHERE space_id = ?)`), space, space)
	return err
}
