// Package vault holds kintsugi's key hierarchy: the server secret, each
// person's data key, the keys that wrap it (passphrase, recovery key,
// session token) and the sealing of content with that data key.
//
// Every ciphertext carries associated data naming what it is and whom it
// belongs to, so a ciphertext copied to another row or another person fails
// to open. docs/security.md describes the design in prose.
package vault

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/hkdf"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"errors"
	"fmt"
)

// KeySize is the size in bytes of every symmetric key in the hierarchy.
const KeySize = 32

// ErrOpen is returned when a ciphertext does not authenticate: the key is
// wrong, or the ciphertext or its associated data was changed or moved.
var ErrOpen = errors.New("vault: ciphertext does not open with this key")

// envelopeV1 is the first byte of every sealed value: AES-256-GCM with a
// random 96-bit nonce.
const envelopeV1 = 1

const nonceSize = 12

// Key is a 256-bit symmetric key.
type Key [KeySize]byte

// NewKey returns a fresh random key.
func NewKey() Key {
	var k Key
	rand.Read(k[:]) // crypto/rand.Read never fails
	return k
}

// derive expands key material into a 256-bit key for one purpose. salt may
// be nil; info names the purpose so that keys for different uses never
// coincide.
func derive(secret, salt []byte, info string) Key {
	out, err := hkdf.Key(sha256.New, secret, salt, info, KeySize)
	if err != nil {
		// hkdf.Key fails only for a length beyond 255 hash blocks.
		panic("vault: hkdf: " + err.Error())
	}
	return Key(out)
}

// seal encrypts plaintext under key with associated data ad, returning
// version || nonce || ciphertext+tag.
func seal(key Key, plaintext, ad []byte) []byte {
	return sealWith(newAEAD(key), plaintext, ad)
}

func sealWith(aead cipher.AEAD, plaintext, ad []byte) []byte {
	out := make([]byte, 1+nonceSize, 1+nonceSize+len(plaintext)+aead.Overhead())
	out[0] = envelopeV1
	rand.Read(out[1 : 1+nonceSize])
	return aead.Seal(out, out[1:1+nonceSize], plaintext, ad)
}

// open reverses seal. Any change to the ciphertext, key or associated data
// yields ErrOpen.
func open(key Key, sealed, ad []byte) ([]byte, error) {
	return openWith(newAEAD(key), nil, sealed, ad)
}

func openWith(aead cipher.AEAD, dst, sealed, ad []byte) ([]byte, error) {
	if len(sealed) < 1+nonceSize+aead.Overhead() || sealed[0] != envelopeV1 {
		return nil, ErrOpen
	}
	pt, err := aead.Open(dst, sealed[1:1+nonceSize], sealed[1+nonceSize:], ad)
	if err != nil {
		return nil, ErrOpen
	}
	return pt, nil
}

func newAEAD(key Key) cipher.AEAD {
	block, err := aes.NewCipher(key[:])
	if err != nil {
		panic("vault: aes: " + err.Error()) // only for a wrong key size
	}
	aead, err := cipher.NewGCM(block)
	if err != nil {
		panic("vault: gcm: " + err.Error())
	}
	return aead
}

// mac returns HMAC-SHA256(key, parts joined by a separator that cannot occur
// inside them ambiguously: each part is length-prefixed).
func mac(key []byte, parts ...string) []byte {
	h := hmac.New(sha256.New, key)
	for _, p := range parts {
		fmt.Fprintf(h, "%d:%s", len(p), p)
	}
	return h.Sum(nil)
}
