package markdown

import (
	"fmt"
	"regexp"
	"strings"
	"sync"
	"testing"
	"unicode/utf8"
)

// allowedTags lists every element Render may emit and the attributes each may
// carry. checkSafe fails on anything else, so a new tag or attribute (an
// <img>, an on* handler, a style, a target) cannot slip through unnoticed.
var allowedTags = map[string]map[string]bool{
	"p": {}, "br": {}, "em": {}, "strong": {}, "del": {}, "pre": {},
	"code": {"class": true}, "blockquote": {}, "hr": {},
	"ul": {}, "ol": {"start": true}, "li": {},
	"h2": {}, "h3": {}, "h4": {}, "h5": {}, "h6": {},
	"a":     {"href": true, "title": true, "rel": true},
	"input": {"type": true, "disabled": true, "checked": true},
	"table": {}, "thead": {}, "tbody": {}, "tr": {},
	"th": {"align": true}, "td": {"align": true},
}

var (
	tagNameRE = regexp.MustCompile(`^/?([a-z][a-z0-9]*)`)
	attrRE    = regexp.MustCompile(`^ ([a-z-]+)(?:="([^"<>]*)")?`)
)

// checkSafe parses the HTML Render produced and fails unless every tag and
// attribute is on the allowlist, every href is http(s)/mailto/relative, every
// link carries the rel attribute, every checkbox is disabled, and the output
// is valid UTF-8. Text content can never contain a literal '<' (it is
// escaped), so every '<' must open a tag.
func checkSafe(t testing.TB, in string, out string) {
	t.Helper()
	if !utf8.ValidString(out) {
		t.Errorf("Render(%q): output is not valid UTF-8: %q", in, out)
	}
	rest := out
	for {
		i := strings.IndexByte(rest, '<')
		if i < 0 {
			break
		}
		rest = rest[i+1:]
		j := strings.IndexByte(rest, '>')
		if j < 0 {
			t.Errorf("Render(%q): unterminated tag in %q", in, out)
			return
		}
		tag := rest[:j]
		rest = rest[j+1:]
		m := tagNameRE.FindStringSubmatch(tag)
		if m == nil {
			t.Errorf("Render(%q): not a tag: <%s> in %q", in, tag, out)
			continue
		}
		name := m[1]
		attrsOK, ok := allowedTags[name]
		if !ok {
			t.Errorf("Render(%q): disallowed element <%s> in %q", in, tag, out)
			continue
		}
		if strings.HasPrefix(tag, "/") {
			if len(tag) != len(m[0]) {
				t.Errorf("Render(%q): malformed end tag <%s>", in, tag)
			}
			continue
		}
		attrs := map[string]string{}
		a := tag[len(m[0]):]
		for a != "" {
			am := attrRE.FindStringSubmatch(a)
			if am == nil {
				t.Errorf("Render(%q): cannot parse attributes %q of <%s> in %q", in, a, tag, out)
				break
			}
			if !attrsOK[am[1]] {
				t.Errorf("Render(%q): disallowed attribute %q on <%s> in %q", in, am[1], name, out)
			}
			attrs[am[1]] = am[2]
			a = a[len(am[0]):]
		}
		switch name {
		case "a":
			if attrs["rel"] != "nofollow noopener noreferrer" {
				t.Errorf("Render(%q): link without rel: <%s>", in, tag)
			}
			href, ok := attrs["href"]
			if !ok {
				t.Errorf("Render(%q): link without href: <%s>", in, tag)
			}
			if !hrefOK(href) {
				t.Errorf("Render(%q): unsafe href %q", in, href)
			}
		case "input":
			if attrs["type"] != "checkbox" {
				t.Errorf("Render(%q): input that is not a checkbox: <%s>", in, tag)
			}
			if _, ok := attrs["disabled"]; !ok {
				t.Errorf("Render(%q): checkbox not disabled: <%s>", in, tag)
			}
		}
	}
}

