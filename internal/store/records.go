package store

import (
	"bytes"
	"context"
	"database/sql"
	"strings"
	"sync"
	"time"
)

// Record is one sealed item of a person's content, or of a shared space's.
// The store sees only the owner, two blind indexes, two timestamps and an
// opaque body.
type Record struct {
	ID        string
	UserID    string // the owner: a person, or a space when Shared
	Shared    bool   // the record is a shared space's (table space_records)
	Kind      []byte // blind index of the record's kind
	Tag       []byte // optional blind index (e.g. the step it is tied to)
	CreatedAt time.Time
	UpdatedAt time.Time
	Body      []byte
}

// Key names one record: its owner, kind, creation time and id (the primary
// key, in the order of the index).
type Key struct {
	UserID    string
	Shared    bool
	Kind      []byte
	CreatedAt time.Time
	ID        string
}

// Position is a place in a newest-first listing: the last record seen.
type Position struct {
	CreatedAt time.Time
	ID        string
}

// RecordQuery selects one person's records of one kind.
type RecordQuery struct {
	UserID string
	Shared bool
	Kind   []byte
	Tag    []byte    // optional: only records with this tag
	After  *Position // optional: continue a listing after this record
	Since  time.Time // optional: created at or after
	Until  time.Time // optional: created before
	Oldest bool      // oldest first instead of newest first
	Limit  int       // required, > 0
}

// A shared space's records are kept in space_records, which has the shape
// of records with space_id for user_id. Every query on records serves both
// tables: in table rewrites it for the shared one, once per query.
var (
	sharedQueries  sync.Map // query on records -> the same on space_records
	sharedRenaming = strings.NewReplacer("records", "space_records", "user_id", "space_id")
)

// inTable returns query (written for records) for the table shared names.
func inTable(shared bool, query string) string {
	if !shared {
		return query
	}
	if v, ok := sharedQueries.Load(query); ok {
		return v.(string)
	}
	q := sharedRenaming.Replace(query)
	sharedQueries.Store(query, q)
	return q
}

const recordColumns = `id, user_id, kind, tag, created_at, updated_at, body`

// readColumns are what a reader needs back: the owner and kind are known
// from the query, and the tag is only for finding.
const readColumns = `id, created_at, updated_at, body`

const insertRecord = `INSERT INTO records (` + recordColumns + `) VALUES (?, ?, ?, ?, ?, ?, ?)`

// InsertRecord stores a new record.
func (s *Store) InsertRecord(ctx context.Context, r *Record) error {
	_, err := s.exec(ctx, inTable(r.Shared, insertRecord), r.ID, r.UserID, r.Kind, r.Tag, toMicros(r.CreatedAt), toMicros(r.UpdatedAt), r.Body)
	return err
}

// InsertRecords stores many new records of one owner in one transaction:
// all or none.
func (s *Store) InsertRecords(ctx context.Context, recs []Record) error {
	return s.inTx(ctx, func(tx *sql.Tx) error {
		stmt, err := tx.PrepareContext(ctx, s.q(inTable(len(recs) > 0 && recs[0].Shared, insertRecord)))
		if err != nil {
			return err
		}
		defer stmt.Close()
		for i := range recs {
			r := &recs[i]
			if _, err := stmt.ExecContext(ctx, r.ID, r.UserID, r.Kind, r.Tag, toMicros(r.CreatedAt), toMicros(r.UpdatedAt), r.Body); err != nil {
				return err
			}
		}
		return nil
	})
}

// InsertRecordsIfNew stores the records whose keys are not taken yet, in
// one transaction, and reports which it stored: an import run twice adds
// nothing the second time.
func (s *Store) InsertRecordsIfNew(ctx context.Context, recs []Record) ([]bool, error) {
	added := make([]bool, len(recs))
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		stmt, err := tx.PrepareContext(ctx, s.q(insertRecord+` ON CONFLICT DO NOTHING`))
		if err != nil {
			return err
		}
		defer stmt.Close()
		for i := range recs {
			r := &recs[i]
			res, err := stmt.ExecContext(ctx, r.ID, r.UserID, r.Kind, r.Tag, toMicros(r.CreatedAt), toMicros(r.UpdatedAt), r.Body)
			if err != nil {
				return err
			}
			n, err := res.RowsAffected()
			if err != nil {
				return err
			}
			added[i] = n == 1
		}
		return nil
	})
	return added, err
}

