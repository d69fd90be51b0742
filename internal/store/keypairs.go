package store

import "context"

// KeyPair is a person's key pair for receiving keys: the public key in the
// clear, the private key sealed under their data key.
type KeyPair struct {
	UserID  string
	Public  []byte
	Private []byte // sealed
}

// PutKeyPair stores a person's key pair unless they have one already: the
// first one stored stays, so two requests making one at once agree.
func (s *Store) PutKeyPair(ctx context.Context, k *KeyPair) error {
	_, err := s.exec(ctx, `INSERT INTO keypairs (user_id, public_key, private_key) VALUES (?, ?, ?)
		ON CONFLICT (user_id) DO NOTHING`, k.UserID, k.Public, k.Private)
	return err
}

// KeyPair returns a person's key pair, or ErrNotFound.
func (s *Store) KeyPair(ctx context.Context, userID string) (*KeyPair, error) {
	k := KeyPair{UserID: userID}
	err := s.queryRow(ctx, `SELECT public_key, private_key FROM keypairs WHERE user_id = ?`, userID).Scan(&k.Public, &k.Private)
	if err != nil {
		return nil, mapErr(err)
	}
	return &k, nil
}
