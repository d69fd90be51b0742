package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"
)

// Supporter is a person's supporter: someone with an account who reads
// what the person shares with them.
type Supporter struct {
	ID          string
	UserID      string // the person
	SupporterID string
	Username    string // filled in when read: the other one's username
	CreatedAt   time.Time
}

// AddSupporter makes a supporter of sup.SupporterID for sup.UserID, using
// up the invitation code, in one transaction: ErrNotFound when the code
// was used or replaced meanwhile, ErrConflict when they support the
// person already.
func (s *Store) AddSupporter(ctx context.Context, code []byte, sup *Supporter) error {
	return s.inTx(ctx, func(tx *sql.Tx) error {
		if err := mustAffect(tx.ExecContext(ctx, s.q(`DELETE FROM invitations WHERE code = ? AND purpose = 'supporter'`), code)); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, s.q(`INSERT INTO supporters (id, user_id, supporter_id, created_at) VALUES (?, ?, ?, ?)`),
			sup.ID, sup.UserID, sup.SupporterID, toMicros(sup.CreatedAt))
		return err
	})
}

// Supporters lists the person's supporters, with their usernames, oldest
// first.
func (s *Store) Supporters(ctx context.Context, userID string) ([]Supporter, error) {
	return s.supporters(ctx, `SELECT s.id, s.user_id, s.supporter_id, u.username, s.created_at
		FROM supporters s JOIN users u ON u.id = s.supporter_id WHERE s.user_id = ? ORDER BY s.created_at, s.id`, userID)
}

// Supporting lists the people a supporter supports, with their usernames.
func (s *Store) Supporting(ctx context.Context, supporterID string) ([]Supporter, error) {
	return s.supporters(ctx, `SELECT s.id, s.user_id, s.supporter_id, u.username, s.created_at
		FROM supporters s JOIN users u ON u.id = s.user_id WHERE s.supporter_id = ? ORDER BY s.created_at, s.id`, supporterID)
}

// SupporterOf returns one of the person's supporters, or ErrNotFound.
func (s *Store) SupporterOf(ctx context.Context, userID, id string) (*Supporter, error) {
	got, err := s.supporters(ctx, `SELECT s.id, s.user_id, s.supporter_id, u.username, s.created_at
		FROM supporters s JOIN users u ON u.id = s.supporter_id WHERE s.user_id = ? AND s.id = ?`, userID, id)
	if err != nil {
		return nil, err
	}
	if len(got) == 0 {
		return nil, ErrNotFound
	}
	return &got[0], nil
}

