package journey

import (
	"encoding/json"
	"reflect"
	"testing"
)

func TestBinaryFormsRoundTrip(t *testing.T) {
	values := []any{
		&JournalEntry{Title: "Tuesday", Body: "line one\nline two — ünïcode ✓", Step: 7},
		&JournalEntry{Body: "only a body"},
		&Checkin{Emotions: []Felt{{"grief", 0}, {"anger", 10}}, Sensations: "tight chest", Note: "a note"},
		&Checkin{Emotions: []Felt{{"serenity", 3}}},
		&Rating{Step: 12, Value: 0, Note: "not yet"},
	}
	for _, v := range values {
		b, err := v.(interface{ AppendBinary([]byte) ([]byte, error) }).AppendBinary(nil)
		if err != nil {
			t.Fatal(err)
		}
		back := reflect.New(reflect.TypeOf(v).Elem()).Interface()
		if err := back.(interface{ UnmarshalBinary([]byte) error }).UnmarshalBinary(b); err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(v, back) {
			t.Errorf("round trip of %T: %+v became %+v", v, v, back)
		}
		// The binary form is smaller than JSON, which is the point.
		if j, _ := json.Marshal(v); len(b) >= len(j) {
			t.Errorf("%T: binary %d bytes, JSON %d", v, len(b), len(j))
		}
	}
}

func TestBinaryFormRefusesGarbage(t *testing.T) {
	var e JournalEntry
	for _, b := range [][]byte{{0x03, 0x10, 'a'}, {0x03}, {0x80}} {
		if err := e.UnmarshalBinary(b); err == nil {
			t.Errorf("UnmarshalBinary(%x) accepted a malformed value", b)
		}
	}
}

func FuzzCheckinBinary(f *testing.F) {
	seed, _ := (&Checkin{Emotions: []Felt{{"grief", 4}}, Note: "n"}).AppendBinary(nil)
	f.Add(seed)
	f.Fuzz(func(t *testing.T, b []byte) {
		var c Checkin
		if c.UnmarshalBinary(b) != nil {
			return
		}
		again, _ := c.AppendBinary(nil)
		var d Checkin
		if err := d.UnmarshalBinary(again); err != nil || !reflect.DeepEqual(c, d) {
			t.Fatalf("re-encoding a decoded value changed it: %+v vs %+v (%v)", c, d, err)
		}
	})
}
