// Package share lets a person share chosen items with a supporter (a
// friend or therapist with an account) or through a private link, for as
// long as they choose, and lets the reader read them while the person is
// away.
//
// A share is sealed for its reader. Its own key (32 random bytes) seals a
// copy of each item and the share's note; the key is wrapped to the
// supporter's public key (HPKE, package vault), or under a key derived
// from the link's 256-bit secret and its passcode, of which the database
// keeps only the secret's SHA-256. The person's own copy of the key is
// sealed under their keys, so that an edit of a shared item reaches the
// copy while the share lasts (refresh). What is made, opened and revoked
// is noted in the person's access log. Revoking a share, or its expiry,
// deletes the copies and the keys; every read checks both, so either takes
// effect on the very next request.
package share

import (
	"cmp"
	"context"
	"crypto/rand"
	"encoding/json"
	"errors"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"kintsugi/internal/accesslog"
	"kintsugi/internal/account"
	"kintsugi/internal/invite"
	"kintsugi/internal/record"
	"kintsugi/internal/report"
	"kintsugi/internal/store"
	"kintsugi/internal/tool"
	"kintsugi/internal/valid"
	"kintsugi/internal/vault"
)

// Limits.
const (
	CodeLife    = 72 * time.Hour
	MaxItems    = 50
	MaxShares   = 100 // in force at once, per person
	MaxNote     = 2000
	MaxLife     = 366 * 24 * time.Hour
	DefaultLife = 30 * 24 * time.Hour
	minLife     = time.Hour
	maxPasscode = 64
	// minPasscode keeps a passcode out of reach of the slowed guessing a
	// link allows (about 24 tries a day once the free ones are spent).
	minPasscode = 8
	// openedEvery is how often one share's openings are noted in the
	// access log: a reader who reloads cannot push sign-ins out of it.
	openedEvery = time.Hour
)

var (
	// ErrOwnCode means a person tried to accept their own invitation.
	ErrOwnCode = errors.New("share: that is your own invitation")
	// ErrSupporting means the supporter supports the person already.
	ErrSupporting = errors.New("share: already a supporter")
	// ErrPasscode means a link needs its passcode, or was given a wrong one.
	ErrPasscode = errors.New("share: the link needs its passcode")
	// ErrFull means the person has as many shares in force as they can.
	ErrFull = errors.New("share: as many shares as can be")
)

// Service shares.
type Service struct {
	store    *store.Store
	accounts *account.Service
	tools    *tool.Catalog
	secret   *vault.Secret
	codes    *invite.Codes
	log      *accesslog.Log
	clock    atomic.Pointer[func() time.Time]
}

// New returns the service; it keeps the copies of shared items current by
// hooking the catalog's changes.
func New(s *store.Store, accounts *account.Service, tools *tool.Catalog, secret *vault.Secret, log *accesslog.Log) *Service {
	svc := &Service{store: s, accounts: accounts, tools: tools, secret: secret, codes: invite.New(secret, invite.Supporter), log: log}
	svc.SetClock(time.Now)
	tools.OnChange(svc.refresh)
	return svc
}

// SetClock sets the service's clock: a share's end is what a test of the
// whole application must move time for, while it serves.
func (s *Service) SetClock(now func() time.Time) { s.clock.Store(&now) }

func (s *Service) now() time.Time { return (*s.clock.Load())() }

// record notes in the person's access log what was done with what they
// share, and by whom ("link" for a private link).
func (s *Service) record(ctx context.Context, userID, kind, by, share string) error {
	if s.log == nil {
		return nil
	}
	err := s.log.Add(ctx, userID, accesslog.Entry{Kind: kind, By: by, Share: share})
	if errors.Is(err, accesslog.ErrNoKey) {
		return nil // an account from before key pairs, not signed in since
	}
	return err
}

// Invitation is a new supporter invitation's code, shown once.
type Invitation struct {
	Code      string
	ExpiresAt time.Time
}

// Invite makes an invitation for a supporter, in place of any earlier one.
func (s *Service) Invite(ctx context.Context, p *account.Person) (Invitation, error) {
	code, key := s.codes.Make()
	now := s.now().UTC().Truncate(time.Microsecond)
	inv := store.Invitation{Code: key, UserID: p.ID, Purpose: invite.Supporter, CreatedAt: now, ExpiresAt: now.Add(CodeLife)}
	if err := s.store.PutInvitation(ctx, &inv); err != nil {
		return Invitation{}, err
	}
	return Invitation{Code: code, ExpiresAt: inv.ExpiresAt}, nil
}

