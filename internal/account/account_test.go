package account

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"kintsugi/internal/store"
	"kintsugi/internal/testdb"
	"kintsugi/internal/valid"
	"kintsugi/internal/vault"
)

const good = "quiet harbour lanterns drift east"

type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) add(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

func testConfig() Config {
	cfg := DefaultConfig()
	cfg.Params = vault.TestParams
	return cfg
}

// newService returns a service on a fresh database with a controllable
// clock. Several services may share one store and secret, like several
// instances sharing a database.
func newService(t *testing.T, s *store.Store, secret *vault.Secret, c *clock) *Service {
	t.Helper()
	svc, err := New(s, secret, testConfig())
	if err != nil {
		t.Fatal(err)
	}
	svc.now = c.now
	return svc
}

func openStore(t *testing.T, dsn string) *store.Store {
	t.Helper()
	s, err := store.Open(context.Background(), dsn, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	if _, err := s.Migrate(context.Background()); err != nil {
		t.Fatal(err)
	}
	return s
}

func setup(t *testing.T) (*Service, *clock) {
	t.Helper()
	c := &clock{t: time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)}
	return newService(t, openStore(t, testdb.DSN(t, "sqlite")), vault.NewSecret(), c), c
}

func TestSignUpAndLogIn(t *testing.T) {
	testdb.Each(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		c := &clock{t: time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)}
		svc := newService(t, openStore(t, dsn), vault.NewSecret(), c)
		created, err := svc.SignUp(ctx, "  River ", good, "10.0.0.1", true)
		if err != nil {
			t.Fatal(err)
		}
		if created.Username != "river" || created.Session == nil || !strings.Contains(created.RecoveryKey.String(), "-") {
			t.Fatalf("SignUp = %+v", created)
		}
		p, err := svc.Authenticate(ctx, created.Session.Token)
		if err != nil || p.Username != "river" {
			t.Fatalf("Authenticate(sign-up session) = %+v, %v", p, err)
		}
		if _, err := svc.SignUp(ctx, "RIVER", good+" again", "10.0.0.1", false); !errors.Is(err, ErrUsernameTaken) {
			t.Fatalf("taken username: %v", err)
		}
		se, err := svc.LogIn(ctx, "river", good, "10.0.0.1", "")
		if err != nil {
			t.Fatal(err)
		}
		p2, err := svc.Authenticate(ctx, se.Token)
		if err != nil || p2.ID != p.ID {
			t.Fatalf("Authenticate(login session) = %+v, %v", p2, err)
		}
		// Both sessions open the same data key.
		if sealed := p.Keyring().Seal([]byte("x"), "k", p.ID, "1"); true {
			if _, err := p2.Keyring().Open(sealed, "k", p.ID, "1"); err != nil {
				t.Fatal("two sessions of one person hold different keys")
			}
		}
	})
}

func TestSignUpRefusesBadInput(t *testing.T) {
	svc, _ := setup(t)
	cases := []struct{ name, user, pass, field string }{
		{"short name", "ab", good, "username"},
		{"odd characters", "river stone", good, "username"},
		{"leading dot", ".river", good, "username"},
		{"short passphrase", "river", "short one", "passphrase"},
		{"common password", "river", "password1234", "passphrase"},
		{"keyboard row", "river", "qwertyuiop[]", "passphrase"},
		{"username inside", "riverstone", "riverstone1!", "passphrase"},
		{"too long", "river", strings.Repeat("a", MaxPassphrase+1), "passphrase"},
	}
	for _, c := range cases {
		_, err := svc.SignUp(context.Background(), c.user, c.pass, "10.0.0.1", false)
		p, ok := valid.As(err)
		if !ok || p.For(c.field) == "" {
			t.Errorf("%s: err = %v, want a problem with %s", c.name, err, c.field)
			continue
		}
		if strings.Contains(p.Error(), c.pass) {
			t.Errorf("%s: the message repeats the passphrase", c.name)
		}
	}
	// 256 characters and more are accepted.
	long := strings.Repeat("amber kite over salt marsh ", 12)[:300]
	if _, err := svc.SignUp(context.Background(), "longpass", long, "10.0.0.1", false); err != nil {
		t.Fatalf("300-character passphrase refused: %v", err)
	}
}

