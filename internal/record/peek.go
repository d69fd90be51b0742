package record

import (
	"fmt"

	"kintsugi/internal/store"
)

// OpenIf decrypts a row of this collection's kind read elsewhere into
// scratch, a buffer reused from call to call, and decodes it only when
// keep, shown the plaintext of its sealed form, says so. A search looks at
// the bytes first and so skips, without decoding them, the many rows that
// cannot match. keep must not hold on to the bytes; the plaintext is
// overwritten by the next call.
func (c *Collection[T]) OpenIf(r *store.Record, scratch *[]byte, keep func(plain []byte) bool) (Record[T], bool, error) {
	out := Record[T]{ID: r.ID, CreatedAt: r.CreatedAt, UpdatedAt: r.UpdatedAt}
	plain, err := c.keys.OpenAppend((*scratch)[:0], r.Body, c.kind.Name, c.owner, r.ID)
	if plain != nil {
		*scratch = plain[:0]
	}
	if err != nil {
		return out, false, fmt.Errorf("open %s record: %w", c.kind.Name, err)
	}
	if !keep(plain) {
		return out, false, nil
	}
	return out, true, c.decode(plain, &out)
}