// Accept makes the signed-in person a supporter of whoever made the
// invitation; every try is counted against addr, as sign-ins are.
func (s *Service) Accept(ctx context.Context, p *account.Person, code, addr string) (store.Supporter, error) {
	inv, err := s.codes.Find(ctx, s.accounts, s.store, code, addr, s.now())
	if err != nil {
		return store.Supporter{}, err
	}
	key := inv.Code
	if inv.UserID == p.ID {
		return store.Supporter{}, ErrOwnCode
	}
	// The supporter's key pair is what shares are wrapped to.
	if _, err := s.accounts.KeyPair(ctx, p); err != nil {
		return store.Supporter{}, err
	}
	sup := store.Supporter{ID: rand.Text(), UserID: inv.UserID, SupporterID: p.ID, CreatedAt: s.now().UTC().Truncate(time.Microsecond)}
	switch err := s.store.AddSupporter(ctx, key, &sup); {
	case errors.Is(err, store.ErrNotFound):
		return store.Supporter{}, invite.Problem()
	case errors.Is(err, store.ErrConflict):
		return store.Supporter{}, ErrSupporting
	case err != nil:
		return store.Supporter{}, err
	}
	if err := s.record(ctx, inv.UserID, accesslog.SupporterAdded, p.Username, ""); err != nil {
		return store.Supporter{}, err
	}
	got, err := s.store.Supporting(ctx, p.ID)
	if err != nil {
		return store.Supporter{}, err
	}
	for _, g := range got {
		if g.ID == sup.ID {
			return g, nil
		}
	}
	return store.Supporter{}, store.ErrNotFound
}

// Supporters lists the person's supporters.
func (s *Service) Supporters(ctx context.Context, p *account.Person) ([]store.Supporter, error) {
	return s.store.Supporters(ctx, p.ID)
}

// Supporting lists the people the signed-in person supports.
func (s *Service) Supporting(ctx context.Context, p *account.Person) ([]store.Supporter, error) {
	return s.store.Supporting(ctx, p.ID)
}

// RemoveSupporter ends a supporter's place, with every share made for
// them, asked by the person or by the supporter stepping back.
func (s *Service) RemoveSupporter(ctx context.Context, p *account.Person, id string) error {
	sup, err := s.store.SupporterOf(ctx, p.ID, id)
	if errors.Is(err, store.ErrNotFound) {
		theirs, err := s.store.Supporting(ctx, p.ID)
		if err != nil {
			return err
		}
		i := slices.IndexFunc(theirs, func(t store.Supporter) bool { return t.ID == id })
		if i < 0 {
			return record.ErrNotFound
		}
		sup = &theirs[i]
		sup.Username = p.Username // in the person's log: the supporter stepped back
	} else if err != nil {
		return err
	}
	if err := s.store.DeleteSupporter(ctx, id, p.ID); err != nil {
		return notFound(err)
	}
	return s.record(ctx, sup.UserID, accesslog.SupporterRemoved, sup.Username, "")
}

// Ref names one item to share: a kind by its path, and the item's id
// (none for a kind a person has one of, such as a plan).
type Ref struct {
	Kind string
	ID   string
}

// Draft is a share as the person asks for it.
type Draft struct {
	To        string // a supporter's id, or "link"
	Items     []Ref
	ExpiresAt time.Time // zero: DefaultLife from now
	Note      string
	Passcode  string         // a link's, optional
	Report    *report.Report // a summary report, as made for the share
}

// Copy is one shared item, as its reader reads it.
type Copy struct {
	Kind      string      `json:"kind"`  // the kind's path
	Title     string      `json:"title"` // the kind's name on a page
	ID        string      `json:"id"`
	CreatedAt time.Time   `json:"created_at"`
	UpdatedAt time.Time   `json:"updated_at"`
	Lines     []tool.Line `json:"lines"`
}

// body is what a share holds besides its copies: the note, and a
// report's snapshot.
type body struct {
	Note   string          `json:"note"`
	Report json.RawMessage `json:"report,omitempty"`
}

