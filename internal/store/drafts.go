package store

import (
	"context"
	"database/sql"
	"time"
)

// Draft is what a person was writing in one form, sealed. The store sees
// the owner, a blind index of the form, when it was last saved and an
// opaque body.
type Draft struct {
	UserID    string
	Form      []byte // blind index of the form's path
	UpdatedAt time.Time
	Body      []byte
}

// SaveDraft stores d in place of the owner's draft of the same form, then
// keeps only the owner's keep most recently saved drafts, in the same
// transaction: a person has a bounded number however many forms they
// leave half-written.
func (s *Store) SaveDraft(ctx context.Context, d *Draft, keep int) error {
	return s.inTx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, s.q(`INSERT INTO drafts (user_id, form, updated_at, body) VALUES (?, ?, ?, ?)
			ON CONFLICT (user_id, form) DO UPDATE SET updated_at = excluded.updated_at, body = excluded.body`),
			d.UserID, d.Form, toMicros(d.UpdatedAt), d.Body)
		if err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, s.q(`DELETE FROM drafts WHERE user_id = ? AND form NOT IN
			(SELECT form FROM drafts WHERE user_id = ? ORDER BY updated_at DESC, form DESC LIMIT ?)`),
			d.UserID, d.UserID, keep)
		return err
	})
}

// Draft returns the owner's draft of a form, or ErrNotFound.
func (s *Store) Draft(ctx context.Context, userID string, form []byte) (*Draft, error) {
	d := Draft{UserID: userID, Form: form}
	var updated int64
	if err := s.queryRow(ctx, `SELECT updated_at, body FROM drafts WHERE user_id = ? AND form = ?`, userID, form).
		Scan(&updated, &d.Body); err != nil {
		return nil, err
	}
	d.UpdatedAt = fromMicros(updated)
	return &d, nil
}

// DeleteDrafts removes the owner's drafts of the given forms; those that
// do not exist are no matter.
func (s *Store) DeleteDrafts(ctx context.Context, userID string, forms ...[]byte) error {
	for _, f := range forms {
		if _, err := s.exec(ctx, `DELETE FROM drafts WHERE user_id = ? AND form = ?`, userID, f); err != nil {
			return err
		}
	}
	return nil
}

// CountDrafts returns how many drafts the owner has.
func (s *Store) CountDrafts(ctx context.Context, userID string) (int, error) {
	var n int
	err := s.queryRow(ctx, `SELECT COUNT(*) FROM drafts WHERE user_id = ?`, userID).Scan(&n)
	return n, err
}
