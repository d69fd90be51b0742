package markdown

import (
	"html"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Excerpt returns the plain text of an entry's start, at most n runes, cut
// at a word boundary with "…" when cut, for list pages. Each item of a
// list starts a line of its own, as do what follows the list and a
// heading (a page shows the excerpt with its line breaks), so a list's
// items never run together; every other run of white space is one space.
//
// It reads Markdown with a small line-and-inline scanner rather than the
// full parser Render uses: a list page shows twenty excerpts, and parsing
// each entry was most of the page's time. The scanner drops the markup a
// journal entry uses (headings, quotes, list and task markers, emphasis,
// strikethrough, links and images, code, tables, raw HTML) and resolves
// escapes and entities. Its output is text, escaped again by the page.
func Excerpt(src string, n int) string {
	if n <= 0 {
		return ""
	}
	return cut(plain(start(src, n)), n)
}

// start returns as much of src as an excerpt of n runes can need: a long
// entry is read no further than that.
func start(src string, n int) string {
	if limit := 3*n + 128; len(src) > limit {
		cut := strings.LastIndexByte(src[:limit], '\n')
		if cut < limit/2 {
			cut = limit
		}
		src = src[:cut]
	}
	return clean(src)
}

// plain is the text of src, with a line break before each list item, a
// heading and what follows either, and before what follows a list.
func plain(src string) string {
	var b strings.Builder
	b.Grow(len(src))
	fenced, inList, blank, afterHeading := false, false, false, false
	for line := range strings.Lines(src) {
		line = strings.TrimRight(line, "\r\n")
		t := strings.TrimSpace(line)
		if isFence(t) {
			fenced = !fenced
			b.WriteByte(' ')
			continue
		}
		if fenced {
			b.WriteString(line)
			b.WriteByte(' ')
			continue
		}
		if t == "" {
			blank = true
			continue
		}
		if isRule(t) {
			continue
		}
		text, kind := blockText(t)
		indented := line[0] == ' ' || line[0] == '\t'
		switch {
		case kind == item:
			b.WriteByte('\n')
			inList = true
		case kind == heading, afterHeading:
			b.WriteByte('\n')
			inList = false
		case inList && blank && !indented:
			// The list is over; a line without a blank before it, or
			// indented, still belongs to the item above.
			b.WriteByte('\n')
			inList = false
		}
		blank, afterHeading = false, kind == heading
		inline(&b, text)
		b.WriteByte(' ')
	}
	return collapse(b.String())
}

// Headline sums up an untitled entry for a list or its own page: a heading
// of at most n runes taken from its first words (its first line, or the
// first sentence of a long one), and an excerpt of at most m runes of what
// follows it. When even the first sentence is longer than n, the heading
// is cut and there is no excerpt, rather than one that repeats it.
func Headline(src string, n, m int) (head, excerpt string) {
	rest := start(src, n+m)
	fenced := false
	for rest != "" && head == "" {
		var line string
		line, rest, _ = strings.Cut(rest, "\n")
		t := strings.TrimSpace(line)
		if isFence(t) {
			fenced = !fenced
			continue
		}
		if !fenced && (t == "" || isRule(t)) {
			continue
		}
		var b strings.Builder
		if fenced {
			b.WriteString(t)
		} else {
			text, _ := blockText(t)
			inline(&b, text)
		}
		head = collapse(b.String())
	}
	if head == "" {
		return "", ""
	}
	if fenced {
		rest = "```\n" + rest
	}
	if utf8.RuneCountInString(head) > n {
		sentence, after, ok := firstSentence(head, n)
		if !ok {
			return cut(head, n), ""
		}
		head, rest = sentence, after+"\n"+rest
	}
	return head, Excerpt(rest, m)
}

// firstSentence returns the first sentence of s if it is at most n runes
// long, and the text after it.
func firstSentence(s string, n int) (sentence, after string, ok bool) {
	runes := 0
	for i, r := range s {
		runes++
		if runes > n {
			break
		}
		if (r == '.' || r == '!' || r == '?' || r == '…') && i+utf8.RuneLen(r) < len(s) && s[i+utf8.RuneLen(r)] == ' ' && runes >= 3 {
			end := i + utf8.RuneLen(r)
			return s[:end], s[end+1:], true
		}
	}
	return "", "", false
}

// Words counts the words of an entry as a person would: runs of text
// between spaces that hold at least one letter or digit, so Markdown's
// list dashes and heading marks are not counted.
func Words(src string) int {
	n := 0
	for w := range strings.FieldsSeq(src) {
		if strings.ContainsFunc(w, func(r rune) bool { return unicode.IsLetter(r) || unicode.IsNumber(r) }) {
			n++
		}
	}
	return n
}

func isFence(t string) bool { return strings.HasPrefix(t, "```") || strings.HasPrefix(t, "~~~") }

// isRule reports whether a line is only a thematic break, a setext
// underline or a table's delimiter row.
func isRule(t string) bool {
	if t == "" {
		return false
	}
	return strings.Trim(t, "-=*_:| \t") == "" && strings.ContainsAny(t, "-=*_")
}

// The kinds of line blockText tells apart.
const (
	para = iota
	item
	heading
)

// blockText strips the block markers at the start of a line (quotes,
// headings, list items and task boxes) and says whether the line starts
// a list item or is a heading.
func blockText(t string) (string, int) {
	kind := para
	for {
		switch {
		case strings.HasPrefix(t, ">"):
			t = strings.TrimLeft(t[1:], " \t")
			continue
		case strings.HasPrefix(t, "#"):
			level := len(t) - len(strings.TrimLeft(t, "#"))
			if level <= 6 && (len(t) == level || t[level] == ' ' || t[level] == '\t') {
				return strings.TrimRight(strings.TrimSpace(t[level:]), "# "), heading
			}
		case len(t) > 1 && strings.ContainsRune("-*+", rune(t[0])) && (t[1] == ' ' || t[1] == '\t'):
			t, kind = strings.TrimLeft(t[1:], " \t"), item
			continue
		}
		if i := strings.IndexAny(t, ".)"); i > 0 && i <= 9 && strings.Trim(t[:i], "0123456789") == "" &&
			len(t) > i+1 && (t[i+1] == ' ' || t[i+1] == '\t') {
			t, kind = strings.TrimLeft(t[i+1:], " \t"), item
			continue
		}
		if len(t) >= 3 && t[0] == '[' && t[2] == ']' && strings.ContainsRune(" xX", rune(t[1])) {
			t = strings.TrimLeft(t[3:], " \t")
			continue
		}
		return t, kind
	}
}

// inline writes the text of one line's inline Markdown.
func inline(b *strings.Builder, s string) {
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case c == '\\' && i+1 < len(s) && isPunct(s[i+1]):
			b.WriteByte(s[i+1])
			i += 2
		case c == '`':
			run := len(s[i:]) - len(strings.TrimLeft(s[i:], "`"))
			if end := strings.Index(s[i+run:], s[i:i+run]); end >= 0 {
				b.WriteString(s[i+run : i+run+end])
				i += run + end + run
			} else {
				b.WriteString(s[i : i+run])
				i += run
			}
		case c == '!' && i+1 < len(s) && s[i+1] == '[':
			i++ // an image is its alt text, like a link's text
		case c == '[':
			text, next, ok := bracketed(s, i)
			if !ok {
				b.WriteByte(c)
				i++
				continue
			}
			inline(b, text)
			i = next
		case c == '<':
			end := strings.IndexByte(s[i:], '>')
			inner := ""
			if end > 0 {
				inner = s[i+1 : i+end]
			}
			switch {
			case end > 0 && (strings.Contains(inner, "://") || strings.HasPrefix(inner, "mailto:")) && !strings.ContainsAny(inner, " <"):
				b.WriteString(inner) // an autolink shows its address
				i += end + 1
			case end > 0 && inner != "" && (isLetter(inner[0]) || strings.ContainsRune("/!?", rune(inner[0]))):
				i += end + 1 // raw HTML is left out
			default:
				b.WriteByte(c)
				i++
			}
		case c == '&':
			if end := strings.IndexByte(s[i:], ';'); end > 1 && end <= 10 {
				if ent := html.UnescapeString(s[i : i+end+1]); ent != s[i:i+end+1] {
					b.WriteString(ent)
					i += end + 1
					continue
				}
			}
			b.WriteByte(c)
			i++
		case c == '*' || c == '_' || c == '~':
			run := len(s[i:]) - len(strings.TrimLeft(s[i:], string(c)))
			if isDelimiter(s, i, run, c) {
				i += run
				continue
			}
			b.WriteString(s[i : i+run])
			i += run
		case c == '|':
			b.WriteByte(' ')
			i++
		default:
			_, size := utf8.DecodeRuneInString(s[i:])
			b.WriteString(s[i : i+size])
			i += size
		}
	}
}

