package cli

import (
	"context"
	"errors"
	"fmt"

	"kintsugi/internal/store"
)

// backup writes an online, consistent copy of the SQLite database; the
// server may keep running and writing meanwhile.
func backup(ctx context.Context, e *env, args []string) error {
	var to string
	cfg, err := parse(e, "backup", args, func(c *Config, b *binder) {
		c.storageFlags(b)
		b.fs.StringVar(&to, "to", "", "file to write the backup to (must not exist)")
	})
	if err != nil {
		return err
	}
	if to == "" {
		return fmt.Errorf("backup: --to FILE is required")
	}
	s, err := store.Open(ctx, cfg.Database, store.Options{})
	if err != nil {
		return err
	}
	defer s.Close()
	if err := s.Backup(ctx, to); err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "kintsugi: backed up %s to %s\n", cfg.Database, to)
	fmt.Fprintf(e.stdout, "The server secret (%s) is not in the backup: keep a copy of it too, apart from the backup.\n", cfg.SecretFile)
	return nil
}

// restore replaces the database with a backup and brings its schema up to
// date.
func restore(ctx context.Context, e *env, args []string) error {
	var from string
	var replace bool
	cfg, err := parse(e, "restore", args, func(c *Config, b *binder) {
		c.storageFlags(b)
		b.fs.StringVar(&from, "from", "", "backup file to restore")
		b.fs.BoolVar(&replace, "replace", false, "overwrite a database that already holds accounts (stop the server first)")
	})
	if err != nil {
		return err
	}
	if from == "" {
		return errors.New("restore: --from FILE is required")
	}
	if err := store.CheckBackup(ctx, from); err != nil {
		return err
	}
	s, err := store.Open(ctx, cfg.Database, store.Options{})
	if err != nil {
		return err
	}
	defer s.Close()
	if !replace {
		if err := refuseToOverwrite(ctx, s, cfg.Database); err != nil {
			return err
		}
	}
	if err := s.Restore(ctx, from); err != nil {
		return err
	}
	if _, err := s.Migrate(ctx); err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "kintsugi: restored %s from %s\n", cfg.Database, from)
	fmt.Fprintf(e.stdout, "Put the original server secret at %s: without it people can only get in with their recovery keys.\n", cfg.SecretFile)
	return nil
}

// refuseToOverwrite fails when the database already holds accounts.
func refuseToOverwrite(ctx context.Context, s *store.Store, name string) error {
	v, err := s.Version(ctx)
	if err != nil || v == 0 {
		return err
	}
	n, err := s.CountUsers(ctx)
	if err != nil {
		return err
	}
	if n > 0 {
		return fmt.Errorf("restore: %s already holds %d accounts; stop the server and pass --replace to overwrite them", name, n)
	}
	return nil
}