func (s *Store) supporters(ctx context.Context, query string, args ...any) ([]Supporter, error) {
	rows, err := s.query(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Supporter
	for rows.Next() {
		var sup Supporter
		var at int64
		if err := rows.Scan(&sup.ID, &sup.UserID, &sup.SupporterID, &sup.Username, &at); err != nil {
			return nil, mapErr(err)
		}
		sup.CreatedAt = fromMicros(at)
		out = append(out, sup)
	}
	return out, mapErr(rows.Err())
}

// DeleteSupporter ends a supporter's place, asked by who (the person, or
// the supporter), with every share made for them: ErrNotFound when who is
// neither.
func (s *Store) DeleteSupporter(ctx context.Context, id, who string) error {
	return mustAffect(s.exec(ctx, `DELETE FROM supporters WHERE id = ? AND (user_id = ? OR supporter_id = ?)`, id, who, who))
}

// Share is what a person shares with one reader: a supporter, or whoever
// holds a link.
type Share struct {
	ID        string
	UserID    string
	Supporter string // the supporter's id, for a share with a supporter
	Link      []byte // the SHA-256 of the link's secret, for a link
	CreatedAt time.Time
	ExpiresAt time.Time
	ReaderKey []byte
	OwnerKey  []byte
	Body      []byte
	Items     []ShareItem // filled in when one share is read
	// Owner is the person's username, filled in for a reader.
	Owner string
}

// ShareItem is one item's copy in a share.
type ShareItem struct {
	N    int
	Ref  []byte
	Body []byte
}

// CreateShare stores a share and its copies.
func (s *Store) CreateShare(ctx context.Context, sh *Share) error {
	return s.inTx(ctx, func(tx *sql.Tx) error {
		var supporter, link any
		if sh.Supporter != "" {
			supporter = sh.Supporter
		}
		if sh.Link != nil {
			link = sh.Link
		}
		_, err := tx.ExecContext(ctx, s.q(`INSERT INTO shares (id, user_id, supporter, link, created_at, expires_at, reader_key, owner_key, body)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`), sh.ID, sh.UserID, supporter, link, toMicros(sh.CreatedAt), toMicros(sh.ExpiresAt),
			sh.ReaderKey, sh.OwnerKey, sh.Body)
		if err != nil {
			return err
		}
		for _, it := range sh.Items {
			if _, err := tx.ExecContext(ctx, s.q(`INSERT INTO share_items (share_id, n, ref, body) VALUES (?, ?, ?, ?)`),
				sh.ID, it.N, it.Ref, it.Body); err != nil {
				return err
			}
		}
		return nil
	})
}

const shareColumns = `s.id, s.user_id, COALESCE(s.supporter, ''), s.link, s.created_at, s.expires_at, s.reader_key, s.owner_key, s.body, u.username`

// Shares lists the person's shares in force at now, newest first.
func (s *Store) Shares(ctx context.Context, userID string, now time.Time) ([]Share, error) {
	return s.shares(ctx, `SELECT `+shareColumns+` FROM shares s JOIN users u ON u.id = s.user_id
		WHERE s.user_id = ? AND s.expires_at > ? ORDER BY s.created_at DESC, s.id`, userID, toMicros(now))
}

// SharesWith lists the shares in force at now with a supporter, from every
// person they support, newest first.
func (s *Store) SharesWith(ctx context.Context, supporterID string, now time.Time) ([]Share, error) {
	return s.shares(ctx, `SELECT `+shareColumns+` FROM shares s JOIN users u ON u.id = s.user_id
		JOIN supporters p ON p.id = s.supporter
		WHERE p.supporter_id = ? AND s.expires_at > ? ORDER BY s.created_at DESC, s.id`, supporterID, toMicros(now))
}

// ShareOf returns one of the person's shares in force, with its copies.
func (s *Store) ShareOf(ctx context.Context, userID, id string, now time.Time) (*Share, error) {
	return s.oneShare(ctx, `SELECT `+shareColumns+` FROM shares s JOIN users u ON u.id = s.user_id
		WHERE s.user_id = ? AND s.id = ? AND s.expires_at > ?`, userID, id, toMicros(now))
}

// ShareWith returns one share in force with a supporter, with its copies.
func (s *Store) ShareWith(ctx context.Context, supporterID, id string, now time.Time) (*Share, error) {
	return s.oneShare(ctx, `SELECT `+shareColumns+` FROM shares s JOIN users u ON u.id = s.user_id
		JOIN supporters p ON p.id = s.supporter
		WHERE p.supporter_id = ? AND s.id = ? AND s.expires_at > ?`, supporterID, id, toMicros(now))
}

// ShareByLink returns the share in force whose link's secret hashes to
// link, with its copies.
func (s *Store) ShareByLink(ctx context.Context, link []byte, now time.Time) (*Share, error) {
	return s.oneShare(ctx, `SELECT `+shareColumns+` FROM shares s JOIN users u ON u.id = s.user_id
		WHERE s.link = ? AND s.expires_at > ?`, link, toMicros(now))
}

func (s *Store) oneShare(ctx context.Context, query string, args ...any) (*Share, error) {
	got, err := s.shares(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	if len(got) == 0 {
		return nil, ErrNotFound
	}
	sh := &got[0]
	rows, err := s.query(ctx, `SELECT n, ref, body FROM share_items WHERE share_id = ? ORDER BY n`, sh.ID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var it ShareItem
		if err := rows.Scan(&it.N, &it.Ref, &it.Body); err != nil {
			return nil, mapErr(err)
		}
		sh.Items = append(sh.Items, it)
	}
	return sh, mapErr(rows.Err())
}

func (s *Store) shares(ctx context.Context, query string, args ...any) ([]Share, error) {
	rows, err := s.query(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Share
	for rows.Next() {
		var sh Share
		var created, expires int64
		if err := rows.Scan(&sh.ID, &sh.UserID, &sh.Supporter, &sh.Link, &created, &expires, &sh.ReaderKey, &sh.OwnerKey, &sh.Body, &sh.Owner); err != nil {
			return nil, mapErr(err)
		}
		sh.CreatedAt, sh.ExpiresAt = fromMicros(created), fromMicros(expires)
		out = append(out, sh)
	}
	return out, mapErr(rows.Err())
}

// CountShares returns how many shares the person has in force.
func (s *Store) CountShares(ctx context.Context, userID string, now time.Time) (int, error) {
	var n int
	err := s.queryRow(ctx, `SELECT COUNT(*) FROM shares WHERE user_id = ? AND expires_at > ?`, userID, toMicros(now)).Scan(&n)
	return n, err
}

// DeleteShare revokes one of the person's shares in force at now: the
// share, its copies and its keys go at once. ErrNotFound when there is
// none (one that ran out is for the prune).
func (s *Store) DeleteShare(ctx context.Context, userID, id string, now time.Time) error {
	return mustAffect(s.exec(ctx, `DELETE FROM shares WHERE user_id = ? AND id = ? AND expires_at > ?`, userID, id, toMicros(now)))
}

// What MarkShare notes of a share.
const (
	ShareOpened = "opened_at"  // it was opened
	ShareGuess  = "guessed_at" // a wrong passcode was tried on its link
)

// MarkShare notes that what (ShareOpened or ShareGuess) happened to a
// share at now, and reports whether that is the first time since since.
func (s *Store) MarkShare(ctx context.Context, id, what string, now, since time.Time) (bool, error) {
	if what != ShareOpened && what != ShareGuess {
		return false, fmt.Errorf("store: no such mark %q", what)
	}
	res, err := s.exec(ctx, `UPDATE shares SET `+what+` = ? WHERE id = ? AND (`+what+` IS NULL OR `+what+` <= ?)`,
		toMicros(now), id, toMicros(since))
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return n > 0, err
}

// DeleteExpiredShares removes the shares that ran out, with their copies
// and keys (nothing reads them from the moment they expire), and returns
// which they were: each person's id and the share's.
func (s *Store) DeleteExpiredShares(ctx context.Context, now time.Time) ([][2]string, error) {
	var out [][2]string
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, s.q(`DELETE FROM shares WHERE expires_at <= ? RETURNING user_id, id`), toMicros(now))
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var g [2]string
			if err := rows.Scan(&g[0], &g[1]); err != nil {
				return err
			}
			out = append(out, g)
		}
		return rows.Err()
	})
	return out, err
}