// hrefOK is the test's own, independent statement of which hrefs are fine.
func hrefOK(href string) bool {
	h := strings.ToLower(href)
	for _, p := range []string{"http://", "https://", "mailto:", "/", "#", "?", "./", "../"} {
		if strings.HasPrefix(h, p) {
			return true
		}
	}
	// Relative reference: no scheme, i.e. no ':' before the first '/', '?', '#'.
	if k := strings.IndexAny(h, "/?#"); k >= 0 {
		h = h[:k]
	}
	return !strings.Contains(h, ":") && !strings.Contains(h, "&#")
}

const rel = ` rel="nofollow noopener noreferrer"`

func TestRenderXSS(t *testing.T) {
	tests := []struct {
		name    string
		in      string
		want    []string // substrings that must appear
		notWant []string // substrings that must not appear
	}{
		{"script element", "<script>alert(1)</script>",
			[]string{"&lt;script&gt;alert(1)&lt;/script&gt;"}, []string{"<script"}},
		{"script inline", "hi <script>alert(1)</script> there",
			nil, []string{"<script"}},
		{"img onerror", "<img src=x onerror=alert(1)>",
			nil, []string{"<img"}},
		{"img onerror inline", "look <img src=x onerror=alert(1)> here",
			[]string{"look &lt;img src=x onerror=alert(1)&gt; here"}, []string{"<img"}},
		{"iframe", "<iframe src=\"https://evil.example\"></iframe>",
			nil, []string{"<iframe"}},
		{"b onclick", "I was <b onclick=alert(1)>so angry</b> today",
			[]string{"so angry"}, []string{"<b ", "<b>"}},
		{"svg onload", "<svg onload=alert(1)>", nil, []string{"<svg"}},
		{"style element", "<style>body{display:none}</style>", nil, []string{"<style"}},
		{"html comment", "<!-- hidden -->\nvisible", []string{"visible"}, []string{"<!--"}},
		{"raw anchor javascript", `<a href="javascript:alert(1)">x</a>`,
			[]string{"&lt;a href=&quot;javascript:alert(1)&quot;&gt;x&lt;/a&gt;"}, []string{"<a "}},
		{"javascript link", "[x](javascript:alert(1))",
			[]string{"<p>x</p>"}, []string{"href", "javascript"}},
		{"javascript mixed case", "[x](JaVaScRiPt:alert(1))",
			[]string{"<p>x</p>"}, []string{"href"}},
		{"javascript leading spaces", "[x](  javascript:alert(1))",
			[]string{"<p>x</p>"}, []string{"href"}},
		{"javascript angle destination", "[x](<javascript:alert(1)>)",
			[]string{"<p>x</p>"}, []string{"href"}},
		{"javascript numeric reference", "[x](&#106;avascript:alert(1))",
			[]string{"<p>x</p>"}, []string{"href"}},
		{"javascript named reference", "[x](javascript&colon;alert(1))",
			[]string{"<p>x</p>"}, []string{"href"}},
		{"javascript tab reference", "[x](java&#x09;script:alert(1))",
			[]string{"<p>x</p>"}, []string{"href"}},
		{"javascript reference link", "[x][r]\n\n[r]: javascript:alert(1)",
			[]string{"<p>x</p>"}, []string{"href"}},
		{"javascript autolink", "<javascript:alert(1)>",
			[]string{"<p>javascript:alert(1)</p>"}, []string{"href", "<a"}},
		{"vbscript link", "[x](vbscript:msgbox(1))", []string{"<p>x</p>"}, []string{"href"}},
		{"vbscript autolink", "<VBScript:msgbox(1)>", nil, []string{"href"}},
		{"file link", "[x](file:///etc/passwd)", []string{"<p>x</p>"}, []string{"href"}},
		{"data html link", "[x](data:text/html;base64,PHNjcmlwdD4=)", []string{"<p>x</p>"}, []string{"href"}},
		// goldmark's own IsDangerousURL lets data:image/png through in links.
		{"data image link", "[x](data:image/png;base64,AAAA)", []string{"<p>x</p>"}, []string{"href"}},
		{"unknown scheme link", "[x](ms-settings:privacy)", []string{"<p>x</p>"}, []string{"href"}},
		{"remote image", "![x](https://evil.example/p.png)",
			[]string{"<p>x (https://evil.example/p.png)</p>"}, []string{"<img", "src="}},
		{"data image", "![x](data:image/png;base64,AAAA)",
			[]string{"<p>x</p>"}, []string{"<img", "data:"}},
		{"javascript image", "![x](javascript:alert(1))",
			[]string{"<p>x</p>"}, []string{"<img", "javascript"}},
		{"reference image", "![x][i]\n\n[i]: https://evil.example/p.png",
			[]string{"x (https://evil.example/p.png)"}, []string{"<img"}},
		{"image without alt", "![](https://evil.example/p.png)",
			[]string{"<p>(https://evil.example/p.png)</p>"}, []string{"<img"}},
		{"image in link", "[![me](https://evil.example/p.png)](https://example.com)",
			[]string{`<a href="https://example.com"` + rel + `>me (https://evil.example/p.png)</a>`}, []string{"<img"}},
		{"link in image alt", "![a [b](javascript:alert(1))](https://evil.example/p.png)",
			nil, []string{"<img", "javascript"}},
		{"title attribute breakout", `[x](/a "\" onmouseover=\"alert(1)")`,
			[]string{`title="&quot; onmouseover=&quot;alert(1)"`}, nil},
		{"linkify quote breakout", `https://example.com/"onmouseover="alert(1)`,
			nil, []string{`"onmouseover`}},
		{"fence info breakout", "```\"><script>alert(1)</script>\ncode\n```",
			nil, []string{"<script"}},
		{"attribute syntax ignored", "# Title {onclick=\"alert(1)\" #id}",
			[]string{"<h2>Title {onclick=&quot;alert(1)&quot; #id}</h2>"}, []string{"id=\""}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out := string(Render(tt.in))
			checkSafe(t, tt.in, out)
			for _, w := range tt.want {
				if !strings.Contains(out, w) {
					t.Errorf("Render(%q) = %q, want it to contain %q", tt.in, out, w)
				}
			}
			for _, nw := range tt.notWant {
				if strings.Contains(strings.ToLower(out), strings.ToLower(nw)) {
					t.Errorf("Render(%q) = %q, must not contain %q", tt.in, out, nw)
				}
			}
		})
	}
}

