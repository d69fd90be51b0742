package together

import (
	"context"
	"errors"
	"regexp"
	"strings"
	"testing"
	"time"

	"kintsugi/internal/account"
	"kintsugi/internal/store"
	"kintsugi/internal/testdb"
	"kintsugi/internal/teststore"
	"kintsugi/internal/valid"
	"kintsugi/internal/vault"
)

const passphrase = "quiet harbour lanterns drift east"

type world struct {
	t        testing.TB
	store    *store.Store
	accounts *account.Service
	svc      *Service
	now      time.Time
}

func newWorld(t testing.TB, dsn string) *world {
	t.Helper()
	s := teststore.Open(t, dsn)
	secret := vault.NewSecret()
	cfg := account.DefaultConfig()
	cfg.Params = vault.TestParams
	accounts, err := account.New(s, secret, cfg)
	if err != nil {
		t.Fatal(err)
	}
	w := &world{t: t, store: s, accounts: accounts, now: time.Date(2026, 12, 1, 12, 0, 0, 0, time.UTC)}
	w.svc = New(s, accounts, secret)
	w.svc.now = func() time.Time { return w.now }
	return w
}

func (w *world) person(name string) *account.Person {
	w.t.Helper()
	ctx := context.Background()
	created, err := w.accounts.SignUp(ctx, name, passphrase, "10.0.0.9", true)
	if err != nil {
		w.t.Fatal(err)
	}
	p, err := w.accounts.Authenticate(ctx, created.Session.Token)
	if err != nil {
		w.t.Fatal(err)
	}
	return p
}

var codeForm = regexp.MustCompile(`^[0-9A-HJKMNP-TV-Z]{5}-[0-9A-HJKMNP-TV-Z]{5}$`)

// Two people link with a code after the safety check, both see the link
// and open the same space key, nobody else does, and the code works once.
func TestLinking(t *testing.T) {
	testdb.Each(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		w := newWorld(t, dsn)
		river, stone, carol := w.person("river"), w.person("stone"), w.person("carol")

		for _, answers := range [][2]bool{{false, true}, {true, false}, {false, false}} {
			if _, err := w.svc.Invite(ctx, river, answers[0], answers[1]); !errors.Is(err, ErrNotSafe) {
				t.Fatalf("safety check %v: %v, want ErrNotSafe", answers, err)
			}
		}
		inv, err := w.svc.Invite(ctx, river, true, true)
		if err != nil {
			t.Fatal(err)
		}
		if !codeForm.MatchString(inv.Code) || !inv.ExpiresAt.Equal(w.now.Add(72*time.Hour)) {
			t.Fatalf("invitation %+v", inv)
		}
		if _, err := w.svc.Accept(ctx, river, inv.Code, "10.0.0.1"); !errors.Is(err, ErrOwnCode) {
			t.Fatalf("accepting one's own code: %v", err)
		}
		// Typed loosely: lower case, a space for the dash, O for zero.
		typed := strings.ToLower(strings.Replace(strings.ReplaceAll(inv.Code, "0", "O"), "-", " ", 1))
		link, err := w.svc.Accept(ctx, stone, typed, "10.0.0.2")
		if err != nil {
			t.Fatalf("accept %q: %v", typed, err)
		}
		if link.Partner != "river" || link.Role != RolePartner || !link.Since.Equal(w.now) {
			t.Fatalf("stone's link %+v", link)
		}
		if theirs, err := w.svc.Link(ctx, river); err != nil || theirs.Partner != "stone" || theirs.Role != RolePerson || theirs.SpaceID != link.SpaceID {
			t.Fatalf("river's link %+v, %v", theirs, err)
		}
		if _, err := w.svc.Link(ctx, carol); !errors.Is(err, ErrNotLinked) {
			t.Fatalf("carol's link: %v", err)
		}
		if _, err := w.svc.Accept(ctx, carol, inv.Code, "10.0.0.3"); !isCodeProblem(err) {
			t.Fatalf("a used code: %v, want the code refused", err)
		}

		// Both members open the same key; nobody else opens any.
		s1, err := w.svc.Open(ctx, river)
		if err != nil {
			t.Fatal(err)
		}
		s2, err := w.svc.Open(ctx, stone)
		if err != nil || s1.ID != s2.ID || !s1.Linked() || s1.Partner != "stone" || s2.Partner != "river" {
			t.Fatalf("the members open different spaces: %v", err)
		}
		if _, err := s2.Keyring().Open(s1.Keyring().Seal([]byte("x"), "k", s1.ID, "1"), "k", s1.ID, "1"); err != nil {
			t.Fatalf("the members hold different keys: %v", err)
		}
		if _, err := w.svc.Open(ctx, carol); !errors.Is(err, ErrNotLinked) {
			t.Fatalf("carol's space key: %v", err)
		}
		// One member's wrapped copy, moved to the other's row, opens
		// nothing: it is bound to its member.
		members, err := w.store.Members(ctx, river.ID)
		if err != nil {
			t.Fatal(err)
		}
		kp, err := w.accounts.KeyPair(ctx, stone)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := kp.Unwrap(members[0].WrappedKey, "space", members[0].SpaceID, stone.ID); !errors.Is(err, vault.ErrOpen) {
			t.Fatalf("river's copy opened for stone: %v", err)
		}

		// One link at a time, on both sides.
		if _, err := w.svc.Invite(ctx, river, true, true); !errors.Is(err, ErrLinked) {
			t.Fatalf("inviting while linked: %v", err)
		}
		other, err := w.svc.Invite(ctx, carol, true, true)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.svc.Accept(ctx, stone, other.Code, "10.0.0.2"); !errors.Is(err, ErrLinked) {
			t.Fatalf("accepting while linked: %v", err)
		}
	})
}