// Copy is where one item's copy sits, with the key to reseal it.
type Copy struct {
	ShareID  string
	N        int
	OwnerKey []byte
}

// CopiesOf finds the copies, in the person's shares in force, of the item
// whose blind index is ref.
func (s *Store) CopiesOf(ctx context.Context, userID string, ref []byte, now time.Time) ([]Copy, error) {
	rows, err := s.query(ctx, `SELECT i.share_id, i.n, s.owner_key FROM share_items i JOIN shares s ON s.id = i.share_id
		WHERE i.ref = ? AND s.user_id = ? AND s.expires_at > ?`, ref, userID, toMicros(now))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Copy
	for rows.Next() {
		var c Copy
		if err := rows.Scan(&c.ShareID, &c.N, &c.OwnerKey); err != nil {
			return nil, mapErr(err)
		}
		out = append(out, c)
	}
	return out, mapErr(rows.Err())
}

// PutCopy replaces one copy's sealed body.
func (s *Store) PutCopy(ctx context.Context, shareID string, n int, body []byte) error {
	return mustAffect(s.exec(ctx, `UPDATE share_items SET body = ? WHERE share_id = ? AND n = ?`, body, shareID, n))
}

// DeleteCopies removes the copies of an item the person deleted, from
// every share of theirs.
func (s *Store) DeleteCopies(ctx context.Context, userID string, ref []byte) error {
	_, err := s.exec(ctx, `DELETE FROM share_items WHERE ref = ? AND share_id IN (SELECT id FROM shares WHERE user_id = ?)`, ref, userID)
	return err
}
