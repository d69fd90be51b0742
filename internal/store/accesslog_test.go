package store_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"kintsugi/internal/store"
	"kintsugi/internal/testdb"
)

// A person's access log lists newest first, page after page, and keeps
// within its bounds: the oldest go first, and nobody else's entries.
func TestAccessLog(t *testing.T) {
	testdb.Each(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		s := open(t, dsn)
		u, other := newUser(t, s, "river"), newUser(t, s, "stone")
		start := time.Now().UTC().Truncate(time.Microsecond)
		bounds := store.LogBounds{Keep: 5, Since: start.Add(-time.Hour)}
		add := func(who *store.User, i int, at time.Time) {
			t.Helper()
			e := &store.LogEntry{UserID: who.ID, ID: fmt.Sprintf("E%02d", i), CreatedAt: at, Body: []byte{byte(i)}}
			if err := s.AddLogEntry(ctx, e, bounds); err != nil {
				t.Fatal(err)
			}
		}
		// One too old to keep, then seven in time order: five stay.
		add(u, 0, start.Add(-2*time.Hour))
		for i := 1; i <= 7; i++ {
			add(u, i, start.Add(time.Duration(i)*time.Second))
		}
		add(other, 99, start)
		first, err := s.LogEntries(ctx, store.LogQuery{UserID: u.ID, Limit: 3})
		if err != nil || len(first) != 3 || first[0].ID != "E07" || first[2].ID != "E05" {
			t.Fatalf("first page %+v, %v", first, err)
		}
		last := first[2]
		rest, err := s.LogEntries(ctx, store.LogQuery{UserID: u.ID, After: &store.Position{CreatedAt: last.CreatedAt, ID: last.ID}, Limit: 10})
		if err != nil || len(rest) != 2 || rest[0].ID != "E04" || rest[1].ID != "E03" || !rest[1].CreatedAt.Equal(start.Add(3*time.Second)) {
			t.Fatalf("second page %+v, %v: want E04 and E03 alone, the older let go", rest, err)
		}
		since, err := s.LogEntries(ctx, store.LogQuery{UserID: u.ID, Since: start.Add(5 * time.Second), Limit: 10})
		if err != nil || len(since) != 2 {
			t.Fatalf("since: %+v, %v", since, err)
		}
		theirs, err := s.LogEntries(ctx, store.LogQuery{UserID: other.ID, Limit: 10})
		if err != nil || len(theirs) != 1 || theirs[0].Body[0] != 99 {
			t.Fatalf("the other person's log %+v, %v", theirs, err)
		}
	})
}
