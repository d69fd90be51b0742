package tools

import (
	"bytes"
	"errors"
	"slices"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/cases"
	"golang.org/x/text/unicode/norm"

	"kintsugi/internal/markdown"
)

// Search reads a person's own words with a query of a few words: an item
// matches when every word of the query is somewhere in what it says, in
// any field, whatever the case and the accents ("cafe" finds "Café", and
// "CAFÉ" finds "cafe"). Nothing of it is kept: the text is folded as it
// is read, request by request (see docs/security.md).

// Limits of a query: a search is a few words, not a document.
const (
	MaxQueryRunes = 200
	MaxQueryWords = 8
)

// Problems with a query.
var (
	ErrNoQuery   = errors.New("search: the query has no words")
	ErrLongQuery = errors.New("search: the query is too long")
)

// Query is a parsed search: its words, folded.
type Query struct {
	words [][]byte
}

// ParseQuery reads a query: its words are separated by white space, and
// punctuation around a word is left out ("river," is "river"). A word
// given twice counts once.
func ParseQuery(q string) (Query, error) {
	if utf8.RuneCountInString(q) > MaxQueryRunes {
		return Query{}, ErrLongQuery
	}
	var out Query
	for _, w := range strings.Fields(string(Fold(nil, q))) {
		w = strings.TrimFunc(w, func(r rune) bool { return unicode.IsPunct(r) || unicode.IsSymbol(r) })
		if w == "" || containsWord(out.words, w) {
			continue
		}
		if len(out.words) == MaxQueryWords {
			return Query{}, ErrLongQuery
		}
		out.words = append(out.words, []byte(w))
	}
	if len(out.words) == 0 {
		return Query{}, ErrNoQuery
	}
	return out, nil
}

func containsWord(words [][]byte, w string) bool {
	for _, x := range words {
		if string(x) == w {
			return true
		}
	}
	return false
}

// Words returns the query's folded words.
func (q Query) Words() []string {
	out := make([]string, len(q.words))
	for i, w := range q.words {
		out[i] = string(w)
	}
	return out
}

// Matches reports whether folded (text folded by Fold) holds every word.
func (q Query) Matches(folded []byte) bool {
	for _, w := range q.words {
		if !bytes.Contains(folded, w) {
			return false
		}
	}
	return len(q.words) > 0
}

// Scanner matches items one after another, reusing one buffer for the
// folded text: a search reads thousands of items per request.
type Scanner struct {
	q   Query
	buf []byte
}

// NewScanner returns a scanner for q.
func NewScanner(q Query) *Scanner { return &Scanner{q: q} }

// Matches reports whether texts, together, hold every word of the query.
func (s *Scanner) Matches(texts []string) bool {
	s.buf = s.buf[:0]
	for _, t := range texts {
		s.buf = Fold(s.buf, t)
		s.buf = append(s.buf, '\n')
	}
	return s.q.Matches(s.buf)
}

// MayMatch reports whether raw bytes that hold a record's texts among
// other things (the plaintext of its sealed form, where each text is
// stored as it is) could match: every word is somewhere in them, folded.
// A false answer is certain, so a search skips decoding those records; a
// true one is checked again with Matches on the texts alone.
func (s *Scanner) MayMatch(raw []byte) bool {
	s.buf = foldBytes(s.buf[:0], raw)
	return s.q.Matches(s.buf)
}

// foldBytes is Fold for a byte slice. Bytes that are not UTF-8 (the
// lengths and tags of a binary form) fold to nothing or to themselves;
// they never join the start of a text, which is never a continuation byte.
func foldBytes(dst, b []byte) []byte {
	dst = slices.Grow(dst, len(b))
	for i := 0; i < len(b); {
		j := i
		for j < len(b) && b[j] < utf8.RuneSelf {
			j++
		}
		n := len(dst)
		dst = dst[:n+j-i]
		for k, c := range b[i:j] {
			dst[n+k] = lowerASCII[c]
		}
		if j == len(b) {
			break
		}
		r, size := utf8.DecodeRune(b[j:])
		dst = append(dst, foldRune(r)...)
		i = j + size
	}
	return dst
}

// lowerASCII maps each ASCII byte to its lower case.
var lowerASCII = func() (t [utf8.RuneSelf]byte) {
	for i := range t {
		t[i] = byte(i)
		if 'A' <= i && i <= 'Z' {
			t[i] += 'a' - 'A'
		}
	}
	return t
}()

