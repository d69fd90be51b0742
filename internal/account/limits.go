package account

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"runtime/debug"
	"sync/atomic"
	"time"

	"kintsugi/internal/store"
	"kintsugi/internal/vault"
)

// ErrThrottled means too many recent attempts: wait before trying again.
var ErrThrottled = errors.New("too many attempts")

// ErrBusy means the server is deriving too many keys at once right now.
var ErrBusy = errors.New("busy")

// RetryError carries how long to wait before trying again; it wraps
// ErrThrottled or ErrBusy.
type RetryError struct {
	Err   error
	After time.Duration
}

func (e *RetryError) Error() string {
	return fmt.Sprintf("%v: retry after %v", e.Err, e.After)
}

func (e *RetryError) Unwrap() error { return e.Err }

// RetryAfter returns the wait carried by err, if any.
func RetryAfter(err error) (time.Duration, bool) {
	var r *RetryError
	if errors.As(err, &r) {
		return r.After, true
	}
	return 0, false
}

// hashLimiter bounds how many Argon2id derivations run at once, since each
// holds its memory cost for its whole run, and how many may queue for one.
// A burst of logins beyond the queue is answered at once with ErrBusy.
type hashLimiter struct {
	slots   chan struct{}
	queue   int64
	maxWait time.Duration
	waiting atomic.Int64
	freeing atomic.Bool // a returnMemory is under way
	collect bool        // each derivation allocates enough to collect it at once
}

// collectAbove is the memory cost from which a derivation's memory is
// collected as soon as it ends.
const collectAbove = 8 << 20

func newHashLimiter(concurrency, queue int, maxWait time.Duration, memory uint64) *hashLimiter {
	return &hashLimiter{slots: make(chan struct{}, concurrency), queue: int64(queue), maxWait: maxWait,
		collect: memory >= collectAbove}
}

// derive runs fn when a slot is free, or gives up with ErrBusy.
func (l *hashLimiter) derive(ctx context.Context, fn func()) error {
	busy := &RetryError{Err: ErrBusy, After: max(time.Second, l.maxWait)}
	if l.waiting.Add(1) > l.queue {
		l.waiting.Add(-1)
		return busy
	}
	timer := time.NewTimer(l.maxWait)
	defer timer.Stop()
	select {
	case l.slots <- struct{}{}:
		l.waiting.Add(-1)
	case <-timer.C:
		l.waiting.Add(-1)
		return busy
	case <-ctx.Done():
		l.waiting.Add(-1)
		return ctx.Err()
	}
	fn()
	if l.collect {
		// Collect the derivation's memory now, so the next one reuses it:
		// left to the collector's pacing, a burst of logins grew the heap
		// to twice the limit's worth (360 MB for 200 logins with two
		// slots of 64 MiB). Tests' cheap parameters skip this.
		runtime.GC()
	}
	<-l.slots
	if len(l.slots) == 0 && l.waiting.Load() == 0 {
		l.returnMemory()
	}
	return nil
}

// returnMemory gives the Argon2id memory back to the operating system once
// no derivation is running. Otherwise the 64 MiB each one allocated stays
// in the process until the heap has grown enough for the collector to run
// again, and a server that handled one login looks twice its size.
func (l *hashLimiter) returnMemory() {
	if l.freeing.CompareAndSwap(false, true) {
		go func() {
			defer l.freeing.Store(false)
			debug.FreeOSMemory()
		}()
	}
}

// HashStats describes the Argon2id limiter for metrics.
type HashStats struct {
	Running, Waiting, Capacity int
}

func (l *hashLimiter) stats() HashStats {
	return HashStats{Running: len(l.slots), Waiting: int(l.waiting.Load()), Capacity: cap(l.slots)}
}

// throttle is a policy for counting attempts under a key: the first free
// attempts cost nothing, each one after doubles the wait, and a count is
// forgotten after a quiet period.
type throttle struct {
	purpose string
	free    int
	forget  time.Duration
	cap     time.Duration
}

var (
	// Sign-ins to an account from clients it has not seen before: five
	// tries, then 1 s, 2 s, 4 s … up to 15 min.
	accountThrottle = throttle{purpose: "login-account", free: 5, forget: 24 * time.Hour, cap: 15 * time.Minute}
	// Sign-ins from a client holding a device token for the account: the
	// same policy on that client's own count (devices.go).
	deviceThrottle = throttle{purpose: "login-device", free: 5, forget: 24 * time.Hour, cap: 15 * time.Minute}
	// One address across accounts: room for a shared network.
	addressThrottle = throttle{purpose: "login-address", free: 30, forget: time.Hour, cap: 15 * time.Minute}
	// Recoveries from one address. A recovery key (240 bits) cannot be
	// guessed, so no count follows the account: nobody can block its
	// owner's recovery, and failed sign-ins never count here.
	recoveryThrottle = throttle{purpose: "recover-address", free: 10, forget: time.Hour, cap: 15 * time.Minute}
	// Passphrase checks inside a session (changing it, deleting the
	// account), counted per session: a stranger's failed sign-ins cannot
	// block them, and a borrowed session cannot guess freely.
	sessionThrottle = throttle{purpose: "session-passphrase", free: 5, forget: 24 * time.Hour, cap: 15 * time.Minute}
	// Sign-ups from one address.
	signupThrottle = throttle{purpose: "signup-address", free: 20, forget: time.Hour, cap: time.Hour}
	// Short codes typed in (invitations to link), from one address.
	codeThrottle = throttle{purpose: "code-address", free: 10, forget: time.Hour, cap: 15 * time.Minute}
	// Passcodes of a private link, counted per link: only someone who
	// holds the link's secret can try one, and they are slowed as a
	// sign-in is, however many addresses they try from.
	passcodeThrottle = throttle{purpose: "link-passcode", free: 5, forget: 24 * time.Hour, cap: time.Hour}
)

