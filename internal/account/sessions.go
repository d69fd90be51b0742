package account

import (
	"context"
	"encoding/base32"
	"encoding/json"
	"errors"
	"time"

	"kintsugi/internal/store"
	"kintsugi/internal/vault"
)

// ErrNoSession means the person has no open session by that id: the same
// for one of someone else's and one that never was.
var ErrNoSession = errors.New("account: no such session")

// Client is where a request comes from, as a person's list of sessions and
// their access log show it: a short description of the device (from the
// user agent) and a coarse address. Package accesslog makes one from a
// request.
type Client struct {
	Device  string `json:"device,omitempty"`
	Address string `json:"address,omitempty"`
}

type clientKey struct{}

// WithClient returns ctx carrying the client a sign-in comes from, for
// the session it starts. The throttles keep counting on the exact address
// given to LogIn; this is only what the person is shown later.
func WithClient(ctx context.Context, c Client) context.Context {
	return context.WithValue(ctx, clientKey{}, c)
}

func clientFrom(ctx context.Context) Client {
	c, _ := ctx.Value(clientKey{}).(Client)
	return c
}

// Event is a session starting or ending, told to the service's watcher
// (package accesslog) for the person's access log.
type Event struct {
	UserID  string
	Ended   bool      // false: a sign-in
	At      time.Time // when it happened
	Session string    // the session's public id
	Client  Client    // where the session was signed in from
	// Why says how, in a few plain words ("with your recovery key", "you
	// signed out"), or nothing.
	Why string
}

// Watch has fn told of every sign-in and every session a person or their
// passphrase ends, after it happened; an error from fn is the request's
// error. Call it once, before serving.
func (s *Service) Watch(fn func(context.Context, Event) error) { s.watch = fn }

func (s *Service) tell(ctx context.Context, e Event) error {
	if s.watch == nil {
		return nil
	}
	return s.watch(ctx, e)
}

// Why an event happened, in the access log's words.
const (
	whySignUp     = "when you made your account"
	whyRecovery   = "with your recovery key"
	whySignOut    = "you signed out"
	whyEverywhere = "you signed out everywhere"
	whyEnded      = "you ended it from your list of sessions"
	whyPassphrase = "your passphrase was changed"
	whyRecovered  = "your recovery key was used"
)

// PublicSessionID is the id the API and the pages give a session: its
// stored id (the SHA-256 of the token) cut to 128 bits, in base32. It
// tells nothing of the token that the stored id does not, and that is a
// one-way hash of 256 random bits.
func PublicSessionID(id []byte) string {
	return sessionIDs.EncodeToString(id[:min(len(id), 16)])
}

var sessionIDs = base32.StdEncoding.WithPadding(base32.NoPadding)

// SessionInfo is one of a person's open sessions, as they see it.
type SessionInfo struct {
	ID        string
	CreatedAt time.Time
	SeenAt    time.Time
	ExpiresAt time.Time
	Client
	Current bool // the session of this very request
}

// Sessions lists the person's open sessions, newest first.
func (s *Service) Sessions(ctx context.Context, p *Person) ([]SessionInfo, error) {
	rows, err := s.store.SessionsOf(ctx, p.ID, s.now().UTC())
	if err != nil {
		return nil, err
	}
	out := make([]SessionInfo, 0, len(rows))
	for _, se := range rows {
		info := SessionInfo{ID: PublicSessionID(se.ID), CreatedAt: se.CreatedAt, SeenAt: se.SeenAt, ExpiresAt: se.ExpiresAt,
			Client: openClient(p.ID, p.keys, &se), Current: string(se.ID) == string(p.SessionID)}
		if info.Current {
			info.ExpiresAt = p.ExpiresAt // as Authenticate just extended it
		}
		out = append(out, info)
	}
	return out, nil
}

// EndSession ends one of the person's sessions by its public id; it may
// be this very one. ErrNoSession when they have none by that id.
func (s *Service) EndSession(ctx context.Context, p *Person, id string) error {
	rows, err := s.store.SessionsOf(ctx, p.ID, s.now().UTC())
	if err != nil {
		return err
	}
	for _, se := range rows {
		if PublicSessionID(se.ID) == id && len(id) == 26 {
			return s.endSessions(ctx, p, whyEnded, func() ([]store.Session, error) {
				one, err := s.store.DeleteSession(ctx, p.ID, se.ID)
				if errors.Is(err, store.ErrNotFound) {
					return nil, ErrNoSession // ended elsewhere a moment ago
				}
				return []store.Session{*one}, err
			})
		}
	}
	return ErrNoSession
}

// endSessions runs end, which deletes sessions of p and returns them, and
// tells the watcher of each.
func (s *Service) endSessions(ctx context.Context, p *Person, why string, end func() ([]store.Session, error)) error {
	ended, err := end()
	if err != nil {
		return err
	}
	return s.tellEnded(ctx, p.ID, p.keys, why, ended)
}

func (s *Service) tellEnded(ctx context.Context, userID string, keys *vault.Keyring, why string, ended []store.Session) error {
	now := s.now().UTC()
	var errs []error
	for _, se := range ended {
		c := openClient(userID, keys, &se)
		errs = append(errs, s.tell(ctx, Event{UserID: userID, Ended: true, At: now, Session: PublicSessionID(se.ID), Client: c, Why: why}))
	}
	return errors.Join(errs...)
}

// openClient reads where a session was signed in from; a session from
// before sessions kept it, or one that does not open, says nothing.
func openClient(userID string, keys *vault.Keyring, se *store.Session) Client {
	var c Client
	if se.Meta == nil {
		return c
	}
	raw, err := keys.Open(se.Meta, "session-client", userID, PublicSessionID(se.ID))
	if err != nil || json.Unmarshal(raw, &c) != nil {
		return Client{}
	}
	return c
}

// sealClient seals where a new session is signed in from under the
// person's data key, bound to them and to the session.
func sealClient(userID string, keys *vault.Keyring, id []byte, c Client) []byte {
	raw, _ := json.Marshal(c) // two strings: cannot fail
	return keys.Seal(raw, "session-client", userID, PublicSessionID(id))
}
