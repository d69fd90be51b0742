package report

import (
	_ "embed"
	"encoding/binary"
	"errors"
	"strings"
	"sync"
)

// The PDF's font: DejaVu Sans, regular and bold, unmodified, under the
// Bitstream Vera licence (fonts/LICENSE). It is in the binary, so a
// report looks the same on every server, and it covers the accents and
// alphabets of most European languages. The PDF holds only the glyphs a
// report uses.
var (
	//go:embed fonts/DejaVuSans.ttf
	fontRegular []byte
	//go:embed fonts/DejaVuSans-Bold.ttf
	fontBold []byte
)

// coverage is the set of characters of the Basic Multilingual Plane the
// font has a glyph for, read once from its cmap. The PDF library draws
// nothing else: it knows only that plane, and a character past it (most
// emoji) would break it.
var coverage = sync.OnceValues(func() (*[1 << 16]bool, error) { return cmap4(fontRegular) })

// cmap4 reads the characters a TrueType font maps to a glyph from its
// Windows Unicode BMP cmap subtable (platform 3, encoding 1, format 4).
func cmap4(font []byte) (*[1 << 16]bool, error) {
	bad := errors.New("report: the font has no readable Unicode cmap")
	u16 := func(at int) (int, bool) {
		if at < 0 || at+2 > len(font) {
			return 0, false
		}
		return int(binary.BigEndian.Uint16(font[at:])), true
	}
	u32 := func(at int) (int, bool) {
		if at < 0 || at+4 > len(font) {
			return 0, false
		}
		return int(binary.BigEndian.Uint32(font[at:])), true
	}
	tables, _ := u16(4)
	cmap := -1
	for i := range tables {
		rec := 12 + 16*i
		if rec+16 <= len(font) && string(font[rec:rec+4]) == "cmap" {
			cmap, _ = u32(rec + 8)
		}
	}
	if cmap < 0 {
		return nil, bad
	}
	n, _ := u16(cmap + 2)
	sub := -1
	for i := range n {
		rec := cmap + 4 + 8*i
		platform, _ := u16(rec)
		encoding, _ := u16(rec + 2)
		off, ok := u32(rec + 4)
		if format, _ := u16(cmap + off); ok && platform == 3 && encoding == 1 && format == 4 {
			sub = cmap + off
		}
	}
	if sub < 0 {
		return nil, bad
	}
	segs, ok := u16(sub + 6)
	segs /= 2
	if !ok || segs == 0 {
		return nil, bad
	}
	ends, starts := sub+14, sub+16+2*segs
	deltas, ranges := starts+2*segs, starts+4*segs
	var has [1 << 16]bool
	for i := range segs {
		end, ok1 := u16(ends + 2*i)
		start, ok2 := u16(starts + 2*i)
		delta, ok3 := u16(deltas + 2*i)
		rng, ok4 := u16(ranges + 2*i)
		if !ok1 || !ok2 || !ok3 || !ok4 {
			return nil, bad
		}
		for c := start; c <= end && c < 0xFFFF; c++ {
			glyph := (c + delta) & 0xFFFF
			if rng != 0 {
				g, ok := u16(ranges + 2*i + rng + 2*(c-start))
				if !ok {
					return nil, bad
				}
				glyph = 0
				if g != 0 {
					glyph = (g + delta) & 0xFFFF
				}
			}
			has[c] = glyph != 0
		}
	}
	return &has, nil
}

// printable returns s with what the font cannot draw replaced: each run
// of characters it has no glyph for (an emoji, with its joiners and
// variation selectors) becomes one missing, and control characters other
// than line breaks go. Tabs become spaces.
func printable(s, missing string) string {
	has, err := coverage()
	if err != nil {
		return s // the font was checked at start-up (NewBuilder)
	}
	ok := func(r rune) bool { return r == '\n' || r >= 0x20 && r < 0xFFFF && has[r] && !invisible(r) }
	if !strings.ContainsFunc(s, func(r rune) bool { return !ok(r) }) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	gap := false // the last thing written stands for characters left out
	for _, r := range s {
		switch {
		case r == '\t':
			b.WriteString("    ")
			gap = false
		case ok(r):
			b.WriteRune(r)
			gap = false
		case invisible(r):
			// a joiner or selector belongs to the character before it
		case r < 0x20 || r == 0x7f:
			// a control character shows nothing
		case !gap:
			b.WriteString(missing)
			gap = true
		}
	}
	return b.String()
}

// invisible reports whether r only joins or varies the characters around
// it: zero-width joiners, variation selectors, the keycap mark.
func invisible(r rune) bool {
	return r == 0x200D || r == 0x200C || r >= 0xFE00 && r <= 0xFE0F || r == 0x20E3 || r >= 0xE0100 && r <= 0xE01EF
}