func TestRenderExact(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want string
	}{
		{"plain text line breaks", "Dear me,\nit hurts today.\nBut less.",
			"<p>Dear me,<br>\nit hurts today.<br>\nBut less.</p>\n"},
		{"CRLF line breaks", "one\r\ntwo", "<p>one<br>\ntwo</p>\n"},
		{"paragraphs", "one\n\ntwo", "<p>one</p>\n<p>two</p>\n"},
		{"hard break not doubled", "one  \ntwo", "<p>one<br>\ntwo</p>\n"},
		{"h1 under the page's h1", "# Day 1", "<h2>Day 1</h2>\n"},
		{"an entry's top level is h2, whatever it is", "### Day 1", "<h2>Day 1</h2>\n"},
		{"levels keep their distance", "# Day 1\n## Morning\n### Tea\n## Evening",
			"<h2>Day 1</h2>\n<h3>Morning</h3>\n<h4>Tea</h4>\n<h3>Evening</h3>\n"},
		{"no level skipped", "# Day 1\n### Tea", "<h2>Day 1</h2>\n<h3>Tea</h3>\n"},
		{"no skip at the start", "### Tea\n# Day 2", "<h2>Tea</h2>\n<h2>Day 2</h2>\n"},
		{"capped at h6", "# a\n## b\n### c\n#### d\n##### e\n###### f",
			"<h2>a</h2>\n<h3>b</h3>\n<h4>c</h4>\n<h5>d</h5>\n<h6>e</h6>\n<h6>f</h6>\n"},
		{"setext h1", "Day 1\n=====", "<h2>Day 1</h2>\n"},
		{"setext h2 under it", "Day 1\n=====\n\nLater\n-----", "<h2>Day 1</h2>\n<h3>Later</h3>\n"},
		{"link", "[help](https://example.org/help)",
			`<p><a href="https://example.org/help"` + rel + ">help</a></p>\n"},
		{"link with title", `[help](https://example.org "Help")`,
			`<p><a href="https://example.org" title="Help"` + rel + ">help</a></p>\n"},
		{"relative link", "[back](/journal?page=2#e3)",
			`<p><a href="/journal?page=2#e3"` + rel + ">back</a></p>\n"},
		{"fragment link", "[top](#top)", `<p><a href="#top"` + rel + ">top</a></p>\n"},
		{"mailto link", "[me](mailto:me@example.org)",
			`<p><a href="mailto:me@example.org"` + rel + ">me</a></p>\n"},
		{"autolink", "<https://example.org/a?b=1&c=2>",
			`<p><a href="https://example.org/a?b=1&amp;c=2"` + rel + ">https://example.org/a?b=1&amp;c=2</a></p>\n"},
		{"linkify www", "see www.example.org today",
			`<p>see <a href="http://www.example.org"` + rel + ">www.example.org</a> today</p>\n"},
		{"linkify https", "see https://example.org.",
			`<p>see <a href="https://example.org"` + rel + ">https://example.org</a>.</p>\n"},
		{"linkify email", "write to me@example.org",
			`<p>write to <a href="mailto:me@example.org"` + rel + ">me@example.org</a></p>\n"},
		{"linkify ftp not linked", "ftp://example.org/x", "<p>ftp://example.org/x</p>\n"},
		{"task list", "- [ ] call mum\n- [x] walk",
			"<ul>\n<li><input disabled=\"\" type=\"checkbox\"> call mum</li>\n" +
				"<li><input checked=\"\" disabled=\"\" type=\"checkbox\"> walk</li>\n</ul>\n"},
		{"strikethrough", "~~forgive~~ understand", "<p><del>forgive</del> understand</p>\n"},
		{"emphasis", "*soft* **strong**", "<p><em>soft</em> <strong>strong</strong></p>\n"},
		{"table aligned without style", "| a | b |\n|:--|--:|\n| 1 | 2 |",
			"<table>\n<thead>\n<tr>\n<th align=\"left\">a</th>\n<th align=\"right\">b</th>\n</tr>\n</thead>\n" +
				"<tbody>\n<tr>\n<td align=\"left\">1</td>\n<td align=\"right\">2</td>\n</tr>\n</tbody>\n</table>\n"},
		{"inline html kept as text", "I felt <numb> all day",
			"<p>I felt &lt;numb&gt; all day</p>\n"},
		{"html block kept as text", "<div>\nhello\n</div>",
			"<p>&lt;div&gt;<br>\nhello<br>\n&lt;/div&gt;</p>\n"},
		{"code span escaped", "`<b>`", "<p><code>&lt;b&gt;</code></p>\n"},
		{"empty", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := string(Render(tt.in))
			if got != tt.want {
				t.Errorf("Render(%q)\n got %q\nwant %q", tt.in, got, tt.want)
			}
			checkSafe(t, tt.in, got)
		})
	}
}

