package store_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"kintsugi/internal/store"
	"kintsugi/internal/testdb"
)

// A draft is one per person and form: saving again replaces it, the
// oldest go past the bound, another person's are not found, and they go
// with the account.
func TestDrafts(t *testing.T) {
	testdb.Each(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		s := open(t, dsn)
		u, other := newUser(t, s, "river"), newUser(t, s, "stone")
		at := time.Now().UTC().Truncate(time.Microsecond)
		save := func(user *store.User, form string, body string, when time.Time) {
			t.Helper()
			if err := s.SaveDraft(ctx, &store.Draft{UserID: user.ID, Form: []byte(form), UpdatedAt: when, Body: []byte(body)}, 3); err != nil {
				t.Fatal(err)
			}
		}
		save(u, "journal", "first words", at)
		save(u, "journal", "second words", at.Add(time.Second))
		d, err := s.Draft(ctx, u.ID, []byte("journal"))
		if err != nil || string(d.Body) != "second words" || !d.UpdatedAt.Equal(at.Add(time.Second)) {
			t.Fatalf("Draft = %+v, %v; want the second save", d, err)
		}
		if _, err := s.Draft(ctx, other.ID, []byte("journal")); !errors.Is(err, store.ErrNotFound) {
			t.Fatalf("another person's draft: %v, want ErrNotFound", err)
		}
		save(other, "journal", "stone's own", at)

		// Three at most: the fourth form pushes out the one saved longest ago.
		for i := range 3 {
			save(u, fmt.Sprintf("form-%d", i), "more", at.Add(time.Duration(2+i)*time.Second))
		}
		if n, err := s.CountDrafts(ctx, u.ID); err != nil || n != 3 {
			t.Fatalf("CountDrafts = %d, %v; want 3", n, err)
		}
		if _, err := s.Draft(ctx, u.ID, []byte("journal")); !errors.Is(err, store.ErrNotFound) {
			t.Fatalf("the oldest draft is still there: %v", err)
		}
		if d, err := s.Draft(ctx, other.ID, []byte("journal")); err != nil || !bytes.Equal(d.Body, []byte("stone's own")) {
			t.Fatalf("the bound reached another person's drafts: %+v, %v", d, err)
		}

		if err := s.DeleteDrafts(ctx, u.ID, []byte("form-0"), []byte("never saved")); err != nil {
			t.Fatal(err)
		}
		if n, _ := s.CountDrafts(ctx, u.ID); n != 2 {
			t.Fatalf("after deleting one, %d drafts, want 2", n)
		}
		if err := s.DeleteDrafts(ctx, other.ID, []byte("form-1")); err != nil {
			t.Fatal(err)
		}
		if n, _ := s.CountDrafts(ctx, u.ID); n != 2 {
			t.Fatalf("another person deleted a draft: %d left, want 2", n)
		}

		if err := s.DeleteUser(ctx, u.ID); err != nil {
			t.Fatal(err)
		}
		if n, err := s.CountDrafts(ctx, u.ID); err != nil || n != 0 {
			t.Fatalf("after deleting the account, %d drafts (%v)", n, err)
		}
		if n, _ := s.CountDrafts(ctx, other.ID); n != 1 {
			t.Fatalf("deleting an account took another person's drafts: %d left", n)
		}
	})
}
