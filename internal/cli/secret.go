package cli

import (
	"bytes"
	"context"
	"crypto/subtle"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"

	"kintsugi/internal/store"
	"kintsugi/internal/vault"
)

// secretCheck names the server secret's check value in the database.
const secretCheck = "secret-check"

// openSecret loads the server secret and makes sure it is the one the
// database was used with, creating it only where that loses nothing.
//
// Every passphrase key is made with the secret, so the wrong one would
// make every correct passphrase look wrong, and a person who recovered
// would get a passphrase bound to it. The database keeps a check value of
// the secret (never the secret), and start-up refuses a secret that does
// not match it, or a missing one when accounts exist, saying what to do.
// cfg.NewSecret accepts a new secret for such a database on purpose.
func openSecret(ctx context.Context, cfg *Config, s *store.Store, log *slog.Logger) (*vault.Secret, error) {
	secret, err := vault.LoadSecret(cfg.SecretFile)
	missing := errors.Is(err, fs.ErrNotExist)
	if err != nil && !missing {
		return nil, err
	}
	stored, err := s.ServerValue(ctx, secretCheck)
	if err != nil && !errors.Is(err, store.ErrNotFound) {
		return nil, fmt.Errorf("read the server secret's check value: %w", err)
	}
	if missing {
		return createSecret(ctx, cfg, s, log)
	}
	if stored == nil {
		// A database from before the check existed, or a new one: it
		// was used with this file, if with any.
		if stored, err = s.InitServerValue(ctx, secretCheck, secret.Check()); err != nil {
			return nil, fmt.Errorf("record the server secret's check value: %w", err)
		}
	}
	if subtle.ConstantTimeCompare(stored, secret.Check()) == 1 {
		return secret, nil
	}
	if !cfg.NewSecret {
		return nil, fmt.Errorf("the server secret in %s is not the one this database was used with, so no passphrase "+
			"would open anything. Point --secret-file at the right file (every instance needs the same one). "+
			"Only if the right one is lost for good, start once with --new-secret to use this one: "+
			"everyone then signs in once with their recovery key", cfg.SecretFile)
	}
	log.Warn("accepted a new server secret for this database, as --new-secret asked: passphrases made under the old one open nothing; each person signs in once with their recovery key",
		"path", cfg.SecretFile)
	return secret, s.SetServerValue(ctx, secretCheck, secret.Check())
}

// createSecret makes a new server secret where there is none, unless the
// database has accounts made under another one.
func createSecret(ctx context.Context, cfg *Config, s *store.Store, log *slog.Logger) (*vault.Secret, error) {
	n, err := s.CountUsers(ctx)
	if err != nil {
		return nil, err
	}
	if n > 0 && !cfg.NewSecret {
		return nil, fmt.Errorf("the server secret %s is missing, but the database holds %d account(s) made with one. "+
			"Bring the file back from where its backup is kept (it is not in database backups), or point "+
			"--secret-file at it. Only if it is lost for good, start once with --new-secret to make a new one: "+
			"everyone then signs in once with their recovery key", cfg.SecretFile, n)
	}
	secret, created, err := vault.LoadOrCreateSecret(cfg.SecretFile)
	if err != nil {
		return nil, err
	}
	switch {
	case created && n > 0:
		log.Warn("made a new server secret for a database with accounts, as --new-secret asked: back it up separately from the database; each person signs in once with their recovery key",
			"path", cfg.SecretFile, "accounts", n)
	case created:
		log.Warn("created a new server secret: back it up separately from the database; without it no passphrase opens anything",
			"path", cfg.SecretFile)
	}
	if stored, err := s.InitServerValue(ctx, secretCheck, secret.Check()); err != nil {
		return nil, err
	} else if !bytes.Equal(stored, secret.Check()) {
		// An earlier secret was used with this database, but it holds no
		// accounts now (or --new-secret says so): nothing is lost.
		return secret, s.SetServerValue(ctx, secretCheck, secret.Check())
	}
	return secret, nil
}