func TestWrongPassphraseAndUnknownNameLookTheSame(t *testing.T) {
	svc, _ := setup(t)
	ctx := context.Background()
	if _, err := svc.SignUp(ctx, "river", good, "10.0.0.1", false); err != nil {
		t.Fatal(err)
	}
	_, wrong := svc.LogIn(ctx, "river", good+"x", "10.0.0.2", "")
	_, unknown := svc.LogIn(ctx, "nobody", good, "10.0.0.3", "")
	_, junk := svc.LogIn(ctx, "no\x00body", good, "10.0.0.4", "")
	if !errors.Is(junk, ErrCredentials) {
		t.Fatalf("a name that could never exist: %v", junk)
	}
	if !errors.Is(wrong, ErrCredentials) || !errors.Is(unknown, ErrCredentials) || wrong.Error() != unknown.Error() {
		t.Fatalf("wrong passphrase: %v; unknown name: %v", wrong, unknown)
	}
}

func TestLoginThrottle(t *testing.T) {
	testdb.Each(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		s := openStore(t, dsn)
		secret := vault.NewSecret()
		c := &clock{t: time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)}
		// Two instances share the database; failures on either count.
		a, b := newService(t, s, secret, c), newService(t, s, secret, c)
		if _, err := a.SignUp(ctx, "river", good, "10.0.0.1", false); err != nil {
			t.Fatal(err)
		}
		for i := range accountThrottle.free {
			inst := a
			if i%2 == 1 {
				inst = b
			}
			if _, err := inst.LogIn(ctx, "river", "wrong passphrase "+string(rune('a'+i)), "10.0.0.9", ""); !errors.Is(err, ErrCredentials) {
				t.Fatalf("attempt %d: %v", i+1, err)
			}
		}
		_, err := b.LogIn(ctx, "river", good, "10.0.0.9", "")
		wait, ok := RetryAfter(err)
		if !errors.Is(err, ErrThrottled) || !ok || wait <= 0 {
			t.Fatalf("after %d failures: %v (retry after %v)", accountThrottle.free, err, wait)
		}
		// Unknown names are slowed exactly like real ones.
		for range accountThrottle.free {
			a.LogIn(ctx, "nobody", "wrong passphrase", "10.0.0.10", "")
		}
		if _, err := a.LogIn(ctx, "nobody", "wrong passphrase", "10.0.0.10", ""); !errors.Is(err, ErrThrottled) {
			t.Fatalf("unknown name not slowed: %v", err)
		}
		// Waiting long enough lets the right passphrase in, and success
		// clears the account's count.
		c.add(wait)
		if _, err := a.LogIn(ctx, "river", good, "10.0.0.9", ""); err != nil {
			t.Fatalf("after waiting: %v", err)
		}
		if n, _ := s.Attempts(ctx, accountThrottle.key(secret, "river")); n.Count != 0 {
			t.Fatalf("success left %d failures", n.Count)
		}
	})
}

func TestAddressThrottleSpansAccounts(t *testing.T) {
	svc, _ := setup(t)
	ctx := context.Background()
	for i := range addressThrottle.free {
		svc.LogIn(ctx, "name"+string(rune('a'+i%26))+string(rune('a'+i/26)), "wrong passphrase", "10.9.9.9", "")
	}
	if _, err := svc.LogIn(ctx, "fresh", "wrong passphrase", "10.9.9.9", ""); !errors.Is(err, ErrThrottled) {
		t.Fatalf("address not slowed after %d failures: %v", addressThrottle.free, err)
	}
	if _, err := svc.LogIn(ctx, "fresh", "wrong passphrase", "10.9.9.8", ""); !errors.Is(err, ErrCredentials) {
		t.Fatalf("another address was slowed: %v", err)
	}
}

