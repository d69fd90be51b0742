// Package together links two people, when both choose it, in a shared
// space that either can read while the other is away and nobody else can.
//
// The one healing (the person) makes an invitation after a short safety
// check; the other (the partner) accepts it with its code. The space's
// key is made at that moment and wrapped to each member's public key
// (package vault's HPKE key pairs), with associated data naming the space
// and the member, so it opens only for them. Leaving deletes the leaver's
// wrapped copy at once: from the very next request they can open nothing
// of the space.
package together

import (
	"context"
	"crypto/rand"
	"errors"
	"time"

	"kintsugi/internal/account"
	"kintsugi/internal/invite"
	"kintsugi/internal/store"
	"kintsugi/internal/vault"
)

// Roles in a linked pair.
const (
	RolePerson  = "person"  // the one healing, who invited
	RolePartner = "partner" // the other person, who accepted
)

// CodeLife is how long an invitation code can be used.
const CodeLife = 72 * time.Hour

var (
	// ErrNotSafe means the safety check was not answered yes twice: no
	// invitation is made.
	ErrNotSafe = errors.New("together: not safe to link")
	// ErrLinked means one of the two already shares a space.
	ErrLinked = errors.New("together: already linked")
	// ErrOwnCode means a person tried to accept their own invitation.
	ErrOwnCode = errors.New("together: that is your own invitation")
	// ErrNotLinked means the person shares no space with anyone now.
	ErrNotLinked = errors.New("together: not linked")
)

// Service links people.
type Service struct {
	store    *store.Store
	accounts *account.Service
	codes    *invite.Codes
	now      func() time.Time
}

// New returns the service.
func New(s *store.Store, accounts *account.Service, secret *vault.Secret) *Service {
	return &Service{store: s, accounts: accounts, codes: invite.New(secret, invite.Partner), now: time.Now}
}

// Link is a linked pair as one of its members sees it.
type Link struct {
	Partner string    // the other member's username
	Role    string    // the viewer's own role
	Since   time.Time // when they linked
	SpaceID string
}

// Invitation is a new invitation's code, shown once, and when it expires.
type Invitation struct {
	Code      string
	ExpiresAt time.Time
}

// Invite makes an invitation for the signed-in person to hand to the
// other, in place of any earlier one, after the safety check: safe (I feel
// safe with this person) and free (I am choosing this freely, without
// pressure) must both be yes.
func (s *Service) Invite(ctx context.Context, p *account.Person, safe, free bool) (Invitation, error) {
	if !safe || !free {
		return Invitation{}, ErrNotSafe
	}
	if _, err := s.Link(ctx, p); err == nil {
		return Invitation{}, ErrLinked
	} else if !errors.Is(err, ErrNotLinked) {
		return Invitation{}, err
	}
	// The inviter's key pair must exist for the space's key to be
	// wrapped to them when the other accepts, while they are away.
	if _, err := s.accounts.KeyPair(ctx, p); err != nil {
		return Invitation{}, err
	}
	code, key := s.codes.Make()
	now := s.now().UTC().Truncate(time.Microsecond)
	inv := store.Invitation{Code: key, UserID: p.ID, Purpose: invite.Partner, CreatedAt: now, ExpiresAt: now.Add(CodeLife)}
	if err := s.store.PutInvitation(ctx, &inv); err != nil {
		return Invitation{}, err
	}
	return Invitation{Code: code, ExpiresAt: inv.ExpiresAt}, nil
}

// Accept links the signed-in person, as the partner, with whoever made
// the invitation. Every try is counted against addr, as sign-ins are, and
// given back when the code was right.
func (s *Service) Accept(ctx context.Context, p *account.Person, code, addr string) (Link, error) {
	inv, err := s.codes.Find(ctx, s.accounts, s.store, code, addr, s.now())
	if err != nil {
		return Link{}, err
	}
	key := inv.Code
	if inv.UserID == p.ID {
		return Link{}, ErrOwnCode
	}
	mine, err := s.accounts.KeyPair(ctx, p)
	if err != nil {
		return Link{}, err
	}
	theirs, err := s.accounts.PublicKey(ctx, inv.UserID)
	if err != nil {
		return Link{}, err
	}
	spaceID, spaceKey, now := rand.Text(), vault.NewKey(), s.now().UTC().Truncate(time.Microsecond)
	members := []store.Member{{UserID: inv.UserID, Role: RolePerson}, {UserID: p.ID, Role: RolePartner}}
	for i, public := range [][]byte{theirs, mine.Public()} {
		if members[i].WrappedKey, err = vault.WrapTo(public, spaceKey, "space", spaceID, members[i].UserID); err != nil {
			return Link{}, err
		}
	}
	switch err := s.store.CreateSpace(ctx, spaceID, now, key, members); {
	case errors.Is(err, store.ErrNotFound):
		return Link{}, invite.Problem() // used or withdrawn a moment ago
	case errors.Is(err, store.ErrLinked), errors.Is(err, store.ErrConflict):
		return Link{}, ErrLinked
	case err != nil:
		return Link{}, err
	}
	return s.Link(ctx, p)
}

// Link is the signed-in person's link, or ErrNotLinked. A space where the
// other has left is no link.
func (s *Service) Link(ctx context.Context, p *account.Person) (Link, error) {
	members, err := s.store.Members(ctx, p.ID)
	if errors.Is(err, store.ErrNotFound) || err == nil && len(members) < 2 {
		return Link{}, ErrNotLinked
	}
	if err != nil {
		return Link{}, err
	}
	me, other := members[0], members[1]
	return Link{Partner: other.Username, Role: me.Role, Since: me.JoinedAt, SpaceID: me.SpaceID}, nil
}

// Role is the person's role in the space they are in, RolePerson or
// RolePartner, even once the other has left; "" when they are in none.
func (s *Service) Role(ctx context.Context, p *account.Person) (string, error) {
	members, err := s.store.Members(ctx, p.ID)
	if errors.Is(err, store.ErrNotFound) || err == nil && len(members) == 0 {
		return "", nil
	}
	if err != nil {
		return "", err
	}
	return members[0].Role, nil
}

// Unlink ends the person's link, from either side, at once: their copy of
// the space's key is deleted. The other keeps theirs, and with it what
// was shared, read only; when they unlink too (or link anew), the space
// and everything in it goes. ErrNotLinked when the person is in no space.
func (s *Service) Unlink(ctx context.Context, p *account.Person) error {
	if err := s.store.LeaveSpace(ctx, p.ID); errors.Is(err, store.ErrNotFound) {
		return ErrNotLinked
	} else if err != nil {
		return err
	}
	return nil
}

// Prune removes invitations that have run out.
func (s *Service) Prune(ctx context.Context) error {
	_, err := s.store.DeleteExpiredInvitations(ctx, s.now())
	return err
}
