package store_test

import (
	"bytes"
	"context"
	"errors"
	"testing"

	"kintsugi/internal/store"
	"kintsugi/internal/testdb"
)

// A person has one key pair: the first one stored stays, another person's
// is not theirs, and it goes with the account.
func TestKeyPairs(t *testing.T) {
	testdb.Each(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		s := open(t, dsn)
		u, other := newUser(t, s, "river"), newUser(t, s, "stone")
		if _, err := s.KeyPair(ctx, u.ID); !errors.Is(err, store.ErrNotFound) {
			t.Fatalf("before any: %v, want ErrNotFound", err)
		}
		first := &store.KeyPair{UserID: u.ID, Public: []byte("public one"), Private: []byte("sealed one")}
		if err := s.PutKeyPair(ctx, first); err != nil {
			t.Fatal(err)
		}
		if err := s.PutKeyPair(ctx, &store.KeyPair{UserID: u.ID, Public: []byte("public two"), Private: []byte("sealed two")}); err != nil {
			t.Fatal(err)
		}
		got, err := s.KeyPair(ctx, u.ID)
		if err != nil || !bytes.Equal(got.Public, first.Public) || !bytes.Equal(got.Private, first.Private) {
			t.Fatalf("KeyPair = %+v, %v; want the first one stored", got, err)
		}
		if _, err := s.KeyPair(ctx, other.ID); !errors.Is(err, store.ErrNotFound) {
			t.Fatalf("another person's: %v, want ErrNotFound", err)
		}
		if err := s.DeleteUser(ctx, u.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := s.KeyPair(ctx, u.ID); !errors.Is(err, store.ErrNotFound) {
			t.Fatalf("after the account was deleted: %v, want ErrNotFound", err)
		}
	})
}
