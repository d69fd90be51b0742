package together

import (
	"context"
	"errors"
	"time"

	"kintsugi/internal/account"
	"kintsugi/internal/record"
	"kintsugi/internal/store"
	"kintsugi/internal/vault"
)

// ErrRole means the member's role may not do this: the person decides on
// a commitment, the partner proposes it.
var ErrRole = errors.New("together: not for your role")

// ErrAlone means the other member has left: what was shared can be read,
// and nothing new can be added.
var ErrAlone = errors.New("together: the other person has left")

// Space is a shared space as one of its members opened it, for one
// request: the owner of every record in it (record.Shared), found from
// the member's own membership, never from an id in an address.
type Space struct {
	ID        string
	Role      string    // the viewer's role
	UserID    string    // the viewer
	Partner   string    // the other member's username; "" once they left
	PartnerID string    // the other member's id; "" once they left
	Since     time.Time // when the viewer joined
	keys      *vault.Keyring
}

// OwnerID, Keyring and Shared make a space the owner of its records: they
// are sealed under the space's key with associated data naming the kind,
// the space and the record.
func (sp *Space) OwnerID() string         { return sp.ID }
func (sp *Space) Keyring() *vault.Keyring { return sp.keys }
func (sp *Space) Shared() bool            { return true }

var _ record.Shared = (*Space)(nil)

// Linked reports whether both members are still in the space.
func (sp *Space) Linked() bool { return sp.PartnerID != "" }

// Person reports whether the viewer is the one healing.
func (sp *Space) Person() bool { return sp.Role == RolePerson }

// Open opens the signed-in person's space with their copy of its key:
// ErrNotLinked when they are in none. A space the other has left still
// opens for the one who stayed (Linked is false), so what was shared can
// be read until they let it go.
func (s *Service) Open(ctx context.Context, p *account.Person) (*Space, error) {
	members, err := s.store.Members(ctx, p.ID)
	if errors.Is(err, store.ErrNotFound) {
		return nil, ErrNotLinked
	}
	if err != nil {
		return nil, err
	}
	kp, err := s.accounts.KeyPair(ctx, p)
	if err != nil {
		return nil, err
	}
	me := members[0]
	k, err := kp.Unwrap(me.WrappedKey, "space", me.SpaceID, p.ID)
	if err != nil {
		return nil, err
	}
	sp := &Space{ID: me.SpaceID, Role: me.Role, UserID: p.ID, Since: me.JoinedAt, keys: vault.NewKeyring(k)}
	if len(members) > 1 {
		sp.Partner, sp.PartnerID = members[1].Username, members[1].UserID
	}
	return sp, nil
}

// OpenLinked opens the space only while both are in it: ErrNotLinked
// otherwise, for everything that is about the two of them now.
func (s *Service) OpenLinked(ctx context.Context, p *account.Person) (*Space, error) {
	sp, err := s.Open(ctx, p)
	if err == nil && !sp.Linked() {
		return nil, ErrNotLinked
	}
	return sp, err
}
