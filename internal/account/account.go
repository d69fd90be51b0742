// Package account signs people up and in, keeps their sessions, and turns a
// session token back into the person and their keys on each request.
//
// A person's data key never rests unwrapped: it is stored wrapped by their
// passphrase (Argon2id with the server secret), by their recovery key, and
// by each session's token. Argon2id runs only at sign-up, login, passphrase
// change and recovery, bounded by a concurrency limit.
package account

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"time"

	"kintsugi/internal/store"
	"kintsugi/internal/valid"
	"kintsugi/internal/vault"
)

// Errors safe to tell the person (the same words for an unknown username
// and a wrong passphrase).
var (
	ErrCredentials     = errors.New("that username and passphrase do not match")
	ErrUsernameTaken   = errors.New("that username is taken")
	ErrUnauthenticated = errors.New("not signed in")
	ErrRecovery        = errors.New("that username and recovery key do not match")
)

// Config tunes the service.
type Config struct {
	Params          vault.Params  // Argon2id cost for new passphrase keys
	HashConcurrency int           // Argon2id derivations at once
	HashQueue       int           // derivations allowed to wait for a slot
	HashWait        time.Duration // longest wait for a slot
	SessionIdle     time.Duration // a session unused this long ends
	SessionMax      time.Duration // a session ends this long after sign-in regardless
}

// DefaultConfig is a sensible configuration for a small server.
func DefaultConfig() Config {
	return Config{
		Params:          vault.DefaultParams,
		HashConcurrency: 2,
		HashQueue:       64,
		HashWait:        5 * time.Second,
		SessionIdle:     7 * 24 * time.Hour,
		SessionMax:      30 * 24 * time.Hour,
	}
}

// touchEvery limits how often using a session writes to the database.
const touchEvery = 10 * time.Minute

// Service manages accounts and sessions.
type Service struct {
	store  *store.Store
	secret *vault.Secret
	cfg    Config
	hash   *hashLimiter
	now    func() time.Time
	logins loginCounts
	watch  func(context.Context, Event) error // see Watch

	// decoy is derived for unknown usernames so that they cost the same
	// as a wrong passphrase.
	decoySalt []byte
}

// New returns a Service.
func New(s *store.Store, secret *vault.Secret, cfg Config) (*Service, error) {
	if err := cfg.Params.Validate(); err != nil {
		return nil, err
	}
	if cfg.HashConcurrency < 1 || cfg.HashQueue < 0 || cfg.SessionIdle <= 0 || cfg.SessionMax < cfg.SessionIdle {
		return nil, fmt.Errorf("account: invalid configuration %+v", cfg)
	}
	return &Service{
		store: s, secret: secret, cfg: cfg,
		hash:      newHashLimiter(cfg.HashConcurrency, cfg.HashQueue, cfg.HashWait, uint64(cfg.Params.MemoryKiB)<<10),
		now:       time.Now,
		decoySalt: vault.NewSalt(),
	}, nil
}

// HashStats reports the Argon2id limiter's state.
func (s *Service) HashStats() HashStats { return s.hash.stats() }

// Person is a signed-in person for the length of one request.
type Person struct {
	ID        string
	Username  string
	SessionID []byte
	ExpiresAt time.Time
	keys      *vault.Keyring
}

// OwnerID is the person's id, for package record.
func (p *Person) OwnerID() string { return p.ID }

// Keyring holds the person's content keys, for package record.
func (p *Person) Keyring() *vault.Keyring { return p.keys }

// Session is a new session's bearer token and expiry.
type Session struct {
	Token     string
	ExpiresAt time.Time
	// Devices is what the client should keep and bring to its next
	// sign-in: its device tokens, with a fresh one for this account
	// (devices.go). Set by LogIn only.
	Devices string
}

// Created is the result of a sign-up.
type Created struct {
	Username    string
	CreatedAt   time.Time
	RecoveryKey vault.RecoveryKey
	// Session is set when the sign-up also signed the person in.
	Session *Session
}

