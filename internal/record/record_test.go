package record_test

import (
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"kintsugi/internal/record"
	"kintsugi/internal/store"
	"kintsugi/internal/testdb"
	"kintsugi/internal/teststore"
	"kintsugi/internal/vault"
)

type note struct {
	Text  string `json:"text"`
	Topic string `json:"topic,omitempty"`
}

var notes = record.Kind[note]{Name: "note", Tag: func(n *note) string { return n.Topic }}
var others = record.Kind[note]{Name: "other"}

func TestCollection(t *testing.T) {
	testdb.Each(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		s, alice, bob := teststore.Two(t, dsn)
		c := record.Open(s, alice, notes)
		base := time.Date(2026, 2, 1, 9, 0, 0, 0, time.UTC)
		var ids []string
		for i := range 7 {
			topic := ""
			if i%3 == 0 {
				topic = "step:3"
			}
			r, err := c.Create(ctx, note{Text: fmt.Sprintf("note %d", i), Topic: topic}, base.Add(time.Duration(i)*time.Hour))
			if err != nil {
				t.Fatal(err)
			}
			ids = append(ids, r.ID)
		}

		got, err := c.Get(ctx, ids[2])
		if err != nil || got.Value.Text != "note 2" || !got.CreatedAt.Equal(base.Add(2*time.Hour)) {
			t.Fatalf("Get = %+v, %v", got, err)
		}

		// Pages of 3, newest first, then the end.
		var texts []string
		cursor := ""
		for pages := 0; ; pages++ {
			items, next, err := c.List(ctx, record.Page{Limit: 3, Cursor: cursor})
			if err != nil {
				t.Fatal(err)
			}
			for _, it := range items {
				texts = append(texts, it.Value.Text)
			}
			if next == "" {
				break
			}
			if pages > 5 {
				t.Fatal("listing does not end")
			}
			cursor = next
		}
		want := "[note 6 note 5 note 4 note 3 note 2 note 1 note 0]"
		if fmt.Sprint(texts) != want {
			t.Fatalf("pages = %v, want %v", texts, want)
		}
		tagged, _, err := c.List(ctx, record.Page{Limit: 10, Tag: "step:3"})
		if err != nil || len(tagged) != 3 || tagged[0].Value.Text != "note 6" {
			t.Fatalf("tagged = %+v, %v", tagged, err)
		}
		if n, err := c.Count(ctx, "step:3"); err != nil || n != 3 {
			t.Fatalf("Count = %d, %v", n, err)
		}
		span, err := c.Span(ctx, base.Add(time.Hour), base.Add(5*time.Hour), "", 3)
		if err != nil || len(span) != 3 || span[0].Value.Text != "note 2" || span[2].Value.Text != "note 4" {
			t.Fatalf("Span (capped to the newest 3, oldest first) = %+v, %v", span, err)
		}
		crafted := base64.RawURLEncoding.EncodeToString(append(make([]byte, 8), "\xff\x00bad"...))
		for _, cursor := range []string{"!!not a cursor", crafted, base64.RawURLEncoding.EncodeToString([]byte("short"))} {
			if _, _, err := c.List(ctx, record.Page{Limit: 3, Cursor: cursor}); !errors.Is(err, record.ErrCursor) {
				t.Fatalf("cursor %q: %v", cursor, err)
			}
		}
		for _, id := range []string{"", "\x00", "abc", ids[0] + "A", strings.ToLower(ids[0]), ids[0][:25] + "\xff"} {
			if _, err := c.Get(ctx, id); !errors.Is(err, record.ErrNotFound) {
				t.Fatalf("Get(%q) = %v, want ErrNotFound", id, err)
			}
			if err := c.Delete(ctx, id); !errors.Is(err, record.ErrNotFound) {
				t.Fatalf("Delete(%q) = %v, want ErrNotFound", id, err)
			}
		}

		upd, err := c.Update(ctx, ids[0], note{Text: "changed"})
		if err != nil || !upd.CreatedAt.Equal(base) || !upd.UpdatedAt.After(base) {
			t.Fatalf("Update = %+v, %v", upd, err)
		}
		if n, _ := c.Count(ctx, "step:3"); n != 2 {
			t.Fatalf("update did not move the tag: %d tagged", n)
		}

		// Another person, or another kind, sees nothing of it.
		theirs := record.Open(s, bob, notes)
		if _, err := theirs.Get(ctx, ids[1]); !errors.Is(err, record.ErrNotFound) {
			t.Fatalf("bob reads alice's note: %v", err)
		}
		if _, err := theirs.Update(ctx, ids[1], note{Text: "mine"}); !errors.Is(err, record.ErrNotFound) {
			t.Fatalf("bob updates alice's note: %v", err)
		}
		if err := theirs.Delete(ctx, ids[1]); !errors.Is(err, record.ErrNotFound) {
			t.Fatalf("bob deletes alice's note: %v", err)
		}
		if items, _, _ := theirs.List(ctx, record.Page{Limit: 10}); len(items) != 0 {
			t.Fatalf("bob lists %d of alice's notes", len(items))
		}
		if _, err := record.Open(s, alice, others).Get(ctx, ids[1]); !errors.Is(err, record.ErrNotFound) {
			t.Fatalf("a note read as another kind: %v", err)
		}

		if err := c.Delete(ctx, ids[1]); err != nil {
			t.Fatal(err)
		}
		if _, err := c.Get(ctx, ids[1]); !errors.Is(err, record.ErrNotFound) {
			t.Fatal("deleted note still there")
		}
	})
}

