package vault

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/base32"
	"errors"
	"strings"
)

// RecoveryKey is the high-entropy key shown once at sign-up. It wraps a
// second copy of the data key, independent of the passphrase and of the
// server secret, so it still opens a person's data when both are lost.
type RecoveryKey [recoveryEntropy]byte

const (
	recoveryEntropy  = 30 // 240 random bits
	recoveryChecksum = 2  // detects typing mistakes
	recoveryGroup    = 4  // characters per group when shown
)

// ErrRecoveryFormat means the text is not a well-formed recovery key: a
// character is missing, extra or mistyped.
var ErrRecoveryFormat = errors.New("vault: recovery key is mistyped")

var recoveryEncoding = base32.StdEncoding.WithPadding(base32.NoPadding)

// NewRecoveryKey returns a fresh random recovery key.
func NewRecoveryKey() RecoveryKey {
	var r RecoveryKey
	rand.Read(r[:])
	return r
}

// String formats the key as 13 groups of four characters from the RFC 4648
// base32 alphabet, the last two bytes being a checksum.
func (r RecoveryKey) String() string {
	sum := sha256.Sum256(r[:])
	raw := recoveryEncoding.EncodeToString(append(r[:], sum[:recoveryChecksum]...))
	var b strings.Builder
	for i := 0; i < len(raw); i += recoveryGroup {
		if i > 0 {
			b.WriteByte('-')
		}
		b.WriteString(raw[i:min(i+recoveryGroup, len(raw))])
	}
	return b.String()
}

// ParseRecoveryKey reads a recovery key as a person might type it: any
// case, with or without dashes and spaces, with 0, 1 and 8 read as O, I and
// B (characters the alphabet leaves out because they look alike).
func ParseRecoveryKey(s string) (RecoveryKey, error) {
	clean := strings.Map(func(c rune) rune {
		switch c {
		case '-', ' ', '\t', '\n', '\r':
			return -1
		case '0':
			return 'O'
		case '1':
			return 'I'
		case '8':
			return 'B'
		}
		if c >= 'a' && c <= 'z' {
			return c - 'a' + 'A'
		}
		return c
	}, s)
	raw, err := recoveryEncoding.DecodeString(clean)
	if err != nil || len(raw) != recoveryEntropy+recoveryChecksum {
		return RecoveryKey{}, ErrRecoveryFormat
	}
	var r RecoveryKey
	copy(r[:], raw)
	sum := sha256.Sum256(r[:])
	if string(sum[:recoveryChecksum]) != string(raw[recoveryEntropy:]) {
		return RecoveryKey{}, ErrRecoveryFormat
	}
	return r, nil
}

// WrappingKey derives the key that wraps the data key's recovery copy.
func (r RecoveryKey) WrappingKey() Key {
	return derive(r[:], nil, "kintsugi/v1/recovery")
}
