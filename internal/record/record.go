// Package record is the one way kintsugi keeps a kind of content: a Go
// value, encoded as JSON, sealed under its owner's keys with associated data
// naming kind, owner and id, and stored with blind indexes. Every tool of
// the journey (check-ins, journal entries, ratings, and those to come) is a
// Kind and a Collection of it; export, import and deletion work on all of
// them alike.
package record

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"kintsugi/internal/store"
	"kintsugi/internal/vault"
)

// ErrNotFound means the record does not exist or is not the owner's.
var ErrNotFound = store.ErrNotFound

// ErrCursor means a listing cursor was not one this package produced.
var ErrCursor = errors.New("record: invalid cursor")

// Owner is the signed-in person a collection belongs to.
type Owner interface {
	OwnerID() string
	Keyring() *vault.Keyring
}

// Kind describes one kind of record.
type Kind[T any] struct {
	// Name is stable forever: it is sealed into every record's associated
	// data and blind index.
	Name string
	// Tag, if set, returns the value a record is indexed under (such as
	// the step it is tied to), or "" for none.
	Tag func(*T) string
}

// Record is one decrypted record.
type Record[T any] struct {
	ID        string
	CreatedAt time.Time
	UpdatedAt time.Time
	Value     T
}

// Collection is one person's records of one kind.
type Collection[T any] struct {
	store *store.Store
	owner string
	keys  *vault.Keyring
	kind  Kind[T]
	index []byte // the kind's blind index under this owner's key
}

// Open returns the owner's collection of kind k.
func Open[T any](s *store.Store, o Owner, k Kind[T]) *Collection[T] {
	keys := o.Keyring()
	return &Collection[T]{store: s, owner: o.OwnerID(), keys: keys, kind: k, index: keys.Tag("kind", k.Name)}
}

// TagFor returns the blind index of a tag value in this collection.
func (c *Collection[T]) TagFor(value string) []byte {
	if value == "" {
		return nil
	}
	return c.keys.Tag("tag", c.kind.Name, value)
}

func (c *Collection[T]) tagOf(v *T) []byte {
	if c.kind.Tag == nil {
		return nil
	}
	return c.TagFor(c.kind.Tag(v))
}

func (c *Collection[T]) seal(id string, v *T) ([]byte, error) {
	plain, err := json.Marshal(v)
	if err != nil {
		return nil, fmt.Errorf("encode %s: %w", c.kind.Name, err)
	}
	return c.keys.Seal(plain, c.kind.Name, c.owner, id), nil
}

func (c *Collection[T]) open(r *store.Record) (Record[T], error) {
	out := Record[T]{ID: r.ID, CreatedAt: r.CreatedAt, UpdatedAt: r.UpdatedAt}
	plain, err := c.keys.Open(r.Body, c.kind.Name, c.owner, r.ID)
	if err != nil {
		return out, fmt.Errorf("open %s record: %w", c.kind.Name, err)
	}
	if err := json.Unmarshal(plain, &out.Value); err != nil {
		return out, fmt.Errorf("decode %s record: %w", c.kind.Name, err)
	}
	return out, nil
}

// Create stores v as a new record created at the given time (now, if zero).
func (c *Collection[T]) Create(ctx context.Context, v T, at time.Time) (Record[T], error) {
	if at.IsZero() {
		at = time.Now()
	}
	at = at.UTC().Truncate(time.Microsecond)
	id := NewID()
	body, err := c.seal(id, &v)
	if err != nil {
		return Record[T]{}, err
	}
	err = c.store.InsertRecord(ctx, &store.Record{ID: id, UserID: c.owner, Kind: c.index, Tag: c.tagOf(&v),
		CreatedAt: at, UpdatedAt: at, Body: body})
	if err != nil {
		return Record[T]{}, fmt.Errorf("store %s: %w", c.kind.Name, err)
	}
	return Record[T]{ID: id, CreatedAt: at, UpdatedAt: at, Value: v}, nil
}

// Get returns one record, or ErrNotFound.
func (c *Collection[T]) Get(ctx context.Context, id string) (Record[T], error) {
	if !validID(id) {
		return Record[T]{}, ErrNotFound
	}
	r, err := c.store.Record(ctx, c.owner, c.index, id)
	if err != nil {
		return Record[T]{}, err
	}
	return c.open(r)
}

