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
	"encoding"
	"encoding/base32"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"time"

	"kintsugi/internal/store"
	"kintsugi/internal/vault"
)

// ErrNotFound means the record does not exist or is not the owner's.
var ErrNotFound = store.ErrNotFound

// ErrCursor means a listing cursor was not one this package produced.
var ErrCursor = errors.New("record: invalid cursor")

// Owner is who a collection belongs to: the signed-in person, or a shared
// space one of its members opened (see Shared).
type Owner interface {
	OwnerID() string
	Keyring() *vault.Keyring
}

// Shared is implemented by an owner that is a shared space: its records
// are kept apart from every person's, under the space's id and key.
type Shared interface {
	Owner
	Shared() bool
}

func isShared(o Owner) bool {
	s, ok := o.(Shared)
	return ok && s.Shared()
}

// Kind describes one kind of record.
type Kind[T any] struct {
	// Name is stable forever: it is sealed into every record's associated
	// data and blind index.
	Name string
	// Tag, if set, returns the value a record is indexed under (such as
	// the step it is tied to), or "" for none.
	Tag func(*T) string
	// Encode and Decode, if set, write and read the value's binary form
	// (see Wire): the tool engine's kinds are declared, not Go types.
	Encode func(b []byte, v *T) []byte
	Decode func(b []byte, v *T) error
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
	store  *store.Store
	owner  string
	shared bool // the owner is a shared space
	keys   *vault.Keyring
	kind   Kind[T]
	index  []byte // the kind's blind index under this owner's key
}

// Open returns the owner's collection of kind k.
func Open[T any](s *store.Store, o Owner, k Kind[T]) *Collection[T] {
	keys := o.Keyring()
	return &Collection[T]{store: s, owner: o.OwnerID(), shared: isShared(o), keys: keys, kind: k, index: keys.Tag("kind", k.Name)}
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
	var plain []byte
	var err error
	if c.kind.Encode != nil {
		plain = c.kind.Encode([]byte{binaryForm}, v)
	} else if ba, ok := any(v).(encoding.BinaryAppender); ok {
		plain, err = ba.AppendBinary([]byte{binaryForm})
	} else {
		plain, err = json.Marshal(v)
	}
	if err != nil {
		return nil, fmt.Errorf("encode %s: %w", c.kind.Name, err)
	}
	return c.keys.Seal(plain, c.kind.Name, c.owner, id), nil
}

// open decrypts and decodes a row. scratch, if not nil, is a buffer reused
// for the plaintext across calls (decoding copies what it keeps).
func (c *Collection[T]) open(r *store.Record, scratch *[]byte) (Record[T], error) {
	out := Record[T]{ID: r.ID, CreatedAt: r.CreatedAt, UpdatedAt: r.UpdatedAt}
	var buf []byte
	if scratch != nil {
		buf = (*scratch)[:0]
	}
	plain, err := c.keys.OpenAppend(buf, r.Body, c.kind.Name, c.owner, r.ID)
	if scratch != nil && plain != nil {
		*scratch = plain[:0]
	}
	if err != nil {
		return out, fmt.Errorf("open %s record: %w", c.kind.Name, err)
	}
	return out, c.decode(plain, &out)
}

// decode decodes the plaintext of a sealed value into out.
func (c *Collection[T]) decode(plain []byte, out *Record[T]) error {
	var err error
	if len(plain) > 0 && plain[0] == binaryForm && c.kind.Decode != nil {
		err = c.kind.Decode(plain[1:], &out.Value)
	} else if len(plain) > 0 && plain[0] == binaryForm {
		bu, ok := any(&out.Value).(encoding.BinaryUnmarshaler)
		if !ok {
			return fmt.Errorf("decode %s record: %w", c.kind.Name, ErrWire)
		}
		err = bu.UnmarshalBinary(plain[1:])
	} else {
		err = json.Unmarshal(plain, &out.Value)
	}
	if err != nil {
		return fmt.Errorf("decode %s record: %w", c.kind.Name, err)
	}
	return nil
}

// Index returns the blind index of the collection's kind, by which a row
// of it is known among rows of every kind.
func (c *Collection[T]) Index() []byte { return c.index }

// Open decrypts a row of this collection's kind read elsewhere (the
// timeline reads every kind at once). Its body is copied as it is read.
func (c *Collection[T]) Open(r *store.Record) (Record[T], error) { return c.open(r, nil) }

// Create stores v as a new record created at the given time (now, if zero).
func (c *Collection[T]) Create(ctx context.Context, v T, at time.Time) (Record[T], error) {
	row, err := c.newRow(at, &v)
	if err != nil {
		return Record[T]{}, err
	}
	if err := c.store.InsertRecord(ctx, &row); err != nil {
		return Record[T]{}, fmt.Errorf("store %s: %w", c.kind.Name, err)
	}
	return Record[T]{ID: row.ID, CreatedAt: row.CreatedAt, UpdatedAt: row.UpdatedAt, Value: v}, nil
}