// View is a share as its owner or its reader reads it.
type View struct {
	ID          string
	Link        bool
	SupporterID string // for a share with a supporter
	To          string // the supporter's username, for the owner
	From        string // the person's username, for the reader
	CreatedAt   time.Time
	ExpiresAt   time.Time
	Note        string
	Items       []Copy
	Report      *report.Report // a report shared as it was made, or nil
}

// Made is a new share, with its link's secret (shown once) for a link.
type Made struct {
	View
	Secret string
}

// Create makes a share: a copy of each item, sealed for its reader.
func (s *Service) Create(ctx context.Context, p *account.Person, d Draft) (Made, error) {
	now := s.now().UTC().Truncate(time.Microsecond)
	var problems valid.Problems
	link := d.To == "link"
	var sup *store.Supporter
	switch {
	case d.To == "":
		problems.Add("to", "Choose who to share with: one of your supporters, or a private link.")
	case !link:
		var err error
		if sup, err = s.store.SupporterOf(ctx, p.ID, d.To); errors.Is(err, store.ErrNotFound) {
			problems.Add("to", "That is not one of your supporters.")
		} else if err != nil {
			return Made{}, err
		}
	}
	if d.ExpiresAt.IsZero() {
		d.ExpiresAt = now.Add(DefaultLife)
	}
	switch {
	case d.ExpiresAt.Before(now.Add(minLife)):
		problems.Add("expires_at", "A share needs to last at least an hour. Choose a later end.")
	case d.ExpiresAt.After(now.Add(MaxLife)):
		problems.Add("expires_at", "A share can last up to a year. You can share again when it ends.")
	}
	note := valid.Text(&problems, "note", "The note", d.Note, MaxNote)
	passcode := valid.Text(&problems, "passcode", "The passcode", d.Passcode, maxPasscode)
	if passcode != "" && !link {
		problems.Add("passcode", "A passcode is only for a private link.")
	}
	if passcode != "" && len([]rune(passcode)) < minPasscode {
		problems.Add("passcode", "Make the passcode at least 8 characters, such as three short words, or leave it out.")
	}
	if d.Report != nil && d.Report.Has(report.Entries) {
		// A report is kept as it was made: an entry in it would outlive
		// its deletion. Journal entries are shared as items instead.
		problems.Add("report.parts", "Share journal entries as items, not inside the report: then deleting one takes it out of the share too.")
	}
	if len(d.Items) == 0 && d.Report == nil {
		problems.Add("items", "Choose at least one thing to share, or a report.")
	}
	if len(d.Items) > MaxItems {
		problems.Add("items", "A share can hold up to "+strconv.Itoa(MaxItems)+" things. Make a second share for the rest.")
	}
	var copies []Copy
	var refs [][]byte
	if len(d.Items) <= MaxItems {
		for i, ref := range d.Items {
			c, tag, err := s.copyOf(ctx, p, ref)
			if errors.Is(err, record.ErrNotFound) {
				problems.Add("items["+strconv.Itoa(i)+"]", "There is no such thing of yours to share.")
				continue
			}
			if err != nil {
				return Made{}, err
			}
			if slices.ContainsFunc(refs, func(r []byte) bool { return string(r) == string(tag) }) {
				problems.Add("items["+strconv.Itoa(i)+"]", "That is in this share already.")
				continue
			}
			copies, refs = append(copies, c), append(refs, tag)
		}
	}
	if err := problems.Err(); err != nil {
		return Made{}, err
	}
	if n, err := s.store.CountShares(ctx, p.ID, now); err != nil {
		return Made{}, err
	} else if n >= MaxShares {
		return Made{}, ErrFull
	}

	id, key := rand.Text(), vault.NewKey()
	sh := store.Share{ID: id, UserID: p.ID, CreatedAt: now, ExpiresAt: d.ExpiresAt.UTC().Truncate(time.Microsecond),
		OwnerKey: p.Keyring().Seal(key[:], "share-key", id)}
	var secret string
	if link {
		secret, sh.Link = vault.NewSessionToken()
		sh.ReaderKey = vault.Wrap(s.secret.LinkKey(secret, passcode), key, "share", id, "link")
	} else {
		public, err := s.accounts.PublicKey(ctx, sup.SupporterID)
		if err != nil {
			return Made{}, err
		}
		sh.Supporter = sup.ID
		if sh.ReaderKey, err = vault.WrapTo(public, key, "share", id, sup.SupporterID); err != nil {
			return Made{}, err
		}
	}
	keys := vault.NewKeyring(key)
	b := body{Note: note}
	if d.Report != nil {
		var err error
		if b.Report, err = d.Report.Snapshot(); err != nil {
			return Made{}, err
		}
	}
	var err error
	if sh.Body, err = sealJSON(keys, b, "share", id); err != nil {
		return Made{}, err
	}
	for n, c := range copies {
		b, err := sealJSON(keys, c, "share-item", id, strconv.Itoa(n))
		if err != nil {
			return Made{}, err
		}
		sh.Items = append(sh.Items, store.ShareItem{N: n, Ref: refs[n], Body: b})
	}
	if err := s.store.CreateShare(ctx, &sh); errors.Is(err, store.ErrNotFound) {
		// The supporter was removed a moment ago.
		var p valid.Problems
		p.Add("to", "That is not one of your supporters.")
		return Made{}, p
	} else if err != nil {
		return Made{}, err
	}
	kind, to := accesslog.ShareMade, "link"
	if !link {
		to = sup.Username
	} else {
		kind = accesslog.LinkMade
	}
	if err := s.record(ctx, p.ID, kind, to, id); err != nil {
		return Made{}, err
	}
	v := View{ID: id, Link: link, CreatedAt: sh.CreatedAt, ExpiresAt: sh.ExpiresAt, Note: note, Items: copies, Report: d.Report}
	if sup != nil {
		v.SupporterID, v.To = sup.ID, sup.Username
	}
	return Made{View: v, Secret: secret}, nil
}

