package store

import (
	"context"
	"database/sql"
	"time"
)

// LogEntry is one entry of a person's access log, sealed to their public
// key by package accesslog; only its time is in the clear.
type LogEntry struct {
	UserID    string
	ID        string
	CreatedAt time.Time
	Body      []byte
}

// LogBounds say how much of a person's access log is kept: at most Keep
// entries, none older than Since.
type LogBounds struct {
	Keep  int
	Since time.Time
}

// AddLogEntry adds e to its person's access log and, in the same
// transaction, lets go of what lies beyond the bounds: the oldest first.
func (s *Store) AddLogEntry(ctx context.Context, e *LogEntry, b LogBounds) error {
	return s.inTx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, s.q(`INSERT INTO access_log (user_id, created_at, id, body) VALUES (?, ?, ?, ?)`),
			e.UserID, toMicros(e.CreatedAt), e.ID, e.Body); err != nil {
			return err
		}
		// The Keep-th newest entry's time is the oldest kept; the rare
		// entries that share that microsecond with older ones all stay.
		_, err := tx.ExecContext(ctx, s.q(`DELETE FROM access_log WHERE user_id = ? AND (created_at < ? OR created_at <
			(SELECT created_at FROM access_log WHERE user_id = ? ORDER BY created_at DESC, id DESC LIMIT 1 OFFSET ?))`),
			e.UserID, toMicros(b.Since), e.UserID, b.Keep-1)
		return err
	})
}

// LogQuery selects a page of one person's access log, newest first.
type LogQuery struct {
	UserID string
	After  *Position // optional: continue after this entry
	Since  time.Time // optional: only entries after this time
	Limit  int
}

// LogEntries returns the entries q selects, newest first.
func (s *Store) LogEntries(ctx context.Context, q LogQuery) ([]LogEntry, error) {
	// A position far in the future stands for "from the newest".
	after := Position{CreatedAt: time.UnixMicro(1<<62 - 1), ID: ""}
	if q.After != nil {
		after = *q.After
	}
	rows, err := s.query(ctx, `SELECT id, created_at, body FROM access_log
		WHERE user_id = ? AND created_at > ? AND (created_at < ? OR (created_at = ? AND id < ?))
		ORDER BY created_at DESC, id DESC LIMIT ?`,
		q.UserID, toMicros(q.Since), toMicros(after.CreatedAt), toMicros(after.CreatedAt), after.ID, q.Limit)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []LogEntry
	for rows.Next() {
		e := LogEntry{UserID: q.UserID}
		var at int64
		if err := rows.Scan(&e.ID, &at, &e.Body); err != nil {
			return nil, mapErr(err)
		}
		e.CreatedAt = fromMicros(at)
		out = append(out, e)
	}
	return out, mapErr(rows.Err())
}