// bracketed reads "[text](destination)", "[text][label]" or "[text]" at
// s[i], returning the text and the index after the construct.
func bracketed(s string, i int) (text string, next int, ok bool) {
	depth := 0
	for j := i; j < len(s); j++ {
		switch s[j] {
		case '\\':
			j++
		case '[':
			depth++
		case ']':
			depth--
			if depth > 0 {
				continue
			}
			text, next = s[i+1:j], j+1
			if next < len(s) && (s[next] == '(' || s[next] == '[') {
				closer := byte(')')
				if s[next] == '[' {
					closer = ']'
				}
				if end := strings.IndexByte(s[next:], closer); end > 0 {
					return text, next + end + 1, true
				}
			}
			return text, next, next > i+1 && text != ""
		}
	}
	return "", 0, false
}

// isDelimiter reports whether a run of *, _ or ~ is emphasis or
// strikethrough markup rather than a character of the text: it must touch
// a word on one side, and underscores inside a word are text.
func isDelimiter(s string, i, run int, c byte) bool {
	if c == '~' && run < 2 {
		return false
	}
	before, _ := utf8.DecodeLastRuneInString(s[:i])
	after, _ := utf8.DecodeRuneInString(s[i+run:])
	spaceBefore := i == 0 || unicode.IsSpace(before)
	spaceAfter := i+run == len(s) || unicode.IsSpace(after)
	if spaceBefore && spaceAfter {
		return false
	}
	if c == '_' && i > 0 && i+run < len(s) && isWordRune(before) && isWordRune(after) {
		return false
	}
	return true
}

func isWordRune(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }

func isLetter(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }

func isPunct(c byte) bool {
	return c < utf8.RuneSelf && unicode.IsPunct(rune(c)) || strings.IndexByte("$+<=>^`|~", c) >= 0
}

// collapse folds runs of white space into one space within each line,
// drops empty lines and trims the ends.
func collapse(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for part := range strings.SplitSeq(s, "\n") {
		first := true
		for w := range strings.FieldsSeq(part) {
			switch {
			case !first:
				b.WriteByte(' ')
			case b.Len() > 0:
				b.WriteByte('\n')
			}
			b.WriteString(w)
			first = false
		}
	}
	return b.String()
}
