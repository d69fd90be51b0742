package account

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"kintsugi/internal/testdb"
	"kintsugi/internal/vault"
)

// slowService returns a service whose Argon2id takes a few milliseconds,
// long enough for simultaneous attempts to overlap, as they do in use.
func slowService(t *testing.T, dsn string) (*Service, *clock) {
	t.Helper()
	cfg := testConfig()
	cfg.Params = vault.Params{Time: 1, MemoryKiB: 4 << 10, Threads: 1}
	svc, err := New(openStore(t, dsn), vault.NewSecret(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	c := &clock{t: time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)}
	svc.now = c.now
	return svc, c
}

// outcomes runs n sign-ins at once and counts how many were checked (a
// wrong passphrase) and how many were told to wait.
func outcomes(t *testing.T, n int, login func(i int) error) (checked, throttled int) {
	t.Helper()
	errs := make([]error, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() { errs[i] = login(i) })
	}
	wg.Wait()
	for _, err := range errs {
		switch {
		case errors.Is(err, ErrCredentials):
			checked++
		case errors.Is(err, ErrThrottled):
			throttled++
		default:
			t.Fatalf("unexpected answer: %v", err)
		}
	}
	return checked, throttled
}

// Simultaneous guesses cannot slip past the limits: every attempt takes its
// place in the count before its passphrase is checked.
func TestSimultaneousGuessesAreCounted(t *testing.T) {
	testdb.Each(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		svc, _ := slowService(t, dsn)
		if _, err := svc.SignUp(ctx, "river", good, "10.0.0.1", false); err != nil {
			t.Fatal(err)
		}
		checked, throttled := outcomes(t, 12, func(i int) error {
			_, err := svc.LogIn(ctx, "river", fmt.Sprintf("guess number %d", i), fmt.Sprintf("10.1.0.%d", i), "")
			return err
		})
		if checked != accountThrottle.free || throttled != 12-accountThrottle.free {
			t.Errorf("12 guesses at once on one account: %d checked, %d slowed; want %d checked", checked, throttled, accountThrottle.free)
		}
		checked, throttled = outcomes(t, 40, func(i int) error {
			_, err := svc.LogIn(ctx, fmt.Sprintf("name%02d", i), "a guess", "10.2.0.1", "")
			return err
		})
		if checked != addressThrottle.free || throttled != 40-addressThrottle.free {
			t.Errorf("40 guesses at once from one address: %d checked, %d slowed; want %d checked", checked, throttled, addressThrottle.free)
		}
	})
}

// Someone who knows a username cannot lock its owner out: not of signing in
// from a browser that has signed in before, not of changing the passphrase
// inside a session, and not of recovering with the recovery key.
func TestStrangersCannotLockOutTheOwner(t *testing.T) {
	testdb.Each(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		svc, c := setupOn(t, dsn)
		created, err := svc.SignUp(ctx, "river", good, "10.0.0.1", true)
		if err != nil {
			t.Fatal(err)
		}
		own, err := svc.LogIn(ctx, "river", good, "10.0.0.1", "")
		if err != nil {
			t.Fatal(err)
		}
		if _, ok := svc.deviceFor(own.Devices, "river"); !ok {
			t.Fatalf("a sign-in gave no device token for the account: %q", own.Devices)
		}
		// Someone else hammers the name, from many addresses, until it
		// is locked for clients it does not know.
		for i := range 3 * accountThrottle.free {
			svc.LogIn(ctx, "river", "a stranger's guess", fmt.Sprintf("10.6.6.%d", i), "")
		}
		if _, err := svc.LogIn(ctx, "river", good, "10.0.0.1", ""); !errors.Is(err, ErrThrottled) {
			t.Fatalf("the account is not locked for unknown clients: %v", err)
		}
		// The owner's own browser still gets in, and its token is renewed.
		again, err := svc.LogIn(ctx, "river", good, "10.0.0.1", own.Devices)
		if err != nil {
			t.Fatalf("the owner's browser was locked out: %v", err)
		}
		if again.Devices == own.Devices {
			t.Error("the device token was not renewed")
		}
		// A token made for another account opens no way around the lock.
		if _, err := svc.SignUp(ctx, "stone", good, "10.0.0.2", false); err != nil {
			t.Fatal(err)
		}
		other, err := svc.LogIn(ctx, "stone", good, "10.0.0.2", "")
		if err != nil {
			t.Fatal(err)
		}
		if _, err := svc.LogIn(ctx, "river", "a stranger's guess", "10.0.0.2", other.Devices); !errors.Is(err, ErrThrottled) {
			t.Fatalf("another account's device token got past the lock: %v", err)
		}
		// Changing the passphrase inside a session needs no account lock.
		p, err := svc.Authenticate(ctx, again.Token)
		if err != nil {
			t.Fatal(err)
		}
		if err := svc.ChangePassphrase(ctx, p, good, "a quieter harbour lantern at dawn"); err != nil {
			t.Fatalf("passphrase change while the name is hammered: %v", err)
		}
		// Neither does recovery.
		if _, err := svc.Recover(ctx, "river", created.RecoveryKey.String(), "the river finds its way home", "10.0.0.1"); err != nil {
			t.Fatalf("recovery while the name is hammered: %v", err)
		}
		// The device's own count still limits guesses from that browser.
		c.add(time.Hour)
		for range deviceThrottle.free {
			if _, err := svc.LogIn(ctx, "river", "a wrong guess", "10.0.0.1", again.Devices); !errors.Is(err, ErrCredentials) {
				t.Fatalf("a wrong guess with a device token: %v", err)
			}
		}
		if _, err := svc.LogIn(ctx, "river", "a wrong guess", "10.0.0.1", again.Devices); !errors.Is(err, ErrThrottled) {
			t.Fatalf("guesses with a device token are not limited: %v", err)
		}
	})
}

