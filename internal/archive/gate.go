package archive

import (
	"context"
	"sync/atomic"
	"time"

	"kintsugi/internal/account"
)

// How many imports a server runs at once, and how many may wait for one
// and for how long. Each import holds up to MaxArchive of zip and about as
// much again of sealed records until it writes them (BenchmarkImportAtLimits
// measures it), and sign-up is open: the bound is on the server, not on
// each person. Importing is rare, once when moving to a server, so two at
// a time is plenty, and a short queue covers two people doing it at the
// same moment.
const (
	ImportsAtOnce = 2
	ImportQueue   = 4
	ImportWait    = 10 * time.Second
)

// Gate bounds how many imports run at once, and how many may wait for one,
// in the way the Argon2id limiter in package account bounds derivations: a
// small pool, a short queue, a bounded wait, and then an
// *account.RetryError wrapping account.ErrBusy, so that both interfaces
// answer 503 with Retry-After. A handler must pass the gate before it
// reads the upload, which is what takes the memory.
type Gate struct {
	slots   chan struct{}
	queue   int64
	maxWait time.Duration
	waiting atomic.Int64
}

// NewGate returns a gate for concurrency imports at once, with room for
// queue more to wait up to maxWait each.
func NewGate(concurrency, queue int, maxWait time.Duration) *Gate {
	return &Gate{slots: make(chan struct{}, concurrency), queue: int64(queue), maxWait: maxWait}
}

// Enter waits for a free slot, and returns the function that gives it back,
// to call once the import is done. When the queue is full or the wait runs
// out it returns a busy error at once, and when ctx ends, ctx's error.
//
// A nil Gate lets everyone in: Services built for something other than
// serving, such as listing the API's routes, have none.
func (g *Gate) Enter(ctx context.Context) (leave func(), err error) {
	if g == nil {
		return func() {}, nil
	}
	select {
	case g.slots <- struct{}{}:
		return g.leave, nil
	default:
	}
	busy := &account.RetryError{Err: account.ErrBusy, After: max(time.Second, g.maxWait)}
	if g.waiting.Add(1) > g.queue {
		g.waiting.Add(-1)
		return nil, busy
	}
	defer g.waiting.Add(-1)
	timer := time.NewTimer(g.maxWait)
	defer timer.Stop()
	select {
	case g.slots <- struct{}{}:
		return g.leave, nil
	case <-timer.C:
		return nil, busy
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

func (g *Gate) leave() { <-g.slots }
