package record_test

import (
	"context"
	"testing"
	"time"

	"kintsugi/internal/record"
	"kintsugi/internal/testdb"
	"kintsugi/internal/teststore"
)

// Before counts what a listing showed on the pages before a cursor, with
// and without a tag, so that a numbered list goes on from one page to the
// next; another person's records are not counted.
func TestBeforeCountsEarlierPages(t *testing.T) {
	testdb.Each(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		s, alice, bob := teststore.Two(t, dsn)
		c := record.Open(s, alice, notes)
		at := time.Now().Add(-time.Hour)
		for i := range 7 {
			topic := ""
			if i%2 == 0 {
				topic = "even"
			}
			if _, err := c.Create(ctx, note{Text: "n", Topic: topic}, at.Add(time.Duration(i)*time.Minute)); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := record.Open(s, bob, notes).Create(ctx, note{Text: "bob's"}, at.Add(3*time.Minute+time.Second)); err != nil {
			t.Fatal(err)
		}
		for _, tag := range []string{"", "even"} {
			seen, cursor := 0, ""
			for page := 0; ; page++ {
				n, err := c.Before(ctx, cursor, tag)
				if err != nil || n != seen {
					t.Fatalf("tag %q, page %d: Before = %d, %v; want %d", tag, page, n, err, seen)
				}
				recs, next, err := c.List(ctx, record.Page{Limit: 3, Cursor: cursor, Tag: tag})
				if err != nil {
					t.Fatal(err)
				}
				seen += len(recs)
				if next == "" {
					break
				}
				cursor = next
			}
		}
		if _, err := c.Before(ctx, "not a cursor", ""); err == nil {
			t.Fatal("a cursor this package did not make was counted")
		}
	})
}
