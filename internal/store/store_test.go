package store_test

import (
	"bytes"
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"kintsugi/internal/store"
	"kintsugi/internal/testdb"
	"kintsugi/internal/teststore"
)

// open returns a migrated store on a fresh database.
func open(t *testing.T, dsn string) *store.Store { return teststore.Open(t, dsn) }

func newUser(t *testing.T, s *store.Store, name string) *store.User {
	t.Helper()
	u := &store.User{
		ID: rand.Text(), Username: name, CreatedAt: time.Now().UTC().Truncate(time.Microsecond),
		KDFSalt: []byte("salt"), KDFTime: 1, KDFMemory: 64, KDFThreads: 1,
		KeyByPassphrase: []byte("wrapped-1"), KeyByRecovery: []byte("wrapped-2"),
	}
	if err := s.CreateUser(context.Background(), u); err != nil {
		t.Fatal(err)
	}
	return u
}

func TestMigrations(t *testing.T) {
	testdb.Each(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		s, err := store.Open(ctx, dsn, store.Options{})
		if err != nil {
			t.Fatal(err)
		}
		defer s.Close()
		if err := s.CheckSchema(ctx); !errors.Is(err, store.ErrSchemaBehind) {
			t.Fatalf("empty database: CheckSchema = %v, want ErrSchemaBehind", err)
		}
		// Several instances migrating at once must not trip over each other.
		var wg sync.WaitGroup
		errs := make([]error, 3)
		for i := range errs {
			wg.Go(func() {
				s2, err := store.Open(ctx, dsn, store.Options{})
				if err != nil {
					errs[i] = err
					return
				}
				defer s2.Close()
				_, errs[i] = s2.Migrate(ctx)
			})
		}
		wg.Wait()
		if err := errors.Join(errs...); err != nil {
			t.Fatalf("concurrent migrate: %v", err)
		}
		if err := s.CheckSchema(ctx); err != nil {
			t.Fatalf("after migrate: %v", err)
		}
		if n, err := s.Migrate(ctx); err != nil || n != 0 {
			t.Fatalf("second migrate ran %d: %v", n, err)
		}
		v, err := s.Version(ctx)
		if err != nil || v != store.SchemaVersion() {
			t.Fatalf("Version = %d, %v; want %d", v, err, store.SchemaVersion())
		}
	})
}

func TestUsers(t *testing.T) {
	testdb.Each(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		s := open(t, dsn)
		u := newUser(t, s, "river")
		got, err := s.UserByName(ctx, "river")
		if err != nil {
			t.Fatal(err)
		}
		if got.ID != u.ID || !got.CreatedAt.Equal(u.CreatedAt) || !bytes.Equal(got.KeyByRecovery, u.KeyByRecovery) || got.KDFMemory != 64 {
			t.Fatalf("UserByName = %+v, want %+v", got, u)
		}
		if _, err := s.UserByName(ctx, "nobody"); !errors.Is(err, store.ErrNotFound) {
			t.Fatalf("missing user: %v", err)
		}
		dup := *u
		dup.ID = rand.Text()
		if err := s.CreateUser(ctx, &dup); !errors.Is(err, store.ErrConflict) {
			t.Fatalf("duplicate username: %v, want ErrConflict", err)
		}
		if n, err := s.CountUsers(ctx); err != nil || n != 1 {
			t.Fatalf("CountUsers = %d, %v", n, err)
		}
	})
}

