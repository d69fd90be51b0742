package tools_test

import (
	"errors"
	"strings"
	"testing"

	"kintsugi/internal/tools"
)

func TestFold(t *testing.T) {
	for in, want := range map[string]string{
		"River":             "river",
		"Café":              "cafe",
		"cafe\u0301":        "cafe", // a decomposed accent
		"ÉLAN":              "elan",
		"Straße":            "strasse",
		"ﬁne":               "fine",
		"Zoë and Chloé":     "zoe and chloe",
		"Ångström":          "angstrom",
		"İstanbul":          "istanbul",
		"Łódź":              "łodz", // ł is a letter of its own, not an l with a mark
		"don’t":             "don't",
		"“quoted”":          `"quoted"`,
		"ΣΟΦΊΑ":             "σοφια",
		"Ёлка":              "елка",
		"日本語":               "日本語",
		"bad \xff byte":     "bad  byte",
		"TAB\tand\nnewline": "tab\tand\nnewline",
	} {
		if got := string(tools.Fold(nil, in)); got != want {
			t.Errorf("Fold(%q) = %q, want %q", in, got, want)
		}
	}
}

// Every word of a query must be there, in any field, whatever the case
// and the accents; a word may be part of a longer one.
func TestSearchMatching(t *testing.T) {
	cases := []struct {
		query string
		texts []string
		want  bool
	}{
		{"river", []string{"A walk by the River."}, true},
		{"RIVER walk", []string{"A walk by the river."}, true},
		{"walk river", []string{"By the river.", "A long walk."}, true}, // across fields
		{"river tea", []string{"A walk by the river."}, false},          // every word
		{"café", []string{"We met at the cafe."}, true},
		{"cafe", []string{"We met at the CAFÉ."}, true},
		{"Chloé", []string{"chloe called"}, true},
		{"strasse", []string{"Die Straße"}, true},
		{"walk", []string{"walking home"}, true}, // part of a word
		{"don't", []string{"I don’t know"}, true},
		{"river,", []string{"the river"}, true}, // punctuation around a word
		{"river river", []string{"the river"}, true},
		{"sister", []string{"the river"}, false},
		{"sister", nil, false},
	}
	for _, tc := range cases {
		q, err := tools.ParseQuery(tc.query)
		if err != nil {
			t.Fatalf("%q: %v", tc.query, err)
		}
		if got := tools.NewScanner(q).Matches(tc.texts); got != tc.want {
			t.Errorf("%q in %q: %v, want %v", tc.query, tc.texts, got, tc.want)
		}
	}
}

func TestSearchQueryLimits(t *testing.T) {
	for q, want := range map[string]error{
		"":                       tools.ErrNoQuery,
		"   ":                    tools.ErrNoQuery,
		"… — !":                  tools.ErrNoQuery,
		strings.Repeat("a", 201): tools.ErrLongQuery,
		"one two three four five six seven eight nine": tools.ErrLongQuery,
		"one two three four five six seven eight":      nil,
		"one one one one one one one one one":          nil, // a word given twice counts once
		strings.Repeat("é", 200):                       nil,
	} {
		if _, err := tools.ParseQuery(q); !errors.Is(err, want) {
			t.Errorf("ParseQuery(%.20q…): %v, want %v", q, err, want)
		}
	}
	q, _ := tools.ParseQuery("Café  RIVER café")
	if got := strings.Join(q.Words(), " "); got != "cafe river" {
		t.Errorf("words %q", got)
	}
}

func TestSearchExcerpt(t *testing.T) {
	long := strings.Repeat("Quiet morning words go here. ", 8) + "Then the **Café** by the river, where we talked. " + strings.Repeat("More after. ", 20)
	q, _ := tools.ParseQuery("cafe")
	got := q.Excerpt([]string{"A title", long}, 80)
	if !strings.HasPrefix(got, "…") || !strings.Contains(got, "Café by the river") || strings.Contains(got, "**") {
		t.Errorf("excerpt %q: want the match in context, without markup, cut at the start", got)
	}
	if n := len([]rune(got)); n > 82 {
		t.Errorf("excerpt of %d runes", n)
	}
	q, _ = tools.ParseQuery("title")
	if got := q.Excerpt([]string{"A title", long}, 80); got != "A title" {
		t.Errorf("a short field: %q", got)
	}
	q, _ = tools.ParseQuery("zzz")
	if got := q.Excerpt([]string{"First words", long}, 80); got != "First words" {
		t.Errorf("no word in one piece: %q", got)
	}
}

func BenchmarkFold(b *testing.B) {
	text := strings.Repeat("A walk by the river, then tea with my sister. Café ", 40)
	var buf []byte
	b.SetBytes(int64(len(text)))
	for b.Loop() {
		buf = tools.Fold(buf[:0], text)
	}
}

func TestSearchMarks(t *testing.T) {
	q, _ := tools.ParseQuery("cafe river")
	s := "The Café by the River, the café."
	var got []string
	for _, m := range q.Marks(s) {
		got = append(got, s[m[0]:m[1]])
	}
	if strings.Join(got, "|") != "Café|River|café" {
		t.Errorf("marks %q", got)
	}
	q, _ = tools.ParseQuery("riv river")
	if m := q.Marks("a river"); len(m) != 1 || m[0] != [2]int{2, 7} {
		t.Errorf("overlapping marks %v, want one", m)
	}
}

// MayMatch reads the bytes around the texts too, so it may say yes where
// Matches says no, never the other way round.
func TestSearchMayMatch(t *testing.T) {
	q, _ := tools.ParseQuery("café river")
	s := tools.NewScanner(q)
	raw := append([]byte{0x01, 0x0b, 0x16}, "A walk by the River"...)
	raw = append(raw, 0xc3, 0x13) // a lead byte, then a length: not a letter
	raw = append(raw, "CAFÉ at noon"...)
	if !s.MayMatch(raw) {
		t.Error("both words are in the bytes")
	}
	if s.MayMatch([]byte("\x01\x0bA walk by the river")) {
		t.Error("café is not in the bytes")
	}
}
