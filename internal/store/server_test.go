package store_test

import (
	"context"
	"errors"
	"sync"
	"testing"

	"kintsugi/internal/store"
	"kintsugi/internal/testdb"
)

func TestServerValues(t *testing.T) {
	testdb.Each(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		s := open(t, dsn)
		if _, err := s.ServerValue(ctx, "check"); !errors.Is(err, store.ErrNotFound) {
			t.Fatalf("no value yet: %v", err)
		}
		// Of several instances starting at once, the first one's value
		// is kept, and every one of them is told which it is.
		got := make([][]byte, 4)
		var wg sync.WaitGroup
		for i := range got {
			wg.Go(func() {
				v, err := s.InitServerValue(ctx, "check", []byte{byte('a' + i)})
				if err != nil {
					t.Error(err)
				}
				got[i] = v
			})
		}
		wg.Wait()
		for _, v := range got {
			if string(v) != string(got[0]) {
				t.Fatalf("instances saw different values: %q", got)
			}
		}
		if err := s.SetServerValue(ctx, "check", []byte("replaced")); err != nil {
			t.Fatal(err)
		}
		if v, err := s.ServerValue(ctx, "check"); err != nil || string(v) != "replaced" {
			t.Fatalf("after replacing: %q, %v", v, err)
		}
	})
}