// copyOf reads one of the person's items and writes it out for a reader,
// with the blind index its copies are found by.
func (s *Service) copyOf(ctx context.Context, p *account.Person, ref Ref) (Copy, []byte, error) {
	k, ok := s.tools.ByPath(ref.Kind)
	if !ok || k.Parent != nil {
		return Copy{}, nil, record.ErrNotFound
	}
	items := k.Items(s.store, p)
	var item tool.Item
	var err error
	switch {
	case k.Single:
		var has bool
		if item, has, err = items.One(ctx); err == nil && !has {
			err = record.ErrNotFound
		}
	case ref.ID == "":
		err = record.ErrNotFound
	default:
		item, err = items.Get(ctx, ref.ID)
	}
	if err != nil {
		return Copy{}, nil, err
	}
	return copyItem(k, &item), refTag(p, k, item.ID), nil
}

func copyItem(k *tool.Kind, item *tool.Item) Copy {
	return Copy{Kind: k.Path, Title: k.Title(), ID: item.ID, CreatedAt: item.CreatedAt.UTC(), UpdatedAt: item.UpdatedAt.UTC(), Lines: k.Lines(item.Value)}
}

// refTag is the blind index of an item's copies: under the owner's keys,
// so it names nothing to anyone else.
func refTag(o record.Owner, k *tool.Kind, id string) []byte {
	return o.Keyring().Tag("share-ref", k.Name, id)
}

// refresh follows an edit to the copies of the item in every share of
// the owner's in force, or takes the copies away with the item.
func (s *Service) refresh(ctx context.Context, o record.Owner, k *tool.Kind, item *tool.Item, deleted bool) error {
	if _, shared := o.(record.Shared); shared || o.Keyring() == nil {
		return nil
	}
	ref := refTag(o, k, item.ID)
	if deleted {
		return s.store.DeleteCopies(ctx, o.OwnerID(), ref)
	}
	copies, err := s.store.CopiesOf(ctx, o.OwnerID(), ref, s.now())
	if err != nil || len(copies) == 0 {
		return err
	}
	c := copyItem(k, item)
	for _, at := range copies {
		key, err := s.ownerKey(o, at.ShareID, at.OwnerKey)
		if err != nil {
			return err
		}
		b, err := sealJSON(vault.NewKeyring(key), c, "share-item", at.ShareID, strconv.Itoa(at.N))
		if err != nil {
			return err
		}
		if err := s.store.PutCopy(ctx, at.ShareID, at.N, b); err != nil && !errors.Is(err, store.ErrNotFound) {
			return err
		}
	}
	return nil
}

func (s *Service) ownerKey(o record.Owner, id string, sealed []byte) (vault.Key, error) {
	b, err := o.Keyring().Open(sealed, "share-key", id)
	if err != nil || len(b) != vault.KeySize {
		return vault.Key{}, errors.Join(vault.ErrOpen, err)
	}
	return vault.Key(b), nil
}

