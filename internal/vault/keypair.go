package vault

import (
	"crypto/hpke"
	"errors"
)

// A KeyPair lets a person receive keys from others while they are away: a
// key wrapped to their public key (a shared space's key, a share's key)
// can be opened only with their private key, which rests sealed under
// their own data key.
//
// It is HPKE (RFC 9180) in base mode with the hybrid post-quantum KEM
// ML-KEM-768 with X25519 (X-Wing), HKDF-SHA256 and AES-256-GCM, so that
// what is wrapped today stays closed to a future quantum computer as long
// as either of the two holds.
type KeyPair struct {
	private hpke.PrivateKey
}

var (
	kem       = hpke.MLKEM768X25519()
	kdf       = hpke.HKDFSHA256()
	aeadSuite = hpke.AES256GCM()
)

// NewKeyPair makes a fresh key pair.
func NewKeyPair() (*KeyPair, error) {
	k, err := kem.GenerateKey()
	if err != nil {
		return nil, err
	}
	return &KeyPair{private: k}, nil
}

// KeyPairFromBytes reads a private key written by Bytes.
func KeyPairFromBytes(b []byte) (*KeyPair, error) {
	k, err := kem.NewPrivateKey(b)
	if err != nil {
		return nil, ErrOpen
	}
	return &KeyPair{private: k}, nil
}

// Bytes is the private key, to be sealed: a 32-byte seed.
func (k *KeyPair) Bytes() ([]byte, error) { return k.private.Bytes() }

// Public is the public key, which anyone may hold.
func (k *KeyPair) Public() []byte { return k.private.PublicKey().Bytes() }

// WrapTo wraps key to a public key. ad names the purpose and what the
// wrapped copy belongs to, as for Wrap; the same ad must be given to
// Unwrap.
func WrapTo(public []byte, key Key, ad ...string) ([]byte, error) {
	pk, err := kem.NewPublicKey(public)
	if err != nil {
		return nil, errors.New("vault: not a public key")
	}
	return hpke.Seal(pk, kdf, aeadSuite, associated("wrap-to", ad), key[:])
}

// Unwrap opens a key wrapped to this key pair with the same ad; anything
// else gives ErrOpen.
func (k *KeyPair) Unwrap(wrapped []byte, ad ...string) (Key, error) {
	pt, err := hpke.Open(k.private, kdf, aeadSuite, associated("wrap-to", ad), wrapped)
	if err != nil || len(pt) != KeySize {
		return Key{}, ErrOpen
	}
	return Key(pt), nil
}

// SealTo seals content to a public key, for someone to read later with the
// private half: what others add to a person's log while the person is
// away. Like Keyring.Seal it pads the content to a multiple of 256 bytes
// first; ad names the record and its owner, and the same ad must be given
// to Open. Each sealing makes a fresh HPKE encapsulation, so it costs
// about 1.1 kB more than the content.
func SealTo(public, plaintext []byte, ad ...string) ([]byte, error) {
	pk, err := kem.NewPublicKey(public)
	if err != nil {
		return nil, errors.New("vault: not a public key")
	}
	return hpke.Seal(pk, kdf, aeadSuite, associated("seal-to", ad), pad(plaintext))
}

// Open reads content sealed to this key pair by SealTo with the same ad;
// anything else gives ErrOpen.
func (k *KeyPair) Open(sealed []byte, ad ...string) ([]byte, error) {
	padded, err := hpke.Open(k.private, kdf, aeadSuite, associated("seal-to", ad), sealed)
	if err != nil {
		return nil, ErrOpen
	}
	return unpad(padded)
}
