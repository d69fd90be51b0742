// Package store keeps kintsugi's rows in SQLite or PostgreSQL with one set
// of hand-written queries. The engines differ only in a few named seams:
// placeholder syntax, column types in migrations, and driver errors, which
// map to the sentinels below.
//
// The store never sees content in the clear: records arrive sealed by
// package vault and leave the same way.
package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"time"

	"github.com/jackc/pgx/v5/pgconn"
	_ "github.com/jackc/pgx/v5/stdlib" // registers the "pgx" driver
	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"
)

// Sentinel errors; callers test them with errors.Is.
var (
	// ErrNotFound means no row matched. A row that exists but belongs to
	// someone else is not found too.
	ErrNotFound = errors.New("store: not found")
	// ErrConflict means a unique value (such as a username) is taken.
	ErrConflict = errors.New("store: already exists")
)

// Engine names a database engine.
type Engine string

// The supported engines.
const (
	SQLite   Engine = "sqlite"
	Postgres Engine = "postgres"
)

// Store is the database. It is safe for concurrent use.
type Store struct {
	engine Engine
	// read serves queries; write serves statements that change rows. On
	// SQLite write is a single connection, so writers queue in Go instead
	// of spinning on the database lock; on PostgreSQL both are one pool.
	read, write *sql.DB
	path        string // SQLite database file, empty for PostgreSQL

	rebound sync.Map // query text -> PostgreSQL form
	stmts   sync.Map // stmtKey -> *sql.Stmt
}

// Options tune the connection pools.
type Options struct {
	// MaxConns bounds open connections (readers on SQLite). Zero picks a
	// default from the number of CPUs.
	MaxConns int
}

// Open connects to the database named by dsn: a postgres:// or
// postgresql:// URL selects PostgreSQL; anything else is a SQLite file
// path, optionally prefixed by "sqlite:" or "file:".
func Open(ctx context.Context, dsn string, opt Options) (*Store, error) {
	if opt.MaxConns <= 0 {
		opt.MaxConns = max(4, 2*runtime.GOMAXPROCS(0))
	}
	var s *Store
	var err error
	if strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://") {
		s, err = openPostgres(dsn, opt)
	} else {
		s, err = openSQLite(dsn, opt)
	}
	if err != nil {
		return nil, err
	}
	if err := s.read.PingContext(ctx); err != nil {
		s.Close()
		return nil, fmt.Errorf("connect to %s database: %w", s.engine, err)
	}
	return s, nil
}

func openPostgres(dsn string, opt Options) (*Store, error) {
	dsn, err := postgresDefaults(dsn)
	if err != nil {
		return nil, err
	}
	db, err := sql.Open("pgx", dsn)
	if err != nil {
		return nil, fmt.Errorf("open postgres: %w", err)
	}
	db.SetMaxOpenConns(opt.MaxConns)
	db.SetMaxIdleConns(opt.MaxConns)
	db.SetConnMaxIdleTime(5 * time.Minute)
	return &Store{engine: Postgres, read: db, write: db}, nil
}

// postgresDefaults checks the URL and adds nothing to it. In particular it
// leaves synchronous_commit alone, so PostgreSQL's own default applies: on,
// a commit is acknowledged only once its WAL record is flushed to disk, and
// no crash of kintsugi, of PostgreSQL or of its machine loses it (given
// fsync=on and a disk that honours flushes). Not setting it, rather than
// setting it to on, also keeps a stronger choice the database administrator
// made for the server, database or role, such as remote_apply with
// synchronous standbys, which a client-side "on" would override.
//
// An operator may add synchronous_commit=off to the URL. PostgreSQL's
// documentation ("Asynchronous Commit", in the chapter on reliability and
// the write-ahead log, and the synchronous_commit setting) describes the
// trade: the database is never left inconsistent, but a commit is
// acknowledged before its WAL reaches the disk, so a crash of the database
// server itself (PostgreSQL, not only its machine; an immediate shutdown
// counts) loses the commits acknowledged in the moments before it, up to
// three times wal_writer_delay (600 ms at the default 200 ms). Those
// entries were confirmed to the person who wrote them and are gone after
// the restart. Where the database is a separate service that is restarted,
// failed over or killed independently of kintsugi, that is not rare. On
// the machine of docs/benchmarks.md, off saves entries about twice as fast.
func postgresDefaults(dsn string) (string, error) {
	if _, err := url.Parse(dsn); err != nil {
		return "", fmt.Errorf("database URL: %w", err)
	}
	return dsn, nil
}