func TestRenderInvalidUTF8(t *testing.T) {
	tests := []struct {
		in   string
		want string
	}{
		{"a\xffb", "<p>a\uFFFDb</p>\n"},
		{"nul\x00byte", "<p>nul\uFFFDbyte</p>\n"},
		{"&#0; &#xD800; &#x110000;", "<p>\uFFFD \uFFFD \uFFFD</p>\n"},
		{"[\xff](https://example.org/\xfe)", ""},
		{"![\xc3](https://example.org/\xc3)", ""},
		{"<\xff>", ""},
		{"# \xe2\x82", ""},
		{"\xed\xa0\x80 surrogate", ""},
	}
	for _, tt := range tests {
		out := string(Render(tt.in))
		checkSafe(t, tt.in, out)
		if tt.want != "" && out != tt.want {
			t.Errorf("Render(%q) = %q, want %q", tt.in, out, tt.want)
		}
		if ex := Excerpt(tt.in, 10); !utf8.ValidString(ex) {
			t.Errorf("Excerpt(%q) = %q, not valid UTF-8", tt.in, ex)
		}
	}
}

func TestExcerpt(t *testing.T) {
	tests := []struct {
		name string
		in   string
		n    int
		want string
	}{
		{"short unchanged", "Today was better.", 50, "Today was better."},
		{"exact length unchanged", "Today was better.", 17, "Today was better."},
		{"cut at word boundary", "The quick brown fox jumps over the lazy dog", 12, "The quick…"},
		{"cut exactly before space", "The quick brown fox", 10, "The quick…"},
		{"cut drops trailing comma", "Slept badly, woke early, walked", 14, "Slept badly…"},
		{"single long word hard cut", "Supercalifragilistic", 6, "Super…"},
		{"n of one", "Hello world", 1, "…"},
		{"n zero", "Hello", 0, ""},
		{"strips markup",
			"# Day *one*\n\nI **finally** [talked](https://example.org) to ~~him~~ her.\n\n- [ ] rest\n- [x] eat",
			200, "Day one\nI finally talked to him her.\nrest\neat"},
		{"list items on lines of their own", "Things that helped:\n- a walk\n- tea\n\nThen sleep.", 100,
			"Things that helped:\na walk\ntea\nThen sleep."},
		{"numbered list", "1. call mum\n2) rest", 100, "call mum\nrest"},
		{"an item's continuation stays with it", "- a long\n  walk\n- tea\nlazily", 100, "a long walk\ntea lazily"},
		{"a heading ends a list", "- a\n# Next\nafter", 100, "a\nNext\nafter"},
		{"quoted list", "> - one\n> - two", 100, "one\ntwo"},
		{"cut between items", "- milk\n- eggs\n- bread", 11, "milk\neggs…"},
		{"image alt only", "![a sunset](https://evil.example/p.png) felt calm", 100, "a sunset felt calm"},
		{"raw html dropped", "I <b>was</b> here", 100, "I was here"},
		{"escapes and entities", `\*not emphasis\* &amp; &#169;`, 100, "*not emphasis* & ©"},
		{"autolink label", "see <https://example.org> now", 100, "see https://example.org now"},
		{"whitespace collapsed", "line one\nline two\n\n\n   para\ttab", 100, "line one line two para tab"},
		{"a heading on a line of its own", "# Title\nbody", 100, "Title\nbody"},
		{"a paragraph's lines run on", "one\ntwo\n\nthree", 100, "one two three"},
		{"code kept", "```\nx := 1\n```\nafter `y`", 100, "x := 1 after y"},
		{"table cells separated", "| a | b |\n|---|---|\n| 1 | 2 |", 100, "a b 1 2"},
		{"multibyte runes", "Ça va très bien aujourd'hui", 12, "Ça va très…"},
		{"empty", "", 10, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Excerpt(tt.in, tt.n)
			if got != tt.want {
				t.Errorf("Excerpt(%q, %d) = %q, want %q", tt.in, tt.n, got, tt.want)
			}
			if c := utf8.RuneCountInString(got); tt.n >= 0 && c > tt.n {
				t.Errorf("Excerpt(%q, %d) = %q has %d runes", tt.in, tt.n, got, c)
			}
			if strings.ContainsAny(got, "<>") && !strings.ContainsAny(tt.in, "<>") {
				t.Errorf("Excerpt(%q) = %q contains markup", tt.in, got)
			}
		})
	}
}