// A ciphertext copied into another row, even the same person's, must not
// open: the associated data binds it to its id.
func TestSwappedCiphertextFails(t *testing.T) {
	ctx := context.Background()
	s, alice, _ := teststore.Two(t, testdb.DSN(t, "sqlite"))
	c := record.Open(s, alice, notes)
	a, _ := c.Create(ctx, note{Text: "first"}, time.Time{})
	b, _ := c.Create(ctx, note{Text: "second"}, time.Time{})
	kind := alice.Keys.Tag("kind", "note")
	ra, err := s.Record(ctx, store.Key{UserID: alice.ID, Kind: kind, CreatedAt: a.CreatedAt, ID: a.ID})
	if err != nil {
		t.Fatal(err)
	}
	rb, _ := s.Record(ctx, store.Key{UserID: alice.ID, Kind: kind, CreatedAt: b.CreatedAt, ID: b.ID})
	rb.Body = ra.Body
	if err := s.UpdateRecord(ctx, rb); err != nil {
		t.Fatal(err)
	}
	if _, err := c.Get(ctx, b.ID); !errors.Is(err, vault.ErrOpen) {
		t.Fatalf("a swapped ciphertext opened: %v", err)
	}
}

func TestCreateMany(t *testing.T) {
	testdb.Each(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		s, alice, _ := teststore.Two(t, dsn)
		c := record.Open(s, alice, notes)
		base := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
		var batch []record.Dated[note]
		for i := range 250 {
			batch = append(batch, record.Dated[note]{At: base.Add(time.Duration(i) * time.Hour), Value: note{Text: fmt.Sprint(i), Topic: "t"}})
		}
		ids, err := c.CreateMany(ctx, batch)
		if err != nil || len(ids) != 250 {
			t.Fatalf("CreateMany: %d ids, %v", len(ids), err)
		}
		got, err := c.Get(ctx, ids[249])
		if err != nil || got.Value.Text != "249" || !got.CreatedAt.Equal(base.Add(249*time.Hour)) {
			t.Fatalf("last of the batch: %+v, %v", got, err)
		}
		if n, _ := c.Count(ctx, "t"); n != 250 {
			t.Fatalf("tagged count %d", n)
		}
		if _, err := c.CreateMany(ctx, nil); err != nil {
			t.Fatalf("empty batch: %v", err)
		}
	})
}

// bnote is note with a binary form, under the same kind name.
type bnote struct {
	Text  string `json:"text"`
	Topic string `json:"topic,omitempty"`
}

func (n *bnote) AppendBinary(b []byte) ([]byte, error) {
	w := record.NewWire(b)
	w.String(1, n.Text)
	w.String(2, n.Topic)
	return w.Bytes(), nil
}

func (n *bnote) UnmarshalBinary(b []byte) error {
	*n = bnote{}
	return record.Fields(b, func(f record.Field) error {
		switch f.Tag {
		case 1:
			n.Text = string(f.Bytes)
		case 2:
			n.Topic = string(f.Bytes)
		}
		return nil
	})
}

// A kind that gains a binary form still reads the records it stored as
// JSON before, and the other way round fails loudly rather than silently.
func TestBinaryAndJSONFormsCoexist(t *testing.T) {
	ctx := context.Background()
	s, alice, _ := teststore.Two(t, testdb.DSN(t, "sqlite"))
	bnotes := record.Kind[bnote]{Name: "note", Tag: func(n *bnote) string { return n.Topic }}
	old, err := record.Open(s, alice, notes).Create(ctx, note{Text: "stored as JSON", Topic: "t"}, time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	nw, err := record.Open(s, alice, bnotes).Create(ctx, bnote{Text: "stored as binary", Topic: "t"}, time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	items, _, err := record.Open(s, alice, bnotes).List(ctx, record.Page{Limit: 10, Tag: "t"})
	if err != nil || len(items) != 2 {
		t.Fatalf("list: %v %v", items, err)
	}
	got := map[string]string{items[0].ID: items[0].Value.Text, items[1].ID: items[1].Value.Text}
	if got[old.ID] != "stored as JSON" || got[nw.ID] != "stored as binary" {
		t.Fatalf("read back: %v", got)
	}
	if _, err := record.Open(s, alice, notes).Get(ctx, nw.ID); !errors.Is(err, record.ErrWire) {
		t.Fatalf("a binary record read by a JSON-only kind: %v", err)
	}
}

func TestIDsCarryTheirTime(t *testing.T) {
	at := time.Date(2024, 2, 29, 23, 59, 59, 123456000, time.UTC)
	a, b := record.NewID(at), record.NewID(at)
	if a == b || len(a) != 26 {
		t.Fatalf("ids %q %q", a, b)
	}
	got, ok := record.IDTime(a)
	if !ok || !got.Equal(at) {
		t.Fatalf("IDTime = %v, %v; want %v", got, ok, at)
	}
	// A changed last character no longer decodes canonically, or decodes
	// to another id: either way it is a different record.
	for _, bad := range []string{a[:25], a + "A", strings.ToLower(a), a[:25] + "1"} {
		if _, ok := record.IDTime(bad); ok {
			t.Errorf("IDTime(%q) accepted", bad)
		}
	}
}