// newRow seals v as a new row with a fresh id, created at at (now, if zero).
func (c *Collection[T]) newRow(at time.Time, v *T) (store.Record, error) {
	if at.IsZero() {
		at = time.Now()
	}
	at = at.UTC().Truncate(time.Microsecond)
	id := NewID(at)
	body, err := c.seal(id, v)
	if err != nil {
		return store.Record{}, err
	}
	return store.Record{ID: id, UserID: c.owner, Shared: c.shared, Kind: c.index, Tag: c.tagOf(v), CreatedAt: at, UpdatedAt: at, Body: body}, nil
}

// Row seals v as the row of a record with a given id and times, for an
// import that keeps records as they were. The id must be one NewID made
// for that creation time.
func (c *Collection[T]) Row(id string, created, updated time.Time, v T) (store.Record, error) {
	at, ok := IDTime(id)
	if !ok || !at.Equal(created) || updated.Before(created) {
		return store.Record{}, fmt.Errorf("record %s: id and times do not fit together", c.kind.Name)
	}
	body, err := c.seal(id, &v)
	if err != nil {
		return store.Record{}, err
	}
	return store.Record{ID: id, UserID: c.owner, Shared: c.shared, Kind: c.index, Tag: c.tagOf(&v), CreatedAt: at,
		UpdatedAt: updated.UTC().Truncate(time.Microsecond), Body: body}, nil
}

// All calls fn for every record of the collection, oldest first, reading
// them a thousand at a time.
func (c *Collection[T]) All(ctx context.Context, fn func(Record[T]) error) error {
	var after *store.Position
	for {
		var last *Record[T]
		var ferr error
		_, err := c.each(ctx, store.RecordQuery{UserID: c.owner, Shared: c.shared, Kind: c.index, After: after, Oldest: true, Limit: 1000}, 1000,
			func(r Record[T]) {
				if ferr == nil {
					ferr = fn(r)
				}
				last = &r
			})
		if err != nil {
			return err
		}
		if ferr != nil {
			return ferr
		}
		if last == nil {
			return nil
		}
		after = &store.Position{CreatedAt: last.CreatedAt, ID: last.ID}
	}
}

// Dated is a value with the time it was created, for CreateMany.
type Dated[T any] struct {
	At    time.Time
	Value T
}

// CreateMany stores many values as new records in one transaction.
func (c *Collection[T]) CreateMany(ctx context.Context, values []Dated[T]) ([]string, error) {
	rows := make([]store.Record, len(values))
	ids := make([]string, len(values))
	for i := range values {
		row, err := c.newRow(values[i].At, &values[i].Value)
		if err != nil {
			return nil, err
		}
		rows[i], ids[i] = row, row.ID
	}
	if err := c.store.InsertRecords(ctx, rows); err != nil {
		return nil, fmt.Errorf("store %s: %w", c.kind.Name, err)
	}
	return ids, nil
}

// key returns the primary key of the record id names, or ErrNotFound for an
// id NewID could never have made (a typo, a probe, bytes PostgreSQL would
// refuse to compare): those are not found without asking the store.
func (c *Collection[T]) key(id string) (store.Key, error) {
	at, ok := IDTime(id)
	if !ok {
		return store.Key{}, ErrNotFound
	}
	return store.Key{UserID: c.owner, Shared: c.shared, Kind: c.index, CreatedAt: at, ID: id}, nil
}

// Get returns one record, or ErrNotFound.
func (c *Collection[T]) Get(ctx context.Context, id string) (Record[T], error) {
	k, err := c.key(id)
	if err != nil {
		return Record[T]{}, err
	}
	r, err := c.store.Record(ctx, k)
	if err != nil {
		return Record[T]{}, err
	}
	return c.open(r, nil)
}

// Update replaces a record's value, keeping its creation time.
func (c *Collection[T]) Update(ctx context.Context, id string, v T) (Record[T], error) {
	k, err := c.key(id)
	if err != nil {
		return Record[T]{}, err
	}
	body, err := c.seal(id, &v)
	if err != nil {
		return Record[T]{}, err
	}
	r := &store.Record{ID: id, UserID: c.owner, Shared: c.shared, Kind: c.index, CreatedAt: k.CreatedAt, Tag: c.tagOf(&v),
		UpdatedAt: time.Now().UTC().Truncate(time.Microsecond), Body: body}
	if err := c.store.UpdateRecord(ctx, r); err != nil {
		return Record[T]{}, err
	}
	return Record[T]{ID: id, CreatedAt: r.CreatedAt, UpdatedAt: r.UpdatedAt, Value: v}, nil
}

// Delete removes a record, or returns ErrNotFound.
func (c *Collection[T]) Delete(ctx context.Context, id string) error {
	k, err := c.key(id)
	if err != nil {
		return err
	}
	return c.store.DeleteRecord(ctx, k)
}

