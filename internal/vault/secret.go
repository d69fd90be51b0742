package vault

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
)

// Secret is the server secret: random bytes kept in a file outside the
// database. It is mixed into every passphrase and session key, so a stolen
// database without this file cannot be used to test passphrase guesses or
// to open sessions.
type Secret struct {
	key Key
}

const secretFileSize = KeySize

// LoadOrCreateSecret reads the server secret from path, creating it with
// mode 0600 (and its directory with 0700) when it does not exist yet. It
// refuses a file that is readable by group or others, or of the wrong size.
func LoadOrCreateSecret(path string) (*Secret, bool, error) {
	s, err := LoadSecret(path)
	if err == nil || !errors.Is(err, fs.ErrNotExist) {
		return s, false, err
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return nil, false, fmt.Errorf("create directory for server secret: %w", err)
	}
	k := NewKey()
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if errors.Is(err, fs.ErrExist) {
		// Another process created it first: use theirs.
		s, err := LoadSecret(path)
		return s, false, err
	}
	if err != nil {
		return nil, false, fmt.Errorf("create server secret: %w", err)
	}
	_, werr := f.Write(k[:])
	serr := f.Sync()
	cerr := f.Close()
	if err := errors.Join(werr, serr, cerr); err != nil {
		os.Remove(path)
		return nil, false, fmt.Errorf("write server secret: %w", err)
	}
	return &Secret{key: k}, true, nil
}

// LoadSecret reads an existing server secret.
func LoadSecret(path string) (*Secret, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("open server secret: %w", err)
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, fmt.Errorf("stat server secret: %w", err)
	}
	if st.Mode().Perm()&0o077 != 0 {
		return nil, fmt.Errorf("server secret %s is readable by others (mode %v): run chmod 600 on it", path, st.Mode().Perm())
	}
	if st.Size() != secretFileSize {
		return nil, fmt.Errorf("server secret %s has %d bytes, want %d", path, st.Size(), secretFileSize)
	}
	var k Key
	if _, err := io.ReadFull(f, k[:]); err != nil {
		return nil, fmt.Errorf("read server secret: %w", err)
	}
	return &Secret{key: k}, nil
}

// NewSecret returns a random secret that lives only in memory; tests use it.
func NewSecret() *Secret {
	return &Secret{key: NewKey()}
}

// SecretFromBytes wraps existing key bytes; known-answer tests use it.
func SecretFromBytes(b []byte) (*Secret, error) {
	if len(b) != KeySize {
		return nil, fmt.Errorf("server secret must be %d bytes", KeySize)
	}
	return &Secret{key: Key(b)}, nil
}

// Tag returns a keyed hash of the given parts under a key derived from the
// server secret. It names things in the database (login-throttle counters)
// without storing what they are.
func (s *Secret) Tag(purpose string, parts ...string) []byte {
	k := derive(s.key[:], nil, "kintsugi/v1/server-tag/"+purpose)
	return mac(k[:], parts...)[:16]
}

// Check returns a check value of the secret: enough to tell, at start-up,
// whether a database was used with this secret, and useless for anything
// else (a keyed hash under a key derived from the secret, which cannot be
// turned back into it).
func (s *Secret) Check() []byte {
	return s.Tag("secret-check", "kintsugi server secret")
}
