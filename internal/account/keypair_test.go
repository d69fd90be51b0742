package account

import (
	"bytes"
	"context"
	"errors"
	"testing"
	"time"

	"kintsugi/internal/store"
	"kintsugi/internal/testdb"
	"kintsugi/internal/vault"
)

// A key wrapped to a person's public key, while they are away, opens with
// the key pair their own session opens, and with no one else's; the
// private half rests sealed; an account from before key pairs gets one
// when it is first needed.
func TestKeyPairs(t *testing.T) {
	testdb.Each(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		s := openStore(t, dsn)
		svc := newService(t, s, vault.NewSecret(), &clock{})
		person := func(name string) *Person {
			created, err := svc.SignUp(ctx, name, good, "10.0.0.1", true)
			if err != nil {
				t.Fatal(err)
			}
			p, err := svc.Authenticate(ctx, created.Session.Token)
			if err != nil {
				t.Fatal(err)
			}
			return p
		}
		river, stone := person("river"), person("stone")

		public, err := svc.PublicKey(ctx, river.ID)
		if err != nil {
			t.Fatalf("no public key after sign-up: %v", err)
		}
		space := vault.NewKey()
		wrapped, err := vault.WrapTo(public, space, "space", "S1", river.ID)
		if err != nil {
			t.Fatal(err)
		}
		kp, err := svc.KeyPair(ctx, river)
		if err != nil {
			t.Fatal(err)
		}
		if got, err := kp.Unwrap(wrapped, "space", "S1", river.ID); err != nil || got != space {
			t.Fatalf("river cannot open what was wrapped to her: %v", err)
		}
		theirs, err := svc.KeyPair(ctx, stone)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := theirs.Unwrap(wrapped, "space", "S1", river.ID); !errors.Is(err, vault.ErrOpen) {
			t.Fatalf("stone opened what was wrapped to river: %v", err)
		}

		// At rest: the private half is not in the clear, and it opens
		// only under its owner's keys, as its owner's.
		row, err := s.KeyPair(ctx, river.ID)
		if err != nil {
			t.Fatal(err)
		}
		seed, _ := kp.Bytes()
		if bytes.Contains(row.Private, seed) {
			t.Fatal("the private key rests in the clear")
		}
		if _, err := stone.keys.Open(row.Private, "keypair", river.ID); err == nil {
			t.Fatal("another person's keys open the private key")
		}
		if _, err := river.keys.Open(row.Private, "keypair", stone.ID); err == nil {
			t.Fatal("the private key opens as someone else's")
		}

		// An account from before key pairs: none until it is needed.
		old := &store.User{ID: "old-id", Username: "old", CreatedAt: time.Now(), KDFSalt: []byte("s"),
			KDFTime: 1, KDFMemory: 64, KDFThreads: 1, KeyByPassphrase: []byte("w"), KeyByRecovery: []byte("w")}
		if err := s.CreateUser(ctx, old); err != nil {
			t.Fatal(err)
		}
		// Its session from before, too: a sign-in now makes the key pair
		// at once, for the access log (below).
		token, id := vault.NewSessionToken()
		now := time.Now().UTC()
		if err := s.CreateSession(ctx, &store.Session{ID: id, UserID: old.ID, CreatedAt: now, SeenAt: now, ExpiresAt: now.Add(time.Hour),
			WrappedKey: vault.Wrap(svc.secret.SessionKey(token), vault.NewKey(), "session", old.ID)}); err != nil {
			t.Fatal(err)
		}
		before, err := svc.Authenticate(ctx, token)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := svc.PublicKey(ctx, old.ID); !errors.Is(err, store.ErrNotFound) {
			t.Fatalf("public key of an account without one: %v", err)
		}
		made, err := svc.KeyPair(ctx, before)
		if err != nil {
			t.Fatal(err)
		}
		if pub, err := svc.PublicKey(ctx, old.ID); err != nil || !bytes.Equal(pub, made.Public()) {
			t.Fatalf("the key pair made when needed was not kept: %v", err)
		}
		if again, err := svc.KeyPair(ctx, before); err != nil || !bytes.Equal(again.Public(), made.Public()) {
			t.Fatalf("a second call made another key pair: %v", err)
		}

		// Another account from before signs in: its key pair is made then.
		older := &store.User{ID: "older-id", Username: "older", CreatedAt: time.Now(), KDFSalt: []byte("s"),
			KDFTime: 1, KDFMemory: 64, KDFThreads: 1, KeyByPassphrase: []byte("w"), KeyByRecovery: []byte("w")}
		if err := s.CreateUser(ctx, older); err != nil {
			t.Fatal(err)
		}
		if _, err := svc.startSession(ctx, older.ID, vault.NewKey(), ""); err != nil {
			t.Fatal(err)
		}
		if _, err := svc.PublicKey(ctx, older.ID); err != nil {
			t.Fatalf("no key pair after signing in: %v", err)
		}
	})
}
