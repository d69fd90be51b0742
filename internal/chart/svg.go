package chart

import (
	"math"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// writer accumulates SVG markup. It appends to a plain byte slice so
// numbers can be formatted in place.
type writer struct{ b []byte }

func (w *writer) Grow(n int)       { w.b = slices.Grow(w.b, n) }
func (w *writer) String() string   { return string(w.b) }
func (w *writer) str(s string)     { w.b = append(w.b, s...) }
func (w *writer) char(c byte)      { w.b = append(w.b, c) }
func (w *writer) utf8Rune(r rune)  { w.b = utf8.AppendRune(w.b, r) }
func (w *writer) num(v float64)    { w.b = appendNum(w.b, v) }
func (w *writer) int(n int)        { w.b = strconv.AppendInt(w.b, int64(n), 10) }
func (w *writer) date(t time.Time) { w.b = t.UTC().AppendFormat(w.b, descDate) }
func (w *writer) xy(x, y float64)  { w.b = appendNum(append(appendNum(w.b, x), ','), y) }

// attr writes ` name="v"` for a number.
func (w *writer) attr(name string, v float64) {
	w.char(' ')
	w.str(name)
	w.str(`="`)
	w.num(v)
	w.char('"')
}

// text writes s escaped for XML/HTML text and attribute values. Invalid
// UTF-8 and characters XML 1.0 forbids become U+FFFD, so the result
// always parses.
func (w *writer) text(s string) {
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			switch {
			case c == '<':
				w.str("&lt;")
			case c == '>':
				w.str("&gt;")
			case c == '&':
				w.str("&amp;")
			case c == '"':
				w.str("&#34;")
			case c == '\'':
				w.str("&#39;")
			case c < 0x20 && c != '\t' && c != '\n' && c != '\r':
				w.utf8Rune(utf8.RuneError)
			default:
				w.char(c)
			}
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		if (r == utf8.RuneError && n == 1) || r == 0xFFFE || r == 0xFFFF {
			w.utf8Rune(utf8.RuneError)
		} else {
			w.str(s[i : i+n])
		}
		i += n
	}
}

// seriesClass writes the class that colours series i: its own Class, or
// series-N.
func (w *writer) seriesClass(s Series, i int) {
	if c := safeClass(s.Class); c != "" {
		w.str(c)
		return
	}
	w.str("series-")
	w.int(i % seriesClasses)
}

// safeClass returns class names with every character other than ASCII
// letters, digits, '-', '_' and single spaces made '-', and "" for none.
func safeClass(class string) string {
	b := make([]byte, 0, len(class))
	for _, f := range strings.Fields(class) {
		if len(b) > 0 {
			b = append(b, ' ')
		}
		for i := 0; i < len(f); i++ {
			switch c := f[i]; {
			case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c >= '0' && c <= '9', c == '-', c == '_':
				b = append(b, c)
			default:
				b = append(b, '-')
			}
		}
	}
	return string(b)
}

// open writes the <svg> start tag plus its <title> and <desc>.
func (w *writer) open(class, id, title, desc string, width, height int, fontSize int) {
	w.str(`<svg xmlns="http://www.w3.org/2000/svg" class="chart `)
	w.str(class)
	w.str(`" viewBox="0 0 `)
	w.int(width)
	w.char(' ')
	w.int(height)
	w.str(`" width="`)
	w.int(width)
	w.str(`" height="`)
	w.int(height)
	w.str(`" role="img" aria-labelledby="`)
	w.str(id)
	w.str(`-title `)
	w.str(id)
	w.str(`-desc" font-size="`)
	w.int(fontSize)
	w.str(`" fill="currentColor"><title id="`)
	w.str(id)
	w.str(`-title">`)
	w.text(title)
	w.str(`</title><desc id="`)
	w.str(id)
	w.str(`-desc">`)
	w.text(desc)
	w.str(`</desc>`)
}

// placeholder writes a complete, labelled SVG for a chart with no data.
func placeholder(class, id, title string, width, height, fontSize int) string {
	var w writer
	w.open(class, id, title, "No values have been recorded for this period yet.", width, height, fontSize)
	msg := emptyText
	if float64(width) < float64(len(msg))*glyphW*float64(fontSize)/12 {
		msg = "Nothing yet"
	}
	w.str(`<text class="chart-label chart-empty" text-anchor="middle"`)
	w.attr("x", float64(width)/2)
	w.attr("y", float64(height)/2+float64(fontSize)/3)
	w.char('>')
	w.text(msg)
	w.str(`</text></svg>`)
	return w.String()
}

// appendNum appends v rounded to at most one decimal place, without
// exponent or trailing zeros ("5", "5.5", "-0.3"). It is on the hot path
// (two calls per plotted point), so coordinates (0 to 1000) take a fast
// path that writes the digits directly.
func appendNum(b []byte, v float64) []byte {
	if v >= 0 && v < 999.95 {
		r := uint32(v*10 + 0.5)
		q, f := r/10, byte(r%10)
		switch {
		case q < 10:
			b = append(b, byte('0'+q))
		case q < 100:
			b = append(b, byte('0'+q/10), byte('0'+q%10))
		default:
			b = append(b, byte('0'+q/100), byte('0'+q/10%10), byte('0'+q%10))
		}
		if f != 0 {
			b = append(b, '.', '0'+f)
		}
		return b
	}
	switch {
	case math.IsNaN(v):
		return append(b, '0')
	case math.IsInf(v, 0) || math.Abs(v) >= 1e15:
		return strconv.AppendFloat(b, v, 'g', 4, 64)
	}
	r := int64(math.Round(v * 10))
	if r < 0 {
		b = append(b, '-')
		r = -r
	}
	b = strconv.AppendInt(b, r/10, 10)
	if f := r % 10; f != 0 {
		b = append(b, '.', byte('0'+f))
	}
	return b
}

// numString formats v like appendNum.
func numString(v float64) string { return string(appendNum(nil, v)) }
