package vault

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"strconv"

	"golang.org/x/crypto/argon2"
	"golang.org/x/text/unicode/norm"
)

// Params are the Argon2id cost parameters. They are stored beside each
// person's wrapped key, so raising the defaults later does not lock anyone
// out: the next passphrase change rewraps with the new cost.
type Params struct {
	Time      uint32 // passes over memory
	MemoryKiB uint32 // memory in KiB
	Threads   uint8  // lanes
}

// DefaultParams follow RFC 9106's memory-constrained recommendation with one
// lane: 64 MiB and three passes, about 150 ms on one core of a small server
// (docs/security.md has the measurement). One lane keeps a login to one core,
// so the concurrency limit in package account bounds CPU and memory alike.
var DefaultParams = Params{Time: 3, MemoryKiB: 64 * 1024, Threads: 1}

// TestParams are cheap parameters for tests only.
var TestParams = Params{Time: 1, MemoryKiB: 64, Threads: 1}

// Validate reports whether p is usable.
func (p Params) Validate() error {
	if p.Time < 1 || p.MemoryKiB < 8*uint32(p.Threads) || p.Threads < 1 {
		return fmt.Errorf("argon2id parameters out of range: t=%d m=%d p=%d", p.Time, p.MemoryKiB, p.Threads)
	}
	return nil
}

// SaltSize is the size of each person's Argon2id salt.
const SaltSize = 16

// NewSalt returns a fresh random salt.
func NewSalt() []byte {
	b := make([]byte, SaltSize)
	rand.Read(b)
	return b
}

// PassphraseKey derives the key that wraps a person's data key from their
// passphrase. The passphrase is normalised to Unicode NFC (so it types the
// same on every device), keyed with the server secret, and stretched with
// Argon2id. This is the expensive step; callers bound its concurrency.
func (s *Secret) PassphraseKey(passphrase string, salt []byte, p Params) Key {
	pepper := derive(s.key[:], nil, "kintsugi/v1/passphrase-pepper")
	pre := mac(pepper[:], norm.NFC.String(passphrase))
	return Key(argon2.IDKey(pre, salt, p.Time, p.MemoryKiB, p.Threads, KeySize))
}

// SessionKey derives the key that wraps a session's copy of the data key
// from the session token (256 random bits) and the server secret.
func (s *Secret) SessionKey(token string) Key {
	return derive([]byte(token), s.key[:], "kintsugi/v1/session")
}

// LinkKey derives the key that wraps a share's key for a private link,
// the pattern of SessionKey: from the link's secret (256 random bits, a
// token as NewSessionToken makes, kept by its SessionID), the passcode
// told beside it ("" for none) and the server secret. A stolen database
// holds neither the secret nor the passcode, so it opens nothing.
func (s *Secret) LinkKey(secret, passcode string) Key {
	return derive([]byte(secret+"\x00"+norm.NFC.String(passcode)), s.key[:], "kintsugi/v1/share-link")
}

// NewSessionToken returns a fresh session token for a cookie or bearer
// header, and the identifier under which the database keeps it.
func NewSessionToken() (token string, id []byte) {
	b := make([]byte, KeySize)
	rand.Read(b)
	token = base64.RawURLEncoding.EncodeToString(b)
	return token, SessionID(token)
}

// SessionID is the database identifier of a session token: its SHA-256.
// The token itself is never stored.
func SessionID(token string) []byte {
	h := sha256.Sum256([]byte(token))
	return h[:]
}

// Wrap encrypts a data key under a wrapping key. ad names the purpose and
// the owner, binding the wrapped copy to its row.
func Wrap(wrapping, dataKey Key, ad ...string) []byte {
	return seal(wrapping, dataKey[:], associated("wrap", ad))
}

// Unwrap reverses Wrap; a wrong wrapping key or moved copy gives ErrOpen.
func Unwrap(wrapping Key, wrapped []byte, ad ...string) (Key, error) {
	pt, err := open(wrapping, wrapped, associated("wrap", ad))
	if err != nil {
		return Key{}, err
	}
	if len(pt) != KeySize {
		return Key{}, ErrOpen
	}
	return Key(pt), nil
}

// associated builds unambiguous associated data: a version, a domain and
// length-prefixed parts.
func associated(domain string, parts []string) []byte {
	b := make([]byte, 0, 96)
	b = append(b, "kintsugi/v1/"...)
	b = append(b, domain...)
	for _, p := range parts {
		b = append(b, '|')
		b = strconv.AppendInt(b, int64(len(p)), 10)
		b = append(b, ':')
		b = append(b, p...)
	}
	return b
}