// RenderUnder places an entry's headings under a page heading of any level.
func TestRenderUnder(t *testing.T) {
	for _, tt := range []struct {
		under int
		in    string
		want  string
	}{
		{2, "# Day 1\n## Tea", "<h3>Day 1</h3>\n<h4>Tea</h4>\n"},
		{2, "## Tea", "<h3>Tea</h3>\n"},
		{5, "# a\n## b", "<h6>a</h6>\n<h6>b</h6>\n"},
		{0, "# a", "<h2>a</h2>\n"}, // below 1 is taken as 1
		{2, "> # quoted\n\n- ## in a list", "<blockquote>\n<h3>quoted</h3>\n</blockquote>\n<ul>\n<li>\n<h4>in a list</h4>\n</li>\n</ul>\n"},
	} {
		got := string(RenderUnder(tt.in, tt.under))
		if got != tt.want {
			t.Errorf("RenderUnder(%q, %d)\n got %q\nwant %q", tt.in, tt.under, got, tt.want)
		}
		checkSafe(t, tt.in, got)
	}
}

// An untitled entry is headed by its first words: its first line, or the
// first sentence of a long one, and the excerpt goes on from there.
func TestHeadline(t *testing.T) {
	for _, tt := range []struct {
		name, in      string
		head, excerpt string
	}{
		{"first line", "Woke at four.\nMade tea and sat outside.", "Woke at four.", "Made tea and sat outside."},
		{"markup dropped", "# *Day* one\n\n- walk\n- tea", "Day one", "walk\ntea"},
		{"blank lines and rules skipped", "\n\n---\n\nHello\n", "Hello", ""},
		{"first sentence of a long line", "It was a long day. " + strings.Repeat("I kept thinking about it all. ", 5),
			"It was a long day.", "I kept thinking about it all. I kept thinking about it all. I kept thinking about it all. I kept thinking about it all. I kept thinking about it all."},
		{"a long first sentence is cut, with no excerpt", strings.Repeat("and then ", 20) + "rain.", "and then and then and then and then and then and then and…", ""},
		{"a list's first item", "- milk\n- eggs", "milk", "eggs"},
		{"nothing but markup", "---\n***", "", ""},
		{"empty", "", "", ""},
	} {
		t.Run(tt.name, func(t *testing.T) {
			head, excerpt := Headline(tt.in, 60, 180)
			if head != tt.head || excerpt != tt.excerpt {
				t.Errorf("Headline(%q) = %q, %q; want %q, %q", tt.in, head, excerpt, tt.head, tt.excerpt)
			}
			if utf8.RuneCountInString(head) > 60 {
				t.Errorf("the heading %q is longer than 60", head)
			}
		})
	}
}