func TestSessions(t *testing.T) {
	testdb.Each(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		s := open(t, dsn)
		u := newUser(t, s, "river")
		other := newUser(t, s, "stone")
		now := time.Now().UTC()
		mk := func(owner *store.User, expires time.Time) []byte {
			id := []byte(rand.Text())
			err := s.CreateSession(ctx, &store.Session{ID: id, UserID: owner.ID, CreatedAt: now, ExpiresAt: expires, SeenAt: now,
				WrappedKey: []byte("k"), Meta: append([]byte("meta-"), id...)})
			if err != nil {
				t.Fatal(err)
			}
			return id
		}
		a, b, c := mk(u, now.Add(time.Hour)), mk(u, now.Add(time.Hour)), mk(u, now.Add(time.Hour))
		expired := mk(u, now.Add(-time.Second))
		theirs := mk(other, now.Add(time.Hour))

		se, err := s.SessionByID(ctx, a, now)
		if err != nil || se.UserID != u.ID || se.Username != "river" {
			t.Fatalf("SessionByID = %+v, %v", se, err)
		}
		if _, err := s.SessionByID(ctx, expired, now); !errors.Is(err, store.ErrNotFound) {
			t.Fatalf("expired session: %v", err)
		}
		if n, err := s.DeleteExpiredSessions(ctx, now); err != nil || n != 1 {
			t.Fatalf("DeleteExpiredSessions = %d, %v", n, err)
		}
		if list, err := s.SessionsOf(ctx, u.ID, now); err != nil || len(list) != 3 || !bytes.Equal(list[0].Meta, append([]byte("meta-"), list[0].ID...)) {
			t.Fatalf("SessionsOf = %d sessions, %v", len(list), err)
		}
		if _, err := s.DeleteSession(ctx, u.ID, theirs); !errors.Is(err, store.ErrNotFound) {
			t.Fatalf("deleting another person's session: %v", err)
		}
		if err := s.TouchSession(ctx, a, now.Add(time.Minute), now.Add(2*time.Hour)); err != nil {
			t.Fatal(err)
		}
		if se, _ := s.SessionByID(ctx, a, now.Add(90*time.Minute)); se == nil {
			t.Fatal("touch did not extend the expiry")
		}
		if ended, err := s.DeleteSession(ctx, u.ID, b); err != nil || !bytes.Equal(ended.ID, b) || !bytes.Equal(ended.Meta, append([]byte("meta-"), b...)) {
			t.Fatalf("DeleteSession = %+v, %v", ended, err)
		}
		if _, err := s.SessionByID(ctx, b, now); !errors.Is(err, store.ErrNotFound) {
			t.Fatal("deleted session still found")
		}
		if ended, err := s.DeleteSessions(ctx, u.ID, a); err != nil || len(ended) != 1 || !bytes.Equal(ended[0].ID, c) {
			t.Fatalf("DeleteSessions = %+v, %v", ended, err)
		}
		if _, err := s.SessionByID(ctx, c, now); !errors.Is(err, store.ErrNotFound) {
			t.Fatal("log out elsewhere left a session")
		}
		if _, err := s.SessionByID(ctx, a, now); err != nil {
			t.Fatal("log out elsewhere ended the kept session")
		}
		if _, err := s.SessionByID(ctx, theirs, now); err != nil {
			t.Fatal("log out elsewhere ended another person's session")
		}
		u.KeyByPassphrase = []byte("rewrapped")
		if ended, err := s.SetKeys(ctx, u, nil); err != nil || len(ended) != 1 || !bytes.Equal(ended[0].ID, a) {
			t.Fatalf("SetKeys ended %+v, %v", ended, err)
		}
		if _, err := s.SessionByID(ctx, a, now); !errors.Is(err, store.ErrNotFound) {
			t.Fatal("passphrase change kept a session")
		}
		if got, _ := s.UserByID(ctx, u.ID); string(got.KeyByPassphrase) != "rewrapped" {
			t.Fatal("passphrase key not replaced")
		}
	})
}