// sqlitePragmas apply to every connection: WAL lets readers work beside the
// writer, NORMAL sync is durable in WAL mode except for the last commits on
// power loss, and the busy timeout covers other processes (backups).
var sqlitePragmas = []string{
	"busy_timeout(10000)",
	"journal_mode(WAL)",
	"foreign_keys(1)",
	"synchronous(NORMAL)",
	// Deleted and replaced content is zeroed in pages written anyway.
	"secure_delete(FAST)",
}

func openSQLite(dsn string, opt Options) (*Store, error) {
	path := strings.TrimPrefix(strings.TrimPrefix(dsn, "sqlite:"), "file:")
	if path == "" {
		return nil, errors.New("open sqlite: empty database path")
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return nil, fmt.Errorf("open sqlite: %w", err)
	}
	// Create the file private to this user; SQLite gives its WAL and
	// shared-memory files the same permissions.
	if f, err := os.OpenFile(path, os.O_RDONLY|os.O_CREATE, 0o600); err == nil {
		f.Close()
	}
	q := url.Values{}
	for _, p := range sqlitePragmas {
		q.Add("_pragma", p)
	}
	q.Set("_txlock", "immediate")
	base := "file:" + path + "?"
	write, err := sql.Open("sqlite", base+q.Encode())
	if err != nil {
		return nil, fmt.Errorf("open sqlite: %w", err)
	}
	write.SetMaxOpenConns(1)
	write.SetConnMaxIdleTime(0)
	q.Add("_pragma", "query_only(1)")
	q.Set("_txlock", "deferred")
	read, err := sql.Open("sqlite", base+q.Encode())
	if err != nil {
		write.Close()
		return nil, fmt.Errorf("open sqlite: %w", err)
	}
	read.SetMaxOpenConns(opt.MaxConns)
	read.SetMaxIdleConns(opt.MaxConns)
	// The writer goes first so that WAL mode is set before readers attach.
	if err := write.Ping(); err != nil {
		write.Close()
		read.Close()
		return nil, fmt.Errorf("open sqlite %s: %w", path, err)
	}
	return &Store{engine: SQLite, read: read, write: write, path: path}, nil
}

// Close closes the pools. On SQLite the writer closes last, which
// checkpoints the WAL into the main file.
func (s *Store) Close() error {
	s.stmts.Range(func(_, st any) bool {
		st.(*sql.Stmt).Close()
		return true
	})
	rerr := s.read.Close()
	if s.write == s.read {
		return rerr
	}
	return errors.Join(rerr, s.write.Close())
}

// Engine reports which engine the store runs on.
func (s *Store) Engine() Engine { return s.engine }

// Path is the SQLite database file, or "" on PostgreSQL.
func (s *Store) Path() string { return s.path }

// Ping checks that the database answers.
func (s *Store) Ping(ctx context.Context) error {
	return s.read.PingContext(ctx)
}

// PoolStats reports the connection pools' statistics for metrics: "read"
// and "write" on SQLite, one "shared" pool on PostgreSQL.
func (s *Store) PoolStats() map[string]sql.DBStats {
	if s.write == s.read {
		return map[string]sql.DBStats{"shared": s.read.Stats()}
	}
	return map[string]sql.DBStats{"read": s.read.Stats(), "write": s.write.Stats()}
}

// q returns query in the engine's placeholder syntax. Queries are written
// with "?" placeholders; PostgreSQL wants $1, $2, ….
func (s *Store) q(query string) string {
	if s.engine != Postgres {
		return query
	}
	if v, ok := s.rebound.Load(query); ok {
		return v.(string)
	}
	pg := Numbered(query)
	s.rebound.Store(query, pg)
	return pg
}

// Numbered writes a query's "?" placeholders as PostgreSQL's $1, $2, ….
func Numbered(query string) string {
	var b strings.Builder
	n := 0
	for _, c := range query {
		if c == '?' {
			n++
			fmt.Fprintf(&b, "$%d", n)
			continue
		}
		b.WriteRune(c)
	}
	return b.String()
}

// stmt returns query prepared on db, preparing it the first time: parsing
// SQL on every request was a tenth of the time of a listing. database/sql
// prepares it again on each connection as needed.
func (s *Store) stmt(ctx context.Context, db *sql.DB, query string) (*sql.Stmt, error) {
	key := stmtKey{db, query}
	if st, ok := s.stmts.Load(key); ok {
		return st.(*sql.Stmt), nil
	}
	st, err := db.PrepareContext(ctx, s.q(query))
	if err != nil {
		return nil, mapErr(err)
	}
	if prev, loaded := s.stmts.LoadOrStore(key, st); loaded {
		st.Close()
		return prev.(*sql.Stmt), nil
	}
	return st, nil
}

