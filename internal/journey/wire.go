package journey

import "kintsugi/internal/record"

// The binary forms of the tools' records (see record.Wire). Tags are
// stable forever; a new field takes a new tag.

// AppendBinary implements encoding.BinaryAppender.
func (e *JournalEntry) AppendBinary(b []byte) ([]byte, error) {
	w := record.NewWire(b)
	w.String(1, e.Title)
	w.String(2, e.Body)
	w.Int(3, e.Step)
	return w.Bytes(), nil
}

// UnmarshalBinary implements encoding.BinaryUnmarshaler.
func (e *JournalEntry) UnmarshalBinary(b []byte) error {
	*e = JournalEntry{}
	return record.Fields(b, func(f record.Field) error {
		switch f.Tag {
		case 1:
			e.Title = string(f.Bytes)
		case 2:
			e.Body = string(f.Bytes)
		case 3:
			e.Step = f.Int
		}
		return nil
	})
}

// AppendBinary implements encoding.BinaryAppender.
func (c *Checkin) AppendBinary(b []byte) ([]byte, error) {
	w := record.NewWire(b)
	for _, f := range c.Emotions {
		w.Message(1, func(w *record.Wire) {
			w.String(1, f.Name)
			w.Int(2, f.Intensity)
		})
	}
	w.String(2, c.Sensations)
	w.String(3, c.Note)
	return w.Bytes(), nil
}

// UnmarshalBinary implements encoding.BinaryUnmarshaler.
func (c *Checkin) UnmarshalBinary(b []byte) error {
	*c = Checkin{}
	return record.Fields(b, func(f record.Field) error {
		switch f.Tag {
		case 1:
			var felt Felt
			err := record.Fields(f.Bytes, func(g record.Field) error {
				switch g.Tag {
				case 1:
					felt.Name = string(g.Bytes)
				case 2:
					felt.Intensity = g.Int
				}
				return nil
			})
			c.Emotions = append(c.Emotions, felt)
			return err
		case 2:
			c.Sensations = string(f.Bytes)
		case 3:
			c.Note = string(f.Bytes)
		}
		return nil
	})
}

// AppendBinary implements encoding.BinaryAppender.
func (r *Rating) AppendBinary(b []byte) ([]byte, error) {
	w := record.NewWire(b)
	w.Int(1, r.Step)
	w.Int(2, r.Value)
	w.String(3, r.Note)
	return w.Bytes(), nil
}

// UnmarshalBinary implements encoding.BinaryUnmarshaler.
func (r *Rating) UnmarshalBinary(b []byte) error {
	*r = Rating{}
	return record.Fields(b, func(f record.Field) error {
		switch f.Tag {
		case 1:
			r.Step = f.Int
		case 2:
			r.Value = f.Int
		case 3:
			r.Note = string(f.Bytes)
		}
		return nil
	})
}
