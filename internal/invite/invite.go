// Package invite makes and reads the codes one person hands another to
// link with them (as a partner, or as a supporter): ten characters of
// Crockford's base32 (50 bits), written in two groups of five, and read
// back forgiving case, spaces and dashes and the letters people mistake
// for digits. The database keeps only a keyed hash of a code, by purpose,
// so it holds nothing that could be typed in. Guessing is bounded by the
// per-address count of tries; 50 bits against a few thousand tries a day
// is hopeless.
package invite

import (
	"context"
	"crypto/rand"
	"errors"
	"strings"
	"time"

	"kintsugi/internal/account"
	"kintsugi/internal/store"
	"kintsugi/internal/valid"
	"kintsugi/internal/vault"
)

const (
	alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
	length   = 10
)

// Codes makes and reads the codes of one purpose.
type Codes struct {
	secret  *vault.Secret
	purpose string
}

// New returns the codes of purpose, hashed under the server secret.
func New(secret *vault.Secret, purpose string) *Codes {
	return &Codes{secret: secret, purpose: purpose}
}

// Make returns a fresh code, to show once, and the key it is stored under.
func (c *Codes) Make() (code string, key []byte) {
	b := make([]byte, length)
	rand.Read(b)
	var out strings.Builder
	for i, x := range b {
		if i == length/2 {
			out.WriteByte('-')
		}
		out.WriteByte(alphabet[x&31])
	}
	return out.String(), c.key(out.String())
}

// Parse reads a code as typed and returns the key it is stored under;
// ok is false for what cannot be a code.
func (c *Codes) Parse(typed string) (key []byte, ok bool) {
	var clean strings.Builder
	for _, r := range strings.ToUpper(typed) {
		switch {
		case r == ' ' || r == '-' || r == '\t':
			continue
		case r == 'O':
			r = '0'
		case r == 'I' || r == 'L':
			r = '1'
		}
		if !strings.ContainsRune(alphabet, r) || clean.Len() == length {
			return nil, false
		}
		clean.WriteRune(r)
	}
	if clean.Len() != length {
		return nil, false
	}
	s := clean.String()
	return c.key(s[:length/2] + "-" + s[length/2:]), true
}

// Purpose is what the codes are for, as the store keeps it.
func (c *Codes) Purpose() string { return c.purpose }

// Purposes.
const (
	Partner   = "partner"
	Supporter = "supporter"
)

// key is the keyed hash a code is stored under. A partner's code keeps the
// form it had before there were other purposes.
func (c *Codes) key(code string) []byte {
	if c.purpose == Partner {
		return c.secret.Tag("invitation", code)
	}
	return c.secret.Tag("invitation", c.purpose, code)
}

// Find reads a code as typed and finds its open invitation, counting the
// try against addr first, as sign-ins are, and giving it back when the
// code was right. A code that cannot be used (mistyped, used, replaced or
// run out) is the same problem on the field "code" for all.
func (c *Codes) Find(ctx context.Context, accounts *account.Service, s *store.Store, typed, addr string, now time.Time) (*store.Invitation, error) {
	attempt, err := accounts.TakeCodeAttempt(ctx, addr)
	if err != nil {
		return nil, err
	}
	key, ok := c.Parse(typed)
	if !ok {
		return nil, Problem()
	}
	inv, err := s.Invitation(ctx, c.purpose, key, now)
	if errors.Is(err, store.ErrNotFound) {
		return nil, Problem()
	}
	if err != nil {
		return nil, errors.Join(err, attempt.GiveBack(ctx))
	}
	return inv, attempt.GiveBack(ctx)
}

// Problem is the answer to a code that cannot be used.
func Problem() error {
	var p valid.Problems
	p.Add("code", "That code cannot be used. It may have a typing mistake, have been used already, or be more than 72 hours old.")
	return p
}
