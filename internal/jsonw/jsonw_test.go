package jsonw

import (
	"bytes"
	"encoding/json"
	"testing"
	"time"
)

func encodingJSON(t *testing.T, v any) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := json.NewEncoder(&buf).Encode(v); err != nil {
		t.Fatal(err)
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n"))
}

func FuzzAppendStringMatchesEncodingJSON(f *testing.F) {
	for _, s := range []string{"", "plain", "quote \" back \\ slash", "<script>&</script>", "\b\f\n\r\t\x00\x1f\x7f",
		"caf\u00e9 \u2028 \u2029 ✓", "bad \xff\xfe utf8", "\xed\xa0\x80 surrogate"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := String(nil, s), encodingJSON(t, s); !bytes.Equal(got, want) {
			t.Fatalf("String(%q) = %s, encoding/json wrote %s", s, got, want)
		}
	})
}

func TestTimeMatchesEncodingJSON(t *testing.T) {
	for _, at := range []time.Time{time.Date(2026, 3, 1, 9, 30, 0, 123456000, time.UTC), time.Date(2026, 3, 1, 9, 30, 0, 0, time.UTC),
		time.Date(1999, 12, 31, 23, 59, 59, 999999999, time.FixedZone("x", 3600))} {
		if got, want := Time(nil, at), encodingJSON(t, at); !bytes.Equal(got, want) {
			t.Errorf("Time(%v) = %s, encoding/json wrote %s", at, got, want)
		}
	}
}
