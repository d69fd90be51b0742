package store

import "context"

// ServerValue returns the server-wide value stored under name, or
// ErrNotFound.
func (s *Store) ServerValue(ctx context.Context, name string) ([]byte, error) {
	var v []byte
	err := s.queryRow(ctx, `SELECT value FROM server_values WHERE name = ?`, name).Scan(&v)
	return v, err
}

// InitServerValue stores value under name unless a value is there
// already, and returns the one that is stored: the first of several
// instances starting at once sets it, and the others see theirs.
func (s *Store) InitServerValue(ctx context.Context, name string, value []byte) ([]byte, error) {
	if _, err := s.exec(ctx, `INSERT INTO server_values (name, value) VALUES (?, ?) ON CONFLICT (name) DO NOTHING`, name, value); err != nil {
		return nil, err
	}
	var v []byte
	err := s.writeRow(ctx, `SELECT value FROM server_values WHERE name = ?`, name).Scan(&v)
	return v, err
}

// SetServerValue stores value under name, replacing any earlier one.
func (s *Store) SetServerValue(ctx context.Context, name string, value []byte) error {
	_, err := s.exec(ctx, `INSERT INTO server_values (name, value) VALUES (?, ?)
		ON CONFLICT (name) DO UPDATE SET value = excluded.value`, name, value)
	return err
}
