package main

import (
	"context"
	"flag"
	"fmt"
	"math/rand/v2"
	"time"

	"kintsugi/internal/account"
	seedpkg "kintsugi/internal/seed"
	"kintsugi/internal/store"
	"kintsugi/internal/tools"
	"kintsugi/internal/vault"
)

// seed creates the measured person (with the real Argon2id cost, so the
// login benchmarks are honest) and background people, each with years of
// daily check-ins, journal entries and weekly step ratings, and the other
// tools used over the same years (see package seed).
func seed(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("seed", flag.ContinueOnError)
	dsn := fs.String("database", "", "database (SQLite path or postgres:// URL)")
	secretFile := fs.String("secret-file", "", "server secret file (created if missing)")
	user := fs.String("user", "bench", "the measured person's username")
	pass := fs.String("passphrase", "quiet harbour lanterns drift east", "the measured person's passphrase")
	entries := fs.Int("entries", 10_000, "journal entries of the measured person")
	days := fs.Int("days", 5*365, "days of the measured person's history: daily check-ins, weekly ratings, the other tools at their pace")
	people := fs.Int("people", 20, "background people, each with a tenth of the measured person's history")
	if err := fs.Parse(args); err != nil {
		return err
	}
	s, err := store.Open(ctx, *dsn, store.Options{})
	if err != nil {
		return err
	}
	defer s.Close()
	if _, err := s.Migrate(ctx); err != nil {
		return err
	}
	secret, _, err := vault.LoadOrCreateSecret(*secretFile)
	if err != nil {
		return err
	}
	accounts, err := account.New(s, secret, account.DefaultConfig())
	if err != nil {
		return err
	}
	cheap := account.DefaultConfig()
	cheap.Params = vault.Params{Time: 1, MemoryKiB: 1024, Threads: 1}
	background, err := account.New(s, secret, cheap)
	if err != nil {
		return err
	}

	_, catalog, err := tools.Load()
	if err != nil {
		return err
	}

	start := time.Now()
	rng := rand.New(rand.NewPCG(1, 2))
	if err := seedpkg.Person(ctx, s, accounts, catalog, *user, *pass, *entries, *days, rng); err != nil {
		return err
	}
	for i := range *people {
		name := fmt.Sprintf("%s-neighbour-%d", *user, i)
		if err := seedpkg.Person(ctx, s, background, catalog, name, *pass, *entries/10, *days/10, rng); err != nil {
			return err
		}
	}
	if err := s.Optimize(ctx); err != nil {
		return err
	}
	fmt.Printf("seeded %s (%d entries, %d days, %d records) and %d background people in %v\n",
		*user, *entries, *days, seedpkg.Records(*entries, *days), *people, time.Since(start).Round(time.Millisecond))
	return nil
}