// Wrong passphrases inside a session are limited per session.
func TestPassphraseChecksInASessionAreLimited(t *testing.T) {
	svc, _ := setup(t)
	ctx := context.Background()
	created, err := svc.SignUp(ctx, "river", good, "10.0.0.1", true)
	if err != nil {
		t.Fatal(err)
	}
	p, err := svc.Authenticate(ctx, created.Session.Token)
	if err != nil {
		t.Fatal(err)
	}
	for i := range sessionThrottle.free {
		if err := svc.ChangePassphrase(ctx, p, "not it", "a quieter harbour lantern at dawn"); err == nil || errors.Is(err, ErrThrottled) {
			t.Fatalf("wrong passphrase %d: %v", i+1, err)
		}
	}
	if err := svc.DeleteAccount(ctx, p, good); !errors.Is(err, ErrThrottled) {
		t.Fatalf("after %d wrong passphrases in a session: %v", sessionThrottle.free, err)
	}
	// Another session of the same person is not affected.
	se, err := svc.LogIn(ctx, "river", good, "10.0.0.1", "")
	if err != nil {
		t.Fatal(err)
	}
	q, err := svc.Authenticate(ctx, se.Token)
	if err != nil {
		t.Fatal(err)
	}
	if err := svc.ChangePassphrase(ctx, q, good, "a quieter harbour lantern at dawn"); err != nil {
		t.Fatalf("another session: %v", err)
	}
}

// An attempt that could not be checked is given back: a burst the server
// turns away as busy does not count against the address or the account.
func TestBusyAttemptsDoNotCount(t *testing.T) {
	cfg := testConfig()
	cfg.HashQueue = 0 // every derivation is turned away
	svc, err := New(openStore(t, testdb.DSN(t, "sqlite")), vault.NewSecret(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	for range addressThrottle.free + 5 {
		if _, err := svc.LogIn(ctx, "river", "whatever", "10.3.0.1", ""); !errors.Is(err, ErrBusy) {
			t.Fatalf("a sign-in the server is too busy for: %v", err)
		}
	}
	for _, k := range [][]byte{addressThrottle.key(svc.secret, "10.3.0.1"), accountThrottle.key(svc.secret, "river")} {
		if a, _ := svc.store.Attempts(ctx, k); a.Count != 0 {
			t.Fatalf("%d unchecked attempts were counted", a.Count)
		}
	}
}

// setupOn is setup on the given database.
func setupOn(t *testing.T, dsn string) (*Service, *clock) {
	t.Helper()
	c := &clock{t: time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)}
	return newService(t, openStore(t, dsn), vault.NewSecret(), c), c
}
