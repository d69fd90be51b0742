package store

import (
	"context"
	"database/sql"
	"time"
)

// User is a person's account row. It holds no content: only the name, and
// the data key in its two wrapped forms.
type User struct {
	ID        string
	Username  string
	CreatedAt time.Time

	// Argon2id salt and cost for the passphrase key.
	KDFSalt    []byte
	KDFTime    uint32
	KDFMemory  uint32
	KDFThreads uint8

	KeyByPassphrase []byte
	KeyByRecovery   []byte
}

const userColumns = `id, username, created_at, kdf_salt, kdf_time, kdf_memory, kdf_threads, key_by_passphrase, key_by_recovery`

func scanUser(row interface{ Scan(...any) error }) (*User, error) {
	var u User
	var created int64
	err := row.Scan(&u.ID, &u.Username, &created, &u.KDFSalt, &u.KDFTime, &u.KDFMemory, &u.KDFThreads,
		&u.KeyByPassphrase, &u.KeyByRecovery)
	if err != nil {
		return nil, mapErr(err)
	}
	u.CreatedAt = fromMicros(created)
	return &u, nil
}

// CreateUser inserts a new account; a taken username gives ErrConflict.
func (s *Store) CreateUser(ctx context.Context, u *User) error {
	_, err := s.exec(ctx, `INSERT INTO users (`+userColumns+`) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		u.ID, u.Username, toMicros(u.CreatedAt), u.KDFSalt, u.KDFTime, u.KDFMemory, u.KDFThreads,
		u.KeyByPassphrase, u.KeyByRecovery)
	return err
}

// UserByName finds an account by its (normalised) username.
func (s *Store) UserByName(ctx context.Context, username string) (*User, error) {
	return scanUser(s.queryRow(ctx, `SELECT `+userColumns+` FROM users WHERE username = ?`, username))
}

// UserByID finds an account by id.
func (s *Store) UserByID(ctx context.Context, id string) (*User, error) {
	return scanUser(s.queryRow(ctx, `SELECT `+userColumns+` FROM users WHERE id = ?`, id))
}

// SetKeys replaces the wrapped data keys (by passphrase, with its KDF
// settings, and by recovery key), and in the same transaction ends every
// session of the person except keep (which may be nil, to end them all),
// returning those it ended.
func (s *Store) SetKeys(ctx context.Context, u *User, keep []byte) (ended []Session, err error) {
	err = s.inTx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, s.q(`UPDATE users SET kdf_salt = ?, kdf_time = ?, kdf_memory = ?, kdf_threads = ?,
			key_by_passphrase = ?, key_by_recovery = ? WHERE id = ?`),
			u.KDFSalt, u.KDFTime, u.KDFMemory, u.KDFThreads, u.KeyByPassphrase, u.KeyByRecovery, u.ID)
		if err := mustAffect(res, err); err != nil {
			return err
		}
		ended, err = deleteSessionsExcept(ctx, tx, s, u.ID, keep)
		return err
	})
	return ended, err
}

// SetRecoveryKey replaces the data key wrapped by the recovery key; the
// passphrase and every session stay as they are.
func (s *Store) SetRecoveryKey(ctx context.Context, userID string, wrapped []byte) error {
	return mustAffect(s.exec(ctx, `UPDATE users SET key_by_recovery = ? WHERE id = ?`, wrapped, userID))
}

// CountUsers returns how many accounts exist.
func (s *Store) CountUsers(ctx context.Context) (int, error) {
	var n int
	err := s.queryRow(ctx, `SELECT COUNT(*) FROM users`).Scan(&n)
	return n, mapErr(err)
}

// DeleteUser deletes an account and, through the foreign keys, its
// sessions and records, and a shared space it is alone in (the other
// member left) with that space's records. On SQLite the deleted rows are also overwritten
// with zeros in the file (secure_delete) and the WAL is checkpointed and
// emptied, so their ciphertext does not linger in the database files;
// PostgreSQL reclaims dead rows with its own VACUUM.
func (s *Store) DeleteUser(ctx context.Context, id string) error {
	conn, err := s.write.Conn(ctx)
	if err != nil {
		return mapErr(err)
	}
	defer conn.Close()
	if s.engine == SQLite {
		if _, err := conn.ExecContext(ctx, `PRAGMA secure_delete = ON`); err != nil {
			return mapErr(err)
		}
		defer conn.ExecContext(context.WithoutCancel(ctx), `PRAGMA secure_delete = FAST`)
	}
	tx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		return mapErr(err)
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, s.q(`DELETE FROM spaces WHERE id = (SELECT space_id FROM space_members WHERE user_id = ?)
		AND (SELECT COUNT(*) FROM space_members m WHERE m.space_id = spaces.id) = 1`), id); err != nil {
		return mapErr(err)
	}
	if err := mustAffect(tx.ExecContext(ctx, s.q(`DELETE FROM users WHERE id = ?`), id)); err != nil {
		return mapErr(err)
	}
	if err := tx.Commit(); err != nil {
		return mapErr(err)
	}
	if s.engine == SQLite {
		// Best effort: readers elsewhere may hold the WAL a moment longer.
		conn.ExecContext(ctx, `PRAGMA wal_checkpoint(TRUNCATE)`)
	}
	return nil
}