func TestHashLimiterAnswersEveryone(t *testing.T) {
	l := newHashLimiter(2, 3, 50*time.Millisecond, 0)
	release := make(chan struct{})
	var wg sync.WaitGroup
	results := make([]error, 10)
	for i := range results {
		wg.Go(func() {
			results[i] = l.derive(context.Background(), func() { <-release })
		})
	}
	time.Sleep(20 * time.Millisecond)
	if st := l.stats(); st.Running != 2 || st.Waiting > 3 {
		t.Fatalf("stats while saturated: %+v", st)
	}
	time.Sleep(60 * time.Millisecond) // queued callers give up after maxWait
	close(release)
	wg.Wait()
	var ok, busy int
	for _, err := range results {
		switch {
		case err == nil:
			ok++
		case errors.Is(err, ErrBusy):
			if after, _ := RetryAfter(err); after <= 0 {
				t.Fatal("busy without a retry delay")
			}
			busy++
		default:
			t.Fatalf("unexpected error %v", err)
		}
	}
	if ok != 2 || busy != 8 {
		t.Fatalf("ok=%d busy=%d, want 2 and 8", ok, busy)
	}
}

func TestSessions(t *testing.T) {
	testdb.Each(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		c := &clock{t: time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)}
		svc := newService(t, openStore(t, dsn), vault.NewSecret(), c)
		if _, err := svc.SignUp(ctx, "river", good, "10.0.0.1", false); err != nil {
			t.Fatal(err)
		}
		passphrase := good
		login := func() (string, *Person) {
			se, err := svc.LogIn(ctx, "river", passphrase, "10.0.0.1", "")
			if err != nil {
				t.Fatal(err)
			}
			p, err := svc.Authenticate(ctx, se.Token)
			if err != nil {
				t.Fatal(err)
			}
			return se.Token, p
		}
		unauthenticated := func(what, token string) {
			t.Helper()
			if _, err := svc.Authenticate(ctx, token); !errors.Is(err, ErrUnauthenticated) {
				t.Fatalf("%s: Authenticate = %v, want ErrUnauthenticated", what, err)
			}
		}

		t1, p1 := login()
		if err := svc.LogOut(ctx, p1); err != nil {
			t.Fatal(err)
		}
		unauthenticated("after logout", t1)

		t2, p2 := login()
		t3, _ := login()
		if err := svc.LogOutEverywhere(ctx, p2); err != nil {
			t.Fatal(err)
		}
		unauthenticated("everywhere, this device", t2)
		unauthenticated("everywhere, other device", t3)

		t4, p4 := login()
		t5, _ := login()
		if err := svc.ChangePassphrase(ctx, p4, "not it at all, sorry", "a brand new passphrase for spring"); err == nil {
			t.Fatal("wrong current passphrase accepted")
		} else if p, ok := valid.As(err); !ok || p.For("current") == "" {
			t.Fatalf("wrong current passphrase: %v", err)
		}
		if err := svc.ChangePassphrase(ctx, p4, good, "a brand new passphrase for spring"); err != nil {
			t.Fatal(err)
		}
		unauthenticated("other session after passphrase change", t5)
		if _, err := svc.Authenticate(ctx, t4); err != nil {
			t.Fatalf("the session that changed the passphrase ended: %v", err)
		}
		if _, err := svc.LogIn(ctx, "river", good, "10.0.0.1", ""); !errors.Is(err, ErrCredentials) {
			t.Fatalf("old passphrase still works: %v", err)
		}
		if _, err := svc.LogIn(ctx, "river", "a brand new passphrase for spring", "10.0.0.1", ""); err != nil {
			t.Fatalf("new passphrase: %v", err)
		}

		// Idle expiry, and extension on use.
		passphrase = "a brand new passphrase for spring"
		t6, _ := login()
		c.add(6 * 24 * time.Hour)
		if _, err := svc.Authenticate(ctx, t6); err != nil {
			t.Fatalf("used within the idle window: %v", err)
		}
		c.add(6 * 24 * time.Hour)
		if _, err := svc.Authenticate(ctx, t6); err != nil {
			t.Fatalf("use did not extend the session: %v", err)
		}
		c.add(8 * 24 * time.Hour)
		unauthenticated("idle past the window", t6)

		unauthenticated("garbage token", "not-a-token")
		unauthenticated("unknown token", strings.Repeat("A", 43))
	})
}