func TestLoginThrottle(t *testing.T) {
	testdb.Each(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		s := open(t, dsn)
		key := []byte("account-key")
		now := time.Now().UTC().Truncate(time.Microsecond)
		if f, err := s.Attempts(ctx, key); err != nil || f.Count != 0 {
			t.Fatalf("fresh key: %+v, %v", f, err)
		}
		// Five free attempts, then a wait: of twelve simultaneous attempts
		// (as from several instances) exactly five are counted and seven
		// told to wait.
		fiveFree := func(a store.Attempts) time.Duration {
			if a.Count < 5 {
				return 0
			}
			return time.Minute
		}
		var taken, refused atomic.Int32
		var wg sync.WaitGroup
		for range 12 {
			wg.Go(func() {
				w, err := s.TakeAttempt(ctx, key, now, now.Add(-time.Hour), fiveFree)
				switch {
				case err != nil:
					t.Error(err)
				case w == 0:
					taken.Add(1)
				default:
					refused.Add(1)
				}
			})
		}
		wg.Wait()
		f, err := s.Attempts(ctx, key)
		if err != nil || f.Count != 5 || !f.Last.Equal(now) || taken.Load() != 5 || refused.Load() != 7 {
			t.Fatalf("after 12 simultaneous attempts: %+v, %v; %d taken, %d refused", f, err, taken.Load(), refused.Load())
		}
		// An attempt taken back makes room for one more.
		if err := s.ReturnAttempt(ctx, key); err != nil {
			t.Fatal(err)
		}
		if w, err := s.TakeAttempt(ctx, key, now, now.Add(-time.Hour), fiveFree); w != 0 || err != nil {
			t.Fatalf("after returning one: wait %v, %v", w, err)
		}
		// An attempt long after the last one starts the count again.
		later := now.Add(2 * time.Hour)
		if w, err := s.TakeAttempt(ctx, key, later, later.Add(-time.Hour), fiveFree); w != 0 || err != nil {
			t.Fatalf("after forgetting: wait %v, %v", w, err)
		}
		if f, _ := s.Attempts(ctx, key); f.Count != 1 {
			t.Fatalf("after forgetting, the count is %d, want 1", f.Count)
		}
		if err := s.ClearAttempts(ctx, key); err != nil {
			t.Fatal(err)
		}
		if f, _ := s.Attempts(ctx, key); f.Count != 0 {
			t.Fatal("clear kept the count")
		}
	})
}

