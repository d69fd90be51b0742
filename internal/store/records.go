package store

import (
	"context"
	"strings"
	"time"
)

// Record is one sealed item of a person's content. The store sees only the
// owner, two blind indexes, two timestamps and an opaque body.
type Record struct {
	ID        string
	UserID    string
	Kind      []byte // blind index of the record's kind
	Tag       []byte // optional blind index (e.g. the step it is tied to)
	CreatedAt time.Time
	UpdatedAt time.Time
	Body      []byte
}

// Position is a place in a newest-first listing: the last record seen.
type Position struct {
	CreatedAt time.Time
	ID        string
}

// RecordQuery selects one person's records of one kind.
type RecordQuery struct {
	UserID string
	Kind   []byte
	Tag    []byte    // optional: only records with this tag
	After  *Position // optional: continue a listing after this record
	Since  time.Time // optional: created at or after
	Until  time.Time // optional: created before
	Oldest bool      // oldest first instead of newest first
	Limit  int       // required, > 0
}

const recordColumns = `id, user_id, kind, tag, created_at, updated_at, body`

// InsertRecord stores a new record.
func (s *Store) InsertRecord(ctx context.Context, r *Record) error {
	_, err := s.exec(ctx, `INSERT INTO records (`+recordColumns+`) VALUES (?, ?, ?, ?, ?, ?, ?)`,
		r.ID, r.UserID, r.Kind, r.Tag, toMicros(r.CreatedAt), toMicros(r.UpdatedAt), r.Body)
	return err
}

// Record finds one record of a person; another person's record is
// ErrNotFound, exactly like a missing one.
func (s *Store) Record(ctx context.Context, userID string, kind []byte, id string) (*Record, error) {
	rows, err := s.query(ctx, `SELECT `+recordColumns+` FROM records WHERE id = ? AND user_id = ? AND kind = ?`, id, userID, kind)
	if err != nil {
		return nil, err
	}
	recs, err := scanRecords(rows)
	if err != nil {
		return nil, err
	}
	if len(recs) == 0 {
		return nil, ErrNotFound
	}
	return &recs[0], nil
}

// UpdateRecord replaces a record's body and tag and sets its updated time;
// it fills in r.CreatedAt from the stored row.
func (s *Store) UpdateRecord(ctx context.Context, r *Record) error {
	var created int64
	err := s.write.QueryRowContext(ctx, s.q(`UPDATE records SET tag = ?, body = ?, updated_at = ?
		WHERE id = ? AND user_id = ? AND kind = ? RETURNING created_at`),
		r.Tag, r.Body, toMicros(r.UpdatedAt), r.ID, r.UserID, r.Kind).Scan(&created)
	if err != nil {
		return mapErr(err)
	}
	r.CreatedAt = fromMicros(created)
	return nil
}

// DeleteRecord removes one record of a person.
func (s *Store) DeleteRecord(ctx context.Context, userID string, kind []byte, id string) error {
	return mustAffect(s.exec(ctx, `DELETE FROM records WHERE id = ? AND user_id = ? AND kind = ?`, id, userID, kind))
}

// Records lists records by creation time. Listings continue by keyset
// (After), never by offset, so the cost of a page does not grow with the
// number of records before it.
func (s *Store) Records(ctx context.Context, q RecordQuery) ([]Record, error) {
	var where strings.Builder
	where.WriteString(`user_id = ? AND kind = ?`)
	args := []any{q.UserID, q.Kind}
	if q.Tag != nil {
		where.WriteString(` AND tag = ?`)
		args = append(args, q.Tag)
	}
	if !q.Since.IsZero() {
		where.WriteString(` AND created_at >= ?`)
		args = append(args, toMicros(q.Since))
	}
	if !q.Until.IsZero() {
		where.WriteString(` AND created_at < ?`)
		args = append(args, toMicros(q.Until))
	}
	order := `created_at DESC, id DESC`
	if q.After != nil {
		cmp := "<"
		if q.Oldest {
			cmp = ">"
		}
		where.WriteString(` AND (created_at, id) ` + cmp + ` (?, ?)`)
		args = append(args, toMicros(q.After.CreatedAt), q.After.ID)
	}
	if q.Oldest {
		order = `created_at, id`
	}
	args = append(args, q.Limit)
	rows, err := s.query(ctx, `SELECT `+recordColumns+` FROM records WHERE `+where.String()+` ORDER BY `+order+` LIMIT ?`, args...)
	if err != nil {
		return nil, err
	}
	return scanRecords(rows)
}

// CountRecords counts a person's records of one kind (and tag, if given).
func (s *Store) CountRecords(ctx context.Context, userID string, kind, tag []byte) (int, error) {
	query, args := `SELECT COUNT(*) FROM records WHERE user_id = ? AND kind = ?`, []any{userID, kind}
	if tag != nil {
		query += ` AND tag = ?`
		args = append(args, tag)
	}
	var n int
	err := s.queryRow(ctx, query, args...).Scan(&n)
	return n, mapErr(err)
}

func scanRecords(rows interface {
	Next() bool
	Scan(...any) error
	Err() error
	Close() error
}) ([]Record, error) {
	defer rows.Close()
	var out []Record
	for rows.Next() {
		var r Record
		var created, updated int64
		if err := rows.Scan(&r.ID, &r.UserID, &r.Kind, &r.Tag, &created, &updated, &r.Body); err != nil {
			return nil, mapErr(err)
		}
		r.CreatedAt, r.UpdatedAt = fromMicros(created), fromMicros(updated)
		out = append(out, r)
	}
	return out, mapErr(rows.Err())
}