// Mine lists the person's shares in force, newest first, without their
// copies.
func (s *Service) Mine(ctx context.Context, p *account.Person) ([]View, error) {
	all, err := s.store.Shares(ctx, p.ID, s.now())
	if err != nil {
		return nil, err
	}
	names, err := s.supporterNames(ctx, p)
	if err != nil {
		return nil, err
	}
	out := make([]View, 0, len(all))
	for i := range all {
		key, err := s.ownerKey(p, all[i].ID, all[i].OwnerKey)
		if err != nil {
			return nil, err
		}
		v, err := open(&all[i], key, false)
		if err != nil {
			return nil, err
		}
		v.To = names[v.SupporterID]
		out = append(out, v)
	}
	return out, nil
}

func (s *Service) supporterNames(ctx context.Context, p *account.Person) (map[string]string, error) {
	sups, err := s.store.Supporters(ctx, p.ID)
	names := map[string]string{}
	for _, sup := range sups {
		names[sup.ID] = sup.Username
	}
	return names, err
}

// One returns one of the person's shares in force, with its copies.
func (s *Service) One(ctx context.Context, p *account.Person, id string) (View, error) {
	sh, err := s.store.ShareOf(ctx, p.ID, id, s.now())
	if err != nil {
		return View{}, notFound(err)
	}
	key, err := s.ownerKey(p, sh.ID, sh.OwnerKey)
	if err != nil {
		return View{}, err
	}
	v, err := open(sh, key, true)
	if err != nil {
		return View{}, err
	}
	names, err := s.supporterNames(ctx, p)
	v.To = names[v.SupporterID]
	return v, err
}

// Revoke ends one of the person's shares: its copies and keys go at once.
func (s *Service) Revoke(ctx context.Context, p *account.Person, id string) error {
	if err := s.store.DeleteShare(ctx, p.ID, id, s.now()); err != nil {
		return notFound(err)
	}
	return s.record(ctx, p.ID, accesslog.ShareRevoked, "", id)
}