// Attempt is one counted try at something that can be guessed at.
type Attempt struct {
	s   *Service
	key []byte
}

// GiveBack uncounts the try: it was right, or could not be checked.
func (a Attempt) GiveBack(ctx context.Context) error { return a.s.giveBack(ctx, a.key) }

// TakeCodeAttempt counts a try at a short code (an invitation's) from
// addr before the code is looked at, as sign-ins are counted, or returns a
// RetryError wrapping ErrThrottled when addr must wait.
func (s *Service) TakeCodeAttempt(ctx context.Context, addr string) (Attempt, error) {
	key, err := s.take(ctx, codeThrottle, addr)
	return Attempt{s, key}, err
}

// TakePasscodeAttempt counts a try at a private link's passcode, per
// link, before it is checked; a RetryError wrapping ErrThrottled when the
// link must wait.
func (s *Service) TakePasscodeAttempt(ctx context.Context, link string) (Attempt, error) {
	key, err := s.take(ctx, passcodeThrottle, link)
	return Attempt{s, key}, err
}

func (t throttle) wait(a store.Attempts, now time.Time) time.Duration {
	if a.Count < t.free {
		return 0
	}
	d := min(time.Second<<min(a.Count-t.free, 20), t.cap)
	return max(0, a.Last.Add(d).Sub(now))
}

func (t throttle) key(secret *vault.Secret, subject string) []byte {
	return secret.Tag(t.purpose, subject)
}

// take counts an attempt of subject under t before it is checked, or
// returns a RetryError when subject must wait first. Counting first is
// what makes the limit hold against simultaneous attempts: each one takes
// its place in the database before any Argon2id work, so twelve at once
// against a limit of five get five checks, on any number of instances.
// The attempt stays counted as a failure unless given back or cleared.
func (s *Service) take(ctx context.Context, t throttle, subject string) ([]byte, error) {
	key, now := t.key(s.secret, subject), s.now()
	w, err := s.store.TakeAttempt(ctx, key, now, now.Add(-t.forget), func(a store.Attempts) time.Duration {
		return t.wait(a, now)
	})
	if err != nil {
		return nil, err
	}
	if w > 0 {
		return nil, &RetryError{Err: ErrThrottled, After: w.Round(time.Second) + time.Second}
	}
	return key, nil
}

// giveBack returns attempts that turned out not to count: they succeeded,
// or could not be checked (the server was busy, the client went away).
// It runs even when ctx has ended, since that is one reason to give back.
func (s *Service) giveBack(ctx context.Context, keys ...[]byte) error {
	ctx = context.WithoutCancel(ctx)
	var errs []error
	for _, k := range keys {
		errs = append(errs, s.store.ReturnAttempt(ctx, k))
	}
	return errors.Join(errs...)
}

// Login outcomes, counted for the operator's metrics.
const (
	LoginSuccess   = "success"
	LoginInvalid   = "invalid"
	LoginThrottled = "throttled"
	LoginBusy      = "busy"
	LoginError     = "error"
)

// LoginOutcomes lists the outcomes LoginStats reports.
var LoginOutcomes = []string{LoginSuccess, LoginInvalid, LoginThrottled, LoginBusy, LoginError}

type loginCounts struct {
	success, invalid, throttled, busy, failed atomic.Uint64
}

func (c *loginCounts) record(err error) {
	switch {
	case err == nil:
		c.success.Add(1)
	case errors.Is(err, ErrCredentials):
		c.invalid.Add(1)
	case errors.Is(err, ErrThrottled):
		c.throttled.Add(1)
	case errors.Is(err, ErrBusy):
		c.busy.Add(1)
	default:
		c.failed.Add(1)
	}
}

// LoginStats returns how many logins this instance answered, by outcome.
func (s *Service) LoginStats() map[string]uint64 {
	c := &s.logins
	return map[string]uint64{
		LoginSuccess: c.success.Load(), LoginInvalid: c.invalid.Load(), LoginThrottled: c.throttled.Load(),
		LoginBusy: c.busy.Load(), LoginError: c.failed.Load(),
	}
}
