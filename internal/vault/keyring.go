package vault

import (
	"bytes"
	"crypto/cipher"
)

// Keyring seals and opens one person's content. It is built from their data
// key for the length of one request and never stored.
type Keyring struct {
	aead  cipher.AEAD
	index Key
}

// padBlock is the granularity to which plaintext is padded before sealing,
// so a ciphertext's size tells only roughly how long the content is.
const padBlock = 256

// NewKeyring derives the content and index keys from a data key.
func NewKeyring(dataKey Key) *Keyring {
	return &Keyring{
		aead:  newAEAD(derive(dataKey[:], nil, "kintsugi/v1/content")),
		index: derive(dataKey[:], nil, "kintsugi/v1/index"),
	}
}

// Seal pads and encrypts content. ad names the record (its kind, owner and
// id); the same ad must be given to Open.
func (k *Keyring) Seal(plaintext []byte, ad ...string) []byte {
	return sealWith(k.aead, pad(plaintext), associated("content", ad))
}

// Open decrypts content sealed by Seal with the same ad.
func (k *Keyring) Open(sealed []byte, ad ...string) ([]byte, error) {
	return k.OpenAppend(nil, sealed, ad...)
}

// OpenAppend is Open that appends the content to dst, so a caller opening
// many records can reuse one buffer.
func (k *Keyring) OpenAppend(dst, sealed []byte, ad ...string) ([]byte, error) {
	padded, err := openWith(k.aead, dst, sealed, associated("content", ad))
	if err != nil {
		return nil, err
	}
	return unpad(padded)
}

// Tag returns a blind index: a keyed hash that lets the database find a
// person's records of one kind (or tied to one step) without learning the
// kind or the step. Tags are only comparable within one person's keyring.
func (k *Keyring) Tag(parts ...string) []byte {
	return mac(k.index[:], parts...)[:16]
}

// pad appends 0x80 and zeros up to a multiple of padBlock (ISO/IEC 7816-4).
func pad(b []byte) []byte {
	n := (len(b)/padBlock + 1) * padBlock
	out := make([]byte, n)
	copy(out, b)
	out[len(b)] = 0x80
	return out
}

func unpad(b []byte) ([]byte, error) {
	i := bytes.LastIndexByte(b, 0x80)
	if i < 0 || len(b)%padBlock != 0 {
		return nil, ErrOpen
	}
	for _, c := range b[i+1:] {
		if c != 0 {
			return nil, ErrOpen
		}
	}
	return b[:i], nil
}
