package record

import (
	"encoding/binary"
	"errors"
)

// The sealed form of a record is JSON by default. A kind whose value type
// implements encoding.BinaryAppender and encoding.BinaryUnmarshaler is
// sealed in a compact tagged binary form instead: decoding JSON was the
// largest cost of listing a page of records. The first byte tells the two
// apart ('{' can never start the binary form), so both can be read.
const binaryForm = 0x01

// ErrWire means a binary-form value is malformed.
var ErrWire = errors.New("record: malformed binary value")

// Wire writes the tagged binary form: each field is a tag, whose low bit
// says whether a varint or a length-prefixed byte string follows. Empty
// strings and zero numbers are left out; readers skip tags they do not
// know, so fields can be added without breaking stored records.
type Wire struct{ b []byte }

// NewWire starts a value after b.
func NewWire(b []byte) *Wire { return &Wire{b: b} }

// Bytes returns the encoded value.
func (w *Wire) Bytes() []byte { return w.b }

// String writes a string field.
func (w *Wire) String(tag uint64, s string) {
	if s == "" {
		return
	}
	w.b = binary.AppendUvarint(w.b, tag<<1|1)
	w.b = binary.AppendUvarint(w.b, uint64(len(s)))
	w.b = append(w.b, s...)
}

// Int writes an integer field.
func (w *Wire) Int(tag uint64, v int) {
	if v == 0 {
		return
	}
	w.b = binary.AppendUvarint(w.b, tag<<1)
	w.b = binary.AppendVarint(w.b, int64(v))
}

// Number writes an integer field even when it is zero, for a value whose
// absence means something else than zero.
func (w *Wire) Number(tag uint64, v int) {
	w.b = binary.AppendUvarint(w.b, tag<<1)
	w.b = binary.AppendVarint(w.b, int64(v))
}

// Message writes a nested value as a byte-string field (written even when
// empty, so repeated messages keep their count).
func (w *Wire) Message(tag uint64, encode func(*Wire)) {
	inner := &Wire{}
	encode(inner)
	w.b = binary.AppendUvarint(w.b, tag<<1|1)
	w.b = binary.AppendUvarint(w.b, uint64(len(inner.b)))
	w.b = append(w.b, inner.b...)
}

// Field is one decoded field: Bytes for string and message fields, Int for
// integer fields.
type Field struct {
	Tag   uint64
	Int   int
	Bytes []byte
}

// Fields calls fn for each field of an encoded value.
func Fields(b []byte, fn func(Field) error) error {
	for len(b) > 0 {
		key, n := binary.Uvarint(b)
		if n <= 0 {
			return ErrWire
		}
		b = b[n:]
		f := Field{Tag: key >> 1}
		if key&1 == 0 {
			v, n := binary.Varint(b)
			if n <= 0 {
				return ErrWire
			}
			f.Int, b = int(v), b[n:]
		} else {
			l, n := binary.Uvarint(b)
			if n <= 0 || uint64(len(b)-n) < l {
				return ErrWire
			}
			f.Bytes, b = b[n:n+int(l)], b[n+int(l):]
		}
		if err := fn(f); err != nil {
			return err
		}
	}
	return nil
}
