// Package markdown renders a person's journal entries (plain text with line
// breaks, or Markdown) into HTML that is safe to embed in a page on its own,
// without relying on the page's Content-Security-Policy.
//
// Rendering is CommonMark (via goldmark) plus the GFM extensions that make
// sense for a journal: strikethrough, task lists, tables and linkify. On top
// of goldmark's safe defaults the renderer:
//
//   - never emits raw HTML: inline HTML and HTML blocks are shown as escaped
//     text (so "I felt <numb>" keeps its words instead of silently losing
//     them);
//   - keeps single line breaks (soft breaks render as <br>);
//   - only emits href values whose scheme is http, https or mailto, or that
//     are relative/fragment references; anything else (javascript:,
//     vbscript:, data:, file:, ...) renders the link's text without a link;
//   - adds rel="nofollow noopener noreferrer" to every link and never sets
//     target;
//   - never emits <img>: an image renders as its alt text, followed by its
//     URL as plain text when that is an http(s) URL, so a private entry can
//     never make the browser fetch from a third party;
//   - places headings under the page's own: RenderUnder(src, 2) makes the
//     entry's highest heading an <h3>, the next level an <h4> and so on
//     (capped at <h6>), never skipping a level on the way down, so an
//     entry's "# Heading" never competes with the page's <h1>; it never
//     generates heading IDs;
//   - aligns table cells with the align attribute rather than inline style
//     attributes, which a strict CSP would block.
package markdown

import (
	"bufio"
	"bytes"
	"html/template"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// linkRel is set on every rendered link.
const linkRel = "nofollow noopener noreferrer"

// md is built once; goldmark's parser and renderer are safe for concurrent
// use (their lazy initialisation is guarded by sync.Once) and safeRenderer is
// stateless.
var md = goldmark.New(
	goldmark.WithExtensions(
		extension.Strikethrough,
		extension.TaskList,
		extension.NewTable(
			extension.WithTableCellAlignMethod(extension.TableCellAlignAttribute),
		),
		extension.NewLinkify(
			extension.WithLinkifyAllowedProtocols([]string{"http:", "https:"}),
		),
	),
	// Deliberately no parser.WithAutoHeadingID and no parser.WithAttribute:
	// no generated ids, no author-controlled {#id .class} attributes.
	goldmark.WithRendererOptions(
		html.WithHardWraps(),
		// Priority 100 beats goldmark's HTML renderer (1000), so these
		// functions replace its handlers for the node kinds they register.
		renderer.WithNodeRenderers(util.Prioritized(safeRenderer{}, 100)),
	),
)

type renderBuf struct {
	buf bytes.Buffer
	w   *bufio.Writer
}

var bufPool = sync.Pool{New: func() any {
	b := new(renderBuf)
	b.w = bufio.NewWriterSize(&b.buf, 4096)
	return b
}}

// Render turns a journal entry's text into safe HTML for a page whose
// own heading is an <h1> (an item's page): the entry's headings start at
// <h2>.
func Render(src string) template.HTML { return RenderUnder(src, 1) }

// RenderUnder turns a journal entry's text into safe HTML to be placed
// under a heading of the given level (1 to 5): the entry's headings start
// one level below it.
func RenderUnder(src string, level int) template.HTML {
	source := []byte(clean(src))
	b := bufPool.Get().(*renderBuf)
	defer func() {
		if b.buf.Cap() <= 64<<10 {
			bufPool.Put(b)
		}
	}()
	b.buf.Reset()
	b.w.Reset(&b.buf)
	doc := md.Parser().Parse(text.NewReader(source))
	placeHeadings(doc, level)
	// Rendering only fails when the writer fails, and bytes.Buffer does
	// not; on any error fall back to escaped plain text.
	if err := md.Renderer().Render(b.w, source, doc); err != nil {
		return template.HTML("<p>" + template.HTMLEscapeString(string(source)) + "</p>")
	}
	out := b.buf.String()
	if !utf8.ValidString(out) { // belt and braces; clean() already ensures this
		out = strings.ToValidUTF8(out, "\uFFFD")
	}
	return template.HTML(out)
}

// clean makes src valid UTF-8 and replaces NUL, as CommonMark requires.
func clean(src string) string {
	if !utf8.ValidString(src) {
		src = strings.ToValidUTF8(src, "\uFFFD")
	}
	if strings.IndexByte(src, 0) >= 0 {
		src = strings.ReplaceAll(src, "\x00", "\uFFFD")
	}
	return src
}

// safeRenderer overrides goldmark's HTML rendering of the node kinds that
// can carry active content or need journal-specific treatment.
type safeRenderer struct{}

func (safeRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(ast.KindHeading, renderHeading)
	reg.Register(ast.KindLink, renderLink)
	reg.Register(ast.KindAutoLink, renderAutoLink)
	reg.Register(ast.KindImage, renderImage)
	reg.Register(ast.KindRawHTML, renderRawHTML)
	reg.Register(ast.KindHTMLBlock, renderHTMLBlock)
}

// placeHeadings sets the level of every heading of doc so that the
// entry's structure sits under a page heading of level under: the
// highest level the entry uses becomes under+1, the others keep their
// distance from it, and none is more than one level below the heading
// before it (an entry that starts at "###" or jumps from "#" to "###"
// would otherwise leave a gap a screen reader's outline shows).
func placeHeadings(doc ast.Node, under int) {
	under = max(1, min(under, 5))
	var headings []*ast.Heading
	top := 6
	ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if h, ok := n.(*ast.Heading); ok && entering {
			headings = append(headings, h)
			top = min(top, h.Level)
		}
		return ast.WalkContinue, nil
	})
	prev := under
	for _, h := range headings {
		level := min(under+1+h.Level-top, prev+1, 6)
		h.Level, prev = level, level
	}
}