// SharedWith lists the shares in force with the signed-in person as a
// supporter, from everyone they support, without their copies.
func (s *Service) SharedWith(ctx context.Context, p *account.Person) ([]View, error) {
	all, err := s.store.SharesWith(ctx, p.ID, s.now())
	if err != nil {
		return nil, err
	}
	kp, err := s.accounts.KeyPair(ctx, p)
	if err != nil {
		return nil, err
	}
	out := make([]View, 0, len(all))
	for i := range all {
		key, err := kp.Unwrap(all[i].ReaderKey, "share", all[i].ID, p.ID)
		if err != nil {
			return nil, err
		}
		v, err := open(&all[i], key, false)
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, nil
}

// Read opens one share with the signed-in person as its supporter, and
// notes the opening in the person's access log.
func (s *Service) Read(ctx context.Context, p *account.Person, id string) (View, error) {
	sh, err := s.store.ShareWith(ctx, p.ID, id, s.now())
	if err != nil {
		return View{}, notFound(err)
	}
	kp, err := s.accounts.KeyPair(ctx, p)
	if err != nil {
		return View{}, err
	}
	key, err := kp.Unwrap(sh.ReaderKey, "share", sh.ID, p.ID)
	if err != nil {
		return View{}, err
	}
	v, err := open(sh, key, true)
	if err != nil {
		return View{}, err
	}
	return v, s.opened(ctx, sh, p.Username)
}

// Link reports whether the private link secret names is in force, and
// whether it asks for a passcode, without opening it: not found when it
// is not.
func (s *Service) Link(ctx context.Context, secret string) (guarded bool, err error) {
	sh, err := s.store.ShareByLink(ctx, vault.SessionID(secret), s.now())
	if err != nil {
		return false, notFound(err)
	}
	_, err = vault.Unwrap(s.secret.LinkKey(secret, ""), sh.ReaderKey, "share", sh.ID, "link")
	return err != nil, nil
}

// LinkOf returns the id of the person's share in force that a private
// link's secret names, or not found: nothing is opened or noted.
func (s *Service) LinkOf(ctx context.Context, p *account.Person, secret string) (string, error) {
	sh, err := s.store.ShareByLink(ctx, vault.SessionID(secret), s.now())
	if err != nil || sh.UserID != p.ID {
		return "", cmp.Or(notFound(err), record.ErrNotFound)
	}
	return sh.ID, nil
}

// ReadLink opens the share a private link's secret names, with its
// passcode ("" when none was typed): ErrPasscode when it needs one, or
// another. A wrong passcode is counted against the link, as a wrong
// passphrase is against an account.
func (s *Service) ReadLink(ctx context.Context, secret, passcode string) (View, error) {
	passcode = strings.TrimSpace(passcode) // as it was kept (valid.Text)
	sh, err := s.store.ShareByLink(ctx, vault.SessionID(secret), s.now())
	if err != nil {
		return View{}, notFound(err)
	}
	key, err := vault.Unwrap(s.secret.LinkKey(secret, ""), sh.ReaderKey, "share", sh.ID, "link")
	if err != nil {
		if passcode == "" {
			return View{}, ErrPasscode
		}
		attempt, err := s.accounts.TakePasscodeAttempt(ctx, sh.ID)
		if err != nil {
			return View{}, err
		}
		if key, err = vault.Unwrap(s.secret.LinkKey(secret, passcode), sh.ReaderKey, "share", sh.ID, "link"); err != nil {
			// The person hears of guessing, once an hour at most.
			return View{}, errors.Join(ErrPasscode, s.mark(ctx, sh, store.ShareGuess, accesslog.PasscodeWrong, "link"))
		}
		if err := attempt.GiveBack(ctx); err != nil {
			return View{}, err
		}
	}
	v, err := open(sh, key, true)
	if err != nil {
		return View{}, err
	}
	return v, s.opened(ctx, sh, "link")
}

// opened notes an opening of sh in its person's access log, once an hour
// at most: the first opening is always there, and reloading cannot push
// sign-ins out of a log that keeps its last entries. Wrong passcodes are
// noted the same way.
func (s *Service) opened(ctx context.Context, sh *store.Share, by string) error {
	return s.mark(ctx, sh, store.ShareOpened, accesslog.ShareOpened, by)
}

// mark notes what happened to sh in its person's access log as kind, once
// an hour at most.
func (s *Service) mark(ctx context.Context, sh *store.Share, what, kind, by string) error {
	now := s.now()
	if first, err := s.store.MarkShare(ctx, sh.ID, what, now, now.Add(-openedEvery)); err != nil || !first {
		return err
	}
	return s.record(ctx, sh.UserID, kind, by, sh.ID)
}

// Prune deletes the shares that ran out, with their copies and keys, and
// notes each end in its person's access log.
func (s *Service) Prune(ctx context.Context) error {
	gone, err := s.store.DeleteExpiredShares(ctx, s.now())
	for _, g := range gone {
		err = errors.Join(err, s.record(ctx, g[0], accesslog.ShareExpired, "", g[1]))
	}
	return err
}

// open unseals a share's body and, with items, its copies.
func open(sh *store.Share, key vault.Key, items bool) (View, error) {
	keys := vault.NewKeyring(key)
	var b body
	if err := openJSON(keys, sh.Body, &b, "share", sh.ID); err != nil {
		return View{}, err
	}
	v := View{ID: sh.ID, Link: sh.Link != nil, SupporterID: sh.Supporter, From: sh.Owner, CreatedAt: sh.CreatedAt, ExpiresAt: sh.ExpiresAt, Note: b.Note}
	if !items {
		return v, nil
	}
	if b.Report != nil {
		var err error
		if v.Report, err = report.FromSnapshot(b.Report); err != nil {
			return View{}, err
		}
	}
	v.Items = make([]Copy, len(sh.Items))
	for i, it := range sh.Items {
		if err := openJSON(keys, it.Body, &v.Items[i], "share-item", sh.ID, strconv.Itoa(it.N)); err != nil {
			return View{}, err
		}
	}
	return v, nil
}

func sealJSON(keys *vault.Keyring, v any, ad ...string) ([]byte, error) {
	b, err := json.Marshal(v)
	if err != nil {
		return nil, err
	}
	return keys.Seal(b, ad...), nil
}

func openJSON(keys *vault.Keyring, sealed []byte, v any, ad ...string) error {
	b, err := keys.Open(sealed, ad...)
	if err != nil {
		return err
	}
	return json.Unmarshal(b, v)
}

// notFound answers a share that is not there, not the caller's, revoked
// or expired alike.
func notFound(err error) error {
	if errors.Is(err, store.ErrNotFound) {
		return record.ErrNotFound
	}
	return err
}
