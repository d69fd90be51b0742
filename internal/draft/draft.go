// Package draft keeps what a person is writing in a form until they save
// it: one draft per person and form, sealed under their keys like every
// record, so a half-written entry left behind (a closed tab, a quick
// exit, a session that ran out) is offered back the next time the form
// opens, and is never kept in the browser.
//
// A form is named by its path on the site, the address it is sent to
// ("/journal", "/journal/{id}", "/boundaries/{id}/events"). The path
// never reaches the database: the row is found by a blind index of it,
// and the path is sealed into the body's associated data, so a draft
// copied to another form's row, or another person's, does not open.
package draft

import (
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"time"

	"kintsugi/internal/record"
	"kintsugi/internal/store"
	"kintsugi/internal/vault"
)

// ErrNotFound means there is no draft of that form.
var ErrNotFound = store.ErrNotFound

// Keep is how many drafts a person has at most: saving one more lets the
// one saved longest ago go.
const Keep = 20

// kind names drafts in their associated data and blind indexes, apart
// from every kind of record.
const kind = "draft"

// Draft is one form's words as they were last saved.
type Draft struct {
	Form   string
	Values url.Values
	Saved  time.Time
}

// Drafts are one person's drafts.
type Drafts struct {
	store *store.Store
	owner string
	keys  *vault.Keyring
}

// Open returns o's drafts.
func Open(s *store.Store, o record.Owner) *Drafts {
	return &Drafts{store: s, owner: o.OwnerID(), keys: o.Keyring()}
}

func (d *Drafts) index(form string) []byte { return d.keys.Tag(kind, form) }

// Save keeps values as the draft of form, saved at now, in place of the
// one before.
func (d *Drafts) Save(ctx context.Context, form string, values url.Values, now time.Time) error {
	plain, err := json.Marshal(values)
	if err != nil {
		return fmt.Errorf("encode draft: %w", err)
	}
	row := &store.Draft{UserID: d.owner, Form: d.index(form), UpdatedAt: now.UTC().Truncate(time.Microsecond),
		Body: d.keys.Seal(plain, kind, d.owner, form)}
	if err := d.store.SaveDraft(ctx, row, Keep); err != nil {
		return fmt.Errorf("store draft: %w", err)
	}
	return nil
}

// Get returns the draft of form, or ErrNotFound.
func (d *Drafts) Get(ctx context.Context, form string) (Draft, error) {
	row, err := d.store.Draft(ctx, d.owner, d.index(form))
	if err != nil {
		return Draft{}, err
	}
	plain, err := d.keys.Open(row.Body, kind, d.owner, form)
	if err != nil {
		return Draft{}, fmt.Errorf("open draft: %w", err)
	}
	out := Draft{Form: form, Saved: row.UpdatedAt}
	if err := json.Unmarshal(plain, &out.Values); err != nil {
		return Draft{}, fmt.Errorf("decode draft: %w", err)
	}
	return out, nil
}

// Discard removes the drafts of the given forms, if there are any.
func (d *Drafts) Discard(ctx context.Context, forms ...string) error {
	tags := make([][]byte, len(forms))
	for i, f := range forms {
		tags[i] = d.index(f)
	}
	return d.store.DeleteDrafts(ctx, d.owner, tags...)
}