func headingLevel(level int) byte {
	return byte('0' + max(1, min(level, 6)))
}

func renderHeading(w util.BufWriter, _ []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	n := node.(*ast.Heading)
	if entering {
		_, _ = w.WriteString("<h")
		_ = w.WriteByte(headingLevel(n.Level))
		_ = w.WriteByte('>')
	} else {
		_, _ = w.WriteString("</h")
		_ = w.WriteByte(headingLevel(n.Level))
		_, _ = w.WriteString(">\n")
	}
	return ast.WalkContinue, nil
}

func renderLink(w util.BufWriter, _ []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	n := node.(*ast.Link)
	// Resolve backslash escapes and character references before judging the
	// URL, exactly as it will be written, so "&#106;avascript:" is caught.
	dest := util.URLEscape(n.Destination, true)
	if !safeURL(dest) {
		// Render the link text only. Children are still rendered by the
		// walker, through these same safe handlers.
		return ast.WalkContinue, nil
	}
	if entering {
		_, _ = w.WriteString(`<a href="`)
		_, _ = w.Write(util.EscapeHTML(dest))
		_ = w.WriteByte('"')
		if n.Title != nil {
			_, _ = w.WriteString(` title="`)
			html.DefaultWriter.Write(w, n.Title)
			_ = w.WriteByte('"')
		}
		_, _ = w.WriteString(` rel="` + linkRel + `">`)
	} else {
		_, _ = w.WriteString("</a>")
	}
	return ast.WalkContinue, nil
}

func renderAutoLink(w util.BufWriter, source []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		return ast.WalkContinue, nil
	}
	n := node.(*ast.AutoLink)
	url := util.URLEscape(n.URL(source), false)
	if n.AutoLinkType == ast.AutoLinkEmail && !hasPrefixFold(url, "mailto:") {
		url = append([]byte("mailto:"), url...)
	}
	label := util.EscapeHTML(n.Label(source))
	if !safeURL(url) {
		_, _ = w.Write(label)
		return ast.WalkSkipChildren, nil
	}
	_, _ = w.WriteString(`<a href="`)
	_, _ = w.Write(util.EscapeHTML(url))
	_, _ = w.WriteString(`" rel="` + linkRel + `">`)
	_, _ = w.Write(label)
	_, _ = w.WriteString("</a>")
	return ast.WalkSkipChildren, nil
}