// Record finds one record of a person; another person's record is
// ErrNotFound, exactly like a missing one.
func (s *Store) Record(ctx context.Context, k Key) (*Record, error) {
	rows, err := s.query(ctx, inTable(k.Shared, `SELECT `+readColumns+` FROM records WHERE user_id = ? AND kind = ? AND created_at = ? AND id = ?`),
		k.UserID, k.Kind, toMicros(k.CreatedAt), k.ID)
	if err != nil {
		return nil, err
	}
	recs, err := scanRecords(rows, k.UserID, k.Kind)
	if err != nil {
		return nil, err
	}
	if len(recs) == 0 {
		return nil, ErrNotFound
	}
	recs[0].Shared = k.Shared
	return &recs[0], nil
}

// UpdateRecord replaces the body and tag of the record r names (by its
// owner, kind, creation time and id) and sets its updated time.
func (s *Store) UpdateRecord(ctx context.Context, r *Record) error {
	return mustAffect(s.exec(ctx, inTable(r.Shared, `UPDATE records SET tag = ?, body = ?, updated_at = ?
		WHERE user_id = ? AND kind = ? AND created_at = ? AND id = ?`),
		r.Tag, r.Body, toMicros(r.UpdatedAt), r.UserID, r.Kind, toMicros(r.CreatedAt), r.ID))
}

// DeleteRecord removes one record of a person.
func (s *Store) DeleteRecord(ctx context.Context, k Key) error {
	return mustAffect(s.exec(ctx, inTable(k.Shared, `DELETE FROM records WHERE user_id = ? AND kind = ? AND created_at = ? AND id = ?`),
		k.UserID, k.Kind, toMicros(k.CreatedAt), k.ID))
}

// DeleteRecordAndTagged removes one record of a person and, in the same
// transaction, their records of another kind that carry tag (the events
// an item owns).
func (s *Store) DeleteRecordAndTagged(ctx context.Context, k Key, kind, tag []byte) error {
	return s.inTx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, s.q(inTable(k.Shared, `DELETE FROM records WHERE user_id = ? AND kind = ? AND created_at = ? AND id = ?`)),
			k.UserID, k.Kind, toMicros(k.CreatedAt), k.ID)
		if err := mustAffect(res, err); err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, s.q(inTable(k.Shared, `DELETE FROM records WHERE user_id = ? AND kind = ? AND tag = ?`)), k.UserID, kind, tag)
		return err
	})
}

// Records lists records by creation time. Listings continue by keyset
// (After), never by offset, so the cost of a page does not grow with the
// number of records before it.
func (s *Store) Records(ctx context.Context, q RecordQuery) ([]Record, error) {
	out := make([]Record, 0, min(q.Limit, 128))
	err := s.EachRecord(ctx, q, func(r *Record) error {
		r.Body = bytes.Clone(r.Body)
		out = append(out, *r)
		return nil
	})
	return out, err
}

