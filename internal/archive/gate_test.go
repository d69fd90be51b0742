package archive

import (
	"context"
	"errors"
	"testing"
	"time"

	"kintsugi/internal/account"
)

// waitFor polls until cond holds, failing the test after a while.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	for deadline := time.Now().Add(5 * time.Second); !cond(); time.Sleep(time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
	}
}

func busy(t *testing.T, err error) {
	t.Helper()
	after, ok := account.RetryAfter(err)
	if !errors.Is(err, account.ErrBusy) || !ok || after < time.Second {
		t.Fatalf("%v (retry after %v), want busy with a Retry-After of a second or more", err, after)
	}
}

// TestGateRunsAFewAndQueuesAFew: two imports run, four wait, and the next
// is refused at once; a waiter gets the first slot given back.
func TestGateRunsAFewAndQueuesAFew(t *testing.T) {
	g := NewGate(2, 4, time.Minute)
	ctx := context.Background()
	var leaves []func()
	for range 2 {
		leave, err := g.Enter(ctx)
		if err != nil {
			t.Fatal(err)
		}
		leaves = append(leaves, leave)
	}
	entered := make(chan func(), 4)
	for range 4 {
		go func() {
			leave, err := g.Enter(ctx)
			if err != nil {
				t.Error(err)
				leave = func() {}
			}
			entered <- leave
		}()
	}
	waitFor(t, "four waiting", func() bool { return g.waiting.Load() == 4 })

	start := time.Now()
	_, err := g.Enter(ctx)
	busy(t, err)
	if waited := time.Since(start); waited > time.Second {
		t.Errorf("a full queue kept the seventh waiting %v; it should be refused at once", waited)
	}
	select {
	case <-entered:
		t.Fatal("a waiter entered while both slots were taken")
	default:
	}

	leaves[0]()
	next := <-entered
	waitFor(t, "three waiting", func() bool { return g.waiting.Load() == 3 })
	next()
	leaves[1]()
	for range 3 {
		(<-entered)()
	}
	if len(g.slots) != 0 || g.waiting.Load() != 0 {
		t.Fatalf("after all left: %d running, %d waiting", len(g.slots), g.waiting.Load())
	}
}

func TestGateWaitIsBounded(t *testing.T) {
	g := NewGate(1, 4, 20*time.Millisecond)
	leave, err := g.Enter(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	defer leave()
	start := time.Now()
	_, err = g.Enter(context.Background())
	busy(t, err)
	if waited := time.Since(start); waited < 20*time.Millisecond {
		t.Errorf("refused after %v, before the wait ran out", waited)
	}
	if g.waiting.Load() != 0 {
		t.Errorf("%d still counted as waiting", g.waiting.Load())
	}

	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	g = NewGate(1, 4, time.Minute)
	leave2, _ := g.Enter(context.Background())
	defer leave2()
	if _, err := g.Enter(ctx); !errors.Is(err, context.Canceled) {
		t.Errorf("with the request gone: %v, want its context's error", err)
	}
}

func TestNilGateLetsEveryoneIn(t *testing.T) {
	var g *Gate
	for range 10 {
		leave, err := g.Enter(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		defer leave()
	}
}