func TestStolenDatabaseWithoutSecretOpensNothing(t *testing.T) {
	ctx := context.Background()
	s := openStore(t, testdb.DSN(t, "sqlite"))
	c := &clock{t: time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)}
	owner := newService(t, s, vault.NewSecret(), c)
	created, err := owner.SignUp(ctx, "river", good, "10.0.0.1", true)
	if err != nil {
		t.Fatal(err)
	}
	// The same rows under another server secret: the right passphrase and
	// even a live session token open nothing.
	thief := newService(t, s, vault.NewSecret(), c)
	if _, err := thief.LogIn(ctx, "river", good, "10.0.0.1", ""); !errors.Is(err, ErrCredentials) {
		t.Fatalf("login without the server secret: %v", err)
	}
	if _, err := thief.Authenticate(ctx, created.Session.Token); !errors.Is(err, ErrUnauthenticated) {
		t.Fatalf("session without the server secret: %v", err)
	}
	// The recovery key alone still opens the account.
	rec, err := thief.Recover(ctx, "river", created.RecoveryKey.String(), "a fresh start under new keys", "10.0.0.1")
	if err != nil {
		t.Fatalf("recovery without the old server secret: %v", err)
	}
	if _, err := thief.Authenticate(ctx, rec.Session.Token); err != nil {
		t.Fatal(err)
	}
}

func TestRecover(t *testing.T) {
	svc, _ := setup(t)
	ctx := context.Background()
	created, err := svc.SignUp(ctx, "river", good, "10.0.0.1", true)
	if err != nil {
		t.Fatal(err)
	}
	person, err := svc.Authenticate(ctx, created.Session.Token)
	if err != nil {
		t.Fatal(err)
	}
	sealed := person.Keyring().Seal([]byte("before"), "k", person.ID, "1")

	other := vault.NewRecoveryKey().String()
	if _, err := svc.Recover(ctx, "river", other, "a fresh start under new keys", "10.0.0.1"); !errors.Is(err, ErrRecovery) {
		t.Fatalf("another recovery key: %v", err)
	}
	if _, err := svc.Recover(ctx, "nobody", created.RecoveryKey.String(), "a fresh start under new keys", "10.0.0.1"); !errors.Is(err, ErrRecovery) {
		t.Fatalf("unknown name: %v", err)
	}
	key := created.RecoveryKey.String()
	typo := "X" + key[1:]
	if key[0] == 'X' {
		typo = "Y" + key[1:]
	}
	if _, err := svc.Recover(ctx, "river", typo, "a fresh start under new keys", "10.0.0.1"); err == nil || errors.Is(err, ErrRecovery) {
		t.Fatalf("typo should be reported as a typo: %v", err)
	}
	rec, err := svc.Recover(ctx, "river", strings.ToLower(created.RecoveryKey.String()), "a fresh start under new keys", "10.0.0.1")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := svc.Authenticate(ctx, created.Session.Token); !errors.Is(err, ErrUnauthenticated) {
		t.Fatal("recovery left the old session open")
	}
	p, err := svc.Authenticate(ctx, rec.Session.Token)
	if err != nil {
		t.Fatal(err)
	}
	if pt, err := p.Keyring().Open(sealed, "k", person.ID, "1"); err != nil || string(pt) != "before" {
		t.Fatal("after recovery the data written before is unreadable")
	}
	if _, err := svc.LogIn(ctx, "river", "a fresh start under new keys", "10.0.0.1", ""); err != nil {
		t.Fatalf("new passphrase after recovery: %v", err)
	}
	// The used key is replaced: it opens nothing now, the new one does.
	if rec.RecoveryKey.String() == created.RecoveryKey.String() {
		t.Fatal("recovery kept the same recovery key")
	}
	if _, err := svc.Recover(ctx, "river", created.RecoveryKey.String(), "yet another start, much later", "10.0.0.1"); !errors.Is(err, ErrRecovery) {
		t.Fatalf("the used recovery key still works: %v", err)
	}
	again, err := svc.Recover(ctx, "river", rec.RecoveryKey.String(), "yet another start, much later", "10.0.0.1")
	if err != nil {
		t.Fatalf("the new recovery key: %v", err)
	}
	p, err = svc.Authenticate(ctx, again.Session.Token)
	if err != nil {
		t.Fatal(err)
	}
	if pt, err := p.Keyring().Open(sealed, "k", person.ID, "1"); err != nil || string(pt) != "before" {
		t.Fatal("after a second recovery the data written before is unreadable")
	}
}
