package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"

	"modernc.org/sqlite"
)

// ErrNotSQLite means an operation exists only for SQLite; PostgreSQL has
// its own tools (pg_dump, pg_restore, pg_basebackup).
var ErrNotSQLite = errors.New("only for the SQLite database: for PostgreSQL use pg_dump and pg_restore (see the README)")

// Backup writes a consistent copy of the database to path while it is in
// use: VACUUM INTO reads one snapshot and writes it as a new, compact file,
// without stopping writers. path must not exist yet. The copy is private
// to this user (mode 0600).
func (s *Store) Backup(ctx context.Context, path string) error {
	if s.engine != SQLite {
		return ErrNotSQLite
	}
	if _, err := os.Stat(path); err == nil {
		return fmt.Errorf("backup: %s already exists", path)
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	f.Close()
	// VACUUM INTO wants an empty or missing file; the empty one holds the
	// private permissions.
	if _, err := s.write.ExecContext(ctx, `VACUUM INTO ?`, path); err != nil {
		os.Remove(path)
		return fmt.Errorf("backup: %w", mapErr(err))
	}
	return nil
}

// CheckBackup opens a backup read-only and checks that it is a whole
// kintsugi database this build can use.
func CheckBackup(ctx context.Context, path string) error {
	if _, err := os.Stat(path); err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	db, err := sql.Open("sqlite", "file:"+path+"?mode=ro")
	if err != nil {
		return fmt.Errorf("backup %s: %w", path, err)
	}
	b := &Store{engine: SQLite, read: db, write: db}
	defer b.Close()
	var check string
	if err := b.read.QueryRowContext(ctx, `PRAGMA integrity_check`).Scan(&check); err != nil || check != "ok" {
		return fmt.Errorf("backup %s is damaged: %v %s", path, err, check)
	}
	v, err := b.Version(ctx)
	switch {
	case err != nil:
		return fmt.Errorf("backup %s: %w", path, err)
	case v == 0:
		return fmt.Errorf("backup %s is not a kintsugi database", path)
	case v > SchemaVersion():
		return fmt.Errorf("backup %s: %w", path, ErrSchemaAhead)
	}
	return nil
}

// Restore replaces the database's whole content with the backup at path,
// through SQLite's backup interface, which takes the database's locks.
// Run migrations afterwards: a backup may predate this build.
func (s *Store) Restore(ctx context.Context, path string) error {
	if s.engine != SQLite {
		return ErrNotSQLite
	}
	if err := CheckBackup(ctx, path); err != nil {
		return err
	}
	conn, err := s.write.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	return conn.Raw(func(dc any) error {
		r, ok := dc.(interface {
			NewRestore(string) (*sqlite.Backup, error)
		})
		if !ok {
			return errors.New("restore: the SQLite driver cannot restore")
		}
		b, err := r.NewRestore("file:" + path + "?mode=ro")
		if err != nil {
			return fmt.Errorf("restore: %w", err)
		}
		for more := true; more; {
			if more, err = b.Step(-1); err != nil {
				b.Finish()
				return fmt.Errorf("restore: %w", err)
			}
		}
		return b.Finish()
	})
}
