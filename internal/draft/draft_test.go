package draft_test

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"reflect"
	"strings"
	"testing"
	"time"

	"kintsugi/internal/draft"
	"kintsugi/internal/store"
	"kintsugi/internal/testdb"
	"kintsugi/internal/teststore"
)

func TestDrafts(t *testing.T) {
	testdb.Each(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		s, alice, bob := teststore.Two(t, dsn)
		mine := draft.Open(s, alice)
		words := url.Values{"title": {"Half a thought"}, "body": {"I keep coming back to\nwhat he said."}, "step": {"3"}}
		now := time.Now()
		if err := mine.Save(ctx, "/journal", words, now); err != nil {
			t.Fatal(err)
		}
		got, err := mine.Get(ctx, "/journal")
		if err != nil || !reflect.DeepEqual(got.Values, words) || got.Form != "/journal" || !got.Saved.Equal(now.UTC().Truncate(time.Microsecond)) {
			t.Fatalf("Get = %+v, %v; want %v saved at %v", got, err, words, now)
		}
		if _, err := mine.Get(ctx, "/journal/new"); !errors.Is(err, draft.ErrNotFound) {
			t.Fatalf("another form's draft: %v, want ErrNotFound", err)
		}
		if _, err := draft.Open(s, bob).Get(ctx, "/journal"); !errors.Is(err, draft.ErrNotFound) {
			t.Fatalf("bob reads alice's draft: %v, want ErrNotFound", err)
		}

		// Past Keep, the draft saved longest ago goes.
		for i := range draft.Keep {
			if err := mine.Save(ctx, fmt.Sprintf("/boundaries/%d", i), url.Values{"why": {"x"}}, now.Add(time.Duration(i+1)*time.Second)); err != nil {
				t.Fatal(err)
			}
		}
		if n, _ := s.CountDrafts(ctx, alice.ID); n != draft.Keep {
			t.Fatalf("%d drafts kept, want %d", n, draft.Keep)
		}
		if _, err := mine.Get(ctx, "/journal"); !errors.Is(err, draft.ErrNotFound) {
			t.Fatalf("the oldest draft is still kept: %v", err)
		}
		if err := mine.Discard(ctx, "/boundaries/0", "/boundaries/1", "/never"); err != nil {
			t.Fatal(err)
		}
		if _, err := mine.Get(ctx, "/boundaries/1"); !errors.Is(err, draft.ErrNotFound) {
			t.Fatalf("a discarded draft: %v", err)
		}
		if _, err := mine.Get(ctx, "/boundaries/2"); err != nil {
			t.Fatalf("a draft that was not discarded: %v", err)
		}
	})
}

// A draft's body is sealed to its owner and form: moved to another
// form's row, or to another person, it does not open; the rows hold no
// words and no path.
func TestMovedDraftIsRejected(t *testing.T) {
	testdb.Each(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		s, alice, bob := teststore.Two(t, dsn)
		mine := draft.Open(s, alice)
		if err := mine.Save(ctx, "/journal", url.Values{"body": {"words of the journal"}}, time.Now()); err != nil {
			t.Fatal(err)
		}
		if err := mine.Save(ctx, "/stories", url.Values{"what_happened": {"words of the story"}}, time.Now()); err != nil {
			t.Fatal(err)
		}
		journal := alice.Keys.Tag("draft", "/journal")
		stories := alice.Keys.Tag("draft", "/stories")
		row, err := s.Draft(ctx, alice.ID, journal)
		if err != nil {
			t.Fatal(err)
		}
		for _, b := range [][]byte{row.Body, row.Form} {
			if strings.Contains(string(b), "words of") || strings.Contains(string(b), "/journal") {
				t.Fatalf("a draft row holds its words or its path: %q", b)
			}
		}
		// The journal's body in the story's row.
		if err := s.SaveDraft(ctx, &store.Draft{UserID: alice.ID, Form: stories, UpdatedAt: time.Now(), Body: row.Body}, draft.Keep); err != nil {
			t.Fatal(err)
		}
		if _, err := mine.Get(ctx, "/stories"); err == nil {
			t.Fatal("a draft moved to another form's row opened")
		}
		// Alice's body in bob's row for the same form.
		if err := s.SaveDraft(ctx, &store.Draft{UserID: bob.ID, Form: bob.Keys.Tag("draft", "/journal"), UpdatedAt: time.Now(), Body: row.Body}, draft.Keep); err != nil {
			t.Fatal(err)
		}
		if _, err := draft.Open(s, bob).Get(ctx, "/journal"); err == nil {
			t.Fatal("alice's draft opened as bob's")
		}
	})
}