// renderImage renders an image as its alt text (the node's children, through
// the normal safe handlers), followed by " (url)" as escaped plain text when
// the destination is an http(s) URL. It never emits <img>.
func renderImage(w util.BufWriter, _ []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	if entering {
		return ast.WalkContinue, nil
	}
	n := node.(*ast.Image)
	dest := util.URLEscape(n.Destination, true)
	if hasPrefixFold(dest, "http://") || hasPrefixFold(dest, "https://") {
		if n.HasChildren() {
			_ = w.WriteByte(' ')
		}
		_ = w.WriteByte('(')
		_, _ = w.Write(util.EscapeHTML(dest))
		_ = w.WriteByte(')')
	}
	return ast.WalkContinue, nil
}

// renderRawHTML shows inline HTML as the text the person typed.
func renderRawHTML(w util.BufWriter, source []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		return ast.WalkSkipChildren, nil
	}
	n := node.(*ast.RawHTML)
	for i := 0; i < n.Segments.Len(); i++ {
		seg := n.Segments.At(i)
		html.DefaultWriter.RawWrite(w, seg.Value(source))
	}
	return ast.WalkSkipChildren, nil
}

// renderHTMLBlock shows an HTML block as an escaped paragraph, keeping its
// line breaks like any other paragraph.
func renderHTMLBlock(w util.BufWriter, source []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		return ast.WalkSkipChildren, nil
	}
	n := node.(*ast.HTMLBlock)
	var lines [][]byte
	for i := 0; i < n.Lines().Len(); i++ {
		seg := n.Lines().At(i)
		lines = append(lines, seg.Value(source))
	}
	if n.HasClosure() {
		lines = append(lines, n.ClosureLine.Value(source))
	}
	first := true
	for _, line := range lines {
		line = bytes.TrimRight(line, "\r\n")
		if first {
			_, _ = w.WriteString("<p>")
			first = false
		} else {
			_, _ = w.WriteString("<br>\n")
		}
		html.DefaultWriter.RawWrite(w, line)
	}
	if !first {
		_, _ = w.WriteString("</p>\n")
	}
	return ast.WalkSkipChildren, nil
}

// safeURL reports whether url (already reference-resolved and URL-escaped)
// may be written into an href: http, https and mailto URLs, and relative or
// fragment references. It is an allowlist, so unknown or obfuscated schemes
// are rejected.
func safeURL(url []byte) bool {
	// Browsers strip leading/trailing C0 controls and spaces, and remove tab
	// and newline anywhere, before parsing; judge what the browser would see.
	u := bytes.TrimFunc(url, func(r rune) bool { return r <= ' ' })
	for i, c := range u {
		switch c {
		case '/', '?', '#':
			return true // no scheme: relative path, query or fragment
		case ':':
			scheme := strings.Map(func(r rune) rune {
				if r == '\t' || r == '\n' || r == '\r' {
					return -1
				}
				return unicode.ToLower(r)
			}, string(u[:i]))
			if scheme == "http" || scheme == "https" {
				// A web address names a host; "https:" alone leads nowhere.
				return bytes.HasPrefix(u[i+1:], []byte("//"))
			}
			return scheme == "mailto"
		}
	}
	return true // relative reference without a colon
}

func hasPrefixFold(b []byte, prefix string) bool {
	return len(b) >= len(prefix) && strings.EqualFold(string(b[:len(prefix)]), prefix)
}

// cut shortens the whitespace-collapsed s (spaces, and line breaks
// between lines) to at most n runes, including the
// "…" it appends when it cuts, preferring to cut between words.
func cut(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	if n == 1 {
		return "…"
	}
	limit := n - 1 // leave room for the ellipsis
	end := 0       // byte offset just past the first limit runes
	for i := 0; i < limit; i++ {
		_, size := utf8.DecodeRuneInString(s[end:])
		end += size
	}
	prefix := s[:end]
	if s[end] != ' ' && s[end] != '\n' { // cutting inside a word: back up to its start
		if i := strings.LastIndexAny(prefix, " \n"); i > 0 {
			prefix = prefix[:i]
		}
	}
	prefix = strings.TrimRightFunc(prefix, func(r rune) bool {
		return r == ' ' || r == '\n' || r == ',' || r == ';' || r == ':' || r == '-' || r == '–' || r == '—'
	})
	if prefix == "" { // only separators fit; hard cut instead
		prefix = s[:end]
	}
	return prefix + "…"
}