func TestWords(t *testing.T) {
	for in, want := range map[string]int{
		"":                            0,
		"one":                         1,
		"  two  words ":               2,
		"# Day 41\n\n- a walk\n- tea": 5,
		"it's — fine, really.":        3,
		"Ça va très bien":             4,
		"1 2 3":                       3,
	} {
		if got := Words(in); got != want {
			t.Errorf("Words(%q) = %d, want %d", in, got, want)
		}
	}
}

// TestConcurrent renders and excerpts from many goroutines at once; run with
// -race. Every result must equal the one computed sequentially.
func TestConcurrent(t *testing.T) {
	inputs := []string{
		benchEntry,
		"# Heading\n\n- [ ] a\n- [x] b",
		"[x](javascript:alert(1)) <script>alert(1)</script>",
		"| a | b |\n|:-:|---|\n| 1 | 2 |",
		"![x](https://evil.example/p.png) see www.example.org",
	}
	wantHTML := make([]string, len(inputs))
	wantEx := make([]string, len(inputs))
	for i, in := range inputs {
		wantHTML[i] = string(Render(in))
		wantEx[i] = Excerpt(in, 40)
	}
	var wg sync.WaitGroup
	errs := make(chan string, 64)
	for g := 0; g < 16; g++ {
		wg.Go(func() {
			for iter := 0; iter < 50; iter++ {
				i := (g + iter) % len(inputs)
				if got := string(Render(inputs[i])); got != wantHTML[i] {
					errs <- fmt.Sprintf("Render(%q) = %q concurrently, want %q", inputs[i], got, wantHTML[i])
					return
				}
				if got := Excerpt(inputs[i], 40); got != wantEx[i] {
					errs <- fmt.Sprintf("Excerpt(%q) = %q concurrently, want %q", inputs[i], got, wantEx[i])
					return
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for e := range errs {
		t.Error(e)
	}
}

// FuzzRender checks the safety invariants on arbitrary input. `go test`
// runs the seeds; `go test -fuzz FuzzRender` explores further.
func FuzzRender(f *testing.F) {
	for _, s := range []string{
		benchEntry,
		"<script>alert(1)</script>",
		"[x](javascript:alert(1))",
		"![x](https://evil.example/p.png)",
		"<javascript:alert(1)>",
		"- [ ] a\n- [x] b",
		"| a |\n|---|\n| <img src=x> |",
		"a\xffb\x00",
		"[a](<b\"c>) [d](e 'f\"g')",
	} {
		f.Add(s, 20)
	}
	f.Fuzz(func(t *testing.T, in string, n int) {
		out := string(Render(in))
		checkSafe(t, in, out)
		if n < 0 || n > 1000 {
			n = 20
		}
		ex := Excerpt(in, n)
		if !utf8.ValidString(ex) {
			t.Errorf("Excerpt(%q, %d) = %q: invalid UTF-8", in, n, ex)
		}
		if c := utf8.RuneCountInString(ex); c > n {
			t.Errorf("Excerpt(%q, %d) = %q: %d runes", in, n, ex, c)
		}
	})
}

// benchEntry is a realistic ~500-byte journal entry.
const benchEntry = `# Day 41

Woke up at 5 again. Made tea and sat on the balcony until the light came.
I didn't check his phone. I **didn't** check his phone.

Things that helped today:
- a long walk with *Maya*
- writing this
- the breathing exercise from [the guide](https://example.org/breathing)

## Tomorrow
- [x] call the counsellor
- [ ] cancel the joint account
- [ ] ~~reply to him~~ decide whether to reply

It still hurts, but it hurts *differently*. That feels like something.
`

func TestBenchEntrySize(t *testing.T) {
	if n := len(benchEntry); n < 450 || n > 600 {
		t.Fatalf("benchEntry is %d bytes, want about 500", n)
	}
	checkSafe(t, benchEntry, string(Render(benchEntry)))
}

func BenchmarkRender(b *testing.B) {
	b.SetBytes(int64(len(benchEntry)))
	b.ReportAllocs()
	for b.Loop() {
		_ = Render(benchEntry)
	}
}

func BenchmarkExcerpt(b *testing.B) {
	b.SetBytes(int64(len(benchEntry)))
	b.ReportAllocs()
	for b.Loop() {
		_ = Excerpt(benchEntry, 160)
	}
}

func TestExcerptOfALongEntryReadsOnlyItsStart(t *testing.T) {
	long := "# Heading\n\nFirst paragraph of a very long entry.\n\n" + strings.Repeat("more words here ", 20000)
	got := Excerpt(long, 40)
	if want := "Heading\nFirst paragraph of a very long…"; got != want {
		t.Fatalf("Excerpt = %q, want %q", got, want)
	}
	// Cut in the middle of a multi-byte character, the excerpt is still
	// valid UTF-8.
	if ex := Excerpt(strings.Repeat("é", 5000), 10); !utf8.ValidString(ex) {
		t.Fatalf("invalid UTF-8 excerpt %q", ex)
	}
}