type stmtKey struct {
	db    *sql.DB
	query string
}

// exec runs a statement on the writer.
func (s *Store) exec(ctx context.Context, query string, args ...any) (sql.Result, error) {
	st, err := s.stmt(ctx, s.write, query)
	if err != nil {
		return nil, err
	}
	res, err := st.ExecContext(ctx, args...)
	return res, mapErr(err)
}

// row is a single-row result, or the error that prevented it.
type row struct {
	row *sql.Row
	err error
}

// Scan copies the row into dest; no row is ErrNotFound.
func (r row) Scan(dest ...any) error {
	if r.err != nil {
		return r.err
	}
	return mapErr(r.row.Scan(dest...))
}

// queryRow runs a single-row query on the readers.
func (s *Store) queryRow(ctx context.Context, query string, args ...any) row {
	st, err := s.stmt(ctx, s.read, query)
	if err != nil {
		return row{err: err}
	}
	return row{row: st.QueryRowContext(ctx, args...)}
}

// writeRow runs a single-row statement (INSERT … RETURNING) on the writer.
func (s *Store) writeRow(ctx context.Context, query string, args ...any) row {
	st, err := s.stmt(ctx, s.write, query)
	if err != nil {
		return row{err: err}
	}
	return row{row: st.QueryRowContext(ctx, args...)}
}

// query runs a query on the readers.
func (s *Store) query(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	st, err := s.stmt(ctx, s.read, query)
	if err != nil {
		return nil, err
	}
	rows, err := st.QueryContext(ctx, args...)
	return rows, mapErr(err)
}

// inTx runs fn in a write transaction, committing if it returns nil.
func (s *Store) inTx(ctx context.Context, fn func(tx *sql.Tx) error) error {
	tx, err := s.write.BeginTx(ctx, nil)
	if err != nil {
		return mapErr(err)
	}
	if err := fn(tx); err != nil {
		tx.Rollback()
		return mapErr(err)
	}
	return mapErr(tx.Commit())
}

// mustAffect turns "no row changed" into ErrNotFound.
func mustAffect(res sql.Result, err error) error {
	if err != nil {
		return err
	}
	n, err := res.RowsAffected()
	if err != nil {
		return err
	}
	if n == 0 {
		return ErrNotFound
	}
	return nil
}

// mapErr maps driver errors to the package's sentinels.
func mapErr(err error) error {
	if err == nil {
		return nil
	}
	if errors.Is(err, sql.ErrNoRows) {
		return ErrNotFound
	}
	var pg *pgconn.PgError
	if errors.As(err, &pg) && pg.Code == "23505" {
		return fmt.Errorf("%w: %s", ErrConflict, pg.ConstraintName)
	}
	// A row that names one gone meanwhile (a supporter removed while a
	// share for them was made): not found, as it is now.
	if errors.As(err, &pg) && pg.Code == "23503" {
		return fmt.Errorf("%w: %s", ErrNotFound, pg.ConstraintName)
	}
	var lite *sqlite.Error
	if errors.As(err, &lite) {
		switch lite.Code() {
		case sqlite3.SQLITE_CONSTRAINT_UNIQUE, sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY:
			return fmt.Errorf("%w: %v", ErrConflict, err)
		case sqlite3.SQLITE_CONSTRAINT_FOREIGNKEY:
			return fmt.Errorf("%w: %v", ErrNotFound, err)
		}
	}
	return err
}

// Times are stored as Unix microseconds in a BIGINT on both engines, which
// keeps comparison and ordering identical everywhere.

func toMicros(t time.Time) int64 { return t.UnixMicro() }

func fromMicros(us int64) time.Time { return time.UnixMicro(us).UTC() }

// Optimize refreshes the planner's statistics after a bulk load (seeding,
// an import), which autovacuum would otherwise only notice a minute or so
// later: with statistics from an empty table, PostgreSQL sorted a quarter
// of a million rows to list twenty.
func (s *Store) Optimize(ctx context.Context) error {
	query := `PRAGMA optimize`
	if s.engine == Postgres {
		query = `ANALYZE`
	}
	_, err := s.write.ExecContext(ctx, query)
	return mapErr(err)
}