// SignUp creates an account. addr is the client's address, for the sign-up
// throttle. With signIn, it also starts a session, without a second
// Argon2id run.
func (s *Service) SignUp(ctx context.Context, username, passphrase, addr string, signIn bool) (*Created, error) {
	username = NormalizeUsername(username)
	var p valid.Problems
	CheckUsername(&p, username)
	CheckPassphrase(&p, "passphrase", passphrase, username)
	if err := p.Err(); err != nil {
		return nil, err
	}
	// Every sign-up counts, taken or not, so names cannot be tried
	// freely either.
	if _, err := s.take(ctx, signupThrottle, addr); err != nil {
		return nil, err
	}
	if _, err := s.store.UserByName(ctx, username); err == nil {
		return nil, ErrUsernameTaken
	} else if !errors.Is(err, store.ErrNotFound) {
		return nil, err
	}

	dataKey := vault.NewKey()
	recovery := vault.NewRecoveryKey()
	u := &store.User{ID: rand.Text(), Username: username, CreatedAt: s.now().UTC().Truncate(time.Microsecond)}
	if err := s.wrapForPassphrase(ctx, u, passphrase, dataKey); err != nil {
		return nil, err
	}
	u.KeyByRecovery = vault.Wrap(recovery.WrappingKey(), dataKey, "recovery", u.ID)
	if err := s.store.CreateUser(ctx, u); err != nil {
		if errors.Is(err, store.ErrConflict) {
			return nil, ErrUsernameTaken
		}
		return nil, err
	}
	if err := s.makeKeyPair(ctx, u.ID, vault.NewKeyring(dataKey)); err != nil {
		return nil, err
	}
	out := &Created{Username: username, CreatedAt: u.CreatedAt, RecoveryKey: recovery}
	if signIn {
		se, err := s.startSession(ctx, u.ID, dataKey, whySignUp)
		if err != nil {
			return nil, err
		}
		out.Session = &se
		if err := s.keepToShow(ctx, &Person{ID: u.ID, keys: vault.NewKeyring(dataKey)}, recovery, false); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// wrapForPassphrase sets u's salt, cost and passphrase-wrapped data key.
func (s *Service) wrapForPassphrase(ctx context.Context, u *store.User, passphrase string, dataKey vault.Key) error {
	salt, params := vault.NewSalt(), s.cfg.Params
	var kek vault.Key
	if err := s.hash.derive(ctx, func() { kek = s.secret.PassphraseKey(passphrase, salt, params) }); err != nil {
		return err
	}
	u.KDFSalt, u.KDFTime, u.KDFMemory, u.KDFThreads = salt, params.Time, params.MemoryKiB, params.Threads
	u.KeyByPassphrase = vault.Wrap(kek, dataKey, "passphrase", u.ID)
	return nil
}

// unlock checks a passphrase against an account and returns the data key.
// An unknown account (u == nil) costs the same and fails the same way.
func (s *Service) unlock(ctx context.Context, u *store.User, passphrase string) (vault.Key, error) {
	salt, params := s.decoySalt, s.cfg.Params
	if u != nil {
		salt, params = u.KDFSalt, vault.Params{Time: u.KDFTime, MemoryKiB: u.KDFMemory, Threads: u.KDFThreads}
	}
	var kek vault.Key
	if err := s.hash.derive(ctx, func() { kek = s.secret.PassphraseKey(passphrase, salt, params) }); err != nil {
		return vault.Key{}, err
	}
	if u == nil {
		return vault.Key{}, ErrCredentials
	}
	dk, err := vault.Unwrap(kek, u.KeyByPassphrase, "passphrase", u.ID)
	if err != nil {
		return vault.Key{}, ErrCredentials
	}
	return dk, nil
}

// LogIn checks a username and passphrase and starts a session. addr is
// the client's address and devices the device tokens it holds, if any.
//
// Attempts are counted in the database before Argon2id runs, and slowed
// with a RetryError once there are too many: per address, and per account
// for clients the account has not seen; a client with a device token for
// the account is counted on that token alone, so nobody elsewhere can
// lock its owner out. What stays counted is the failures.
func (s *Service) LogIn(ctx context.Context, username, passphrase, addr, devices string) (Session, error) {
	se, err := s.logIn(ctx, NormalizeUsername(username), passphrase, addr, devices)
	s.logins.record(err)
	return se, err
}

func (s *Service) logIn(ctx context.Context, username, passphrase, addr, devices string) (Session, error) {
	counted, address, err := s.takeLogin(ctx, username, addr, devices)
	if err != nil {
		return Session{}, err
	}
	held := [][]byte{counted, address}
	if address == nil {
		held = held[:1]
	}
	u, err := s.userByName(ctx, username)
	if err != nil && !errors.Is(err, store.ErrNotFound) {
		return Session{}, errors.Join(err, s.giveBack(ctx, held...))
	}
	dk, err := s.unlock(ctx, u, passphrase)
	if errors.Is(err, ErrCredentials) {
		return Session{}, err // the attempts taken stay counted
	}
	if err != nil {
		return Session{}, errors.Join(err, s.giveBack(ctx, held...))
	}
	if err := errors.Join(s.store.ClearAttempts(ctx, counted), s.giveBack(ctx, held[1:]...)); err != nil {
		return Session{}, err
	}
	se, err := s.startSession(ctx, u.ID, dk, "")
	if err != nil {
		return Session{}, err
	}
	se.Devices = s.rememberDevice(devices, username)
	return se, nil
}

// takeLogin takes a sign-in attempt's places in the throttles: on the
// device token's count when the client brings one for username, else on
// the address's and the account's. It returns the count that a success
// clears, and the address's, if taken, that a success gives back.
func (s *Service) takeLogin(ctx context.Context, username, addr, devices string) (counted, address []byte, err error) {
	if device, ok := s.deviceFor(devices, username); ok {
		counted, err = s.take(ctx, deviceThrottle, device)
		return counted, nil, err
	}
	if address, err = s.take(ctx, addressThrottle, addr); err != nil {
		return nil, nil, err
	}
	if counted, err = s.take(ctx, accountThrottle, username); err != nil {
		return nil, nil, errors.Join(err, s.giveBack(ctx, address))
	}
	return counted, address, nil
}

// userByName finds an account; a name that could never have been signed
// up (bad characters, a NUL byte) is not found without asking the store.
func (s *Service) userByName(ctx context.Context, username string) (*store.User, error) {
	var p valid.Problems
	if CheckUsername(&p, username); p != nil {
		return nil, store.ErrNotFound
	}
	return s.store.UserByName(ctx, username)
}

// startSession starts a session from the client in ctx (WithClient),
// and tells the watcher of the sign-in, why saying how it came about.
func (s *Service) startSession(ctx context.Context, userID string, dataKey vault.Key, why string) (Session, error) {
	keys := vault.NewKeyring(dataKey)
	// The access log is sealed to the person's public key: an account
	// from before key pairs gets one now, before its first entry.
	if _, err := s.store.KeyPair(ctx, userID); errors.Is(err, store.ErrNotFound) {
		if err := s.makeKeyPair(ctx, userID, keys); err != nil && !errors.Is(err, store.ErrConflict) {
			return Session{}, err
		}
	} else if err != nil {
		return Session{}, err
	}
	token, id := vault.NewSessionToken()
	now := s.now().UTC()
	client := clientFrom(ctx)
	se := &store.Session{
		ID: id, UserID: userID, CreatedAt: now, SeenAt: now,
		ExpiresAt:  now.Add(s.cfg.SessionIdle),
		WrappedKey: vault.Wrap(s.secret.SessionKey(token), dataKey, "session", userID),
		Meta:       sealClient(userID, keys, id, client),
	}
	if err := s.store.CreateSession(ctx, se); err != nil {
		return Session{}, err
	}
	if err := s.tell(ctx, Event{UserID: userID, At: now, Session: PublicSessionID(id), Client: client, Why: why}); err != nil {
		// A sign-in the person could not see in their log does not
		// happen: its token is never handed out, and its row goes.
		_, derr := s.store.DeleteSession(context.WithoutCancel(ctx), userID, id)
		return Session{}, errors.Join(err, derr)
	}
	return Session{Token: token, ExpiresAt: se.ExpiresAt}, nil
}

// Authenticate turns a session token into the signed-in person, or
// ErrUnauthenticated. Using a session extends it (up to SessionMax), with
// at most one write every few minutes.
func (s *Service) Authenticate(ctx context.Context, token string) (*Person, error) {
	if len(token) < 40 || len(token) > 64 {
		return nil, ErrUnauthenticated
	}
	now := s.now().UTC()
	se, err := s.store.SessionByID(ctx, vault.SessionID(token), now)
	if errors.Is(err, store.ErrNotFound) {
		return nil, ErrUnauthenticated
	}
	if err != nil {
		return nil, err
	}
	dk, err := vault.Unwrap(s.secret.SessionKey(token), se.WrappedKey, "session", se.UserID)
	if err != nil {
		// Only possible if the server secret changed or the row was
		// tampered with: either way, this token opens nothing.
		return nil, ErrUnauthenticated
	}
	if now.Sub(se.SeenAt) >= touchEvery {
		exp := now.Add(s.cfg.SessionIdle)
		if limit := se.CreatedAt.Add(s.cfg.SessionMax); exp.After(limit) {
			exp = limit
		}
		if err := s.store.TouchSession(ctx, se.ID, now, exp); err != nil && !errors.Is(err, store.ErrNotFound) {
			return nil, err
		}
		se.ExpiresAt = exp
	}
	return &Person{ID: se.UserID, Username: se.Username, SessionID: se.ID, ExpiresAt: se.ExpiresAt,
		keys: vault.NewKeyring(dk)}, nil
}

// LogOut ends the person's current session.
func (s *Service) LogOut(ctx context.Context, p *Person) error {
	return s.endSessions(ctx, p, whySignOut, func() ([]store.Session, error) {
		se, err := s.store.DeleteSession(ctx, p.ID, p.SessionID)
		if errors.Is(err, store.ErrNotFound) {
			return nil, nil // already ended elsewhere
		}
		if err != nil {
			return nil, err
		}
		return []store.Session{*se}, nil
	})
}

// LogOutEverywhere ends every session of the person, this one included.
func (s *Service) LogOutEverywhere(ctx context.Context, p *Person) error {
	return s.endSessions(ctx, p, whyEverywhere, func() ([]store.Session, error) {
		return s.store.DeleteSessions(ctx, p.ID, nil)
	})
}

// ChangePassphrase checks the current passphrase, rewraps the data key
// under the new one, and ends every other session of the person.
func (s *Service) ChangePassphrase(ctx context.Context, p *Person, current, next string) error {
	var problems valid.Problems
	if CheckPassphrase(&problems, "new", next, p.Username); problems != nil {
		return problems
	}
	u, dk, err := s.checkInSession(ctx, p, current, "current", "That is not your current passphrase.")
	if err != nil {
		return err
	}
	if err := s.wrapForPassphrase(ctx, u, next, dk); err != nil {
		return err
	}
	return s.endSessions(ctx, p, whyPassphrase, func() ([]store.Session, error) {
		return s.store.SetKeys(ctx, u, p.SessionID)
	})
}

// checkInSession checks the passphrase of a signed-in person, counted on
// their session's own throttle, and returns their account and data key. A
// wrong passphrase is a problem on field, in words.
func (s *Service) checkInSession(ctx context.Context, p *Person, passphrase, field, words string) (*store.User, vault.Key, error) {
	held, err := s.take(ctx, sessionThrottle, string(p.SessionID))
	if err != nil {
		return nil, vault.Key{}, err
	}
	u, err := s.store.UserByID(ctx, p.ID)
	if err != nil {
		return nil, vault.Key{}, errors.Join(err, s.giveBack(ctx, held))
	}
	dk, err := s.unlock(ctx, u, passphrase)
	if errors.Is(err, ErrCredentials) {
		var pr valid.Problems
		pr.Add(field, words)
		return nil, vault.Key{}, pr
	}
	if err != nil {
		return nil, vault.Key{}, errors.Join(err, s.giveBack(ctx, held))
	}
	return u, dk, s.store.ClearAttempts(ctx, held)
}

// Recovered is the result of a recovery: a new session, and a new
// recovery key to show once, since the old one has now been typed
// somewhere and no longer opens anything.
type Recovered struct {
	Session     Session
	RecoveryKey vault.RecoveryKey
}

// Recover sets a new passphrase with the recovery key, replaces the
// recovery key, ends every session of the account and starts a new one.
func (s *Service) Recover(ctx context.Context, username, recoveryKey, next, addr string) (Recovered, error) {
	username = NormalizeUsername(username)
	rk, err := vault.ParseRecoveryKey(recoveryKey)
	if err != nil {
		var p valid.Problems
		p.Add("recovery_key", "That recovery key has a typing mistake in it: check each group of four against your emergency kit.")
		return Recovered{}, p
	}
	var problems valid.Problems
	if CheckPassphrase(&problems, "passphrase", next, username); problems != nil {
		return Recovered{}, problems
	}
	held, err := s.take(ctx, recoveryThrottle, addr)
	if err != nil {
		return Recovered{}, err
	}
	u, err := s.userByName(ctx, username)
	if errors.Is(err, store.ErrNotFound) {
		return Recovered{}, ErrRecovery
	}
	if err != nil {
		return Recovered{}, errors.Join(err, s.giveBack(ctx, held))
	}
	dk, err := vault.Unwrap(rk.WrappingKey(), u.KeyByRecovery, "recovery", u.ID)
	if err != nil {
		return Recovered{}, ErrRecovery
	}
	if err := s.wrapForPassphrase(ctx, u, next, dk); err != nil {
		return Recovered{}, errors.Join(err, s.giveBack(ctx, held))
	}
	fresh := vault.NewRecoveryKey()
	u.KeyByRecovery = vault.Wrap(fresh.WrappingKey(), dk, "recovery", u.ID)
	ended, err := s.store.SetKeys(ctx, u, nil)
	if err := errors.Join(err, s.giveBack(ctx, held)); err != nil {
		return Recovered{}, err
	}
	if err := s.tellEnded(ctx, u.ID, vault.NewKeyring(dk), whyRecovered, ended); err != nil {
		return Recovered{}, err
	}
	se, err := s.startSession(ctx, u.ID, dk, whyRecovery)
	if err != nil {
		return Recovered{}, err
	}
	err = s.keepToShow(ctx, &Person{ID: u.ID, keys: vault.NewKeyring(dk)}, fresh, true)
	return Recovered{Session: se, RecoveryKey: fresh}, err
}

// DeleteAccount checks the passphrase and deletes the person for good:
// their wrapped keys, sessions and every record go in one transaction.
// Without the keys, any copy of their ciphertext left behind (in a backup,
// in free pages of the database file) can no longer be opened.
func (s *Service) DeleteAccount(ctx context.Context, p *Person, passphrase string) error {
	u, _, err := s.checkInSession(ctx, p, passphrase, "passphrase", "That is not your passphrase. Nothing was deleted.")
	if err != nil {
		return err
	}
	return s.store.DeleteUser(ctx, u.ID)
}

// ConfirmPassphrase checks a signed-in person's passphrase, counted like
// every check inside a session; a wrong one is a problem on field, in words.
func (s *Service) ConfirmPassphrase(ctx context.Context, p *Person, passphrase, field, words string) error {
	_, _, err := s.checkInSession(ctx, p, passphrase, field, words)
	return err
}

// Prune removes expired sessions and forgotten throttle counts.
func (s *Service) Prune(ctx context.Context) error {
	now := s.now()
	_, err := s.store.DeleteExpiredSessions(ctx, now)
	return errors.Join(err, s.store.PruneAttempts(ctx, now.Add(-accountThrottle.forget)))
}