// A code runs out after 72 hours, a newer one replaces an older one, and
// guessing is slowed per address like sign-ins, while a right code does
// not count against the address.
func TestCodes(t *testing.T) {
	testdb.Each(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		w := newWorld(t, dsn)
		river, stone := w.person("river"), w.person("stone")

		old, err := w.svc.Invite(ctx, river, true, true)
		if err != nil {
			t.Fatal(err)
		}
		fresh, err := w.svc.Invite(ctx, river, true, true)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.svc.Accept(ctx, stone, old.Code, "10.0.0.2"); !isCodeProblem(err) {
			t.Fatalf("a replaced code: %v", err)
		}
		w.now = w.now.Add(72*time.Hour + time.Second)
		if _, err := w.svc.Accept(ctx, stone, fresh.Code, "10.0.0.2"); !isCodeProblem(err) {
			t.Fatalf("an expired code: %v", err)
		}
		if err := w.svc.Prune(ctx); err != nil {
			t.Fatal(err)
		}

		// Guesses from one address: ten are checked, then it must wait.
		w.now = w.now.Add(2 * time.Hour)
		right, err := w.svc.Invite(ctx, river, true, true)
		if err != nil {
			t.Fatal(err)
		}
		for i := range 10 {
			if _, err := w.svc.Accept(ctx, stone, "ABCDE-FGH"+string(rune('0'+i)), "10.0.0.7"); !isCodeProblem(err) {
				t.Fatalf("guess %d: %v, want the code refused", i, err)
			}
		}
		if _, err := w.svc.Accept(ctx, stone, right.Code, "10.0.0.7"); !errors.Is(err, account.ErrThrottled) {
			t.Fatalf("the eleventh try from one address: %v, want ErrThrottled", err)
		}
		// From another address, the right code goes through, and leaves
		// nothing counted there.
		if _, err := w.svc.Accept(ctx, stone, right.Code, "10.0.0.8"); err != nil {
			t.Fatalf("the right code: %v", err)
		}
		for range 10 {
			if _, err := w.svc.Accept(ctx, stone, "ABCDE-FGHJK", "10.0.0.8"); !isCodeProblem(err) {
				t.Fatalf("a guess after a right code: %v, want the code refused (the right one was given back)", err)
			}
		}
		for _, bad := range []string{"", "ABCDE", "ABCDE-FGHJK-M", "ÀBCDE-FGHJK", "ABCDE-FGHJU"} {
			if _, err := w.svc.Accept(ctx, stone, bad, "10.0.0.9"); !isCodeProblem(err) {
				t.Errorf("code %q: %v, want the code refused", bad, err)
			}
		}
	})
}

// Either side ends the link at once: the one who leaves can open nothing
// of the space from then on; the other keeps their copy (and so what was
// shared) but is linked no more, and can link again.
func TestUnlinking(t *testing.T) {
	testdb.Each(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		w := newWorld(t, dsn)
		river, stone, carol := w.person("river"), w.person("stone"), w.person("carol")
		link := func(a, b *account.Person) {
			t.Helper()
			inv, err := w.svc.Invite(ctx, a, true, true)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := w.svc.Accept(ctx, b, inv.Code, "10.0.0.2"); err != nil {
				t.Fatal(err)
			}
		}
		link(river, stone)
		first, _ := w.svc.Link(ctx, river)
		if err := w.svc.Unlink(ctx, stone); err != nil {
			t.Fatal(err)
		}
		for _, p := range []*account.Person{river, stone} {
			if _, err := w.svc.Link(ctx, p); !errors.Is(err, ErrNotLinked) {
				t.Fatalf("%s is still linked: %v", p.Username, err)
			}
		}
		if _, err := w.svc.Open(ctx, stone); !errors.Is(err, ErrNotLinked) {
			t.Fatalf("the one who left still opens the space: %v", err)
		}
		if sp, err := w.svc.Open(ctx, river); err != nil || sp.ID != first.SpaceID || sp.Linked() {
			t.Fatalf("the one who stayed lost the space: %v", err)
		}
		if _, err := w.svc.OpenLinked(ctx, river); !errors.Is(err, ErrNotLinked) {
			t.Fatalf("a space the other left is still a link: %v", err)
		}
		if err := w.svc.Unlink(ctx, stone); !errors.Is(err, ErrNotLinked) {
			t.Fatalf("ending a link that is gone: %v", err)
		}

		// The one who stayed links again; the earlier space goes.
		link(river, carol)
		second, err := w.svc.Link(ctx, river)
		if err != nil || second.Partner != "carol" || second.SpaceID == first.SpaceID {
			t.Fatalf("the new link %+v, %v", second, err)
		}
		// The account goes with its place in the space.
		if err := w.store.DeleteUser(ctx, carol.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := w.svc.Link(ctx, river); !errors.Is(err, ErrNotLinked) {
			t.Fatalf("linked to a deleted account: %v", err)
		}
		// The one who stayed lets the shared history go: the space goes.
		if _, err := w.svc.Open(ctx, river); err != nil {
			t.Fatalf("the history river kept: %v", err)
		}
		if err := w.svc.Unlink(ctx, river); err != nil {
			t.Fatal(err)
		}
		if _, err := w.svc.Open(ctx, river); !errors.Is(err, ErrNotLinked) {
			t.Fatalf("the history let go still opens: %v", err)
		}
	})
}

func isCodeProblem(err error) bool {
	p, ok := valid.As(err)
	return ok && p.For("code") != ""
}