// Fold appends s to dst folded for matching: lower case (full case
// folding, so "ß" is "ss"), compatibility forms made plain ("ﬁ" is "fi"),
// accents and other combining marks left out, typographic quotes made
// straight. Plain ASCII, most of what people write, takes a fast path.
func Fold(dst []byte, s string) []byte {
	dst = slices.Grow(dst, len(s))
	for i := 0; i < len(s); {
		j := i
		for j < len(s) && s[j] < utf8.RuneSelf {
			j++
		}
		n := len(dst)
		dst = dst[:n+j-i]
		for k := range j - i {
			dst[n+k] = lowerASCII[s[i+k]]
		}
		if j == len(s) {
			break
		}
		r, size := utf8.DecodeRuneInString(s[j:])
		dst = append(dst, foldRune(r)...)
		i = j + size
	}
	return dst
}

// latin holds the folded form of every rune of Latin-1 and Latin
// Extended-A and -B, the accented letters of most European languages;
// other runes are folded once and kept in folded.
var (
	latinOnce sync.Once
	latin     [0x250 - 0x80]string
	folded    sync.Map // rune → string
)

func foldRune(r rune) string {
	if r >= 0x80 && r < 0x250 {
		latinOnce.Do(func() {
			for i := range latin {
				latin[i] = foldSlow(rune(0x80 + i))
			}
		})
		return latin[r-0x80]
	}
	if s, ok := folded.Load(r); ok {
		return s.(string)
	}
	s := foldSlow(r)
	folded.Store(r, s)
	return s
}

// foldSlow folds one rune through Unicode's tables: compatibility
// decomposition, marks dropped, then case folding.
func foldSlow(r rune) string {
	switch r {
	case '\u2018', '\u2019', '\u201A', '\u201B', '\u2032', '\u02BC':
		return "'"
	case '\u201C', '\u201D', '\u201E', '\u201F', '\u2033':
		return `"`
	case utf8.RuneError:
		return ""
	}
	var b strings.Builder
	for _, x := range norm.NFKD.String(string(r)) {
		if !unicode.Is(unicode.Mn, x) {
			b.WriteRune(x)
		}
	}
	return cases.Fold().String(b.String())
}

// Excerpt returns a line of text around the first place one of texts
// holds the query's first word, at most n runes, as plain text (Markdown
// markup left out), with "…" where it is cut; or the start of the first
// text when no word is found in one piece (the words may span fields).
func (q Query) Excerpt(texts []string, n int) string {
	for _, w := range q.words {
		for _, t := range texts {
			f, origin := foldMapped(t)
			at := bytes.Index(f, w)
			if at < 0 {
				continue
			}
			return around(t, origin[at], n)
		}
	}
	if len(texts) == 0 {
		return ""
	}
	return markdown.Excerpt(texts[0], n)
}

// foldMapped folds s as Fold does, and returns for each byte of the
// folded text the offset in s of the rune it came from.
func foldMapped(s string) ([]byte, []int) {
	f := make([]byte, 0, len(s))
	origin := make([]int, 0, len(s))
	for i, r := range s {
		before := len(f)
		switch {
		case 'A' <= r && r <= 'Z':
			f = append(f, byte(r)+'a'-'A')
		case r < utf8.RuneSelf:
			f = append(f, byte(r))
		default:
			f = append(f, foldRune(r)...)
		}
		for range len(f) - before {
			origin = append(origin, i)
		}
	}
	return f, origin
}

// lead is how many runes of context an excerpt keeps before the match.
const lead = 50

// around returns about n runes of s from a little before byte offset at,
// starting at a word.
func around(s string, at, n int) string {
	start := at
	for runes := 0; start > 0 && runes < lead; runes++ {
		_, size := utf8.DecodeLastRuneInString(s[:start])
		start -= size
	}
	cut := start > 0
	if cut {
		// Begin at a word, not in the middle of one.
		if sp := strings.IndexFunc(s[start:at], unicode.IsSpace); sp >= 0 {
			start += sp + 1
		}
	}
	out := markdown.Excerpt(s[start:], n)
	if cut && out != "" {
		out = "…" + out
	}
	return out
}

// Marks returns where in s the query's words are, as byte ranges of s in
// order, overlapping ones joined: for a page to mark them in an excerpt.
func (q Query) Marks(s string) [][2]int {
	f, origin := foldMapped(s)
	var out [][2]int
	for _, w := range q.words {
		for from := 0; ; {
			at := bytes.Index(f[from:], w)
			if at < 0 {
				break
			}
			at += from
			end := len(s)
			if last := at + len(w); last < len(origin) {
				end = origin[last]
			}
			out = append(out, [2]int{origin[at], end})
			from = at + len(w)
		}
	}
	slices.SortFunc(out, func(a, b [2]int) int { return a[0] - b[0] })
	merged := out[:0]
	for _, m := range out {
		if n := len(merged); n > 0 && m[0] <= merged[n-1][1] {
			merged[n-1][1] = max(merged[n-1][1], m[1])
			continue
		}
		merged = append(merged, m)
	}
	return merged
}