// EachRecord calls fn for each record Records would return, in order. The
// record's Body is only valid during the call: it points into the driver's
// buffer, which saves copying every body on the way to being decrypted.
func (s *Store) EachRecord(ctx context.Context, q RecordQuery, fn func(*Record) error) error {
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
	rows, err := s.query(ctx, inTable(q.Shared, `SELECT `+readColumns+` FROM records WHERE `+where.String()+` ORDER BY `+order+` LIMIT ?`), args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	r := Record{UserID: q.UserID, Shared: q.Shared, Kind: q.Kind}
	for rows.Next() {
		var created, updated int64
		var body sql.RawBytes
		if err := rows.Scan(&r.ID, &created, &updated, &body); err != nil {
			return mapErr(err)
		}
		r.CreatedAt, r.UpdatedAt, r.Body = fromMicros(created), fromMicros(updated), body
		if err := fn(&r); err != nil {
			return err
		}
	}
	return mapErr(rows.Err())
}

// TimeQuery selects one person's records of any kind, newest first.
type TimeQuery struct {
	UserID string
	After  *Position // optional: continue after this record
	Since  time.Time // optional: created at or after
	Until  time.Time // optional: created before
	Limit  int       // required, > 0
}

// EachRecordInTime calls fn for a person's records of every kind, newest
// first, with their kind's blind index: the timeline reads them so, along
// records_by_time. As with EachRecord, the body is only valid during fn.
func (s *Store) EachRecordInTime(ctx context.Context, q TimeQuery, fn func(*Record) error) error {
	var where strings.Builder
	where.WriteString(`user_id = ?`)
	args := []any{q.UserID}
	if !q.Since.IsZero() {
		where.WriteString(` AND created_at >= ?`)
		args = append(args, toMicros(q.Since))
	}
	if !q.Until.IsZero() {
		where.WriteString(` AND created_at < ?`)
		args = append(args, toMicros(q.Until))
	}
	if q.After != nil {
		where.WriteString(` AND (created_at, id) < (?, ?)`)
		args = append(args, toMicros(q.After.CreatedAt), q.After.ID)
	}
	args = append(args, q.Limit)
	rows, err := s.query(ctx, `SELECT kind, `+readColumns+` FROM records WHERE `+where.String()+
		` ORDER BY created_at DESC, id DESC LIMIT ?`, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	r := Record{UserID: q.UserID}
	for rows.Next() {
		var created, updated int64
		var kind, body sql.RawBytes
		if err := rows.Scan(&kind, &r.ID, &created, &updated, &body); err != nil {
			return mapErr(err)
		}
		r.Kind, r.CreatedAt, r.UpdatedAt, r.Body = kind, fromMicros(created), fromMicros(updated), body
		if err := fn(&r); err != nil {
			return err
		}
	}
	return mapErr(rows.Err())
}

// CountRecords counts an owner's records of one kind (and tag, if q has
// one); q's other limits do not apply.
func (s *Store) CountRecords(ctx context.Context, q RecordQuery) (int, error) {
	query, args := `SELECT COUNT(*) FROM records WHERE user_id = ? AND kind = ?`, []any{q.UserID, q.Kind}
	if q.Tag != nil {
		query += ` AND tag = ?`
		args = append(args, q.Tag)
	}
	var n int
	err := s.queryRow(ctx, inTable(q.Shared, query), args...).Scan(&n)
	return n, mapErr(err)
}

// CountNewer counts an owner's records of one kind (and tag, if q has
// one) created at or after a position: how many a newest-first listing
// shows before the page that continues after it.
func (s *Store) CountNewer(ctx context.Context, q RecordQuery, from Position) (int, error) {
	query, args := `SELECT COUNT(*) FROM records WHERE user_id = ? AND kind = ?`, []any{q.UserID, q.Kind}
	if q.Tag != nil {
		query += ` AND tag = ?`
		args = append(args, q.Tag)
	}
	query += ` AND (created_at, id) >= (?, ?)`
	args = append(args, toMicros(from.CreatedAt), from.ID)
	var n int
	err := s.queryRow(ctx, inTable(q.Shared, query), args...).Scan(&n)
	return n, mapErr(err)
}

// scanRecords reads rows of readColumns for one owner and kind; Tag is
// left empty.
func scanRecords(rows *sql.Rows, userID string, kind []byte) ([]Record, error) {
	defer rows.Close()
	var out []Record
	for rows.Next() {
		r := Record{UserID: userID, Kind: kind}
		var created, updated int64
		if err := rows.Scan(&r.ID, &created, &updated, &r.Body); err != nil {
			return nil, mapErr(err)
		}
		r.CreatedAt, r.UpdatedAt = fromMicros(created), fromMicros(updated)
		out = append(out, r)
	}
	return out, mapErr(rows.Err())
}