// DeleteWith removes a record and, with it, the owner's records of kind
// other that carry tag: the events an item owns.
func (c *Collection[T]) DeleteWith(ctx context.Context, id, other, tag string) error {
	k, err := c.key(id)
	if err != nil {
		return err
	}
	return c.store.DeleteRecordAndTagged(ctx, k, c.keys.Tag("kind", other), c.keys.Tag("tag", other, tag))
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
	// One extra row tells whether another page follows. The capacity
	// starts small: a read of a whole kind asks for thousands and most
	// people have dozens.
	out := make([]Record[T], 0, min(p.Limit, 64))
	more, err := c.each(ctx, store.RecordQuery{UserID: c.owner, Shared: c.shared, Kind: c.index, Tag: c.TagFor(p.Tag),
		After: after, Limit: p.Limit + 1}, p.Limit, func(r Record[T]) { out = append(out, r) })
	if err != nil {
		return nil, "", err
	}
	next := ""
	if more {
		next = out[len(out)-1].ID
	}
	return out, next, nil
}

// Span returns the records created in [since, until), oldest first, at
// most limit of them (the newest limit if there are more).
func (c *Collection[T]) Span(ctx context.Context, since, until time.Time, tag string, limit int) ([]Record[T], error) {
	var out []Record[T]
	_, err := c.each(ctx, store.RecordQuery{UserID: c.owner, Shared: c.shared, Kind: c.index, Tag: c.TagFor(tag),
		Since: since, Until: until, Limit: limit}, limit, func(r Record[T]) { out = append(out, r) })
	if err != nil {
		return nil, err
	}
	// Fetched newest first so a cap keeps the recent end; return in time order.
	slices.Reverse(out)
	return out, nil
}

// Rows calls fn for up to limit of the collection's rows, newest first,
// without opening them: for choosing among ids before opening a few. A
// row's body is valid only during fn.
func (c *Collection[T]) Rows(ctx context.Context, limit int, fn func(*store.Record) error) error {
	return c.store.EachRecord(ctx, store.RecordQuery{UserID: c.owner, Shared: c.shared, Kind: c.index, Limit: limit}, fn)
}

// each opens the rows q selects, up to limit of them, and reports whether
// there were more.
func (c *Collection[T]) each(ctx context.Context, q store.RecordQuery, limit int, fn func(Record[T])) (more bool, err error) {
	var scratch []byte
	n := 0
	err = c.store.EachRecord(ctx, q, func(row *store.Record) error {
		if n == limit {
			more = true
			return nil
		}
		r, err := c.open(row, &scratch)
		if err != nil {
			return err
		}
		fn(r)
		n++
		return nil
	})
	return more, err
}

// Count returns how many records the collection holds (with tag, if set).
func (c *Collection[T]) Count(ctx context.Context, tag string) (int, error) {
	return c.store.CountRecords(ctx, store.RecordQuery{UserID: c.owner, Shared: c.shared, Kind: c.index, Tag: c.TagFor(tag)})
}

// Before returns how many records a newest-first listing (with tag, if
// set) shows before the page that continues from cursor: 0 for the first
// page. A list numbered across pages starts its page at Before + 1.
func (c *Collection[T]) Before(ctx context.Context, cursor, tag string) (int, error) {
	after, err := decodeCursor(cursor)
	if err != nil || after == nil {
		return 0, err
	}
	return c.store.CountNewer(ctx, store.RecordQuery{UserID: c.owner, Shared: c.shared, Kind: c.index, Tag: c.TagFor(tag)}, *after)
}

// NewID returns the id of a record created at at: the creation time in
// microseconds and 64 random bits, in 26 base32 characters. The time in the
// id lets it find its row by the primary key, and makes an id a cursor.
func NewID(at time.Time) string {
	var b [16]byte
	binary.BigEndian.PutUint64(b[:8], uint64(at.UnixMicro()))
	rand.Read(b[8:])
	return idEncoding.EncodeToString(b[:])
}

var idEncoding = base32.StdEncoding.WithPadding(base32.NoPadding)

// IDTime returns the creation time an id carries, and whether id is one
// NewID could have made at all.
func IDTime(id string) (time.Time, bool) {
	if len(id) != 26 {
		return time.Time{}, false
	}
	b, err := idEncoding.DecodeString(id)
	if err != nil || len(b) != 16 || idEncoding.EncodeToString(b) != id {
		return time.Time{}, false
	}
	return time.UnixMicro(int64(binary.BigEndian.Uint64(b[:8]))).UTC(), true
}

// decodeCursor reads a listing cursor: the id of the last record seen.
func decodeCursor(s string) (*store.Position, error) {
	if s == "" {
		return nil, nil
	}
	at, ok := IDTime(s)
	if !ok {
		return nil, ErrCursor
	}
	return &store.Position{CreatedAt: at, ID: s}, nil
}