func TestRecords(t *testing.T) {
	testdb.Each(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		s := open(t, dsn)
		u := newUser(t, s, "river")
		other := newUser(t, s, "stone")
		kind, otherKind := []byte("kind-journal"), []byte("kind-checkin")
		base := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
		var ids []string
		for i := range 25 {
			r := &store.Record{ID: fmt.Sprintf("r%02d", i), UserID: u.ID, Kind: kind, CreatedAt: base.Add(time.Duration(i/2) * time.Hour),
				Body: []byte{byte(i)}}
			r.UpdatedAt = r.CreatedAt
			if i%5 == 0 {
				r.Tag = []byte("step-1")
			}
			if err := s.InsertRecord(ctx, r); err != nil {
				t.Fatal(err)
			}
			ids = append(ids, r.ID)
		}
		s.InsertRecord(ctx, &store.Record{ID: "x1", UserID: u.ID, Kind: otherKind, CreatedAt: base, UpdatedAt: base, Body: []byte("c")})
		s.InsertRecord(ctx, &store.Record{ID: "y1", UserID: other.ID, Kind: kind, CreatedAt: base, UpdatedAt: base, Body: []byte("o")})

		// Keyset pages, newest first, with ties on created_at broken by id.
		var seen []string
		var after *store.Position
		for {
			page, err := s.Records(ctx, store.RecordQuery{UserID: u.ID, Kind: kind, After: after, Limit: 10})
			if err != nil {
				t.Fatal(err)
			}
			for _, r := range page {
				seen = append(seen, r.ID)
			}
			if len(page) < 10 {
				break
			}
			last := page[len(page)-1]
			after = &store.Position{CreatedAt: last.CreatedAt, ID: last.ID}
		}
		if len(seen) != 25 {
			t.Fatalf("pages returned %d records: %v", len(seen), seen)
		}
		for i, id := range seen {
			if want := ids[24-i]; id != want {
				t.Fatalf("position %d: %s, want %s (order %v)", i, id, want, seen)
			}
		}
		tagged, err := s.Records(ctx, store.RecordQuery{UserID: u.ID, Kind: kind, Tag: []byte("step-1"), Limit: 100})
		if err != nil || len(tagged) != 5 || tagged[0].ID != "r20" {
			t.Fatalf("tagged = %d records, %v", len(tagged), err)
		}
		window, err := s.Records(ctx, store.RecordQuery{UserID: u.ID, Kind: kind, Since: base.Add(2 * time.Hour), Until: base.Add(4 * time.Hour), Oldest: true, Limit: 100})
		if err != nil || len(window) != 4 || window[0].ID != "r04" || window[3].ID != "r07" {
			t.Fatalf("window = %v, %v", window, err)
		}
		if n, err := s.CountRecords(ctx, store.RecordQuery{UserID: u.ID, Kind: kind}); err != nil || n != 25 {
			t.Fatalf("CountRecords = %d, %v", n, err)
		}

		// Authorization lives in every query: another person's record, or
		// the right id under the wrong kind, is simply not found.
		if _, err := s.Record(ctx, store.Key{UserID: u.ID, Kind: kind, CreatedAt: base, ID: "y1"}); !errors.Is(err, store.ErrNotFound) {
			t.Fatalf("reading another person's record: %v", err)
		}
		if _, err := s.Record(ctx, store.Key{UserID: u.ID, Kind: kind, CreatedAt: base, ID: "x1"}); !errors.Is(err, store.ErrNotFound) {
			t.Fatalf("reading a record as the wrong kind: %v", err)
		}
		if err := s.UpdateRecord(ctx, &store.Record{ID: "y1", UserID: u.ID, Kind: kind, CreatedAt: base, Body: []byte("mine now"), UpdatedAt: base}); !errors.Is(err, store.ErrNotFound) {
			t.Fatalf("updating another person's record: %v", err)
		}
		if err := s.DeleteRecord(ctx, store.Key{UserID: u.ID, Kind: kind, CreatedAt: base, ID: "y1"}); !errors.Is(err, store.ErrNotFound) {
			t.Fatalf("deleting another person's record: %v", err)
		}
		if r, err := s.Record(ctx, store.Key{UserID: other.ID, Kind: kind, CreatedAt: base, ID: "y1"}); err != nil || string(r.Body) != "o" {
			t.Fatalf("the other person's record changed: %v", err)
		}

		r03 := store.Key{UserID: u.ID, Kind: kind, CreatedAt: base.Add(time.Hour), ID: "r03"}
		upd := &store.Record{ID: "r03", UserID: u.ID, Kind: kind, CreatedAt: r03.CreatedAt, Tag: []byte("step-2"), Body: []byte("new"), UpdatedAt: base.Add(time.Hour * 24)}
		if err := s.UpdateRecord(ctx, upd); err != nil {
			t.Fatal(err)
		}
		r, err := s.Record(ctx, r03)
		if err != nil || string(r.Body) != "new" || !r.UpdatedAt.Equal(upd.UpdatedAt) || !r.CreatedAt.Equal(base.Add(time.Hour)) {
			t.Fatalf("after update: %+v, %v", r, err)
		}
		if moved, _ := s.Records(ctx, store.RecordQuery{UserID: u.ID, Kind: kind, Tag: []byte("step-2"), Limit: 5}); len(moved) != 1 || moved[0].ID != "r03" {
			t.Fatalf("the update did not move the tag: %v", moved)
		}
		if err := s.DeleteRecord(ctx, r03); err != nil {
			t.Fatal(err)
		}
		if _, err := s.Record(ctx, r03); !errors.Is(err, store.ErrNotFound) {
			t.Fatal("deleted record still found")
		}
	})
}

func TestInsertRecordsIsAllOrNothing(t *testing.T) {
	testdb.Each(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		s := open(t, dsn)
		u := newUser(t, s, "river")
		now := time.Now().UTC()
		rec := func(id string) store.Record {
			return store.Record{ID: id, UserID: u.ID, Kind: []byte("k"), CreatedAt: now, UpdatedAt: now, Body: []byte("b")}
		}
		if err := s.InsertRecords(ctx, []store.Record{rec("a1"), rec("a2")}); err != nil {
			t.Fatal(err)
		}
		err := s.InsertRecords(ctx, []store.Record{rec("b1"), rec("b2"), rec("a1")})
		if !errors.Is(err, store.ErrConflict) {
			t.Fatalf("batch with a taken id: %v, want ErrConflict", err)
		}
		if n, _ := s.CountRecords(ctx, store.RecordQuery{UserID: u.ID, Kind: []byte("k")}); n != 2 {
			t.Fatalf("a failed batch left %d records, want the 2 from before", n)
		}
	})
}
