package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"
)

// ErrSchemaBehind means the database has migrations left to run: the
// server refuses to serve until `kintsugi migrate` (or serve's own
// migration step) brings it up to date.
var ErrSchemaBehind = errors.New("database schema is older than this build: run `kintsugi migrate`")

// ErrSchemaAhead means a newer build migrated the database; this one must
// not touch it.
var ErrSchemaAhead = errors.New("database schema is newer than this build: run the newer kintsugi")

// types are the dialect's column types, substituted into migrations.
func (s *Store) types() *strings.Replacer {
	if s.engine == Postgres {
		return strings.NewReplacer("{blob}", "BYTEA", "{int}", "BIGINT")
	}
	return strings.NewReplacer("{blob}", "BLOB", "{int}", "INTEGER")
}

const versionTable = `CREATE TABLE IF NOT EXISTS schema_migrations (
	version {int} PRIMARY KEY,
	applied_at {int} NOT NULL)`

// SchemaVersion is the latest migration this build knows.
func SchemaVersion() int { return len(migrations) }

// Version returns the database's current schema version (0 when empty).
func (s *Store) Version(ctx context.Context) (int, error) {
	exists, err := s.tableExists(ctx, "schema_migrations")
	if err != nil || !exists {
		return 0, err
	}
	var v sql.NullInt64
	if err := s.queryRow(ctx, `SELECT MAX(version) FROM schema_migrations`).Scan(&v); err != nil {
		return 0, fmt.Errorf("read schema version: %w", err)
	}
	return int(v.Int64), nil
}

// tableExists is a dialect seam: each engine lists its tables its own way.
func (s *Store) tableExists(ctx context.Context, name string) (bool, error) {
	query := `SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = ?`
	if s.engine == Postgres {
		query = `SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = current_schema() AND table_name = ?`
	}
	var n int
	if err := s.queryRow(ctx, query, name).Scan(&n); err != nil {
		return false, fmt.Errorf("list tables: %w", err)
	}
	return n > 0, nil
}

// CheckSchema reports whether the database is exactly at this build's
// schema version.
func (s *Store) CheckSchema(ctx context.Context) error {
	v, err := s.Version(ctx)
	if err != nil {
		return err
	}
	switch {
	case v < SchemaVersion():
		return fmt.Errorf("%w (database at %d, build at %d)", ErrSchemaBehind, v, SchemaVersion())
	case v > SchemaVersion():
		return fmt.Errorf("%w (database at %d, build at %d)", ErrSchemaAhead, v, SchemaVersion())
	}
	return nil
}

// Migrate runs every pending migration in order, each in its own
// transaction, and returns how many ran. Concurrent callers (several
// instances starting at once) are serialised by the database.
func (s *Store) Migrate(ctx context.Context) (int, error) {
	ran := 0
	for i, m := range migrations {
		version := i + 1
		applied, err := s.applyMigration(ctx, version, m)
		if err != nil {
			return ran, fmt.Errorf("migration %d (%s): %w", version, m.name, err)
		}
		if applied {
			ran++
		}
	}
	if err := s.CheckSchema(ctx); err != nil {
		return ran, err
	}
	return ran, nil
}

func (s *Store) applyMigration(ctx context.Context, version int, m migration) (bool, error) {
	applied := false
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		if s.engine == Postgres {
			// Held until the transaction ends; other instances wait here.
			if _, err := tx.ExecContext(ctx, `SELECT pg_advisory_xact_lock(7271893021)`); err != nil {
				return err
			}
		}
		types := s.types()
		if _, err := tx.ExecContext(ctx, types.Replace(versionTable)); err != nil {
			return err
		}
		var n int
		if err := tx.QueryRowContext(ctx, s.q(`SELECT COUNT(*) FROM schema_migrations WHERE version = ?`), version).Scan(&n); err != nil {
			return err
		}
		if n > 0 {
			return nil
		}
		for _, stmt := range m.statements {
			if _, err := tx.ExecContext(ctx, types.Replace(stmt)); err != nil {
				return err
			}
		}
		if _, err := tx.ExecContext(ctx, s.q(`INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)`),
			version, toMicros(time.Now())); err != nil {
			return err
		}
		applied = true
		return nil
	})
	return applied, err
}
