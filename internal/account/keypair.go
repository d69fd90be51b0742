package account

import (
	"context"
	"errors"

	"kintsugi/internal/store"
	"kintsugi/internal/vault"
)

// Every account has a key pair for receiving keys from others (package
// vault): made at sign-up, or, for an account from before, the first time
// it is needed while the person is signed in. Its private half is sealed
// under the person's data key with associated data naming it and its
// owner, so it opens only for them.

// makeKeyPair makes and stores a key pair for the owner of keys, unless
// they have one already.
func (s *Service) makeKeyPair(ctx context.Context, userID string, keys *vault.Keyring) error {
	kp, err := vault.NewKeyPair()
	if err != nil {
		return err
	}
	private, err := kp.Bytes()
	if err != nil {
		return err
	}
	return s.store.PutKeyPair(ctx, &store.KeyPair{UserID: userID, Public: kp.Public(),
		Private: keys.Seal(private, "keypair", userID)})
}

// KeyPair opens the signed-in person's key pair, making it first for an
// account that has none yet.
func (s *Service) KeyPair(ctx context.Context, p *Person) (*vault.KeyPair, error) {
	row, err := s.store.KeyPair(ctx, p.ID)
	if errors.Is(err, store.ErrNotFound) {
		if err = s.makeKeyPair(ctx, p.ID, p.keys); err == nil {
			row, err = s.store.KeyPair(ctx, p.ID)
		}
	}
	if err != nil {
		return nil, err
	}
	private, err := p.keys.Open(row.Private, "keypair", p.ID)
	if err != nil {
		return nil, err
	}
	return vault.KeyPairFromBytes(private)
}

// PublicKey is a person's public key, for wrapping a key to them while
// they are away; ErrNotFound until they have signed in once since key
// pairs came.
func (s *Service) PublicKey(ctx context.Context, userID string) ([]byte, error) {
	row, err := s.store.KeyPair(ctx, userID)
	if err != nil {
		return nil, err
	}
	return row.Public, nil
}
