// Package teststore opens a migrated store for a test and signs two people
// up in it directly, with fresh keys: what the tests of the packages that
// seal records (record, draft) start from.
package teststore

import (
	"context"
	"testing"
	"time"

	"kintsugi/internal/store"
	"kintsugi/internal/vault"
)

// Owner is a person with a keyring, as package record wants an owner.
type Owner struct {
	ID   string
	Keys *vault.Keyring
}

func (o Owner) OwnerID() string         { return o.ID }
func (o Owner) Keyring() *vault.Keyring { return o.Keys }

// Open opens the store at dsn, migrated, closed when the test ends.
func Open(t testing.TB, dsn string) *store.Store {
	t.Helper()
	ctx := context.Background()
	s, err := store.Open(ctx, dsn, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	if _, err := s.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	return s
}

// Two opens the migrated store at dsn, closed when the test ends, with two
// people in it, alice and bob.
func Two(t testing.TB, dsn string) (*store.Store, Owner, Owner) {
	t.Helper()
	ctx := context.Background()
	s := Open(t, dsn)
	person := func(name string) Owner {
		o := Owner{ID: name + "-id", Keys: vault.NewKeyring(vault.NewKey())}
		err := s.CreateUser(ctx, &store.User{ID: o.ID, Username: name, CreatedAt: time.Now(), KDFSalt: []byte("s"),
			KDFTime: 1, KDFMemory: 64, KDFThreads: 1, KeyByPassphrase: []byte("w"), KeyByRecovery: []byte("w")})
		if err != nil {
			t.Fatal(err)
		}
		return o
	}
	return s, person("alice"), person("bob")
}