// Update replaces a record's value, keeping its creation time.
func (c *Collection[T]) Update(ctx context.Context, id string, v T) (Record[T], error) {
	if !validID(id) {
		return Record[T]{}, ErrNotFound
	}
	body, err := c.seal(id, &v)
	if err != nil {
		return Record[T]{}, err
	}
	r := &store.Record{ID: id, UserID: c.owner, Kind: c.index, Tag: c.tagOf(&v),
		UpdatedAt: time.Now().UTC().Truncate(time.Microsecond), Body: body}
	if err := c.store.UpdateRecord(ctx, r); err != nil {
		return Record[T]{}, err
	}
	return Record[T]{ID: id, CreatedAt: r.CreatedAt, UpdatedAt: r.UpdatedAt, Value: v}, nil
}

// Delete removes a record, or returns ErrNotFound.
func (c *Collection[T]) Delete(ctx context.Context, id string) error {
	if !validID(id) {
		return ErrNotFound
	}
	return c.store.DeleteRecord(ctx, c.owner, c.index, id)
}

// Page asks for one page of a newest-first listing.
type Page struct {
	Limit  int
	Cursor string // from a previous page's Next; "" for the first page
	Tag    string // optional: only records with this tag value
}

// List returns one page, newest first, and the cursor of the next page
// ("" at the end).
func (c *Collection[T]) List(ctx context.Context, p Page) ([]Record[T], string, error) {
	after, err := decodeCursor(p.Cursor)
	if err != nil {
		return nil, "", err
	}
	// One extra row tells whether another page follows.
	rows, err := c.store.Records(ctx, store.RecordQuery{UserID: c.owner, Kind: c.index, Tag: c.TagFor(p.Tag),
		After: after, Limit: p.Limit + 1})
	if err != nil {
		return nil, "", err
	}
	next := ""
	if len(rows) > p.Limit {
		rows = rows[:p.Limit]
		last := rows[len(rows)-1]
		next = encodeCursor(store.Position{CreatedAt: last.CreatedAt, ID: last.ID})
	}
	out, err := c.openAll(rows)
	return out, next, err
}

// Span returns the records created in [since, until), oldest first, at
// most limit of them (the newest limit if there are more).
func (c *Collection[T]) Span(ctx context.Context, since, until time.Time, tag string, limit int) ([]Record[T], error) {
	rows, err := c.store.Records(ctx, store.RecordQuery{UserID: c.owner, Kind: c.index, Tag: c.TagFor(tag),
		Since: since, Until: until, Limit: limit})
	if err != nil {
		return nil, err
	}
	// Fetched newest first so a cap keeps the recent end; return in time order.
	for i, j := 0, len(rows)-1; i < j; i, j = i+1, j-1 {
		rows[i], rows[j] = rows[j], rows[i]
	}
	return c.openAll(rows)
}

// Count returns how many records the collection holds (with tag, if set).
func (c *Collection[T]) Count(ctx context.Context, tag string) (int, error) {
	return c.store.CountRecords(ctx, c.owner, c.index, c.TagFor(tag))
}

func (c *Collection[T]) openAll(rows []store.Record) ([]Record[T], error) {
	out := make([]Record[T], len(rows))
	for i := range rows {
		r, err := c.open(&rows[i])
		if err != nil {
			return nil, err
		}
		out[i] = r
	}
	return out, nil
}

// NewID returns a random record id: 128 bits in 26 base32 characters.
func NewID() string { return rand.Text() }

// validID reports whether id has the form NewID gives. Anything else (a
// typo, a probe, bytes PostgreSQL would refuse to compare) is not found
// without asking the store.
func validID(id string) bool {
	if len(id) != 26 {
		return false
	}
	for i := range len(id) {
		if c := id[i]; !(c >= 'A' && c <= 'Z' || c >= '2' && c <= '7') {
			return false
		}
	}
	return true
}

func encodeCursor(p store.Position) string {
	b := binary.BigEndian.AppendUint64(nil, uint64(p.CreatedAt.UnixMicro()))
	return base64.RawURLEncoding.EncodeToString(append(b, p.ID...))
}

func decodeCursor(s string) (*store.Position, error) {
	if s == "" {
		return nil, nil
	}
	b, err := base64.RawURLEncoding.DecodeString(s)
	if err != nil || !validID(string(b[min(8, len(b)):])) {
		return nil, ErrCursor
	}
	us := int64(binary.BigEndian.Uint64(b))
	return &store.Position{CreatedAt: time.UnixMicro(us).UTC(), ID: string(b[8:])}, nil
}
