package api

import (
	"bytes"
	"encoding/json"
	"net/http/httptest"
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
		if got, want := appendString(nil, s), encodingJSON(t, s); !bytes.Equal(got, want) {
			t.Fatalf("appendString(%q) = %s, encoding/json wrote %s", s, got, want)
		}
	})
}

func TestJournalListMatchesEncodingJSON(t *testing.T) {
	step := 4
	at := time.Date(2026, 3, 1, 9, 30, 0, 123456000, time.UTC)
	items := []journalJSON{
		{ID: "AAAA", CreatedAt: at, UpdatedAt: at.Add(time.Second), Title: "A <title>", Body: "line\nline & more", Step: &step},
		{ID: "BBBB", CreatedAt: at, UpdatedAt: at, Body: "no title, no step"},
	}
	for _, next := range []string{"", "CURSOR"} {
		rec := httptest.NewRecorder()
		writeJournalList(rec, items, next)
		want := append(encodingJSON(t, newListBody(items, next)), '\n')
		if !bytes.Equal(rec.Body.Bytes(), want) {
			t.Fatalf("hand-written list:\n%s\nencoding/json:\n%s", rec.Body.Bytes(), want)
		}
	}
}
