// Package accesslog keeps the log a person can read of who came into their
// account and what was done with what they shared: every sign-in, every
// session ended, every share and link made, opened, revoked or run out.
//
// Entries are often written while the person is away (a supporter opens
// what they shared), without the person's data key. So each entry is
// sealed to the person's public key (package vault's SealTo, HPKE), with
// associated data naming the log, the owner, the entry and its time, and
// only the person's private key, which rests under their data key, opens
// it. The database sees when each entry was written, and nothing else.
package accesslog

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"time"
	"unicode/utf8"

	"kintsugi/internal/account"
	"kintsugi/internal/record"
	"kintsugi/internal/store"
	"kintsugi/internal/vault"
)

// The kinds of entry.
const (
	SignIn           = "sign-in"           // a session began
	SessionEnded     = "session-ended"     // a session was ended
	ShareMade        = "share-made"        // the person shared something
	ShareOpened      = "share-opened"      // someone opened what was shared
	ShareRevoked     = "share-revoked"     // the person took a share back
	ShareExpired     = "share-expired"     // a share ran out
	PasscodeWrong    = "passcode-wrong"    // a wrong passcode was tried on a link
	LinkMade         = "link-made"         // the person made a link to share by
	SupporterAdded   = "supporter-added"   // the person added a supporter
	SupporterRemoved = "supporter-removed" // the person removed a supporter
)

var kinds = map[string]bool{SignIn: true, SessionEnded: true, ShareMade: true, ShareOpened: true, ShareRevoked: true, PasscodeWrong: true,
	ShareExpired: true, LinkMade: true, SupporterAdded: true, SupporterRemoved: true}

// Entry is one line of the log. Its words are the product's own, never
// anything the person wrote.
type Entry struct {
	ID      string    `json:"-"`
	Kind    string    `json:"kind"`
	At      time.Time `json:"-"`                 // the row's time, the one thing in the clear
	Device  string    `json:"device,omitempty"`  // "Firefox on Linux"
	Address string    `json:"address,omitempty"` // "203.0.113.x"
	By      string    `json:"by,omitempty"`      // a username, or "link"
	Share   string    `json:"share,omitempty"`   // a share's id
	What    string    `json:"what,omitempty"`    // a few words: "a summary report", "you signed out"
	// Session is the public id of the session a sign-in began or an
	// ending ended, so that a sign-in can be told from this very one.
	Session string `json:"session,omitempty"`
}

// ErrNoKey means the person has no public key (yet): an account from
// before key pairs that has not signed in since, or none at all. Every
// account that has signed in once has one.
var ErrNoKey = errors.New("accesslog: the person has no public key")

// Bounds of the log and of what an entry holds.
const (
	Keep     = 2000                 // entries kept per person, the oldest let go first
	KeepFor  = 365 * 24 * time.Hour // and none older than this
	MaxPage  = 100                  // entries per page at most
	maxField = 200                  // bytes of any one field
)

// Log is the access log of everyone.
type Log struct {
	store    *store.Store
	accounts *account.Service
	now      func() time.Time
}

// New returns the log, and has accounts tell it of every sign-in and
// every ended session.
func New(s *store.Store, accounts *account.Service) *Log {
	l := &Log{store: s, accounts: accounts, now: time.Now}
	accounts.Watch(l.session)
	return l
}

// session adds a sign-in or an ended session to the log.
func (l *Log) session(ctx context.Context, e account.Event) error {
	kind := SignIn
	if e.Ended {
		kind = SessionEnded
	}
	return l.Add(ctx, e.UserID, Entry{Kind: kind, At: e.At, Device: e.Client.Device, Address: e.Client.Address,
		What: e.Why, Session: e.Session})
}

// Add adds e to the log of the person userID, sealed to their public key:
// it needs nothing of theirs but that, so anyone's request may add to it.
// e.At is now when zero. The log keeps Keep entries at most, and none
// older than KeepFor.
func (l *Log) Add(ctx context.Context, userID string, e Entry) error {
	if !kinds[e.Kind] {
		return fmt.Errorf("accesslog: unknown kind %q", e.Kind)
	}
	for _, f := range []string{e.Device, e.Address, e.By, e.Share, e.What, e.Session} {
		if len(f) > maxField || !utf8.ValidString(f) {
			return fmt.Errorf("accesslog: a %s entry with a field of %d bytes", e.Kind, len(f))
		}
	}
	public, err := l.accounts.PublicKey(ctx, userID)
	if errors.Is(err, store.ErrNotFound) {
		return ErrNoKey
	}
	if err != nil {
		return err
	}
	now := l.now().UTC()
	if e.At.IsZero() {
		e.At = now
	}
	e.At = e.At.UTC().Truncate(time.Microsecond)
	id := record.NewID(e.At)
	raw, err := json.Marshal(e)
	if err != nil {
		return err
	}
	body, err := vault.SealTo(public, raw, ad(userID, id, e.At)...)
	if err != nil {
		return err
	}
	return l.store.AddLogEntry(ctx, &store.LogEntry{UserID: userID, ID: id, CreatedAt: e.At, Body: body},
		store.LogBounds{Keep: Keep, Since: now.Add(-KeepFor)})
}

// ad is an entry's associated data: moved to another person, another row
// or another time, it does not open.
func ad(userID, id string, at time.Time) []string {
	return []string{"access-log", userID, id, strconv.FormatInt(at.UnixMicro(), 10)}
}

// List returns a page of the signed-in person's log, newest first, and
// the cursor of the next page ("" at the end); a bad cursor is
// record.ErrCursor.
func (l *Log) List(ctx context.Context, p *account.Person, pg record.Page) ([]Entry, string, error) {
	q := store.LogQuery{UserID: p.ID, Limit: min(max(pg.Limit, 1), MaxPage) + 1}
	if pg.Cursor != "" {
		at, ok := record.IDTime(pg.Cursor)
		if !ok {
			return nil, "", record.ErrCursor
		}
		q.After = &store.Position{CreatedAt: at, ID: pg.Cursor}
	}
	out, err := l.read(ctx, p, q)
	if err != nil {
		return nil, "", err
	}
	if len(out) < q.Limit {
		return out, "", nil
	}
	out = out[:q.Limit-1]
	return out, out[len(out)-1].ID, nil
}

// Since returns the person's entries written after t, newest first, at
// most limit of them (at most MaxPage).
func (l *Log) Since(ctx context.Context, p *account.Person, t time.Time, limit int) ([]Entry, error) {
	return l.read(ctx, p, store.LogQuery{UserID: p.ID, Since: t, Limit: min(max(limit, 1), MaxPage)})
}

// read opens the entries q selects with the person's private key.
func (l *Log) read(ctx context.Context, p *account.Person, q store.LogQuery) ([]Entry, error) {
	rows, err := l.store.LogEntries(ctx, q)
	if err != nil || len(rows) == 0 {
		return nil, err
	}
	kp, err := l.accounts.KeyPair(ctx, p)
	if err != nil {
		return nil, err
	}
	out := make([]Entry, 0, len(rows))
	for _, row := range rows {
		raw, err := kp.Open(row.Body, ad(p.ID, row.ID, row.CreatedAt)...)
		if err != nil {
			return nil, fmt.Errorf("accesslog: entry %s: %w", row.ID, err)
		}
		var e Entry
		if err := json.Unmarshal(raw, &e); err != nil {
			return nil, fmt.Errorf("accesslog: entry %s: %w", row.ID, err)
		}
		e.ID, e.At = row.ID, row.CreatedAt
		out = append(out, e)
	}
	return out, nil
}
