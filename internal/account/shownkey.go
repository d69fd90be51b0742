package account

import (
	"context"
	"errors"
	"time"

	"kintsugi/internal/record"
	"kintsugi/internal/store"
	"kintsugi/internal/vault"
)

// A new recovery key is shown on a page of its own, reached by a redirect,
// so that reloading the page shows the key again instead of sending the
// sign-up a second time. Until the person says they have saved it, or a
// day has passed, the key waits for them sealed under their data key, like
// everything they write: whoever could open it could already open the data
// key it wraps.
type shownKey struct {
	Key      string    `json:"key"`
	Replaced bool      `json:"replaced,omitempty"` // it took the place of an older one
	MadeAt   time.Time `json:"made_at"`
}

var shownKeys = record.Kind[shownKey]{Name: "recovery-key-shown"}

// showKeyFor is how long a new recovery key waits to be seen.
const showKeyFor = 24 * time.Hour

// ShownKey is a new recovery key waiting to be seen.
type ShownKey struct {
	Key      vault.RecoveryKey
	Replaced bool
}

// keepToShow keeps a new recovery key for the person to see, in place of
// any key still waiting.
func (s *Service) keepToShow(ctx context.Context, o record.Owner, key vault.RecoveryKey, replaced bool) error {
	c := record.Open(s.store, o, shownKeys)
	if err := s.dropShown(ctx, c); err != nil {
		return err
	}
	_, err := c.Create(ctx, shownKey{Key: key.String(), Replaced: replaced, MadeAt: s.now().UTC()}, time.Time{})
	return err
}

// RecoveryKeyToShow returns the new recovery key waiting to be seen, if
// there is one younger than a day.
func (s *Service) RecoveryKeyToShow(ctx context.Context, p *Person) (ShownKey, bool, error) {
	items, _, err := record.Open(s.store, p, shownKeys).List(ctx, record.Page{Limit: 1})
	if err != nil || len(items) == 0 {
		return ShownKey{}, false, err
	}
	v := items[0].Value
	if s.now().Sub(v.MadeAt) > showKeyFor {
		return ShownKey{}, false, nil
	}
	key, err := vault.ParseRecoveryKey(v.Key)
	if err != nil {
		return ShownKey{}, false, err
	}
	return ShownKey{Key: key, Replaced: v.Replaced}, true, nil
}

// RecoveryKeySeen forgets the key waiting to be seen: the person has it.
func (s *Service) RecoveryKeySeen(ctx context.Context, p *Person) error {
	return s.dropShown(ctx, record.Open(s.store, p, shownKeys))
}

func (s *Service) dropShown(ctx context.Context, c *record.Collection[shownKey]) error {
	items, _, err := c.List(ctx, record.Page{Limit: 10})
	for _, it := range items {
		if err == nil {
			if err = c.Delete(ctx, it.ID); errors.Is(err, store.ErrNotFound) {
				err = nil
			}
		}
	}
	return err
}

// NewRecoveryKey checks the passphrase of a signed-in person and replaces
// their recovery key with a new one, waiting to be seen. The old key stops
// working at once; sessions go on.
func (s *Service) NewRecoveryKey(ctx context.Context, p *Person, passphrase string) error {
	u, dk, err := s.checkInSession(ctx, p, passphrase, "recovery_passphrase", "That is not your passphrase. Your recovery key is unchanged.")
	if err != nil {
		return err
	}
	fresh := vault.NewRecoveryKey()
	if err := s.store.SetRecoveryKey(ctx, u.ID, vault.Wrap(fresh.WrappingKey(), dk, "recovery", u.ID)); err != nil {
		return err
	}
	return s.keepToShow(ctx, p, fresh, true)
}
